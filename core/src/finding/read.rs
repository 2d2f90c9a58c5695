//! A lenient reader over `serde_json` values.
//!
//! Real findings come in two key casings (API camelCase, CLI PascalCase), with nulls, numbers written
//! as text and timestamps as text or epoch numbers. Every accessor here takes the field's wire name
//! (the API model's `locationName`) and also accepts the PascalCase model name. A value of the wrong
//! kind is dropped and reported as a [`Warning`] that names its dotted wire path, so one bad field
//! never costs the analyst the whole finding. A number or a boolean where text belongs is read as its
//! text, with a warning. Identifier fields (the `id` kind) also treat the placeholders that
//! pipelines write for "unknown" ([`PLACEHOLDERS`], and empty text) as missing, with a warning, so
//! no command is built around `null`.
//!
//! A warning's message says what was done with the value; the CLI, the page and the guide all show
//! this same message, so the analyst reads one wording everywhere.

use serde_json::{Map, Value};

use super::Timestamp;

/// Something in a finding that was not as the API model says, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Dotted wire path, as GuardDuty's filter criteria spell it (`service.count`).
    pub path: String,
    pub message: String,
}

/// Collects warnings while a finding is read.
#[derive(Default)]
pub struct Cx {
    pub warnings: Vec<Warning>,
}

impl std::fmt::Display for Warning {
    /// `path: message`, the form the CLI and the guide's notes show (the page sets the path apart).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Values that exports and scripts write in an identifier field when they have none: Python's
/// `None`, JSON's and SQL's `null` as text, JavaScript's `undefined`, Go's and Ruby's `nil`, `N/A`,
/// and `NaN` (pandas' empty cell). Compared ignoring ASCII case and surrounding spaces; empty or
/// blank text counts too. No AWS identifier (key, instance, bucket, user, cluster, ARN…) can be
/// one of these words; a user named `None` is possible but far rarer than a pipeline's
/// placeholder, and the warning names the field so the analyst can check. Sample findings' `GeneratedFinding…` values are not
/// placeholders here: they have their own reading.
pub const PLACEHOLDERS: [&str; 6] = ["null", "none", "nil", "undefined", "n/a", "nan"];

/// Whether an identifier's text is a placeholder for "unknown" rather than a value.
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p))
}

impl Cx {
    pub fn warn(&mut self, path: String, message: impl Into<String>) {
        self.warnings.push(Warning { path, message: message.into() });
    }

    /// Adds to the warning already given for `path`, or gives one: a field gets one warning that
    /// says everything done with it (an account ID written as a number, then found short).
    pub fn warn_once(&mut self, path: String, message: impl Into<String>) {
        let message = message.into();
        match self.warnings.iter_mut().find(|w| w.path == path) {
            Some(w) => {
                w.message.push_str("; ");
                w.message.push_str(&message);
            }
            None => self.warn(path, message),
        }
    }
}

/// A JSON object and the wire path that leads to it.
#[derive(Clone, Copy)]
pub struct Obj<'v> {
    pub map: &'v Map<String, Value>,
    pub path: &'v str,
}

/// Joins a parent path and a field name lazily: only warnings and facts need it.
pub fn join(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_owned()
    } else {
        let mut s = String::with_capacity(parent.len() + 1 + field.len());
        s.push_str(parent);
        s.push('.');
        s.push_str(field);
        s
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'v> Obj<'v> {
    pub fn new(map: &'v Map<String, Value>, path: &'v str) -> Self {
        Obj { map, path }
    }

    /// The raw value of a field; `null` counts as absent.
    ///
    /// The exact wire name is tried first (one hash lookup: the common camelCase case); then the
    /// keys are compared ignoring ASCII case, which finds the CLI's PascalCase (`InstanceId`), the
    /// model names that are not a plain case change (`SourceIps` for `sourceIPs`) and all-lowercase
    /// exports. Finding objects are small, so the scan is short.
    pub fn get(&self, wire: &str) -> Option<&'v Value> {
        let v = match self.map.get(wire) {
            Some(v) => Some(v),
            None => {
                self.map.iter().find(|(k, _)| k.len() == wire.len() && k.eq_ignore_ascii_case(wire)).map(|(_, v)| v)
            }
        };
        v.filter(|v| !v.is_null())
    }

    fn wrong(&self, cx: &mut Cx, wire: &str, expected: &str, got: &Value) {
        cx.warn(join(self.path, wire), format!("expected {expected}, found {}; the field was ignored", kind(got)));
    }

    fn text_of(&self, cx: &mut Cx, wire: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            // IDs written as numbers (an account ID without quotes) are still the ID.
            Value::Number(n) => {
                cx.warn(join(self.path, wire), "expected text, found a number; read it as text");
                Some(n.to_string())
            }
            Value::Bool(b) => {
                cx.warn(join(self.path, wire), "expected text, found a boolean; read it as text");
                Some(b.to_string())
            }
            other => {
                self.wrong(cx, wire, "text", other);
                None
            }
        }
    }

    pub fn str(&self, cx: &mut Cx, wire: &str) -> Option<String> {
        let v = self.get(wire)?;
        self.text_of(cx, wire, v)
    }

    /// An identifier: text as [`Obj::str`] reads it, with placeholders ([`is_placeholder`]) counted
    /// as missing, with a warning.
    pub fn id(&self, cx: &mut Cx, wire: &str) -> Option<String> {
        let s = self.str(cx, wire)?;
        if is_placeholder(&s) {
            let shown = if s.trim().is_empty() { "empty text".to_owned() } else { format!("`{}`", s.trim()) };
            cx.warn(
                join(self.path, wire),
                format!(
                    "{shown} is a placeholder, not an identifier; treated as missing (the guide shows a blank to fill)"
                ),
            );
            None
        } else {
            Some(s)
        }
    }

    pub fn f64(&self, cx: &mut Cx, wire: &str) -> Option<f64> {
        let v = self.get(wire)?;
        match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    cx.warn(
                        join(self.path, wire),
                        format!("expected a number, found the text {s:?}; the field was ignored"),
                    );
                    None
                }
            },
            other => {
                self.wrong(cx, wire, "a number", other);
                None
            }
        }
    }

    pub fn i64(&self, cx: &mut Cx, wire: &str) -> Option<i64> {
        let x = self.f64(cx, wire)?;
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            // Integral and inside f64's exact range: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            Some(x as i64)
        } else {
            cx.warn(join(self.path, wire), format!("expected a whole number, found {x}; the field was ignored"));
            None
        }
    }

    pub fn bool(&self, cx: &mut Cx, wire: &str) -> Option<bool> {
        let v = self.get(wire)?;
        match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            other => {
                self.wrong(cx, wire, "true or false", other);
                None
            }
        }
    }

    pub fn ts(&self, cx: &mut Cx, wire: &str) -> Option<Timestamp> {
        let v = self.get(wire)?;
        match v {
            Value::String(s) => Some(Timestamp::from_text(s)),
            Value::Number(n) => n.as_f64().map(Timestamp::from_epoch_number),
            other => {
                self.wrong(cx, wire, "a timestamp", other);
                None
            }
        }
    }

    /// Reads a nested object into `T`; absent or wrong → `None`.
    pub fn read<T: FromObj>(&self, cx: &mut Cx, wire: &str) -> Option<T> {
        let v = self.get(wire)?;
        match v {
            Value::Object(map) => {
                let path = join(self.path, wire);
                Some(T::from_obj(Obj { map, path: &path }, cx))
            }
            other => {
                self.wrong(cx, wire, "an object", other);
                None
            }
        }
    }

    /// Reads a list of objects. Filter-criteria paths carry no index, so items share the list's path.
    pub fn list<T: FromObj>(&self, cx: &mut Cx, wire: &str) -> Vec<T> {
        let Some(v) = self.get(wire) else { return Vec::new() };
        let path = join(self.path, wire);
        match v {
            Value::Array(items) => items
                .iter()
                .filter_map(|item| match item {
                    Value::Object(map) => Some(T::from_obj(Obj { map, path: &path }, cx)),
                    Value::Null => None,
                    other => {
                        cx.warn(
                            path.clone(),
                            format!("expected a list of objects, found {} in it; that item was ignored", kind(other)),
                        );
                        None
                    }
                })
                .collect(),
            // A lone object where a list belongs is read as a list of one, with a warning.
            Value::Object(map) => {
                cx.warn(path.clone(), "expected a list, found an object; read it as a list of one");
                vec![T::from_obj(Obj { map, path: &path }, cx)]
            }
            other => {
                self.wrong(cx, wire, "a list", other);
                Vec::new()
            }
        }
    }

    /// A list of text. As for a single field, a number or a boolean in it is read as its text and
    /// any other kind is ignored, each with a warning (one per kind found, so a long list does not
    /// flood the analyst); `null` items count as absent.
    pub fn strs(&self, cx: &mut Cx, wire: &str) -> Vec<String> {
        let Some(v) = self.get(wire) else { return Vec::new() };
        match v {
            Value::Array(items) => {
                let mut warned: Vec<&'static str> = Vec::new();
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let (text, done) = match item {
                        Value::String(s) => (Some(s.clone()), None),
                        Value::Null => (None, None),
                        Value::Number(n) => (Some(n.to_string()), Some("read it as text")),
                        Value::Bool(b) => (Some(b.to_string()), Some("read it as text")),
                        _ => (None, Some("that item was ignored")),
                    };
                    if let Some(done) = done {
                        let found = kind(item);
                        if !warned.contains(&found) {
                            warned.push(found);
                            cx.warn(
                                join(self.path, wire),
                                format!("expected a list of text, found {found} in it; {done}"),
                            );
                        }
                    }
                    out.extend(text);
                }
                out
            }
            Value::String(s) => vec![s.clone()],
            other => {
                self.wrong(cx, wire, "a list of text", other);
                Vec::new()
            }
        }
    }
}

/// A model type that can be read from a JSON object.
pub trait FromObj: Sized {
    fn from_obj(o: Obj<'_>, cx: &mut Cx) -> Self;
}
