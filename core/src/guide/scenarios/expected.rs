//! The branch every scenario shares: the activity turned out to be expected. Don't remediate;
//! archive this finding, or add a suppression rule so matching findings are archived as they arrive.

use crate::catalog::CallerReputation;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Section, Step, Tone};
use crate::scenario::ScenarioKey;

/// Which account runs GuardDuty's own commands.
fn run_in(cx: &Ctx) -> String {
    let acct = cx.account.map(|a| format!(" ({a})")).unwrap_or_default();
    format!("the finding's account{acct} if it runs GuardDuty on its own; if it is a member account, the GuardDuty administrator account, with the administrator's detector ID")
}

/// Adds a criterion when the finding has a value for it.
fn add<'f>(c: &mut Vec<Criterion<'f>>, path: &'static str, value: Option<&'f str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        c.push((path, v));
    }
}

/// One criterion of a suppression rule: a filterable wire path and the finding's value there.
type Criterion<'f> = (&'static str, &'f str);

/// The criteria, besides the type, that narrow a suppression rule to the evidence of this
/// activity: what made it expected (the caller, the process, the workload, the object), never
/// only the account, bucket or cluster, which would archive every future finding of the type
/// there. Empty when the finding has nothing narrower: then no rule is offered.
fn narrowing<'f>(cx: &Ctx<'f>, scenarios: &[ScenarioKey]) -> Vec<Criterion<'f>> {
    let r = &cx.f.resource;
    let action = cx.action();
    let mut c: Vec<Criterion<'f>> = Vec::new();
    // Findings about a domain are expected for that domain.
    add(
        &mut c,
        "service.action.dnsRequestAction.domain",
        action.and_then(|a| a.dns_request_action.as_ref()).and_then(|d| d.domain.as_deref()),
    );
    // A runtime finding is expected for what it names: the module, script or file, else the
    // executable, unless that is a general-purpose tool (a shell, insmod, curl), whose hash would
    // also match the next attacker using it.
    let runtime = cx.f.service.runtime_details.as_ref();
    let context = runtime.and_then(|d| d.context.as_ref());
    add(&mut c, "service.runtimeDetails.context.moduleSha256", context.and_then(|x| x.module_sha256.as_deref()));
    add(&mut c, "service.runtimeDetails.context.scriptPath", context.and_then(|x| x.script_path.as_deref()));
    add(&mut c, "service.runtimeDetails.context.threatFilePath", context.and_then(|x| x.threat_file_path.as_deref()));
    if c.iter().all(|(p, _)| !p.starts_with("service.runtimeDetails")) {
        let process =
            runtime.and_then(|d| d.process.as_ref()).filter(|p| !is_general_purpose(p.executable_path.as_deref()));
        add(
            &mut c,
            "service.runtimeDetails.process.executableSha256",
            process.and_then(|p| p.executable_sha256.as_deref()),
        );
    }
    // Malware found on a volume is expected as that file (a test sample), wherever it runs.
    let scanned_hash =
        cx.f.service
            .ebs_volume_scan_details
            .as_ref()
            .and_then(|d| d.scan_detections.as_ref())
            .and_then(|d| d.threat_detected_by_name.as_ref())
            .and_then(|t| t.threat_names.iter().flat_map(|n| &n.file_paths).find_map(|f| f.hash.as_deref()));
    add(
        &mut c,
        "service.ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames.filePaths.hash",
        scanned_hash,
    );
    match scenarios.first().copied() {
        Some(ScenarioKey::S3Bucket | ScenarioKey::Credentials | ScenarioKey::Lambda) => {
            // Who called, from where: the caller is what an expected API activity is expected of.
            let call = cx.api_call();
            add(&mut c, "resource.accessKeyDetails.principalId", cx.key().and_then(|k| k.principal_id.as_deref()));
            add(
                &mut c,
                "service.action.awsApiCallAction.remoteIpDetails.ipAddressV4",
                call.and_then(|c| c.remote_ip_details.as_ref()).and_then(|r| r.ip_address_v4.as_deref()),
            );
            add(
                &mut c,
                "service.action.awsApiCallAction.remoteAccountDetails.accountId",
                call.and_then(|c| c.remote_account_details.as_ref()).and_then(|r| r.account_id.as_deref()),
            );
            add(
                &mut c,
                "resource.lambdaDetails.functionName",
                r.lambda_details.as_ref().and_then(|l| l.function_name.as_deref()),
            );
        }
        Some(ScenarioKey::MalwareS3) => {
            // The same file (by hash) expected in this bucket, such as a test file.
            let object = cx.bucket().and_then(|b| b.s3_object_details.first());
            add(&mut c, "resource.s3BucketDetails.s3ObjectDetails.hash", object.and_then(|o| o.hash.as_deref()));
            if c.is_empty() {
                add(&mut c, "resource.s3BucketDetails.s3ObjectDetails.key", object.and_then(|o| o.key.as_deref()));
            }
        }
        Some(ScenarioKey::Rds) => {
            let login = action.and_then(|a| a.rds_login_attempt_action.as_ref());
            add(
                &mut c,
                "service.action.rdsLoginAttemptAction.remoteIpDetails.ipAddressV4",
                login.and_then(|l| l.remote_ip_details.as_ref()).and_then(|r| r.ip_address_v4.as_deref()),
            );
            add(
                &mut c,
                "resource.rdsDbUserDetails.user",
                r.rds_db_user_details.as_ref().and_then(|u| u.user.as_deref()),
            );
            add(
                &mut c,
                "resource.rdsDbInstanceDetails.dbInstanceIdentifier",
                r.rds_db_instance_details.as_ref().and_then(|d| d.db_instance_identifier.as_deref()),
            );
        }
        Some(ScenarioKey::EbsSnapshot | ScenarioKey::Ec2Ami | ScenarioKey::Ec2RecoveryPoint) => {
            // Every backup gets a new snapshot, image or recovery point ARN, so a rule keyed on
            // one would never match again: the infected file's hash is what recurs.
            add(&mut c, "service.malwareScanDetails.threats.itemDetails.hash", scan_item_hash(cx));
        }
        Some(ScenarioKey::S3RecoveryPoint) => {
            // A continuous backup keeps one recovery point ARN: keyed on it alone, a rule would
            // archive every future malware finding on the bucket's backup. Only with the file's
            // hash is the rule about this file.
            if let Some(hash) = scan_item_hash(cx) {
                add(&mut c, "service.malwareScanDetails.threats.itemDetails.hash", Some(hash));
                add(
                    &mut c,
                    "resource.recoveryPointDetails.recoveryPointArn",
                    r.recovery_point_details.as_ref().and_then(|d| d.recovery_point_arn.as_deref()),
                );
            }
        }
        Some(ScenarioKey::EksAudit | ScenarioKey::EksRuntime) => {
            let k = r.kubernetes_details.as_ref();
            let workload = k.and_then(|k| k.kubernetes_workload_details.as_ref());
            // A pod a controller made carries a generated suffix the next pod will not have: the
            // image it runs is what stays.
            let is_pod = |w: &&crate::finding::KubernetesWorkloadDetails| {
                w.workload_type.as_deref().is_some_and(|t| t.to_ascii_lowercase().starts_with("pod"))
            };
            let stable_name = workload.filter(|w| !is_pod(w)).and_then(|w| w.name.as_deref());
            add(&mut c, "resource.kubernetesDetails.kubernetesWorkloadDetails.name", stable_name);
            if stable_name.is_none() {
                add(
                    &mut c,
                    "resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image",
                    workload.and_then(|w| w.containers.first()).and_then(|c| c.image.as_deref()),
                );
            }
            add(
                &mut c,
                "resource.kubernetesDetails.kubernetesUserDetails.username",
                k.and_then(|k| k.kubernetes_user_details.as_ref()).and_then(|u| u.username.as_deref()),
            );
        }
        Some(ScenarioKey::EcsCluster | ScenarioKey::EcsRuntime) => {
            add(
                &mut c,
                "resource.ecsClusterDetails.taskDetails.definitionArn",
                r.ecs_cluster_details
                    .as_ref()
                    .and_then(|e| e.task_details.as_ref())
                    .and_then(|t| t.definition_arn.as_deref()),
            );
        }
        Some(ScenarioKey::StandaloneContainer) => {
            add(
                &mut c,
                "resource.containerDetails.image",
                r.container_details.as_ref().and_then(|c| c.image.as_deref()),
            );
        }
        Some(ScenarioKey::AttackSequence) | None => return Vec::new(),
        Some(ScenarioKey::Ec2Instance | ScenarioKey::Ec2Runtime) => {}
    }
    // The remote party of a network finding: expected activity is expected with that party.
    add(
        &mut c,
        "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4",
        action
            .and_then(|a| a.network_connection_action.as_ref())
            .and_then(|n| n.remote_ip_details.as_ref())
            .and_then(|r| r.ip_address_v4.as_deref()),
    );
    // The scope the criteria above narrow within: the instance, the bucket, the cluster. Never
    // enough alone (rules::suppression_is_narrow checks that), but it keeps a caller expected on
    // one bucket from being expected on all. Tasks and pods move between instances, so their
    // rules do not name one.
    if !matches!(
        scenarios.first(),
        Some(ScenarioKey::EcsCluster | ScenarioKey::EcsRuntime | ScenarioKey::EksAudit | ScenarioKey::EksRuntime)
    ) {
        add(&mut c, "resource.instanceDetails.instanceId", cx.instance_id());
    }
    if !c.is_empty() {
        if let Some(b) = cx.bucket().and_then(|b| b.name.as_deref()) {
            c.push(("resource.s3BucketDetails.name", b));
        }
        if let Some(n) = r.eks_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
            c.push(("resource.eksClusterDetails.name", n));
        }
        if let Some(n) = r.ecs_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
            c.push(("resource.ecsClusterDetails.name", n));
        }
    }
    c.dedup();
    c
}

/// The hash of the first infected item a Malware Protection scan names.
fn scan_item_hash<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.f.service
        .malware_scan_details
        .as_ref()?
        .threats
        .iter()
        .flat_map(|t| &t.item_details)
        .find_map(|i| i.hash.as_deref().filter(|h| !h.is_empty()))
}

/// Types whose evidence is itself a compromise, not behaviour that may be expected: a command and
/// control channel, traffic to a sinkhole or a drop point, a reverse shell, a kernel module or a
/// container escape. No authorised activity needs them, so no rule is offered: a rule would hide
/// the next host that falls the same way. Crypto mining (sometimes sanctioned) and malware files
/// (test files such as EICAR are kept by hash) stay suppressible.
pub fn is_compromise_evidence(t: &crate::catalog::TypeName) -> bool {
    const PURPOSES: [&str; 2] = ["Backdoor", "Trojan"];
    const FAMILIES: [&str; 8] = [
        "C&CActivity",
        "BlackholeTraffic",
        "DropPoint",
        "ReverseShell",
        "KernelModuleLoaded",
        "ContainerEscape",
        "RuncContainerEscape",
        "CGroupsReleaseAgentModified",
    ];
    PURPOSES.contains(&t.threat_purpose) || FAMILIES.contains(&t.threat_family_name)
}

/// Executables that every host has and any attacker may use: a suppression rule keyed on one of
/// them would hide the next intruder who runs it too.
fn is_general_purpose(path: Option<&str>) -> bool {
    const TOOLS: [&str; 30] = [
        "sh", "bash", "dash", "zsh", "ash", "busybox", "sudo", "su", "insmod", "modprobe", "curl", "wget", "nc",
        "ncat", "socat", "python", "python3", "perl", "ruby", "node", "php", "php-fpm", "java", "ssh", "sshd", "scp",
        "docker", "runc", "kubectl", "crontab",
    ];
    let Some(name) = path.and_then(|p| p.rsplit('/').next()) else { return false };
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    TOOLS.contains(&name) || TOOLS.contains(&base)
}

/// `{"Criterion":{"type":{"Eq":[…]},…}}` for `create-filter`.
fn criteria_json(finding_type: &str, narrowing: &[Criterion]) -> String {
    let mut criterion = serde_json::Map::new();
    criterion.insert("type".into(), serde_json::json!({ "Eq": [finding_type] }));
    for (path, value) in narrowing {
        criterion.insert((*path).into(), serde_json::json!({ "Eq": [value] }));
    }
    serde_json::json!({ "Criterion": criterion }).to_string()
}

pub fn section(cx: &Ctx, scenarios: &[ScenarioKey]) -> Section {
    let f = cx.f;
    let detector = cx.detector_id();
    let det_hint = "the detector ID: aws guardduty list-detectors (in the administrator account for member findings)";
    let id = f.id.as_deref();
    let narrowed = narrowing(cx, scenarios);
    let is_sequence = scenarios.first() == Some(&ScenarioKey::AttackSequence);
    let archive = Step {
        id: "expected/archive".into(),
        phase: Phase::Tune,
        title: "If the activity was expected: archive this finding".into(),
        why: "An expected, authorised activity needs no remediation. Archiving keeps the finding for the record but takes it off the active list.".into(),
        facts: vec![fact("Detector ID", detector, "service.detectorId"), fact("Finding ID", id, "id"), fact("Account", cx.account, "accountId")],
        decisions: vec![Decision {
            id: "expected/who-confirmed-it-was-expected".into(),
            question: "Who confirmed it was expected?".into(),
            answer: "Note who confirmed it and how (a ticket, a change record) before archiving: the finding's history does not say.".into(),
            tone: Tone::Info,
        }],
        commands: vec![
            cx.cmd("Archive this finding")
                .t("aws guardduty archive-findings --detector-id ")
                .v_or(detector, "service.detectorId", "detector-id", det_hint)
                .t(" --finding-ids ")
                .v_or(id, "id", "finding-id", "the finding's ID (the last part of its ARN)")

                .run_in(run_in(cx))
                .build(),
            cx.cmd("Optionally tell GuardDuty the finding was not useful")
                .t("aws guardduty update-findings-feedback --detector-id ")
                .v_or(detector, "service.detectorId", "detector-id", det_hint)
                .t(" --finding-ids ")
                .v_or(id, "id", "finding-id", "the finding's ID")
                .t(" --feedback NOT_USEFUL")

                .run_in(run_in(cx))
                .build(),
        ],
    };
    let suppress = suppress_step(cx, &narrowed, is_sequence, det_hint);
    Section {
        scenario: None,
        title: "If the activity was expected".to_owned(),
        doc_url: Some("https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html".to_owned()),
        steps: vec![archive, suppress],
    }
}

fn suppress_step(cx: &Ctx, narrowed: &[Criterion], is_sequence: bool, det_hint: &str) -> Step {
    let f = cx.f;
    let detector = cx.detector_id();
    let shown: Vec<String> = narrowed.iter().map(|(p, v)| format!("{p} = {v}")).collect();
    let mut facts = vec![fact("Finding type", Some(f.finding_type.as_str()), "type")];
    let hostile = cx.ty().and_then(|t| t.caller_reputation()).is_some_and(|r| r != CallerReputation::CustomThreatList);
    let (decision, commands) = if is_sequence {
        (
            Decision {
                id: "expected/should-an-attack-sequence-be-suppressed".into(),
                question: "Should an attack sequence be suppressed?".into(),
                answer: "No. An attack sequence correlates many signals across resources, and a rule that archives it would also hide the next real attack of the same shape. Archive this one finding if it was expected, and tune the individual signals behind it instead.".into(),
                tone: Tone::Danger,
            },
            Vec::new(),
        )
    } else if hostile {
        (
            Decision {
                id: "expected/hostile-source-not-suppressed".into(),
                question: "Should activity from this source be suppressed?".into(),
                answer: "No. The type says the activity came from a Tor node or an address on AWS's threat lists, which no authorised activity needs; and such addresses change hands, so a rule keyed on one would either never match again or hide the next attacker who uses it. Archive this finding if you confirmed it was a test.".into(),
                tone: Tone::Danger,
            },
            Vec::new(),
        )
    } else if cx.ty().is_some_and(|t| is_compromise_evidence(&t)) {
        (
            Decision {
                id: "expected/compromise-not-suppressed".into(),
                question: "Can this kind of finding be expected?".into(),
                answer: "No. The type itself describes a compromise (a command and control channel, traffic to a sinkhole or drop point, a reverse shell, a kernel module loaded at run time, a container escape), not behaviour an authorised workload shows. A rule would archive the next host that is compromised the same way. If you confirmed this one was a security test, archive it alone, and check with the tester that nothing they installed is left behind.".into(),
                tone: Tone::Danger,
            },
            Vec::new(),
        )
    } else if narrowed.is_empty() {
        (
            Decision {
                id: "expected/is-there-an-attribute-to-narrow-the-rule".into(),
                question: "Is there an attribute to narrow the rule to this activity?".into(),
                answer: "No: this finding names nothing narrower than its account, bucket or cluster, so a rule would archive every future finding of this type there. Archive this finding instead, or build the rule in the console with the attribute that made the activity expected (the caller, the process, the object).".into(),
                tone: Tone::Warning,
            },
            Vec::new(),
        )
    } else {
        let criteria = criteria_json(&f.finding_type, narrowed);
        let hides = format!(
            "From now on, every new {} finding with {} is archived the moment it arrives, and nobody is alerted. Check in the console's filter view which current findings it would match before you create it.",
            f.finding_type,
            shown.join(" and ")
        );
        (
            Decision {
                id: "expected/is-the-rule-as-narrow-as-the-evidence".into(),
                question: "Is the rule as narrow as the evidence?".into(),
                answer: "It matches this finding type only together with the attributes shown, which are what made this activity expected. Remove any you cannot vouch for, rather than widen the rule.".into(),
                tone: Tone::Info,
            },
            vec![cx
                .cmd("Create a filter that archives matching findings")
                .t("aws guardduty create-filter --detector-id ")
                .v_or(detector, "service.detectorId", "detector-id", det_hint)
                .t(" --name ")
                .choose(
                    "rule-name",
                    "a name of 3 to 64 letters, digits, dots, dashes or underscores (no spaces) that says why the activity is expected, such as expected-ci-scanner",
                )
                .t(" --action ARCHIVE --finding-criteria ")
                .v(&criteria, "type")
                .caution("expected/suppression-hides", hides)
                .run_in(run_in(cx))
                .build()],
        )
    };
    if !commands.is_empty() {
        for (path, value) in narrowed {
            facts.push(fact("Narrowed to", Some(*value), path));
        }
    }
    Step {
        id: "expected/suppress".into(),
        phase: Phase::Tune,
        title: if commands.is_empty() {
            "If it will happen again: tune detection, do not suppress it".into()
        } else {
            "If it will happen again: add a narrow suppression rule".into()
        },
        why: if commands.is_empty() {
            "A suppression rule archives new findings that match it as they arrive and hides them from everyone. For this finding no rule is offered, for the reason below.".into()
        } else {
            "A suppression rule archives new findings that match it as they arrive, so expected activity stops raising alerts. It hides them from everyone, so keep it as narrow as the evidence: the finding type plus the attributes that made this activity expected.".into()
        },
        facts,
        decisions: vec![decision],
        commands,
    }
}
