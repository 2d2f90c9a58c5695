//! `s3-bucket`: a potentially compromised S3 bucket. Identify the bucket and its owner, the API and
//! its caller, decide whether that caller should have had access (an anonymous principal means the
//! bucket is public), look for sensitive data, then restrict access.

use crate::finding::BlockPublicAccess;
use crate::guide::ctx::{fact, fact_bool, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};

use crate::guide::shared::keys::key_decision;

const P_B: &str = "resource.s3BucketDetails";
const P_CALL: &str = "service.action.awsApiCallAction";
const NAME_HINT: &str = "the bucket's name (resource.s3BucketDetails.name)";

fn p(field: &str) -> String {
    format!("{P_B}.{field}")
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    vec![identify_bucket(cx), identify_caller(cx), should_have_access(cx), sensitive_data(cx), restrict(cx)]
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
            question: "Is the bucket public?".into(),
            answer: "Yes: GuardDuty computed its effective permission as PUBLIC. Anyone on the internet can reach what the policy or ACL allows.".into(),
            tone: Tone::Danger,
        });
    }
    let bucket = |d: &str| cx.cmd(d);
    let commands = vec![
        bucket("The bucket's policy")
            .t("aws s3api get-bucket-policy --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            
            .build(),
        bucket("Whether S3 considers the policy public")
            .t("aws s3api get-bucket-policy-status --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            
            .build(),
        bucket("The bucket's Block Public Access settings")
            .t("aws s3api get-public-access-block --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            
            .build(),
        bucket("The bucket's access control list")
            .t("aws s3api get-bucket-acl --bucket ")
            .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
            
            .build(),
    ];
    Step {
        id: "s3-bucket/identify-bucket".into(),
        phase: Phase::Understand,
        title: "Identify the bucket, its ARN and its owner".into(),
        why: "The bucket's policy, ACL and Block Public Access settings decide who can reach it; read them as they are now before changing anything.".into(),
        facts,
        decisions,
        commands,
    }
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
    let key = k.and_then(|k| k.access_key_id.as_deref());
    let commands = vec![cx.cmd("Management events made with this key (S3 data events such as GetObject are only in your trail or CloudTrail Lake)")
        .t("aws cloudtrail lookup-events --lookup-attributes ")
        .v_or(key.map(|k| format!("AttributeKey=AccessKeyId,AttributeValue={k}")).as_deref(), "resource.accessKeyDetails.accessKeyId", "lookup-attribute", "AttributeKey=ResourceName,AttributeValue=<bucket-name> when the finding has no key")
        .t(" --max-results 50 --query 'Events[].CloudTrailEvent'")
        
        .build()];
    Step {
        id: "s3-bucket/identify-caller".into(),
        phase: Phase::Understand,
        title: "Identify the API called and who called it".into(),
        why: "The caller is an IAM principal (a user, a role, or an account) and, depending on how it called, a remote address or domain. That is who you ask, and what you restrict.".into(),
        facts,
        decisions: vec![key_decision(cx)],
        commands,
    }
}

fn should_have_access(cx: &Ctx) -> Step {
    let k = cx.key();
    let user = k.and_then(|k| k.user_name.as_deref());
    let user_type = k.and_then(|k| k.user_type.as_deref());
    let api = cx.api_call().and_then(|c| c.api.as_deref());
    let anonymous = user == Some("ANONYMOUS_PRINCIPAL") && user_type == Some("AWSAccount");
    let mut decisions = Vec::new();
    if anonymous {
        decisions.push(Decision {
            question: "Who read the bucket?".into(),
            answer: "Nobody signed in: the user name is ANONYMOUS_PRINCIPAL with user type AWSAccount, so the bucket is public and was accessed anonymously. Should this bucket be public at all?".into(),
            tone: Tone::Danger,
        });
        if api == Some("PreflightRequest") {
            decisions.push(Decision {
                question: "Why a PreflightRequest?".into(),
                answer: "An anonymous CORS preflight succeeded, so the bucket has a CORS configuration. Check that it should, and that the bucket is not public by accident.".into(),
                tone: Tone::Warning,
            });
        }
    } else {
        decisions.push(Decision {
            question: "Should this principal have reached this bucket with this API?".into(),
            answer: match user {
                Some(u) => format!("Ask the owner of {u}. If its credentials may be stolen, work through the credentials section. If it never needed this API, remove the permission and lock the bucket down further."),
                None => "The finding names no user; look up the caller in CloudTrail first (previous step).".into(),
            },
            tone: Tone::Info,
        });
    }
    let ty = cx.f.finding_type.as_str();
    if ty.contains("BlockPublicAccessDisabled")
        || ty.contains("PublicAccessGranted")
        || ty.contains("AnonymousAccessGranted")
    {
        decisions.push(Decision {
            question: "Was the bucket opened on purpose?".into(),
            answer: "This finding means an API call removed a protection or granted public access. If nobody planned that change, undo it (last step) and treat the caller's credentials as suspect.".into(),
            tone: Tone::Warning,
        });
    }
    let mut commands = Vec::new();
    if anonymous || api == Some("PreflightRequest") {
        commands.push(
            cx.cmd("The bucket's CORS configuration")
                .t("aws s3api get-bucket-cors --bucket ")
                .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
                
                .build(),
        );
        commands.push(
            cx.cmd("Remove the CORS configuration if the bucket should not serve browsers")
                .t("aws s3api delete-bucket-cors --bucket ")
                .v_or(name(cx), &p("name"), "bucket-name", NAME_HINT)
                
                .build(),
        );
    }
    Step {
        id: "s3-bucket/should-have-access".into(),
        phase: Phase::Understand,
        title: "Decide whether the caller should have had access".into(),
        why: "Access by the wrong principal means stolen credentials or too-broad permissions; access by nobody at all means the bucket is public.".into(),
        facts: [
            fact("User name", user, "resource.accessKeyDetails.userName"),
            fact("User type", user_type, "resource.accessKeyDetails.userType"),
            fact("API called", api, &format!("{P_CALL}.api")),
        ]
            .into_iter()
            .filter(|f| f.value.is_some() || !f.path.starts_with("service.action"))
            .collect(),
        decisions,
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
    let commands = vec![cx.cmd("Run a one-time Amazon Macie sensitive-data discovery job on the bucket")
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
    let mut commands = vec![
        cx.cmd("Block all public access to the bucket")
            .t("aws s3api put-public-access-block --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")
            
            .build(),
        cx.cmd("Block public access for every bucket of the account")
            .t("aws s3control put-public-access-block --account-id ")
            .v_or(cx.account, "accountId", "account-id", "the bucket owner's account ID")
            .t(" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")
            
            .build(),
        cx.cmd("Revoke public grants in the bucket's ACL").t("aws s3api put-bucket-acl --bucket ").v_or(n, &np, "bucket-name", NAME_HINT).t(" --acl private").build(),
        cx.cmd("Replace the bucket policy with a reviewed one (for example allowing only your VPC endpoint with aws:SourceVpce)")
            .t("aws s3api put-bucket-policy --bucket ")
            .v_or(n, &np, "bucket-name", NAME_HINT)
            .t(" --policy ")
            .choose("file://policy.json", "your reviewed bucket policy")
            
            .build(),
    ];
    if cx.f.finding_type.contains("ServerAccessLoggingDisabled") {
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
        title: "If the access was not authorised: restrict access".into(),
        why: "Close the way in that the finding showed, with the narrowest tool that does it: Block Public Access, a tighter bucket or user policy, ACLs, presigned URLs (valid up to 7 days) for temporary outside access, or access points for shared data.".into(),
        facts: vec![fact("Bucket", n, &np), fact("Account", cx.account, "accountId")],
        decisions: vec![Decision {
            question: "Will blocking public access break something?".into(),
            answer: "It stops anonymous access at once, including any that was intended (a public website, a download link). Check with the bucket's owner, and use presigned URLs or CloudFront for what must stay reachable.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}
