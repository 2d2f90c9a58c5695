//! Containing a long-term key also ends the temporary credentials already minted with it; the
//! lookup says it covers one Region; a role's revocation warns that other users of the role fail
//! for hours; sessionIssuer is spoken of only for roles.

use findlens_core::guide::{self, Guide};
use serde_json::{json, Value};

fn guide_of(v: &Value) -> Guide {
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn credentials(key: &str, user_type: &str, name: &str) -> Value {
    json!({"type": "UnauthorizedAccess:IAMUser/TorIPCaller", "id": "f1", "accountId": "123456789012",
        "region": "eu-west-1", "partition": "aws",
        "resource": {"resourceType": "AccessKey",
            "accessKeyDetails": {"accessKeyId": key, "userType": user_type, "userName": name}},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL",
            "awsApiCallAction": {"api": "ListBuckets", "serviceName": "s3.amazonaws.com"}}}})
}

fn all_text(g: &Guide) -> String {
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| {
            s.decisions
                .iter()
                .map(|d| d.answer.clone())
                .chain(s.commands.iter().map(|c| format!("{} {}", c.description, c.text)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn deactivating_a_long_term_key_is_followed_by_ending_its_sessions() {
    let g = guide_of(&credentials("AKIAIOSFODNN7EXAMPLE", "IAMUser", "alice"));
    let contain = g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == "credentials/contain").expect("contain");
    let texts: Vec<&str> = contain.commands.iter().map(|c| c.text.as_str()).collect();
    let at = |k: &str| texts.iter().position(|t| t.contains(k)).unwrap_or_else(|| panic!("{k}: {texts:#?}"));
    let deactivate = at("--status Inactive");
    let lookup = at("EventName==`AssumeRole`");
    let user = at("put-user-policy --user-name 'alice'");
    let role = at("put-role-policy --role-name <role-name>");
    assert!(deactivate < lookup && lookup < user && user < role, "{texts:#?}");
    assert!(texts[user].contains("aws:TokenIssueTime"));
    assert!(contain.decisions.iter().any(|d| d.id == "credentials/does-deactivating-the-key-end-its-sessions"));
    let create = contain.commands.iter().find(|c| c.text.contains("create-access-key")).expect("create");
    assert!(create.description.contains("only two keys"), "{}", create.description);
    assert!(at("list-access-keys") < at("create-access-key"));
}

#[test]
fn the_lookup_says_it_sees_one_region_and_no_data_events() {
    let g = guide_of(&credentials("AKIAIOSFODNN7EXAMPLE", "IAMUser", "alice"));
    let text = all_text(&g);
    assert!(text.contains("A stolen key works in every Region"), "{text}");
    assert!(text.contains("never S3 data events"));
    assert!(!text.contains("sessionIssuer"), "an IAM user's key has no session issuer: {text}");
    let g = guide_of(&credentials("ASIAY34FZKBOKMUTVV7A", "AssumedRole", "web-role"));
    assert!(all_text(&g).contains("sessionIssuer"));
}

#[test]
fn revoking_a_roles_sessions_warns_that_its_other_users_fail_for_hours() {
    let g = guide_of(&credentials("ASIAY34FZKBOKMUTVV7A", "AssumedRole", "web-role"));
    let revoke = g
        .sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.commands)
        .find(|c| c.text.contains("put-role-policy"))
        .expect("revoke");
    let caution = revoke.caution.as_deref().unwrap_or("");
    assert!(caution.contains("AccessDenied") && caution.contains("hours"), "{caution}");
    assert!(!caution.contains("must get new sessions"), "{caution}");
}
