//! The findings list: a sortable, filterable, groupable table of every loaded finding. Only the rows
//! in view are in the DOM (fixed row height, one scroll container), so 10,000 findings scroll and
//! filter smoothly. Filtering, sorting and grouping are the core's, on rows computed at load.
//!
//! Keyboard: the table is one tab stop (an ARIA grid); ArrowUp/ArrowDown (and Home/End, PageUp/
//! PageDown) move the selection, Enter opens it. `/` focuses the search, Escape clears it.

use std::collections::BTreeSet;

use findlens_core::severity::SeverityBand;
use findlens_core::workspace::{group, sort, Filter, GroupBy, Row, SortDir, SortKey};
use findlens_core::ScenarioKey;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::finding_view::SeverityBadge;
use crate::format::{plural, thousands, time_short};
use crate::prefs::{Checklist, Prefs, Zone};
use crate::workspace::{View, Workspace};

/// Height of one row in CSS pixels; the stylesheet's `--row-h` must match.
pub const ROW_H: f64 = 48.0;
/// Height of the table's header row; the stylesheet's `--head-h` must match.
const HEAD_H: f64 = 40.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;
const COLUMNS: usize = 10;

/// A column the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Severity,
    Type,
    Resource,
    Account,
    Region,
    Count,
    FirstSeen,
    LastSeen,
    Flags,
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Severity => "Severity",
            Column::Type => "Type and title",
            Column::Resource => "Resource",
            Column::Account => "Account",
            Column::Region => "Region",
            Column::Count => "Count",
            Column::FirstSeen => "First seen",
            Column::LastSeen => "Last seen",
            Column::Flags => "Flags",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Column::Severity => "severity",
            Column::Type => "type",
            Column::Resource => "resource",
            Column::Account => "account",
            Column::Region => "region",
            Column::Count => "count",
            Column::FirstSeen => "first-seen",
            Column::LastSeen => "last-seen",
            Column::Flags => "flags",
        }
    }

    /// Numbers and times read best newest or largest first.
    fn first_direction(self) -> SortDir {
        match self {
            Column::Severity | Column::Count | Column::FirstSeen | Column::LastSeen | Column::Flags => {
                SortDir::Descending
            }
            _ => SortDir::Ascending,
        }
    }
}

/// Row indices in column order; ties keep load order.
fn sorted(rows: &[Row], column: Column, dir: SortDir) -> Vec<usize> {
    let key = match column {
        Column::Severity => SortKey::Severity,
        Column::Type => SortKey::Type,
        Column::Resource => SortKey::Resource,
        Column::Account => SortKey::Account,
        Column::Region => SortKey::Region,
        Column::Count => SortKey::Count,
        Column::FirstSeen => SortKey::FirstSeen,
        Column::LastSeen => SortKey::LastSeen,
        Column::Flags => SortKey::Flags,
    };
    sort(rows, key, dir)
}

/// One line of the table: a group's heading or a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    Header { label: String, count: usize },
    Finding(usize),
}

/// The values the filters offer, from the loaded rows.
#[derive(Debug, Clone, Default, PartialEq)]
struct Facets {
    bands: [usize; 4],
    scenarios: BTreeSet<ScenarioKey>,
    resource_types: BTreeSet<String>,
    accounts: BTreeSet<String>,
    regions: BTreeSet<String>,
}

/// The list's state, shared by context so the page's global keys can reach it.
#[derive(Clone, Copy)]
pub struct ListState {
    ws: Workspace,
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<(Column, SortDir)>,
    pub group_by: RwSignal<GroupBy>,
    /// Filtered and sorted row indices.
    pub shown: Memo<Vec<usize>>,
    /// What the table shows, group headings included.
    pub items: Memo<Vec<Item>>,
    facets: Memo<Facets>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    search: NodeRef<html::Input>,
    grid: NodeRef<html::Table>,
    scroller: NodeRef<html::Div>,
}

impl ListState {
    pub fn new(ws: Workspace) -> ListState {
        let filter = RwSignal::new(Filter::default());
        let sort = RwSignal::new((Column::Severity, SortDir::Descending));
        let group_by = RwSignal::new(GroupBy::None);
        let order = Memo::new(move |_| {
            let (column, dir) = sort.get();
            ws.store.with(|s| sorted(&s.rows, column, dir))
        });
        let shown = Memo::new(move |_| filter.with(|f| ws.store.with(|s| order.with(|order| f.apply(&s.rows, order)))));
        let items = Memo::new(move |_| {
            let by = group_by.get();
            shown.with(|shown| {
                if by == GroupBy::None {
                    return shown.iter().map(|&i| Item::Finding(i)).collect();
                }
                let groups = ws.store.with(|s| group(&s.rows, shown, by));
                let mut items = Vec::with_capacity(shown.len() + groups.len());
                for (label, members) in groups {
                    items.push(Item::Header { label, count: members.len() });
                    items.extend(members.into_iter().map(Item::Finding));
                }
                items
            })
        });
        let facets = Memo::new(move |_| {
            ws.store.with(|s| {
                let mut f = Facets::default();
                // Clone a value only the first time it is seen: thousands of rows share a few.
                let add = |set: &mut BTreeSet<String>, v: &String| {
                    if !v.is_empty() && !set.contains(v) {
                        set.insert(v.clone());
                    }
                };
                for r in &s.rows {
                    f.bands[r.band() as usize] += 1;
                    f.scenarios.extend(r.scenarios.iter().copied());
                    add(&mut f.resource_types, &r.resource_type);
                    add(&mut f.accounts, &r.account);
                    add(&mut f.regions, &r.region);
                }
                f
            })
        });
        ListState {
            ws,
            filter,
            sort,
            group_by,
            shown,
            items,
            facets,
            scroll_top: RwSignal::new(0.0),
            viewport: RwSignal::new(600.0),
            search: NodeRef::new(),
            grid: NodeRef::new(),
            scroller: NodeRef::new(),
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

    fn position_of(self, index: usize) -> Option<usize> {
        self.items.with_untracked(|items| items.iter().position(|it| *it == Item::Finding(index)))
    }

    /// Moves the selection to the finding `delta` rows away (group headings are skipped); with
    /// nothing selected, selects the first.
    fn move_selection(self, delta: isize) {
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
    fn select_first_in_view(self) {
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

    /// Scrolls the table so the selected row is in view.
    fn reveal_selected(self) {
        let Some(pos) = self.ws.selected.get_untracked().and_then(|i| self.position_of(i)) else { return };
        let Some(scroller) = self.scroller.get_untracked() else { return };
        #[allow(clippy::cast_precision_loss)]
        let top = HEAD_H + pos as f64 * ROW_H;
        let view_top = f64::from(scroller.scroll_top());
        let height = f64::from(scroller.client_height());
        let new_top = if top - HEAD_H < view_top {
            Some(top - HEAD_H)
        } else if top + ROW_H > view_top + height {
            Some(top + ROW_H - height)
        } else {
            None
        };
        if let Some(t) = new_top {
            #[allow(clippy::cast_possible_truncation)]
            scroller.set_scroll_top(t.max(0.0) as i32);
            self.scroll_top.set(t.max(0.0));
        }
        // The table may reach below the window: bring the row into the window too, once it is
        // rendered.
        let selector = self.ws.selected.get_untracked().map(|i| format!("[id='row-{i}']"));
        let grid = self.grid;
        request_animation_frame(move || {
            let row =
                selector.zip(grid.get_untracked()).and_then(|(sel, grid)| grid.query_selector(&sel).ok().flatten());
            if let Some(row) = row {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }

    fn rows_per_page(self) -> isize {
        #[allow(clippy::cast_possible_truncation)]
        let n = ((self.viewport.get_untracked() - HEAD_H) / ROW_H).floor() as isize;
        n.max(1)
    }
}

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
            <Toolbar/>
            <Table/>
        </section>
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

/// Search, severity toggles, the other filters and grouping.
#[component]
fn Toolbar() -> impl IntoView {
    let list = expect_context::<ListState>();
    let prefs = expect_context::<Prefs>();
    let filter = list.filter;
    let facets = list.facets;
    let active = move || filter.with(|f| *f != Filter::default());

    view! {
        <div class="toolbar" role="search" aria-label="Filter findings">
            <div class="search-field">
                <div class="search-label">
                    <label for="search-input">"Search"</label>
                    <span id="search-help" class="help">
                        <kbd>"/"</kbd>
                        " to search, "
                        <kbd>"Esc"</kbd>
                        " to clear, "
                        <kbd>"↓"</kbd>
                        " to the list"
                    </span>
                </div>
                <input
                    id="search-input"
                    type="search"
                    data-testid="search"
                    node_ref=list.search
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="search-help"
                    placeholder="Title, type, resource, account, Region or ID"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        filter.update(|f| f.text = text);
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "ArrowDown" {
                            ev.prevent_default();
                            if let Some(grid) = list.grid.get_untracked() {
                                _ = grid.focus();
                            }
                            list.move_selection(0);
                        }
                    }
                />
            </div>
            <fieldset class="band-filter">
                <legend>"Severity"</legend>
                {SeverityBand::ALL
                    .into_iter()
                    .rev()
                    .map(|band| {
                        let pressed = move || filter.with(|f| f.bands.contains(&band));
                        view! {
                            <button
                                type="button"
                                class=format!("band-toggle band-{}", band.as_str().to_ascii_lowercase())
                                data-testid=format!("band-{}", band.as_str().to_ascii_lowercase())
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| {
                                    filter
                                        .update(|f| {
                                            if let Some(at) = f.bands.iter().position(|b| *b == band) {
                                                f.bands.remove(at);
                                            } else {
                                                f.bands.push(band);
                                            }
                                        })
                                }
                            >
                                {band.as_str()}
                                " "
                                <span class="band-count">
                                    {move || facets.with(|f| thousands(f.bands[band as usize]))}
                                </span>
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Choice
                id="filter-scenario"
                label="Scenario"
                options=Signal::derive(move || {
                    facets.with(|f| f.scenarios.iter().map(|k| (k.as_str().to_owned(), k.title().to_owned())).collect())
                })
                value=Signal::derive(move || filter.with(|f| f.scenarios.first().map(|k| k.as_str().to_owned())))
                set=Callback::new(move |v: Option<String>| {
                    filter.update(|f| f.scenarios = v.and_then(|v| ScenarioKey::parse(&v)).into_iter().collect())
                })
            />
            <Choice
                id="filter-resource"
                label="Resource"
                options=Signal::derive(move || {
                    facets.with(|f| f.resource_types.iter().map(|r| (r.clone(), r.clone())).collect())
                })
                value=Signal::derive(move || filter.with(|f| f.resource_types.first().cloned()))
                set=Callback::new(move |v: Option<String>| filter.update(|f| f.resource_types = v.into_iter().collect()))
            />
            <Choice
                id="filter-account"
                label="Account"
                options=Signal::derive(move || facets.with(|f| f.accounts.iter().map(|r| (r.clone(), r.clone())).collect()))
                value=Signal::derive(move || filter.with(|f| f.accounts.first().cloned()))
                set=Callback::new(move |v: Option<String>| filter.update(|f| f.accounts = v.into_iter().collect()))
            />
            <Choice
                id="filter-region"
                label="Region"
                options=Signal::derive(move || facets.with(|f| f.regions.iter().map(|r| (r.clone(), r.clone())).collect()))
                value=Signal::derive(move || filter.with(|f| f.regions.first().cloned()))
                set=Callback::new(move |v: Option<String>| filter.update(|f| f.regions = v.into_iter().collect()))
            />
            <Choice
                id="filter-archived"
                label="Archived"
                any="Shown"
                options=Signal::derive(move || {
                    vec![("hide".to_owned(), "Hidden".to_owned()), ("only".to_owned(), "Only archived".to_owned())]
                })
                value=Signal::derive(move || {
                    filter
                        .with(|f| match f.archived {
                            Some(false) => Some("hide".to_owned()),
                            Some(true) => Some("only".to_owned()),
                            None => None,
                        })
                })
                set=Callback::new(move |v: Option<String>| {
                    filter
                        .update(|f| {
                            f.archived = match v.as_deref() {
                                Some("hide") => Some(false),
                                Some("only") => Some(true),
                                _ => None,
                            }
                        })
                })
            />
            <div class="choice">
                <label for="group-by">"Group by"</label>
                <select
                    id="group-by"
                    data-testid="group-by"
                    on:change:target=move |ev| {
                        list.group_by
                            .set(
                                match ev.target().value().as_str() {
                                    "scenario" => GroupBy::Scenario,
                                    "type" => GroupBy::Type,
                                    "resource" => GroupBy::Resource,
                                    _ => GroupBy::None,
                                },
                            )
                    }
                >
                    {[
                        ("none", "Nothing", GroupBy::None),
                        ("scenario", "Scenario", GroupBy::Scenario),
                        ("type", "Type", GroupBy::Type),
                        ("resource", "Resource", GroupBy::Resource),
                    ]
                        .into_iter()
                        .map(|(value, label, by)| {
                            view! {
                                <option value=value selected=move || list.group_by.get() == by>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="choice">
                <label for="list-zone">"Times"</label>
                <select
                    id="list-zone"
                    data-testid="list-zone"
                    on:change:target=move |ev| {
                        prefs.set_zone(if ev.target().value() == "local" { Zone::Local } else { Zone::Utc })
                    }
                >
                    <option value="utc" selected=move || prefs.zone.get() == Zone::Utc>
                        "UTC"
                    </option>
                    <option value="local" selected=move || prefs.zone.get() == Zone::Local>
                        "Local"
                    </option>
                </select>
            </div>
            <button
                type="button"
                class="button subtle reset-filters"
                data-testid="reset-filters"
                disabled=move || !active()
                on:click=move |_| filter.set(Filter::default())
            >
                "Reset filters"
            </button>
        </div>
    }
}

/// A select of one value or "any".
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    #[prop(default = "Any")] any: &'static str,
    options: Signal<Vec<(String, String)>>,
    value: Signal<Option<String>>,
    set: Callback<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="choice">
            <label for=id>{label}</label>
            <select
                id=id
                data-testid=id
                on:change:target=move |ev| {
                    let v = ev.target().value();
                    set.run((!v.is_empty()).then_some(v));
                }
            >
                <option value="" selected=move || value.with(Option::is_none)>
                    {any}
                </option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let this = v.clone();
                            view! {
                                <option value=v selected=move || value.with(|x| x.as_deref() == Some(this.as_str()))>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The virtualised table.
#[component]
fn Table() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let items = list.items;

    // The window of items in the DOM.
    let range = Memo::new(move |_| {
        let n = items.with(Vec::len);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let first = ((list.scroll_top.get() - HEAD_H).max(0.0) / ROW_H).floor() as usize;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let visible = (list.viewport.get() / ROW_H).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN).min(n);
        let end = (first + visible + OVERSCAN).min(n);
        (start, end)
    });
    #[allow(clippy::cast_precision_loss)]
    let above = move || format!("{}px", range.get().0 as f64 * ROW_H);
    #[allow(clippy::cast_precision_loss)]
    let below = move || {
        let (_, end) = range.get();
        format!("{}px", (items.with(Vec::len) - end) as f64 * ROW_H)
    };

    let measure = move || {
        if let Some(scroller) = list.scroller.get_untracked() {
            let h = f64::from(scroller.client_height());
            if h > 0.0 {
                list.viewport.set(h);
            }
        }
    };
    Effect::new(move |_| {
        // Measure once the table is in the page (and again when it reappears).
        if ws.view.get() == View::List {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

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
                        <SortHeader column=Column::Severity/>
                        <SortHeader column=Column::Type/>
                        <SortHeader column=Column::Resource/>
                        <SortHeader column=Column::Account/>
                        <SortHeader column=Column::Region/>
                        <SortHeader column=Column::Count/>
                        <SortHeader column=Column::FirstSeen/>
                        <SortHeader column=Column::LastSeen/>
                        <SortHeader column=Column::Flags/>
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
                            let generation = |i: usize| ws.store.with(|s| s.generation.get(i).copied().unwrap_or(0));
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
fn SortHeader(column: Column) -> impl IntoView {
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
                {matches!(column, Column::FirstSeen | Column::LastSeen)
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

#[component]
fn GroupRow(label: String, count: usize, pos: usize) -> impl IntoView {
    let label = if label.is_empty() { "(none)".to_owned() } else { label };
    view! {
        <tr class="group-row" data-testid="group-row" aria-rowindex=(pos + 2).to_string()>
            <td colspan=COLUMNS.to_string()>
                <span class="group-label">{label}</span>
                " "
                <span class="group-count">{plural(count, "finding", "findings")}</span>
            </td>
        </tr>
    }
}

#[component]
fn FindingRow(index: usize, pos: usize) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let checklist = expect_context::<Checklist>();
    let prefs = expect_context::<Prefs>();
    let Some(row) = ws.store.with_untracked(|s| s.rows.get(index).cloned()) else {
        return ().into_any();
    };
    let selected = move || ws.selected.get() == Some(index);
    let key = row.key.clone();
    // Step counts arrive a moment after the row (see `Workspace::steps`).
    let progress = move || {
        ws.steps(index).map(|steps| {
            let done = checklist.progress.with(|p| p.count(&key, steps.iter().map(String::as_str)));
            (done, steps.len())
        })
    };
    let first_seen = (row.first_seen, row.first_seen_text.clone());
    let last_seen = (row.last_seen, row.last_seen_text.clone());
    // Date above time, so the column stays narrow.
    let when = move |(ms, text): &(Option<i64>, String)| {
        let full = match ms {
            Some(ms) => time_short(*ms, prefs.zone.get()),
            None if text.is_empty() => "–".to_owned(),
            None => text.clone(),
        };
        let (date, clock) =
            full.split_once(' ').map_or((full.clone(), String::new()), |(d, c)| (d.to_owned(), c.to_owned()));
        view! {
            <span class="cell-date">{date}</span>
            <span class="cell-clock">{clock}</span>
        }
    };
    let resource_title = if row.resource_type.is_empty() {
        row.resource.clone()
    } else {
        format!("{} ({})", row.resource, row.resource_type)
    };

    view! {
        <tr
            id=format!("row-{index}")
            class="finding-row"
            class:selected=selected
            class:archived=row.archived
            data-testid="finding-row"
            data-index=index.to_string()
            aria-selected=move || selected().to_string()
            aria-rowindex=(pos + 2).to_string()
            on:click=move |_| list.open(index)
        >
            <td class="cell-severity">
                <SeverityBadge band=row.severity.label score=row.severity.score/>
            </td>
            <td class="cell-type">
                <span class="row-type" data-testid="row-type">{row.finding_type.clone()}</span>
                <span class="row-title" data-testid="row-title">{row.title.clone()}</span>
            </td>
            <td class="cell-resource" title=resource_title>
                <span class="row-resource" data-testid="row-resource">{row.resource.clone()}</span>
                <span class="row-resource-type">{row.resource_type.clone()}</span>
            </td>
            <td class="cell-account">{row.account.clone()}</td>
            <td class="cell-region">{row.region.clone()}</td>
            <td class="cell-count" data-testid="row-count">{thousands(usize::try_from(row.count).unwrap_or(0))}</td>
            <td class="cell-time">{move || when(&first_seen)}</td>
            <td class="cell-time">{move || when(&last_seen)}</td>
            <td class="cell-flags">
                {row.archived.then(|| view! { <span class="flag-tag" data-testid="flag-archived">"Archived"</span> })}
                {row.sample.then(|| view! { <span class="flag-tag" data-testid="flag-sample">"Sample"</span> })}
            </td>
            <td class="cell-progress" data-testid="row-progress">
                {move || match progress() {
                    Some((done, total)) => {
                        view! {
                            <span class:complete=(done == total && total > 0)>{format!("{done}/{total}")}</span>
                            <span class="visually-hidden">" steps done"</span>
                        }
                            .into_any()
                    }
                    None => view! { <span class="muted">"…"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
    .into_any()
}
