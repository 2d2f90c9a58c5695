//! One command: its pieces marked by kind (a value from the finding, a value the finding lacks, a
//! value the analyst chooses), the blanks explained, and a Copy button.

use std::time::Duration;

use findlens_core::guide::{Command, Effect, Segment};
use leptos::either::Either;
use leptos::prelude::*;

use super::prose::{prose, tone_tag};
use crate::platform;
use crate::widgets::CopyButton;

/// How long "Copied" stays on the button.
const CONFIRM_FOR: Duration = Duration::from_secs(2);
/// How long the "could not copy" advice stays: long enough to read and act on.
const ADVISE_FOR: Duration = Duration::from_secs(8);

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn CommandView(command: Command) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    // Each click bumps this; a confirmation is only reset by the timer of the latest click.
    let clicks = StoredValue::new(0_u32);
    let text = StoredValue::new(command.text);
    let code = NodeRef::<leptos::html::Code>::new();
    let blanks: Vec<Segment> = command
        .segments
        .iter()
        .filter(|s| matches!(s, Segment::Missing { .. } | Segment::Choose { .. } | Segment::Output { .. }))
        .cloned()
        .collect();

    let copied = move |outcome: Result<(), platform::ClipboardError>| {
        let click = clicks.get_value().wrapping_add(1);
        clicks.set_value(click);
        let ok = outcome.is_ok();
        if !ok {
            // Select the command so Ctrl+C still works.
            if let Some(node) = code.try_get_untracked().flatten() {
                platform::select_contents(&node);
            }
        }
        state.set(if ok { CopyState::Copied } else { CopyState::Failed });
        set_timeout(
            move || {
                if clicks.try_get_value() == Some(click) {
                    state.set(CopyState::Idle);
                }
            },
            if ok { CONFIRM_FOR } else { ADVISE_FOR },
        );
    };

    let effect = command.effect;
    view! {
        <figure class=format!("command effect-{}", effect_class(effect)) data-testid="command">
            <figcaption class="command-head">
                <span class="effect" data-testid="command-effect">
                    {effect_icon(effect)}
                    " "
                    {effect.label()}
                </span>
                <span class="command-description">{prose(command.description.clone())}</span>
                {command
                    .run_in
                    .map(|who| {
                        view! {
                            <span class="run-in">
                                <strong>"Run in:"</strong>
                                " "
                                {who}
                            </span>
                        }
                    })}
            </figcaption>
            {command
                .caution
                .map(|caution| {
                    view! {
                        <p class="caution" data-testid="command-caution">
                            <strong>
                                {if effect == Effect::Destructive {
                                    "What it destroys:"
                                } else {
                                    "Before you run it:"
                                }}
                            </strong>
                            " "
                            {caution}
                        </p>
                    }
                })}
            {(!command.warnings.is_empty())
                .then(|| {
                    view! {
                        <ul class="command-warnings">
                            {command
                                .warnings
                                .into_iter()
                                .map(|w| {
                                    view! {
                                        <li>
                                            {tone_tag(findlens_core::guide::Tone::Warning)}
                                            " "
                                            {w}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <div class="command-body">
                <pre class="command-text"><code data-testid="command-text" node_ref=code>
                    {command.segments.into_iter().map(segment_view).collect_view()}
                </code></pre>
                <CopyButton
                    text=move || text.get_value()
                    on_copied=copied
                    class="button copy"
                    testid="copy-button"
                    label=format!("Copy command: {}", command.description)
                    copied=Signal::derive(move || state.get() == CopyState::Copied)
                >
                    {move || match state.get() {
                        CopyState::Copied => "✓ Copied",
                        _ => "Copy",
                    }}
                </CopyButton>
            </div>
            <p class="copy-status" role="status" aria-live="polite" data-testid="copy-status">
                {move || match state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied to the clipboard.",
                    CopyState::Failed => "Could not copy here: the command is selected, press Ctrl+C.",
                }}
            </p>
            {(!blanks.is_empty())
                .then(|| {
                    view! {
                        <ul class="blanks" aria-label="Blanks to fill in">
                            {blanks.into_iter().map(blank_view).collect_view()}
                        </ul>
                    }
                })}
        </figure>
    }
}

/// The class that styles a command by its effect.
fn effect_class(effect: Effect) -> &'static str {
    match effect {
        Effect::ReadOnly => "read-only",
        Effect::Reversible => "reversible",
        Effect::Destructive => "destructive",
    }
}

/// A symbol beside the effect's word, so the effect is never told by colour alone.
fn effect_icon(effect: Effect) -> &'static str {
    match effect {
        Effect::ReadOnly => "👁",
        Effect::Reversible => "↺",
        Effect::Destructive => "⚠",
    }
}

/// Values up to this length are kept on one line; longer ones (policy documents) wrap.
const NOWRAP_UP_TO: usize = 48;

/// A piece of the command as text, in a span whose class says what kind of piece it is.
fn segment_view(segment: Segment) -> impl IntoView {
    let (kind, title, text) = match segment {
        Segment::Text { text } => return Either::Left(literal_view(text)),
        Segment::Value { text, path, .. } => ("seg-value", format!("From the finding: {path}"), text),
        Segment::Missing { text, hint, .. } => ("seg-missing", format!("Not in this finding: {hint}"), text),
        Segment::Choose { text, hint, .. } => ("seg-choose", format!("You choose: {hint}"), text),
        Segment::Output { text, hint, .. } => ("seg-output", format!("Printed by an earlier command: {hint}"), text),
    };
    let nowrap = text.chars().count() <= NOWRAP_UP_TO;
    let class = format!("seg {kind}{}", if nowrap { " nowrap" } else { "" });
    Either::Right(view! { <span class=class title=title>{text}</span> })
}

/// Literal command text: lines wrap at spaces only, never inside an option (`--max-results`).
fn literal_view(text: String) -> impl IntoView {
    let words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let last = words.len().saturating_sub(1);
    let pieces = words
        .into_iter()
        .enumerate()
        .map(move |(i, word)| {
            view! {
                {(!word.is_empty()).then(|| view! { <span class="word">{word}</span> })}
                {(i < last).then_some(" ")}
            }
        })
        .collect_view();
    view! { <span class="seg seg-text">{pieces}</span> }
}

/// What a blank is and where to get its value.
fn blank_view(segment: Segment) -> impl IntoView {
    let (class, kind, text, hint) = match segment {
        Segment::Missing { text, hint, .. } => ("seg seg-missing", "not in this finding", text, hint),
        Segment::Choose { text, hint, .. } => ("seg seg-choose", "you choose", text, hint),
        Segment::Output { text, hint, .. } => ("seg seg-output", "printed by an earlier command", text, hint),
        Segment::Text { text } | Segment::Value { text, .. } => ("seg", "", text, String::new()),
    };
    view! {
        <li class="blank">
            <code class=class>{text}</code>
            <span class="blank-kind">{kind}</span>
            <span class="blank-hint">{hint}</span>
        </li>
    }
}
