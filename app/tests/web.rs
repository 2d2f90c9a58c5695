//! The app in a real browser (headless Chromium through wasm-bindgen-test-runner): mount it, load
//! findings as a user would, and read the DOM. Loads run in slices between browser tasks, so each
//! step waits until the page shows its result.

use findlens_app::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const FINDING: &str = r#"{
  "accountId": "123456789012",
  "region": "us-east-1",
  "id": "web-test-finding-1",
  "type": "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
  "title": "API ListBuckets was invoked from an IP address on a custom threat list.",
  "severity": 8,
  "updatedAt": "2026-11-28T10:03:17.000Z",
  "resource": {
    "resourceType": "AccessKey",
    "accessKeyDetails": { "accessKeyId": "AKIAEXAMPLE1234567890", "userName": "build-bot", "userType": "IAMUser" }
  },
  "service": {
    "count": 1,
    "action": {
      "actionType": "AWS_API_CALL",
      "awsApiCallAction": { "api": "ListBuckets", "remoteIpDetails": { "ipAddressV4": "198.51.100.23" } }
    }
  }
}"#;

/// The app mounted into its own fresh element, so tests do not see each other's DOM.
struct Mounted {
    root: HtmlElement,
    /// Dropping it unmounts the app and runs its clean-ups (its window listeners go too).
    handle: Box<dyn std::any::Any>,
}

impl Mounted {
    fn new() -> Self {
        // The URL's fragment holds the view, and every test shares the page: start from none.
        let window = web_sys::window().expect("a window");
        let location = window.location();
        let path = location.pathname().expect("a path") + &location.search().expect("a query");
        window
            .history()
            .expect("a history")
            .replace_state_with_url(&JsValue::NULL, "", Some(&path))
            .expect("reset the URL");
        let root = document().create_element("div").expect("create a div").unchecked_into::<HtmlElement>();
        document().body().expect("a body").append_child(&root).expect("append the root");
        // The handle owns the app's reactive owner: kept until `remove`, so the app lives on.
        let handle = Box::new(mount_to(root.clone(), App));
        Mounted { root, handle }
    }

    fn find(&self, test_id: &str) -> Option<Element> {
        self.root.query_selector(&format!("[data-testid='{test_id}']")).expect("a valid selector")
    }

    fn get(&self, test_id: &str) -> HtmlElement {
        self.find(test_id).unwrap_or_else(|| panic!("no [data-testid='{test_id}']")).unchecked_into()
    }

    fn count(&self, test_id: &str) -> u32 {
        self.root.query_selector_all(&format!("[data-testid='{test_id}']")).expect("a valid selector").length()
    }

    fn text_of(&self, test_id: &str) -> String {
        self.find(test_id).and_then(|e| e.text_content()).unwrap_or_default()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// Waits (up to about five seconds) until `done` holds.
    async fn until(&self, what: &str, done: impl Fn(&Self) -> bool) {
        for _ in 0..500 {
            if done(self) {
                return;
            }
            sleep(10).await;
        }
        panic!("timed out waiting until {what}: {}", self.text());
    }

    /// Goes back to the list when a finding is open.
    async fn to_list(&self) {
        if let Some(back) = self.find("back-button") {
            back.unchecked_into::<HtmlElement>().click();
            self.until("the list is back", |a| a.find("finding-view").is_none()).await;
        }
    }

    /// Types into the paste box as a user would (value, then a bubbling `input` event), presses
    /// the load button, and waits for the load's report.
    async fn paste(&self, json: &str) {
        self.to_list().await;
        let reports = self.count("load-status");
        let paste_box: HtmlTextAreaElement = self.get("paste-box").unchecked_into();
        paste_box.set_value(json);
        fire(&paste_box, "input");
        self.get("load-paste-button").click();
        self.until("the load is reported", |a| a.count("load-status") > reports).await;
    }

    fn remove(self) {
        drop(self.handle);
        self.root.remove();
    }
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(name, &init).expect("an event");
    target.dispatch_event(&event).expect("dispatch");
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("a timer");
}

#[wasm_bindgen_test]
async fn pasted_finding_opens_with_its_type_severity_and_guide() {
    let app = Mounted::new();
    app.paste(FINDING).await;
    app.until("the finding opens", |a| a.find("finding-view").is_some()).await;

    let view = app.text_of("finding-view");
    assert!(view.contains("UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom"), "{view}");
    assert!(view.contains("High 8.0"), "severity as a word and a number: {view}");
    assert!(app.count("guide-step") > 0, "the guide has steps: {view}");
    assert!(app.count("command") > 0, "the guide has commands: {view}");
    assert!(app.text_of("details").contains("ListBuckets"), "what happened shows the API call");
    assert!(app.text_of("status").contains("1 finding read"), "{}", app.text_of("status"));

    app.to_list().await;
    assert_eq!(app.count("finding-row"), 1);
    assert!(app.text_of("finding-row").contains("AKIAEXAMPLE1234567890"), "{}", app.text_of("finding-row"));
    app.remove();
}

#[wasm_bindgen_test]
async fn invalid_json_shows_a_problem_with_its_line() {
    let app = Mounted::new();
    app.paste("{\"type\": \"X\",\n  \"id\": }").await;

    assert_eq!(app.count("finding-row"), 0);
    let problem = app.text_of("problem-item");
    assert!(problem.contains("line 2"), "{problem}");
    assert!(problem.contains("column"), "{problem}");
    app.remove();
}

#[wasm_bindgen_test]
async fn loads_add_up_the_same_finding_shows_once_and_clear_empties() {
    let app = Mounted::new();
    app.paste(FINDING).await;
    app.paste("not json").await;
    app.to_list().await;
    assert_eq!(app.count("finding-row"), 1, "{}", app.text());
    assert_eq!(app.count("load-status"), 2);

    // The same finding again (same ID) is shown once.
    app.paste(FINDING).await;
    app.to_list().await;
    assert_eq!(app.count("finding-row"), 1, "{}", app.text());
    assert!(app.text_of("status").contains("1 was already loaded"), "{}", app.text_of("status"));

    app.get("clear-button").click();
    app.until("the list is empty", |a| a.count("finding-row") == 0).await;
    assert!(app.find("welcome").is_some(), "the welcome panel is back");
    app.remove();
}

#[wasm_bindgen_test]
async fn empty_paste_says_so() {
    let app = Mounted::new();
    app.paste("  \n ").await;
    let status = app.text_of("status");
    assert!(status.contains("empty"), "{status}");
    assert_eq!(app.count("problem-item"), 0);
    app.remove();
}

#[wasm_bindgen_test]
async fn markup_in_a_finding_stays_text() {
    let app = Mounted::new();
    let hostile = FINDING.replace(
        "API ListBuckets was invoked",
        r#"<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>"#,
    );
    app.paste(&hostile).await;
    app.until("the finding opens", |a| a.find("finding-view").is_some()).await;

    let view = app.get("finding-view");
    assert!(view.text_content().unwrap_or_default().contains("<img src=x onerror=\"window.__pwned=1\">"));
    assert!(view.query_selector("img").expect("a valid selector").is_none());
    assert!(view.query_selector("script").expect("a valid selector").is_none());
    app.to_list().await;
    let row = app.get("finding-row");
    assert!(row.text_content().unwrap_or_default().contains("<script>window.__pwned=1</script>"));
    assert!(row.query_selector("img, script").expect("a valid selector").is_none());
    app.remove();
}

#[wasm_bindgen_test]
async fn samples_load_and_the_list_filters_by_text() {
    let app = Mounted::new();
    app.get("welcome-load-all").click();
    app.until("21 findings are listed", |a| a.text_of("finding-count") == "21 findings").await;

    let search: HtmlInputElement = app.get("search").unchecked_into();
    search.set_value("toripcaller");
    fire(&search, "input");
    app.until("the search narrows the list", |a| a.text_of("finding-count") == "1 of 21 findings").await;
    assert!(app.text_of("finding-row").contains("UnauthorizedAccess:IAMUser/TorIPCaller"));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_ticked_step_is_saved_under_the_progress_key() {
    let app = Mounted::new();
    let finding = FINDING.replace("web-test-finding-1", "web-test-progress");
    app.paste(&finding).await;
    app.until("the finding opens", |a| a.find("step-check").is_some()).await;

    let check: HtmlInputElement = app.get("step-check").unchecked_into();
    check.click();
    app.until("the guide counts the tick", |a| a.text_of("guide-progress").starts_with("1 of")).await;
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item("findlens.progress.v1").ok().flatten())
        .unwrap_or_default();
    let saved = findlens_core::workspace::Progress::from_json(&stored).expect("our own progress JSON");
    let step = app.get("guide-step").get_attribute("data-step-id").expect("a step id");
    assert!(saved.is_done("web-test-progress", &step), "{stored}");
    app.remove();
}
