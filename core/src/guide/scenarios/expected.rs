//! The branch every scenario shares: the activity turned out to be expected. Don't remediate;
//! archive this finding, or add a suppression rule so matching findings are archived as they arrive.

use crate::guide::command::json_str;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Section, Step, Tone};
use crate::scenario::ScenarioKey;

/// Which account runs GuardDuty's own commands.
fn run_in(cx: &Ctx) -> String {
    let acct = cx.account.map(|a| format!(" ({a})")).unwrap_or_default();
    format!("the finding's account{acct} if it runs GuardDuty on its own; if it is a member account, the GuardDuty administrator account, with the administrator's detector ID")
}

/// The second criterion of a suppression rule: the attribute that narrows it to this activity.
fn narrowing<'f>(cx: &Ctx<'f>, scenarios: &[ScenarioKey]) -> Option<(&'static str, &'f str)> {
    let primary = scenarios.first().copied();
    let action = cx.action();
    if let Some(d) = action.and_then(|a| a.dns_request_action.as_ref()).and_then(|d| d.domain.as_deref()) {
        return Some(("service.action.dnsRequestAction.domain", d));
    }
    match primary {
        Some(ScenarioKey::S3Bucket) => {
            if let Some(n) = cx.bucket().and_then(|b| b.name.as_deref()) {
                return Some(("resource.s3BucketDetails.name", n));
            }
        }
        Some(ScenarioKey::Credentials) => {
            if let Some(ip) =
                cx.api_call().and_then(|c| c.remote_ip_details.as_ref()).and_then(|r| r.ip_address_v4.as_deref())
            {
                return Some(("service.action.awsApiCallAction.remoteIpDetails.ipAddressV4", ip));
            }
            if let Some(acct) =
                cx.api_call().and_then(|c| c.remote_account_details.as_ref()).and_then(|r| r.account_id.as_deref())
            {
                return Some(("service.action.awsApiCallAction.remoteAccountDetails.accountId", acct));
            }
            if let Some(u) = cx.key().and_then(|k| k.user_name.as_deref()) {
                return Some(("resource.accessKeyDetails.userName", u));
            }
        }
        Some(ScenarioKey::Lambda) => {
            if let Some(n) = cx.f.resource.lambda_details.as_ref().and_then(|l| l.function_name.as_deref()) {
                return Some(("resource.lambdaDetails.functionName", n));
            }
        }
        Some(ScenarioKey::Rds) => {
            if let Some(n) =
                cx.f.resource.rds_db_instance_details.as_ref().and_then(|d| d.db_instance_identifier.as_deref())
            {
                return Some(("resource.rdsDbInstanceDetails.dbInstanceIdentifier", n));
            }
        }
        Some(ScenarioKey::EbsSnapshot) => {
            if let Some(a) = cx.f.resource.ebs_snapshot_details.as_ref().and_then(|d| d.snapshot_arn.as_deref()) {
                return Some(("resource.ebsSnapshotDetails.snapshotArn", a));
            }
        }
        Some(ScenarioKey::Ec2Ami) => {
            if let Some(a) = cx.f.resource.ec2_image_details.as_ref().and_then(|d| d.image_arn.as_deref()) {
                return Some(("resource.ec2ImageDetails.imageArn", a));
            }
        }
        Some(ScenarioKey::Ec2RecoveryPoint | ScenarioKey::S3RecoveryPoint) => {
            if let Some(a) = cx.f.resource.recovery_point_details.as_ref().and_then(|d| d.recovery_point_arn.as_deref())
            {
                return Some(("resource.recoveryPointDetails.recoveryPointArn", a));
            }
        }
        Some(ScenarioKey::MalwareS3) => {
            if let Some(n) = cx.bucket().and_then(|b| b.name.as_deref()) {
                return Some(("resource.s3BucketDetails.name", n));
            }
        }
        Some(ScenarioKey::EksAudit | ScenarioKey::EksRuntime) => {
            if let Some(n) = cx.f.resource.eks_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
                return Some(("resource.eksClusterDetails.name", n));
            }
        }
        Some(ScenarioKey::EcsCluster | ScenarioKey::EcsRuntime) => {
            if let Some(n) = cx.f.resource.ecs_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
                return Some(("resource.ecsClusterDetails.name", n));
            }
        }
        Some(ScenarioKey::StandaloneContainer) => {
            if let Some(i) = cx.f.resource.container_details.as_ref().and_then(|c| c.image.as_deref()) {
                return Some(("resource.containerDetails.image", i));
            }
        }
        _ => {}
    }
    if let Some(id) = cx.instance_id() {
        return Some(("resource.instanceDetails.instanceId", id));
    }
    if let Some(ip) = action
        .and_then(|a| a.network_connection_action.as_ref())
        .and_then(|n| n.remote_ip_details.as_ref())
        .and_then(|r| r.ip_address_v4.as_deref())
    {
        return Some(("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", ip));
    }
    // Last resorts, for findings whose primary scenario has no identifier of its own.
    if let Some(n) = cx.bucket().and_then(|b| b.name.as_deref()) {
        return Some(("resource.s3BucketDetails.name", n));
    }
    cx.key().and_then(|k| k.access_key_id.as_deref()).map(|k| ("resource.accessKeyDetails.accessKeyId", k))
}

pub fn section(cx: &Ctx, scenarios: &[ScenarioKey]) -> Section {
    let f = cx.f;
    let detector = cx.detector_id();
    let det_hint = "the detector ID: aws guardduty list-detectors (in the administrator account for member findings)";
    let id = f.id.as_deref();
    let criteria = {
        let mut c = format!("{{\"Criterion\":{{\"type\":{{\"Eq\":[{}]}}", json_str(&f.finding_type));
        if let Some((path, value)) = narrowing(cx, scenarios) {
            c.push_str(&format!(",{}:{{\"Eq\":[{}]}}", json_str(path), json_str(value)));
        }
        c.push_str("}}");
        c
    };
    let narrowed = narrowing(cx, scenarios);
    let archive = Step {
        id: "expected/archive".into(),
        phase: Phase::Tune,
        title: "If the activity was expected: archive this finding".into(),
        why: "An expected, authorised activity needs no remediation. Archiving keeps the finding for the record but takes it off the active list.".into(),
        facts: vec![fact("Detector ID", detector, "service.detectorId"), fact("Finding ID", id, "id"), fact("Account", cx.account, "accountId")],
        decisions: vec![Decision {
            question: "Who confirmed it was expected?".into(),
            answer: "Note who confirmed it and how (a ticket, a change record) before archiving: the finding's history does not say.".into(),
            tone: Tone::Info,
        }],
        commands: vec![
            cx.cmd("Archive this finding")
                .t("aws guardduty archive-findings --detector-id ")
                .v_or(detector, "service.detectorId", "detector-id", det_hint)
                .t(" --finding-ids ")
                .v_or(id, "id", "finding-id", "the finding's ID (the last part of its ARN)")
                
                .run_in(run_in(cx))
                .build(),
            cx.cmd("Optionally tell GuardDuty the finding was not useful")
                .t("aws guardduty update-findings-feedback --detector-id ")
                .v_or(detector, "service.detectorId", "detector-id", det_hint)
                .t(" --finding-ids ")
                .v_or(id, "id", "finding-id", "the finding's ID")
                .t(" --feedback NOT_USEFUL")
                
                .run_in(run_in(cx))
                .build(),
        ],
    };
    let suppress = Step {
        id: "expected/suppress".into(),
        phase: Phase::Tune,
        title: "If it will happen again: add a suppression rule".into(),
        why: "A suppression rule archives new findings that match it as they arrive, so expected activity stops raising alerts. Keep it narrow: the finding type plus one attribute of this activity.".into(),
        facts: vec![
            fact("Finding type", Some(f.finding_type.as_str()), "type"),
            fact("Narrowing attribute", narrowed.map(|(p, v)| format!("{p} = {v}")), narrowed.map_or("service.action", |(p, _)| p)),
        ],
        decisions: vec![Decision {
            question: "Is the rule narrow enough?".into(),
            answer: if narrowed.is_some() {
                "It matches this type only for the attribute shown. Check in the console's filter view how many current findings it would archive before you create it.".into()
            } else {
                "This finding has no attribute to narrow the rule, so it would archive every finding of this type. Add a criterion (an instance ID, an IP address, a domain) before you create it.".into()
            },
            tone: if narrowed.is_some() { Tone::Info } else { Tone::Warning },
        }],
        commands: vec![cx.cmd("Create a filter that archives matching findings")
            .t("aws guardduty create-filter --detector-id ")
            .v_or(detector, "service.detectorId", "detector-id", det_hint)
            .t(" --name ")
            .choose("rule-name", "a name for the rule that says why the activity is expected")
            .t(" --action ARCHIVE --finding-criteria ")
            .v(&criteria, "type")
            
            .run_in(run_in(cx))
            .build()],
    };
    Section {
        scenario: None,
        title: "If the activity was expected".to_owned(),
        doc_url: Some("https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html".to_owned()),
        steps: vec![archive, suppress],
    }
}
