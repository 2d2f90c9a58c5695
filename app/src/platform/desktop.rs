//! The desktop host: the same page inside the Findlens window (Tauri v2). Only what the webview
//! cannot do as a browser page goes through Tauri: taking the files opened from the menu, the
//! command line or a second launch; saving an export (WebKitGTK does not save a Blob-anchor
//! download); writing the clipboard; naming what is open in the title. Everything else (reading
//! dropped or chosen files, storage, the clock, listeners) is the browser host's code.
//!
//! Commands go through `window.__TAURI_INTERNALS__.invoke`, which Tauri injects into every page it
//! serves: so `withGlobalTauri` stays off and no `window.__TAURI__` object exists for other scripts.
//! What the window may call is set by the capabilities in `src-tauri/capabilities/`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{ClipboardError, File, ReadError};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI_INTERNALS__"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Registers a callback Tauri can call by number (how events reach the page).
    #[wasm_bindgen(js_namespace = ["window", "__TAURI_INTERNALS__"], js_name = transformCallback)]
    fn transform_callback(callback: &Closure<dyn FnMut(JsValue)>, once: bool) -> f64;
}

/// Whether the page runs inside the Findlens window.
pub fn present() -> bool {
    web_sys::window().is_some_and(|w| Reflect::has(&w, &JsValue::from_str("__TAURI_INTERNALS__")).unwrap_or(false))
}

/// `{ key: value, … }` for a command's arguments.
fn args(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// The text of a command's error, for the load report and the console.
fn message(e: &JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Asks where to save (the native Save dialog, in Rust) and writes `text` there.
pub fn save_download(name: &str, text: &str) {
    let call = args(&[("name", name.into()), ("text", text.into())]);
    spawn_local(async move {
        if let Err(e) = tauri_invoke("save_export", call).await {
            leptos::logging::error!("export not saved: {}", message(&e));
        }
    });
}

pub async fn write_clipboard(text: &str) -> Result<(), ClipboardError> {
    tauri_invoke("plugin:clipboard-manager|write_text", args(&[("text", text.into())]))
        .await
        .map(drop)
        .map_err(|_| ClipboardError::Refused)
}

pub fn set_title(title: &str) {
    let call = args(&[("title", title.into())]);
    spawn_local(async move {
        _ = tauri_invoke("set_title", call).await;
    });
}

/// Links to other sites open in the system browser, never in the window: a click on one is
/// handed to Rust (`open_link`), which opens only the AWS documentation and console addresses.
/// WebKitGTK does not report a `target="_blank"` click to Tauri's new-window hook in every case,
/// so the page routes them itself; Rust still refuses any navigation away from the app.
pub fn open_links_outside() {
    let Some(window) = web_sys::window() else { return };
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    gloo_events::EventListener::new_with_options(&window, "click", options, |e| {
        let Some(anchor) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let href = anchor.href();
        if !(href.starts_with("https:") || href.starts_with("http:")) {
            return;
        }
        e.prevent_default();
        let call = args(&[("url", href.into())]);
        spawn_local(async move {
            if let Err(e) = tauri_invoke("open_link", call).await {
                leptos::logging::error!("link not opened: {}", message(&e));
            }
        });
    })
    // Held for the life of the page.
    .forget();
}

/// A file the desktop opened: the bytes as a browser `File` (so the loader reads it like a dropped
/// one), or its name and why the system could not read it.
pub type Opened = Result<File, (String, ReadError)>;

/// Calls `handler` with the files the desktop opens: those waiting now (from the command line) and
/// each later batch (the Open dialog, a second launch). The listener lives as long as the page.
pub fn on_opened(handler: impl Fn(Vec<Opened>) + 'static) {
    let handler = std::rc::Rc::new(handler);
    let on_event = {
        let handler = handler.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            let handler = handler.clone();
            spawn_local(async move { take_waiting(&*handler).await });
        })
    };
    let id = transform_callback(&on_event, false);
    // Tauri keeps the callback by number for as long as the page lives.
    on_event.forget();
    let listen = args(&[
        ("event", "findlens://opened".into()),
        ("target", args(&[("kind", "Any".into())])),
        ("handler", id.into()),
    ]);
    spawn_local(async move {
        if let Err(e) = tauri_invoke("plugin:event|listen", listen).await {
            leptos::logging::error!("cannot hear opened files: {}", message(&e));
        }
        // Whatever was opened before the page listened (the command line's files).
        take_waiting(&*handler).await;
    });
}

/// Takes every waiting file's bytes and hands them over in one batch.
async fn take_waiting(handler: &dyn Fn(Vec<Opened>)) {
    let Ok(list) = tauri_invoke("take_opened", JsValue::UNDEFINED).await else { return };
    let mut batch = Vec::new();
    for entry in Array::from(&list).iter() {
        let name = Reflect::get(&entry, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let id = Reflect::get(&entry, &"id".into()).ok().and_then(|v| v.as_f64());
        let error = Reflect::get(&entry, &"error".into()).ok().and_then(|v| v.as_string());
        let opened = match (id, error) {
            (Some(id), _) => take_file(&name, id).await.map_err(|why| (name, why)),
            (None, why) => Err((name, ReadError(why.unwrap_or_else(|| "the file could not be read".into())))),
        };
        batch.push(opened);
    }
    if !batch.is_empty() {
        handler(batch);
    }
}

/// One file's bytes, sent raw (an `ArrayBuffer`), made into a `File` named as the desktop named it.
async fn take_file(name: &str, id: f64) -> Result<File, ReadError> {
    let buffer = tauri_invoke("take_file", args(&[("id", id.into())])).await.map_err(|e| ReadError(message(&e)))?;
    let parts = Array::of1(&Uint8Array::new(&buffer));
    File::new_with_u8_array_sequence(&parts, name).map_err(|e| ReadError(message(&e)))
}
