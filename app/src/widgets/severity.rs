//! Severity as a word and a number.

use findlens_core::severity::SeverityBand;
use leptos::prelude::*;

/// Severity as a word and a number ("High 8.0"): colour only repeats what the text says.
#[component]
pub fn SeverityBadge(band: SeverityBand, score: Option<f64>) -> impl IntoView {
    let band = band.as_str();
    let text = match score {
        Some(score) => format!("{band} {score:.1}"),
        None => format!("{band} (no score)"),
    };
    view! {
        <span class=format!("severity severity-{}", band.to_ascii_lowercase()) data-testid="severity">
            <span class="visually-hidden">"Severity: "</span>
            {text}
        </span>
    }
}
