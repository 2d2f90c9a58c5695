//! Byte-level scanning for the incremental reader: where items, lines and values end, found without
//! building anything. Validity is not checked here: every item found is parsed by serde_json, and
//! the reader goes back to parsing the whole value whenever something does not add up.

/// JSON whitespace (what serde_json skips between tokens).
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// The end of a run of JSON whitespace from `pos`, looking at no more than `limit` bytes.
pub fn skip_ws(t: &[u8], pos: usize, limit: usize) -> usize {
    let end = pos.saturating_add(limit).min(t.len());
    let mut i = pos;
    while i < end && is_ws(t[i]) {
        i += 1;
    }
    i
}

/// The next `\n` from `pos`, looking at no more than `limit` bytes: `Ok(index)`, or `Err(end)` for
/// where the search stopped (the end of the text, or `pos + limit`).
pub fn find_newline(t: &[u8], pos: usize, limit: usize) -> Result<usize, usize> {
    let end = pos.saturating_add(limit).min(t.len());
    let mut i = pos;
    while i < end {
        // `contains` on bytes is memchr, a word at a time; most chunks hold no newline.
        let j = i.saturating_add(512).min(end);
        let chunk = &t[i..j];
        if chunk.contains(&b'\n') {
            return Ok(i + chunk.iter().position(|&b| b == b'\n').unwrap_or(0));
        }
        i = j;
    }
    Err(end)
}

/// Line numbers of byte offsets, counted forward as the reader goes.
#[derive(Default)]
pub struct LineCursor {
    pos: usize,
    /// `\n` bytes before `pos`.
    newlines: usize,
    /// Offset of the first byte of the line `pos` is on.
    line_start: usize,
}

impl LineCursor {
    /// The 1-based line of offset `to`, and its 0-based column in bytes (as serde_json counts).
    pub fn at(&mut self, t: &[u8], to: usize) -> (usize, usize) {
        if to < self.pos {
            *self = LineCursor::default();
        }
        let seg = &t[self.pos..to];
        let n = seg.iter().filter(|&&b| b == b'\n').count();
        if n > 0 {
            self.newlines += n;
            self.line_start = self.pos + seg.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        }
        self.pos = to;
        (self.newlines + 1, to - self.line_start)
    }
}

/// How far an [`ItemScan`] got.
#[derive(Debug, PartialEq, Eq)]
pub enum Scanned {
    /// The budget ran out inside the item.
    More,
    /// The item ends before this offset.
    Done(usize),
    /// The text ends inside the item, or the item nests deeper than allowed.
    Bad,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An object or an array: ends where its nesting closes.
    Nested,
    /// A string: ends at its closing quote.
    Text,
    /// A number, `true`, `false`, `null` (or garbage): ends at whitespace or punctuation.
    Scalar,
}

/// Finds where one JSON value ends, a budget of bytes at a time: tracks strings, escapes and nesting.
#[derive(Debug)]
pub struct ItemScan {
    pub start: usize,
    pos: usize,
    kind: Kind,
    depth: usize,
    max_depth: usize,
    in_str: bool,
}

impl ItemScan {
    /// An item whose first byte, at `start`, is `first`; objects and arrays inside it may nest at
    /// most `max_depth` deep (itself included).
    pub fn new(start: usize, first: u8, max_depth: usize) -> ItemScan {
        let kind = match first {
            b'{' | b'[' => Kind::Nested,
            b'"' => Kind::Text,
            _ => Kind::Scalar,
        };
        ItemScan { start, pos: start, kind, depth: 0, max_depth, in_str: false }
    }

    /// How far the scan has got.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Scans at most about `limit` more bytes (an escape at the limit is finished).
    pub fn advance(&mut self, t: &[u8], limit: usize) -> Scanned {
        let end = self.pos.saturating_add(limit).min(t.len());
        let mut i = self.pos;
        if self.kind == Kind::Scalar {
            while i < end {
                if matches!(t[i], b' ' | b'\n' | b'\t' | b'\r' | b',' | b']' | b'}' | b'[' | b'{' | b'"' | b':') {
                    self.pos = i;
                    return Scanned::Done(i);
                }
                i += 1;
            }
            self.pos = i;
            return if i >= t.len() { Scanned::Done(i) } else { Scanned::More };
        }
        while i < end {
            if self.in_str {
                // Inside a string only `\` and `"` matter: skip to the next of them.
                match t[i..end].iter().position(|&b| b == b'"' || b == b'\\') {
                    None => i = end,
                    Some(k) => {
                        i += k;
                        if t[i] == b'\\' {
                            i += 2;
                        } else {
                            self.in_str = false;
                            i += 1;
                            if self.kind == Kind::Text {
                                self.pos = i;
                                return Scanned::Done(i);
                            }
                        }
                    }
                }
                continue;
            }
            match t[i] {
                b'"' => self.in_str = true,
                b'{' | b'[' if self.kind == Kind::Nested => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        self.pos = i;
                        return Scanned::Bad;
                    }
                }
                b'}' | b']' if self.kind == Kind::Nested => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.pos = i + 1;
                        return Scanned::Done(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = i.min(t.len());
        if i >= t.len() {
            Scanned::Bad
        } else {
            Scanned::More
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `text` from its first byte with the given budget per call.
    fn end_of(text: &str, budget: usize) -> Scanned {
        let t = text.as_bytes();
        let mut s = ItemScan::new(0, t[0], 10);
        loop {
            match s.advance(t, budget) {
                Scanned::More => continue,
                other => return other,
            }
        }
    }

    #[test]
    fn items_end_where_json_says() {
        let cases = [
            (r#"{"a":"}{"}, rest"#, 10),
            (r#"["[", "\"]", "\\"], x"#, 18),
            (r#""a\"b\\" , 1"#, 8),
            (r#"{"a":{"b":[1,{}]}}{"#, 18),
            ("12.5e3,", 6),
            ("true]", 4),
            ("null", 4),
        ];
        for (text, end) in cases {
            for budget in [1, 2, 3, 1000] {
                assert_eq!(end_of(text, budget), Scanned::Done(end), "{text} with budget {budget}");
            }
        }
    }

    #[test]
    fn cut_short_or_too_deep() {
        for budget in [1, 1000] {
            assert_eq!(end_of(r#"{"a":"}"#, budget), Scanned::Bad);
            assert_eq!(end_of(r#""abc\"#, budget), Scanned::Bad);
            assert_eq!(end_of(&"[".repeat(11), budget), Scanned::Bad);
        }
        assert_eq!(end_of(&format!("{}{}", "[".repeat(10), "]".repeat(10)), 1), Scanned::Done(20));
    }

    #[test]
    fn lines_and_columns() {
        let t = b"ab\ncd\n\nef";
        let mut c = LineCursor::default();
        assert_eq!(c.at(t, 1), (1, 1));
        assert_eq!(c.at(t, 4), (2, 1));
        assert_eq!(c.at(t, 8), (4, 1));
        assert_eq!(c.at(t, 0), (1, 0));
        assert_eq!(find_newline(t, 0, 100), Ok(2));
        assert_eq!(find_newline(t, 3, 1), Err(4));
        assert_eq!(find_newline(t, 7, 100), Err(9));
        assert_eq!(skip_ws(b"  \n x", 0, 100), 4);
        assert_eq!(skip_ws(b"  \n x", 0, 2), 2);
    }
}
