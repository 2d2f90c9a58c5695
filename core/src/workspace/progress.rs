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

/// Why stored progress was ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressError(pub String);

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
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ProgressError(format!("saved progress is damaged ({e}); starting fresh")))?;
        match v.get("findlens_progress").and_then(serde_json::Value::as_u64) {
            Some(VERSION) => {}
            Some(other) => {
                return Err(ProgressError(format!(
                    "saved progress is from a newer Findlens (layout {other}); it was left untouched"
                )))
            }
            None => return Err(ProgressError("the saved value is not Findlens progress; it was ignored".into())),
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
        assert!(Progress::from_json("{not json").is_err_and(|e| e.0.contains("damaged")));
        assert!(Progress::from_json("[1,2]").is_err_and(|e| e.0.contains("not Findlens")));
        assert!(Progress::from_json(r#"{"findlens_progress":99}"#).is_err_and(|e| e.0.contains("newer")));
        let odd = Progress::from_json(r#"{"findlens_progress":1,"done":{"f":[1,"s",null],"g":"x"}}"#)
            .expect("lenient inside");
        assert!(odd.is_done("f", "s"));
    }
}
