//! `ecs-cluster` and `ecs-runtime`: a potentially compromised ECS cluster or task. Identify the
//! cluster, the task and the threat; find where it came from (often the image); isolate the task;
//! replace it with a fixed one.

use crate::finding::{EcsClusterDetails, EcsTaskDetails};
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};

use crate::guide::shared::image::ecr_image;

const P_ECS: &str = "resource.ecsClusterDetails";
const P_TASK: &str = "resource.ecsClusterDetails.taskDetails";
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

/// After the evidence: the definition is fixed and the service rolled onto it (which replaces its
/// tasks); then whatever task remains is isolated and, last, stopped.
fn after_evidence(cx: &Ctx, key: &str) -> Vec<Step> {
    let mut steps = vec![fix_definition(cx, key)];
    if service_state(cx) != ServiceState::None {
        steps.push(replace(cx, key));
    }
    steps.extend([isolate(cx, key), stop(cx, key)]);
    steps
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
            "service.ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames.name",
        ));
    }
    let commands = vec![cx
        .cmd("The task as it is now: status, containers, network interface")
        .t("aws ecs describe-tasks --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --tasks ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .build()];
    Step {
        id: format!("{key}/identify"),
        phase: Phase::Understand,
        title: "Identify the cluster, the task and the threat".into(),
        why: "The task and its containers are what to isolate; the task definition and the group (its service) say where replacements will come from.".into(),
        facts,
        decisions: Vec::new(),
        commands,
    }
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
    let facts = imgs.iter().map(|i| fact("Image", Some(*i), &format!("{P_TASK}.containers.image"))).collect();
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
    if let Some((repo, _)) = imgs.first().and_then(|i| ecr_image(i)) {
        commands.push(
            cx.cmd("Findings Amazon Inspector has for the image")
                .t("aws inspector2 list-findings --filter-criteria ")
                .v(
                    &serde_json::json!({"ecrImageRepositoryName": [{"comparison": "EQUALS", "value": repo}]})
                        .to_string(),
                    &format!("{P_TASK}.containers.image"),
                )
                .build(),
        );
    }
    Step {
        id: format!("{key}/find-source"),
        phase: Phase::Understand,
        title: "Find where the threat came from".into(),
        why: "Malware baked into an image comes back with every task started from it. Check the image; if it is bad, every running task on it is compromised.".into(),
        facts,
        decisions: vec![Decision {
            id: "ecs/is-the-image-the-source".into(),
            question: "Is the image the source?".into(),
            answer: "If a scan finds the threat in the image: stop using it, remove it from the repository, stop every task that runs it, and update the task definitions to a clean image. Otherwise look for the vulnerability in the application.".into(),
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
    let commands = vec![
        cx.cmd("Save the task's full description (containers, their runtime IDs, network, status): keep the output with the incident record")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --include TAGS --output json")
            .captures(Subject::Task)
            .build(),
        cx.cmd("Save the task definition it runs (images, roles, privileges, log configuration): keep the output, you edit a copy of it in the next step")
            .t("aws ecs describe-task-definition --task-definition ")
            .v_or(def, &format!("{P_TASK}.definitionArn"), "task-definition", "the task's definition ARN (resource.ecsClusterDetails.taskDetails.definitionArn)")
            .t(" --query taskDefinition --output json")
            .captures(Subject::Task)
            .build(),
        cx.cmd("Save each container's logs from CloudWatch Logs (for the awslogs log driver; repeat per container)")
            .t("aws logs get-log-events --log-group-name ")
            .missing("log-group", "the awslogs-group of the container's logConfiguration, in the task definition saved above")
            .t(" --log-stream-name ")
            .missing("log-stream", &stream_hint)
            .t(" --start-from-head")
            .captures(Subject::Task)
            .build(),
    ];
    Step {
        id: format!("{key}/evidence"),
        phase: Phase::Preserve,
        title: "Save the task's description, definition and logs".into(),
        why: "A stopped task keeps its description for only a short while, and its memory and ephemeral storage not at all; a service replaces its tasks when it is updated. Save what describes the task, and its logs, before changing anything.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn")), fact("Task definition", def, &format!("{P_TASK}.definitionArn"))],
        decisions: Vec::new(),
        commands,
    }
}

fn fix_definition(cx: &Ctx, key: &str) -> Step {
    let commands = vec![cx
        .cmd("Register the fixed copy of the definition as a new revision (older revisions stay as they were)")
        .t("aws ecs register-task-definition --cli-input-json file://")
        .choose("fixed-task-definition.json", "the file holding your edited copy of the task definition saved above")
        .build()];
    Step {
        id: format!("{key}/fix-definition"),
        phase: Phase::Eradicate,
        title: "Fix the task definition".into(),
        why: "A service starts its tasks from its task definition: until the definition is fixed, every replacement is as compromised as the task it replaces.".into(),
        facts: vec![fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn"))],
        decisions: vec![Decision {
            id: "ecs/what-goes-into-the-fixed-definition".into(),
            question: "What goes into the fixed definition?".into(),
            answer: "Edit the saved definition: a clean image (pinned by digest), no privileged mode or host mounts the task does not need, a task role with only the permissions it needs, and secrets rotated. Remove the fields that register-task-definition does not accept (taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy) before registering it.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

fn replace(cx: &Ctx, key: &str) -> Step {
    let service = match service_state(cx) {
        ServiceState::Service(s) => Some(s),
        _ => None,
    };
    let commands = vec![cx
        .cmd("Roll the service onto the fixed revision: it starts clean tasks and stops the old ones")
        .t("aws ecs update-service --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --service ")
        .v_or(
            service,
            &format!("{P_TASK}.group"),
            "service",
            "the service that runs the task (its group without the service: prefix)",
        )
        .t(" --task-definition ")
        .output("fixed-task-definition", "the family:revision that register-task-definition printed in the step above")
        .build()];
    Step {
        id: format!("{key}/replace"),
        phase: Phase::Eradicate,
        title: "Replace the service's tasks from the fixed definition".into(),
        why: "Stopping a service's task only makes the service start another from the same definition. Rolling the service onto the fixed revision replaces the compromised tasks with clean ones.".into(),
        facts: vec![fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn")), fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group"))],
        decisions: vec![Decision {
            id: "ecs/what-if-the-whole-service-is-the-attackers".into(),
            question: "What if the whole service is the attacker's, or the fix will take long?".into(),
            answer: "Set the service's desired count to 0 instead (update-service with --desired-count 0), once the evidence above is saved: every task of the service stops and none is started.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

fn isolate(cx: &Ctx, key: &str) -> Step {
    let awsvpc = task(cx).and_then(|t| t.launch_type.as_deref()).is_some_and(|l| l.eq_ignore_ascii_case("FARGATE"));
    let standalone = service_state(cx) == ServiceState::None;
    let group_hint = "the GroupId that create-security-group printed above";
    let mut check = cx
        .cmd(if standalone {
            "Confirm that no service runs the task (its group does not start with service:): nothing will replace it, so it can be isolated as it is"
        } else {
            "Which tasks remain, and whether a service still runs them: isolate any the deployment has not replaced yet"
        })
        .t("aws ecs describe-tasks --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --tasks ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --query 'tasks[].[taskArn,lastStatus,group,startedBy]'");
    if standalone {
        // A task no service runs has no controller to bring it back: confirming that is its release.
        check = check.releases(Subject::Task);
    }
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
    commands.extend([
        cx.cmd("Create an isolation security group in the task's VPC (it starts with no inbound rules)")
            .t("aws ec2 create-security-group --group-name ")
            .choose("isolation-group-name", "a name for the isolation group, such as findlens-isolation-<incident>")
            .t(" --description 'Findlens isolation: no inbound or outbound traffic' --vpc-id ")
            .v_or(
                vpc,
                "resource.instanceDetails.networkInterfaces.vpcId",
                "vpc-id",
                "the VPC printed by the command above",
            )
            .build(),
        cx.cmd("Remove the group's default outbound rule, so it allows no traffic at all")
            .t("aws ec2 revoke-security-group-egress --group-id ")
            .output("isolation-group-id", group_hint)
            .t(" --ip-permissions '[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]'")
            .build(),
        cx.cmd("Give the task's interface only the isolation group (note its old groups first)")
            .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
            .output("eni-id", "the task's interface, printed above")
            .t(" --groups ")
            .output("isolation-group-id", group_hint)
            .contains(Subject::Task)
            .build(),
    ]);
    Step {
        id: format!("{key}/isolate"),
        phase: Phase::Contain,
        title: "Isolate the tasks that remain".into(),
        why: "A task that no service runs, or one the deployment has not yet replaced, keeps running until someone stops it. Blocking all its traffic stops it reaching the attacker or other systems, while it keeps running for investigation.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn")), fact("Launch type", task(cx).and_then(|t| t.launch_type.clone()), &format!("{P_TASK}.launchType")), fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group"))],
        decisions: vec![Decision {
            id: "ecs/does-the-task-have-its-own-network-interface".into(),
            question: "Does the task have its own network interface?".into(),
            answer: if awsvpc {
                "Yes: Fargate tasks use awsvpc networking, so swapping the interface's security groups isolates this task alone.".into()
            } else {
                "Only with awsvpc networking. With bridge or host networking the task shares the container instance's interface: isolate the instance instead (EC2 instance guide).".into()
            },
            tone: Tone::Info,
        }],
        commands,
    }
}

fn stop(cx: &Ctx, key: &str) -> Step {
    let commands = vec![cx
        .cmd("Once the investigation needs nothing more from it: stop the compromised task, if it still runs")
        .t("aws ecs stop-task --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --task ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --reason 'Security incident'")
        .build()];
    Step {
        id: format!("{key}/stop"),
        phase: Phase::Eradicate,
        title: "Stop the tasks that remain".into(),
        why: "A task no service runs stays until it is stopped. Stop it only after its evidence is saved and, for a service's task, after the service runs the fixed definition, or the service starts the same compromised task again.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn"))],
        decisions: Vec::new(),
        commands,
    }
}
