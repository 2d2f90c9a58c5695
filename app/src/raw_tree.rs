//! The finding's raw JSON as a collapsible tree. Nodes are built only when their parent is
//! expanded, and every key and value is a text node. Any value, and its field path, can be copied:
//! the path is dotted camelCase, as GuardDuty's filter criteria spell it
//! (`service.action.awsApiCallAction.remoteIpDetails.ipAddressV4`): PascalCase keys get their first
//! letter lower-cased, and list indices are dropped.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::command::write_clipboard;

/// The field path of a node from its keys (indices already left out).
pub fn field_path(keys: &[String]) -> String {
    keys.iter()
        .map(|k| {
            let mut chars = k.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A JSON Pointer segment (`~` and `/` escaped).
fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What a copy button copies: text as it is, other values as JSON.
fn copy_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(_) | Value::Array(_) => serde_json::to_string_pretty(v).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Where a node sits: the root, a JSON Pointer to it, and its keys for the field path.
#[derive(Clone)]
struct At {
    root: Arc<Value>,
    pointer: String,
    keys: Vec<String>,
}

impl At {
    fn value(&self) -> Option<&Value> {
        self.root.pointer(&self.pointer)
    }

    fn child(&self, key: &str, is_index: bool) -> At {
        let mut keys = self.keys.clone();
        if !is_index {
            keys.push(key.to_owned());
        }
        At { root: self.root.clone(), pointer: format!("{}/{}", self.pointer, pointer_segment(key)), keys }
    }
}

/// The copy status shared by the tree's buttons.
#[derive(Clone, Copy)]
struct CopyStatus(RwSignal<String>);

#[component]
pub fn RawTree(raw: Arc<Value>) -> impl IntoView {
    let status = CopyStatus(RwSignal::new(String::new()));
    provide_context(status);
    let root = At { root: raw, pointer: String::new(), keys: Vec::new() };
    let whole = root.clone();
    // Folded by default: the tree is for looking things up, and folded it costs no DOM and no tab
    // stops on the way to the guide.
    let open = RwSignal::new(false);
    view! {
        <section class="raw panel-section" aria-labelledby="raw-heading" data-testid="raw-tree">
            <div class="raw-head">
                <h3 id="raw-heading">"Raw JSON"</h3>
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="raw-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="raw-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide" } else { "Show" }}
                </button>
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="copy-raw"
                    on:click=move |_| {
                        let text = whole.value().map(copy_text).unwrap_or_default();
                        copy(status, text, "the whole finding".into());
                    }
                >
                    "Copy all"
                </button>
            </div>
            <p class="help">
                "The finding as it was loaded. Expand a field to look inside; copy any value, or its "
                "path as GuardDuty's filter criteria spell it."
            </p>
            <p class="copy-status" role="status" aria-live="polite" data-testid="raw-copy-status">
                {move || status.0.get()}
            </p>
            <div id="raw-body" hidden=move || !open.get()>
                {move || {
                    open.get()
                        .then(|| {
                            view! {
                                <ul class="json-tree">
                                    <Children at=root.clone()/>
                                </ul>
                            }
                        })
                }}
            </div>
        </section>
    }
}

async fn copy_async(status: CopyStatus, text: String, what: String) {
    let message = if write_clipboard(&text).await {
        format!("Copied {what}.")
    } else {
        format!("Could not copy {what} here: this browser blocks the clipboard.")
    };
    status.0.set(message);
}

fn copy(status: CopyStatus, text: String, what: String) {
    spawn_local(copy_async(status, text, what));
}

/// The members of an object or array, each a node.
#[component]
fn Children(at: At) -> impl IntoView {
    let entries: Vec<(String, bool)> = match at.value() {
        Some(Value::Object(map)) => map.keys().map(|k| (k.clone(), false)).collect(),
        Some(Value::Array(items)) => (0..items.len()).map(|i| (i.to_string(), true)).collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .map(|(key, is_index)| {
            let child = at.child(&key, is_index);
            let label = if is_index { format!("[{key}]") } else { key };
            view! { <Node at=child label is_index/> }
        })
        .collect_view()
}

#[component]
fn Node(at: At, label: String, is_index: bool) -> impl IntoView {
    let status = expect_context::<CopyStatus>();
    let path = field_path(&at.keys);
    let Some(value) = at.value() else { return ().into_any() };
    let summary = match value {
        Value::Object(m) => Some(format!("{{{}}}", plural(m.len(), "field", "fields"))),
        Value::Array(a) => Some(format!("[{}]", plural(a.len(), "item", "items"))),
        _ => None,
    };
    let (kind, shown) = match value {
        Value::String(s) => ("json-string", format!("\"{s}\"")),
        Value::Number(n) => ("json-number", n.to_string()),
        Value::Bool(b) => ("json-bool", b.to_string()),
        Value::Null => ("json-null", "null".to_owned()),
        _ => ("", String::new()),
    };
    let what = if path.is_empty() { label.clone() } else { path.clone() };
    let copy_value = {
        let at = at.clone();
        let what = what.clone();
        move |_| {
            let text = at.value().map(copy_text).unwrap_or_default();
            copy(status, text, format!("the value of {what}"));
        }
    };
    let copy_path = {
        let path = path.clone();
        move |_| copy(status, path.clone(), format!("the path {path}"))
    };
    let buttons = view! {
        <span class="json-actions">
            <button
                type="button"
                class="json-copy"
                data-testid="copy-value"
                aria-label=format!("Copy the value of {what}")
                on:click=copy_value
            >
                "copy"
            </button>
            {(!path.is_empty() && !is_index)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="json-copy"
                            data-testid="copy-path"
                            aria-label=format!("Copy the field path {path}")
                            on:click=copy_path.clone()
                        >
                            "path"
                        </button>
                    }
                })}
        </span>
    };
    let key_class = if is_index { "json-key json-index" } else { "json-key" };
    match summary {
        Some(summary) => {
            let expanded = RwSignal::new(false);
            let children_at = at.clone();
            view! {
                <li class="json-node json-branch" data-testid="json-node" data-path=path.clone()>
                    <button
                        type="button"
                        class="json-toggle"
                        data-testid="json-toggle"
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        <span class="json-caret" aria-hidden="true">
                            {move || if expanded.get() { "▾" } else { "▸" }}
                        </span>
                        <span class=key_class>{label}</span>
                    </button>
                    " "
                    <span class="json-summary">{summary}</span>
                    {buttons}
                    {move || {
                        expanded
                            .get()
                            .then(|| {
                                view! {
                                    <ul class="json-children">
                                        <Children at=children_at.clone()/>
                                    </ul>
                                }
                            })
                    }}
                </li>
            }
            .into_any()
        }
        None => view! {
            <li class="json-node json-leaf" data-testid="json-node" data-path=path.clone()>
                <span class=key_class>{label}</span>
                <span class="json-colon" aria-hidden="true">": "</span>
                <span class=format!("json-value {kind}") data-testid="json-value">{shown}</span>
                {buttons}
            </li>
        }
        .into_any(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn paths_are_camel_case_without_indices() {
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            field_path(&keys(&["Service", "Action", "AwsApiCallAction", "RemoteIpDetails", "IpAddressV4"])),
            "service.action.awsApiCallAction.remoteIpDetails.ipAddressV4"
        );
        assert_eq!(
            field_path(&keys(&["resource", "instanceDetails", "tags", "key"])),
            "resource.instanceDetails.tags.key"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pointers_escape() {
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
    }
}
