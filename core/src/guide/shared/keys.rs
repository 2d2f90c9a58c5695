//! What a finding says about its credential: the kind of key (long-term, temporary, a sample's
//! placeholder, none), who it belongs to, and how a role's sessions are revoked. The credentials,
//! S3 and instance guides read keys the same way from here.

use crate::guide::ctx::Ctx;
use crate::guide::model::{Command, Decision, Tone};

const P_KEY: &str = "resource.accessKeyDetails";

/// What an access key ID says about the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `AKIA…`: a long-term key of an IAM user or the root user.
    LongTerm,
    /// `ASIA…`: temporary credentials from AWS STS.
    Temporary,
    /// `GeneratedFindingAccessKeyId`: a sample finding's placeholder.
    Sample,
    /// Some other prefix.
    Unrecognised,
    /// The finding names no key.
    NoKey,
}

pub fn key_kind(id: Option<&str>) -> KeyKind {
    match id.map(str::trim).filter(|k| !k.is_empty()) {
        None => KeyKind::NoKey,
        Some(k) if k.starts_with("AKIA") => KeyKind::LongTerm,
        Some(k) if k.starts_with("ASIA") => KeyKind::Temporary,
        Some(k) if k.starts_with("GeneratedFinding") => KeyKind::Sample,
        Some(_) => KeyKind::Unrecognised,
    }
}

/// The access key ID the finding names.
pub fn key_id<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.key().and_then(|k| k.access_key_id.as_deref())
}

pub fn user_type<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.key().and_then(|k| k.user_type.as_deref())
}

pub fn user_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.key().and_then(|k| k.user_name.as_deref())
}

pub fn is_root(cx: &Ctx) -> bool {
    user_type(cx).is_some_and(|t| t.eq_ignore_ascii_case("Root"))
}

/// The credentials are an instance's role credentials: the finding names the instance, not a key.
pub fn is_instance_role(cx: &Ctx) -> bool {
    cx.key().is_none() && cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).is_some()
}

pub fn is_role(cx: &Ctx) -> bool {
    user_type(cx).is_some_and(|t| t.eq_ignore_ascii_case("AssumedRole") || t.eq_ignore_ascii_case("Role"))
        || is_instance_role(cx)
}

/// The instance profile's name: the last segment of its ARN (`…:instance-profile/path/name`).
pub fn instance_profile_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    let arn = cx.instance()?.iam_instance_profile.as_ref()?.arn.as_deref()?;
    let (_, resource) = arn.split_once(":instance-profile/")?;
    resource.rsplit('/').next().filter(|n| !n.is_empty())
}

/// The reading of the key, as a decision.
pub fn key_decision(cx: &Ctx) -> Decision {
    let key = key_id(cx);
    let who = match (user_type(cx), user_name(cx)) {
        (Some(t), Some(n)) => format!("{t} {n}"),
        (Some(t), None) => t.to_owned(),
        (None, Some(n)) => n.to_owned(),
        (None, None) => "the principal".to_owned(),
    };
    let question = "What kind of credential is this?".to_owned();
    match key_kind(key) {
        KeyKind::LongTerm if is_root(cx) => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: "AKIA… is a long-term access key, and the user type is Root: it is an access key of the account's root user, which can do anything in the account. Root should have no access keys at all: once you have recorded when and where it was last used and what it did, deactivate it, then delete it.".into(),
            tone: Tone::Danger,
        },
        KeyKind::LongTerm => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: format!("AKIA… is a long-term access key of an IAM user ({who}). It stays valid until someone deactivates or deletes it, which you can do in IAM."),
            tone: Tone::Warning,
        },
        KeyKind::Temporary => {
            let role = if is_role(cx) {
                format!(" The user type is {}, so the user name field holds the role's name: {}. To see how the session was obtained, read sessionIssuer in the matching CloudTrail event.", user_type(cx).unwrap_or("AssumedRole"), user_name(cx).unwrap_or("(not in the finding)"))
            } else {
                " To see how the session was obtained, look for the GetSessionToken or GetFederationToken call that created it in CloudTrail.".to_owned()
            };
            Decision {
                id: "shared-keys/what-kind-of-credential-is-this".into(),
                question,
                answer: format!(
                    "ASIA… is a temporary credential issued by AWS STS. Roles always use these, and IAM users get them too (GetSessionToken, federation). There is no key to deactivate or delete, and the console does not list it: it expires on its own, and until then you stop it by revoking the sessions of the role (or denying the user) that it belongs to.{role}"
                ),
                tone: Tone::Warning,
            }
        }
        KeyKind::Sample => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: "GeneratedFindingAccessKeyId is the placeholder of a GuardDuty sample finding, not a real key: there is nothing to deactivate. Use this guide to learn the steps.".into(),
            tone: Tone::Info,
        },
        KeyKind::Unrecognised => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: format!("The key ID does not start with AKIA (long-term) or ASIA (temporary): {}. Look it up in CloudTrail before acting on it.", key.unwrap_or("")),
            tone: Tone::Warning,
        },
        KeyKind::NoKey if is_instance_role(cx) => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: "The credentials at risk are the instance role's: temporary STS credentials the instance gets from its metadata service. They cannot be deactivated; take the role off the instance if it is compromised, then revoke the role's older sessions.".into(),
            tone: Tone::Warning,
        },
        KeyKind::NoKey => Decision {
            id: "shared-keys/what-kind-of-credential-is-this".into(),
            question,
            answer: "The finding names no access key (a console sign-in, or activity GuardDuty could not tie to a key). Identify the principal by its user name and principal ID, and check all of its credentials: keys, password, MFA.".into(),
            tone: Tone::Info,
        },
    }
}

/// The policy that denies everything to sessions issued before the moment the command runs: the
/// shell fills in the current UTC time, so the command can be pasted as it is.
const REVOKE_POLICY: &str = "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"}}}]}'";

/// Revokes every session of a role issued before now (what the console's "Revoke active
/// sessions" does): `role` is the role's name from the finding, or a blank with `hint`.
pub fn revoke_role_sessions(cx: &Ctx, role: Option<(&str, &str)>, hint: &str) -> Command {
    revoke_role_sessions_of(cx, role, hint, false)
}

/// As [`revoke_role_sessions`], for a role whose name an earlier command prints (`hint` says
/// which) when the finding does not name it.
pub fn revoke_printed_role_sessions(cx: &Ctx, role: Option<(&str, &str)>, hint: &str) -> Command {
    revoke_role_sessions_of(cx, role, hint, true)
}

fn revoke_role_sessions_of(cx: &Ctx, role: Option<(&str, &str)>, hint: &str, printed: bool) -> Command {
    let c = cx
        .cmd("Revoke every session of the role issued before now: an inline policy denies everything to credentials whose token was issued earlier (what the console's \"Revoke active sessions\" does)")
        .t("aws iam put-role-policy --role-name ");
    let c = match role {
        Some((name, path)) => c.v(name, path),
        None if printed => c.output("role-name", hint),
        None => c.missing("role-name", hint),
    };
    c.t(" --policy-name AWSRevokeOlderSessions --policy-document ")
        .t(REVOKE_POLICY)
        .caution("credentials/role-sessions-revoked", "Every credential of the role issued before the time the command runs stops working, the legitimate ones too. Nothing hands out fresh credentials early: other instances with the role keep the credentials their metadata service already handed out until EC2 rotates them, warm Lambda execution environments keep theirs until they are recycled, and other callers keep their cached sessions until they renew them. Their calls fail with AccessDenied until then, for up to hours. Warn the owners of the role's other workloads before you run it. If the role already has a policy named AWSRevokeOlderSessions, this replaces it with the new time.")
        .build()
}

/// Denies everything to an IAM user's sessions issued before now.
pub fn revoke_user_sessions(cx: &Ctx) -> Command {
    let c = cx
        .cmd("Deny the user every action for temporary credentials issued before now")
        .t("aws iam put-user-policy --user-name ");
    let c = match user_name(cx) {
        Some(n) => c.v(n, &format!("{P_KEY}.userName")),
        None => c.missing("user-name", "the IAM user's name"),
    };
    c.t(" --policy-name RevokeOlderSessions --policy-document ")
        .t(REVOKE_POLICY)
        .caution("credentials/user-sessions-revoked", "Every temporary credential the user obtained before the time the command runs stops working, the user's own legitimate sessions too.")
        .build()
}

/// Finds the role behind the instance profile the finding names.
pub fn role_of_instance_profile(cx: &Ctx) -> Command {
    cx.cmd("Find the role behind the instance profile (an instance profile holds one role)")
        .t("aws iam get-instance-profile --instance-profile-name ")
        .v_or(
            instance_profile_name(cx),
            "resource.instanceDetails.iamInstanceProfile.arn",
            "instance-profile-name",
            "the last part of the instance profile's ARN (resource.instanceDetails.iamInstanceProfile.arn), or the IamInstanceProfile printed by describe-instances",
        )
        .t(" --query 'InstanceProfile.Roles[].RoleName'")
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_kinds() {
        assert_eq!(key_kind(Some("AKIAIOSFODNN7EXAMPLE")), KeyKind::LongTerm);
        assert_eq!(key_kind(Some("ASIAY34FZKBOKMUTVV7A")), KeyKind::Temporary);
        assert_eq!(key_kind(Some("GeneratedFindingAccessKeyId")), KeyKind::Sample);
        assert_eq!(key_kind(Some("AIDAEXAMPLE")), KeyKind::Unrecognised);
        assert_eq!(key_kind(None), KeyKind::NoKey);
        assert_eq!(key_kind(Some("  ")), KeyKind::NoKey);
    }
}
