//! The pods' steps: keep their evidence, contain them through their controller, check their
//! image, and delete them last.

use super::{
    containers, host_network, kubectl, kubectl_ns, node_at_risk, pod_arg, wl, workload, NAME_PATH, NS_PATH, POD_HINT,
    P_WL,
};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::image::ecr_image;

pub(super) fn pod_evidence(cx: &Ctx, key: &str) -> Step {
    let w = wl(cx);
    let mut commands = Vec::new();
    if let (false, Some(kind)) = (w.is_pod, w.kind) {
        commands.push(
            kubectl_ns(
                cx,
                "Save the workload's definition: what it runs, with which service account, volumes and privileges",
            )
            .t(" get ")
            .v(kind, &format!("{P_WL}.type"))
            .t(" ")
            .v_or(w.name, NAME_PATH, "workload-name", "the workload's name")
            .t(" -o yaml > workload.yaml")
            .captures(Subject::Pod)
            .build(),
        );
        commands.push(
            kubectl_ns(cx, "List the namespace's pods with their nodes, to find the workload's pods")
                .t(" get pods -o wide")
                .build(),
        );
    }
    let file = if w.is_pod { w.name } else { None };
    let file_arg = |cmd: Cmd, ext: &str| -> Cmd { cmd.t(" > ").v_or(file, NAME_PATH, "pod-name", POD_HINT).t(ext) };
    commands.push(
        file_arg(
            pod_arg(
                kubectl_ns(cx, "Save the pod's spec and status (its node, IPs, containers and their IDs)")
                    .t(" get pod "),
                &w,
            )
            .t(" -o yaml"),
            ".yaml",
        )
        .captures(Subject::Pod)
        .build(),
    );
    commands.push(
        file_arg(
            pod_arg(
                kubectl_ns(
                    cx,
                    "Save the logs of every container in the pod (add --previous for a container that restarted)",
                )
                .t(" logs "),
                &w,
            )
            .t(" --all-containers --timestamps"),
            ".log",
        )
        .captures(Subject::Pod)
        .build(),
    );
    commands.push(
        file_arg(
            pod_arg(kubectl_ns(cx, "Save the pod's description, with its recent events").t(" describe pod "), &w),
            "-describe.txt",
        )
        .captures(Subject::Pod)
        .build(),
    );
    // The process's executable lives in the container's writable layer (a miner dropped in /tmp),
    // which goes with the pod: copy it out while the pod is there.
    let process = cx.f.service.runtime_details.as_ref().and_then(|r| r.process.as_ref());
    if let Some(exe) =
        process.and_then(|p| p.executable_path.as_deref()).filter(|e| !e.is_empty() && key == "eks-runtime")
    {
        let pid = process.and_then(|p| p.pid).map(|p| format!(" (process ID {p} on the node)")).unwrap_or_default();
        let copy = pod_arg(
            kubectl_ns(cx, &format!("Copy the process's executable out of the container, as evidence: it lives in the container's writable layer, which is deleted with the pod. kubectl cp needs tar in the container; without it, copy /proc/<pid>/exe{pid} on the node through Systems Manager instead, before the node is isolated"))
                .t(" cp "),
            &w,
        )
        .t(":")
        .v(exe, "service.runtimeDetails.process.executablePath")
        .t(" ./process-executable.bin");
        let container = containers(cx).first().and_then(|c| c.name.as_deref());
        let copy = match container {
            Some(c) => copy.t(" -c ").v(c, &format!("{P_WL}.containers.name")),
            None => copy,
        };
        commands.push(copy.captures(Subject::Pod).build());
    }
    Step {
        id: format!("{key}/pod-evidence"),
        phase: Phase::Preserve,
        title: "Save the pod's spec, logs and events".into(),
        why: if node_at_risk(cx, key) {
            "Deleting a pod, or letting its controller replace it, loses its logs and its spec as it ran; and kubectl reaches the logs through the node, which isolating the node (a later step) cuts off. Save them first, for every pod you suspect.".into()
        } else {
            "Deleting a pod, or letting its controller replace it, loses its logs and its spec as it ran. Save them first, for every pod you suspect.".into()
        },
        facts: vec![
            fact("Workload", w.name, NAME_PATH),
            fact("Workload type", w.kind, &format!("{P_WL}.type")),
            fact("Namespace", w.ns, NS_PATH),
        ],
        decisions: Vec::new(),
        commands,
    }
}

pub(super) fn pods(cx: &Ctx, key: &str) -> Step {
    let wd = workload(cx);
    let w = wl(cx);
    let mut facts = vec![
        fact("Workload", w.name, NAME_PATH),
        fact("Workload type", w.kind, &format!("{P_WL}.type")),
        fact("Namespace", w.ns, NS_PATH),
        fact("Service account", wd.and_then(|w| w.service_account_name.clone()), &format!("{P_WL}.serviceAccountName")),
    ];
    facts.extend(some_fact("UID", wd.and_then(|w| w.uid.clone()), &format!("{P_WL}.uid")));
    for (label, v, field) in [
        ("Host network", wd.and_then(|w| w.host_network), "hostNetwork"),
        ("Host PID namespace", wd.and_then(|w| w.host_pid), "hostPID"),
        ("Host IPC namespace", wd.and_then(|w| w.host_ipc), "hostIPC"),
    ] {
        if v == Some(true) {
            facts.push(fact_bool(label, v, &format!("{P_WL}.{field}")));
        }
    }
    let host_paths: Vec<&str> = wd
        .map(|w| w.volumes.iter().filter_map(|v| v.host_path.as_ref().and_then(|h| h.path.as_deref())).collect())
        .unwrap_or_default();
    facts.extend(some_fact(
        "Host paths mounted",
        (!host_paths.is_empty()).then(|| host_paths.join(", ")),
        &format!("{P_WL}.volumes.hostPath.path"),
    ));
    let mut decisions = vec![Decision {
        id: "kubernetes/how-many-pods-are-affected".into(),
        question: "How many pods are affected?".into(),
        answer: match (w.is_pod, w.kind) {
            (true, _) => "One pod: the one named above.".into(),
            (false, Some(k)) => format!("Every pod of the {k} named above: assume all of them are compromised."),
            (false, None) => "The finding names a service account, not a workload: every pod running as that service account is suspect.".into(),
        },
        tone: Tone::Warning,
    }];
    decisions.push(Decision {
        id: "kubernetes/does-a-controller-own-the-pod".into(),
        question: "Does a controller own the pod?".into(),
        answer: "A pod that a ReplicaSet (a Deployment's), StatefulSet, DaemonSet or Job owns is replaced as soon as it is deleted or fails, from the same spec. Take it out of the controller's hands first: removing a label the controller's selector matches makes the controller let go of the pod (it keeps running, unowned) and start a replacement. If the workload itself is the attacker's, also scale the controller to zero (or delete a DaemonSet with --cascade=orphan) so nothing replaces it.".into(),
        tone: Tone::Warning,
    });
    let hostnet = host_network(cx);
    if hostnet {
        decisions.push(Decision {
            id: "kubernetes/will-a-networkpolicy-isolate-this-pod".into(),
            question: "Will a NetworkPolicy isolate this pod?".into(),
            answer: "No. The pod uses the node's network (hostNetwork: true), and NetworkPolicies do not apply to host-network pods: a quarantine policy would select it and block nothing. Isolate the node instead (the node steps below: cordon it, take its instance out of the node group's Auto Scaling group, then swap the instance's security groups), or delete the workload once its evidence is saved.".into(),
            tone: Tone::Danger,
        });
    }
    if !hostnet {
        decisions.push(Decision {
            id: "kubernetes/does-the-quarantine-cut-open-connections".into(),
            question: "Does the quarantine policy cut connections already open?".into(),
            answer: "Not necessarily: with the VPC CNI's network policy agent, a connection open before the policy applies may carry on. And the policy stops traffic, not processes: whatever runs in the pod keeps running. Deleting the pod (once its evidence is saved) is the only sure end.".into(),
            tone: Tone::Warning,
        });
    }
    let mut commands =
        vec![pod_arg(kubectl_ns(cx, "Which controller owns the pod (kind/name), if any").t(" get pod "), &w)
            .t(" -o 'jsonpath={range .metadata.ownerReferences[*]}{.kind}/{.name}{\"\\n\"}{end}'")
            .build()];
    commands.push(
        kubectl_ns(cx, "If a controller owns the pod: the labels its selector matches")
            .t(" get ")
            .output("owner", "the owner printed above, as kind/name (replicaset/web-7d9f8c6b5)")
            .t(" -o 'jsonpath={.spec.selector.matchLabels}'")
            .build(),
    );
    commands.push(
        pod_arg(kubectl_ns(cx, "If a controller owns the pod: release the pod by removing one label the selector matches (the trailing - removes it); the controller starts a replacement and no longer manages this pod").t(" label pod "), &w)
            .t(" ")
            .output("selector-key", "one key of the selector printed above (such as app); removing one is enough")
            .t("-")
            .releases(Subject::Pod)
            .build(),
    );
    let (target, target_path, target_hint) = match (w.is_pod, w.kind, w.name) {
        (false, Some(k), Some(n)) => (Some(format!("{k}/{n}")), NAME_PATH, ""),
        _ => (None, NAME_PATH, "the controller at the top, as kind/name: a ReplicaSet named <deployment>-<hash> belongs to that Deployment, so scale deployment/<deployment>"),
    };
    let is_daemonset = w.kind.is_some_and(|k| k.eq_ignore_ascii_case("daemonsets"));
    if is_daemonset {
        commands.push(
            kubectl_ns(cx, "If the DaemonSet itself is the attacker's: delete it but leave its released and quarantined pods running (a DaemonSet cannot be scaled)")
                .t(" delete daemonset ")
                .v_or(w.name, NAME_PATH, "daemonset-name", "the DaemonSet's name")
                .t(" --cascade=orphan")
                .caution("eks/daemonset-orphaned", "The DaemonSet object is deleted (its definition was saved above); with --cascade=orphan its pods keep running, unowned, until you delete them.")
                .build(),
        );
    } else {
        commands.push(
            kubectl_ns(cx, "If the workload itself is the attacker's: scale its controller to zero so nothing replaces the pod")
                .t(" scale ")
                .v_or(target.as_deref(), target_path, "controller", target_hint)
                .t(" --replicas=0")
                .destroys(Subject::Pod, "eks/scaled-to-zero", "Scaling to zero deletes every pod the controller still owns (the released pod stays): save the evidence of any other pod you suspect first.")
                .build(),
        );
    }
    if !hostnet {
        commands.push(
            pod_arg(kubectl_ns(cx, "Label the pod so the quarantine policy below selects it").t(" label pod "), &w)
                .t(" findlens-quarantine=true")
                .build(),
        );
        commands.push(
            kubectl_ns(cx, "Cut the quarantined pods off: a NetworkPolicy denying all ingress and egress (needs a network policy engine, such as the VPC CNI's network policy agent)")
                .t(" apply -f - <<'YAML'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: findlens-quarantine\nspec:\n  podSelector:\n    matchLabels:\n      findlens-quarantine: \"true\"\n  policyTypes: [Ingress, Egress]\nYAML")
                .contains(Subject::Pod)
                .build(),
        );
    }
    Step {
        id: format!("{key}/pods"),
        phase: Phase::Contain,
        title: if hostnet {
            "Take the pod from its controller (a host-network pod is isolated at the node)".into()
        } else {
            "Take the pod from its controller, then quarantine it".into()
        },
        why: if hostnet {
            "A compromised pod can reach other pods and, through its service account and the node's role, AWS resources. Its controller would replace it as soon as it is deleted, so release it first. A host-network pod shares the node's network, so its network is cut off at the node (next steps), and it keeps running for investigation.".into()
        } else {
            "A compromised pod can reach other pods and, through its service account and the node's role, AWS resources. Its controller would replace it, or undo its isolation by replacing it, so release it first; then cut its network off and keep it running for investigation.".into()
        },
        facts,
        decisions,
        commands,
    }
}

pub(super) fn remove_pods(cx: &Ctx, key: &str) -> Step {
    let w = wl(cx);
    let runtime = key == "eks-runtime";
    let description = if runtime {
        "As soon as its evidence is saved: delete the compromised pod, which ends the processes in it"
    } else {
        "After the investigation (and, for a legitimate workload, once a fixed replacement runs): delete the compromised pod"
    };
    let commands = vec![pod_arg(kubectl_ns(cx, description).t(" delete pod "), &w)
        .destroys(
            Subject::Pod,
            "kubernetes/pod-deleted",
            "The pod is deleted with its memory, its logs and its containers' writable layers, which hold any file the attacker dropped there (a miner, a script): the evidence step must have copied them out.",
        )
        .build()];
    Step {
        id: format!("{key}/remove-pods"),
        phase: Phase::Eradicate,
        title: "Delete the compromised pods".into(),
        why: if runtime {
            "The quarantine cuts the pod's network, not its processes: a miner or a backdoor keeps running, and burning the node's CPU, until the pod is gone. Once its evidence is saved, delete it; if a controller still owns pods from the same spec, scale it to zero (the quarantine step) until a fixed version is ready. Delete the quarantine policy too once no pod is left in quarantine.".into()
        } else if host_network(cx) {
            "Once its evidence is saved and the investigation needs nothing more from it, delete the compromised pod."
                .into()
        } else {
            "Once its evidence is saved and the investigation needs nothing more from it, delete the compromised pod. Delete the quarantine policy too once no pod is left in quarantine.".into()
        },
        facts: vec![fact("Workload", w.name, NAME_PATH), fact("Namespace", w.ns, NS_PATH)],
        decisions: Vec::new(),
        commands,
    }
}

pub(super) fn image(cx: &Ctx, key: &str) -> Step {
    let cs = containers(cx);
    let images: Vec<&str> = cs.iter().filter_map(|c| c.image.as_deref()).collect();
    let facts = cs
        .iter()
        .map(|c| {
            let label = format!("Container {}", c.name.as_deref().unwrap_or(""));
            fact(label.trim(), c.image.clone(), &format!("{P_WL}.containers.image"))
        })
        .collect();
    let first = images.first().copied();
    // Every image a public one (Docker Hub, a public registry): nobody's registry to clean; the
    // danger is what the pod's spec asked for.
    let public = !images.is_empty() && images.iter().all(|i| is_public_image(i));
    let mut commands = vec![kubectl(cx, "Find every pod that runs the image")
        .t(" get pods -A -o 'custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,IMAGES:.spec.containers[*].image' | grep -F ")
        .v_or(first, &format!("{P_WL}.containers.image"), "image", "the container image")
        .build()];
    if public {
        commands.push(
            kubectl(cx, "Find every pod that asks for the node's powers: privileged containers, the host's network or process namespace")
                .t(" get pods -A -o 'custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,HOSTNET:.spec.hostNetwork,HOSTPID:.spec.hostPID,PRIVILEGED:.spec.containers[*].securityContext.privileged'")
                .build(),
        );
    }
    if let Some((repo, id)) = first.and_then(ecr_image) {
        let path = format!("{P_WL}.containers.image");
        commands.push(
            cx.cmd("Record the image's digest, tags and push time with the incident record")
                .t("aws ecr describe-images --repository-name ")
                .v(&repo, &path)
                .t(" --image-ids ")
                .v(&id, &path)
                .t(" --query 'imageDetails[].[imageDigest,imageTags,imagePushedAt]'")
                .captures(Subject::Artifact)
                .build(),
        );
        commands.push(
            cx.cmd("Record the image's scan findings, if ECR scans it")
                .t("aws ecr describe-image-scan-findings --repository-name ")
                .v(&repo, &path)
                .t(" --image-id ")
                .v(&id, &path)
                .captures(Subject::Artifact)
                .build(),
        );
        commands.push(
            cx.cmd("If the image carries the threat: make the repository's tags immutable, so the tag cannot be moved onto another image or the evidence overwritten by a push")
                .t("aws ecr put-image-tag-mutability --repository-name ")
                .v(&repo, &path)
                .t(" --image-tag-mutability IMMUTABLE")
                .caution("kubernetes/tags-made-immutable", "Every push that reuses an existing tag in this repository (such as latest) now fails, until the setting is put back to MUTABLE.")
                .build(),
        );
    }
    let (title, why, decision) = if public {
        (
            "Check what the pod's spec asked for",
            "The pod runs a public image that many others use: the image is not what gave the attacker the node. The danger is the pod's spec: privileged mode, the host's namespaces, host paths mounted, a command that leaves the container. Find any other pod that asks for the same.",
            Decision {
                id: "kubernetes/is-the-spec-the-danger".into(),
                question: "Is the spec the danger, rather than the image?".into(),
                answer: "Yes, for a public image like this one: there is no registry of yours to clean. Look for other pods with privileged containers, hostPID, hostNetwork or hostPath mounts that nobody expects, and stop such specs from being admitted again (Pod Security Admission's baseline or restricted level on the namespace, or an admission policy).".into(),
                tone: Tone::Warning,
            },
        )
    } else {
        (
            "Check whether the container image is compromised",
            "If the image itself carries the malware or the backdoor, every pod started from it is compromised, and new ones will be too until the image is gone.",
            Decision {
                id: "kubernetes/is-the-image-bad".into(),
                question: "Is the image bad?".into(),
                answer: "Scan it for malware (Amazon Inspector and ECR scanning report known vulnerabilities, not malware). If it is bad: record its digest and keep the image as evidence rather than deleting it (make the repository's tags immutable, or deny pulls in the repository policy), stop using it in every workload spec, find every pod running it, save their evidence and isolate them, and rotate the credentials they held.".into(),
                tone: Tone::Warning,
            },
        )
    };
    Step {
        id: format!("{key}/image"),
        // Checking what a public image's pod asked for only scopes the incident.
        phase: if public { Phase::Understand } else { Phase::Eradicate },
        title: title.into(),
        why: why.into(),
        facts,
        decisions: vec![decision],
        commands,
    }
}

/// An image from a public registry (Docker Hub, when no registry is named): not the account's own.
fn is_public_image(image: &str) -> bool {
    let first = image.split('/').next().unwrap_or("");
    let has_registry = image.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    if !has_registry {
        return true;
    }
    [
        "docker.io",
        "registry-1.docker.io",
        "public.ecr.aws",
        "quay.io",
        "registry.k8s.io",
        "k8s.gcr.io",
        "gcr.io",
        "ghcr.io",
        "mcr.microsoft.com",
    ]
    .contains(&first)
}
