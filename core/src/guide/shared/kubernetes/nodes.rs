//! The node's steps, when the node itself may be in the attacker's hands: keep its evidence,
//! isolate it, and replace it.

use super::{
    containers, host_network, kubectl, kubectl_ns, node_name, pod_arg, privileged, wl, workload, P_USER, P_WL,
};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact_bool, some_fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::network::{check_isolation_group, isolation_group, nacl_deny, Subnet, Vpc, GROUP_ID_HINT};

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

pub(super) fn node_evidence(cx: &Ctx, key: &str) -> Step {
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

pub(super) fn node(cx: &Ctx, key: &str) -> Step {
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

pub(super) fn replace_node(cx: &Ctx, key: &str) -> Step {
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
