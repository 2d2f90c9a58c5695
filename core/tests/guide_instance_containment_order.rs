//! The instance guides take the instance out of Auto Scaling's hands and protect it before the
//! security-group swap, keep its snapshots before anything terminates it, and on an EKS worker
//! node cordon it before isolation and drain it only after its evidence is kept.

use findlens_core::guide::{self, rules, step_ids, Act, Command, Guide, Segment, Subject};
use findlens_core::ScenarioKey;
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn instance(tags: Value) -> Value {
    json!({"instanceId": "i-0asg", "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/web"},
        "tags": tags,
        "networkInterfaces": [{"vpcId": "vpc-1", "subnetId": "subnet-1", "privateDnsName": "ip-10-0-1-5.ec2.internal",
            "securityGroups": [{"groupId": "sg-1"}]}]})
}

fn ec2_finding(tags: Value) -> Value {
    json!({"type": "Backdoor:EC2/C&CActivity.B", "id": "f1", "accountId": "123456789012", "region": "us-east-1",
        "partition": "aws", "severity": 8.0, "resource": {"resourceType": "Instance", "instanceDetails": instance(tags)},
        "service": {"detectorId": "d1", "resourceRole": "ACTOR", "action": {"actionType": "NETWORK_CONNECTION",
            "networkConnectionAction": {"connectionDirection": "OUTBOUND", "remoteIpDetails": {"ipAddressV4": "198.51.100.9"}}}}})
}

fn runtime_finding(tags: Value) -> Value {
    json!({"type": "Execution:Runtime/ReverseShell", "id": "f2", "accountId": "123456789012", "region": "us-east-1",
        "partition": "aws", "severity": 8.0, "resource": {"resourceType": "Instance", "instanceDetails": instance(tags)},
        "service": {"detectorId": "d1", "resourceRole": "TARGET", "featureName": "RuntimeMonitoring",
            "runtimeDetails": {"process": {"name": "bash", "pid": 700, "namespacePid": 12}}}})
}

fn commands(g: &Guide, key: ScenarioKey) -> Vec<(&str, &Command)> {
    let section = g.sections.iter().find(|s| s.scenario == Some(key)).expect("section");
    section.steps.iter().flat_map(|s| s.commands.iter().map(move |c| (s.id.as_str(), c))).collect()
}

fn position(cmds: &[(&str, &Command)], what: &str) -> usize {
    cmds.iter().position(|(_, c)| c.text.contains(what)).unwrap_or_else(|| panic!("no command with {what}"))
}

#[test]
fn release_and_protection_come_before_the_swap_and_snapshots_before_termination() {
    for (v, key, prefix) in [
        (ec2_finding(json!([])), ScenarioKey::Ec2Instance, "ec2-instance"),
        (runtime_finding(json!([])), ScenarioKey::Ec2Runtime, "ec2-runtime"),
    ] {
        let g = guide_of(v);
        assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
        let cmds = commands(&g, key);
        let describe = position(&cmds, "describe-auto-scaling-instances");
        let detach = position(&cmds, "autoscaling detach-instances");
        let protect = position(&cmds, "--disable-api-termination");
        let swap = cmds.iter().position(|(_, c)| c.acts.contains(&Act::Contains(Subject::Instance))).expect("swap");
        let snapshot = position(&cmds, "create-snapshots");
        let terminate = position(&cmds, "terminate-instances");
        assert!(cmds[swap].1.text.contains("--groups"), "the security-group swap is the containment");
        assert!(describe < detach && detach < swap && protect < swap, "{prefix}: release before isolation");
        assert!(cmds[detach].1.acts.contains(&Act::Releases(Subject::Instance)));
        assert!(swap < snapshot && snapshot < terminate, "{prefix}: isolate, preserve, then terminate");
        let ids: Vec<&str> = g
            .sections
            .iter()
            .find(|s| s.scenario == Some(key))
            .map(|s| s.steps.iter().map(|s| s.id.as_str()).collect())
            .unwrap_or_default();
        let want = ["release", "isolate", "revoke-role", "preserve", "find-source", "replace"]
            .map(|s| format!("{prefix}/{s}"));
        let found: Vec<usize> =
            want.iter().map(|w| ids.iter().position(|i| i == w).unwrap_or_else(|| panic!("{w} in {ids:?}"))).collect();
        assert!(found.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert_eq!(step_ids::current(&format!("{prefix}/preserve-and-replace")), format!("{prefix}/preserve"));
    }
}

#[test]
fn termination_protection_says_it_does_not_stop_auto_scaling() {
    let g = guide_of(ec2_finding(json!([])));
    let release = g.sections[0].steps.iter().find(|s| s.id == "ec2-instance/release").expect("release");
    assert!(release
        .decisions
        .iter()
        .any(|d| d.answer.contains("Auto Scaling terminates an instance whatever the flag says")));
    assert!(release.decisions.iter().any(|d| d.answer.contains("deregisters it from the group's load balancers")));
}

#[test]
fn the_group_named_by_the_instance_tag_is_filled_in() {
    let g = guide_of(ec2_finding(json!([{"key": "aws:autoscaling:groupName", "value": "web-asg"}])));
    let cmds = commands(&g, ScenarioKey::Ec2Instance);
    let detach = &cmds[position(&cmds, "autoscaling detach-instances")].1;
    assert!(detach.text.contains("--auto-scaling-group-name 'web-asg'"), "{}", detach.text);
}

#[test]
fn the_isolation_group_id_is_the_output_of_create_security_group() {
    let g = guide_of(ec2_finding(json!([])));
    let isolate = g.sections[0].steps.iter().find(|s| s.id == "ec2-instance/isolate").expect("isolate");
    let blanks: Vec<&Segment> = isolate
        .commands
        .iter()
        .flat_map(|c| &c.segments)
        .filter(|s| matches!(s, Segment::Missing { name, .. } | Segment::Choose { name, .. } | Segment::Output { name, .. } if name == "isolation-group-id"))
        .collect();
    assert_eq!(blanks.len(), 5, "both egress revokes, the ingress rule, the check and the swap");
    for b in blanks {
        match b {
            Segment::Output { hint, .. } => assert!(hint.contains("create-security-group printed"), "{hint}"),
            other => panic!("the group ID is not the analyst's to choose: {other:?}"),
        }
    }
}

#[test]
fn an_eks_node_is_cordoned_before_isolation_and_drained_after_its_evidence() {
    let g = guide_of(runtime_finding(json!([{"key": "eks:cluster-name", "value": "prod"}])));
    assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
    let cmds = commands(&g, ScenarioKey::Ec2Runtime);
    let detach = position(&cmds, "autoscaling detach-instances");
    let cordon = position(&cmds, "kubectl cordon 'ip-10-0-1-5.ec2.internal'");
    let pods = position(&cmds, "kubectl get pods");
    let swap = cmds.iter().position(|(_, c)| c.acts.contains(&Act::Contains(Subject::Instance))).expect("swap");
    let snapshot = position(&cmds, "create-snapshots");
    let drain = position(&cmds, "kubectl drain");
    assert!(detach < swap && cordon < swap, "cordon and detach before isolation");
    assert!(cmds[pods].1.acts.contains(&Act::Captures(Subject::Pod)));
    assert!(pods < drain && snapshot < drain, "drain only after the evidence");
    assert!(cmds[drain].1.caution.is_some());
    assert!(cmds[position(&cmds, "update-kubeconfig")].1.text.contains("--name 'prod'"));
}
