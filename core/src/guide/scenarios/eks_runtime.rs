//! `eks-runtime`: a Runtime Monitoring finding in an EKS cluster. The process GuardDuty's agent saw,
//! then the steps shared with `eks-audit`, with one of its own: revoking the AWS credentials the
//! pod held.

use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};
use crate::guide::shared::keys;
use crate::guide::shared::kubernetes::{
    cluster, identify, kubectl_ns, wl, workload, workload_steps, CLUSTER_HINT, NS_PATH, P_EKS, P_WL,
};

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![identify(cx, "eks-runtime"), crate::guide::shared::process::process_step(cx, "eks-runtime")];
    steps.extend(workload_steps(cx, "eks-runtime", Some(pod_credentials)));
    steps
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
