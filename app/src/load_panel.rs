//! Getting findings in: the paste box, the file picker (which is also a drop target), the samples
//! control, the progress of a load, and the report of every load.

use findlens_core::samples;
use leptos::prelude::*;

use crate::format::plural;
use crate::loader::{self, Input};
use crate::platform;
use crate::widgets::Keys;
use crate::workspace::{LoadReport, Outcome, Workspace};

const ACCEPT: &str = ".json,.jsonl,.gz,.txt,application/json,application/gzip";

/// The input panel.
#[component]
pub fn LoadPanel() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let place = platform::place();
    let text = RwSignal::new(String::new());
    let load_paste =
        move || loader::load(ws, vec![Input::Text { source: "Pasted text".into(), text: text.get_untracked() }]);

    // The inputs fold away once findings are loaded, so the list gets the screen; the reports of
    // each load and the progress bar stay visible.
    let open = RwSignal::new(true);
    let empty = Memo::new(move |_| ws.store.with(|s| s.is_empty()));
    Effect::new(move |_| open.set(empty.get()));

    view! {
        <section class="panel load-panel no-print" aria-labelledby="load-heading">
            <div class="load-head">
                <h2 id="load-heading">"Load findings"</h2>
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="load-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="load-inputs"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide inputs" } else { "Paste, open files or samples" }}
                </button>
            </div>
            <p class="help load-privacy">
                {format!(
                    "Loaded findings stay in {} only: {} forgets them. Ticked guide steps are saved in {}.",
                    place.here,
                    place.forgotten_by,
                    place.keeper,
                )}
            </p>
            <div class="load-grid" id="load-inputs" hidden=move || !open.get()>
                <div class="field paste-field">
                    <label for="paste-box">"Finding JSON"</label>
                    <p id="paste-help" class="help">
                        "From the GuardDuty console's JSON view, "
                        <code>"aws guardduty get-findings"</code>
                        ", EventBridge, Security Hub (ASFF) or an export. "
                        <Keys keys=&["Ctrl", "V"]/>
                        " anywhere on the page loads the clipboard; "
                        <Keys keys=&["Ctrl", "Enter"]/>
                        " here loads the box."
                    </p>
                    <textarea
                        id="paste-box"
                        class="paste-box"
                        data-testid="paste-box"
                        rows="5"
                        spellcheck="false"
                        wrap="off"
                        autocomplete="off"
                        aria-describedby="paste-help"
                        placeholder="{\"type\": \"UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom\", …}"
                        prop:value=move || text.get()
                        on:input:target=move |ev| text.set(ev.target().value())
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                                ev.prevent_default();
                                load_paste();
                            }
                        }
                    ></textarea>
                    <div class="actions">
                        <button
                            type="button"
                            class="button primary"
                            data-testid="load-paste-button"
                            on:click=move |_| load_paste()
                        >
                            "Load pasted JSON"
                        </button>
                    </div>
                </div>
                <div class="side-fields">
                    <div class="field drop-target" data-testid="drop-target">
                        <label for="file-input">"Open files"</label>
                        <p id="file-help" class="help">
                            "JSON, JSON Lines or gzip; several at once. Or drop them anywhere on this page."
                        </p>
                        <input
                            id="file-input"
                            type="file"
                            multiple
                            accept=ACCEPT
                            data-testid="file-input"
                            aria-describedby="file-help"
                            on:change:target=move |ev| {
                                let files = platform::take_chosen_files(&ev.target());
                                loader::load(ws, files.into_iter().map(Input::File).collect());
                            }
                        />
                    </div>
                    <SamplesControl/>
                </div>
            </div>
            <LoadProgress/>
            <StatusLog/>
        </section>
    }
}

/// "Samples": all of them, or one, from a list grouped by scenario.
#[component]
fn SamplesControl() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let choice = RwSignal::new(String::new());
    let all = samples::all();
    let mut scenarios: Vec<findlens_core::ScenarioKey> = Vec::new();
    for s in all {
        if !scenarios.contains(&s.scenario) {
            scenarios.push(s.scenario);
        }
    }
    view! {
        <div class="field samples-field">
            <label for="sample-select">"Samples"</label>
            <p id="sample-help" class="help">"Findlens's own example findings, one or more per guide."</p>
            <div class="inline-controls">
                <select
                    id="sample-select"
                    data-testid="sample-select"
                    aria-describedby="sample-help"
                    on:change:target=move |ev| choice.set(ev.target().value())
                >
                    <option value="">{format!("All {} samples", all.len())}</option>
                    {scenarios
                        .into_iter()
                        .map(|key| {
                            view! {
                                <optgroup label=key.title()>
                                    {all
                                        .iter()
                                        .filter(|s| s.scenario == key)
                                        .map(|s| view! { <option value=s.name>{s.title}</option> })
                                        .collect_view()}
                                </optgroup>
                            }
                        })
                        .collect_view()}
                </select>
                <button
                    type="button"
                    class="button"
                    data-testid="load-samples-button"
                    on:click=move |_| {
                        let name = choice.get_untracked();
                        let sample = samples::find(&name).map(|s| s.name);
                        loader::load(ws, vec![Input::Samples(sample)]);
                    }
                >
                    "Load"
                </button>
            </div>
        </div>
    }
}

/// The progress bar of the load being read.
#[component]
fn LoadProgress() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    move || {
        ws.busy.get().map(|busy| {
            let percent = (busy.fraction * 100.0).clamp(0.0, 100.0).floor();
            let queued = (busy.queued > 0).then(|| format!(" ({} more waiting)", busy.queued));
            view! {
                <div class="load-progress" data-testid="load-progress">
                    <label for="load-progress-bar">
                        "Reading " <span class="load-source">{busy.source}</span> "… " {format!("{percent}%")}
                        {queued}
                    </label>
                    <progress id="load-progress-bar" max="100" value=percent.to_string()></progress>
                </div>
            }
        })
    }
}

/// One line per load, newest first, in a live region so screen readers hear each result.
#[component]
fn StatusLog() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    view! {
        <div class="status" role="status" aria-live="polite" data-testid="status">
            <ul class="loads">
                <For
                    each=move || ws.loads.get()
                    key=|report| report.uid
                    children=|report| view! { <LoadLine report/> }
                />
            </ul>
            <crate::list::UndoClear/>
        </div>
    }
}

#[component]
fn LoadLine(report: LoadReport) -> impl IntoView {
    let (kind, icon, word) = match &report.outcome {
        Outcome::Read { problems, findings, .. } if !problems.is_empty() && *findings == 0 => {
            ("failed", "✕", "Not loaded")
        }
        Outcome::Read { problems, .. } if !problems.is_empty() => ("partial", "!", "Loaded with problems"),
        Outcome::Read { findings: 0, .. } => ("empty", "–", "Nothing found"),
        Outcome::Read { .. } => ("ok", "✓", "Loaded"),
        Outcome::EmptyPaste => ("empty", "–", "Nothing to read"),
        Outcome::Unreadable(_) => ("failed", "✕", "Not loaded"),
        Outcome::Cleared(_) => ("info", "i", "Cleared"),
    };
    let (problems, notes, warnings) = match &report.outcome {
        Outcome::Read { problems, notes, warnings, .. } => (problems.clone(), notes.clone(), warnings.clone()),
        Outcome::Unreadable(why) => (vec![why.clone()], Vec::new(), Vec::new()),
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    let summary = summary(&report.outcome);

    view! {
        <li class=format!("load load-{kind}") data-testid="load-status">
            <p class="load-summary">
                <span class="load-icon" aria-hidden="true">{icon}</span>
                <strong class="load-word">{word}</strong>
                <span class="load-source">{report.source}</span>
                <span class="load-text">{summary}</span>
            </p>
            {(!problems.is_empty() || !notes.is_empty() || !warnings.is_empty())
                .then(|| {
                    view! {
                        <ul class="load-details">
                            {problems
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <li class="problem" data-testid="problem-item">
                                            <span class="tag tag-problem">"Problem"</span>
                                            <span class="problem-text">{p}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {warnings
                                .into_iter()
                                .map(|w| {
                                    view! {
                                        <li class="load-note" data-testid="load-warning">
                                            <span class="tag tag-warning">"Read with a warning"</span>
                                            <span>{w}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {notes
                                .into_iter()
                                .map(|n| {
                                    view! {
                                        <li class="load-note" data-testid="load-note">
                                            <span class="tag tag-note">"Skipped"</span>
                                            <span>{n}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </li>
    }
}

fn summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::EmptyPaste => "The paste box is empty: paste a finding's JSON first.".into(),
        Outcome::Unreadable(_) => "The browser could not read this file.".into(),
        Outcome::Cleared(n) => format!("Removed {}.", plural(*n, "finding", "findings")),
        Outcome::Read { findings, duplicates, gzipped, problems, notes, warnings } => {
            let mut s = plural(*findings, "finding read", "findings read");
            if *gzipped {
                s.push_str(" (gzip)");
            }
            if *duplicates > 0 {
                s.push_str(&format!(
                    "; {} already loaded (shown once; the newer copy is kept)",
                    plural(*duplicates, "was", "were")
                ));
            }
            if !warnings.is_empty() {
                s.push_str("; ");
                s.push_str(&plural(warnings.len(), "warning", "warnings"));
            }
            if !notes.is_empty() {
                s.push_str("; ");
                s.push_str(&plural(notes.len(), "item skipped", "items skipped"));
            }
            if !problems.is_empty() {
                s.push_str("; ");
                s.push_str(&plural(problems.len(), "problem", "problems"));
            }
            s.push('.');
            s
        }
    }
}
