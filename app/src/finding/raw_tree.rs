//! The finding's raw JSON as a collapsible tree of the core's nodes (`findlens_core::raw`). Nodes
//! are shown only when their parent is expanded, and every key and value is a text node. Any value,
//! and its field path (as the core gives it: GuardDuty's wire path, or an ASFF or OCSF document's
//! own), can be copied.

use std::sync::Arc;

use findlens_core::raw::{Kind, Node};
use leptos::prelude::*;

use crate::platform::ClipboardError;
use crate::widgets::CopyButton;

/// Where a node sits: the tree, and the child positions that lead to it.
#[derive(Clone)]
struct At {
    root: Arc<Node>,
    indices: Vec<usize>,
}

impl At {
    fn node(&self) -> Option<&Node> {
        self.indices.iter().try_fold(&*self.root, |n, &i| n.children.get(i))
    }

    fn child(&self, i: usize) -> At {
        let mut indices = self.indices.clone();
        indices.push(i);
        At { root: self.root.clone(), indices }
    }
}

/// The copy status shared by the tree's buttons.
#[derive(Clone, Copy)]
struct CopyStatus(RwSignal<String>);

#[component]
pub fn RawTree(raw: Arc<Node>) -> impl IntoView {
    let status = CopyStatus(RwSignal::new(String::new()));
    provide_context(status);
    let root = At { root: raw, indices: Vec::new() };
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
                <CopyButton
                    text=move || whole.node().map(Node::copy_text).unwrap_or_default()
                    on_copied=move |outcome| status.report(outcome, "the whole finding")
                    class="button subtle small"
                    testid="copy-raw"
                >
                    "Copy all"
                </CopyButton>
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

impl CopyStatus {
    fn report(self, outcome: Result<(), ClipboardError>, what: &str) {
        let message = match outcome {
            Ok(()) => format!("Copied {what}."),
            Err(_) => format!("Could not copy {what} here: this browser blocks the clipboard."),
        };
        self.0.set(message);
    }
}

/// The members of an object or array, each a node.
#[component]
fn Children(at: At) -> impl IntoView {
    let count = at.node().map_or(0, |n| n.children.len());
    (0..count).map(|i| view! { <NodeView at=at.child(i)/> }).collect_view()
}

#[component]
fn NodeView(at: At) -> impl IntoView {
    let status = expect_context::<CopyStatus>();
    let Some(node) = at.node() else { return ().into_any() };
    let is_index = node.index.is_some();
    let label = match (&node.key, node.index) {
        (Some(key), _) => key.clone(),
        (None, Some(i)) => format!("[{i}]"),
        (None, None) => String::new(),
    };
    let path = node.path.clone().unwrap_or_default();
    let summary = match node.kind {
        Kind::Object => Some(format!("{{{}}}", plural(node.children.len(), "field", "fields"))),
        Kind::Array => Some(format!("[{}]", plural(node.children.len(), "item", "items"))),
        _ => None,
    };
    let (kind, shown) = match node.kind {
        Kind::String => ("json-string", format!("\"{}\"", node.text)),
        Kind::Number => ("json-number", node.text.clone()),
        Kind::Bool => ("json-bool", node.text.clone()),
        Kind::Null => ("json-null", node.text.clone()),
        Kind::Object | Kind::Array => ("", String::new()),
    };
    let what = if path.is_empty() { label.clone() } else { path.clone() };
    let value_at = at.clone();
    let copied_value = format!("the value of {what}");
    let path_text = path.clone();
    let copied_path = format!("the path {path}");
    let buttons = view! {
        <span class="json-actions">
            <CopyButton
                text=move || value_at.node().map(Node::copy_text).unwrap_or_default()
                on_copied=move |outcome| status.report(outcome, &copied_value)
                class="json-copy"
                testid="copy-value"
                label=format!("Copy the value of {what}")
            >
                "copy"
            </CopyButton>
            {(!path.is_empty() && !is_index)
                .then(|| {
                    view! {
                        <CopyButton
                            text=move || path_text.clone()
                            on_copied=move |outcome| status.report(outcome, &copied_path)
                            class="json-copy"
                            testid="copy-path"
                            label=format!("Copy the field path {path}")
                        >
                            "path"
                        </CopyButton>
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
