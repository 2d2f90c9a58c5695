//! The first steps: identify the cluster, the task and the threat, then where the threat came from.

use super::{details, domain, name, task, task_arn, CLUSTER_HINT, P_DNS, P_ECS, P_SCAN, P_TASK, TASK_HINT};
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::image::ecr_image;
use crate::guide::shared::malware::listed;

/// Process names that serve requests: a shell or a download tool under one of them points at the
/// application (remote code execution), not at the image.
const SERVERS: &[&str] = &[
    "php-fpm",
    "php",
    "httpd",
    "apache2",
    "nginx",
    "node",
    "java",
    "python",
    "python3",
    "gunicorn",
    "uwsgi",
    "puma",
    "ruby",
    "dotnet",
    "tomcat",
    "catalina.sh",
    "uvicorn",
];

/// The nearest server process among the process's parents, and the lineage as `a → b → c`
/// (oldest first).
fn server_parent<'f>(cx: &Ctx<'f>) -> Option<(&'f str, String)> {
    let p = cx.f.service.runtime_details.as_ref()?.process.as_ref()?;
    let parents: Vec<&str> = p.lineage.iter().filter_map(|l| l.name.as_deref()).collect();
    let server = parents.iter().copied().find(|n| SERVERS.iter().any(|s| n.eq_ignore_ascii_case(s)))?;
    let mut chain: Vec<&str> = parents.iter().rev().copied().collect();
    chain.extend(p.name.as_deref());
    Some((server, chain.join(" → ")))
}

fn images<'f>(cx: &Ctx<'f>) -> Vec<&'f str> {
    let mut v: Vec<&str> =
        task(cx).map(|t| t.containers.iter().filter_map(|c| c.image.as_deref()).collect()).unwrap_or_default();
    v.dedup();
    v
}

pub fn identify(cx: &Ctx, key: &str) -> Step {
    let d = details(cx);
    let t = task(cx);
    let mut facts = vec![
        fact("Cluster", name(cx), &format!("{P_ECS}.name")),
        fact("Cluster ARN", d.and_then(|d| d.arn.clone()), &format!("{P_ECS}.arn")),
        fact("Task", task_arn(cx), &format!("{P_TASK}.arn")),
        fact("Task definition", t.and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn")),
        fact("Launch type", t.and_then(|t| t.launch_type.clone()), &format!("{P_TASK}.launchType")),
        fact("Group (service)", t.and_then(|t| t.group.clone()), &format!("{P_TASK}.group")),
        fact("Started by", t.and_then(|t| t.started_by.clone()), &format!("{P_TASK}.startedBy")),
    ];
    facts.extend(some_fact(
        "Running tasks in the cluster",
        d.and_then(|d| d.running_tasks_count).map(|n| n.to_string()),
        &format!("{P_ECS}.runningTasksCount"),
    ));
    facts.extend(some_fact("Tags", d.and_then(|d| tags_text(&d.tags)), &format!("{P_ECS}.tags")));
    for c in t.map(|t| t.containers.as_slice()).unwrap_or_default() {
        let priv_note =
            if c.security_context.as_ref().and_then(|s| s.privileged) == Some(true) { " (privileged)" } else { "" };
        facts.push(fact(
            &format!("Container {}{priv_note}", c.name.as_deref().unwrap_or("")),
            c.image.clone(),
            &format!("{P_TASK}.containers.image"),
        ));
    }
    if let Some(threats) = malware(cx) {
        facts.push(fact(
            "Malware found",
            Some(threats),
            &format!("{P_SCAN}.scanDetections.threatDetectedByName.threatNames.name"),
        ));
    }
    facts.extend(scan_facts(cx));
    facts.extend(some_fact("Domain looked up", domain(cx), P_DNS));
    let mut commands = vec![cx
        .cmd("The task as it is now: status, containers, network interface")
        .t("aws ecs describe-tasks --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --tasks ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .build()];
    let mut decisions = Vec::new();
    if let Some(trigger) = trigger_finding(cx) {
        decisions.push(Decision {
            id: "ecs/what-triggered-this-scan".into(),
            question: "What triggered this scan?".into(),
            answer: "Another GuardDuty finding on the container instance (its ID is above): GuardDuty scans the volumes when a finding suggests malware. That finding is part of this incident and may show how the malware arrived: read it and follow its own guide too.".into(),
            tone: Tone::Warning,
        });
        commands.push(
            cx.cmd("Read the finding that triggered the scan")
                .t("aws guardduty get-findings --detector-id ")
                .v_or(cx.detector_id(), "service.detectorId", "detector-id", "aws guardduty list-detectors")
                .t(" --finding-ids ")
                .v(trigger, &format!("{P_SCAN}.triggerFindingId"))
                .build(),
        );
    }
    Step {
        id: format!("{key}/identify"),
        phase: Phase::Understand,
        title: "Identify the cluster, the task and the threat".into(),
        why: "The task and its containers are what to contain; the task definition and the group (its service) say where replacements will come from.".into(),
        facts,
        decisions,
        commands,
    }
}

fn trigger_finding<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.f.service
        .ebs_volume_scan_details
        .as_ref()
        .and_then(|s| s.trigger_finding_id.as_deref())
        .filter(|t| !t.is_empty())
}

/// Where the scan found the malware: the files, their hashes, the snapshots it scanned, and the
/// finding that started the scan.
fn scan_facts(cx: &Ctx) -> Vec<crate::guide::model::Fact> {
    let files: Vec<_> =
        cx.f.service
            .ebs_volume_scan_details
            .as_ref()
            .and_then(|s| s.scan_detections.as_ref())
            .and_then(|d| d.threat_detected_by_name.as_ref())
            .map(|t| t.threat_names.iter().flat_map(|n| &n.file_paths).collect())
            .unwrap_or_default();
    let names = "scanDetections.threatDetectedByName.threatNames.filePaths";
    let mut facts: Vec<_> = some_fact(
        "Infected files",
        listed(files.iter().filter_map(|f| f.file_path.as_deref())),
        &format!("{P_SCAN}.{names}.filePath"),
    )
    .into_iter()
    .collect();
    facts.extend(some_fact(
        "Infected files' SHA-256",
        listed(files.iter().filter_map(|f| f.hash.as_deref())),
        &format!("{P_SCAN}.{names}.hash"),
    ));
    facts.extend(some_fact(
        "Volumes the files are on",
        listed(files.iter().filter_map(|f| f.volume_arn.as_deref())),
        &format!("{P_SCAN}.{names}.volumeArn"),
    ));
    let snapshots =
        cx.f.resource
            .ebs_volume_details
            .as_ref()
            .map(|e| listed(e.scanned_volume_details.iter().filter_map(|v| v.snapshot_arn.as_deref())))
            .unwrap_or_default();
    facts.extend(some_fact(
        "Snapshots scanned",
        snapshots,
        "resource.ebsVolumeDetails.scannedVolumeDetails.snapshotArn",
    ));
    facts.extend(some_fact("Scan triggered by finding", trigger_finding(cx), &format!("{P_SCAN}.triggerFindingId")));
    facts
}

fn malware(cx: &Ctx) -> Option<String> {
    let names: Vec<String> =
        cx.f.service
            .ebs_volume_scan_details
            .as_ref()
            .and_then(|s| s.scan_detections.as_ref())
            .and_then(|d| d.threat_detected_by_name.as_ref())
            .map(|t| t.threat_names.iter().filter_map(|n| n.name.clone()).collect())
            .or_else(|| {
                cx.f.service
                    .malware_scan_details
                    .as_ref()
                    .map(|m| m.threats.iter().filter_map(|t| t.name.clone()).collect())
            })
            .unwrap_or_default();
    (!names.is_empty()).then(|| names.join(", "))
}

pub fn source(cx: &Ctx, key: &str) -> Step {
    let imgs = images(cx);
    let img_path = format!("{P_TASK}.containers.image");
    let mut facts: Vec<_> = imgs.iter().map(|i| fact("Image", Some(*i), &img_path)).collect();
    let server = server_parent(cx);
    if let Some((_, chain)) = &server {
        facts.push(fact("Process lineage", Some(chain.as_str()), "service.runtimeDetails.process.lineage.name"));
    }
    let mut commands = vec![
        cx.cmd("List the cluster's running tasks, to find every other task on the same image")
            .t("aws ecs list-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --desired-status RUNNING")
            .build(),
        cx.cmd("Show the images of those tasks (paste the task ARNs that list-tasks printed)")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .output("task-arns", "the ARNs printed by list-tasks")
            .t(" --query 'tasks[].[taskArn,containers[].image]'")
            .build(),
    ];
    if let Some((repo, id)) = imgs.first().and_then(|i| ecr_image(i)) {
        commands.extend([
            cx.cmd("Record the image's digest, tags and push time with the incident record: the digest names the image even if its tag is moved")
                .t("aws ecr describe-images --repository-name ")
                .v(&repo, &img_path)
                .t(" --image-ids ")
                .v(&id, &img_path)
                .captures(Subject::Artifact)
                .build(),
            cx.cmd("The known vulnerabilities Amazon Inspector reports for the repository's images (Inspector does not look for malware)")
                .t("aws inspector2 list-findings --filter-criteria ")
                .v(
                    &serde_json::json!({"ecrImageRepositoryName": [{"comparison": "EQUALS", "value": repo}]})
                        .to_string(),
                    &img_path,
                )
                .build(),
            cx.cmd("If the image carries the threat: make the repository's tags immutable, so the tag cannot be moved onto another image or the evidence overwritten by a push")
                .t("aws ecr put-image-tag-mutability --repository-name ")
                .v(&repo, &img_path)
                .t(" --image-tag-mutability IMMUTABLE")
                .caution("ecs/tags-made-immutable", "Every push that reuses an existing tag in this repository (such as latest) now fails, until the setting is put back to MUTABLE.")
                .build(),
        ]);
    }
    let why = match &server {
        Some((parent, chain)) => format!("The process's parents ({chain}) show a server process, {parent}, starting a shell: the likeliest way in is the application (remote code execution through a vulnerability or an exposed feature), not the image. Look there first; check the image too, because a task started from a bad image is compromised from its start."),
        None => "Malware baked into an image comes back with every task started from it. Check the image; if it is bad, every running task on it is compromised. If it is clean, the way in is the application or the credentials the task was given.".into(),
    };
    let answer = match &server {
        Some((parent, _)) => format!("Probably not: a shell under {parent} points at the application. Look for the request that ran the command in the application's logs (saved in the next step) and fix the vulnerability before the fixed definition goes out; a new image with the same code is as open as the old one. If you also find the threat in the image, record its digest, keep the image as evidence rather than deleting it (make the tags immutable), and stop using it."),
        None => "Amazon Inspector reports known vulnerabilities in the image's packages, not malware, so a clean report does not clear the image. Look for the malicious file in the image itself (pull it by digest on an isolated machine and scan it, or compare the file's path with the image's layers). If the image carries it: record its digest and keep the image as evidence rather than deleting it (make the tags immutable, or deny pulls in the repository policy), stop using it in task definitions, and replace every task that runs it. Otherwise look for the vulnerability in the application.".into(),
    };
    Step {
        id: format!("{key}/find-source"),
        phase: Phase::Understand,
        title: "Find where the threat came from".into(),
        why,
        facts,
        decisions: vec![Decision {
            id: "ecs/is-the-image-the-source".into(),
            question: "Is the image the source?".into(),
            answer,
            tone: Tone::Warning,
        }],
        commands,
    }
}
