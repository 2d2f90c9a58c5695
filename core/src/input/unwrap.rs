//! The unwrap phase: one top-level JSON value (a document, a line of JSON Lines, one of several
//! values back to back, or an element of a list the splitter took apart) → findings, problems and
//! notes. Every wrapper is recognised here (the delivery wrappers in [`super::delivery`]), and only
//! here, so that however the text was split the same value gives the same result.

use serde_json::{Map, Value};

use super::room::Room;
use super::{asff, delivery, describe, ocsf, Loaded, Outcome, Problem};
use crate::finding::{Finding, NotAFinding, SourceFormat, Warning};

/// Reads one top-level value (a document, a line of JSON Lines, one of several values back to back)
/// that starts on `line` (when lines are reported) into `loaded`; `at` is [`Where::root`], with the
/// delivery wrapper the whole text came in when there is one (CloudWatch Logs export lines).
pub(super) fn unwrap_top(value: Value, at: &Where, line: Option<usize>, loaded: &mut Loaded) {
    let mut out = Batch::default();
    unwrap(value, at, &mut out);
    out.commit(line, loaded);
}

/// What one top-level value yielded. Its problems and notes get their line when it is committed,
/// because a reader that goes a piece at a time may learn that line (or that there is none to
/// report) only after the value has been read.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) findings: Vec<Finding>,
    problems: Vec<Problem>,
    /// (path, what): formatted as "<where>: <what>" on commit.
    notes: Vec<(String, String)>,
}

impl Batch {
    pub(super) fn note(&mut self, at: &Where, what: impl Into<String>) {
        self.notes.push((at.path.clone(), what.into()));
    }

    pub(super) fn problem(&mut self, at: &Where, what: impl Into<String>) {
        self.problems.push(at.problem(what));
    }

    pub(super) fn commit(self, line: Option<usize>, into: &mut Loaded) {
        if into.findings.capacity() < self.findings.len() && into.findings.is_empty() {
            // Keep the batch's allocation rather than copy it (a response can hold thousands).
            into.findings = self.findings;
        } else {
            into.findings.extend(self.findings);
        }
        into.problems.extend(self.problems.into_iter().map(|p| Problem { line, ..p }));
        into.notes.extend(self.notes.into_iter().map(|(path, what)| format!("{}: {what}", describe_at(line, &path))));
    }
}

/// Where an item sits in its top-level value: its path (`[3]`, `Findings[2].detail`), empty for the
/// value itself, and the delivery wrappers it is inside. The value's line is added when its batch
/// is committed.
#[derive(Clone)]
pub(super) struct Where {
    path: String,
    /// Delivery wrappers opened on the way here, outermost first ("SNS", "EventBridge").
    pub(super) chain: Vec<&'static str>,
    /// The size bound decoded payloads share (see [`super::room`]).
    pub(super) room: Room,
}

impl Where {
    pub(super) fn root(room: &Room) -> Where {
        Where { path: String::new(), chain: Vec::new(), room: room.clone() }
    }

    pub(super) fn child(&self, segment: &str) -> Where {
        let path = if self.path.is_empty() || segment.starts_with('[') {
            format!("{}{segment}", self.path)
        } else {
            format!("{}.{segment}", self.path)
        };
        Where { path, chain: self.chain.clone(), room: self.room.clone() }
    }

    /// The same place, inside one more delivery wrapper.
    pub(super) fn via(&self, wrapper: &'static str) -> Where {
        let mut w = self.clone();
        w.chain.push(wrapper);
        w
    }

    fn problem(&self, message: impl Into<String>) -> Problem {
        Problem {
            line: None,
            column: None,
            item: (!self.path.is_empty()).then(|| self.path.clone()),
            message: message.into(),
        }
    }
}

/// "line 3, Findings[2]", "line 3", "Findings[2]" or "the document".
fn describe_at(line: Option<usize>, path: &str) -> String {
    match (line, path.is_empty()) {
        (Some(l), true) => format!("line {l}"),
        (Some(l), false) => format!("line {l}, {path}"),
        (None, false) => path.to_owned(),
        (None, true) => "the document".to_owned(),
    }
}

/// Looks up a key in either casing (`detail-type` has only one).
fn get<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    map.get(key).or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// The keys of a `{"Findings":[…]}` (CLI) / `{"findings":[…]}` (API) response, in the order tried.
pub(super) const LIST_KEYS: [&str; 2] = ["Findings", "findings"];

/// Whether an object holding `key` may be something other than a findings response: the branches
/// of [`unwrap_object`] that come before the `Findings` one look at these keys. The incremental
/// reader splits a response into its findings only when no key says so.
pub(super) fn key_precedes_list(key: &str) -> bool {
    key == "detail-type" || key == "detail" || key.eq_ignore_ascii_case("type")
}

pub(super) fn unwrap(value: Value, at: &Where, out: &mut Batch) {
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                note_empty_list(at, out);
            }
            for (i, item) in items.into_iter().enumerate() {
                unwrap_element(item, at, i, out);
            }
        }
        Value::Object(map) => unwrap_object(map, at, out),
        other => out.problems.push(at.problem(format!("{}, not a GuardDuty finding", describe::scalar(&other)))),
    }
}

/// Element `i` of a list of findings at `list`.
pub(super) fn unwrap_element(item: Value, list: &Where, i: usize, out: &mut Batch) {
    unwrap(item, &list.child(&format!("[{i}]")), out);
}

/// An empty array: a note when it is the whole document (or line).
pub(super) fn note_empty_list(at: &Where, out: &mut Batch) {
    if at.path.is_empty() {
        out.note(at, "an empty list, no findings in it");
    }
}

/// `{"Findings":[]}`: an empty response is a note, not a problem.
pub(super) fn note_empty_response(list_key: &str, at: &Where, out: &mut Batch) {
    out.note(at, format!("the response holds no findings (`{list_key}` is empty)"));
}

fn unwrap_object(map: Map<String, Value>, at: &Where, out: &mut Batch) {
    // EventBridge envelope.
    if let Some(dt) = map.get("detail-type").and_then(Value::as_str) {
        return unwrap_event(dt.to_owned(), map, at, out);
    }
    // An SNS notification (its `Type` is not a finding type, so before the finding's check).
    if delivery::is_sns(&map) {
        return delivery::open_sns(map, at, out);
    }
    // A GuardDuty finding (either casing).
    if get(&map, "type").is_some() && !describe::is_other_shape(&map) {
        return push_finding(map, SourceFormat::GuardDuty, at, out);
    }
    // An EventBridge event cut down to its `detail` (some tools keep only `region` and `detail`).
    if map.get("detail").is_some_and(|d| d.as_object().is_some_and(|d| get(d, "type").is_some())) {
        let mut map = map;
        if let Some(Value::Object(d)) = map.remove("detail") {
            let from = out.findings.len();
            push_finding(d, SourceFormat::GuardDuty, &at.child("detail").via("EventBridge"), out);
            check_envelope(&map, from, out);
        }
        return;
    }
    // `{"Findings":[…]}` / `{"findings":[…]}`.
    if let Some(list_key) = LIST_KEYS.into_iter().find(|k| map.get(*k).is_some_and(Value::is_array)) {
        let mut map = map;
        if let Some(Value::Array(items)) = map.remove(list_key) {
            if items.is_empty() {
                note_empty_response(list_key, at, out);
            }
            let base = at.child(list_key);
            for (i, item) in items.into_iter().enumerate() {
                unwrap_element(item, &base, i, out);
            }
        }
        return;
    }
    // SQS, Lambda records, Firehose, Kinesis, CloudWatch Logs.
    let Err(map) = delivery::open(map, at, out) else { return };
    let mapped = if asff::is_asff(&map) {
        Some((asff::map(&map), SourceFormat::Asff))
    } else if ocsf::is_ocsf(&map) {
        Some((ocsf::map(&map), SourceFormat::Ocsf))
    } else {
        None
    };
    if let Some((outcome, format)) = mapped {
        return match outcome {
            Outcome::Mapped(m) => push_mapped(m, format, Value::Object(map), at, out),
            Outcome::Skip(why) => out.note(at, why),
            Outcome::Bad(why) => out.problems.push(at.problem(why)),
        };
    }
    out.problems.push(at.problem(describe::object(&map)));
}

/// The detail types of Security Hub events that carry findings in `detail.findings`: ASFF ones,
/// imported or sent by an analyst to a custom action, and the OCSF ones of Security Hub's second
/// version.
const SECURITY_HUB_EVENTS: [&str; 3] =
    ["Security Hub Findings - Imported", "Security Hub Findings - Custom Action", "Findings Imported V2"];

fn unwrap_event(detail_type: String, mut map: Map<String, Value>, at: &Where, out: &mut Batch) {
    let id = map.get("id").and_then(Value::as_str).map(|s| format!(" {s}")).unwrap_or_default();
    let inside = at.via("EventBridge");
    let from = out.findings.len();
    match detail_type.as_str() {
        "GuardDuty Finding" => match map.remove("detail") {
            Some(Value::Object(d)) if d.is_empty() => {
                out.note(at, format!("the EventBridge event{id} has an empty `detail`; no finding in it"));
            }
            Some(Value::Object(d)) => {
                let inside = inside.child("detail");
                if get(&d, "type").is_some() {
                    push_finding(d, SourceFormat::GuardDuty, &inside, out);
                } else {
                    out.problems.push(inside.problem("the EventBridge event's `detail` has no finding `type`"));
                }
            }
            _ => out.problems.push(at.problem(format!("the EventBridge event{id} has no `detail` object"))),
        },
        dt if SECURITY_HUB_EVENTS.contains(&dt) => {
            let findings = match map.get_mut("detail") {
                Some(Value::Object(d)) => d.remove("findings"),
                _ => None,
            };
            match findings {
                Some(Value::Array(items)) => {
                    if items.is_empty() {
                        out.note(at, format!("the Security Hub event{id} holds no findings (`detail.findings` is empty)"));
                    }
                    let base = inside.child("detail.findings");
                    for (i, item) in items.into_iter().enumerate() {
                        unwrap_element(item, &base, i, out);
                    }
                }
                _ => out.problems.push(at.problem("the Security Hub event has no `detail.findings` list")),
            }
        }
        other => out.note(
            at,
            format!(
                "skipped an EventBridge event of kind {other:?}{id}; only GuardDuty finding events and Security Hub finding events (imported, sent to a custom action, or imported V2) hold findings"
            ),
        ),
    }
    check_envelope(&map, from, out);
}

/// An EventBridge envelope's `account` and `region` say where the event was sent from; the
/// finding's own say where it is, and they win. When they differ (an event forwarded from another
/// account or Region, or an edited sample), the finding gets a warning, like its other
/// disagreements (`finding::consistency`), so the CLI, the page and the guide say it in the same
/// words.
fn check_envelope(envelope: &Map<String, Value>, from: usize, out: &mut Batch) {
    let text = |k: &str| envelope.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (account, region) = (text("account"), text("region"));
    for f in out.findings.get_mut(from..).unwrap_or_default() {
        if let (Some(env), Some(own)) = (account, f.account_id.clone()) {
            if env != own {
                f.warnings.push(Warning {
                    path: "accountId".into(),
                    message: format!("the EventBridge event's `account` is `{env}`, but the finding's is `{own}`; the finding's own account is used"),
                });
            }
        }
        if let (Some(env), Some(own)) = (region, f.region.clone()) {
            if env != own {
                f.warnings.push(Warning {
                    path: "region".into(),
                    message: format!("the EventBridge event's `region` is `{env}`, but the finding's is `{own}`; the finding's own Region is used"),
                });
            }
        }
    }
}

fn push_finding(map: Map<String, Value>, format: SourceFormat, at: &Where, out: &mut Batch) {
    match Finding::read(&map, format) {
        Ok(mut f) => {
            f.raw = Value::Object(map);
            f.delivery.clone_from(&at.chain);
            out.findings.push(f);
        }
        Err(NotAFinding::MissingType { detail }) => out.problems.push(at.problem(detail)),
    }
}

/// ASFF and OCSF: the mapped GuardDuty-shaped object is read; the original is kept as raw.
fn push_mapped(mapped: Map<String, Value>, format: SourceFormat, original: Value, at: &Where, out: &mut Batch) {
    match Finding::read(&mapped, format) {
        Ok(mut f) => {
            f.raw = original;
            f.delivery.clone_from(&at.chain);
            out.findings.push(f);
        }
        Err(NotAFinding::MissingType { detail }) => out.problems.push(at.problem(detail)),
    }
}
