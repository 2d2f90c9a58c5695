//! The process GuardDuty's Runtime Monitoring agent saw, for every runtime scenario (EC2, EKS, ECS,
//! standalone containers). Every string here comes from the monitored host and may be the
//! attacker's: views render it as text only.

use crate::finding::ProcessDetails;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Decision, Effect, Fact, Phase, Step, Tone};

const P_PROC: &str = "service.runtimeDetails.process";
const P_CTX: &str = "service.runtimeDetails.context";

/// The process, its lineage and the context of what it did.
pub fn process_step(cx: &Ctx, key: &str) -> Step {
    let rt = cx.f.service.runtime_details.as_ref();
    let p = rt.and_then(|r| r.process.as_ref());
    let mut facts = vec![
        fact("Process", p.and_then(|p| p.name.clone()), &format!("{P_PROC}.name")),
        fact("Executable", p.and_then(|p| p.executable_path.clone()), &format!("{P_PROC}.executablePath")),
        fact("Executable SHA-256", p.and_then(|p| p.executable_sha256.clone()), &format!("{P_PROC}.executableSha256")),
        fact("Process ID on the host", p.and_then(|p| p.pid).map(|n| n.to_string()), &format!("{P_PROC}.pid")),
        fact(
            "User",
            p.and_then(|p| {
                p.user.as_ref().map(|u| match (p.user_id, p.euid) {
                    (Some(uid), Some(euid)) if uid != euid => format!("{u} (uid {uid}, effective uid {euid})"),
                    (Some(uid), _) => format!("{u} (uid {uid})"),
                    _ => u.clone(),
                })
            }),
            &format!("{P_PROC}.user"),
        ),
        fact("Working directory", p.and_then(|p| p.pwd.clone()), &format!("{P_PROC}.pwd")),
        fact("Started", p.and_then(|p| p.start_time.as_ref()).map(|t| t.text.clone()), &format!("{P_PROC}.startTime")),
    ];
    // Inside a container the process has a second ID, in its PID namespace: `ps` in the container
    // shows that one, `ps` on the host the other. The same number twice means the process runs in
    // the host's namespace, and the second fact would only confuse.
    if let Some(ns) = some_fact(
        "Process ID inside its container namespace",
        p.and_then(|p| p.namespace_pid.filter(|n| Some(*n) != p.pid)).map(|n| n.to_string()),
        &format!("{P_PROC}.namespacePid"),
    ) {
        facts.insert(4, ns);
    }
    facts.extend(some_fact(
        "Parent processes, nearest first (process IDs on the host, user IDs)",
        p.and_then(ProcessDetails::lineage_text),
        &format!("{P_PROC}.lineage.name"),
    ));
    // The furthest parent the agent saw shows who started the chain: a login as an ordinary user
    // that became root through sudo reads as uid 1001 there and uid 0 on the process.
    facts.extend(some_fact(
        "User ID that started the chain (the furthest parent's)",
        p.and_then(|p| p.lineage.last()).and_then(|l| l.user_id).map(|u| u.to_string()),
        &format!("{P_PROC}.lineage.userId"),
    ));
    facts.extend(context_facts(cx));
    let mut decisions = vec![Decision {
        id: "shared-process/is-this-process-part-of-the-workload".into(),
        question: "Is this process part of the workload?".into(),
        answer: "Compare it with what the instance, pod or task normally runs (its image, its deployment scripts, its owners). An unknown binary, a shell spawned by a web server, or a tool running from /tmp points to compromise.".into(),
        tone: Tone::Info,
    }];
    let module =
        rt.and_then(|r| r.context.as_ref()).filter(|c| c.module_name.is_some() || c.module_file_path.is_some());
    if module.is_some() {
        decisions.push(Decision {
            id: "shared-process/can-you-trust-what-the-host-reports".into(),
            question: "Can you trust what the host reports?".into(),
            answer: "No. A kernel module runs with the kernel's own rights, and a rootkit module hides processes, files, connections and itself from every tool on the host (ps, ls, lsmod, /proc). Treat everything read on the host, the commands below included, as a lead to check, never as proof: a module missing from /proc/modules may be hidden, not gone. The volume snapshots and a memory image read elsewhere are the evidence to rely on. The insmod process itself ended as soon as the module was loaded, so look at the module file and at the shell that ran insmod instead.".into(),
            tone: Tone::Danger,
        });
    }
    let mut commands = Vec::new();
    if let Some(id) = cx.instance_id() {
        let parent = p.and_then(|p| p.lineage.first()).and_then(|l| l.pid);
        let (shell, path, what) = match module {
            Some(c) => {
                let mut lines = Vec::new();
                if let Some(file) = c.module_file_path.as_deref() {
                    let file = crate::guide::shell_quote(file);
                    lines.push(format!("ls -l {file}; sha256sum {file}"));
                }
                lines.push("cat /proc/modules".to_owned());
                if let Some(pid) = parent {
                    lines.push(format!("ps -o pid,ppid,user,lstart,args -p {pid}"));
                }
                let path = if c.module_file_path.is_some() { format!("{P_CTX}.moduleFilePath") } else { format!("{P_PROC}.lineage.pid") };
                (
                    lines.join("; "),
                    path,
                    "Look at the module file, the loaded modules and the shell that loaded it with Systems Manager (if the instance runs the SSM agent); compare the file's SHA-256 with the finding's",
                )
            }
            None => match p.and_then(|p| p.pid) {
                Some(pid) => (
                    format!("ps -o pid,ppid,user,lstart,args -p {pid}; ls -l /proc/{pid}/exe"),
                    format!("{P_PROC}.pid"),
                    "Look at the process on the instance with Systems Manager, by its process ID on the host (if the instance runs the SSM agent)",
                ),
                None => (String::new(), String::new(), ""),
            },
        };
        if !shell.is_empty() {
            let params = serde_json::json!({ "commands": [shell] }).to_string();
            commands.push(
                cx.cmd(format!("{what}: this prints only the command's ID"))
                    .t("aws ssm send-command --document-name AWS-RunShellScript --instance-ids ")
                    .v(id, "resource.instanceDetails.instanceId")
                    .t(" --parameters ")
                    .v(&params, &path)
                    .t(" --query Command.CommandId --output text")
                    // `ps`, `ls`, `sha256sum` and `cat` only read.
                    .effect(Effect::ReadOnly)
                    .build(),
            );
            commands.push(
                cx.cmd(
                    "Read what the command printed on the instance, once it has run; save it with the incident record",
                )
                .t("aws ssm get-command-invocation --command-id ")
                .output("command-id", "the CommandId that send-command printed")
                .t(" --instance-id ")
                .v(id, "resource.instanceDetails.instanceId")
                .t(" --query '[Status,StandardOutputContent,StandardErrorContent]' --output text")
                .build(),
            );
        }
    }
    Step {
        id: format!("{key}/process"),
        phase: Phase::Understand,
        title: "Identify the process and what it did".into(),
        why: "Runtime findings are about a process: its executable, who started it and what it touched decide whether it is the workload misbehaving or an intruder. These values come from the monitored host and may be planted by an attacker.".into(),
        facts,
        decisions,
        commands,
    }
}

/// What the process did, from `runtimeDetails.context`: only the fields the finding has.
fn context_facts(cx: &Ctx) -> Vec<Fact> {
    let Some(c) = cx.f.service.runtime_details.as_ref().and_then(|r| r.context.as_ref()) else { return Vec::new() };
    let pairs: [(&str, Option<&String>, &str); 19] = [
        ("Modifying process", c.modifying_process.as_ref().and_then(|p| p.name.as_ref()), "modifyingProcess.name"),
        ("Target process", c.target_process.as_ref().and_then(|p| p.name.as_ref()), "targetProcess.name"),
        ("Script", c.script_path.as_ref(), "scriptPath"),
        ("Library", c.library_path.as_ref(), "libraryPath"),
        ("LD_PRELOAD", c.ld_preload_value.as_ref(), "ldPreloadValue"),
        ("Socket", c.socket_path.as_ref(), "socketPath"),
        ("runc binary", c.runc_binary_path.as_ref(), "runcBinaryPath"),
        ("Release agent", c.release_agent_path.as_ref(), "releaseAgentPath"),
        ("Mount source", c.mount_source.as_ref(), "mountSource"),
        ("Mount target", c.mount_target.as_ref(), "mountTarget"),
        ("Kernel module", c.module_name.as_ref(), "moduleName"),
        ("Kernel module file", c.module_file_path.as_ref(), "moduleFilePath"),
        ("Kernel module SHA-256", c.module_sha256.as_ref(), "moduleSha256"),
        ("Tool", c.tool_name.as_ref(), "toolName"),
        ("Tool category", c.tool_category.as_ref(), "toolCategory"),
        ("Example command line", c.command_line_example.as_ref(), "commandLineExample"),
        ("Threat file", c.threat_file_path.as_ref(), "threatFilePath"),
        ("File", c.file_path.as_ref(), "filePath"),
        ("File operation", c.file_operation.as_ref(), "fileOperation"),
    ];
    let mut facts: Vec<Fact> = pairs
        .iter()
        .filter_map(|(label, v, field)| some_fact(label, v.cloned(), &format!("{P_CTX}.{field}")))
        .collect();
    facts.extend(some_fact(
        "Shell history file",
        c.shell_history_file_path.clone(),
        &format!("{P_CTX}.shellHistoryFilePath"),
    ));
    facts.extend(some_fact(
        "Related files",
        (!c.related_file_paths.is_empty()).then(|| c.related_file_paths.join(", ")),
        &format!("{P_CTX}.relatedFilePaths"),
    ));
    facts
}
