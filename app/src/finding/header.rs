//! The finding's header: severity and flags, title, type and what it means, description, where and
//! when (with the UTC / local switch), and its scenarios.

use std::sync::Arc;

use findlens_core::finding::Timestamp;
use findlens_core::{Finding, Guide};
use leptos::prelude::*;

use crate::format::{thousands, time};
use crate::prefs::{Prefs, Zone};
use crate::widgets::SeverityBadge;

/// The title's id, which the article is labelled by.
pub(super) const TITLE_ID: &str = "finding-title";

#[component]
pub(super) fn FindingHeader(finding: Arc<Finding>, guide: Arc<Guide>) -> impl IntoView {
    let g = guide;
    let scenarios = g.scenarios.clone();
    view! {
            <header class="finding-head">
                <div class="finding-head-top">
                    <SeverityBadge band=g.severity.label score=g.severity.score/>
                    {finding.service.archived.filter(|a| *a).map(|_| view! { <span class="flag-tag">"Archived"</span> })}
                    {finding.is_sample().then(|| view! { <span class="flag-tag">"Sample"</span> })}
                </div>
                <h2 id=TITLE_ID class="finding-title" data-testid="finding-title">
                    {g.title.clone()}
                </h2>
                <p class="finding-type">
                    <code data-testid="finding-type">{g.finding_type.clone()}</code>
                    {g
                        .type_summary
                        .clone()
                        .map(|s| {
                            view! {
                                <span class="type-summary" data-testid="type-summary">
                                    {s}
                                </span>
                            }
                        })}
                </p>
                {finding.description.clone().map(|d| view! { <p class="description" data-testid="description">{d}</p> })}
                <HeadMeta finding=finding.clone()/>
                <div class="scenario-line">
                    <span class="scenario-label">"Scenarios"</span>
                    <ul class="chips">
                        {scenarios
                            .into_iter()
                            .map(|k| view! { <li class="chip" title=k.title()>{k.as_str()}</li> })
                            .collect_view()}
                    </ul>
                </div>
            </header>
    }
}

/// Account, Region, resource, count and the finding's times, with the UTC / local switch.
#[component]
fn HeadMeta(finding: Arc<Finding>) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let f = finding;
    let times: Vec<(&'static str, Option<Timestamp>)> = vec![
        ("First seen", f.service.event_first_seen.clone()),
        ("Last seen", f.service.event_last_seen.clone()),
        ("Created", f.created_at.clone()),
        ("Updated", f.updated_at.clone()),
    ];
    let plain: Vec<(&'static str, Option<String>)> = vec![
        ("Account", f.account_id.clone()),
        ("Region", f.region.clone()),
        ("Resource", f.resource.resource_type.clone()),
        ("Count", f.service.count.map(|c| thousands(usize::try_from(c).unwrap_or(0)))),
        ("Source format", Some(f.source_label())),
    ];
    view! {
        <dl class="meta" data-testid="finding-meta">
            {plain
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="meta-item">
                            <dt>{label}</dt>
                            <dd>
                                {match value {
                                    Some(v) => view! { <span class="meta-value">{v}</span> }.into_any(),
                                    None => view! { <span class="missing">"not in this finding"</span> }.into_any(),
                                }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
            {times
                .into_iter()
                .map(|(label, ts)| {
                    view! {
                        <div class="meta-item">
                            <dt>{label}</dt>
                            <dd data-testid="finding-time">
                                {match ts {
                                    Some(ts) => {
                                        view! { <span class="meta-value">{move || time(&ts, prefs.zone.get())}</span> }
                                            .into_any()
                                    }
                                    None => view! { <span class="missing">"not in this finding"</span> }.into_any(),
                                }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
            <div class="meta-item meta-zone no-print">
                <dt id="zone-label">"Times in"</dt>
                <dd>
                    <div class="zone-switch" role="radiogroup" aria-labelledby="zone-label">
                        <ZoneOption zone=Zone::Utc label="UTC"/>
                        <ZoneOption zone=Zone::Local label="Local time"/>
                    </div>
                </dd>
            </div>
        </dl>
    }
}

#[component]
fn ZoneOption(zone: Zone, label: &'static str) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let id = if zone == Zone::Utc { "zone-utc" } else { "zone-local" };
    view! {
        <label class="zone-option" for=id>
            <input
                type="radio"
                id=id
                name="zone"
                data-testid=id
                prop:checked=move || prefs.zone.get() == zone
                on:change=move |_| prefs.set_zone(zone)
            />
            {label}
        </label>
    }
}
