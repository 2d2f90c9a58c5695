//! The JSON Lines phase (the S3 export): each line is an item, parsed and unwrapped by itself, so a
//! bad line costs only that line.

use serde_json::{Deserializer, Value};

use super::scan::find_newline;
use super::syntax::json_problem;
use super::unwrap::unwrap_top;
use super::{Loaded, Problem};

/// Where the JSON Lines phase is.
#[derive(Default)]
pub(super) struct Lines {
    /// Start of the current line.
    pub(super) pos: usize,
    /// Searched for its end up to here.
    scan: usize,
    /// 0-based number of the current line.
    index: usize,
}

impl Lines {
    pub(super) fn act(
        &mut self,
        text: &str,
        limit: usize,
        syntax: &mut Vec<Problem>,
        loaded: &mut Loaded,
    ) -> (usize, bool) {
        let t = text.as_bytes();
        if self.pos >= t.len() {
            return (0, true);
        }
        let (scanned, line) = match find_newline(t, self.scan, limit) {
            Ok(nl) => {
                // As `str::lines`: a `\r` before the `\n` is not part of the line.
                let line = &text[self.pos..nl];
                let scanned = nl + 1 - self.scan;
                self.pos = nl + 1;
                (scanned, line.strip_suffix('\r').unwrap_or(line))
            }
            Err(to) if to >= t.len() => {
                let line = &text[self.pos..];
                let scanned = to - self.scan;
                self.pos = t.len();
                (scanned, line)
            }
            Err(to) => {
                let scanned = to - self.scan;
                self.scan = to;
                return (scanned, false);
            }
        };
        self.scan = self.pos;
        read_line(line, self.index, syntax, loaded);
        self.index += 1;
        (scanned + line.len(), self.pos >= t.len())
    }
}

/// Line `i` (0-based) of JSON Lines, as `str::lines` gives it: its values, or a problem for the
/// first that is not JSON (the rest of that line is skipped).
fn read_line(line: &str, i: usize, syntax: &mut Vec<Problem>, loaded: &mut Loaded) {
    if line.trim().is_empty() {
        return;
    }
    // A line may itself hold several values back to back.
    for value in Deserializer::from_str(line).into_iter::<Value>() {
        match value {
            Ok(value) => unwrap_top(value, Some(i + 1), loaded),
            Err(e) => {
                syntax.push(json_problem(&e, i));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::read;

    #[test]
    fn a_bad_line_costs_only_that_line() {
        // Syntax problems come first; each good line's value (not a finding here) has its line.
        let p = read(b"{\"a\":1}\n{\"b\":\n{\"c\":3}\n").problems;
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(2), Some(1), Some(3)]);
        assert!(p[0].message.contains("ends too early"), "{}", p[0]);
    }
}
