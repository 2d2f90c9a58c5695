//! The view as a URL fragment: which finding is open, the list's filter, sort and grouping, and
//! whether the built-in samples are loaded. The app keeps this in the address bar, so Back,
//! Forward, reload and shared links show the same view; the findings themselves are never in it.
//!
//! The fragment reads like a query string, every part optional and in a fixed order:
//!
//! ```text
//! #samples&finding=<identity>&q=<text>&sev=high,critical&scenario=<key>&rtype=<type>
//!     &account=<id>&region=<region>&archived=hide|only&sort=<column>&dir=asc|desc&group=<grouping>
//! ```
//!
//! Values are percent-encoded (`,` too, inside lists); the default view is the empty fragment, and
//! `#samples` alone is the sample link `cargo xtask serve` opens. A finding without an identity
//! is named by its index in the store (`at=<n>`), which means something only in the tab that
//! wrote it. Reading never fails: an unknown key or value is left out, and a fragment with no key
//! this module knows (an in-page anchor such as `#main`) is not a view at all.

use crate::scenario::ScenarioKey;
use crate::severity::SeverityBand;

use super::{Filter, GroupBy, SortDir, SortKey};

/// The list's sort when the URL names none.
pub const DEFAULT_SORT: (SortKey, SortDir) = (SortKey::Severity, SortDir::Descending);

/// The open finding, as the URL names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFinding {
    /// By identity (ARN, else ID): stable across loads and reloads.
    Identity(String),
    /// By index in the store: for a finding without an identity, in the tab that wrote it.
    Index(usize),
}

/// Everything the URL says about the view.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    /// The built-in samples are loaded (the `#samples` link).
    pub samples: bool,
    pub finding: Option<OpenFinding>,
    pub filter: Filter,
    pub sort: (SortKey, SortDir),
    pub group: GroupBy,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState { samples: false, finding: None, filter: Filter::default(), sort: DEFAULT_SORT, group: GroupBy::None }
    }
}

impl ViewState {
    /// The fragment, without its `#`: empty for the default view.
    pub fn to_fragment(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.samples {
            parts.push("samples".to_owned());
        }
        match &self.finding {
            Some(OpenFinding::Identity(id)) => parts.push(format!("finding={}", encode(id))),
            Some(OpenFinding::Index(i)) => parts.push(format!("at={i}")),
            None => {}
        }
        let f = &self.filter;
        if !f.text.is_empty() {
            parts.push(format!("q={}", encode(&f.text)));
        }
        let list = |key: &str, values: Vec<&str>, parts: &mut Vec<String>| {
            if !values.is_empty() {
                let joined: Vec<String> = values.iter().map(|v| encode(v)).collect();
                parts.push(format!("{key}={}", joined.join(",")));
            }
        };
        list("sev", f.bands.iter().map(|b| band_id(*b)).collect(), &mut parts);
        list("scenario", f.scenarios.iter().map(|s| s.as_str()).collect(), &mut parts);
        list("rtype", f.resource_types.iter().map(String::as_str).collect(), &mut parts);
        list("account", f.accounts.iter().map(String::as_str).collect(), &mut parts);
        list("region", f.regions.iter().map(String::as_str).collect(), &mut parts);
        match f.archived {
            Some(false) => parts.push("archived=hide".to_owned()),
            Some(true) => parts.push("archived=only".to_owned()),
            None => {}
        }
        if self.sort != DEFAULT_SORT {
            let (key, dir) = self.sort;
            parts.push(format!("sort={}", key.id()));
            parts.push(format!("dir={}", dir_id(dir)));
        }
        if self.group != GroupBy::None {
            parts.push(format!("group={}", self.group.id()));
        }
        parts.join("&")
    }

    /// The view a fragment names (with or without its `#`), or `None` when it names no view (an
    /// in-page anchor). The empty fragment is the default view.
    pub fn from_fragment(fragment: &str) -> Option<ViewState> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let mut state = ViewState::default();
        if fragment.is_empty() {
            return Some(state);
        }
        let mut known = false;
        let (mut sort_key, mut sort_dir) = (None, None);
        for part in fragment.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let values = || value.split(',').filter_map(decode).filter(|v| !v.is_empty());
            let f = &mut state.filter;
            match key {
                "samples" => state.samples = true,
                "finding" => state.finding = decode(value).filter(|v| !v.is_empty()).map(OpenFinding::Identity),
                "at" => state.finding = value.parse().ok().map(OpenFinding::Index),
                "q" => f.text = decode(value).unwrap_or_default(),
                "sev" => f.bands = dedup(values().filter_map(|v| SeverityBand::from_label(&v))),
                "scenario" => f.scenarios = dedup(values().filter_map(|v| ScenarioKey::parse(&v))),
                "rtype" => f.resource_types = dedup(values()),
                "account" => f.accounts = dedup(values()),
                "region" => f.regions = dedup(values()),
                "archived" => {
                    f.archived = match value {
                        "hide" => Some(false),
                        "only" => Some(true),
                        _ => None,
                    }
                }
                "sort" => sort_key = SortKey::ALL.into_iter().find(|k| k.id() == value),
                "dir" => sort_dir = parse_dir(value),
                "group" => state.group = GroupBy::ALL.into_iter().find(|g| g.id() == value).unwrap_or(GroupBy::None),
                _ => continue,
            }
            known = true;
        }
        if let Some(key) = sort_key {
            state.sort = (key, sort_dir.unwrap_or_else(|| key.first_direction()));
        }
        known.then_some(state)
    }

    /// The same view with the list shown (the open finding's list).
    pub fn list(&self) -> ViewState {
        ViewState { finding: None, ..self.clone() }
    }
}

fn band_id(band: SeverityBand) -> &'static str {
    match band {
        SeverityBand::Low => "low",
        SeverityBand::Medium => "medium",
        SeverityBand::High => "high",
        SeverityBand::Critical => "critical",
    }
}

fn dir_id(dir: SortDir) -> &'static str {
    match dir {
        SortDir::Ascending => "asc",
        SortDir::Descending => "desc",
    }
}

fn parse_dir(s: &str) -> Option<SortDir> {
    match s {
        "asc" => Some(SortDir::Ascending),
        "desc" => Some(SortDir::Descending),
        _ => None,
    }
}

fn dedup<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Percent-encodes every byte but ASCII letters, digits and `-._~:/@` (so an ARN stays readable).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-escapes; `None` when an escape is broken or the bytes are not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ViewState {
        ViewState {
            samples: true,
            finding: Some(OpenFinding::Identity(
                "arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f".to_owned(),
            )),
            filter: Filter {
                text: "tor caller & co, 100%".to_owned(),
                bands: vec![SeverityBand::High, SeverityBand::Critical],
                scenarios: vec![ScenarioKey::ALL[0]],
                resource_types: vec!["Instance".to_owned()],
                accounts: vec!["123456789012".to_owned(), "a,b=c&d".to_owned()],
                regions: vec!["eu-west-1".to_owned()],
                archived: Some(false),
            },
            sort: (SortKey::FirstSeen, SortDir::Ascending),
            group: GroupBy::Type,
        }
    }

    #[test]
    fn default_is_the_empty_fragment() {
        assert_eq!(ViewState::default().to_fragment(), "");
        assert_eq!(ViewState::from_fragment(""), Some(ViewState::default()));
        assert_eq!(ViewState::from_fragment("#"), Some(ViewState::default()));
    }

    #[test]
    fn the_sample_link_is_a_view() {
        let samples = ViewState { samples: true, ..ViewState::default() };
        assert_eq!(ViewState::from_fragment("#samples"), Some(samples.clone()));
        assert_eq!(samples.to_fragment(), "samples");
    }

    #[test]
    fn round_trips() {
        let state = full();
        let fragment = state.to_fragment();
        assert!(fragment.starts_with("samples&finding=arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f&"));
        assert!(fragment.contains("sev=high,critical"), "{fragment}");
        assert!(fragment.contains("account=123456789012,a%2Cb%3Dc%26d"), "{fragment}");
        assert!(fragment.ends_with("sort=first-seen&dir=asc&group=type"), "{fragment}");
        assert_eq!(ViewState::from_fragment(&fragment), Some(state.clone()));
        assert_eq!(ViewState::from_fragment(&format!("#{fragment}")), Some(state));
        let at = ViewState { finding: Some(OpenFinding::Index(42)), ..ViewState::default() };
        assert_eq!(at.to_fragment(), "at=42");
        assert_eq!(ViewState::from_fragment("at=42"), Some(at));
    }

    #[test]
    fn every_sort_and_group_round_trips() {
        for key in SortKey::ALL {
            for dir in [SortDir::Ascending, SortDir::Descending] {
                for group in GroupBy::ALL {
                    let state = ViewState { sort: (key, dir), group, ..ViewState::default() };
                    assert_eq!(ViewState::from_fragment(&state.to_fragment()), Some(state));
                }
            }
        }
    }

    #[test]
    fn a_sort_without_direction_takes_the_columns_first() {
        let state = ViewState::from_fragment("sort=type").unwrap_or_default();
        assert_eq!(state.sort, (SortKey::Type, SortDir::Ascending));
    }

    #[test]
    fn anchors_are_not_views() {
        assert_eq!(ViewState::from_fragment("#main"), None);
        assert_eq!(ViewState::from_fragment("#&&x=1"), None);
    }

    #[test]
    fn unknown_and_broken_values_are_left_out() {
        let state = ViewState::from_fragment(
            "#q=%E2%82&sev=high,bogus,high&scenario=nope&sort=nope&dir=up&group=nope&archived=x&at=-1&finding=&zzz=1",
        );
        let state = state.unwrap_or_default();
        assert_eq!(state.filter.text, "");
        assert_eq!(state.filter.bands, vec![SeverityBand::High]);
        assert!(state.filter.scenarios.is_empty());
        assert_eq!(state.filter.archived, None);
        assert_eq!(state.sort, DEFAULT_SORT);
        assert_eq!(state.group, GroupBy::None);
        assert_eq!(state.finding, None);
    }

    #[test]
    fn hostile_text_stays_text() {
        let text = "<script>alert(1)</script>#&=,%zz \u{1F600}\n";
        let state = ViewState { filter: Filter { text: text.to_owned(), ..Filter::default() }, ..ViewState::default() };
        let fragment = state.to_fragment();
        assert!(fragment.bytes().all(|b| b.is_ascii_graphic() && !b"<>#\"'`".contains(&b)), "{fragment}");
        assert_eq!(ViewState::from_fragment(&fragment), Some(state));
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
    }

    #[test]
    fn list_drops_the_open_finding() {
        let state = full();
        assert_eq!(state.list().finding, None);
        assert_eq!(state.list().filter, state.filter);
    }
}
