//! One module per scenario. Each returns its steps; this module wraps them in a section.

pub mod attack_sequence;
mod backup;
mod container;
pub mod credentials;
pub mod ec2_instance;
mod ecs;
pub mod expected;
pub mod kubernetes;
mod lambda;
mod malware_s3;
mod rds;
mod runtime;
pub mod s3_bucket;

use crate::scenario::ScenarioKey;

use super::ctx::Ctx;
use super::model::Section;

pub fn section(key: ScenarioKey, cx: &Ctx) -> Section {
    let steps = match key {
        ScenarioKey::Ec2Instance => ec2_instance::steps(cx),
        ScenarioKey::S3Bucket => s3_bucket::steps(cx),
        ScenarioKey::Credentials => credentials::steps(cx),
        ScenarioKey::EksAudit => kubernetes::audit_steps(cx),
        ScenarioKey::EksRuntime => kubernetes::runtime_steps(cx),
        ScenarioKey::Ec2Runtime => runtime::ec2_steps(cx),
        ScenarioKey::EcsCluster => ecs::cluster_steps(cx),
        ScenarioKey::EcsRuntime => ecs::runtime_steps(cx),
        ScenarioKey::StandaloneContainer => container::steps(cx),
        ScenarioKey::AttackSequence => attack_sequence::steps(cx),
        ScenarioKey::MalwareS3 => malware_s3::steps(cx),
        ScenarioKey::EbsSnapshot => backup::ebs_snapshot(cx),
        ScenarioKey::Ec2Ami => backup::ec2_ami(cx),
        ScenarioKey::Ec2RecoveryPoint => backup::ec2_recovery_point(cx),
        ScenarioKey::S3RecoveryPoint => backup::s3_recovery_point(cx),
        ScenarioKey::Rds => rds::steps(cx),
        ScenarioKey::Lambda => lambda::steps(cx),
    };
    Section { scenario: Some(key), title: key.title().to_owned(), doc_url: Some(super::doc_url(key)), steps }
}
