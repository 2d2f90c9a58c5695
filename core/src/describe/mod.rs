//! "What happened", as plain data: a finding's facts in the GuardDuty console's sections (the
//! resource, the action, the actor, the evidence, runtime and Kubernetes details, detection), each
//! row with its label, its value and the dotted wire path of the field it comes from. The app, the
//! CLI's JSON and the Markdown show these sections; none of them maps the finding again.
//!
//! Sections and rows the finding has nothing for are left out, so no value is ever empty. Values are
//! finding data and may be the attacker's: views show them as text only.

mod action;
mod build;
mod detection;
mod evidence;
mod resource;

use serde::Serialize;

use crate::finding::{Finding, Timestamp};

/// One section: `id` is stable (`resource`, `action`, `actor`, `evidence`, `runtime`,
/// `kubernetes`, `detection`, `other`), `title` is for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// Rows that belong together: the section's own rows (no title, always first), or one thing in it
/// under a title (one port probe, one container, one signal).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub title: Option<String>,
    pub rows: Vec<Row>,
}

/// One fact: its label, its value and the wire path of the field it comes from
/// (`service.action.awsApiCallAction.api`; list indices are not part of a path).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub value: Value,
    pub path: String,
}

/// A value: text, or a time the views show in the zone the reader picked.
///
/// Serialized as `{"kind": "text", "text": …}` or `{"kind": "time", "text": <ISO 8601>,
/// "epoch_ms": …}`, so `text` can always be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Time(Timestamp),
}

impl Value {
    /// The value as text (a time in ISO 8601 UTC, or as the finding wrote it).
    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            Value::Time(t) => &t.text,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Wire<'a> {
            Text { text: &'a str },
            Time { text: &'a str, epoch_ms: Option<i64> },
        }
        match self {
            Value::Text(text) => Wire::Text { text },
            Value::Time(t) => Wire::Time { text: &t.text, epoch_ms: t.epoch_ms },
        }
        .serialize(s)
    }
}

/// The finding's "what happened" sections, in reading order; empty ones are left out.
pub fn describe(f: &Finding) -> Vec<Section> {
    [
        resource::resource(&f.resource),
        action::action(f.service.action.as_ref()),
        action::actor(f),
        evidence::evidence(&f.service),
        evidence::runtime(&f.service),
        resource::kubernetes(&f.resource),
        detection::detection(&f.service),
        detection::other(f),
    ]
    .into_iter()
    .flatten()
    .collect()
}
