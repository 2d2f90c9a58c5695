//! The unwrap phase: one top-level JSON value (a document, a line of JSON Lines, one of several
//! values back to back, or an element of a list the splitter took apart) → findings, problems and
//! notes. Every wrapper is recognised here, and only here, so that however the text was split the
//! same value gives the same result.

use serde_json::{Map, Value};

use super::{asff, describe, ocsf, Loaded, Outcome, Problem};
use crate::finding::{Finding, NotAFinding, SourceFormat};

/// Reads one top-level value (a document, a line of JSON Lines, one of several values back to back)
/// that starts on `line` (when lines are reported) into `loaded`.
pub(super) fn unwrap_top(value: Value, line: Option<usize>, loaded: &mut Loaded) {
    let mut out = Batch::default();
    unwrap(value, &Where::root(), &mut out);
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
    fn note(&mut self, at: &Where, what: impl Into<String>) {
        self.notes.push((at.path.clone(), what.into()));
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
/// value itself. The value's line is added when its batch is committed.
#[derive(Clone)]
pub(super) struct Where {
    path: String,
}

impl Where {
    pub(super) fn root() -> Where {
        Where { path: String::new() }
    }

    pub(super) fn child(&self, segment: &str) -> Where {
        let path = if self.path.is_empty() || segment.starts_with('[') {
            format!("{}{segment}", self.path)
        } else {
            format!("{}.{segment}", self.path)
        };
        Where { path }
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
    // A GuardDuty finding (either casing).
    if get(&map, "type").is_some() && !describe::is_other_shape(&map) {
        return push_finding(map, SourceFormat::GuardDuty, at, out);
    }
    // An EventBridge event cut down to its `detail` (some tools keep only `region` and `detail`).
    if map.get("detail").is_some_and(|d| d.as_object().is_some_and(|d| get(d, "type").is_some())) {
        let mut map = map;
        if let Some(Value::Object(d)) = map.remove("detail") {
            push_finding(d, SourceFormat::GuardDuty, &at.child("detail"), out);
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

fn unwrap_event(detail_type: String, mut map: Map<String, Value>, at: &Where, out: &mut Batch) {
    let id = map.get("id").and_then(Value::as_str).map(|s| format!(" {s}")).unwrap_or_default();
    match detail_type.as_str() {
        "GuardDuty Finding" => match map.remove("detail") {
            Some(Value::Object(d)) if d.is_empty() => {
                out.note(at, format!("the EventBridge event{id} has an empty `detail`; no finding in it"));
            }
            Some(Value::Object(d)) => {
                let at = at.child("detail");
                if get(&d, "type").is_some() {
                    push_finding(d, SourceFormat::GuardDuty, &at, out);
                } else {
                    out.problems.push(at.problem("the EventBridge event's `detail` has no finding `type`"));
                }
            }
            _ => out.problems.push(at.problem(format!("the EventBridge event{id} has no `detail` object"))),
        },
        "Security Hub Findings - Imported" => {
            let findings = match map.remove("detail") {
                Some(Value::Object(mut d)) => d.remove("findings"),
                _ => None,
            };
            match findings {
                Some(Value::Array(items)) => {
                    let base = at.child("detail.findings");
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
                "skipped an EventBridge event of kind {other:?}{id}; only GuardDuty and Security Hub finding events hold findings"
            ),
        ),
    }
}

fn push_finding(map: Map<String, Value>, format: SourceFormat, at: &Where, out: &mut Batch) {
    match Finding::read(&map, format) {
        Ok(mut f) => {
            f.raw = Value::Object(map);
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
            out.findings.push(f);
        }
        Err(NotAFinding::MissingType { detail }) => out.problems.push(at.problem(detail)),
    }
}
