//! What the page holds: the core's [`Store`] of loaded findings (merged, one list row each, with
//! facets and step IDs), one report per load, and the state of a load in progress. State only: the
//! views read it from context, and every decision about the findings is the store's.
//!
//! Loads only ever add: a later load that fails, or holds problems, never removes what an earlier
//! load showed. Only "Clear" does, and it can be undone until the next load. Findings live in this
//! tab only; a reload starts empty (the URL keeps the view, see `nav`).

use std::collections::VecDeque;
use std::sync::Arc;

use findlens_core::workspace::{OpenFinding, Progress, Row, StepCount, Store};
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
        /// How the input was read where it is not plain JSON (comments ignored).
        warnings: Vec<String>,
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

/// What "Clear all" removed: the whole store and the load reports, and whether the samples link
/// had loaded them.
pub struct Cleared {
    store: Store,
    loads: Vec<LoadReport>,
    selected: Option<usize>,
    samples: bool,
}

impl Cleared {
    /// How many findings "Undo" brings back.
    pub fn len(&self) -> usize {
        self.store.len()
    }
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
    /// The built-in samples were loaded by the `#samples` link (kept in the URL until "Clear").
    pub samples: RwSignal<bool>,
    /// The finding a link or reload names, waiting for the first load to bring it.
    pub pending: RwSignal<Option<OpenFinding>>,
    /// What "Clear all" removed, kept for "Undo" until the next load.
    pub cleared: RwSignal<Option<Cleared>, LocalStorage>,
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
            samples: RwSignal::new(false),
            pending: RwSignal::new(None),
            cleared: RwSignal::new_local(None),
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
        // A new load: what "Clear all" removed is gone for good.
        if self.cleared.with_untracked(Option::is_some) {
            self.cleared.set(None);
        }
        let merged = self.store.try_update_untracked(|s| s.merge_rows(findings.into_iter().zip(rows)));
        merged.map_or_else(Default::default, |m| (m.duplicates(), m.placements.iter().map(|p| p.index()).collect()))
    }

    /// Shows what the merged parts added, and reports the load.
    /// Opens the finding a link named, when this load brought it (the first load only).
    pub fn finish_load(self, source: String, outcome: Outcome) {
        self.store.notify();
        self.report(source, outcome);
        if let Some(wanted) = self.pending.try_update(Option::take).flatten() {
            if let Some(index) = self.store.with_untracked(|s| Self::resolve(s, &wanted)) {
                self.selected.set(Some(index));
                self.view.set(View::Finding(index));
            }
        }
    }

    /// The index of the finding a URL names, when it is loaded.
    pub fn resolve(store: &Store, wanted: &OpenFinding) -> Option<usize> {
        match wanted {
            OpenFinding::Identity(id) => store.index_of(id),
            OpenFinding::Index(i) => (*i < store.len()).then_some(*i),
        }
    }

    /// How the URL names the finding at `index`: by identity, else by index.
    pub fn name_of(self, index: usize) -> OpenFinding {
        self.store
            .with(|s| s.finding(index).and_then(Finding::identity).map(str::to_owned))
            .map_or(OpenFinding::Index(index), OpenFinding::Identity)
    }

    /// Reports a load that read nothing.
    pub fn report_outcome(self, source: String, outcome: Outcome) {
        self.report(source, outcome);
    }

    /// Removes every finding and the earlier load reports, keeping them for [`Workspace::undo_clear`]
    /// until the next load. Saved progress stays.
    pub fn clear(self) {
        let kept = self.store.try_update(Store::take);
        self.pending_steps.update_value(Vec::clear);
        let selected = self.selected.get_untracked();
        self.selected.set(None);
        self.view.set(View::List);
        self.pending.set(None);
        let samples = self.samples.get_untracked();
        self.samples.set(false);
        let loads = self.loads.try_update(std::mem::take).unwrap_or_default();
        let store = kept.unwrap_or_default();
        let removed = store.len();
        self.cleared.set((removed > 0).then_some(Cleared { store, loads, selected, samples }));
        self.report("Clear".into(), Outcome::Cleared(removed));
    }

    /// Brings back what "Clear all" removed, as it was: the findings, the reports and the selection.
    pub fn undo_clear(self) {
        let Some(Cleared { store, loads, selected, samples }) = self.cleared.try_update(Option::take).flatten() else {
            return;
        };
        self.store.set(store);
        self.loads.set(loads);
        self.selected.set(selected);
        self.samples.set(samples);
        self.view.set(View::List);
    }

    fn report(self, source: String, outcome: Outcome) {
        let report = LoadReport { uid: self.uid(), source, outcome };
        self.loads.update(|loads| loads.insert(0, report));
    }
}
