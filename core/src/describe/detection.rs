//! The Detection section (anomaly, attack-sequence signals, actors, resources and endpoints) and
//! what else the finding says about itself.

use crate::finding::{Finding, Json, Service};

use super::build::{Builder, Rows};
use super::Section;

const SEQ: &str = "service.detection.sequence";

/// The keys of a free-form object: what an anomaly was unusual in, without the profile itself.
fn keys(j: &Option<Json>) -> Vec<String> {
    j.as_ref().and_then(|j| j.0.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

pub(super) fn detection(svc: &Service) -> Option<Section> {
    let d = svc.detection.as_ref()?;
    let mut s = Builder::new("detection", "Detection");
    if let Some(a) = &d.anomaly {
        let mut rows = Rows::at("service.detection.anomaly");
        rows.list("Unusual", &keys(&a.unusual), "unusual").list("Profiles", &keys(&a.profiles), "profiles");
        s.item("Anomaly (see the raw JSON for the full profile)", rows);
    }
    if let Some(q) = &d.sequence {
        let mut top = Rows::at(SEQ);
        top.str("Sequence", &q.description, "description").str("Sequence ID", &q.uid, "uid").list(
            "Also",
            &q.additional_sequence_types,
            "additionalSequenceTypes",
        );
        for i in &q.sequence_indicators {
            let label = i.title.clone().or_else(|| i.key.clone()).unwrap_or_else(|| "Indicator".into());
            top.list(&label, &i.values, "sequenceIndicators.values");
        }
        s.rows(top);
        for (n, sig) in q.signals.iter().enumerate() {
            let mut rows = Rows::at(format!("{SEQ}.signals"));
            rows.str("Name", &sig.name, "name")
                .str("Type", &sig.signal_type, "type")
                .str("Description", &sig.description, "description")
                .text("Severity", sig.severity.map(|v| format!("{v:.1}")), "severity")
                .text("Count", sig.count, "count")
                .time("First seen", &sig.first_seen_at, "firstSeenAt")
                .time("Last seen", &sig.last_seen_at, "lastSeenAt")
                .list("Resources", &sig.resource_uids, "resourceUids")
                .list("Actors", &sig.actor_ids, "actorIds")
                .list("Endpoints", &sig.endpoint_ids, "endpointIds");
            s.item(format!("Signal {}", n + 1), rows);
        }
        for a in &q.actors {
            let u = a.user.as_ref();
            let process = a.process.as_ref();
            let (process, process_field) = match process.and_then(|p| p.path.clone()) {
                Some(path) => (Some(path), "process.path"),
                None => (process.and_then(|p| p.name.clone()), "process.name"),
            };
            let mut rows = Rows::at(format!("{SEQ}.actors"));
            rows.str("ID", &a.id, "id")
                .text("User", u.and_then(|u| u.name.clone()), "user.name")
                .text("User type", u.and_then(|u| u.user_type.clone()), "user.type")
                .text("Credential", u.and_then(|u| u.credential_uid.clone()), "user.credentialUid")
                .text("Account", u.and_then(|u| u.account.as_ref()).and_then(|a| a.uid.clone()), "user.account.uid")
                .text("MFA", a.session.as_ref().and_then(|s| s.mfa_status.clone()), "session.mfaStatus")
                .text("Process", process, process_field);
            s.item("Actor", rows);
        }
        for r in &q.resources {
            let mut rows = Rows::at(format!("{SEQ}.resources"));
            rows.str("Name", &r.name, "name")
                .str("ID", &r.uid, "uid")
                .str("Type", &r.resource_type, "resourceType")
                .str("Account", &r.account_id, "accountId")
                .str("Region", &r.region, "region")
                .tags("Tags", &r.tags, "tags");
            s.item("Resource", rows);
        }
        for e in &q.endpoints {
            let place = e.location.as_ref().map(|l| {
                [&l.city, &l.country].into_iter().flatten().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>()
            });
            // Worded as the remote party's network is: `AS123 Name`.
            let network = e.autonomous_system.as_ref().and_then(|a| match (a.number, a.name.as_deref()) {
                (Some(num), Some(name)) if !name.is_empty() => Some(format!("AS{num} {name}")),
                (Some(num), _) => Some(format!("AS{num}")),
                (None, name) => name.map(str::to_owned),
            });
            let mut rows = Rows::at(format!("{SEQ}.endpoints"));
            rows.str("ID", &e.id, "id")
                .str("IP", &e.ip, "ip")
                .str("Domain", &e.domain, "domain")
                .text("Port", e.port, "port")
                .list("Location", &place.unwrap_or_default(), "location.country")
                .text("Network (ASN and organisation)", network, "autonomousSystem.name")
                .text("Direction", e.connection.as_ref().and_then(|c| c.direction.clone()), "connection.direction");
            s.item("Network endpoint", rows);
        }
    }
    s.finish()
}

/// What else the finding says about itself.
pub(super) fn other(f: &Finding) -> Option<Section> {
    let mut s = Builder::new("other", "About this finding");
    let mut top = Rows::at("");
    top.str("Finding ARN", &f.arn, "arn")
        .str("Finding ID", &f.id, "id")
        .str("Detector", &f.service.detector_id, "service.detectorId")
        .str("Feature", &f.service.feature_name, "service.featureName")
        .str("Resource role", &f.service.resource_role, "service.resourceRole")
        .str("User feedback", &f.service.user_feedback, "service.userFeedback")
        .str("Custom detection rule", &f.custom_detection_rule_name, "customDetectionRuleName")
        .str("Attack sequence", &f.associated_attack_sequence_arn, "associatedAttackSequenceArn")
        .text("Confidence", f.confidence, "confidence")
        .str("Schema version", &f.schema_version, "schemaVersion");
    s.rows(top);
    s.finish()
}
