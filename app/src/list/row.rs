//! One line of the table: a finding's row, or a group's heading.

use leptos::prelude::*;

use super::{ListState, COLUMNS};
use crate::format::{plural, thousands, time_short};
use crate::prefs::{Checklist, Prefs};
use crate::widgets::SeverityBadge;
use crate::workspace::Workspace;

#[component]
pub(super) fn GroupRow(label: String, count: usize, pos: usize) -> impl IntoView {
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
pub(super) fn FindingRow(index: usize, pos: usize) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let checklist = expect_context::<Checklist>();
    let prefs = expect_context::<Prefs>();
    let Some(row) = ws.store.with_untracked(|s| s.row(index).cloned()) else {
        return ().into_any();
    };
    let selected = move || ws.selected.get() == Some(index);
    // Step counts arrive a moment after the row (see `Workspace::step_count`).
    let progress = move || checklist.progress.with(|p| ws.step_count(index, p));
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
                    Some(count) => {
                        view! {
                            <span class:complete=count.complete()>{format!("{}/{}", count.done, count.total)}</span>
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
