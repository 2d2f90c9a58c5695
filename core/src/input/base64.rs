//! Base64 (the standard alphabet, as Firehose, Kinesis and CloudWatch Logs write it; the URL-safe
//! one is accepted too). Padding may be left out and whitespace (line breaks of MIME-style
//! wrapping) is skipped. Written here rather than taken as a dependency: it is forty lines.

/// Why a text is not base64: the 1-based character position and the character.
#[derive(Debug, PartialEq, Eq)]
pub struct NotBase64 {
    pub at: usize,
    pub found: char,
}

fn sextet(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Decodes `text`. The output is at most three quarters of the input, so the caller bounds it by
/// bounding the input.
pub fn decode(text: &str) -> Result<Vec<u8>, NotBase64> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = false;
    for (i, c) in text.char_indices() {
        let bad = || NotBase64 { at: text[..i].chars().count() + 1, found: c };
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == '=' {
            padding = true;
            continue;
        }
        // Nothing but padding (and whitespace) may follow padding.
        let Some(v) = u8::try_from(c).ok().filter(|_| !padding).and_then(sextet) else { return Err(bad()) };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_and_without_padding() {
        assert_eq!(decode("eyJhIjoxfQ==").as_deref(), Ok(&b"{\"a\":1}"[..]));
        assert_eq!(decode("eyJhIjoxfQ").as_deref(), Ok(&b"{\"a\":1}"[..]));
        assert_eq!(decode("eyJh\nIjox\r\nfQ==").as_deref(), Ok(&b"{\"a\":1}"[..]));
        assert_eq!(decode("").as_deref(), Ok(&b""[..]));
        assert_eq!(decode("-_8=").as_deref(), decode("+/8=").as_deref());
    }

    #[test]
    fn names_the_first_bad_character() {
        assert_eq!(decode("eyJh!Ijox"), Err(NotBase64 { at: 5, found: '!' }));
        assert_eq!(decode("ab=c"), Err(NotBase64 { at: 4, found: 'c' }));
        assert_eq!(decode("aé"), Err(NotBase64 { at: 2, found: 'é' }));
    }
}
