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
    /// never depends on the step's position. A renamed or split step keeps its old ID in
    /// [`super::step_ids::RENAMED`].
    pub id: String,
    /// The incident-response phase the step belongs to. Views group and label steps by it; the
    /// order of steps is set by the ordering rules (evidence before destruction, controller before
    /// containment), not by the phase.
    pub phase: Phase,
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
    /// Stable across wording changes (`ec2-instance/is-the-instance-being-attacked-or-is-it`): the
    /// key of its text in a message catalogue. The same question asked in two places, with the
    /// answer that fits each, keeps one ID.
    pub id: String,
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
    /// What running it does: read only, a change the guide can undo, or a loss for good.
    pub effect: Effect,
    /// What a destructive command destroys (every destructive command has one), or what a
    /// reversible one affects beyond the obvious (a suppression rule hides future findings).
    pub caution: Option<String>,
    /// The stable ID of the caution's text: the operation's (`ops/aws-ec2-terminate-instances`),
    /// or the step's own (`malware-s3/tags-replaced`).
    pub caution_id: Option<String>,
    /// What the command does to which kind of resource, as the ordering rules see it.
    #[serde(skip)]
    pub acts: Vec<Act>,
}

/// The incident-response phases a step can belong to, in the spirit of NIST SP 800-61.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Understand what happened and how far it reaches.
    Understand,
    /// Capture evidence before anything changes it.
    Preserve,
    /// Stop the harm from spreading, reversibly where possible.
    Contain,
    /// Remove what the attacker left or used.
    Eradicate,
    /// Return to a known-good state.
    Recover,
    /// Prevent recurrence, and tune detection (archive and suppression).
    Tune,
}

impl Phase {
    pub const ALL: [Phase; 6] =
        [Phase::Understand, Phase::Preserve, Phase::Contain, Phase::Eradicate, Phase::Recover, Phase::Tune];

    /// The phase's name as views show it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Understand => "Understand and scope",
            Phase::Preserve => "Preserve evidence",
            Phase::Contain => "Contain",
            Phase::Eradicate => "Eradicate",
            Phase::Recover => "Recover",
            Phase::Tune => "Prevent recurrence and tune",
        }
    }

    /// The phase's key, as JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Understand => "understand",
            Phase::Preserve => "preserve",
            Phase::Contain => "contain",
            Phase::Eradicate => "eradicate",
            Phase::Recover => "recover",
            Phase::Tune => "tune",
        }
    }
}

/// What running a command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Describes, lists, gets, looks up: changes nothing.
    ReadOnly,
    /// A change that a command the guide can name undoes (a security-group swap, a key set
    /// inactive, zero concurrency, a cordon, a tag).
    Reversible,
    /// Loses state or evidence for good (delete, terminate, deregister, replacing a whole ACL or
    /// policy, overwriting code, stopping a task).
    Destructive,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::ReadOnly => "read-only",
            Effect::Reversible => "reversible change",
            Effect::Destructive => "destructive",
        }
    }
}

/// The kinds of resource the ordering rules track: each has a rule for what its evidence is and,
/// for some, a controller that can undo containment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// An EC2 instance: its evidence is a snapshot of its volumes (and memory, where captured).
    /// Auto Scaling can replace it.
    Instance,
    /// An S3 object: its evidence is a copy or a retained version.
    Object,
    /// A resource's access policy or ACL (a bucket's, a vault's, a function's): its evidence is a
    /// saved copy of the document it is replaced with.
    AccessPolicy,
    /// An IAM access key: its evidence is its last-used record and its CloudTrail events.
    AccessKey,
    /// A Kubernetes pod: its evidence is its spec and logs. A Deployment or ReplicaSet can replace it.
    Pod,
    /// An ECS task: its evidence is its description and logs. An ECS service can replace it.
    Task,
    /// A container on a host: its evidence is its inspect output, logs and filesystem.
    Container,
    /// A Lambda function: its evidence is a copy of its code and configuration.
    Function,
    /// An RDS database: its evidence is a snapshot.
    Database,
    /// An EBS snapshot, an AMI, a recovery point or a container image: its evidence is its
    /// description and the scan result, kept before it is deleted.
    Artifact,
}

/// What a command does to a kind of resource, as the ordering rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Act {
    /// Captures the resource's evidence.
    Captures(Subject),
    /// Takes the resource out of the hands of a controller that would undo its containment.
    Releases(Subject),
    /// Contains the resource (isolates it, stops its traffic).
    Contains(Subject),
    /// Destroys the resource or its evidence.
    Destroys(Subject),
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
    /// A value an earlier command prints (the ID of a group it created): `hint` says which.
    Output { text: String, name: String, hint: String },
}

impl Segment {
    pub fn text(&self) -> &str {
        match self {
            Segment::Text { text }
            | Segment::Value { text, .. }
            | Segment::Missing { text, .. }
            | Segment::Choose { text, .. }
            | Segment::Output { text, .. } => text,
        }
    }
}
