//! The list's state, shared by context so the page's global keys can reach it: the filter, the
//! sort and the grouping the analyst chose, and what the store answers for them.

use findlens_core::workspace::view_state::DEFAULT_SORT;
use findlens_core::workspace::{Filter, GroupBy, Item, SortDir, SortKey, ViewState};
use leptos::html;
use leptos::prelude::*;

use super::ROW_H;
use crate::workspace::{View, Workspace};

/// The list's state, shared by context so the page's global keys can reach it.
#[derive(Clone, Copy)]
pub struct ListState {
    pub(super) ws: Workspace,
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<(SortKey, SortDir)>,
    pub group_by: RwSignal<GroupBy>,
    /// Filtered and sorted row indices.
    pub shown: Memo<Vec<usize>>,
    /// What the table shows, group headings included.
    pub items: Memo<Vec<Item>>,
    pub(super) scroll_top: RwSignal<f64>,
    pub(super) viewport: RwSignal<f64>,
    pub(super) search: NodeRef<html::Input>,
    pub(super) grid: NodeRef<html::Table>,
    pub(super) scroller: NodeRef<html::Div>,
}

impl ListState {
    pub fn new(ws: Workspace) -> ListState {
        let filter = RwSignal::new(Filter::default());
        let sort = RwSignal::new(DEFAULT_SORT);
        let group_by = RwSignal::new(GroupBy::None);
        let order = Memo::new(move |_| {
            let (key, dir) = sort.get();
            ws.store.with(|s| s.sorted(key, dir))
        });
        let shown = Memo::new(move |_| filter.with(|f| ws.store.with(|s| order.with(|order| s.filtered(f, order)))));
        let items = Memo::new(move |_| {
            let by = group_by.get();
            shown.with(|shown| ws.store.with(|s| s.items(shown, by)))
        });
        ListState {
            ws,
            filter,
            sort,
            group_by,
            shown,
            items,
            scroll_top: RwSignal::new(0.0),
            viewport: RwSignal::new(600.0),
            search: NodeRef::new(),
            grid: NodeRef::new(),
            scroller: NodeRef::new(),
        }
    }

    /// The view as the URL keeps it (tracked: an effect re-runs when any part changes).
    pub fn view_state(self) -> ViewState {
        let finding = match self.ws.view.get() {
            View::Finding(index) => Some(self.ws.name_of(index)),
            View::List => None,
        };
        ViewState {
            samples: self.ws.samples.get(),
            finding,
            filter: self.filter.get(),
            sort: self.sort.get(),
            group: self.group_by.get(),
        }
    }

    /// Shows the filter, sort and grouping a URL names (only what differs, so nothing is
    /// recomputed for nothing).
    pub fn apply_list(self, state: &ViewState) {
        if self.filter.with_untracked(|f| *f != state.filter) {
            self.filter.set(state.filter.clone());
        }
        if self.sort.get_untracked() != state.sort {
            self.sort.set(state.sort);
        }
        if self.group_by.get_untracked() != state.group {
            self.group_by.set(state.group);
        }
    }

    /// Shows the view a URL names: the list as it says, and its finding when that is loaded (else
    /// the list).
    pub fn apply(self, state: &ViewState) {
        self.apply_list(state);
        let wanted = state.finding.as_ref().and_then(|f| self.ws.store.with_untracked(|s| Workspace::resolve(s, f)));
        match (wanted, self.ws.view.get_untracked()) {
            (Some(index), View::Finding(open)) if index == open => {}
            (Some(index), _) => self.open(index),
            (None, View::Finding(_)) => self.back_to_list(),
            (None, View::List) => {}
        }
    }

    pub fn focus_search(self) {
        // The list may have just been shown: focus once it is laid out.
        request_animation_frame(move || {
            if let Some(input) = self.search.get_untracked() {
                _ = input.focus();
                input.select();
            }
        });
    }

    /// Escape in the list: clears the search (returns whether there was one to clear).
    pub fn clear_search_on_escape(self) -> bool {
        if self.filter.with_untracked(|f| f.text.is_empty()) {
            return false;
        }
        self.filter.update(|f| f.text.clear());
        true
    }

    /// Back from a finding to the list, where the analyst left it: same scroll, same selection,
    /// focus on the table.
    pub fn back_to_list(self) {
        self.ws.view.set(View::List);
        request_animation_frame(move || {
            if let Some(scroller) = self.scroller.get_untracked() {
                #[allow(clippy::cast_possible_truncation)]
                scroller.set_scroll_top(self.scroll_top.get_untracked() as i32);
            }
            self.reveal_selected();
            if let Some(grid) = self.grid.get_untracked() {
                _ = grid.focus();
            }
        });
    }

    pub fn open(self, index: usize) {
        self.ws.selected.set(Some(index));
        self.ws.view.set(View::Finding(index));
        // The finding view starts at its top.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    pub(super) fn position_of(self, index: usize) -> Option<usize> {
        self.items.with_untracked(|items| items.iter().position(|it| *it == Item::Finding(index)))
    }

    /// Moves the selection to the finding `delta` rows away (group headings are skipped); with
    /// nothing selected, selects the first.
    pub(super) fn move_selection(self, delta: isize) {
        let target = self.items.with_untracked(|items| {
            let findings: Vec<usize> = items
                .iter()
                .filter_map(|it| match it {
                    Item::Finding(i) => Some(*i),
                    Item::Header { .. } => None,
                })
                .collect();
            if findings.is_empty() {
                return None;
            }
            let current = self.ws.selected.get_untracked().and_then(|s| findings.iter().position(|&i| i == s));
            let last = findings.len() - 1;
            let next = match current {
                None => 0,
                Some(at) => at.saturating_add_signed(delta).min(last),
            };
            Some(findings[next])
        });
        if let Some(index) = target {
            self.ws.selected.set(Some(index));
            self.reveal_selected();
        }
    }

    /// With nothing selected, selects the first row in view, without scrolling: focusing the
    /// table (Tab, or the mouse on its way to a click) must not move the list.
    pub(super) fn select_first_in_view(self) {
        if self.ws.selected.get_untracked().is_some() {
            return;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let first = (self.scroll_top.get_untracked() / ROW_H).ceil() as usize;
        let found = self.items.with_untracked(|items| {
            items.iter().skip(first).find_map(|it| match it {
                Item::Finding(i) => Some(*i),
                Item::Header { .. } => None,
            })
        });
        if let Some(index) = found {
            self.ws.selected.set(Some(index));
        }
    }
}
