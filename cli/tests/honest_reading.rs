//! The CLI merges repeated findings as the page does (by ARN, else ID; the newer `updatedAt` wins)
//! and says so, unless `--no-merge`; and it shows placeholder, number-as-text and consistency
//! warnings in the reader's own words, the same words its JSON and the guide carry.

use std::process::Output;

use serde_json::{json, Value};

mod common;

use common::{fixture, run};

fn json_out(out: &Output) -> Vec<Value> {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    v.as_array().expect("an array").clone()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A finding with this ARN-less ID or ARN, title and update time.
fn finding(arn: Option<&str>, id: &str, title: &str, updated: &str) -> Value {
    let mut f = json!({"schemaVersion": "2.0", "accountId": "111122223333", "region": "us-east-1", "id": id,
        "type": "Recon:EC2/PortProbeUnprotectedPort", "title": title, "severity": 2,
        "updatedAt": updated, "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0123456789abcdef0"}}});
    if let Some(arn) = arn {
        f["arn"] = json!(arn);
    }
    f
}

const ARN: &str = "arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/f1";

#[test]
fn a_finding_repeated_in_one_input_is_printed_once_the_newer_copy() {
    let input = json!([
        finding(Some(ARN), "f1", "newer copy", "2026-11-02T00:00:00Z"),
        finding(Some(ARN), "f1", "older copy", "2026-11-01T00:00:00Z"),
        finding(None, "no-arn", "by ID, first", "2026-11-01T00:00:00Z"),
        finding(None, "no-arn", "by ID, second", "2026-11-03T00:00:00Z"),
        finding(None, "other", "a different finding", "2026-11-01T00:00:00Z"),
    ]);
    let out = run(&["render", "-", "--format", "json"], Some(input.to_string().as_bytes()));
    let items = json_out(&out);
    let titles: Vec<&str> = items.iter().map(|f| f["title"].as_str().unwrap_or_default()).collect();
    assert_eq!(titles, ["newer copy", "by ID, second", "a different finding"]);
    assert_eq!(items[0]["merged"]["other_copies"], 1);
    assert_eq!(items[1]["merged"]["other_copies"], 1);
    assert_eq!(items[2]["merged"], Value::Null);
    assert!(items[0]["merged"]["rule"].as_str().is_some_and(|r| r.contains("newest updatedAt")));
    let err = stderr(&out);
    assert!(
        err.contains("findlens: note: 2 repeated copies of findings were merged: one finding per ARN, or per ID when a finding has no ARN"),
        "{err}"
    );
    assert!(err.contains("--no-merge prints every copy"), "{err}");
}

#[test]
fn a_finding_repeated_across_inputs_is_merged_and_counted() {
    let file = fixture("api-camel-credentials.json");
    let out = run(&["render", &file, &file, &file, "--format", "json"], None);
    let items = json_out(&out);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["merged"]["other_copies"], 2);
    assert!(stderr(&out).contains("note: 2 repeated copies of findings were merged"), "{}", stderr(&out));
    // Markdown prints one guide too.
    let out = run(&["render", &file, &file], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("\n---\n").count(), 0, "two guides printed");
}

#[test]
fn no_merge_keeps_every_copy_and_says_nothing_of_merging() {
    let file = fixture("api-camel-credentials.json");
    let out = run(&["render", &file, &file, "--no-merge", "--format", "json"], None);
    let items = json_out(&out);
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|f| f["merged"].is_null()));
    assert!(!stderr(&out).contains("merged"), "{}", stderr(&out));
}

#[test]
fn nothing_repeated_means_no_merge_note() {
    let out = run(&["render", &fixture("api-camel-credentials.json")], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("merged"), "{}", stderr(&out));
}

#[test]
fn warnings_read_the_same_on_stderr_in_json_and_in_the_guide() {
    let file = fixture("honest-reading.json");
    let out = run(&["render", &file, "--format", "json"], None);
    let items = json_out(&out);
    assert_eq!(items.len(), 2);
    let err = stderr(&out);
    let mut seen = 0;
    for f in &items {
        let notes = f["guide"]["notes"].to_string();
        for w in f["warnings"].as_array().expect("warnings") {
            let (path, message) = (w["path"].as_str().unwrap_or_default(), w["message"].as_str().unwrap_or_default());
            assert!(
                err.contains(&format!(
                    ": warning: finding {}: {path}: {message}\n",
                    f["arn"].as_str().unwrap_or_default()
                )),
                "{path}: {message} not on stderr:\n{err}"
            );
            let in_guide = serde_json::to_string(&format!("Read with a warning: {path}: {message}.")).expect("text");
            assert!(notes.contains(in_guide.trim_matches('"')), "{path} not in the guide's notes: {notes}");
            seen += 1;
        }
    }
    assert_eq!(seen, 7);
    for expected in [
        "resource.accessKeyDetails.accessKeyId: `null` is a placeholder, not an identifier; treated as missing",
        "resource.accessKeyDetails.userName: `None` is a placeholder",
        "organization.asn: expected text, found a number; read it as text",
        "id: `honest-id-in-body` differs from the finding ID in the finding's ARN (`honest-id-in-arn`)",
        "accountId: expected text, found a number; read it as text; `12345678901` is not 12 digits",
    ] {
        assert!(err.contains(expected), "{expected} not in:\n{err}");
    }
}

#[test]
fn placeholders_become_blanks_and_the_asn_is_shown() {
    let out = run(&["render", &fixture("honest-reading.json")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("AttributeValue=null"), "{text}");
    assert!(!text.contains("--user-name 'None'"), "{text}");
    assert!(!text.contains("does not start with AKIA"), "{text}");
    assert!(
        text.contains("AttributeValue=\\<user-name\\> when the finding has no key")
            || text.contains("<lookup-attribute>"),
        "{text}"
    );
    assert!(text.contains("Example Transit (ASN -1: none known)"), "{text}");
}
