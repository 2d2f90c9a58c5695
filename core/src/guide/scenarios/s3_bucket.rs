//! `s3-bucket`: a potentially compromised S3 bucket. Identify the bucket and its owner, the API and
//! its caller, decide whether that caller should have had access (an anonymous principal means the
//! bucket is public), look for sensitive data, then restrict access.

use crate::finding::BlockPublicAccess;
use crate::guide::ctx::{fact, fact_bool, some_fact, tags_text, Ctx};
use crate::guide::model::{Command, Decision, Effect, Phase, Step, Subject, Tone};

use crate::guide::shared::keys::key_decision;

const P_B: &str = "resource.s3BucketDetails";
const P_CALL: &str = "service.action.awsApiCallAction";
/// What turning Block Public Access on for the whole account does besides closing this bucket.
pub const ACCOUNT_BPA_CAUTION: &str = "This applies to every bucket in the account, not only this one: every bucket or static website that is public on purpose stops answering anonymous requests at once. Check with the account's owners which buckets must stay public (get-bucket-policy-status on each) before you run it.";
const NAME_HINT: &str = "the bucket's name (resource.s3BucketDetails.name)";

fn p(field: &str) -> String {
    format!("{P_B}.{field}")
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let deleted = deletes_objects(cx);
    // An anonymous caller means the bucket is public: nothing about the caller changes that, so
    // Block Public Access comes right after the evidence, before the slower scoping steps.
    if is_anonymous(cx) {
        let mut steps = vec![identify_bucket(cx), preserve_access(cx)];
        if deleted {
            steps.push(deleted_objects(cx));
        }
        steps.extend([restrict(cx), identify_caller(cx), should_have_access(cx), sensitive_data(cx)]);
        if deleted {
            steps.push(recover_objects(cx));
        }
        return steps;
    }
    let mut steps = vec![identify_bucket(cx), preserve_access(cx), identify_caller(cx), should_have_access(cx)];
    if deleted {
        steps.push(deleted_objects(cx));
    }
    steps.push(sensitive_data(cx));
    steps.push(restrict(cx));
    if deleted {
        steps.push(recover_objects(cx));
    }
    steps
}

/// Whether nobody signed in: S3 records an anonymous caller as the principal `ANONYMOUS_PRINCIPAL`
/// (in the user name, the principal ID or the user type, depending on the finding's source).
pub fn is_anonymous(cx: &Ctx) -> bool {
    cx.key().is_some_and(|k| {
        [k.user_name.as_deref(), k.principal_id.as_deref(), k.user_type.as_deref()]
            .into_iter()
            .flatten()
            .any(|v| v.eq_ignore_ascii_case("ANONYMOUS_PRINCIPAL"))
    })
}

/// Whether the type reports an API call that opened the bucket to the public (a Block Public Access
/// setting turned off, a public or anonymous grant).
fn type_opened_bucket(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| {
        t.threat_purpose == "Policy"
            && t.resource_type_affected == "S3"
            && [
                "AccountBlockPublicAccessDisabled",
                "BucketBlockPublicAccessDisabled",
                "BucketPublicAccessGranted",
                "BucketAnonymousAccessGranted",
            ]
            .iter()
            .any(|f| t.family_is(f))
    })
}

/// An S3 type whose name says objects were deleted.
fn is_delete_type(name: &str) -> bool {
    crate::catalog::parse_type(name).is_some_and(|t| {
        t.threat_purpose == "Impact"
            && t.resource_type_affected == "S3"
            && (t.family_is("DataDestruction")
                || t.family_is("ObjectDelete")
                || (t.is_anomalous() && t.detection_mechanism == Some("Delete")))
    })
}

/// Whether the finding reports objects deleted from the bucket: a type that says so, a delete
/// call, or an attack sequence whose signals or high-risk APIs include deletions.
pub fn deletes_objects(cx: &Ctx) -> bool {
    if is_delete_type(&cx.f.finding_type) {
        return true;
    }
    if cx.api_call().and_then(|c| c.api.as_deref()).is_some_and(|a| a == "DeleteObject" || a == "DeleteObjects") {
        return true;
    }
    let Some(seq) = cx.f.service.detection.as_ref().and_then(|d| d.sequence.as_ref()) else {
        return false;
    };
    let delete_api = |v: &String| v == "s3:DeleteObject" || v == "s3:DeleteObjects";
    seq.signals.iter().any(|s| s.name.as_deref().is_some_and(is_delete_type))
        || seq
            .sequence_indicators
            .iter()
            .chain(seq.signals.iter().flat_map(|s| &s.signal_indicators))
            .any(|i| i.key.as_deref() == Some("HIGH_RISK_API") && i.values.iter().any(delete_api))
}

/// Whether the finding is an attack sequence: its credentials section already lists the key's
/// management events.
fn in_sequence(cx: &Ctx) -> bool {
    cx.f.service.detection.as_ref().and_then(|d| d.sequence.as_ref()).is_some()
}

/// Whether the bucket was reachable by everyone: GuardDuty says it is public, or the finding is
/// about opening it.
fn bucket_public(cx: &Ctx) -> bool {
    is_anonymous(cx)
        || type_opened_bucket(cx)
        || cx.bucket().and_then(|b| b.public_access.as_ref()).and_then(|p| p.effective_permission.as_deref())
            == Some("PUBLIC")
}

/// The addresses the caller came from: the finding's remote address, or a sequence's endpoints.
fn caller_ips<'f>(cx: &Ctx<'f>) -> (Vec<&'f str>, String) {
    if let Some((ip, path)) = cx.remote_ip() {
        return (vec![ip], path);
    }
    let ips =
        cx.f.service
            .detection
            .as_ref()
            .and_then(|d| d.sequence.as_ref())
            .map(|s| s.endpoints.iter().filter_map(|e| e.ip.as_deref()).collect())
            .unwrap_or_default();
    (ips, "service.detection.sequence.endpoints.ip".into())
}

/// A bucket-policy Deny of everything for the caller: by the IAM user's ARN and by the addresses it
/// came from. `None` when the finding names neither.
fn actor_deny(cx: &Ctx) -> Option<String> {
    let bucket_arn = cx
        .bucket()
        .and_then(|b| b.arn.clone())
        .or_else(|| name(cx).map(|n| format!("arn:{}:s3:::{n}", cx.partition)))?;
    let k = cx.key();
    let user_arn = match (k.and_then(|k| k.user_type.as_deref()), k.and_then(|k| k.user_name.as_deref()), cx.account) {
        (Some("IAMUser"), Some(u), Some(a)) => Some(cx.arn("iam", "", a, &format!("user/{u}"))),
        _ => None,
    };
    let (ips, _) = caller_ips(cx);
    let resource = serde_json::json!([bucket_arn.clone(), format!("{bucket_arn}/*")]);
    let mut statements = Vec::new();
    if let Some(u) = user_arn {
        statements.push(serde_json::json!({
            "Sid": "DenyIncidentPrincipal", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": resource, "Condition": {"ArnEquals": {"aws:PrincipalArn": u}},
        }));
    }
    if !ips.is_empty() {
        let cidrs: Vec<String> =
            ips.iter().map(|ip| if ip.contains(':') { format!("{ip}/128") } else { format!("{ip}/32") }).collect();
        statements.push(serde_json::json!({
            "Sid": "DenyIncidentAddresses", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": resource, "Condition": {"IpAddress": {"aws:SourceIp": cidrs}},
        }));
    }
    (!statements.is_empty()).then(|| serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string())
}

fn name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.bucket().and_then(|b| b.name.as_deref())
}

fn bpa_text(b: Option<&BlockPublicAccess>) -> Option<String> {
    let b = b?;
    let parts = [
        ("BlockPublicAcls", b.block_public_acls),
        ("IgnorePublicAcls", b.ignore_public_acls),
        ("BlockPublicPolicy", b.block_public_policy),
        ("RestrictPublicBuckets", b.restrict_public_buckets),
    ];
    let shown: Vec<String> =
        parts.iter().filter_map(|(n, v)| v.map(|v| format!("{n}={}", if v { "on" } else { "off" }))).collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

fn identify_bucket(cx: &Ctx) -> Step {
    let b = cx.bucket();
    let perms = b.and_then(|b| b.public_access.as_ref()).and_then(|p| p.permission_configuration.as_ref());
    let bucket_level = perms.and_then(|p| p.bucket_level_permissions.as_ref());
    let mut facts = vec![
        fact("Bucket", name(cx), &p("name")),
        fact("Bucket ARN", b.and_then(|b| b.arn.clone()), &p("arn")),
        fact("Owner (canonical ID)", b.and_then(|b| b.owner.as_ref()).and_then(|o| o.id.clone()), &p("owner.id")),
        fact("Account", cx.account, "accountId"),
        fact("Bucket type", b.and_then(|b| b.bucket_type.clone()), &p("type")),
        fact("Created", b.and_then(|b| b.created_at.as_ref()).map(|t| t.text.clone()), &p("createdAt")),
        fact("Tags", b.and_then(|b| tags_text(&b.tags)), &p("tags")),
        fact(
            "Default encryption",
            b.and_then(|b| b.default_server_side_encryption.as_ref()).and_then(|e| e.encryption_type.clone()),
            &p("defaultServerSideEncryption.encryptionType"),
        ),
        fact(
            "Effective permission",
            b.and_then(|b| b.public_access.as_ref()).and_then(|p| p.effective_permission.clone()),
            &p("publicAccess.effectivePermission"),
        ),
        fact_bool(
            "Bucket policy allows public read",
            bucket_level.and_then(|l| l.bucket_policy.as_ref()).and_then(|x| x.allows_public_read_access),
            &p("publicAccess.permissionConfiguration.bucketLevelPermissions.bucketPolicy.allowsPublicReadAccess"),
        ),
        fact_bool(
            "Bucket policy allows public write",
            bucket_level.and_then(|l| l.bucket_policy.as_ref()).and_then(|x| x.allows_public_write_access),
            &p("publicAccess.permissionConfiguration.bucketLevelPermissions.bucketPolicy.allowsPublicWriteAccess"),
        ),
        fact_bool(
            "ACL allows public read",
            bucket_level.and_then(|l| l.access_control_list.as_ref()).and_then(|x| x.allows_public_read_access),
            &p("publicAccess.permissionConfiguration.bucketLevelPermissions.accessControlList.allowsPublicReadAccess"),
        ),
        fact_bool(
            "ACL allows public write",
            bucket_level.and_then(|l| l.access_control_list.as_ref()).and_then(|x| x.allows_public_write_access),
            &p("publicAccess.permissionConfiguration.bucketLevelPermissions.accessControlList.allowsPublicWriteAccess"),
        ),
        fact(
            "Block Public Access (bucket)",
            bpa_text(bucket_level.and_then(|l| l.block_public_access.as_ref())),
            &p("publicAccess.permissionConfiguration.bucketLevelPermissions.blockPublicAccess"),
        ),
        fact(
            "Block Public Access (account)",
            bpa_text(
                perms.and_then(|p| p.account_level_permissions.as_ref()).and_then(|a| a.block_public_access.as_ref()),
            ),
            &p("publicAccess.permissionConfiguration.accountLevelPermissions.blockPublicAccess"),
        ),
    ];
    let others: Vec<&str> = cx.f.resource.s3_bucket_details.iter().skip(1).filter_map(|b| b.name.as_deref()).collect();
    if !others.is_empty() {
        facts.push(fact("Other buckets in this finding (commands use the first)", Some(others.join(", ")), &p("name")));
    }
    let mut decisions = Vec::new();
    if b.and_then(|b| b.public_access.as_ref()).and_then(|p| p.effective_permission.as_deref()) == Some("PUBLIC") {
        decisions.push(Decision {
            id: "s3-bucket/is-the-bucket-public".into(),
            question: "Is the bucket public?".into(),
            answer: "Yes: GuardDuty computed its effective permission as PUBLIC. Anyone on the internet can reach what the policy or ACL allows.".into(),
            tone: Tone::Danger,
        });
    }
    let commands = vec![
        cx.cmd("Whether S3 considers the bucket policy public")
            .t("aws s3api get-bucket-policy-status --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            .build(),
        cx.cmd("The bucket's Block Public Access settings")
            .t("aws s3api get-public-access-block --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            .build(),
    ];
    Step {
        id: "s3-bucket/identify-bucket".into(),
        phase: Phase::Understand,
        title: "Identify the bucket, its ARN and its owner".into(),
        why: "The bucket's policy, ACL and Block Public Access settings decide who can reach it; the finding shows what GuardDuty saw, and the commands show how the bucket is set now.".into(),
        facts,
        decisions,
        commands,
    }
}

/// Saves the bucket's access documents before any later step replaces them.
fn preserve_access(cx: &Ctx) -> Step {
    let n = name(cx);
    let np = p("name");
    let mut commands = vec![
        cx.cmd("Save the bucket's current policy with the incident record (redirect the output to a file)")
            .t("aws s3api get-bucket-policy --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .captures(Subject::AccessPolicy)
            .build(),
        cx.cmd("Save the bucket's current access control list, grants to the log-delivery group and other accounts included")
            .t("aws s3api get-bucket-acl --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .captures(Subject::AccessPolicy)
            .build(),
    ];
    commands.push(
        cx.cmd("Save the bucket's Block Public Access settings (an error saying there are none is evidence too)")
            .t("aws s3api get-public-access-block --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --output json")
            .captures(Subject::AccessPolicy)
            .build(),
    );
    if cors_matters(cx) {
        commands.push(
            cx.cmd("Save the bucket's CORS configuration")
                .t("aws s3api get-bucket-cors --bucket ")
                .v_or(n, &np, "bucket-name", NAME_HINT)
                .captures(Subject::AccessPolicy)
                .build(),
        );
    }
    Step {
        id: "s3-bucket/preserve-access".into(),
        phase: Phase::Preserve,
        title: "Save the bucket's policy and ACL before changing them".into(),
        why: "The commands that close the bucket replace its whole policy or ACL. A saved copy shows what the bucket allowed at the time of the finding, and it is what you restore from if a replacement breaks a grant that was needed.".into(),
        facts: vec![fact("Bucket", n, &np)],
        decisions: vec![Decision {
            id: "s3-bucket/what-if-a-command-prints-an-error-instead".into(),
            question: "What if a command prints an error instead of a document?".into(),
            answer: "NoSuchBucketPolicy or NoSuchCORSConfiguration means the bucket has none: note that, since it is also evidence.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

/// Whether the bucket's CORS configuration is part of the story: anonymous callers, or a preflight.
fn cors_matters(cx: &Ctx) -> bool {
    is_anonymous(cx) || cx.api_call().and_then(|c| c.api.as_deref()) == Some("PreflightRequest")
}

fn identify_caller(cx: &Ctx) -> Step {
    let call = cx.api_call();
    let k = cx.key();
    let mut facts = vec![
        fact("API called", call.and_then(|c| c.api.clone()), &format!("{P_CALL}.api")),
        fact("Service", call.and_then(|c| c.service_name.clone()), &format!("{P_CALL}.serviceName")),
        fact("Caller type", call.and_then(|c| c.caller_type.clone()), &format!("{P_CALL}.callerType")),
        fact("User name", k.and_then(|k| k.user_name.clone()), "resource.accessKeyDetails.userName"),
        fact("User type", k.and_then(|k| k.user_type.clone()), "resource.accessKeyDetails.userType"),
        fact("Access key ID", k.and_then(|k| k.access_key_id.clone()), "resource.accessKeyDetails.accessKeyId"),
        fact("Principal ID", k.and_then(|k| k.principal_id.clone()), "resource.accessKeyDetails.principalId"),
    ];
    facts.extend(cx.remote_facts());
    facts.extend(some_fact(
        "Domain",
        call.and_then(|c| c.domain_details.as_ref()).and_then(|d| d.domain.clone()),
        &format!("{P_CALL}.domainDetails.domain"),
    ));
    facts.push(fact("User agent", call.and_then(|c| c.user_agent.clone()), &format!("{P_CALL}.userAgent")));
    facts.extend(some_fact(
        "Error code (the call failed)",
        call.and_then(|c| c.error_code.clone()),
        &format!("{P_CALL}.errorCode"),
    ));
    facts.extend(some_fact(
        "Calling account",
        call.and_then(|c| c.remote_account_details.as_ref()).and_then(|r| r.account_id.clone()),
        &format!("{P_CALL}.remoteAccountDetails.accountId"),
    ));
    if let Some(id) = cx.instance_id() {
        facts.push(fact("Instance whose credentials were used", Some(id), "resource.instanceDetails.instanceId"));
    }
    // Findings without an API call (attack sequences) have none of the call's facts.
    if call.is_none() {
        facts.retain(|f| f.value.is_some() || !f.path.starts_with("service.action"));
    }
    let anonymous = is_anonymous(cx);
    if anonymous {
        // No key, no signed-in user: the key's facts would only be empty rows.
        facts.retain(|f| f.path != "resource.accessKeyDetails.accessKeyId");
    }
    let n = name(cx);
    let np = p("name");
    let (decision, commands) = if anonymous {
        (
            Decision {
                id: "s3-bucket/who-is-the-caller".into(),
                question: "Who is the caller?".into(),
                answer: "Nobody who signed in: the principal is ANONYMOUS_PRINCIPAL, so the request carried no credentials at all and there is nothing to disable or rotate: the bucket is public and was accessed anonymously, through its policy, its ACL or both, with Block Public Access off. What is left to find is which policy statement or ACL grant made it public, and when.".into(),
                tone: Tone::Danger,
            },
            vec![
                cx.cmd("Changes to the bucket's policy, ACL and Block Public Access settings (management events, last 90 days), to find who made it public")
                    .t("aws cloudtrail lookup-events --lookup-attributes ")
                    .v_or(n.map(|n| format!("AttributeKey=ResourceName,AttributeValue={n}")).as_deref(), &np, "lookup-attribute", "AttributeKey=ResourceName,AttributeValue=<bucket-name>")
                    .t(" --query 'Events[].{time:EventTime,event:EventName,user:Username}'")
                    .build(),
                cx.cmd("Where the bucket's server access logs go: they list every anonymous request, with its address and object key")
                    .t("aws s3api get-bucket-logging --bucket ")
                    .v_or(n, &np, "bucket-name", NAME_HINT)
                    .build(),
            ],
        )
    } else if in_sequence(cx) {
        // The credentials section above already lists the key's management events.
        (key_decision(cx), Vec::new())
    } else {
        let key = k.and_then(|k| k.access_key_id.as_deref());
        (
            key_decision(cx),
            vec![cx.cmd("Management events made with this key (S3 data events such as GetObject are only in your trail or CloudTrail Lake)")
                .t("aws cloudtrail lookup-events --lookup-attributes ")
                .v_or(key.map(|k| format!("AttributeKey=AccessKeyId,AttributeValue={k}")).as_deref(), "resource.accessKeyDetails.accessKeyId", "lookup-attribute", "AttributeKey=ResourceName,AttributeValue=<bucket-name> when the finding has no key")
                .t(" --query 'Events[].CloudTrailEvent'")
                .build()],
        )
    };
    let mut decisions = vec![decision];
    if !anonymous {
        decisions.push(Decision {
            id: "s3-bucket/where-are-the-reads-and-deletes-recorded".into(),
            question: "Where are the caller's reads and deletes recorded?".into(),
            answer: "Not in CloudTrail's event history: lookup-events (here or in the credentials section) shows management events only, and GetObject, PutObject and DeleteObject are S3 data events. They appear in a trail that records S3 data events, in CloudTrail Lake or in the bucket's server access logs, if any of them was on at the time.".into(),
            tone: Tone::Warning,
        });
    }
    if anonymous {
        decisions.push(Decision {
            id: "s3-bucket/where-are-the-anonymous-reads-recorded".into(),
            question: "Where are the anonymous reads recorded?".into(),
            answer: "Not in CloudTrail's event history: lookup-events shows management events only, and GetObject is a data event. Anonymous reads appear in the bucket's server access logs, in a trail that records S3 data events, or in CloudTrail Lake, if any of them was on at the time.".into(),
            tone: Tone::Warning,
        });
    }
    Step {
        id: "s3-bucket/identify-caller".into(),
        phase: Phase::Understand,
        title: "Identify the API called and who called it".into(),
        why: if anonymous {
            "An anonymous caller has no identity to trace: what matters is where the request came from, what it read, and which setting made the bucket reachable.".into()
        } else {
            "The caller is an IAM principal (a user, a role, or an account) and, depending on how it called, a remote address or domain. That is who you ask, and what you restrict.".into()
        },
        facts,
        decisions,
        commands,
    }
}

fn should_have_access(cx: &Ctx) -> Step {
    let k = cx.key();
    let user = k.and_then(|k| k.user_name.as_deref());
    let user_type = k.and_then(|k| k.user_type.as_deref());
    let api = cx.api_call().and_then(|c| c.api.as_deref());
    let anonymous = is_anonymous(cx);
    let mut decisions = Vec::new();
    if anonymous {
        // Who the caller was is answered in the previous step; what is left is the owner's intent.
        decisions.push(Decision {
            id: "s3-bucket/is-anything-in-the-bucket-meant-to-be-public".into(),
            question: "Is anything in the bucket meant to be public?".into(),
            answer: "Ask the bucket's owner. If nothing is, keep public access blocked. If some objects must stay reachable, serve them through presigned URLs or CloudFront instead of lifting the block.".into(),
            tone: Tone::Warning,
        });
        if api == Some("PreflightRequest") {
            decisions.push(Decision {
                id: "s3-bucket/why-a-preflightrequest".into(),
                question: "Why a PreflightRequest?".into(),
                answer: "An anonymous CORS preflight succeeded, so the bucket has a CORS configuration. Check that it should, and that the bucket is not public by accident.".into(),
                tone: Tone::Warning,
            });
        }
    } else {
        decisions.push(Decision {
            id: "s3-bucket/should-this-principal-have-reached-this-bucket-with".into(),
            question: "Should this principal have reached this bucket with this API?".into(),
            answer: match user {
                Some(u) => format!("Ask the owner of {u}. If its credentials may be stolen, work through the credentials section. If it never needed this API, remove the permission and lock the bucket down further."),
                None => "The finding names no user; look up the caller in CloudTrail first (previous step).".into(),
            },
            tone: Tone::Info,
        });
    }
    if type_opened_bucket(cx) {
        decisions.push(Decision {
            id: "s3-bucket/was-the-bucket-opened-on-purpose".into(),
            question: "Was the bucket opened on purpose?".into(),
            answer: if anonymous {
                "This finding means an API call removed a protection or granted public access. If nobody planned that change, keep it undone (the restrict step) and find who made it in CloudTrail (previous step).".into()
            } else {
                "This finding means an API call removed a protection or granted public access. If nobody planned that change, undo it (last step) and treat the caller's credentials as suspect.".into()
            },
            tone: Tone::Warning,
        });
    }
    Step {
        id: "s3-bucket/should-have-access".into(),
        phase: Phase::Understand,
        title: "Decide whether the caller should have had access".into(),
        why: if anonymous {
            "Nobody signed in, so no credentials were stolen: the bucket's own policy or ACL let the request in. What is left to decide is whether anything in the bucket was meant to be public, and who made it so.".into()
        } else {
            "Access by the wrong principal means stolen credentials or too-broad permissions; decide which before you restrict anything.".into()
        },
        facts: [
            fact("User name", user, "resource.accessKeyDetails.userName"),
            fact("User type", user_type, "resource.accessKeyDetails.userType"),
            fact("API called", api, &format!("{P_CALL}.api")),
        ]
        .into_iter()
        .filter(|f| f.value.is_some() || !f.path.starts_with("service.action"))
        .collect(),
        decisions,
        commands: Vec::new(),
    }
}

/// The bucket's versioning state and the delete markers the deletions left, saved before anything
/// is restored.
fn deleted_objects(cx: &Ctx) -> Step {
    let n = name(cx);
    let np = p("name");
    let commands = vec![
        cx.cmd("Whether versioning is on: Enabled means the deleted objects' data is still there")
            .t("aws s3api get-bucket-versioning --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .build(),
        cx.cmd("Save the list of delete markers (key, marker version ID, time) with the incident record: it is the record of what was deleted, and when")
            .t("aws s3api list-object-versions --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --query 'DeleteMarkers[?IsLatest].{Key:Key,VersionId:VersionId,LastModified:LastModified}' --output json")
            .captures(Subject::Object)
            .build(),
        cx.cmd("Save the lifecycle rules with the incident record: a rule that expires noncurrent versions will remove the deleted objects' data for good (an error saying there are none means nothing expires)")
            .t("aws s3api get-bucket-lifecycle-configuration --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --output json")
            .captures(Subject::AccessPolicy)
            .build(),
        cx.cmd("If a rule expires noncurrent versions: remove the lifecycle rules until the objects are recovered (the recover step puts them back)")
            .t("aws s3api delete-bucket-lifecycle --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .caution("s3-bucket/lifecycle-removed", "This removes every lifecycle rule of the bucket, not only the one that expires noncurrent versions: transitions and other expirations stop too until you put the saved configuration back (put-bucket-lifecycle-configuration). Save it first (the command above).")
            .build(),
    ];
    Step {
        id: "s3-bucket/deleted-objects".into(),
        phase: Phase::Preserve,
        title: "Find out whether the deleted objects can be recovered".into(),
        why: "In a versioned bucket a delete only hides the object behind a delete marker, and the data stays until a version is deleted or a lifecycle rule expires it. Without versioning the objects are gone from the bucket.".into(),
        facts: vec![fact("Bucket", n, &np)],
        decisions: vec![
            Decision {
                id: "s3-bucket/was-versioning-on-when-the-objects-were-deleted".into(),
                question: "Was versioning on when the objects were deleted?".into(),
                answer: "Enabled or Suspended: the versions written while it was on survive, and the delete markers point to them. No Status at all: versioning was never on, so the objects are gone from the bucket and only a backup (AWS Backup for S3) or a replica in another bucket can bring them back.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "s3-bucket/could-a-lifecycle-rule-finish-the-job".into(),
                question: "Could a lifecycle rule finish the job?".into(),
                answer: "A NoncurrentVersionExpiration rule deletes the hidden versions after its number of days. If one applies and the objects cannot be recovered before it runs, remove the lifecycle rules for now (last command, after saving them) and put them back once the objects are recovered.".into(),
                tone: Tone::Danger,
            },
        ],
        commands,
    }
}

/// Brings deleted objects back from their versions, or points to backups, and turns versioning on.
fn recover_objects(cx: &Ctx) -> Step {
    let n = name(cx);
    let np = p("name");
    let commands: Vec<Command> = vec![
        cx.cmd("Restore one object by deleting its delete marker (the version before it becomes current again)")
            .t("aws s3api delete-object --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --key ")
            .output("object-key", "a Key printed by the delete-marker listing")
            .t(" --version-id ")
            .output("marker-version-id", "the VersionId the delete-marker listing printed for that key")
            .destroys(Subject::Object, "s3-bucket/delete-marker-removed", "This deletes the delete marker for good, so the key's previous version is current again. Only use a delete marker's version ID here: with a data version's ID the command deletes that version's data for good.")
            .build(),
        cx.cmd("Or, to keep the delete marker in the history: list the key's versions, to find the one written just before its delete marker")
            .t("aws s3api list-object-versions --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --prefix ")
            .output("object-key", "a Key printed by the delete-marker listing")
            .t(" --query 'Versions[].{Key:Key,VersionId:VersionId,LastModified:LastModified}'")
            .build(),
        cx.cmd("Then copy that version back as a new current version")
            .t("aws s3api copy-object --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --key ")
            .output("object-key", "a Key printed by the delete-marker listing")
            .t(" --copy-source ")
            .output("copy-source", "'<bucket>/<URL-encoded key>?versionId=<version ID>' in single quotes, with the VersionId the key's version listing printed for the version just before the marker")
            .build(),
        cx.cmd("Keep versioning on from now on, so the next delete only adds a delete marker")
            .t("aws s3api put-bucket-versioning --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --versioning-configuration Status=Enabled")
            // Not undoable: once enabled, versioning can be suspended but never turned off.
            .effect(Effect::Destructive)
            .caution("s3-bucket/versioning-cannot-be-turned-off", "This cannot be undone: once versioning is enabled, the bucket can never go back to unversioned. It can only be suspended, and the versions kept so far stay. From now on every overwrite and delete keeps the old data as a version, billed until a lifecycle rule or someone deletes it; agree on a rule that expires noncurrent versions with the bucket's owner.")
            .build(),
        cx.cmd("Put the saved lifecycle rules back, if you removed them (the Rules of the saved get-bucket-lifecycle-configuration output, as {\"Rules\":[…]})")
            .t("aws s3api put-bucket-lifecycle-configuration --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --lifecycle-configuration file://")
            .choose("lifecycle.json", "the saved lifecycle configuration")
            .caution("s3-bucket/lifecycle-put-back", "This replaces the bucket's whole lifecycle configuration with the file's: check that the file is the saved one, with every rule that should stay.")
            .build(),
    ];
    Step {
        id: "s3-bucket/recover-objects".into(),
        phase: Phase::Recover,
        title: "Recover the deleted objects".into(),
        why: "Once the caller is contained, the deleted objects can come back from their earlier versions; without versions, only a backup or a replica has them.".into(),
        facts: vec![fact("Bucket", n, &np)],
        decisions: vec![
            Decision {
                id: "s3-bucket/which-way-of-restoring-should-you-use".into(),
                question: "Which way of restoring should you use?".into(),
                answer: "Deleting the delete marker is quickest and keeps the original version ID. Copying the previous version back leaves the full history in place, for evidence. For thousands of keys, script either one over the saved listing, or use S3 Batch Operations.".into(),
                tone: Tone::Info,
            },
            Decision {
                id: "s3-bucket/what-if-versioning-was-off".into(),
                question: "What if versioning was off?".into(),
                answer: "Then the objects are gone from this bucket. Restore them from an AWS Backup recovery point of the bucket, or copy them back from a bucket that replicates this one, if either exists.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "s3-bucket/can-you-stop-the-next-bulk-deletion".into(),
                question: "Can you stop the next bulk deletion?".into(),
                answer: "Versioning makes deletes recoverable. S3 Object Lock goes further: once turned on for a versioned bucket, with a default retention, versions cannot be deleted or overwritten until the retention ends (in compliance mode, by nobody at all). It cannot be turned off again, so decide on it with the bucket's owner.".into(),
                tone: Tone::Info,
            },
        ],
        commands,
    }
}

fn sensitive_data(cx: &Ctx) -> Step {
    let def = match (cx.account, name(cx)) {
        (Some(a), Some(n)) => {
            Some(serde_json::json!({"bucketDefinitions": [{"accountId": a, "buckets": [n]}]}).to_string())
        }
        _ => None,
    };
    let commands = vec![cx
        .cmd("Run a one-time Amazon Macie sensitive-data discovery job on the bucket")
        .t("aws macie2 create-classification-job --job-type ONE_TIME --name ")
        .choose("job-name", "a name for the Macie job, e.g. the incident ticket")
        .t(" --s3-job-definition ")
        .v_or(
            def.as_deref(),
            &p("name"),
            "s3-job-definition",
            "{\"bucketDefinitions\":[{\"accountId\":\"<account-id>\",\"buckets\":[\"<bucket-name>\"]}]}",
        )
        .build()];
    Step {
        id: "s3-bucket/sensitive-data".into(),
        phase: Phase::Understand,
        title: "Check the bucket for sensitive data".into(),
        why: "What the bucket holds decides how serious the exposure is and who must be told. Amazon Macie finds personal data, credentials and financial data in objects.".into(),
        facts: vec![fact("Bucket", name(cx), &p("name")), fact("Account", cx.account, "accountId")],
        decisions: vec![Decision {
            id: "s3-bucket/is-macie-already-on-in-this-account".into(),
            question: "Is Macie already on in this account?".into(),
            answer: "If automated sensitive-data discovery is on, read its results for this bucket first; otherwise turn Macie on or run the one-time job below.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

fn restrict(cx: &Ctx) -> Step {
    let n = name(cx);
    let np = p("name");
    // A bucket that was never public was reached with the caller's own credentials: Block Public
    // Access changes nothing for it, a Deny against the caller does.
    let actor_first = !bucket_public(cx);
    let mut commands = Vec::new();
    if actor_first {
        let (ips, ip_path) = caller_ips(cx);
        let path = if ips.is_empty() { "resource.accessKeyDetails.userName".to_owned() } else { ip_path };
        commands.push(
            cx.cmd("Deny the caller everything on the bucket, by its IAM user's ARN and the addresses it came from: merge these statements into the policy saved in step 2 and put the merged policy (the document as shown is only right when the bucket had no policy)")
                .t("aws s3api put-bucket-policy --bucket ")
                .v_or(n, &np, "bucket-name", NAME_HINT)
                .t(" --policy ")
                .v_or(actor_deny(cx).as_deref(), &path, "policy", "a Deny of s3:* on the bucket and its objects, with aws:PrincipalArn equal to the caller's ARN and aws:SourceIp its addresses")
                .caution("s3-bucket/actor-deny-replaces-policy", "put-bucket-policy replaces the bucket's whole policy: run it with the merged document (the saved policy's statements plus these Deny statements), or every grant the saved policy held is gone. The Deny also stops the user's legitimate jobs on this bucket until you remove it.")
                .build(),
        );
    }
    commands.push(
        cx.cmd(if actor_first {
            "Block all public access to the bucket too, so nobody can make it public meanwhile; delete-public-access-block undoes it"
        } else {
            "First, block all public access to the bucket; delete-public-access-block undoes it"
        })
            .t("aws s3api put-public-access-block --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")
            .build(),
    );
    // The account-wide block only matters where public access was the way in: a private bucket
    // reached with the caller's own credentials gains nothing from it.
    if !actor_first {
        commands.push(
            cx.cmd("Optionally, if no bucket of the account should be public: block public access for every bucket of the account")
                .t("aws s3control put-public-access-block --account-id ")
                .v_or(cx.account, "accountId", "account-id", "the bucket owner's account ID")
                .t(" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")
                .caution("s3-bucket/account-bpa", ACCOUNT_BPA_CAUTION)
                .build(),
        );
    }
    commands.extend([
        cx.cmd("Then, if the ACL must change: reset it to owner-only (every other grant goes, see the caution)")
            .t("aws s3api put-bucket-acl --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --acl private")
            .build(),
        cx.cmd("Replace the bucket policy with a reviewed one (for example allowing only your VPC endpoint with aws:SourceVpce)")
            .t("aws s3api put-bucket-policy --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --policy file://")
            .choose("policy.json", "the path of your reviewed bucket policy, edited from the saved one")
            .build(),
    ]);
    if cors_matters(cx) {
        commands.push(
            cx.cmd("Remove the CORS configuration if the bucket should not serve browsers")
                .t("aws s3api delete-bucket-cors --bucket ")
                .v_or(n, &np, "bucket-name", NAME_HINT)
                .build(),
        );
    }
    if cx.ty().is_some_and(|t| t.family_is("ServerAccessLoggingDisabled")) {
        commands.push(
            cx.cmd("Turn server access logging back on")
                .t("aws s3api put-bucket-logging --bucket ")
                .v_or(n, &np, "bucket-name", NAME_HINT)
                .t(" --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"")
                .choose("log-bucket", "the bucket that receives the access logs")
                .t("\",\"TargetPrefix\":\"")
                .choose("prefix", "a key prefix for the logs")
                .t("\"}}'")
                .build(),
        );
    }
    Step {
        id: "s3-bucket/restrict-access".into(),
        phase: Phase::Contain,
        title: if is_anonymous(cx) {
            // Anonymous access is never authorised by anyone: the block comes before the scoping.
            "Block public access to the bucket".into()
        } else {
            "If the access was not authorised: restrict access".into()
        },
        why: if actor_first {
            "Close the way in that the finding showed, with the narrowest tool that does it. The bucket was not public: the caller used its own credentials, so a Deny against that principal and its addresses comes first. Block Public Access, further down, only keeps the bucket from becoming public.".into()
        } else {
            "Close the way in that the finding showed, with the narrowest tool that does it. Block Public Access comes first because it takes effect at once, overrides public policies and ACLs, and is undone with one command; replacing the ACL or policy loses what they held, so it comes after the saved copies.".into()
        },
        facts: vec![fact("Bucket", n, &np), fact("Account", cx.account, "accountId")],
        decisions: vec![
            Decision {
                id: "s3-bucket/will-blocking-public-access-break-something".into(),
                question: "Will blocking public access break something?".into(),
                answer: "It stops anonymous access at once, including any that was intended (a public website, a download link). Check with the bucket's owner, and use presigned URLs or CloudFront for what must stay reachable.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "s3-bucket/is-acl-private-safe-to-run".into(),
                question: "Is --acl private safe to run?".into(),
                answer: "It replaces the whole ACL with one grant to the owner: grants to the S3 log-delivery group and to other accounts go too. If the saved ACL has grants that must stay, put an edited copy back with --access-control-policy instead. On a bucket whose object ownership is BucketOwnerEnforced, ACLs are off and the command fails (AccessControlListNotSupported): the ACL grants nothing there, so skip it.".into(),
                tone: Tone::Warning,
            },
        ],
        commands,
    }
}
