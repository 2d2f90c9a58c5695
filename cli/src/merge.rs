//! Repeated findings in what the CLI read: merged by the workspace store, as the page merges them,
//! unless the analyst asked for every copy.

use findlens_core::workspace::{Placement, Store};
use findlens_core::Finding;

/// The findings read, each with the input it came from and how many other copies of it were
/// merged into it. Merging is the workspace store's (the page's), not a second rule here.
pub struct Collected {
    pub findings: Vec<(String, Finding, usize)>,
    /// Findings read that were merged into one read before (the sum of the copies).
    pub repeated: usize,
}

pub fn collect(batches: Vec<(String, Vec<Finding>)>, merge: bool) -> Collected {
    if !merge {
        let findings =
            batches.into_iter().flat_map(|(name, fs)| fs.into_iter().map(move |f| (name.clone(), f, 0))).collect();
        return Collected { findings, repeated: 0 };
    }
    let mut store = Store::default();
    let mut sources: Vec<String> = Vec::new();
    let mut copies: Vec<usize> = Vec::new();
    for (name, batch) in batches {
        for placement in store.merge(batch).placements {
            match placement {
                Placement::New(_) => {
                    sources.push(name.clone());
                    copies.push(0);
                }
                Placement::Replaced(i) | Placement::KeptOlder(i) => {
                    if let (Some(source), Some(n)) = (sources.get_mut(i), copies.get_mut(i)) {
                        if matches!(placement, Placement::Replaced(_)) {
                            source.clone_from(&name);
                        }
                        *n += 1;
                    }
                }
            }
        }
    }
    let repeated = copies.iter().sum();
    let findings = sources.into_iter().zip(store.into_findings()).zip(copies).map(|((s, f), n)| (s, f, n)).collect();
    Collected { findings, repeated }
}
