//! The Region every command carries comes from an explicit Region field, and only from a value
//! shaped like a Region: Security Hub's documented sample has `arn:aws::guardduty:us-east-1:…`,
//! whose fourth field is `guardduty`, which once became `--region 'guardduty'` on every command.

use findlens_core::guide;
use serde_json::{json, Value};

fn asff(id: &str, region: Option<&str>, resource_region: Option<&str>) -> Value {
    let mut resource = json!({"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
        "Partition": "aws", "Details": {"AwsEc2Instance": {}}});
    if let Some(r) = resource_region {
        resource["Region"] = json!(r);
    }
    let mut v = json!({"SchemaVersion": "2018-10-08", "Id": id,
        "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
        "AwsAccountId": "111122223333", "Types": ["TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"],
        "Title": "t", "Severity": {"Label": "LOW"},
        "ProductFields": {"aws/guardduty/service/detectorId": "d1", "aws/securityhub/ProductName": "GuardDuty"},
        "Resources": [resource]});
    if let Some(r) = region {
        v["Region"] = json!(r);
    }
    v
}

fn region_of(v: &Value) -> Option<String> {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.findings[0].region.clone()
}

fn region_flags(v: &Value) -> Vec<String> {
    let f = findlens_core::read(v.to_string().as_bytes()).findings.remove(0);
    let g = guide::build(&f);
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.commands)
        .filter(|c| c.text.starts_with("aws "))
        .map(|c| c.text.split("--region ").nth(1).unwrap_or("").to_owned())
        .collect()
}

const MALFORMED: &str = "arn:aws::guardduty:us-east-1:111122223333:detector/d1/finding/f1";

#[test]
fn a_malformed_arn_never_gives_the_region() {
    let v = asff(MALFORMED, None, None);
    assert_eq!(region_of(&v), None);
    let flags = region_flags(&v);
    assert!(!flags.is_empty());
    assert!(flags.iter().all(|r| r == "<region>"), "{flags:?}");
}

#[test]
fn explicit_region_fields_win() {
    assert_eq!(region_of(&asff(MALFORMED, Some("eu-west-1"), None)).as_deref(), Some("eu-west-1"));
    assert_eq!(region_of(&asff(MALFORMED, None, Some("ap-south-1"))).as_deref(), Some("ap-south-1"));
    let well_formed = "arn:aws:guardduty:us-east-2:111122223333:detector/d1/finding/f1";
    assert_eq!(region_of(&asff(well_formed, None, None)).as_deref(), Some("us-east-2"));
    assert!(region_flags(&asff(MALFORMED, Some("eu-west-1"), None)).iter().all(|r| r == "'eu-west-1'"));
}

#[test]
fn a_region_field_that_is_not_a_region_is_set_aside_with_a_warning() {
    let v = json!({"type": "Recon:EC2/Portscan", "region": "guardduty",
        "arn": "arn:aws:guardduty:sa-east-1:111122223333:detector/d1/finding/f1"});
    let f = findlens_core::read(v.to_string().as_bytes()).findings.remove(0);
    assert_eq!(f.region.as_deref(), Some("sa-east-1"));
    assert!(
        f.warnings.iter().any(|w| w.path == "region" && w.message.contains("not an AWS Region")),
        "{:?}",
        f.warnings
    );
}
