//! Save the task's evidence, and its container instance's when it runs on EC2.

use super::{is_ec2, is_fargate, launch_type, name, task, task_arn, CLUSTER_HINT, P_ECS, P_TASK, TASK_HINT};
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Effect, Phase, Step, Subject, Tone};

pub fn evidence(cx: &Ctx, key: &str) -> Step {
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
