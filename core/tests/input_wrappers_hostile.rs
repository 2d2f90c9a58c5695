//! Hostile delivery wrappers: each gets a clear problem, never a panic, a stack overflow or
//! unbounded work. A base64 bomb (gzip in base64 that expands past the size bound), wrappers
//! nested 1,000 deep as objects, `Message` nested as text until the input is megabytes, invalid
//! base64, damaged gzip.

mod wrappers;

use findlens_core::input::{Incremental, Loaded, MAX_RATIO};
use serde_json::{json, Value};
use wrappers::*;

/// `read`, checked against `Incremental` with a small budget.
fn read(name: &str, bytes: &[u8]) -> Loaded {
    let loaded = findlens_core::read(bytes);
    let mut reader = Incremental::new(bytes.to_vec());
    while !reader.step(4096) {}
    let stepped = reader.finish();
    assert_eq!(stepped.problems, loaded.problems, "{name}: Incremental differs");
    assert!(stepped.findings == loaded.findings, "{name}: Incremental differs");
    loaded
}

/// One problem, no finding, and the problem says `expect`.
fn refused(name: &str, bytes: &[u8], expect: &str) {
    let loaded = read(name, bytes);
    assert!(loaded.findings.is_empty(), "{name}");
    assert_eq!(loaded.problems.len(), 1, "{name}: {:?}", loaded.problems);
    assert!(loaded.problems[0].message.contains(expect), "{name}: {}", loaded.problems[0]);
}

/// Log data whose one event is a finding followed by `spaces` spaces: gzip makes it tiny.
fn padded_logs(spaces: usize) -> Vec<u8> {
    let data = logs_data(&[event()]).to_string();
    let mut padded = data.into_bytes();
    padded.extend(std::iter::repeat_n(b' ', spaces));
    padded
}

#[test]
fn base64_bomb_is_refused() {
    let bomb = gz(&padded_logs(16 << 20));
    let payload = json!({"awslogs": {"data": b64(&bomb)}}).to_string();
    assert!(payload.len() < (1 << 20), "the bomb is small: {} bytes", payload.len());
    refused(
        "awslogs bomb",
        payload.as_bytes(),
        "the CloudWatch Logs subscription's `awslogs.data` decodes to more than the input may expand to",
    );
    let firehose = json!({"recordId": "1", "data": b64(&bomb)}).to_string();
    refused("firehose bomb", firehose.as_bytes(), "the Firehose record's `data` decodes to more than");
    // The same data, expanding less than the bound allows (64 KiB for a small input), is read.
    let fits = gz(&padded_logs(40 << 10));
    let loaded = read("fits", json!({"awslogs": {"data": b64(&fits)}}).to_string().as_bytes());
    assert_eq!(loaded.findings.len(), 1, "{:?}", loaded.problems);
}

#[test]
fn bombs_share_one_bound() {
    // Each record alone fits the bound; together they do not, and the rest are refused.
    let one = gz(&padded_logs(1 << 20));
    let records: Vec<Value> = (0..20).map(|i| json!({"recordId": i.to_string(), "data": b64(&one)})).collect();
    let text = json!({"records": records}).to_string();
    let loaded = read("shared bound", text.as_bytes());
    let limit = (text.len() as u64 * MAX_RATIO) as usize;
    let read_ok = loaded.findings.len();
    assert!((1..20).contains(&read_ok), "{read_ok} read");
    assert!(read_ok * (1 << 20) <= limit, "{read_ok} records of 1 MiB fit in {limit} bytes");
    assert_eq!(loaded.problems.len(), 20 - read_ok);
    assert!(loaded.problems.iter().all(|p| p.message.contains("decodes to more than")));
}

#[test]
fn wrappers_nested_1000_deep_as_objects() {
    let mut v: Value = serde_json::from_str(&event()).expect("json");
    for _ in 0..1000 {
        v = json!({"Type": "Notification", "MessageId": "m", "Message": v});
    }
    // serde_json's own bound is the first to see it; building the text needs no recursion here.
    refused("sns objects", v.to_string().as_bytes(), "nested more than 128 levels");
    let mut text = event();
    for _ in 0..1000 {
        text =
            format!(r#"{{"Records":[{{"EventSource":"aws:sns","Sns":{{"Type":"Notification","Message":{text}}}}}]}}"#);
    }
    refused("lambda records", text.as_bytes(), "nested more than 128 levels");
    // Fewer than serde_json's bound, but more wrappers than any pipeline has.
    let mut v: Value = serde_json::from_str(&event()).expect("json");
    for _ in 0..100 {
        v = json!({"Type": "Notification", "MessageId": "m", "Message": v});
    }
    refused("100 sns objects", v.to_string().as_bytes(), "delivery wrappers are nested more than 10 deep (SNS → SNS");
}

#[test]
fn message_nested_as_text_up_to_the_size_bound() {
    // Each level escapes the one inside: the text doubles every level or so.
    let mut text = event();
    let mut depth = 0;
    while text.len() < (8 << 20) {
        text = sns(&text).to_string();
        depth += 1;
    }
    assert!(depth > 10, "{depth} levels");
    refused("deep text", text.as_bytes(), "delivery wrappers are nested more than 10 deep");
    // Ten levels are read, with their chain.
    let mut text = event();
    for _ in 0..10 {
        text = sns(&text).to_string();
    }
    let loaded = read("ten levels", text.as_bytes());
    assert_eq!(loaded.findings.len(), 1, "{:?}", loaded.problems);
    assert_eq!(loaded.findings[0].delivery.len(), 11);
    // JSON encoded as a string of itself, over and over.
    let mut message = event();
    for _ in 0..12 {
        message = Value::String(message).to_string();
    }
    refused("encoded twelve times", sns(&message).to_string().as_bytes(), "encoded more than 10 times over");
}

#[test]
fn invalid_base64_and_damaged_gzip() {
    let bad = json!({"recordId": "1", "data": "eyJh!Ijox"}).to_string();
    refused("firehose", bad.as_bytes(), "the Firehose record's `data` is not valid base64 (character 5 is '!')");
    let bad = json!({"awslogs": {"data": "H4sI====AAAA"}}).to_string();
    refused("awslogs", bad.as_bytes(), "is not valid base64 (character 9 is 'A')");
    let mut cut = gz(logs_data(&[event()]).to_string().as_bytes());
    cut.truncate(cut.len() / 2);
    let bad = json!({"awslogs": {"data": b64(&cut)}}).to_string();
    refused("cut gzip", bad.as_bytes(), "holds gzip data that is damaged or cut short");
    let bad = json!({"awslogs": {"data": b64(b"{\"messageType\": ")}}).to_string();
    refused(
        "cut json",
        bad.as_bytes(),
        "the CloudWatch Logs subscription's `awslogs.data` is not valid JSON (the JSON ends too early",
    );
}

#[test]
fn decoded_payloads_count_as_a_steps_work() {
    // The payload is decoded in the step that unwraps its item; that step reports the bytes it
    // decoded, so a page knows the step was long (and the steps after it are not made longer).
    let text = json!({"awslogs": {"data": b64(&gz(&padded_logs(50 << 10)))}}).to_string();
    assert!(text.len() < 8 << 10, "{} bytes", text.len());
    let mut reader = Incremental::new(text.into_bytes());
    let mut largest = 0;
    while !reader.step(1) {
        largest = largest.max(reader.last_step_bytes());
    }
    largest = largest.max(reader.last_step_bytes());
    assert!(largest >= 50 << 10, "largest step: {largest} bytes");
    assert_eq!(reader.finish().findings.len(), 1);
}
