//! The second review's fixes to the compute and credential guides: evidence lookups keep paging;
//! an attack sequence is contained before its owner is asked; compromise types get no
//! suppression rule and malware in backups is keyed on the file's hash; the shared role
//! revocation (with its full caution) is used by EKS and ECS; remote place facts carry their own
//! paths; EKS deletes a pod with a possible exec session before the node is cut off and copies the
//! process's executable out first; ECS protects its container instance from scale-in and gives a
//! whole DNS Firewall recipe; a standalone container is judged by its parent process.

use findlens_core::guide::{self, Command, Guide, Step};
use findlens_core::samples;
use serde_json::{json, Value};

fn sample(name: &str) -> Value {
    serde_json::from_str(samples::find(name).expect("sample").json).expect("sample JSON")
}

fn guide_of(v: &Value) -> Guide {
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn all_commands(g: &Guide) -> Vec<&Command> {
    g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
}

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g Step {
    steps(g).into_iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

fn pos(g: &Guide, needle: &str) -> usize {
    all_commands(g).iter().position(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no {needle:?}"))
}

fn filter(g: &Guide) -> Option<&Command> {
    all_commands(g).into_iter().find(|c| c.text.starts_with("aws guardduty create-filter"))
}

#[test]
fn credential_lookups_do_not_stop_at_one_page() {
    for name in ["credentials-tor-iam-user", "credentials-instance-exfiltration", "attack-sequence"] {
        let g = guide_of(&sample(name));
        let credentials = g.sections.iter().filter(|s| s.scenario.is_some_and(|k| k.as_str() == "credentials"));
        let lookups: Vec<_> = credentials
            .flat_map(|s| &s.steps)
            .flat_map(|s| &s.commands)
            .filter(|c| c.text.contains("lookup-events"))
            .collect();
        assert!(!lookups.is_empty(), "{name}");
        for c in lookups {
            assert!(!c.text.contains("--max-results"), "{name}: {}", c.text);
        }
    }
}

#[test]
fn an_attack_sequence_contains_first_and_asks_afterwards() {
    let g = guide_of(&sample("attack-sequence"));
    let confirm = step(&g, "credentials/confirm-with-owner");
    let d = confirm
        .decisions
        .iter()
        .find(|d| d.id == "credentials/contain-first-then-ask-the-owner")
        .expect("contain first");
    assert!(d.answer.starts_with("No."), "{}", d.answer);
    assert!(!d.answer.contains("suppress"), "sequences are not suppressed: {}", d.answer);
    assert!(!confirm.decisions.iter().any(|d| d.id == "credentials/did-the-credentials-owner-make-this-call-at"));
}

#[test]
fn a_tor_caller_is_archived_never_suppressed_in_the_owner_question() {
    let g = guide_of(&sample("credentials-tor-iam-user"));
    let confirm = step(&g, "credentials/confirm-with-owner");
    let all: String = confirm.decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(all.contains("archive the finding") && !all.contains("suppress"), "{all}");
}

#[test]
fn compromise_types_get_no_suppression_rule() {
    for ty in [
        "Backdoor:Runtime/C&CActivity.B!DNS",
        "Execution:Runtime/ReverseShell",
        "DefenseEvasion:Runtime/KernelModuleLoaded",
        "Trojan:EC2/DropPoint",
        "PrivilegeEscalation:Runtime/RuncContainerEscape",
    ] {
        let g = guide_of(&json!({"type": ty, "region": "us-east-1", "id": "f1",
            "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0abc"}},
            "service": {"detectorId": "d1",
                "action": {"actionType": "DNS_REQUEST", "dnsRequestAction": {"domain": "evil.example"}},
                "runtimeDetails": {"process": {"name": "x", "executablePath": "/tmp/x", "executableSha256": "aaaa"},
                    "context": {"moduleSha256": "bbbb"}}}}));
        assert!(filter(&g).is_none(), "{ty}");
        let suppress = step(&g, "expected/suppress");
        assert!(suppress.decisions.iter().any(|d| d.id == "expected/compromise-not-suppressed"), "{ty}");
    }
    // Mining may be sanctioned, and a malware test file is kept by hash: rules stay.
    let g = guide_of(&json!({"type": "CryptoCurrency:Runtime/BitcoinTool.B!DNS", "region": "us-east-1", "id": "f2",
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0abc"}},
        "service": {"detectorId": "d1", "action": {"actionType": "DNS_REQUEST", "dnsRequestAction": {"domain": "pool.example"}}}}));
    assert!(filter(&g).is_some());
}

#[test]
fn malware_in_backups_is_suppressed_by_file_hash_not_by_backup_arn() {
    for name in ["ebs-snapshot", "ec2-ami", "ec2-recovery-point", "s3-recovery-point"] {
        let v = sample(name);
        let g = guide_of(&v);
        if let Some(c) = filter(&g) {
            assert!(c.text.contains("service.malwareScanDetails.threats.itemDetails.hash"), "{name}: {}", c.text);
            assert!(!c.text.contains("snapshotArn") && !c.text.contains("imageArn"), "{name}: {}", c.text);
        }
        // Without a hash, the s3 recovery point (a stable ARN) gets no rule at all.
        if name == "s3-recovery-point" {
            let mut v = v.clone();
            for t in v["service"]["malwareScanDetails"]["threats"].as_array_mut().expect("threats") {
                for i in t["itemDetails"].as_array_mut().expect("items") {
                    i.as_object_mut().expect("item").remove("hash");
                }
            }
            assert!(filter(&guide_of(&v)).is_none(), "{name} without a hash");
        }
    }
}

#[test]
fn role_revocations_in_eks_and_ecs_carry_the_full_caution() {
    for name in ["eks-audit", "eks-runtime", "ecs-cluster", "ecs-runtime"] {
        let g = guide_of(&sample(name));
        let revokes: Vec<_> =
            all_commands(&g).into_iter().filter(|c| c.text.contains("AWSRevokeOlderSessions")).collect();
        assert!(!revokes.is_empty(), "{name}");
        for c in revokes {
            assert_eq!(c.caution_id.as_deref(), Some("credentials/role-sessions-revoked"), "{name}: {}", c.text);
        }
    }
    let g = guide_of(&sample("ecs-runtime"));
    assert!(pos(&g, "--query taskDefinition.taskRoleArn") < pos(&g, "AWSRevokeOlderSessions"));
}

#[test]
fn city_and_country_are_separate_facts_with_their_own_paths() {
    let g = guide_of(&sample("credentials-tor-iam-user"));
    let facts: Vec<_> = steps(&g).into_iter().flat_map(|s| &s.facts).collect();
    assert!(!facts.iter().any(|f| f.label == "Location"));
    assert!(facts.iter().any(|f| f.label == "Country" && f.path.ends_with(".country.countryName")));
    if let Some(city) = facts.iter().find(|f| f.label == "City") {
        assert!(city.path.ends_with(".city.cityName"));
    }
}

#[test]
fn eks_deletes_a_pod_with_an_exec_session_before_the_node_is_cut_off() {
    let g = guide_of(&sample("eks-audit"));
    let node = step(&g, "eks-audit/node");
    let texts: Vec<&str> = node.commands.iter().map(|c| c.text.as_str()).collect();
    let del = texts.iter().position(|t| t.contains(" delete pod ")).expect("delete before the swap");
    let swap = texts.iter().position(|t| t.contains("modify-network-interface-attribute")).expect("swap");
    assert!(del < swap);
    let all: String = node.decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(all.contains("stays Terminating") && !all.contains("Deleting the pod (its step below) ends it"), "{all}");
}

#[test]
fn eks_runtime_copies_the_executable_out_before_the_pod_goes() {
    let g = guide_of(&sample("eks-runtime"));
    let copy = pos(&g, "kubectl --context");
    let cp = all_commands(&g).iter().position(|c| c.text.contains(" cp ")).expect("kubectl cp");
    assert!(copy <= cp);
    let del = all_commands(&g).iter().rposition(|c| c.text.contains(" delete pod ")).expect("delete pod");
    assert!(cp < del);
    assert!(all_commands(&g)[del].caution.as_deref().unwrap_or("").contains("writable layers"));
}

#[test]
fn eks_endpoint_cidrs_are_quoted_whole() {
    let g = guide_of(&sample("eks-audit"));
    let c = all_commands(&g).into_iter().find(|c| c.text.contains("update-cluster-config")).expect("endpoint");
    assert!(c.text.contains("--resources-vpc-config 'endpointPublicAccess=true,publicAccessCidrs="), "{}", c.text);
}

#[test]
fn ecs_protects_the_container_instance_before_the_service_changes() {
    let g = guide_of(&sample("ecs-cluster"));
    let protect = pos(&g, "set-instance-protection");
    assert!(all_commands(&g)[protect].text.contains("--protected-from-scale-in"));
    assert!(protect < pos(&g, "aws ecs update-service"));
}

#[test]
fn ecs_dns_block_creates_list_rule_group_rule_and_association() {
    let g = guide_of(&sample("ecs-runtime"));
    let block = step(&g, "ecs-runtime/block-domain");
    let texts: String = block.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
    for op in [
        "create-firewall-domain-list",
        "update-firewall-domains",
        "create-firewall-rule-group",
        "create-firewall-rule ",
        "--action BLOCK",
        "associate-firewall-rule-group",
    ] {
        assert!(texts.contains(op), "{op}: {texts}");
    }
}

#[test]
fn a_standalone_container_is_judged_by_its_parent_and_never_suppressed_from_the_image_step() {
    let g = guide_of(&sample("standalone-container"));
    let image = step(&g, "standalone-container/image");
    let all: String = image.decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(!all.contains("suppress the finding instead"), "{all}");
    let stop = all_commands(&g).into_iter().find(|c| c.text.starts_with("docker stop")).expect("docker stop");
    assert!(stop.caution.as_deref().unwrap_or("").contains("--rm"));
}

#[test]
fn ec2_isolation_covers_every_interface_and_names_surviving_sessions() {
    let g = guide_of(&sample("ec2-instance"));
    let isolate = step(&g, "ec2-instance/isolate");
    assert!(isolate.commands.iter().any(|c| c.text.contains("Name=attachment.instance-id,Values=")));
    assert!(!isolate.commands.iter().any(|c| c.text.starts_with("aws ec2 modify-instance-attribute")));
    let all: String = isolate.decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(all.contains("from another address, survive"), "{all}");
    let g = guide_of(&sample("ec2-runtime"));
    let all: String = step(&g, "ec2-runtime/isolate").decisions.iter().map(|d| d.answer.as_str()).collect();
    assert!(
        !all.contains("ss -tnp") && all.contains("flow logs") && all.contains("Do not end the session by killing sshd"),
        "{all}"
    );
}
