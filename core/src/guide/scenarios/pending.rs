//! Scenarios whose full steps are not written yet: the guide still identifies the resource with the
//! finding's values and points to AWS's page for the steps, and says plainly that it does so.

use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Fact, Step, Tone};
use crate::scenario::ScenarioKey;

/// The resource's identifying facts, whatever its kind.
fn resource_facts(cx: &Ctx) -> Vec<Fact> {
    let r = &cx.f.resource;
    let mut facts = vec![fact("Resource type", r.resource_type.clone(), "resource.resourceType")];
    if let Some(e) = &r.eks_cluster_details {
        facts.push(fact("EKS cluster", e.name.clone(), "resource.eksClusterDetails.name"));
        facts.push(fact("Cluster ARN", e.arn.clone(), "resource.eksClusterDetails.arn"));
    }
    if let Some(e) = &r.ecs_cluster_details {
        facts.push(fact("ECS cluster", e.name.clone(), "resource.ecsClusterDetails.name"));
        facts.push(fact(
            "Task",
            e.task_details.as_ref().and_then(|t| t.arn.clone()),
            "resource.ecsClusterDetails.taskDetails.arn",
        ));
    }
    if let Some(c) = &r.container_details {
        facts.push(fact("Container", c.name.clone().or_else(|| c.id.clone()), "resource.containerDetails.name"));
        facts.push(fact("Image", c.image.clone(), "resource.containerDetails.image"));
    }
    if let Some(l) = &r.lambda_details {
        facts.push(fact("Function", l.function_name.clone(), "resource.lambdaDetails.functionName"));
        facts.push(fact("Version", l.function_version.clone(), "resource.lambdaDetails.functionVersion"));
    }
    if let Some(d) = &r.rds_db_instance_details {
        facts.push(fact(
            "DB instance",
            d.db_instance_identifier.clone(),
            "resource.rdsDbInstanceDetails.dbInstanceIdentifier",
        ));
        facts.push(fact("Engine", d.engine.clone(), "resource.rdsDbInstanceDetails.engine"));
    }
    if let Some(u) = &r.rds_db_user_details {
        facts.push(fact("Database user", u.user.clone(), "resource.rdsDbUserDetails.user"));
    }
    if let Some(s) = &r.ebs_snapshot_details {
        facts.push(fact("Snapshot ARN", s.snapshot_arn.clone(), "resource.ebsSnapshotDetails.snapshotArn"));
    }
    if let Some(i) = &r.ec2_image_details {
        facts.push(fact("Image ARN", i.image_arn.clone(), "resource.ec2ImageDetails.imageArn"));
    }
    if let Some(rp) = &r.recovery_point_details {
        facts.push(fact(
            "Recovery point ARN",
            rp.recovery_point_arn.clone(),
            "resource.recoveryPointDetails.recoveryPointArn",
        ));
        facts.push(fact("Backup vault", rp.backup_vault_name.clone(), "resource.recoveryPointDetails.backupVaultName"));
    }
    if let Some(id) = cx.instance_id() {
        facts.push(fact("Instance ID", Some(id), "resource.instanceDetails.instanceId"));
    }
    if let Some(k) = &r.kubernetes_details {
        if let Some(u) = &k.kubernetes_user_details {
            facts.push(fact(
                "Kubernetes user",
                u.username.clone(),
                "resource.kubernetesDetails.kubernetesUserDetails.username",
            ));
        }
        if let Some(w) = &k.kubernetes_workload_details {
            facts.push(fact("Workload", w.name.clone(), "resource.kubernetesDetails.kubernetesWorkloadDetails.name"));
            facts.push(fact(
                "Namespace",
                w.namespace.clone(),
                "resource.kubernetesDetails.kubernetesWorkloadDetails.namespace",
            ));
        }
    }
    if let Some(p) = cx.f.service.runtime_details.as_ref().and_then(|r| r.process.as_ref()) {
        facts.push(fact("Process", p.name.clone(), "service.runtimeDetails.process.name"));
        facts.push(fact("Executable", p.executable_path.clone(), "service.runtimeDetails.process.executablePath"));
    }
    facts
}

pub fn steps(key: ScenarioKey, cx: &Ctx) -> Vec<Step> {
    vec![Step {
        id: format!("{}/identify", key.as_str()),
        title: "Identify the affected resource".into(),
        why: "Findlens's step-by-step guide for this scenario is not written yet: the facts below identify the resource from this finding, and AWS's page linked above has the remediation steps.".into(),
        facts: resource_facts(cx),
        decisions: vec![Decision {
            question: "Where are the remediation steps?".into(),
            answer: "On AWS's page for this scenario (linked in the section heading). Findlens will fill them in with this finding's values in a coming version.".into(),
            tone: Tone::Info,
        }],
        commands: Vec::new(),
    }]
}
