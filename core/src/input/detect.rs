//! The detect phase: JSON Lines (every line an item) or a run of JSON values (a document, or values
//! back to back), decided a budget of bytes at a time.

use super::lines::stamp_len;
use super::scan::find_newline;

/// What the detect phase decided.
pub(super) enum Decision {
    /// `stamped`: every line starts with a timestamp (a CloudWatch Logs export).
    Lines { stamped: bool },
    /// `several`: the text does not start with `[`, so values are given their line.
    Stream { several: bool },
}

/// JSON Lines when there is more than one non-blank line and the first is a JSON object or array by
/// itself, or when the first line is a timestamp and then JSON (a CloudWatch Logs export, even of
/// one line); otherwise a run of values. Only the first two non-blank lines are looked at.
#[derive(Default)]
pub(super) struct Detect {
    pub(super) pos: usize,
    line_start: usize,
    /// The line `pos` is in has a non-whitespace character.
    nonblank: bool,
    /// The first non-whitespace character of the text is `[`.
    starts_with_bracket: Option<bool>,
    first: Option<(usize, usize)>,
}

impl Detect {
    pub(super) fn act(&mut self, text: &str, limit: usize) -> (usize, Option<Decision>) {
        let t = text.as_bytes();
        let from = self.pos;
        let end = self.pos.saturating_add(limit).min(t.len());
        let mut extra = 0;
        while self.pos < end {
            if self.nonblank {
                match find_newline(t, self.pos, end - self.pos) {
                    Ok(nl) => {
                        let line = (self.line_start, nl);
                        self.pos = nl + 1;
                        self.line_start = self.pos;
                        self.nonblank = false;
                        if let Some(d) = self.nonblank_line(text, line, &mut extra) {
                            return (self.pos - from + extra, Some(d));
                        }
                    }
                    Err(to) => self.pos = to,
                }
                continue;
            }
            let b = t[self.pos];
            if b == b'\n' {
                self.pos += 1;
                self.line_start = self.pos;
                continue;
            }
            // `str::trim`'s whitespace: Unicode's, not just JSON's.
            let c = if b < 0x80 { char::from(b) } else { text[self.pos..].chars().next().unwrap_or('\0') };
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                self.nonblank = true;
                self.starts_with_bracket.get_or_insert(c == '[');
            }
        }
        if self.pos >= t.len() {
            // The last line has no newline after it.
            if self.nonblank && self.line_start < t.len() {
                if let Some(d) = self.nonblank_line(text, (self.line_start, t.len()), &mut extra) {
                    return (self.pos - from + extra, Some(d));
                }
            }
            return (self.pos - from, Some(self.stream()));
        }
        (self.pos - from, None)
    }

    fn stream(&self) -> Decision {
        Decision::Stream { several: self.starts_with_bracket == Some(false) }
    }

    fn nonblank_line(&mut self, text: &str, (a, b): (usize, usize), extra: &mut usize) -> Option<Decision> {
        let Some((a1, b1)) = self.first else {
            self.first = Some((a, b));
            if stamp_len(&text[a..b]).is_some() {
                return Some(Decision::Lines { stamped: true });
            }
            let first = text[a..b].trim();
            // Only a line that opens an object or array can start JSON Lines.
            return (!(first.starts_with('{') || first.starts_with('['))).then(|| self.stream());
        };
        // A second non-blank line: the first one decides.
        *extra += b1 - a1;
        Some(if opens_json_lines(text[a1..b1].trim()) { Decision::Lines { stamped: false } } else { self.stream() })
    }
}

/// Whether the first non-empty line (trimmed) of a text with more than one is a JSON value by itself.
fn opens_json_lines(first: &str) -> bool {
    (first.starts_with('{') || first.starts_with('[')) && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
}
