//! Builds a finding's remediation guide as plain data: the scenarios that apply, then ordered steps
//! with the finding's facts, decisions evaluated on it, and commands with its values filled in.

mod command;
mod ctx;
mod links;
mod markdown;
mod model;
mod notes;
pub mod ops;
pub mod rules;
mod scenarios;
mod shared;
pub mod step_ids;

pub use command::{flag, is_suspicious, shell_quote, suspicious_chars};
pub use links::{Link, LinkKind};
pub use markdown::{markdown, markdown_with_details, markdown_with_details_and_progress, markdown_with_progress};
pub use model::*;

use crate::finding::Finding;
use crate::route::route;
use crate::scenario::ScenarioKey;
use crate::severity::Severity;

/// AWS's remediation page for a scenario.
pub fn doc_url(key: ScenarioKey) -> String {
    key.doc_url()
}

/// The documentation page of a catalogued type, when the reference names one.
fn type_doc_url(info: &crate::catalog::TypeInfo) -> Option<&'static str> {
    info.doc_url
}

/// The guide's sections: one per scenario, then "if the activity was expected". [`build`] and
/// [`step_ids::of`] both take them from here, so the step IDs counted are the guide's.
fn sections(cx: &ctx::Ctx, keys: &[ScenarioKey]) -> Vec<Section> {
    let mut sections: Vec<Section> = keys.iter().map(|&key| scenarios::section(key, cx)).collect();
    sections.push(scenarios::expected::section(cx, keys));
    sections
}

/// The guide for one finding.
pub fn build(f: &Finding) -> Guide {
    let routing = route(f);
    // Attack sequences name their resources in the sequence; the scenario guides read them from
    // the usual resource blocks, filled in from it.
    let enriched = scenarios::attack_sequence::enrich(f);
    let cx = ctx::Ctx::new(enriched.as_ref().unwrap_or(f));
    let severity = Severity::new(f.severity, routing.known.map(|k| k.default_severity));
    let sections = sections(&cx, &routing.scenarios);
    Guide {
        finding_key: f.key().to_owned(),
        finding_type: f.finding_type.clone(),
        title: f.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| f.finding_type.clone()),
        type_summary: routing.known.map(|k| k.summary.to_owned()),
        severity,
        about: routing.known.map(|k| About {
            meaning: k.meaning.to_owned(),
            benign: Some(k.benign.to_owned()).filter(|s| !s.is_empty()),
            decision: Some(k.decision.to_owned()).filter(|s| !s.is_empty()),
            data_source: k.data_source.to_owned(),
            severity_note: Some(k.severity_note.to_owned()).filter(|s| !s.is_empty()),
        }),
        notes: notes::notes(&cx, &routing),
        links: links::links(&cx, routing.known.and_then(type_doc_url)),
        scenarios: routing.scenarios,
        sections,
    }
}
