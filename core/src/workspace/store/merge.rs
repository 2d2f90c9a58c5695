//! Merging a load into the store: one finding per identity (ARN, else ID), the newer `updatedAt`
//! winning, and a report of where each incoming finding landed.

use crate::finding::Finding;

use super::super::row::Row;
use super::Store;

/// How repeated findings are merged, in the words every view uses to say why it showed fewer
/// findings than it read.
pub const MERGE_RULE: &str = "one finding per ARN, or per ID when a finding has no ARN; of its copies, the one with the newest updatedAt is kept (on a tie, the one read last)";

/// The sentence a view shows after merging `repeated` incoming copies into findings already read,
/// or `None` when nothing was repeated.
pub fn merge_note(repeated: usize) -> Option<String> {
    match repeated {
        0 => None,
        1 => Some(format!("1 repeated copy of a finding was merged: {MERGE_RULE}")),
        n => Some(format!("{n} repeated copies of findings were merged: {MERGE_RULE}")),
    }
}

/// Where one incoming finding landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Not loaded before: added at this index.
    New(usize),
    /// Already loaded at this index, and this copy is as new or newer: it replaced the one there.
    Replaced(usize),
    /// Already loaded at this index in a newer copy, which was kept.
    KeptOlder(usize),
}

impl Placement {
    /// The index of the finding's identity in the store, whichever copy is kept there.
    pub fn index(self) -> usize {
        match self {
            Placement::New(i) | Placement::Replaced(i) | Placement::KeptOlder(i) => i,
        }
    }
}

/// What merging a batch did: each incoming finding's placement, in order, and their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    pub placements: Vec<Placement>,
    pub added: usize,
    pub replaced: usize,
    pub kept_older: usize,
}

impl Merged {
    /// Incoming findings that were loaded already (replaced or not).
    pub fn duplicates(&self) -> usize {
        self.replaced + self.kept_older
    }
}

fn updated(f: &Finding) -> Option<i64> {
    f.updated_at.as_ref().and_then(|t| t.epoch_ms)
}

impl Store {
    /// Merges findings, computing each one's row.
    pub fn merge(&mut self, findings: Vec<Finding>) -> Merged {
        self.merge_rows(findings.into_iter().map(|f| {
            let row = Row::new(&f);
            (f, row)
        }))
    }

    /// Merges findings with rows already computed (a caller that spreads the work over time),
    /// each row the one of its finding. A finding whose identity is loaded replaces the copy there
    /// when its `updatedAt` is as new or newer (on a tie, or without times, the one loaded last
    /// wins); findings with neither ARN nor ID are never taken for one another. Positions of
    /// findings already loaded never change.
    pub fn merge_rows(&mut self, incoming: impl IntoIterator<Item = (Finding, Row)>) -> Merged {
        let mut out = Merged::default();
        for (f, row) in incoming {
            let at = f.identity().and_then(|k| self.by_identity.get(k)).copied();
            let placement = match at {
                Some(i) if i < self.findings.0.len() => {
                    if updated(&f) >= updated(&self.findings.0[i]) {
                        self.facets.remove(&self.rows[i]);
                        self.facets.add(&row);
                        self.findings.0[i] = f;
                        self.rows[i] = row;
                        self.generations[i] = self.generations[i].wrapping_add(1);
                        self.steps[i] = None;
                        out.replaced += 1;
                        Placement::Replaced(i)
                    } else {
                        out.kept_older += 1;
                        Placement::KeptOlder(i)
                    }
                }
                _ => {
                    let i = self.findings.0.len();
                    if let Some(k) = f.identity() {
                        self.by_identity.insert(k.to_owned(), i);
                    }
                    self.facets.add(&row);
                    self.findings.0.push(f);
                    self.rows.push(row);
                    self.generations.push(0);
                    self.steps.push(None);
                    out.added += 1;
                    Placement::New(i)
                }
            };
            out.placements.push(placement);
        }
        if out.added + out.replaced > 0 {
            self.generation += 1;
        }
        out
    }
}
