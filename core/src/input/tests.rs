//! One test per input shape and casing, on fixtures the project wrote itself (core/tests/fixtures).

use super::*;
use crate::finding::SourceFormat;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

fn only_finding(name: &str) -> Finding {
    let loaded = read(&fixture(name));
    assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
    assert_eq!(loaded.findings.len(), 1, "{name}");
    loaded.findings.into_iter().next().expect("one finding")
}

/// The credentials fixture, read from any wrapper or casing, carries the same values.
fn assert_credentials(f: &Finding) {
    assert_eq!(f.finding_type, "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom");
    assert_eq!(f.account_id.as_deref(), Some("111122223333"));
    assert_eq!(f.region.as_deref(), Some("eu-west-1"));
    assert_eq!(f.severity, Some(5.0));
    let key = f.resource.access_key_details.as_ref().expect("access key details");
    assert_eq!(key.access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
    assert_eq!(key.user_name.as_deref(), Some("deploy-bot"));
    let call = f.service.action.as_ref().and_then(|a| a.aws_api_call_action.as_ref()).expect("api call");
    assert_eq!(call.api.as_deref(), Some("ListBuckets"));
    let ip = call.remote_ip_details.as_ref().and_then(|r| r.ip_address_v4.as_deref());
    assert_eq!(ip, Some("198.51.100.23"));
    assert_eq!(f.service.count, Some(3));
    assert_eq!(f.service.archived, Some(false));
    assert_eq!(f.updated_at.as_ref().map(|t| t.text.as_str()), Some("2026-11-20T09:20:00Z"));
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn bare_camel_case_finding() {
    let f = only_finding("api-camel-credentials.json");
    assert_credentials(&f);
    assert_eq!(f.format, SourceFormat::GuardDuty);
    assert!(f.raw.get("resource").is_some(), "raw JSON is kept");
}

#[test]
fn cli_pascal_case_wrapper() {
    assert_credentials(&only_finding("cli-pascal-get-findings.json"));
}

#[test]
fn api_findings_wrapper() {
    assert_credentials(&only_finding("api-findings-wrapper.json"));
}

#[test]
fn array_of_findings() {
    let one = String::from_utf8(fixture("api-camel-credentials.json")).expect("utf8");
    let loaded = read(format!("[{one}, {one}]").as_bytes());
    assert_eq!(loaded.findings.len(), 2);
}

#[test]
fn eventbridge_event() {
    assert_credentials(&only_finding("eventbridge-event.json"));
}

#[test]
fn eventbridge_lines_skip_other_events_with_a_note() {
    let loaded = read(&fixture("eventbridge-lines.jsonl"));
    assert_eq!(loaded.findings.len(), 1);
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.notes.len(), 1);
    assert!(
        loaded.notes[0].contains("AWS API Call via CloudTrail") && loaded.notes[0].starts_with("line 2"),
        "{:?}",
        loaded.notes
    );
}

#[test]
fn s3_export_json_lines_report_the_bad_line() {
    let loaded = read(&fixture("s3-export.jsonl"));
    assert_eq!(loaded.findings.len(), 2);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].line, Some(2));
    assert!(loaded.problems[0].column.is_some());
}

#[test]
fn gzip_s3_export() {
    let loaded = read(&fixture("s3-export.jsonl.gz"));
    assert!(loaded.gzipped);
    assert_eq!(loaded.findings.len(), 2);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].line, Some(2));
}

#[test]
fn firehose_back_to_back() {
    let loaded = read(&fixture("firehose-concatenated.json"));
    assert_eq!(loaded.findings.len(), 2);
    assert!(loaded.problems.is_empty());
}

#[test]
fn utf16_and_bom() {
    assert_credentials(&only_finding("utf16-powershell.json"));
    assert_credentials(&only_finding("utf8-bom.json"));
}

#[test]
fn asff_from_guardduty() {
    let f = only_finding("asff-ssh-bruteforce.json");
    assert_eq!(f.format, SourceFormat::Asff);
    assert_eq!(f.finding_type, "UnauthorizedAccess:EC2/SSHBruteForce");
    assert_eq!(f.id.as_deref(), Some("77aa"));
    assert_eq!(f.region.as_deref(), Some("us-east-2"));
    assert_eq!(f.severity, Some(2.0));
    assert_eq!(f.resource_type(), Some("Instance"));
    let inst = f.resource.instance_details.as_ref().expect("instance");
    assert_eq!(inst.instance_id.as_deref(), Some("i-0123456789abcdef0"));
    assert_eq!(inst.network_interfaces[0].public_ip.as_deref(), Some("3.0.0.10"));
    assert_eq!(inst.network_interfaces[0].private_ip_address.as_deref(), Some("10.0.1.5"));
    assert_eq!(f.service.count, Some(12));
    assert_eq!(f.service.resource_role.as_deref(), Some("TARGET"));
    let nc = f.service.action.as_ref().and_then(|a| a.network_connection_action.as_ref()).expect("network action");
    assert_eq!(nc.local_port_details.as_ref().and_then(|p| p.port), Some(22));
    assert_eq!(f.raw.get("SchemaVersion").and_then(Value::as_str), Some("2018-10-08"), "raw keeps the ASFF document");
}

#[test]
fn security_hub_event_keeps_guardduty_and_skips_other_products() {
    let loaded = read(&fixture("securityhub-imported-event.json"));
    assert_eq!(loaded.findings.len(), 1);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.notes.iter().any(|n| n.contains("Inspector")), "{:?}", loaded.notes);
}

#[test]
fn ocsf_from_security_lake() {
    let f = only_finding("ocsf-root-usage.json");
    assert_eq!(f.format, SourceFormat::Ocsf);
    assert_eq!(f.finding_type, "Policy:IAMUser/RootCredentialUsage");
    assert_eq!(f.account_id.as_deref(), Some("777788889999"));
    assert_eq!(f.severity, Some(7.0));
    let key = f.resource.access_key_details.as_ref().expect("key");
    assert_eq!(key.access_key_id.as_deref(), Some("ASIAY34FZKBOKMUTVV7A"));
    assert_eq!(key.user_type.as_deref(), Some("Root"));
    assert_eq!(f.service.detector_id.as_deref(), Some("9f9f"));
    assert_eq!(f.service.event_first_seen.as_ref().and_then(|t| t.epoch_ms), Some(1_789_999_000_000));
}

#[test]
fn wrong_kinds_are_dropped_with_their_path() {
    let text = r#"{"type":"Recon:EC2/Portscan","accountId":123,"severity":"5.0","service":{"count":"x","archived":"false","action":[]},"resource":{"instanceDetails":{"networkInterfaces":{"subnetId":"s"}}}}"#;
    let loaded = read(text.as_bytes());
    let f = &loaded.findings[0];
    assert_eq!(f.account_id.as_deref(), Some("123"));
    assert_eq!(f.severity, Some(5.0));
    assert_eq!(f.service.archived, Some(false));
    assert_eq!(f.service.count, None);
    let paths: Vec<&str> = f.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        ["accountId", "resource.instanceDetails.networkInterfaces", "service.action", "service.count"],
        "{:?}",
        f.warnings
    );
    let nics = &f.resource.instance_details.as_ref().expect("instance").network_interfaces;
    assert_eq!(nics[0].subnet_id.as_deref(), Some("s"), "a lone object where a list belongs is read as a list of one");
}

#[test]
fn missing_type_is_an_error_that_says_so() {
    let loaded = read(br#"{"findings":[{"id":"a","resource":{}}, {"type":"Recon:EC2/Portscan"}]}"#);
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!(loaded.problems.len(), 1);
    let msg = loaded.problems[0].to_string();
    assert!(
        msg.starts_with("findings[0]: ") && msg.contains("no finding `type`") && msg.contains("id, resource"),
        "{msg}"
    );
}

#[test]
fn other_json_says_what_it_looks_like() {
    let cases: [(&[u8], &str); 5] = [
        (br#"{"Records":[]}"#, "CloudTrail log file"),
        (br#"{"FindingIds":["a"]}"#, "list-findings"),
        (br#"{"Version":"2012-10-17","Statement":[]}"#, "IAM policy"),
        (br#"{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#, "CloudTrail event"),
        (b"42", "the number 42"),
    ];
    for (input, expect) in cases {
        let loaded = read(input);
        assert!(loaded.findings.is_empty());
        assert!(loaded.problems[0].message.contains(expect), "{}", loaded.problems[0]);
    }
}

#[test]
fn empty_responses_are_notes_not_errors() {
    let loaded = read(br#"{"findings":[]}"#);
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.notes.len(), 1);
    let loaded = read(br#"{"detail-type":"GuardDuty Finding","source":"aws.guardduty","detail":{}}"#);
    assert!(loaded.problems.is_empty());
    assert!(loaded.notes[0].contains("empty `detail`"));
}

#[test]
fn parquet_is_named() {
    let loaded = read(b"PAR1\x15\x00\x15");
    assert!(loaded.problems[0].message.contains("Parquet"), "{}", loaded.problems[0]);
}

#[test]
fn event_cut_down_to_its_detail() {
    let one = String::from_utf8(fixture("api-camel-credentials.json")).expect("utf8");
    let loaded = read(format!("{{\"region\":\"eu-west-1\",\"detail\":{one}}}").as_bytes());
    assert_eq!(loaded.findings.len(), 1);
    assert!(loaded.problems.is_empty());
}
