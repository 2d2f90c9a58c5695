//! Delivery wrappers built around a finding's text, as AWS's services write them (the field names
//! and shapes of their documented samples), for the wrapper tests.
#![allow(dead_code)]

use std::io::Write;

use serde_json::{json, Value};

pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A real GuardDuty EventBridge event (the credentials finding inside).
pub fn event() -> String {
    fixture("eventbridge-event.json")
}

/// The same finding, bare.
pub fn finding() -> String {
    fixture("api-camel-credentials.json")
}

/// JSON text on one line.
pub fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text).expect("json").to_string()
}

pub fn b64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("in-memory write");
    e.finish().expect("in-memory write")
}

/// An SNS notification as email, HTTP and SQS subscribers get it.
pub fn sns(message: &str) -> Value {
    json!({
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": "arn:aws:sns:eu-west-1:111122223333:guardduty-findings",
        "Subject": "GuardDuty finding",
        "Message": message,
        "Timestamp": "2026-11-20T09:20:01.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
        "UnsubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:111122223333:guardduty-findings:c9135db0"
    })
}

/// An SNS record of a Lambda event.
pub fn sns_record(message: &str) -> Value {
    json!({
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:eu-west-1:111122223333:guardduty-findings:c9135db0",
        "Sns": sns(message)
    })
}

/// An SQS record of a Lambda event.
pub fn sqs_record(body: &str) -> Value {
    json!({
        "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"},
        "messageAttributes": {},
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-1:111122223333:findings",
        "awsRegion": "eu-west-1"
    })
}

/// One message of `aws sqs receive-message` output.
pub fn receive_one(body: &str) -> Value {
    json!({
        "MessageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
        "ReceiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        "MD5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "Body": body
    })
}

/// `aws sqs receive-message` output.
pub fn receive_message(body: &str) -> Value {
    json!({"Messages": [receive_one(body)]})
}

/// A Lambda event of records.
pub fn lambda(records: Vec<Value>) -> Value {
    json!({"Records": records})
}

/// CloudWatch Logs subscription data (what `awslogs.data` decodes to), one log event per message.
pub fn logs_data(messages: &[String]) -> Value {
    let events: Vec<Value> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"id": format!("3195310660696698337880902507980421114328961542429EXAMPLE{i}"), "timestamp": 1_700_000_000_000u64 + i as u64, "message": m}))
        .collect();
    json!({
        "messageType": "DATA_MESSAGE",
        "owner": "111122223333",
        "logGroup": "/aws/events/guardduty",
        "logStream": "findings",
        "subscriptionFilters": ["to-findlens"],
        "logEvents": events
    })
}
