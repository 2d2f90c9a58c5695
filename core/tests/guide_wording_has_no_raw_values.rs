//! Guide text speaks to people: no raw enum values (ACTOR, TARGET) as sentences, and a threat
//! list's name is not repeated as its own threat name.

use findlens_core::guide::{self, Guide};
use serde_json::{json, Value};

fn guide_of(v: &Value) -> Guide {
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn role_answer(role: &str, ty: &str, extra: Value) -> String {
    let mut service = json!({"detectorId": "d1", "resourceRole": role});
    service.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
    let g = guide_of(&json!({"type": ty, "id": "f1", "accountId": "123456789012", "region": "us-east-1",
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0w"}}, "service": service}));
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.decisions)
        .find(|d| d.id == "shared-actor/is-the-instance-being-attacked-or-is-it")
        .expect("role decision")
        .answer
        .clone()
}

#[test]
fn the_resource_role_is_worded_for_people() {
    for (role, ty, extra) in [
        ("ACTOR", "Backdoor:EC2/C&CActivity.B", json!({})),
        ("TARGET", "UnauthorizedAccess:EC2/SSHBruteForce", json!({})),
        ("TARGET", "Execution:Runtime/ReverseShell", json!({"runtimeDetails": {"process": {"name": "sh"}}})),
        ("TARGET", "Backdoor:EC2/C&CActivity.B", json!({})),
    ] {
        let a = role_answer(role, ty, extra);
        assert!(!a.contains("ACTOR") && !a.contains("TARGET"), "{ty}: {a}");
    }
}

#[test]
fn a_threat_named_like_its_list_is_not_repeated() {
    let path = format!("{}/samples/credentials-tor-iam-user.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("sample")).expect("json");
    let g = guide_of(&v);
    let fact = g
        .sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.facts)
        .find(|f| f.label == "Threat lists matched")
        .expect("threat lists");
    assert_eq!(fact.value.as_deref(), Some("TorExitNode"));
}
