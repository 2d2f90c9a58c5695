//! Text → JSON values. One document, JSON Lines (the S3 export), or values back to back with no
//! separator (`}{`, as Firehose writes them). A bad line in JSON Lines costs only that line.

use serde_json::{Deserializer, Value};

use super::scan::{skip_ws, LineCursor};
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
    // Lines are counted forward from value to value (counting from the start each time is
    // quadratic: minutes for 50 MB of Firehose records).
    let mut lines = LineCursor::default();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                // The value starts after the whitespace that follows the previous one.
                let line = several.then(|| lines.at(text.as_bytes(), skip_ws(text.as_bytes(), start, usize::MAX)).0);
                pieces.push(Piece { value, line });
            }
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
        problems.push(empty_input());
    }
    pieces
}

/// The problem for input with nothing in it but whitespace.
pub fn empty_input() -> Problem {
    Problem::document("the input is empty: paste or open GuardDuty finding JSON")
}

/// JSON Lines: more than one non-empty line, and the first one is a whole JSON value by itself.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else { return false };
    if lines.next().is_none() {
        return false;
    }
    opens_json_lines(first)
}

/// Whether the first non-empty line (trimmed) of a text with more than one is a JSON value by itself.
pub fn opens_json_lines(first: &str) -> bool {
    (first.starts_with('{') || first.starts_with('[')) && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
}

fn split_lines(text: &str, problems: &mut Vec<Problem>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (i, line) in text.lines().enumerate() {
        split_line(line, i, &mut pieces, problems);
    }
    pieces
}

/// Line `i` (0-based) of JSON Lines, as `str::lines` gives it: its values, or a problem for the
/// first that is not JSON (the rest of that line is skipped).
pub fn split_line(line: &str, i: usize, pieces: &mut Vec<Piece>, problems: &mut Vec<Problem>) {
    let n = i + 1;
    if line.trim().is_empty() {
        return;
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
    fn back_to_back_values_have_their_lines() {
        let (p, e) = run("{\"a\":1}\n\n  {\"b\":2}{\"c\":3}\r\n\t[4]");
        assert!(e.is_empty());
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(1), Some(3), Some(3), Some(4)]);
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
