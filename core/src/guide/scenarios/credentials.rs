//! `credentials`: potentially compromised AWS credentials. Identify the IAM entity and the API it
//! called, read the kind of key, review what it may do, confirm with its owner, then contain it.

use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};

const P_KEY: &str = "resource.accessKeyDetails";
const P_CALL: &str = "service.action.awsApiCallAction";
const ROLE_HINT: &str = "the role's name: the finding's user name, or for an instance role aws iam get-instance-profile --instance-profile-name <profile> --query 'InstanceProfile.Roles[].RoleName'";

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

fn p(field: &str) -> String {
    format!("{P_KEY}.{field}")
}

fn user_type<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.key().and_then(|k| k.user_type.as_deref())
}

fn user_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.key().and_then(|k| k.user_name.as_deref())
}

fn is_root(cx: &Ctx) -> bool {
    user_type(cx).is_some_and(|t| t.eq_ignore_ascii_case("Root"))
}

/// The credentials are an instance's role credentials: the finding names the instance, not a key.
fn is_instance_role(cx: &Ctx) -> bool {
    cx.key().is_none() && cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).is_some()
}

fn is_role(cx: &Ctx) -> bool {
    user_type(cx).is_some_and(|t| t.eq_ignore_ascii_case("AssumedRole") || t.eq_ignore_ascii_case("Role"))
        || is_instance_role(cx)
}

/// The reading of the key, as a decision.
pub fn key_decision(cx: &Ctx) -> Decision {
    let key = cx.key().and_then(|k| k.access_key_id.as_deref());
    let who = match (user_type(cx), user_name(cx)) {
        (Some(t), Some(n)) => format!("{t} {n}"),
        (Some(t), None) => t.to_owned(),
        (None, Some(n)) => n.to_owned(),
        (None, None) => "the principal".to_owned(),
    };
    let question = "What kind of credential is this?".to_owned();
    match key_kind(key) {
        KeyKind::LongTerm if is_root(cx) => Decision {
            question,
            answer: "AKIA… is a long-term access key, and the user type is Root: it is an access key of the account's root user, which can do anything in the account. Root should have no access keys at all: delete it once you know what uses it.".into(),
            tone: Tone::Danger,
        },
        KeyKind::LongTerm => Decision {
            question,
            answer: format!("AKIA… is a long-term access key of an IAM user ({who}). It stays valid until someone deactivates or deletes it, which you can do in IAM."),
            tone: Tone::Warning,
        },
        KeyKind::Temporary => {
            let role = if is_role(cx) {
                format!(" The user type is {}, so the user name field holds the role's name: {}.", user_type(cx).unwrap_or("AssumedRole"), user_name(cx).unwrap_or("(not in the finding)"))
            } else {
                String::new()
            };
            Decision {
                question,
                answer: format!(
                    "ASIA… is a temporary credential issued by AWS STS. Roles always use these, and IAM users get them too (GetSessionToken, federation). IAM cannot deactivate it and the console does not list it: it expires on its own, and a role's sessions can be revoked.{role} To see how the session was obtained, read `sessionIssuer` in the matching CloudTrail event."
                ),
                tone: Tone::Warning,
            }
        }
        KeyKind::Sample => Decision {
            question,
            answer: "GeneratedFindingAccessKeyId is the placeholder of a GuardDuty sample finding, not a real key: there is nothing to deactivate. Use this guide to learn the steps.".into(),
            tone: Tone::Info,
        },
        KeyKind::Unrecognised => Decision {
            question,
            answer: format!("The key ID does not start with AKIA (long-term) or ASIA (temporary): {}. Look it up in CloudTrail before acting on it.", key.unwrap_or("")),
            tone: Tone::Warning,
        },
        KeyKind::NoKey if is_instance_role(cx) => Decision {
            question,
            answer: "The credentials at risk are the instance role's: temporary STS credentials the instance gets from its metadata service. They cannot be deactivated; revoke the role's sessions and take the role off the instance if it is compromised.".into(),
            tone: Tone::Warning,
        },
        KeyKind::NoKey => Decision {
            question,
            answer: "The finding names no access key (a console sign-in, or activity GuardDuty could not tie to a key). Identify the principal by its user name and principal ID, and check all of its credentials: keys, password, MFA.".into(),
            tone: Tone::Info,
        },
    }
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    vec![identify(cx), review_permissions(cx), confirm(cx), contain(cx)]
}

fn identify(cx: &Ctx) -> Step {
    let k = cx.key();
    let call = cx.api_call();
    let key = k.and_then(|k| k.access_key_id.as_deref());
    let mut facts = vec![
        fact("Access key ID", key, &p("accessKeyId")),
        fact("User type", user_type(cx), &p("userType")),
        fact(if is_role(cx) { "User name (the role's name)" } else { "User name" }, user_name(cx), &p("userName")),
        fact("Principal ID", k.and_then(|k| k.principal_id.clone()), &p("principalId")),
    ];
    // Findings without an API call (attack sequences, runtime findings) have none of these.
    if call.is_some() {
        facts.push(fact("API called", call.and_then(|c| c.api.clone()), &format!("{P_CALL}.api")));
        facts.push(fact("Service", call.and_then(|c| c.service_name.clone()), &format!("{P_CALL}.serviceName")));
        facts.push(fact("Caller type", call.and_then(|c| c.caller_type.clone()), &format!("{P_CALL}.callerType")));
    }
    facts.extend(some_fact(
        "Error code (the call failed)",
        call.and_then(|c| c.error_code.clone()),
        &format!("{P_CALL}.errorCode"),
    ));
    let mut decisions = vec![key_decision(cx)];
    if cx.f.finding_type.contains("InstanceCredentialExfiltration") {
        let outside = cx.f.finding_type.ends_with("OutsideAWS");
        decisions.push(Decision {
            question: "Whose credentials are these?".into(),
            answer: format!(
                "They belong to the role of the instance {} and were used {}. Treat the instance as compromised (its section in this guide) and revoke the role's active sessions.",
                cx.instance_id().unwrap_or("named in the finding"),
                if outside { "from an address outside AWS" } else { "from another AWS account" }
            ),
            tone: Tone::Danger,
        });
    }
    let commands = vec![cx.cmd("List the recent management events made with this key (90 days, this Region), including how a session was issued (sessionIssuer)")
        .t("aws cloudtrail lookup-events --lookup-attributes ")
        .v_or(key.map(|k| format!("AttributeKey=AccessKeyId,AttributeValue={k}")).as_deref(), &p("accessKeyId"), "lookup-attribute", "AttributeKey=Username,AttributeValue=<user-name> when the finding has no key")
        .t(" --max-results 50 --query 'Events[].CloudTrailEvent'")
        .build()];
    Step {
        id: "credentials/identify".into(),
        phase: Phase::Understand,
        title: "Identify the IAM entity and the API it called".into(),
        why: "The key's prefix, the user type and the user name tell you what can be done about this credential: a long-term key can be deactivated, a temporary one cannot, and a role's sessions are revoked on the role.".into(),
        facts,
        decisions,
        commands,
    }
}

fn review_permissions(cx: &Ctx) -> Step {
    let name = user_name(cx);
    let name_path = p("userName");
    let account = cx.account;
    let mut commands = Vec::new();
    let mut decisions = Vec::new();
    if is_root(cx) {
        decisions.push(Decision {
            question: "What may this principal do?".into(),
            answer: "Everything: the root user cannot be limited by IAM policies in its own account (only by service control policies in AWS Organizations).".into(),
            tone: Tone::Danger,
        });
    } else if is_role(cx) {
        let arn = match (account, name) {
            (Some(a), Some(n)) => Some(format!("arn:{}:iam::{a}:role/{n}", cx.partition)),
            _ => None,
        };
        commands.push(
            cx.cmd("Managed policies attached to the role")
                .t("aws iam list-attached-role-policies --role-name ")
                .v_or(name, &name_path, "role-name", ROLE_HINT)
                
                .build(),
        );
        commands.push(
            cx.cmd("Inline policies of the role")
                .t("aws iam list-role-policies --role-name ")
                .v_or(name, &name_path, "role-name", ROLE_HINT)
                
                .build(),
        );
        commands.push(
            cx.cmd("Which services the role used recently (Access Advisor); then read the report with get-service-last-accessed-details --job-id")
                .t("aws iam generate-service-last-accessed-details --arn ")
                .v_or(arn.as_deref(), &name_path, "role-arn", "arn:aws:iam::<account-id>:role/<role-name> (add the role's path if it has one)")
                .build(),
        );
    } else {
        let arn = match (account, name) {
            (Some(a), Some(n)) => Some(format!("arn:{}:iam::{a}:user/{n}", cx.partition)),
            _ => None,
        };
        for (what, cmd) in [
            ("Managed policies attached to the user", "list-attached-user-policies"),
            ("Inline policies of the user", "list-user-policies"),
            ("Groups the user belongs to (their policies apply too)", "list-groups-for-user"),
        ] {
            commands.push(
                cx.cmd(what)
                    .t(&format!("aws iam {cmd} --user-name "))
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    
                    .build(),
            );
        }
        commands.push(
            cx.cmd("Which services the user used recently (Access Advisor); then read the report with get-service-last-accessed-details --job-id")
                .t("aws iam generate-service-last-accessed-details --arn ")
                .v_or(arn.as_deref(), &name_path, "user-arn", "arn:aws:iam::<account-id>:user/<user-name> (add the user's path if it has one)")
                .build(),
        );
    }
    Step {
        id: "credentials/review-permissions".into(),
        phase: Phase::Understand,
        title: "Review what the entity is allowed to do".into(),
        why: "The permissions bound the damage: what the credential could read, change or create is where you look next. Permissions it never uses are permissions to remove.".into(),
        facts: vec![fact("User type", user_type(cx), &p("userType")), fact("User name", name, &name_path), fact("Account", account, "accountId")],
        decisions,
        commands,
    }
}

fn confirm(cx: &Ctx) -> Step {
    let f = cx.f;
    let call = cx.api_call();
    let mut facts = vec![
        fact("First seen", f.service.event_first_seen.as_ref().map(|t| t.text.clone()), "service.eventFirstSeen"),
        fact("Last seen", f.service.event_last_seen.as_ref().map(|t| t.text.clone()), "service.eventLastSeen"),
        fact("Times seen", f.service.count.map(|c| c.to_string()), "service.count"),
    ];
    if call.is_some() {
        facts.insert(0, fact("API called", call.and_then(|c| c.api.clone()), &format!("{P_CALL}.api")));
        facts.extend(cx.remote_facts());
        facts.push(fact("User agent", call.and_then(|c| c.user_agent.clone()), &format!("{P_CALL}.userAgent")));
    } else {
        facts.extend(cx.remote_facts().into_iter().filter(|f| f.value.is_some()));
    }
    facts.extend(some_fact(
        "Domain",
        call.and_then(|c| c.domain_details.as_ref()).and_then(|d| d.domain.clone()),
        &format!("{P_CALL}.domainDetails.domain"),
    ));
    let remote_account = call.and_then(|c| c.remote_account_details.as_ref());
    facts.extend(some_fact(
        "Calling account",
        remote_account.and_then(|r| r.account_id.clone()),
        &format!("{P_CALL}.remoteAccountDetails.accountId"),
    ));
    if remote_account.is_some() {
        facts.push(fact_bool(
            "Calling account is one of yours (affiliated)",
            remote_account.and_then(|r| r.affiliated),
            &format!("{P_CALL}.remoteAccountDetails.affiliated"),
        ));
    }
    facts.extend(some_fact(
        "Threat lists matched",
        cx.threat_lists(),
        "service.evidence.threatIntelligenceDetails.threatListName",
    ));

    let ty = f.finding_type.as_str();
    let mut decisions = Vec::new();
    decisions.extend(crate::guide::shared::caller::reputation_decision(cx));
    if ty.starts_with("PenTest:") {
        decisions.push(Decision {
            question: "Was this a penetration test?".into(),
            answer: "The call came from a penetration-testing distribution (Kali, Parrot or Pentoo). If no test was scheduled with this credential, someone else holds it.".into(),
            tone: Tone::Warning,
        });
    }
    if ty.contains("RootCredentialUsage") || is_root(cx) {
        decisions.push(Decision {
            question: "Should the root user be doing this?".into(),
            answer: "Almost never: day-to-day work belongs to IAM roles and users. Unless an administrator did a task that needs root, treat it as compromise.".into(),
            tone: Tone::Danger,
        });
    }
    if let Some(aff) = remote_account.and_then(|r| r.affiliated) {
        decisions.push(Decision {
            question: "Is the calling account one of yours?".into(),
            answer: if aff {
                "Yes (affiliated): the call came from an account in your organisation or one GuardDuty monitors for you. Check whether that path (a VPN, a hub account, Outposts) is expected.".into()
            } else {
                "No: the call came from an account that is not yours.".into()
            },
            tone: if aff { Tone::Info } else { Tone::Danger },
        });
    }
    decisions.push(Decision {
        question: "Did the credential's owner make this call, at this time, from this address?".into(),
        answer: "Ask them. Yes → the activity was expected: archive or suppress the finding (last section). No, or no answer → treat the credential as compromised and contain it (next step).".into(),
        tone: Tone::Info,
    });
    Step {
        id: "credentials/confirm-with-owner".into(),
        phase: Phase::Understand,
        title: "Decide whether the use was legitimate".into(),
        why: "Only the credential's owner can tell whether the call, its time and its source address were theirs; everything else is a guess.".into(),
        facts,
        decisions,
        commands: Vec::new(),
    }
}

fn contain(cx: &Ctx) -> Step {
    let key = cx.key().and_then(|k| k.access_key_id.as_deref());
    let name = user_name(cx);
    let key_path = p("accessKeyId");
    let name_path = p("userName");
    let kind = key_kind(key);
    let mut commands = Vec::new();
    let mut decisions = vec![Decision {
        question: "What does \"not legitimate\" mean for the account?".into(),
        answer: "The key, the user's password, or the whole account may be compromised. Beyond this key: look for users, roles, keys and resources you did not create, in every Region, and follow AWS's guide for a possibly compromised account.".into(),
        tone: Tone::Danger,
    }];
    if is_root(cx) {
        decisions.push(Decision {
            question: "How do you contain root credentials?".into(),
            answer: "Sign in as root: change the password, turn on MFA (hardware or passkey), and delete the root access keys under Security credentials. If you manage root centrally in AWS Organizations, remove the member account's root credentials there.".into(),
            tone: Tone::Danger,
        });
    }
    match kind {
        KeyKind::LongTerm if !is_root(cx) => {
            commands.push(
                cx.cmd("Deactivate the key now (reversible)")
                    .t("aws iam update-access-key --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    .t(" --access-key-id ")
                    .v_or(key, &key_path, "access-key-id", "")
                    .t(" --status Inactive")
                    
                    .build(),
            );
            commands.push(
                cx.cmd("List the user's other keys: check them too")
                    .t("aws iam list-access-keys --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    
                    .build(),
            );
            commands.push(
                cx.cmd("Give the owner a new key, once they are ready to switch")
                    .t("aws iam create-access-key --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    
                    .build(),
            );
            commands.push(
                cx.cmd("Delete the compromised key for good")
                    .t("aws iam delete-access-key --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    .t(" --access-key-id ")
                    .v_or(key, &key_path, "access-key-id", "")
                    
                    .build(),
            );
            commands.push(cx.cmd("If the user can sign in to the console: remove the password (recreate it later with create-login-profile)").t("aws iam delete-login-profile --user-name ").v_or(name, &name_path, "user-name", "the IAM user's name").build());
            commands.push(
                cx.cmd("Check the user's MFA devices")
                    .t("aws iam list-mfa-devices --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    
                    .build(),
            );
        }
        KeyKind::Temporary | KeyKind::NoKey if is_role(cx) => {
            decisions.push(Decision {
                question: "How do you stop a temporary credential?".into(),
                answer: "Revoke the role's active sessions: a policy denies everything to sessions issued before now. New sessions still work, so also fix what leaked the session (an instance, a Lambda function, a task) or it will leak again.".into(),
                tone: Tone::Warning,
            });
            commands.push(
                cx.cmd("Revoke every session of the role issued before now (what the console's \"Revoke active sessions\" does)")
                    .t("aws iam put-role-policy --role-name ")
                    .v_or(name, &name_path, "role-name", ROLE_HINT)
                    .t(" --policy-name AWSRevokeOlderSessions --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"}}}]}'")
                    .build(),
            );
        }
        KeyKind::Temporary => {
            decisions.push(Decision {
                question: "How do you stop a temporary credential of an IAM user?".into(),
                answer: "It cannot be deactivated and expires on its own (at most 36 hours for GetSessionToken). Deny the user everything until then with an inline policy, and deactivate the user's long-term keys, which were used to get it.".into(),
                tone: Tone::Warning,
            });
            commands.push(
                cx.cmd("Deny the user every action for sessions issued before now")
                    .t("aws iam put-user-policy --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    .t(" --policy-name RevokeOlderSessions --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"}}}]}'")
                    .build(),
            );
            commands.push(
                cx.cmd("List the user's long-term keys, to deactivate them")
                    .t("aws iam list-access-keys --user-name ")
                    .v_or(name, &name_path, "user-name", "the IAM user's name")
                    
                    .build(),
            );
        }
        _ => {}
    }
    if let Some(profile) = cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).and_then(|p| p.arn.as_deref()) {
        if cx.f.finding_type.contains("CredentialExfiltration") || cx.f.finding_type.contains("MetadataDNSRebind") {
            let profile_name = profile.rsplit('/').next().unwrap_or(profile);
            commands.push(
                cx.cmd("Find the role behind the instance profile, to revoke its sessions as above")
                    .t("aws iam get-instance-profile --instance-profile-name ")
                    .v(profile_name, "resource.instanceDetails.iamInstanceProfile.arn")
                    .t(" --query 'InstanceProfile.Roles[].RoleName'")
                    
                    .build(),
            );
        }
    }
    Step {
        id: "credentials/contain".into(),
        phase: Phase::Contain,
        title: "If it was not legitimate: disable, rotate or revoke".into(),
        why: "Until the credential stops working, whoever holds it can keep using it. Act on the kind of credential the key's prefix showed.".into(),
        facts: vec![fact("Access key ID", key, &key_path), fact("User name", name, &name_path), fact("User type", user_type(cx), &p("userType"))],
        decisions,
        commands,
    }
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
