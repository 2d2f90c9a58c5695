//! One line of the findings list: what the table shows and sorts on, computed once per finding so
//! that filtering thousands of rows on each keystroke stays cheap.

use crate::finding::Finding;
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

/// The one resource label a list shows for a finding.
fn resource_label(f: &Finding) -> String {
    let r = &f.resource;
    if let Some(id) = r.instance_details.as_ref().and_then(|i| i.instance_id.as_deref()) {
        if matches!(f.resource_type(), Some("Instance") | None) {
            return id.to_owned();
        }
    }
    let candidates = [
        r.s3_bucket_details.first().and_then(|b| b.name.clone()).map(|n| format!("bucket {n}")),
        r.eks_cluster_details.as_ref().and_then(|e| e.name.clone()).map(|n| format!("EKS {n}")),
        r.ecs_cluster_details.as_ref().and_then(|e| e.name.clone()).map(|n| format!("ECS {n}")),
        r.container_details
            .as_ref()
            .and_then(|c| c.name.clone().or_else(|| c.id.clone()))
            .map(|n| format!("container {n}")),
        r.lambda_details.as_ref().and_then(|l| l.function_name.clone()).map(|n| format!("function {n}")),
        r.rds_db_instance_details.as_ref().and_then(|d| d.db_instance_identifier.clone()).map(|n| format!("DB {n}")),
        r.ebs_snapshot_details.as_ref().and_then(|s| s.snapshot_arn.clone()),
        r.ec2_image_details.as_ref().and_then(|s| s.image_arn.clone()),
        r.recovery_point_details.as_ref().and_then(|s| s.recovery_point_arn.clone()),
        r.access_key_details.as_ref().and_then(|k| {
            let user = k.user_name.as_deref();
            let key = k.access_key_id.as_deref();
            match (user, key) {
                (Some(u), Some(k)) => Some(format!("{u} ({k})")),
                (Some(u), None) => Some(u.to_owned()),
                (None, Some(k)) => Some(k.to_owned()),
                (None, None) => None,
            }
        }),
        r.instance_details.as_ref().and_then(|i| i.instance_id.clone()),
    ];
    let order: &[usize] = match f.resource_type() {
        Some("AccessKey") => &[9, 0, 10],
        _ => &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    };
    order.iter().find_map(|&i| candidates[i].clone()).unwrap_or_default()
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
