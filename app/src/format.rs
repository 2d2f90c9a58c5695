//! Small text helpers shared by the views: counts, numbers and times.

use findlens_core::finding::Timestamp;

use crate::platform;
use crate::prefs::Zone;

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A point in time as `2026-11-28 10:03:17 UTC`, or in the browser's time zone as
/// `2026-11-28 11:03:17 (UTC+01:00)`. Text that was not a time is shown as given.
pub fn time(ts: &Timestamp, zone: Zone) -> String {
    match ts.epoch_ms {
        Some(ms) => time_ms(ms, zone, true),
        None => ts.text.clone(),
    }
}

/// Epoch milliseconds as `2026-11-28 10:03` in the zone, without saying which (the list's header
/// says it).
pub fn time_short(ms: i64, zone: Zone) -> String {
    let full = time_ms(ms, zone, false);
    full.get(..16).unwrap_or(&full).to_owned()
}

/// Epoch milliseconds as text; `seconds` false drops the seconds.
pub fn time_ms(ms: i64, zone: Zone, seconds: bool) -> String {
    match zone {
        Zone::Utc => {
            let iso = findlens_core::finding::format_iso(ms);
            // `2026-11-28T10:03:17.123Z`: date, then time to the second.
            let date = iso.get(..10).unwrap_or(&iso);
            let clock = iso.get(11..if seconds { 19 } else { 16 }).unwrap_or("");
            format!("{date} {clock} UTC")
        }
        Zone::Local => {
            let t = platform::local_time(ms);
            let date = format!("{:04}-{:02}-{:02}", t.year, t.month, t.day);
            let clock = if seconds {
                format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
            } else {
                format!("{:02}:{:02}", t.hour, t.minute)
            };
            let sign = if t.offset_minutes < 0 { '-' } else { '+' };
            let offset = t.offset_minutes.abs();
            format!("{date} {clock} (UTC{sign}{:02}:{:02})", offset / 60, offset % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
