//! Remarks on the whole guide, shown before the steps: what the analyst must know about this
//! finding before acting on it.

use crate::catalog;
use crate::finding::SourceFormat;
use crate::route::Routing;
use crate::severity::SeverityBand;

use super::command::flag;
use super::ctx::Ctx;
use super::model::{Note, Tone};

/// Warnings shown one by one in the notes; more are counted.
const WARNINGS_SHOWN: usize = 8;

pub fn notes(cx: &Ctx, routing: &Routing) -> Vec<Note> {
    let f = cx.f;
    let mut notes = Vec::new();
    let mut note = |tone, text: String| notes.push(Note { tone, text });
    if f.is_sample() {
        note(Tone::Info, "This is a sample finding (marked as a sample, or carrying GuardDuty's GeneratedFinding… placeholders): its values are examples. Use it to learn the steps; there is nothing to remediate.".into());
    }
    if f.severity.map(SeverityBand::from_score) == Some(SeverityBand::Critical) {
        note(Tone::Danger, "Critical: an attack is probably under way or has just happened, possibly across several resources. Triage this before anything else.".into());
    }
    if let Some(seq) = &f.associated_attack_sequence_arn {
        note(Tone::Danger, format!("GuardDuty correlated this finding into an attack sequence ({seq}). Open that finding too: it shows the whole chain."));
    }
    match routing.known {
        Some(info) if info.retired => note(
            Tone::Info,
            match info.replaced_by {
                Some(family) if family.starts_with("*:") => format!(
                    "GuardDuty no longer raises {} (retired); the {family} types ({}) took over its detection. The guide below still applies.",
                    f.finding_type,
                    catalog::successors(info).iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
                ),
                Some(new) => format!(
                    "GuardDuty no longer raises {} (retired); {new} replaced it. The guide below still applies.",
                    f.finding_type
                ),
                None => {
                    format!("GuardDuty no longer raises {} (retired). The guide below still applies.", f.finding_type)
                }
            },
        ),
        Some(_) => {}
        None => {
            let how = if catalog::parse_type(&f.finding_type).is_some() {
                "a type Findlens's catalog does not list yet (GuardDuty adds types every year)"
            } else {
                "not in GuardDuty's type format (ThreatPurpose:ResourceType/ThreatFamily)"
            };
            let route = match f.resource_type() {
                Some(r) => format!("the guide follows its resource type, {r}"),
                None => "the finding has no resource type either, so only the shared steps apply".to_owned(),
            };
            note(Tone::Warning, format!("{} is {how}; {route}.", f.finding_type));
        }
    }
    if routing.scenarios.is_empty() {
        note(Tone::Warning, "No remediation scenario fits this finding: check its resource in the raw JSON; the steps for expected activity still apply.".into());
    }
    if f.service.archived == Some(true) {
        note(
            Tone::Info,
            "This finding is archived: someone already decided it needs no action, or a suppression rule matched it."
                .into(),
        );
    }
    match f.format {
        SourceFormat::Asff => note(Tone::Info, "Read from Security Hub (ASFF), which carries fewer of GuardDuty's fields: where a value is missing, open the finding in GuardDuty.".into()),
        SourceFormat::Ocsf => note(Tone::Info, "Read from Security Lake (OCSF), which carries fewer of GuardDuty's fields (and only a severity band): where a value is missing, open the finding in GuardDuty.".into()),
        SourceFormat::GuardDuty => {}
    }
    if !f.delivery.is_empty() {
        note(
            Tone::Info,
            format!(
                "Delivered as {}: Findlens took the finding out of these wrappers (outermost first) and read it as it was in the last one.",
                f.source_label()
            ),
        );
    }
    // Each warning in the reader's own words (`path: what was done`), as the CLI and the page show
    // it; a finding with many is summed up after the first few so the notes stay readable.
    for w in f.warnings.iter().take(WARNINGS_SHOWN) {
        note(Tone::Warning, format!("Read with a warning: {w}."));
    }
    if f.warnings.len() > WARNINGS_SHOWN {
        note(
            Tone::Warning,
            format!("{} more warnings: the finding's warnings list them all.", f.warnings.len() - WARNINGS_SHOWN),
        );
    }
    for (label, value, path) in
        [("title", f.title.as_deref(), "title"), ("type", Some(f.finding_type.as_str()), "type")]
    {
        if let Some(w) = value.and_then(|v| flag(v, path)) {
            note(Tone::Danger, format!("The finding's {label}: {w}"));
        }
    }
    notes
}
