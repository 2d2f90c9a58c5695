//! Where the caller came from, read from the type's name (Tor, a threat list AWS keeps, one the
//! account added), as one decision every scenario words the same way.

use crate::catalog::CallerReputation;
use crate::guide::ctx::Ctx;
use crate::guide::model::{Decision, Tone};

/// The decision on the caller's source, when the type's name says something about it.
pub fn reputation_decision(cx: &Ctx) -> Option<Decision> {
    let answer = match cx.ty()?.caller_reputation()? {
        CallerReputation::Tor => "A Tor exit node: the caller hid their real address on purpose. Legitimate automation rarely does this; treat the credential or account as compromised unless its owner can explain it.",
        CallerReputation::MaliciousIp => "An address GuardDuty's threat intelligence lists as malicious (the lists matched are shown with the remote party).",
        CallerReputation::CustomThreatList => "An address on one of your own threat lists (the list is named with the remote party): your team flagged it before.",
    };
    Some(Decision {
        id: "shared-caller/where-did-the-activity-come-from".into(),
        question: "Where did the activity come from?".into(),
        answer: answer.into(),
        tone: Tone::Danger,
    })
}
