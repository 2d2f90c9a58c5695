//! The toolbar: search, severity toggles, the other filters, grouping and the time zone. The
//! values each filter offers are the store's facets.

use findlens_core::severity::SeverityBand;
use findlens_core::workspace::{Facets, Filter, GroupBy};
use findlens_core::ScenarioKey;
use leptos::prelude::*;

use super::ListState;
use crate::format::thousands;
use crate::prefs::{Prefs, Zone};
use crate::widgets::Keys;
use crate::workspace::Workspace;

/// Search, severity toggles, the other filters and grouping.
#[component]
pub(super) fn Toolbar() -> impl IntoView {
    let list = expect_context::<ListState>();
    let prefs = expect_context::<Prefs>();
    let filter = list.filter;
    let ws = expect_context::<Workspace>();
    // Each filter's options, from the store's facets; they change only when the values do.
    let options = move |pick: fn(&Facets) -> Vec<(String, String)>| -> Signal<Vec<(String, String)>> {
        Memo::new(move |_| ws.store.with(|s| pick(s.facets()))).into()
    };
    let active = move || filter.with(|f| *f != Filter::default());

    view! {
        <div class="toolbar" role="search" aria-label="Filter findings">
            <div class="search-field">
                <div class="search-label">
                    <label for="search-input">"Search"</label>
                    <span id="search-help" class="help">
                        <Keys keys=&["/"]/>
                        " to search, "
                        <Keys keys=&["Esc"]/>
                        " to clear, "
                        <Keys keys=&["↓"]/>
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
                                    {move || ws.store.with(|s| thousands(s.facets().band(band)))}
                                </span>
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Choice
                id="filter-scenario"
                label="Scenario"
                options=options(|f| f.scenarios().map(|k| (k.as_str().to_owned(), k.title().to_owned())).collect())
                value=Signal::derive(move || filter.with(|f| f.scenarios.first().map(|k| k.as_str().to_owned())))
                set=Callback::new(move |v: Option<String>| {
                    filter.update(|f| f.scenarios = v.and_then(|v| ScenarioKey::parse(&v)).into_iter().collect())
                })
            />
            <Choice
                id="filter-resource"
                label="Resource"
                options=options(|f| f.resource_types().map(same).collect())
                value=Signal::derive(move || filter.with(|f| f.resource_types.first().cloned()))
                set=Callback::new(move |v: Option<String>| filter.update(|f| f.resource_types = v.into_iter().collect()))
            />
            <Choice
                id="filter-account"
                label="Account"
                options=options(|f| f.accounts().map(same).collect())
                value=Signal::derive(move || filter.with(|f| f.accounts.first().cloned()))
                set=Callback::new(move |v: Option<String>| filter.update(|f| f.accounts = v.into_iter().collect()))
            />
            <Choice
                id="filter-region"
                label="Region"
                options=options(|f| f.regions().map(same).collect())
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
                        list.group_by.set(GroupBy::parse(&ev.target().value()))
                    }
                >
                    {GroupBy::ALL
                        .into_iter()
                        .map(|by| {
                            view! {
                                <option value=by.id() selected=move || list.group_by.get() == by>
                                    {by.label()}
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

/// An option whose value is its text.
fn same(v: &str) -> (String, String) {
    (v.to_owned(), v.to_owned())
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
