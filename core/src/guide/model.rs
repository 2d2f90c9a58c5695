//! The guide as plain data. Views render it; nothing here knows about HTML or terminals.

use serde::Serialize;

use crate::scenario::ScenarioKey;
use crate::severity::Severity;

/// The remediation guide of one finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guide {
    /// The finding's ARN, else its ID: what saved progress is keyed by.
    pub finding_key: String,
    pub finding_type: String,
    /// The finding's title, or its type when it has none.
    pub title: String,
    /// What the type means, in one line (from the catalog), when the type is known.
    pub type_summary: Option<String>,
    pub severity: Severity,
    /// Every scenario that applies, primary first.
    pub scenarios: Vec<ScenarioKey>,
    /// What the type means and how to read it, from the catalog, when the type is known.
    pub about: Option<About>,
    /// Things to know before the steps: retired or unknown type, sample finding, odd values.
    pub notes: Vec<Note>,
    /// The type's documentation and the console pages of the resources the finding names.
    pub links: Vec<super::links::Link>,
    /// One section per scenario, in the order of `scenarios`, then the shared "expected activity"
    /// section last.
    pub sections: Vec<Section>,
}

/// What a finding type means, in the catalog's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct About {
    pub meaning: String,
    /// Likely benign explanations, when there are any.
    pub benign: Option<String>,
    /// What decides the response for this type.
    pub decision: Option<String>,
    /// Where GuardDuty saw it (CloudTrail, VPC flow logs, DNS logs, runtime agent…).
    pub data_source: String,
    /// When the default severity depends on the finding.
    pub severity_note: Option<String>,
}

/// A remark on the whole guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub tone: Tone,
    pub text: String,
}

/// How much attention a note or decision asks for. Views show it as words and icons, not colour
/// alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Info,
    Good,
    Warning,
    Danger,
}

impl Tone {
    pub fn label(self) -> &'static str {
        match self {
            Tone::Info => "Note",
            Tone::Good => "OK",
            Tone::Warning => "Caution",
            Tone::Danger => "Danger",
        }
    }
}

/// The steps of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// `None` for the shared "if the activity was expected" section.
    pub scenario: Option<ScenarioKey>,
    pub title: String,
    /// AWS's documentation page for this scenario.
    pub doc_url: Option<String>,
    pub steps: Vec<Step>,
}

/// One step of a guide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Stable across versions of the guide (`ec2-instance/isolate`): progress is saved by it, so it
    /// never depends on the step's position.
    pub id: String,
    pub title: String,
    /// Why the step matters, in a sentence or two.
    pub why: String,
    pub facts: Vec<Fact>,
    pub decisions: Vec<Decision>,
    pub commands: Vec<Command>,
}

/// A value from this finding that the step needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub label: String,
    /// `None` when the finding lacks it.
    pub value: Option<String>,
    /// Dotted wire path, as GuardDuty's filter criteria spell it.
    pub path: String,
    /// Set when the value holds control or bidirectional-override characters.
    pub flag: Option<String>,
}

/// A question the step asks, answered from this finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub question: String,
    pub answer: String,
    pub tone: Tone,
}

/// A shell command with this finding's values filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    /// What the command does, in a line.
    pub description: String,
    /// The command as it is copied: values single-quoted, blanks as `<name>`.
    pub text: String,
    /// The pieces of `text`, so views can mark values and the two kinds of blank differently.
    pub segments: Vec<Segment>,
    /// Which account must run it, where that matters.
    pub run_in: Option<String>,
    /// Values that hold control or bidirectional-override characters.
    pub warnings: Vec<String>,
}

/// A piece of a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Segment {
    /// Literal command text.
    Text { text: String },
    /// A value from the finding, already shell-quoted in `text`.
    Value { text: String, value: String, path: String },
    /// A value the finding lacks: `hint` says where to find it.
    Missing { text: String, name: String, hint: String },
    /// A value the analyst chooses (a new group's name, a ticket ID).
    Choose { text: String, name: String, hint: String },
}

impl Segment {
    pub fn text(&self) -> &str {
        match self {
            Segment::Text { text }
            | Segment::Value { text, .. }
            | Segment::Missing { text, .. }
            | Segment::Choose { text, .. } => text,
        }
    }
}
