//! What `ecs-cluster` and `ecs-runtime` share: every step but the runtime's process. Identify the
//! cluster, the task and the threat; find where it came from (the image, or the application);
//! save the task's evidence; then contain it. A task no service runs is isolated, then stopped. A
//! service's task cannot be taken from its service (isolating it fails its health checks and the
//! service replaces it from the same definition), so it is contained by replacement: the service
//! is rolled onto a fixed definition, or scaled to zero.

mod contain;
mod evidence;
mod identify;

use contain::{block_domain, fix_definition, isolate, replace, revoke_task_role, stop};
pub use evidence::evidence;
pub use identify::{identify, source};

use crate::finding::{EcsClusterDetails, EcsTaskDetails};
use crate::guide::ctx::Ctx;
use crate::guide::model::Step;

const P_ECS: &str = "resource.ecsClusterDetails";
const P_TASK: &str = "resource.ecsClusterDetails.taskDetails";
const P_SCAN: &str = "service.ebsVolumeScanDetails";
const P_DNS: &str = "service.action.dnsRequestAction.domain";
const CLUSTER_HINT: &str = "the cluster's name (resource.ecsClusterDetails.name)";
const TASK_HINT: &str =
    "the task's ARN (resource.ecsClusterDetails.taskDetails.arn), or list them with aws ecs list-tasks";

/// After the evidence: a domain the task looked up is blocked; a task no service runs is isolated
/// and stopped; the definition is fixed; a service's task is contained by rolling the service onto
/// the fixed definition (or scaling it to zero). When the finding does not say whether a service
/// runs the task, both paths are shown, each saying when it applies.
pub fn after_evidence(cx: &Ctx, key: &str) -> Vec<Step> {
    let state = service_state(cx);
    let mut steps = Vec::new();
    if domain(cx).is_some() {
        steps.push(block_domain(cx, key));
    }
    if !matches!(state, ServiceState::Service(_)) {
        steps.extend([isolate(cx, key), stop(cx, key)]);
    }
    steps.push(fix_definition(cx, key));
    if state != ServiceState::None {
        steps.push(replace(cx, key));
    }
    steps.push(revoke_task_role(cx, key));
    steps
}

/// Whether a service runs the task, from its group (`service:<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServiceState<'f> {
    Service(&'f str),
    /// The finding has no group: a service may run the task.
    Unknown,
    /// A group that is not a service's (a `run-task` task): nothing replaces it.
    None,
}

fn service_state<'f>(cx: &Ctx<'f>) -> ServiceState<'f> {
    match task(cx).and_then(|t| t.group.as_deref()) {
        Some(g) => g.strip_prefix("service:").map_or(ServiceState::None, ServiceState::Service),
        None => ServiceState::Unknown,
    }
}

fn details<'f>(cx: &Ctx<'f>) -> Option<&'f EcsClusterDetails> {
    cx.f.resource.ecs_cluster_details.as_ref()
}

fn task<'f>(cx: &Ctx<'f>) -> Option<&'f EcsTaskDetails> {
    details(cx).and_then(|d| d.task_details.as_ref())
}

fn name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    details(cx).and_then(|d| d.name.as_deref())
}

fn task_arn<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    task(cx).and_then(|t| t.arn.as_deref())
}

fn launch_type<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    task(cx).and_then(|t| t.launch_type.as_deref())
}

fn is_fargate(cx: &Ctx) -> bool {
    launch_type(cx).is_some_and(|l| l.eq_ignore_ascii_case("FARGATE"))
}

fn is_ec2(cx: &Ctx) -> bool {
    launch_type(cx).is_some_and(|l| l.eq_ignore_ascii_case("EC2"))
}

/// The domain the task looked up (C&C and other DNS findings).
fn domain<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.action().and_then(|a| a.dns_request_action.as_ref()).and_then(|d| d.domain.as_deref()).filter(|d| !d.is_empty())
}
