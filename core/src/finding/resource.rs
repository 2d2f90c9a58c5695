//! `Resource`: what the finding is about. One detail block per kind of resource, named as in the
//! GuardDuty API model. Older sample findings attach blocks of other kinds too, so the resource's
//! kind comes from `resourceType`, never from which blocks are present.

use super::model_macro::model;

model! {
    /// `Resource`.
    pub struct Resource {
        resource_type: str = "resourceType",
        access_key_details: obj<AccessKeyDetails> = "accessKeyDetails",
        s3_bucket_details: list<S3BucketDetail> = "s3BucketDetails",
        instance_details: obj<InstanceDetails> = "instanceDetails",
        eks_cluster_details: obj<EksClusterDetails> = "eksClusterDetails",
        kubernetes_details: obj<KubernetesDetails> = "kubernetesDetails",
        ebs_volume_details: obj<EbsVolumeDetails> = "ebsVolumeDetails",
        ecs_cluster_details: obj<EcsClusterDetails> = "ecsClusterDetails",
        container_details: obj<Container> = "containerDetails",
        lambda_details: obj<LambdaDetails> = "lambdaDetails",
        rds_db_instance_details: obj<RdsDbInstanceDetails> = "rdsDbInstanceDetails",
        rds_limitless_db_details: obj<RdsLimitlessDbDetails> = "rdsLimitlessDbDetails",
        rds_db_user_details: obj<RdsDbUserDetails> = "rdsDbUserDetails",
        ebs_snapshot_details: obj<EbsSnapshotDetails> = "ebsSnapshotDetails",
        ec2_image_details: obj<Ec2ImageDetails> = "ec2ImageDetails",
        recovery_point_details: obj<RecoveryPointDetails> = "recoveryPointDetails",
        bedrock_guardrail_details: obj<BedrockGuardrailDetails> = "bedrockGuardrailDetails",
        model_details: list<ModelDetail> = "modelDetails",
    }
}

model! {
    pub struct AccessKeyDetails {
        access_key_id: id = "accessKeyId",
        principal_id: id = "principalId",
        user_name: id = "userName",
        user_type: str = "userType",
    }
}

model! {
    pub struct Tag { key: str = "key", value: str = "value" }
}

model! {
    pub struct InstanceDetails {
        availability_zone: str = "availabilityZone",
        iam_instance_profile: obj<IamInstanceProfile> = "iamInstanceProfile",
        image_description: str = "imageDescription",
        image_id: id = "imageId",
        instance_id: id = "instanceId",
        instance_state: str = "instanceState",
        instance_type: str = "instanceType",
        outpost_arn: id = "outpostArn",
        launch_time: ts = "launchTime",
        network_interfaces: list<NetworkInterface> = "networkInterfaces",
        platform: str = "platform",
        product_codes: list<ProductCode> = "productCodes",
        tags: list<Tag> = "tags",
    }
}

model! {
    pub struct IamInstanceProfile { arn: id = "arn", id: id = "id" }
}

model! {
    pub struct ProductCode { code: str = "productCodeId", product_type: str = "productCodeType" }
}

model! {
    pub struct NetworkInterface {
        ipv6_addresses: strs = "ipv6Addresses",
        network_interface_id: id = "networkInterfaceId",
        private_dns_name: str = "privateDnsName",
        private_ip_address: str = "privateIpAddress",
        public_dns_name: str = "publicDnsName",
        public_ip: str = "publicIp",
        security_groups: list<SecurityGroup> = "securityGroups",
        subnet_id: id = "subnetId",
        vpc_id: id = "vpcId",
    }
}

model! {
    pub struct SecurityGroup { group_id: id = "groupId", group_name: id = "groupName" }
}

model! {
    pub struct S3BucketDetail {
        arn: id = "arn",
        name: id = "name",
        bucket_type: str = "type",
        created_at: ts = "createdAt",
        owner: obj<Owner> = "owner",
        tags: list<Tag> = "tags",
        default_server_side_encryption: obj<DefaultServerSideEncryption> = "defaultServerSideEncryption",
        public_access: obj<PublicAccess> = "publicAccess",
        s3_object_details: list<S3ObjectDetail> = "s3ObjectDetails",
    }
}

model! {
    pub struct Owner { id: id = "id" }
}

model! {
    pub struct DefaultServerSideEncryption {
        encryption_type: str = "encryptionType",
        kms_master_key_arn: id = "kmsMasterKeyArn",
    }
}

model! {
    pub struct PublicAccess {
        permission_configuration: obj<PermissionConfiguration> = "permissionConfiguration",
        effective_permission: str = "effectivePermission",
    }
}

model! {
    pub struct PermissionConfiguration {
        bucket_level_permissions: obj<BucketLevelPermissions> = "bucketLevelPermissions",
        account_level_permissions: obj<AccountLevelPermissions> = "accountLevelPermissions",
    }
}

model! {
    pub struct BucketLevelPermissions {
        access_control_list: obj<PublicReadWrite> = "accessControlList",
        bucket_policy: obj<PublicReadWrite> = "bucketPolicy",
        block_public_access: obj<BlockPublicAccess> = "blockPublicAccess",
    }
}

model! {
    pub struct AccountLevelPermissions {
        block_public_access: obj<BlockPublicAccess> = "blockPublicAccess",
    }
}

model! {
    /// `AccessControlList` and `BucketPolicy` have the same two members.
    pub struct PublicReadWrite {
        allows_public_read_access: bool = "allowsPublicReadAccess",
        allows_public_write_access: bool = "allowsPublicWriteAccess",
    }
}

model! {
    pub struct BlockPublicAccess {
        ignore_public_acls: bool = "ignorePublicAcls",
        restrict_public_buckets: bool = "restrictPublicBuckets",
        block_public_acls: bool = "blockPublicAcls",
        block_public_policy: bool = "blockPublicPolicy",
    }
}

model! {
    pub struct S3ObjectDetail {
        object_arn: id = "objectArn",
        key: id = "key",
        e_tag: str = "eTag",
        hash: str = "hash",
        version_id: id = "versionId",
    }
}

model! {
    pub struct EksClusterDetails {
        name: id = "name",
        arn: id = "arn",
        vpc_id: id = "vpcId",
        status: str = "status",
        tags: list<Tag> = "tags",
        created_at: ts = "createdAt",
    }
}

model! {
    pub struct KubernetesDetails {
        kubernetes_user_details: obj<KubernetesUserDetails> = "kubernetesUserDetails",
        kubernetes_workload_details: obj<KubernetesWorkloadDetails> = "kubernetesWorkloadDetails",
    }
}

model! {
    pub struct KubernetesUserDetails {
        username: id = "username",
        uid: id = "uid",
        groups: strs = "groups",
        session_name: strs = "sessionName",
        impersonated_user: obj<ImpersonatedUser> = "impersonatedUser",
    }
}

model! {
    pub struct ImpersonatedUser { username: id = "username", groups: strs = "groups" }
}

model! {
    pub struct KubernetesWorkloadDetails {
        name: id = "name",
        workload_type: str = "type",
        uid: id = "uid",
        namespace: id = "namespace",
        host_network: bool = "hostNetwork",
        service_account_name: id = "serviceAccountName",
        containers: list<Container> = "containers",
        volumes: list<Volume> = "volumes",
        host_ipc: bool = "hostIPC",
        host_pid: bool = "hostPID",
    }
}

model! {
    pub struct Container {
        container_runtime: str = "containerRuntime",
        id: id = "id",
        name: id = "name",
        image: id = "image",
        image_prefix: str = "imagePrefix",
        volume_mounts: list<VolumeMount> = "volumeMounts",
        security_context: obj<SecurityContext> = "securityContext",
    }
}

model! {
    pub struct SecurityContext {
        privileged: bool = "privileged",
        allow_privilege_escalation: bool = "allowPrivilegeEscalation",
    }
}

model! {
    pub struct Volume { name: str = "name", host_path: obj<HostPath> = "hostPath" }
}

model! {
    pub struct HostPath { path: str = "path" }
}

model! {
    pub struct VolumeMount { name: str = "name", mount_path: str = "mountPath" }
}

model! {
    pub struct EbsVolumeDetails {
        scanned_volume_details: list<VolumeDetail> = "scannedVolumeDetails",
        skipped_volume_details: list<VolumeDetail> = "skippedVolumeDetails",
    }
}

model! {
    pub struct VolumeDetail {
        volume_arn: id = "volumeArn",
        volume_type: str = "volumeType",
        device_name: str = "deviceName",
        volume_size_in_gb: i64 = "volumeSizeInGB",
        encryption_type: str = "encryptionType",
        snapshot_arn: id = "snapshotArn",
        kms_key_arn: id = "kmsKeyArn",
    }
}

model! {
    pub struct EcsClusterDetails {
        name: id = "name",
        arn: id = "arn",
        status: str = "status",
        active_services_count: i64 = "activeServicesCount",
        registered_container_instances_count: i64 = "registeredContainerInstancesCount",
        running_tasks_count: i64 = "runningTasksCount",
        tags: list<Tag> = "tags",
        task_details: obj<EcsTaskDetails> = "taskDetails",
    }
}

model! {
    pub struct EcsTaskDetails {
        arn: id = "arn",
        definition_arn: id = "definitionArn",
        version: str = "version",
        task_created_at: ts = "createdAt",
        started_at: ts = "startedAt",
        started_by: str = "startedBy",
        tags: list<Tag> = "tags",
        volumes: list<Volume> = "volumes",
        containers: list<Container> = "containers",
        group: str = "group",
        launch_type: str = "launchType",
    }
}

model! {
    pub struct LambdaDetails {
        function_arn: id = "functionArn",
        function_name: id = "functionName",
        description: str = "description",
        last_modified_at: ts = "lastModifiedAt",
        revision_id: str = "revisionId",
        function_version: str = "functionVersion",
        role: id = "role",
        vpc_config: obj<VpcConfig> = "vpcConfig",
        tags: list<Tag> = "tags",
    }
}

model! {
    pub struct VpcConfig {
        subnet_ids: strs = "subnetIds",
        vpc_id: id = "vpcId",
        security_groups: list<SecurityGroup> = "securityGroups",
    }
}

model! {
    pub struct RdsDbInstanceDetails {
        db_instance_identifier: id = "dbInstanceIdentifier",
        engine: str = "engine",
        engine_version: str = "engineVersion",
        db_cluster_identifier: id = "dbClusterIdentifier",
        db_instance_arn: id = "dbInstanceArn",
        dbi_resource_id: id = "dbiResourceId",
        tags: list<Tag> = "tags",
    }
}

model! {
    pub struct RdsLimitlessDbDetails {
        db_shard_group_identifier: id = "dbShardGroupIdentifier",
        db_shard_group_resource_id: id = "dbShardGroupResourceId",
        db_shard_group_arn: id = "dbShardGroupArn",
        engine: str = "engine",
        engine_version: str = "engineVersion",
        db_cluster_identifier: id = "dbClusterIdentifier",
        tags: list<Tag> = "tags",
    }
}

model! {
    pub struct RdsDbUserDetails {
        user: id = "user",
        application: str = "application",
        database: str = "database",
        ssl: str = "ssl",
        auth_method: str = "authMethod",
    }
}

model! {
    pub struct EbsSnapshotDetails { snapshot_arn: id = "snapshotArn" }
}

model! {
    pub struct Ec2ImageDetails { image_arn: id = "imageArn" }
}

model! {
    pub struct RecoveryPointDetails {
        recovery_point_arn: id = "recoveryPointArn",
        backup_vault_name: id = "backupVaultName",
    }
}

model! {
    pub struct BedrockGuardrailDetails {
        guardrail_arn: id = "guardrailArn",
        guardrail_version: str = "guardrailVersion",
        guardrail_action: str = "guardrailAction",
        guardrail_source: str = "guardrailSource",
        content_policy_filters: list<ContentPolicyFilter> = "contentPolicyFilters",
    }
}

model! {
    pub struct ContentPolicyFilter {
        filter_type: str = "type",
        confidence: str = "confidence",
        action: str = "action",
    }
}

model! {
    pub struct ModelDetail { model_id: id = "modelId" }
}
