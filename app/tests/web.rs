//! The app in a real browser (headless Chromium through wasm-bindgen-test-runner): mount it, paste
//! a finding, press "Show guide", and read the DOM.

use findlens_app::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlTextAreaElement};

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
}

impl Mounted {
    fn new() -> Self {
        let root = document().create_element("div").expect("create a div").unchecked_into::<HtmlElement>();
        document().body().expect("a body").append_child(&root).expect("append the root");
        // The handle owns the app's reactive owner: forget it so the app lives on.
        mount_to(root.clone(), App).forget();
        Mounted { root }
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

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// Types into the paste box as a user would (value, then a bubbling `input` event) and presses
    /// "Show guide".
    async fn paste_and_show(&self, json: &str) {
        let paste_box: HtmlTextAreaElement = self.get("paste-box").unchecked_into();
        paste_box.set_value(json);
        let init = EventInit::new();
        init.set_bubbles(true);
        let input = Event::new_with_event_init_dict("input", &init).expect("an input event");
        paste_box.dispatch_event(&input).expect("dispatch input");
        self.get("show-button").click();
        settle().await;
    }

    fn remove(self) {
        self.root.remove();
    }
}

/// Lets the reactive system and the browser run what the click scheduled.
async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn pasted_finding_shows_its_type_and_guide() {
    let app = Mounted::new();
    app.paste_and_show(FINDING).await;

    assert_eq!(app.count("finding-card"), 1, "one card: {}", app.text());
    let card = app.get("finding-card");
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom"), "{text}");
    assert!(text.contains("High 8.0"), "severity as a word and a number: {text}");
    assert!(app.count("guide-step") > 0, "the guide has steps: {text}");
    assert!(app.count("command") > 0, "the guide has commands: {text}");
    let status = app.get("status").text_content().unwrap_or_default();
    assert!(status.contains("1 finding read"), "{status}");
    app.remove();
}

#[wasm_bindgen_test]
async fn invalid_json_shows_a_problem_with_its_line() {
    let app = Mounted::new();
    app.paste_and_show("{\"type\": \"X\",\n  \"id\": }").await;

    assert_eq!(app.count("finding-card"), 0);
    let problem = app.get("problem-item").text_content().unwrap_or_default();
    assert!(problem.contains("line 2"), "{problem}");
    assert!(problem.contains("column"), "{problem}");
    app.remove();
}

#[wasm_bindgen_test]
async fn loads_add_up_and_a_later_error_loses_nothing() {
    let app = Mounted::new();
    app.paste_and_show(FINDING).await;
    app.paste_and_show("not json").await;
    assert_eq!(app.count("finding-card"), 1, "{}", app.text());
    assert_eq!(app.count("load-status"), 2);

    // The same finding again (same ID) is shown once.
    app.paste_and_show(FINDING).await;
    assert_eq!(app.count("finding-card"), 1, "{}", app.text());
    assert!(app.get("status").text_content().unwrap_or_default().contains("already shown"));

    app.get("clear-button").click();
    settle().await;
    assert_eq!(app.count("finding-card"), 0);
    app.remove();
}

#[wasm_bindgen_test]
async fn empty_paste_says_so() {
    let app = Mounted::new();
    app.paste_and_show("  \n ").await;
    let status = app.get("status").text_content().unwrap_or_default();
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
    app.paste_and_show(&hostile).await;

    let card = app.get("finding-card");
    assert!(card.text_content().unwrap_or_default().contains("<img src=x onerror=\"window.__pwned=1\">"));
    assert!(card.query_selector("img").expect("a valid selector").is_none());
    assert!(card.query_selector("script").expect("a valid selector").is_none());
    app.remove();
}
