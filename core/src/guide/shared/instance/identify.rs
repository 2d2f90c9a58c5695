//! Identify the instance and what happened on it, and find the source of the activity.

use super::{first_nic, host_cannot_be_trusted, p, security_groups, ID_HINT};
use crate::guide::ctx::{fact, fact_bool, some_fact, tags_text, Ctx};
use crate::guide::model::{Decision, Phase, Step, Tone};
use crate::guide::shared::actor;

pub(super) fn identify(cx: &Ctx) -> Step {
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

pub(super) fn find_source(cx: &Ctx) -> Step {
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
