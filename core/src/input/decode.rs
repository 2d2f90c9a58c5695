//! Bytes → text. Recognises gzip (any number of members), UTF-8 with or without a byte order mark,
//! UTF-16 with a byte order mark (PowerShell writes it), and common binary formats that are not
//! JSON, so the analyst is told what they opened instead of "invalid JSON at line 1".

use std::io::Read;

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

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let inflated = gunzip(bytes)?;
        if inflated.starts_with(&[0x1f, 0x8b]) {
            return Err(DecodeError("this is gzip inside gzip; decompress it once and open the result".into()));
        }
        let text = to_text(&inflated)?;
        return Ok(Decoded { text, gzipped: true });
    }
    Ok(Decoded { text: to_text(bytes)?, gzipped: false })
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let compressed = bytes.len() as u64;
    let limit = MAX_DECOMPRESSED.min(compressed.saturating_mul(MAX_RATIO).max(64 * 1024));
    let mut out = Vec::with_capacity(usize::try_from((compressed * 4).min(limit)).unwrap_or(0));
    let mut reader = MultiGzDecoder::new(bytes).take(limit + 1);
    reader.read_to_end(&mut out).map_err(|e| DecodeError(format!("the gzip data is damaged or cut short ({e})")))?;
    if out.len() as u64 > limit {
        return Err(DecodeError(format!(
            "the gzip data expands to more than {} (the limit is 1 GiB, and at most {MAX_RATIO} times the compressed size); split the export into smaller files",
            human_size(limit)
        )));
    }
    Ok(out)
}

fn human_size(n: u64) -> String {
    const MIB: u64 = 1 << 20;
    if n >= MIB {
        format!("{} MiB", n / MIB)
    } else {
        format!("{} KiB", n.div_ceil(1024))
    }
}

fn to_text(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Some(kind) = sniff_binary(bytes) {
        return Err(DecodeError(kind));
    }
    utf8(bytes, 0)
}

fn utf8(bytes: &[u8], offset: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(DecodeError(format!(
                "the file is not valid UTF-8 text: byte {} (line {line}) is not part of a UTF-8 character; save it as UTF-8 and try again",
                at + offset + 1
            )))
        }
    }
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
