//! One guide step: its phase, title and checkbox, why it matters, the facts it needs, the questions
//! it answers, and its commands.

use std::sync::Arc;

use findlens_core::guide::{Decision, Fact, Step, Tone};
use leptos::prelude::*;

use super::command::CommandView;
use super::prose::{path_text, prose, tone_class, tone_tag};
use crate::prefs::Checklist;

/// The finding whose guide is shown: what its checkboxes are saved under.
#[derive(Clone)]
pub(super) struct GuideKey(pub(super) Arc<str>);

#[component]
pub(super) fn StepView(step: Step) -> impl IntoView {
    let checklist = expect_context::<Checklist>();
    let GuideKey(key) = expect_context::<GuideKey>();
    let id = step.id.clone();
    let done = {
        let (key, id) = (key.clone(), id.clone());
        move || checklist.is_done(&key, &id)
    };
    let done_class = done.clone();
    let done_checked = done.clone();
    let title_text = step.title.replace('`', "");
    view! {
        <li class="step" class:done=done_class data-testid="guide-step" data-step-id=step.id>
            <div class="step-head">
                <div class="step-heading">
                    <span
                        class=format!("phase phase-{}", step.phase.as_str())
                        data-testid="step-phase"
                        title="Incident-response phase"
                    >
                        {step.phase.label()}
                    </span>
                    <h5 class="step-title">{prose(step.title)}</h5>
                </div>
                <label class="step-done">
                    <input
                        type="checkbox"
                        data-testid="step-check"
                        prop:checked=done_checked
                        on:change:target=move |ev| checklist.set(&key, &id, ev.target().checked())
                    />
                    " Done"
                    <span class="visually-hidden">{format!(": {title_text}")}</span>
                </label>
            </div>
            <p class="why">{prose(step.why)}</p>
            {(!step.facts.is_empty())
                .then(|| {
                    view! {
                        <dl class="facts">
                            {step.facts.into_iter().map(|fact| view! { <FactItem fact/> }).collect_view()}
                        </dl>
                    }
                })}
            {(!step.decisions.is_empty())
                .then(|| {
                    view! {
                        <ul class="decisions">
                            {step
                                .decisions
                                .into_iter()
                                .map(|decision| view! { <DecisionItem decision/> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {step.commands.into_iter().map(|command| view! { <CommandView command/> }).collect_view()}
        </li>
    }
}

#[component]
fn FactItem(fact: Fact) -> impl IntoView {
    view! {
        <div class="fact" data-testid="fact">
            <dt>
                <span class="fact-label">{fact.label}</span>
                <code class="path">{path_text(fact.path)}</code>
            </dt>
            <dd>
                {match fact.value {
                    Some(v) => view! { <span class="fact-value">{v}</span> }.into_any(),
                    None => {
                        view! {
                            <span class="missing" data-testid="fact-missing">
                                "not in this finding"
                            </span>
                        }
                            .into_any()
                    }
                }}
                {fact
                    .flag
                    .map(|flag| {
                        view! {
                            <span class="flag">
                                {tone_tag(Tone::Warning)}
                                " "
                                {flag}
                            </span>
                        }
                    })}
            </dd>
        </div>
    }
}

#[component]
fn DecisionItem(decision: Decision) -> impl IntoView {
    view! {
        <li class=format!("decision tone-{}", tone_class(decision.tone)) data-testid="decision">
            {tone_tag(decision.tone)}
            <div class="decision-body">
                <p class="question">{prose(decision.question)}</p>
                <p class="answer">{prose(decision.answer)}</p>
            </div>
        </li>
    }
}
