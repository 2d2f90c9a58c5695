//! Findings generated for every catalogued type: one per resource kind the type's family covers,
//! each carrying the detail blocks of every scenario the catalog lists for it, in four shapes (two
//! key casings, two wrappers). Shared by the tests that walk every type's guide.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

pub mod guides;

use findlens_core::catalog::{self, CatalogScenario, ResourceFamily};
use serde_json::{json, Map, Value};

const INSTANCE: &str = "i-0a1b2c3d4e5f60718";
const KEY: &str = "AKIAGENERATORKEY0001";
const BUCKET: &str = "generator-bucket";
const CLUSTER: &str = "generator-cluster";
const ECS: &str = "generator-ecs";
const CONTAINER: &str = "c0ffee0123456789";
const DB: &str = "generator-db-1";
const FUNCTION: &str = "generator-fn";

fn instance() -> Value {
    json!({"instanceId": INSTANCE, "instanceType": "t3.micro", "availabilityZone": "us-east-1a",
        "iamInstanceProfile": {"arn": "arn:aws:iam::111122223333:instance-profile/gen"},
        "networkInterfaces": [{"vpcId": "vpc-0gen", "subnetId": "subnet-0gen", "privateIpAddress": "10.0.0.5", "securityGroups": [{"groupId": "sg-0gen", "groupName": "gen"}]}]})
}

fn access_key() -> Value {
    json!({"accessKeyId": KEY, "principalId": "AIDAGENERATOR", "userName": "generator-user", "userType": "IAMUser"})
}

fn bucket() -> Value {
    json!([{"name": BUCKET, "arn": format!("arn:aws:s3:::{BUCKET}"), "owner": {"id": "0123abcd"}, "type": "Destination",
        "s3ObjectDetails": [{"key": "uploads/file.bin", "versionId": "v1", "eTag": "e1", "hash": "h1", "objectArn": format!("arn:aws:s3:::{BUCKET}/uploads/file.bin")}]}])
}

fn container() -> Value {
    json!({"id": CONTAINER, "name": "gen-container", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/gen:1", "securityContext": {"privileged": false}})
}

/// The resource block and its `resourceType` for one kind of resource.
fn resource(kind: &str, scenarios: &[&str]) -> Value {
    let mut r = Map::new();
    r.insert("resourceType".into(), json!(kind));
    add_blocks(&mut r, kind);
    if kind == "AccessKey" {
        // CloudTrail-based findings on an instance's credentials name the instance too.
        add_blocks(&mut r, "Instance");
    }
    if matches!(kind, "S3Bucket" | "S3Object" | "EKSCluster") {
        add_blocks(&mut r, "AccessKey");
    }
    if kind == "Container" {
        add_blocks(&mut r, "Instance");
    }
    // Every scenario the catalog lists needs its resource's block.
    for s in scenarios {
        let kind = match *s {
            "ec2-instance" | "ec2-runtime" => "Instance",
            "s3-bucket" => "S3Bucket",
            "malware-s3" => "S3Object",
            "credentials" => "AccessKey",
            "eks-audit" | "eks-runtime" => "EKSCluster",
            "ecs-cluster" | "ecs-runtime" => "ECSCluster",
            "standalone-container" => "Container",
            "rds" => "RDSDBInstance",
            "lambda" => "Lambda",
            _ => continue,
        };
        add_blocks(&mut r, kind);
    }
    Value::Object(r)
}

/// Adds the detail blocks of one kind of resource, unless present.
fn add_blocks(r: &mut Map<String, Value>, kind: &str) {
    let mut put = |k: &str, v: Value| {
        r.entry(k.to_owned()).or_insert(v);
    };
    match kind {
        "Instance" => put("instanceDetails", instance()),
        "AccessKey" => put("accessKeyDetails", access_key()),
        "S3Bucket" | "S3Object" => put("s3BucketDetails", bucket()),
        "EKSCluster" => {
            put(
                "eksClusterDetails",
                json!({"name": CLUSTER, "arn": format!("arn:aws:eks:us-east-1:111122223333:cluster/{CLUSTER}"), "vpcId": "vpc-0gen", "status": "ACTIVE"}),
            );
            put(
                "kubernetesDetails",
                json!({
                "kubernetesUserDetails": {"username": "system:serviceaccount:default:gen", "uid": "u1", "groups": ["system:serviceaccounts"]},
                "kubernetesWorkloadDetails": {"name": "gen-pod", "type": "pods", "namespace": "default", "uid": "w1", "containers": [container()]}}),
            );
        }
        "ECSCluster" => put(
            "ecsClusterDetails",
            json!({"name": ECS, "arn": format!("arn:aws:ecs:us-east-1:111122223333:cluster/{ECS}"),
            "taskDetails": {"arn": format!("arn:aws:ecs:us-east-1:111122223333:task/{ECS}/0123"), "definitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/gen:3",
                "launchType": "FARGATE", "group": "service:gen", "containers": [container()]}}),
        ),
        "Container" => put("containerDetails", container()),
        "RDSDBInstance" => {
            put(
                "rdsDbInstanceDetails",
                json!({"dbInstanceIdentifier": DB, "dbClusterIdentifier": "generator-cluster-db", "engine": "aurora-postgresql", "engineVersion": "15.4",
                "dbInstanceArn": format!("arn:aws:rds:us-east-1:111122223333:db:{DB}")}),
            );
            put(
                "rdsDbUserDetails",
                json!({"user": "app", "application": "psql", "database": "orders", "ssl": "true", "authMethod": "PASSWORD"}),
            );
        }
        "Lambda" => put(
            "lambdaDetails",
            json!({"functionName": FUNCTION, "functionArn": format!("arn:aws:lambda:us-east-1:111122223333:function:{FUNCTION}"), "functionVersion": "$LATEST",
            "revisionId": "r1", "role": "arn:aws:iam::111122223333:role/gen-fn-role"}),
        ),
        "EbsSnapshot" => {
            put("ebsSnapshotDetails", json!({"snapshotArn": "arn:aws:ec2:us-east-1::snapshot/snap-0generator"}))
        }
        "Ec2Image" => put("ec2ImageDetails", json!({"imageArn": "arn:aws:ec2:us-east-1::image/ami-0generator"})),
        "RecoveryPoint" => put(
            "recoveryPointDetails",
            json!({"recoveryPointArn": "arn:aws:backup:us-east-1:111122223333:recovery-point:gen-rp", "backupVaultName": "gen-vault"}),
        ),
        _ => {}
    }
}

fn resource_type(family: ResourceFamily) -> Vec<&'static str> {
    match family {
        ResourceFamily::Instance => vec!["Instance"],
        ResourceFamily::AccessKey => vec!["AccessKey"],
        ResourceFamily::S3Bucket => vec!["S3Bucket"],
        ResourceFamily::S3Object => vec!["S3Object"],
        ResourceFamily::EksCluster => vec!["EKSCluster"],
        ResourceFamily::EcsCluster => vec!["ECSCluster"],
        ResourceFamily::Container => vec!["Container"],
        ResourceFamily::RdsDbInstance => vec!["RDSDBInstance"],
        ResourceFamily::Lambda => vec!["Lambda"],
        ResourceFamily::Runtime => vec!["Instance", "EKSCluster", "ECSCluster", "Container"],
        ResourceFamily::EbsSnapshot => vec!["EbsSnapshot"],
        ResourceFamily::Ec2Image => vec!["Ec2Image"],
        ResourceFamily::RecoveryPoint => vec!["RecoveryPoint"],
    }
}

pub fn finding(ty: &str, kind: &str, scenarios: &[&str]) -> Value {
    let mut service = json!({
        "detectorId": "0generatordetector", "count": 2, "resourceRole": "TARGET", "archived": false,
        "eventFirstSeen": "2026-11-01T10:00:00Z", "eventLastSeen": "2026-11-01T11:00:00Z",
        "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetObject", "serviceName": "s3.amazonaws.com", "callerType": "Remote IP",
            "remoteIpDetails": {"ipAddressV4": "198.51.100.77", "country": {"countryName": "Example"}}}},
        "runtimeDetails": {"process": {"name": "xmrig", "executablePath": "/tmp/xmrig", "pid": 4242, "user": "root", "userId": 0}}
    });
    if kind == "AttackSequence" {
        service["detection"] = json!({"sequence": {"uid": "seq-1", "description": "generated sequence",
            "actors": [{"id": "a1", "user": {"name": "generator-user", "type": "IAMUser", "credentialUid": KEY}}],
            "resources": [{"uid": format!("arn:aws:s3:::{BUCKET}"), "name": BUCKET, "resourceType": "S3_BUCKET"},
                          {"uid": format!("arn:aws:ec2:us-east-1:111122223333:instance/{INSTANCE}"), "resourceType": "EC2_INSTANCE"},
                          {"uid": format!("arn:aws:eks:us-east-1:111122223333:cluster/{CLUSTER}"), "name": CLUSTER, "resourceType": "EKS_CLUSTER"},
                          {"uid": KEY, "resourceType": "ACCESS_KEY"}],
            "signals": [{"uid": "s1", "type": "FINDING", "name": "Discovery:S3/AnomalousBehavior", "firstSeenAt": "2026-11-01T10:00:00Z"}]}});
    }
    let resource = if kind == "AttackSequence" {
        // Real attack-sequence findings carry a resource of the sequence's main kind.
        let main = if ty.contains(":EKS/") {
            "EKSCluster"
        } else if ty.contains(":ECS/") {
            "ECSCluster"
        } else if ty.contains(":EC2/") {
            "Instance"
        } else if ty.contains(":S3/") {
            "S3Bucket"
        } else {
            "AccessKey"
        };
        resource(main, scenarios)
    } else {
        resource(kind, scenarios)
    };
    json!({"schemaVersion": "2.0", "accountId": "111122223333", "region": "us-east-1", "partition": "aws", "id": "0generatorfinding",
        "arn": "arn:aws:guardduty:us-east-1:111122223333:detector/0generatordetector/finding/0generatorfinding",
        "type": ty, "title": format!("Generated {ty}"), "severity": 5.0,
        "createdAt": "2026-11-01T11:00:00Z", "updatedAt": "2026-11-01T11:00:00Z", "resource": resource, "service": service})
}

/// Upper-cases the first letter of every key (the CLI's PascalCase).
fn pascal(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let mut c = k.chars();
                    let key = c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default();
                    (key, pascal(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(pascal).collect()),
        other => other.clone(),
    }
}

pub fn shapes(f: &Value) -> [(String, Value); 4] {
    let event =
        json!({"version": "0", "id": "ev", "detail-type": "GuardDuty Finding", "source": "aws.guardduty", "detail": f});
    [
        ("camelCase bare".into(), f.clone()),
        ("camelCase EventBridge".into(), event),
        ("PascalCase get-findings".into(), json!({"Findings": [pascal(f)]})),
        ("PascalCase bare".into(), pascal(f)),
    ]
}

/// One generated finding: the catalogued type, the resource kind it was built for, the catalog's
/// scenario keys for the type, and the finding itself (camelCase, bare).
pub struct Generated {
    pub info: &'static catalog::TypeInfo,
    pub kind: &'static str,
    pub finding: Value,
}

/// A finding for every catalogued type and every resource kind of its family.
pub fn every_type() -> Vec<Generated> {
    let mut out = Vec::new();
    for info in catalog::all() {
        let keys: Vec<&str> = info
            .scenarios
            .iter()
            .map(|s| match s {
                CatalogScenario::Key(k) => k.as_str(),
                CatalogScenario::Runtime => "runtime",
            })
            .collect();
        // Attack sequences span resources: the generator builds the sequence, with a main resource.
        let kinds = if info.name.starts_with("AttackSequence:") {
            vec!["AttackSequence"]
        } else {
            resource_type(info.resource)
        };
        for kind in kinds {
            out.push(Generated { info, kind, finding: finding(info.name, kind, &keys) });
        }
    }
    out
}
