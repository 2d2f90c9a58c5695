//! `eks-audit` and `eks-runtime`: EKS Protection and Runtime Monitoring in EKS. The root cause
//! falls in one of five places (configuration, user, pods, image, node); each step below appears
//! when the finding points at its place.
//!
//! kubectl commands carry `--context` with the cluster's ARN, the context name that
//! `aws eks update-kubeconfig` creates, so they act on this cluster and no other.

use crate::finding::{Container, KubernetesUserDetails, KubernetesWorkloadDetails};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::shared::image::ecr_image;
use crate::guide::model::{Decision, Phase, Step, Tone};

const P_EKS: &str = "resource.eksClusterDetails";
const P_USER: &str = "resource.kubernetesDetails.kubernetesUserDetails";
const P_WL: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails";
const P_K8S: &str = "service.action.kubernetesApiCallAction";
const CLUSTER_HINT: &str = "the EKS cluster's name (resource.eksClusterDetails.name)";

pub fn audit_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-audit")];
    if is_configuration_type(&cx.f.finding_type) {
        steps.push(configuration(cx));
    }
    steps.push(user(cx));
    steps.extend(workload_steps(cx, "eks-audit"));
    steps
}

pub fn runtime_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-runtime"), crate::guide::shared::process::process_step(cx, "eks-runtime")];
    steps.extend(workload_steps(cx, "eks-runtime"));
    steps
}

/// Pods, image and node steps, where the finding names them.
fn workload_steps(cx: &Ctx, key: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let wl = workload(cx);
    if wl.is_some() || username(cx).is_some_and(|u| u.starts_with("system:serviceaccount:")) {
        steps.push(pods(cx, key));
    }
    if !containers(cx).is_empty() {
        steps.push(image(cx, key));
    }
    if node_name(cx).is_some() || containers(cx).iter().any(|c| privileged(c)) {
        steps.push(node(cx, key));
    }
    steps
}

fn cluster<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.f.resource.eks_cluster_details.as_ref().and_then(|e| e.name.as_deref())
}

fn cluster_arn(cx: &Ctx) -> Option<String> {
    let e = cx.f.resource.eks_cluster_details.as_ref()?;
    e.arn.clone().or_else(|| Some(cx.arn("eks", cx.region?, cx.account?, &format!("cluster/{}", e.name.as_deref()?))))
}

fn k8s_user<'f>(cx: &Ctx<'f>) -> Option<&'f KubernetesUserDetails> {
    cx.f.resource.kubernetes_details.as_ref().and_then(|k| k.kubernetes_user_details.as_ref())
}

fn username<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    k8s_user(cx).and_then(|u| u.username.as_deref())
}

fn workload<'f>(cx: &Ctx<'f>) -> Option<&'f KubernetesWorkloadDetails> {
    cx.f.resource.kubernetes_details.as_ref().and_then(|k| k.kubernetes_workload_details.as_ref())
}

fn containers<'f>(cx: &Ctx<'f>) -> Vec<&'f Container> {
    let mut v: Vec<&Container> = workload(cx).map(|w| w.containers.iter().collect()).unwrap_or_default();
    if let Some(c) = &cx.f.resource.container_details {
        v.push(c);
    }
    v
}

fn privileged(c: &Container) -> bool {
    c.security_context.as_ref().and_then(|s| s.privileged) == Some(true)
}

/// `system:node:<name>` means the node's own credentials made the call.
fn node_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    username(cx).and_then(|u| u.strip_prefix("system:node:"))
}

fn is_configuration_type(t: &str) -> bool {
    [
        "AnonymousAccessGranted",
        "ExposedDashboard",
        "AdminAccessToDefaultServiceAccount",
        "KubeflowDashboardExposed",
        "SuccessfulAnonymousAccess",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// `kubectl --context '<cluster ARN>'`.
fn kubectl(cx: &Ctx, description: &str) -> Cmd {
    let arn = cluster_arn(cx);
    cx.cmd(description).t("kubectl --context ").v_or(
        arn.as_deref(),
        &format!("{P_EKS}.arn"),
        "cluster-arn",
        "the cluster's ARN, the context name update-kubeconfig creates",
    )
}

fn identify(cx: &Ctx, key: &str) -> Step {
    let e = cx.f.resource.eks_cluster_details.as_ref();
    let mut facts = vec![
        fact("EKS cluster", cluster(cx), &format!("{P_EKS}.name")),
        fact("Cluster ARN", e.and_then(|e| e.arn.clone()), &format!("{P_EKS}.arn")),
        fact("VPC", e.and_then(|e| e.vpc_id.clone()), &format!("{P_EKS}.vpcId")),
        fact("Cluster status", e.and_then(|e| e.status.clone()), &format!("{P_EKS}.status")),
    ];
    if let Some(a) = cx.action().and_then(|a| a.kubernetes_api_call_action.as_ref()) {
        facts.push(fact(
            "Request",
            a.verb.as_ref().map(|v| format!("{} {}", v.to_uppercase(), a.request_uri.as_deref().unwrap_or(""))),
            &format!("{P_K8S}.requestUri"),
        ));
        facts.extend(some_fact("Resource", a.resource.clone(), &format!("{P_K8S}.resource")));
        facts.extend(some_fact("Subresource", a.subresource.clone(), &format!("{P_K8S}.subresource")));
        facts.extend(some_fact("Namespace", a.namespace.clone(), &format!("{P_K8S}.namespace")));
        facts.extend(some_fact("Resource name", a.resource_name.clone(), &format!("{P_K8S}.resourceName")));
        facts.extend(some_fact(
            "Source IPs",
            (!a.source_ips.is_empty()).then(|| a.source_ips.join(", ")),
            &format!("{P_K8S}.sourceIPs"),
        ));
        facts.extend(some_fact("User agent", a.user_agent.clone(), &format!("{P_K8S}.userAgent")));
        facts.extend(some_fact("HTTP status", a.status_code.map(|s| s.to_string()), &format!("{P_K8S}.statusCode")));
        facts.extend(some_fact("Parameters", a.parameters.clone(), &format!("{P_K8S}.parameters")));
    }
    if let Some(r) = cx.action().and_then(|a| a.kubernetes_role_binding_details.as_ref()) {
        facts.push(fact("Role binding", r.name.clone(), "service.action.kubernetesRoleBindingDetails.name"));
        facts.push(fact(
            "Bound role",
            r.role_ref_name.clone(),
            "service.action.kubernetesRoleBindingDetails.roleRefName",
        ));
    }
    if let Some(r) = cx.action().and_then(|a| a.kubernetes_role_details.as_ref()) {
        facts.push(fact("Role", r.name.clone(), "service.action.kubernetesRoleDetails.name"));
    }
    if let Some(p) = cx.action().and_then(|a| a.kubernetes_permission_checked_details.as_ref()) {
        facts.push(fact(
            "Permission checked",
            p.verb.as_ref().map(|v| format!("{v} {}", p.resource.as_deref().unwrap_or(""))),
            "service.action.kubernetesPermissionCheckedDetails.verb",
        ));
        facts.push(fact_bool("Allowed", p.allowed, "service.action.kubernetesPermissionCheckedDetails.allowed"));
    }
    facts.extend(cx.remote_facts().into_iter().filter(|f| f.value.is_some()));
    let mut decisions = Vec::new();
    if let Some(role) =
        cx.action().and_then(|a| a.kubernetes_role_binding_details.as_ref()).and_then(|r| r.role_ref_name.as_deref())
    {
        if role == "cluster-admin" || role == "admin" {
            decisions.push(Decision {
                question: "What did the binding grant?".into(),
                answer: format!("The {role} role: full control of the cluster (or the namespace). Treat this as High unless an administrator made it on purpose."),
                tone: Tone::Danger,
            });
        }
    }
    let commands = vec![
        cx.cmd("The cluster's endpoint access, logging and version").t("aws eks describe-cluster --name ").v_or(cluster(cx), &format!("{P_EKS}.name"), "cluster-name", CLUSTER_HINT).build(),
        cx.cmd("Add the cluster to your kubeconfig, so the kubectl commands below reach it (the context is named by the cluster's ARN)")
            .t("aws eks update-kubeconfig --name ")
            .v_or(cluster(cx), &format!("{P_EKS}.name"), "cluster-name", CLUSTER_HINT)
            
            .build(),
    ];
    Step {
        id: format!("{key}/identify"),
        phase: Phase::Understand,
        title: "Identify the cluster and what happened in it".into(),
        why: "The Kubernetes API call (or the process, for runtime findings) says which of the cluster's parts to look at: its configuration, a user, a pod, an image or a node.".into(),
        facts,
        decisions,
        commands,
    }
}

fn configuration(cx: &Ctx) -> Step {
    let binding = cx.action().and_then(|a| a.kubernetes_role_binding_details.as_ref()).and_then(|r| r.name.as_deref());
    let mut commands = vec![kubectl(cx, "List cluster role bindings that give anything to unauthenticated users")
        .t(" get clusterrolebindings -o custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name | grep -E 'system:(unauthenticated|anonymous)'")
        .build()];
    commands.push(
        kubectl(cx, "Delete the binding once you know nothing legitimate needs it")
            .t(" delete clusterrolebinding ")
            .v_or(
                binding,
                "service.action.kubernetesRoleBindingDetails.name",
                "binding-name",
                "the binding named by the command above",
            )
            .build(),
    );
    if cx.f.finding_type.contains("AdminAccessToDefaultServiceAccount") {
        let ns = cx.action().and_then(|a| a.kubernetes_api_call_action.as_ref()).and_then(|a| a.namespace.as_deref());
        commands.push(
            kubectl(cx, "Bindings that mention the namespace's default service account")
                .t(" get rolebindings,clusterrolebindings -A -o wide | grep -F ")
                .v(&format!("{}:default", ns.unwrap_or("default")), &format!("{P_K8S}.namespace"))
                .build(),
        );
    }
    Step {
        id: "eks-audit/configuration".into(),
        phase: Phase::Eradicate,
        title: "Fix the configuration that exposed the cluster".into(),
        why: "This finding type is about how the cluster is set up: anonymous access, an exposed dashboard, or admin rights on a default service account. Fixing the setting closes the door for everyone, not just for this caller.".into(),
        facts: [Some(fact("Finding type", Some(cx.f.finding_type.as_str()), "type")), some_fact("Role binding", binding, "service.action.kubernetesRoleBindingDetails.name")]
            .into_iter()
            .flatten()
            .collect(),
        decisions: vec![Decision {
            question: "Was the cluster created before Kubernetes 1.14?".into(),
            answer: "Then it may still bind system:unauthenticated to the system:discovery and system:basic-user cluster roles: upgrading does not remove those bindings. Remove them by hand unless something depends on them.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

fn user(cx: &Ctx) -> Step {
    let u = k8s_user(cx);
    let name = username(cx);
    let key = cx.key();
    let mut facts = vec![
        fact("Kubernetes user", name, &format!("{P_USER}.username")),
        fact("User ID", u.and_then(|u| u.uid.clone()), &format!("{P_USER}.uid")),
        fact("Groups", u.map(|u| u.groups.join(", ")).filter(|g| !g.is_empty()), &format!("{P_USER}.groups")),
    ];
    facts.extend(some_fact(
        "Session name",
        u.map(|u| u.session_name.join(", ")).filter(|g| !g.is_empty()),
        &format!("{P_USER}.sessionName"),
    ));
    facts.extend(some_fact(
        "Impersonated user",
        u.and_then(|u| u.impersonated_user.as_ref()).and_then(|i| i.username.clone()),
        &format!("{P_USER}.impersonatedUser.username"),
    ));
    facts.extend(some_fact(
        "IAM identity behind it",
        key.and_then(|k| k.user_name.clone()),
        "resource.accessKeyDetails.userName",
    ));
    facts.extend(some_fact(
        "IAM user type",
        key.and_then(|k| k.user_type.clone()),
        "resource.accessKeyDetails.userType",
    ));
    facts.extend(some_fact(
        "Access key ID",
        key.and_then(|k| k.access_key_id.clone()),
        "resource.accessKeyDetails.accessKeyId",
    ));
    let (answer, tone) = match name {
        Some(n) if n.starts_with("system:serviceaccount:") => (
            format!("A service account ({n}): a pod's identity. Rotate its token (delete its secrets or restart the pods that use it) and look at those pods (next step)."),
            Tone::Warning,
        ),
        Some(n) if n.starts_with("system:node:") => (
            "A node's own credentials: someone is acting as the node. Isolate and replace the node (node step).".into(),
            Tone::Danger,
        ),
        Some("system:anonymous") => ("Nobody: the request was anonymous. The fix is the cluster's configuration, not a user.".into(), Tone::Danger),
        Some("kubernetes-admin") => (
            "kubernetes-admin, the identity EKS maps to the cluster's creator. Find the IAM identity behind it (the IAM facts above): an instance role means the instance is compromised (EC2 instance guide); a user or a role a user assumed means rotating that user's keys and the secrets it could read, as for compromised credentials.".into(),
            Tone::Danger,
        ),
        Some(n) if n.contains('@') => (
            format!("{n} looks like an OIDC user. If the cluster uses an OIDC identity provider, rotate the user's credentials there, and the secrets the user could read."),
            Tone::Warning,
        ),
        Some(n) => (
            format!("{n} is mapped from IAM (the aws-auth ConfigMap or an access entry). Remove the mapping if the IAM identity is compromised, then rotate its keys and the secrets it could read."),
            Tone::Warning,
        ),
        None => ("The finding names no Kubernetes user.".into(), Tone::Info),
    };
    let mut decisions = vec![Decision { question: "Who is this user?".into(), answer, tone }];
    if key.is_none() && name.is_some_and(|n| !n.starts_with("system:")) {
        decisions.push(Decision {
            question: "Is there an IAM identity behind the user?".into(),
            answer:
                "The finding has no IAM access key details, which usually means a service account or a non-IAM user."
                    .into(),
            tone: Tone::Info,
        });
    }
    let c = cluster(cx);
    let cp = format!("{P_EKS}.name");
    let commands = vec![
        cx.cmd("Whether an OIDC identity provider is configured for the cluster")
            .t("aws eks list-identity-provider-configs --cluster-name ")
            .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
            
            .build(),
        cx.cmd("IAM principals with access entries to the cluster")
            .t("aws eks list-access-entries --cluster-name ")
            .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
            
            .build(),
        kubectl(cx, "IAM users and roles mapped in the aws-auth ConfigMap (older clusters)")
            .t(" -n kube-system get configmap aws-auth -o yaml")
            .build(),
        cx.cmd("Remove a compromised IAM principal's access entry")
            .t("aws eks delete-access-entry --cluster-name ")
            .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
            .t(" --principal-arn ")
            .missing("principal-arn", "the IAM principal's ARN, from list-access-entries")
            
            .build(),
    ];
    Step {
        id: "eks-audit/user".into(),
        phase: Phase::Contain,
        title: "Decide whether the Kubernetes user is compromised".into(),
        why: "An API call nobody expected means its user's credentials are in the wrong hands; what to rotate depends on what kind of user it is.".into(),
        facts,
        decisions,
        commands,
    }
}

fn pods(cx: &Ctx, key: &str) -> Step {
    let w = workload(cx);
    let ns = w.and_then(|w| w.namespace.as_deref());
    let name = w.and_then(|w| w.name.as_deref());
    let kind = w.and_then(|w| w.workload_type.as_deref());
    let mut facts = vec![
        fact("Workload", name, &format!("{P_WL}.name")),
        fact("Workload type", kind, &format!("{P_WL}.type")),
        fact("Namespace", ns, &format!("{P_WL}.namespace")),
        fact("Service account", w.and_then(|w| w.service_account_name.clone()), &format!("{P_WL}.serviceAccountName")),
    ];
    facts.extend(some_fact("UID", w.and_then(|w| w.uid.clone()), &format!("{P_WL}.uid")));
    for (label, v, field) in [
        ("Host network", w.and_then(|w| w.host_network), "hostNetwork"),
        ("Host PID namespace", w.and_then(|w| w.host_pid), "hostPID"),
        ("Host IPC namespace", w.and_then(|w| w.host_ipc), "hostIPC"),
    ] {
        if v == Some(true) {
            facts.push(fact_bool(label, v, &format!("{P_WL}.{field}")));
        }
    }
    let host_paths: Vec<&str> = w
        .map(|w| w.volumes.iter().filter_map(|v| v.host_path.as_ref().and_then(|h| h.path.as_deref())).collect())
        .unwrap_or_default();
    facts.extend(some_fact(
        "Host paths mounted",
        (!host_paths.is_empty()).then(|| host_paths.join(", ")),
        &format!("{P_WL}.volumes.hostPath.path"),
    ));
    let is_pod = kind.is_some_and(|k| k.eq_ignore_ascii_case("pods") || k.eq_ignore_ascii_case("pod"));
    let decisions = vec![Decision {
        question: "How many pods are affected?".into(),
        answer: match (is_pod, kind) {
            (true, _) => "One pod: the one named above.".into(),
            (false, Some(k)) => format!("Every pod of the {k} named above: assume all of them are compromised."),
            (false, None) => "The finding names a service account, not a workload: every pod running as that service account is suspect.".into(),
        },
        tone: Tone::Warning,
    }];
    let ns_path = format!("{P_WL}.namespace");
    let mut commands = Vec::new();
    if is_pod {
        commands.push(
            kubectl(cx, "Label the pod so the quarantine policy below selects it")
                .t(" -n ")
                .v_or(ns, &ns_path, "namespace", "the pod's namespace")
                .t(" label pod ")
                .v_or(name, &format!("{P_WL}.name"), "pod-name", "the pod's name")
                .t(" findlens-quarantine=true")
                .build(),
        );
    }
    commands.push(
        kubectl(cx, "Cut the quarantined pods off: a NetworkPolicy denying all ingress and egress (needs a network policy engine, such as the VPC CNI's)")
            .t(" -n ")
            .v_or(ns, &ns_path, "namespace", "the workload's namespace")
            .t(" apply -f - <<'YAML'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: findlens-quarantine\nspec:\n  podSelector:\n    matchLabels:\n      findlens-quarantine: \"true\"\n  policyTypes: [Ingress, Egress]\nYAML")
            .build(),
    );
    commands.push(
        kubectl(cx, "After fixed replacements run: delete the compromised pod")
            .t(" -n ")
            .v_or(ns, &ns_path, "namespace", "the pod's namespace")
            .t(" delete pod ")
            .v_or(
                if is_pod { name } else { None },
                &format!("{P_WL}.name"),
                "pod-name",
                "each compromised pod's name (kubectl get pods)",
            )
            .build(),
    );
    Step {
        id: format!("{key}/pods"),
        phase: Phase::Contain,
        title: "Isolate the compromised pods and replace them".into(),
        why: "A compromised pod can reach other pods and, through its service account and the node's role, AWS resources. Cut its network off, find the vulnerability, run fixed replacements, then delete it.".into(),
        facts,
        decisions,
        commands,
    }
}

fn image(cx: &Ctx, key: &str) -> Step {
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
    let mut commands = vec![kubectl(cx, "Find every pod that runs the image")
        .t(" get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,IMAGES:.spec.containers[*].image | grep -F ")
        .v_or(first, &format!("{P_WL}.containers.image"), "image", "the container image")
        .build()];
    if let Some((repo, id)) = first.and_then(ecr_image) {
        commands.push(
            cx.cmd("Remove the image from its ECR repository once nothing needs it")
                .t("aws ecr batch-delete-image --repository-name ")
                .v(&repo, &format!("{P_WL}.containers.image"))
                .t(" --image-ids ")
                .v(&id, &format!("{P_WL}.containers.image"))
                
                .build(),
        );
    }
    Step {
        id: format!("{key}/image"),
        phase: Phase::Eradicate,
        title: "Check whether the container image is compromised".into(),
        why: "If the image itself carries the malware or the backdoor, every pod started from it is compromised, and new ones will be too until the image is gone.".into(),
        facts,
        decisions: vec![Decision {
            question: "Is the image bad?".into(),
            answer: "Scan it (Amazon Inspector or your scanner). If it is: stop using it, remove it from the registry, find every pod running it, isolate them, rotate the credentials they held, gather what you need, then delete them.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

fn node(cx: &Ctx, key: &str) -> Step {
    let node = node_name(cx);
    let privileged_names: Vec<&str> =
        containers(cx).into_iter().filter(|c| privileged(c)).filter_map(|c| c.name.as_deref()).collect();
    let mut facts: Vec<_> = some_fact("Node", node, &format!("{P_USER}.username")).into_iter().collect();
    facts.extend(some_fact(
        "Privileged containers",
        (!privileged_names.is_empty()).then(|| privileged_names.join(", ")),
        &format!("{P_WL}.containers.securityContext.privileged"),
    ));
    let node_hint = "the node's name (kubectl get pod <pod> -o wide)";
    let commands = vec![
        kubectl(cx, "Stop new pods from being scheduled on the node")
            .t(" cordon ")
            .v_or(node, &format!("{P_USER}.username"), "node-name", node_hint)
            .build(),
        kubectl(cx, "Move its workloads elsewhere")
            .t(" drain ")
            .v_or(node, &format!("{P_USER}.username"), "node-name", node_hint)
            .t(" --ignore-daemonsets --delete-emptydir-data")
            .build(),
        cx.cmd("Find the node's EC2 instance (node names are private DNS names)")
            .t("aws ec2 describe-instances --filters ")
            .v_or(
                node.map(|n| format!("Name=private-dns-name,Values={n}")).as_deref(),
                &format!("{P_USER}.username"),
                "node-filter",
                "Name=private-dns-name,Values=<node-name>",
            )
            .t(" --query 'Reservations[].Instances[].InstanceId'")
            
            .build(),
        cx.cmd("After snapshots are taken: terminate the node's instance")
            .t("aws ec2 terminate-instances --instance-ids ")
            .missing("node-instance-id", "printed by the describe-instances command above")
            
            .build(),
    ];
    Step {
        id: format!("{key}/node"),
        phase: Phase::Eradicate,
        title: "Treat the node as compromised".into(),
        why: "A privileged container, or a call made with the node's own credentials, means the attacker may control the node and every pod on it.".into(),
        facts,
        decisions: vec![Decision {
            question: "What else ran on the node?".into(),
            answer: "Review, and if needed rotate, the service accounts of every pod that ran on it; isolate the pod, collect forensics, then replace the node.".into(),
            tone: Tone::Danger,
        }],
        commands,
    }
}

#[cfg(test)]
mod tests {
    use super::ecr_image;

    #[test]
    fn ecr_images() {
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2"),
            Some(("web".into(), "imageTag=1.2".into()))
        );
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/team/web"),
            Some(("team/web".into(), "imageTag=latest".into()))
        );
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:ab"),
            Some(("web".into(), "imageDigest=sha256:ab".into()))
        );
        assert_eq!(ecr_image("nginx:latest"), None);
    }
}
