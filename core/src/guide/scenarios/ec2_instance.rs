//! `ec2-instance`: a potentially compromised EC2 instance. Identify it and scan it, take it out of
//! Auto Scaling's hands, isolate it without an all-open rule, take its role away (stolen role
//! credentials are the most urgent), keep its evidence, find and stop the source, and only then
//! replace it.

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, fact_bool, some_fact, tags_text, Ctx};
use crate::guide::model::{Command, Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::network::{check_isolation_group, isolation_group, nacl_deny, Subnet, Vpc, GROUP_ID_HINT};
use crate::guide::shared::{actor, keys};

const ID_HINT: &str =
    "the instance ID (resource.instanceDetails.instanceId); find it in the finding's title or the console";
const P_INST: &str = "resource.instanceDetails";
/// The tag Auto Scaling puts on every instance it launches.
const ASG_TAG: &str = "aws:autoscaling:groupName";

pub fn steps(cx: &Ctx) -> Vec<Step> {
    vec![
        identify(cx),
        release(cx),
        isolate(cx),
        revoke_role(cx),
        preserve(cx),
        find_source(cx),
        replace(cx),
        get_help(),
    ]
}

fn p(field: &str) -> String {
    format!("{P_INST}.{field}")
}

/// The security groups attached now, across the instance's network interfaces.
fn security_groups<'f>(cx: &Ctx<'f>) -> Vec<&'f str> {
    let mut groups: Vec<&str> = cx
        .instance()
        .map(|i| {
            i.network_interfaces
                .iter()
                .flat_map(|n| n.security_groups.iter().filter_map(|g| g.group_id.as_deref()))
                .collect()
        })
        .unwrap_or_default();
    groups.dedup();
    groups
}

fn first_nic<'f>(cx: &Ctx<'f>) -> Option<&'f crate::finding::NetworkInterface> {
    cx.instance().and_then(|i| i.network_interfaces.first())
}

fn identify(cx: &Ctx) -> Step {
    let i = cx.instance();
    let id = cx.instance_id();
    let nic = first_nic(cx);
    let image = i.and_then(|i| match (i.image_id.as_deref(), i.image_description.as_deref()) {
        (Some(id), Some(d)) if !d.is_empty() => Some(format!("{id} ({d})")),
        (Some(id), _) => Some(id.to_owned()),
        _ => None,
    });
    let mut facts = vec![
        fact("Instance ID", id, &p("instanceId")),
        fact("Instance state", i.and_then(|i| i.instance_state.clone()), &p("instanceState")),
        fact("Instance type", i.and_then(|i| i.instance_type.clone()), &p("instanceType")),
        fact("Image (AMI)", image, &p("imageId")),
        // GuardDuty leaves `platform` empty for Linux.
        fact(
            "Platform",
            Some(i.and_then(|i| i.platform.clone()).unwrap_or_else(|| "Linux/UNIX (no platform given)".to_owned()))
                .filter(|_| i.is_some()),
            &p("platform"),
        ),
        fact("Launched", i.and_then(|i| i.launch_time.as_ref()).map(|t| t.text.clone()), &p("launchTime")),
        fact("Availability Zone", i.and_then(|i| i.availability_zone.clone()), &p("availabilityZone")),
        fact("Tags", i.and_then(|i| tags_text(&i.tags)), &p("tags")),
        fact(
            "Instance profile",
            i.and_then(|i| i.iam_instance_profile.as_ref()).and_then(|p| p.arn.clone()),
            &p("iamInstanceProfile.arn"),
        ),
        fact(
            "Private IP address",
            nic.and_then(|n| n.private_ip_address.clone()),
            &p("networkInterfaces.privateIpAddress"),
        ),
        fact("Public IP address", nic.and_then(|n| n.public_ip.clone()), &p("networkInterfaces.publicIp")),
        fact("VPC", nic.and_then(|n| n.vpc_id.clone()), &p("networkInterfaces.vpcId")),
        fact("Subnet", nic.and_then(|n| n.subnet_id.clone()), &p("networkInterfaces.subnetId")),
    ];
    if let Some(outpost) = i.and_then(|i| i.outpost_arn.clone()) {
        facts.push(fact("Outpost", Some(outpost), &p("outpostArn")));
    }
    let mut decisions = vec![actor::role_decision(cx)];
    if let Some(names) = malware_threats(cx) {
        facts.push(fact(
            "Malware found by GuardDuty's scan",
            Some(names),
            "service.ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames.name",
        ));
        decisions.push(Decision {
            id: "ec2-instance/did-guardduty-already-find-malware-on-the-instances".into(),
            question: "Did GuardDuty already find malware on the instance's volumes?".into(),
            answer: "Yes: the scan named the threats above, with their file paths in the finding. Remove them, or rebuild the instance from a clean image.".into(),
            tone: Tone::Danger,
        });
    }
    let arn = match (id, cx.region, cx.account) {
        (Some(id), Some(region), Some(account)) => Some(cx.arn("ec2", region, account, &format!("instance/{id}"))),
        _ => None,
    };
    let commands = vec![
        cx.cmd("Confirm the instance's current state, network interfaces and security groups")
            .t("aws ec2 describe-instances --instance-ids ")
            .v_or(id, &p("instanceId"), "instance-id", ID_HINT)
            .build(),
        cx.cmd("Start an on-demand GuardDuty malware scan of the instance's EBS volumes")
            .t("aws guardduty start-malware-scan --resource-arn ")
            .v_or(arn.as_deref(), &p("instanceId"), "instance-arn", "arn:aws:ec2:<region>:<account-id>:instance/<instance-id>; the finding lacks the instance ID, account or Region")
            .build(),
    ];
    Step {
        id: "ec2-instance/identify".into(),
        phase: Phase::Understand,
        title: "Identify the instance and check it for malware".into(),
        why: "Everything that follows acts on this instance, so confirm it is the one you think it is, still running, and what it is for (the tags often say who owns it). A malware scan shows whether something is installed on its disks.".into(),
        facts,
        decisions,
        commands,
    }
}

/// Threat names from an EC2 malware scan, if the finding carries one.
fn malware_threats(cx: &Ctx) -> Option<String> {
    let names = &cx
        .f
        .service
        .ebs_volume_scan_details
        .as_ref()?
        .scan_detections
        .as_ref()?
        .threat_detected_by_name
        .as_ref()?
        .threat_names;
    let list: Vec<String> = names
        .iter()
        .filter_map(|t| {
            let name = t.name.as_deref()?;
            let paths: Vec<&str> = t.file_paths.iter().filter_map(|f| f.file_path.as_deref()).take(3).collect();
            Some(if paths.is_empty() { name.to_owned() } else { format!("{name} in {}", paths.join(", ")) })
        })
        .collect();
    (!list.is_empty()).then(|| list.join("; "))
}

/// The SSH daemon among the runtime process's parents: a live SSH session started the process.
fn sshd_parent<'f>(cx: &Ctx<'f>) -> Option<&'f crate::finding::LineageObject> {
    cx.f.service.runtime_details.as_ref()?.process.as_ref()?.lineage.iter().find(|l| l.name.as_deref() == Some("sshd"))
}

/// Deny rules for the finding's remote address at the network ACL of the instance's subnet, which
/// (unlike security groups) also cut connections already open. Empty when the finding names no
/// remote address: there is then nothing to deny.
pub(crate) fn nacl_block(cx: &Ctx) -> Vec<Command> {
    let Some((ip, path)) = cx.remote_ip() else { return Vec::new() };
    let subnet = Subnet {
        value: first_nic(cx).and_then(|n| n.subnet_id.as_deref()),
        path: "resource.instanceDetails.networkInterfaces.subnetId",
        hint: "Name=association.subnet-id,Values=<subnet-id>",
    };
    nacl_deny(cx, subnet, ip, &path)
}

fn isolate(cx: &Ctx) -> Step {
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

fn find_source(cx: &Ctx) -> Step {
    let f = cx.f;
    let action = cx.action();
    let mut facts = vec![fact("Finding type", Some(f.finding_type.as_str()), "type")];
    facts.extend(some_fact("Action type", action.and_then(|a| a.action_type.clone()), "service.action.actionType"));
    if let Some(dns) = action.and_then(|a| a.dns_request_action.as_ref()) {
        facts.push(fact("Domain queried", dns.domain.clone(), "service.action.dnsRequestAction.domain"));
        facts.push(fact_bool("Blocked by DNS firewall", dns.blocked, "service.action.dnsRequestAction.blocked"));
    }
    let mut probed_ports: Vec<i64> = Vec::new();
    if let Some(pp) = action.and_then(|a| a.port_probe_action.as_ref()) {
        probed_ports =
            pp.port_probe_details.iter().filter_map(|d| d.local_port_details.as_ref().and_then(|p| p.port)).collect();
        probed_ports.sort_unstable();
        probed_ports.dedup();
        let ports: Vec<String> = probed_ports.iter().map(i64::to_string).collect();
        facts.push(fact(
            "Ports probed",
            (!ports.is_empty()).then(|| ports.join(", ")),
            "service.action.portProbeAction.portProbeDetails.localPortDetails.port",
        ));
    }
    facts.extend(cx.remote_facts().into_iter().filter(|f| f.value.is_some()));
    facts.extend(some_fact(
        "Threat lists matched",
        cx.threat_lists(),
        "service.evidence.threatIntelligenceDetails.threatListName",
    ));
    if let Some(p) = f.service.runtime_details.as_ref().and_then(|r| r.process.as_ref()) {
        facts.push(fact("Process", p.name.clone(), "service.runtimeDetails.process.name"));
        facts.push(fact("Executable", p.executable_path.clone(), "service.runtimeDetails.process.executablePath"));
        facts.push(fact(
            "Executable SHA-256",
            p.executable_sha256.clone(),
            "service.runtimeDetails.process.executableSha256",
        ));
    }
    let mut decisions = Vec::new();
    let ty = cx.ty();
    let family = |name: &str| ty.as_ref().is_some_and(|t| t.family_is(name));
    if family("PortProbeUnprotectedPort") {
        let es = probed_ports.iter().any(|p| *p == 9200 || *p == 9300);
        decisions.push(Decision {
            id: "ec2-instance/is-an-elasticsearch-port-open-to-the-internet".into(),
            question: "Is an Elasticsearch port open to the internet?".into(),
            answer: if es {
                "Yes: port 9200 or 9300 was probed. GuardDuty raises this to High: close the port to the internet now, Elasticsearch is a frequent ransom target.".into()
            } else {
                "Not among the probed ports. Close each probed port to the internet, or allow only the addresses that need it.".into()
            },
            tone: if es { Tone::Danger } else { Tone::Warning },
        });
    }
    if family("PortProbeEMRUnprotectedPort") {
        decisions.push(Decision {
            id: "ec2-instance/is-an-emr-clusters-port-exposed".into(),
            question: "Is an EMR cluster's port exposed?".into(),
            answer: "Yes: restrict the EMR cluster's security groups so that only trusted addresses reach its ports, and turn on EMR block public access.".into(),
            tone: Tone::Warning,
        });
    }
    if family("MetadataDNSRebind") {
        decisions.push(Decision {
            id: "ec2-instance/could-the-instances-role-credentials-have-been-read".into(),
            question: "Could the instance's role credentials have been read through the metadata service?".into(),
            answer: "Assume so: find the application or the user browsing from the instance that resolved the domain, and revoke the instance role's older sessions (the role step above). If you map a domain to 169.254.169.254 on purpose, suppress by type and domain instead.".into(),
            tone: Tone::Danger,
        });
    }
    decisions.push(Decision {
        id: "ec2-instance/can-you-find-and-stop-what-caused-this".into(),
        question: "Can you find and stop what caused this?".into(),
        answer: if host_cannot_be_trusted(cx) {
            "Find it all the same: close the way in (open ports, weak access, vulnerable software) on every instance built like this one, or its replacement falls the same way. This instance itself is replaced whatever you find (next step).".into()
        } else {
            "If yes: close the open ports, tighten access, patch the vulnerable software. If you cannot find it, or cannot trust the instance again, replace it (next step).".into()
        },
        tone: Tone::Info,
    });
    let groups = security_groups(cx);
    let mut commands = vec![cx.cmd("Review the rules of the security groups the instance had")
        .t("aws ec2 describe-security-groups --group-ids ")
        .vs(&groups, &p("networkInterfaces.securityGroups.groupId"), "security-group-ids", "the instance's groups: aws ec2 describe-instances --instance-ids <instance-id> --query 'Reservations[].Instances[].SecurityGroups'")
        .build()];
    if let Some(dns) = action.and_then(|a| a.dns_request_action.as_ref()).and_then(|d| d.domain.as_deref()) {
        commands.push(
            cx.cmd("Block the domain for the whole VPC with a Route 53 Resolver DNS Firewall rule (after adding it to a domain list)")
                .t("aws route53resolver update-firewall-domains --firewall-domain-list-id ")
                .choose("domain-list-id", "an existing DNS Firewall domain list used with a BLOCK rule")
                .t(" --operation ADD --domains ")
                .v(dns, "service.action.dnsRequestAction.domain")
                .build(),
        );
    }
    Step {
        id: "ec2-instance/find-source".into(),
        phase: Phase::Eradicate,
        title: "Find the source of the activity and stop it".into(),
        why: "Isolation buys time; the instance is only safe again once the way in (an open port, a weak password, a vulnerable application) is closed.".into(),
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

fn release(cx: &Ctx) -> Step {
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

fn preserve(cx: &Ctx) -> Step {
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

fn revoke_role(cx: &Ctx) -> Step {
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

/// Types after which the host cannot be trusted again, whatever is found and removed: code ran in
/// the kernel (a rootkit hides processes, files and modules from every tool on the host), or a
/// container broke out onto the host, or code was injected into another process.
const UNTRUSTWORTHY_FAMILIES: &[&str] =
    &["KernelModuleLoaded", "RuncContainerEscape", "CGroupsReleaseAgentModified", "ProcessInjection"];

/// The finding's type says the host can no longer be trusted: it is replaced, never kept.
pub(crate) fn host_cannot_be_trusted(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| UNTRUSTWORTHY_FAMILIES.iter().any(|f| t.family_is(f)))
}

/// Why a finding of an untrustworthy type rules out keeping the host, in words for the analyst.
fn untrustworthy_reason(cx: &Ctx) -> Option<&'static str> {
    let t = cx.ty()?;
    Some(if t.family_is("KernelModuleLoaded") {
        "an unknown kernel module runs with the kernel's own rights, and a rootkit hides its processes, files and itself from every tool on the host"
    } else if t.family_is("RuncContainerEscape") || t.family_is("CGroupsReleaseAgentModified") {
        "a container tried to break out onto the host, and code that gets out runs as root on the host, where it can hide what it left"
    } else if t.family_is("ProcessInjection") {
        "code was written into another process, where it runs unseen under that process's name and rights"
    } else {
        return None;
    })
}

fn replace(cx: &Ctx) -> Step {
    let id = cx.instance_id();
    let inst = |c: Cmd| c.v_or(id, &p("instanceId"), "instance-id", ID_HINT);
    let groups = security_groups(cx);
    let terminate_when = "Terminate only once every snapshot shows completed, the memory is captured if you need it, and a clean replacement runs (from a known-good image, not from these snapshots).";
    let (answer, title) = if let Some(reason) = untrustworthy_reason(cx) {
        (
            format!("{terminate_when} Do not keep this instance, even if you find and remove the cause: {reason}, so nothing you find or remove on the host proves it clean."),
            "Replace the instance",
        )
    } else {
        let original = if groups.is_empty() {
            "the groups describe-network-interfaces printed in the isolate step".to_owned()
        } else {
            groups.join(", ")
        };
        (
            format!("{terminate_when} If you found and removed the cause and trust the instance again, you may keep it instead: put back each interface's original security groups ({original}, or as the isolate step's interface list printed them) with modify-network-interface-attribute --groups, and attach a role again."),
            "Replace the instance if you can't trust it",
        )
    };
    let decisions = vec![Decision {
        id: "ec2-instance/is-the-evidence-safe".into(),
        question: "Is the evidence safe?".into(),
        answer,
        tone: Tone::Warning,
    }];
    let commands = vec![
        inst(cx.cmd("Turn termination protection off again").t("aws ec2 modify-instance-attribute --instance-id "))
            .t(" --no-disable-api-termination")
            .build(),
        inst(cx.cmd("Terminate the instance").t("aws ec2 terminate-instances --instance-ids ")).build(),
    ];
    Step {
        id: "ec2-instance/replace".into(),
        phase: Phase::Recover,
        title: title.into(),
        why: "An instance someone else controlled may hide what they left behind; a fresh one from a known-good image is the reliable way back. Its evidence is in the snapshots by now.".into(),
        facts: vec![fact("Instance ID", id, &p("instanceId"))],
        decisions,
        commands,
    }
}

fn get_help() -> Step {
    Step {
        id: "ec2-instance/get-help".into(),
        phase: Phase::Recover,
        title: "Get help if you need it".into(),
        why: "AWS re:Post answers questions from the community and AWS staff; with a Business or Enterprise Support plan you can open a technical support case, and AWS's Customer Incident Response Team can help during an active security event.".into(),
        facts: Vec::new(),
        decisions: Vec::new(),
        commands: Vec::new(),
    }
}
