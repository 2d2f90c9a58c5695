//! Containment and evidence: release the instance from Auto Scaling, isolate it, revoke its role,
//! and preserve its disks.

use super::{first_nic, nacl_block, p, security_groups, ASG_TAG, ID_HINT};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::keys;
use crate::guide::shared::network::{check_isolation_group, isolation_group, Vpc, GROUP_ID_HINT};

/// The SSH daemon among the runtime process's parents: a live SSH session started the process.
fn sshd_parent<'f>(cx: &Ctx<'f>) -> Option<&'f crate::finding::LineageObject> {
    cx.f.service.runtime_details.as_ref()?.process.as_ref()?.lineage.iter().find(|l| l.name.as_deref() == Some("sshd"))
}

pub(super) fn isolate(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let nic = first_nic(cx);
    let vpc = nic.and_then(|n| n.vpc_id.as_deref());
    let subnet = nic.and_then(|n| n.subnet_id.as_deref());
    let groups = security_groups(cx);
    let nc = cx.action().and_then(|a| a.network_connection_action.as_ref());
    let remote = cx.remote_ip();
    let mut facts = vec![
        fact(
            "Security groups attached now (the finding's view; the interface list below is the current one)",
            (!groups.is_empty()).then(|| groups.join(", ")),
            &p("networkInterfaces.securityGroups.groupId"),
        ),
        fact("VPC", vpc, &p("networkInterfaces.vpcId")),
        fact("Subnet (its network ACL can cut live connections)", subnet, &p("networkInterfaces.subnetId")),
    ];
    if let Some(nc) = nc {
        facts.push(fact(
            "Connection direction",
            nc.connection_direction.clone(),
            "service.action.networkConnectionAction.connectionDirection",
        ));
        facts.push(fact(
            "Remote port",
            nc.remote_port_details.as_ref().and_then(|p| p.port).map(|p| p.to_string()),
            "service.action.networkConnectionAction.remotePortDetails.port",
        ));
        facts.push(fact(
            "Local port",
            nc.local_port_details.as_ref().and_then(|p| p.port).map(|p| p.to_string()),
            "service.action.networkConnectionAction.localPortDetails.port",
        ));
    }
    if let Some((ip, path)) = &remote {
        facts.push(fact("Remote IP address to block", Some(*ip), path));
    }
    // What survives the swap, and how to end it: flow logs, not tools on the host, say which
    // sessions are open, and killing a process on the host loses what its memory holds.
    let others = "Other connections that are already open, such as an SSH session from another address, survive both the swap and the deny rules. Find them in the VPC's flow logs rather than with tools on the host (a compromised host can hide its own connections), and deny each remote address the same way; or, once the memory is captured and the snapshots below are taken, stop the instance, which ends every connection.";
    let live = match (&remote, sshd_parent(cx)) {
        (Some(_), _) => format!("To cut the live connection with the remote address this finding names, add the deny rules to the subnet's network ACL (the last commands of this step): network ACLs are not connection-tracked. The deny rules end only connections with that address. {others}"),
        (None, Some(sshd)) => format!(
            "This finding names no remote address, so there is no address to deny at the subnet's network ACL yet. The process's parents include sshd{}: an SSH session started it, and that session survives the swap. Find the session's remote address in the VPC's flow logs (connections to the instance's port 22 around the time of the finding) and deny it at the subnet's network ACL. Do not end the session by killing sshd on the host before the memory is captured: the session's processes and what they hold in memory are evidence. Once the memory is captured and the snapshots below are taken, stopping the instance ends every connection.",
            sshd.pid.map(|p| format!(" (process ID {p})")).unwrap_or_default()
        ),
        (None, None) => "This finding names no remote address, so there is no address to deny at the subnet's network ACL. If a session may still be open, find its remote address in the VPC's flow logs (a compromised host can hide its own connections from tools run on it) and deny that address at the subnet's network ACL; or, once the memory is captured and the snapshots below are taken, stop the instance, which ends every connection.".to_owned(),
    };
    let decisions = vec![
        Decision {
            id: "ec2-instance/will-swapping-the-security-groups-cut-connections-that".into(),
            question: "Will swapping the security groups cut connections that are already open?".into(),
            answer: format!("No. Security groups track connections: traffic on a connection that is already tracked keeps flowing after the swap, and only new connections are blocked. {live}"),
            tone: Tone::Warning,
        },
        Decision {
            id: "ec2-instance/can-the-isolation-group-have-an-all-open".into(),
            question: "Can the isolation group have an all-open rule while you work?".into(),
            answer: "No. Give it no 0.0.0.0/0 or ::/0 rule in either direction; allow only the specific addresses your responders connect from.".into(),
            tone: Tone::Warning,
        },
        Decision {
            id: "ec2-instance/capture-memory-before-the-swap".into(),
            question: "Do you need the instance's memory?".into(),
            answer: "Then capture it now, before this step attaches the isolation group and before the next step takes the role away: run a memory acquisition tool on the instance (such as AVML or LiME on Linux, WinPmem on Windows) and write the image to storage outside the instance. The isolation group allows no outbound traffic at all, and without its role the Systems Manager agent has no credentials, so afterwards neither Systems Manager nor an upload to S3 works from the instance (the preserve step says what is left then).".into(),
            tone: Tone::Warning,
        },
    ];
    let group_name = id.map(|i| format!("isolation-{i}"));
    let mut commands = isolation_group(
        cx,
        group_name.as_deref().map(|n| (n, "resource.instanceDetails.instanceId")),
        Vpc {
            value: vpc,
            path: "resource.instanceDetails.networkInterfaces.vpcId",
            hint: "the instance's VPC: aws ec2 describe-instances --instance-ids <instance-id> --query 'Reservations[].Instances[].VpcId'",
        },
    );
    commands.extend([
        cx.cmd("Optionally allow your forensics workstation in (one address, one port)")
            .t("aws ec2 authorize-security-group-ingress --group-id ")
            .output("isolation-group-id", GROUP_ID_HINT)
            .t(" --protocol tcp --port 22 --cidr ")
            .choose("responder-ip/32", "the single address your responders connect from")
            .build(),
        check_isolation_group(cx),
        cx.cmd("List every network interface attached to the instance with its security groups: note them, since putting them back undoes the isolation (an instance can have secondary interfaces, each with its own groups)")
            .t("aws ec2 describe-network-interfaces --filters ")
            .v_or(
                id.map(|i| format!("Name=attachment.instance-id,Values={i}")).as_deref(),
                &p("instanceId"),
                "instance-filter",
                "Name=attachment.instance-id,Values=<instance-id>",
            )
            .t(" --query 'NetworkInterfaces[].{Interface:NetworkInterfaceId,Device:Attachment.DeviceIndex,Groups:Groups[].GroupId}'")
            .build(),
        cx.cmd("For each interface listed: attach only the isolation group, which replaces every group on that interface; the same command with the interface's old groups undoes it")
            .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
            .output("eni-id", "each NetworkInterfaceId printed by describe-network-interfaces; run this once per interface")
            .t(" --groups ")
            .output("isolation-group-id", GROUP_ID_HINT)
            .contains(Subject::Instance)
            .build(),
    ]);
    commands.extend(nacl_block(cx));
    Step {
        id: "ec2-instance/isolate".into(),
        phase: Phase::Contain,
        title: "Isolate the instance".into(),
        why: "Isolation stops the instance from reaching other systems or the attacker while you investigate, without destroying the evidence on it. It also makes the instance fail its load balancer's health checks, which is why it had to leave its Auto Scaling group first.".into(),
        facts,
        decisions,
        commands,
    }
}

/// The Auto Scaling group the instance's tags name, if any.
fn asg_from_tags<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    cx.instance()?
        .tags
        .iter()
        .find(|t| t.key.as_deref() == Some(ASG_TAG))
        .and_then(|t| t.value.as_deref())
        .filter(|v| !v.is_empty())
}

pub(super) fn release(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let asg = asg_from_tags(cx);
    let facts = vec![
        fact("Instance ID", id, &p("instanceId")),
        fact("Auto Scaling group (from the instance's aws:autoscaling:groupName tag)", asg, &p("tags")),
    ];
    let in_group = match asg {
        Some(g) => format!("Its tags say yes: the group {g} launched it."),
        None => "Its tags in the finding do not name a group; the first command below tells for sure (it prints nothing for an instance outside any group).".to_owned(),
    };
    let decisions = vec![
        Decision {
            id: "ec2-instance/is-the-instance-in-an-auto-scaling-group".into(),
            question: "Is the instance in an Auto Scaling group?".into(),
            answer: format!("{in_group} A group replaces an instance that fails its health checks, and isolating the instance fails its load balancer's checks: the group can terminate it, with every volume marked delete-on-termination, before the snapshots below exist. Take it out of the group before you isolate it."),
            tone: Tone::Danger,
        },
        Decision {
            id: "ec2-instance/detach-it-put-it-in-standby-or-suspend".into(),
            question: "Detach it, put it in Standby, or suspend the group's processes?".into(),
            answer: "Detach it. A detached instance leaves the group until you attach it again (aws autoscaling attach-instances): the group stops checking and replacing it, and deregisters it from the group's load balancers and target groups (open requests drain first). With --no-should-decrement-desired-capacity the group launches a replacement, so the service keeps its capacity. Standby (enter-standby) also stops the health checks, but the instance stays in the group, which terminates it if the group is deleted or replaced. Suspending the group's processes (suspend-processes) freezes replacement for every instance of the group, not just this one.".into(),
            tone: Tone::Info,
        },
        Decision {
            id: "ec2-instance/does-termination-protection-keep-the-instance-safe".into(),
            question: "Does termination protection keep the instance safe?".into(),
            answer: "Only from terminate-instances calls by people and scripts. Auto Scaling terminates an instance whatever the flag says, which is why the instance leaves its group first. A shutdown started inside the instance also terminates it when its shutdown behaviour is terminate: the last command makes a shutdown stop it instead.".into(),
            tone: Tone::Warning,
        },
    ];
    let inst = |c: Cmd| c.v_or(id, &p("instanceId"), "instance-id", ID_HINT);
    let asg_cmd = inst(
        cx.cmd("Detach the instance from its group: the group deregisters it from its load balancer target groups and launches a replacement")
            .t("aws autoscaling detach-instances --instance-ids "),
    )
    .t(" --auto-scaling-group-name ");
    let asg_cmd = match asg {
        Some(g) => asg_cmd.v(g, &p("tags")),
        None => asg_cmd.output("auto-scaling-group-name", "the AutoScalingGroupName that describe-auto-scaling-instances printed; skip this command if it printed none"),
    };
    let commands = vec![
        inst(
            cx.cmd("See whether an Auto Scaling group manages the instance")
                .t("aws autoscaling describe-auto-scaling-instances --instance-ids "),
        )
        .t(" --query 'AutoScalingInstances[].[AutoScalingGroupName,LifecycleState,HealthStatus]'")
        .build(),
        asg_cmd.t(" --no-should-decrement-desired-capacity").build(),
        inst(
            cx.cmd("Protect the instance from being terminated by an API call (Auto Scaling ignores this)")
                .t("aws ec2 modify-instance-attribute --instance-id "),
        )
        .t(" --disable-api-termination")
        .build(),
        inst(
            cx.cmd("Make a shutdown from inside the instance stop it rather than terminate it")
                .t("aws ec2 modify-instance-attribute --instance-id "),
        )
        .t(" --instance-initiated-shutdown-behavior Value=stop")
        .build(),
    ];
    Step {
        id: "ec2-instance/release".into(),
        phase: Phase::Contain,
        title: "Take the instance out of Auto Scaling's hands and protect it from termination".into(),
        why: "Whatever you do next can make an Auto Scaling group think the instance is unhealthy and terminate it, evidence and all. Detach it first, then guard it against termination by hand.".into(),
        facts,
        decisions,
        commands,
    }
}

pub(super) fn preserve(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let spec = id.map(|i| format!("InstanceId={i}"));
    let facts = vec![fact("Instance ID", id, &p("instanceId"))];
    let mut decisions = vec![Decision {
        id: "ec2-instance/do-you-need-the-instances-memory".into(),
        question: "Do you need the instance's memory?".into(),
        answer: "Memory holds what the disks do not: running processes, open connections, keys, code that never touched the disk. Snapshots do not contain it, and it is gone once the instance stops or terminates. Capture it before the isolate and role steps, as the isolate step says: run a memory acquisition tool on the instance (such as AVML or LiME on Linux, WinPmem on Windows) and write the image to storage outside the instance. Once the isolation group is attached the instance has no outbound traffic, and once its role is taken away and its sessions revoked, the Systems Manager agent on it has no credentials either: neither Systems Manager nor an upload to S3 works any more. If the instance is already isolated, the only way left is over the inbound connection from your forensics workstation (the isolate step's optional rule), streaming the image to the workstation.".into(),
        tone: Tone::Warning,
    }];
    if cx.f.service.ebs_volume_scan_details.is_some() {
        decisions.push(Decision {
            id: "ec2-instance/did-guardduty-keep-the-snapshots-it-scanned".into(),
            question: "Did GuardDuty keep the snapshots it scanned?".into(),
            answer: "Only if snapshot retention is turned on in Malware Protection for EC2: then the snapshots in which the scan found malware are kept in your account. Take your own snapshots anyway: they show the volumes as they are now, after the scan.".into(),
            tone: Tone::Info,
        });
    }
    let tags = match id {
        Some(i) => format!(
            "ResourceType=snapshot,Tags=[{{Key=Purpose,Value=IncidentEvidence}},{{Key=IncidentInstance,Value={i}}}]"
        ),
        None => "ResourceType=snapshot,Tags=[{Key=Purpose,Value=IncidentEvidence}]".to_owned(),
    };
    let filter = match id {
        Some(i) => format!("Name=tag:IncidentInstance,Values={i}"),
        None => "Name=tag:Purpose,Values=IncidentEvidence".to_owned(),
    };
    let create = cx
        .cmd("Snapshot every EBS volume of the instance, tagged as evidence")
        .t("aws ec2 create-snapshots --instance-specification ")
        .v_or(spec.as_deref(), &p("instanceId"), "instance-specification", "InstanceId=<instance-id>")
        .t(" --description 'Incident evidence' --copy-tags-from-source volume --tag-specifications ");
    let create = match id {
        Some(_) => create.v(&tags, &p("instanceId")),
        None => create.t(&format!("'{tags}'")),
    };
    let check = cx
        .cmd("Check that every snapshot is completed before anything is terminated")
        .t("aws ec2 describe-snapshots --owner-ids self --filters ");
    let check = match id {
        Some(_) => check.v(&filter, &p("instanceId")),
        None => check.t(&format!("'{filter}'")),
    };
    let commands = vec![create.build(), check.t(" --query 'Snapshots[].[SnapshotId,VolumeId,State,Progress]'").build()];
    Step {
        id: "ec2-instance/preserve".into(),
        phase: Phase::Preserve,
        title: "Keep the evidence: snapshot every volume".into(),
        why: "Terminating an instance deletes its memory and, by default, its root volume. Snapshots taken now let you investigate later and show what happened; they are taken from the running instance, so the volumes keep working.".into(),
        facts,
        decisions,
        commands,
    }
}

/// The instance role's name, when the finding names it: the session of an instance's credentials
/// is named after the instance, so an AssumedRole key whose principal ID ends with the instance
/// ID belongs to the instance's role.
fn role_name<'f>(cx: &Ctx<'f>) -> Option<(&'f str, &'static str)> {
    let id = cx.instance_id()?;
    let k = cx.key()?;
    let assumed = k.user_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("AssumedRole"));
    let session = k.principal_id.as_deref().and_then(|p| p.rsplit_once(':')).map(|(_, s)| s);
    if assumed && session == Some(id) {
        return k.user_name.as_deref().filter(|n| !n.is_empty()).map(|n| (n, "resource.accessKeyDetails.userName"));
    }
    None
}

pub(super) fn revoke_role(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let profile = cx.instance().and_then(|i| i.iam_instance_profile.as_ref()).and_then(|p| p.arn.clone());
    let has_profile = profile.is_some();
    let facts = vec![fact("Instance profile", profile, &p("iamInstanceProfile.arn"))];
    let mut decisions = Vec::new();
    if !has_profile {
        decisions.push(Decision {
            id: "ec2-instance/does-the-instance-have-a-role".into(),
            question: "Does the instance have a role?".into(),
            answer: "The finding names no instance profile. Check with the first command: if it prints no association, the instance has no role and this step ends there.".into(),
            tone: Tone::Info,
        });
    }
    decisions.push(Decision {
        id: "ec2-instance/why-revoke-the-roles-sessions-as-well-as".into(),
        question: "Why revoke the role's sessions as well as removing the role?".into(),
        answer: "Removing the instance profile only stops the instance from getting new credentials. The credentials it already received, and any copy an attacker took, stay valid until they expire, hours later. Revoking the sessions issued before now ends them. Do it after removing the profile, so that nothing on the instance gets a fresh session afterwards. Other workloads that use the same role lose their current sessions too: other instances keep the credentials their metadata service already handed out until EC2 rotates them, and warm Lambda environments keep theirs, so their calls fail with AccessDenied for up to hours. Warn their owners first.".into(),
        tone: Tone::Warning,
    });
    let role = role_name(cx);
    let mut commands = vec![
        cx.cmd("Find the association of the instance profile, so its role can be taken away")
            .t("aws ec2 describe-iam-instance-profile-associations --filters ")
            .v_or(
                id.map(|i| format!("Name=instance-id,Values={i}")).as_deref(),
                &p("instanceId"),
                "instance-filter",
                "Name=instance-id,Values=<instance-id>",
            )
            .build(),
        cx.cmd("Remove the role from the instance, so it gets no new credentials")
            .t("aws ec2 disassociate-iam-instance-profile --association-id ")
            .output("association-id", "the AssociationId that describe-iam-instance-profile-associations printed")
            .build(),
    ];
    if role.is_none() {
        commands.push(keys::role_of_instance_profile(cx));
    }
    commands.push(keys::revoke_printed_role_sessions(cx, role, "the RoleName that get-instance-profile printed"));
    Step {
        id: "ec2-instance/revoke-role".into(),
        phase: Phase::Contain,
        title: "Take the role away and revoke its sessions".into(),
        why: "Whoever controls the instance can read its role's credentials from the metadata service and use them from anywhere. The role has to be taken off the instance and its existing sessions cut off.".into(),
        facts,
        decisions,
        commands,
    }
}
