//! `ecs-cluster` and `ecs-runtime`: a potentially compromised ECS cluster or task. Identify the
//! cluster, the task and the threat; find where it came from (the image, or the application);
//! save the task's evidence; then contain it. A task no service runs is isolated, then stopped. A
//! service's task cannot be taken from its service (isolating it fails its health checks and the
//! service replaces it from the same definition), so it is contained by replacement: the service
//! is rolled onto a fixed definition, or scaled to zero.

use crate::finding::{EcsClusterDetails, EcsTaskDetails};
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Effect, Phase, Step, Subject, Tone};
use crate::guide::shared::network::{check_isolation_group, isolation_group, Vpc, GROUP_ID_HINT};

use crate::guide::shared::image::ecr_image;
use crate::guide::shared::keys;
use crate::guide::shared::malware::listed;

const P_ECS: &str = "resource.ecsClusterDetails";
const P_TASK: &str = "resource.ecsClusterDetails.taskDetails";
const P_SCAN: &str = "service.ebsVolumeScanDetails";
const P_DNS: &str = "service.action.dnsRequestAction.domain";
const CLUSTER_HINT: &str = "the cluster's name (resource.ecsClusterDetails.name)";
const TASK_HINT: &str =
    "the task's ARN (resource.ecsClusterDetails.taskDetails.arn), or list them with aws ecs list-tasks";

pub fn cluster_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "ecs-cluster"), source(cx, "ecs-cluster"), evidence(cx, "ecs-cluster")];
    steps.extend(after_evidence(cx, "ecs-cluster"));
    steps
}

pub fn runtime_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![
        identify(cx, "ecs-runtime"),
        crate::guide::shared::process::process_step(cx, "ecs-runtime"),
        source(cx, "ecs-runtime"),
        evidence(cx, "ecs-runtime"),
    ];
    steps.extend(after_evidence(cx, "ecs-runtime"));
    steps
}

/// After the evidence: a domain the task looked up is blocked; a task no service runs is isolated
/// and stopped; the definition is fixed; a service's task is contained by rolling the service onto
/// the fixed definition (or scaling it to zero). When the finding does not say whether a service
/// runs the task, both paths are shown, each saying when it applies.
fn after_evidence(cx: &Ctx, key: &str) -> Vec<Step> {
    let state = service_state(cx);
    let mut steps = Vec::new();
    if domain(cx).is_some() {
        steps.push(block_domain(cx, key));
    }
    if !matches!(state, ServiceState::Service(_)) {
        steps.extend([isolate(cx, key), stop(cx, key)]);
    }
    steps.push(fix_definition(cx, key));
    if state != ServiceState::None {
        steps.push(replace(cx, key));
    }
    steps.push(revoke_task_role(cx, key));
    steps
}

/// The task role's sessions: code in the task could read them from the container credentials
/// endpoint and use them anywhere. Revoked once the task is stopped or replaced, since until then
/// it fetches fresh ones that the revocation does not cover.
fn revoke_task_role(cx: &Ctx, key: &str) -> Step {
    let def = task(cx).and_then(|t| t.definition_arn.as_deref());
    let commands = vec![
        cx.cmd("The task role the definition gives its tasks (nothing printed: the task had no role, and this step ends here)")
            .t("aws ecs describe-task-definition --task-definition ")
            .v_or(def, &format!("{P_TASK}.definitionArn"), "task-definition", "the task's definition ARN (resource.ecsClusterDetails.taskDetails.definitionArn)")
            .t(" --query taskDefinition.taskRoleArn --output text")
            .build(),
        keys::revoke_printed_role_sessions(
            cx,
            None,
            "the role's name: the last part of the taskRoleArn printed above",
        ),
    ];
    Step {
        id: format!("{key}/revoke-task-role"),
        phase: Phase::Contain,
        title: "Revoke the sessions of the task's role".into(),
        why: "Whoever ran code in the task could read its role's credentials from the container credentials endpoint (a web shell can) and use them from anywhere until they expire. Stopping or replacing the task does not end them; revoking the role's older sessions does.".into(),
        facts: vec![fact("Task definition", def, &format!("{P_TASK}.definitionArn"))],
        decisions: vec![Decision {
            id: "ecs/when-to-revoke-the-task-role".into(),
            question: "When do you revoke the task role's sessions?".into(),
            answer: "Once the compromised task is stopped or replaced (the steps above). While it runs, it fetches fresh credentials from the endpoint, issued after the revocation and so not covered by it. Other tasks with the same role lose their current credentials too, until they fetch new ones.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

/// Whether a service runs the task, from its group (`service:<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServiceState<'f> {
    Service(&'f str),
    /// The finding has no group: a service may run the task.
    Unknown,
    /// A group that is not a service's (a `run-task` task): nothing replaces it.
    None,
}

fn service_state<'f>(cx: &Ctx<'f>) -> ServiceState<'f> {
    match task(cx).and_then(|t| t.group.as_deref()) {
        Some(g) => g.strip_prefix("service:").map_or(ServiceState::None, ServiceState::Service),
        None => ServiceState::Unknown,
    }
}

fn details<'f>(cx: &Ctx<'f>) -> Option<&'f EcsClusterDetails> {
    cx.f.resource.ecs_cluster_details.as_ref()
}

fn task<'f>(cx: &Ctx<'f>) -> Option<&'f EcsTaskDetails> {
    details(cx).and_then(|d| d.task_details.as_ref())
}

fn name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    details(cx).and_then(|d| d.name.as_deref())
}

fn task_arn<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    task(cx).and_then(|t| t.arn.as_deref())
}

fn launch_type<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    task(cx).and_then(|t| t.launch_type.as_deref())
}

fn is_fargate(cx: &Ctx) -> bool {
    launch_type(cx).is_some_and(|l| l.eq_ignore_ascii_case("FARGATE"))
}

fn is_ec2(cx: &Ctx) -> bool {
    launch_type(cx).is_some_and(|l| l.eq_ignore_ascii_case("EC2"))
}

/// The domain the task looked up (C&C and other DNS findings).
fn domain<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.action().and_then(|a| a.dns_request_action.as_ref()).and_then(|d| d.domain.as_deref()).filter(|d| !d.is_empty())
}

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

fn identify(cx: &Ctx, key: &str) -> Step {
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

fn source(cx: &Ctx, key: &str) -> Step {
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

fn evidence(cx: &Ctx, key: &str) -> Step {
    let def = task(cx).and_then(|t| t.definition_arn.as_deref());
    let task_id = task_arn(cx).and_then(|a| a.rsplit('/').next());
    let stream_hint = match task_id {
        Some(id) => format!("<prefix>/<container-name>/{id}: the awslogs-stream-prefix of the container's logConfiguration, the container's name, then the task's ID"),
        None => "<prefix>/<container-name>/<task-id>: the awslogs-stream-prefix of the container's logConfiguration, the container's name, then the task's ID (the last part of its ARN)".into(),
    };
    let mut commands = vec![
        cx.cmd("Save the task's full description (containers, their runtime IDs, network, status): keep the output with the incident record")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --include TAGS --output json")
            .captures(Subject::Task)
            .build(),
        cx.cmd("Save the task definition it runs (images, roles, privileges, log configuration): keep the output, you edit a copy of it later")
            .t("aws ecs describe-task-definition --task-definition ")
            .v_or(def, &format!("{P_TASK}.definitionArn"), "task-definition", "the task's definition ARN (resource.ecsClusterDetails.taskDetails.definitionArn)")
            .t(" --query taskDefinition --output json")
            .captures(Subject::Task)
            .build(),
        cx.cmd("Save each container's logs from CloudWatch Logs, every page of them (for the awslogs log driver; repeat per container)")
            .t("aws logs filter-log-events --log-group-name ")
            .missing("log-group", "the awslogs-group of the container's logConfiguration, in the task definition saved above")
            .t(" --log-stream-names ")
            .missing("log-stream", &stream_hint)
            .t(" --output json")
            .captures(Subject::Task)
            .build(),
    ];
    if is_ec2(cx) {
        commands.extend(container_instance_evidence(cx));
    }
    let answer = if is_fargate(cx) {
        "Not from outside: Fargate gives no access to the host, so once the task stops its memory and files are gone. Only ECS Exec, if the task was started with it enabled (enableExecuteCommand in the description above), reaches inside: aws ecs execute-command opens a shell in the container, from which you can copy files and process listings out. Do it now, before the task is replaced or stopped; if ECS Exec is off, the description and logs above are all that remains."
    } else if is_ec2(cx) {
        "Yes, on the container instance: the commands below snapshot the instance's volumes, then export the container's filesystem on the instance. For memory, use a memory capture tool on the instance (through Systems Manager) before the task is stopped."
    } else {
        "On the EC2 launch type, on the container instance: export the container's filesystem there (docker export, through Systems Manager) and snapshot the instance's volumes. On Fargate there is no host to reach: only ECS Exec, if the task was started with it enabled, reaches inside the container before it is replaced."
    };
    Step {
        id: format!("{key}/evidence"),
        phase: Phase::Preserve,
        title: "Save the task's description, definition and logs".into(),
        why: "A stopped task keeps its description for only a short while, and its memory and ephemeral storage not at all; a service replaces its tasks when it is updated. Save what describes the task, and its logs, before changing anything.".into(),
        facts: vec![
            fact("Task", task_arn(cx), &format!("{P_TASK}.arn")),
            fact("Task definition", def, &format!("{P_TASK}.definitionArn")),
            fact("Launch type", launch_type(cx), &format!("{P_TASK}.launchType")),
        ],
        decisions: vec![Decision {
            id: "ecs/can-you-capture-the-tasks-memory-and-files".into(),
            question: "Can you capture the task's memory and files before it is replaced?".into(),
            answer: answer.into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

/// For the EC2 launch type: the container instance, its volumes snapshotted, then the containers'
/// filesystems exported on it (after the snapshots started, so the export overwrites nothing they
/// keep), and the snapshots checked.
fn container_instance_evidence(cx: &Ctx) -> Vec<crate::guide::model::Command> {
    let mut out = Vec::new();
    let id = cx.instance_id();
    if id.is_none() {
        out.push(
            cx.cmd("The task's container instance")
                .t("aws ecs describe-tasks --cluster ")
                .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
                .t(" --tasks ")
                .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
                .t(" --query 'tasks[].containerInstanceArn'")
                .build(),
        );
        out.push(
            cx.cmd("The container instance's EC2 instance")
                .t("aws ecs describe-container-instances --cluster ")
                .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
                .t(" --container-instances ")
                .output("container-instance-arn", "the containerInstanceArn printed by the command above")
                .t(" --query 'containerInstances[].ec2InstanceId'")
                .build(),
        );
    }
    let instance_hint = "the ec2InstanceId printed by describe-container-instances above";
    let ipath = "resource.instanceDetails.instanceId";
    let arn = task_arn(cx).unwrap_or("<task-arn>");
    let shell = format!(
        "mkdir -p /var/tmp/findlens && docker ps -q --filter label=com.amazonaws.ecs.task-arn={arn} > /var/tmp/findlens/containers.txt && xargs docker inspect < /var/tmp/findlens/containers.txt > /var/tmp/findlens/inspect.json && xargs -I ID docker export -o /var/tmp/findlens/ID.tar ID < /var/tmp/findlens/containers.txt && ls -l /var/tmp/findlens"
    );
    let params = serde_json::json!({"commands": [shell]}).to_string();
    let export = cx
        .cmd("Once the snapshots above have started: export the task's containers' filesystems and inspect output on the container instance, through Systems Manager (if the instance runs the SSM agent)")
        .t("aws ssm send-command --document-name AWS-RunShellScript --instance-ids ")
        .v_or(id, ipath, "instance-id", instance_hint)
        .t(" --parameters ")
        .v(&params, &format!("{P_TASK}.arn"))
        // docker inspect and export only read the container; the files land on the instance.
        .effect(Effect::Reversible)
        .caution("ecs/export-written-to-the-instance", "The export writes a full tar file of each container to /var/tmp on the instance's own disk: it can fill the disk and stop the instance's other tasks, and it overwrites free blocks that may still hold files the attacker deleted. That is why it runs after the snapshots started, which keep the disk as it was. Check the free space first (df -h /var/tmp), and take one more snapshot, or copy the files off, to keep the export itself.")
        .captures(Subject::Task)
        .build();

    let tags = match id {
        Some(i) => format!(
            "ResourceType=snapshot,Tags=[{{Key=Purpose,Value=IncidentEvidence}},{{Key=IncidentInstance,Value={i}}}]"
        ),
        None => "ResourceType=snapshot,Tags=[{Key=Purpose,Value=IncidentEvidence}]".to_owned(),
    };
    let filter = match id {
        Some(i) => format!("Name=tag:IncidentInstance,Values={i}"),
        None => "Name=tag:Purpose,Values=IncidentEvidence".to_owned(),
    };
    let create = cx
        .cmd("Snapshot every EBS volume of the container instance, tagged as evidence")
        .t("aws ec2 create-snapshots --instance-specification ")
        .v_or(
            id.map(|i| format!("InstanceId={i}")).as_deref(),
            ipath,
            "instance-specification",
            "InstanceId=<instance-id>, with the instance printed above",
        )
        .t(" --description 'Findlens: ECS container instance' --copy-tags-from-source volume --tag-specifications ");
    let create = match id {
        Some(_) => create.v(&tags, ipath),
        None => create.t(&format!("'{tags}'")),
    };
    let check = cx.cmd("Check that every snapshot completes: each holds the volume as it was when it started, so the task may be stopped meanwhile, but the instance must not be terminated before they are completed").t("aws ec2 describe-snapshots --owner-ids self --filters ");
    let check = match id {
        Some(_) => check.v(&filter, ipath),
        None => check.t(&format!("'{filter}'")),
    };
    out.push(create.build());
    out.push(export);
    out.push(check.t(" --query 'Snapshots[].[SnapshotId,VolumeId,State,Progress]'").build());
    out
}

fn block_domain(cx: &Ctx, key: &str) -> Step {
    let d = domain(cx);
    let vpc = cx.instance().and_then(|i| i.network_interfaces.iter().find_map(|n| n.vpc_id.as_deref()));
    let list_hint = "the Id that create-firewall-domain-list printed, or that of the existing list from list-firewall-rule-group-associations and list-firewall-rules";
    let commands = vec![
        cx.cmd("See whether the VPC already has DNS Firewall rule groups: if one has a BLOCK rule whose domain list you can add to, skip to the update-firewall-domains command with that list's ID")
            .t("aws route53resolver list-firewall-rule-group-associations --vpc-id ")
            .v_or(vpc, "resource.instanceDetails.networkInterfaces.vpcId", "vpc-id", "the task's VPC (describe-network-interfaces on the task's interface prints it)")
            .build(),
        cx.cmd("Otherwise: create a domain list for the incident's domains")
            .t("aws route53resolver create-firewall-domain-list --name ")
            .choose("domain-list-name", "a name such as incident-blocklist")
            .t(" --query FirewallDomainList.Id --output text")
            .build(),
        cx.cmd("Add the domain to the list")
            .t("aws route53resolver update-firewall-domains --firewall-domain-list-id ")
            .output("domain-list-id", list_hint)
            .t(" --operation ADD --domains ")
            .v_or(d, P_DNS, "domain", "the domain the task looked up")
            .build(),
        cx.cmd("If you created the list: create a rule group for it")
            .t("aws route53resolver create-firewall-rule-group --name ")
            .choose("rule-group-name", "a name such as incident-block")
            .t(" --query FirewallRuleGroup.Id --output text")
            .build(),
        cx.cmd("Add a rule that blocks the list's domains: lookups get an empty answer")
            .t("aws route53resolver create-firewall-rule --firewall-rule-group-id ")
            .output("rule-group-id", "the Id that create-firewall-rule-group printed")
            .t(" --firewall-domain-list-id ")
            .output("domain-list-id", list_hint)
            .t(" --priority 100 --action BLOCK --block-response NODATA --name block-incident-domains")
            .build(),
        cx.cmd("Associate the rule group with the task's VPC")
            .t("aws route53resolver associate-firewall-rule-group --firewall-rule-group-id ")
            .output("rule-group-id", "the Id that create-firewall-rule-group printed")
            .t(" --vpc-id ")
            .v_or(vpc, "resource.instanceDetails.networkInterfaces.vpcId", "vpc-id", "the task's VPC (describe-network-interfaces on the task's interface prints it)")
            .t(" --priority ")
            .choose("association-priority", "a priority between 101 and 9900 that no other rule group associated with the VPC uses, such as 101")
            .t(" --name incident-block")
            .caution("ecs/dns-firewall-associated", "Every lookup of the listed domains from the whole VPC gets an empty answer from now on, for every workload in it. Remove the association (disassociate-firewall-rule-group) when the incident is over, if the block should not stay.")
            .build(),
    ];
    Step {
        id: format!("{key}/block-domain"),
        phase: Phase::Contain,
        title: "Block the domain the task looked up".into(),
        why: "The task looked up a domain GuardDuty knows as an attacker's. Blocking it at the VPC's resolver cuts every task and instance in the VPC off from it, whatever happens to this task, while the steps below contain the task itself. It does not stop traffic to addresses the malware already knows.".into(),
        facts: vec![fact("Domain looked up", d, P_DNS), fact("VPC", vpc, "resource.instanceDetails.networkInterfaces.vpcId")],
        decisions: Vec::new(),
        commands,
    }
}

fn isolate(cx: &Ctx, key: &str) -> Step {
    let standalone = service_state(cx) == ServiceState::None;
    let check = cx
        .cmd(if standalone {
            "Confirm that no service runs the task (its group does not start with service:): nothing will replace it, so it can be isolated as it is"
        } else {
            "Whether a service runs the task: only if its group does not start with service: is this step for it (a service's task is contained by the service step below)"
        })
        .t("aws ecs describe-tasks --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --tasks ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --query 'tasks[].[taskArn,lastStatus,group,startedBy]'")
        // A task no service runs has no controller to bring it back: confirming that is its release.
        .releases(Subject::Task);
    let mut commands = vec![
        check.build(),
        cx.cmd("Find the task's network interface")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --query 'tasks[].attachments[].details[?name==`networkInterfaceId`].value'")
            .build(),
    ];
    // A task on a container instance is in the instance's VPC; a Fargate task's VPC is its
    // interface's.
    let vpc = cx.instance().and_then(|i| i.network_interfaces.iter().find_map(|n| n.vpc_id.as_deref()));
    if vpc.is_none() {
        commands.push(
            cx.cmd("The interface's VPC, for the isolation group")
                .t("aws ec2 describe-network-interfaces --network-interface-ids ")
                .output("eni-id", "the interface printed by the command above")
                .t(" --query 'NetworkInterfaces[].VpcId'")
                .build(),
        );
    }
    commands.extend(isolation_group(
        cx,
        None,
        Vpc {
            value: vpc,
            path: "resource.instanceDetails.networkInterfaces.vpcId",
            hint: "the VPC printed by the command above",
        },
    ));
    commands.push(check_isolation_group(cx));
    commands.extend([cx
        .cmd("Give the task's interface only the isolation group (note its old groups first)")
        .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
        .output("eni-id", "the task's interface, printed above")
        .t(" --groups ")
        .output("isolation-group-id", GROUP_ID_HINT)
        .contains(Subject::Task)
        .build()]);
    let mut decisions = vec![Decision {
        id: "ecs/does-the-task-have-its-own-network-interface".into(),
        question: "Does the task have its own network interface?".into(),
        answer: if is_fargate(cx) {
            "Yes: Fargate tasks use awsvpc networking, so swapping the interface's security groups isolates this task alone.".into()
        } else {
            "Only with awsvpc networking. With bridge or host networking the task shares the container instance's interface: isolate the instance instead (EC2 instance guide).".into()
        },
        tone: Tone::Info,
    }];
    decisions.push(Decision {
        id: "ecs/what-if-ec2-refuses-the-group-swap".into(),
        question: "What if EC2 refuses to change the interface's groups?".into(),
        answer: if is_fargate(cx) {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. A Fargate task has no host to isolate instead: stop it (next step) once its evidence is saved."
        } else if is_ec2(cx) {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. Then isolate the container instance instead (EC2 instance guide): every task on it loses its network with it."
        } else {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. On the EC2 launch type, isolate the container instance instead (EC2 instance guide); a Fargate task has no host to isolate: stop it (next step) once its evidence is saved."
        }
        .into(),
        tone: Tone::Warning,
    });
    Step {
        id: format!("{key}/isolate"),
        phase: Phase::Contain,
        title: if standalone { "Isolate the task".into() } else { "If no service runs the task: isolate it".into() },
        why: "A task that no service runs keeps running until someone stops it, and nothing replaces it: blocking all its traffic stops it reaching the attacker or other systems, while it keeps running for investigation. (A service's task cannot be isolated this way: it fails its health checks and the service replaces it from the same definition.)".into(),
        facts: vec![
            fact("Task", task_arn(cx), &format!("{P_TASK}.arn")),
            fact("Launch type", launch_type(cx), &format!("{P_TASK}.launchType")),
            fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group")),
        ],
        decisions,
        commands,
    }
}

fn stop(cx: &Ctx, key: &str) -> Step {
    let standalone = service_state(cx) == ServiceState::None;
    let commands = vec![cx
        .cmd("Once the investigation needs nothing more from it: stop the compromised task")
        .t("aws ecs stop-task --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --task ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --reason 'Security incident'")
        .build()];
    Step {
        id: format!("{key}/stop"),
        phase: Phase::Eradicate,
        title: if standalone { "Stop the task".into() } else { "If no service runs the task: stop it".into() },
        why: "A task no service runs stays until it is stopped. Stop it once its evidence is saved and the investigation needs nothing more from it running. Stopping a service's task would only make the service start another from the same definition.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn"))],
        decisions: Vec::new(),
        commands,
    }
}

fn fix_definition(cx: &Ctx, key: &str) -> Step {
    let service = service_state(cx) != ServiceState::None;
    let commands = vec![cx
        .cmd("Register the fixed copy of the definition as a new revision (older revisions stay as they were)")
        .t("aws ecs register-task-definition --cli-input-json file://")
        .choose("fixed-task-definition.json", "the file holding your edited copy of the task definition saved above")
        .build()];
    Step {
        id: format!("{key}/fix-definition"),
        phase: if service { Phase::Contain } else { Phase::Eradicate },
        title: "Fix the task definition".into(),
        why: if service {
            "A service starts its tasks from its task definition: until the definition is fixed, every replacement is as compromised as the task it replaces. If a fixed definition cannot be ready soon, go straight to the next step and scale the service to zero instead.".into()
        } else {
            "Whatever started the task (a schedule, a pipeline, a person running run-task) starts the next one from the same definition: register a fixed revision and point it there.".into()
        },
        facts: vec![fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn"))],
        decisions: vec![Decision {
            id: "ecs/what-goes-into-the-fixed-definition".into(),
            question: "What goes into the fixed definition?".into(),
            answer: "Edit the saved definition: a clean image (pinned by digest) with the application's hole fixed, no privileged mode or host mounts the task does not need, a task role with only the permissions it needs, and secrets rotated. Remove the fields that register-task-definition does not accept (taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy) before registering it.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

fn replace(cx: &Ctx, key: &str) -> Step {
    let known = service_state(cx);
    let service = match known {
        ServiceState::Service(s) => Some(s),
        _ => None,
    };
    let cluster = |c: crate::guide::command::Cmd| c.v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT);
    let svc = |c: crate::guide::command::Cmd| {
        c.v_or(
            service,
            &format!("{P_TASK}.group"),
            "service",
            "the service that runs the task (its group without the service: prefix)",
        )
    };
    let mut commands = Vec::new();
    if !is_fargate(cx) {
        // Emptying or rolling the service can make a capacity provider's managed scaling scale in
        // and terminate the container instance, snapshots pending or not.
        let inst = |c: crate::guide::command::Cmd| match cx.instance_id() {
            Some(i) => c.v(i, "resource.instanceDetails.instanceId"),
            None => c.output(
                "instance-id",
                "the ec2InstanceId that describe-container-instances printed in the evidence step",
            ),
        };
        commands.push(
            inst(cx.cmd("On the EC2 launch type: the Auto Scaling group of the container instance (nothing printed: none, so skip the next command)").t("aws autoscaling describe-auto-scaling-instances --instance-ids "))
                .t(" --query 'AutoScalingInstances[].AutoScalingGroupName'")
                .build(),
        );
        commands.push(
            inst(cx.cmd("Protect the container instance from scale-in before the service changes: with managed scaling, fewer tasks can make the group terminate it, and its evidence with it").t("aws autoscaling set-instance-protection --instance-ids "))
                .t(" --auto-scaling-group-name ")
                .output("auto-scaling-group-name", "the group printed by the command above")
                .t(" --protected-from-scale-in")
                .releases(Subject::Instance)
                .build(),
        );
    }
    commands.extend([
        svc(cluster(cx.cmd("Roll the service onto the fixed revision: it starts clean tasks and stops the compromised ones").t("aws ecs update-service --cluster ")).t(" --service "))
            .t(" --task-definition ")
            .output("fixed-task-definition", "the family:revision that register-task-definition printed in the step above")
            .build(),
        svc(cluster(cx.cmd("Instead, when no fixed definition can be ready soon: scale the service to zero").t("aws ecs update-service --cluster ")).t(" --service "))
            .t(" --desired-count 0")
            .caution("ecs/service-scaled-to-zero", "This is an outage: every task of the service stops (their memory and ephemeral storage are lost) and none is started until the desired count is raised again. Save each task's evidence first.")
            .build(),
        cluster(cx.cmd("Check that the compromised task has stopped").t("aws ecs describe-tasks --cluster "))
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --query 'tasks[].[taskArn,lastStatus,stoppedReason]'")
            .build(),
    ]);
    Step {
        id: format!("{key}/replace"),
        phase: Phase::Contain,
        title: if known == ServiceState::Unknown {
            "If a service runs the task: contain it by replacing the service's tasks".into()
        } else {
            "Contain the task by replacing the service's tasks".into()
        },
        why: "There is no way to take a task from its service: isolating it makes it fail its health checks, and stopping it makes the service start another from the same definition. The service's task is contained by replacement: roll the service onto the fixed revision, or, when no fix can be ready soon, scale it to zero. Either way the compromised task is stopped, so its evidence must already be saved (the steps above).".into(),
        facts: vec![
            fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn")),
            fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group")),
        ],
        decisions: vec![
            Decision {
                id: "ecs/what-if-no-fixed-definition-is-ready".into(),
                question: "What if no fixed definition can be ready soon, or the whole service is the attacker's?".into(),
                answer: "Scale the service to zero (the second command) instead of rolling it. It is an outage: the service runs nothing until you raise its desired count again, on the fixed definition.".into(),
                tone: Tone::Danger,
            },
            Decision {
                id: "ecs/can-the-services-tasks-be-kept-running-but-cut-off".into(),
                question: "Can the service's tasks be kept running but cut off?".into(),
                answer: "Only through a new deployment: update-service with --network-configuration naming an isolation group (no inbound or outbound rules) and the service's subnets starts tasks that have no traffic and stops the old ones, the compromised task included. It keeps nothing of that task, and serves no one.".into(),
                tone: Tone::Info,
            },
        ],
        commands,
    }
}
