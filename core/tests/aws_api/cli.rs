//! Checks one `aws` command against the vendored models as the AWS CLI would parse it: the
//! service and operation exist, every option is in the operation's argument table (`table.rs`)
//! with the right number of values, required members are there, and values fit their shapes
//! (enums, integers, JSON, shorthand); then the rules of `rules.rs`.

use std::collections::BTreeMap;

use super::models::{Models, Service};
use super::rules;
use super::shell::{Word, MARK};
use super::shorthand;
use super::table::{
    arg, custom_value, is_region, paging, table, Arg, Arity, CUSTOM_COMMANDS, GLOBAL_FLAGS, GLOBAL_VALUES,
};

/// The result of checking one command.
#[derive(Debug, Default)]
pub struct Outcome {
    /// `service operation`, when the operation was found.
    pub op: Option<String>,
    pub errors: Vec<String>,
}

/// Options given on the line, in order: (name, values).
pub type Given = Vec<(String, Vec<Word>)>;

fn option_name(w: &Word) -> Option<(String, Option<String>)> {
    let t = w.text();
    let name = t.strip_prefix("--")?;
    Some(match name.split_once('=') {
        Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
        None => (name.to_owned(), None),
    })
}

/// Checks `aws …` (argv[0] is `aws`).
pub fn check(models: &Models, fields: &[String], argv: &[Word]) -> Outcome {
    let mut out = Outcome::default();
    let errs = &mut out.errors;
    let mut positional: Vec<&Word> = Vec::new();
    let mut given: Given = Vec::new();
    let mut table: Option<BTreeMap<String, Arg>> = None;
    let mut i = 1;
    while i < argv.len() {
        let w = &argv[i];
        i += 1;
        let Some((name, inline)) = option_name(w) else {
            positional.push(w);
            if positional.len() == 2 && table.is_none() {
                table = op_table(models, positional[0], positional[1], &mut out.op, errs);
                if table.is_none() {
                    return out;
                }
            }
            continue;
        };
        let spec = table.as_ref().and_then(|t| t.get(&name).cloned()).or_else(|| {
            if GLOBAL_FLAGS.contains(&name.as_str()) {
                Some(arg(Arity::Flag))
            } else if GLOBAL_VALUES.contains(&name.as_str()) {
                Some(arg(Arity::One))
            } else {
                None
            }
        });
        let Some(spec) = spec else {
            errs.push(format!("{}: unknown option --{name}", out.op.as_deref().unwrap_or("aws")));
            continue;
        };
        let mut values: Vec<Word> = Vec::new();
        if let Some(v) = inline {
            values.push(Word { parts: vec![super::shell::Part::Lit(v.clone())], raw: v });
        }
        let takes = |n: usize| match spec.arity {
            Arity::Flag => false,
            Arity::Optional | Arity::One => n == 0,
            Arity::Many => true,
        };
        while i < argv.len() && takes(values.len()) && option_name(&argv[i]).is_none() {
            values.push(argv[i].clone());
            i += 1;
        }
        let op = out.op.as_deref().unwrap_or("aws");
        match spec.arity {
            Arity::Flag if !values.is_empty() => errs.push(format!("{op}: --{name} takes no value")),
            Arity::One | Arity::Many if values.is_empty() => errs.push(format!("{op}: --{name} needs a value")),
            _ => {}
        }
        if given.iter().any(|(n, _)| *n == name) {
            errs.push(format!("{op}: --{name} is given twice"));
        }
        given.push((name, values));
    }
    let (Some(table), Some(op)) = (table, out.op.clone()) else {
        if out.op.is_none() && errs.is_empty() {
            errs.push("aws: no service and operation".into());
        }
        return out;
    };
    if op.starts_with("custom ") {
        let op = op.trim_start_matches("custom ").to_owned();
        check_globals(&given, &op, errs);
        if let Some(w) = positional.get(2) {
            errs.push(format!("{op}: unexpected argument `{}`", w.raw));
        }
        out.op = Some(op);
        return out;
    }
    let (service, cli_op) = op.split_once(' ').unwrap_or_default();
    let svc = models.service(service).expect("the service was found before");
    let operation = svc.operation(cli_op).expect("the operation was found before");
    check_globals(&given, &op, errs);
    for (name, values) in &given {
        let Some(a) = table.get(name) else { continue };
        if let Some(custom) = a.custom {
            for v in values.iter().filter_map(Word::literal) {
                if let Some(e) = custom_value(custom, &v) {
                    errs.push(format!("{op}: --{name} {e}"));
                }
            }
        }
        if let (Some(member), None) = (&a.member, a.custom) {
            let shape = operation.input.map(|i| svc.members(i)).unwrap_or_default();
            let shape = shape.iter().find(|(m, _)| m == member).and_then(|(_, m)| m["shape"].as_str()).unwrap_or("");
            check_member(svc, shape, a.arity, values, &format!("{op} --{name}"), errs);
        }
    }
    if let Some(p) = operation.paginator {
        paging(p, &table, &given, &op, errs);
    }
    // Outfile: awscli/customizations/streamingoutputarg.py adds a required positional `outfile` to
    // operations whose output payload is a blob (s3api get-object).
    let extra = positional.len().saturating_sub(2);
    match (operation.streaming_output, extra) {
        (true, 0) => errs.push(format!("{op}: the outfile argument is missing")),
        (true, 1) | (false, 0) => {}
        _ => errs.push(format!(
            "{op}: unexpected argument `{}`",
            positional.get(2 + usize::from(operation.streaming_output)).map(|w| w.raw.as_str()).unwrap_or("")
        )),
    }
    // Required members (clidriver.py: not idempotency tokens, which botocore fills in; none at all
    // with --cli-input-json/--cli-input-yaml, customizations/arguments.py OverrideRequiredArgsArgument).
    let overridden = given.iter().any(|(n, _)| n == "cli-input-json" || n == "cli-input-yaml");
    if let (Some(input), false) = (operation.input, overridden) {
        for r in svc.required(input) {
            let member = svc.members(input).into_iter().find(|(m, _)| *m == r).map(|(_, m)| m.clone());
            if member.as_ref().is_some_and(|m| m["idempotencyToken"] == true) {
                continue;
            }
            let present = given.iter().any(|(n, _)| table.get(n).is_some_and(|a| a.member.as_deref() == Some(r)));
            if !present {
                let names: Vec<String> = table
                    .iter()
                    .filter(|(_, a)| a.member.as_deref() == Some(r))
                    .map(|(n, _)| format!("--{n}"))
                    .collect();
                errs.push(format!("{op}: required {} is missing", names.join(" or ")));
            }
        }
    }
    rules::check(&op, &given, fields, errs);
    out
}

fn op_table(
    models: &Models,
    service: &Word,
    operation: &Word,
    op: &mut Option<String>,
    errs: &mut Vec<String>,
) -> Option<BTreeMap<String, Arg>> {
    let (Some(s), Some(o)) = (service.literal(), operation.literal()) else {
        errs.push(format!("aws: the service and operation must be literal, got `{} {}`", service.raw, operation.raw));
        return None;
    };
    if let Some((_, _, opts)) = CUSTOM_COMMANDS.iter().find(|(cs, co, _)| *cs == s && *co == o) {
        *op = Some(format!("custom {s} {o}"));
        return Some(
            opts.iter().map(|(n, a, _)| ((*n).to_owned(), Arg { arity: *a, member: None, custom: None })).collect(),
        );
    }
    let Some(svc) = models.service(&s) else {
        errs.push(format!(
            "aws {s}: not a service in the vendored models (add it to aws-models/trim.py if it is real)"
        ));
        return None;
    };
    let Some(operation) = svc.operation(&o) else {
        errs.push(format!(
            "aws {s} {o}: not an operation in the vendored {} model (made up, or to add to aws-models/trim.py)",
            svc.name
        ));
        return None;
    };
    *op = Some(format!("{s} {o}"));
    Some(table(svc, &operation, &o))
}

/// Required options of custom commands, and the values of `--region` and `--output`.
fn check_globals(given: &Given, op: &str, errs: &mut Vec<String>) {
    let (s, o) = op.split_once(' ').unwrap_or_default();
    if let Some((_, _, opts)) = CUSTOM_COMMANDS.iter().find(|(cs, co, _)| *cs == s && *co == o) {
        for (n, _, required) in opts.iter() {
            if *required && !given.iter().any(|(g, _)| g == n) {
                errs.push(format!("{op}: required --{n} is missing"));
            }
        }
    }
    for (name, values) in given {
        let Some(v) = values.first().and_then(Word::literal) else { continue };
        let ok = match name.as_str() {
            "region" => is_region(&v),
            "output" => ["json", "text", "table", "yaml", "yaml-stream"].contains(&v.as_str()),
            "query" => balanced(&v),
            _ => true,
        };
        if !ok {
            errs.push(format!("{op}: --{name} `{v}` is not a valid value"));
        }
    }
}

/// A JMESPath expression's brackets, braces and parentheses pair up outside its literals (`…`, '…',
/// "…"): the CLI compiles `--query` before calling and refuses one that does not parse.
fn balanced(q: &str) -> bool {
    let mut stack = Vec::new();
    let mut quote = None;
    for c in q.chars() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '`' | '\'' | '"') => quote = Some(c),
            (None, '[' | '{' | '(') => stack.push(c),
            (None, ']' | '}' | ')') => {
                let open = match c {
                    ']' => '[',
                    '}' => '{',
                    _ => '(',
                };
                if stack.pop() != Some(open) {
                    return false;
                }
            }
            _ => {}
        }
    }
    stack.is_empty() && quote.is_none()
}

/// A member's values: JSON, shorthand or scalars, each checked against the shape
/// (awscli/argprocess.py: a value starting with `{` or `[` is JSON; complex shapes otherwise take
/// shorthand; a list takes one value per word).
fn check_member(svc: &Service, shape: &str, arity: Arity, values: &[Word], path: &str, errs: &mut Vec<String>) {
    let kind = svc.kind(shape);
    if arity == Arity::Optional || (kind == "boolean" && values.is_empty()) {
        return;
    }
    let member = svc.inner(shape, "member").unwrap_or("");
    let complex = |s: &str| matches!(svc.kind(s), "structure" | "map" | "list");
    for (i, w) in values.iter().enumerate() {
        if w.is_blank() {
            continue;
        }
        let text = w.text();
        let t = text.trim_start();
        if t.starts_with("file://")
            || t.starts_with("fileb://")
            || t.starts_with("http://")
            || t.starts_with("https://")
        {
            continue;
        }
        let target = if kind == "list" && !(values.len() == 1 && t.starts_with('[')) { member } else { shape };
        if t.starts_with('{') || t.starts_with('[') {
            match parse_json(&text) {
                Ok(v) if complex(target) => svc.check_value(target, &v, path, false, errs),
                Ok(_) => {}
                Err(e) => errs.push(format!("{path}: invalid JSON ({e})")),
            }
        } else if complex(target) {
            match shorthand::parse(&text) {
                Ok(v) => svc.check_value(target, &v, path, true, errs),
                Err(e) => errs.push(format!("{path}: {e}")),
            }
        } else if kind != "blob" {
            svc.check_scalar(
                target,
                &text,
                &if values.len() > 1 { format!("{path}[{i}]") } else { path.to_owned() },
                errs,
            );
        }
    }
}

/// Parses JSON in which blanks stand as [`MARK`]: inside a string as they are, elsewhere as a string.
pub fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) if text.contains(MARK) => {
            serde_json::from_str(&text.replace(MARK, &format!("\"{MARK}\""))).map_err(|_| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    }
}
