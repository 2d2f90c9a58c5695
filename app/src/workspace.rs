//! What the page holds: the core's [`Store`] of loaded findings (merged, one list row each, with
//! facets and step IDs), one report per load, and the state of a load in progress. State only: the
//! views read it from context, and every decision about the findings is the store's.
//!
//! Loads only ever add: a later load that fails, or holds problems, never removes what an earlier
//! load showed. Only "Clear" does. Findings live in this tab only; a reload starts empty.

use std::collections::VecDeque;
use std::sync::Arc;

use findlens_core::workspace::{Progress, Row, StepCount, Store};
use findlens_core::{guide, Finding, Guide};
use leptos::prelude::*;

use crate::loader::Input;

/// How one load went, for the status region.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    pub uid: u64,
    /// "Pasted text", the file's name, or "Samples".
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
        /// Findings already loaded (same ARN or ID): the newer copy is kept.
        duplicates: usize,
        gzipped: bool,
        /// Each problem's text, with its line and column where it has them.
        problems: Vec<String>,
        /// What was skipped on purpose, and why.
        notes: Vec<String>,
    },
    /// "Clear" removed this many findings.
    Cleared(usize),
}

/// A load in progress: which input, and how far (0.0 to 1.0).
#[derive(Debug, Clone, PartialEq)]
pub struct Busy {
    pub source: String,
    pub fraction: f64,
    /// Inputs still waiting after this one.
    pub queued: usize,
}

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The load panel and the findings list.
    List,
    /// One finding (its index in the store).
    Finding(usize),
}

/// The page's state, shared by context. `Copy`: the signals live in Leptos's arena.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub store: RwSignal<Store>,
    /// Newest first.
    pub loads: RwSignal<Vec<LoadReport>>,
    pub busy: RwSignal<Option<Busy>>,
    pub view: RwSignal<View>,
    /// The list's selected finding (its index in the store).
    pub selected: RwSignal<Option<usize>>,
    /// Changes when step IDs were worked out in the background.
    steps_version: RwSignal<u64>,
    /// Rows waiting for their step IDs, and whether the worker is running.
    pending_steps: StoredValue<Vec<usize>>,
    steps_worker: StoredValue<bool>,
    /// Inputs waiting for the load being read (`loader` reads them in order), and whether one is.
    pub(crate) queue: StoredValue<VecDeque<Input>, LocalStorage>,
    pub(crate) loading: StoredValue<bool>,
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
            store: RwSignal::new(Store::default()),
            loads: RwSignal::new(Vec::new()),
            busy: RwSignal::new(None),
            view: RwSignal::new(View::List),
            selected: RwSignal::new(None),
            steps_version: RwSignal::new(0),
            pending_steps: StoredValue::new(Vec::new()),
            steps_worker: StoredValue::new(false),
            queue: StoredValue::new_local(VecDeque::new()),
            loading: StoredValue::new(false),
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

    /// The guide of the finding at `index`.
    pub fn guide(self, index: usize) -> Option<Arc<Guide>> {
        self.store.with_untracked(|s| s.finding(index).map(|f| Arc::new(guide::build(f))))
    }

    /// How far the checklist of the finding at `index` is, when the store knows its step IDs. When
    /// it does not, they are worked out in the background (a screenful of rows at once would be a
    /// long task) and `steps_version` changes when they are ready.
    pub fn step_count(self, index: usize, progress: &Progress) -> Option<StepCount> {
        self.steps_version.track();
        if let Some(count) = self.store.with_untracked(|s| s.progress(index, progress)) {
            return Some(count);
        }
        self.pending_steps.update_value(|p| {
            if !p.contains(&index) {
                p.push(index);
            }
        });
        if !self.steps_worker.get_value() {
            self.steps_worker.set_value(true);
            leptos::task::spawn_local(self.fill_steps());
        }
        None
    }

    /// Has the store work out pending step IDs, newest request first (the rows on screen now), a
    /// slice of time at a time.
    async fn fill_steps(self) {
        // Not in the task that asked: that one is busy rendering the rows.
        crate::loader::yield_to_browser().await;
        let mut clock = crate::loader::Clock::new();
        while let Some(index) = self.pending_steps.try_update_value(Vec::pop).flatten() {
            self.store.update_untracked(|s| {
                s.fill_steps(index);
            });
            if clock.due() {
                self.steps_version.update(|v| *v += 1);
                clock.pause().await;
            }
        }
        self.steps_worker.set_value(false);
        self.steps_version.update(|v| *v += 1);
    }

    /// Makes room for `n` more findings, so adding them never moves the ones already loaded.
    pub fn reserve(self, n: usize) {
        self.store.update_untracked(|s| s.reserve(n));
    }

    /// Merges part of a load into the store without telling the views (so a load of thousands can
    /// be merged a slice at a time); [`Workspace::finish_load`] tells them. `rows[i]` is the row of
    /// `findings[i]`. Returns the number of duplicates and where each finding landed, as the
    /// store's merge placed them.
    pub fn merge_part(self, findings: Vec<Finding>, rows: Vec<Row>) -> (usize, Vec<usize>) {
        let merged = self.store.try_update_untracked(|s| s.merge_rows(findings.into_iter().zip(rows)));
        merged.map_or_else(Default::default, |m| (m.duplicates(), m.placements.iter().map(|p| p.index()).collect()))
    }

    /// Shows what the merged parts added, and reports the load.
    pub fn finish_load(self, source: String, outcome: Outcome) {
        self.store.notify();
        self.report(source, outcome);
    }

    /// Reports a load that read nothing.
    pub fn report_outcome(self, source: String, outcome: Outcome) {
        self.report(source, outcome);
    }

    /// Removes every finding and the earlier load reports. Saved progress stays.
    pub fn clear(self) {
        let removed = self.store.with_untracked(Store::len);
        self.store.update(Store::clear);
        self.pending_steps.update_value(Vec::clear);
        self.selected.set(None);
        self.view.set(View::List);
        self.loads.set(Vec::new());
        self.report("Clear".into(), Outcome::Cleared(removed));
    }

    fn report(self, source: String, outcome: Outcome) {
        let report = LoadReport { uid: self.uid(), source, outcome };
        self.loads.update(|loads| loads.insert(0, report));
    }
}
