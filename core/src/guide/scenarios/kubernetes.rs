//! `eks-audit` and `eks-runtime`: EKS Protection and Runtime Monitoring in EKS. The root cause
//! falls in one of five places (configuration, user, pods, image, node); each step below appears
//! when the finding points at its place.
//!
//! kubectl commands carry `--context` with the cluster's ARN, the context name that
//! `aws eks update-kubeconfig` creates, so they act on this cluster and no other.

use crate::finding::{Container, KubernetesUserDetails, KubernetesWorkloadDetails};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::image::ecr_image;
use crate::guide::shared::keys;
use crate::guide::shared::network::{check_isolation_group, isolation_group, nacl_deny, Subnet, Vpc, GROUP_ID_HINT};

const P_EKS: &str = "resource.eksClusterDetails";
const P_USER: &str = "resource.kubernetesDetails.kubernetesUserDetails";
const P_WL: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails";
const P_K8S: &str = "service.action.kubernetesApiCallAction";
const CLUSTER_HINT: &str = "the EKS cluster's name (resource.eksClusterDetails.name)";

pub fn audit_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-audit")];
    if is_configuration_type(cx) {
        steps.push(configuration(cx));
    }
    steps.push(user(cx));
    if let Some(revoke) = revoke_user(cx) {
        steps.push(revoke);
    }
    steps.extend(workload_steps(cx, "eks-audit"));
    steps
}

pub fn runtime_steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-runtime"), crate::guide::shared::process::process_step(cx, "eks-runtime")];
    steps.extend(workload_steps(cx, "eks-runtime"));
    steps
}

/// Pods, node and image steps, where the finding names them: evidence first, then the controller,
/// then containment; deletion last.
fn workload_steps(cx: &Ctx, key: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let has_pods = workload(cx).is_some() || username(cx).is_some_and(|u| u.starts_with("system:serviceaccount:"));
    let has_node = node_at_risk(cx, key);
    if has_pods {
        steps.push(pod_evidence(cx, key));
        steps.push(pods(cx, key));
        if key == "eks-runtime" {
            steps.push(pod_credentials(cx, key));
        }
    }
    if has_node {
        steps.push(node_evidence(cx, key));
        steps.push(node(cx, key));
    }
    if !containers(cx).is_empty() {
        steps.push(image(cx, key));
    }
    if has_pods {
        steps.push(remove_pods(cx, key));
    }
    if has_node {
        steps.push(replace_node(cx, key));
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

/// Configuration findings: the cluster's setup let the activity happen (read from the type's
/// family, never from substrings of its name).
fn is_configuration_type(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| {
        [
            "AnonymousAccessGranted",
            "ExposedDashboard",
            "AdminAccessToDefaultServiceAccount",
            "KubeflowDashboardExposed",
            "SuccessfulAnonymousAccess",
        ]
        .iter()
        .any(|f| t.family_is(f))
    })
}

/// The IAM identity behind the Kubernetes user, by what can cut it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IamKind {
    /// A role session (`ASIA…` with user type AssumedRole, or an AWS IAM Authenticator uid that
    /// names a role ID, `AROA…`): it has no keys; its sessions are revoked.
    Role,
    /// An IAM user's long-term key (`AKIA…`): deactivated.
    UserKey,
    /// An IAM user's temporary credential (`ASIA…` with user type IAMUser).
    UserSession,
    /// The account's root user.
    Root,
    /// Nothing in the finding says.
    Unknown,
}

fn iam_kind(cx: &Ctx) -> IamKind {
    let key = cx.key();
    let user_type = key.and_then(|k| k.user_type.as_deref()).unwrap_or("");
    let key_id = key.and_then(|k| k.access_key_id.as_deref()).unwrap_or("");
    if user_type.eq_ignore_ascii_case("Root") {
        IamKind::Root
    } else if user_type.eq_ignore_ascii_case("AssumedRole") || user_type.eq_ignore_ascii_case("Role") {
        IamKind::Role
    } else if key_id.starts_with("AKIA") {
        IamKind::UserKey
    } else if key_id.starts_with("ASIA") && user_type.eq_ignore_ascii_case("IAMUser") {
        IamKind::UserSession
    } else if key_id.starts_with("ASIA") || role_id(cx).is_some() {
        IamKind::Role
    } else {
        IamKind::Unknown
    }
}

/// The role ID (`AROA…`) in the authenticator's uid or the key's principal ID, with its path.
fn role_id<'f>(cx: &Ctx<'f>) -> Option<(&'f str, &'static str)> {
    let from_uid = k8s_user(cx)
        .and_then(|u| u.uid.as_deref())
        .and_then(|uid| uid.rsplit(':').next())
        .filter(|id| id.starts_with("AROA"))
        .map(|id| (id, "resource.kubernetesDetails.kubernetesUserDetails.uid"));
    from_uid.or_else(|| {
        cx.key()
            .and_then(|k| k.principal_id.as_deref())
            .and_then(|p| p.split(':').next())
            .filter(|id| id.starts_with("AROA"))
            .map(|id| (id, "resource.accessKeyDetails.principalId"))
    })
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

fn configuration(cx: &Ctx) -> Step {
    let binding = cx.action().and_then(|a| a.kubernetes_role_binding_details.as_ref()).and_then(|r| r.name.as_deref());
    let binding_path = "service.action.kubernetesRoleBindingDetails.name";
    let binding_hint = "the binding named by the command above";
    let mut commands = vec![kubectl(cx, "List cluster role bindings that give anything to unauthenticated users")
        .t(" get clusterrolebindings -o 'custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name' | grep -E 'system:(unauthenticated|anonymous)'")
        .build()];
    // The ops table counts every `kubectl delete` as destroying a Kubernetes object of the Pod kind;
    // the object's saved definition is its evidence, as a pod's spec is.
    commands.push(
        kubectl(cx, "Save the binding's definition (who it granted what) with the incident record before deleting it")
            .t(" get clusterrolebinding ")
            .v_or(binding, binding_path, "binding-name", binding_hint)
            .t(" -o yaml > clusterrolebinding.yaml")
            .captures(Subject::Pod)
            .build(),
    );
    commands.push(
        kubectl(cx, "Delete the binding once you know nothing legitimate needs it")
            .t(" delete clusterrolebinding ")
            .v_or(binding, binding_path, "binding-name", binding_hint)
            .caution("eks-audit/binding-deleted", "The binding is deleted: whatever legitimately relied on it loses that access. The saved YAML recreates it (kubectl apply -f clusterrolebinding.yaml).")
            .build(),
    );
    if cx.ty().is_some_and(|t| t.family_is("AdminAccessToDefaultServiceAccount")) {
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
            id: "kubernetes/was-the-cluster-created-before-kubernetes-1-14".into(),
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
            "kubernetes-admin, the identity EKS maps to the cluster's creator. Find the IAM identity behind it (the IAM facts above): an instance role means the instance is compromised (EC2 instance guide); an IAM user or a role means cutting off its credentials (the next step) and rotating the secrets it could read.".into(),
            Tone::Danger,
        ),
        Some(n) if n.contains('@') => (
            format!("{n} looks like an OIDC user. If the cluster uses an OIDC identity provider, rotate the user's credentials there, and the secrets the user could read."),
            Tone::Warning,
        ),
        Some(n) => (
            format!("{n} is mapped from IAM (the aws-auth ConfigMap or an access entry). If the IAM identity is compromised, remove the mapping and cut off its credentials (the next step), and rotate the secrets it could read."),
            Tone::Warning,
        ),
        None => ("The finding names no Kubernetes user.".into(), Tone::Info),
    };
    let mut decisions =
        vec![Decision { id: "kubernetes/who-is-this-user".into(), question: "Who is this user?".into(), answer, tone }];
    if key.is_none() && role_id(cx).is_none() && name.is_some_and(|n| !n.starts_with("system:")) {
        decisions.push(Decision {
            id: "kubernetes/is-there-an-iam-identity-behind-the-user".into(),
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
    ];
    Step {
        id: "eks-audit/user".into(),
        phase: Phase::Understand,
        title: "Decide whether the Kubernetes user is compromised".into(),
        why: "An API call nobody expected means its user's credentials are in the wrong hands; what to cut off depends on what kind of user it is. Find how the user reaches the cluster (an access entry, the aws-auth ConfigMap, an OIDC provider) before the next step removes it.".into(),
        facts,
        decisions,
        commands,
    }
}

/// A user mapped from IAM (not a service account, a node, an anonymous or an OIDC user).
fn iam_mapped(cx: &Ctx) -> bool {
    match username(cx) {
        Some(n) => !n.starts_with("system:") && !n.contains('@'),
        None => cx.key().is_some(),
    }
}

/// Cut the user off: its mapping (saved first), its IAM credentials, and, when the call came from
/// the internet, the cluster's public endpoint.
fn revoke_user(cx: &Ctx) -> Option<Step> {
    let c = cluster(cx);
    let cp = format!("{P_EKS}.name");
    let mut commands = Vec::new();
    let mut decisions = Vec::new();
    if iam_mapped(cx) {
        commands.extend([
            kubectl(cx, "Save the aws-auth ConfigMap with the incident record before changing it (older clusters; nothing is printed if the cluster has none)")
                .t(" -n kube-system get configmap aws-auth -o yaml > aws-auth.yaml")
                .build(),
            kubectl(cx, "If the user is mapped there: apply a copy of the saved ConfigMap with the user's mapping removed (under mapRoles or mapUsers)")
                .t(" -n kube-system apply -f ")
                .choose("aws-auth-fixed.yaml", "your edited copy of aws-auth.yaml, without the compromised mapping")
                .build(),
            cx.cmd("If the user has an access entry: save it with the incident record")
                .t("aws eks describe-access-entry --cluster-name ")
                .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
                .t(" --principal-arn ")
                .missing("principal-arn", "the IAM principal's ARN, from list-access-entries")
                .build(),
            cx.cmd("Save the access policies associated with the entry")
                .t("aws eks list-associated-access-policies --cluster-name ")
                .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
                .t(" --principal-arn ")
                .missing("principal-arn", "the IAM principal's ARN, from list-access-entries")
                .build(),
            cx.cmd("Remove the compromised IAM principal's access entry")
                .t("aws eks delete-access-entry --cluster-name ")
                .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
                .t(" --principal-arn ")
                .missing("principal-arn", "the IAM principal's ARN, from list-access-entries")
                .build(),
        ]);
    }
    let (decision, more) = cut_off_iam(cx);
    decisions.extend(decision);
    commands.extend(more);
    let from_internet = cx
        .action()
        .and_then(|a| a.kubernetes_api_call_action.as_ref())
        .is_some_and(|a| a.source_ips.iter().any(|ip| is_public_ip(ip)));
    if from_internet {
        commands.push(
            cx.cmd("Restrict the cluster's public endpoint to your own networks, and keep the private endpoint on so the nodes still reach the API server")
                .t("aws eks update-cluster-config --name ")
                .v_or(c, &cp, "cluster-name", CLUSTER_HINT)
                .t(" --resources-vpc-config 'endpointPublicAccess=true,publicAccessCidrs=")
                .choose("allowed-cidrs", "your administrators' and pipelines' public CIDRs in brackets, as [203.0.113.0/24,198.51.100.7/32]; the quotes around the whole value keep the shell from reading the brackets")
                .t(",endpointPrivateAccess=true'")
                .caution("eks-audit/endpoint-restricted", "Every client outside the CIDRs you list loses the Kubernetes API: administrators, CI/CD pipelines, and anything else that reaches the public endpoint. Note the current values (describe-cluster, resourcesVpcConfig) to restore them; the update takes several minutes.")
                .build(),
        );
        decisions.push(Decision {
            id: "kubernetes/should-the-public-endpoint-stay-open".into(),
            question: "Should the API endpoint stay open to the internet?".into(),
            answer: "The call came from an address on the internet, so the cluster's API endpoint is public. Revoking the user stops these credentials; restricting the endpoint to your own networks stops the next stolen ones from being used from anywhere else.".into(),
            tone: Tone::Warning,
        });
    }
    if commands.is_empty() {
        return None;
    }
    Some(Step {
        id: "eks-audit/revoke-user".into(),
        phase: Phase::Contain,
        title: "Cut the user off".into(),
        why: "Removing the user's mapping takes its access to the cluster away; revoking its IAM credentials stops them being used anywhere in AWS. Save what you remove, so it can be restored if the user turns out to be legitimate.".into(),
        facts: vec![fact("Kubernetes user", username(cx), &format!("{P_USER}.username"))],
        decisions,
        commands,
    })
}

/// An address outside the private, loopback and link-local ranges.
fn is_public_ip(ip: &str) -> bool {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        Ok(std::net::IpAddr::V6(v6)) => {
            !(v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
        Err(_) => false,
    }
}

/// How to cut off the IAM identity behind the Kubernetes user, by its kind: a role's sessions are
/// revoked (a role has no keys), an IAM user's long-term key is deactivated.
fn cut_off_iam(cx: &Ctx) -> (Option<Decision>, Vec<crate::guide::model::Command>) {
    let name = cx.key().and_then(|k| k.user_name.as_deref());
    let name_path = "resource.accessKeyDetails.userName";
    let key_id = cx.key().and_then(|k| k.access_key_id.as_deref());
    let key_path = "resource.accessKeyDetails.accessKeyId";
    let question = "How do you cut off the IAM identity behind the user?";
    let mut commands = Vec::new();
    let decision = match iam_kind(cx) {
        IamKind::Role => {
            if name.is_none() {
                if let Some((id, path)) = role_id(cx) {
                    commands.push(
                        cx.cmd("Find the role's name from its role ID (the AROA… part of the user ID)")
                            .t("aws iam list-roles --query ")
                            .v(&format!("Roles[?RoleId=='{id}'].RoleName"), path)
                            .build(),
                    );
                }
            }
            let role = name.map(|n| (n, name_path));
            commands.push(if role.is_none() && role_id(cx).is_some() {
                keys::revoke_printed_role_sessions(cx, None, "the RoleName that list-roles printed above")
            } else {
                keys::revoke_role_sessions(cx, role, "the IAM role's name")
            });
            Decision {
                id: "kubernetes/how-do-you-cut-off-the-iam-identity".into(),
                question: question.into(),
                answer: "It is a role session (a temporary ASIA… credential, or a role ID in the user ID). A role has no keys to rotate: revoke its sessions, which denies everything to every session issued before now. New sessions still work, so also fix whatever handed the session out (a CI job, an instance, a person's federation), or it will leak again.".into(),
                tone: Tone::Warning,
            }
        }
        IamKind::UserKey => {
            commands.push(
                cx.cmd("Deactivate the IAM user's access key (reversible; the credentials guide covers replacing it)")
                    .t("aws iam update-access-key --user-name ")
                    .v_or(name, name_path, "user-name", "the IAM user's name")
                    .t(" --access-key-id ")
                    .v_or(key_id, key_path, "access-key-id", "the access key's ID")
                    .t(" --status Inactive")
                    .build(),
            );
            Decision {
                id: "kubernetes/how-do-you-cut-off-the-iam-identity".into(),
                question: question.into(),
                answer: "It is an IAM user's long-term access key (AKIA…): deactivate it now, and give the owner a new one once the incident allows.".into(),
                tone: Tone::Warning,
            }
        }
        IamKind::UserSession => {
            commands.push(keys::revoke_user_sessions(cx));
            commands.push(
                cx.cmd("List the user's long-term keys, which were used to get the session: deactivate them too")
                    .t("aws iam list-access-keys --user-name ")
                    .v_or(name, name_path, "user-name", "the IAM user's name")
                    .build(),
            );
            Decision {
                id: "kubernetes/how-do-you-cut-off-the-iam-identity".into(),
                question: question.into(),
                answer: "It is an IAM user's temporary credential (ASIA…): it cannot be deactivated and expires on its own. Deny the user's older sessions with an inline policy, and deactivate the long-term keys it was obtained with.".into(),
                tone: Tone::Warning,
            }
        }
        IamKind::Root => Decision {
            id: "kubernetes/how-do-you-cut-off-the-iam-identity".into(),
            question: question.into(),
            answer: "It is the account's root user: follow the credentials guide (change the password, turn on MFA, delete any root access keys).".into(),
            tone: Tone::Danger,
        },
        IamKind::Unknown => return (None, commands),
    };
    (Some(decision), commands)
}

/// The workload the finding names: its namespace, name, kind, and whether it is a single pod.
struct Wl<'f> {
    ns: Option<&'f str>,
    name: Option<&'f str>,
    kind: Option<&'f str>,
    is_pod: bool,
}

fn wl<'f>(cx: &Ctx<'f>) -> Wl<'f> {
    let w = workload(cx);
    let kind = w.and_then(|w| w.workload_type.as_deref());
    Wl {
        ns: w.and_then(|w| w.namespace.as_deref()),
        name: w.and_then(|w| w.name.as_deref()),
        kind,
        is_pod: kind.is_some_and(|k| k.eq_ignore_ascii_case("pods") || k.eq_ignore_ascii_case("pod")),
    }
}

const NS_PATH: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails.namespace";
const NAME_PATH: &str = "resource.kubernetesDetails.kubernetesWorkloadDetails.name";
const POD_HINT: &str = "each compromised pod's name (kubectl get pods -o wide lists them with their nodes)";

/// `kubectl --context '<arn>' -n '<namespace>'`.
fn kubectl_ns(cx: &Ctx, description: &str) -> Cmd {
    let w = wl(cx);
    kubectl(cx, description).t(" -n ").v_or(w.ns, NS_PATH, "namespace", "the workload's namespace")
}

/// The pod's name when the finding names a single pod, else a blank per pod.
fn pod_arg(cmd: Cmd, w: &Wl) -> Cmd {
    cmd.v_or(if w.is_pod { w.name } else { None }, NAME_PATH, "pod-name", POD_HINT)
}

fn pod_evidence(cx: &Ctx, key: &str) -> Step {
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

fn pods(cx: &Ctx, key: &str) -> Step {
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

fn remove_pods(cx: &Ctx, key: &str) -> Step {
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

/// The AWS credentials the pod held: its service account's IAM role (IRSA or EKS Pod Identity),
/// whose sessions are revoked; and the node's role, if the pod could reach it.
fn pod_credentials(cx: &Ctx, key: &str) -> Step {
    let w = wl(cx);
    let sa = workload(cx).and_then(|w| w.service_account_name.as_deref());
    let sa_path = format!("{P_WL}.serviceAccountName");
    let sa_hint = "the pod's service account (spec.serviceAccountName in the saved pod spec)";
    let c = cluster(cx);
    let commands = vec![
        kubectl_ns(cx, "The IAM role the service account is annotated with (IAM roles for service accounts); nothing printed means none")
            .t(" get serviceaccount ")
            .v_or(sa, &sa_path, "service-account", sa_hint)
            .t(" -o 'jsonpath={.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'")
            .build(),
        cx.cmd("The EKS Pod Identity associations of the service account; nothing listed means none")
            .t("aws eks list-pod-identity-associations --cluster-name ")
            .v_or(c, &format!("{P_EKS}.name"), "cluster-name", CLUSTER_HINT)
            .t(" --namespace ")
            .v_or(w.ns, NS_PATH, "namespace", "the workload's namespace")
            .t(" --service-account ")
            .v_or(sa, &sa_path, "service-account", sa_hint)
            .build(),
        cx.cmd("The IAM role of a Pod Identity association listed above")
            .t("aws eks describe-pod-identity-association --cluster-name ")
            .v_or(c, &format!("{P_EKS}.name"), "cluster-name", CLUSTER_HINT)
            .t(" --association-id ")
            .output("association-id", "the associationId printed by list-pod-identity-associations")
            .t(" --query 'association.roleArn'")
            .build(),
        keys::revoke_printed_role_sessions(
            cx,
            None,
            "the role's name: the last part of the role ARN printed above (from the annotation or the Pod Identity association)",
        ),
    ];
    Step {
        id: format!("{key}/pod-credentials"),
        phase: Phase::Contain,
        title: "Revoke the AWS credentials the pod held".into(),
        why: "Whoever ran code in the pod could read the credentials of its service account's IAM role, and use them from anywhere until they expire. Revoking the role's older sessions denies them everywhere at once; the quarantine only cuts the pod's own network.".into(),
        facts: vec![
            fact("Service account", sa, &sa_path),
            fact("Namespace", w.ns, NS_PATH),
        ],
        decisions: vec![
            Decision {
                id: "kubernetes/can-the-attacker-get-new-sessions".into(),
                question: "Can the attacker get new sessions of the role?".into(),
                answer: "Yes, if they copied the pod's service account token: it can be exchanged for new sessions until it expires (up to a day for IRSA's projected token). The deny covers only sessions issued before it was added, and pods of the same service account keep getting new ones. If the token may have been copied, also remove the role's trust in this service account (its trust policy, or the Pod Identity association) until the token has expired.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "kubernetes/could-the-pod-reach-the-nodes-role".into(),
                question: "Could the pod reach the node's IAM role?".into(),
                answer: "Yes if it shares the node's network, or if the node's instance metadata service answers pods (IMDSv1, or IMDSv2 with a hop limit above 1). Then revoke the node role's older sessions the same way (put-role-policy on the node role): every node that uses the role loses its current credentials until it fetches new ones, which can briefly disturb the kubelet and the VPC CNI across the node group.".into(),
                tone: Tone::Warning,
            },
        ],
        commands,
    }
}

const NODE_HINT: &str = "the node's name (the NODE column of kubectl get pod -o wide)";

/// The node's name, or a blank.
fn node_arg(cx: &Ctx, cmd: Cmd) -> Cmd {
    let n = node_name(cx);
    cmd.v_or(n.map(|n| n.0), n.map_or(P_USER, |n| n.1), "node-name", NODE_HINT)
}

/// The node's instance ID, or a blank filled from the lookup in the node's evidence step.
fn node_instance(cx: &Ctx, cmd: Cmd) -> Cmd {
    match cx.instance_id() {
        Some(id) => cmd.v(id, "resource.instanceDetails.instanceId"),
        None => cmd.output(
            "node-instance-id",
            "the node's instance ID, printed by the describe-instances command in the node's evidence step",
        ),
    }
}

fn node_facts(cx: &Ctx) -> Vec<crate::guide::model::Fact> {
    let privileged_names: Vec<&str> =
        containers(cx).into_iter().filter(|c| privileged(c)).filter_map(|c| c.name.as_deref()).collect();
    let n = node_name(cx);
    let mut facts: Vec<_> = some_fact("Node", n.map(|n| n.0), n.map_or(P_USER, |n| n.1)).into_iter().collect();
    facts.extend(some_fact("Node's instance", cx.instance_id(), "resource.instanceDetails.instanceId"));
    facts.extend(some_fact(
        "Privileged containers",
        (!privileged_names.is_empty()).then(|| privileged_names.join(", ")),
        &format!("{P_WL}.containers.securityContext.privileged"),
    ));
    if host_network(cx) {
        facts.push(fact_bool("Host network", Some(true), &format!("{P_WL}.hostNetwork")));
    }
    facts
}

fn node_evidence(cx: &Ctx, key: &str) -> Step {
    let n = node_name(cx);
    let mut commands = vec![kubectl(
        cx,
        "Save the specs of every pod on the node (their logs too, as in the pod step, for any you suspect)",
    )
    .t(" get pods -A --field-selector ")
    .v_or(
        n.map(|n| format!("spec.nodeName={}", n.0)).as_deref(),
        n.map_or(P_USER, |n| n.1),
        "node-selector",
        "spec.nodeName=<node-name>, with the NODE column of kubectl get pod -o wide",
    )
    .t(" -o yaml > node-pods.yaml")
    .captures(Subject::Pod)
    .build()];
    if cx.instance_id().is_none() {
        commands.push(
            cx.cmd("Find the node's EC2 instance (EKS names nodes by their private DNS name)")
                .t("aws ec2 describe-instances --filters ")
                .v_or(
                    n.map(|n| format!("Name=private-dns-name,Values={}", n.0)).as_deref(),
                    n.map_or(P_USER, |n| n.1),
                    "node-filter",
                    "Name=private-dns-name,Values=<node-name>",
                )
                .t(" --query 'Reservations[].Instances[].InstanceId'")
                .build(),
        );
    }
    let id = cx.instance_id();
    let ipath = "resource.instanceDetails.instanceId";
    let create = node_instance(cx, cx.cmd("Snapshot every EBS volume of the node's instance, tagged as evidence: the disk evidence, kept when the instance is terminated").t("aws ec2 create-snapshots --instance-specification InstanceId="))
        .t(" --description 'Findlens: compromised EKS node' --copy-tags-from-source volume --tag-specifications ");
    let create = match id {
        Some(i) => create.v(&format!("ResourceType=snapshot,Tags=[{{Key=Purpose,Value=IncidentEvidence}},{{Key=IncidentInstance,Value={i}}}]"), ipath),
        None => create
            .t("'ResourceType=snapshot,Tags=[{Key=Purpose,Value=IncidentEvidence},{Key=IncidentInstance,Value=")
            .output("node-instance-id", "the node's instance ID, printed by the describe-instances command above")
            .t("}]'"),
    };
    commands.push(create.build());
    let check = cx
        .cmd("Check that every snapshot is completed (State completed) before the instance is terminated")
        .t("aws ec2 describe-snapshots --owner-ids self --filters ");
    let check = match id {
        Some(i) => check.v(&format!("Name=tag:IncidentInstance,Values={i}"), ipath),
        None => check
            .t("Name=tag:IncidentInstance,Values=")
            .output("node-instance-id", "the node's instance ID, printed by the describe-instances command above"),
    };
    commands.push(check.t(" --query 'Snapshots[].[SnapshotId,VolumeId,State,Progress]'").build());
    Step {
        id: format!("{key}/node-evidence"),
        phase: Phase::Preserve,
        title: "Save the node's evidence: its pods and its disks".into(),
        why: "Isolating the node cuts kubectl off from it (logs are fetched through the node's kubelet), and replacing it loses its disks. Save the pods' specs and logs and snapshot its volumes first; the snapshots start at once and complete in the background.".into(),
        facts: node_facts(cx),
        decisions: Vec::new(),
        commands,
    }
}

fn node(cx: &Ctx, key: &str) -> Step {
    let vpc = cx
        .instance()
        .and_then(|i| i.network_interfaces.iter().find_map(|n| n.vpc_id.as_deref()))
        .map(|v| (v, "resource.instanceDetails.networkInterfaces.vpcId"))
        .or_else(|| {
            cx.f.resource
                .eks_cluster_details
                .as_ref()
                .and_then(|e| e.vpc_id.as_deref())
                .map(|v| (v, "resource.eksClusterDetails.vpcId"))
        });
    let mut commands =
        vec![node_arg(cx, kubectl(cx, "Stop new pods from being scheduled on the node").t(" cordon ")).build()];
    commands.push(
        node_instance(
            cx,
            cx.cmd("The Auto Scaling group behind the node's node group (nothing printed: the node is in no group, so there is nothing to detach)")
                .t("aws autoscaling describe-auto-scaling-instances --instance-ids "),
        )
        .t(" --query 'AutoScalingInstances[].AutoScalingGroupName'")
        .build(),
    );
    commands.push(
        node_instance(cx, cx.cmd("Take the instance out of the group, so the group neither replaces nor terminates it; the group launches a new node in its place").t("aws autoscaling detach-instances --instance-ids "))
            .t(" --auto-scaling-group-name ")
            .output("asg-name", "the group printed by the command above")
            .t(" --no-should-decrement-desired-capacity")
            .build(),
    );
    // An exec or attach stream runs through the API server and the kubelet: once the node is cut
    // off, the kubelet never hears of a deletion, so the pod stays Terminating and the stream
    // goes on. The pod is deleted while the node can still act on it.
    let has_pods = workload(cx).is_some();
    if has_pods {
        let w = wl(cx);
        commands.push(
            pod_arg(
                kubectl_ns(cx, "If a kubectl exec or attach session may still be open in the pod: delete the pod now, before the node is cut off, since its spec and logs are saved (the audit log shows exec and attach calls)")
                    .t(" delete pod "),
                &w,
            )
            .destroys(
                Subject::Pod,
                "kubernetes/pod-deleted-before-node-isolation",
                "The pod is deleted with its memory, its logs and its container's writable layer (files the attacker dropped in it); save what you need from it first. After the node's security groups are swapped, deleting it no longer ends a session in it: the node never hears of the deletion.",
            )
            .build(),
        );
    }
    commands.extend(isolation_group(
        cx,
        None,
        Vpc {
            value: vpc.map(|v| v.0),
            path: vpc.map_or("resource.eksClusterDetails.vpcId", |v| v.1),
            hint: "the node's VPC",
        },
    ));
    commands.push(check_isolation_group(cx));
    commands.push(
        node_instance(cx, cx.cmd("List the node's network interfaces with their security groups (note them to restore them): the VPC CNI gives pods secondary interfaces besides the primary one").t("aws ec2 describe-network-interfaces --filters Name=attachment.instance-id,Values="))
            .t(" --query 'NetworkInterfaces[].{Interface:NetworkInterfaceId,Groups:Groups[].GroupId}'")
            .build(),
    );
    commands.push(
        cx.cmd("For each interface listed: replace its security groups with the isolation group (note the old ones to restore them)")
            .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
            .output("eni-id", "each interface printed by the command above")
            .t(" --groups ")
            .output("isolation-group-id", GROUP_ID_HINT)
            .contains(Subject::Instance)
            .build(),
    );
    let mut decisions = vec![Decision {
        id: "kubernetes/what-else-ran-on-the-node".into(),
        question: "What else ran on the node?".into(),
        answer: "Every pod on it shares the node with the attacker: review, and if needed rotate, their service accounts' tokens and the node role's credentials. Pods of healthy workloads lose their network with the node; their controllers replace them on other nodes once the node is gone.".into(),
        tone: Tone::Danger,
    }];
    // Only a network connection's remote address reaches the node: the caller of an API call
    // talked to the cluster's endpoint, which the revoke step's endpoint CIDRs restrict.
    let remote = cx.remote_ip().filter(|(_, path)| path.starts_with("service.action.networkConnectionAction"));
    let api_caller = cx.action().and_then(|a| a.kubernetes_api_call_action.as_ref()).is_some();
    decisions.push(Decision {
        id: "kubernetes/do-open-connections-stop-at-once".into(),
        question: "Do open connections stop at once?".into(),
        answer: format!(
            "Not always: connections that security groups already track can outlive the swap. {} A kubectl exec or attach session runs through the cluster's API server and the node's kubelet: it survives the group swap and the revocation of the user's IAM sessions (they are checked when the session opens). Once the node is cut off, deleting the pod no longer ends it either: the kubelet never hears of the deletion, the pod stays Terminating and the stream keeps running. So delete a pod with a possibly open session before the swap (the first delete command of this step); after it, only terminating the instance ends the session.",
            if remote.is_some() {
                "The network ACL entries below deny the remote address at the node's subnet, which cuts live connections too, for every resource in the subnet."
            } else if api_caller {
                "The caller in this finding called the cluster's API endpoint, not the node, so a network ACL on the node's subnet does nothing against it: restricting the endpoint's public access CIDRs (the revoke step) does."
            } else {
                "To cut them at once, deny the remote address in the network ACL of the node's subnet (create-network-acl-entry), when you know it."
            }
        ),
        tone: Tone::Warning,
    });
    decisions.push(Decision {
        id: "kubernetes/what-happens-to-the-nodes-pods-in-the-cluster".into(),
        question: "What happens to the node's pods in the cluster?".into(),
        answer: "Cut off, the node stops reporting and turns NotReady; after about five minutes Kubernetes evicts its pods: their objects are deleted from the cluster and their controllers start replacements elsewhere, while the containers may keep running on the isolated node. Their specs and logs are only what the evidence step saved.".into(),
        tone: Tone::Info,
    });
    if let Some((ip, path)) = &remote {
        let subnet = cx.instance().and_then(|i| i.network_interfaces.iter().find_map(|n| n.subnet_id.as_deref()));
        if subnet.is_none() {
            commands.push(
                node_instance(cx, cx.cmd("The node's subnet").t("aws ec2 describe-instances --instance-ids "))
                    .t(" --query 'Reservations[].Instances[].SubnetId'")
                    .build(),
            );
        }
        commands.extend(nacl_deny(
            cx,
            Subnet {
                value: subnet,
                path: "resource.instanceDetails.networkInterfaces.subnetId",
                hint: "Name=association.subnet-id,Values=<subnet-id>, with the subnet printed above",
            },
            ip,
            path,
        ));
    }
    Step {
        id: format!("{key}/node"),
        phase: Phase::Contain,
        title: "Isolate the node".into(),
        why: "A privileged container, a host-network pod, or a call made with the node's own credentials means the attacker may control the node and every pod on it. Cordon it, take its instance out of Auto Scaling's hands, then cut its traffic off with an isolation security group on every interface.".into(),
        facts: node_facts(cx),
        decisions,
        commands,
    }
}

fn replace_node(cx: &Ctx, key: &str) -> Step {
    let commands = vec![node_instance(
        cx,
        cx.cmd("After the investigation, and once every snapshot above shows State completed: terminate the node's instance")
            .t("aws ec2 terminate-instances --instance-ids "),
    )
    .build()];
    Step {
        id: format!("{key}/replace-node"),
        phase: Phase::Recover,
        title: "Replace the node".into(),
        why: "A node the attacker controlled cannot be trusted again. If the instance was in a node group's Auto Scaling group, the group launched a replacement when it was detached; if it was in none, add capacity yourself if the cluster needs it. Once the investigation needs nothing more from the running instance and its snapshots are completed, terminate it, and EKS removes the node from the cluster.".into(),
        facts: node_facts(cx),
        decisions: Vec::new(),
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
