//! The JSON Lines phase (the S3 export): each line is an item, parsed and unwrapped by itself, so a
//! bad line costs only that line. CloudWatch Logs exports are lines too, each a timestamp and then
//! the logged JSON (`2024-01-01T00:00:00.000Z {…}`): when the first line is one, the timestamps are
//! set aside and the findings' delivery chain starts with CloudWatch Logs.

use serde_json::{Deserializer, Value};

use super::room::Room;
use super::scan::find_newline;
use super::syntax::json_problem;
use super::unwrap::{unwrap_top, Where};
use super::{Loaded, Problem};

/// Where the JSON Lines phase is.
pub(super) struct Lines {
    /// Start of the current line.
    pub(super) pos: usize,
    /// Searched for its end up to here.
    scan: usize,
    /// 0-based number of the current line.
    index: usize,
    /// Lines start with a timestamp (a CloudWatch Logs export).
    stamped: bool,
    /// Where a line's value is: the root, inside CloudWatch Logs when the lines are stamped.
    root: Where,
}

impl Lines {
    pub(super) fn new(stamped: bool, room: &Room) -> Lines {
        let root = Where::root(room);
        let root = if stamped { root.via("CloudWatch Logs") } else { root };
        Lines { pos: 0, scan: 0, index: 0, stamped, root }
    }

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
        let (skip, line) = match if self.stamped { stamp_len(line) } else { None } {
            Some(n) => (n, &line[n..]),
            None => (0, line),
        };
        read_line(line, self.index, skip, &self.root, syntax, loaded);
        self.index += 1;
        (scanned + line.len() + skip, self.pos >= t.len())
    }
}

/// Line `i` (0-based) of JSON Lines, as `str::lines` gives it, less the first `skip` bytes (a
/// timestamp): its values, or a problem for the first that is not JSON (the rest of that line is
/// skipped).
fn read_line(line: &str, i: usize, skip: usize, root: &Where, syntax: &mut Vec<Problem>, loaded: &mut Loaded) {
    if line.trim().is_empty() {
        return;
    }
    // A line may itself hold several values back to back.
    for value in Deserializer::from_str(line).into_iter::<Value>() {
        match value {
            Ok(value) => unwrap_top(value, root, Some(i + 1), loaded),
            Err(e) => {
                let mut problem = json_problem(&e, i);
                // The column in the whole line, timestamp included.
                problem.column = problem.column.map(|c| c + skip);
                syntax.push(problem);
                break;
            }
        }
    }
}

/// When `whole` is a CloudWatch Logs export line (an ISO 8601 timestamp, whitespace, then a JSON
/// object or array), the length of the timestamp and the whitespace around it.
pub(super) fn stamp_len(whole: &str) -> Option<usize> {
    let line = whole.trim_start_matches([' ', '\t']);
    // A timestamp is short: only the start of a (possibly huge) line is looked at.
    let stamp_end = line.bytes().take(48).position(|b| b == b' ' || b == b'\t')?;
    let stamp = &line.as_bytes()[..stamp_end];
    let shaped = stamp.len() >= 11
        && stamp[..4].iter().all(u8::is_ascii_digit)
        && stamp[4] == b'-'
        && stamp[7] == b'-'
        && stamp[10] == b'T'
        && stamp.iter().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'+' | b'T' | b'Z'));
    if !shaped {
        return None;
    }
    let rest = &line[stamp_end..];
    let json = rest.trim_start_matches([' ', '\t']);
    (json.starts_with('{') || json.starts_with('[')).then(|| whole.len() - json.len())
}

#[cfg(test)]
mod tests {
    use crate::input::read;

    #[test]
    fn export_line_timestamps() {
        use super::stamp_len;
        assert_eq!(stamp_len("2024-01-01T00:00:00.000Z {\"a\":1}"), Some(25));
        assert_eq!(stamp_len("2024-01-01T00:00:00+02:00\t\t[1]"), Some(27));
        assert_eq!(stamp_len("2024-01-01 {}"), None);
        assert_eq!(stamp_len("2024-01-01T00:00:00Z hello"), None);
        assert_eq!(stamp_len("{\"a\": 1} {}"), None);
    }

    #[test]
    fn a_bad_line_costs_only_that_line() {
        // Syntax problems come first; each good line's value (not a finding here) has its line.
        let p = read(b"{\"a\":1}\n{\"b\":\n{\"c\":3}\n").problems;
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(2), Some(1), Some(3)]);
        assert!(p[0].message.contains("ends too early"), "{}", p[0]);
    }
}
