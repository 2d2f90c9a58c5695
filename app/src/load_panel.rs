//! Getting findings in: the paste box, the file picker, and the status line of every load.

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::workspace::{LoadReport, Outcome, Workspace};

const ACCEPT: &str = ".json,.jsonl,.gz,.txt,application/json,application/gzip";

/// The input panel: paste box, "Show guide", file picker, and the status of each load.
#[component]
pub fn LoadPanel() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let text = RwSignal::new(String::new());
    let show = move || ws.load_paste(&text.read_untracked());

    view! {
        <section class="panel load-panel" aria-labelledby="load-heading">
            <h2 id="load-heading">"Load findings"</h2>
            <div class="field">
                <label for="paste-box">"Finding JSON"</label>
                <p id="paste-help" class="help">
                    "Paste one or more findings: from the GuardDuty console's JSON view, "
                    <code>"aws guardduty get-findings"</code>
                    ", an EventBridge event, Security Hub (ASFF) or an export. "
                    <kbd>"Ctrl"</kbd>
                    "+"
                    <kbd>"Enter"</kbd>
                    " shows the guide."
                </p>
                <textarea
                    id="paste-box"
                    class="paste-box"
                    data-testid="paste-box"
                    rows="8"
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
                            show();
                        }
                    }
                ></textarea>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="show-button"
                    on:click=move |_| show()
                >
                    "Show guide"
                </button>
                <span class="or" aria-hidden="true">"or"</span>
                <div class="file-field">
                    <label for="file-input">"Open files"</label>
                    <input
                        id="file-input"
                        type="file"
                        multiple
                        accept=ACCEPT
                        data-testid="file-input"
                        aria-describedby="file-help"
                        on:change:target=move |ev| {
                            let input = ev.target();
                            let files = chosen_files(&input);
                            input.set_value("");
                            spawn_local(load_files(ws, files));
                        }
                    />
                    <span id="file-help" class="help">
                        "JSON, JSON Lines or gzip; several at once."
                    </span>
                </div>
            </div>
            <StatusLog/>
        </section>
    }
}

fn chosen_files(input: &web_sys::HtmlInputElement) -> Vec<File> {
    input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default()
}

/// Reads the files one after another, each its own load.
async fn load_files(ws: Workspace, files: Vec<File>) {
    for file in files {
        let name = file.name();
        ws.busy.set(Some(name.clone()));
        match file_bytes(&file).await {
            Ok(bytes) => ws.load(name, &bytes),
            Err(why) => ws.unreadable(name, why),
        }
    }
    ws.busy.set(None);
}

/// The file's bytes as they are on disk: the core decides whether they are gzip.
async fn file_bytes(file: &File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn js_error_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser could not read the file".into())
}

/// One line per load, newest first, in a live region so screen readers hear each result.
#[component]
fn StatusLog() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    view! {
        <div class="status" role="status" aria-live="polite" data-testid="status">
            {move || {
                ws.busy
                    .get()
                    .map(|name| {
                        view! {
                            <p class="busy">
                                <span class="spinner" aria-hidden="true"></span>
                                "Reading " {name} "…"
                            </p>
                        }
                    })
            }}
            <ul class="loads">
                <For
                    each=move || ws.loads.get()
                    key=|report| report.uid
                    children=|report| view! { <LoadLine report/> }
                />
            </ul>
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
    let (problems, notes) = match &report.outcome {
        Outcome::Read { problems, notes, .. } => (problems.clone(), notes.clone()),
        Outcome::Unreadable(why) => (vec![why.clone()], Vec::new()),
        _ => (Vec::new(), Vec::new()),
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
            {(!problems.is_empty() || !notes.is_empty())
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
                            {notes
                                .into_iter()
                                .map(|n| {
                                    view! {
                                        <li class="load-note" data-testid="load-note">
                                            <span class="tag tag-note">"Note"</span>
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::EmptyPaste => "The paste box is empty: paste a finding's JSON first.".into(),
        Outcome::Unreadable(_) => "The browser could not read this file.".into(),
        Outcome::Cleared(n) => format!("Removed {}.", plural(*n, "finding", "findings")),
        Outcome::Read { findings, duplicates, gzipped, problems, .. } => {
            let mut s = plural(*findings, "finding read", "findings read");
            if *gzipped {
                s.push_str(" (gzip)");
            }
            if *duplicates > 0 {
                s.push_str(&format!("; {duplicates} already shown (the newer copy is kept)"));
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
