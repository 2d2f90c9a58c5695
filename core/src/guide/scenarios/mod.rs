//! One module per scenario. Each returns its steps; this module wraps them in a section.

pub mod attack_sequence;
mod container;
pub mod credentials;
mod ebs_snapshot;
mod ec2_ami;
pub mod ec2_instance;
mod ec2_recovery_point;
mod ecs_cluster;
mod ecs_runtime;
mod eks_audit;
mod eks_runtime;
pub mod expected;
mod lambda;
mod malware_s3;
mod rds;
mod runtime;
pub mod s3_bucket;
mod s3_recovery_point;

// Scenario keys whose steps are written together with a sibling's, for now: each key still has
// its own module, as the registry's dispatch expects.
mod ec2_runtime {
    pub use super::runtime::ec2_steps as steps;
}
mod standalone_container {
    pub use super::container::steps;
}

use crate::scenario::ScenarioKey;

use super::ctx::Ctx;
use super::model::{Section, Step};

// `steps(key, cx)`: each key's steps from the module named after it, generated from the registry.
include!(concat!(env!("OUT_DIR"), "/scenario_dispatch.rs"));

pub fn section(key: ScenarioKey, cx: &Ctx) -> Section {
    Section { scenario: Some(key), title: key.title().to_owned(), doc_url: Some(key.doc_url()), steps: steps(key, cx) }
}
