//! What the page holds: the findings shown (each with its guide, built once when it was loaded) and
//! one report per load. State only: the views read it from context.
//!
//! Loads only ever add: a later load that fails, or holds problems, never removes what an earlier
//! load showed. Only "Clear" does.

use std::sync::Arc;

use findlens_core::{guide, Finding, Guide};
use leptos::prelude::*;

/// One finding on the page.
#[derive(Debug)]
pub struct Shown {
    /// Unique per card for the page's lifetime: a finding replaced by a newer copy gets a new one,
    /// so its card is rebuilt.
    pub uid: u64,
    pub finding: Finding,
    pub guide: Guide,
}

/// How one load went, for the status region.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    pub uid: u64,
    /// "Pasted text" or the file's name.
    pub source: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The paste box was empty: nothing was read.
    EmptyPaste,
    /// The file could not be read by the browser.
    Unreadable(String),
    /// The core read the input.
    Read {
        findings: usize,
        /// Findings already shown (same ARN or ID): the newer copy is kept.
        duplicates: usize,
        gzipped: bool,
        /// Each problem's text, with its line and column where it has them.
        problems: Vec<String>,
        notes: Vec<String>,
    },
    /// "Clear" removed this many findings.
    Cleared(usize),
}

/// The page's state, shared by context. `Copy`: the signals live in Leptos's arena.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// Newest load first; within a load, in the input's order.
    pub shown: RwSignal<Vec<Arc<Shown>>>,
    /// Newest first.
    pub loads: RwSignal<Vec<LoadReport>>,
    /// Set while files are being read, to say so.
    pub busy: RwSignal<Option<String>>,
    next_uid: StoredValue<u64>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            shown: RwSignal::new(Vec::new()),
            loads: RwSignal::new(Vec::new()),
            busy: RwSignal::new(None),
            next_uid: StoredValue::new(0),
        }
    }

    fn uid(self) -> u64 {
        let mut id = 0;
        self.next_uid.update_value(|n| {
            *n += 1;
            id = *n;
        });
        id
    }

    /// Reads `bytes` (JSON, JSON Lines, gzip: the core detects which) and adds what it holds.
    pub fn load(self, source: impl Into<String>, bytes: &[u8]) {
        let loaded = findlens_core::read(bytes);
        let findings = loaded.findings.len();
        let problems = loaded.problems.iter().map(ToString::to_string).collect();
        let incoming: Vec<Shown> = loaded
            .findings
            .into_iter()
            .map(|finding| {
                let guide = guide::build(&finding);
                Shown { uid: self.uid(), finding, guide }
            })
            .collect();
        let mut duplicates = 0;
        self.shown.update(|shown| duplicates = merge(shown, incoming));
        let outcome = Outcome::Read { findings, duplicates, gzipped: loaded.gzipped, problems, notes: loaded.notes };
        self.report(source.into(), outcome);
    }

    /// Reads pasted text; an empty paste says so instead of reporting a parse error.
    pub fn load_paste(self, text: &str) {
        if text.trim().is_empty() {
            self.report("Pasted text".into(), Outcome::EmptyPaste);
        } else {
            self.load("Pasted text", text.as_bytes());
        }
    }

    /// A file the browser could not read.
    pub fn unreadable(self, source: String, why: String) {
        self.report(source, Outcome::Unreadable(why));
    }

    /// Removes every finding and the earlier load reports.
    pub fn clear(self) {
        let removed = self.shown.with_untracked(Vec::len);
        self.shown.set(Vec::new());
        self.loads.set(Vec::new());
        self.report("Clear".into(), Outcome::Cleared(removed));
    }

    fn report(self, source: String, outcome: Outcome) {
        let report = LoadReport { uid: self.uid(), source, outcome };
        self.loads.update(|loads| loads.insert(0, report));
    }
}

/// Adds `incoming` in front of `shown`, keeping one card per finding: a finding with the same ARN
/// (or ID) as one already shown replaces it in place when it is at least as new (`updatedAt`), and is
/// dropped otherwise. Findings with neither ARN nor ID are never merged: their type is no identity.
/// Returns how many were duplicates.
fn merge(shown: &mut Vec<Arc<Shown>>, incoming: Vec<Shown>) -> usize {
    let mut fresh: Vec<Arc<Shown>> = Vec::with_capacity(incoming.len());
    let mut duplicates = 0;
    for item in incoming {
        let Some(key) = identity(&item.finding) else {
            fresh.push(Arc::new(item));
            continue;
        };
        let same = |s: &Arc<Shown>| identity(&s.finding) == Some(key);
        let slot = match fresh.iter().position(same) {
            Some(i) => Some(&mut fresh[i]),
            None => shown.iter().position(same).map(|i| &mut shown[i]),
        };
        match slot {
            Some(old) => {
                duplicates += 1;
                if at_least_as_new(&item.finding, &old.finding) {
                    *old = Arc::new(item);
                }
            }
            None => fresh.push(Arc::new(item)),
        }
    }
    shown.splice(0..0, fresh);
    duplicates
}

fn identity(f: &Finding) -> Option<&str> {
    f.arn.as_deref().or(f.id.as_deref()).filter(|k| !k.is_empty())
}

fn at_least_as_new(new: &Finding, old: &Finding) -> bool {
    let ms = |f: &Finding| f.updated_at.as_ref().and_then(|t| t.epoch_ms);
    match (ms(new), ms(old)) {
        (Some(a), Some(b)) => a >= b,
        (None, Some(_)) => false,
        _ => true,
    }
}
