//! Navigation that never loses work: the view (open finding, filter, sort, group, the samples
//! link) lives in the URL's fragment, so Back, Forward, reload and links show what the analyst
//! expects, and the page warns before it unloads loaded findings.
//!
//! Hash routing on the History API, in this small module, rather than `leptos_router`: its 0.8
//! `<Router>` always uses its path-based `BrowserUrl` (routes match `location.pathname`, and it
//! takes over every same-origin link click, skip links included), and hash-style routing is an
//! open feature request upstream (leptos-rs/leptos#2184) with no plan to add it. A fragment works
//! from any static host, under any base path, from `file://` and in a desktop shell, with no
//! server rewrite rules. What the fragment says, and how, is the core's
//! (`findlens_core::workspace::view_state`); this module only moves it in and out of the address
//! bar.
//!
//! - Opening or closing a finding pushes a history entry: Back from a finding shows the list, with
//!   everything still loaded, and Forward opens the finding again.
//! - Filter, sort and grouping changes replace the current entry: the URL always says what is
//!   shown, and Back is not a keystroke-by-keystroke undo of the search box.
//! - At start the URL's view is applied. Findings are in memory only, so a finding the URL names is
//!   opened when the first load brings it (`#samples` loads them at once), and until then the
//!   entry shows the list (so Back from that finding, once open, stays in the page).

use std::cell::Cell;
use std::rc::Rc;

use findlens_core::workspace::{view_state, OpenFinding, ViewState};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::list::ListState;
use crate::loader::{self, Input};
use crate::workspace::Workspace;

/// Applies the URL's view, then keeps the URL and the view in step both ways.
pub fn start(ws: Workspace, list: ListState) {
    // Set from `history.back()` (closing a finding) until its popstate arrives. That step is
    // asynchronous: a view change in between (a paste that opens a finding) must not push an
    // entry the pending step would then leave, so writes wait for it and the popstate handler
    // brings the URL in line with the view. Each app has its own (tests mount several in a page).
    let stepping_back = Rc::new(Cell::new(false));
    if let Some(state) = ViewState::from_fragment(&current_fragment()) {
        list.apply_list(&state);
        ws.samples.set(state.samples);
        // An index means something only in the tab that wrote it, not after a reload.
        ws.pending.set(state.finding.clone().filter(|f| matches!(f, OpenFinding::Identity(_))));
        if state.finding.is_some() {
            write(&state.list(), true, &stepping_back);
        }
        if state.samples {
            loader::load(ws, vec![Input::Samples(None)]);
        }
    }

    // The view → the URL.
    let writing = Rc::clone(&stepping_back);
    Effect::new(move |_| {
        let state = list.view_state();
        write(&state, false, &writing);
    });

    // Back, Forward, an edited fragment or a link → the view. An in-page anchor is no view.
    let popstate = window_event_listener(ev::popstate, move |_| {
        // The step back this page asked for to close a finding: the view moved on already (maybe
        // further: a load may have opened another finding meanwhile), so the URL follows the view.
        if stepping_back.replace(false) {
            write(&untrack(|| list.view_state()), false, &stepping_back);
            return;
        }
        if let Some(state) = ViewState::from_fragment(&current_fragment()) {
            // What is loaded stays as it is: an entry from before "Clear all" does not bring the
            // samples flag back (the URL is brought in line with what is loaded instead).
            ws.pending.set(None);
            list.apply(&state);
        }
    });

    // The browser's own "Leave site?" prompt while findings are loaded: they live in this tab only.
    let beforeunload = window_event_listener(ev::beforeunload, move |e| {
        if ws.store.with_untracked(|s| !s.is_empty()) {
            e.prevent_default();
            e.set_return_value("Loaded findings are kept in this tab only.");
        }
    });

    let click = window_event_listener(ev::click, move |e| in_page_link(&e));

    on_cleanup(move || {
        popstate.remove();
        beforeunload.remove();
        click.remove();
    });
}

/// The state object of a history entry this page pushed to open a finding over the list's entry.
/// Entries keep their state across Back and Forward, so closing such a finding steps back to the
/// list's entry (and Forward reopens it) instead of pushing a second copy of the list.
const OPENED_OVER_LIST: &str = "findlens:opened-over-list";

/// The address bar's fragment, without its `#`.
fn current_fragment() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.strip_prefix('#').map(str::to_owned).unwrap_or(hash)
}

/// Puts `state` in the address bar when it says something else: a new entry when the open finding
/// changes (unless `replace`), the current one otherwise.
fn write(state: &ViewState, replace: bool, stepping_back: &Cell<bool>) {
    if stepping_back.get() {
        return;
    }
    let fragment = state.to_fragment();
    let current = current_fragment();
    if current == fragment {
        return;
    }
    let current_state = ViewState::from_fragment(&current);
    let same_finding = current_state.as_ref().map_or(state.finding.is_none(), |c| c.finding == state.finding);
    let location = window().location();
    // Relative URLs only: the page may be served under any path. The default view has no fragment
    // at all (not even a bare `#`).
    let url = if fragment.is_empty() {
        format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
    } else {
        format!("#{fragment}")
    };
    let Ok(history) = window().history() else { return };
    // Closing a finding this page opened over the list: step back to the list's own entry, whose
    // view is this one (filters included, as they only ever replace entries).
    let closing = state.finding.is_none() && current_state.as_ref().is_some_and(|c| c.finding.is_some());
    let pushed_over_list = history.state().ok().and_then(|s| s.as_string()).as_deref() == Some(OPENED_OVER_LIST);
    if closing && !replace && pushed_over_list {
        stepping_back.set(true);
        if let Err(e) = history.back() {
            stepping_back.set(false);
            leptos::logging::warn!("Findlens could not go back in the history: {e:?}");
        }
        return;
    }
    let over_list = current_state.as_ref().is_none_or(|c| c.finding.is_none());
    let done = if replace || same_finding {
        // A replaced entry keeps its mark: filters never change while a finding is open.
        let mark = if pushed_over_list {
            wasm_bindgen::JsValue::from_str(OPENED_OVER_LIST)
        } else {
            wasm_bindgen::JsValue::NULL
        };
        history.replace_state_with_url(&mark, "", Some(&url))
    } else {
        let mark = if state.finding.is_some() && over_list {
            wasm_bindgen::JsValue::from_str(OPENED_OVER_LIST)
        } else {
            wasm_bindgen::JsValue::NULL
        };
        history.push_state_with_url(&mark, "", Some(&url))
    };
    if let Err(e) = done {
        leptos::logging::warn!("Findlens could not update the URL: {e:?}");
    }
}

/// In-page links (`#main`, the finding's jump links) scroll to their target without touching the
/// fragment, which holds the view: following one must neither lose the view on reload nor add a
/// history entry that Back would have to step through.
fn in_page_link(e: &ev::MouseEvent) {
    if e.default_prevented() || e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
        return;
    }
    let Some(link) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href^='#']").ok().flatten())
    else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    let fragment = href.trim_start_matches('#');
    if fragment.is_empty() || ViewState::from_fragment(fragment).is_some() {
        return;
    }
    let Some(target) = view_state::decode(fragment).and_then(|id| document().get_element_by_id(&id)) else { return };
    e.prevent_default();
    target.scroll_into_view();
    if target.has_attribute("tabindex") {
        if let Some(target) = target.dyn_ref::<web_sys::HtmlElement>() {
            _ = target.focus();
        }
    }
}
