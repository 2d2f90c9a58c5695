//! The finding's wire shape: every field's wire name (the API model's `locationName`), nested as
//! the model nests them. Field paths (`service.action.awsApiCallAction.remoteIpDetails.ipAddressV4`)
//! are made from it, never by changing a key's case, so the guide's facts, the "what happened"
//! rows and the raw tree name a field the same way. List indices are not part of a path, as in
//! GuardDuty's filter criteria.

use super::service::Json;
use super::{Resource, Service};

/// What a field holds, as far as its path is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Text, a number, a boolean, a time or a list of text.
    Leaf,
    /// A free-form object kept as JSON (`additionalInfo`, anomaly profiles): its keys are the
    /// document's, not the model's.
    Free,
    /// A model object (or a list of them): its fields.
    Struct(&'static [Field]),
}

/// One field of a model object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub wire: &'static str,
    pub shape: Shape,
}

/// A type with a wire shape; `model!` implements it for every model struct.
pub trait Shaped {
    const SHAPE: Shape;
}

impl Shaped for Json {
    const SHAPE: Shape = Shape::Free;
}

/// The finding's own fields, as `Finding::read` reads them.
pub const FINDING: Shape = Shape::Struct(&[
    Field { wire: "schemaVersion", shape: Shape::Leaf },
    Field { wire: "accountId", shape: Shape::Leaf },
    Field { wire: "arn", shape: Shape::Leaf },
    Field { wire: "id", shape: Shape::Leaf },
    Field { wire: "partition", shape: Shape::Leaf },
    Field { wire: "region", shape: Shape::Leaf },
    Field { wire: "type", shape: Shape::Leaf },
    Field { wire: "title", shape: Shape::Leaf },
    Field { wire: "description", shape: Shape::Leaf },
    Field { wire: "severity", shape: Shape::Leaf },
    Field { wire: "confidence", shape: Shape::Leaf },
    Field { wire: "createdAt", shape: Shape::Leaf },
    Field { wire: "updatedAt", shape: Shape::Leaf },
    Field { wire: "associatedAttackSequenceArn", shape: Shape::Leaf },
    Field { wire: "customDetectionRuleName", shape: Shape::Leaf },
    Field { wire: "resource", shape: Resource::SHAPE },
    Field { wire: "service", shape: Service::SHAPE },
]);

impl Shape {
    /// The field a document's key names, matched as the reader matches it: the wire name exactly,
    /// else ignoring ASCII case (the CLI's PascalCase, `SourceIps` for `sourceIPs`).
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        let Shape::Struct(fields) = *self else { return None };
        fields
            .iter()
            .find(|f| f.wire == key)
            .or_else(|| fields.iter().find(|f| f.wire.len() == key.len() && f.wire.eq_ignore_ascii_case(key)))
    }
}

/// Whether a dotted path names a field of the finding exactly as the wire spells it (inside a
/// free-form object, any key goes).
pub fn is_path(path: &str) -> bool {
    let mut shape = FINDING;
    for key in path.split('.') {
        match shape {
            Shape::Free => return !key.is_empty(),
            Shape::Leaf => return false,
            Shape::Struct(fields) => match fields.iter().find(|f| f.wire == key) {
                Some(f) => shape = f.shape,
                None => return false,
            },
        }
    }
    !path.is_empty()
}

/// Every field path of the model, parents before children.
pub fn paths() -> Vec<String> {
    fn walk(shape: Shape, prefix: &str, out: &mut Vec<String>) {
        if let Shape::Struct(fields) = shape {
            for f in fields {
                let path = if prefix.is_empty() { f.wire.to_owned() } else { format!("{prefix}.{}", f.wire) };
                out.push(path.clone());
                walk(f.shape, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(FINDING, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_model() {
        assert!(is_path("service.action.awsApiCallAction.remoteIpDetails.ipAddressV4"));
        assert!(is_path("service.action.rdsLoginAttemptAction.LoginAttributes.user"));
        assert!(is_path("resource.instanceDetails.tags"));
        assert!(is_path("service.additionalInfo.sample"));
        assert!(!is_path("Service.action"));
        assert!(!is_path("service.action.nope"));
        assert!(!is_path("service.count.more"));
        assert!(!is_path(""));
        let all = paths();
        assert!(all.iter().any(|p| p == "resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image"));
        assert!(all.iter().all(|p| is_path(p)));
    }

    #[test]
    fn keys_match_either_casing() {
        let f = FINDING.field("Service").map(|f| f.wire);
        assert_eq!(f, Some("service"));
        assert!(FINDING.field("nope").is_none());
    }
}
