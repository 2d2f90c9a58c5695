//! One module per scenario key, named after it (plus `expected`, the section every guide ends with):
//! each returns its key's steps, and this module wraps them in a section. What several scenarios
//! need is in `guide::shared`, never borrowed from a sibling scenario.

pub mod attack_sequence;
pub mod credentials;
mod ebs_snapshot;
mod ec2_ami;
pub mod ec2_instance;
mod ec2_recovery_point;
mod ec2_runtime;
mod ecs_cluster;
mod ecs_runtime;
mod eks_audit;
mod eks_runtime;
pub mod expected;
mod lambda;
mod malware_s3;
mod rds;
pub mod s3_bucket;
mod s3_recovery_point;
mod standalone_container;

use crate::scenario::ScenarioKey;

use super::ctx::Ctx;
use super::model::{Section, Step};

// `steps(key, cx)`: each key's steps from the module named after it, generated from the registry.
include!(concat!(env!("OUT_DIR"), "/scenario_dispatch.rs"));

pub fn section(key: ScenarioKey, cx: &Ctx) -> Section {
    Section { scenario: Some(key), title: key.title().to_owned(), doc_url: Some(key.doc_url()), steps: steps(key, cx) }
}
