//! The loaded findings as one store: the findings (one per identity), one list row each, the
//! identity index (kept between loads), per-finding and store-wide generations, the facets, and
//! each guide's step IDs once they are asked for. The app keeps a store in a signal and renders
//! what it answers; the decisions are all here.

mod merge;

pub use merge::{merge_note, Merged, Placement, MERGE_RULE};

use std::collections::HashMap;
use std::ops::Deref;

use crate::finding::Finding;

use super::facets::Facets;
use super::filter::{self, Filter, GroupBy, Item, SortDir, SortKey};
use super::progress::Progress;
use super::row::Row;

/// The loaded findings, read-only: only the store's merge adds or replaces one.
#[derive(Debug, Clone, Default)]
pub struct Findings(Vec<Finding>);

impl Deref for Findings {
    type Target = [Finding];

    fn deref(&self) -> &[Finding] {
        &self.0
    }
}

/// How far a finding's checklist is: ticked steps out of its guide's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepCount {
    pub done: usize,
    pub total: usize,
}

impl StepCount {
    pub fn complete(self) -> bool {
        self.total > 0 && self.done == self.total
    }
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The findings, by index. Indices never change while the store lives (until [`Store::clear`]).
    pub findings: Findings,
    rows: Vec<Row>,
    /// Identity (ARN, else ID) → index.
    by_identity: HashMap<String, usize>,
    /// Per index: bumped when a newer copy replaces the finding, so views keyed on it rebuild.
    generations: Vec<u32>,
    /// Bumped by every merge that changed something, and by clearing.
    generation: u64,
    /// Per index: the guide's step IDs, once asked for; dropped when the finding is replaced.
    steps: Vec<Option<Box<[String]>>>,
    facets: Facets,
}

impl Store {
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn finding(&self, index: usize) -> Option<&Finding> {
        self.findings.get(index)
    }

    pub fn row(&self, index: usize) -> Option<&Row> {
        self.rows.get(index)
    }

    /// Every row, index for index with the findings.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The index of the finding with this identity (ARN, else ID).
    pub fn index_of(&self, identity: &str) -> Option<usize> {
        self.by_identity.get(identity).copied()
    }

    /// The store's generation: it changes whenever findings are added, replaced or cleared.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The generation of the finding at `index`: it changes when a newer copy replaces it.
    pub fn generation_of(&self, index: usize) -> Option<u32> {
        self.generations.get(index).copied()
    }

    /// Makes room for `n` more findings, so adding them does not move the ones loaded.
    pub fn reserve(&mut self, n: usize) {
        self.findings.0.reserve(n);
        self.rows.reserve(n);
        self.generations.reserve(n);
        self.steps.reserve(n);
    }

    /// The findings, by index, for a caller that is done with the store (the CLI renders them).
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings.0
    }

    /// Removes every finding. The generation keeps counting up.
    pub fn clear(&mut self) {
        let generation = self.generation + 1;
        *self = Store { generation, ..Store::default() };
    }

    /// Removes every finding and hands them back as a store of their own (to undo a clear by
    /// putting it back). The generation keeps counting up here, as with [`Store::clear`].
    pub fn take(&mut self) -> Store {
        let generation = self.generation + 1;
        std::mem::replace(self, Store { generation, ..Store::default() })
    }

    /// The values the filters offer, kept up to date by every merge.
    pub fn facets(&self) -> &Facets {
        &self.facets
    }

    /// Every index, sorted by a column; ties keep load order.
    pub fn sorted(&self, key: SortKey, dir: SortDir) -> Vec<usize> {
        filter::sort(&self.rows, key, dir)
    }

    /// The indices of `order` whose rows match the filter, in that order.
    pub fn filtered(&self, f: &Filter, order: &[usize]) -> Vec<usize> {
        f.apply(&self.rows, order)
    }

    /// Indices (filtered and sorted) under group labels, groups in order of first appearance.
    pub fn grouped(&self, indices: &[usize], by: GroupBy) -> Vec<(String, Vec<usize>)> {
        filter::group(&self.rows, indices, by)
    }

    /// The list's lines for these indices: group headings and findings.
    pub fn items(&self, indices: &[usize], by: GroupBy) -> Vec<Item> {
        filter::items(&self.rows, indices, by)
    }

    /// The step IDs of a finding's guide, each once, in guide order, without building the rest of
    /// the guide.
    pub fn step_ids(f: &Finding) -> Vec<String> {
        crate::guide::step_ids::of(f)
    }

    /// The step IDs of the finding at `index`, when they were worked out already.
    pub fn steps(&self, index: usize) -> Option<&[String]> {
        self.steps.get(index)?.as_deref()
    }

    /// Works out the step IDs of the finding at `index` unless known. Returns whether they are
    /// known now (false only for an index out of range).
    pub fn fill_steps(&mut self, index: usize) -> bool {
        let Some(f) = self.findings.0.get(index) else { return false };
        if self.steps[index].is_none() {
            self.steps[index] = Some(Store::step_ids(f).into());
        }
        true
    }

    /// How far the checklist of the finding at `index` is, when its step IDs are known.
    pub fn progress(&self, index: usize, progress: &Progress) -> Option<StepCount> {
        let steps = self.steps(index)?;
        let key = self.rows.get(index)?.key.as_str();
        Some(StepCount { done: progress.count(key, steps.iter().map(String::as_str)), total: steps.len() })
    }

    /// How far every finding's checklist is, by index, working out step IDs not known yet.
    pub fn progress_counts(&mut self, progress: &Progress) -> Vec<StepCount> {
        (0..self.len())
            .filter_map(|i| {
                self.fill_steps(i);
                self.progress(i, progress)
            })
            .collect()
    }
}
