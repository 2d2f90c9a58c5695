//! The findings list: a sortable, filterable, groupable table of every loaded finding. Only the rows
//! in view are in the DOM (fixed row height, one scroll container), so 10,000 findings scroll and
//! filter smoothly. Filtering, sorting, grouping, the filters' values and the columns are the core
//! store's; this module only shows them.
//!
//! Keyboard: the table is one tab stop (an ARIA grid); ArrowUp/ArrowDown (and Home/End, PageUp/
//! PageDown) move the selection, Enter opens it. `/` focuses the search, Escape clears it.
//!
//! - [`state`]: the list's state (filter, sort, grouping, selection moves), shared by context;
//! - [`toolbar`]: search, severity toggles, the other filters and grouping;
//! - [`table`]: the virtualised table and its sortable headers;
//! - [`row`]: a finding's row and a group's heading;
//! - [`scroll`]: the window of rows in the DOM, and scrolling the selection into view.

mod row;
mod scroll;
mod state;
mod table;
mod toolbar;

use leptos::prelude::*;

pub use state::ListState;

use crate::format::{plural, thousands};
use crate::workspace::Workspace;

/// Height of one row in CSS pixels; the stylesheet's `--row-h` must match.
pub const ROW_H: f64 = 48.0;
/// Height of the table's header row; the stylesheet's `--head-h` must match.
const HEAD_H: f64 = 40.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;
/// The sortable columns and the guide's progress.
const COLUMNS: usize = findlens_core::workspace::SortKey::ALL.len() + 1;

/// The list with its toolbar; nothing while the workspace is empty.
#[component]
pub fn FindingList() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let has_findings = move || ws.store.with(|s| !s.is_empty());
    view! {
        <section class="findings" aria-labelledby="findings-heading" hidden=move || !has_findings()>
            <div class="findings-bar">
                <h2 id="findings-heading">"Findings"</h2>
                <Count/>
                <button
                    type="button"
                    class="button subtle"
                    data-testid="clear-button"
                    on:click=move |_| ws.clear()
                >
                    "Clear all"
                </button>
            </div>
            <toolbar::Toolbar/>
            <table::Table/>
        </section>
    }
}

/// "Undo" for "Clear all", in the load reports, while what it removed is kept (until the next
/// load).
#[component]
pub fn UndoClear() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let removed = move || ws.cleared.with(|c| c.as_ref().map(|c| c.len()));
    move || {
        removed().map(|n| {
            view! {
                <p class="load load-info undo-clear" data-testid="undo-clear">
                    <span class="load-text">
                        {format!("{} removed: undo brings them back until the next load.", plural(n, "finding", "findings"))}
                    </span>
                    " "
                    <button
                        type="button"
                        class="button small"
                        data-testid="undo-clear-button"
                        on:click=move |_| ws.undo_clear()
                    >
                        "Undo"
                    </button>
                </p>
            }
        })
    }
}

#[component]
fn Count() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    view! {
        <p class="findings-count" data-testid="finding-count" aria-live="polite">
            {move || {
                let total = ws.store.with(|s| s.len());
                let shown = list.shown.with(Vec::len);
                if shown == total {
                    plural(total, "finding", "findings")
                } else {
                    format!("{} of {}", thousands(shown), plural(total, "finding", "findings"))
                }
            }}
        </p>
    }
}
