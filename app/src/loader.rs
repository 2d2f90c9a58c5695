//! Every load goes through here: pasted text, chosen or dropped files, and the compiled-in samples.
//! The core reads the bytes a slice at a time (`Incremental`), and this loop gives the browser the
//! main thread back every few milliseconds, so a 50 MB export never freezes the page and the
//! progress bar moves. Loads run one after another, in the order they were asked for.

use std::collections::VecDeque;

use findlens_core::workspace::Row;
use findlens_core::{Incremental, Loaded};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{self, File};
use crate::workspace::{Busy, Outcome, View, Workspace};

/// Bytes the core reads per step.
const STEP_BUDGET: usize = 256 * 1024;
/// Work this long, then let the browser paint and handle input. Well under the 50 ms a "long
/// task" starts at, so one step that runs over still stays far from 100 ms.
const SLICE_MS: f64 = 12.0;
/// Findings merged into the workspace per part.
const MERGE_PART: usize = 500;
/// Files are copied into Wasm memory this many bytes at a time.
const FILE_CHUNK: u64 = 4 * 1024 * 1024;

/// Something to load.
pub enum Input {
    Text {
        source: String,
        text: String,
    },
    File(File),
    /// A file the host could not read (the desktop reads opened files before the page sees them).
    Unreadable {
        source: String,
        why: platform::ReadError,
    },
    /// The compiled-in samples: all of them, or one by name.
    Samples(Option<&'static str>),
}

/// Queues inputs and starts reading them unless a load is already running.
pub fn load(ws: Workspace, inputs: Vec<Input>) {
    if inputs.is_empty() {
        return;
    }
    ws.queue.update_value(|q| q.extend(inputs));
    if ws.loading.get_value() {
        ws.busy.update(|b| {
            if let Some(b) = b {
                b.queued = queued(ws);
            }
        });
        return;
    }
    ws.loading.set_value(true);
    spawn_local(async move {
        while let Some(input) = ws.queue.try_update_value(VecDeque::pop_front).flatten() {
            read_one(ws, input).await;
        }
        ws.loading.set_value(false);
        ws.busy.set(None);
    });
}

fn queued(ws: Workspace) -> usize {
    ws.queue.with_value(VecDeque::len)
}

async fn read_one(ws: Workspace, input: Input) {
    let (source, bytes) = match input {
        Input::Text { source, text } => {
            if text.trim().is_empty() {
                ws.report_outcome(source, Outcome::EmptyPaste);
                return;
            }
            (source, text.into_bytes())
        }
        Input::File(file) => {
            let source = platform::file_name(&file);
            show(ws, &source, 0.0);
            match file_bytes(ws, &file).await {
                Ok(bytes) => (source, bytes),
                Err(why) => {
                    ws.report_outcome(source, Outcome::Unreadable(why));
                    return;
                }
            }
        }
        Input::Unreadable { source, why } => {
            ws.report_outcome(source, Outcome::Unreadable(why.0));
            return;
        }
        Input::Samples(name) => {
            let samples: Vec<&str> = findlens_core::samples::all()
                .iter()
                .filter(|s| name.is_none_or(|n| n == s.name))
                .map(|s| s.json)
                .collect();
            let source = match name {
                Some(n) => format!("Sample {n}"),
                None => "Samples".to_owned(),
            };
            // One document of JSON values back to back, read like any other input.
            (source, samples.join("\n").into_bytes())
        }
    };
    let opened = read_bytes(ws, source, bytes).await;
    if let Some(index) = opened {
        ws.selected.set(Some(index));
        ws.view.set(View::Finding(index));
    }
}

fn show(ws: Workspace, source: &str, fraction: f64) {
    let busy = Busy { source: source.to_owned(), fraction, queued: queued(ws) };
    if ws.busy.with_untracked(|b| b.as_ref() != Some(&busy)) {
        ws.busy.set(Some(busy));
    }
}

/// Reads `bytes` with the core, a slice at a time, then computes the list rows, a slice at a time,
/// then adds everything at once. Returns the index of the finding when the input held exactly one.
async fn read_bytes(ws: Workspace, source: String, bytes: Vec<u8>) -> Option<usize> {
    let mut clock = Clock::new();
    show(ws, &source, 0.0);
    let mut reader = Incremental::new(bytes);
    loop {
        let done = reader.step(STEP_BUDGET);
        if done {
            break;
        }
        if clock.due() {
            // Reading is most of the work; rows take the last tenth of the bar.
            show(ws, &source, reader.progress() * 0.9);
            clock.pause().await;
        }
    }
    let loaded: Loaded = reader.finish();
    clock.pause().await;
    let read = loaded.findings.len();
    let total = read.max(1);
    let mut rows = Vec::with_capacity(read);
    for (i, finding) in loaded.findings.iter().enumerate() {
        rows.push(Row::new(finding));
        if clock.due() {
            #[allow(clippy::cast_precision_loss)]
            show(ws, &source, 0.9 + 0.08 * (i as f64 / total as f64));
            clock.pause().await;
        }
    }
    // Merge a part at a time (a finding is several kilobytes: moving thousands at once blocks the
    // page), then show the result at once.
    ws.reserve(read);
    let Loaded { findings, problems, notes, warnings, gzipped } = loaded;
    let mut findings = findings.into_iter();
    let mut rows = rows.into_iter();
    let mut duplicates = 0;
    let mut first = None;
    let mut done = 0;
    loop {
        let part: Vec<_> = findings.by_ref().take(MERGE_PART).collect();
        if part.is_empty() {
            break;
        }
        let part_rows: Vec<_> = rows.by_ref().take(part.len()).collect();
        done += part.len();
        let (d, landed) = ws.merge_part(part, part_rows);
        duplicates += d;
        first = first.or_else(|| landed.first().copied());
        if clock.due() {
            #[allow(clippy::cast_precision_loss)]
            show(ws, &source, 0.98 + 0.02 * (done as f64 / total as f64));
            clock.pause().await;
        }
    }
    show(ws, &source, 1.0);
    let problems = problems.iter().map(ToString::to_string).collect();
    ws.finish_load(source, Outcome::Read { findings: read, duplicates, gzipped, problems, notes, warnings });
    (read == 1).then_some(first).flatten()
}

/// The file's bytes as they are on disk (the core decides whether they are gzip), copied a chunk
/// at a time so no single copy blocks the page.
async fn file_bytes(ws: Workspace, file: &File) -> Result<Vec<u8>, String> {
    let name = platform::file_name(file);
    let size = usize::try_from(platform::file_size(file)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size);
    let mut chunks = platform::chunks(file, FILE_CHUNK);
    let mut clock = Clock::new();
    while let Some(read) = chunks.next_into(&mut bytes).await {
        read.map_err(|e| e.to_string())?;
        // The read ran outside this task: a new slice starts here.
        clock.restart();
        // Copying is a small part of a load: it fills the bar's first twentieth.
        show(ws, &name, 0.0);
        if clock.due() {
            clock.pause().await;
        }
    }
    Ok(bytes)
}

/// Measures the current slice of work and yields to the browser when it is used up.
pub struct Clock {
    started: f64,
}

impl Clock {
    pub fn new() -> Clock {
        Clock { started: now() }
    }

    pub fn due(&self) -> bool {
        now() - self.started >= SLICE_MS
    }

    fn restart(&mut self) {
        self.started = now();
    }

    /// Gives the main thread back (a `setTimeout(0)` promise) and starts a new slice.
    pub async fn pause(&mut self) {
        yield_to_browser().await;
        self.started = now();
    }
}

fn now() -> f64 {
    platform::now_ms()
}

/// Resolves on a fresh task, after the browser has had the chance to paint and handle input.
pub async fn yield_to_browser() {
    platform::yield_now().await;
}
