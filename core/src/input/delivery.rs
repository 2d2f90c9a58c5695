//! The delivery wrappers findings travel in on their way from EventBridge to whoever reads them:
//!
//! - an SNS notification (`{"Type":"Notification","Message":"<JSON as text>"}`, as email, HTTP and
//!   SQS subscribers get it);
//! - an SQS message (`body`, as a Lambda sees it, or `Body`, as `aws sqs receive-message` prints it,
//!   also in its `Messages` list);
//! - a Lambda event of SNS, SQS or Kinesis records (`{"Records":[…]}`, `eventSource` `aws:…`);
//! - a Kinesis Data Firehose record (`recordId`, base64 `data`), alone or in the `records` list a
//!   transformation Lambda gets;
//! - CloudWatch Logs: a subscription payload (`{"awslogs":{"data":"<base64 of gzip>"}}`), the data
//!   it decodes to (`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"<JSON as text>"}]}`),
//!   and `aws logs filter-log-events` / `get-log-events` output (`events[].message`). Export lines
//!   (a timestamp, then the JSON) are taken apart in [`super::lines`].
//!
//! Each is opened, its content decoded and parsed, and what it holds unwrapped again by
//! [`super::unwrap`], so wrappers nest in any order (SQS → SNS → EventBridge → GuardDuty). Every
//! wrapper opened is added to the finding's delivery chain. The nesting is bounded
//! ([`MAX_WRAPPERS`]), and everything decoded counts towards the reader's size bound
//! ([`super::room`]). A wrapper that holds something that is not JSON, or a record of another kind,
//! is a problem that says what it is.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;
use serde_json::{Deserializer, Map, Value};

use super::base64;
use super::describe;
use super::syntax::json_problem;
use super::unwrap::{unwrap, Batch, Where};

/// Delivery wrappers nested deeper than this are not opened. Real chains have at most five or so
/// (Lambda → SQS → SNS → EventBridge, or CloudWatch Logs → Firehose); a deeper one is a mistake or
/// an attempt to make the reader work.
pub const MAX_WRAPPERS: usize = 10;

fn text<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m str> {
    map.get(key).and_then(Value::as_str)
}

/// `key` or its other casing (`body` / `Body`).
fn either<'m>(map: &'m Map<String, Value>, keys: [&'static str; 2]) -> Option<(&'static str, &'m Value)> {
    keys.into_iter().find_map(|k| map.get(k).map(|v| (k, v)))
}

/// An SNS message: a notification (`Type` `Notification` and a `Message`), or the confirmation of a
/// subscription (which holds no finding, and is told so).
pub fn is_sns(map: &Map<String, Value>) -> bool {
    match text(map, "Type") {
        Some("Notification") => map.contains_key("Message"),
        Some("SubscriptionConfirmation" | "UnsubscribeConfirmation") => map.contains_key("TopicArn"),
        _ => false,
    }
}

/// Opens an SNS message ([`is_sns`]).
pub(super) fn open_sns(mut map: Map<String, Value>, at: &Where, out: &mut Batch) {
    if let Some(kind) = text(&map, "Type").filter(|t| *t != "Notification") {
        let what = if kind == "SubscriptionConfirmation" { "subscription" } else { "unsubscription" };
        return out.problem(
            at,
            format!("this is an SNS {what} confirmation (`Type` {kind}), which holds no finding; the notifications sent after it do"),
        );
    }
    let Some(inside) = enter(at, "SNS", out) else { return };
    let message = map.remove("Message").unwrap_or(Value::Null);
    content(message, "the SNS notification's `Message`", &inside.child("Message"), out);
}

/// Opens `map` when it is a delivery wrapper other than SNS (which [`open_sns`] opens); gives it
/// back (`Err`) when it is not one.
pub(super) fn open(mut map: Map<String, Value>, at: &Where, out: &mut Batch) -> Result<(), Map<String, Value>> {
    if map.get("Records").and_then(Value::as_array).is_some_and(|r| r.iter().any(is_record)) {
        let Some(inside) = enter(at, "Lambda", out) else { return Ok(()) };
        let Some(Value::Array(records)) = map.remove("Records") else { return Ok(()) };
        let base = inside.child("Records");
        for (i, record) in records.into_iter().enumerate() {
            open_record(record, &base.child(&format!("[{i}]")), out);
        }
        return Ok(());
    }
    if map.get("Messages").and_then(Value::as_array).is_some_and(|m| m.iter().any(is_sqs)) {
        let Some(Value::Array(messages)) = map.remove("Messages") else { return Ok(()) };
        let base = at.child("Messages");
        for (i, message) in messages.into_iter().enumerate() {
            let at = base.child(&format!("[{i}]"));
            match message {
                Value::Object(m) if is_sqs_map(&m) => open_sqs(m, &at, out),
                other => out.problem(&at, format!("{}, not an SQS message", describe::scalar(&other))),
            }
        }
        return Ok(());
    }
    if is_sqs_map(&map) {
        open_sqs(map, at, out);
        return Ok(());
    }
    let firehose_batch = map.get("records").and_then(Value::as_array).is_some_and(|r| {
        map.contains_key("invocationId") || map.contains_key("deliveryStreamArn") || r.iter().any(is_firehose_record)
    });
    if firehose_batch {
        let Some(inside) = enter(at, "Firehose", out) else { return Ok(()) };
        let Some(Value::Array(records)) = map.remove("records") else { return Ok(()) };
        if records.is_empty() {
            out.note(at, "the Firehose batch holds no records (`records` is empty)");
        }
        let base = inside.child("records");
        for (i, record) in records.into_iter().enumerate() {
            open_firehose_record(record, &base.child(&format!("[{i}]")), out);
        }
        return Ok(());
    }
    if map.contains_key("recordId") && map.get("data").is_some_and(Value::is_string) {
        let Some(inside) = enter(at, "Firehose", out) else { return Ok(()) };
        open_firehose_record(Value::Object(map), &inside, out);
        return Ok(());
    }
    if let Some(Value::Object(logs)) = map.get("awslogs") {
        if let Some(data) = text(logs, "data") {
            let Some(inside) = enter(at, "CloudWatch Logs", out) else { return Ok(()) };
            open_awslogs(data, &inside.child("awslogs.data"), out);
            return Ok(());
        }
    }
    if is_logs_data(&map) {
        let Some(inside) = enter(at, "CloudWatch Logs", out) else { return Ok(()) };
        open_logs_data(map, &inside, out);
        return Ok(());
    }
    if map.get("events").and_then(Value::as_array).is_some_and(|e| e.iter().any(is_log_event)) {
        let Some(inside) = enter(at, "CloudWatch Logs", out) else { return Ok(()) };
        open_log_events(map.remove("events"), "events", &inside, out);
        return Ok(());
    }
    Err(map)
}

/// The same place inside one more wrapper, unless that would nest too deep (then a problem).
fn enter(at: &Where, wrapper: &'static str, out: &mut Batch) -> Option<Where> {
    if at.chain.len() >= MAX_WRAPPERS {
        let chain = at.chain.join(" → ");
        out.problem(
            at,
            format!("delivery wrappers are nested more than {MAX_WRAPPERS} deep ({chain} → {wrapper} → …); no delivery pipeline nests that deep, so this is not read"),
        );
        return None;
    }
    Some(at.via(wrapper))
}

/// A record of a Lambda event (`eventSource` `aws:…`), or one shaped like an SNS or SQS record.
fn is_record(v: &Value) -> bool {
    let Some(m) = v.as_object() else { return false };
    either(m, ["eventSource", "EventSource"]).and_then(|(_, s)| s.as_str()).is_some_and(|s| s.starts_with("aws:"))
        || m.get("Sns").is_some_and(Value::is_object)
        || is_sqs_map(m)
}

fn is_sqs(v: &Value) -> bool {
    v.as_object().is_some_and(is_sqs_map)
}

/// An SQS message: a body and the receipt handle or checksum every received message has.
fn is_sqs_map(m: &Map<String, Value>) -> bool {
    either(m, ["body", "Body"]).is_some()
        && (either(m, ["receiptHandle", "ReceiptHandle"]).is_some()
            || either(m, ["md5OfBody", "MD5OfBody"]).is_some()
            || text(m, "eventSource") == Some("aws:sqs"))
}

fn is_firehose_record(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("recordId") && m.contains_key("data"))
}

/// CloudWatch Logs subscription data, once decoded.
fn is_logs_data(m: &Map<String, Value>) -> bool {
    text(m, "messageType").is_some() && (m.get("logEvents").is_some_and(Value::is_array) || m.contains_key("logGroup"))
}

/// An event of `aws logs filter-log-events` or `get-log-events` output.
fn is_log_event(v: &Value) -> bool {
    v.as_object().is_some_and(|m| text(m, "message").is_some() && m.contains_key("timestamp"))
}

/// What a Lambda event record from a source other than SNS, SQS or Kinesis is.
fn record_kind(source: &str) -> String {
    let named = [
        ("aws:s3", "an S3 event notification"),
        ("aws:dynamodb", "a DynamoDB stream record"),
        ("aws:ses", "an SES email receipt"),
        ("aws:codecommit", "a CodeCommit trigger"),
        ("aws:kafka", "an MSK (Kafka) record"),
        ("aws:mq", "an Amazon MQ message"),
    ];
    match named.iter().find(|(s, _)| *s == source) {
        Some((_, what)) => format!("{what} ({source})"),
        None => format!("a Lambda event record from {source:?}"),
    }
}

fn open_record(record: Value, at: &Where, out: &mut Batch) {
    let Value::Object(mut m) = record else {
        return out.problem(at, format!("{}, not a Lambda event record", describe::scalar(&record)));
    };
    let source = either(&m, ["eventSource", "EventSource"]).and_then(|(_, s)| s.as_str()).unwrap_or("").to_owned();
    if source == "aws:sns" || m.get("Sns").is_some_and(Value::is_object) {
        return match m.remove("Sns") {
            Some(Value::Object(sns)) if is_sns(&sns) => open_sns(sns, &at.child("Sns"), out),
            _ => out.problem(at, "the SNS record has no `Sns` notification with a `Message`"),
        };
    }
    if source == "aws:sqs" || is_sqs_map(&m) {
        return open_sqs(m, at, out);
    }
    if source == "aws:kinesis" {
        let Some(inside) = enter(at, "Kinesis", out) else { return };
        return match m.get("kinesis").and_then(|k| k.get("data")).and_then(Value::as_str) {
            Some(data) => encoded(data, "the Kinesis record's `data`", &inside.child("kinesis.data"), out),
            None => out.problem(at, "the Kinesis record has no `kinesis.data`"),
        };
    }
    out.problem(
        at,
        format!(
            "this is {}, which holds no finding; Findlens reads Lambda events of SNS, SQS and Kinesis records",
            record_kind(&source)
        ),
    );
}

fn open_sqs(mut m: Map<String, Value>, at: &Where, out: &mut Batch) {
    let Some(inside) = enter(at, "SQS", out) else { return };
    let key = if m.contains_key("body") { "body" } else { "Body" };
    let body = m.remove(key).unwrap_or(Value::Null);
    content(body, &format!("the SQS message's `{key}`"), &inside.child(key), out);
}

fn open_firehose_record(record: Value, at: &Where, out: &mut Batch) {
    match record.get("data") {
        Some(Value::String(data)) => encoded(data, "the Firehose record's `data`", &at.child("data"), out),
        _ if record.get("result").and_then(Value::as_str) == Some("Dropped") => {
            out.note(at, "a Firehose record marked `Dropped`, with no data");
        }
        _ => out.problem(at, "the Firehose record has no base64 `data`"),
    }
}

fn open_awslogs(data: &str, at: &Where, out: &mut Batch) {
    let what = "the CloudWatch Logs subscription's `awslogs.data`";
    let Some(text) = decode(data, what, at, out) else { return };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) if is_logs_data(&m) => open_logs_data(m, at, out),
        Ok(other) => {
            out.problem(at, format!("{what} decodes to {}, not CloudWatch Logs data", describe::scalar(&other)))
        }
        Err(e) => out.problem(at, invalid_json(what, &e)),
    }
}

fn open_logs_data(mut m: Map<String, Value>, at: &Where, out: &mut Batch) {
    let kind = text(&m, "messageType").unwrap_or("").to_owned();
    if kind == "CONTROL_MESSAGE" {
        return out
            .note(at, "a CloudWatch Logs control message (it checks that the subscription works), no log events");
    }
    if !m.get("logEvents").is_some_and(Value::is_array) {
        return out.problem(at, format!("the CloudWatch Logs data (message type {kind:?}) has no `logEvents` list"));
    }
    open_log_events(m.remove("logEvents"), "logEvents", at, out);
}

fn open_log_events(events: Option<Value>, key: &str, at: &Where, out: &mut Batch) {
    let Some(Value::Array(events)) = events else { return };
    if events.is_empty() {
        out.note(at, format!("the CloudWatch Logs data holds no log events (`{key}` is empty)"));
    }
    let base = at.child(key);
    for (i, event) in events.into_iter().enumerate() {
        let at = base.child(&format!("[{i}]"));
        match event {
            Value::Object(mut e) => {
                let message = e.remove("message").unwrap_or(Value::Null);
                content(message, "the CloudWatch Logs event's `message`", &at.child("message"), out);
            }
            other => out.problem(&at, format!("{}, not a CloudWatch Logs event", describe::scalar(&other))),
        }
    }
}

/// A wrapper's content: JSON as text (the usual case), or JSON itself (some tools deliver it so).
fn content(value: Value, what: &str, at: &Where, out: &mut Batch) {
    match value {
        Value::String(s) => {
            if !at.room.take(s.len() as u64) {
                return out.problem(at, at.room.exceeded(what));
            }
            parse(&s, what, at, out);
        }
        Value::Object(_) | Value::Array(_) => unwrap(value, at, out),
        Value::Null => out.problem(at, format!("{what} is missing or `null`, so it holds no finding")),
        other => out.problem(at, format!("{what} is {}, not JSON, so it holds no finding", describe::scalar(&other))),
    }
}

/// base64 (Firehose, Kinesis, CloudWatch Logs), and gzip inside it when there is some, to text.
/// Both count towards the size bound before they are done.
fn decode(data: &str, what: &str, at: &Where, out: &mut Batch) -> Option<String> {
    if !at.room.take(data.len() as u64 / 4 * 3) {
        out.problem(at, at.room.exceeded(what));
        return None;
    }
    let bytes = match base64::decode(data) {
        Ok(b) => b,
        Err(e) => {
            out.problem(
                at,
                format!("{what} is not valid base64 (character {} is {:?}), so it cannot be read", e.at, e.found),
            );
            return None;
        }
    };
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let free = at.room.free();
        let mut inflated = Vec::new();
        let read = MultiGzDecoder::new(bytes.as_slice()).take(free.saturating_add(1)).read_to_end(&mut inflated);
        if let Err(e) = read {
            out.problem(at, format!("{what} holds gzip data that is damaged or cut short ({e})"));
            return None;
        }
        if !at.room.take(inflated.len() as u64) {
            out.problem(at, at.room.exceeded(what));
            return None;
        }
        inflated
    } else {
        bytes
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(_) => {
            out.problem(at, format!("{what} decodes to binary data, not JSON text, so it holds no finding"));
            None
        }
    }
}

/// base64 content: decoded, then parsed.
fn encoded(data: &str, what: &str, at: &Where, out: &mut Batch) {
    if let Some(text) = decode(data, what, at, out) {
        parse(&text, what, at, out);
    }
}

/// JSON as text, inside a wrapper: each value in it (Firehose data may hold several) unwrapped. JSON
/// that is itself a string of JSON (encoded twice) is decoded again, a bounded number of times.
fn parse(text: &str, what: &str, at: &Where, out: &mut Batch) {
    let mut text = Cow::Borrowed(text);
    let mut times = 0;
    while text.trim_start().starts_with('"') {
        times += 1;
        if times > MAX_WRAPPERS {
            return out.problem(
                at,
                format!("{what} is JSON text encoded more than {MAX_WRAPPERS} times over; this is not read"),
            );
        }
        match serde_json::from_str::<String>(&text) {
            Ok(inner) if at.room.take(inner.len() as u64) => text = Cow::Owned(inner),
            Ok(_) => return out.problem(at, at.room.exceeded(what)),
            Err(_) => break,
        }
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return out.problem(at, format!("{what} is empty, so it holds no finding"));
    }
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        // Enough of it to say what it is (a long text is shown cut, with an ellipsis).
        let shown = describe::scalar(&Value::String(trimmed.chars().take(41).collect()));
        return out.problem(at, format!("{what} holds {shown}, not JSON, so it holds no finding"));
    }
    let mut values = Vec::new();
    for value in Deserializer::from_str(&text).into_iter::<Value>() {
        match value {
            Ok(v) => values.push(v),
            Err(e) => {
                out.problem(at, invalid_json(what, &e));
                break;
            }
        }
    }
    let several = values.len() > 1;
    for (i, v) in values.into_iter().enumerate() {
        if several {
            unwrap(v, &at.child(&format!("[{i}]")), out);
        } else {
            unwrap(v, at, out);
        }
    }
}

/// A syntax error inside a wrapper's content, with where in that content it is.
fn invalid_json(what: &str, e: &serde_json::Error) -> String {
    let message = json_problem(e, 0).message;
    let message = message.strip_prefix("invalid JSON: ").unwrap_or(&message);
    format!("{what} is not valid JSON ({message}; at line {}, column {} of it)", e.line(), e.column())
}
