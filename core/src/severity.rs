//! Severity: GuardDuty's numeric score, the named band it falls in, and the catalog's default.
//!
//! GuardDuty stores severity as a number (1.0–10.0 today) and names bands by lower bound. The
//! same bands are reached from ASFF's `Severity.Label` and OCSF's `severity_id`, so a finding read
//! from any of the three shapes sorts and colours the same way.

/// A named severity band. Ordered from least to most severe, so findings can be sorted by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum SeverityBand {
    Low,
    Medium,
    High,
    Critical,
}

impl SeverityBand {
    /// Every band, least severe first.
    pub const ALL: [SeverityBand; 4] =
        [SeverityBand::Low, SeverityBand::Medium, SeverityBand::High, SeverityBand::Critical];

    /// The band a score falls in: below 4.0 Low (0 and negatives included), below 7.0 Medium,
    /// below 9.0 High, 9.0 and up Critical. NaN is Low: an unreadable score must not raise an
    /// alarm it cannot justify, and the finding keeps its own text for the analyst to read.
    pub fn from_score(score: f64) -> Self {
        if score.is_nan() || score < SeverityBand::Medium.lower_bound() {
            SeverityBand::Low
        } else if score < SeverityBand::High.lower_bound() {
            SeverityBand::Medium
        } else if score < SeverityBand::Critical.lower_bound() {
            SeverityBand::High
        } else {
            SeverityBand::Critical
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeverityBand::Low => "Low",
            SeverityBand::Medium => "Medium",
            SeverityBand::High => "High",
            SeverityBand::Critical => "Critical",
        }
    }

    /// ASFF `Severity.Label`, case-insensitive. ASFF has an INFORMATIONAL label that GuardDuty's
    /// scale does not; it joins Low, the band for activity that needs no action right away.
    pub fn from_label(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("informational") || s.eq_ignore_ascii_case("low") {
            Some(SeverityBand::Low)
        } else if s.eq_ignore_ascii_case("medium") {
            Some(SeverityBand::Medium)
        } else if s.eq_ignore_ascii_case("high") {
            Some(SeverityBand::High)
        } else if s.eq_ignore_ascii_case("critical") {
            Some(SeverityBand::Critical)
        } else {
            None
        }
    }

    /// OCSF `severity_id`: 1 Informational and 2 Low → Low, 3 Medium, 4 High, 5 Critical and
    /// 6 Fatal → Critical. 0 (Unknown) and 99 (Other) say nothing about the band, so they are None.
    pub fn from_ocsf_id(id: i64) -> Option<Self> {
        match id {
            1 | 2 => Some(SeverityBand::Low),
            3 => Some(SeverityBand::Medium),
            4 => Some(SeverityBand::High),
            5 | 6 => Some(SeverityBand::Critical),
            _ => None,
        }
    }

    /// The lowest score in the band as GuardDuty documents it (Low starts at 1.0).
    pub fn lower_bound(self) -> f64 {
        match self {
            SeverityBand::Low => 1.0,
            SeverityBand::Medium => 4.0,
            SeverityBand::High => 7.0,
            SeverityBand::Critical => 9.0,
        }
    }
}

impl std::fmt::Display for SeverityBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding type's default severity in the catalog. `Varies` covers types whose severity
/// depends on the finding (malware by detected threat, rule signals, actor or target role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DefaultSeverity {
    Low,
    Medium,
    High,
    Critical,
    Varies,
}

impl DefaultSeverity {
    /// The band this default stands for; `None` for `Varies`.
    pub fn band(self) -> Option<SeverityBand> {
        match self {
            DefaultSeverity::Low => Some(SeverityBand::Low),
            DefaultSeverity::Medium => Some(SeverityBand::Medium),
            DefaultSeverity::High => Some(SeverityBand::High),
            DefaultSeverity::Critical => Some(SeverityBand::Critical),
            DefaultSeverity::Varies => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DefaultSeverity::Low => "Low",
            DefaultSeverity::Medium => "Medium",
            DefaultSeverity::High => "High",
            DefaultSeverity::Critical => "Critical",
            DefaultSeverity::Varies => "Varies",
        }
    }
}

/// A finding's severity: the score it carries (if any) and its band.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Severity {
    pub score: Option<f64>,
    pub label: SeverityBand,
}

impl Severity {
    /// The band comes from the score when there is one; otherwise from the catalog's default.
    /// Without either (or when the default varies) the band is Medium: "investigate soon" is the
    /// honest reading of a finding whose severity we cannot know.
    pub fn new(score: Option<f64>, fallback: Option<DefaultSeverity>) -> Self {
        let label = match score {
            Some(s) => SeverityBand::from_score(s),
            None => fallback.and_then(DefaultSeverity::band).unwrap_or(SeverityBand::Medium),
        };
        Severity { score, label }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_at_the_boundaries() {
        let cases = [
            (0.0, SeverityBand::Low),
            (-1.0, SeverityBand::Low),
            (1.0, SeverityBand::Low),
            (3.9, SeverityBand::Low),
            (3.999, SeverityBand::Low),
            (4.0, SeverityBand::Medium),
            (6.9, SeverityBand::Medium),
            (7.0, SeverityBand::High),
            (8.9, SeverityBand::High),
            (9.0, SeverityBand::Critical),
            (10.0, SeverityBand::Critical),
            (f64::INFINITY, SeverityBand::Critical),
            (f64::NEG_INFINITY, SeverityBand::Low),
            (f64::NAN, SeverityBand::Low),
        ];
        for (score, band) in cases {
            assert_eq!(SeverityBand::from_score(score), band, "score {score}");
        }
    }

    #[test]
    fn lower_bounds_fall_in_their_own_band() {
        for band in SeverityBand::ALL {
            assert_eq!(SeverityBand::from_score(band.lower_bound()), band);
        }
    }

    #[test]
    fn labels_are_case_insensitive() {
        assert_eq!(SeverityBand::from_label("INFORMATIONAL"), Some(SeverityBand::Low));
        assert_eq!(SeverityBand::from_label("low"), Some(SeverityBand::Low));
        assert_eq!(SeverityBand::from_label("Medium"), Some(SeverityBand::Medium));
        assert_eq!(SeverityBand::from_label("HIGH"), Some(SeverityBand::High));
        assert_eq!(SeverityBand::from_label("critical"), Some(SeverityBand::Critical));
        assert_eq!(SeverityBand::from_label("FATAL"), None);
        assert_eq!(SeverityBand::from_label(""), None);
    }

    #[test]
    fn ocsf_ids() {
        let expected = [
            (0, None),
            (1, Some(SeverityBand::Low)),
            (2, Some(SeverityBand::Low)),
            (3, Some(SeverityBand::Medium)),
            (4, Some(SeverityBand::High)),
            (5, Some(SeverityBand::Critical)),
            (6, Some(SeverityBand::Critical)),
            (7, None),
            (99, None),
            (-1, None),
        ];
        for (id, band) in expected {
            assert_eq!(SeverityBand::from_ocsf_id(id), band, "id {id}");
        }
    }

    #[test]
    fn severity_prefers_the_score() {
        let s = Severity::new(Some(8.0), Some(DefaultSeverity::Low));
        assert_eq!(s.label, SeverityBand::High);
        assert_eq!(s.score, Some(8.0));
    }

    #[test]
    fn severity_falls_back_to_the_default() {
        let band = |d| Severity::new(None, d).label;
        assert_eq!(band(Some(DefaultSeverity::Low)), SeverityBand::Low);
        assert_eq!(band(Some(DefaultSeverity::High)), SeverityBand::High);
        assert_eq!(band(Some(DefaultSeverity::Critical)), SeverityBand::Critical);
        assert_eq!(band(Some(DefaultSeverity::Varies)), SeverityBand::Medium);
        assert_eq!(band(None), SeverityBand::Medium);
    }

    #[test]
    fn serializes_band_names() -> Result<(), serde_json::Error> {
        let s = Severity::new(Some(9.5), None);
        assert_eq!(serde_json::to_string(&s)?, r#"{"score":9.5,"label":"Critical"}"#);
        assert_eq!(serde_json::to_string(&SeverityBand::Low)?, r#""Low""#);
        Ok(())
    }
}
