//! One finding, opened from the list: its header (title, severity, type and what it means, where
//! and when, in `header`), what happened (the core's sections, in `details`), its remediation guide
//! with the checklist (`guide`, `step`, `command`, `prose`), and its raw JSON (`raw_tree`).

use std::sync::Arc;

use leptos::prelude::*;

mod command;
mod details;
mod guide;
mod header;
mod prose;
mod raw_tree;
mod step;

use details::Details;
use guide::GuidePanel;
use header::FindingHeader;
use prose::{path_text, prose};
use raw_tree::RawTree;

use crate::list::ListState;
use crate::widgets::Keys;
use crate::workspace::Workspace;

#[component]
pub fn FindingView(index: usize) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let list = expect_context::<ListState>();
    let Some(finding) = ws.store.with_untracked(|s| s.findings.get(index).cloned()) else {
        return ().into_any();
    };
    let Some(guide) = ws.guide(index) else {
        return ().into_any();
    };
    let finding = Arc::new(finding);
    // Described once: shown in "What happened" and carried by the guide's Markdown export.
    let details: Arc<[findlens_core::describe::Section]> = findlens_core::describe::describe(&finding).into();
    let g = guide.clone();
    let warnings = finding.warnings.clone();
    let title_id = header::TITLE_ID;

    view! {
        <article class="finding-view" data-testid="finding-view" aria-labelledby=title_id>
            <nav class="finding-nav no-print" aria-label="Finding">
                <button
                    type="button"
                    class="button subtle back-button"
                    data-testid="back-button"
                    on:click=move |_| list.back_to_list()
                >
                    <span aria-hidden="true">"← "</span>
                    "Back to findings"
                </button>
                <span class="help">
                    <Keys keys=&["Esc"]/>
                    " goes back"
                </span>
                <ul class="jump-links">
                    <li>
                        <a href="#what-happened">"What happened"</a>
                    </li>
                    <li>
                        <a href="#guide-heading">"Guide"</a>
                    </li>
                    <li>
                        <a href="#raw-heading">"Raw JSON"</a>
                    </li>
                </ul>
            </nav>
            <FindingHeader finding=finding.clone() guide=g.clone()/>
            {(!warnings.is_empty())
                .then(|| {
                    view! {
                        <div class="finding-warnings" data-testid="finding-warnings">
                            <p class="finding-warnings-title">
                                <span class="tag tag-warning">"Caution"</span>
                                "Fields that were not as expected (the rest of the finding was read):"
                            </p>
                            <ul>
                                {warnings
                                    .into_iter()
                                    .map(|w| {
                                        view! {
                                            <li>
                                                <code class="path">{path_text(w.path)}</code>
                                                ": "
                                                {prose(w.message)}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            <div class="finding-body">
                <div class="finding-facts no-print">
                    <Details sections=details.clone()/>
                    <RawTree raw=Arc::new(finding.raw_tree())/>
                </div>
                <GuidePanel guide details/>
            </div>
        </article>
    }
    .into_any()
}
