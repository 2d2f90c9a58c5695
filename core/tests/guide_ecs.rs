//! The ECS guides (ecs-cluster, ecs-runtime) in the order a responder follows them: the task's
//! description, definition and logs saved first; a service's task contained by rolling the service
//! onto the fixed definition (a service relaunches a stopped task from the same definition); a
//! task no service runs isolated, with the group the guide creates, then stopped.

use findlens_core::guide::Segment;
use serde_json::Value;

mod common;

use common::guides::primary::{commands, has, pos};
use common::guides::{guide_of, no_violations_in, sample_json as sample};

#[test]
fn evidence_then_fixed_definition_then_service_update() {
    for (name, key) in [("ecs-cluster", "ecs-cluster/"), ("ecs-runtime", "ecs-runtime/")] {
        let g = guide_of(&sample(name));
        let describe = pos(&g, "aws ecs describe-tasks");
        let definition = pos(&g, "aws ecs describe-task-definition");
        let logs = pos(&g, "aws logs filter-log-events");
        let register = pos(&g, "aws ecs register-task-definition");
        let update = pos(&g, "aws ecs update-service");
        assert!(describe < register && definition < register && logs < register, "{name}: evidence first");
        assert!(register < update, "{name}: the definition is fixed before the service is rolled");
        let update_cmd = commands(&g)[update];
        assert!(
            update_cmd
                .segments
                .iter()
                .any(|s| matches!(s, Segment::Output { name, .. } if name == "fixed-task-definition")),
            "{}",
            update_cmd.text
        );
        no_violations_in(&g, key);
    }
}

#[test]
fn the_isolation_group_is_created_by_the_guide_before_it_is_used() {
    let mut v = sample("ecs-cluster");
    v["resource"]["ecsClusterDetails"]["taskDetails"]["group"] = Value::from("family:payments-api");
    let g = guide_of(&v);
    let create = pos(&g, "aws ec2 create-security-group");
    let revoke = pos(&g, "aws ec2 revoke-security-group-egress");
    let swap = pos(&g, "aws ec2 modify-network-interface-attribute");
    assert!(create < revoke && revoke < swap);
    let swap_cmd = commands(&g)[swap];
    let group = swap_cmd
        .segments
        .iter()
        .find_map(|s| match s {
            Segment::Output { name, hint, .. } if name == "isolation-group-id" => Some(hint.as_str()),
            Segment::Choose { name, .. } if name.contains("group-id") => {
                panic!("the group's ID is printed, not chosen")
            }
            _ => None,
        })
        .expect("the isolation group's ID is a blank filled from create-security-group");
    assert!(group.contains("create-security-group"), "{group}");
}

#[test]
fn a_task_no_service_runs_is_isolated_and_stopped_without_a_service_update() {
    let mut v = sample("ecs-cluster");
    v["resource"]["ecsClusterDetails"]["taskDetails"]["group"] = Value::from("family:payments-api");
    v["resource"]["ecsClusterDetails"]["taskDetails"]["startedBy"] = Value::from("ci-runner");
    let g = guide_of(&v);
    assert!(!has(&g, "aws ecs update-service"));
    assert!(pos(&g, "aws ecs describe-task-definition") < pos(&g, "aws ecs stop-task"));
    assert!(pos(&g, "modify-network-interface-attribute") < pos(&g, "aws ecs stop-task"));
    no_violations_in(&g, "ecs-cluster/");
}
