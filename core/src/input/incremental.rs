//! The one reader: bytes → findings in phases, each resumable, so that a page can read a 50 MB
//! export a budget of bytes at a time between frames and show how far it has got, and
//! [`read`](super::read) runs the same phases to the end in one step.
//!
//! decode ([`super::decode`]: gzip inflated and UTF-8 checked a budget at a time) → detect
//! ([`super::detect`]: JSON Lines or not) → either lines ([`super::lines`]: every line an item) or
//! stream ([`super::stream`]: top-level values one after another, a top-level array or findings
//! response taken apart an item at a time by [`super::split`]). Every value or item is unwrapped by
//! [`super::unwrap`]. There is no second path: `read` is this reader with an unbounded budget.
//!
//! When lines or stream meet the first JSON syntax error, the text is scanned for JSONC comments and
//! trailing commas ([`super::jsonc`]); if it has some, they are blanked and the text is read again
//! from the start.
//!
//! What a step does is bounded by its budget plus one item. Unwrapping an item may decode payloads
//! inside it (SNS messages, base64, gzip of CloudWatch Logs): that work is bounded by the size bound
//! all decoded payloads share ([`super::room`]), and counts towards the step's work, so the next
//! steps are shorter.

use std::borrow::Cow;

use super::decode::Decoder;
use super::detect::{Decision, Detect};
use super::jsonc;
use super::lines::Lines;
use super::room::Room;
use super::stream::{Current, Stream};
use super::{Loaded, Problem};

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
pub struct Incremental(Reader<'static>);

impl Incremental {
    /// Takes the bytes the user gave (any shape [`read`](super::read) accepts).
    pub fn new(bytes: Vec<u8>) -> Incremental {
        Incremental(Reader::new(Cow::Owned(bytes)))
    }

    /// Does about `budget` bytes of work (decompressing, scanning, parsing, reading findings) and
    /// returns true once everything is done. A step does at most `budget` bytes of it plus one item
    /// (a line of JSON Lines, an element of a list, or a top-level value that is read whole).
    pub fn step(&mut self, budget: usize) -> bool {
        self.0.step(budget)
    }

    /// Fraction done, 0.0..=1.0, never going back.
    pub fn progress(&self) -> f64 {
        self.0.progress()
    }

    /// Bytes of work the last [`step`](Incremental::step) did (for tests of the budget).
    #[doc(hidden)]
    pub fn last_step_bytes(&self) -> usize {
        self.0.last_step
    }

    /// The result, the same as [`read`](super::read) gives for the same bytes. Finishes any work
    /// left first.
    pub fn finish(self) -> Loaded {
        self.0.finish()
    }
}

/// The reader itself, over borrowed bytes for [`read`](super::read) (which needs no copy of its
/// input) or owned ones for [`Incremental`] (which a page keeps between frames).
pub(super) struct Reader<'a> {
    phase: Phase<'a>,
    text: String,
    /// JSON syntax problems, a decoding problem, or the empty-input one: they are listed first.
    syntax: Vec<Problem>,
    /// What the values read so far yielded.
    loaded: Loaded,
    gzipped: bool,
    /// Share of the progress bar that decoding takes.
    decode_share: f64,
    /// Furthest offset in `text` reached, for progress.
    reached: usize,
    last_step: usize,
    /// The size bound decoded payloads share.
    room: Room,
    /// Bytes of input (for the size bound), and what inflating it took.
    input_len: usize,
    inflated: usize,
    /// The text was scanned for JSONC after a syntax error (it is scanned once).
    jsonc_tried: bool,
    /// The note that the text was read as JSONC, listed first.
    jsonc_note: Option<String>,
    /// Progress reported so far: reading a text again as JSONC starts its phases over, and the
    /// bar must not go back.
    floor: f64,
}

enum Phase<'a> {
    Decode(Box<Decoder<'a>>),
    Detect(Detect),
    Lines(Lines),
    Stream(Box<Stream>),
    /// Scanning for JSONC after a syntax error; the phase it interrupted goes on if there is none.
    Jsonc(jsonc::Scan, Box<Phase<'a>>),
    /// Blanking the JSONC found, to read the text again.
    Blank(jsonc::Blank),
    Done,
}

/// Share of the progress bar that deciding between JSON Lines and a stream of values takes.
const DETECT_SHARE: f64 = 0.05;

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: Cow<'a, [u8]>) -> Reader<'a> {
        let decode_share = if bytes.starts_with(&[0x1f, 0x8b]) { 0.4 } else { 0.1 };
        let input_len = bytes.len();
        Reader {
            phase: Phase::Decode(Box::new(Decoder::new(bytes))),
            text: String::new(),
            syntax: Vec::new(),
            loaded: Loaded::default(),
            gzipped: false,
            decode_share,
            reached: 0,
            last_step: 0,
            room: Room::for_input(input_len),
            input_len,
            inflated: 0,
            jsonc_tried: false,
            jsonc_note: None,
            floor: 0.0,
        }
    }

    /// [`Incremental::step`].
    fn step(&mut self, budget: usize) -> bool {
        let budget = budget.max(1);
        let mut work = 0usize;
        while work < budget && !matches!(self.phase, Phase::Done) {
            let decoded = self.room.used();
            let done = self.act(budget - work).max(1);
            // Payloads decoded while unwrapping are work too (0 when the room was just renewed).
            let decoded = usize::try_from(self.room.used().saturating_sub(decoded)).unwrap_or(usize::MAX);
            work = work.saturating_add(done).saturating_add(decoded);
        }
        self.last_step = work;
        self.reserve_ahead();
        self.reached = self.reached.max(match &self.phase {
            Phase::Decode(_) | Phase::Detect(_) | Phase::Jsonc(..) | Phase::Blank(_) => 0,
            Phase::Lines(l) => l.pos,
            Phase::Stream(s) => s.position(),
            Phase::Done => self.text.len(),
        });
        self.floor = self.progress();
        if matches!(self.phase, Phase::Done) {
            self.text = String::new();
        }
        matches!(self.phase, Phase::Done)
    }

    /// [`Incremental::progress`].
    fn progress(&self) -> f64 {
        let len = self.text.len().max(1) as f64;
        let reading = self.decode_share + DETECT_SHARE;
        let p = match &self.phase {
            Phase::Decode(d) => self.decode_share * d.progress(),
            Phase::Detect(d) => self.decode_share + DETECT_SHARE * (d.pos as f64 / len),
            Phase::Lines(_) | Phase::Stream(_) | Phase::Jsonc(..) | Phase::Blank(_) => {
                reading + (1.0 - reading) * (self.reached as f64 / len)
            }
            Phase::Done => 1.0,
        };
        p.clamp(0.0, 1.0).max(self.floor)
    }

    /// Finishes any work left (in one step of unbounded budget, for `read`) and gives the result.
    pub(super) fn finish(mut self) -> Loaded {
        while !self.step(usize::MAX) {}
        let mut loaded = std::mem::take(&mut self.loaded);
        if !self.syntax.is_empty() {
            self.syntax.append(&mut loaded.problems);
            loaded.problems = std::mem::take(&mut self.syntax);
        }
        loaded.gzipped = self.gzipped;
        if let Some(note) = self.jsonc_note.take() {
            loaded.warnings.push(note);
        }
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

    /// After the first JSON syntax error, the text is scanned for JSONC before the phase goes on.
    fn syntax_error_since(&mut self, errors: usize) {
        if self.jsonc_tried || self.syntax.len() == errors {
            return;
        }
        self.jsonc_tried = true;
        let paused = std::mem::replace(&mut self.phase, Phase::Done);
        self.phase = Phase::Jsonc(jsonc::Scan::default(), Box::new(paused));
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
                            if self.gzipped {
                                // Inflating took room from the bound decoded payloads share.
                                self.inflated = self.text.len();
                                self.room.take(self.inflated as u64);
                            }
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
                    Some(Decision::Lines { stamped }) => self.phase = Phase::Lines(Lines::new(stamped, &self.room)),
                    Some(Decision::Stream { several }) => {
                        self.phase = Phase::Stream(Box::new(Stream::new(several, &self.room)));
                    }
                }
                work
            }
            Phase::Lines(l) => {
                let errors = self.syntax.len();
                let (work, done) = l.act(&self.text, limit, &mut self.syntax, &mut self.loaded);
                if done {
                    self.phase = Phase::Done;
                }
                self.syntax_error_since(errors);
                work
            }
            Phase::Stream(s) => {
                let errors = self.syntax.len();
                let (work, done) = s.act(&self.text, limit, &mut self.syntax, &mut self.loaded);
                if done {
                    self.phase = Phase::Done;
                }
                self.syntax_error_since(errors);
                work
            }
            Phase::Jsonc(scan, _) => {
                let (work, done) = scan.act(&self.text, limit);
                if done {
                    let Phase::Jsonc(scan, paused) = std::mem::replace(&mut self.phase, Phase::Done) else {
                        return work;
                    };
                    self.phase = if scan.found() {
                        self.jsonc_note = Some(scan.note(&self.text));
                        Phase::Blank(jsonc::Blank::new(scan.ranges, self.text.len()))
                    } else {
                        *paused
                    };
                }
                work
            }
            Phase::Blank(blank) => {
                let (work, cleaned) = blank.act(&self.text, limit);
                if let Some(cleaned) = cleaned {
                    // Read again from the start: what the first attempt found is dropped.
                    self.text = cleaned;
                    self.loaded = Loaded::default();
                    self.syntax.clear();
                    self.room = Room::for_input(self.input_len);
                    self.room.take(self.inflated as u64);
                    self.phase = Phase::Detect(Detect::default());
                }
                work
            }
            Phase::Done => 0,
        }
    }
}
