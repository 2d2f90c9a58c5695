//! A finding's guide: its notes, then one section per scenario, each a list of steps with the facts
//! the step needs, the questions it answers, and its commands. Each step has a checkbox, saved per
//! finding and stable step id; the guide exports as Markdown (with the ticks) and prints alone.

use std::sync::Arc;
use std::time::Duration;

use findlens_core::guide::{self, About, Decision, Fact, Guide, Link, LinkKind, Note, Section, Step, Tone};
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::command::CommandView;
use crate::prefs::Checklist;

/// The finding whose guide is shown: what its checkboxes are saved under.
#[derive(Clone)]
struct GuideKey(Arc<str>);

/// The guide with its progress, export and print.
#[component]
pub fn GuidePanel(guide: Arc<Guide>) -> impl IntoView {
    let checklist = expect_context::<Checklist>();
    let key: Arc<str> = guide.finding_key.as_str().into();
    provide_context(GuideKey(key.clone()));
    let ids: Arc<[String]> = guide::step_ids::in_guide(&guide).into();
    let total = ids.len();
    let done = {
        let key = key.clone();
        move || checklist.progress.with(|p| p.count(&key, ids.iter().map(String::as_str)))
    };
    let done_text = done.clone();
    let done_value = done.clone();
    let export_guide = guide.clone();
    let export = move |_| {
        let g = &export_guide;
        let md = checklist
            .progress
            .with_untracked(|p| guide::markdown_with_progress(g, &|step_id: &str| p.is_done(&g.finding_key, step_id)));
        download(&file_name(g), &md);
    };
    let g = (*guide).clone();
    view! {
        <section class="guide-panel" aria-labelledby="guide-heading" data-testid="guide-panel">
            <div class="guide-head">
                <h3 id="guide-heading">"Remediation guide"</h3>
                <div class="guide-progress">
                    <label for="guide-progress-bar" data-testid="guide-progress">
                        {move || format!("{} of {total} steps done", done_text())}
                    </label>
                    <progress id="guide-progress-bar" max=total.to_string() value=move || done_value().to_string()></progress>
                </div>
                <div class="guide-actions no-print">
                    <button type="button" class="button" data-testid="export-markdown" on:click=export>
                        "Export Markdown"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="print-guide"
                        on:click=move |_| {
                            _ = window().print();
                        }
                    >
                        "Print"
                    </button>
                </div>
            </div>
            <div class="print-only print-head">
                <p>
                    <strong>{g.title.clone()}</strong>
                </p>
                <p>
                    <code>{g.finding_type.clone()}</code>
                    " · "
                    {g.severity.label.as_str()}
                    {g.severity.score.map(|s| format!(" {s:.1}"))}
                    " · "
                    <code>{g.finding_key.clone()}</code>
                </p>
            </div>
            <GuideView guide=g/>
        </section>
    }
}

/// `findlens-guide-<finding id>.md`, in characters every file system accepts.
fn file_name(g: &Guide) -> String {
    let id = g.finding_key.rsplit('/').next().unwrap_or(&g.finding_key);
    let clean: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).take(64).collect();
    let clean = clean.trim_matches('-');
    if clean.is_empty() {
        "findlens-guide.md".to_owned()
    } else {
        format!("findlens-guide-{clean}.md")
    }
}

/// Saves `text` as a file: a Blob URL made here, clicked, and revoked. Nothing leaves the machine.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/markdown;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.set_class_name("visually-hidden");
        if let Some(body) = document().body() {
            _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    // The download has started by now; keep the URL a moment for browsers that read it late.
    set_timeout(
        move || {
            _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(2),
    );
}

/// The tone as a word with an icon, so it never rests on colour alone.
pub fn tone_tag(tone: Tone) -> impl IntoView {
    let icon = match tone {
        Tone::Info => "ℹ",
        Tone::Good => "✓",
        Tone::Warning => "⚠",
        Tone::Danger => "✖",
    };
    view! {
        <span class=format!("tag tag-{}", tone_class(tone))>
            <span aria-hidden="true">{icon}" "</span>
            {tone.label()}
        </span>
    }
}

pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Info => "info",
        Tone::Good => "good",
        Tone::Warning => "warning",
        Tone::Danger => "danger",
    }
}

/// Guide text, with `backticked` names shown as code. Every piece stays a text node: this splits
/// on backticks, it parses nothing. Unbalanced backticks are left as they are.
pub fn prose(text: String) -> impl IntoView {
    // Balanced backticks split the text into an odd number of parts.
    let parts: Vec<String> =
        if text.split('`').count() % 2 == 1 { text.split('`').map(str::to_owned).collect() } else { vec![text] };
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                Either::Right(view! { <code class="inline-code">{part}</code> })
            } else {
                Either::Left(part)
            }
        })
        .collect_view()
}

/// A dotted field path that may wrap after each dot, never inside a name.
pub fn path_text(path: String) -> impl IntoView {
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(
            |(i, part)| {
                if i < last {
                    Either::Left(view! { {format!("{part}.")} <wbr/> })
                } else {
                    Either::Right(part)
                }
            },
        )
        .collect_view()
}

#[component]
pub fn GuideView(guide: Guide) -> impl IntoView {
    // Only https links are shown: the core builds them, but a link is too easy to abuse to trust.
    let links: Vec<Link> = guide.links.into_iter().filter(|l| l.url.starts_with("https://")).collect();
    view! {
        <div class="guide" data-testid="guide">
            {guide.about.map(|about| view! { <AboutView about/> })}
            {(!links.is_empty())
                .then(|| {
                    view! {
                        <ul class="links" aria-label="Links">
                            {links.into_iter().map(|link| view! { <LinkItem link/> }).collect_view()}
                        </ul>
                    }
                })}
            {(!guide.notes.is_empty())
                .then(|| {
                    view! {
                        <ul class="notes" aria-label="Before you start">
                            {guide.notes.into_iter().map(|note| view! { <NoteItem note/> }).collect_view()}
                        </ul>
                    }
                })}
            {guide.sections.into_iter().map(|section| view! { <SectionView section/> }).collect_view()}
        </div>
    }
}

/// What the type means, folded away: the steps come first.
#[component]
fn AboutView(about: About) -> impl IntoView {
    let rows: Vec<(&'static str, String)> = [
        ("Likely benign when", about.benign),
        ("What decides the response", about.decision),
        ("Seen in", Some(about.data_source)),
        ("Severity", about.severity_note),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.filter(|v| !v.is_empty()).map(|v| (label, v)))
    .collect();
    view! {
        <details class="about" data-testid="about">
            <summary>"About this finding type"</summary>
            <p class="about-meaning">{prose(about.meaning)}</p>
            <dl class="about-list">
                {rows
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <div>
                                <dt>{label}</dt>
                                <dd>{prose(value)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}

#[component]
fn LinkItem(link: Link) -> impl IntoView {
    let kind = match link.kind {
        LinkKind::Docs => "Docs",
        LinkKind::Console => "Console",
    };
    view! {
        <li class="link">
            <span class="tag tag-link">{kind}</span>
            <a href=link.url target="_blank" rel="noopener noreferrer">
                {link.label}
                <span class="visually-hidden">" (opens in a new tab)"</span>
                <span aria-hidden="true">" ↗"</span>
            </a>
        </li>
    }
}

#[component]
fn NoteItem(note: Note) -> impl IntoView {
    view! {
        <li class=format!("note tone-{}", tone_class(note.tone)) data-testid="guide-note">
            {tone_tag(note.tone)}
            <span class="note-text">{prose(note.text)}</span>
        </li>
    }
}

#[component]
fn SectionView(section: Section) -> impl IntoView {
    // Only AWS documentation links come from the catalog; a link is shown only when it is https.
    let doc = section.doc_url.filter(|u| u.starts_with("https://"));
    view! {
        <section class="guide-section" data-testid="guide-section">
            <div class="section-head">
                <h4>{prose(section.title)}</h4>
                {doc
                    .map(|url| {
                        view! {
                            <a class="doc-link" href=url target="_blank" rel="noopener noreferrer">
                                "AWS documentation"
                                <span class="visually-hidden">" (opens in a new tab)"</span>
                                <span aria-hidden="true">" ↗"</span>
                            </a>
                        }
                    })}
            </div>
            <ol class="steps">
                {section.steps.into_iter().map(|step| view! { <StepView step/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn StepView(step: Step) -> impl IntoView {
    let checklist = expect_context::<Checklist>();
    let GuideKey(key) = expect_context::<GuideKey>();
    let id = step.id.clone();
    let done = {
        let (key, id) = (key.clone(), id.clone());
        move || checklist.is_done(&key, &id)
    };
    let done_class = done.clone();
    let done_checked = done.clone();
    let title_text = step.title.replace('`', "");
    view! {
        <li class="step" class:done=done_class data-testid="guide-step" data-step-id=step.id>
            <div class="step-head">
                <div class="step-heading">
                    <span
                        class=format!("phase phase-{}", step.phase.as_str())
                        data-testid="step-phase"
                        title="Incident-response phase"
                    >
                        {step.phase.label()}
                    </span>
                    <h5 class="step-title">{prose(step.title)}</h5>
                </div>
                <label class="step-done">
                    <input
                        type="checkbox"
                        data-testid="step-check"
                        prop:checked=done_checked
                        on:change:target=move |ev| checklist.set(&key, &id, ev.target().checked())
                    />
                    " Done"
                    <span class="visually-hidden">{format!(": {title_text}")}</span>
                </label>
            </div>
            <p class="why">{prose(step.why)}</p>
            {(!step.facts.is_empty())
                .then(|| {
                    view! {
                        <dl class="facts">
                            {step.facts.into_iter().map(|fact| view! { <FactItem fact/> }).collect_view()}
                        </dl>
                    }
                })}
            {(!step.decisions.is_empty())
                .then(|| {
                    view! {
                        <ul class="decisions">
                            {step
                                .decisions
                                .into_iter()
                                .map(|decision| view! { <DecisionItem decision/> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {step.commands.into_iter().map(|command| view! { <CommandView command/> }).collect_view()}
        </li>
    }
}

#[component]
fn FactItem(fact: Fact) -> impl IntoView {
    view! {
        <div class="fact" data-testid="fact">
            <dt>
                <span class="fact-label">{fact.label}</span>
                <code class="path">{path_text(fact.path)}</code>
            </dt>
            <dd>
                {match fact.value {
                    Some(v) => view! { <span class="fact-value">{v}</span> }.into_any(),
                    None => {
                        view! {
                            <span class="missing" data-testid="fact-missing">
                                "not in this finding"
                            </span>
                        }
                            .into_any()
                    }
                }}
                {fact
                    .flag
                    .map(|flag| {
                        view! {
                            <span class="flag">
                                {tone_tag(Tone::Warning)}
                                " "
                                {flag}
                            </span>
                        }
                    })}
            </dd>
        </div>
    }
}

#[component]
fn DecisionItem(decision: Decision) -> impl IntoView {
    view! {
        <li class=format!("decision tone-{}", tone_class(decision.tone)) data-testid="decision">
            {tone_tag(decision.tone)}
            <div class="decision-body">
                <p class="question">{prose(decision.question)}</p>
                <p class="answer">{prose(decision.answer)}</p>
            </div>
        </li>
    }
}
