//! Bytes → text. Recognises gzip (any number of members), UTF-8 with or without a byte order mark,
//! UTF-16 with a byte order mark (PowerShell writes it), and common binary formats that are not
//! JSON, so the analyst is told what they opened instead of "invalid JSON at line 1".

use std::borrow::Cow;
use std::io::{Cursor, Read, Take};

use flate2::read::MultiGzDecoder;

/// Decompressed input may not exceed this, whatever its compressed size.
pub const MAX_DECOMPRESSED: u64 = 1 << 30;
/// …nor this many times its compressed size (a gzip bomb expands far past this).
pub const MAX_RATIO: u64 = 50;

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

/// The text, and whether it came out of gzip (for the load summary).
pub struct Decoded {
    pub text: String,
    pub gzipped: bool,
}

type Gunzip<'a> = Take<MultiGzDecoder<Cursor<Cow<'a, [u8]>>>>;

/// Bytes → text a budget at a time: gzip is inflated at most `limit` output bytes per step, and
/// UTF-8 is checked and copied at most `limit` bytes per step. UTF-16 is converted in one step (it is
/// rare, and small: PowerShell output pasted or saved by hand).
pub struct Decoder<'a> {
    state: State<'a>,
    /// Size of the input, for progress.
    input_len: usize,
}

enum State<'a> {
    Start(Cow<'a, [u8]>),
    Inflate {
        reader: Box<Gunzip<'a>>,
        out: Vec<u8>,
        limit: u64,
    },
    Utf8 {
        src: Cow<'a, [u8]>,
        /// Checked and copied up to here (the byte order mark, when there is one, is skipped).
        pos: usize,
        text: String,
        /// `\n` bytes in `text`, to say on which line invalid UTF-8 is.
        newlines: usize,
        gzipped: bool,
    },
    Done(Result<Decoded, DecodeError>),
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: Cow<'a, [u8]>) -> Decoder<'a> {
        Decoder { input_len: bytes.len(), state: State::Start(bytes) }
    }

    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done(_))
    }

    /// Fraction done, 0.0..=1.0.
    pub fn progress(&self) -> f64 {
        match &self.state {
            State::Start(_) => 0.0,
            State::Inflate { reader, .. } => {
                let read = reader.get_ref().get_ref().position() as f64;
                0.8 * (read / self.input_len.max(1) as f64).min(1.0)
            }
            State::Utf8 { src, pos, gzipped, .. } => {
                let f = *pos as f64 / src.len().max(1) as f64;
                if *gzipped {
                    0.8 + 0.2 * f
                } else {
                    f
                }
            }
            State::Done(_) => 1.0,
        }
    }

    /// Does about `limit` bytes of work; returns how many (at least 1 until done, 0 after).
    pub fn step(&mut self, limit: usize) -> usize {
        let limit = limit.max(1);
        let (work, next) = match &mut self.state {
            State::Start(bytes) => (1, Some(start(std::mem::take(bytes)))),
            State::Inflate { reader, out, limit: cap } => {
                let want = u64::try_from(limit).unwrap_or(u64::MAX);
                match reader.by_ref().take(want).read_to_end(out) {
                    Err(e) => (1, Some(State::Done(Err(damaged(&e))))),
                    Ok(_) if out.len() as u64 > *cap => (1, Some(State::Done(Err(too_big(*cap))))),
                    Ok(got) if (got as u64) < want => (got.max(1), Some(inflated(std::mem::take(out)))),
                    Ok(got) => (got.max(1), None),
                }
            }
            State::Utf8 { src, pos, text, newlines, gzipped } => {
                let end = pos.saturating_add(limit.max(4)).min(src.len());
                let chunk = &src[*pos..end];
                let (valid, broken) = match chunk.utf8_chunks().next() {
                    None => ("", false),
                    // A sequence cut by the end of this chunk is finished in the next one; it is
                    // broken if the text ends there, or if more bytes follow it in this chunk.
                    Some(c) => (
                        c.valid(),
                        !c.invalid().is_empty()
                            && (end == src.len() || c.valid().len() + c.invalid().len() < chunk.len()),
                    ),
                };
                text.push_str(valid);
                *newlines += valid.bytes().filter(|&b| b == b'\n').count();
                *pos += valid.len();
                let next = if broken {
                    Some(State::Done(Err(not_utf8(*pos, *newlines))))
                } else if *pos == src.len() {
                    Some(State::Done(Ok(Decoded { text: std::mem::take(text), gzipped: *gzipped })))
                } else {
                    None
                };
                (valid.len().max(1), next)
            }
            State::Done(_) => (0, None),
        };
        if let Some(next) = next {
            self.state = next;
        }
        work
    }

    /// Runs to the end and gives the text or why there is none.
    pub fn finish(mut self) -> Result<Decoded, DecodeError> {
        loop {
            if let State::Done(result) = self.state {
                return result;
            }
            self.step(usize::MAX);
        }
    }
}

fn start(bytes: Cow<'_, [u8]>) -> State<'_> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let compressed = bytes.len() as u64;
        let limit = MAX_DECOMPRESSED.min(compressed.saturating_mul(MAX_RATIO).max(64 * 1024));
        let out = Vec::with_capacity(usize::try_from((compressed * 4).min(limit)).unwrap_or(0));
        let reader = Box::new(MultiGzDecoder::new(Cursor::new(bytes)).take(limit + 1));
        return State::Inflate { reader, out, limit };
    }
    to_text(bytes, false)
}

fn inflated<'a>(inflated: Vec<u8>) -> State<'a> {
    if inflated.starts_with(&[0x1f, 0x8b]) {
        return State::Done(Err(DecodeError(
            "this is gzip inside gzip; decompress it once and open the result".into(),
        )));
    }
    to_text(Cow::Owned(inflated), true)
}

fn damaged(e: &std::io::Error) -> DecodeError {
    DecodeError(format!("the gzip data is damaged or cut short ({e})"))
}

fn too_big(limit: u64) -> DecodeError {
    DecodeError(format!(
        "the gzip data expands to more than {} (the limit is 1 GiB, and at most {MAX_RATIO} times the compressed size); split the export into smaller files",
        human_size(limit)
    ))
}

pub(super) fn human_size(n: u64) -> String {
    const MIB: u64 = 1 << 20;
    if n >= MIB {
        format!("{} MiB", n / MIB)
    } else {
        format!("{} KiB", n.div_ceil(1024))
    }
}

fn to_text(bytes: Cow<'_, [u8]>, gzipped: bool) -> State<'_> {
    let done = |r: Result<String, DecodeError>| State::Done(r.map(|text| Decoded { text, gzipped }));
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let text = String::with_capacity(bytes.len() - bom);
    let utf8 = |src| State::Utf8 { text, src, pos: bom, newlines: 0, gzipped };
    if bom > 0 {
        return utf8(bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return done(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return done(utf16(rest, u16::from_be_bytes));
    }
    if let Some(kind) = sniff_binary(&bytes) {
        return State::Done(Err(DecodeError(kind)));
    }
    utf8(bytes)
}

/// `at` is the offset of the first bad byte in the input (byte order mark included); `newlines`,
/// how many `\n` come before it.
fn not_utf8(at: usize, newlines: usize) -> DecodeError {
    DecodeError(format!(
        "the file is not valid UTF-8 text: byte {} (line {}) is not part of a UTF-8 character; save it as UTF-8 and try again",
        at + 1,
        newlines + 1
    ))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError("the file says it is UTF-16 but has an odd number of bytes; it is cut short".into()));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|e| {
        DecodeError(format!(
            "the UTF-16 text holds an unpaired surrogate ({:#06x}); the file is damaged",
            e.unpaired_surrogate()
        ))
    })
}

/// Names a binary format from its magic bytes, or spots binary data by NUL bytes.
fn sniff_binary(bytes: &[u8]) -> Option<String> {
    let named = [
        (&b"PAR1"[..], "a Parquet file (how Security Lake stores findings). Findlens reads JSON: query the table with Athena and download the results as JSON, or export the findings from GuardDuty as JSON"),
        (&b"PK\x03\x04"[..], "a ZIP archive; extract it and open the JSON files inside"),
        (&b"BZh"[..], "bzip2-compressed data; decompress it (bunzip2) and open the result"),
        (&[0x28, 0xB5, 0x2F, 0xFD][..], "Zstandard-compressed data; decompress it (zstd -d) and open the result"),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0x00][..], "xz-compressed data; decompress it (unxz) and open the result"),
        (&b"7z\xBC\xAF\x27\x1C"[..], "a 7-Zip archive; extract it and open the JSON files inside"),
        (&b"%PDF"[..], "a PDF document, not finding JSON"),
        (&b"Obj\x01"[..], "an Avro file; export the findings as JSON"),
        (&b"ORC"[..], "an ORC file; export the findings as JSON"),
        (&[0x89, b'P', b'N', b'G'][..], "a PNG image, not finding JSON"),
        (&[0xFF, 0xD8, 0xFF][..], "a JPEG image, not finding JSON"),
    ];
    for (magic, what) in named {
        if bytes.starts_with(magic) {
            return Some(format!("this is {what}"));
        }
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return Some(
            "this is binary data (it contains NUL bytes), not JSON text; if it is UTF-16 text, save it with a byte order mark or as UTF-8"
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    /// Decodes everything in one call (the reader steps a [`Decoder`] instead).
    fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
        Decoder::new(Cow::Borrowed(bytes)).finish()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).expect("in-memory write");
        e.finish().expect("in-memory write")
    }

    #[test]
    fn plain_and_bom() {
        assert_eq!(decode(b"{}").map(|d| d.text), Ok("{}".to_owned()));
        assert_eq!(decode(b"\xEF\xBB\xBF{}").map(|d| d.text), Ok("{}".to_owned()));
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("{\"a\":1}".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("{\"a\":1}".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&le).map(|d| d.text), Ok("{\"a\":1}".to_owned()));
        assert_eq!(decode(&be).map(|d| d.text), Ok("{\"a\":1}".to_owned()));
    }

    #[test]
    fn gzip_multi_member() {
        let mut both = gz(b"{\"a\":1}\n");
        both.extend(gz(b"{\"b\":2}\n"));
        let d = decode(&both).expect("decodes");
        assert!(d.gzipped);
        assert_eq!(d.text, "{\"a\":1}\n{\"b\":2}\n");
    }

    #[test]
    fn gzip_bomb_is_refused() {
        let big = vec![b' '; 20 * 1024 * 1024];
        let err = decode(&gz(&big)).err().expect("refused");
        assert!(err.0.contains("expands to more than"), "{}", err.0);
    }

    #[test]
    fn damaged_gzip() {
        let mut g = gz(b"{\"a\":1}");
        g.truncate(g.len() - 6);
        assert!(decode(&g).err().expect("refused").0.contains("damaged or cut short"));
    }

    #[test]
    fn binary_formats_are_named() {
        assert!(decode(b"PAR1\x15\x04").err().expect("refused").0.contains("Parquet"));
        assert!(decode(b"PK\x03\x04rest").err().expect("refused").0.contains("ZIP"));
        assert!(decode(b"ab\0cd").err().expect("refused").0.contains("binary"));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(b"{\n\"a\": \"\xFF\"}").err().expect("refused");
        assert!(err.0.contains("line 2"), "{}", err.0);
    }
}
