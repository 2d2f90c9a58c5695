//! The finding's document as it was loaded, as a tree of nodes for the raw view: each node has its
//! key as the document spells it, its kind, its value as text and its field path. The path is the
//! GuardDuty wire path the key maps to (from the model's wire names, matched as the reader matches
//! keys, so PascalCase input gets camelCase paths); for ASFF and OCSF input, whose documents are not
//! GuardDuty-shaped, it is the document's own dotted path. List indices are never part of a path.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::finding::wire::{self, Shape};
use crate::finding::{Finding, SourceFormat};

/// What a node holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// One node of the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The key as the document spells it; `None` for the root and for list items.
    pub key: Option<String>,
    /// The item's position, for list items.
    pub index: Option<usize>,
    pub kind: Kind,
    /// Text, numbers and booleans as text (text without quotes), `null` for null; empty for objects
    /// and lists.
    pub text: String,
    /// The field path (`service.action.awsApiCallAction.remoteIpDetails.ipAddressV4`); `None` for the
    /// root and for keys that map to no field of the model.
    pub path: Option<String>,
    /// An object's members in the document's order, or a list's items.
    pub children: Vec<Node>,
}

impl Node {
    /// The node's value as JSON again.
    pub fn to_json(&self) -> Value {
        match self.kind {
            Kind::Object => {
                let map: Map<String, Value> =
                    self.children.iter().map(|c| (c.key.clone().unwrap_or_default(), c.to_json())).collect();
                Value::Object(map)
            }
            Kind::Array => Value::Array(self.children.iter().map(Node::to_json).collect()),
            Kind::String => Value::String(self.text.clone()),
            Kind::Number => serde_json::from_str(&self.text).unwrap_or_else(|_| Value::String(self.text.clone())),
            Kind::Bool => Value::Bool(self.text == "true"),
            Kind::Null => Value::Null,
        }
    }

    /// What copying the node gives: text as it is, objects and lists as indented JSON.
    pub fn copy_text(&self) -> String {
        match self.kind {
            Kind::Object | Kind::Array => serde_json::to_string_pretty(&self.to_json()).unwrap_or_default(),
            _ => self.text.clone(),
        }
    }
}

/// How a node's path is found.
#[derive(Clone, Copy)]
enum Cursor<'p> {
    /// Inside the GuardDuty model, at this shape.
    Model(Shape, &'p str),
    /// Keys as the document spells them (ASFF, OCSF, and free-form objects such as `additionalInfo`).
    Document(&'p str),
    /// Under a key the model does not have.
    Unmapped,
}

impl Cursor<'_> {
    /// The path of a member named `key`, and how its own members are found.
    fn member(self, key: &str) -> (Option<String>, MemberCursor) {
        let join = |base: &str, k: &str| if base.is_empty() { k.to_owned() } else { format!("{base}.{k}") };
        match self {
            Cursor::Model(shape, base) => match shape {
                Shape::Struct(_) => match shape.field(key) {
                    Some(f) => (Some(join(base, f.wire)), MemberCursor::Model(f.shape)),
                    None => (None, MemberCursor::Unmapped),
                },
                Shape::Free => (Some(join(base, key)), MemberCursor::Document),
                Shape::Leaf => (None, MemberCursor::Unmapped),
            },
            Cursor::Document(base) => (Some(join(base, key)), MemberCursor::Document),
            Cursor::Unmapped => (None, MemberCursor::Unmapped),
        }
    }
}

/// A member's cursor, before its path is borrowed into it.
#[derive(Clone, Copy)]
enum MemberCursor {
    Model(Shape),
    Document,
    Unmapped,
}

fn node(v: &Value, key: Option<String>, index: Option<usize>, path: Option<String>, cursor: Cursor<'_>) -> Node {
    let (kind, text) = match v {
        Value::Object(_) => (Kind::Object, String::new()),
        Value::Array(_) => (Kind::Array, String::new()),
        Value::String(s) => (Kind::String, s.clone()),
        Value::Number(n) => (Kind::Number, n.to_string()),
        Value::Bool(b) => (Kind::Bool, b.to_string()),
        Value::Null => (Kind::Null, "null".to_owned()),
    };
    let children = match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, child)| {
                let (child_path, next) = cursor.member(k);
                let p = child_path.as_deref().unwrap_or("");
                let next = match next {
                    MemberCursor::Model(shape) => Cursor::Model(shape, p),
                    MemberCursor::Document => Cursor::Document(p),
                    MemberCursor::Unmapped => Cursor::Unmapped,
                };
                node(child, Some(k.clone()), None, child_path.clone(), next)
            })
            .collect(),
        // A list's items sit at the list's own path.
        Value::Array(items) => {
            items.iter().enumerate().map(|(i, child)| node(child, None, Some(i), path.clone(), cursor)).collect()
        }
        _ => Vec::new(),
    };
    Node { key, index, kind, text, path, children }
}

/// The document as a tree. `format` says whose paths its keys follow: GuardDuty's model, or
/// (ASFF, OCSF) the document's own.
pub fn tree(doc: &Value, format: SourceFormat) -> Node {
    let cursor = match format {
        SourceFormat::GuardDuty => Cursor::Model(wire::FINDING, ""),
        SourceFormat::Asff | SourceFormat::Ocsf => Cursor::Document(""),
    };
    node(doc, None, None, None, cursor)
}

impl Finding {
    /// The finding's document as it was loaded, as a tree ([`tree`]).
    pub fn raw_tree(&self) -> Node {
        tree(&self.raw, self.format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'n>(n: &'n Node, keys: &[&str]) -> Option<&'n Node> {
        let Some((first, rest)) = keys.split_first() else { return Some(n) };
        let child = n.children.iter().find(|c| c.key.as_deref() == Some(*first))?;
        find(child, rest)
    }

    #[test]
    fn pascal_case_keys_get_wire_paths() {
        let doc = serde_json::json!({"Service": {"Action": {"AwsApiCallAction": {"RemoteIpDetails": {"IpAddressV4": "198.51.100.1"}}},
            "AdditionalInfo": {"Sample": true}}, "Resource": {"InstanceDetails": {"Tags": [{"Key": "a", "Value": "b"}]}}, "Extra": {"X": 1}});
        let t = tree(&doc, SourceFormat::GuardDuty);
        assert_eq!(t.path, None);
        let ip = find(&t, &["Service", "Action", "AwsApiCallAction", "RemoteIpDetails", "IpAddressV4"])
            .map(|n| n.path.clone());
        assert_eq!(ip, Some(Some("service.action.awsApiCallAction.remoteIpDetails.ipAddressV4".to_owned())));
        let tags = find(&t, &["Resource", "InstanceDetails", "Tags"]).map(|n| &n.children[0]);
        assert_eq!(tags.and_then(|n| n.path.as_deref()), Some("resource.instanceDetails.tags"));
        let key = tags.and_then(|n| n.children.first()).and_then(|n| n.path.as_deref());
        assert_eq!(key, Some("resource.instanceDetails.tags.key"));
        // Free-form objects keep their own keys; keys the model lacks get no path.
        let sample = find(&t, &["Service", "AdditionalInfo", "Sample"]).map(|n| n.path.clone());
        assert_eq!(sample, Some(Some("service.additionalInfo.Sample".to_owned())));
        assert_eq!(find(&t, &["Extra", "X"]).map(|n| n.path.clone()), Some(None));
        assert_eq!(t.to_json(), doc);
    }

    #[test]
    fn asff_keeps_the_documents_own_paths() {
        let doc = serde_json::json!({"Resources": [{"Details": {"AwsEc2Instance": {"Type": "t3"}}}], "n": 1.5});
        let t = tree(&doc, SourceFormat::Asff);
        let ty = find(&t, &["Resources"])
            .and_then(|n| n.children.first())
            .and_then(|n| find(n, &["Details", "AwsEc2Instance", "Type"]));
        assert_eq!(ty.and_then(|n| n.path.as_deref()), Some("Resources.Details.AwsEc2Instance.Type"));
        assert_eq!(ty.map(|n| n.text.as_str()), Some("t3"));
        assert_eq!(find(&t, &["n"]).map(|n| (n.kind, n.copy_text())), Some((Kind::Number, "1.5".to_owned())));
        assert_eq!(t.to_json(), doc);
    }
}
