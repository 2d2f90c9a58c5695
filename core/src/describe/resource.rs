//! The Resource and Kubernetes sections: what the finding is about.

use crate::finding::{Container, Resource, VolumeDetail};

use super::build::{Builder, Rows};
use super::Section;

const R: &str = "resource";

fn at(field: &str) -> String {
    format!("{R}.{field}")
}

pub(super) fn resource(r: &Resource) -> Option<Section> {
    let mut s = Builder::new("resource", "Resource");
    let mut top = Rows::at(R);
    top.str("Resource type", &r.resource_type, "resourceType");
    if let Some(k) = &r.access_key_details {
        top.str("Access key ID", &k.access_key_id, "accessKeyDetails.accessKeyId")
            .str("Principal ID", &k.principal_id, "accessKeyDetails.principalId")
            .str("User name", &k.user_name, "accessKeyDetails.userName")
            .str("User type", &k.user_type, "accessKeyDetails.userType");
    }
    if let Some(d) = &r.ebs_snapshot_details {
        top.str("EBS snapshot", &d.snapshot_arn, "ebsSnapshotDetails.snapshotArn");
    }
    if let Some(d) = &r.ec2_image_details {
        top.str("AMI", &d.image_arn, "ec2ImageDetails.imageArn");
    }
    if let Some(d) = &r.recovery_point_details {
        top.str("Recovery point", &d.recovery_point_arn, "recoveryPointDetails.recoveryPointArn").str(
            "Backup vault",
            &d.backup_vault_name,
            "recoveryPointDetails.backupVaultName",
        );
    }
    s.rows(top);
    if let Some(i) = &r.instance_details {
        let mut rows = Rows::at(at("instanceDetails"));
        rows.str("Instance ID", &i.instance_id, "instanceId")
            .str("Instance type", &i.instance_type, "instanceType")
            .str("State", &i.instance_state, "instanceState")
            .str("Availability Zone", &i.availability_zone, "availabilityZone")
            .str("Image ID", &i.image_id, "imageId")
            .str("Image description", &i.image_description, "imageDescription")
            .str("Platform", &i.platform, "platform")
            .time("Launched", &i.launch_time, "launchTime")
            .text(
                "IAM instance profile",
                i.iam_instance_profile.as_ref().and_then(|p| p.arn.clone()),
                "iamInstanceProfile.arn",
            )
            .str("Outpost ARN", &i.outpost_arn, "outpostArn")
            .tags("Tags", &i.tags, "tags");
        s.item("EC2 instance", rows);
        for (n, ni) in i.network_interfaces.iter().enumerate() {
            let groups: Vec<String> = ni
                .security_groups
                .iter()
                .map(|g| match (&g.group_id, &g.group_name) {
                    (Some(id), Some(name)) => format!("{id} ({name})"),
                    (Some(id), None) => id.clone(),
                    (None, Some(name)) => name.clone(),
                    (None, None) => String::new(),
                })
                .collect();
            let mut rows = Rows::at(at("instanceDetails.networkInterfaces"));
            rows.str("Interface ID", &ni.network_interface_id, "networkInterfaceId")
                .str("VPC", &ni.vpc_id, "vpcId")
                .str("Subnet", &ni.subnet_id, "subnetId")
                .str("Private IP", &ni.private_ip_address, "privateIpAddress")
                .str("Private DNS", &ni.private_dns_name, "privateDnsName")
                .str("Public IP", &ni.public_ip, "publicIp")
                .str("Public DNS", &ni.public_dns_name, "publicDnsName")
                .list("IPv6", &ni.ipv6_addresses, "ipv6Addresses")
                .list("Security groups", &groups, "securityGroups.groupId");
            s.item(format!("Network interface {}", n + 1), rows);
        }
    }
    for b in &r.s3_bucket_details {
        let mut rows = Rows::at(at("s3BucketDetails"));
        rows.str("Name", &b.name, "name")
            .str("ARN", &b.arn, "arn")
            .str("Type", &b.bucket_type, "type")
            .time("Created", &b.created_at, "createdAt")
            .text("Owner", b.owner.as_ref().and_then(|o| o.id.clone()), "owner.id")
            .text(
                "Encryption",
                b.default_server_side_encryption.as_ref().and_then(|e| e.encryption_type.clone()),
                "defaultServerSideEncryption.encryptionType",
            )
            .text(
                "Effective permission",
                b.public_access.as_ref().and_then(|p| p.effective_permission.clone()),
                "publicAccess.effectivePermission",
            )
            .tags("Tags", &b.tags, "tags");
        for o in &b.s3_object_details {
            rows.str("Object key", &o.key, "s3ObjectDetails.key")
                .str("Object version", &o.version_id, "s3ObjectDetails.versionId")
                .str("Object hash", &o.hash, "s3ObjectDetails.hash");
        }
        s.item("S3 bucket", rows);
    }
    if let Some(e) = &r.eks_cluster_details {
        let mut rows = Rows::at(at("eksClusterDetails"));
        rows.str("Name", &e.name, "name")
            .str("ARN", &e.arn, "arn")
            .str("VPC", &e.vpc_id, "vpcId")
            .str("Status", &e.status, "status")
            .time("Created", &e.created_at, "createdAt")
            .tags("Tags", &e.tags, "tags");
        s.item("EKS cluster", rows);
    }
    if let Some(e) = &r.ecs_cluster_details {
        let mut rows = Rows::at(at("ecsClusterDetails"));
        rows.str("Name", &e.name, "name")
            .str("ARN", &e.arn, "arn")
            .str("Status", &e.status, "status")
            .tags("Tags", &e.tags, "tags");
        if let Some(t) = &e.task_details {
            rows.str("Task ARN", &t.arn, "taskDetails.arn")
                .str("Task definition", &t.definition_arn, "taskDetails.definitionArn")
                .str("Launch type", &t.launch_type, "taskDetails.launchType")
                .str("Group", &t.group, "taskDetails.group")
                .str("Started by", &t.started_by, "taskDetails.startedBy")
                .time("Task started", &t.started_at, "taskDetails.startedAt");
        }
        s.item("ECS cluster", rows);
        for c in e.task_details.iter().flat_map(|t| &t.containers) {
            s.item("Container", container(c, &at("ecsClusterDetails.taskDetails.containers")));
        }
    }
    if let Some(c) = &r.container_details {
        s.item("Container", container(c, &at("containerDetails")));
    }
    if let Some(l) = &r.lambda_details {
        let mut rows = Rows::at(at("lambdaDetails"));
        rows.str("Function name", &l.function_name, "functionName")
            .str("ARN", &l.function_arn, "functionArn")
            .str("Version", &l.function_version, "functionVersion")
            .str("Role", &l.role, "role")
            .str("Description", &l.description, "description")
            .time("Last modified", &l.last_modified_at, "lastModifiedAt")
            .text("VPC", l.vpc_config.as_ref().and_then(|v| v.vpc_id.clone()), "vpcConfig.vpcId")
            .tags("Tags", &l.tags, "tags");
        s.item("Lambda function", rows);
    }
    if let Some(d) = &r.rds_db_instance_details {
        let mut rows = Rows::at(at("rdsDbInstanceDetails"));
        rows.str("DB instance", &d.db_instance_identifier, "dbInstanceIdentifier")
            .str("DB cluster", &d.db_cluster_identifier, "dbClusterIdentifier")
            .str("ARN", &d.db_instance_arn, "dbInstanceArn")
            .str("Engine", &d.engine, "engine")
            .str("Engine version", &d.engine_version, "engineVersion")
            .tags("Tags", &d.tags, "tags");
        s.item("RDS database", rows);
    }
    if let Some(d) = &r.rds_limitless_db_details {
        let mut rows = Rows::at(at("rdsLimitlessDbDetails"));
        rows.str("Shard group", &d.db_shard_group_identifier, "dbShardGroupIdentifier")
            .str("Shard group ARN", &d.db_shard_group_arn, "dbShardGroupArn")
            .str("DB cluster", &d.db_cluster_identifier, "dbClusterIdentifier")
            .str("Engine", &d.engine, "engine")
            .str("Engine version", &d.engine_version, "engineVersion");
        s.item("RDS Limitless database", rows);
    }
    if let Some(u) = &r.rds_db_user_details {
        let mut rows = Rows::at(at("rdsDbUserDetails"));
        rows.str("User", &u.user, "user")
            .str("Application", &u.application, "application")
            .str("Database", &u.database, "database")
            .str("SSL", &u.ssl, "ssl")
            .str("Authentication", &u.auth_method, "authMethod");
        s.item("Database user", rows);
    }
    if let Some(v) = &r.ebs_volume_details {
        for d in &v.scanned_volume_details {
            s.item("EBS volume", volume(d, &at("ebsVolumeDetails.scannedVolumeDetails")));
        }
        for d in &v.skipped_volume_details {
            s.item("EBS volume (not scanned)", volume(d, &at("ebsVolumeDetails.skippedVolumeDetails")));
        }
    }
    s.finish()
}

fn volume(d: &VolumeDetail, base: &str) -> Rows {
    let mut rows = Rows::at(base);
    rows.str("Volume", &d.volume_arn, "volumeArn")
        .str("Device", &d.device_name, "deviceName")
        .str("Type", &d.volume_type, "volumeType")
        .str("Snapshot", &d.snapshot_arn, "snapshotArn")
        .str("Encryption", &d.encryption_type, "encryptionType");
    rows
}

/// A container's rows, under the path of the list or block it is in.
fn container(c: &Container, base: &str) -> Rows {
    let mounts: Vec<String> = c
        .volume_mounts
        .iter()
        .map(|m| format!("{} → {}", m.name.as_deref().unwrap_or("?"), m.mount_path.as_deref().unwrap_or("?")))
        .collect();
    let security = c.security_context.as_ref();
    let mut rows = Rows::at(base);
    rows.str("Name", &c.name, "name")
        .str("ID", &c.id, "id")
        .str("Image", &c.image, "image")
        .str("Runtime", &c.container_runtime, "containerRuntime")
        .yes_no("Privileged", security.and_then(|s| s.privileged), "securityContext.privileged")
        .yes_no(
            "Privilege escalation allowed",
            security.and_then(|s| s.allow_privilege_escalation),
            "securityContext.allowPrivilegeEscalation",
        )
        .list("Volume mounts", &mounts, "volumeMounts");
    rows
}

pub(super) fn kubernetes(r: &Resource) -> Option<Section> {
    let k = r.kubernetes_details.as_ref()?;
    let mut s = Builder::new("kubernetes", "Kubernetes");
    if let Some(u) = &k.kubernetes_user_details {
        let mut rows = Rows::at(at("kubernetesDetails.kubernetesUserDetails"));
        rows.str("User name", &u.username, "username")
            .str("UID", &u.uid, "uid")
            .list("Groups", &u.groups, "groups")
            .list("Session name", &u.session_name, "sessionName")
            .text(
                "Impersonated user",
                u.impersonated_user.as_ref().and_then(|i| i.username.clone()),
                "impersonatedUser.username",
            );
        s.item("User", rows);
    }
    if let Some(w) = &k.kubernetes_workload_details {
        let base = at("kubernetesDetails.kubernetesWorkloadDetails");
        let volumes: Vec<String> = w
            .volumes
            .iter()
            .map(|v| match v.host_path.as_ref().and_then(|h| h.path.clone()) {
                Some(p) => format!("{} (host path {p})", v.name.as_deref().unwrap_or("?")),
                None => v.name.clone().unwrap_or_default(),
            })
            .collect();
        let mut rows = Rows::at(&base);
        rows.str("Name", &w.name, "name")
            .str("Type", &w.workload_type, "type")
            .str("Namespace", &w.namespace, "namespace")
            .str("UID", &w.uid, "uid")
            .str("Service account", &w.service_account_name, "serviceAccountName")
            .yes_no("Host network", w.host_network, "hostNetwork")
            .yes_no("Host PID", w.host_pid, "hostPID")
            .yes_no("Host IPC", w.host_ipc, "hostIPC")
            .list("Volumes", &volumes, "volumes");
        s.item("Workload", rows);
        for c in &w.containers {
            s.item("Container", container(c, &format!("{base}.containers")));
        }
    }
    s.finish()
}
