//! The isolation step closes every way out (IPv6 too), speaks of cutting live connections only
//! with commands that do it, names the groups the swap replaces, and says memory must be taken
//! before the swap; the role is taken away before the snapshots; keeping an instance is offered
//! only where its finding's type allows trusting it again.

use findlens_core::guide::{self, Guide, Step};
use serde_json::{json, Value};

fn guide_of(v: &Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn sample(name: &str) -> Value {
    let path = format!("{}/samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("sample")).expect("json")
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g Step {
    g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == id).unwrap_or_else(|| panic!("{id}"))
}

fn answers(s: &Step) -> String {
    s.decisions.iter().map(|d| d.answer.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_isolation_group_loses_its_ipv6_egress_rule_and_is_checked() {
    let g = guide_of(&sample("ec2-instance"));
    let texts: Vec<&str> = step(&g, "ec2-instance/isolate").commands.iter().map(|c| c.text.as_str()).collect();
    let at = |k: &str| texts.iter().position(|t| t.contains(k)).unwrap_or_else(|| panic!("{k}: {texts:#?}"));
    let v6 = at("\"CidrIpv6\":\"::/0\"");
    assert!(texts[v6].starts_with("aws ec2 revoke-security-group-egress"));
    let check = at("aws ec2 describe-security-groups --group-ids <isolation-group-id>");
    let ingress = at("authorize-security-group-ingress");
    let attach = at("modify-network-interface-attribute");
    assert!(v6 < check && ingress < check && check < attach, "checked last, just before it is attached");
}

#[test]
fn live_connections_are_cut_only_by_commands_the_step_has() {
    // The runtime sample names no remote address: no network ACL commands, and no "below".
    let g = guide_of(&sample("ec2-runtime"));
    let isolate = step(&g, "ec2-runtime/isolate");
    assert!(!isolate.commands.iter().any(|c| c.text.contains("network-acl")));
    let text = answers(isolate);
    assert!(!text.contains("(below)"), "{text}");
    assert!(text.contains("sshd (process ID 31655)"), "the live SSH session is named: {text}");
    // The sample with a remote address gets the commands, and the text points at them.
    let g = guide_of(&sample("ec2-instance"));
    let isolate = step(&g, "ec2-instance/isolate");
    assert!(isolate.commands.iter().any(|c| c.text.contains("create-network-acl-entry")));
}

#[test]
fn memory_is_taken_before_the_swap_not_through_the_isolation_group() {
    let g = guide_of(&sample("ec2-instance"));
    let isolate = answers(step(&g, "ec2-instance/isolate"));
    assert!(
        isolate.contains("before this step attaches the isolation group and before the next step takes the role away"),
        "{isolate}"
    );
    let preserve = answers(step(&g, "ec2-instance/preserve"));
    assert!(!preserve.contains("still lets the instance reach"), "{preserve}");
    // No route through Systems Manager after isolation: the agent has no credentials by then.
    assert!(!preserve.contains("temporary outbound rule"), "{preserve}");
    assert!(preserve.contains("before the isolate and role steps"), "{preserve}");
}

#[test]
fn the_original_security_groups_are_named_where_they_are_put_back() {
    let g = guide_of(&sample("ec2-instance"));
    let isolate = step(&g, "ec2-instance/isolate");
    assert!(isolate
        .facts
        .iter()
        .any(|f| f.label.starts_with("Security groups attached now")
            && f.value.as_deref() == Some("sg-0a1b2c3d4e5f60789")));
    let replace = answers(step(&g, "ec2-instance/replace"));
    assert!(replace.contains("original security groups (sg-0a1b2c3d4e5f60789, or"), "{replace}");
}

#[test]
fn the_role_is_taken_away_before_the_snapshots_and_detaching_can_be_undone() {
    let g = guide_of(&sample("ec2-instance"));
    let ids: Vec<&str> = g.sections[0].steps.iter().map(|s| s.id.as_str()).collect();
    let at = |id: &str| ids.iter().position(|i| *i == id).expect(id);
    assert!(at("ec2-instance/revoke-role") < at("ec2-instance/preserve"), "{ids:?}");
    assert!(answers(step(&g, "ec2-instance/release")).contains("attach-instances"));
}

#[test]
fn a_host_that_loaded_a_kernel_module_is_replaced_never_kept() {
    let g = guide_of(&sample("ec2-runtime"));
    let replace = step(&g, "ec2-runtime/replace");
    let text = answers(replace);
    assert!(!text.contains("you may keep it"), "{text}");
    assert!(text.contains("Do not keep this instance"), "{text}");
    assert_eq!(replace.title, "Replace the instance");
    // A type that does not rule the host out still offers keeping it.
    let mut v = sample("ec2-runtime");
    v["type"] = json!("Execution:Runtime/NewBinaryExecuted");
    let g = guide_of(&v);
    assert!(answers(step(&g, "ec2-runtime/replace")).contains("you may keep it"));
}
