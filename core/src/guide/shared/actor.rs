//! Whether an instance did the activity or suffered it, read from `service.resourceRole` together
//! with what kind of finding it is. The role alone misleads: Runtime Monitoring findings always
//! carry TARGET, although the process they report ran on the instance itself.

use crate::guide::ctx::Ctx;
use crate::guide::model::{Decision, Tone};

/// What the finding says about where the activity happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The activity ran on the instance (a runtime finding, the instance's own credentials used
    /// elsewhere, malware on its volumes): it is compromised, whatever the role says.
    RanOnInstance,
    /// The instance was probed or attacked over the network (port probes, brute force): it is
    /// compromised only if something got in.
    ProbedFromOutside,
    /// The instance itself did it (resourceRole ACTOR).
    Actor,
    /// Something acted against the instance and the finding does not say how far it got.
    Target,
    /// The finding carries no role and nothing else decides it.
    Unknown,
}

/// Network-probe families: the instance was reached from outside, and may still be intact.
const PROBE_FAMILIES: &[&str] =
    &["PortProbeUnprotectedPort", "PortProbeEMRUnprotectedPort", "SSHBruteForce", "RDPBruteForce"];

/// A Runtime Monitoring finding: its type says so, it carries the agent's runtime details, or its
/// feature is Runtime Monitoring.
pub fn is_runtime(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| t.resource_type_affected == "Runtime")
        || cx.f.service.runtime_details.is_some()
        || cx.f.service.feature_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("RuntimeMonitoring"))
}

/// The instance's role credentials were used from somewhere else.
pub fn is_instance_credential_exfiltration(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| t.family_is("InstanceCredentialExfiltration"))
}

/// A network probe or brute-force attempt against the instance.
pub fn is_network_probe(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| PROBE_FAMILIES.iter().any(|f| t.family_is(f)))
}

/// GuardDuty's scan found malware on the instance's volumes.
fn malware_on_volumes(cx: &Ctx) -> bool {
    cx.f.service
        .ebs_volume_scan_details
        .as_ref()
        .and_then(|s| s.scan_detections.as_ref())
        .and_then(|d| d.threat_detected_by_name.as_ref())
        .is_some_and(|t| !t.threat_names.is_empty())
}

/// The reading of the finding, the type first: a probe's type outranks stray runtime details.
pub fn reading(cx: &Ctx) -> Reading {
    let role = cx.f.service.resource_role.as_deref().map(str::to_ascii_uppercase);
    let runtime_type = cx.ty().is_some_and(|t| t.resource_type_affected == "Runtime");
    if runtime_type || is_instance_credential_exfiltration(cx) {
        return Reading::RanOnInstance;
    }
    if is_network_probe(cx) && role.as_deref() != Some("ACTOR") {
        return Reading::ProbedFromOutside;
    }
    if is_runtime(cx) || malware_on_volumes(cx) {
        return Reading::RanOnInstance;
    }
    match role.as_deref() {
        Some("ACTOR") => Reading::Actor,
        Some("TARGET") => Reading::Target,
        _ => Reading::Unknown,
    }
}

/// Whether the instance is being attacked or is attacking, as one decision every instance guide
/// words the same way.
pub fn role_decision(cx: &Ctx) -> Decision {
    let question = "Is the instance being attacked, or is it attacking?".to_owned();
    let role = cx.f.service.resource_role.as_deref().filter(|r| !r.is_empty());
    let (answer, tone) = match reading(cx) {
        Reading::RanOnInstance => {
            let what = if is_instance_credential_exfiltration(cx) {
                "The instance's own role credentials were used from somewhere else, so whoever used them read them from the instance or from something that runs on it."
            } else if is_runtime(cx) {
                "This is a Runtime Monitoring finding: GuardDuty's agent on the instance saw the process run there. GuardDuty always marks the instance as the target of such findings, which here means the activity ran on the instance, not that someone only knocked on it."
            } else {
                "GuardDuty's scan found malware on the instance's own volumes."
            };
            // The runtime sentence already explains the role; elsewhere it is worth a word.
            let role_note = match role.map(str::to_ascii_uppercase).as_deref() {
                _ if is_runtime(cx) => "",
                Some("TARGET") => " GuardDuty marks the instance as the target of the activity, but that does not make it safe.",
                Some("ACTOR") => " GuardDuty marks the instance as the one acting.",
                _ => "",
            };
            (format!("{what} Treat the instance as compromised and work through every step.{role_note}"), Tone::Danger)
        }
        Reading::ProbedFromOutside => (
            "It is being attacked: someone probed or attacked the instance over the network. If nothing shows they got in (no successful login, no unknown process, no new user or key), close what they reached and harden its security groups and network ACLs; if anything shows they did, treat it as compromised and work through every step.".to_owned(),
            Tone::Warning,
        ),
        Reading::Actor => (
            "It is attacking: GuardDuty marks the instance as the one acting, so the instance itself is doing this. Treat it as compromised and work through every step.".to_owned(),
            Tone::Danger,
        ),
        Reading::Target => (
            "It is being attacked: the activity was aimed at the instance, and this finding does not show how far it got. Treat the instance as compromised until its logs and processes show that nothing got in.".to_owned(),
            Tone::Danger,
        ),
        Reading::Unknown => (
            "The finding does not say whether the instance acted or was acted on (it has no resource role): read the action and the remote party to decide, and treat the instance as compromised if anything ran on it.".to_owned(),
            Tone::Info,
        ),
    };
    Decision { id: "shared-actor/is-the-instance-being-attacked-or-is-it".into(), question, answer, tone }
}
