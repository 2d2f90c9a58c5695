//! `lambda`: a Lambda function talked to a suspicious address. Identify the exact version that ran,
//! find how the bad code got in (its code, layers, Inspector findings, who updated it), stop it from
//! running, replace the code, and deal with its role's credentials, which the code could read.

use crate::catalog::CallerReputation;
use crate::finding::LambdaDetails;
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};

const P_L: &str = "resource.lambdaDetails";
const P_NC: &str = "service.action.networkConnectionAction";
const NAME_HINT: &str = "the function's name (resource.lambdaDetails.functionName)";
const VERSION_HINT: &str = "the version that ran ($LATEST for unpublished code)";

fn p(field: &str) -> String {
    format!("{P_L}.{field}")
}

fn details<'f>(cx: &Ctx<'f>) -> Option<&'f LambdaDetails> {
    cx.f.resource.lambda_details.as_ref()
}

const P_AFFECTED: &str = "service.action.awsApiCallAction.affectedResources";

/// The function's name and where it came from: the Lambda details, else the API call the finding
/// reports (`{"AWS::Lambda::Function": …}`, a name or an ARN), where custom detection rules name it.
fn name_at<'f>(cx: &Ctx<'f>) -> (Option<&'f str>, String) {
    if let Some(n) = details(cx).and_then(|l| l.function_name.as_deref()) {
        return (Some(n), p("functionName"));
    }
    let affected = cx
        .api_call()
        .and_then(|c| c.affected_resources.as_ref())
        .and_then(|a| a.0.as_object())
        .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case("AWS::Lambda::Function")))
        .and_then(|(_, v)| v.as_str())
        .map(|v| if v.starts_with("arn:") { v.split(':').nth(6).unwrap_or(v) } else { v })
        .filter(|n| !n.is_empty());
    match affected {
        Some(n) => (Some(n), P_AFFECTED.to_owned()),
        None => (None, p("functionName")),
    }
}

fn name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    name_at(cx).0
}

fn version<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    details(cx).and_then(|l| l.function_version.as_deref())
}

fn role_arn<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    details(cx).and_then(|l| l.role.as_deref())
}

/// The role's name: the last segment of its ARN (`…:role/service-role/name` → `name`).
fn role_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    role_arn(cx)?.rsplit_once('/').map(|(_, n)| n).filter(|n| !n.is_empty())
}

/// `--function-name 'x'`.
fn function(cx: &Ctx, c: Cmd) -> Cmd {
    c.t(" --function-name ").v_or(name(cx), &name_at(cx).1, "function-name", NAME_HINT)
}

/// `--function-name 'x' --qualifier 'v'`: the version that ran.
fn function_version(cx: &Ctx, c: Cmd) -> Cmd {
    function(cx, c).t(" --qualifier ").v_or(version(cx), &p("functionVersion"), "version", VERSION_HINT)
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    // Contain first (invocations, then the role's sessions), then look for the way in, then fix
    // the code: the function runs again only after its role's older sessions are revoked.
    vec![identify(cx), preserve(cx), stop_invocations(cx), role_credentials(cx), find_source(cx), fix_code(cx)]
}

fn identify(cx: &Ctx) -> Step {
    let l = details(cx);
    let vpc = l.and_then(|l| l.vpc_config.as_ref());
    let mut facts = vec![
        fact("Function", name(cx), &name_at(cx).1),
        fact("Function ARN", l.and_then(|l| l.function_arn.clone()), &p("functionArn")),
        fact("Version", version(cx), &p("functionVersion")),
        fact("Revision ID", l.and_then(|l| l.revision_id.clone()), &p("revisionId")),
        fact(
            "Last modified",
            l.and_then(|l| l.last_modified_at.as_ref()).map(|t| t.text.clone()),
            &p("lastModifiedAt"),
        ),
        fact("Execution role", role_arn(cx), &p("role")),
    ];
    facts.extend(some_fact("Description", l.and_then(|l| l.description.clone()), &p("description")));
    facts.push(fact("VPC", vpc.and_then(|v| v.vpc_id.clone()), &p("vpcConfig.vpcId")));
    if let Some(v) = vpc {
        facts.extend(some_fact(
            "Subnets",
            (!v.subnet_ids.is_empty()).then(|| v.subnet_ids.join(", ")),
            &p("vpcConfig.subnetIds"),
        ));
        let groups: Vec<&str> = v.security_groups.iter().filter_map(|g| g.group_id.as_deref()).collect();
        facts.extend(some_fact(
            "Security groups",
            (!groups.is_empty()).then(|| groups.join(", ")),
            &p("vpcConfig.securityGroups.groupId"),
        ));
    }
    facts.extend(some_fact("Tags", l.and_then(|l| tags_text(&l.tags)), &p("tags")));
    facts.extend(cx.remote_facts());
    if let Some(nc) = cx.action().and_then(|a| a.network_connection_action.as_ref()) {
        facts.push(fact(
            "Remote port",
            nc.remote_port_details.as_ref().and_then(|p| p.port).map(|p| p.to_string()),
            &format!("{P_NC}.remotePortDetails.port"),
        ));
        facts.push(fact("Protocol", nc.protocol.clone(), &format!("{P_NC}.protocol")));
        facts.push(fact(
            "Connection direction",
            nc.connection_direction.clone(),
            &format!("{P_NC}.connectionDirection"),
        ));
    }
    facts.extend(some_fact(
        "Threat lists matched",
        cx.threat_lists(),
        "service.evidence.threatIntelligenceDetails.threatListName",
    ));

    let mut decisions = vec![match version(cx) {
        Some("$LATEST") => Decision {
            id: "lambda/is-the-code-that-ran-still-there-to".into(),
            question: "Is the code that ran still there to read?".into(),
            answer: "Maybe not: $LATEST is the unpublished code, which every update replaces. If get-function's RevisionId differs from the revision ID above, the code or the configuration has changed since the activity (any update changes it); CloudTrail's UpdateFunctionCode20150331v2 events (the event name carries the API version) say whether the code did.".into(),
            tone: Tone::Warning,
        },
        Some(v) => Decision {
            id: "lambda/is-the-code-that-ran-still-there-to".into(),
            question: "Is the code that ran still there to read?".into(),
            answer: format!("Yes: version {v} is published and its code cannot change, even if $LATEST was fixed since. Aliases that point to it still send it traffic (list-aliases)."),
            tone: Tone::Info,
        },
        None => Decision {
            id: "lambda/is-the-code-that-ran-still-there-to".into(),
            question: "Is the code that ran still there to read?".into(),
            answer: "The finding names no version; read the function's versions and aliases and compare their last-modified times with the time of the activity.".into(),
            tone: Tone::Warning,
        },
    }];
    let ty = cx.ty();
    let family = |f: &str| ty.as_ref().is_some_and(|t| t.family_is(f));
    let talked_to = if family("C&CActivity") {
        Some(
            "A command-and-control server: the function, or a library in it, is likely taking orders from an attacker.",
        )
    } else if family("BitcoinTool") {
        Some("An address tied to cryptocurrency activity: the function may be mining on your account's bill.")
    } else if family("DropPoint") {
        Some("A host where malware drops stolen data: the function may be sending data, or its credentials, out.")
    } else if family("BlackholeTraffic") {
        Some("A black-hole address, where traffic is dropped: often malware whose server has been taken down.")
    } else {
        match ty.as_ref().and_then(|t| t.caller_reputation()) {
            Some(CallerReputation::Tor) => {
                Some("The Tor network: the function hides where its traffic goes. Functions almost never need this.")
            }
            Some(CallerReputation::CustomThreatList) => Some("An address on a threat list you uploaded (named above)."),
            Some(CallerReputation::MaliciousIp) => {
                Some("An address GuardDuty's threat intelligence lists as malicious (the lists are named above).")
            }
            None => None,
        }
    };
    if let Some(answer) = talked_to {
        decisions.push(Decision {
            id: "lambda/what-did-the-function-talk-to".into(),
            question: "What did the function talk to?".into(),
            answer: answer.into(),
            tone: Tone::Danger,
        });
    }
    let commands = vec![
        function(cx, cx.cmd("Aliases of the function and the versions they point to").t("aws lambda list-aliases"))
            .build(),
        function(
            cx,
            cx.cmd("Published versions of the function, with their last-modified times")
                .t("aws lambda list-versions-by-function"),
        )
        .build(),
    ];
    Step {
        id: "lambda/identify".into(),
        phase: Phase::Understand,
        title: "Identify the function version that ran".into(),
        why: "A function has many versions; the name, version and revision ID pin down the code that made the connection, which is the code to examine and replace.".into(),
        facts,
        decisions,
        commands,
    }
}

/// Keeps the code, configuration and resource policy of the version that ran before anything
/// changes them.
fn preserve(cx: &Ctx) -> Step {
    let numbered = version(cx).is_some_and(|v| v != "$LATEST");
    let mut commands = vec![
        function_version(
            cx,
            cx.cmd("A download link for the code that ran: it expires after about 10 minutes, so download the file at once (curl -o function-code.zip '<link>') and keep it with the incident record")
                .t("aws lambda get-function"),
        )
        .t(" --query 'Code.Location' --output text")
        .build(),
    ];
    if numbered {
        commands.push(
            function(
                cx,
                cx.cmd("A download link for the unpublished code ($LATEST), which the fix overwrites: download it the same way (curl -o latest-code.zip '<link>')")
                    .t("aws lambda get-function"),
            )
            .t(" --query 'Code.Location' --output text")
            .build(),
        );
    }
    commands.extend([
        function_version(
            cx,
            cx.cmd("Save the version's configuration (role, environment variables, layers, VPC, revision ID) with the incident record")
                .t("aws lambda get-function-configuration"),
        )
        .t(" --output json")
        .captures(Subject::Function)
        .build(),
        function_version(cx, cx.cmd("The layers the version loads").t("aws lambda get-function-configuration"))
            .t(" --query 'Layers[].Arn' --output text")
            .build(),
        cx.cmd("A download link for one layer's code: run it for each layer ARN above and download each file at once (curl -o layer.zip '<link>'), since the links expire after about 10 minutes too")
            .t("aws lambda get-layer-version-by-arn --arn ")
            .output("layer-arn", "a layer version ARN printed by the command above")
            .t(" --query 'Content.Location' --output text")
            .build(),
        function(
            cx,
            cx.cmd("Save the function's resource policy (who may invoke it) before any permission is removed")
                .t("aws lambda get-policy"),
        )
        .t(" --output json")
        .build(),
    ]);
    if numbered {
        commands.push(
            function_version(
                cx,
                cx.cmd("Save the version's own resource policy too: a version or an alias can have one of its own (an error saying there is none is fine)")
                    .t("aws lambda get-policy"),
            )
            .t(" --output json")
            .build(),
        );
    }
    commands.extend([function_version(
        cx,
        cx.cmd("Save the version's asynchronous invocation settings (destinations, retries), if it has any")
            .t("aws lambda get-function-event-invoke-config"),
    )
    .t(" --output json")
    .build()]);
    Step {
        id: "lambda/preserve".into(),
        phase: Phase::Preserve,
        title: "Keep a copy of the code, configuration and policy that ran".into(),
        why: "The later steps overwrite the code, delete versions and remove permissions. A copy of each, taken first, is what you analyse, and what shows later how the function was set up when it made the connection.".into(),
        facts: vec![
            fact("Function", name(cx), &name_at(cx).1),
            fact("Version", version(cx), &p("functionVersion")),
            fact("Revision ID", details(cx).and_then(|l| l.revision_id.clone()), &p("revisionId")),
        ],
        decisions: vec![Decision {
            id: "lambda/why-download-the-code-now".into(),
            question: "Why download the code now?".into(),
            answer: "The links get-function and get-layer-version-by-arn print are presigned and stop working after about ten minutes; running the command again gives a new one, but only while the code exists. Compare the saved configuration's RevisionId with the finding's: a different one means the configuration changed since the activity (for $LATEST, possibly the code too). A published version's code cannot change.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

fn find_source(cx: &Ctx) -> Step {
    let l = details(cx);
    let n = name(cx);
    let inspector =
        n.map(|n| serde_json::json!({"lambdaFunctionName": [{"comparison": "EQUALS", "value": n}]}).to_string());
    let commands = vec![
        cx.cmd("Amazon Inspector's findings for the function (when Lambda scanning is on)")
            .t("aws inspector2 list-findings --filter-criteria ")
            .v_or(
                inspector.as_deref(),
                &name_at(cx).1,
                "filter-criteria",
                "{\"lambdaFunctionName\":[{\"comparison\":\"EQUALS\",\"value\":\"<function-name>\"}]}",
            )
            .build(),
        cx.cmd("Who changed the function, and when (last 90 days): CloudTrail names the updates UpdateFunctionCode20150331v2 and UpdateFunctionConfiguration20150331v2")
            .t("aws cloudtrail lookup-events --lookup-attributes ")
            .v_or(
                n.map(|n| format!("AttributeKey=ResourceName,AttributeValue={n}")).as_deref(),
                &name_at(cx).1,
                "lookup-attribute",
                "AttributeKey=ResourceName,AttributeValue=<function-name>",
            )
            .t(" --query 'Events[].{time:EventTime,event:EventName,user:Username}'")
            .build(),
    ];
    Step {
        id: "lambda/find-source".into(),
        phase: Phase::Understand,
        title: "Find how the malicious code got in".into(),
        why: "Replacing the code does not help if the way in stays open: a poisoned dependency, a shared layer or stolen deploy credentials will bring it back.".into(),
        facts: vec![
            fact("Function", n, &name_at(cx).1),
            fact("Version", version(cx), &p("functionVersion")),
            fact("Last modified", l.and_then(|l| l.last_modified_at.as_ref()).map(|t| t.text.clone()), &p("lastModifiedAt")),
        ],
        decisions: vec![
            Decision {
                id: "lambda/where-would-the-bad-code-be".into(),
                question: "Where would the bad code be?".into(),
                answer: "Read the version's own code first (saved in the preserve step), then its libraries and layers: a dependency or a layer someone else publishes can carry the malware without any change to your code. Inspector's findings point to vulnerable packages.".into(),
                tone: Tone::Info,
            },
            Decision {
                id: "lambda/was-the-last-change-authorised".into(),
                question: "Was the last change authorised?".into(),
                answer: "Find the update around the last-modified time in CloudTrail and ask whoever made it. A change nobody owns up to means the deploying credentials are compromised: contain them with the credentials guide.".into(),
                tone: Tone::Warning,
            },
        ],
        commands,
    }
}

fn stop_invocations(cx: &Ctx) -> Step {
    let vpc = details(cx).and_then(|l| l.vpc_config.as_ref());
    let subnets: Vec<&str> = vpc.map(|v| v.subnet_ids.iter().map(String::as_str).collect()).unwrap_or_default();
    let in_vpc = vpc.is_some_and(|v| v.vpc_id.is_some() || !v.subnet_ids.is_empty());
    let mut decisions = vec![
        Decision {
            id: "lambda/how-fast-does-this-stop-the-function".into(),
            question: "How fast does this stop the function?".into(),
            answer: "Reserved concurrency 0 throttles every invocation of every version at once, and is undone with delete-function-concurrency. Asynchronous events are retried for up to six hours and then dropped or sent to the failure destination, so triggers should be turned off too.".into(),
            tone: Tone::Info,
        },
        if in_vpc {
            Decision {
                id: "lambda/can-you-block-the-remote-address-too".into(),
                question: "Can you block the remote address too?".into(),
                answer: "Yes: the function runs in a VPC, so its security groups' outbound rules and its subnets' network ACLs decide what it reaches. A network ACL deny (below) also blocks other workloads in those subnets from the address.".into(),
                tone: Tone::Info,
            }
        } else {
            Decision {
                id: "lambda/can-you-block-the-remote-address-too".into(),
                question: "Can you block the remote address too?".into(),
                answer: "Not at the network: the function runs outside any VPC and reaches the internet directly, with no security group or network ACL in the way. Stopping its invocations is what cuts it off.".into(),
                tone: Tone::Warning,
            }
        },
    ];
    decisions.push(Decision {
        id: "lambda/what-else-can-start-it".into(),
        question: "What else can start it?".into(),
        answer: "Event source mappings (queues, streams), services allowed by its resource policy (S3, SNS, EventBridge, API Gateway, a function URL) and direct calls. Disable the mappings and remove the permissions that should not be there.".into(),
        tone: Tone::Info,
    });
    let mut commands = vec![
        function(
            cx,
            cx.cmd("Stop every invocation now with reserved concurrency 0; delete-function-concurrency removes the limit later")
                .t("aws lambda put-function-concurrency"),
        )
        .t(" --reserved-concurrent-executions 0")
        .contains(Subject::Function)
        .caution("lambda/function-throttled", "This is a full outage of the function, every version and alias included. Synchronous callers (API Gateway, function URLs, direct invokes) get a throttling error at once. Asynchronous events are retried for up to six hours and then dropped, or sent to the failure destination or dead-letter queue if one is set. Queue messages go back to their queue and, after the queue's receive limit, to its dead-letter queue. Tell the function's owner before you run it.")
        .build(),
        function(
            cx,
            cx.cmd("Event source mappings that feed the function").t("aws lambda list-event-source-mappings"),
        )
        .build(),
        cx.cmd("Turn one mapping off")
            .t("aws lambda update-event-source-mapping --uuid ")
            .output("mapping-uuid", "a UUID printed by list-event-source-mappings")
            .t(" --no-enabled")
            .build(),
        function(cx, cx.cmd("Remove one permission that should not be there (put it back from the saved policy with add-permission)").t("aws lambda remove-permission"))
            .t(" --statement-id ")
            .missing("statement-id", "a Sid in the policy saved by get-policy")
            .build(),
    ];
    // A version (or an alias) has a resource policy of its own, saved by its own get-policy: a
    // grant there is removed with the same qualifier, or it stays while the function's is cleaned.
    if version(cx).is_some_and(|v| v != "$LATEST") {
        commands.push(
            function_version(
                cx,
                cx.cmd("Remove one permission from the version's own policy (put it back from that saved policy with add-permission and the same --qualifier)")
                    .t("aws lambda remove-permission"),
            )
            .t(" --statement-id ")
            .missing("statement-id", "a Sid in the version's policy saved by get-policy --qualifier")
            .build(),
        );
    }
    commands.extend([
        function_version(
            cx,
            cx.cmd("Only if the saved asynchronous invocation settings send results to a destination nobody in your team set up (a queue, topic, bus or function that could be the attacker's): remove them")
                .t("aws lambda delete-function-event-invoke-config"),
        )
        .caution("lambda/async-destinations-removed", "This removes the destinations and the retry settings of the version together. While the function is throttled, its failed asynchronous events then have nowhere to go and are dropped, instead of reaching your own failure destination. Keep the settings if every destination in the saved copy is yours; put-function-event-invoke-config with the saved values brings them back.")
        .build(),
    ]);
    if in_vpc {
        if let Some((ip, path)) = cx.remote_ip() {
            let cidr = if ip.contains(':') { format!("{ip}/128") } else { format!("{ip}/32") };
            let flag = if ip.contains(':') { " --ipv6-cidr-block " } else { " --cidr-block " };
            commands.push(
                cx.cmd("The network ACLs of the function's subnets")
                    .t("aws ec2 describe-network-acls --filters ")
                    .v_or(
                        (!subnets.is_empty())
                            .then(|| format!("Name=association.subnet-id,Values={}", subnets.join(",")))
                            .as_deref(),
                        &p("vpcConfig.subnetIds"),
                        "subnet-filter",
                        "Name=association.subnet-id,Values=<subnet-id>",
                    )
                    .t(" --query 'NetworkAcls[].NetworkAclId'")
                    .build(),
            );
            commands.push(
                cx.cmd("Deny traffic to the remote address at each of those network ACLs")
                    .t("aws ec2 create-network-acl-entry --network-acl-id ")
                    .output("network-acl-id", "a NetworkAclId printed by describe-network-acls")
                    .t(" --egress --rule-number ")
                    .choose("rule-number", "a number lower than the ACL's allow rules, e.g. 50")
                    .t(" --protocol -1 --rule-action deny")
                    .t(flag)
                    .v(&cidr, &path)
                    .build(),
            );
        }
    }
    Step {
        id: "lambda/stop-invocations".into(),
        phase: Phase::Contain,
        title: "Stop the function from running".into(),
        why: "Each invocation runs the malicious code again; stopping invocations first contains it while you replace the code.".into(),
        facts: vec![fact("Function", name(cx), &name_at(cx).1), fact("Version", version(cx), &p("functionVersion"))],
        decisions,
        commands,
    }
}

fn fix_code(cx: &Ctx) -> Step {
    let v = version(cx);
    let mut decisions = vec![Decision {
        id: "lambda/when-is-the-function-safe-to-run-again".into(),
        question: "When is the function safe to run again?".into(),
        answer: "When the new code and layers come from a source you trust, Inspector's findings for them are fixed, whatever let the bad code in is closed, and the role's older sessions are revoked (the step on the role's credentials, above). The code and configuration updates below make Lambda start fresh execution environments, which get new credentials. Then remove the concurrency limit (last command).".into(),
        tone: Tone::Info,
    }];
    let numbered = v.is_some_and(|v| v != "$LATEST");
    if numbered {
        decisions.push(Decision {
            id: "lambda/what-happens-to-the-infected-version".into(),
            question: "What happens to the infected version?".into(),
            answer: format!("Version {} stays as it is until you delete it: point its aliases to the clean version first, then delete it.", v.unwrap_or("")),
            tone: Tone::Warning,
        });
    }
    let mut commands = vec![
        function(cx, cx.cmd("Upload clean code, once the code that ran is downloaded (keep the fileb:// prefix: it makes the CLI send the file's bytes)").t("aws lambda update-function-code"))
            .t(" --zip-file fileb://")
            .choose("clean-code.zip", "the path of a build of the code from a source you trust")
            .caution("lambda/latest-code-overwritten", "This overwrites the unpublished ($LATEST) code for good. If the code that ran was $LATEST, it exists nowhere else: download it first (get-function in the preserve step).")
            .build(),
        function(
            cx,
            cx.cmd("Wait for each update to finish: run this after the code update, and again after the layer update, until it prints Successful. The next update and publish-version fail while it prints InProgress")
                .t("aws lambda get-function-configuration"),
        )
        .t(" --query 'LastUpdateStatus' --output text")
        .build(),
        function(
            cx,
            cx.cmd("Set the layers to the clean ones only (the list replaces the current one)")
                .t("aws lambda update-function-configuration"),
        )
        .t(" --layers ")
        .choose("layer-version-arns", "the layer version ARNs to keep, separated by spaces")
        .build(),
        function(cx, cx.cmd("Publish the clean code as a new version").t("aws lambda publish-version"))
            .build(),
        function(cx, cx.cmd("Point an alias at the clean version").t("aws lambda update-alias"))
            .t(" --name ")
            .output("alias-name", "an alias printed by list-aliases")
            .t(" --function-version ")
            .output("clean-version", "the Version printed by publish-version")
            .build(),
    ];
    if numbered {
        commands.push(
            function_version(
                cx,
                cx.cmd("Delete the infected version once no alias points to it").t("aws lambda delete-function"),
            )
            .caution("lambda/version-deleted", format!("Deleting version {} removes its code and configuration for good; only the copies saved in the preserve step remain.", v.unwrap_or("")))
            .build(),
        );
    }
    commands.push(
        function(
            cx,
            cx.cmd("Let the function run again: remove the concurrency limit")
                .t("aws lambda delete-function-concurrency"),
        )
        .build(),
    );
    Step {
        id: "lambda/fix-code".into(),
        phase: Phase::Eradicate,
        title: "Replace the code and layers".into(),
        why: "The function is only clean once every version that runs is built from trusted code and layers.".into(),
        facts: vec![
            fact("Function", name(cx), &name_at(cx).1),
            fact("Version", v, &p("functionVersion")),
            fact("Revision ID", details(cx).and_then(|l| l.revision_id.clone()), &p("revisionId")),
        ],
        decisions,
        commands,
    }
}

fn role_credentials(cx: &Ctx) -> Step {
    let role = role_name(cx);
    let role_path = p("role");
    let commands = vec![
        cx.cmd("What the role may do, from its managed policies: that is what leaked credentials allow")
            .t("aws iam list-attached-role-policies --role-name ")
            .v_or(role, &role_path, "role-name", "the last part of the function's role ARN")
            .build(),
        cx.cmd("And from its inline policies, which the list above does not show")
            .t("aws iam list-role-policies --role-name ")
            .v_or(role, &role_path, "role-name", "the last part of the function's role ARN")
            .build(),
        cx.cmd("Revoke every session of the role issued before now; sessions issued later, the function's next ones included, still work")
            .t("aws iam put-role-policy --role-name ")
            .v_or(role, &role_path, "role-name", "the last part of the function's role ARN")
            .t(" --policy-name AWSRevokeOlderSessions --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"}}}]}'")
            .caution("lambda/role-sessions-revoked", "Every session of the role issued before now stops working, not only the attacker's: other functions, instances or services that use the same role get AccessDenied until they get new credentials. Lambda's warm execution environments keep their old credentials for a while; the code and configuration updates in the next steps replace them.")
            .build(),
    ];
    Step {
        id: "lambda/role-credentials".into(),
        phase: Phase::Contain,
        title: "Treat the role's credentials as exposed".into(),
        why: "Code running in the function can read its role's temporary credentials; code that talks to an attacker may have sent them along.".into(),
        facts: vec![fact("Execution role", role_arn(cx), &role_path), fact("Role name", role, &role_path)],
        decisions: vec![Decision {
            id: "lambda/were-the-roles-credentials-used-elsewhere".into(),
            question: "Were the role's credentials used elsewhere?".into(),
            answer: "Search CloudTrail for the role's sessions from addresses other than Lambda's, and watch for GuardDuty credential-exfiltration findings on it. If they were used, or you cannot rule it out, revoke the role's sessions (below) and work through the credentials guide for the role.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}
