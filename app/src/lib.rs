//! Findlens in the browser: the analyst's workspace. Paste, open, drop or pick sample GuardDuty
//! findings; triage them in a sortable, filterable list; open one to see what happened and work
//! through its remediation guide, ticking steps as they go. Everything happens in this tab: the
//! core reads the bytes and builds the guides, and nothing is sent anywhere.
//!
//! Layout: [`App`] holds the page and its global keys, paste and drop; `workspace` holds what is
//! loaded (state only); `nav` keeps the view in the URL; `loader` reads inputs a slice at a time;
//! `load_panel` and `welcome` get findings in; `list` is the virtualised findings table; `finding`
//! shows one finding (header, what happened, guide, raw JSON); `widgets` holds the small pieces
//! several views share; `prefs` keeps progress, theme and time zone; `platform` is the one seam to
//! the host (files, downloads, clipboard, storage, listeners).
//!
//! Every string that comes from a finding is rendered as a text node or an attribute value, never as
//! markup: findings carry attacker-controlled text (user names, process command lines, titles).

mod finding;
mod format;
mod list;
mod load_panel;
mod loader;
mod nav;
mod platform;
mod prefs;
mod welcome;
mod widgets;
mod workspace;

// The unit tests run natively (`cargo test -p findlens-app --lib`) and, with the browser tests, in
// headless Chromium.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::finding::FindingView;
use crate::list::{FindingList, ListState};
use crate::load_panel::LoadPanel;
use crate::loader::Input;
use crate::prefs::{Checklist, Prefs, ProgressNotice, ThemeSwitch};
use crate::welcome::Welcome;
use crate::workspace::{Outcome, View, Workspace};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ws = Workspace::new();
    let place = platform::place();
    provide_context(ws);
    provide_context(ListState::new(ws));
    provide_context(Checklist::load());
    provide_context(Prefs::load());

    global_keys(ws);
    paste_anywhere(ws);
    let dragging = drop_anywhere(ws);
    opened_outside(ws);
    platform::open_links_outside();
    title_names_what_is_open(ws);

    // The view in the URL (`#samples`, what `cargo xtask serve` opens, loads every sample).
    nav::start(ws, expect_context::<ListState>());

    let on_list = move || ws.view.get() == View::List;
    // The open finding and its generation: the view is rebuilt when it is opened, or replaced by a
    // newer copy, and not on every other change to the store.
    let open = Memo::new(move |_| match ws.view.get() {
        View::Finding(index) => ws.store.with(|s| s.generation_of(index).map(|g| (index, g))),
        View::List => None,
    });

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="masthead no-print">
            <div class="masthead-inner">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"◎"</span>
                    <h1>"Findlens"</h1>
                    <p class="tagline">"Remediation guides for Amazon GuardDuty findings"</p>
                </div>
                <div class="masthead-tools">
                    <p class="privacy" data-testid="privacy">
                        <svg class="privacy-icon" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
                            <path
                                fill="currentColor"
                                d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z"
                            ></path>
                        </svg>
                        "Your findings never leave this machine."
                    </p>
                    <ThemeSwitch/>
                </div>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            <ProgressNotice/>
            <div class="workspace-view" hidden=move || !on_list()>
                <LoadPanel/>
                {move || {
                    (ws.pending.with(Option::is_some) && ws.store.with(|s| s.is_empty()) && ws.busy.with(Option::is_none))
                        .then(|| {
                            view! {
                                <p class="notice" data-testid="link-not-loaded" role="status">
                                    "The link names a finding that is not loaded: findings stay in the tab that loaded "
                                    "them. Load it again and it opens."
                                </p>
                            }
                        })
                }}
                {move || (ws.store.with(|s| s.is_empty()) && ws.busy.with(Option::is_none)).then(|| view! { <Welcome/> })}
                <FindingList/>
            </div>
            {move || open.get().map(|(index, _generation)| view! { <FindingView index/> })}
        </main>
        <footer class="page-footer no-print">
            <p>
                {format!(
                    "Findlens reads findings and builds guides in {here} and makes no network requests after \
                     the page has loaded. Loaded findings stay in {here} only: {} forgets them. Ticked guide \
                     steps are saved in {}.",
                    place.forgotten_by,
                    place.keeper,
                    here = place.here,
                )}
            </p>
        </footer>
        <div class="drop-zone no-print" data-testid="drop-zone" hidden=move || !dragging.get() aria-hidden="true">
            <div class="drop-zone-inner">
                <p class="drop-zone-title">"Drop files to load them"</p>
                <p>{format!("JSON, JSON Lines or gzip; several at once. They are read in {} only.", place.here)}</p>
            </div>
        </div>
    }
}

/// Whether the event comes from a place where keys and pastes mean text: a text field, a select or
/// an editable element.
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

/// `/` focuses the search, Escape closes the open finding (or clears the search).
fn global_keys(ws: Workspace) {
    let list = expect_context::<ListState>();
    let handle = window_event_listener(ev::keydown, move |e| {
        if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let typing = in_text_field(e.target());
        match e.key().as_str() {
            "/" if !typing => {
                e.prevent_default();
                if ws.view.get_untracked() != View::List {
                    list.back_to_list();
                }
                list.focus_search();
            }
            "Escape" => {
                if ws.view.get_untracked() != View::List {
                    e.prevent_default();
                    list.back_to_list();
                } else if list.clear_search_on_escape() {
                    e.prevent_default();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// Ctrl+V anywhere on the page (outside text fields) loads what was pasted.
fn paste_anywhere(ws: Workspace) {
    platform::on_paste(move |text| {
        loader::load(ws, vec![Input::Text { source: "Pasted text".into(), text }]);
    })
    .keep_while_mounted();
}

/// Files dropped anywhere on the window are loaded; while files are dragged over it, a drop zone
/// covers the page.
fn drop_anywhere(ws: Workspace) -> ReadSignal<bool> {
    let (dragging, set_dragging) = signal(false);
    platform::on_file_drop(
        move |over| set_dragging.set(over),
        move |files| {
            if !files.is_empty() {
                ws.view.set(View::List);
                loader::load(ws, files.into_iter().map(Input::File).collect());
            }
        },
    )
    .keep_while_mounted();
    dragging
}

/// Files the desktop opened (its Open menu, command line, second launch) load like dropped ones.
fn opened_outside(ws: Workspace) {
    platform::on_opened_files(move |opened| {
        ws.view.set(View::List);
        let inputs = opened
            .into_iter()
            .map(|o| match o {
                Ok(file) => Input::File(file),
                Err((source, why)) => Input::Unreadable { source, why },
            })
            .collect();
        loader::load(ws, inputs);
    });
}

/// The title names the inputs whose findings are loaded: "a.json, b.jsonl.gz – Findlens".
fn title_names_what_is_open(ws: Workspace) {
    Effect::new(move |_| {
        let empty = ws.store.with(|s| s.is_empty());
        let sources: Vec<String> = ws.loads.with(|loads| {
            // The reports are newest first; the title lists the files in the order they came.
            loads
                .iter()
                .rev()
                .filter(|l| matches!(l.outcome, Outcome::Read { findings, .. } if findings > 0))
                .map(|l| l.source.clone())
                .collect()
        });
        platform::set_title(&title_of(if empty { &[] } else { &sources }));
    });
}

fn title_of(sources: &[String]) -> String {
    const SHOWN: usize = 3;
    match sources.len() {
        0 => "Findlens".to_owned(),
        n if n <= SHOWN => format!("{} – Findlens", sources.join(", ")),
        n => format!("{} and {} more – Findlens", sources[..SHOWN].join(", "), n - SHOWN),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::title_of;

    #[wasm_bindgen_test]
    fn the_title_lists_at_most_three_sources() {
        let names = |n: usize| (1..=n).map(|i| format!("f{i}.json")).collect::<Vec<_>>();
        assert_eq!(title_of(&[]), "Findlens");
        assert_eq!(title_of(&names(2)), "f1.json, f2.json – Findlens");
        assert_eq!(title_of(&names(5)), "f1.json, f2.json, f3.json and 2 more – Findlens");
    }
}
