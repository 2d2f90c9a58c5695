//! `ecs-cluster` and `ecs-runtime`: a potentially compromised ECS cluster or task. Identify the
//! cluster, the task and the threat; find where it came from (often the image); isolate the task;
//! replace it with a fixed one.

use crate::finding::{EcsClusterDetails, EcsTaskDetails};
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};

use crate::guide::shared::image::ecr_image;

const P_ECS: &str = "resource.ecsClusterDetails";
const P_TASK: &str = "resource.ecsClusterDetails.taskDetails";
const CLUSTER_HINT: &str = "the cluster's name (resource.ecsClusterDetails.name)";
const TASK_HINT: &str =
    "the task's ARN (resource.ecsClusterDetails.taskDetails.arn), or list them with aws ecs list-tasks";

pub fn cluster_steps(cx: &Ctx) -> Vec<Step> {
    vec![identify(cx, "ecs-cluster"), source(cx, "ecs-cluster"), isolate(cx, "ecs-cluster"), replace(cx, "ecs-cluster")]
}

pub fn runtime_steps(cx: &Ctx) -> Vec<Step> {
    vec![
        identify(cx, "ecs-runtime"),
        crate::guide::shared::process::process_step(cx, "ecs-runtime"),
        source(cx, "ecs-runtime"),
        isolate(cx, "ecs-runtime"),
        replace(cx, "ecs-runtime"),
    ]
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
    let commands = vec![cx.cmd("The task as it is now: status, containers, network interface")
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
            .missing("task-arns", "the ARNs printed by list-tasks")
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
            question: "Is the image the source?".into(),
            answer: "If a scan finds the threat in the image: stop using it, remove it from the repository, stop every task that runs it, and update the task definitions to a clean image. Otherwise look for the vulnerability in the application.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

fn isolate(cx: &Ctx, key: &str) -> Step {
    let awsvpc = task(cx).and_then(|t| t.launch_type.as_deref()).is_some_and(|l| l.eq_ignore_ascii_case("FARGATE"));
    let commands = vec![
        cx.cmd("Find the task's network interface")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --query 'tasks[].attachments[].details[?name==`networkInterfaceId`].value'")
            
            .build(),
        cx.cmd("Give the interface only a deny-all security group (a group with no rules, its default outbound rule removed)")
            .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
            .missing("eni-id", "printed by the command above")
            .t(" --groups ")
            .choose("deny-all-group-id", "a security group you created with no inbound rules and its outbound rule revoked")
            
            .build(),
    ];
    Step {
        id: format!("{key}/isolate"),
        phase: Phase::Contain,
        title: "Isolate the affected tasks".into(),
        why: "Blocking all traffic to and from the task stops it reaching the attacker or other systems, while it keeps running for investigation.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn")), fact("Launch type", task(cx).and_then(|t| t.launch_type.clone()), &format!("{P_TASK}.launchType"))],
        decisions: vec![Decision {
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

fn replace(cx: &Ctx, key: &str) -> Step {
    let service = task(cx).and_then(|t| t.group.as_deref()).and_then(|g| g.strip_prefix("service:"));
    let commands = vec![
        cx.cmd("Once a fixed replacement runs: stop the compromised task")
            .t("aws ecs stop-task --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --task ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --reason 'Security incident'")
            
            .build(),
        cx.cmd("Roll the service onto a fixed task definition")
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
            .choose("fixed-task-definition", "the family:revision you registered with a clean image")
            
            .build(),
    ];
    Step {
        id: format!("{key}/replace"),
        phase: Phase::Eradicate,
        title: "Fix the vulnerability and replace the task".into(),
        why: "A stopped task loses its evidence and a service starts a new one from the same definition: fix the definition first, keep what you need, then stop the old task.".into(),
        facts: vec![fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn")), fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group"))],
        decisions: Vec::new(),
        commands,
    }
}
