//! The grammar of GuardDuty finding-type names:
//! `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`.
//!
//! Parsing the name lets the app say something useful about a type the catalog does not know yet
//! (GuardDuty adds types every year), and lets the tests hold every catalogued name to the shape.

use std::fmt;

/// `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName<'a> {
    pub threat_purpose: &'a str,
    pub resource_type_affected: &'a str,
    pub threat_family_name: &'a str,
    pub detection_mechanism: Option<&'a str>,
    pub artifact: Option<&'a str>,
}

/// Where the caller of a finding came from, as the type's name says it: the decisions that turn on
/// it (block an address, treat the caller as hostile) are taken from here, never from substrings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerReputation {
    /// A Tor exit or relay (`TorIPCaller`, `TorAccess`, `TorClient`, `TorRelay`).
    Tor,
    /// An address on a threat list AWS keeps (`MaliciousIPCaller`).
    MaliciousIp,
    /// An address on a threat list the account added (`MaliciousIPCaller.Custom`).
    CustomThreatList,
}

impl TypeName<'_> {
    /// Extended Threat Detection's correlated findings, which span several resources.
    pub fn is_attack_sequence(&self) -> bool {
        self.threat_purpose == "AttackSequence"
    }

    /// The family is `family` (`PortProbeUnprotectedPort`, `AnomalousBehavior`…).
    pub fn family_is(&self, family: &str) -> bool {
        self.threat_family_name == family
    }

    /// Raised by an anomaly-detection model rather than a rule or a threat list.
    pub fn is_anomalous(&self) -> bool {
        self.threat_family_name == "AnomalousBehavior"
    }

    /// The caller's reputation, for the types whose name carries it.
    pub fn caller_reputation(&self) -> Option<CallerReputation> {
        match self.threat_family_name {
            "TorIPCaller" | "TorAccess" | "TorClient" | "TorRelay" => Some(CallerReputation::Tor),
            "MaliciousIPCaller" if self.detection_mechanism == Some("Custom") => {
                Some(CallerReputation::CustomThreatList)
            }
            "MaliciousIPCaller" => Some(CallerReputation::MaliciousIp),
            _ => None,
        }
    }

    /// GuardDuty's penetration-testing distributions (`PenTest:`).
    pub fn is_pentest_tool(&self) -> bool {
        self.threat_purpose == "PenTest"
    }
}

/// Writes the name back exactly as parsed.
impl fmt::Display for TypeName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.threat_purpose, self.resource_type_affected, self.threat_family_name)?;
        if let Some(m) = self.detection_mechanism {
            write!(f, ".{m}")?;
        }
        if let Some(a) = self.artifact {
            write!(f, "!{a}")?;
        }
        Ok(())
    }
}

/// Splits a type name into its parts; `None` when it does not fit the grammar.
///
/// The detection mechanism is everything after the first dot of the part after `/` (and before
/// `!`), so `C&CActivity.B` is family `C&CActivity`, mechanism `B`. Purpose and resource are
/// letters and digits; the family may also hold `&` (`C&CActivity`), `-` and `_`; the mechanism
/// may hold further dots. No part may be empty and nothing may surround the name, so free text
/// such as a finding's title is rejected rather than half-parsed.
pub fn parse_type(s: &str) -> Option<TypeName<'_>> {
    let (purpose, rest) = s.split_once(':')?;
    let (resource, rest) = rest.split_once('/')?;
    let (body, artifact) = match rest.split_once('!') {
        Some((body, artifact)) => (body, Some(artifact)),
        None => (rest, None),
    };
    let (family, mechanism) = match body.split_once('.') {
        Some((family, mechanism)) => (family, Some(mechanism)),
        None => (body, None),
    };

    let ok = is_name(purpose)
        && is_name(resource)
        && is_word(family)
        && mechanism.is_none_or(|m| m.split('.').all(is_word))
        && artifact.is_none_or(is_word);
    ok.then_some(TypeName {
        threat_purpose: purpose,
        resource_type_affected: resource,
        threat_family_name: family,
        detection_mechanism: mechanism,
        artifact,
    })
}

/// A purpose or resource: starts with a letter, then letters and digits (`Route53Resolver`).
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// A family, mechanism segment or artifact: starts with a letter or digit, then letters, digits
/// and `&`, `-`, `_`.
fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '&' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Purpose, resource, family, mechanism, artifact.
    type Parts<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

    fn parts(s: &str) -> Option<Parts<'_>> {
        parse_type(s).map(|t| {
            (t.threat_purpose, t.resource_type_affected, t.threat_family_name, t.detection_mechanism, t.artifact)
        })
    }

    #[test]
    fn family_mechanism_and_artifact() {
        assert_eq!(
            parts("Backdoor:EC2/C&CActivity.B!DNS"),
            Some(("Backdoor", "EC2", "C&CActivity", Some("B"), Some("DNS")))
        );
    }

    #[test]
    fn mechanism_without_artifact() {
        assert_eq!(
            parts("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"),
            Some(("UnauthorizedAccess", "IAMUser", "InstanceCredentialExfiltration", Some("OutsideAWS"), None))
        );
    }

    #[test]
    fn artifact_without_mechanism() {
        assert_eq!(
            parts("Execution:EC2/MaliciousFile!Snapshot"),
            Some(("Execution", "EC2", "MaliciousFile", None, Some("Snapshot")))
        );
    }

    #[test]
    fn bare_family() {
        let t = parse_type("AttackSequence:S3/CompromisedData");
        assert_eq!(
            t,
            Some(TypeName {
                threat_purpose: "AttackSequence",
                resource_type_affected: "S3",
                threat_family_name: "CompromisedData",
                detection_mechanism: None,
                artifact: None,
            })
        );
        assert!(t.is_some_and(|t| t.is_attack_sequence()));
    }

    #[test]
    fn mechanism_is_everything_after_the_first_dot() {
        assert_eq!(
            parts("Persistence:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount"),
            Some((
                "Persistence",
                "Kubernetes",
                "AnomalousBehavior",
                Some("WorkloadDeployed"),
                Some("ContainerWithSensitiveMount")
            ))
        );
        assert_eq!(parts("Impact:EC2/Future.Two.Dots").map(|p| (p.2, p.3)), Some(("Future", Some("Two.Dots"))));
    }

    #[test]
    fn rejects_what_does_not_fit() {
        for s in [
            "not a type",
            "",
            "Backdoor",
            "Backdoor:EC2",
            "Backdoor:EC2/",
            "Backdoor:/C&CActivity",
            ":EC2/C&CActivity",
            "Backdoor:EC2/.B",
            "Backdoor:EC2/C&CActivity.",
            "Backdoor:EC2/C&CActivity.B!",
            "Backdoor:EC2/C&CActivity..B",
            "Backdoor:EC2/C&CActivity!DNS!DNS",
            "Backdoor:EC2/C&CActivity.B!DNS ",
            " Backdoor:EC2/C&CActivity",
            "Backdoor:EC2/C&C Activity",
            "Backdoor:EC2/C&CActivity:B",
            "Backdoor:EC2/Sub/Family",
            "Back door:EC2/Family",
            "Backdoor:EC-2/Family",
            "Backdoor:EC2/Fam\u{202e}ily",
        ] {
            assert_eq!(parse_type(s), None, "{s:?}");
        }
    }

    #[test]
    fn display_writes_the_name_back() {
        for s in [
            "Backdoor:EC2/C&CActivity.B!DNS",
            "Execution:EC2/MaliciousFile!Snapshot",
            "AttackSequence:S3/CompromisedData",
            "Recon:IAMUser/MaliciousIPCaller.Custom",
        ] {
            assert_eq!(parse_type(s).map(|t| t.to_string()).as_deref(), Some(s));
        }
    }
}
