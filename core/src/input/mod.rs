//! One entry point from the bytes a user gives to the findings they hold. It detects and unwraps
//! every shape GuardDuty findings travel in, with nothing for the user to choose:
//!
//! - a finding, an array of findings, `{"Findings":[…]}` (CLI) and `{"findings":[…]}` (API);
//! - EventBridge `GuardDuty Finding` events, and `Security Hub Findings - Imported`,
//!   `Security Hub Findings - Custom Action` (ASFF in `detail.findings`) and `Findings Imported V2`
//!   (OCSF) events, of the findings that come from GuardDuty; events of other kinds are skipped
//!   with a note. When the envelope's `account` or `region` differs from the finding's, the
//!   finding's own wins and the finding gets a warning saying so;
//! - Security Hub ASFF and OCSF (Security Lake) findings from GuardDuty, mapped onto the model;
//! - the delivery wrappers (`delivery.rs`): SNS notifications, SQS messages, Lambda events of SNS,
//!   SQS and Kinesis records, Firehose records, CloudWatch Logs subscription payloads, their data and
//!   `filter-log-events` output, and CloudWatch Logs export lines (a timestamp, then JSON), nested in
//!   any order, at most [`MAX_WRAPPERS`] deep. Each finding keeps the chain it came
//!   through (`Finding::delivery`, "SNS → EventBridge → GuardDuty"); a wrapper of anything else is
//!   a problem that says what it holds;
//! - JSON Lines, values back to back, gzip, UTF-8 with or without BOM, UTF-16 with BOM;
//! - JSON with comments (JSONC: `//`, `/* */`, trailing commas), read with a note naming the first
//!   one's line (`jsonc.rs`).
//!
//! Good findings are always returned, with one problem per bad item saying where it is. A document
//! that holds findings in a shape read here is never read as empty.
//!
//! Bounds: gzip input and everything decoded inside wrappers (JSON text in strings, base64, gzip in
//! base64) share one size bound, [`MAX_DECOMPRESSED`] and [`MAX_RATIO`] times the input (`room.rs`);
//! serde_json bounds nesting at 128.
//!
//! [`Incremental`] does it a budget of bytes at a time, so that a page can show progress and stay
//! responsive while it reads a large export; [`read`] is the same reader run to the end in one call.
//! The phases each have a file: decode, detect, lines or stream (with split), unwrap (with delivery);
//! the driver that steps through them is in `incremental.rs`. A step does its budget of bytes plus
//! one item; the payloads an item's wrappers hold are decoded within that step, so a step is also
//! bounded by the size bound, and what it decoded counts towards its work.

mod asff;
mod base64;
mod decode;
mod delivery;
mod describe;
mod detect;
mod incremental;
mod jsonc;
mod lines;
mod ocsf;
mod room;
mod scan;
mod split;
mod stream;
mod syntax;
mod type_name;
mod unwrap;

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

use crate::finding::Finding;

pub use decode::{MAX_DECOMPRESSED, MAX_RATIO};
pub use delivery::MAX_WRAPPERS;
pub use incremental::Incremental;

/// What a mapper (ASFF, OCSF) made of an object.
pub(crate) enum Outcome {
    /// A GuardDuty-shaped object to read as a finding.
    Mapped(Map<String, Value>),
    /// Not from GuardDuty: skipped with a note.
    Skip(String),
    /// From GuardDuty but unreadable: a problem.
    Bad(String),
}

/// What one input held.
#[derive(Debug, Default)]
pub struct Loaded {
    pub findings: Vec<Finding>,
    /// Items that could not be read, each with where it is.
    pub problems: Vec<Problem>,
    /// Things skipped on purpose (events of other kinds, empty responses), for the load summary.
    pub notes: Vec<String>,
    /// How the input was read where it is not plain JSON (comments and trailing commas ignored):
    /// read, and said, apart from what was skipped.
    pub warnings: Vec<String>,
    /// Whether the input was gzip.
    pub gzipped: bool,
}

/// Something in the input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column, for JSON syntax errors.
    pub column: Option<usize>,
    /// Where in the document (`[3]`, `Findings[2]`, `detail`), when not the whole document.
    pub item: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn document(message: impl Into<String>) -> Problem {
        Problem { line: None, column: None, item: None, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(col) = self.column {
                write!(f, ", column {col}")?;
            }
            wrote = true;
        }
        if let Some(item) = &self.item {
            if wrote {
                f.write_str(", ")?;
            }
            f.write_str(item)?;
            wrote = true;
        }
        if wrote {
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

/// Reads every finding in `bytes`: the incremental reader run to the end in one step, so that there
/// is one reader and a page that reads a budget at a time gets exactly what this gives.
pub fn read(bytes: &[u8]) -> Loaded {
    incremental::Reader::new(Cow::Borrowed(bytes)).finish()
}

#[cfg(test)]
mod tests;
