//! The one seam between the app and its host. Everything the app asks of the world outside the
//! page's own DOM goes through these functions: reading the files the user chose or dropped,
//! saving a download, writing the clipboard, the storage that keeps the checklist and preferences,
//! paste and drop on the whole window, printing, the clock, yielding to the event loop, and the
//! local time zone.
//!
//! There are two hosts: the browser (`browser.rs`, built on gloo), and the desktop window
//! (`desktop.rs`, Tauri v2), which is the same page with a few things routed through Rust. The
//! same Wasm runs in both, so the desktop is detected at run time, and only where it differs: it
//! saves exports through the Save dialog, writes the clipboard through Tauri, names what is open in
//! the window title, and hands over files opened outside the page. The views call `platform::…`,
//! never `web_sys`, `js_sys` or `window()` for these things.
//!
//! Errors are typed: the views decide what to say, the host only says what went wrong.

use std::fmt;

mod browser;
mod desktop;
use browser as host;

/// A file opened outside the page (desktop only): a `File`, or its name and why it was not read.
pub use desktop::Opened;

/// A file the user chose or dropped. The browser's is a `File` handle: nothing is read until
/// [`FileChunks`] reads it.
pub use host::File;
/// Reads a [`File`] a chunk at a time (see [`chunks`]).
pub use host::FileChunks;
/// Paste and drop listeners on the whole window; dropping the value removes them.
pub use host::Listeners;

/// The file's name, as the host shows it.
pub fn file_name(file: &File) -> String {
    host::file_name(file)
}

/// The file's size in bytes.
pub fn file_size(file: &File) -> u64 {
    host::file_size(file)
}

/// The files chosen in a file input, in order; the input is emptied so choosing the same file
/// again loads it again.
pub fn take_chosen_files(input: &leptos::web_sys::HtmlInputElement) -> Vec<File> {
    host::take_chosen_files(input)
}

/// Reads `file` `chunk` bytes at a time: each `next_into` appends one chunk, so the caller can
/// show progress and give the page back between chunks.
pub fn chunks(file: &File, chunk: u64) -> FileChunks {
    host::chunks(file, chunk)
}

/// Why a file could not be read: the host's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Saves `text` as a file called `name` (a download in the browser). Nothing leaves the machine.
pub fn save_download(name: &str, mime: &str, text: &str) -> Result<(), SaveError> {
    if desktop::present() {
        desktop::save_download(name, text);
        return Ok(());
    }
    host::save_download(name, mime, text)
}

/// Why a download could not be started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    /// The page has no document to start it from.
    NoDocument,
}

/// Writes `text` to the clipboard.
pub async fn write_clipboard(text: &str) -> Result<(), ClipboardError> {
    if desktop::present() {
        return desktop::write_clipboard(text).await;
    }
    host::write_clipboard(text).await
}

/// Names what is open: the document's title, and on the desktop the window's.
pub fn set_title(title: &str) {
    host::set_title(title);
    if desktop::present() {
        desktop::set_title(title);
    }
}

/// On the desktop, links to other sites open in the system browser (only AWS documentation and
/// console addresses do). In the browser they open as the page's markup says.
pub fn open_links_outside() {
    if desktop::present() {
        desktop::open_links_outside();
    }
}

/// How the page names the place it runs in, for the texts that say where findings are kept: a
/// browser tab, or the desktop window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// "this tab": where loaded findings live.
    pub here: &'static str,
    /// "a reload or closing the tab": what forgets them.
    pub forgotten_by: &'static str,
    /// "this browser": what keeps the ticked steps.
    pub keeper: &'static str,
    /// "until the tab is closed": how long what is not saved lasts.
    pub lasts: &'static str,
}

pub fn place() -> Place {
    if desktop::present() {
        Place {
            here: "this window",
            forgotten_by: "closing the window",
            keeper: "this app",
            lasts: "until the window is closed",
        }
    } else {
        Place {
            here: "this tab",
            forgotten_by: "a reload or closing the tab",
            keeper: "this browser",
            lasts: "until the tab is closed",
        }
    }
}

/// Files opened outside the page (the desktop's Open menu, command line and second launch) go to
/// `handler`. In the browser nothing is opened outside the page, and this does nothing.
pub fn on_opened_files(handler: impl Fn(Vec<Opened>) + 'static) {
    if desktop::present() {
        desktop::on_opened(handler);
    }
}

/// Why the clipboard was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipboardError {
    /// There is no clipboard here (the browser offers it only to secure pages).
    Unavailable,
    /// The host refused the write (permission, or the page not focused).
    Refused,
}

/// Selects the text inside `node`, so Ctrl+C copies it when the clipboard cannot be written.
pub fn select_contents(node: &leptos::web_sys::Node) {
    host::select_contents(node);
}

/// Opens the host's print dialog for the page.
pub fn print() {
    host::print();
}

/// Reads what is stored under `key`; `Ok(None)` when nothing is.
pub fn read_stored(key: &str) -> Result<Option<String>, StorageError> {
    host::read_stored(key)
}

/// Stores `value` under `key`.
pub fn write_stored(key: &str, value: &str) -> Result<(), StorageError> {
    host::write_stored(key, value)
}

/// Why storage could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {
    /// The host gives this page no storage (a privacy mode, blocked site data).
    Unavailable,
    /// The write was refused (the quota is full, or storage was blocked since).
    Refused,
}

/// Milliseconds on a monotonic clock, for measuring slices of work.
pub fn now_ms() -> f64 {
    host::now_ms()
}

/// Resolves on a fresh task, after the host has had the chance to paint and handle input.
pub async fn yield_now() {
    host::yield_now().await;
}

/// A moment in the host's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Minutes ahead of UTC (negative west of Greenwich).
    pub offset_minutes: i32,
}

/// Epoch milliseconds in the host's time zone.
pub fn local_time(epoch_ms: i64) -> LocalTime {
    host::local_time(epoch_ms)
}

/// Text pasted anywhere on the page outside a text field: `handler` gets the pasted text.
pub fn on_paste(handler: impl Fn(String) + 'static) -> Listeners {
    host::on_paste(handler)
}

/// Files dragged over and dropped anywhere on the window: `dragging` hears whether files are
/// being dragged over the page, `dropped` gets the dropped files.
pub fn on_file_drop(dragging: impl Fn(bool) + 'static, dropped: impl Fn(Vec<File>) + 'static) -> Listeners {
    host::on_file_drop(dragging, dropped)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
