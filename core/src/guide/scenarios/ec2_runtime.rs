//! `ec2-runtime`: a Runtime Monitoring finding on an EC2 instance. The process GuardDuty's agent
//! saw comes first, then the instance guide under this scenario's IDs; on an EKS worker node the
//! node is cordoned before it is isolated and drained only after its evidence is kept.

use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Step, Subject, Tone};
use crate::guide::shared::instance;
use crate::guide::shared::process::process_step;

/// The tag EKS managed node groups and most self-managed ones put on their instances.
const CLUSTER_TAG: &str = "eks:cluster-name";
const CLUSTER_TAG_PREFIX: &str = "kubernetes.io/cluster/";

/// Whether an instance finding is really about an EKS worker node.
fn is_eks_node(cx: &Ctx) -> bool {
    cx.f.resource.eks_cluster_details.is_some()
        || cx.instance().is_some_and(|i| {
            i.tags
                .iter()
                .any(|t| t.key.as_deref().is_some_and(|k| k.starts_with(CLUSTER_TAG_PREFIX) || k == CLUSTER_TAG))
        })
}

/// The EKS cluster the node belongs to: the finding's cluster block, else the instance's tags.
fn cluster_name<'f>(cx: &Ctx<'f>) -> Option<(&'f str, &'static str)> {
    if let Some(n) = cx.f.resource.eks_cluster_details.as_ref().and_then(|c| c.name.as_deref()) {
        return Some((n, "resource.eksClusterDetails.name"));
    }
    let tags = &cx.instance()?.tags;
    tags.iter()
        .find_map(|t| {
            let key = t.key.as_deref()?;
            if key == CLUSTER_TAG {
                t.value.as_deref()
            } else {
                key.strip_prefix(CLUSTER_TAG_PREFIX)
            }
        })
        .filter(|n| !n.is_empty())
        .map(|n| (n, "resource.instanceDetails.tags"))
}

/// The node's name in Kubernetes: on EKS, the instance's private DNS name.
fn node_name<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.instance()?.network_interfaces.first()?.private_dns_name.as_deref().filter(|n| !n.is_empty())
}

const NODE_HINT: &str = "the node's name: kubectl get nodes -o wide lists it, on the line whose INTERNAL-IP is the instance's private address";
const NODE_PATH: &str = "resource.instanceDetails.networkInterfaces.privateDnsName";

/// Adds the node's handling to the release step: cordon it and keep its pods' specs, before the
/// node is isolated.
fn add_node_handling(cx: &Ctx, step: &mut Step) {
    let node = node_name(cx);
    let cluster = cluster_name(cx);
    let facts = vec![
        fact("Cluster", cluster.map(|(n, _)| n), cluster.map_or("resource.eksClusterDetails.name", |(_, p)| p)),
        fact("Node name (the instance's private DNS name)", node, NODE_PATH),
    ];
    let decisions = vec![
        Decision {
            id: "runtime/is-the-instance-an-eks-worker-node".into(),
            question: "Is the instance an EKS worker node?".into(),
            answer: "Yes (it carries EKS cluster tags or details). A managed node group is an Auto Scaling group underneath: the commands above take the instance out of it, so the group will not replace it when isolation breaks its health checks. Cordon it before you isolate it, so that Kubernetes schedules no new pods onto a node that can no longer serve them.".into(),
            tone: Tone::Warning,
        },
        Decision {
            id: "runtime/should-you-drain-the-node-now".into(),
            question: "Should you drain the node now?".into(),
            answer: "Not yet. Draining evicts every pod on the node, and their memory, logs and emptyDir volumes go with them. Save the pods' specs (below) and each suspicious pod's logs (kubectl logs), and snapshot the node, first; the replace step drains it. Then review the service accounts of the pods that ran here: their tokens were readable on the node.".into(),
            tone: Tone::Warning,
        },
    ];
    let mut kubeconfig = cx.cmd("Point kubectl at the node's cluster").t("aws eks update-kubeconfig --name ");
    kubeconfig = match cluster {
        Some((n, p)) => kubeconfig.v(n, p),
        None => kubeconfig.missing("cluster-name", "the EKS cluster's name (the instance's eks:cluster-name tag)"),
    };
    let with_node = |c: crate::guide::command::Cmd| match node {
        Some(n) => c.v(n, NODE_PATH),
        None => c.missing("node-name", NODE_HINT),
    };
    let pods = with_node(
        cx.cmd("Save the specs of every pod on the node (redirect the output to a file kept with the incident record)")
            .t("kubectl get pods --all-namespaces -o yaml --field-selector spec.nodeName="),
    )
    .captures(Subject::Pod)
    .build();
    step.title = "Take the node out of Auto Scaling's and Kubernetes's hands, and protect it from termination".into();
    step.why.push_str(" The instance is also a Kubernetes node: its pods are part of the evidence, and the cluster keeps scheduling onto it until it is cordoned.");
    step.facts.extend(facts);
    step.decisions.extend(decisions);
    step.commands.extend([
        kubeconfig.build(),
        with_node(
            cx.cmd("Cordon the node: no new pods are scheduled onto it (undo with kubectl uncordon)")
                .t("kubectl cordon "),
        )
        .build(),
        pods,
    ]);
}

/// `ec2-runtime`: the process, then the instance guide (its steps, under this scenario's ids).
pub fn steps(cx: &Ctx) -> Vec<Step> {
    let mut steps = vec![process_step(cx, "ec2-runtime")];
    let eks = is_eks_node(cx);
    for mut s in instance::steps(cx) {
        s.id = s.id.replacen("ec2-instance/", "ec2-runtime/", 1);
        if eks && s.id == "ec2-runtime/release" {
            add_node_handling(cx, &mut s);
        }
        if eks && s.id == "ec2-runtime/replace" {
            let drain = cx
                .cmd("Drain the node once its evidence is kept: its pods start again on other nodes (on an isolated node, the old pods stay Terminating until the instance is gone)")
                .t("kubectl drain ");
            let drain = match node_name(cx) {
                Some(n) => drain.v(n, NODE_PATH),
                None => drain.missing("node-name", NODE_HINT),
            };
            s.commands.insert(0, drain.t(" --ignore-daemonsets --delete-emptydir-data").build());
        }
        steps.push(s);
    }
    steps
}
