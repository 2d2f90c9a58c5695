//! The virtualised table: its headers sort, its body holds only the rows in view between two
//! spacers, and the keys move the selection.

use findlens_core::workspace::{Filter, Item, SortDir, SortKey};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::row::{FindingRow, GroupRow};
use super::{ListState, COLUMNS, ROW_H};
use crate::prefs::{Prefs, Zone};
use crate::workspace::Workspace;

/// The virtualised table.
#[component]
pub(super) fn Table() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let items = list.items;

    // The window of items in the DOM.
    let range = list.window();
    #[allow(clippy::cast_precision_loss)]
    let above = move || format!("{}px", range.get().0 as f64 * ROW_H);
    #[allow(clippy::cast_precision_loss)]
    let below = move || {
        let (_, end) = range.get();
        format!("{}px", (items.with(Vec::len) - end) as f64 * ROW_H)
    };

    list.track_viewport(ws);

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Keys pressed on a control inside the table (a sort button) are that control's.
        let on_table =
            ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.tag_name() == "TABLE"));
        if !on_table {
            return;
        }
        let delta = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "PageDown" => list.rows_per_page(),
            "PageUp" => -list.rows_per_page(),
            "Home" => isize::MIN / 2,
            "End" => isize::MAX / 2,
            "Enter" | " " => {
                if let Some(i) = ws.selected.get_untracked() {
                    ev.prevent_default();
                    list.open(i);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        list.move_selection(delta);
    };
    let active_row = move || {
        let (start, end) = range.get();
        ws.selected
            .get()
            .filter(|&i| list.position_of(i).is_some_and(|p| p >= start && p < end))
            .map(|i| format!("row-{i}"))
    };

    view! {
        <div
            class="list-scroller"
            data-testid="list-scroller"
            node_ref=list.scroller
            on:scroll:target=move |ev| list.scroll_top.set(f64::from(ev.target().scroll_top()))
        >
            <table
                class="findings-table"
                role="grid"
                tabindex="0"
                data-testid="findings-table"
                node_ref=list.grid
                aria-label="Findings: arrow keys move, Enter opens"
                aria-rowcount=move || (items.with(Vec::len) + 1).to_string()
                aria-colcount=COLUMNS.to_string()
                aria-activedescendant=active_row
                on:keydown=on_key
                on:focus=move |_| list.select_first_in_view()
            >
                <colgroup>
                    <col class="col-severity"/>
                    <col class="col-type"/>
                    <col class="col-resource"/>
                    <col class="col-account"/>
                    <col class="col-region"/>
                    <col class="col-count"/>
                    <col class="col-time"/>
                    <col class="col-time"/>
                    <col class="col-flags"/>
                    <col class="col-progress"/>
                </colgroup>
                <thead>
                    <tr aria-rowindex="1">
                        {SortKey::ALL.into_iter().map(|column| view! { <SortHeader column/> }).collect_view()}
                        <th scope="col">"Guide"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" hidden=move || range.get().0 == 0>
                        <td colspan=COLUMNS.to_string() style:height=above></td>
                    </tr>
                    <For
                        each=move || {
                            let (start, end) = range.get();
                            let generation = |i: usize| ws.store.with(|s| s.generation_of(i).unwrap_or(0));
                            items
                                .with(|items| {
                                    items[start..end]
                                        .iter()
                                        .enumerate()
                                        .map(|(k, item)| {
                                            let g = match item {
                                                Item::Finding(i) => generation(*i),
                                                Item::Header { .. } => 0,
                                            };
                                            (start + k, item.clone(), g)
                                        })
                                        .collect::<Vec<_>>()
                                })
                        }
                        key=|(pos, item, generation)| (*pos, item.clone(), *generation)
                        children=move |(pos, item, _)| match item {
                            Item::Finding(index) => view! { <FindingRow index pos/> }.into_any(),
                            Item::Header { label, count } => view! { <GroupRow label count pos/> }.into_any(),
                        }
                    />
                    <tr class="spacer" aria-hidden="true" hidden=move || { range.get().1 >= items.with(Vec::len) }>
                        <td colspan=COLUMNS.to_string() style:height=below></td>
                    </tr>
                    {move || {
                        (items.with(Vec::is_empty) && ws.store.with(|s| !s.is_empty()))
                            .then(|| {
                                view! {
                                    <tr class="no-match">
                                        <td colspan=COLUMNS.to_string() data-testid="no-match">
                                            "No finding matches these filters. "
                                            <button
                                                type="button"
                                                class="link-button"
                                                on:click=move |_| list.filter.set(Filter::default())
                                            >
                                                "Reset filters"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn SortHeader(column: SortKey) -> impl IntoView {
    let list = expect_context::<ListState>();
    let prefs = expect_context::<Prefs>();
    let state = move || list.sort.get();
    let aria_sort = move || match state() {
        (c, SortDir::Ascending) if c == column => "ascending",
        (c, SortDir::Descending) if c == column => "descending",
        _ => "none",
    };
    let arrow = move || match state() {
        (c, SortDir::Ascending) if c == column => "▲",
        (c, SortDir::Descending) if c == column => "▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=aria_sort class=format!("th-{}", column.id())>
            <button
                type="button"
                class="sort-button"
                data-testid=format!("sort-{}", column.id())
                on:click=move |_| {
                    list.sort
                        .update(|(c, dir)| {
                            if *c == column {
                                *dir = if *dir == SortDir::Ascending { SortDir::Descending } else { SortDir::Ascending };
                            } else {
                                *c = column;
                                *dir = column.first_direction();
                            }
                        })
                }
            >
                {column.label()}
                {column.is_time()
                    .then(|| {
                        view! {
                            <span class="visually-hidden">
                                {move || if prefs.zone.get() == Zone::Utc { " (UTC)" } else { " (local)" }}
                            </span>
                        }
                    })}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
