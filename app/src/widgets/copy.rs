//! A button that copies text to the clipboard through the platform and reports how it went; the
//! view that holds it decides what to show for the outcome.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{self, ClipboardError};

/// Copies `text()` when clicked and passes the outcome to `on_copied`.
#[component]
pub fn CopyButton(
    /// The text to copy, taken when the button is clicked.
    #[prop(into)]
    text: Callback<(), String>,
    /// What the copy did.
    #[prop(into)]
    on_copied: Callback<Result<(), ClipboardError>>,
    class: &'static str,
    testid: &'static str,
    /// The accessible name, when the visible text is not enough.
    #[prop(optional, into)]
    label: Option<String>,
    /// Marks the button `copied` while true.
    #[prop(optional, into)]
    copied: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let click = move |_| {
        let text = text.run(());
        spawn_local(async move {
            let outcome = platform::write_clipboard(&text).await;
            on_copied.run(outcome);
        });
    };
    view! {
        <button
            type="button"
            class=class
            class:copied=move || copied.get()
            data-testid=testid
            aria-label=label
            on:click=click
        >
            {children()}
        </button>
    }
}
