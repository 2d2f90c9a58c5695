//! What serde_json says when the text is not JSON, in the words the analyst reads.

use super::Problem;

/// The problem for input with nothing in it but whitespace.
pub fn empty_input() -> Problem {
    Problem::document("the input is empty: paste or open GuardDuty finding JSON")
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
