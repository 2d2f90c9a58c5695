//! EKS: the user's decision is separate from its revocation, which removes its mapping and, for a
//! call from the internet, restricts the endpoint; the pod's role sessions are revoked and the
//! miner's pod deleted as soon as its evidence is saved; the node's isolation closes IPv6, denies
//! the remote address at the subnet's ACL, and its snapshots are tagged and checked; an ECR image
//! is deleted by digest; a public image is not "removed from the registry".

use findlens_core::guide::{self, rules, Command, Guide, Phase};

mod common;

use common::guides::primary::{commands, has, pos};
use common::guides::{guide_of, sample_json as sample};

fn find<'g>(g: &'g Guide, needle: &str) -> &'g Command {
    commands(g).into_iter().find(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle:?}"))
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g guide::Step {
    g.sections[0].steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

#[test]
fn the_user_is_judged_in_understand_and_cut_off_in_contain() {
    let g = guide_of(&sample("eks-audit"));
    let user = step(&g, "eks-audit/user");
    assert_eq!(user.phase, Phase::Understand);
    assert!(user.commands.iter().all(|c| c.effect == guide::Effect::ReadOnly));
    let revoke = step(&g, "eks-audit/revoke-user");
    assert_eq!(revoke.phase, Phase::Contain);
    let save = pos(&g, "get configmap aws-auth -o yaml > aws-auth.yaml");
    let apply = pos(&g, "kube-system apply -f");
    assert!(save < apply);
    assert!(pos(&g, "describe-access-entry") < pos(&g, "delete-access-entry"));
    let endpoint = find(&g, "aws eks update-cluster-config");
    assert!(endpoint.text.contains("publicAccessCidrs=") && endpoint.text.contains("endpointPrivateAccess=true"));
    assert!(endpoint.caution.as_deref().unwrap_or("").contains("outside the CIDRs"));
}

#[test]
fn the_node_isolation_closes_ipv6_and_denies_no_api_caller_at_the_acl() {
    // The audit sample's remote address called the cluster's API endpoint, not the node: a deny
    // at the node's subnet would do nothing against it, so the step has none.
    let g = guide_of(&sample("eks-audit"));
    assert!(pos(&g, "\"CidrIpv6\":\"::/0\"") < pos(&g, "modify-network-interface-attribute"));
    assert!(!has(&g, "create-network-acl-entry"));
    let node = step(&g, "eks-audit/node");
    let all: String = node.decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(all.contains("exec") && all.contains("NotReady") && !all.contains("EC2 instance guide shows"), "{all}");
}

#[test]
fn node_snapshots_are_tagged_and_checked_before_termination() {
    for name in ["eks-audit", "eks-runtime-host-escape"] {
        let g = guide_of(&sample(name));
        let snap = pos(&g, "aws ec2 create-snapshots");
        assert!(commands(&g)[snap].text.contains("--tag-specifications"), "{name}");
        let check = pos(&g, "aws ec2 describe-snapshots");
        assert!(snap < check && check < pos(&g, "terminate-instances"), "{name}");
        let replace =
            step(&g, &format!("{}/replace-node", if name == "eks-audit" { "eks-audit" } else { "eks-runtime" }));
        assert!(!replace.why.contains("already launched"), "{}", replace.why);
        assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
    }
}

#[test]
fn the_pods_role_sessions_are_revoked_and_the_miner_pod_deleted() {
    let g = guide_of(&sample("eks-runtime"));
    let creds = step(&g, "eks-runtime/pod-credentials");
    assert!(creds.commands.iter().any(|c| c.text.contains("eks\\.amazonaws\\.com/role-arn")));
    assert!(creds.commands.iter().any(|c| c.text.contains("list-pod-identity-associations")));
    assert!(creds.commands.iter().any(|c| c.text.contains("aws:TokenIssueTime")));
    let delete = find(&g, " delete pod ");
    assert!(delete.description.starts_with("As soon as its evidence is saved"), "{}", delete.description);
    let pods = step(&g, "eks-runtime/pods");
    assert!(pods.decisions.iter().any(|d| d.id == "kubernetes/does-the-quarantine-cut-open-connections"));
    let evidence = step(&g, "eks-runtime/pod-evidence");
    assert!(!evidence.why.contains("isolating the node"), "{}", evidence.why);
    assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
}

#[test]
fn an_ecr_image_is_kept_as_evidence_with_its_tags_locked() {
    let g = guide_of(&sample("eks-runtime"));
    assert!(!has(&g, "batch-delete-image"));
    let lock = find(&g, "aws ecr put-image-tag-mutability");
    assert!(lock.text.contains("--image-tag-mutability IMMUTABLE"), "{}", lock.text);
}

#[test]
fn a_public_image_is_not_removed_from_a_registry_the_spec_is_checked() {
    let g = guide_of(&sample("eks-audit"));
    let image = step(&g, "eks-audit/image");
    assert!(image.decisions.iter().all(|d| !d.answer.contains("remove the image from the registry")));
    assert!(image.decisions.iter().any(|d| d.id == "kubernetes/is-the-spec-the-danger"));
    assert!(!has(&g, "batch-delete-image"));
}
