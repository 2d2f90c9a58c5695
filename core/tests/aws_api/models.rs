//! The vendored botocore models (`core/tests/aws-models/`): services, operations and shapes, a
//! port of botocore's `xform_name`, and a check of a JSON or shorthand value against a shape.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::shell::MARK;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/aws-models")
}

/// The botocore model behind a CLI service name. The CLI calls botocore's `s3` service `s3api`
/// (awscli/customizations/s3/s3.py renames it, keeping `s3` for the high-level commands).
pub fn model_name(cli: &str) -> &str {
    match cli {
        "s3api" => "s3",
        other => other,
    }
}

pub struct Service {
    pub name: String,
    pub json: Value,
    /// CLI operation name → botocore operation name.
    ops: BTreeMap<String, String>,
}

pub struct Models {
    pub services: BTreeMap<String, Service>,
}

/// One operation of a service.
pub struct Op<'a> {
    pub input: Option<&'a str>,
    pub paginator: Option<&'a Value>,
    pub streaming_output: bool,
}

impl Models {
    pub fn load() -> Models {
        let mut services = BTreeMap::new();
        let entries = std::fs::read_dir(dir()).expect("the aws-models folder is readable");
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let name = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name").to_owned();
            let text = std::fs::read_to_string(&path).expect("a readable model");
            let json: Value = serde_json::from_str(&text).expect("a model that parses");
            let ops = json["operations"]
                .as_object()
                .expect("a model with operations")
                .keys()
                .map(|op| (xform_name(op), op.clone()))
                .collect();
            services.insert(name.clone(), Service { name, json, ops });
        }
        Models { services }
    }

    pub fn service(&self, cli: &str) -> Option<&Service> {
        self.services.get(model_name(cli))
    }
}

impl Service {
    pub fn operation(&self, cli_op: &str) -> Option<Op<'_>> {
        let name = self.ops.get(cli_op)?;
        let op = &self.json["operations"][name];
        let streaming = &self.json["x-findlens"]["streaming-output"];
        Some(Op {
            input: op["input"]["shape"].as_str(),
            paginator: self.json["paginators"].get(name.as_str()),
            streaming_output: streaming.as_array().is_some_and(|a| a.iter().any(|o| o == name.as_str())),
        })
    }

    pub fn shape(&self, name: &str) -> &Value {
        &self.json["shapes"][name]
    }

    pub fn kind(&self, name: &str) -> &str {
        self.shape(name)["type"].as_str().unwrap_or("")
    }

    /// A structure's members, in the model's order.
    pub fn members(&self, name: &str) -> Vec<(&str, &Value)> {
        self.shape(name)["members"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }

    pub fn required(&self, name: &str) -> Vec<&str> {
        self.shape(name)["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    pub fn enum_values(&self, name: &str) -> Option<Vec<&str>> {
        self.shape(name)["enum"].as_array().map(|e| e.iter().filter_map(Value::as_str).collect())
    }

    /// The shape of a list's member or a map's key/value.
    pub fn inner(&self, name: &str, which: &str) -> Option<&str> {
        self.shape(name)[which]["shape"].as_str()
    }

    /// Checks a scalar given as text (a top-level option, or shorthand) against its shape.
    pub fn check_scalar(&self, shape: &str, text: &str, path: &str, errs: &mut Vec<String>) {
        if text.contains(MARK) {
            return;
        }
        match self.kind(shape) {
            "integer" | "long" => match text.parse::<i64>() {
                Ok(n) => self.check_range(shape, n, path, errs),
                Err(_) => errs.push(format!("{path}: `{text}` is not an integer")),
            },
            "boolean" if !matches!(text.to_ascii_lowercase().as_str(), "true" | "false") => {
                errs.push(format!("{path}: `{text}` is not true or false"))
            }
            "double" | "float" if text.parse::<f64>().is_err() => {
                errs.push(format!("{path}: `{text}` is not a number"))
            }
            _ => self.check_string(shape, text, path, errs),
        }
    }

    /// An enum's values, and the shortest length: botocore's ParamValidator refuses a string shorter
    /// than the shape's `min` before anything is sent (botocore/validate.py, _validate_string).
    fn check_string(&self, shape: &str, text: &str, path: &str, errs: &mut Vec<String>) {
        self.check_enum(shape, text, path, errs);
        let min = self.shape(shape)["min"].as_u64().unwrap_or(0);
        if !text.contains(MARK) && (text.chars().count() as u64) < min {
            errs.push(format!("{path}: `{text}` is shorter than the minimum length {min}"));
        }
    }

    fn check_enum(&self, shape: &str, text: &str, path: &str, errs: &mut Vec<String>) {
        if let Some(values) = self.enum_values(shape) {
            if !text.contains(MARK) && !values.contains(&text) {
                errs.push(format!("{path}: `{text}` is not one of {}", values.join(", ")));
            }
        }
    }

    fn check_range(&self, shape: &str, n: i64, path: &str, errs: &mut Vec<String>) {
        let s = self.shape(shape);
        if s["min"].as_i64().is_some_and(|min| n < min) || s["max"].as_i64().is_some_and(|max| n > max) {
            errs.push(format!("{path}: {n} is outside {}..={}", s["min"], s["max"]));
        }
    }

    /// Checks a value against a shape. `lenient` is for shorthand, whose scalars are all strings
    /// and where one value stands for a one-item list (awscli/shorthand.py, BackCompatVisitor).
    pub fn check_value(&self, shape: &str, v: &Value, path: &str, lenient: bool, errs: &mut Vec<String>) {
        let kind = self.kind(shape);
        match (kind, v) {
            (_, Value::String(s)) if s.contains(MARK) && s.trim() == MARK => {}
            (_, _) if self.shape(shape)["document"] == true => {}
            ("structure", Value::Object(o)) => {
                let members = self.members(shape);
                for (k, val) in o {
                    match members.iter().find(|(m, _)| m == k) {
                        Some((_, m)) => {
                            let inner = m["shape"].as_str().unwrap_or("");
                            self.check_value(inner, val, &format!("{path}.{k}"), lenient, errs);
                        }
                        None => errs.push(format!(
                            "{path}: `{k}` is not a member of {shape} (members: {})",
                            members.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
                        )),
                    }
                }
                for r in self.required(shape) {
                    if !o.contains_key(r) {
                        errs.push(format!("{path}: required member `{r}` of {shape} is missing"));
                    }
                }
            }
            ("list", Value::Array(a)) => {
                let min = self.shape(shape)["min"].as_u64().unwrap_or(0);
                if (a.len() as u64) < min {
                    errs.push(format!("{path}: {} items, fewer than the minimum {min}", a.len()));
                }
                let inner = self.inner(shape, "member").unwrap_or("");
                for (i, item) in a.iter().enumerate() {
                    self.check_value(inner, item, &format!("{path}[{i}]"), lenient, errs);
                }
            }
            ("list", other) if lenient => {
                let inner = self.inner(shape, "member").unwrap_or("");
                self.check_value(inner, other, &format!("{path}[0]"), lenient, errs);
            }
            ("map", Value::Object(o)) => {
                let (key, value) = (self.inner(shape, "key").unwrap_or(""), self.inner(shape, "value").unwrap_or(""));
                for (k, val) in o {
                    self.check_enum(key, k, &format!("{path} key"), errs);
                    self.check_value(value, val, &format!("{path}.{k}"), lenient, errs);
                }
            }
            ("string", Value::String(s)) => self.check_string(shape, s, path, errs),
            ("timestamp" | "blob", Value::String(_)) => {}
            ("timestamp", Value::Number(_)) => {}
            ("integer" | "long", Value::Number(n)) => match n.as_i64() {
                Some(n) => self.check_range(shape, n, path, errs),
                None => errs.push(format!("{path}: {n} is not an integer")),
            },
            ("double" | "float", Value::Number(_)) | ("boolean", Value::Bool(_)) => {}
            ("integer" | "long" | "double" | "float" | "boolean", Value::String(s)) if lenient => {
                self.check_scalar(shape, s, path, errs)
            }
            (kind, v) => {
                let got = match v {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::String(_) => "a string",
                    Value::Array(_) => "a list",
                    Value::Object(_) => "an object",
                };
                errs.push(format!("{path}: {shape} is a {kind}, got {got}"));
            }
        }
    }
}

/// botocore's `xform_name(name, '-')` (botocore/__init__.py): `DescribeDBInstances` →
/// `describe-db-instances`, `ListMFADevices` → `list-mfa-devices`, `GatewayARNs` → `gateway-arns`.
pub fn xform_name(name: &str) -> String {
    const SEP: char = '-';
    if name.contains(SEP) {
        return name.to_owned();
    }
    // The special cases botocore keeps in its cache; none is in the vendored services, but the port
    // stays whole.
    const CACHE: &[(&str, &str)] = &[
        ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
        ("DescribeCachediSCSIVolumes", "describe-cached-iscsi-volumes"),
        ("DescribeStorediSCSIVolumes", "describe-stored-iscsi-volumes"),
        ("CreateStorediSCSIVolume", "create-stored-iscsi-volume"),
        ("ListHITsForQualificationType", "list-hits-for-qualification-type"),
        ("ExecutePartiQLStatement", "execute-partiql-statement"),
        ("ExecutePartiQLTransaction", "execute-partiql-transaction"),
        ("ExecutePartiQLBatch", "execute-partiql-batch"),
        ("CreateOAuth2Token", "create-oauth2-token"),
        ("CreateOAuth2TokenWithIAM", "create-oauth2-token-with-iam"),
        ("IntrospectOAuth2TokenWithIAM", "introspect-oauth2-token-with-iam"),
    ];
    if let Some((_, x)) = CACHE.iter().find(|(n, _)| *n == name) {
        return (*x).to_owned();
    }
    let mut chars: Vec<char> = name.chars().collect();
    // `[A-Z]{2,}s$`: an acronym made plural ends up as one lower-case word.
    if chars.len() >= 3 && chars[chars.len() - 1] == 's' {
        let run = chars[..chars.len() - 1].iter().rev().take_while(|c| c.is_ascii_uppercase()).count();
        if run >= 2 {
            let at = chars.len() - 1 - run;
            let tail: Vec<char> = chars[at..].iter().map(|c| c.to_ascii_lowercase()).collect();
            chars.truncate(at);
            chars.push(SEP);
            chars.extend(tail);
        }
    }
    // `(.)([A-Z][a-z]+)` → `\1-\2`, left to right, matches not overlapping.
    let mut s1 = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let word = i + 2 < chars.len() && chars[i + 1].is_ascii_uppercase() && chars[i + 2].is_ascii_lowercase();
        s1.push(chars[i]);
        if word {
            s1.push(SEP);
            let mut j = i + 1;
            s1.push(chars[j]);
            j += 1;
            while j < chars.len() && chars[j].is_ascii_lowercase() {
                s1.push(chars[j]);
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // `([a-z0-9])([A-Z])` → `\1-\2`, then lower case.
    let mut out = String::with_capacity(s1.len() + 8);
    let mut i = 0;
    while i < s1.len() {
        out.push(s1[i].to_ascii_lowercase());
        if i + 1 < s1.len() && (s1[i].is_ascii_lowercase() || s1[i].is_ascii_digit()) && s1[i + 1].is_ascii_uppercase()
        {
            out.push(SEP);
            out.push(s1[i + 1].to_ascii_lowercase());
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}
