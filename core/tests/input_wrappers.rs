//! Every delivery wrapper, built here around real findings from the project's fixtures (the
//! EventBridge event `eventbridge-event.json`, the finding `api-camel-credentials.json` and the
//! Security Hub event `securityhub-imported-event.json`): each is read, with the count of findings
//! it holds, the finding's values and its delivery chain; `Incremental` gives the same with any
//! budget. The hostile wrappers are in `input_wrappers_hostile.rs`.

mod wrappers;

use findlens_core::input::{Incremental, Loaded};
use findlens_core::Finding;
use serde_json::{json, Value};
use wrappers::*;

/// Reads `bytes`, checks that `Incremental` gives the same with small and large budgets, and that
/// exactly `count` findings and no problems came out.
fn read_n(name: &str, bytes: &[u8], count: usize) -> Loaded {
    let loaded = findlens_core::read(bytes);
    for budget in [1, 7, 1000, usize::MAX] {
        let mut reader = Incremental::new(bytes.to_vec());
        while !reader.step(budget) {}
        let stepped = reader.finish();
        assert!(stepped.findings == loaded.findings, "{name}: findings differ with budget {budget}");
        assert_eq!(stepped.problems, loaded.problems, "{name}: problems differ with budget {budget}");
        assert_eq!(stepped.notes, loaded.notes, "{name}: notes differ with budget {budget}");
    }
    assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
    assert_eq!(loaded.findings.len(), count, "{name}: findings read");
    loaded
}

/// The credentials finding of the fixtures, however it was delivered.
fn assert_credentials(f: &Finding, chain: &str) {
    assert_eq!(f.finding_type, "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom");
    assert_eq!(f.account_id.as_deref(), Some("111122223333"));
    assert_eq!(f.region.as_deref(), Some("eu-west-1"));
    let key = f.resource.access_key_details.as_ref().and_then(|k| k.access_key_id.as_deref());
    assert_eq!(key, Some("AKIAIOSFODNN7EXAMPLE"));
    assert_eq!(f.source_label(), chain);
}

fn only(name: &str, bytes: &[u8], chain: &str) {
    let loaded = read_n(name, bytes, 1);
    assert_credentials(&loaded.findings[0], chain);
}

#[test]
fn sns_notification() {
    only("sns", sns(&event()).to_string().as_bytes(), "SNS → EventBridge → GuardDuty");
}

#[test]
fn sns_notification_of_a_bare_finding() {
    only("sns of a finding", sns(&finding()).to_string().as_bytes(), "SNS → GuardDuty");
}

#[test]
fn sqs_messages() {
    only(
        "sqs record",
        lambda(vec![sqs_record(&event())]).to_string().as_bytes(),
        "Lambda → SQS → EventBridge → GuardDuty",
    );
    only("sqs receive-message", receive_message(&event()).to_string().as_bytes(), "SQS → EventBridge → GuardDuty");
    only("sqs message alone", sqs_record(&event()).to_string().as_bytes(), "SQS → EventBridge → GuardDuty");
}

#[test]
fn lambda_records_of_sns_and_sqs() {
    let records = lambda(vec![sns_record(&event()), sqs_record(&event()), sns_record(&event())]);
    let loaded = read_n("lambda records", records.to_string().as_bytes(), 3);
    assert_credentials(&loaded.findings[0], "Lambda → SNS → EventBridge → GuardDuty");
    assert_credentials(&loaded.findings[1], "Lambda → SQS → EventBridge → GuardDuty");
}

#[test]
fn sns_in_sqs() {
    let body = sns(&event()).to_string();
    only("sns in sqs", sqs_record(&body).to_string().as_bytes(), "SQS → SNS → EventBridge → GuardDuty");
}

#[test]
fn nested_chain_sns_sqs_lambda() {
    // GuardDuty → EventBridge → SNS → SQS → a Lambda: the Lambda gets SQS records whose body is the
    // SNS notification.
    let records = lambda(vec![sqs_record(&sns(&event()).to_string())]);
    only("nested", records.to_string().as_bytes(), "Lambda → SQS → SNS → EventBridge → GuardDuty");
}

#[test]
fn firehose_records() {
    let record = |text: &str| json!({"recordId": "49546986683135544286507457936321625675700192471156785154", "approximateArrivalTimestamp": 1_700_000_000_000u64, "data": b64(text.as_bytes())});
    let batch = json!({
        "invocationId": "invoked123",
        "deliveryStreamArn": "arn:aws:firehose:eu-west-1:111122223333:deliverystream/findings",
        "region": "eu-west-1",
        "records": [record(&event()), record(&format!("{}\n{}\n", event(), event()))],
    });
    let loaded = read_n("firehose batch", batch.to_string().as_bytes(), 3);
    assert_credentials(&loaded.findings[2], "Firehose → EventBridge → GuardDuty");
    only("firehose record", record(&event()).to_string().as_bytes(), "Firehose → EventBridge → GuardDuty");
    // CloudWatch Logs delivered through Firehose: the data is gzip.
    let gzipped = json!({"recordId": "1", "data": b64(&gz(logs_data(&[event()]).to_string().as_bytes()))});
    only("firehose of logs", gzipped.to_string().as_bytes(), "Firehose → CloudWatch Logs → EventBridge → GuardDuty");
}

#[test]
fn cloudwatch_logs_subscription_payload_and_its_data() {
    let data = logs_data(&[event(), finding()]);
    let payload = json!({"awslogs": {"data": b64(&gz(data.to_string().as_bytes()))}});
    let loaded = read_n("awslogs", payload.to_string().as_bytes(), 2);
    assert_credentials(&loaded.findings[0], "CloudWatch Logs → EventBridge → GuardDuty");
    assert_credentials(&loaded.findings[1], "CloudWatch Logs → GuardDuty");
    let loaded = read_n("logs data", data.to_string().as_bytes(), 2);
    assert_credentials(&loaded.findings[0], "CloudWatch Logs → EventBridge → GuardDuty");
    let events = json!({"events": [{"logStreamName": "s", "timestamp": 1_700_000_000_000u64, "message": event(), "ingestionTime": 1_700_000_000_100u64, "eventId": "1"}], "searchedLogStreams": []});
    only("filter-log-events", events.to_string().as_bytes(), "CloudWatch Logs → EventBridge → GuardDuty");
}

#[test]
fn cloudwatch_logs_export_lines() {
    let text = format!(
        "2026-11-20T09:20:00.000Z {}\n2026-11-20T09:21:00.000Z {}\n\n2026-11-20T09:22:00.000Z {}\n",
        compact(&event()),
        compact(&finding()),
        compact(&event())
    );
    let loaded = read_n("export", text.as_bytes(), 3);
    assert_credentials(&loaded.findings[0], "CloudWatch Logs → EventBridge → GuardDuty");
    assert_credentials(&loaded.findings[1], "CloudWatch Logs → GuardDuty");
    // One line is an export too.
    only(
        "export of one line",
        format!("2026-11-20T09:20:00.000Z {}", compact(&event())).as_bytes(),
        "CloudWatch Logs → EventBridge → GuardDuty",
    );
    // A broken line costs that line, and its column counts the timestamp.
    let broken = format!("2026-11-20T09:20:00.000Z {}\n2026-11-20T09:21:00.000Z {{\"type\": }}\n", compact(&event()));
    let loaded = findlens_core::read(broken.as_bytes());
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!((loaded.problems[0].line, loaded.problems[0].column), (Some(2), Some(35)), "{}", loaded.problems[0]);
}

#[test]
fn security_hub_custom_action() {
    let mut ev: Value = serde_json::from_str(&fixture("securityhub-imported-event.json")).expect("json");
    ev["detail-type"] = json!("Security Hub Findings - Custom Action");
    ev["detail"]["actionName"] = json!("SendToTriage");
    ev["detail"]["actionDescription"] = json!("Send the finding to the triage queue");
    let loaded = read_n("custom action", ev.to_string().as_bytes(), 1);
    let f = &loaded.findings[0];
    assert_eq!(f.finding_type, "UnauthorizedAccess:EC2/SSHBruteForce");
    assert_eq!(f.source_label(), "EventBridge → Security Hub (ASFF)");
    assert!(loaded.notes.iter().any(|n| n.contains("Inspector")), "{:?}", loaded.notes);
    // The imported kind still reads, and through SNS too.
    ev["detail-type"] = json!("Security Hub Findings - Imported");
    let loaded = read_n("imported via sns", sns(&ev.to_string()).to_string().as_bytes(), 1);
    assert_eq!(loaded.findings[0].source_label(), "SNS → EventBridge → Security Hub (ASFF)");
}

#[test]
fn security_hub_v2_event_of_ocsf() {
    let ocsf: Value = serde_json::from_str(&fixture("ocsf-root-usage.json")).expect("json");
    let ev = json!({"version": "0", "id": "e", "detail-type": "Findings Imported V2", "source": "aws.securityhub", "account": "777788889999", "region": "eu-central-1", "detail": {"findings": [ocsf]}});
    let loaded = read_n("imported v2", ev.to_string().as_bytes(), 1);
    assert_eq!(loaded.findings[0].finding_type, "Policy:IAMUser/RootCredentialUsage");
    assert_eq!(loaded.findings[0].delivery, ["EventBridge"]);
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
}

#[test]
fn jsonc_comments_and_trailing_commas() {
    let text = "// A GuardDuty finding, as the blog shows it\n".to_owned()
        + &fixture("api-camel-credentials.json").replacen("{", "{ /* the finding */", 1).replacen(
            "\"accountId\"",
            "// the member account\n  \"accountId\"",
            1,
        )
        + "\n";
    let text = text.replacen("\"eu-west-1\",", "\"eu-west-1\", // its Region\n", 1);
    // A trailing comma before the last `}` of the finding.
    let end = text.rfind('}').expect("a closing brace");
    let text = format!("{},\n{}", text[..end].trim_end(), &text[end..]);
    let loaded = read_n("jsonc", text.as_bytes(), 1);
    assert_credentials(&loaded.findings[0], "GuardDuty");
    // Read with a warning, and nothing skipped.
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0].starts_with("line 1: the text has comments and trailing commas (JSON with comments, JSONC)"),
        "{}",
        loaded.warnings[0]
    );
}

#[test]
fn jsonc_keeps_syntax_errors_where_they_are() {
    // A comment on line 2, then a real error on line 3, column 11: reported there, as in the text.
    let text = "{\"type\": \"Recon:EC2/Portscan\",\n  // the id\n  \"id\": x}";
    let loaded = findlens_core::read(text.as_bytes());
    let p = &loaded.problems[0];
    assert_eq!((p.line, p.column), (Some(3), Some(9)), "{p}");
    let strict = serde_json::from_str::<Value>(&text.replace("// the id", "         ")).expect_err("still invalid");
    assert_eq!((p.line, p.column), (Some(strict.line()), Some(strict.column())));
    assert!(loaded.warnings[0].starts_with("line 2: the text has comments"), "{:?}", loaded.warnings);
    // Plain invalid JSON gets no JSONC note.
    let loaded = findlens_core::read(b"{\"type\": }");
    assert!(loaded.warnings.is_empty() && loaded.notes.is_empty() && loaded.problems.len() == 1);
}

#[test]
fn eventbridge_envelope_that_disagrees_gets_a_note() {
    let mut ev: Value = serde_json::from_str(&event()).expect("json");
    ev["account"] = json!("999988887777");
    ev["region"] = json!("us-east-1");
    let loaded = read_n("envelope", ev.to_string().as_bytes(), 1);
    let f = &loaded.findings[0];
    assert_credentials(f, "EventBridge → GuardDuty");
    // The finding's own account and Region win, and the finding says what disagreed.
    assert_eq!(f.account_id.as_deref(), Some("111122223333"));
    assert_eq!(f.region.as_deref(), Some("eu-west-1"));
    let warning = |path: &str| f.warnings.iter().find(|w| w.path == path).map(|w| w.message.clone());
    let account = warning("accountId").expect("a warning on accountId");
    assert!(
        account.contains("`account` is `999988887777`")
            && account.contains("`111122223333`")
            && account.contains("the finding's own account is used"),
        "{account}"
    );
    let region = warning("region").expect("a warning on region");
    assert!(region.contains("`us-east-1`") && region.contains("`eu-west-1`"), "{region}");
    // The guide says it in the same words.
    let g = findlens_core::guide::build(f);
    assert!(g.notes.iter().any(|n| n.text.contains(&account)), "{:?}", g.notes);
    // An envelope that agrees says nothing.
    let agreeing = read_n("agreeing envelope", event().as_bytes(), 1);
    assert!(agreeing.findings[0].warnings.iter().all(|w| w.path != "accountId" && w.path != "region"));
}

/// Every wrapper, with the number of findings it holds: none is ever read as empty.
#[test]
fn every_wrapper_gives_its_count() {
    let two_events = format!("{}\n{}", event(), event());
    let cases: Vec<(&str, String, usize)> = vec![
        ("sns", sns(&event()).to_string(), 1),
        ("sns of two values", sns(&two_events).to_string(), 2),
        ("sqs record", sqs_record(&event()).to_string(), 1),
        ("sqs receive-message of two", json!({"Messages": [receive_one(&event()), receive_one(&event())]}).to_string(), 2),
        ("lambda of sns", lambda(vec![sns_record(&event())]).to_string(), 1),
        ("lambda of sqs", lambda(vec![sqs_record(&event()), sqs_record(&event())]).to_string(), 2),
        ("sns in sqs", sqs_record(&sns(&event()).to_string()).to_string(), 1),
        ("sns in sqs in lambda", lambda(vec![sqs_record(&sns(&event()).to_string())]).to_string(), 1),
        ("kinesis in lambda", lambda(vec![json!({"eventSource": "aws:kinesis", "kinesis": {"data": b64(event().as_bytes())}})]).to_string(), 1),
        ("firehose record", json!({"recordId": "1", "data": b64(event().as_bytes())}).to_string(), 1),
        ("firehose records", json!({"records": [{"recordId": "1", "data": b64(two_events.as_bytes())}]}).to_string(), 2),
        ("awslogs", json!({"awslogs": {"data": b64(&gz(logs_data(&[event(), event(), event()]).to_string().as_bytes()))}}).to_string(), 3),
        ("logs data", logs_data(&[event()]).to_string(), 1),
        ("export lines", format!("2026-11-20T09:20:00Z {}\n", compact(&event())), 1),
        ("custom action", fixture("securityhub-imported-event.json").replace("Findings - Imported", "Findings - Custom Action"), 1),
        ("sns message as an object", json!({"Type": "Notification", "MessageId": "m", "Message": serde_json::from_str::<Value>(&event()).expect("json")}).to_string(), 1),
        ("sns message encoded twice", sns(&Value::String(event()).to_string()).to_string(), 1),
        ("eventbridge events in sns in a list", format!("[{}, {}]", sns(&event()), sns(&finding())), 2),
    ];
    for (name, text, count) in cases {
        let loaded = read_n(name, text.as_bytes(), count);
        assert!(!loaded.findings.is_empty(), "{name}: read as empty");
    }
}

/// A wrapper of something that holds no finding says what it is.
#[test]
fn wrappers_of_something_else_say_what_they_are() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "sns of text",
            sns("Hello from the alarm").to_string(),
            "the SNS notification's `Message` holds the text \"Hello from the alarm\", not JSON",
        ),
        ("sns of an empty message", sns("").to_string(), "the SNS notification's `Message` is empty"),
        ("sns of other JSON", sns(r#"{"AlarmName":"cpu"}"#).to_string(), "no finding `type`"),
        (
            "sqs of text",
            sqs_record("order 42 shipped").to_string(),
            "the SQS message's `body` holds the text \"order 42 shipped\", not JSON",
        ),
        (
            "lambda of s3",
            lambda(vec![json!({"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}}})]).to_string(),
            "an S3 event notification (aws:s3), which holds no finding",
        ),
        (
            "lambda of dynamodb",
            lambda(vec![json!({"eventSource": "aws:dynamodb", "dynamodb": {}})]).to_string(),
            "a DynamoDB stream record",
        ),
        (
            "firehose of text",
            json!({"recordId": "1", "data": b64(b"plain log line")}).to_string(),
            "the Firehose record's `data` holds the text \"plain log line\", not JSON",
        ),
        (
            "firehose of binary",
            json!({"recordId": "1", "data": b64(&[0xff, 0xfe, 0x00])}).to_string(),
            "decodes to binary data",
        ),
        (
            "logs of text",
            logs_data(&["GET /index.html 200".to_owned()]).to_string(),
            "the CloudWatch Logs event's `message` holds the text",
        ),
        (
            "sns of broken JSON",
            sns(r#"{"type": }"#).to_string(),
            "the SNS notification's `Message` is not valid JSON (expected value; at line 1, column 10 of it)",
        ),
    ];
    for (name, text, expect) in cases {
        let loaded = findlens_core::read(text.as_bytes());
        assert!(loaded.findings.is_empty(), "{name}");
        assert_eq!(loaded.problems.len(), 1, "{name}: {:?}", loaded.problems);
        assert!(loaded.problems[0].message.contains(expect), "{name}: {}", loaded.problems[0]);
    }
    // A CloudTrail log file is still called one, and a control message is a note.
    let trail =
        json!({"Records": [{"eventVersion": "1.08", "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}]});
    assert!(findlens_core::read(trail.to_string().as_bytes()).problems[0].message.contains("CloudTrail log file"));
    let control = json!({"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logEvents": [{"id": "", "timestamp": 1, "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]});
    let loaded = findlens_core::read(control.to_string().as_bytes());
    assert!(loaded.problems.is_empty() && loaded.notes[0].contains("control message"), "{:?}", loaded);
    // An empty Firehose batch is said to be empty.
    let empty = json!({"invocationId": "i", "deliveryStreamArn": "arn:aws:firehose:eu-west-1:111122223333:deliverystream/f", "records": []});
    let loaded = findlens_core::read(empty.to_string().as_bytes());
    assert_eq!(loaded.notes, ["the document: the Firehose batch holds no records (`records` is empty)"]);
}

#[test]
fn the_chain_is_in_the_json_and_the_guide() {
    let loaded = read_n("sns", sns(&event()).to_string().as_bytes(), 1);
    let f = &loaded.findings[0];
    let json = serde_json::to_value(f).expect("serialises");
    assert_eq!(json["delivery"], json!(["SNS", "EventBridge"]));
    let guide = findlens_core::guide::build(f);
    let md = findlens_core::guide::markdown(&guide);
    assert!(md.contains("SNS → EventBridge → GuardDuty"), "{md}");
}
