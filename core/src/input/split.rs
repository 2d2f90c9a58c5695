//! The split phase: a top-level array (each element an item) or a `{"Findings":[…]}` /
//! `{"findings":[…]}` response (each finding an item) is taken apart by the byte-level scanner
//! ([`super::scan`]), and each item parsed by serde_json and unwrapped by itself, so that a large
//! export is read a budget at a time and never held as one `Value`. Whenever something does not add
//! up (a syntax error, an object that turns out not to be a response, nesting near serde_json's
//! limit) it gives up, and the value is parsed whole instead.

use serde::de::IgnoredAny;
use serde_json::Value;

use super::room::Room;
use super::scan::{skip_ws, ItemScan, Scanned};
use super::unwrap::{key_precedes_list, note_empty_list, note_empty_response, unwrap_element, Batch, Where, LIST_KEYS};

/// serde_json refuses input nested 128 deep; items whose nesting (their containers included) comes
/// near that are parsed whole, so that the error is the one serde_json gives for the whole value.
const NEST_LIMIT: usize = 120;

/// What a piece of the splitter's work came to.
pub(super) enum Outcome {
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
pub(super) struct Split {
    pub(super) start: usize,
    pub(super) line: Option<usize>,
    pub(super) pos: usize,
    pub(super) batch: Batch,
    at: At,
    /// The value is an object (a response), not an array.
    object: bool,
    /// `Findings` or `findings`, once seen.
    list_key: Option<&'static str>,
    /// The key just read is `list_key`.
    key_is_list: bool,
    /// The path of the list's elements' parent.
    base: Where,
    /// The value itself.
    root: Where,
    index: usize,
    /// Values of other keys, checked once the object ends (they are wasted work if it is not a
    /// response).
    others: Vec<(usize, usize)>,
}

impl Split {
    pub(super) fn new(start: usize, object: bool, line: Option<usize>, room: &Room) -> Split {
        let root = Where::root(room);
        Split {
            start,
            line,
            pos: start + 1,
            batch: Batch::default(),
            at: if object { At::ObjOpen } else { At::ListOpen },
            object,
            list_key: None,
            key_is_list: false,
            base: root.clone(),
            root,
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

    pub(super) fn act(&mut self, text: &str, limit: usize) -> (usize, Outcome) {
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
                match self.list_key {
                    Some(key) => note_empty_response(key, &self.root, &mut self.batch),
                    None => note_empty_list(&self.root, &mut self.batch),
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
        if key_precedes_list(&key) {
            return Outcome::Fallback;
        }
        self.key_is_list = false;
        if let Some(list_key) = LIST_KEYS.into_iter().find(|k| *k == key) {
            if self.list_key.is_some() {
                // Both casings, or the same key twice: which one the unwrap phase sees depends on the
                // whole object (serde_json keeps the last), so it is parsed whole.
                return Outcome::Fallback;
            }
            self.list_key = Some(list_key);
            self.key_is_list = true;
            self.base = self.root.child(list_key);
        }
        self.at = At::Colon;
        Outcome::Continue
    }
}
