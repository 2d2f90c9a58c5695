//! `ecs-runtime`: a Runtime Monitoring finding in an ECS cluster. The process GuardDuty's agent
//! saw, after the identify step, then the steps shared with `ecs-cluster` (shared/ecs).

use crate::guide::ctx::Ctx;
use crate::guide::model::Step;
use crate::guide::shared::ecs::{after_evidence, evidence, identify, source};

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![
        identify(cx, "ecs-runtime"),
        crate::guide::shared::process::process_step(cx, "ecs-runtime"),
        source(cx, "ecs-runtime"),
        evidence(cx, "ecs-runtime"),
    ];
    steps.extend(after_evidence(cx, "ecs-runtime"));
    steps
}
