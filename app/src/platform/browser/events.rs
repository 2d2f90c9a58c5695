//! Paste and drop on the whole window, with gloo-events listeners.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use leptos::prelude::{LocalStorage, StoredValue};
use wasm_bindgen::JsCast;

use super::{files_of, File};

/// Window listeners, removed when dropped.
pub struct Listeners {
    _held: Vec<EventListener>,
}

impl Listeners {
    /// Keeps the listeners until the current reactive owner (the component) is cleaned up.
    pub fn keep_while_mounted(self) {
        StoredValue::<_, LocalStorage>::new_local(self);
    }
}

fn window_target() -> Option<web_sys::EventTarget> {
    web_sys::window().map(Into::into)
}

/// Listeners that may call `preventDefault` (gloo's default is passive).
fn listen(
    target: &web_sys::EventTarget,
    kind: &'static str,
    f: impl FnMut(&web_sys::Event) + 'static,
) -> EventListener {
    EventListener::new_with_options(target, kind, EventListenerOptions::enable_prevent_default(), f)
}

pub fn on_paste(handler: impl Fn(String) + 'static) -> Listeners {
    let Some(window) = window_target() else { return Listeners { _held: Vec::new() } };
    let paste = listen(&window, "paste", move |e| {
        if in_text_field(e.target()) {
            return;
        }
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
        let text = e.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        e.prevent_default();
        handler(text);
    });
    Listeners { _held: vec![paste] }
}

/// Whether the event comes from a place where a paste means text: a text field, a select or an
/// editable element.
fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => {
            let kind = el.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
            !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "file")
        }
        _ => el.dyn_ref::<web_sys::HtmlElement>().is_some_and(web_sys::HtmlElement::is_content_editable),
    }
}

pub fn on_file_drop(dragging: impl Fn(bool) + 'static, dropped: impl Fn(Vec<File>) + 'static) -> Listeners {
    let Some(window) = window_target() else { return Listeners { _held: Vec::new() } };
    let dragging = Rc::new(dragging);
    // dragenter/dragleave fire for every element crossed: count them to know when the drag left.
    let depth = Rc::new(Cell::new(0_i32));
    fn drag(e: &web_sys::Event) -> Option<&web_sys::DragEvent> {
        e.dyn_ref::<web_sys::DragEvent>()
    }
    fn has_files(e: &web_sys::DragEvent) -> bool {
        e.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    }
    let enter = {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        listen(&window, "dragenter", move |e| {
            if drag(e).is_some_and(has_files) {
                e.prevent_default();
                depth.set(depth.get() + 1);
                dragging(true);
            }
        })
    };
    let over = listen(&window, "dragover", move |e| {
        if let Some(e) = drag(e).filter(|e| has_files(e)) {
            e.prevent_default();
            if let Some(d) = e.data_transfer() {
                d.set_drop_effect("copy");
            }
        }
    });
    let leave = {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        listen(&window, "dragleave", move |_| {
            depth.set((depth.get() - 1).max(0));
            if depth.get() == 0 {
                dragging(false);
            }
        })
    };
    let drop = listen(&window, "drop", move |e| {
        depth.set(0);
        dragging(false);
        let Some(list) = drag(e).and_then(web_sys::DragEvent::data_transfer).and_then(|d| d.files()) else { return };
        e.prevent_default();
        let files = files_of(list);
        if !files.is_empty() {
            dropped(files);
        }
    });
    Listeners { _held: vec![enter, over, leave, drop] }
}
