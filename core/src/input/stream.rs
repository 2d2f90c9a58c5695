//! The stream phase: one top-level value after another (a document, or values back to back as
//! Firehose writes them), as serde_json's stream reads them. A top-level array or findings response
//! is handed to the splitter ([`super::split`]) to be read an item at a time; anything else, and
//! anything the splitter gives up on, is parsed whole from where it starts, so that a syntax error
//! is reported where serde_json finds it in the whole text.

use serde_json::Value;

use super::room::Room;
use super::scan::{skip_ws, LineCursor};
use super::split::{Outcome, Split};
use super::syntax::{empty_input, json_problem};
use super::unwrap::{unwrap, Batch, Where};
use super::{Loaded, Problem};

/// Top-level values one after another.
pub(super) struct Stream {
    /// Where the next value (or whitespace before it) starts.
    pub(super) pos: usize,
    several: bool,
    /// Values read so far.
    pieces: usize,
    /// What the first value yielded, held back: a value that stands alone gets no line.
    pending: Option<(Batch, Option<usize>)>,
    lines: LineCursor,
    pub(super) current: Current,
    /// Where a top-level value is (it holds the reader's size bound).
    root: Where,
}

pub(super) enum Current {
    /// Between values.
    Between,
    /// A value read whole, starting at `start`.
    Whole { start: usize, line: Option<usize> },
    /// A top-level array or object read an item at a time.
    Split(Box<Split>),
}

impl Stream {
    pub(super) fn new(several: bool, room: &Room) -> Stream {
        Stream {
            pos: 0,
            several,
            pieces: 0,
            pending: None,
            lines: LineCursor::default(),
            current: Current::Between,
            root: Where::root(room),
        }
    }

    pub(super) fn position(&self) -> usize {
        match &self.current {
            Current::Split(s) => s.pos,
            _ => self.pos,
        }
    }

    pub(super) fn act(
        &mut self,
        text: &str,
        limit: usize,
        syntax: &mut Vec<Problem>,
        loaded: &mut Loaded,
    ) -> (usize, bool) {
        let t = text.as_bytes();
        match &mut self.current {
            Current::Between => {
                let i = skip_ws(t, self.pos, limit);
                let work = i - self.pos;
                self.pos = i;
                if i >= t.len() {
                    self.end(syntax, loaded);
                    return (work, true);
                }
                if work >= limit {
                    return (work, false);
                }
                let line = self.several.then(|| self.lines.at(t, i).0);
                self.current = match t[i] {
                    b'[' | b'{' => Current::Split(Box::new(Split::new(i, t[i] == b'{', line, &self.root.room))),
                    _ => Current::Whole { start: i, line },
                };
                (work + 1, false)
            }
            Current::Whole { start, line } => {
                let (start, line) = (*start, *line);
                let mut values = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
                match values.next() {
                    Some(Ok(value)) => {
                        let end = start + values.byte_offset();
                        let mut out = Batch::default();
                        unwrap(value, &self.root, &mut out);
                        self.read_one(out, line, loaded);
                        self.pos = end;
                        self.current = Current::Between;
                        (end - start, false)
                    }
                    Some(Err(e)) => {
                        // Positions within the whole text, not within the value (serde_json counts from `start`).
                        let (at_line, at_column) = self.lines.at(t, start);
                        let mut problem = json_problem(&e, at_line - 1);
                        if e.line() == 1 {
                            problem.column = problem.column.map(|c| c + at_column);
                        }
                        syntax.push(problem);
                        self.end(syntax, loaded);
                        (t.len() - start, true)
                    }
                    None => {
                        self.end(syntax, loaded);
                        (1, true)
                    }
                }
            }
            Current::Split(split) => {
                let (work, outcome) = split.act(text, limit);
                let (start, line) = (split.start, split.line);
                match outcome {
                    Outcome::Continue => {}
                    Outcome::Finished(end) => {
                        if let Current::Split(split) = std::mem::replace(&mut self.current, Current::Between) {
                            self.read_one(split.batch, line, loaded);
                        }
                        self.pos = end;
                    }
                    Outcome::Fallback => self.current = Current::Whole { start, line },
                }
                (work, false)
            }
        }
    }

    /// A value read: the first is held back until it is known whether another follows.
    fn read_one(&mut self, out: Batch, line: Option<usize>, loaded: &mut Loaded) {
        self.pieces += 1;
        if self.pieces == 1 {
            self.pending = Some((out, line));
            return;
        }
        if let Some((first, first_line)) = self.pending.take() {
            first.commit(first_line, loaded);
        }
        out.commit(line, loaded);
    }

    fn end(&mut self, syntax: &mut Vec<Problem>, loaded: &mut Loaded) {
        // A lone document needs no line to say where its items are.
        if let Some((first, _)) = self.pending.take() {
            first.commit(None, loaded);
        }
        if self.pieces == 0 && syntax.is_empty() {
            syntax.push(empty_input());
        }
        self.current = Current::Between;
    }
}
#[cfg(test)]
mod tests {
    use crate::input::{read, Problem};

    /// The problems `read` gives for `text`; `{"a":1}` and the like are values but not findings,
    /// so each value read shows as one problem, with its line.
    fn problems(text: &str) -> Vec<Problem> {
        read(text.as_bytes()).problems
    }

    #[test]
    fn one_document_has_no_line() {
        let p = problems("{\n \"a\": 1\n}\n");
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [None]);
    }

    #[test]
    fn back_to_back_values_have_their_lines() {
        let p = problems("{\"a\":1}\n\n  {\"b\":2}{\"c\":3}\r\n\t[4]");
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(1), Some(3), Some(3), Some(4)]);
        assert_eq!(problems("{\"a\":1}{\"b\":2}{\"c\":3}").len(), 3);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let p = problems("{\"type\": \"X\",\n  \"id\": }");
        assert_eq!((p[0].line, p[0].column), (Some(2), Some(9)));
        assert!(p[0].to_string().starts_with("line 2, column 9: invalid JSON"), "{}", p[0]);
    }

    #[test]
    fn cut_short_too_deep_or_empty() {
        assert!(problems("{\"type\": \"X\"")[0].message.contains("ends too early"));
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(problems(&deep)[0].message.contains("nested more than 128"));
        assert!(problems("  \n ")[0].message.contains("empty"));
    }
}
