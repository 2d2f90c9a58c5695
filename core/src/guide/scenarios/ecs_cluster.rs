//! `ecs-cluster`: a potentially compromised ECS cluster or task. Its steps are the ones shared with
//! `ecs-runtime` (shared/ecs).

use crate::guide::ctx::Ctx;
use crate::guide::model::Step;
use crate::guide::shared::ecs::{after_evidence, evidence, identify, source};

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "ecs-cluster"), source(cx, "ecs-cluster"), evidence(cx, "ecs-cluster")];
    steps.extend(after_evidence(cx, "ecs-cluster"));
    steps
}
