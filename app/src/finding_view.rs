//! One finding, opened from the list: its header (title, severity, type and what it means, where
//! and when), what happened (the console's sections), its remediation guide with the checklist, and
//! its raw JSON.

use std::sync::Arc;

use findlens_core::finding::Timestamp;
use findlens_core::severity::SeverityBand;
use findlens_core::Finding;
use leptos::prelude::*;

use crate::details::Details;
use crate::format::{thousands, time};
use crate::guide_view::{path_text, GuidePanel};
use crate::list::ListState;
use crate::prefs::{Prefs, Zone};
use crate::raw_tree::RawTree;
use crate::workspace::Workspace;

/// Severity as a word and a number ("High 8.0"): colour only repeats what the text says.
#[component]
pub fn SeverityBadge(band: SeverityBand, score: Option<f64>) -> impl IntoView {
    let band = band.as_str();
    let text = match score {
        Some(score) => format!("{band} {score:.1}"),
        None => format!("{band} (no score)"),
    };
    view! {
        <span class=format!("severity severity-{}", band.to_ascii_lowercase()) data-testid="severity">
            <span class="visually-hidden">"Severity: "</span>
            {text}
        </span>
    }
}

#[component]
pub fn FindingView(index: usize) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let Some(finding) = ws.store.with_untracked(|s| s.findings.get(index).cloned()) else {
        return ().into_any();
    };
    let Some(guide) = ws.guide(index) else {
        return ().into_any();
    };
    let finding = Arc::new(finding);
    let g = guide.clone();
    let warnings = finding.warnings.clone();
    let scenarios = g.scenarios.clone();
    let title_id = "finding-title";

    view! {
        <article class="finding-view" data-testid="finding-view" aria-labelledby=title_id>
            <nav class="finding-nav no-print" aria-label="Finding">
                <button
                    type="button"
                    class="button subtle back-button"
                    data-testid="back-button"
                    on:click=move |_| list.back_to_list()
                >
                    <span aria-hidden="true">"← "</span>
                    "Back to findings"
                </button>
                <span class="help">
                    <kbd>"Esc"</kbd>
                    " goes back"
                </span>
                <ul class="jump-links">
                    <li>
                        <a href="#what-happened">"What happened"</a>
                    </li>
                    <li>
                        <a href="#guide-heading">"Guide"</a>
                    </li>
                    <li>
                        <a href="#raw-heading">"Raw JSON"</a>
                    </li>
                </ul>
            </nav>
            <header class="finding-head">
                <div class="finding-head-top">
                    <SeverityBadge band=g.severity.label score=g.severity.score/>
                    {finding.service.archived.filter(|a| *a).map(|_| view! { <span class="flag-tag">"Archived"</span> })}
                    {finding.is_sample().then(|| view! { <span class="flag-tag">"Sample"</span> })}
                </div>
                <h2 id=title_id class="finding-title" data-testid="finding-title">
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
            {(!warnings.is_empty())
                .then(|| {
                    view! {
                        <div class="finding-warnings" data-testid="finding-warnings">
                            <p class="finding-warnings-title">
                                <span class="tag tag-warning">"Caution"</span>
                                "Fields that were not as expected (the rest of the finding was read):"
                            </p>
                            <ul>
                                {warnings
                                    .into_iter()
                                    .map(|w| {
                                        view! {
                                            <li>
                                                <code class="path">{path_text(w.path)}</code>
                                                ": "
                                                {w.message}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            <div class="finding-body">
                <div class="finding-facts no-print">
                    <Details finding=finding.clone()/>
                    <RawTree raw=Arc::new(finding.raw_tree())/>
                </div>
                <GuidePanel guide/>
            </div>
        </article>
    }
    .into_any()
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
        ("Source format", Some(f.format.label().to_owned())),
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
