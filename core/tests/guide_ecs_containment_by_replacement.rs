//! ECS: a service's task is contained by replacing it (never isolated after the update); a task no
//! service runs is isolated then stopped; isolation closes IPv6 too; logs are read every page;
//! the image is kept as evidence; the scan's files, snapshot and trigger finding are shown; the
//! C&C domain is shown and blocked; a shell under a server process points at the application.

use findlens_core::guide::{rules, Command, Guide};
use serde_json::Value;

mod common;

use common::guides::primary::{commands, has, pos};
use common::guides::{guide_of, sample_json as sample};

fn find<'g>(g: &'g Guide, needle: &str) -> &'g Command {
    commands(g).into_iter().find(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle:?}"))
}

fn text(g: &Guide) -> String {
    serde_json::to_string(&g.sections[0]).expect("json")
}

fn standalone(name: &str) -> Guide {
    let mut v = sample(name);
    v["resource"]["ecsClusterDetails"]["taskDetails"]["group"] = Value::from("family:x");
    guide_of(&v)
}

#[test]
fn a_service_task_is_contained_by_replacement_not_isolated_after_it() {
    for name in ["ecs-cluster", "ecs-runtime"] {
        let g = guide_of(&sample(name));
        assert!(!has(&g, "modify-network-interface-attribute"), "{name}: no isolation of a service's task");
        assert!(!has(&g, "aws ecs stop-task"), "{name}");
        assert!(has(&g, "--desired-count 0"), "{name}: scaling to zero is offered");
        let zero = find(&g, "--desired-count 0");
        assert!(zero.caution.as_deref().unwrap_or("").contains("outage"), "{}", zero.text);
        assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
    }
}

#[test]
fn a_standalone_task_is_isolated_then_stopped_with_ipv6_closed_and_a_fallback() {
    for name in ["ecs-cluster", "ecs-runtime"] {
        let g = standalone(name);
        let v4 = pos(&g, "\"CidrIp\":\"0.0.0.0/0\"");
        let v6 = pos(&g, "\"CidrIpv6\":\"::/0\"");
        let swap = pos(&g, "modify-network-interface-attribute");
        let stop = pos(&g, "aws ecs stop-task");
        assert!(v4 < swap && v6 < swap && swap < stop, "{name}");
        assert!(!has(&g, "aws ecs update-service"));
        let isolate = g.sections[0].steps.iter().find(|s| s.id.ends_with("/isolate")).expect("isolate step");
        assert!(isolate.decisions.iter().any(|d| d.answer.contains("requester-managed")), "{name}");
        assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
    }
}

#[test]
fn logs_are_read_with_the_paginated_filter_log_events() {
    let g = guide_of(&sample("ecs-cluster"));
    assert!(has(&g, "aws logs filter-log-events --log-group-name "));
    assert!(has(&g, "--log-stream-names "));
    assert!(!has(&g, "get-log-events"));
}

#[test]
fn an_ec2_launch_task_is_exported_and_its_instance_snapshotted_and_checked() {
    let g = guide_of(&sample("ecs-cluster"));
    let export = pos(&g, "docker export");
    let snap = pos(&g, "aws ec2 create-snapshots");
    let check = pos(&g, "aws ec2 describe-snapshots");
    let update = pos(&g, "aws ecs update-service");
    // The export writes to the instance's disk: it comes after the snapshots started.
    assert!(snap < export && export < check && check < update);
    assert!(commands(&g)[export].caution.as_deref().unwrap_or("").contains("fill the disk"));
    assert!(commands(&g)[snap].text.contains("--tag-specifications"));
    let fargate = guide_of(&sample("ecs-runtime"));
    assert!(text(&fargate).contains("ECS Exec"));
}

#[test]
fn the_image_is_kept_as_evidence_not_deleted() {
    let g = guide_of(&sample("ecs-cluster"));
    assert!(!has(&g, "batch-delete-image"));
    assert!(has(&g, "put-image-tag-mutability"));
    let source = g.sections[0].steps.iter().find(|s| s.id == "ecs-cluster/find-source").expect("source step");
    let d = &source.decisions[0];
    assert!(!d.answer.contains("remove it from the repository") && d.answer.contains("not malware"), "{}", d.answer);
}

#[test]
fn the_scan_shows_its_file_hash_snapshot_and_trigger_finding() {
    let g = guide_of(&sample("ecs-cluster"));
    let id = &g.sections[0].steps[0];
    let labels: Vec<&str> = id.facts.iter().map(|f| f.label.as_str()).collect();
    for l in ["Infected files", "Infected files' SHA-256", "Snapshots scanned", "Scan triggered by finding"] {
        assert!(labels.contains(&l), "{labels:?}");
    }
    assert!(has(&g, "aws guardduty get-findings"));
}

#[test]
fn the_cc_domain_is_shown_and_blocked_and_a_server_parent_points_at_the_application() {
    let g = guide_of(&sample("ecs-runtime"));
    let id = &g.sections[0].steps[0];
    assert!(id.facts.iter().any(|f| f.value.as_deref() == Some("update.example-c2.net")));
    assert!(has(&g, "aws route53resolver update-firewall-domains"));
    let source = g.sections[0].steps.iter().find(|s| s.id == "ecs-runtime/find-source").expect("source step");
    assert!(source.why.contains("php-fpm") && !source.why.starts_with("Malware baked"), "{}", source.why);
}
