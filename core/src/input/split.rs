//! Text → JSON values. One document, JSON Lines (the S3 export), or values back to back with no
//! separator (`}{`, as Firehose writes them). A bad line in JSON Lines costs only that line.

use serde_json::{Deserializer, Value};

use super::Problem;

/// A top-level JSON value and where it starts.
pub struct Piece {
    pub value: Value,
    /// 1-based line where the value starts, when known cheaply.
    pub line: Option<usize>,
}

/// Splits text into values; problems carry line and column.
pub fn split(text: &str, problems: &mut Vec<Problem>) -> Vec<Piece> {
    if looks_like_json_lines(text) {
        return split_lines(text, problems);
    }
    let mut pieces = Vec::new();
    let mut stream = Deserializer::from_str(text).into_iter::<Value>();
    let several = {
        // Only a document with more than one top-level value needs per-value lines.
        let trimmed = text.trim_start();
        !(trimmed.starts_with('[') || trimmed.is_empty())
    };
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(value)) => pieces.push(Piece { value, line: several.then(|| line_of(text, start)) }),
            Some(Err(e)) => {
                problems.push(json_problem(&e, 0));
                break;
            }
        }
    }
    // A lone document needs no line to say where its items are.
    if pieces.len() == 1 {
        pieces[0].line = None;
    }
    if pieces.is_empty() && problems.is_empty() {
        problems.push(Problem::document("the input is empty: paste or open GuardDuty finding JSON"));
    }
    pieces
}

/// JSON Lines: more than one non-empty line, and the first one is a whole JSON value by itself.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else { return false };
    if lines.next().is_none() || !(first.starts_with('{') || first.starts_with('[')) {
        return false;
    }
    serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
}

fn split_lines(text: &str, problems: &mut Vec<Problem>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // A line may itself hold several values back to back.
        let mut stream = Deserializer::from_str(line).into_iter::<Value>();
        loop {
            match stream.next() {
                None => break,
                Some(Ok(value)) => pieces.push(Piece { value, line: Some(n) }),
                Some(Err(e)) => {
                    problems.push(json_problem(&e, i));
                    break;
                }
            }
        }
    }
    pieces
}

fn line_of(text: &str, byte: usize) -> usize {
    let upto = text.get(..byte).unwrap_or(text);
    // The value starts after any whitespace at `byte`.
    let ws = text.get(byte..).map_or(0, |rest| rest.len() - rest.trim_start().len());
    let upto_ws = text.get(..byte + ws).unwrap_or(upto);
    upto_ws.bytes().filter(|&b| b == b'\n').count() + 1
}

/// A JSON syntax error as the analyst should read it: what is wrong, then where.
pub fn json_problem(e: &serde_json::Error, line_offset: usize) -> Problem {
    let full = e.to_string();
    // serde_json appends " at line L column C"; we say where ourselves.
    let what = full.split(" at line ").next().unwrap_or(&full);
    let what = match e.classify() {
        serde_json::error::Category::Eof => format!("the JSON ends too early ({what}); is the text cut short?"),
        _ if what.contains("recursion limit") => {
            "the JSON is nested more than 128 levels deep; no finding is, so this is not a finding document".to_owned()
        }
        _ => format!("invalid JSON: {what}"),
    };
    Problem { line: Some(e.line() + line_offset), column: Some(e.column()), item: None, message: what }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Piece>, Vec<Problem>) {
        let mut problems = Vec::new();
        let pieces = split(text, &mut problems);
        (pieces, problems)
    }

    #[test]
    fn one_document() {
        let (p, e) = run("{\n \"a\": 1\n}\n");
        assert_eq!((p.len(), e.len()), (1, 0));
    }

    #[test]
    fn back_to_back_values() {
        let (p, e) = run("{\"a\":1}{\"b\":2}{\"c\":3}");
        assert_eq!((p.len(), e.len()), (3, 0));
    }

    #[test]
    fn json_lines_keep_good_lines() {
        let (p, e) = run("{\"a\":1}\n{\"b\":\n{\"c\":3}\n");
        assert_eq!(p.len(), 2);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(2));
        assert_eq!(p[1].line, Some(3));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let (_, e) = run("{\"type\": \"X\",\n  \"id\": }");
        assert_eq!(e[0].line, Some(2));
        assert_eq!(e[0].column, Some(9));
        assert!(e[0].to_string().starts_with("line 2, column 9: invalid JSON"), "{}", e[0]);
    }

    #[test]
    fn cut_short() {
        let (_, e) = run("{\"type\": \"X\"");
        assert!(e[0].message.contains("ends too early"), "{}", e[0]);
    }

    #[test]
    fn too_deep() {
        let text = "[".repeat(200) + &"]".repeat(200);
        let (_, e) = run(&text);
        assert!(e[0].message.contains("nested more than 128"), "{}", e[0]);
    }

    #[test]
    fn empty() {
        let (_, e) = run("  \n ");
        assert!(e[0].message.contains("empty"));
    }
}
