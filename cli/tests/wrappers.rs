//! The `findlens` binary on findings in delivery wrappers (the `wrapper-*` fixtures): each is read
//! with its count of findings and exit 0, the delivery chain is in the JSON and the Markdown, and a
//! wrapper of something that is not a finding exits 1 with a message that says what it is.

use std::process::Output;

mod common;

use common::fixture as path;

fn run(args: &[&str]) -> Output {
    common::run(args, None)
}

/// Renders `name` as JSON with every copy kept (`--no-merge`: the counts are of findings read):
/// exit code, the findings printed, and standard error.
fn render_json(name: &str) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = run(&["render", &path(name), "--format", "json", "--no-merge"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    (out.status.code(), v.as_array().expect("an array").clone(), stderr)
}

#[test]
fn every_wrapper_fixture_is_read_with_its_count_and_chain() {
    let cases = [
        ("wrapper-sns-sqs-lambda.json", 1, vec!["Lambda", "SQS", "SNS", "EventBridge"]),
        ("wrapper-cloudwatch-subscription.json", 2, vec!["CloudWatch Logs", "EventBridge"]),
        ("wrapper-cloudwatch-export.log", 2, vec!["CloudWatch Logs", "EventBridge"]),
        ("wrapper-firehose-records.json", 2, vec!["Firehose", "EventBridge"]),
        ("wrapper-custom-action.json", 1, vec!["EventBridge"]),
        ("wrapper-jsonc.json", 1, vec![]),
    ];
    for (name, count, chain) in cases {
        let (code, findings, stderr) = render_json(name);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(findings.len(), count, "{name}: findings printed");
        assert_eq!(findings[0]["delivery"], serde_json::json!(chain), "{name}");
    }
}

/// The CloudWatch Logs fixtures carry the same finding in two log events: by default the CLI
/// prints it once and says why, as the page shows it once.
#[test]
fn a_finding_delivered_twice_is_printed_once_with_a_note() {
    let out = run(&["render", &path("wrapper-cloudwatch-export.log"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let findings = v.as_array().expect("an array");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["merged"]["other_copies"], serde_json::json!(1), "{}", findings[0]["merged"]);
    // The copy printed is the one read last (the two have the same updatedAt): a bare finding in
    // the second log event.
    assert_eq!(findings[0]["delivery"], serde_json::json!(["CloudWatch Logs"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("merged"), "{stderr}");
}

#[test]
fn custom_action_reads_the_guardduty_finding_and_notes_the_other_product() {
    let (code, findings, stderr) = render_json("wrapper-custom-action.json");
    assert_eq!(code, Some(0));
    assert_eq!(findings[0]["type"], "UnauthorizedAccess:EC2/SSHBruteForce");
    assert_eq!(findings[0]["source_format"], "asff");
    assert!(stderr.contains("note: detail.findings[1]: skipped a Security Hub finding from Inspector"), "{stderr}");
}

#[test]
fn jsonc_is_read_with_a_warning_naming_the_line() {
    let (code, findings, stderr) = render_json("wrapper-jsonc.json");
    assert_eq!(code, Some(0));
    assert_eq!(findings[0]["account_id"], "111122223333");
    assert!(
        stderr.contains("warning: line 1: the text has comments and trailing commas (JSON with comments, JSONC)"),
        "{stderr}"
    );
}

#[test]
fn markdown_shows_the_chain() {
    let out = run(&["render", &path("wrapper-sns-sqs-lambda.json")]);
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("Delivered as Lambda → SQS → SNS → EventBridge → GuardDuty"), "{md}");
}

#[test]
fn a_wrapper_of_no_finding_exits_1_and_says_what_it_holds() {
    let (code, findings, stderr) = render_json("wrapper-sns-text.json");
    assert_eq!(code, Some(1));
    assert!(findings.is_empty());
    assert!(stderr.contains("the SNS notification's `Message` holds the text \"ALARM: CPU above 90%"), "{stderr}");
    // Read beside a wrapper that holds findings: those are still printed, and the exit is 1.
    let out = run(&[
        "render",
        &path("wrapper-sns-text.json"),
        &path("wrapper-firehose-records.json"),
        "--format",
        "json",
        "--no-merge",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}
