//! Remediation scenarios: the keys analysts and the CLI see (`decisions.md`), and the catalog's
//! `runtime`, which stands for one of four keys depending on the resource a finding lands on.

use std::fmt;

/// A remediation scenario, as the CLI's `scenarios` array shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioKey {
    Ec2Instance,
    S3Bucket,
    MalwareS3,
    EbsSnapshot,
    Ec2Ami,
    Ec2RecoveryPoint,
    S3RecoveryPoint,
    EcsCluster,
    Credentials,
    StandaloneContainer,
    EksAudit,
    Ec2Runtime,
    EksRuntime,
    EcsRuntime,
    Rds,
    Lambda,
    AttackSequence,
}

impl ScenarioKey {
    pub const ALL: [ScenarioKey; 17] = [
        ScenarioKey::Ec2Instance,
        ScenarioKey::S3Bucket,
        ScenarioKey::MalwareS3,
        ScenarioKey::EbsSnapshot,
        ScenarioKey::Ec2Ami,
        ScenarioKey::Ec2RecoveryPoint,
        ScenarioKey::S3RecoveryPoint,
        ScenarioKey::EcsCluster,
        ScenarioKey::Credentials,
        ScenarioKey::StandaloneContainer,
        ScenarioKey::EksAudit,
        ScenarioKey::Ec2Runtime,
        ScenarioKey::EksRuntime,
        ScenarioKey::EcsRuntime,
        ScenarioKey::Rds,
        ScenarioKey::Lambda,
        ScenarioKey::AttackSequence,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioKey::Ec2Instance => "ec2-instance",
            ScenarioKey::S3Bucket => "s3-bucket",
            ScenarioKey::MalwareS3 => "malware-s3",
            ScenarioKey::EbsSnapshot => "ebs-snapshot",
            ScenarioKey::Ec2Ami => "ec2-ami",
            ScenarioKey::Ec2RecoveryPoint => "ec2-recovery-point",
            ScenarioKey::S3RecoveryPoint => "s3-recovery-point",
            ScenarioKey::EcsCluster => "ecs-cluster",
            ScenarioKey::Credentials => "credentials",
            ScenarioKey::StandaloneContainer => "standalone-container",
            ScenarioKey::EksAudit => "eks-audit",
            ScenarioKey::Ec2Runtime => "ec2-runtime",
            ScenarioKey::EksRuntime => "eks-runtime",
            ScenarioKey::EcsRuntime => "ecs-runtime",
            ScenarioKey::Rds => "rds",
            ScenarioKey::Lambda => "lambda",
            ScenarioKey::AttackSequence => "attack-sequence",
        }
    }

    pub fn parse(s: &str) -> Option<ScenarioKey> {
        ScenarioKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The scenario's name as a heading.
    pub fn title(self) -> &'static str {
        match self {
            ScenarioKey::Ec2Instance => "Potentially compromised EC2 instance",
            ScenarioKey::S3Bucket => "Potentially compromised S3 bucket",
            ScenarioKey::MalwareS3 => "Potentially malicious S3 object",
            ScenarioKey::EbsSnapshot => "Malware in an EBS snapshot",
            ScenarioKey::Ec2Ami => "Malware in an EC2 AMI",
            ScenarioKey::Ec2RecoveryPoint => "Malware in an EC2 recovery point",
            ScenarioKey::S3RecoveryPoint => "Malware in an S3 recovery point",
            ScenarioKey::EcsCluster => "Potentially compromised ECS cluster",
            ScenarioKey::Credentials => "Potentially compromised AWS credentials",
            ScenarioKey::StandaloneContainer => "Potentially compromised standalone container",
            ScenarioKey::EksAudit => "EKS Protection finding (Kubernetes audit logs)",
            ScenarioKey::Ec2Runtime => "Runtime Monitoring finding on an EC2 instance",
            ScenarioKey::EksRuntime => "Runtime Monitoring finding in an EKS cluster",
            ScenarioKey::EcsRuntime => "Runtime Monitoring finding in an ECS cluster",
            ScenarioKey::Rds => "Potentially compromised RDS database",
            ScenarioKey::Lambda => "Potentially compromised Lambda function",
            ScenarioKey::AttackSequence => "Attack sequence (Extended Threat Detection)",
        }
    }
}

impl fmt::Display for ScenarioKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scenario as the catalog names it: a key, or `runtime`, resolved by the finding's resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogScenario {
    Key(ScenarioKey),
    Runtime,
}

impl CatalogScenario {
    pub fn parse(s: &str) -> Option<CatalogScenario> {
        if s == "runtime" {
            Some(CatalogScenario::Runtime)
        } else {
            ScenarioKey::parse(s).map(CatalogScenario::Key)
        }
    }

    /// Resolves `runtime` by `resource.resourceType` (Instance → ec2-runtime, EKSCluster →
    /// eks-runtime, ECSCluster → ecs-runtime, Container → standalone-container). An unknown or
    /// missing resource type falls back to `ec2-runtime`, the agent's most common home.
    pub fn resolve(self, resource_type: Option<&str>) -> ScenarioKey {
        match self {
            CatalogScenario::Key(k) => k,
            CatalogScenario::Runtime => match resource_type {
                Some("EKSCluster") => ScenarioKey::EksRuntime,
                Some("ECSCluster") => ScenarioKey::EcsRuntime,
                Some("Container") => ScenarioKey::StandaloneContainer,
                _ => ScenarioKey::Ec2Runtime,
            },
        }
    }
}
