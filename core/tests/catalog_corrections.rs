//! The catalog's corrected facts as the guide uses them: resource families no source states are
//! marked inferred and routing also follows the finding's own resource; the retired
//! `InstanceCredentialExfiltration` reads as use from an external IP address and points to an
//! instance section only when the guide has one.

mod common;

use common::guides::guide_of;
use findlens_core::catalog;
use findlens_core::guide::Guide;
use findlens_core::ScenarioKey;
use serde_json::json;

fn finding(ty: &str, resource: serde_json::Value) -> serde_json::Value {
    json!({"schemaVersion": "2.0", "accountId": "111122223333", "region": "us-east-1", "partition": "aws",
        "id": "c0rr3ct10n", "arn": "arn:aws:guardduty:us-east-1:111122223333:detector/d0/finding/c0rr3ct10n",
        "type": ty, "severity": 5, "updatedAt": "2026-11-01T00:00:00Z", "resource": resource,
        "service": {"detectorId": "d0", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetObject",
            "remoteIpDetails": {"ipAddressV4": "198.51.100.9"}}}}})
}

#[test]
fn unsourced_families_are_marked_inferred() {
    for name in [
        "AttackSequence:IAM/CompromisedCredentials",
        "AttackSequence:EC2/CompromisedInstanceGroup",
        "Persistence:IAM/AccountManipulation",
        "Execution:S3/MaliciousFile!RecoveryPoint",
    ] {
        assert!(catalog::lookup(name).is_some_and(|t| t.resource_inferred), "{name}");
    }
    assert!(catalog::lookup("Recon:EC2/PortProbeUnprotectedPort").is_some_and(|t| !t.resource_inferred));
}

#[test]
fn an_inferred_family_also_routes_by_the_findings_resource() {
    // A Custom Detection Rules type on an instance: the instance's guide follows the catalog's.
    let g = guide_of(&finding(
        "Persistence:IAM/AccountManipulation",
        json!({"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0123456789abcdef0"}}),
    ));
    assert_eq!(g.scenarios, [ScenarioKey::Credentials, ScenarioKey::Ec2Instance]);
    // An attack sequence whose own resource is a bucket.
    let g = guide_of(&finding(
        "AttackSequence:IAM/CompromisedCredentials",
        json!({"resourceType": "S3Bucket", "s3BucketDetails": [{"name": "seq-bucket", "arn": "arn:aws:s3:::seq-bucket"}]}),
    ));
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::AttackSequence), "the primary stays the catalog's");
    assert!(g.scenarios.contains(&ScenarioKey::S3Bucket), "{:?}", g.scenarios);
    // A sourced family does not: a port probe stays an instance finding.
    let g = guide_of(&finding(
        "Recon:EC2/PortProbeUnprotectedPort",
        json!({"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": "AKIAIOSFODNN7EXAMPLE"}}),
    ));
    assert!(!g.scenarios.contains(&ScenarioKey::Credentials), "{:?}", g.scenarios);
}

fn whose(g: &Guide) -> String {
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.decisions)
        .find(|d| d.id == "credentials/whose-credentials-are-these")
        .map(|d| d.answer.clone())
        .expect("the whose-credentials decision")
}

const OLD: &str = "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration";

fn key() -> serde_json::Value {
    json!({"accessKeyId": "ASIAIOSFODNN7EXAMPLE", "principalId": "AROAEXAMPLE:i-0123456789abcdef0", "userName": "web-role", "userType": "AssumedRole"})
}

#[test]
fn the_retired_exfiltration_type_reads_as_an_external_address_without_a_missing_section() {
    let g = guide_of(&finding(OLD, json!({"resourceType": "AccessKey", "accessKeyDetails": key()})));
    assert!(!g.scenarios.contains(&ScenarioKey::Ec2Instance), "{:?}", g.scenarios);
    let answer = whose(&g);
    assert!(answer.contains("external IP address"), "{answer}");
    assert!(!answer.contains("another AWS account"), "{answer}");
    assert!(!answer.contains("section in this guide"), "points to a section the guide lacks: {answer}");
    let note = g.notes.iter().find(|n| n.text.contains("no longer raises")).expect("retired note");
    assert!(note.text.contains("InstanceCredentialExfiltration.OutsideAWS"), "{}", note.text);
    let about = g.about.as_ref().expect("about");
    assert!(about.meaning.contains("external IP address"), "{}", about.meaning);
}

#[test]
fn with_the_instance_named_the_section_exists_and_is_pointed_to() {
    let resource = json!({"resourceType": "AccessKey", "accessKeyDetails": key(),
        "instanceDetails": {"instanceId": "i-0123456789abcdef0"}});
    let g = guide_of(&finding(OLD, resource.clone()));
    assert!(g.scenarios.contains(&ScenarioKey::Ec2Instance), "{:?}", g.scenarios);
    assert!(whose(&g).contains("i-0123456789abcdef0, which has its own section in this guide"), "{}", whose(&g));
    let inside = guide_of(&finding(&format!("{OLD}.InsideAWS"), resource));
    assert!(whose(&inside).contains("from another AWS account"), "{}", whose(&inside));
    let outside = guide_of(&finding(
        &format!("{OLD}.OutsideAWS"),
        json!({"resourceType": "AccessKey", "accessKeyDetails": key()}),
    ));
    assert!(whose(&outside).contains("external IP address"), "{}", whose(&outside));
}
