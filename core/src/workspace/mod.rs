//! The analyst's workspace as data: the loaded findings (deduplicated), one list row per finding,
//! filtering, sorting and grouping, and saved checklist progress. The app keeps these in signals
//! and renders them; all the logic is here, tested natively.

mod filter;
mod progress;
mod row;

pub use filter::{group, sort, Filter, GroupBy, SortDir, SortKey};
pub use progress::{Progress, ProgressError};
pub use row::Row;

use crate::finding::Finding;

/// What merging a load into the workspace did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MergeReport {
    pub added: usize,
    /// Already loaded; the copy with the newer `updatedAt` was kept.
    pub duplicates: usize,
}

/// Adds findings, keeping one per identity (ARN, else ID): the one with the newer `updatedAt` (on a tie or without
/// times, the one loaded last). Positions of findings already loaded do not change.
pub fn merge(into: &mut Vec<Finding>, new: Vec<Finding>) -> MergeReport {
    let mut index: std::collections::HashMap<String, usize> =
        into.iter().enumerate().filter_map(|(i, f)| Some((f.identity()?.to_owned(), i))).collect();
    let mut report = MergeReport::default();
    for f in new {
        match f.identity().and_then(|k| index.get(k)) {
            Some(&i) => {
                report.duplicates += 1;
                let old = into[i].updated_at.as_ref().and_then(|t| t.epoch_ms);
                let newer = f.updated_at.as_ref().and_then(|t| t.epoch_ms);
                if newer >= old {
                    into[i] = f;
                }
            }
            None => {
                if let Some(k) = f.identity() {
                    index.insert(k.to_owned(), into.len());
                }
                into.push(f);
                report.added += 1;
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, updated: &str, title: &str) -> Finding {
        let json = format!(r#"{{"type":"Recon:EC2/Portscan","id":"{id}","updatedAt":"{updated}","title":"{title}"}}"#);
        crate::read(json.as_bytes()).findings.remove(0)
    }

    #[test]
    fn the_newer_copy_wins_and_keeps_its_place() {
        let mut ws = vec![finding("a", "2026-01-02T00:00:00Z", "a-new"), finding("b", "2026-01-01T00:00:00Z", "b")];
        let r = merge(
            &mut ws,
            vec![finding("a", "2026-01-01T00:00:00Z", "a-old"), finding("c", "2026-01-01T00:00:00Z", "c")],
        );
        assert_eq!(r, MergeReport { added: 1, duplicates: 1 });
        assert_eq!(ws.iter().map(|f| f.title.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["a-new", "b", "c"]);
        merge(&mut ws, vec![finding("b", "2026-03-01T00:00:00Z", "b-newer")]);
        assert_eq!(ws[1].title.as_deref(), Some("b-newer"));
        // Findings with neither ARN nor ID are never taken for one another.
        let anon = || crate::read(br#"{"type":"Recon:EC2/Portscan"}"#).findings.remove(0);
        let r = merge(&mut ws, vec![anon(), anon()]);
        assert_eq!(r, MergeReport { added: 2, duplicates: 0 });
    }
}
