//! Says what a JSON value looks like when it is not a GuardDuty finding, so the analyst learns what
//! they pasted ("a CloudTrail log file", "the output of list-findings") instead of a bare "invalid".

use serde_json::{Map, Value};

/// A scalar at the top of a document or in a list of findings.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "`null`".to_owned(),
        Value::Bool(b) => format!("the value `{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if s.chars().count() > 40 { "…" } else { "" };
            format!("the text {short:?}{more}")
        }
        Value::Array(_) | Value::Object(_) => "a JSON value".to_owned(),
    }
}

fn has(map: &Map<String, Value>, key: &str) -> bool {
    map.keys().any(|k| k.eq_ignore_ascii_case(key))
}

/// An object that has a `type` field but is plainly something else (no `:` in the type and none
/// of a finding's other fields).
pub fn is_other_shape(map: &Map<String, Value>) -> bool {
    let ty = map.iter().find(|(k, _)| k.eq_ignore_ascii_case("type")).map(|(_, v)| v);
    let looks_like_type = match ty {
        Some(Value::String(s)) => s.contains(':') || s.trim().is_empty(),
        _ => true,
    };
    !looks_like_type && !["id", "resource", "service", "accountId", "severity", "arn"].iter().any(|k| has(map, k))
}

/// What an object that is not a finding looks like.
pub fn object(map: &Map<String, Value>) -> String {
    let text =
        |k: &str| map.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).and_then(|(_, v)| v.as_str()).unwrap_or("");
    if has(map, "FindingIds") {
        return "this is the output of `aws guardduty list-findings` (finding IDs only); run `aws guardduty get-findings --detector-id <id> --finding-ids <ids>` and open its output".to_owned();
    }
    if map.get("Records").is_some_and(Value::is_array) {
        return "this looks like a CloudTrail log file (`Records`), not GuardDuty findings".to_owned();
    }
    if has(map, "eventVersion") && has(map, "eventSource") {
        return format!(
            "this looks like a CloudTrail event ({} from {}), not a GuardDuty finding",
            text("eventName"),
            text("eventSource")
        );
    }
    if has(map, "Statement") && has(map, "Version") {
        return "this looks like an IAM policy document, not a GuardDuty finding".to_owned();
    }
    if let Some(Value::Object(err)) = map.get("Error") {
        let msg = err.get("Message").and_then(Value::as_str).unwrap_or("");
        return format!("this is an AWS error response, not findings: {msg}");
    }
    if has(map, "__type") || (has(map, "message") && map.len() <= 3) {
        return format!("this is an AWS error response, not findings: {}", text("message"));
    }
    if map.contains_key("detail") && map.contains_key("source") {
        return "this looks like an EventBridge event without a `detail-type`; GuardDuty events have `\"detail-type\": \"GuardDuty Finding\"`".to_owned();
    }
    if has(map, "type") {
        return format!(
            "the object's `type` is {:?}, which is not a GuardDuty finding type (they look like `Recon:EC2/Portscan`)",
            text("type")
        );
    }
    if map.is_empty() {
        return "an empty object, not a GuardDuty finding".to_owned();
    }
    let keys: Vec<&str> = map.keys().take(6).map(String::as_str).collect();
    let more = if map.len() > 6 { ", …" } else { "" };
    format!("this object has no finding `type`, so it is not a GuardDuty finding (its keys: {}{more})", keys.join(", "))
}
