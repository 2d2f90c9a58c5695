//! Keyboard hints.

use leptos::prelude::*;

/// A key or a chord as `<kbd>` elements joined by "+": `["Ctrl", "V"]` shows Ctrl+V.
#[component]
pub fn Keys(keys: &'static [&'static str]) -> impl IntoView {
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            view! {
                {(i > 0).then_some("+")}
                <kbd>{*key}</kbd>
            }
        })
        .collect_view()
}
