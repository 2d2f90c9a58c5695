//! Random texts made of JSON-ish fragments: the same whatever the budget, and the syntax error
//! where serde_json finds it (in the text as JSONC reading leaves it: trailing commas blanked).

use findlens_core::input::Loaded;
use serde_json::Value;

use super::{stepped, summary};

/// Random texts made of JSON-ish fragments (valid or not) read the same both ways, and a text on one
/// line has the syntax error serde_json finds reading it whole, where serde_json finds it.
#[test]
fn random_texts() {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\"",
        "\\",
        "\\\"",
        "\"x\"",
        "1",
        "-2.5e3",
        "true",
        "null",
        "tru",
        "\"Findings\"",
        "\"findings\"",
        "\"type\"",
        "\"TYPE\"",
        "\"detail\"",
        "\"detail-type\"",
        "\"Recon:EC2/Portscan\"",
        "\"GuardDuty Finding\"",
        "\"é\"",
        "}{",
        "[]",
        "{}",
        r#"{"type":"Recon:EC2/Portscan","id":"a"}"#,
        r#"{"Findings":["#,
        r#"{"findings":[]}"#,
        "\"a\":",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let finding = r#"{"type":"Recon:EC2/Portscan","id":"f"}"#;
    let mut one_line = 0;
    for case in 0..3000 {
        let mut text = String::new();
        // Mostly near-valid shapes with a fragment or two thrown in, sometimes pure noise.
        match next(4) {
            0 => {
                for _ in 0..next(30) {
                    text.push_str(PIECES[next(PIECES.len())]);
                }
            }
            shape => {
                let items: Vec<String> = (0..next(5))
                    .map(|_| if next(3) == 0 { PIECES[next(PIECES.len())].to_owned() } else { finding.to_owned() })
                    .collect();
                let sep = [",", ", ", ",\n", ",\r\n "][next(4)];
                let list = format!("[{}]", items.join(sep));
                text = match shape {
                    1 => format!(
                        "{{\"{}\":{list}{}}}",
                        ["Findings", "findings"][next(2)],
                        [
                            "",
                            ",\"x\":1",
                            ",\"type\":\"a\"",
                            ",\"Type\":\"Recon:EC2/Portscan\"",
                            ",\"detail\":{}",
                            ",\"detail\":{\"type\":\"Recon:EC2/Portscan\"}",
                            ",\"detail-type\":\"GuardDuty Finding\",\"detail\":{}",
                            ",\"findings\":[]",
                        ][next(8)]
                    ),
                    2 => list,
                    _ => items.join(["\n", "", " ", "\r\n"][next(4)]),
                };
                let at = next(text.len() + 1);
                if next(3) == 0 && text.is_char_boundary(at) {
                    text.insert_str(at, PIECES[next(PIECES.len())]);
                }
                if next(4) == 0 {
                    text.push_str(PIECES[next(PIECES.len())]);
                }
            }
        }
        let want = findlens_core::read(text.as_bytes());
        for budget in [1, 3, 16, usize::MAX] {
            let (got, _) = stepped(text.as_bytes(), budget);
            assert_eq!(summary(&got), summary(&want), "case {case}, budget {budget}: {text:?}");
        }
        if !text.contains('\n') {
            one_line += 1;
            // A text that is not JSON is read again with its trailing commas blanked (JSONC), in place.
            let expected = if serde_json_error_at(&text).is_empty() {
                Vec::new()
            } else {
                serde_json_error_at(&without_trailing_commas(&text))
            };
            assert_eq!(syntax_at(&want), expected, "case {case}: {text:?}");
        }
    }
    assert!(one_line > 500, "only {one_line} texts on one line");
}

/// Where the syntax problems `read` gave are (only syntax problems have a column).
fn syntax_at(l: &Loaded) -> Vec<(Option<usize>, Option<usize>)> {
    l.problems.iter().filter(|p| p.column.is_some()).map(|p| (p.line, p.column)).collect()
}

/// Where serde_json, reading the whole text as values back to back, finds the first error.
fn serde_json_error_at(text: &str) -> Vec<(Option<usize>, Option<usize>)> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .find_map(Result::err)
        .map(|e| (Some(e.line()), Some(e.column())))
        .into_iter()
        .collect()
}

/// `text` with every trailing comma (a `,` after a value, before `]` or `}` with only JSON
/// whitespace between) replaced by a space, as JSONC reading does. The pieces hold no `/`, so there
/// are no comments to blank.
fn without_trailing_commas(text: &str) -> String {
    let mut out: Vec<char> = text.chars().collect();
    let (mut in_str, mut escaped) = (false, false);
    let mut last: Option<char> = None;
    let mut comma: Option<usize> = None;
    for i in 0..out.len() {
        let c = out[i];
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    in_str = false;
                    last = Some('"');
                }
                _ => {}
            }
            continue;
        }
        match c {
            ' ' | '\n' | '\r' | '\t' => continue,
            ',' => comma = last.filter(|l| !matches!(l, ',' | '[' | '{' | ':')).map(|_| i),
            ']' | '}' => {
                if let Some(at) = comma.take() {
                    out[at] = ' ';
                }
            }
            '"' => {
                in_str = true;
                comma = None;
            }
            _ => comma = None,
        }
        last = Some(c);
    }
    out.into_iter().collect()
}
