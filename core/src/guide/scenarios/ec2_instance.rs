//! `ec2-instance`: a potentially compromised EC2 instance. Its steps are the instance guide
//! (shared/instance), which `ec2-runtime` builds on.

use crate::guide::ctx::Ctx;
use crate::guide::model::Step;
use crate::guide::shared::instance;

pub fn steps(cx: &Ctx) -> Vec<Step> {
    instance::steps(cx)
}
