//! The loaded findings: one card each, with the finding's summary, its warnings and its guide.

use std::sync::Arc;

use findlens_core::severity::SeverityBand;
use leptos::prelude::*;

use crate::guide_view::{path_text, GuideView};
use crate::workspace::{Shown, Workspace};

/// Every loaded finding, newest load first, with "Clear".
#[component]
pub fn FindingList() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let count = move || ws.shown.with(Vec::len);

    view! {
        <section class="findings" aria-label="Loaded findings">
            <div class="findings-bar">
                <p class="findings-count" data-testid="finding-count">
                    {move || match count() {
                        0 => "No findings loaded".to_owned(),
                        1 => "1 finding".to_owned(),
                        n => format!("{n} findings"),
                    }}
                </p>
                <button
                    type="button"
                    class="button subtle"
                    data-testid="clear-button"
                    disabled=move || count() == 0 && ws.loads.with(Vec::is_empty)
                    on:click=move |_| ws.clear()
                >
                    "Clear"
                </button>
            </div>
            {move || (count() == 0).then(|| view! { <EmptyState/> })}
            <For
                each=move || ws.shown.get()
                key=|shown| shown.uid
                children=|shown| view! { <FindingCard shown/> }
            />
        </section>
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p>
                "Paste a finding above, or open files, to see its remediation guide: "
                "the steps to take, filled in with the finding's own values, and AWS CLI commands "
                "ready to copy."
            </p>
        </div>
    }
}

/// One finding and its guide.
#[component]
pub fn FindingCard(shown: Arc<Shown>) -> impl IntoView {
    let f = &shown.finding;
    let g = &shown.guide;
    let heading = format!("finding-{}-title", shown.uid);
    let labelled_by = heading.clone();
    let updated = f.updated_at.as_ref().map(|t| t.text.clone());
    let count = f.service.count;
    let resource_type = f.resource.resource_type.clone();
    let scenarios = g.scenarios.clone();
    let warnings = f.warnings.clone();

    view! {
        <article class="finding-card" data-testid="finding-card" aria-labelledby=labelled_by>
            <header class="card-head">
                <SeverityBadge band=g.severity.label score=g.severity.score/>
                <div class="card-titles">
                    <h2 id=heading class="card-title" data-testid="finding-title">
                        {g.title.clone()}
                    </h2>
                    <p class="card-type">
                        <code data-testid="finding-type">{g.finding_type.clone()}</code>
                    </p>
                </div>
            </header>
            {g.type_summary.clone().map(|s| view! { <p class="type-summary">{s}</p> })}
            {f.description.clone().map(|d| view! { <p class="description">{d}</p> })}
            <dl class="meta">
                <Meta label="Account" value=f.account_id.clone()/>
                <Meta label="Region" value=f.region.clone()/>
                <Meta label="Resource" value=resource_type/>
                <Meta label="Updated" value=updated/>
                <Meta label="Count" value=count.map(|c| c.to_string())/>
                <div class="meta-item meta-scenarios">
                    <dt>"Scenarios"</dt>
                    <dd>
                        <ul class="chips">
                            {scenarios
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <li class="chip" title=k.title()>
                                            {k.as_str()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </dd>
                </div>
            </dl>
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
            <GuideView guide=g.clone()/>
        </article>
    }
}

/// One line of the finding's summary; a missing value says so.
#[component]
fn Meta(label: &'static str, value: Option<String>) -> impl IntoView {
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
}

/// Severity as a word and a number ("High 8.0"): colour only repeats what the text says.
#[component]
pub fn SeverityBadge(band: SeverityBand, score: Option<f64>) -> impl IntoView {
    let band = band.as_str();
    let text = match score {
        Some(score) => format!("{band} {score:.1}"),
        None => format!("{band} (no score)"),
    };
    view! {
        <p class=format!("severity severity-{}", band.to_ascii_lowercase()) data-testid="severity">
            <span class="visually-hidden">"Severity: "</span>
            {text}
        </p>
    }
}
