//! Findlens in the browser: paste or open GuardDuty findings and read each one's remediation guide,
//! filled in with the finding's own values. Everything happens in this tab: the core reads the bytes
//! and builds the guides, and nothing is sent anywhere.
//!
//! Layout: [`App`] holds the page; `workspace` holds what is loaded (state only, no view);
//! `load_panel` is the paste box, file picker and load status; `finding_card`, `guide_view` and
//! `command` render one finding, its guide and its commands.
//!
//! Every string that comes from a finding is rendered as a text node or an attribute value, never as
//! markup: findings carry attacker-controlled text (user names, process command lines, titles).

mod command;
mod finding_card;
mod guide_view;
mod load_panel;
mod workspace;

use leptos::prelude::*;

use crate::finding_card::FindingList;
use crate::load_panel::LoadPanel;
use crate::workspace::Workspace;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Workspace::new());

    view! {
        <header class="masthead">
            <div class="masthead-inner">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"◎"</span>
                    <h1>"Findlens"</h1>
                    <p class="tagline">"Remediation guides for Amazon GuardDuty findings"</p>
                </div>
                <p class="privacy" data-testid="privacy">
                    <svg class="privacy-icon" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
                        <path
                            fill="currentColor"
                            d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z"
                        ></path>
                    </svg>
                    "Your findings never leave this machine."
                </p>
            </div>
        </header>
        <main class="page">
            <LoadPanel/>
            <FindingList/>
        </main>
        <footer class="page-footer">
            <p>
                "Findlens reads findings and builds guides inside this browser tab. "
                "It makes no network requests after the page has loaded."
            </p>
        </footer>
    }
}
