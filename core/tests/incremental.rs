//! `Incremental` gives exactly what `read` gives (findings, problems with their lines and columns,
//! notes, `gzipped`) whatever the budget per step, on every fixture and on edge cases; each step
//! stays within its budget plus one item; progress never goes back and ends at 1.0.
//!
//! `read` is the same reader run in one unbounded step, so what is checked here is that the result
//! does not depend on where steps end. What the result should be is pinned on its own: in
//! `edge_cases_read_as_expected`, in the other test files, and, for syntax errors, against
//! serde_json reading the whole text in `random_texts`.

use std::io::Write;
use std::path::Path;

use findlens_core::input::{Incremental, Loaded};
use serde_json::{json, Value};

const BUDGETS: [usize; 5] = [1, 7, 1000, 64 * 1024, usize::MAX];

/// Steps `bytes` through with `budget`, checking progress on the way; returns the result and the
/// largest step.
fn stepped(bytes: &[u8], budget: usize) -> (Loaded, usize) {
    let mut reader = Incremental::new(bytes.to_vec());
    let mut last = reader.progress();
    assert_eq!(last, 0.0, "progress starts at 0");
    let mut largest = 0;
    loop {
        let done = reader.step(budget);
        largest = largest.max(reader.last_step_bytes());
        let p = reader.progress();
        assert!((0.0..=1.0).contains(&p) && p >= last, "progress went from {last} to {p} (budget {budget})");
        last = p;
        if done {
            break;
        }
    }
    assert_eq!(last, 1.0, "progress ends at 1.0 (budget {budget})");
    assert!(reader.step(budget), "a reader that is done stays done");
    (reader.finish(), largest)
}

/// What must match, in a form whose difference reads well in a failure.
fn summary(l: &Loaded) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>, bool) {
    let findings = l
        .findings
        .iter()
        .map(|f| {
            let raw = serde_json::to_string(&f.raw).expect("raw serialises");
            format!("{} | {} | {:?} | {raw}", f.finding_type, f.key(), f.warnings)
        })
        .collect();
    let problems = l.problems.iter().map(ToString::to_string).collect();
    (findings, problems, l.notes.clone(), l.warnings.clone(), l.gzipped)
}

/// `Incremental` with every budget gives what `read` gives.
fn assert_same(name: &str, bytes: &[u8]) -> Loaded {
    let want = findlens_core::read(bytes);
    for budget in BUDGETS {
        let (got, _) = stepped(bytes, budget);
        assert_eq!(summary(&got), summary(&want), "{name} (budget {budget})");
        assert_eq!(got.problems, want.problems, "{name} (budget {budget}): problems' fields");
        assert!(got.findings == want.findings, "{name} (budget {budget}): findings' fields");
    }
    want
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("in-memory write");
    e.finish().expect("in-memory write")
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let bom: [u8; 2] = if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] };
    let units = text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() });
    bom.into_iter().chain(units).collect()
}

/// A small GuardDuty finding whose strings hold JSON punctuation; every 97th has no type (a
/// problem) and every 89th a field of the wrong kind (a warning).
fn finding(i: usize) -> Value {
    let mut f = json!({
        "accountId": "111122223333",
        "arn": format!("arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/f{i}"),
        "id": format!("f{i}"),
        "region": "eu-west-1",
        "severity": 2.0 + (i % 7) as f64,
        "title": format!("tricky }}{{ ][ \" \\\" \\\\\" \\\\ é {i}"),
        "type": "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "u\"}"}},
        "service": {"count": i, "archived": false, "additionalInfo": {"value": "[{\"a\":1}]", "n": [[1, [2, [3]]], {"b": {"c": "}"}}]}}
    });
    if i % 97 == 5 {
        f.as_object_mut().expect("object").remove("type");
    }
    if i % 89 == 3 {
        f["service"]["count"] = json!("many");
    }
    f
}

fn findings_doc(key: &str, n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| finding(i).to_string()).collect();
    format!("{{\"{key}\":[{}]}}", items.join(","))
}

/// A compact finding (about 150 bytes) for the many-findings cases that run with a budget of 1;
/// every 97th has no type.
fn compact(i: usize) -> String {
    let ty = if i % 97 == 5 { "" } else { r#""type":"Recon:EC2/Portscan","# };
    format!(r#"{{{ty}"id":"c{i}","title":"}}{{ [\"\\","service":{{"count":{i},"x":[[],{{}}]}}}}"#)
}

fn shared_fixtures() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/findings");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", dir.display());
    println!("note: {} is absent; skipping the shared fixtures", dir.display());
    None
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture folder is readable")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn project_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = files_in(&dir);
    assert!(files.len() >= 10, "fixtures found: {}", files.len());
    for path in files {
        let bytes = std::fs::read(&path).expect("fixture is readable");
        assert_same(&path.display().to_string(), &bytes);
    }
}

#[test]
fn shared_fixtures_every_file() {
    let Some(dir) = shared_fixtures() else { return };
    let files = files_in(&dir);
    assert!(!files.is_empty(), "{} is empty", dir.display());
    for path in files {
        let bytes = std::fs::read(&path).expect("fixture is readable");
        assert_same(&path.display().to_string(), &bytes);
    }
}

#[test]
fn edge_cases() {
    let f = |i| finding(i).to_string();
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("serialises");
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("whitespace", "  \n\t \r\n ".into()),
        ("unicode whitespace only", "\u{a0}\n".into()),
        ("empty array", "[]".into()),
        ("empty array, spaced", " [ \n ] \n".into()),
        ("empty findings", r#"{"findings":[]}"#.into()),
        ("empty Findings, pretty", "{\n  \"Findings\": [\n  ]\n}\n".into()),
        ("nested arrays", format!("[[{}, {}], [{}], [], [[{}]]]", f(0), f(1), f(2), f(3))),
        ("array of scalars", r#"[1, "x", null, true, {"a": 1}]"#.into()),
        ("findings of scalars", r#"{"Findings": [1, "x", null, [], {}]}"#.into()),
        ("strings with punctuation", format!(r#"{{"Findings":[{}]}}"#, f(4))),
        ("escaped backslash before quote", r#"{"Findings":[{"type":"A:B/C","title":"x\\","id":"\\\"}{"}]}"#.into()),
        ("escaped key", format!(r#"{{"Find\u0069ngs":[{}]}}"#, f(0))),
        ("pretty Findings", pretty(&json!({"Findings": [finding(0), finding(5), finding(3)]}))),
        ("pretty findings, CRLF", pretty(&json!({"findings": [finding(0), finding(1)]})).replace('\n', "\r\n")),
        (
            "Findings and other keys",
            format!(
                r#"{{"ResponseMetadata":{{"RequestId":"r","HTTPHeaders":{{"a":"[{{"}}}},"Findings":[{}],"x":[1,{{}}]}}"#,
                f(0)
            ),
        ),
        ("both casings", format!(r#"{{"Findings":[{}],"findings":[{}]}}"#, f(0), f(1))),
        ("Findings not a list, findings a list", format!(r#"{{"Findings":null,"findings":[{}]}}"#, f(1))),
        ("Findings twice", format!(r#"{{"Findings":[{}],"Findings":[{}]}}"#, f(0), f(1))),
        ("Findings with a type", format!(r#"{{"Findings":[{}],"Type":"Recon:EC2/Portscan"}}"#, f(0))),
        ("Findings with detail", format!(r#"{{"Findings":[{}],"detail":{}}}"#, f(0), f(1))),
        ("Findings with detail-type", format!(r#"{{"Findings":[{}],"detail-type":"GuardDuty Finding"}}"#, f(0))),
        ("Findings with a bad other value", format!(r#"{{"Findings":[{}],"x":[1,]}}"#, f(0))),
        ("object without a list", r#"{"Records":[],"x":1}"#.into()),
        ("empty object", "{}".into()),
        ("findings then garbage", format!("{{\"Findings\":[{}]}}\n  garbage", f(0))),
        ("two responses back to back", format!("{{\"Findings\":[{}]}}\n{{\"findings\":[{}, 7]}}", f(0), f(1))),
        ("values back to back across lines", format!("{}{}\n  {}\n\n{}  {}", f(0), f(1), f(2), f(3), f(4))),
        ("back to back, one split over lines", format!("{{\"a\":\n1}}{}\n[{}]", f(0), f(1))),
        ("array then more", format!("[{}]\n[{}] {}", f(0), f(1), f(2))),
        ("json lines", format!("{}\n{}\n{}\n", f(0), f(1), f(2))),
        ("json lines, broken middle line", format!("{}\n{{\"type\": \n{}\n", f(0), f(1))),
        ("json lines, CRLF and blank lines", format!("\r\n{}\r\n\r\n  \r\n{}\r\n{} {}\r", f(0), f(1), f(2), f(3))),
        ("json lines, CRLF, broken middle line", format!("{}\r\n{{\"a\":\r\n{}\r\n", f(0), f(1))),
        ("json lines, broken last line without newline", format!("{}\n{}\n{{\"a\":\r", f(0), f(1))),
        (
            "json lines of arrays and responses",
            format!("[{}]\n{{\"Findings\":[{}]}}\n[]\n{{\"findings\":[]}}\n", f(0), f(1)),
        ),
        ("first line not JSON", format!("hello\n{}\n", f(0))),
        ("first line an unclosed object", format!("{{\"a\":[\n{}]}}\n", f(0))),
        ("syntax error inside a finding", format!("{{\n  \"Findings\": [\n    {},\n    {{\"type\": }}\n  ]\n}}", f(0))),
        ("syntax error mid-line", format!("{} {{\"type\": x}}", f(0))),
        ("syntax error in second value", format!("{}\n  {{\"type\": tru }}", f(0))),
        ("missing comma", format!("{{\"Findings\":[{} {}]}}", f(0), f(1))),
        ("trailing comma", format!("[{},]", f(0))),
        ("leading comma", format!("[,{}]", f(0))),
        ("cut short", format!("{{\"Findings\":[{}, {}", f(0), f(1))),
        ("cut short in a string", format!("{{\"Findings\":[{}, {{\"type\":\"abc", f(0))),
        ("cut short after an escape", "[\"abc\\".into()),
        ("mismatched brackets", format!("[{}}}]", f(0))),
        ("scalar at top", "42".into()),
        ("scalars back to back", "1 2 \"x\"".into()),
        ("number glued to text", "12x".into()),
        ("string at top", "\"}{\"".into()),
        ("unicode whitespace before", format!("\u{a0}{}", f(0))),
        ("unicode whitespace after", format!("{}\u{2028}", f(0))),
        ("non-breaking space between", format!("{}\n\u{a0}\n{}", f(0), f(1))),
        ("deep inside Findings (125)", format!("{{\"Findings\":[{}{}]}}", "[".repeat(125), "]".repeat(125))),
        ("deep inside Findings (126)", format!("{{\"Findings\":[{}{}]}}", "[".repeat(126), "]".repeat(126))),
        ("deep in an array (126)", format!("[{}{}]", "[".repeat(126), "]".repeat(126))),
        ("deep in an array (127)", format!("[{}{}]", "[".repeat(127), "]".repeat(127))),
        ("too deep", "[".repeat(200) + &"]".repeat(200)),
        (
            "eventbridge events in an array",
            format!(
                r#"[{{"detail-type":"GuardDuty Finding","id":"e1","detail":{}}},{{"detail-type":"Other","id":"e2"}}]"#,
                f(0)
            ),
        ),
        ("bom only", "\u{feff}".into()),
        ("bom and findings", format!("\u{feff}{}", findings_doc("Findings", 3))),
    ];
    for (name, text) in cases {
        assert_same(name, text.as_bytes());
    }
}

#[test]
fn edge_cases_read_as_expected() {
    // Not only the same as `read`: what `read` gives here is pinned, so a shared mistake shows.
    let l = assert_same(
        "pretty error",
        format!("{{\n  \"Findings\": [\n    {},\n    {{\"type\": }}\n  ]\n}}", finding(0)).as_bytes(),
    );
    assert!(l.findings.is_empty());
    assert_eq!(l.problems.len(), 1);
    assert!(l.problems[0].to_string().starts_with("line 4, column 14: invalid JSON"), "{}", l.problems[0]);

    let one = finding(0).to_string();
    let l = assert_same("mid-line error", format!("{one} {{\"type\": x}}").as_bytes());
    assert_eq!(l.findings.len(), 1);
    assert_eq!((l.problems[0].line, l.problems[0].column), (Some(1), Some(one.len() + 11)));

    let l = assert_same("big", findings_doc("Findings", 300).as_bytes());
    assert_eq!(l.findings.len(), 300 - 4);
    assert_eq!(l.problems.len(), 4);
    assert_eq!(l.problems[0].item.as_deref(), Some("Findings[5]"));
    assert_eq!(l.problems[0].line, None);

    let l = assert_same("two", format!("{{\"Findings\":[]}}\n{{\"findings\":[{one}, 7]}}").as_bytes());
    assert_eq!(l.notes, ["line 1: the response holds no findings (`Findings` is empty)"]);
    assert_eq!(l.problems[0].to_string(), "line 2, findings[1]: the number 7, not a GuardDuty finding");

    let l = assert_same("lines", format!("{one}\n{{\"type\": \n{one}\n").as_bytes());
    assert_eq!(l.findings.len(), 2);
    assert_eq!(l.problems[0].line, Some(2));

    let l = assert_same("CRLF lines", format!("{one}\r\n{{\"a\":\r\n{one}\r\n").as_bytes());
    assert_eq!((l.problems[0].line, l.problems[0].column), (Some(2), Some(5)), "{}", l.problems[0]);

    let l = assert_same("invalid utf-8 after a bom", b"\xEF\xBB\xBF\n\n\xC3\x28");
    assert!(l.problems[0].message.contains("byte 6 (line 3)"), "{}", l.problems[0]);
}

#[test]
fn big_response_gzip_and_utf16() {
    let doc = format!("{{\"Findings\":[{}]}}", (0..5000).map(compact).collect::<Vec<_>>().join(","));
    let l = assert_same("5,000 findings", doc.as_bytes());
    assert_eq!(l.findings.len(), 5000 - 52);
    assert_eq!(l.problems[51].item.as_deref(), Some("Findings[4952]"));
    assert_eq!(l.findings[4900 - 51].id.as_deref(), Some("c4900"));
    let l = assert_same("5,000 findings, gzip", &gz(doc.as_bytes()));
    assert!(l.gzipped);
    assert_eq!(l.findings.len(), 5000 - 52);
    let lines: String = (0..1000).map(|i| compact(i) + "\n").collect();
    let (a, b) = lines.as_bytes().split_at(lines.len() / 2);
    let l = assert_same("1,000 lines, gzip in two members (cut mid-line)", &[gz(a), gz(b)].concat());
    assert_eq!(l.findings.len(), 1000 - 11);
    let small = findings_doc("findings", 20);
    assert_same("utf-16 le", &utf16(&small, true));
    assert_same("utf-16 be", &utf16(&small, false));
    assert_same("utf-16 odd", &utf16(&small, true)[..41]);
}

#[test]
fn bad_bytes() {
    let bomb = gz(&vec![b' '; 20 * 1024 * 1024]);
    let l = assert_same("gzip bomb", &bomb);
    assert!(l.problems[0].message.contains("expands to more than"), "{}", l.problems[0]);
    assert!(!l.gzipped);
    let mut damaged = gz(findings_doc("Findings", 50).as_bytes());
    damaged.truncate(damaged.len() - 20);
    assert_same("damaged gzip", &damaged);
    assert_same("gzip in gzip", &gz(&gz(b"{}")));
    assert_same("parquet", b"PAR1\x15\x00\x15\x04\x15\x10");
    assert_same("zip", b"PK\x03\x04rest");
    assert_same("nul bytes", b"{\"a\": \0}");
    let doc = findings_doc("Findings", 3);
    for (name, bad) in [
        ("invalid utf-8 mid-text", [doc.as_bytes(), b"\n\xff\n", doc.as_bytes()].concat()),
        ("invalid utf-8 after a bom", [b"\xEF\xBB\xBF".as_slice(), b"\n\n\xC3\x28"].concat()),
        ("cut utf-8 at the end", [doc.as_bytes(), b"\xE2\x82"].concat()),
        ("cut utf-8 before text", [b"[\"\xE2\x82".as_slice(), b"abc\"]"].concat()),
        ("multibyte everywhere", "[\"é€𝄞\", \"é€𝄞\"]".repeat(3).into_bytes()),
    ] {
        assert_same(name, &bad);
    }
}

/// A `{"Findings":[…]}` document of about `size` bytes and its largest finding.
fn response_of_size(size: usize) -> (Vec<u8>, usize) {
    let mut out = String::from("{\"Findings\":[");
    let mut largest = 0;
    let mut i = 0;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let item = finding(i).to_string();
        largest = largest.max(item.len());
        out.push_str(&item);
        i += 1;
    }
    out.push_str("]}");
    (out.into_bytes(), largest)
}

#[test]
fn steps_stay_within_budget() {
    let (doc, largest) = response_of_size(20 << 20);
    let budget = 64 * 1024;
    let mut reader = Incremental::new(doc.clone());
    let mut steps = 0usize;
    let mut worst = 0;
    let mut last = 0.0;
    loop {
        let done = reader.step(budget);
        steps += 1;
        let did = reader.last_step_bytes();
        assert!(did <= budget + largest, "step {steps} did {did} bytes; budget {budget} + largest finding {largest}");
        worst = worst.max(did);
        let p = reader.progress();
        assert!(p >= last && p <= 1.0, "progress went from {last} to {p}");
        last = p;
        if done {
            break;
        }
    }
    assert_eq!(last, 1.0);
    // Decoding, looking for a second line, scanning and parsing: each byte is worked on about 4
    // times, a budget per step.
    assert!(steps > 3 * doc.len() / budget, "{steps} steps");
    let loaded = reader.finish();
    let n = loaded.findings.len() + loaded.problems.len();
    assert!(n > 20_000, "{n} items");
    assert!(loaded.problems.iter().all(|p| p.item.as_deref().is_some_and(|i| i.starts_with("Findings["))));
    eprintln!("20 MB response: {steps} steps, the largest {worst} bytes (budget {budget}, largest finding {largest})");
}

// The random texts are in their own file to keep this one short; a crate root finds its modules
// next to itself, hence the path.
#[path = "incremental/random_texts.rs"]
mod random_texts;
