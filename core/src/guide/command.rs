//! Builds commands that are safe to paste under stress: every value from the finding is
//! single-quoted for a POSIX shell, every `aws` command names its Region (added here, from the
//! finding, never by hand), values holding control or bidirectional-override characters are
//! flagged instead of silently pasted, and every command says what running it does (its effect,
//! from [`super::ops`] unless the step says otherwise).

use super::model::{Act, Command, Effect, Segment, Subject};
use super::ops;

/// Single-quotes a value for a POSIX shell (`'` becomes `'\''`).
pub fn shell_quote(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('\'');
    for c in value.chars() {
        if c == '\'' {
            s.push_str("'\\''");
        } else {
            s.push(c);
        }
    }
    s.push('\'');
    s
}

/// Characters that can make a pasted command do something other than what it shows: control
/// characters (a newline ends the command) and bidirectional overrides (text shown reordered).
pub fn suspicious_chars(value: &str) -> Vec<char> {
    let mut found: Vec<char> = value.chars().filter(|&c| is_suspicious(c)).collect();
    found.dedup();
    found
}

/// Whether `c` is a control character or a bidirectional or zero-width formatting character: one
/// that makes text do something other than what it shows.
pub fn is_suspicious(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

/// A warning for a value with suspicious characters, or `None`.
pub fn flag(value: &str, path: &str) -> Option<String> {
    let found = suspicious_chars(value);
    if found.is_empty() {
        return None;
    }
    let codes: Vec<String> = found.iter().map(|c| format!("U+{:04X}", u32::from(*c))).collect();
    Some(format!(
        "the value of `{path}` contains hidden control or text-direction characters ({}); it may not be what it looks like, so check it before running anything with it",
        codes.join(", ")
    ))
}

/// Builds a [`Command`] piece by piece.
pub struct Cmd {
    description: String,
    segments: Vec<Segment>,
    run_in: Option<String>,
    /// The Region appended to an `aws` command: `Some(None)` when the finding lacks it (a blank
    /// is shown), `None` for a command built without a finding's context.
    region: Option<Option<String>>,
    effect: Option<Effect>,
    /// The caution's stable ID and text.
    caution: Option<(String, String)>,
    acts: Vec<Act>,
    /// Set when only the guide's step IDs are wanted ([`super::step_ids::of`]): the builder then
    /// keeps nothing, so counting a checklist costs no command text, quoting or lookups.
    skip: bool,
}

impl Cmd {
    /// A command outside any finding's context (tests, examples). Guides build theirs with
    /// [`super::ctx::Ctx::cmd`], which brings the finding's Region.
    pub fn new(description: impl Into<String>) -> Cmd {
        Cmd {
            description: description.into(),
            segments: Vec::new(),
            run_in: None,
            region: None,
            effect: None,
            caution: None,
            acts: Vec::new(),
            skip: false,
        }
    }

    /// A builder that keeps nothing and builds an empty command: for step IDs only.
    pub(crate) fn skipped() -> Cmd {
        Cmd { skip: true, ..Cmd::new(String::new()) }
    }

    /// A command that acts in `region` (the finding's): `build` adds `--region` to `aws` commands.
    pub fn in_region(mut self, region: Option<&str>) -> Cmd {
        if self.skip {
            return self;
        }
        self.region = Some(region.map(str::to_owned));
        self
    }

    /// Literal command text.
    pub fn t(mut self, text: &str) -> Cmd {
        if self.skip {
            return self;
        }
        match self.segments.last_mut() {
            Some(Segment::Text { text: last }) => last.push_str(text),
            _ => self.segments.push(Segment::Text { text: text.to_owned() }),
        }
        self
    }

    /// A value from the finding, quoted.
    pub fn v(mut self, value: &str, path: &str) -> Cmd {
        if self.skip {
            return self;
        }
        self.segments.push(Segment::Value { text: shell_quote(value), value: value.to_owned(), path: path.to_owned() });
        self
    }

    /// A blank the finding lacks: shown as `<name>`, with where to find it.
    pub fn missing(mut self, name: &str, hint: &str) -> Cmd {
        if self.skip {
            return self;
        }
        self.segments.push(Segment::Missing {
            text: format!("<{name}>"),
            name: name.to_owned(),
            hint: hint.to_owned(),
        });
        self
    }

    /// A blank the analyst chooses: shown as `<name>`, with what to choose.
    pub fn choose(mut self, name: &str, hint: &str) -> Cmd {
        if self.skip {
            return self;
        }
        self.segments.push(Segment::Choose { text: format!("<{name}>"), name: name.to_owned(), hint: hint.to_owned() });
        self
    }

    /// A blank for a value an earlier command prints: shown as `<name>`, with which command.
    pub fn output(mut self, name: &str, hint: &str) -> Cmd {
        if self.skip {
            return self;
        }
        self.segments.push(Segment::Output { text: format!("<{name}>"), name: name.to_owned(), hint: hint.to_owned() });
        self
    }

    /// The finding's value when it has one, else a blank that says where to find it.
    pub fn v_or(self, value: Option<&str>, path: &str, name: &str, hint: &str) -> Cmd {
        match value {
            Some(v) => self.v(v, path),
            None => self.missing(name, hint),
        }
    }

    /// Values of a list, each quoted, separated by spaces; a blank when the list is empty.
    pub fn vs(mut self, values: &[&str], path: &str, name: &str, hint: &str) -> Cmd {
        if values.is_empty() {
            return self.missing(name, hint);
        }
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self = self.t(" ");
            }
            self = self.v(value, path);
        }
        self
    }

    /// Which account runs this command.
    pub fn run_in(mut self, who: impl Into<String>) -> Cmd {
        if self.skip {
            return self;
        }
        self.run_in = Some(who.into());
        self
    }

    /// Sets the effect where the operation alone does not say it (`modify-instance-attribute`
    /// swaps groups or sets a flag; `ssm send-command` runs whatever it carries).
    pub fn effect(mut self, effect: Effect) -> Cmd {
        if self.skip {
            return self;
        }
        self.effect = Some(effect);
        self
    }

    /// Runs what `other` runs, elsewhere (the same shell command sent through Systems Manager):
    /// takes its effect, caution and acts.
    pub fn same_effect_as(mut self, other: &Command) -> Cmd {
        if self.skip {
            return self;
        }
        self.effect = Some(other.effect);
        self.caution = other.caution_id.clone().zip(other.caution.clone());
        self.acts.clone_from(&other.acts);
        self
    }

    /// What this command destroys or hides, in this step's words (overrides the operation's),
    /// under a stable ID (`<scenario>/<what>`) for message catalogues.
    pub fn caution(mut self, id: &str, caution: impl Into<String>) -> Cmd {
        if self.skip {
            return self;
        }
        self.caution = Some((id.to_owned(), caution.into()));
        self
    }

    /// The command captures the evidence of a kind of resource.
    pub fn captures(mut self, subject: Subject) -> Cmd {
        if self.skip {
            return self;
        }
        self.acts.push(Act::Captures(subject));
        self
    }

    /// The command takes a resource out of the hands of the controller that would undo its
    /// containment (Auto Scaling, an ECS service, a Deployment).
    pub fn releases(mut self, subject: Subject) -> Cmd {
        if self.skip {
            return self;
        }
        self.acts.push(Act::Releases(subject));
        self
    }

    /// The command contains a resource (isolates it, stops its traffic).
    pub fn contains(mut self, subject: Subject) -> Cmd {
        if self.skip {
            return self;
        }
        self.acts.push(Act::Contains(subject));
        self
    }

    /// The command destroys a resource or its evidence, for good: `caution` says what goes.
    pub fn destroys(mut self, subject: Subject, id: &str, caution: impl Into<String>) -> Cmd {
        if self.skip {
            return self;
        }
        self.acts.push(Act::Destroys(subject));
        self.effect = Some(Effect::Destructive);
        self.caution = Some((id.to_owned(), caution.into()));
        self
    }

    pub fn build(mut self) -> Command {
        if self.skip {
            return Command {
                description: String::new(),
                text: String::new(),
                segments: Vec::new(),
                run_in: None,
                warnings: Vec::new(),
                effect: Effect::ReadOnly,
                caution: None,
                caution_id: None,
                acts: Vec::new(),
            };
        }
        let words = ops::leading_words(&self.segments);
        let op = ops::lookup(&words);
        if words.first().map(String::as_str) == Some("aws") {
            if let Some(region) = self.region.take() {
                self = self.t(" --region ").v_or(
                    region.as_deref(),
                    "region",
                    "region",
                    "the Region the resource is in (the finding's `region`)",
                );
            }
        }
        let text: String = self.segments.iter().map(Segment::text).collect();
        let warnings = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Value { value, path, .. } => flag(value, path),
                _ => None,
            })
            .collect();
        let mut acts = self.acts;
        if let Some((_, op)) = op {
            for act in op.acts {
                if !acts.contains(act) {
                    acts.push(*act);
                }
            }
        }
        let effect = self.effect.or(op.map(|(_, o)| o.effect)).unwrap_or_else(|| ops::effect_by_verb(&words));
        let (caution_id, caution) = match self.caution {
            Some((id, text)) => (Some(id), Some(text)),
            None => match op.and_then(|(key, o)| o.caution.map(|c| (key, c))) {
                Some((key, c)) => (Some(format!("ops/{}", key.replace(' ', "-"))), Some(c.to_owned())),
                None => (None, None),
            },
        };
        Command {
            description: self.description,
            text,
            segments: self.segments,
            run_in: self.run_in,
            warnings,
            effect,
            caution,
            caution_id,
            acts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("i-123"), "'i-123'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn blanks_and_values() {
        let c = Cmd::new("d")
            .t("aws ec2 describe-instances --instance-ids ")
            .v("i-1", "resource.instanceDetails.instanceId")
            .in_region(None)
            .build();
        assert_eq!(c.text, "aws ec2 describe-instances --instance-ids 'i-1' --region <region>");
        assert!(matches!(c.segments.last(), Some(Segment::Missing { .. })));
        let c = Cmd::new("d").t("x ").choose("group-name", "a name").build();
        assert!(matches!(c.segments.last(), Some(Segment::Choose { .. })));
    }

    #[test]
    fn suspicious_values_are_flagged() {
        let c = Cmd::new("d").t("echo ").v("evil\u{202E}txt.exe", "resource.accessKeyDetails.userName").build();
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("U+202E"), "{}", c.warnings[0]);
        let c = Cmd::new("d").t("echo ").v("line\nbreak", "title").build();
        assert!(c.warnings[0].contains("U+000A"));
        assert!(flag("plain-value", "x").is_none());
    }
}
