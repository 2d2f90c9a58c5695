//! The S3 bucket and malware-in-S3 guides: anonymous callers get no credential talk, the bucket's
//! policy and ACL are saved before anything replaces them, Block Public Access comes first, and a
//! malicious object is copied before it is blocked or deleted.

use findlens_core::guide::{self, Command, Guide, Step, Subject};

fn guide_of(json: &str) -> Guide {
    let loaded = findlens_core::read(json.as_bytes());
    guide::build(loaded.findings.first().expect("the test finding reads"))
}

fn sample(name: &str) -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == name).expect("sample exists");
    guide_of(s.json)
}

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

fn commands(g: &Guide) -> Vec<&Command> {
    steps(g).into_iter().flat_map(|s| &s.commands).collect()
}

fn position(g: &Guide, needle: &str) -> usize {
    commands(g).iter().position(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle}"))
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g Step {
    steps(g).into_iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

fn text_of(s: &Step) -> String {
    let mut t = format!("{} {}", s.title, s.why);
    for d in &s.decisions {
        t.push_str(&format!(" {} {}", d.question, d.answer));
    }
    for c in &s.commands {
        t.push_str(&format!(" {} {}", c.description, c.text));
    }
    t
}

const ANONYMOUS: &str = r#"{
  "accountId": "111122223333", "region": "us-east-1", "partition": "aws", "id": "a1",
  "type": "UnauthorizedAccess:S3/TorIPCaller",
  "resource": {
    "resourceType": "S3Bucket",
    "accessKeyDetails": {"principalId": "ANONYMOUS_PRINCIPAL", "userName": "ANONYMOUS_PRINCIPAL", "userType": "AWSAccount"},
    "s3BucketDetails": [{"name": "open-bucket", "arn": "arn:aws:s3:::open-bucket"}]
  },
  "service": {"action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetObject", "serviceName": "s3.amazonaws.com",
    "remoteIpDetails": {"ipAddressV4": "198.51.100.9"}}}}
}"#;

#[test]
fn anonymous_caller_gets_no_key_talk() {
    let g = guide_of(ANONYMOUS);
    for id in ["s3-bucket/identify-caller", "s3-bucket/should-have-access"] {
        let t = text_of(step(&g, id));
        for word in ["password", "MFA", "sign-in", "this key", "access key"] {
            assert!(!t.contains(word), "{id} talks about {word}: {t}");
        }
    }
    let caller = text_of(step(&g, "s3-bucket/identify-caller"));
    assert!(caller.contains("ANONYMOUS_PRINCIPAL"), "{caller}");
    assert!(caller.contains("server access logs") && caller.contains("data event"), "{caller}");
    assert!(caller.contains("get-bucket-logging"), "{caller}");
    assert!(!caller.contains("AttributeKey=AccessKeyId"), "{caller}");
}

#[test]
fn policy_and_acl_are_saved_before_they_are_replaced() {
    for g in [guide_of(ANONYMOUS), sample("s3-bucket-anonymous-read"), sample("s3-bucket-policy")] {
        let saved_policy = position(&g, "get-bucket-policy --bucket");
        let saved_acl = position(&g, "get-bucket-acl");
        assert!(saved_policy < position(&g, "put-bucket-policy"));
        assert!(saved_acl < position(&g, "put-bucket-acl"));
        let cmds = commands(&g);
        assert!(cmds[saved_acl].acts.contains(&guide::Act::Captures(Subject::AccessPolicy)));
        // Block Public Access, which is reversible, comes before the replacements.
        assert!(position(&g, "s3api put-public-access-block") < position(&g, "put-bucket-acl"));
        let acl = cmds[position(&g, "put-bucket-acl")];
        assert!(acl.caution.as_deref().is_some_and(|c| c.contains("log-delivery")), "{:?}", acl.caution);
        if let Some(cors) = cmds.iter().position(|c| c.text.contains("delete-bucket-cors")) {
            assert!(position(&g, "get-bucket-cors") < cors);
        }
        assert!(
            guide::rules::check(&g).iter().all(|v| !v.step.starts_with("s3-bucket/")),
            "{:?}",
            guide::rules::check(&g)
        );
    }
}

#[test]
fn malicious_object_is_copied_before_it_is_blocked_or_deleted() {
    let g = sample("malware-s3");
    let copy = position(&g, "copy-object");
    assert!(copy < position(&g, "put-bucket-policy"));
    assert!(copy < position(&g, "put-object-tagging"));
    assert!(copy < position(&g, "delete-object"));
    assert!(position(&g, "get-bucket-policy") < position(&g, "put-bucket-policy"));
    let tagging = commands(&g)[position(&g, "put-object-tagging")];
    // The new tag set is the saved one plus GuardDuty's tag, so the object's own tags stay.
    assert!(tagging.text.contains("--tagging file://<tags.json>"), "{}", tagging.text);
    assert!(
        tagging
            .segments
            .iter()
            .any(|s| matches!(s, guide::Segment::Choose { hint, .. } if hint.contains("get-object-tagging"))),
        "{}",
        tagging.text
    );
    assert!(tagging.caution.as_deref().is_some_and(|c| c.contains("whole tag set")));
    assert!(guide::rules::check(&g).iter().all(|v| !v.step.starts_with("malware-s3/")));
}
