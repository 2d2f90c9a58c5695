//! The catalog of GuardDuty finding types: for each type, the resource it lands on, where
//! GuardDuty saw it, its default severity, the remediation scenarios that apply, a one-line
//! summary for the analyst, notes on what the type means and decides, and its AWS documentation
//! page.
//!
//! The entries live in `core/data/finding-types.tsv`, the project's own data file, with the notes
//! in `core/data/type-notes.tsv` and the links in `core/data/type-links.tsv`; `build.rs` checks
//! them and compiles them in (so the app needs no file or network access to know a type). Each type is declared once, there; retired types stay in the catalog, flagged, because
//! old findings and exports still carry them. A test checks the file against the shared
//! reference so the two cannot drift apart unnoticed.

mod grammar;
mod unknown;

pub use crate::scenario::{CatalogScenario, ScenarioKey};
pub use grammar::{parse_type, CallerReputation, TypeName};
pub use unknown::scenarios_for_unknown;

use crate::severity::DefaultSeverity;

/// The kind of resource a finding type lands on, as GuardDuty's `Resource.ResourceType` names it,
/// plus families GuardDuty has no single value for: `Runtime` (Runtime Monitoring types land on an
/// instance, an EKS or ECS cluster, or a container) and the Backup-scan artefacts. Where no source
/// states the family (attack sequences, Custom Detection Rules, the Backup scans), the entry says
/// so ([`TypeInfo::resource_inferred`]) and routing also follows the finding's own resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ResourceFamily {
    Instance,
    AccessKey,
    S3Bucket,
    S3Object,
    EksCluster,
    EcsCluster,
    Container,
    RdsDbInstance,
    Lambda,
    Runtime,
    EbsSnapshot,
    Ec2Image,
    RecoveryPoint,
}

impl ResourceFamily {
    /// The spelling used in the data file, which follows GuardDuty's (`EKSCluster`, `RDSDBInstance`).
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceFamily::Instance => "Instance",
            ResourceFamily::AccessKey => "AccessKey",
            ResourceFamily::S3Bucket => "S3Bucket",
            ResourceFamily::S3Object => "S3Object",
            ResourceFamily::EksCluster => "EKSCluster",
            ResourceFamily::EcsCluster => "ECSCluster",
            ResourceFamily::Container => "Container",
            ResourceFamily::RdsDbInstance => "RDSDBInstance",
            ResourceFamily::Lambda => "Lambda",
            ResourceFamily::Runtime => "Runtime",
            ResourceFamily::EbsSnapshot => "EbsSnapshot",
            ResourceFamily::Ec2Image => "Ec2Image",
            ResourceFamily::RecoveryPoint => "RecoveryPoint",
        }
    }
}

/// One finding type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypeInfo {
    /// The full type name, e.g. `Backdoor:EC2/C&CActivity.B!DNS`.
    pub name: &'static str,
    pub resource: ResourceFamily,
    /// Whether `resource` is Findlens's inference rather than a sourced fact (the data file marks
    /// it `(inferred)`): attack sequences span resources, and AWS does not state the resource of
    /// Custom Detection Rules or the exact resource type of Backup scans.
    pub resource_inferred: bool,
    /// Where GuardDuty saw the activity (VPC flow logs, CloudTrail management events, …).
    pub data_source: &'static str,
    pub default_severity: DefaultSeverity,
    /// When the default depends on the finding (e.g. "High when the instance is the attacker");
    /// empty when it does not.
    pub severity_note: &'static str,
    /// Remediation scenarios, primary first. Never empty (build.rs rejects such a row).
    pub scenarios: &'static [CatalogScenario],
    pub retired: bool,
    /// For a retired type, the type that took over its detection, when one is known; or a family
    /// of types with any threat purpose (`*:IAMUser/AnomalousBehavior`): see [`successors`].
    pub replaced_by: Option<&'static str>,
    /// One line, in the project's own words, for an incident responder.
    pub summary: &'static str,
    /// What the finding means, in a sentence or two (`data/type-notes.tsv`). Never empty.
    pub meaning: &'static str,
    /// The likely benign explanations, in a sentence; empty when there is none worth naming.
    pub benign: &'static str,
    /// The decision this type puts to the responder (which fact to check, what it changes, or for
    /// a retired type what replaced it); empty when nothing beyond the scenario's steps applies.
    pub decision: &'static str,
    /// AWS's documentation page for the type (`data/type-links.tsv`), when one is known.
    pub doc_url: Option<&'static str>,
}

impl TypeInfo {
    /// The primary scenario: the guide a finding of this type opens with.
    pub fn primary(&self) -> CatalogScenario {
        // build.rs refuses rows without a scenario, so the slice is never empty.
        self.scenarios[0]
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog_generated.rs"));

/// The catalog entry for a type name; exact, case-sensitive match (GuardDuty's names are).
pub fn lookup(type_name: &str) -> Option<&'static TypeInfo> {
    TYPES.binary_search_by(|t| t.name.cmp(type_name)).ok().and_then(|i| TYPES.get(i))
}

/// Every catalogued type, active and retired, sorted by name.
pub fn all() -> &'static [TypeInfo] {
    TYPES
}

/// The types that took over a retired type's detection: its `replaced_by`, or every catalogued
/// type of the family it names (`*:IAMUser/AnomalousBehavior` → `Discovery:IAMUser/AnomalousBehavior`,
/// `Persistence:…`, …). Empty when none is known.
pub fn successors(t: &TypeInfo) -> Vec<&'static TypeInfo> {
    match t.replaced_by {
        None => Vec::new(),
        Some(family) => match family.strip_prefix("*:") {
            Some(rest) => TYPES.iter().filter(|c| c.name.split_once(':').is_some_and(|(_, r)| r == rest)).collect(),
            None => lookup(family).into_iter().collect(),
        },
    }
}

/// The retired types, kept apart in listings so they do not crowd the current ones.
pub fn retired() -> impl Iterator<Item = &'static TypeInfo> {
    TYPES.iter().filter(|t| t.retired)
}

#[cfg(test)]
mod tests;
