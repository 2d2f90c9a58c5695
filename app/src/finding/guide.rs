//! A finding's guide: its notes, then one section per scenario, each a list of steps with the facts
//! the step needs, the questions it answers, and its commands. Each step has a checkbox, saved per
//! finding and stable step id; the guide exports as Markdown (with the ticks) and prints alone.

use std::sync::Arc;

use findlens_core::guide::{self, About, Guide, Link, LinkKind, Note, Section};
use leptos::prelude::*;

use super::prose::{prose, tone_class, tone_tag};
use super::step::{GuideKey, StepView};
use crate::platform;
use crate::prefs::Checklist;

/// The guide with its progress, export and print.
#[component]
pub fn GuidePanel(guide: Arc<Guide>, details: Arc<[findlens_core::describe::Section]>) -> impl IntoView {
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
        let md = checklist.progress.with_untracked(|p| {
            guide::markdown_with_details_and_progress(g, &details, &|step_id: &str| p.is_done(&g.finding_key, step_id))
        });
        // A download that cannot start leaves the guide as it is; nothing else to do.
        _ = platform::save_download(&file_name(g), "text/markdown;charset=utf-8", &md);
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
                        on:click=move |_| platform::print()
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
