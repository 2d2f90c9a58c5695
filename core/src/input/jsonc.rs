//! JSON with comments (JSONC), as people paste annotated samples from docs and blogs: `//` and
//! `/* */` comments and trailing commas. Nothing else of JSON5 (no single quotes, bare keys, hex).
//!
//! The reader tries strict JSON first. Only when that meets a syntax error is the text scanned
//! ([`Scan`]) for comments and trailing commas outside strings; when there are some, a copy is made
//! ([`Blank`]) in which each is replaced by spaces of the same length (line breaks kept), and the
//! text is read again from the start, with a note naming the first one's line. Because nothing
//! moves, a syntax error that remains is reported at its line and column in the original text.
//! Both the scan and the copy go a budget of bytes at a time.

/// Finds comments and trailing commas outside strings, a budget of bytes at a time.
#[derive(Default)]
pub(super) struct Scan {
    pos: usize,
    in_str: bool,
    /// A `,` after a value, outside strings, with only whitespace and comments after it so far.
    comma: Option<usize>,
    /// The last token outside whitespace and comments ended a value (so a `,` after it may be a
    /// trailing one; `[,]` and `[1,,]` stay errors where JSON has them).
    after_value: bool,
    /// Inside a comment that started here (`//` or `/*`), when a step ended in it.
    comment: Option<(usize, bool)>,
    /// Byte ranges to blank, in the order found.
    pub(super) ranges: Vec<(usize, usize)>,
    /// The text has an unclosed `/*`: it is not JSONC either, and is left alone.
    unclosed: bool,
}

impl Scan {
    /// Scans about `limit` more bytes; returns the work done and whether the scan is finished.
    pub(super) fn act(&mut self, text: &str, limit: usize) -> (usize, bool) {
        let t = text.as_bytes();
        let from = self.pos;
        let end = self.pos.saturating_add(limit.max(2)).min(t.len());
        while self.pos < end {
            if let Some((start, block)) = self.comment {
                if !self.in_comment(t, start, block, end) {
                    break;
                }
                continue;
            }
            let i = self.pos;
            if self.in_str {
                // Inside a string only `\` and `"` matter.
                match t[i..end].iter().position(|&b| b == b'"' || b == b'\\') {
                    None => self.pos = end,
                    Some(k) if t[i + k] == b'\\' => self.pos = i + k + 2,
                    Some(k) => {
                        self.in_str = false;
                        self.after_value = true;
                        self.pos = i + k + 1;
                    }
                }
                continue;
            }
            match (t[i], t.get(i + 1)) {
                (b'"', _) => {
                    self.in_str = true;
                    self.comma = None;
                }
                (b'/', Some(b'/')) => self.comment = Some((i, false)),
                (b'/', Some(b'*')) => {
                    self.comment = Some((i, true));
                    self.pos = i + 2;
                    continue;
                }
                (b',', _) => {
                    self.comma = self.after_value.then_some(i);
                    self.after_value = false;
                }
                (b'}' | b']', _) => {
                    if let Some(c) = self.comma.take() {
                        self.ranges.push((c, c + 1));
                    }
                    self.after_value = true;
                }
                (b' ' | b'\n' | b'\r' | b'\t', _) => {}
                (b'[' | b'{' | b':', _) => {
                    self.comma = None;
                    self.after_value = false;
                }
                _ => {
                    self.comma = None;
                    self.after_value = true;
                }
            }
            self.pos = i + 1;
        }
        let done = self.pos >= t.len() || self.unclosed;
        if done {
            if let Some((_, true)) = self.comment {
                self.unclosed = true;
            } else if let Some((start, false)) = self.comment.take() {
                self.ranges.push((start, t.len()));
            }
            if self.unclosed {
                self.ranges.clear();
            }
        }
        (self.pos.saturating_sub(from).max(1), done)
    }

    /// Looks for the end of the comment up to `end`; false when the step should stop here.
    fn in_comment(&mut self, t: &[u8], start: usize, block: bool, end: usize) -> bool {
        let rest = &t[self.pos..end];
        let close = if block {
            rest.windows(2).position(|w| w == b"*/").map(|k| self.pos + k + 2)
        } else {
            rest.iter().position(|&b| b == b'\n').map(|k| self.pos + k)
        };
        match close {
            Some(stop) => {
                self.ranges.push((start, stop));
                self.comment = None;
                self.pos = stop;
                true
            }
            // A `*/` may straddle the step's end: look at its last byte again next step.
            None if block && end < t.len() => {
                self.pos = (end - 1).max(self.pos + 1);
                false
            }
            None => {
                self.pos = end;
                true
            }
        }
    }

    /// Whether there is anything to blank.
    pub(super) fn found(&self) -> bool {
        !self.ranges.is_empty()
    }

    /// The note for the load summary: what was done, and the first one's line.
    pub(super) fn note(&self, text: &str) -> String {
        let first = self.ranges.iter().map(|r| r.0).min().unwrap_or(0);
        let line = text.as_bytes()[..first.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
        let comments = self.ranges.iter().any(|&(a, b)| b - a > 1 || text.as_bytes().get(a) == Some(&b'/'));
        let commas = self.ranges.iter().any(|&(a, b)| b - a == 1 && text.as_bytes().get(a) == Some(&b','));
        let what = match (comments, commas) {
            (true, true) => "comments and trailing commas",
            (true, false) => "comments",
            _ => "trailing commas",
        };
        format!(
            "line {line}: the text has {what} (JSON with comments, JSONC), which JSON does not allow; they were ignored (the first is on this line) and the rest was read as JSON"
        )
    }
}

/// Makes the copy with every range blanked, a budget of bytes at a time.
pub(super) struct Blank {
    ranges: Vec<(usize, usize)>,
    next: usize,
    pos: usize,
    out: String,
}

impl Blank {
    pub(super) fn new(mut ranges: Vec<(usize, usize)>, len: usize) -> Blank {
        ranges.sort_unstable();
        Blank { ranges, next: 0, pos: 0, out: String::with_capacity(len) }
    }

    /// Copies about `limit` more bytes; returns the work done and, once finished, the copy.
    pub(super) fn act(&mut self, text: &str, limit: usize) -> (usize, Option<String>) {
        let from = self.pos;
        let budget_end = self.pos.saturating_add(limit.max(4)).min(text.len());
        while self.pos < budget_end {
            match self.ranges.get(self.next).copied() {
                Some((a, b)) if a <= self.pos => {
                    let stop = b.min(budget_end).max(self.pos);
                    // Comments are cut at ASCII bytes, so every byte of them is blanked alike and
                    // the copy stays valid UTF-8 (and keeps every offset).
                    for &c in &text.as_bytes()[self.pos..stop] {
                        self.out.push(if c == b'\n' || c == b'\r' { char::from(c) } else { ' ' });
                    }
                    self.pos = stop;
                    if stop >= b {
                        self.next += 1;
                    }
                }
                next => {
                    let mut stop = next.map_or(budget_end, |(a, _)| a.min(budget_end));
                    while !text.is_char_boundary(stop) {
                        stop += 1;
                    }
                    self.out.push_str(&text[self.pos..stop]);
                    self.pos = stop;
                }
            }
        }
        let work = (self.pos - from).max(1);
        if self.pos >= text.len() {
            return (work, Some(std::mem::take(&mut self.out)));
        }
        (work, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans and blanks `text` with `budget` per step.
    fn cleaned(text: &str, budget: usize) -> Option<String> {
        let mut scan = Scan::default();
        while !scan.act(text, budget).1 {}
        if !scan.found() {
            return None;
        }
        let mut blank = Blank::new(scan.ranges, text.len());
        loop {
            if let (_, Some(out)) = blank.act(text, budget) {
                return Some(out);
            }
        }
    }

    #[test]
    fn comments_and_trailing_commas_become_spaces() {
        let text = "{\n  // note é\n  \"a\": \"// not /* a comment */\", /* x\n y */ \"b\": [1, 2,],\n}";
        let want = "{\n            \n  \"a\": \"// not /* a comment */\",     \n      \"b\": [1, 2 ] \n}";
        for budget in [1, 2, 3, 7, 1000] {
            assert_eq!(cleaned(text, budget).as_deref(), Some(want), "budget {budget}");
        }
        let v: serde_json::Value = serde_json::from_str(want).expect("valid JSON");
        assert_eq!(v["b"], serde_json::json!([1, 2]));
    }

    #[test]
    fn plain_json_and_unclosed_comments_are_left_alone() {
        assert_eq!(cleaned(r#"{"a": "x,]", "b": [1, 2]}"#, 3), None);
        assert_eq!(cleaned("{\"a\": 1 /* never closed }", 3), None);
        assert_eq!(cleaned("[1,,]", 3), None, "only a comma after a value is a trailing one");
        assert_eq!(cleaned("[,]", 3), None);
        assert_eq!(cleaned("[1, 2] // last line", 3).as_deref(), Some("[1, 2]             "));
    }

    #[test]
    fn the_note_names_the_first_line() {
        let text = "{\n\"a\": 1,\n}\n// end";
        let mut scan = Scan::default();
        while !scan.act(text, 5).1 {}
        assert!(
            scan.note(text).starts_with("line 2: the text has comments and trailing commas"),
            "{}",
            scan.note(text)
        );
    }
}
