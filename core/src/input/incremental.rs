//! [`read`](super::read), a budget of bytes at a time, so that a page can read a 50 MB export
//! between frames and show how far it has got.
//!
//! The work goes in phases, each resumable: decode (gzip inflated a budget at a time, UTF-8 checked
//! and copied a budget at a time) → detect (JSON Lines or not, as `read` decides it) → read items.
//! In JSON Lines every line is an item. Otherwise the text is a run of top-level values: a
//! top-level array is read an element at a time, and so is the list of a `{"Findings":[…]}` /
//! `{"findings":[…]}` response, both found by a byte-level scanner ([`super::scan`]) and parsed
//! with serde_json one item at a time. Anything else, and anything the scanner cannot vouch for (a
//! syntax error, an object that turns out not to be a response, nesting near serde_json's limit), is
//! parsed whole from where its top-level value starts, exactly as `read` parses it. Items are
//! unwrapped by the same code as in `read`, so the result is the same.

use serde::de::IgnoredAny;
use serde_json::Value;

use super::decode::Decoder;
use super::scan::{find_newline, skip_ws, ItemScan, LineCursor, Scanned};
use super::{split, unwrap, unwrap_element, unwrap_top, Batch, Loaded, Problem, Where, LIST_KEYS};

/// serde_json refuses input nested 128 deep; items whose nesting (their containers included) comes
/// near that are parsed whole, so that the error is the one `read` gives.
const NEST_LIMIT: usize = 120;

/// Reads input like [`read`](super::read), a budget of bytes per [`step`](Incremental::step).
///
/// ```
/// let mut reader = findlens_core::input::Incremental::new(br#"{"Findings":[]}"#.to_vec());
/// while !reader.step(256 * 1024) {
///     // Yield to the page here; `reader.progress()` says how far it has got.
/// }
/// let loaded = reader.finish();
/// assert_eq!(loaded.notes.len(), 1);
/// ```
pub struct Incremental {
    phase: Phase,
    text: String,
    /// JSON syntax problems, a decoding problem, or the empty-input one: `read` lists them first.
    syntax: Vec<Problem>,
    /// What the values read so far yielded.
    loaded: Loaded,
    gzipped: bool,
    /// Share of the progress bar that decoding takes.
    decode_share: f64,
    /// Furthest offset in `text` reached, for progress.
    reached: usize,
    last_step: usize,
}

enum Phase {
    Decode(Box<Decoder<'static>>),
    Detect(Detect),
    Lines(Lines),
    Stream(Box<Stream>),
    Done,
}

/// Share of the progress bar that deciding between JSON Lines and a stream of values takes.
const DETECT_SHARE: f64 = 0.05;

impl Incremental {
    /// Takes the bytes the user gave (any shape [`read`](super::read) accepts).
    pub fn new(bytes: Vec<u8>) -> Incremental {
        let decode_share = if bytes.starts_with(&[0x1f, 0x8b]) { 0.4 } else { 0.1 };
        Incremental {
            phase: Phase::Decode(Box::new(Decoder::new(bytes.into()))),
            text: String::new(),
            syntax: Vec::new(),
            loaded: Loaded::default(),
            gzipped: false,
            decode_share,
            reached: 0,
            last_step: 0,
        }
    }

    /// Does about `budget` bytes of work (decompressing, scanning, parsing, reading findings) and
    /// returns true once everything is done. A step does at most `budget` bytes of it plus one item
    /// (a line of JSON Lines, an element of a list, or a top-level value that is read whole).
    pub fn step(&mut self, budget: usize) -> bool {
        let budget = budget.max(1);
        let mut work = 0usize;
        while work < budget && !matches!(self.phase, Phase::Done) {
            work = work.saturating_add(self.act(budget - work).max(1));
        }
        self.last_step = work;
        self.reserve_ahead();
        self.reached = self.reached.max(match &self.phase {
            Phase::Decode(_) | Phase::Detect(_) => 0,
            Phase::Lines(l) => l.pos,
            Phase::Stream(s) => s.position(),
            Phase::Done => self.text.len(),
        });
        if matches!(self.phase, Phase::Done) {
            self.text = String::new();
        }
        matches!(self.phase, Phase::Done)
    }

    /// Fraction done, 0.0..=1.0, never going back.
    pub fn progress(&self) -> f64 {
        let len = self.text.len().max(1) as f64;
        let reading = self.decode_share + DETECT_SHARE;
        let p = match &self.phase {
            Phase::Decode(d) => self.decode_share * d.progress(),
            Phase::Detect(d) => self.decode_share + DETECT_SHARE * (d.pos as f64 / len),
            Phase::Lines(_) | Phase::Stream(_) => reading + (1.0 - reading) * (self.reached as f64 / len),
            Phase::Done => 1.0,
        };
        p.clamp(0.0, 1.0)
    }

    /// Bytes of work the last [`step`](Incremental::step) did (for tests of the budget).
    #[doc(hidden)]
    pub fn last_step_bytes(&self) -> usize {
        self.last_step
    }

    /// The result, the same as [`read`](super::read) gives for the same bytes. Finishes any work
    /// left first.
    pub fn finish(mut self) -> Loaded {
        while !self.step(usize::MAX) {}
        let mut loaded = std::mem::take(&mut self.loaded);
        if !self.syntax.is_empty() {
            self.syntax.append(&mut loaded.problems);
            loaded.problems = std::mem::take(&mut self.syntax);
        }
        loaded.gzipped = self.gzipped;
        loaded
    }

    /// A `Finding` is several KiB, so a list of 30,000 is hundreds of MiB, and a `Vec` that doubles
    /// when full would copy all of it in one step. Once a few findings are in, room is reserved for
    /// as many as the rest of the text should hold (at the rate so far, plus an eighth), so the
    /// copy happens while the list is small, and (when findings come evenly) only then.
    fn reserve_ahead(&mut self) {
        let len = self.text.len();
        let (findings, from, pos) = match &mut self.phase {
            Phase::Lines(l) => (&mut self.loaded.findings, 0, l.pos),
            Phase::Stream(s) => match &mut s.current {
                Current::Split(split) => (&mut split.batch.findings, split.start, split.pos),
                _ => (&mut self.loaded.findings, 0, s.pos),
            },
            _ => return,
        };
        let n = findings.len();
        if n < 64 || n < findings.capacity() / 2 || pos <= from {
            return;
        }
        let expected = n.saturating_add(n.saturating_mul(len - pos) / (pos - from));
        // The eighth more is slack for the estimate to wander in: it is only redone (and the list
        // copied) when the estimate itself no longer fits.
        if expected > findings.capacity() {
            findings.reserve_exact(expected.saturating_add(expected / 8) - n);
        }
    }

    /// One piece of work, of at most about `limit` bytes (or one item); returns its size.
    fn act(&mut self, limit: usize) -> usize {
        match &mut self.phase {
            Phase::Decode(d) => {
                let work = d.step(limit);
                if d.is_done() {
                    let Phase::Decode(d) = std::mem::replace(&mut self.phase, Phase::Done) else { return work };
                    match (*d).finish() {
                        Ok(decoded) => {
                            self.gzipped = decoded.gzipped;
                            self.text = decoded.text;
                            self.phase = Phase::Detect(Detect::default());
                        }
                        Err(e) => self.syntax.push(Problem::document(e.0)),
                    }
                }
                work
            }
            Phase::Detect(d) => {
                let (work, decision) = d.act(&self.text, limit);
                match decision {
                    None => {}
                    Some(Decision::Lines) => self.phase = Phase::Lines(Lines::default()),
                    Some(Decision::Stream { several }) => self.phase = Phase::Stream(Box::new(Stream::new(several))),
                }
                work
            }
            Phase::Lines(l) => {
                let (work, done) = l.act(&self.text, limit, &mut self.syntax, &mut self.loaded);
                if done {
                    self.phase = Phase::Done;
                }
                work
            }
            Phase::Stream(s) => {
                let (work, done) = s.act(&self.text, limit, &mut self.syntax, &mut self.loaded);
                if done {
                    self.phase = Phase::Done;
                }
                work
            }
            Phase::Done => 0,
        }
    }
}

enum Decision {
    Lines,
    /// `several`: the text does not start with `[`, so values are given their line.
    Stream {
        several: bool,
    },
}

/// Decides as `split` does: JSON Lines when there is more than one non-blank line and the first is a
/// JSON object or array by itself.
#[derive(Default)]
struct Detect {
    pos: usize,
    line_start: usize,
    /// The line `pos` is in has a non-whitespace character.
    nonblank: bool,
    /// The first non-whitespace character of the text is `[`.
    starts_with_bracket: Option<bool>,
    first: Option<(usize, usize)>,
}

impl Detect {
    fn act(&mut self, text: &str, limit: usize) -> (usize, Option<Decision>) {
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
            let first = text[a..b].trim();
            // Only a line that opens an object or array can start JSON Lines.
            return (!(first.starts_with('{') || first.starts_with('['))).then(|| self.stream());
        };
        // A second non-blank line: the first one decides.
        *extra += b1 - a1;
        Some(if split::opens_json_lines(text[a1..b1].trim()) { Decision::Lines } else { self.stream() })
    }
}

/// JSON Lines: each line is an item, read by the same code as in `read`.
#[derive(Default)]
struct Lines {
    /// Start of the current line.
    pos: usize,
    /// Searched for its end up to here.
    scan: usize,
    /// 0-based number of the current line.
    index: usize,
}

impl Lines {
    fn act(&mut self, text: &str, limit: usize, syntax: &mut Vec<Problem>, loaded: &mut Loaded) -> (usize, bool) {
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
        let mut pieces = Vec::new();
        split::split_line(line, self.index, &mut pieces, syntax);
        for piece in pieces {
            unwrap_top(piece.value, piece.line, loaded);
        }
        self.index += 1;
        (scanned + line.len(), self.pos >= t.len())
    }
}

/// One value after another, as serde_json's stream reads them in `split`.
struct Stream {
    /// Where the next value (or whitespace before it) starts.
    pos: usize,
    several: bool,
    /// Values read so far.
    pieces: usize,
    /// What the first value yielded, held back: a value that stands alone gets no line.
    pending: Option<(Batch, Option<usize>)>,
    lines: LineCursor,
    current: Current,
}

enum Current {
    /// Between values.
    Between,
    /// A value read whole, starting at `start`.
    Whole { start: usize, line: Option<usize> },
    /// A top-level array or object read an item at a time.
    Split(Box<Split>),
}

impl Stream {
    fn new(several: bool) -> Stream {
        Stream { pos: 0, several, pieces: 0, pending: None, lines: LineCursor::default(), current: Current::Between }
    }

    fn position(&self) -> usize {
        match &self.current {
            Current::Split(s) => s.pos,
            _ => self.pos,
        }
    }

    fn act(&mut self, text: &str, limit: usize, syntax: &mut Vec<Problem>, loaded: &mut Loaded) -> (usize, bool) {
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
                    b'[' | b'{' => Current::Split(Box::new(Split::new(i, t[i] == b'{', line))),
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
                        unwrap(value, &Where::root(), &mut out);
                        self.read_one(out, line, loaded);
                        self.pos = end;
                        self.current = Current::Between;
                        (end - start, false)
                    }
                    Some(Err(e)) => {
                        // Positions within the whole text, as `read` gives them.
                        let (at_line, at_column) = self.lines.at(t, start);
                        let mut problem = split::json_problem(&e, at_line - 1);
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
            syntax.push(split::empty_input());
        }
        self.current = Current::Between;
    }
}

enum Outcome {
    Continue,
    /// The value ends before this offset; its batch is complete.
    Finished(usize),
    /// Read the value whole instead.
    Fallback,
}

/// Where the scanner is in a top-level array or a findings response.
enum At {
    /// After `[`: an element or `]`.
    ListOpen,
    /// After `,` in a list: an element.
    ListComma,
    ListItem(ItemScan),
    /// An element found, to parse.
    ListParse(usize, usize),
    /// After an element: `,` or `]`.
    ListNext,
    /// After `{`: a key or `}`.
    ObjOpen,
    /// After `,` in the object: a key.
    ObjComma,
    Key(ItemScan),
    Colon,
    Value,
    /// The value of a key other than the list's.
    Other(ItemScan),
    /// After a value: `,` or `}`.
    ObjNext,
    /// After `}`: the other keys' values are checked, then the value ends at the offset.
    Validate(usize),
}

/// A top-level array (each element an item), or an object read as a `{"Findings":[…]}` response
/// (each finding an item) for as long as it looks like one.
struct Split {
    start: usize,
    line: Option<usize>,
    pos: usize,
    batch: Batch,
    at: At,
    /// The value is an object (a response), not an array.
    object: bool,
    /// `Findings` or `findings`, once seen.
    list_key: Option<&'static str>,
    /// The key just read is `list_key`.
    key_is_list: bool,
    /// The path of the list's elements' parent.
    base: Where,
    index: usize,
    /// Values of other keys, checked once the object ends (they are wasted work if it is not a
    /// response).
    others: Vec<(usize, usize)>,
}

impl Split {
    fn new(start: usize, object: bool, line: Option<usize>) -> Split {
        Split {
            start,
            line,
            pos: start + 1,
            batch: Batch::default(),
            at: if object { At::ObjOpen } else { At::ListOpen },
            object,
            list_key: None,
            key_is_list: false,
            base: Where::root(),
            index: 0,
            others: Vec::new(),
        }
    }

    /// How many containers hold an element of the list.
    fn element_depth(&self) -> usize {
        if self.object {
            2
        } else {
            1
        }
    }

    fn act(&mut self, text: &str, limit: usize) -> (usize, Outcome) {
        let t = text.as_bytes();
        match &mut self.at {
            At::ListItem(scan) | At::Key(scan) | At::Other(scan) => {
                let from = scan.pos();
                let scanned = scan.advance(t, limit);
                let work = (scan.pos() - from).max(1);
                self.pos = scan.pos();
                let (start, end) = match scanned {
                    Scanned::More => return (work, Outcome::Continue),
                    Scanned::Bad => return (work, Outcome::Fallback),
                    Scanned::Done(end) => (scan.start, end),
                };
                return match self.at {
                    At::ListItem(_) => {
                        self.at = At::ListParse(start, end);
                        (work, Outcome::Continue)
                    }
                    At::Key(_) => (work + end - start, self.key(&text[start..end])),
                    _ => {
                        self.others.push((start, end));
                        self.at = At::ObjNext;
                        (work, Outcome::Continue)
                    }
                };
            }
            At::ListParse(start, end) => {
                let (start, end) = (*start, *end);
                let Ok(item) = serde_json::from_str::<Value>(&text[start..end]) else {
                    return (end - start, Outcome::Fallback);
                };
                unwrap_element(item, &self.base, self.index, &mut self.batch);
                self.index += 1;
                self.at = At::ListNext;
                return ((end - start).max(1), Outcome::Continue);
            }
            At::Validate(end) => {
                let end = *end;
                let Some((a, b)) = self.others.pop() else { return (1, Outcome::Finished(end)) };
                let ok = serde_json::from_str::<IgnoredAny>(&text[a..b]).is_ok();
                return ((b - a).max(1), if ok { Outcome::Continue } else { Outcome::Fallback });
            }
            _ => {}
        }
        // The other states expect a token after whitespace.
        let i = skip_ws(t, self.pos, limit);
        let skipped = i - self.pos;
        self.pos = i;
        let Some(&c) = t.get(i) else { return (skipped, Outcome::Fallback) };
        if skipped >= limit {
            return (skipped, Outcome::Continue);
        }
        let work = skipped + 1;
        let element = |depth: usize| At::ListItem(ItemScan::new(i, c, NEST_LIMIT - depth));
        let next = match (&self.at, c) {
            (At::ListOpen, b']') => {
                let root = Where::root();
                match self.list_key {
                    Some(key) => super::note_empty_response(key, &root, &mut self.batch),
                    None => super::note_empty_list(&root, &mut self.batch),
                }
                return (work, self.list_closed());
            }
            (At::ListOpen | At::ListComma, b',' | b']') => return (work, Outcome::Fallback),
            (At::ListOpen | At::ListComma, _) => element(self.element_depth()),
            (At::ListNext, b',') => At::ListComma,
            (At::ListNext, b']') => return (work, self.list_closed()),
            (At::ObjOpen | At::ObjComma, b'"') => At::Key(ItemScan::new(i, c, 0)),
            (At::Colon, b':') => At::Value,
            (At::Value, b'[') if self.key_is_list => {
                self.index = 0;
                At::ListOpen
            }
            (At::Value, _) if !self.key_is_list => At::Other(ItemScan::new(i, c, NEST_LIMIT - 1)),
            (At::ObjNext, b',') => At::ObjComma,
            (At::ObjNext, b'}') if self.list_key.is_some() => At::Validate(i + 1),
            _ => return (work, Outcome::Fallback),
        };
        // Items are scanned from their first byte; punctuation is consumed here.
        if !matches!(next, At::ListItem(_) | At::Key(_) | At::Other(_)) {
            self.pos = i + 1;
        }
        self.at = next;
        (work, Outcome::Continue)
    }

    fn list_closed(&mut self) -> Outcome {
        self.pos += 1;
        if self.object {
            self.at = At::ObjNext;
            Outcome::Continue
        } else {
            Outcome::Finished(self.pos)
        }
    }

    /// A key of the object: the response's list, another key, or one that makes it something else.
    fn key(&mut self, raw: &str) -> Outcome {
        let Ok(key) = serde_json::from_str::<String>(raw) else { return Outcome::Fallback };
        if super::key_precedes_list(&key) {
            return Outcome::Fallback;
        }
        self.key_is_list = false;
        if let Some(list_key) = LIST_KEYS.into_iter().find(|k| *k == key) {
            if self.list_key.is_some() {
                // Both casings, or the same key twice: `read` keeps one; let it choose.
                return Outcome::Fallback;
            }
            self.list_key = Some(list_key);
            self.key_is_list = true;
            self.base = Where::root().child(list_key);
        }
        self.at = At::Colon;
        Outcome::Continue
    }
}
