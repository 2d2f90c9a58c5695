//! `Service`: what GuardDuty observed. The action (one block per action type), threat-list
//! evidence, runtime details, anomaly and attack-sequence detection, and malware scans.
//!
//! Runtime and Kubernetes strings (process names, command lines, paths) come from the monitored
//! host and are attacker-controlled: views render them as text only.

use serde_json::Value;

use super::model_macro::model;
use super::read::{Cx, FromObj, Obj};

model! {
    /// `Service`.
    pub struct Service {
        action: obj<Action> = "action",
        evidence: obj<Evidence> = "evidence",
        archived: bool = "archived",
        count: i64 = "count",
        detector_id: id = "detectorId",
        event_first_seen: ts = "eventFirstSeen",
        event_last_seen: ts = "eventLastSeen",
        resource_role: str = "resourceRole",
        service_name: str = "serviceName",
        user_feedback: str = "userFeedback",
        additional_info: obj<Json> = "additionalInfo",
        feature_name: str = "featureName",
        ebs_volume_scan_details: obj<EbsVolumeScanDetails> = "ebsVolumeScanDetails",
        runtime_details: obj<RuntimeDetails> = "runtimeDetails",
        detection: obj<Detection> = "detection",
        malware_scan_details: obj<MalwareScanDetails> = "malwareScanDetails",
    }
}

/// A free-form object kept as JSON (`additionalInfo`, anomaly profiles): shown as a tree, not typed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Json(pub Value);

impl FromObj for Json {
    fn from_obj(o: Obj<'_>, _cx: &mut Cx) -> Self {
        Json(Value::Object(o.map.clone()))
    }
}

model! {
    /// `Action`: `actionType` says which one of the blocks is filled in.
    pub struct Action {
        action_type: str = "actionType",
        aws_api_call_action: obj<AwsApiCallAction> = "awsApiCallAction",
        dns_request_action: obj<DnsRequestAction> = "dnsRequestAction",
        network_connection_action: obj<NetworkConnectionAction> = "networkConnectionAction",
        port_probe_action: obj<PortProbeAction> = "portProbeAction",
        kubernetes_api_call_action: obj<KubernetesApiCallAction> = "kubernetesApiCallAction",
        kubernetes_permission_checked_details: obj<KubernetesPermissionCheckedDetails> = "kubernetesPermissionCheckedDetails",
        kubernetes_role_binding_details: obj<KubernetesRoleBindingDetails> = "kubernetesRoleBindingDetails",
        kubernetes_role_details: obj<KubernetesRoleDetails> = "kubernetesRoleDetails",
        rds_login_attempt_action: obj<RdsLoginAttemptAction> = "rdsLoginAttemptAction",
    }
}

model! {
    pub struct AwsApiCallAction {
        api: str = "api",
        caller_type: str = "callerType",
        domain_details: obj<DomainDetails> = "domainDetails",
        error_code: str = "errorCode",
        user_agent: str = "userAgent",
        remote_ip_details: obj<RemoteIpDetails> = "remoteIpDetails",
        service_name: str = "serviceName",
        remote_account_details: obj<RemoteAccountDetails> = "remoteAccountDetails",
        affected_resources: obj<Json> = "affectedResources",
    }
}

model! {
    pub struct DomainDetails { domain: str = "domain" }
}

model! {
    pub struct RemoteAccountDetails { account_id: id = "accountId", affiliated: bool = "affiliated" }
}

model! {
    pub struct RemoteIpDetails {
        city: obj<City> = "city",
        country: obj<Country> = "country",
        geo_location: obj<GeoLocation> = "geoLocation",
        ip_address_v4: id = "ipAddressV4",
        ip_address_v6: id = "ipAddressV6",
        organization: obj<Organization> = "organization",
    }
}

model! {
    pub struct City { city_name: str = "cityName" }
}

model! {
    pub struct Country { country_code: str = "countryCode", country_name: str = "countryName" }
}

model! {
    pub struct GeoLocation { lat: f64 = "lat", lon: f64 = "lon" }
}

model! {
    pub struct Organization {
        asn: str = "asn",
        asn_org: str = "asnOrg",
        isp: str = "isp",
        org: str = "org",
    }
}

model! {
    pub struct DnsRequestAction {
        domain: str = "domain",
        protocol: str = "protocol",
        blocked: bool = "blocked",
        domain_with_suffix: str = "domainWithSuffix",
        vpc_owner_account_id: id = "vpcOwnerAccountId",
    }
}

model! {
    pub struct NetworkConnectionAction {
        blocked: bool = "blocked",
        connection_direction: str = "connectionDirection",
        local_port_details: obj<PortDetails> = "localPortDetails",
        protocol: str = "protocol",
        local_ip_details: obj<LocalIpDetails> = "localIpDetails",
        local_network_interface: str = "localNetworkInterface",
        remote_ip_details: obj<RemoteIpDetails> = "remoteIpDetails",
        remote_port_details: obj<PortDetails> = "remotePortDetails",
    }
}

model! {
    /// `LocalPortDetails` and `RemotePortDetails` have the same members.
    pub struct PortDetails { port: i64 = "port", port_name: str = "portName" }
}

model! {
    pub struct LocalIpDetails { ip_address_v4: id = "ipAddressV4", ip_address_v6: id = "ipAddressV6" }
}

model! {
    pub struct PortProbeAction {
        blocked: bool = "blocked",
        port_probe_details: list<PortProbeDetail> = "portProbeDetails",
    }
}

model! {
    pub struct PortProbeDetail {
        local_port_details: obj<PortDetails> = "localPortDetails",
        local_ip_details: obj<LocalIpDetails> = "localIpDetails",
        remote_ip_details: obj<RemoteIpDetails> = "remoteIpDetails",
    }
}

model! {
    pub struct KubernetesApiCallAction {
        request_uri: str = "requestUri",
        verb: str = "verb",
        resource: str = "resource",
        subresource: str = "subresource",
        namespace: str = "namespace",
        resource_name: id = "resourceName",
        source_ips: strs = "sourceIPs",
        user_agent: str = "userAgent",
        remote_ip_details: obj<RemoteIpDetails> = "remoteIpDetails",
        status_code: i64 = "statusCode",
        parameters: str = "parameters",
    }
}

model! {
    pub struct KubernetesPermissionCheckedDetails {
        verb: str = "verb",
        resource: str = "resource",
        namespace: str = "namespace",
        allowed: bool = "allowed",
    }
}

model! {
    pub struct KubernetesRoleBindingDetails {
        kind: str = "kind",
        name: id = "name",
        uid: id = "uid",
        role_ref_name: id = "roleRefName",
        role_ref_kind: str = "roleRefKind",
    }
}

model! {
    pub struct KubernetesRoleDetails { kind: str = "kind", name: id = "name", uid: id = "uid" }
}

model! {
    pub struct RdsLoginAttemptAction {
        remote_ip_details: obj<RemoteIpDetails> = "remoteIpDetails",
        login_attributes: list<LoginAttribute> = "LoginAttributes",
    }
}

model! {
    pub struct LoginAttribute {
        user: str = "user",
        application: str = "application",
        failed_login_attempts: i64 = "failedLoginAttempts",
        successful_login_attempts: i64 = "successfulLoginAttempts",
    }
}

model! {
    pub struct Evidence { threat_intelligence_details: list<ThreatIntelligenceDetail> = "threatIntelligenceDetails" }
}

model! {
    pub struct ThreatIntelligenceDetail {
        threat_list_name: str = "threatListName",
        threat_names: strs = "threatNames",
        threat_file_sha256: str = "threatFileSha256",
    }
}

model! {
    pub struct RuntimeDetails {
        process: obj<ProcessDetails> = "process",
        context: obj<RuntimeContext> = "context",
    }
}

model! {
    pub struct ProcessDetails {
        name: str = "name",
        executable_path: str = "executablePath",
        executable_sha256: str = "executableSha256",
        namespace_pid: i64 = "namespacePid",
        pwd: str = "pwd",
        pid: i64 = "pid",
        start_time: ts = "startTime",
        uuid: str = "uuid",
        parent_uuid: str = "parentUuid",
        user: str = "user",
        user_id: i64 = "userId",
        euid: i64 = "euid",
        lineage: list<LineageObject> = "lineage",
    }
}

model! {
    pub struct LineageObject {
        start_time: ts = "startTime",
        namespace_pid: i64 = "namespacePid",
        user_id: i64 = "userId",
        name: str = "name",
        pid: i64 = "pid",
        uuid: str = "uuid",
        executable_path: str = "executablePath",
        euid: i64 = "euid",
        parent_uuid: str = "parentUuid",
    }
}

model! {
    pub struct RuntimeContext {
        modifying_process: obj<ProcessDetails> = "modifyingProcess",
        modified_at: ts = "modifiedAt",
        script_path: str = "scriptPath",
        library_path: str = "libraryPath",
        ld_preload_value: str = "ldPreloadValue",
        socket_path: str = "socketPath",
        runc_binary_path: str = "runcBinaryPath",
        release_agent_path: str = "releaseAgentPath",
        mount_source: str = "mountSource",
        mount_target: str = "mountTarget",
        file_system_type: str = "fileSystemType",
        flags: strs = "flags",
        module_name: str = "moduleName",
        module_file_path: str = "moduleFilePath",
        module_sha256: str = "moduleSha256",
        shell_history_file_path: str = "shellHistoryFilePath",
        target_process: obj<ProcessDetails> = "targetProcess",
        address_family: str = "addressFamily",
        iana_protocol_number: i64 = "ianaProtocolNumber",
        memory_regions: strs = "memoryRegions",
        tool_name: str = "toolName",
        tool_category: str = "toolCategory",
        service_name: str = "serviceName",
        command_line_example: str = "commandLineExample",
        threat_file_path: str = "threatFilePath",
        file_operation: str = "fileOperation",
        file_path: str = "filePath",
        related_file_paths: strs = "relatedFilePaths",
    }
}

model! {
    pub struct Detection {
        anomaly: obj<Anomaly> = "anomaly",
        sequence: obj<Sequence> = "sequence",
    }
}

model! {
    /// `Anomaly`: profiles and unusual behaviour are nested maps keyed by feature; kept as JSON.
    pub struct Anomaly {
        profiles: obj<Json> = "profiles",
        unusual: obj<Json> = "unusual",
    }
}

model! {
    /// `Sequence`: an attack sequence's actors, resources, endpoints and signals.
    pub struct Sequence {
        uid: str = "uid",
        description: str = "description",
        actors: list<SequenceActor> = "actors",
        resources: list<SequenceResource> = "resources",
        endpoints: list<NetworkEndpoint> = "endpoints",
        signals: list<Signal> = "signals",
        sequence_indicators: list<Indicator> = "sequenceIndicators",
        additional_sequence_types: strs = "additionalSequenceTypes",
    }
}

model! {
    pub struct SequenceActor {
        id: id = "id",
        user: obj<SequenceUser> = "user",
        session: obj<SequenceSession> = "session",
        process: obj<ActorProcess> = "process",
    }
}

model! {
    pub struct SequenceUser {
        name: id = "name",
        uid: id = "uid",
        user_type: str = "type",
        credential_uid: id = "credentialUid",
        account: obj<SequenceAccount> = "account",
    }
}

model! {
    pub struct SequenceAccount { uid: id = "uid", name: str = "account" }
}

model! {
    pub struct SequenceSession {
        uid: id = "uid",
        mfa_status: str = "mfaStatus",
        created_time: ts = "createdTime",
        issuer: str = "issuer",
    }
}

model! {
    pub struct ActorProcess { name: str = "name", path: str = "path", sha256: str = "sha256" }
}

model! {
    pub struct SequenceResource {
        uid: id = "uid",
        name: id = "name",
        account_id: id = "accountId",
        resource_type: str = "resourceType",
        region: str = "region",
        service: str = "service",
        cloud_partition: str = "cloudPartition",
        tags: list<super::resource::Tag> = "tags",
    }
}

model! {
    pub struct NetworkEndpoint {
        id: str = "id",
        ip: str = "ip",
        domain: str = "domain",
        port: i64 = "port",
        location: obj<NetworkGeoLocation> = "location",
        autonomous_system: obj<AutonomousSystem> = "autonomousSystem",
        connection: obj<NetworkConnection> = "connection",
    }
}

model! {
    pub struct NetworkGeoLocation { city: str = "city", country: str = "country", lat: f64 = "lat", lon: f64 = "lon" }
}

model! {
    pub struct AutonomousSystem { name: str = "name", number: i64 = "number" }
}

model! {
    pub struct NetworkConnection { direction: str = "direction" }
}

model! {
    pub struct Signal {
        uid: str = "uid",
        signal_type: str = "type",
        description: str = "description",
        name: str = "name",
        created_at: ts = "createdAt",
        updated_at: ts = "updatedAt",
        first_seen_at: ts = "firstSeenAt",
        last_seen_at: ts = "lastSeenAt",
        severity: f64 = "severity",
        count: i64 = "count",
        resource_uids: strs = "resourceUids",
        actor_ids: strs = "actorIds",
        endpoint_ids: strs = "endpointIds",
        signal_indicators: list<Indicator> = "signalIndicators",
    }
}

model! {
    pub struct Indicator { key: str = "key", values: strs = "values", title: str = "title" }
}

model! {
    /// `EbsVolumeScanDetails`: Malware Protection for EC2.
    pub struct EbsVolumeScanDetails {
        scan_id: id = "scanId",
        scan_started_at: ts = "scanStartedAt",
        scan_completed_at: ts = "scanCompletedAt",
        trigger_finding_id: id = "triggerFindingId",
        sources: strs = "sources",
        scan_detections: obj<ScanDetections> = "scanDetections",
        scan_type: str = "scanType",
    }
}

model! {
    pub struct ScanDetections {
        threat_detected_by_name: obj<ThreatDetectedByName> = "threatDetectedByName",
    }
}

model! {
    pub struct ThreatDetectedByName {
        item_count: i64 = "itemCount",
        unique_threat_name_count: i64 = "uniqueThreatNameCount",
        shortened: bool = "shortened",
        threat_names: list<ScanThreatName> = "threatNames",
    }
}

model! {
    pub struct ScanThreatName {
        name: str = "name",
        severity: str = "severity",
        item_count: i64 = "itemCount",
        file_paths: list<ScanFilePath> = "filePaths",
    }
}

model! {
    pub struct ScanFilePath {
        file_path: str = "filePath",
        volume_arn: id = "volumeArn",
        hash: str = "hash",
        file_name: str = "fileName",
    }
}

model! {
    /// `MalwareScanDetails`: Malware Protection for S3 and for AWS Backup.
    pub struct MalwareScanDetails {
        threats: list<Threat> = "threats",
        scan_id: id = "scanId",
        scan_type: str = "scanType",
        scan_category: str = "scanCategory",
        scan_configuration: obj<ScanConfiguration> = "scanConfiguration",
        unique_threat_count: i64 = "uniqueThreatCount",
    }
}

model! {
    /// `MalwareProtectionFindingsScanConfiguration`.
    pub struct ScanConfiguration {
        trigger_type: str = "triggerType",
        incremental_scan_details: obj<IncrementalScanDetails> = "incrementalScanDetails",
    }
}

model! {
    pub struct IncrementalScanDetails { baseline_resource_arn: id = "baselineResourceArn" }
}

model! {
    pub struct Threat {
        name: str = "name",
        source: str = "source",
        item_paths: list<ItemPath> = "itemPaths",
        count: i64 = "count",
        hash: str = "hash",
        item_details: list<ItemDetails> = "itemDetails",
    }
}

model! {
    pub struct ItemPath { nested_item_path: str = "nestedItemPath", hash: str = "hash" }
}

model! {
    pub struct ItemDetails {
        resource_arn: id = "resourceArn",
        item_path: str = "itemPath",
        hash: str = "hash",
        additional_info: obj<ItemAdditionalInfo> = "additionalInfo",
    }
}

model! {
    /// `AdditionalInfo` of a scanned item.
    pub struct ItemAdditionalInfo { version_id: str = "versionId", device_name: str = "deviceName" }
}
