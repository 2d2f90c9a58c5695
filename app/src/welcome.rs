//! The empty workspace's welcome: what Findlens does, and every sample by scenario, so a new user
//! can try each guide in one click.

use findlens_core::{samples, ScenarioKey};
use leptos::prelude::*;

use crate::loader::{self, Input};
use crate::workspace::Workspace;

#[component]
pub fn Welcome() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let all = samples::all();
    let mut scenarios: Vec<ScenarioKey> = Vec::new();
    for s in all {
        if !scenarios.contains(&s.scenario) {
            scenarios.push(s.scenario);
        }
    }
    view! {
        <section class="panel welcome no-print" data-testid="welcome" aria-labelledby="welcome-heading">
            <div class="welcome-head">
                <div>
                    <h2 id="welcome-heading">"No findings loaded yet"</h2>
                    <p class="welcome-text">
                        "Load findings above, or try a sample: each opens the remediation guide for its "
                        "scenario, filled in with the sample's own values. Samples are built into the page, "
                        "so loading them makes no request."
                    </p>
                </div>
                <button
                    type="button"
                    class="button primary"
                    data-testid="welcome-load-all"
                    on:click=move |_| loader::load(ws, vec![Input::Samples(None)])
                >
                    {format!("Load all {} samples", all.len())}
                </button>
            </div>
            <ul class="welcome-scenarios">
                {scenarios
                    .into_iter()
                    .map(|key| {
                        view! {
                            <li class="welcome-scenario">
                                <h3 class="welcome-scenario-title">
                                    {key.title()} " " <code class="scenario-key">{key.as_str()}</code>
                                </h3>
                                <ul class="welcome-samples">
                                    {all
                                        .iter()
                                        .filter(|s| s.scenario == key)
                                        .map(|s| {
                                            let name = s.name;
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="link-button"
                                                        data-testid="sample-button"
                                                        data-sample=name
                                                        on:click=move |_| loader::load(ws, vec![Input::Samples(Some(name))])
                                                    >
                                                        {s.title}
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
