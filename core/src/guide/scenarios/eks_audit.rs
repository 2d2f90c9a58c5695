//! `eks-audit`: an EKS Protection finding from the Kubernetes audit logs. Besides the steps it
//! shares with `eks-runtime`, the cluster's configuration and the Kubernetes user who made the
//! call: decide whether the user is compromised, then cut it off, down to the IAM identity behind
//! it.

use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::keys;
use crate::guide::shared::kubernetes::{
    cluster, identify, k8s_user, kubectl, username, workload_steps, CLUSTER_HINT, P_EKS, P_K8S, P_USER,
};

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-audit")];
    if is_configuration_type(cx) {
        steps.push(configuration(cx));
    }
    steps.push(user(cx));
    if let Some(revoke) = revoke_user(cx) {
        steps.push(revoke);
    }
    steps.extend(workload_steps(cx, "eks-audit", None));
    steps
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
