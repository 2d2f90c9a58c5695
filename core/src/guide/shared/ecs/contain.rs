//! Containment, after the evidence: block the domain, isolate and stop a task no service runs,
//! fix the definition, replace a service's task, and revoke the task role's sessions.

use super::{
    domain, is_ec2, is_fargate, launch_type, name, service_state, task, task_arn, ServiceState, CLUSTER_HINT, P_DNS,
    P_ECS, P_TASK, TASK_HINT,
};
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Phase, Step, Subject, Tone};
use crate::guide::shared::keys;
use crate::guide::shared::network::{check_isolation_group, isolation_group, Vpc, GROUP_ID_HINT};

/// The task role's sessions: code in the task could read them from the container credentials
/// endpoint and use them anywhere. Revoked once the task is stopped or replaced, since until then
/// it fetches fresh ones that the revocation does not cover.
pub(super) fn revoke_task_role(cx: &Ctx, key: &str) -> Step {
    let def = task(cx).and_then(|t| t.definition_arn.as_deref());
    let commands = vec![
        cx.cmd("The task role the definition gives its tasks (nothing printed: the task had no role, and this step ends here)")
            .t("aws ecs describe-task-definition --task-definition ")
            .v_or(def, &format!("{P_TASK}.definitionArn"), "task-definition", "the task's definition ARN (resource.ecsClusterDetails.taskDetails.definitionArn)")
            .t(" --query taskDefinition.taskRoleArn --output text")
            .build(),
        keys::revoke_printed_role_sessions(
            cx,
            None,
            "the role's name: the last part of the taskRoleArn printed above",
        ),
    ];
    Step {
        id: format!("{key}/revoke-task-role"),
        phase: Phase::Contain,
        title: "Revoke the sessions of the task's role".into(),
        why: "Whoever ran code in the task could read its role's credentials from the container credentials endpoint (a web shell can) and use them from anywhere until they expire. Stopping or replacing the task does not end them; revoking the role's older sessions does.".into(),
        facts: vec![fact("Task definition", def, &format!("{P_TASK}.definitionArn"))],
        decisions: vec![Decision {
            id: "ecs/when-to-revoke-the-task-role".into(),
            question: "When do you revoke the task role's sessions?".into(),
            answer: "Once the compromised task is stopped or replaced (the steps above). While it runs, it fetches fresh credentials from the endpoint, issued after the revocation and so not covered by it. Other tasks with the same role lose their current credentials too, until they fetch new ones.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}

pub(super) fn block_domain(cx: &Ctx, key: &str) -> Step {
    let d = domain(cx);
    let vpc = cx.instance().and_then(|i| i.network_interfaces.iter().find_map(|n| n.vpc_id.as_deref()));
    let list_hint = "the Id that create-firewall-domain-list printed, or that of the existing list from list-firewall-rule-group-associations and list-firewall-rules";
    let commands = vec![
        cx.cmd("See whether the VPC already has DNS Firewall rule groups: if one has a BLOCK rule whose domain list you can add to, skip to the update-firewall-domains command with that list's ID")
            .t("aws route53resolver list-firewall-rule-group-associations --vpc-id ")
            .v_or(vpc, "resource.instanceDetails.networkInterfaces.vpcId", "vpc-id", "the task's VPC (describe-network-interfaces on the task's interface prints it)")
            .build(),
        cx.cmd("Otherwise: create a domain list for the incident's domains")
            .t("aws route53resolver create-firewall-domain-list --name ")
            .choose("domain-list-name", "a name such as incident-blocklist")
            .t(" --query FirewallDomainList.Id --output text")
            .build(),
        cx.cmd("Add the domain to the list")
            .t("aws route53resolver update-firewall-domains --firewall-domain-list-id ")
            .output("domain-list-id", list_hint)
            .t(" --operation ADD --domains ")
            .v_or(d, P_DNS, "domain", "the domain the task looked up")
            .build(),
        cx.cmd("If you created the list: create a rule group for it")
            .t("aws route53resolver create-firewall-rule-group --name ")
            .choose("rule-group-name", "a name such as incident-block")
            .t(" --query FirewallRuleGroup.Id --output text")
            .build(),
        cx.cmd("Add a rule that blocks the list's domains: lookups get an empty answer")
            .t("aws route53resolver create-firewall-rule --firewall-rule-group-id ")
            .output("rule-group-id", "the Id that create-firewall-rule-group printed")
            .t(" --firewall-domain-list-id ")
            .output("domain-list-id", list_hint)
            .t(" --priority 100 --action BLOCK --block-response NODATA --name block-incident-domains")
            .build(),
        cx.cmd("Associate the rule group with the task's VPC")
            .t("aws route53resolver associate-firewall-rule-group --firewall-rule-group-id ")
            .output("rule-group-id", "the Id that create-firewall-rule-group printed")
            .t(" --vpc-id ")
            .v_or(vpc, "resource.instanceDetails.networkInterfaces.vpcId", "vpc-id", "the task's VPC (describe-network-interfaces on the task's interface prints it)")
            .t(" --priority ")
            .choose("association-priority", "a priority between 101 and 9900 that no other rule group associated with the VPC uses, such as 101")
            .t(" --name incident-block")
            .caution("ecs/dns-firewall-associated", "Every lookup of the listed domains from the whole VPC gets an empty answer from now on, for every workload in it. Remove the association (disassociate-firewall-rule-group) when the incident is over, if the block should not stay.")
            .build(),
    ];
    Step {
        id: format!("{key}/block-domain"),
        phase: Phase::Contain,
        title: "Block the domain the task looked up".into(),
        why: "The task looked up a domain GuardDuty knows as an attacker's. Blocking it at the VPC's resolver cuts every task and instance in the VPC off from it, whatever happens to this task, while the steps below contain the task itself. It does not stop traffic to addresses the malware already knows.".into(),
        facts: vec![fact("Domain looked up", d, P_DNS), fact("VPC", vpc, "resource.instanceDetails.networkInterfaces.vpcId")],
        decisions: Vec::new(),
        commands,
    }
}

pub(super) fn isolate(cx: &Ctx, key: &str) -> Step {
    let standalone = service_state(cx) == ServiceState::None;
    let check = cx
        .cmd(if standalone {
            "Confirm that no service runs the task (its group does not start with service:): nothing will replace it, so it can be isolated as it is"
        } else {
            "Whether a service runs the task: only if its group does not start with service: is this step for it (a service's task is contained by the service step below)"
        })
        .t("aws ecs describe-tasks --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --tasks ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --query 'tasks[].[taskArn,lastStatus,group,startedBy]'")
        // A task no service runs has no controller to bring it back: confirming that is its release.
        .releases(Subject::Task);
    let mut commands = vec![
        check.build(),
        cx.cmd("Find the task's network interface")
            .t("aws ecs describe-tasks --cluster ")
            .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --query 'tasks[].attachments[].details[?name==`networkInterfaceId`].value'")
            .build(),
    ];
    // A task on a container instance is in the instance's VPC; a Fargate task's VPC is its
    // interface's.
    let vpc = cx.instance().and_then(|i| i.network_interfaces.iter().find_map(|n| n.vpc_id.as_deref()));
    if vpc.is_none() {
        commands.push(
            cx.cmd("The interface's VPC, for the isolation group")
                .t("aws ec2 describe-network-interfaces --network-interface-ids ")
                .output("eni-id", "the interface printed by the command above")
                .t(" --query 'NetworkInterfaces[].VpcId'")
                .build(),
        );
    }
    commands.extend(isolation_group(
        cx,
        None,
        Vpc {
            value: vpc,
            path: "resource.instanceDetails.networkInterfaces.vpcId",
            hint: "the VPC printed by the command above",
        },
    ));
    commands.push(check_isolation_group(cx));
    commands.extend([cx
        .cmd("Give the task's interface only the isolation group (note its old groups first)")
        .t("aws ec2 modify-network-interface-attribute --network-interface-id ")
        .output("eni-id", "the task's interface, printed above")
        .t(" --groups ")
        .output("isolation-group-id", GROUP_ID_HINT)
        .contains(Subject::Task)
        .build()]);
    let mut decisions = vec![Decision {
        id: "ecs/does-the-task-have-its-own-network-interface".into(),
        question: "Does the task have its own network interface?".into(),
        answer: if is_fargate(cx) {
            "Yes: Fargate tasks use awsvpc networking, so swapping the interface's security groups isolates this task alone.".into()
        } else {
            "Only with awsvpc networking. With bridge or host networking the task shares the container instance's interface: isolate the instance instead (EC2 instance guide).".into()
        },
        tone: Tone::Info,
    }];
    decisions.push(Decision {
        id: "ecs/what-if-ec2-refuses-the-group-swap".into(),
        question: "What if EC2 refuses to change the interface's groups?".into(),
        answer: if is_fargate(cx) {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. A Fargate task has no host to isolate instead: stop it (next step) once its evidence is saved."
        } else if is_ec2(cx) {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. Then isolate the container instance instead (EC2 instance guide): every task on it loses its network with it."
        } else {
            "ECS manages the task's interface (it is requester-managed), and EC2 may refuse to change it. On the EC2 launch type, isolate the container instance instead (EC2 instance guide); a Fargate task has no host to isolate: stop it (next step) once its evidence is saved."
        }
        .into(),
        tone: Tone::Warning,
    });
    Step {
        id: format!("{key}/isolate"),
        phase: Phase::Contain,
        title: if standalone { "Isolate the task".into() } else { "If no service runs the task: isolate it".into() },
        why: "A task that no service runs keeps running until someone stops it, and nothing replaces it: blocking all its traffic stops it reaching the attacker or other systems, while it keeps running for investigation. (A service's task cannot be isolated this way: it fails its health checks and the service replaces it from the same definition.)".into(),
        facts: vec![
            fact("Task", task_arn(cx), &format!("{P_TASK}.arn")),
            fact("Launch type", launch_type(cx), &format!("{P_TASK}.launchType")),
            fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group")),
        ],
        decisions,
        commands,
    }
}

pub(super) fn stop(cx: &Ctx, key: &str) -> Step {
    let standalone = service_state(cx) == ServiceState::None;
    let commands = vec![cx
        .cmd("Once the investigation needs nothing more from it: stop the compromised task")
        .t("aws ecs stop-task --cluster ")
        .v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT)
        .t(" --task ")
        .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
        .t(" --reason 'Security incident'")
        .build()];
    Step {
        id: format!("{key}/stop"),
        phase: Phase::Eradicate,
        title: if standalone { "Stop the task".into() } else { "If no service runs the task: stop it".into() },
        why: "A task no service runs stays until it is stopped. Stop it once its evidence is saved and the investigation needs nothing more from it running. Stopping a service's task would only make the service start another from the same definition.".into(),
        facts: vec![fact("Task", task_arn(cx), &format!("{P_TASK}.arn"))],
        decisions: Vec::new(),
        commands,
    }
}

pub(super) fn fix_definition(cx: &Ctx, key: &str) -> Step {
    let service = service_state(cx) != ServiceState::None;
    let commands = vec![cx
        .cmd("Register the fixed copy of the definition as a new revision (older revisions stay as they were)")
        .t("aws ecs register-task-definition --cli-input-json file://")
        .choose("fixed-task-definition.json", "the file holding your edited copy of the task definition saved above")
        .build()];
    Step {
        id: format!("{key}/fix-definition"),
        phase: if service { Phase::Contain } else { Phase::Eradicate },
        title: "Fix the task definition".into(),
        why: if service {
            "A service starts its tasks from its task definition: until the definition is fixed, every replacement is as compromised as the task it replaces. If a fixed definition cannot be ready soon, go straight to the next step and scale the service to zero instead.".into()
        } else {
            "Whatever started the task (a schedule, a pipeline, a person running run-task) starts the next one from the same definition: register a fixed revision and point it there.".into()
        },
        facts: vec![fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn"))],
        decisions: vec![Decision {
            id: "ecs/what-goes-into-the-fixed-definition".into(),
            question: "What goes into the fixed definition?".into(),
            answer: "Edit the saved definition: a clean image (pinned by digest) with the application's hole fixed, no privileged mode or host mounts the task does not need, a task role with only the permissions it needs, and secrets rotated. Remove the fields that register-task-definition does not accept (taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy) before registering it.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

pub(super) fn replace(cx: &Ctx, key: &str) -> Step {
    let known = service_state(cx);
    let service = match known {
        ServiceState::Service(s) => Some(s),
        _ => None,
    };
    let cluster = |c: crate::guide::command::Cmd| c.v_or(name(cx), &format!("{P_ECS}.name"), "cluster", CLUSTER_HINT);
    let svc = |c: crate::guide::command::Cmd| {
        c.v_or(
            service,
            &format!("{P_TASK}.group"),
            "service",
            "the service that runs the task (its group without the service: prefix)",
        )
    };
    let mut commands = Vec::new();
    if !is_fargate(cx) {
        // Emptying or rolling the service can make a capacity provider's managed scaling scale in
        // and terminate the container instance, snapshots pending or not.
        let inst = |c: crate::guide::command::Cmd| match cx.instance_id() {
            Some(i) => c.v(i, "resource.instanceDetails.instanceId"),
            None => c.output(
                "instance-id",
                "the ec2InstanceId that describe-container-instances printed in the evidence step",
            ),
        };
        commands.push(
            inst(cx.cmd("On the EC2 launch type: the Auto Scaling group of the container instance (nothing printed: none, so skip the next command)").t("aws autoscaling describe-auto-scaling-instances --instance-ids "))
                .t(" --query 'AutoScalingInstances[].AutoScalingGroupName'")
                .build(),
        );
        commands.push(
            inst(cx.cmd("Protect the container instance from scale-in before the service changes: with managed scaling, fewer tasks can make the group terminate it, and its evidence with it").t("aws autoscaling set-instance-protection --instance-ids "))
                .t(" --auto-scaling-group-name ")
                .output("auto-scaling-group-name", "the group printed by the command above")
                .t(" --protected-from-scale-in")
                .releases(Subject::Instance)
                .build(),
        );
    }
    commands.extend([
        svc(cluster(cx.cmd("Roll the service onto the fixed revision: it starts clean tasks and stops the compromised ones").t("aws ecs update-service --cluster ")).t(" --service "))
            .t(" --task-definition ")
            .output("fixed-task-definition", "the family:revision that register-task-definition printed in the step above")
            .build(),
        svc(cluster(cx.cmd("Instead, when no fixed definition can be ready soon: scale the service to zero").t("aws ecs update-service --cluster ")).t(" --service "))
            .t(" --desired-count 0")
            .caution("ecs/service-scaled-to-zero", "This is an outage: every task of the service stops (their memory and ephemeral storage are lost) and none is started until the desired count is raised again. Save each task's evidence first.")
            .build(),
        cluster(cx.cmd("Check that the compromised task has stopped").t("aws ecs describe-tasks --cluster "))
            .t(" --tasks ")
            .v_or(task_arn(cx), &format!("{P_TASK}.arn"), "task-arn", TASK_HINT)
            .t(" --query 'tasks[].[taskArn,lastStatus,stoppedReason]'")
            .build(),
    ]);
    Step {
        id: format!("{key}/replace"),
        phase: Phase::Contain,
        title: if known == ServiceState::Unknown {
            "If a service runs the task: contain it by replacing the service's tasks".into()
        } else {
            "Contain the task by replacing the service's tasks".into()
        },
        why: "There is no way to take a task from its service: isolating it makes it fail its health checks, and stopping it makes the service start another from the same definition. The service's task is contained by replacement: roll the service onto the fixed revision, or, when no fix can be ready soon, scale it to zero. Either way the compromised task is stopped, so its evidence must already be saved (the steps above).".into(),
        facts: vec![
            fact("Task definition", task(cx).and_then(|t| t.definition_arn.clone()), &format!("{P_TASK}.definitionArn")),
            fact("Group (service)", task(cx).and_then(|t| t.group.clone()), &format!("{P_TASK}.group")),
        ],
        decisions: vec![
            Decision {
                id: "ecs/what-if-no-fixed-definition-is-ready".into(),
                question: "What if no fixed definition can be ready soon, or the whole service is the attacker's?".into(),
                answer: "Scale the service to zero (the second command) instead of rolling it. It is an outage: the service runs nothing until you raise its desired count again, on the fixed definition.".into(),
                tone: Tone::Danger,
            },
            Decision {
                id: "ecs/can-the-services-tasks-be-kept-running-but-cut-off".into(),
                question: "Can the service's tasks be kept running but cut off?".into(),
                answer: "Only through a new deployment: update-service with --network-configuration naming an isolation group (no inbound or outbound rules) and the service's subnets starts tasks that have no traffic and stops the old ones, the compromised task included. It keeps nothing of that task, and serves no one.".into(),
                tone: Tone::Info,
            },
        ],
        commands,
    }
}
