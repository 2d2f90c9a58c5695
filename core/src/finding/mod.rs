//! The typed finding: the fields guides and views use, named as in the GuardDuty API model, read
//! leniently from either key casing. The finding's own JSON is kept beside it for the raw view.

mod consistency;
mod model_macro;
pub mod read;
pub mod resource;
pub mod service;
mod time;
pub mod wire;
mod wording;

use serde_json::{Map, Value};

pub use read::Warning;
pub use resource::*;
pub use service::*;
pub use time::{format_iso, parse_iso, Timestamp};
pub use wording::tags_text;

use read::{Cx, FromObj, Obj};

/// Where a finding came from: the shape it had before it was mapped onto the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// GuardDuty's own finding (API, CLI, EventBridge `detail`, S3 export).
    GuardDuty,
    /// Security Hub's AWS Security Finding Format, from GuardDuty.
    Asff,
    /// OCSF Detection Finding (Security Lake), from GuardDuty.
    Ocsf,
}

impl SourceFormat {
    /// The format's name for people.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::GuardDuty => "GuardDuty",
            SourceFormat::Asff => "Security Hub (ASFF)",
            SourceFormat::Ocsf => "OCSF (Security Lake)",
        }
    }
}

/// One GuardDuty finding.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    pub format: SourceFormat,
    /// The delivery wrappers the finding was taken out of, outermost first (`["SNS", "EventBridge"]`);
    /// empty when it was given bare. Filled by `core::input`.
    pub delivery: Vec<&'static str>,
    pub schema_version: Option<String>,
    pub account_id: Option<String>,
    pub arn: Option<String>,
    pub id: Option<String>,
    pub partition: Option<String>,
    pub region: Option<String>,
    /// The finding type, the one field a finding cannot do without.
    pub finding_type: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<f64>,
    pub confidence: Option<f64>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub associated_attack_sequence_arn: Option<String>,
    pub custom_detection_rule_name: Option<String>,
    pub resource: Resource,
    pub service: Service,
    /// What was wrong in the input, by field path. The finding is still usable.
    pub warnings: Vec<Warning>,
    /// The finding as it was given (ASFF and OCSF: the original document, not the mapped one).
    #[serde(skip)]
    pub raw: Value,
}

/// Why an object could not be read as a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAFinding {
    /// No `type` (or it is empty or not text).
    MissingType { detail: String },
}

impl std::fmt::Display for NotAFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAFinding::MissingType { detail } => write!(f, "{detail}"),
        }
    }
}

impl Finding {
    /// Reads a GuardDuty-shaped finding object (either casing). `raw` is left `null`: the caller
    /// moves the finding's own JSON (or, for ASFF and OCSF, the original document) into it, so the
    /// object is not copied.
    pub fn read(map: &Map<String, Value>, format: SourceFormat) -> Result<Finding, NotAFinding> {
        let mut cx = Cx::default();
        let o = Obj::new(map, "");
        let finding_type = match o.get("type") {
            Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_owned(),
            Some(Value::String(_)) => {
                return Err(NotAFinding::MissingType { detail: "the finding's `type` is empty".into() })
            }
            Some(_) => return Err(NotAFinding::MissingType { detail: "the finding's `type` is not text".into() }),
            None => return Err(NotAFinding::MissingType { detail: "the object has no finding `type`".into() }),
        };
        // Top-level fields first, so warnings come in the order an analyst reads the finding.
        let schema_version = o.str(&mut cx, "schemaVersion");
        let account_id = o.id(&mut cx, "accountId");
        let arn = o.id(&mut cx, "arn");
        let id = o.id(&mut cx, "id");
        let partition = o.str(&mut cx, "partition");
        let region = o.str(&mut cx, "region");
        // Every command carries `--region`, so only a value shaped like a Region is taken. Some
        // documented samples carry a malformed ARN (`arn:aws::guardduty:us-east-1:…`) whose
        // fourth field is `guardduty`; then the ARN's Region, when it is one, is used instead.
        let region = match region {
            Some(r) if is_region(&r) => Some(r),
            Some(r) => {
                let from_arn = arn.as_deref().and_then(region_of_arn);
                cx.warn(
                    "region".into(),
                    match &from_arn {
                        Some(a) => {
                            format!("`{r}` is not an AWS Region; the Region in the finding's ARN ({a}) is used instead")
                        }
                        None => format!(
                            "`{r}` is not an AWS Region; it was set aside, and commands show a blank for the Region"
                        ),
                    },
                );
                from_arn
            }
            None => arn.as_deref().and_then(region_of_arn),
        };
        let title = o.str(&mut cx, "title");
        let description = o.str(&mut cx, "description");
        let severity = o.f64(&mut cx, "severity");
        let confidence = o.f64(&mut cx, "confidence");
        let created_at = o.ts(&mut cx, "createdAt");
        let updated_at = o.ts(&mut cx, "updatedAt");
        let associated_attack_sequence_arn = o.str(&mut cx, "associatedAttackSequenceArn");
        let custom_detection_rule_name = o.str(&mut cx, "customDetectionRuleName");
        let resource = o.read::<Resource>(&mut cx, "resource").unwrap_or_default();
        let service = o.read::<Service>(&mut cx, "service").unwrap_or_default();
        consistency::check(&mut cx, account_id.as_deref(), arn.as_deref(), id.as_deref());
        Ok(Finding {
            format,
            delivery: Vec::new(),
            schema_version,
            account_id,
            arn,
            id,
            partition,
            region,
            finding_type,
            title,
            description,
            severity,
            confidence,
            created_at,
            updated_at,
            associated_attack_sequence_arn,
            custom_detection_rule_name,
            resource,
            service,
            warnings: cx.warnings,
            raw: Value::Null,
        })
    }

    /// Where the finding came from, for people: its delivery chain, then its format
    /// ("SNS → EventBridge → GuardDuty").
    pub fn source_label(&self) -> String {
        let mut parts = self.delivery.clone();
        parts.push(self.format.label());
        parts.join(" → ")
    }

    /// What identifies this finding across loads: its ARN, or its ID when it has no ARN. `None`
    /// when it has neither; such findings are never taken for one another.
    pub fn identity(&self) -> Option<&str> {
        self.arn.as_deref().or(self.id.as_deref()).filter(|s| !s.is_empty())
    }

    /// The key for saved progress and display: [`Finding::identity`], or the type as a last resort.
    pub fn key(&self) -> &str {
        self.arn.as_deref().or(self.id.as_deref()).unwrap_or(&self.finding_type)
    }

    /// The partition for ARNs: the finding's own, else the one its ARN names, else `aws`.
    pub fn partition(&self) -> &str {
        if let Some(p) = self.partition.as_deref().filter(|p| !p.is_empty()) {
            return p;
        }
        self.arn
            .as_deref()
            .and_then(|a| a.strip_prefix("arn:"))
            .and_then(|a| a.split(':').next())
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
    }

    /// Whether this is one of AWS's generated sample findings (`CreateSampleFindings`).
    pub fn is_sample(&self) -> bool {
        let flagged = self
            .service
            .additional_info
            .as_ref()
            .and_then(|j| j.0.get("sample").or_else(|| j.0.get("Sample")))
            .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
        flagged
            || self
                .resource
                .access_key_details
                .as_ref()
                .and_then(|k| k.access_key_id.as_deref())
                .is_some_and(|k| k.starts_with("GeneratedFinding"))
    }

    /// `resource.resourceType`, if any.
    pub fn resource_type(&self) -> Option<&str> {
        self.resource.resource_type.as_deref()
    }

    /// Reads a value as the model would, for callers outside this module (the input mappers).
    pub fn read_detached<T: FromObj>(map: &Map<String, Value>, path: &str) -> (T, Vec<Warning>) {
        let mut cx = Cx::default();
        let t = T::from_obj(Obj::new(map, path), &mut cx);
        (t, cx.warnings)
    }
}

/// Whether `s` is shaped like an AWS Region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`).
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.last().is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The Region field of an ARN (`arn:partition:service:region:account:resource`), when it is one.
pub fn region_of_arn(arn: &str) -> Option<String> {
    let mut parts = arn.split(':');
    let (Some("arn"), Some(_partition), Some(_service), Some(region)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    is_region(region).then(|| region.to_owned())
}

#[cfg(test)]
mod region_tests {
    use super::*;

    #[test]
    fn region_shapes() {
        for ok in ["us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-3", "il-central-1", "eu-isoe-west-1"] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in ["guardduty", "", "us-east", "US-EAST-1", "us--1", "useast1", "us-east-1a", "us-east-123"] {
            assert!(!is_region(bad), "{bad}");
        }
        assert_eq!(
            region_of_arn("arn:aws:guardduty:eu-west-1:111122223333:detector/d/finding/f").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(region_of_arn("arn:aws::guardduty:us-east-1:111122223333:detector/d/finding/f"), None);
    }
}
