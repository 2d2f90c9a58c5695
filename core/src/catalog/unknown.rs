//! Scenario keys for a finding type the catalog does not know, read from its name.
//!
//! GuardDuty ships new types faster than any catalog; a finding of a new type should still get
//! the guide for the resource it names rather than nothing. The guess only uses the grammar, so
//! it is deliberately coarse: routing adds what the finding's contents show.

use super::grammar::TypeName;
use crate::scenario::{CatalogScenario, ScenarioKey};

/// Scenario keys for a type the catalog does not know, from its grammar.
///
/// ResourceTypeAffected EC2 → ec2-instance, IAMUser/IAM → credentials, S3 → s3-bucket,
/// Kubernetes/EKS → eks-audit, Runtime → runtime, ECS → ecs-cluster, Container →
/// standalone-container, RDS → rds, Lambda → lambda; artifact Snapshot/AMI/RecoveryPoint →
/// ebs-snapshot/ec2-ami/ec2-recovery-point (S3 + RecoveryPoint → s3-recovery-point); threat purpose
/// AttackSequence → `attack-sequence` first. Anything else → credentials if the type is
/// CloudTrail-like, else nothing.
///
/// Two refinements over the plain resource rule: `Object:S3/*` is S3 malware scanning
/// (malware-s3); and an attack sequence on a resource we cannot place gets `credentials`,
/// because the sequences GuardDuty builds nearly always run through an AWS identity.
pub fn scenarios_for_unknown(t: &TypeName<'_>) -> Vec<CatalogScenario> {
    let mut out = Vec::new();
    if t.is_attack_sequence() {
        out.push(CatalogScenario::Key(ScenarioKey::AttackSequence));
    }
    match by_resource(t) {
        Some(s) => out.push(s),
        None if t.is_attack_sequence() || is_cloudtrail_like(t) => {
            out.push(CatalogScenario::Key(ScenarioKey::Credentials));
        }
        None => {}
    }
    out
}

/// The scenario the resource part (and a scan artifact) points at, if it names one we know.
fn by_resource(t: &TypeName<'_>) -> Option<CatalogScenario> {
    use ScenarioKey as K;
    let key = match (t.resource_type_affected, t.artifact) {
        ("S3", Some("RecoveryPoint")) => K::S3RecoveryPoint,
        ("S3", _) if t.threat_purpose == "Object" => K::MalwareS3,
        ("S3", _) => K::S3Bucket,
        ("IAMUser" | "IAM", _) => K::Credentials,
        ("Kubernetes" | "EKS", _) => K::EksAudit,
        ("Runtime", _) => return Some(CatalogScenario::Runtime),
        ("ECS", _) => K::EcsCluster,
        ("Container", _) => K::StandaloneContainer,
        ("RDS", _) => K::Rds,
        ("Lambda", _) => K::Lambda,
        // Backup scans name what was scanned in the artifact; the resource is EC2 today, and an
        // unfamiliar resource with these artifacts is most likely the same kind of scan.
        (_, Some("Snapshot")) => K::EbsSnapshot,
        (_, Some("AMI")) => K::Ec2Ami,
        (_, Some("RecoveryPoint")) => K::Ec2RecoveryPoint,
        ("EC2", _) => K::Ec2Instance,
        _ => return None,
    };
    Some(CatalogScenario::Key(key))
}

/// Family names GuardDuty gives to findings from network flow, DNS, host or malware telemetry.
const TELEMETRY_FAMILY_SUFFIXES: [&str; 13] = [
    "Activity",      // C&CActivity, UnusualDoHActivity
    "BruteForce",    // SSHBruteForce, RDPBruteForce
    "Client",        // TorClient
    "Command",       // SuspiciousCommand
    "DomainRequest", // DGADomainRequest, MaliciousDomainRequest
    "Executed",      // MaliciousFileExecuted, CryptoMinerExecuted
    "File",          // MaliciousFile, SuspiciousFile
    "Rebind",        // MetadataDNSRebind
    "Relay",         // TorRelay
    "Resolver",      // UnusualDNSResolver
    "Shell",         // ReverseShell
    "Tool",          // BitcoinTool, SuspiciousTool
    "Traffic",       // BlackholeTraffic, DriveBySourceTraffic
];
const TELEMETRY_FAMILY_PREFIXES: [&str; 2] = [
    "Port",            // PortProbeUnprotectedPort, Portscan, PortSweep
    "DenialOfService", // DenialOfService.*
];
const TELEMETRY_FAMILIES: [&str; 5] =
    ["DNSDataExfiltration", "DropPoint", "NetworkPortUnusual", "Spambot", "TrafficVolumeUnusual"];

/// Whether a type on a resource we cannot place reads like a CloudTrail (API call) finding.
///
/// GuardDuty watches services it has no flow logs, DNS logs or agent in through their API calls,
/// so a new resource name (SES, Organizations, SageMaker…) is most likely CloudTrail-based and
/// its guide starts with the credentials that made the calls. Only a name that carries the
/// vocabulary of network, DNS, host or malware findings says otherwise.
fn is_cloudtrail_like(t: &TypeName<'_>) -> bool {
    if matches!(t.artifact, Some("DNS" | "Snapshot" | "AMI" | "RecoveryPoint")) {
        return false;
    }
    let family = t.threat_family_name;
    let telemetry = TELEMETRY_FAMILIES.contains(&family)
        || TELEMETRY_FAMILY_SUFFIXES.iter().any(|s| family.ends_with(s))
        || TELEMETRY_FAMILY_PREFIXES.iter().any(|p| family.starts_with(p));
    !telemetry
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_type;

    fn keys(type_name: &str) -> Vec<String> {
        let t = parse_type(type_name);
        assert!(t.is_some(), "{type_name} should parse");
        t.map(|t| scenarios_for_unknown(&t))
            .unwrap_or_default()
            .into_iter()
            .map(|s| match s {
                CatalogScenario::Key(k) => k.as_str().to_owned(),
                CatalogScenario::Runtime => "runtime".to_owned(),
            })
            .collect()
    }

    #[test]
    fn by_resource_type_affected() {
        let cases = [
            ("Impact:EC2/SomethingNew", "ec2-instance"),
            ("Discovery:IAMUser/SomethingNew", "credentials"),
            ("Persistence:IAM/SomethingNew", "credentials"),
            ("Impact:S3/SomethingNew", "s3-bucket"),
            ("Object:S3/SomethingNew", "malware-s3"),
            ("Impact:Kubernetes/SomethingNew", "eks-audit"),
            ("Impact:EKS/SomethingNew", "eks-audit"),
            ("Execution:Runtime/SomethingNew", "runtime"),
            ("Execution:ECS/SomethingNew", "ecs-cluster"),
            ("Execution:Container/SomethingNew", "standalone-container"),
            ("CredentialAccess:RDS/SomethingNew", "rds"),
            ("Backdoor:Lambda/SomethingNew", "lambda"),
        ];
        for (type_name, key) in cases {
            assert_eq!(keys(type_name), [key], "{type_name}");
        }
    }

    #[test]
    fn by_scan_artifact() {
        assert_eq!(keys("Execution:EC2/NewMalware!Snapshot"), ["ebs-snapshot"]);
        assert_eq!(keys("Execution:EC2/NewMalware!AMI"), ["ec2-ami"]);
        assert_eq!(keys("Execution:EC2/NewMalware!RecoveryPoint"), ["ec2-recovery-point"]);
        assert_eq!(keys("Execution:S3/NewMalware!RecoveryPoint"), ["s3-recovery-point"]);
        assert_eq!(keys("Execution:EBS/NewMalware!Snapshot"), ["ebs-snapshot"]);
    }

    #[test]
    fn attack_sequences_come_first() {
        assert_eq!(keys("AttackSequence:Lambda/CompromisedFunction"), ["attack-sequence", "lambda"]);
        assert_eq!(keys("AttackSequence:IAM/Something"), ["attack-sequence", "credentials"]);
        assert_eq!(keys("AttackSequence:DynamoDB/CompromisedTable"), ["attack-sequence", "credentials"]);
    }

    #[test]
    fn unknown_services_read_as_cloudtrail() {
        assert_eq!(keys("DefenseImpairment:Bedrock/DisableOrModifyTools"), ["credentials"]);
        assert_eq!(keys("Exfiltration:DynamoDB/TransferDataToCloudAccount"), ["credentials"]);
        assert_eq!(keys("Recon:SQS/MaliciousIPCaller.Custom"), ["credentials"]);
    }

    #[test]
    fn unknown_telemetry_types_get_nothing() {
        for type_name in [
            "Backdoor:ECR/C&CActivity.B!DNS",
            "Trojan:Fargate/BlackholeTraffic",
            "Execution:Bedrock/MaliciousFile",
            "CryptoCurrency:Batch/BitcoinTool.B",
            "Recon:EMR/PortProbeUnprotectedPort",
            "UnauthorizedAccess:AppRunner/TorClient",
        ] {
            assert!(keys(type_name).is_empty(), "{type_name}");
        }
    }
}
