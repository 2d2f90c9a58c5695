//! The EKS guides (eks-audit, eks-runtime) in the order a responder follows them: a pod's evidence
//! before it is deleted, the pod released from its controller before it is quarantined, a
//! host-network pod isolated at its node (NetworkPolicies do not apply to it), the node's volumes
//! snapshotted before it is terminated, and the IAM identity behind the Kubernetes user cut off
//! the way its kind allows (a role's sessions revoked, an IAM user's key deactivated).

use findlens_core::guide::{Segment, Tone};
use serde_json::Value;

mod common;

use common::guides::primary::{commands, has, pos};
use common::guides::{guide_of, no_violations_in, sample_json as sample, step_ids};

fn set_host_network(v: &mut Value, on: bool) {
    v["resource"]["kubernetesDetails"]["kubernetesWorkloadDetails"]["hostNetwork"] = Value::Bool(on);
}

#[test]
fn a_pods_evidence_comes_before_it_is_deleted() {
    for (name, key) in [("eks-audit", "eks-audit/"), ("eks-runtime", "eks-runtime/")] {
        let g = guide_of(&sample(name));
        let spec = pos(&g, " get pod ");
        let spec_cmd = commands(&g)
            .into_iter()
            .find(|c| c.text.contains(" -o yaml >") && c.text.contains(" get pod "))
            .expect("spec saved");
        assert!(spec_cmd.text.contains(".yaml"), "{}", spec_cmd.text);
        let logs = pos(&g, " logs ");
        let delete = pos(&g, " delete pod ");
        assert!(spec < delete && logs < delete, "{name}: evidence must come before the delete");
        assert!(has(&g, "--all-containers"), "{name}");
        let ids = step_ids(&g);
        let evidence = ids.iter().position(|i| i.ends_with("/pod-evidence")).expect("evidence step");
        let remove = ids.iter().position(|i| i.ends_with("/remove-pods")).expect("remove step");
        assert!(evidence < remove, "{name}: {ids:?}");
        no_violations_in(&g, key);
    }
}

#[test]
fn a_pod_is_released_from_its_controller_before_it_is_quarantined() {
    let mut v = sample("eks-audit");
    set_host_network(&mut v, false);
    let g = guide_of(&v);
    let release = commands(&g)
        .into_iter()
        .position(|c| {
            c.text.contains(" label pod ")
                && c.segments.iter().any(|s| matches!(s, Segment::Output { name, .. } if name == "selector-key"))
        })
        .expect("a label removal that releases the pod");
    assert!(commands(&g)[release].text.ends_with("<selector-key>-"), "{}", commands(&g)[release].text);
    let policy = pos(&g, "kind: NetworkPolicy");
    assert!(release < policy, "release before quarantine");
    assert!(pos(&g, "ownerReferences") < release);
    no_violations_in(&g, "eks-audit/");
    // The runtime sample's pod is not on the host network either.
    let g = guide_of(&sample("eks-runtime"));
    assert!(pos(&g, "<selector-key>-") < pos(&g, "kind: NetworkPolicy"));
}

#[test]
fn a_host_network_pod_is_isolated_at_its_node_not_by_a_network_policy() {
    let v = sample("eks-audit");
    assert_eq!(v["resource"]["kubernetesDetails"]["kubernetesWorkloadDetails"]["hostNetwork"], Value::Bool(true));
    let g = guide_of(&v);
    let warning = g.sections[0]
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.question.contains("NetworkPolicy"))
        .expect("a decision on NetworkPolicies");
    assert_eq!(warning.tone, Tone::Danger);
    assert!(warning.answer.contains("hostNetwork") && warning.answer.contains("node"), "{}", warning.answer);
    assert!(!has(&g, "kind: NetworkPolicy"), "a quarantine policy would isolate nothing");
    // Isolated at the node: cordoned, out of Auto Scaling's hands, then its interfaces swapped to an
    // isolation group that the guide creates.
    let cordon = pos(&g, " cordon ");
    let detach = pos(&g, "aws autoscaling detach-instances");
    let create = pos(&g, "aws ec2 create-security-group");
    let revoke = pos(&g, "aws ec2 revoke-security-group-egress");
    let swap = pos(&g, "aws ec2 modify-network-interface-attribute");
    assert!(cordon < swap && detach < swap && create < revoke && revoke < swap);
    assert!(step_ids(&g).contains(&"eks-audit/node"));
    no_violations_in(&g, "eks-audit/");
    // The same holds at runtime, where the node is named by its instance.
    let g = guide_of(&sample("eks-runtime-host-escape"));
    assert!(!has(&g, "kind: NetworkPolicy"));
    assert!(has(&g, "'i-0a2c4e6f8b0d1e3f5'") && has(&g, "'ip-10-0-6-118.ec2.internal'"));
    assert!(pos(&g, "detach-instances") < pos(&g, "modify-network-interface-attribute"));
    no_violations_in(&g, "eks-runtime/");
}

#[test]
fn the_node_is_snapshotted_before_it_is_terminated() {
    for name in ["eks-audit", "eks-runtime-host-escape"] {
        let g = guide_of(&sample(name));
        let snapshot = pos(&g, "aws ec2 create-snapshots --instance-specification InstanceId=");
        let terminate = pos(&g, "aws ec2 terminate-instances");
        assert!(snapshot < terminate, "{name}");
        // The node's pods are saved before the node is isolated (kubectl reaches logs through it).
        assert!(pos(&g, "get pods -A --field-selector ") < pos(&g, "modify-network-interface-attribute"), "{name}");
    }
}

#[test]
fn an_assumed_role_has_its_sessions_revoked_not_its_keys_rotated() {
    let g = guide_of(&sample("eks-audit"));
    let revoke = commands(&g)
        .into_iter()
        .find(|c| c.text.starts_with("aws iam put-role-policy --role-name 'eks-ci-deployer'"))
        .expect("session revocation of the role");
    assert!(revoke.text.contains("aws:TokenIssueTime") && revoke.text.contains("DateLessThan"), "{}", revoke.text);
    assert!(!has(&g, "update-access-key"), "a role has no keys");
    let user = g.sections[0].steps.iter().find(|s| s.id == "eks-audit/revoke-user").expect("revocation step");
    assert!(user.decisions.iter().all(|d| !d.answer.contains("rotate its keys")));
    assert!(user.decisions.iter().any(|d| d.answer.contains("A role has no keys")));

    // No access key details, but the authenticator's uid names a role ID: look the role up.
    let mut v = sample("eks-audit");
    v["resource"].as_object_mut().expect("resource").remove("accessKeyDetails");
    let g = guide_of(&v);
    assert!(has(&g, "aws iam list-roles --query 'Roles[?RoleId=='\\''AROAQ3EXAMPLEEKSDPLY2'\\''].RoleName'"));
    assert!(has(&g, "aws iam put-role-policy --role-name <role-name>"));

    // An IAM user's long-term key is deactivated, and no role policy is written.
    let mut v = sample("eks-audit");
    v["resource"]["accessKeyDetails"] = serde_json::json!({
        "accessKeyId": "AKIAQ3EXAMPLEEKSUSER", "principalId": "AIDAQ3EXAMPLEEKSUSER", "userName": "alice", "userType": "IAMUser"
    });
    let g = guide_of(&v);
    assert!(has(
        &g,
        "aws iam update-access-key --user-name 'alice' --access-key-id 'AKIAQ3EXAMPLEEKSUSER' --status Inactive"
    ));
    assert!(!has(&g, "put-role-policy"));
}

#[test]
fn the_runtime_guide_lists_each_container_once_and_quotes_its_jsonpath() {
    let g = guide_of(&sample("eks-runtime"));
    let image = g.sections[0].steps.iter().find(|s| s.id == "eks-runtime/image").expect("image step");
    assert_eq!(image.facts.len(), 1, "{:?}", image.facts);
    let find = commands(&g).into_iter().find(|c| c.text.contains(".spec.containers[*].image")).expect("image search");
    assert!(
        find.text.contains(
            "-o 'custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,IMAGES:.spec.containers[*].image'"
        ),
        "{}",
        find.text
    );
    // The image's record is kept, and the image with it: it is evidence, not deleted.
    assert!(pos(&g, "aws ecr describe-images") < pos(&g, "aws ecr put-image-tag-mutability"));
    assert!(!has(&g, "batch-delete-image"));
}

#[test]
fn configuration_steps_follow_the_type_family_and_save_the_binding_first() {
    let mut v = sample("eks-audit");
    v["type"] = Value::from("Policy:Kubernetes/AnonymousAccessGranted");
    v["service"]["action"]["kubernetesRoleBindingDetails"] =
        serde_json::json!({"name": "anon-view", "roleRefName": "view", "roleRefKind": "ClusterRole"});
    let g = guide_of(&v);
    assert!(step_ids(&g).contains(&"eks-audit/configuration"));
    assert!(pos(&g, "get clusterrolebinding 'anon-view' -o yaml >") < pos(&g, "delete clusterrolebinding 'anon-view'"));
    assert!(has(&g, "-o 'custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'"));
    no_violations_in(&g, "eks-audit/");
    // A type whose name merely mentions a configuration family elsewhere is not one.
    let mut v = sample("eks-audit");
    v["type"] = Value::from("Execution:Kubernetes/ExecInKubeSystemPod");
    assert!(!step_ids(&guide_of(&v)).contains(&"eks-audit/configuration"));
}
