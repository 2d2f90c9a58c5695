//! Which remediation scenarios apply to a finding. The catalog gives the default for its type; the
//! finding's contents can add more (an attack sequence touching buckets and instances), never take
//! the catalog's away. The primary scenario is always the catalog's primary, resolved.

use crate::catalog::{self, CatalogScenario, TypeInfo};
use crate::finding::Finding;
use crate::scenario::ScenarioKey;

/// The routing of one finding.
#[derive(Debug, Clone)]
pub struct Routing {
    /// Primary first, no repeats.
    pub scenarios: Vec<ScenarioKey>,
    /// The catalog entry for the type, when the type is known.
    pub known: Option<&'static TypeInfo>,
}

/// The scenario a resource type calls for, when the type itself says nothing (the registry's
/// `resources` column).
pub fn by_resource_type(resource_type: &str) -> Option<ScenarioKey> {
    ScenarioKey::for_resource_type(resource_type)
}

pub fn route(f: &Finding) -> Routing {
    let known = catalog::lookup(&f.finding_type);
    let resource_type = f.resource_type();
    let from_catalog: Vec<CatalogScenario> = match known {
        Some(info) => info.scenarios.to_vec(),
        None => catalog::parse_type(&f.finding_type).map(|t| catalog::scenarios_for_unknown(&t)).unwrap_or_default(),
    };
    let mut scenarios: Vec<ScenarioKey> = Vec::new();
    let mut add = |k: ScenarioKey| {
        if !scenarios.contains(&k) {
            scenarios.push(k);
        }
    };
    for s in from_catalog {
        add(s.resolve(resource_type));
    }
    // An unknown type that its grammar doesn't place, or a known one whose resource family no
    // source states (attack sequences, Custom Detection Rules, Backup scans): also go by the
    // finding's own resource, after the catalog's scenarios.
    if let Some(k) = resource_type.and_then(by_resource_type) {
        if known.is_none_or(|info| info.resource_inferred) {
            add(k);
        }
    }
    // An attack sequence needs the guide of every kind of resource it touched.
    if let Some(seq) = f.service.detection.as_ref().and_then(|d| d.sequence.as_ref()) {
        for r in &seq.resources {
            if let Some(k) = r.resource_type.as_deref().and_then(ScenarioKey::for_sequence_resource) {
                add(k);
            }
        }
    }
    // Instance credentials used from elsewhere: the instance's role is the credential to contain.
    let name = catalog::parse_type(&f.finding_type);
    let uses_instance_credentials = name.as_ref().is_some_and(|t| {
        t.family_is("InstanceCredentialExfiltration")
            || (resource_type == Some("Instance")
                && t.resource_type_affected == "EC2"
                && t.family_is("MetadataDNSRebind"))
    });
    if uses_instance_credentials {
        add(ScenarioKey::Credentials);
        // The leaked credential is the instance's: the instance is compromised too.
        if f.resource.instance_details.as_ref().is_some_and(|i| i.instance_id.is_some()) {
            add(ScenarioKey::Ec2Instance);
        }
    }
    Routing { scenarios, known }
}
