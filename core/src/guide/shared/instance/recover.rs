//! Recovery: replace the instance (or, when its type allows, keep it), and where to get help.

use super::{p, security_groups, ID_HINT};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};

/// Why a finding of an untrustworthy type rules out keeping the host, in words for the analyst.
fn untrustworthy_reason(cx: &Ctx) -> Option<&'static str> {
    let t = cx.ty()?;
    Some(if t.family_is("KernelModuleLoaded") {
        "an unknown kernel module runs with the kernel's own rights, and a rootkit hides its processes, files and itself from every tool on the host"
    } else if t.family_is("RuncContainerEscape") || t.family_is("CGroupsReleaseAgentModified") {
        "a container tried to break out onto the host, and code that gets out runs as root on the host, where it can hide what it left"
    } else if t.family_is("ProcessInjection") {
        "code was written into another process, where it runs unseen under that process's name and rights"
    } else {
        return None;
    })
}

pub(super) fn replace(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let inst = |c: Cmd| c.v_or(id, &p("instanceId"), "instance-id", ID_HINT);
    let groups = security_groups(cx);
    let terminate_when = "Terminate only once every snapshot shows completed, the memory is captured if you need it, and a clean replacement runs (from a known-good image, not from these snapshots).";
    let (answer, title) = if let Some(reason) = untrustworthy_reason(cx) {
        (
            format!("{terminate_when} Do not keep this instance, even if you find and remove the cause: {reason}, so nothing you find or remove on the host proves it clean."),
            "Replace the instance",
        )
    } else {
        let original = if groups.is_empty() {
            "the groups describe-network-interfaces printed in the isolate step".to_owned()
        } else {
            groups.join(", ")
        };
        (
            format!("{terminate_when} If you found and removed the cause and trust the instance again, you may keep it instead: put back each interface's original security groups ({original}, or as the isolate step's interface list printed them) with modify-network-interface-attribute --groups, and attach a role again."),
            "Replace the instance if you can't trust it",
        )
    };
    let decisions = vec![Decision {
        id: "ec2-instance/is-the-evidence-safe".into(),
        question: "Is the evidence safe?".into(),
        answer,
        tone: Tone::Warning,
    }];
    let commands = vec![
        inst(cx.cmd("Turn termination protection off again").t("aws ec2 modify-instance-attribute --instance-id "))
            .t(" --no-disable-api-termination")
            .build(),
        inst(cx.cmd("Terminate the instance").t("aws ec2 terminate-instances --instance-ids ")).build(),
    ];
    Step {
        id: "ec2-instance/replace".into(),
        phase: Phase::Recover,
        title: title.into(),
        why: "An instance someone else controlled may hide what they left behind; a fresh one from a known-good image is the reliable way back. Its evidence is in the snapshots by now.".into(),
        facts: vec![fact("Instance ID", id, &p("instanceId"))],
        decisions,
        commands,
    }
}

pub(super) fn get_help() -> Step {
    Step {
        id: "ec2-instance/get-help".into(),
        phase: Phase::Recover,
        title: "Get help if you need it".into(),
        why: "AWS re:Post answers questions from the community and AWS staff; with a Business or Enterprise Support plan you can open a technical support case, and AWS's Customer Incident Response Team can help during an active security event.".into(),
        facts: Vec::new(),
        decisions: Vec::new(),
        commands: Vec::new(),
    }
}
