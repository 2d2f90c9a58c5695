//! `attack-sequence`: an Extended Threat Detection finding. It chains signals across resources and
//! actors; the guide lays them out in time order, then the guide of every kind of resource the
//! sequence touched follows, filled in from the sequence's own resources and actors.

use crate::finding::{AccessKeyDetails, EksClusterDetails, Finding, InstanceDetails, S3BucketDetail, Sequence};
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Decision, Fact, Phase, Step, Tone};

const P_SEQ: &str = "service.detection.sequence";

fn sequence<'f>(cx: &Ctx<'f>) -> Option<&'f Sequence> {
    cx.f.service.detection.as_ref().and_then(|d| d.sequence.as_ref())
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    vec![triage(cx), signals(cx), scope(cx)]
}

fn triage(cx: &Ctx) -> Step {
    let s = sequence(cx);
    let mut facts = vec![
        fact(
            "What GuardDuty saw",
            s.and_then(|s| s.description.clone()).or_else(|| cx.f.description.clone()),
            &format!("{P_SEQ}.description"),
        ),
        fact("Sequence ID", s.and_then(|s| s.uid.clone()), &format!("{P_SEQ}.uid")),
    ];
    facts.extend(some_fact(
        "Also matches",
        s.map(|s| s.additional_sequence_types.join(", ")).filter(|t| !t.is_empty()),
        &format!("{P_SEQ}.additionalSequenceTypes"),
    ));
    for i in s.map(|s| s.sequence_indicators.as_slice()).unwrap_or_default() {
        let label = i.title.clone().or_else(|| i.key.clone()).unwrap_or_else(|| "Indicator".into());
        facts.push(fact(&label, Some(i.values.join(", ")), &format!("{P_SEQ}.sequenceIndicators.values")));
    }
    Step {
        id: "attack-sequence/triage".into(),
        phase: Phase::Understand,
        title: "Triage the sequence before anything else".into(),
        why: "An attack sequence is GuardDuty's strongest signal: several suspicious steps by the same actors, across resources, that together look like an attack in progress (data theft, ransomware, a takeover).".into(),
        facts,
        decisions: vec![Decision {
            id: "attack-sequence/how-urgent-is-this".into(),
            question: "How urgent is this?".into(),
            answer: "Act now: assume the attacker still holds the credentials and can escalate at any moment. Contain the credentials first (their section), then each resource.".into(),
            tone: Tone::Danger,
        }],
        commands: Vec::new(),
    }
}

fn signals(cx: &Ctx) -> Step {
    let mut sigs: Vec<&crate::finding::Signal> = sequence(cx).map(|s| s.signals.iter().collect()).unwrap_or_default();
    sigs.sort_by_key(|s| s.first_seen_at.as_ref().and_then(|t| t.epoch_ms).unwrap_or(i64::MAX));
    let facts: Vec<Fact> = sigs
        .iter()
        .map(|s| {
            let when = s.first_seen_at.as_ref().map(|t| t.text.clone()).unwrap_or_else(|| "time not given".into());
            let what = s.name.clone().or_else(|| s.uid.clone()).unwrap_or_default();
            let kind = s.signal_type.as_deref().unwrap_or("signal");
            let count = s.count.filter(|c| *c > 1).map(|c| format!(", {c} times")).unwrap_or_default();
            fact(&when, Some(format!("{what} ({kind}{count})")), &format!("{P_SEQ}.signals.name"))
        })
        .collect();
    // Signals that are findings of their own can be fetched for their details.
    let finding_ids: Vec<&str> = sigs
        .iter()
        .filter(|s| s.signal_type.as_deref() == Some("FINDING"))
        .filter_map(|s| s.uid.as_deref())
        .map(|u| u.rsplit('/').next().unwrap_or(u))
        .collect();
    let mut commands = Vec::new();
    if !finding_ids.is_empty() {
        commands.push(
            cx.cmd("Fetch the findings the sequence is made of")
                .t("aws guardduty get-findings --detector-id ")
                .v_or(cx.detector_id(), "service.detectorId", "detector-id", "aws guardduty list-detectors")
                .t(" --finding-ids ")
                .vs(&finding_ids, &format!("{P_SEQ}.signals.uid"), "finding-ids", "")
                .build(),
        );
    }
    Step {
        id: "attack-sequence/signals".into(),
        phase: Phase::Understand,
        title: "Read the signals in the order they happened".into(),
        why: "The order shows the attack's path: how the actor got in, what they explored, and what they did last. Start containment where they are now.".into(),
        facts,
        decisions: Vec::new(),
        commands,
    }
}

fn scope(cx: &Ctx) -> Step {
    let s = sequence(cx);
    let mut facts = Vec::new();
    for r in s.map(|s| s.resources.as_slice()).unwrap_or_default() {
        let label = format!("Resource ({})", r.resource_type.as_deref().unwrap_or("unknown type"));
        let place = [r.account_id.as_deref(), r.region.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
        let name = r.name.clone().or_else(|| r.uid.clone()).unwrap_or_default();
        facts.push(fact(
            &label,
            Some(if place.is_empty() { name } else { format!("{name} ({place})") }),
            &format!("{P_SEQ}.resources.uid"),
        ));
    }
    for a in s.map(|s| s.actors.as_slice()).unwrap_or_default() {
        let u = a.user.as_ref();
        let who = [u.and_then(|u| u.user_type.as_deref()), u.and_then(|u| u.name.as_deref())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let key = u.and_then(|u| u.credential_uid.as_deref()).map(|k| format!(", key {k}")).unwrap_or_default();
        let mfa =
            a.session.as_ref().and_then(|s| s.mfa_status.as_deref()).map(|m| format!(", MFA {m}")).unwrap_or_default();
        facts.push(fact(
            "Actor",
            Some(format!("{who}{key}{mfa}")).filter(|s| !s.is_empty()),
            &format!("{P_SEQ}.actors.user.name"),
        ));
    }
    for e in s.map(|s| s.endpoints.as_slice()).unwrap_or_default() {
        let addr = e.ip.clone().or_else(|| e.domain.clone()).unwrap_or_default();
        let asn =
            e.autonomous_system.as_ref().and_then(|a| a.name.clone()).map(|n| format!(", {n}")).unwrap_or_default();
        let place = e.location.as_ref().and_then(|l| l.country.clone()).map(|c| format!(", {c}")).unwrap_or_default();
        facts.push(fact("Network endpoint", Some(format!("{addr}{place}{asn}")), &format!("{P_SEQ}.endpoints.ip")));
    }
    Step {
        id: "attack-sequence/scope".into(),
        phase: Phase::Understand,
        title: "List the resources and actors it touched".into(),
        why: "Each resource below gets its own guide further down, filled in from the sequence. Resources of the same kind beyond the first need the same steps with their own identifiers.".into(),
        facts,
        decisions: vec![Decision {
            id: "attack-sequence/where-does-containment-start".into(),
            question: "Where does containment start?".into(),
            answer: "With the actors' credentials: while they work, the attacker can undo every other fix. Then the resources, most sensitive first.".into(),
            tone: Tone::Warning,
        }],
        commands: Vec::new(),
    }
}

/// An attack-sequence finding often lacks the usual resource blocks: fill them from the sequence's
/// resources and actors, so the scenario guides that follow show the right identifiers. `None`
/// when there is nothing to add.
pub fn enrich(f: &Finding) -> Option<Finding> {
    let seq = f.service.detection.as_ref()?.sequence.as_ref()?;
    let mut e = f.clone();
    let mut changed = false;
    for r in &seq.resources {
        let uid = r.uid.as_deref().unwrap_or("");
        let tail = uid.rsplit(['/', ':']).next().unwrap_or(uid);
        match r.resource_type.as_deref() {
            Some("S3_BUCKET") if e.resource.s3_bucket_details.is_empty() => {
                let name = r.name.clone().unwrap_or_else(|| tail.to_owned());
                e.resource.s3_bucket_details.push(S3BucketDetail {
                    name: Some(name),
                    arn: uid.starts_with("arn:").then(|| uid.to_owned()),
                    ..Default::default()
                });
                changed = true;
            }
            Some("EC2_INSTANCE") if e.resource.instance_details.is_none() => {
                e.resource.instance_details =
                    Some(InstanceDetails { instance_id: Some(tail.to_owned()), ..Default::default() });
                changed = true;
            }
            Some("EKS_CLUSTER") if e.resource.eks_cluster_details.is_none() => {
                e.resource.eks_cluster_details = Some(EksClusterDetails {
                    name: r.name.clone().or_else(|| Some(tail.to_owned())),
                    arn: uid.starts_with("arn:").then(|| uid.to_owned()),
                    ..Default::default()
                });
                changed = true;
            }
            Some("ACCESS_KEY") if e.resource.access_key_details.is_none() => {
                e.resource.access_key_details =
                    Some(AccessKeyDetails { access_key_id: Some(tail.to_owned()), ..Default::default() });
                changed = true;
            }
            _ => {}
        }
    }
    if let Some(user) = seq.actors.iter().find_map(|a| a.user.as_ref()) {
        let k = e.resource.access_key_details.get_or_insert_with(AccessKeyDetails::default);
        if k.user_name.is_none() && user.name.is_some() {
            k.user_name.clone_from(&user.name);
            changed = true;
        }
        if k.user_type.is_none() && user.user_type.is_some() {
            k.user_type.clone_from(&user.user_type);
            changed = true;
        }
        if k.access_key_id.is_none() && user.credential_uid.is_some() {
            k.access_key_id.clone_from(&user.credential_uid);
            changed = true;
        }
    }
    changed.then_some(e)
}
