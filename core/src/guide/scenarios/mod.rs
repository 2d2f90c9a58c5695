//! One module per scenario. Each returns its steps; this module wraps them in a section.

pub mod credentials;
pub mod ec2_instance;
pub mod expected;
mod pending;
pub mod s3_bucket;

use crate::scenario::ScenarioKey;

use super::ctx::Ctx;
use super::model::Section;

pub fn section(key: ScenarioKey, cx: &Ctx) -> Section {
    let steps = match key {
        ScenarioKey::Ec2Instance => ec2_instance::steps(cx),
        ScenarioKey::S3Bucket => s3_bucket::steps(cx),
        ScenarioKey::Credentials => credentials::steps(cx),
        other => pending::steps(other, cx),
    };
    Section { scenario: Some(key), title: key.title().to_owned(), doc_url: Some(super::doc_url(key)), steps }
}
