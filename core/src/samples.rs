//! Sample findings, one or more per remediation scenario, compiled in so that loading one makes no
//! request and reads no file.
//!
//! They are Findlens's own: GuardDuty-shaped (camelCase, as the console exports them) with
//! fictional values: documentation IP ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24),
//! account 111122223333, `example-` names. Each carries `service.additionalInfo.sample = true`.
//! The files live in `core/samples/`, named `<scenario-key>[-variant].json`.

use serde_json::Value;

use crate::scenario::ScenarioKey;

/// One sample finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// The file's name without `.json`, e.g. `s3-bucket-anonymous-read`.
    pub name: &'static str,
    /// The scenario the sample's guide opens with (its primary scenario).
    pub scenario: ScenarioKey,
    /// What the sample shows, in a line.
    pub title: &'static str,
    /// The finding, as a GuardDuty console export.
    pub json: &'static str,
}

impl Sample {
    /// The sample's finding type, read from its JSON.
    pub fn finding_type(&self) -> Option<String> {
        let v: Value = serde_json::from_str(self.json).ok()?;
        v.get("type").and_then(Value::as_str).map(str::to_owned)
    }
}

macro_rules! sample {
    ($name:literal, $scenario:ident, $title:literal) => {
        Sample {
            name: $name,
            scenario: ScenarioKey::$scenario,
            title: $title,
            json: include_str!(concat!("../samples/", $name, ".json")),
        }
    };
}

static SAMPLES: &[Sample] = &[
    sample!("ec2-instance", Ec2Instance, "EC2 instance talking to a command-and-control server"),
    sample!("ec2-instance-port-probe", Ec2Instance, "Elasticsearch port on an EC2 instance probed from the internet"),
    sample!("s3-bucket-anonymous-read", S3Bucket, "Anonymous reads of a public S3 bucket from a malicious IP"),
    sample!("s3-bucket-policy", S3Bucket, "Bucket policy change grants anonymous access (management event)"),
    sample!("malware-s3", MalwareS3, "Malware in an object uploaded to S3"),
    sample!("ebs-snapshot", EbsSnapshot, "Malware found in an EBS snapshot by a Backup scan"),
    sample!("ec2-ami", Ec2Ami, "Malware found in an AMI by a Backup scan"),
    sample!("ec2-recovery-point", Ec2RecoveryPoint, "Malware found in an EC2 recovery point by a Backup scan"),
    sample!("s3-recovery-point", S3RecoveryPoint, "Malware found in an S3 recovery point by a Backup scan"),
    sample!("ecs-cluster", EcsCluster, "Malware in a container of an ECS task"),
    sample!("credentials-tor-iam-user", Credentials, "IAM user access key used from a Tor exit node"),
    sample!("credentials-instance-exfiltration", Credentials, "EC2 instance role credentials used from outside AWS"),
    sample!("standalone-container", StandaloneContainer, "Reverse shell in a standalone Docker container"),
    sample!("eks-audit", EksAudit, "Privileged pod with the host's filesystem deployed out of character"),
    sample!("ec2-runtime", Ec2Runtime, "Kernel module (rootkit) loaded on an EC2 instance"),
    sample!("eks-runtime", EksRuntime, "Cryptocurrency miner started in an EKS pod"),
    sample!(
        "eks-runtime-host-escape",
        EksRuntime,
        "Privileged host-network pod in an EKS cluster mounts the node's disk"
    ),
    sample!("ecs-runtime", EcsRuntime, "Command-and-control lookup from a Fargate task"),
    sample!("rds", Rds, "Unusual successful login to an Aurora PostgreSQL database"),
    sample!("lambda", Lambda, "Lambda function connecting to a mining pool"),
    sample!("attack-sequence", AttackSequence, "Attack sequence: S3 data read and then deleted with a stolen key"),
];

/// Every sample, in the order of the scenario keys.
pub fn all() -> &'static [Sample] {
    SAMPLES
}

/// The sample with this name (the file name without `.json`).
pub fn find(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name == name)
}
