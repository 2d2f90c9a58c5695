//! The browser host, built on gloo: `gloo-file` reads files and makes the download's blob,
//! `gloo-timers` yields to the event loop, `gloo-events` holds the window listeners. Plain
//! `web_sys` / `js_sys` remain only where gloo has no API for the job; each such place says so.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{ClipboardError, LocalTime, ReadError, SaveError, StorageError};

/// The browser's `File`: what a file input and a drop hand over.
pub type File = web_sys::File;

pub fn file_name(file: &File) -> String {
    file.name()
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn file_size(file: &File) -> u64 {
    file.size() as u64
}

pub fn take_chosen_files(input: &web_sys::HtmlInputElement) -> Vec<File> {
    let files = input.files().map(files_of).unwrap_or_default();
    input.set_value("");
    files
}

pub(super) fn files_of(list: web_sys::FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

pub fn chunks(file: &File, chunk: u64) -> FileChunks {
    FileChunks { blob: gloo_file::Blob::from(file.clone()), at: 0, size: file_size(file), chunk: chunk.max(1) }
}

/// A file read a slice at a time through `FileReader` (gloo-file). Measured against the
/// `Blob.arrayBuffer()` loop it replaced (64 MB in 4 MB slices, headless Chromium, three rounds):
/// 360 to 480 ms against 360 to 570 ms, the same within the noise, so gloo stays.
pub struct FileChunks {
    blob: gloo_file::Blob,
    at: u64,
    size: u64,
    chunk: u64,
}

impl FileChunks {
    /// Appends the next chunk to `out`; `None` once the whole file is read.
    pub async fn next_into(&mut self, out: &mut Vec<u8>) -> Option<Result<(), ReadError>> {
        if self.at >= self.size {
            return None;
        }
        let end = (self.at + self.chunk).min(self.size);
        let part = self.blob.slice(self.at, end);
        let buffer = match gloo_file::futures::read_as_array_buffer(&part).await {
            Ok(buffer) => buffer,
            Err(e) => return Some(Err(read_error(e))),
        };
        // Copied straight into `out`: gloo's `read_as_bytes` would make a Vec of its own first.
        let view = js_sys::Uint8Array::new(&buffer);
        let at = out.len();
        out.resize(at + view.length() as usize, 0);
        view.copy_to(&mut out[at..]);
        self.at = end;
        Some(Ok(()))
    }
}

/// The browser's own message, as the load report has always shown it.
fn read_error(e: gloo_file::FileReadError) -> ReadError {
    use gloo_file::FileReadError as E;
    ReadError(match e {
        E::NotFound(m) | E::NotReadable(m) | E::Security(m) if !m.is_empty() => m,
        _ => "the browser could not read the file".into(),
    })
}

pub fn save_download(name: &str, mime: &str, text: &str) -> Result<(), SaveError> {
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(text, Some(mime)));
    // gloo has no "save as": a hidden anchor with `download` is clicked (plain web_sys).
    let document = web_sys::window().and_then(|w| w.document()).ok_or(SaveError::NoDocument)?;
    let body = document.body().ok_or(SaveError::NoDocument)?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| SaveError::NoDocument)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("visually-hidden");
    _ = body.append_child(&a);
    a.click();
    a.remove();
    // The download has started by now; keep the URL a moment for browsers that read it late.
    // Dropping the last `ObjectUrl` revokes it.
    gloo_timers::callback::Timeout::new(2_000, move || drop(url)).forget();
    Ok(())
}

/// gloo has no clipboard crate: the asynchronous Clipboard API through web_sys. It exists only in
/// secure contexts (https, localhost, the desktop shell); web_sys types the getter as always
/// present, so its absence is checked on the value.
pub async fn write_clipboard(text: &str) -> Result<(), ClipboardError> {
    let window = web_sys::window().ok_or(ClipboardError::Unavailable)?;
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(ClipboardError::Unavailable);
    }
    JsFuture::from(clipboard.write_text(text)).await.map(drop).map_err(|_| ClipboardError::Refused)
}

/// The DOM selection; gloo has none.
pub fn select_contents(node: &web_sys::Node) {
    if let Some(Ok(Some(selection))) = web_sys::window().map(|w| w.get_selection()) {
        _ = selection.select_all_children(node);
    }
}

pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        _ = w.print();
    }
}

/// Plain `web_sys::Storage`, not gloo-storage: `gloo_storage::LocalStorage` throws (and so
/// aborts the app) when the browser blocks storage, where Findlens must carry on without it, and
/// its get/set JSON-encode every value, which would change the stored format (the checklist is the
/// core's own `Progress` JSON, the theme a bare word). The typed errors are ours instead.
fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(StorageError::Unavailable)
}

pub fn read_stored(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

pub fn write_stored(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(|_| StorageError::Refused)
}

/// `performance.now()`: gloo has no clock.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// A `setTimeout(0)`: the browser paints and handles input before it fires.
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// `Date` in the browser's time zone: gloo has no dates, so js_sys.
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
pub fn local_time(epoch_ms: i64) -> LocalTime {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    LocalTime {
        year: i32::try_from(d.get_full_year()).unwrap_or(0),
        month: d.get_month() + 1,
        day: d.get_date(),
        hour: d.get_hours(),
        minute: d.get_minutes(),
        second: d.get_seconds(),
        // getTimezoneOffset is minutes *behind* UTC.
        offset_minutes: -(d.get_timezone_offset() as i32),
    }
}

/// Paste and drop on the whole window. Not called yet: lib.rs still registers its own listeners
/// for these and switches to `platform::on_paste` / `platform::on_file_drop` once the routing work
/// in lib.rs has landed.
mod events;
pub use events::{on_file_drop, on_paste, Listeners};
