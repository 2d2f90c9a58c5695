//! `credentials`: potentially compromised AWS credentials. Identify the IAM entity and the API it
//! called, read the kind of key, review what it may do, confirm with its owner, then contain it.

use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};
use crate::guide::shared::actor::is_instance_credential_exfiltration;
use crate::guide::shared::keys::{self, is_role, is_root, key_decision, key_kind, user_name, user_type, KeyKind};

const P_KEY: &str = "resource.accessKeyDetails";
const P_CALL: &str = "service.action.awsApiCallAction";
const ROLE_HINT: &str = "the role's name: the finding's user name, or for an instance role aws iam get-instance-profile --instance-profile-name <profile> --query 'InstanceProfile.Roles[].RoleName'";

fn p(field: &str) -> String {
    format!("{P_KEY}.{field}")
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
    if is_instance_credential_exfiltration(cx) {
        // `.InsideAWS` is use from another AWS account; `.OutsideAWS`, and the retired name without
        // a mechanism (renamed `.OutsideAWS` in 2021), use from an external IP address.
        let inside = cx.ty().is_some_and(|t| t.detection_mechanism == Some("InsideAWS"));
        // Routing adds the instance's section exactly when the finding names the instance.
        let instance = match cx.instance_id() {
            Some(id) => format!("the instance {id}, which has its own section in this guide"),
            None => "the instance that received them (the finding does not name it; in CloudTrail, the role session name of an instance's credentials is its instance ID)".to_owned(),
        };
        decisions.push(Decision {
            id: "credentials/whose-credentials-are-these".into(),
            question: "Whose credentials are these?".into(),
            answer: format!(
                "They belong to an EC2 instance's role and were used {}. Treat {instance} as compromised and revoke the role's older sessions.",
                if inside { "from another AWS account" } else { "from an external IP address, outside AWS" }
            ),
            tone: Tone::Danger,
        });
    }
    decisions.push(Decision {
        id: "credentials/does-the-lookup-show-everything-the-key-did".into(),
        question: "Does the lookup show everything the key did?".into(),
        answer: "No. lookup-events reads the last 90 days of management events in one Region only, and never S3 data events. A stolen key works in every Region: run the lookup again with --region for each Region the account has enabled (aws account list-regions, or the console, lists them), or query a trail that logs every Region through CloudTrail Lake or Athena, which also holds data events where the trail records them.".into(),
        tone: Tone::Warning,
    });
    let description = if is_role(cx) {
        "List the recent management events made with this key in this Region, including how its session was issued (sessionIssuer); save the output with the incident record, as the credential's evidence"
    } else {
        "List the recent management events made with this key in this Region; save the output with the incident record, as the credential's evidence"
    };
    let commands = vec![cx
        .cmd(description)
        .t("aws cloudtrail lookup-events --lookup-attributes ")
        .v_or(
            key.map(|k| format!("AttributeKey=AccessKeyId,AttributeValue={k}")).as_deref(),
            &p("accessKeyId"),
            "lookup-attribute",
            "AttributeKey=Username,AttributeValue=<user-name> when the finding has no key",
        )
        .t(" --query 'Events[].CloudTrailEvent'")
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
            id: "credentials/what-may-this-principal-do".into(),
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

    let ty = cx.ty();
    let mut decisions = Vec::new();
    decisions.extend(crate::guide::shared::caller::reputation_decision(cx));
    if ty.as_ref().is_some_and(|t| t.is_pentest_tool()) {
        decisions.push(Decision {
            id: "credentials/was-this-a-penetration-test".into(),
            question: "Was this a penetration test?".into(),
            answer: "The call came from a penetration-testing distribution (Kali, Parrot or Pentoo). If no test was scheduled with this credential, someone else holds it.".into(),
            tone: Tone::Warning,
        });
    }
    if ty.as_ref().is_some_and(|t| t.family_is("RootCredentialUsage")) || is_root(cx) {
        decisions.push(Decision {
            id: "credentials/should-the-root-user-be-doing-this".into(),
            question: "Should the root user be doing this?".into(),
            answer: "Almost never: day-to-day work belongs to IAM roles and users. Unless an administrator did a task that needs root, treat it as compromise.".into(),
            tone: Tone::Danger,
        });
    }
    if let Some(aff) = remote_account.and_then(|r| r.affiliated) {
        decisions.push(Decision {
            id: "credentials/is-the-calling-account-one-of-yours".into(),
            question: "Is the calling account one of yours?".into(),
            answer: if aff {
                "Yes (affiliated): the call came from an account in your organisation or one GuardDuty monitors for you. Check whether that path (a VPN, a hub account, Outposts) is expected.".into()
            } else {
                "No: the call came from an account that is not yours.".into()
            },
            tone: if aff { Tone::Info } else { Tone::Danger },
        });
    }
    decisions.push(owner_decision(cx));
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

/// Whether to ask the owner before containing, and what "expected" leads to. An attack sequence or
/// destructive activity does not wait for an answer; where the last section refuses a suppression
/// rule (a Tor or threat-list source), an expected call is only archived.
fn owner_decision(cx: &Ctx) -> Decision {
    let ty = cx.ty();
    let urgent = ty.as_ref().is_some_and(|t| t.is_attack_sequence() || t.threat_purpose == "Impact")
        || cx.f.service.detection.as_ref().and_then(|d| d.sequence.as_ref()).is_some();
    let hostile = ty
        .as_ref()
        .and_then(|t| t.caller_reputation())
        .is_some_and(|r| r != crate::catalog::CallerReputation::CustomThreatList);
    let expected = if hostile || ty.as_ref().is_some_and(|t| t.is_attack_sequence()) {
        "archive the finding (last section)"
    } else {
        "archive the finding, or suppress it if it will recur (last section)"
    };
    if urgent {
        Decision {
            id: "credentials/contain-first-then-ask-the-owner".into(),
            question: "Should you wait for the credential's owner before containing it?".into(),
            answer: format!("No. This activity is an attack in progress or destroys data, and every minute of waiting lets it go on. Contain the credential now (next step), then ask the owner whether the calls were theirs. If they were, and the owner confirms it in writing, restore access and {expected}."),
            tone: Tone::Danger,
        }
    } else {
        Decision {
            id: "credentials/did-the-credentials-owner-make-this-call-at".into(),
            question: "Did the credential's owner make this call, at this time, from this address?".into(),
            answer: format!("Ask them. Yes → the activity was expected: {expected}. No, or no answer → treat the credential as compromised and contain it (next step)."),
            tone: Tone::Info,
        }
    }
}

fn contain(cx: &Ctx) -> Step {
    let key = keys::key_id(cx);
    let name = user_name(cx);
    let key_path = p("accessKeyId");
    let name_path = p("userName");
    let kind = key_kind(key);
    let mut commands = Vec::new();
    let mut decisions = vec![Decision {
        id: "credentials/what-does-not-legitimate-mean-for-the-account".into(),
        question: "What does \"not legitimate\" mean for the account?".into(),
        answer: "The credential, the user's password, or the whole account may be compromised. Beyond this credential: look for users, roles, keys and resources you did not create, in every Region, and follow AWS's guide for a possibly compromised account.".into(),
        tone: Tone::Danger,
    }];
    let user = |c: crate::guide::command::Cmd| c.v_or(name, &name_path, "user-name", "the IAM user's name");
    let title = match kind {
        KeyKind::LongTerm if is_root(cx) => "If it was not legitimate: lock down the root user",
        KeyKind::LongTerm => "If it was not legitimate: deactivate the key, then replace it",
        KeyKind::Temporary | KeyKind::NoKey if is_role(cx) => "If it was not legitimate: revoke the role's sessions",
        KeyKind::Temporary => "If it was not legitimate: revoke the user's sessions",
        _ => "If it was not legitimate: contain the principal",
    };
    if is_root(cx) {
        decisions.push(Decision {
            id: "credentials/how-do-you-contain-root-credentials".into(),
            question: "How do you contain root credentials?".into(),
            answer: "Sign in as root: change the password and turn on MFA (hardware or passkey). Before you delete the root access key under Security credentials, note its last use (the same page shows it) and keep the CloudTrail events found in the first step: deleting the key loses its last-used record. Deactivate it first if you are not sure what still uses it. If you manage root centrally in AWS Organizations, remove the member account's root credentials there.".into(),
            tone: Tone::Danger,
        });
    }
    match kind {
        KeyKind::LongTerm if !is_root(cx) => {
            decisions.push(Decision {
                id: "credentials/when-can-the-key-be-deleted".into(),
                question: "When can the key be deleted?".into(),
                answer: "Only after its evidence is kept: its last-used record (the first command below) and its CloudTrail events (the lookup in the first step), both saved with the incident record. Deleting the key loses the last-used record for good. Deactivating it stops it just as well and can be undone, so deactivate now and delete once the owner works with a new key.".into(),
                tone: Tone::Warning,
            });
            commands.push(
                cx.cmd("Record when, where and for which service the key was last used; save the output with the incident record")
                    .t("aws iam get-access-key-last-used --access-key-id ")
                    .v_or(key, &key_path, "access-key-id", "the access key ID")
                    .build(),
            );
            commands.push(
                user(cx.cmd("Deactivate the key now").t("aws iam update-access-key --user-name "))
                    .t(" --access-key-id ")
                    .v_or(key, &key_path, "access-key-id", "the access key ID")
                    .t(" --status Inactive")
                    .build(),
            );
            decisions.push(Decision {
                id: "credentials/does-deactivating-the-key-end-its-sessions".into(),
                question: "Does deactivating the key end the sessions made with it?".into(),
                answer: "No. Temporary credentials already obtained with the key (GetSessionToken, GetFederationToken, AssumeRole) keep working until they expire, up to 36 hours later. Look for those calls in the lookup output of the first step (the next command lists them; calls to the global STS endpoint are logged in us-east-1). Then deny the user everything for sessions issued before now, and revoke the sessions of every role the key assumed (the roleArn in each AssumeRole event).".into(),
                tone: Tone::Danger,
            });
            commands.push(
                cx.cmd("List the sessions the key obtained in this Region: GetSessionToken, GetFederationToken and AssumeRole calls made with it")
                    .t("aws cloudtrail lookup-events --lookup-attributes ")
                    .v_or(
                        key.map(|k| format!("AttributeKey=AccessKeyId,AttributeValue={k}")).as_deref(),
                        &key_path,
                        "lookup-attribute",
                        "AttributeKey=AccessKeyId,AttributeValue=<access-key-id>",
                    )
                    .t(" --query 'Events[?EventName==`GetSessionToken` || EventName==`GetFederationToken` || EventName==`AssumeRole`].[EventTime,EventName,CloudTrailEvent]'")
                    .build(),
            );
            commands.push(keys::revoke_user_sessions(cx));
            commands.push(keys::revoke_printed_role_sessions(
                cx,
                None,
                "the name of a role the key assumed: the last part of requestParameters.roleArn in an AssumeRole event listed above (repeat for each role; skip if there is none)",
            ));
            commands.push(
                user(cx.cmd("List the user's other keys: check them too").t("aws iam list-access-keys --user-name "))
                    .build(),
            );
            commands.push(
                user(
                    cx.cmd("Give the owner a new key once they are ready to switch: a user can have only two keys, so this fails while the list above shows two")
                        .t("aws iam create-access-key --user-name "),
                )
                .build(),
            );
            commands.push(
                user(cx.cmd("Once the owner works with the new key and the evidence above is saved: delete the compromised key for good").t("aws iam delete-access-key --user-name "))
                    .t(" --access-key-id ")
                    .v_or(key, &key_path, "access-key-id", "the access key ID")
                    .build(),
            );
            commands.push(
                user(cx.cmd("If the user can sign in to the console: remove the password (recreate it later with create-login-profile)").t("aws iam delete-login-profile --user-name "))
                    .build(),
            );
            commands
                .push(user(cx.cmd("Check the user's MFA devices").t("aws iam list-mfa-devices --user-name ")).build());
        }
        KeyKind::Temporary | KeyKind::NoKey if is_role(cx) => {
            decisions.push(Decision {
                id: "credentials/how-do-you-stop-a-temporary-credential".into(),
                question: "How do you stop a temporary credential?".into(),
                answer: "There is no key to deactivate or delete. Revoke the role's sessions: an inline policy denies everything to sessions issued before now. New sessions still work, so also fix what leaked the session (an instance, a Lambda function, a task) or it will leak again.".into(),
                tone: Tone::Warning,
            });
            let from_instance = cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).is_some();
            if from_instance {
                decisions.push(Decision {
                    id: "credentials/the-credentials-came-from-an-instance-when-do".into(),
                    question: "The credentials came from an instance: when do you revoke?".into(),
                    answer: "The instance keeps fetching fresh sessions of its role from its metadata service, and those are issued after the revocation time. Take the instance profile off the instance first (the instance section's role step), then revoke; or revoke again after removing it.".into(),
                    tone: Tone::Warning,
                });
            }
            let role = name.map(|n| (n, name_path.as_str()));
            if role.is_none() && from_instance {
                commands.push(keys::role_of_instance_profile(cx));
            }
            if role.is_none() && from_instance {
                commands.push(keys::revoke_printed_role_sessions(
                    cx,
                    role,
                    "the RoleName that get-instance-profile printed",
                ));
            } else {
                commands.push(keys::revoke_role_sessions(cx, role, ROLE_HINT));
            }
        }
        KeyKind::Temporary => {
            decisions.push(Decision {
                id: "credentials/how-do-you-stop-a-temporary-credential-of".into(),
                question: "How do you stop a temporary credential of an IAM user?".into(),
                answer: "There is no key to deactivate or delete: it expires on its own (at most 36 hours for GetSessionToken). Until then, deny the user everything for sessions issued before now. The session was obtained with one of the user's long-term keys: contain those too (list them below, then deactivate the one that was used).".into(),
                tone: Tone::Warning,
            });
            commands.push(keys::revoke_user_sessions(cx));
            commands.push(
                user(
                    cx.cmd("List the user's long-term keys, to deactivate the one used to get the session")
                        .t("aws iam list-access-keys --user-name "),
                )
                .build(),
            );
        }
        _ => {}
    }
    Step {
        id: "credentials/contain".into(),
        phase: Phase::Contain,
        title: title.into(),
        why: "Until the credential stops working, whoever holds it can keep using it. Act on the kind of credential the key's prefix showed.".into(),
        facts: vec![fact("Access key ID", key, &key_path), fact("User name", name, &name_path), fact("User type", user_type(cx), &p("userType"))],
        decisions,
        commands,
    }
}
