//! Checklist progress: which steps an analyst ticked, per finding (its ARN or ID) and per stable
//! step ID, so guides can gain steps later without losing ticks. Stored as JSON; anything stored
//! that is not ours, or is damaged, is ignored with a reason instead of breaking the page.

use std::collections::{BTreeMap, BTreeSet};

/// Bumped if the stored layout changes; older layouts are read or ignored, never misread.
const VERSION: u64 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    done: BTreeMap<String, BTreeSet<String>>,
}

/// Why stored progress was ignored. Its text (`Display`) is written for the notice on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    /// Not JSON: the parser's reason.
    Damaged(String),
    /// A layout a newer Findlens wrote: the stored value must be left as it is.
    Newer { layout: u64 },
    /// JSON, but not Findlens progress.
    Foreign,
}

impl ProgressError {
    /// Whether the stored value must be left untouched (a newer Findlens may still read it), rather
    /// than replaced by the next tick.
    pub fn keeps_stored_value(&self) -> bool {
        matches!(self, ProgressError::Newer { .. })
    }
}

impl std::fmt::Display for ProgressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProgressError::Damaged(why) => write!(f, "saved progress is damaged ({why}); starting fresh"),
            ProgressError::Newer { layout } => {
                write!(f, "saved progress is from a newer Findlens (layout {layout}); it was left untouched")
            }
            ProgressError::Foreign => f.write_str("the saved value is not Findlens progress; it was ignored"),
        }
    }
}

impl std::error::Error for ProgressError {}

impl Progress {
    pub fn is_done(&self, finding: &str, step: &str) -> bool {
        self.done.get(finding).is_some_and(|s| s.contains(step))
    }

    pub fn set(&mut self, finding: &str, step: &str, done: bool) {
        if done {
            self.done.entry(finding.to_owned()).or_default().insert(step.to_owned());
        } else if let Some(s) = self.done.get_mut(finding) {
            s.remove(step);
            if s.is_empty() {
                self.done.remove(finding);
            }
        }
    }

    /// How many of `steps` are ticked for a finding.
    pub fn count<'a>(&self, finding: &str, steps: impl IntoIterator<Item = &'a str>) -> usize {
        steps.into_iter().filter(|s| self.is_done(finding, s)).count()
    }

    pub fn to_json(&self) -> String {
        serde_json::json!({"findlens_progress": VERSION, "done": self.done}).to_string()
    }

    /// Reads stored progress. Damaged or foreign values give an error to show as a notice.
    pub fn from_json(text: &str) -> Result<Progress, ProgressError> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| ProgressError::Damaged(e.to_string()))?;
        match v.get("findlens_progress").and_then(serde_json::Value::as_u64) {
            Some(VERSION) => {}
            Some(layout) => return Err(ProgressError::Newer { layout }),
            None => return Err(ProgressError::Foreign),
        }
        let mut done = BTreeMap::new();
        if let Some(map) = v.get("done").and_then(serde_json::Value::as_object) {
            for (finding, steps) in map {
                // Ticks saved under a step's old ID count for the step that carries its work now.
                let set: BTreeSet<String> = steps
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(|id| crate::guide::step_ids::current(id).to_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                if !set.is_empty() {
                    done.insert(finding.clone(), set);
                }
            }
        }
        Ok(Progress { done })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_by_finding_and_step_id() {
        let mut p = Progress::default();
        p.set("arn:f1", "ec2-instance/isolate", true);
        p.set("arn:f1", "ec2-instance/identify", true);
        p.set("arn:f1", "ec2-instance/identify", false);
        let back = Progress::from_json(&p.to_json()).expect("reads back");
        assert!(back.is_done("arn:f1", "ec2-instance/isolate"));
        assert!(!back.is_done("arn:f1", "ec2-instance/identify"));
        assert_eq!(back.count("arn:f1", ["ec2-instance/isolate", "new-step"]), 1);
    }

    #[test]
    fn damaged_or_foreign_values_are_refused_with_a_reason() {
        let damaged = Progress::from_json("{not json").expect_err("damaged");
        assert!(matches!(damaged, ProgressError::Damaged(_)) && !damaged.keeps_stored_value());
        assert!(damaged.to_string().contains("damaged"));
        assert_eq!(Progress::from_json("[1,2]"), Err(ProgressError::Foreign));
        assert!(ProgressError::Foreign.to_string().contains("not Findlens"));
        let newer = Progress::from_json(r#"{"findlens_progress":99}"#).expect_err("newer");
        assert_eq!(newer, ProgressError::Newer { layout: 99 });
        assert!(newer.keeps_stored_value());
        assert_eq!(newer.to_string(), "saved progress is from a newer Findlens (layout 99); it was left untouched");
        let odd = Progress::from_json(r#"{"findlens_progress":1,"done":{"f":[1,"s",null],"g":"x"}}"#)
            .expect("lenient inside");
        assert!(odd.is_done("f", "s"));
    }
}
