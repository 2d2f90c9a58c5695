//! The browser host in headless Chromium.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_test::wasm_bindgen_test;

use super::*;

#[wasm_bindgen_test]
fn storage_round_trip() {
    let key = "findlens.platform-test";
    assert_eq!(write_stored(key, "dark"), Ok(()));
    assert_eq!(read_stored(key), Ok(Some("dark".to_owned())));
    assert_eq!(read_stored("findlens.platform-test.absent"), Ok(None));
}

#[wasm_bindgen_test]
fn local_time_agrees_with_its_offset() {
    let t = local_time(0);
    let minutes = i64::from(t.hour) * 60 + i64::from(t.minute);
    let expected = i64::from(t.offset_minutes).rem_euclid(24 * 60);
    assert_eq!(minutes, expected);
    assert_eq!(t.second, 0);
}

#[wasm_bindgen_test]
fn a_download_starts() {
    assert_eq!(save_download("findlens-test.md", "text/markdown;charset=utf-8", "# Hi"), Ok(()));
}

#[wasm_bindgen_test]
async fn a_file_is_read_in_chunks() {
    let text = "0123456789".repeat(10);
    let file =
        web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&text.as_str().into()), "ten.json").expect("a file");
    assert_eq!(file_name(&file), "ten.json");
    assert_eq!(file_size(&file), 100);
    let mut chunks = chunks(&file, 30);
    let mut bytes = Vec::new();
    let mut count = 0;
    while let Some(read) = chunks.next_into(&mut bytes).await {
        assert_eq!(read, Ok(()));
        count += 1;
    }
    assert_eq!(count, 4);
    assert_eq!(bytes, text.as_bytes());
}

#[wasm_bindgen_test]
async fn yielding_and_the_clock_move_on() {
    let before = now_ms();
    yield_now().await;
    assert!(now_ms() >= before);
}

#[wasm_bindgen_test]
fn paste_outside_a_field_hands_over_the_text() {
    let got = Rc::new(RefCell::new(Vec::new()));
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let got = got.clone();
        on_paste(move |text| got.borrow_mut().push(text)).keep_while_mounted();
    });
    let data = web_sys::DataTransfer::new().expect("a DataTransfer");
    data.set_data("text", "{\"id\": \"x\"}").expect("set data");
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).expect("an event");
    let body = leptos::prelude::document().body().expect("a body");
    body.dispatch_event(&event).expect("dispatched");
    assert_eq!(*got.borrow(), vec!["{\"id\": \"x\"}".to_owned()]);
    assert!(event.default_prevented());
    owner.cleanup();
    body.dispatch_event(&web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).expect("an event"))
        .expect("dispatched");
    assert_eq!(got.borrow().len(), 1, "listeners are removed with their owner");
}

#[wasm_bindgen_test]
fn dropped_files_are_handed_over() {
    let dragging = Rc::new(RefCell::new(Vec::new()));
    let dropped = Rc::new(RefCell::new(Vec::new()));
    let _listeners = {
        let (dragging, dropped) = (dragging.clone(), dropped.clone());
        on_file_drop(
            move |d| dragging.borrow_mut().push(d),
            move |files| dropped.borrow_mut().extend(files.iter().map(file_name)),
        )
    };
    let file = web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&"{}".into()), "a.json").expect("a file");
    let data = web_sys::DataTransfer::new().expect("a DataTransfer");
    data.items().add_with_file(&file).expect("added");
    let event = |kind: &str| {
        let init = web_sys::DragEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_data_transfer(Some(&data));
        web_sys::DragEvent::new_with_event_init_dict(kind, &init).expect("an event")
    };
    let body = leptos::prelude::document().body().expect("a body");
    body.dispatch_event(&event("dragenter")).expect("dispatched");
    let drop = event("drop");
    body.dispatch_event(&drop).expect("dispatched");
    assert!(drop.default_prevented());
    assert_eq!(*dragging.borrow(), vec![true, false]);
    assert_eq!(*dropped.borrow(), vec!["a.json".to_owned()]);
}

#[wasm_bindgen_test]
fn a_plain_browser_is_not_the_desktop() {
    assert!(!desktop::present());
    assert_eq!(place().here, "this tab");
    // Nothing is opened outside the page in a browser: registering does nothing and never fails.
    on_opened_files(|_| panic!("no files come from outside a browser page"));
}

#[wasm_bindgen_test]
fn the_title_names_what_is_open() {
    set_title("a.json – Findlens");
    let title = web_sys::window().and_then(|w| w.document()).map(|d| d.title());
    assert_eq!(title.as_deref(), Some("a.json – Findlens"));
}
