//! Taking an instance's role away also revokes the role's older sessions: credentials already
//! issued to the instance (and copied from it) stay valid for hours after the profile is removed.

use findlens_core::guide::{self, Command, Guide};
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn finding(profile: Option<&str>) -> Value {
    let mut inst = json!({"instanceId": "i-0rev", "networkInterfaces": [{"vpcId": "vpc-1", "subnetId": "subnet-1"}]});
    if let Some(p) = profile {
        inst["iamInstanceProfile"] = json!({"arn": p});
    }
    json!({"type": "Backdoor:EC2/C&CActivity.B", "id": "f1", "accountId": "123456789012", "region": "us-east-1",
        "partition": "aws", "resource": {"resourceType": "Instance", "instanceDetails": inst},
        "service": {"detectorId": "d1", "resourceRole": "ACTOR"}})
}

fn step_commands<'g>(g: &'g Guide, id: &str) -> Vec<&'g Command> {
    g.sections.iter().flat_map(|s| &s.steps).filter(|s| s.id == id).flat_map(|s| &s.commands).collect()
}

#[test]
fn the_role_step_disassociates_then_revokes_older_sessions() {
    let g = guide_of(finding(Some("arn:aws:iam::123456789012:instance-profile/team/web-profile")));
    let cmds = step_commands(&g, "ec2-instance/revoke-role");
    let at = |k: &str| cmds.iter().position(|c| c.text.contains(k)).unwrap_or_else(|| panic!("{k}"));
    let profile = &cmds[at("get-instance-profile")];
    assert!(profile.text.contains("--instance-profile-name 'web-profile'"), "the last path segment: {}", profile.text);
    let revoke = &cmds[at("put-role-policy")];
    assert!(
        revoke.text.contains("aws:TokenIssueTime") && revoke.text.contains("\"Effect\":\"Deny\""),
        "{}",
        revoke.text
    );
    assert!(revoke.text.contains("--policy-name AWSRevokeOlderSessions"));
    assert!(revoke.caution.is_some(), "says that every older session stops working");
    assert!(at("disassociate-iam-instance-profile") < at("put-role-policy"), "nothing renews the sessions afterwards");
}

#[test]
fn the_role_step_is_there_with_blanks_when_the_finding_names_no_profile() {
    let g = guide_of(finding(None));
    let cmds = step_commands(&g, "ec2-instance/revoke-role");
    assert!(cmds.iter().any(|c| c.text.contains("put-role-policy --role-name <role-name>")));
    assert!(cmds.iter().any(|c| c.text.contains("--instance-profile-name <instance-profile-name>")));
}

#[test]
fn the_role_of_exfiltrated_instance_credentials_is_filled_in() {
    let g = guide_of(json!({"type": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS", "id": "f2",
        "accountId": "123456789012", "region": "us-east-1", "partition": "aws",
        "resource": {"resourceType": "AccessKey",
            "accessKeyDetails": {"accessKeyId": "ASIAEXAMPLEKEY000001", "userType": "AssumedRole", "userName": "web-role",
                "principalId": "AROAEXAMPLE:i-0rev"},
            "instanceDetails": {"instanceId": "i-0rev", "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/web"}}},
        "service": {"detectorId": "d1", "resourceRole": "TARGET"}}));
    let cmds = step_commands(&g, "ec2-instance/revoke-role");
    assert!(cmds.iter().any(|c| c.text.contains("put-role-policy --role-name 'web-role'")), "{cmds:#?}");
}
