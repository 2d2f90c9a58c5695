//! What the page holds: the loaded findings (deduplicated by the core's `workspace::merge`), one
//! precomputed list row per finding, each guide's step ids, one report per load, and the state of
//! a load in progress. State only: the views read it from context.
//!
//! Loads only ever add: a later load that fails, or holds problems, never removes what an earlier
//! load showed. Only "Clear" does. Findings live in this tab only; a reload starts empty.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use findlens_core::workspace::{merge, Row};
use findlens_core::{guide, Finding, Guide};
use leptos::prelude::*;

use crate::loader::Input;

/// The loaded findings and their rows, index for index.
#[derive(Default)]
pub struct Store {
    pub findings: Vec<Finding>,
    pub rows: Vec<Row>,
    /// Identity (ARN, else ID) → index, for telling where a merged finding landed.
    by_identity: HashMap<String, usize>,
    /// Bumped for an index whose finding was replaced by a newer copy, so views keyed on it rebuild.
    pub generation: Vec<u32>,
}

impl Store {
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}

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
    /// The stable step ids of each finding's guide, by index, built when its row is first shown:
    /// the list's "2/7" needs them. Whole guides are built only when a finding is opened.
    step_ids: StoredValue<HashMap<usize, Arc<[String]>>>,
    /// Changes when step ids were built in the background.
    steps_version: RwSignal<u64>,
    /// Rows waiting for their step ids, and whether the builder is running.
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
            step_ids: StoredValue::new(HashMap::new()),
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
        let built = self.store.with_untracked(|s| s.findings.get(index).map(|f| Arc::new(guide::build(f))))?;
        self.step_ids.update_value(|ids| {
            ids.entry(index).or_insert_with(|| step_ids(&built));
        });
        Some(built)
    }

    /// The step ids of the finding's guide when they are known. When they are not, they are built
    /// in the background (a guide takes about a millisecond: a screenful of rows would be a long
    /// task) and `steps_version` changes when they are ready.
    pub fn steps(self, index: usize) -> Option<Arc<[String]>> {
        self.steps_version.track();
        if let Some(ids) = self.step_ids.with_value(|ids| ids.get(&index).cloned()) {
            return Some(ids);
        }
        self.pending_steps.update_value(|p| {
            if !p.contains(&index) {
                p.push(index);
            }
        });
        if !self.steps_worker.get_value() {
            self.steps_worker.set_value(true);
            leptos::task::spawn_local(self.build_steps());
        }
        None
    }

    /// Builds pending step ids, newest request first (the rows on screen now), a slice of time at
    /// a time.
    async fn build_steps(self) {
        // Not in the task that asked: that one is busy rendering the rows.
        crate::loader::yield_to_browser().await;
        let mut clock = crate::loader::Clock::new();
        while let Some(index) = self.pending_steps.try_update_value(Vec::pop).flatten() {
            let known = self.step_ids.with_value(|ids| ids.contains_key(&index));
            if !known {
                if let Some(ids) =
                    self.store.with_untracked(|s| s.findings.get(index).map(|f| step_ids(&guide::build(f))))
                {
                    self.step_ids.update_value(|all| {
                        all.insert(index, ids);
                    });
                }
            }
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
        self.store.update_untracked(|s| {
            s.findings.reserve(n);
            s.rows.reserve(n);
            s.generation.reserve(n);
        });
    }

    /// Merges part of a load into the store without telling the views (so a load of thousands can
    /// be merged a slice at a time); [`Workspace::finish_load`] tells them. `rows[i]` is the row of
    /// `findings[i]`. Returns the number of duplicates and where each finding landed.
    pub fn merge_part(self, findings: Vec<Finding>, rows: Vec<Row>) -> (usize, Vec<usize>) {
        let (duplicates, landed) =
            self.store.try_update_untracked(|store| add(store, findings, rows)).unwrap_or_default();
        // A replaced finding's guide is rebuilt from the newer copy.
        self.step_ids.update_value(|g| {
            for i in &landed {
                g.remove(i);
            }
        });
        (duplicates, landed)
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
        self.store.set(Store::default());
        self.step_ids.update_value(HashMap::clear);
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

/// Each step id once, in guide order (a step shared by two sections is ticked once).
pub fn step_ids(g: &Guide) -> Arc<[String]> {
    let mut ids: Vec<String> = Vec::new();
    for step in g.sections.iter().flat_map(|s| &s.steps) {
        if !ids.contains(&step.id) {
            ids.push(step.id.clone());
        }
    }
    ids.into()
}

fn epoch(f: &Finding) -> Option<i64> {
    f.updated_at.as_ref().and_then(|t| t.epoch_ms)
}

/// Merges `incoming` into the store with the core's [`merge`] and puts each incoming row where its
/// finding landed. Returns the number of duplicates and the index of every incoming finding
/// (where it is now, whether or not it won).
///
/// `merge` keeps, per identity, the copy with the newest `updatedAt`, the one loaded last on a tie;
/// so the copy kept at an index is the last candidate (the one there before, then the incoming ones
/// in order) whose `updatedAt` equals the kept one's. Rows follow that rule instead of being
/// recomputed, which for a re-loaded export of thousands would block the page.
fn add(store: &mut Store, incoming: Vec<Finding>, mut rows: Vec<Row>) -> (usize, Vec<usize>) {
    debug_assert_eq!(incoming.len(), rows.len());
    let old_len = store.findings.len();
    let meta: Vec<(Option<String>, Option<i64>)> =
        incoming.iter().map(|f| (f.identity().map(str::to_owned), epoch(f))).collect();
    let report = merge(&mut store.findings, incoming);

    // Where each incoming finding landed: an existing index, or the next new one.
    let mut next = old_len;
    let mut batch: HashMap<&str, usize> = HashMap::new();
    let mut at = Vec::with_capacity(meta.len());
    for (identity, _) in &meta {
        let index = match identity {
            Some(k) => match store.by_identity.get(k).or_else(|| batch.get(k.as_str())) {
                Some(&i) => i,
                None => {
                    batch.insert(k, next);
                    next += 1;
                    next - 1
                }
            },
            None => {
                next += 1;
                next - 1
            }
        };
        at.push(index);
    }
    let consistent = next == store.findings.len();
    // The winner per index: the last incoming copy with the kept copy's `updatedAt`.
    let mut winner: HashMap<usize, usize> = HashMap::new();
    if consistent {
        for (j, (&i, (_, when))) in at.iter().zip(&meta).enumerate() {
            if store.findings.get(i).is_some_and(|f| epoch(f) == *when) {
                winner.insert(i, j);
            }
        }
    }
    let mut rows: Vec<Option<Row>> = rows.drain(..).map(Some).collect();
    let mut take = |i: usize| winner.get(&i).and_then(|&j| rows.get_mut(j)).and_then(Option::take);
    for i in 0..old_len {
        if let Some(row) = take(i) {
            store.rows[i] = row;
            store.generation[i] = store.generation[i].wrapping_add(1);
        }
    }
    for i in old_len..store.findings.len() {
        // Every new index has a winner; recomputing is only a safety net.
        let row = take(i).unwrap_or_else(|| Row::new(&store.findings[i]));
        store.rows.push(row);
        store.generation.push(0);
    }
    for (i, f) in store.findings.iter().enumerate().skip(old_len) {
        if let Some(k) = f.identity() {
            store.by_identity.insert(k.to_owned(), i);
        }
    }
    if !consistent {
        // Should the core's merge ever place findings differently, recompute what may be stale.
        for i in at.iter().copied().filter(|&i| i < store.findings.len()) {
            store.rows[i] = Row::new(&store.findings[i]);
            store.generation[i] = store.generation[i].wrapping_add(1);
        }
    }
    (report.duplicates, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, updated: &str, title: &str) -> Finding {
        let json = format!(r#"{{"type":"Recon:EC2/Portscan","id":"{id}","updatedAt":"{updated}","title":"{title}"}}"#);
        findlens_core::read(json.as_bytes()).findings.remove(0)
    }

    fn load(store: &mut Store, findings: Vec<Finding>) -> (usize, Vec<usize>) {
        let rows = findings.iter().map(Row::new).collect();
        add(store, findings, rows)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn rows_follow_the_kept_copy() {
        let mut s = Store::default();
        load(&mut s, vec![finding("a", "2026-01-02T00:00:00Z", "a-new"), finding("b", "2026-01-01T00:00:00Z", "b")]);
        let (dups, at) = load(
            &mut s,
            vec![
                finding("a", "2026-01-01T00:00:00Z", "a-old"),
                finding("c", "2026-01-01T00:00:00Z", "c"),
                finding("b", "2026-02-01T00:00:00Z", "b-newer"),
                finding("c", "2026-01-01T00:00:00Z", "c-again"),
            ],
        );
        assert_eq!(dups, 3);
        assert_eq!(at, [0, 2, 1, 2]);
        let titles: Vec<&str> = s.rows.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["a-new", "b-newer", "c-again"]);
        for (f, r) in s.findings.iter().zip(&s.rows) {
            assert_eq!(f.title.as_deref(), Some(r.title.as_str()));
        }
        assert_eq!(s.generation, [0, 1, 0]);
    }
}
