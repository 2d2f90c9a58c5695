//! The ordering rules every guide keeps, checked over every scenario, sample and finding type by
//! the tests. A guide is read top to bottom under stress, so its order is its advice:
//!
//! 1. **Evidence before destruction.** No command destroys a kind of resource before a command
//!    earlier in the guide captured that kind's evidence (a snapshot, a copy of code or
//!    configuration, a pod's spec and logs, a task's description, a copy of an object, a saved
//!    policy).
//! 2. **Controller before containment.** A resource that a controller can bring back (an instance
//!    in an Auto Scaling group, a task in an ECS service, a pod in a Deployment) is taken out of
//!    the controller's hands before it is contained. Where that release destroys the resource (an
//!    ECS service replacing its tasks), rule 1 puts the evidence first.
//! 3. **Every destructive command says what it destroys.**
//! 4. **Suppression is as narrow as the evidence.** A suppression rule names the finding type and
//!    at least one attribute narrower than the account, Region, bucket or cluster, and says what
//!    it will hide.
//! 5. **Every command is one Findlens knows**, so its effect is not a guess.

use std::collections::BTreeSet;
use std::fmt;

use super::model::{Act, Command, Effect, Guide, Segment, Subject};
use super::ops;

/// Subjects whose containment a controller can undo.
const CONTROLLED: [Subject; 3] = [Subject::Instance, Subject::Pod, Subject::Task];

/// Criteria that alone are as wide as a whole account, Region, bucket or cluster: a suppression
/// rule needs at least one criterion besides `type` that is not among these.
const BROAD_CRITERIA: &[&str] = &[
    "type",
    "accountId",
    "region",
    "severity",
    "resource.resourceType",
    "service.archived",
    "resource.s3BucketDetails.name",
    "resource.s3BucketDetails.arn",
    "resource.eksClusterDetails.name",
    "resource.eksClusterDetails.arn",
    "resource.ecsClusterDetails.name",
    "resource.ecsClusterDetails.arn",
    "resource.kubernetesDetails.kubernetesWorkloadDetails.namespace",
    "service.resourceRole",
];

/// A broken rule, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: &'static str,
    /// The step ID.
    pub step: String,
    pub command: String,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {} — `{}`", self.rule, self.step, self.detail, self.command)
    }
}

/// Every rule broken in a guide; empty when it keeps them all.
pub fn check(g: &Guide) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut captured: BTreeSet<Subject> = BTreeSet::new();
    let mut released: BTreeSet<Subject> = BTreeSet::new();
    for step in g.sections.iter().flat_map(|s| &s.steps) {
        for c in &step.commands {
            let mut broke = |rule: &'static str, detail: String| {
                out.push(Violation { rule, step: step.id.clone(), command: c.text.clone(), detail });
            };
            for act in &c.acts {
                match act {
                    Act::Destroys(s) if !captured.contains(s) => {
                        broke("evidence-first", format!("destroys a {s:?} before any step captured its evidence"));
                    }
                    Act::Contains(s) if CONTROLLED.contains(s) && !released.contains(s) => {
                        broke("controller-first", format!("contains a {s:?} before taking it from its controller"));
                    }
                    _ => {}
                }
            }
            if c.effect == Effect::Destructive && c.caution.as_deref().is_none_or(str::is_empty) {
                broke("caution", "destructive command without a caution".into());
            }
            let words = ops::leading_words(&c.segments);
            if !ops::is_known(&words) {
                broke("known-operation", format!("`{}` is in no row of guide::ops", words.join(" ")));
            }
            if words.get(..3).is_some_and(|w| w.join(" ") == "aws guardduty create-filter") {
                if let Err(detail) = suppression_is_narrow(c) {
                    broke("narrow-suppression", detail);
                }
            }
            // Acts take effect after the command, for the commands that follow it.
            for act in &c.acts {
                match act {
                    Act::Captures(s) => {
                        captured.insert(*s);
                    }
                    Act::Releases(s) => {
                        released.insert(*s);
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// The value of `--finding-criteria`, unquoted, when it is a literal or a finding value.
fn criteria_json(c: &Command) -> Option<String> {
    let mut after = false;
    for s in &c.segments {
        match s {
            Segment::Text { text } if text.trim_end().ends_with("--finding-criteria") => after = true,
            Segment::Value { value, .. } if after => return Some(value.clone()),
            Segment::Text { text } if after => {
                let t = text.trim_start();
                let t = t.strip_prefix('\'').unwrap_or(t);
                let end = t.find('\'').unwrap_or(t.len());
                return Some(t[..end].to_owned());
            }
            _ if after => return None,
            _ => {}
        }
    }
    None
}

/// A suppression rule names the type and one narrower attribute, and carries a caution.
pub fn suppression_is_narrow(c: &Command) -> Result<(), String> {
    if c.caution.as_deref().is_none_or(str::is_empty) {
        return Err("a suppression rule must say what it will hide".into());
    }
    let json = criteria_json(c).ok_or("no literal --finding-criteria to check")?;
    let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| format!("criteria are not JSON: {e}"))?;
    let criterion =
        v.get("Criterion").and_then(serde_json::Value::as_object).ok_or("criteria have no Criterion object")?;
    if !criterion.contains_key("type") {
        return Err("a suppression rule must name the finding type".into());
    }
    if !criterion.keys().any(|k| !BROAD_CRITERIA.contains(&k.as_str())) {
        let keys: Vec<&str> = criterion.keys().map(String::as_str).collect();
        return Err(format!(
            "criteria {} are as wide as the whole account, bucket or cluster; add the attribute that made the activity expected",
            keys.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::command::Cmd;
    use crate::guide::model::{Phase, Section, Step};

    fn guide(commands: Vec<Command>) -> Guide {
        let f = crate::read(br#"{"type":"Recon:EC2/Portscan","region":"us-east-1"}"#).findings.remove(0);
        let mut g = crate::guide::build(&f);
        g.sections = vec![Section {
            scenario: None,
            title: "t".into(),
            doc_url: None,
            steps: vec![Step {
                id: "t/s".into(),
                phase: Phase::Contain,
                title: "t".into(),
                why: "w".into(),
                facts: vec![],
                decisions: vec![],
                commands,
            }],
        }];
        g
    }

    fn rules(g: &Guide) -> Vec<&'static str> {
        check(g).into_iter().map(|v| v.rule).collect()
    }

    #[test]
    fn destruction_before_evidence_is_caught() {
        let terminate = Cmd::new("t").t("aws ec2 terminate-instances --instance-ids i-1").build();
        let snapshot = Cmd::new("s").t("aws ec2 create-snapshots --instance-specification InstanceId=i-1").build();
        assert_eq!(rules(&guide(vec![terminate.clone(), snapshot.clone()])), ["evidence-first"]);
        assert!(rules(&guide(vec![snapshot, terminate])).is_empty());
    }

    #[test]
    fn containment_before_release_is_caught() {
        let isolate = Cmd::new("i")
            .t("aws ec2 modify-instance-attribute --instance-id i-1 --groups sg-1")
            .contains(Subject::Instance)
            .build();
        let detach = Cmd::new("d")
            .t("aws autoscaling detach-instances --instance-ids i-1 --auto-scaling-group-name g --should-decrement-desired-capacity")
            .build();
        assert_eq!(rules(&guide(vec![isolate.clone(), detach.clone()])), ["controller-first"]);
        assert!(rules(&guide(vec![detach, isolate])).is_empty());
    }

    #[test]
    fn destructive_without_caution_and_unknown_commands_are_caught() {
        let bare = Cmd::new("x").t("aws ec2 delete-vpc --vpc-id v").effect(Effect::Destructive).build();
        let r = rules(&guide(vec![bare]));
        assert!(r.contains(&"caution") && r.contains(&"known-operation"), "{r:?}");
    }

    #[test]
    fn wide_suppression_is_caught() {
        let wide = Cmd::new("f")
            .t(r#"aws guardduty create-filter --detector-id d --name n --action ARCHIVE --finding-criteria '{"Criterion":{"type":{"Eq":["X"]},"resource.s3BucketDetails.name":{"Eq":["b"]}}}'"#)
            .build();
        assert_eq!(rules(&guide(vec![wide])), ["narrow-suppression"]);
        let no_type = Cmd::new("f")
            .t(r#"aws guardduty create-filter --detector-id d --name n --action ARCHIVE --finding-criteria '{"Criterion":{"resource.instanceDetails.instanceId":{"Eq":["i-1"]}}}'"#)
            .build();
        assert_eq!(rules(&guide(vec![no_type])), ["narrow-suppression"]);
        let narrow = Cmd::new("f")
            .t("aws guardduty create-filter --detector-id d --name n --action ARCHIVE --finding-criteria ")
            .v(r#"{"Criterion":{"type":{"Eq":["X"]},"service.action.awsApiCallAction.remoteIpDetails.ipAddressV4":{"Eq":["192.0.2.1"]}}}"#, "p")
            .build();
        assert!(rules(&guide(vec![narrow])).is_empty());
    }
}
