//! Containing a credential: a long-term key's last-used record and CloudTrail events are kept
//! before it is deleted; a temporary (ASIA) credential has no key to deactivate or delete, so the
//! guide revokes sessions instead; the root user's key is recorded before it goes.

use findlens_core::guide::{self, rules, Act, Command, Effect, Guide, Subject};
use serde_json::{json, Value};

fn guide_of(key: &str, user_type: &str, user_name: &str) -> Guide {
    let v: Value = json!({
        "type": "UnauthorizedAccess:IAMUser/TorIPCaller", "id": "f1", "accountId": "123456789012", "region": "us-west-2",
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": key, "userType": user_type,
            "userName": user_name, "principalId": "AIDAEXAMPLE"}},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "ListBuckets",
            "serviceName": "s3.amazonaws.com", "remoteIpDetails": {"ipAddressV4": "192.0.2.7"}}}}
    });
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn commands(g: &Guide) -> Vec<&Command> {
    g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
}

fn contain_text(g: &Guide) -> String {
    let step = g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == "credentials/contain").expect("contain");
    let mut t = step.title.clone();
    for d in &step.decisions {
        t.push_str(&d.answer);
    }
    for c in &step.commands {
        t.push_str(&c.description);
        t.push_str(&c.text);
    }
    t.to_lowercase()
}

#[test]
fn a_long_term_key_is_recorded_before_it_is_deleted() {
    let g = guide_of("AKIAIOSFODNN7EXAMPLE", "IAMUser", "alice");
    assert!(rules::check(&g).is_empty(), "{:?}", rules::check(&g));
    let cmds = commands(&g);
    let at = |k: &str| cmds.iter().position(|c| c.text.contains(k)).unwrap_or_else(|| panic!("{k}"));
    let last_used = at("get-access-key-last-used --access-key-id 'AKIAIOSFODNN7EXAMPLE'");
    let lookup = at(
        "cloudtrail lookup-events --lookup-attributes 'AttributeKey=AccessKeyId,AttributeValue=AKIAIOSFODNN7EXAMPLE'",
    );
    let delete = at("delete-access-key");
    assert!(cmds[last_used].acts.contains(&Act::Captures(Subject::AccessKey)));
    assert!(last_used < delete && lookup < delete);
    assert!(at("update-access-key") < delete, "deactivate (reversible) before deleting");
    for c in &cmds {
        if c.effect == Effect::Destructive {
            assert!(c.caution.as_deref().is_some_and(|s| !s.is_empty()), "{}", c.text);
        }
    }
}

#[test]
fn a_temporary_role_credential_is_revoked_not_deleted() {
    let g = guide_of("ASIAY34FZKBOKMUTVV7A", "AssumedRole", "ci-deploy-role");
    let cmds = commands(&g);
    assert!(cmds
        .iter()
        .any(|c| c.text.contains("put-role-policy --role-name 'ci-deploy-role'")
            && c.text.contains("aws:TokenIssueTime")));
    for c in &cmds {
        assert!(!c.text.contains("delete-access-key") && !c.text.contains("update-access-key"), "{}", c.text);
    }
    let t = contain_text(&g);
    for banned in ["rotate", "delete the key", "deactivate the key"] {
        assert!(!t.contains(banned), "no `{banned}` for a temporary credential: {t}");
    }
}

#[test]
fn a_temporary_user_credential_denies_the_users_older_sessions() {
    let g = guide_of("ASIAY34FZKBOKMUTVV7B", "IAMUser", "bob");
    let cmds = commands(&g);
    assert!(cmds
        .iter()
        .any(|c| c.text.contains("put-user-policy --user-name 'bob'") && c.text.contains("aws:TokenIssueTime")));
    assert!(!cmds.iter().any(|c| c.text.contains("delete-access-key")));
    assert!(!contain_text(&g).contains("rotate"));
}

#[test]
fn the_root_key_is_recorded_before_it_is_deleted() {
    let g = guide_of("AKIAIOSFODNN7EXAMPLE", "Root", "Root");
    assert!(
        !commands(&g).iter().any(|c| c.text.contains("delete-access-key")),
        "root's key is deleted by root, in the console"
    );
    let t = contain_text(&g);
    assert!(t.contains("before you delete the root access key"), "{t}");
    assert!(t.contains("last-used record"), "{t}");
}
