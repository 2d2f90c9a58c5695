//! `standalone-container`: a container outside EKS and ECS (Docker or containerd on an instance).
//! Cut it off, freeze it, then find out whether its image brought the threat.

use crate::finding::Container;
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Command, Decision, Phase, Step, Tone};

const P_C: &str = "resource.containerDetails";

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = Vec::new();
    if cx.f.service.runtime_details.is_some() {
        steps.push(crate::guide::shared::process::process_step(cx, "standalone-container"));
    }
    steps.extend([isolate(cx), freeze(cx), image(cx)]);
    steps
}

fn container<'f>(cx: &Ctx<'f>) -> Option<&'f Container> {
    cx.f.resource.container_details.as_ref()
}

fn id<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    container(cx).and_then(|c| c.id.as_deref().or(c.name.as_deref()))
}

/// The same shell command twice: as typed on the host, and sent to the host with Systems Manager.
fn on_host(cx: &Ctx, description: &str, docker: Cmd, shell: Option<String>) -> Vec<Command> {
    let mut out = vec![docker.build()];
    if let (Some(instance), Some(shell)) = (cx.instance_id(), shell) {
        let params = serde_json::json!({"commands": [shell]}).to_string();
        out.push(
            cx.cmd(format!("{description}, from your workstation through Systems Manager"))
                .t("aws ssm send-command --document-name AWS-RunShellScript --instance-ids ")
                .v(instance, "resource.instanceDetails.instanceId")
                .t(" --parameters ")
                .v(&params, &format!("{P_C}.id"))
                
                .build(),
        );
    }
    out
}

fn identity_facts(cx: &Ctx) -> Vec<crate::guide::model::Fact> {
    let c = container(cx);
    let mut facts = vec![
        fact("Container ID", c.and_then(|c| c.id.clone()), &format!("{P_C}.id")),
        fact("Container name", c.and_then(|c| c.name.clone()), &format!("{P_C}.name")),
        fact("Image", c.and_then(|c| c.image.clone()), &format!("{P_C}.image")),
        fact("Container runtime", c.and_then(|c| c.container_runtime.clone()), &format!("{P_C}.containerRuntime")),
        fact("Host instance", cx.instance_id(), "resource.instanceDetails.instanceId"),
    ];
    if c.and_then(|c| c.security_context.as_ref()).and_then(|s| s.privileged) == Some(true) {
        facts.push(fact("Privileged", Some("yes"), &format!("{P_C}.securityContext.privileged")));
    }
    let mounts: Vec<String> =
        c.map(|c| c.volume_mounts.iter().filter_map(|m| m.mount_path.clone()).collect()).unwrap_or_default();
    facts.extend(some_fact(
        "Volume mounts",
        (!mounts.is_empty()).then(|| mounts.join(", ")),
        &format!("{P_C}.volumeMounts.mountPath"),
    ));
    facts
}

fn isolate(cx: &Ctx) -> Step {
    let cid = id(cx);
    let hint = "the container's ID or name (resource.containerDetails.id)";
    let mut commands = vec![cx.cmd("On the host: list the networks the container is on")
        .t("docker inspect --format '{{json .NetworkSettings.Networks}}' ")
        .v_or(cid, &format!("{P_C}.id"), "container-id", hint)
        .build()];
    commands.push(
        cx.cmd("On the host: disconnect it from each of them")
            .t("docker network disconnect ")
            .missing("network", "each network printed by docker inspect")
            .t(" ")
            .v_or(cid, &format!("{P_C}.id"), "container-id", hint)
            .build(),
    );
    let privileged = container(cx).and_then(|c| c.security_context.as_ref()).and_then(|s| s.privileged) == Some(true);
    Step {
        id: "standalone-container/isolate".into(),
        phase: Phase::Contain,
        title: "Isolate the container".into(),
        why: "Cut the container off from other workloads and the attacker before anything else; its processes keep running for investigation.".into(),
        facts: identity_facts(cx),
        decisions: vec![Decision {
            question: "Could the attacker have reached the host?".into(),
            answer: if privileged {
                "Yes, the container is privileged: treat the host instance as compromised too, and its instance role's credentials as exposed (EC2 instance and credentials guides).".into()
            } else {
                "Check its volume mounts and capabilities: a mounted Docker socket or host path gives a way out. If it reached the host, treat the instance and its role's credentials as compromised.".into()
            },
            tone: if privileged { Tone::Danger } else { Tone::Warning },
        }],
        commands,
    }
}

fn freeze(cx: &Ctx) -> Step {
    let cid = id(cx);
    let hint = "the container's ID or name (resource.containerDetails.id)";
    let mut commands = on_host(
        cx,
        "Pause the container",
        cx.cmd("On the host: pause the container (freezes every process in it, keeps its memory)")
            .t("docker pause ")
            .v_or(cid, &format!("{P_C}.id"), "container-id", hint),
        cid.map(|c| format!("docker pause {}", crate::guide::shell_quote(c))),
    );
    commands.push(
        cx.cmd("If pausing fails: stop it")
            .t("docker stop ")
            .v_or(cid, &format!("{P_C}.id"), "container-id", hint)
            .build(),
    );
    Step {
        id: "standalone-container/pause".into(),
        phase: Phase::Contain,
        title: "Pause the container, or stop it".into(),
        why: "Pausing freezes the attacker's processes without destroying the evidence in memory. If GuardDuty's snapshot retention is on, the EBS snapshots with the malware are kept too.".into(),
        facts: vec![fact("Container ID", cid, &format!("{P_C}.id"))],
        decisions: Vec::new(),
        commands,
    }
}

fn image(cx: &Ctx) -> Step {
    let img = container(cx).and_then(|c| c.image.as_deref());
    let files: Vec<String> = cx
        .f
        .service
        .ebs_volume_scan_details
        .as_ref()
        .and_then(|s| s.scan_detections.as_ref())
        .and_then(|d| d.threat_detected_by_name.as_ref())
        .map(|t| t.threat_names.iter().flat_map(|n| n.file_paths.iter().filter_map(|f| f.file_path.clone())).collect())
        .unwrap_or_default();
    let mut facts = vec![fact("Image", img, &format!("{P_C}.image"))];
    facts.extend(some_fact(
        "Files the malware scan flagged",
        (!files.is_empty()).then(|| files.join(", ")),
        "service.ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames.filePaths.filePath",
    ));
    let commands = vec![cx.cmd("On the host: every container started from the same image")
        .t("docker ps -a --filter ")
        .v_or(
            img.map(|i| format!("ancestor={i}")).as_deref(),
            &format!("{P_C}.image"),
            "ancestor-filter",
            "ancestor=<image>",
        )
        .build()];
    Step {
        id: "standalone-container/image".into(),
        phase: Phase::Eradicate,
        title: "Check whether the image brought the malware".into(),
        why: "If the flagged files are part of the image, every container started from it is affected, and a rebuilt container will be too.".into(),
        facts,
        decisions: vec![Decision {
            question: "Are the flagged files in the image itself?".into(),
            answer: "If yes: stop using the image, remove it from its registry, and replace every container that runs it. If the activity turns out to be authorised, suppress the finding instead.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}
