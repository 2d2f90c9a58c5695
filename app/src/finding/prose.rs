//! Guide text as text nodes: tones as tags, `backticked` names as code, field paths that wrap
//! after a dot.

use findlens_core::guide::Tone;
use leptos::either::Either;
use leptos::prelude::*;

/// The tone as a word with an icon, so it never rests on colour alone.
pub fn tone_tag(tone: Tone) -> impl IntoView {
    let icon = match tone {
        Tone::Info => "ℹ",
        Tone::Good => "✓",
        Tone::Warning => "⚠",
        Tone::Danger => "✖",
    };
    view! {
        <span class=format!("tag tag-{}", tone_class(tone))>
            <span aria-hidden="true">{icon}" "</span>
            {tone.label()}
        </span>
    }
}

pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Info => "info",
        Tone::Good => "good",
        Tone::Warning => "warning",
        Tone::Danger => "danger",
    }
}

/// Guide text, with `backticked` names shown as code. Every piece stays a text node: this splits
/// on backticks, it parses nothing. Unbalanced backticks are left as they are.
pub fn prose(text: String) -> impl IntoView {
    // Balanced backticks split the text into an odd number of parts.
    let parts: Vec<String> =
        if text.split('`').count() % 2 == 1 { text.split('`').map(str::to_owned).collect() } else { vec![text] };
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                Either::Right(view! { <code class="inline-code">{part}</code> })
            } else {
                Either::Left(part)
            }
        })
        .collect_view()
}

/// A dotted field path that may wrap after each dot, never inside a name.
pub fn path_text(path: String) -> impl IntoView {
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(
            |(i, part)| {
                if i < last {
                    Either::Left(view! { {format!("{part}.")} <wbr/> })
                } else {
                    Either::Right(part)
                }
            },
        )
        .collect_view()
}
