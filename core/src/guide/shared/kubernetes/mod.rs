//! What `eks-audit` and `eks-runtime` share: the cluster and the workload the finding names, the
//! identify step, and the pods, image and node steps. The root cause falls in one of five places
//! (configuration, user, pods, image, node); each step appears when the finding points at its
//! place.
//!
//! kubectl commands carry `--context` with the cluster's ARN, the context name that
//! `aws eks update-kubeconfig` creates, so they act on this cluster and no other.

mod nodes;
mod pods;

use crate::finding::{Container, KubernetesUserDetails, KubernetesWorkloadDetails};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};

pub const P_EKS: &str = "resource.eksClusterDetails";
pub const P_USER: &str = "resource.kubernetesDetails.kubernetesUserDetails";
pub const P_WL: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails";
pub const P_K8S: &str = "service.action.kubernetesApiCallAction";
pub const CLUSTER_HINT: &str = "the EKS cluster's name (resource.eksClusterDetails.name)";

/// Pods, node and image steps, where the finding names them: evidence first, then the controller,
/// then containment; deletion last. `pod_credentials` is the scenario's step revoking the AWS
/// credentials the pods held, when it has one; it follows the pods' containment.
pub fn workload_steps(cx: &Ctx, key: &str, pod_credentials: Option<fn(&Ctx, &str) -> Step>) -> Vec<Step> {
    let mut steps = Vec::new();
    let has_pods = workload(cx).is_some() || username(cx).is_some_and(|u| u.starts_with("system:serviceaccount:"));
    let has_node = node_at_risk(cx, key);
    if has_pods {
        steps.push(pods::pod_evidence(cx, key));
        steps.push(pods::pods(cx, key));
        if let Some(pod_credentials) = pod_credentials {
            steps.push(pod_credentials(cx, key));
        }
    }
    if has_node {
        steps.push(nodes::node_evidence(cx, key));
        steps.push(nodes::node(cx, key));
    }
    if !containers(cx).is_empty() {
        steps.push(pods::image(cx, key));
    }
    if has_pods {
        steps.push(pods::remove_pods(cx, key));
    }
    if has_node {
        steps.push(nodes::replace_node(cx, key));
    }
    steps
}

/// Whether the node itself may be in the attacker's hands: its own credentials made the call, a
/// container is privileged, the pod shares the node's network, or (at runtime) the finding is an
/// escalation out of the container.
fn node_at_risk(cx: &Ctx, key: &str) -> bool {
    username(cx).is_some_and(|u| u.starts_with("system:node:"))
        || containers(cx).iter().any(|c| privileged(c))
        || host_network(cx)
        || (key == "eks-runtime" && cx.ty().is_some_and(|t| t.threat_purpose == "PrivilegeEscalation"))
}

pub fn cluster<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.f.resource.eks_cluster_details.as_ref().and_then(|e| e.name.as_deref())
}

fn cluster_arn(cx: &Ctx) -> Option<String> {
    let e = cx.f.resource.eks_cluster_details.as_ref()?;
    e.arn.clone().or_else(|| Some(cx.arn("eks", cx.region?, cx.account?, &format!("cluster/{}", e.name.as_deref()?))))
}

pub fn k8s_user<'f>(cx: &Ctx<'f>) -> Option<&'f KubernetesUserDetails> {
    cx.f.resource.kubernetes_details.as_ref().and_then(|k| k.kubernetes_user_details.as_ref())
}

pub fn username<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    k8s_user(cx).and_then(|u| u.username.as_deref())
}

pub fn workload<'f>(cx: &Ctx<'f>) -> Option<&'f KubernetesWorkloadDetails> {
    cx.f.resource.kubernetes_details.as_ref().and_then(|k| k.kubernetes_workload_details.as_ref())
}

/// The containers the finding names, each once: the workload's list and `containerDetails` often
/// name the same container (matched by ID, else by name and image).
fn containers<'f>(cx: &Ctx<'f>) -> Vec<&'f Container> {
    let mut v: Vec<&Container> = Vec::new();
    let listed = workload(cx).map(|w| w.containers.iter()).into_iter().flatten();
    for c in listed.chain(cx.f.resource.container_details.as_ref()) {
        if !v.iter().any(|seen| same_container(seen, c)) {
            v.push(c);
        }
    }
    v
}

fn same_container(a: &Container, b: &Container) -> bool {
    match (a.id.as_deref(), b.id.as_deref()) {
        (Some(x), Some(y)) => x == y,
        _ => a.name.is_some() && a.name == b.name && a.image == b.image,
    }
}

fn privileged(c: &Container) -> bool {
    c.security_context.as_ref().and_then(|s| s.privileged) == Some(true)
}

/// The pod shares the node's network namespace: NetworkPolicies do not apply to it.
fn host_network(cx: &Ctx) -> bool {
    workload(cx).and_then(|w| w.host_network) == Some(true)
}

/// The node's name, with the wire path it came from: `system:node:<name>` means the node's own
/// credentials made the call; a runtime finding names the node's instance, whose private DNS name
/// is the node's name on EKS unless the node group overrides it.
fn node_name<'f>(cx: &Ctx<'f>) -> Option<(&'f str, &'static str)> {
    if let Some(n) = username(cx).and_then(|u| u.strip_prefix("system:node:")) {
        return Some((n, "resource.kubernetesDetails.kubernetesUserDetails.username"));
    }
    cx.instance()
        .and_then(|i| i.network_interfaces.iter().find_map(|n| n.private_dns_name.as_deref()))
        .filter(|n| !n.is_empty())
        .map(|n| (n, "resource.instanceDetails.networkInterfaces.privateDnsName"))
}

/// `kubectl --context '<cluster ARN>'`.
pub fn kubectl(cx: &Ctx, description: &str) -> Cmd {
    let arn = cluster_arn(cx);
    cx.cmd(description).t("kubectl --context ").v_or(
        arn.as_deref(),
        &format!("{P_EKS}.arn"),
        "cluster-arn",
        "the cluster's ARN, the context name update-kubeconfig creates",
    )
}

pub fn identify(cx: &Ctx, key: &str) -> Step {
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
                id: "kubernetes/what-did-the-binding-grant".into(),
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

/// The workload the finding names: its namespace, name, kind, and whether it is a single pod.
pub struct Wl<'f> {
    pub ns: Option<&'f str>,
    pub name: Option<&'f str>,
    pub kind: Option<&'f str>,
    pub is_pod: bool,
}

pub fn wl<'f>(cx: &Ctx<'f>) -> Wl<'f> {
    let w = workload(cx);
    let kind = w.and_then(|w| w.workload_type.as_deref());
    Wl {
        ns: w.and_then(|w| w.namespace.as_deref()),
        name: w.and_then(|w| w.name.as_deref()),
        kind,
        is_pod: kind.is_some_and(|k| k.eq_ignore_ascii_case("pods") || k.eq_ignore_ascii_case("pod")),
    }
}

pub const NS_PATH: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails.namespace";
const NAME_PATH: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails.name";
const POD_HINT: &str = "each compromised pod's name (kubectl get pods -o wide lists them with their nodes)";

/// `kubectl --context '<arn>' -n '<namespace>'`.
pub fn kubectl_ns(cx: &Ctx, description: &str) -> Cmd {
    let w = wl(cx);
    kubectl(cx, description).t(" -n ").v_or(w.ns, NS_PATH, "namespace", "the workload's namespace")
}

/// The pod's name when the finding names a single pod, else a blank per pod.
fn pod_arg(cmd: Cmd, w: &Wl) -> Cmd {
    cmd.v_or(if w.is_pod { w.name } else { None }, NAME_PATH, "pod-name", POD_HINT)
}
