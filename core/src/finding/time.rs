//! Timestamps as findings carry them: ISO 8601 text (with or without fraction or offset), or epoch
//! seconds or milliseconds as numbers. Kept as normalised ISO text plus epoch milliseconds for sorting
//! and for the UTC/local switch of the views.

/// A point in time from a finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Timestamp {
    /// ISO 8601 in UTC when the input could be parsed, otherwise the text as given.
    pub text: String,
    /// Milliseconds since the Unix epoch, when the input could be parsed.
    pub epoch_ms: Option<i64>,
}

impl Timestamp {
    pub fn from_text(s: &str) -> Self {
        match parse_iso(s.trim()) {
            Some(ms) => Timestamp { text: format_iso(ms), epoch_ms: Some(ms) },
            None => {
                // Some exports write epoch numbers as text.
                if let Ok(x) = s.trim().parse::<f64>() {
                    return Self::from_epoch_number(x);
                }
                Timestamp { text: s.to_owned(), epoch_ms: None }
            }
        }
    }

    /// Epoch seconds (`1636625755.218`) or milliseconds (`1726062281022`): values past year 5138 in
    /// seconds are read as milliseconds.
    pub fn from_epoch_number(x: f64) -> Self {
        if !x.is_finite() {
            return Timestamp { text: x.to_string(), epoch_ms: None };
        }
        let ms = if x.abs() >= 1.0e11 { x } else { x * 1000.0 };
        // Rounded and range-checked above, so the cast cannot truncate meaningfully.
        #[allow(clippy::cast_possible_truncation)]
        let ms = ms.round() as i64;
        Timestamp { text: format_iso(ms), epoch_ms: Some(ms) }
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2024-01-02T03:04:05.678Z` from epoch milliseconds.
pub fn format_iso(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, frac) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    if frac == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:03}Z")
    }
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]][Z|±HH[:]MM]`; no offset means UTC.
pub fn parse_iso(s: &str) -> Option<i64> {
    let (date, rest) = s.split_at_checked(10)?;
    let mut dp = date.split('-');
    let (y, m, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    // Split off the zone.
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut parts = clock.splitn(3, ':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let (sec, frac) = match parts.next() {
        Some(sec) => match sec.split_once('.') {
            Some((s, f)) => (num(s)?, f),
            None => (num(sec)?, ""),
        },
        None => (0, ""),
    };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    ms += h * 3_600_000 + mi * 60_000 + sec * 1000;
    if !frac.is_empty() {
        let digits: String = frac.chars().take(3).collect();
        let n = num(&digits)?;
        ms += n * 10_i64.pow(3 - u32::try_from(digits.len()).ok()?);
    }
    match zone {
        "" | "Z" | "z" => {}
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let z = z[1..].replace(':', "");
            let (zh, zm) = z.split_at_checked(2)?;
            let off = num(zh)? * 60 + if zm.is_empty() { 0 } else { num(zm)? };
            ms -= sign * off * 60_000;
        }
    }
    Some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso("2024-01-01T00:00:00.000Z"), Some(1_704_067_200_000));
        assert_eq!(parse_iso("2024-01-01T01:00:00+01:00"), Some(1_704_067_200_000));
        assert_eq!(parse_iso("2025-02-25 20:40:06.721"), parse_iso("2025-02-25T20:40:06.721Z"));
        assert_eq!(parse_iso("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_iso("yesterday"), None);
    }

    #[test]
    fn epoch_numbers() {
        assert_eq!(Timestamp::from_epoch_number(1_636_625_755.218).text, "2021-11-11T10:15:55.218Z");
        assert_eq!(Timestamp::from_epoch_number(1_726_062_281_022.0).text, "2024-09-11T13:44:41.022Z");
        assert_eq!(Timestamp::from_text("2020-08-22T09:34:34.146Z").text, "2020-08-22T09:34:34.146Z");
        assert_eq!(Timestamp::from_text("not a time").epoch_ms, None);
    }
}
