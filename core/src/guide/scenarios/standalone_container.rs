//! `standalone-container`: a container outside EKS and ECS (Docker or containerd on an instance).
//! Cut it off, freeze it, save its evidence, then find out whether its image brought the threat.
//! Commands follow the container's runtime: `docker` for Docker, `nerdctl` (and `crictl` for
//! containers Kubernetes started) for containerd, both, labelled, when the finding does not say.

use crate::finding::Container;
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Command, Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::instance::nacl_block;

const P_C: &str = "resource.containerDetails";

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = Vec::new();
    if cx.f.service.runtime_details.is_some() {
        steps.push(crate::guide::shared::process::process_step(cx, "standalone-container"));
    }
    steps.extend([isolate(cx), freeze(cx), evidence(cx), stop(cx), image(cx)]);
    steps
}

/// The container runtime the finding names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    Docker,
    Containerd,
    /// Neither named: both sets of commands are shown, labelled.
    Unknown,
}

fn runtime(cx: &Ctx) -> Runtime {
    match container(cx).and_then(|c| c.container_runtime.as_deref()) {
        Some(r) if r.eq_ignore_ascii_case("docker") => Runtime::Docker,
        Some(r) if r.eq_ignore_ascii_case("containerd") => Runtime::Containerd,
        _ => Runtime::Unknown,
    }
}

impl Runtime {
    fn docker(self) -> bool {
        self != Runtime::Containerd
    }
    fn containerd(self) -> bool {
        self != Runtime::Docker
    }
    /// A description, labelled with the tool when both runtimes' commands are shown.
    fn label(self, tool: &str, description: &str) -> String {
        if self == Runtime::Unknown {
            format!("{description} ({tool})")
        } else {
            description.to_owned()
        }
    }
}

const HINT: &str = "the container's ID or name (resource.containerDetails.id)";
const NS_HINT: &str = "the containerd namespace the container is in: k8s.io for containers Kubernetes started, default for those nerdctl started (nerdctl namespace ls lists them)";

/// `<tool> <verb> --namespace <ns>` for nerdctl (its global flag is accepted after the verb).
fn nerdctl(cx: &Ctx, description: String, verb: &str) -> Cmd {
    cx.cmd(description).t("nerdctl ").t(verb).t(" --namespace ").missing("containerd-namespace", NS_HINT)
}

fn cid_arg(cx: &Ctx, cmd: Cmd) -> Cmd {
    cmd.v_or(id(cx), &format!("{P_C}.id"), "container-id", HINT)
}

fn container<'f>(cx: &Ctx<'f>) -> Option<&'f Container> {
    cx.f.resource.container_details.as_ref()
}

fn id<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    container(cx).and_then(|c| c.id.as_deref().or(c.name.as_deref()))
}

/// The same shell command twice: as typed on the host, and sent to the host with Systems Manager.
fn on_host(cx: &Ctx, description: &str, docker: Cmd, shell: Option<String>) -> Vec<Command> {
    let on_host = docker.build();
    let mut out = Vec::new();
    if let (Some(instance), Some(shell)) = (cx.instance_id(), shell) {
        let params = serde_json::json!({"commands": [shell]}).to_string();
        out.push(
            cx.cmd(format!("{description}, from your workstation through Systems Manager"))
                .t("aws ssm send-command --document-name AWS-RunShellScript --instance-ids ")
                .v(instance, "resource.instanceDetails.instanceId")
                .t(" --parameters ")
                .v(&params, &format!("{P_C}.id"))
                .same_effect_as(&on_host)
                .build(),
        );
    }
    out.insert(0, on_host);
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

/// The remote endpoint of the finding's connection (a reverse shell's listener), as facts.
fn remote_endpoint_facts(cx: &Ctx) -> Vec<crate::guide::model::Fact> {
    let Some((ip, path)) = cx.remote_ip() else { return Vec::new() };
    let nc = cx.action().and_then(|a| a.network_connection_action.as_ref());
    let port = nc.and_then(|n| n.remote_port_details.as_ref()).and_then(|p| p.port);
    let endpoint = match port {
        Some(port) if ip.contains(':') => format!("[{ip}]:{port}"),
        Some(port) => format!("{ip}:{port}"),
        None => ip.to_owned(),
    };
    let mut facts = vec![fact("Remote endpoint to block (address and port)", Some(endpoint), &path)];
    facts.extend(some_fact(
        "Connection direction",
        nc.and_then(|n| n.connection_direction.clone()),
        "service.action.networkConnectionAction.connectionDirection",
    ));
    facts.extend(cx.remote_facts().into_iter().skip(1).filter(|f| f.value.is_some()));
    facts
}

/// Whether the container reached the host's role credentials through the instance metadata
/// service, and what to do about it: a container on a bridge network reaches the service unless
/// the instance requires IMDSv2 with a hop limit of 1.
fn host_role(cx: &Ctx, decisions: &mut Vec<Decision>, commands: &mut Vec<Command>) {
    let instance = cx.instance_id();
    let has_profile = cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).is_some();
    decisions.push(Decision {
        id: "container/could-the-container-read-the-hosts-role-credentials".into(),
        question: "Could the container read the host's role credentials?".into(),
        answer: format!(
            "Yes, unless the instance requires IMDSv2 with a hop limit of 1: any container on the host reaches the instance metadata service and its role credentials, escape or not. The describe-instances command below shows the instance's metadata options. If HttpTokens is optional, or HttpPutResponseHopLimit is above 1, or the container uses the host's network, assume the credentials were read: require IMDSv2 with a hop limit of 1, so that containers on a bridge network can no longer fetch new ones, then revoke the role's older sessions.{}",
            if has_profile { "" } else { " The finding names no instance profile: if describe-instances shows none either, the instance has no role and there is nothing to revoke." }
        ),
        tone: Tone::Danger,
    });
    let inst = |c: Cmd| {
        c.v_or(
            instance,
            "resource.instanceDetails.instanceId",
            "instance-id",
            "the host instance's ID (resource.instanceDetails.instanceId)",
        )
    };
    commands.push(
        inst(
            cx.cmd("See how the host's metadata service is protected, and which role the host has")
                .t("aws ec2 describe-instances --instance-ids "),
        )
        .t(" --query 'Reservations[].Instances[].[MetadataOptions,IamInstanceProfile]'")
        .build(),
    );
    commands.push(
        inst(cx.cmd("Require IMDSv2 with a hop limit of 1, so that containers on a bridge network cannot fetch the role's credentials any more").t("aws ec2 modify-instance-metadata-options --instance-id "))
            .t(" --http-tokens required --http-put-response-hop-limit 1")
            .caution("container/imdsv2-required", "Software on the host or in containers that still uses IMDSv1, or reaches the metadata service from a bridge network on purpose, loses its role credentials. Undo it by running the command again with the values describe-instances printed.")
            .build(),
    );
    if has_profile {
        commands.push(crate::guide::shared::keys::role_of_instance_profile(cx));
    }
    commands.push(crate::guide::shared::keys::revoke_printed_role_sessions(
        cx,
        None,
        "the RoleName that get-instance-profile printed (the role of the host's instance profile)",
    ));
}

fn isolate(cx: &Ctx) -> Step {
    let rt = runtime(cx);
    let mut commands = Vec::new();
    if rt.docker() {
        commands.push(
            cid_arg(
                cx,
                cx.cmd(rt.label(
                    "Docker",
                    "On the host: see which network mode the container uses (host means the host's own network)",
                ))
                .t("docker inspect --format '{{.HostConfig.NetworkMode}}' "),
            )
            .build(),
        );
        commands.push(
            cid_arg(
                cx,
                cx.cmd(rt.label("Docker", "On the host: list the networks the container is on"))
                    .t("docker inspect --format '{{json .NetworkSettings.Networks}}' "),
            )
            .build(),
        );
        commands.push(
            cid_arg(
                cx,
                cx.cmd(rt.label(
                    "Docker",
                    "On the host: disconnect it from each of them; a container in host mode has none",
                ))
                .t("docker network disconnect ")
                .output("network", "each network printed by docker inspect")
                .t(" "),
            )
            .build(),
        );
    }
    let privileged = container(cx).and_then(|c| c.security_context.as_ref()).and_then(|s| s.privileged) == Some(true);
    let mut decisions = vec![Decision {
        id: "container/could-the-attacker-have-reached-the-host".into(),
        question: "Could the attacker have reached the host?".into(),
        answer: if privileged {
            "Yes, the container is privileged: treat the host instance as compromised too (EC2 instance guide).".into()
        } else {
            "Check its volume mounts and capabilities: a mounted Docker socket or host path gives a way out. If it reached the host, treat the instance as compromised too (EC2 instance guide).".into()
        },
        tone: if privileged { Tone::Danger } else { Tone::Warning },
    }];
    if rt.docker() {
        decisions.push(Decision {
            id: "container/does-the-container-use-the-hosts-network".into(),
            question: "Does the container use the host's network?".into(),
            answer: "If the first command prints host, the container shares the host's network stack and has no network of its own to disconnect from. Cut the host off instead: isolate the instance with its security groups (EC2 instance guide), and deny the remote address at the subnet's network ACL where the finding names one.".into(),
            tone: Tone::Warning,
        });
    }
    if rt.containerd() {
        decisions.push(Decision {
            id: "container/how-do-you-cut-a-containerd-container-off".into(),
            question: "How do you cut a containerd container off the network?".into(),
            answer: "nerdctl cannot disconnect a running container from its network (Docker can). Pause the container (next step), and if it must keep running, isolate the host instance with its security groups (EC2 instance guide).".into(),
            tone: Tone::Warning,
        });
    }
    let block = nacl_block(cx);
    if !block.is_empty() {
        decisions.push(Decision {
            id: "container/how-do-you-cut-the-remote-endpoint-off".into(),
            question: "How do you cut the remote endpoint off?".into(),
            answer: "Deny its address at the network ACL of the host's subnet (the commands below): network ACLs are not connection-tracked, so this also ends a shell that is connected now, whatever the container's network mode, while security groups would let an open connection run on. It blocks the address for every instance in the subnet.".into(),
            tone: Tone::Danger,
        });
        commands.extend(block);
    }
    host_role(cx, &mut decisions, &mut commands);
    let mut facts = identity_facts(cx);
    facts.extend(remote_endpoint_facts(cx));
    Step {
        id: "standalone-container/isolate".into(),
        phase: Phase::Contain,
        title: "Isolate the container".into(),
        why: "Cut the container off from other workloads and the attacker before anything else; its processes keep running for investigation.".into(),
        facts,
        decisions,
        commands,
    }
}

fn freeze(cx: &Ctx) -> Step {
    let rt = runtime(cx);
    let cid = id(cx);
    let mut commands = Vec::new();
    if rt.docker() {
        commands.push(
            cid_arg(cx, cx.cmd(rt.label("Docker", "On the host: turn the container's restart policy off, so it does not come back when it stops or the daemon restarts")).t("docker update --restart=no "))
                .releases(Subject::Container)
                .build(),
        );
        commands.extend(on_host(
            cx,
            "Pause the container",
            cid_arg(
                cx,
                cx.cmd(rt.label(
                    "Docker",
                    "On the host: pause the container (freezes every process in it, keeps its memory)",
                ))
                .t("docker pause "),
            ),
            cid.map(|c| format!("docker pause {}", crate::guide::shell_quote(c))),
        ));
    }
    if rt.containerd() {
        commands.push(
            cid_arg(
                cx,
                nerdctl(
                    cx,
                    rt.label(
                        "containerd",
                        "On the host: turn the container's restart policy off, so it does not come back when it stops",
                    ),
                    "update",
                )
                .t(" --restart=no "),
            )
            .releases(Subject::Container)
            .build(),
        );
        commands.push(
            cid_arg(
                cx,
                nerdctl(
                    cx,
                    rt.label(
                        "containerd",
                        "On the host: pause the container (freezes every process in it, keeps its memory)",
                    ),
                    "pause",
                )
                .t(" "),
            )
            .build(),
        );
    }
    let mut decisions = Vec::new();
    if rt.containerd() {
        decisions.push(Decision {
            id: "container/did-kubernetes-start-the-container".into(),
            question: "Did Kubernetes start the container?".into(),
            answer: "If its namespace is k8s.io, the kubelet owns it: it restarts a stopped container and ignores restart policies. Respond through the cluster instead (the EKS guides: release the pod from its controller, then quarantine it); pausing it here still freezes it.".into(),
            tone: Tone::Info,
        });
    }
    Step {
        id: "standalone-container/pause".into(),
        phase: Phase::Contain,
        title: "Pause the container".into(),
        why: "Pausing freezes the attacker's processes without destroying the evidence in memory. A restart policy of always or unless-stopped would bring a stopped container back, so turn it off first.".into(),
        facts: vec![fact("Container ID", cid, &format!("{P_C}.id"))],
        decisions,
        commands,
    }
}

fn evidence(cx: &Ctx) -> Step {
    let rt = runtime(cx);
    let mut commands = Vec::new();
    if rt.docker() {
        commands.push(
            cid_arg(cx, cx.cmd(rt.label("Docker", "On the host: save the container's configuration and state (image, mounts, network, restart policy)")).t("docker inspect "))
                .t(" > container-inspect.json")
                .captures(Subject::Container)
                .build(),
        );
        commands.push(
            cid_arg(cx, cx.cmd(rt.label("Docker", "On the host: save its logs")).t("docker logs --timestamps "))
                .t(" > container.log 2>&1")
                .captures(Subject::Container)
                .build(),
        );
        commands.push(
            cid_arg(cx, cx.cmd(rt.label("Docker", "On the host: save its filesystem as a tar archive (mounted volumes are not included: copy those separately)")).t("docker export --output container-fs.tar "))
                .build(),
        );
    }
    if rt.containerd() {
        commands.push(
            cid_arg(
                cx,
                nerdctl(
                    cx,
                    rt.label("containerd", "On the host: save the container's configuration and state"),
                    "inspect",
                )
                .t(" "),
            )
            .t(" > container-inspect.json")
            .captures(Subject::Container)
            .build(),
        );
        commands.push(
            cid_arg(
                cx,
                nerdctl(
                    cx,
                    rt.label(
                        "containerd",
                        "On the host: save its logs (nerdctl keeps logs only for containers it started)",
                    ),
                    "logs",
                )
                .t(" --timestamps "),
            )
            .t(" > container.log 2>&1")
            .captures(Subject::Container)
            .build(),
        );
        commands.push(
            cid_arg(
                cx,
                cx.cmd(
                    rt.label(
                        "containerd",
                        "If Kubernetes started the container: save the logs through the CRI instead",
                    ),
                )
                .t("crictl logs --timestamps "),
            )
            .t(" > container.log 2>&1")
            .captures(Subject::Container)
            .build(),
        );
        commands.push(
            cid_arg(cx, nerdctl(cx, rt.label("containerd", "On the host: save its filesystem as a tar archive (mounted volumes are not included: copy those separately)"), "export").t(" "))
                .t(" > container-fs.tar")
                .build(),
        );
    }
    Step {
        id: "standalone-container/evidence".into(),
        phase: Phase::Preserve,
        title: "Save the container's configuration, logs and filesystem".into(),
        why: "Stopping and removing the container loses its running state, its writable filesystem and its logs. Save them while it is paused; keep the files with the incident record, off the host.".into(),
        facts: vec![fact("Container ID", id(cx), &format!("{P_C}.id")), fact("Host instance", cx.instance_id(), "resource.instanceDetails.instanceId")],
        decisions: Vec::new(),
        commands,
    }
}

fn stop(cx: &Ctx) -> Step {
    let rt = runtime(cx);
    let mut commands = Vec::new();
    if rt.docker() {
        commands.push(
            cid_arg(
                cx,
                cx.cmd(rt.label("Docker", "Once its evidence is saved, and if it must not stay paused, stop it"))
                    .t("docker stop "),
            )
            .caution("container/stopped-and-maybe-removed", "Stopping the container loses its memory and running processes for good. A container started with --rm (HostConfig.AutoRemove is true in the inspect output saved above) is also deleted as soon as it stops, with its writable filesystem and its logs: make sure the export and the logs above are saved first.")
            .build(),
        );
    }
    if rt.containerd() {
        commands.push(
            cid_arg(
                cx,
                nerdctl(
                    cx,
                    rt.label("containerd", "Once its evidence is saved, and if it must not stay paused, stop it"),
                    "stop",
                )
                .t(" "),
            )
            .build(),
        );
    }
    Step {
        id: "standalone-container/stop".into(),
        phase: Phase::Eradicate,
        title: "Stop the container once its evidence is saved".into(),
        why: "A paused container still holds the attacker's processes. When the investigation needs nothing more from its memory, stop it; remove it, and its image, once you know how it was compromised.".into(),
        facts: vec![fact("Container ID", id(cx), &format!("{P_C}.id"))],
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
    let rt = runtime(cx);
    let mut commands = Vec::new();
    if rt.docker() {
        commands.push(
            cx.cmd(rt.label("Docker", "On the host: every container started from the same image"))
                .t("docker ps -a --filter ")
                .v_or(
                    img.map(|i| format!("ancestor={i}")).as_deref(),
                    &format!("{P_C}.image"),
                    "ancestor-filter",
                    "ancestor=<image>",
                )
                .build(),
        );
    }
    if rt.containerd() {
        commands.push(
            nerdctl(
                cx,
                rt.label(
                    "containerd",
                    "On the host: every container started from the same image (nerdctl ps has no ancestor filter)",
                ),
                "ps",
            )
            .t(" -a --format '{{.ID}} {{.Image}}' | grep -F ")
            .v_or(img, &format!("{P_C}.image"), "image", "the container's image")
            .build(),
        );
    }
    let (title, why, decision) = if files.is_empty() {
        if rt.docker() {
            commands.push(
                cid_arg(cx, cx.cmd(rt.label("Docker", "On the host: the files added or changed in the container since it started (anything else came with the image)")).t("docker diff "))
                    .build(),
            );
        }
        (
            "Check whether the image brought the threat",
            "If what ran came with the image, every container started from it is affected, and a rebuilt container will be too.",
            Decision {
                id: "container/did-the-image-bring-what-ran".into(),
                question: "Did the image bring what ran?".into(),
                answer: "Judge by what started the process, not by where its file lives: a shell such as /bin/bash is in almost every image, so its coming with the image proves nothing. If its parents are the container's own entrypoint or application (a web server starting a shell), the way in is the application. Only a file the image ships that has no business there (a miner, a dropper, a script nobody wrote; docker diff above lists what the container added or changed since it started, and everything else came with the image) means the image is bad. If it is: record its digest and keep it as evidence rather than deleting it, stop using it, and replace every container that runs it.".into(),
                tone: Tone::Warning,
            },
        )
    } else {
        (
            "Check whether the image brought the malware",
            "If the flagged files are part of the image, every container started from it is affected, and a rebuilt container will be too.",
            Decision {
                id: "container/are-the-flagged-files-in-the-image-itself".into(),
                question: "Are the flagged files in the image itself?".into(),
                answer: "If yes: record the image's digest and keep the image as evidence rather than deleting it, stop using it, and replace every container that runs it.".into(),
                tone: Tone::Warning,
            },
        )
    };
    Step {
        id: "standalone-container/image".into(),
        phase: Phase::Eradicate,
        title: title.into(),
        why: why.into(),
        facts,
        decisions: vec![decision],
        commands,
    }
}
