//! One line of the findings list: what the table shows and sorts on, computed once per finding so
//! that filtering thousands of rows on each keystroke stays cheap.

use crate::finding::{Finding, Resource};
use crate::route::route;
use crate::scenario::ScenarioKey;
use crate::severity::{Severity, SeverityBand};

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The finding's key (ARN, else ID): progress and selection refer to it.
    pub key: String,
    pub severity: Severity,
    pub finding_type: String,
    pub title: String,
    /// What the finding is about, as one short label (`i-0abc`, `bucket my-data`, `AKIA…`).
    pub resource: String,
    pub resource_type: String,
    pub account: String,
    pub region: String,
    pub count: i64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub first_seen_text: String,
    pub last_seen_text: String,
    pub archived: bool,
    pub sample: bool,
    pub scenarios: Vec<ScenarioKey>,
    /// Lower-cased text the free-text filter searches.
    pub haystack: String,
}

/// One way of naming a resource, tried in turn until one gives a label.
type Label = fn(&Resource) -> Option<String>;

fn bucket(r: &Resource) -> Option<String> {
    r.s3_bucket_details.first().and_then(|b| b.name.as_ref()).map(|n| format!("bucket {n}"))
}
fn eks_cluster(r: &Resource) -> Option<String> {
    r.eks_cluster_details.as_ref().and_then(|e| e.name.as_ref()).map(|n| format!("EKS {n}"))
}
fn ecs_cluster(r: &Resource) -> Option<String> {
    r.ecs_cluster_details.as_ref().and_then(|e| e.name.as_ref()).map(|n| format!("ECS {n}"))
}
fn container(r: &Resource) -> Option<String> {
    r.container_details.as_ref().and_then(|c| c.name.as_ref().or(c.id.as_ref())).map(|n| format!("container {n}"))
}
fn function(r: &Resource) -> Option<String> {
    r.lambda_details.as_ref().and_then(|l| l.function_name.as_ref()).map(|n| format!("function {n}"))
}
fn database(r: &Resource) -> Option<String> {
    r.rds_db_instance_details.as_ref().and_then(|d| d.db_instance_identifier.as_ref()).map(|n| format!("DB {n}"))
}
fn snapshot(r: &Resource) -> Option<String> {
    r.ebs_snapshot_details.as_ref().and_then(|s| s.snapshot_arn.clone())
}
fn image(r: &Resource) -> Option<String> {
    r.ec2_image_details.as_ref().and_then(|s| s.image_arn.clone())
}
fn recovery_point(r: &Resource) -> Option<String> {
    r.recovery_point_details.as_ref().and_then(|s| s.recovery_point_arn.clone())
}
fn access_key(r: &Resource) -> Option<String> {
    let k = r.access_key_details.as_ref()?;
    match (k.user_name.as_deref(), k.access_key_id.as_deref()) {
        (Some(u), Some(k)) => Some(format!("{u} ({k})")),
        (Some(u), None) => Some(u.to_owned()),
        (None, Some(k)) => Some(k.to_owned()),
        (None, None) => None,
    }
}
fn instance(r: &Resource) -> Option<String> {
    r.instance_details.as_ref().and_then(|i| i.instance_id.clone())
}

/// The labels tried for most findings, most specific first.
const ANY_RESOURCE: [Label; 11] = [
    bucket,
    eks_cluster,
    ecs_cluster,
    container,
    function,
    database,
    snapshot,
    image,
    recovery_point,
    access_key,
    instance,
];
/// An access key finding is about the key, even when it also names a bucket or an instance.
const ACCESS_KEY_FIRST: [Label; 3] = [access_key, bucket, instance];

/// The one resource label a list shows for a finding.
fn resource_label(f: &Finding) -> String {
    let r = &f.resource;
    if let Some(id) = r.instance_details.as_ref().and_then(|i| i.instance_id.as_deref()) {
        if matches!(f.resource_type(), Some("Instance") | None) {
            return id.to_owned();
        }
    }
    let order: &[Label] = match f.resource_type() {
        Some("AccessKey") => &ACCESS_KEY_FIRST,
        _ => &ANY_RESOURCE,
    };
    order.iter().find_map(|label| label(r)).unwrap_or_default()
}

impl Row {
    pub fn new(f: &Finding) -> Row {
        let routing = route(f);
        let severity = Severity::new(f.severity, routing.known.map(|k| k.default_severity));
        let resource = resource_label(f);
        let title = f.title.clone().unwrap_or_else(|| f.finding_type.clone());
        let account = f.account_id.clone().unwrap_or_default();
        let region = f.region.clone().unwrap_or_default();
        let haystack = [
            title.as_str(),
            f.finding_type.as_str(),
            resource.as_str(),
            account.as_str(),
            region.as_str(),
            f.key(),
            f.description.as_deref().unwrap_or(""),
        ]
        .join("\n")
        .to_lowercase();
        Row {
            key: f.key().to_owned(),
            severity,
            finding_type: f.finding_type.clone(),
            title,
            resource,
            resource_type: f.resource_type().unwrap_or("").to_owned(),
            account,
            region,
            count: f.service.count.unwrap_or(1),
            first_seen: f.service.event_first_seen.as_ref().and_then(|t| t.epoch_ms),
            last_seen: f.service.event_last_seen.as_ref().or(f.updated_at.as_ref()).and_then(|t| t.epoch_ms),
            first_seen_text: f.service.event_first_seen.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            last_seen_text: f
                .service
                .event_last_seen
                .as_ref()
                .or(f.updated_at.as_ref())
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            archived: f.service.archived == Some(true),
            sample: f.is_sample(),
            scenarios: routing.scenarios,
            haystack,
        }
    }

    pub fn band(&self) -> SeverityBand {
        self.severity.label
    }
}
