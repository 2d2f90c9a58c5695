//! The malware-s3, backup (snapshot, AMI, recovery points), RDS and Lambda guides, filled in with a
//! finding's own values.

use findlens_core::guide::{self, Command, Decision, Guide, Segment, Tone};
use findlens_core::ScenarioKey;
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

/// The commands of the guide's primary section.
fn commands(g: &Guide) -> Vec<&Command> {
    g.sections[0].steps.iter().flat_map(|s| &s.commands).collect()
}

fn command<'g>(g: &'g Guide, start: &str) -> &'g Command {
    commands(g)
        .into_iter()
        .find(|c| c.text.starts_with(start))
        .unwrap_or_else(|| panic!("no command starting with {start:?}"))
}

fn has_command(g: &Guide, needle: &str) -> bool {
    commands(g).iter().any(|c| c.text.contains(needle))
}

fn fact_values(g: &Guide) -> String {
    let mut s = String::new();
    for st in &g.sections[0].steps {
        for f in &st.facts {
            s.push_str(f.value.as_deref().unwrap_or(""));
            s.push('\n');
        }
    }
    s
}

fn decision<'g>(g: &'g Guide, question: &str) -> &'g Decision {
    g.sections[0]
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.question.starts_with(question))
        .unwrap_or_else(|| panic!("no decision {question:?}"))
}

fn step_ids(g: &Guide) -> Vec<&str> {
    g.sections[0].steps.iter().map(|s| s.id.as_str()).collect()
}

/// A blank the analyst fills: one the finding lacks, or one an earlier command prints.
fn missing(c: &Command, name: &str) -> bool {
    c.segments
        .iter()
        .any(|s| matches!(s, Segment::Missing { name: n, .. } | Segment::Output { name: n, .. } if n == name))
}

/// Every command names the finding's Region, every value is quoted, no literal text holds one of
/// the finding's identifying values, and step ids are unique and carry the scenario's key.
fn check_commands(g: &Guide, key: &str, values: &[&str]) {
    for sec in &g.sections {
        for c in sec.steps.iter().flat_map(|s| &s.commands) {
            assert!(c.text.contains(" --region '"), "no region: {}", c.text);
            for seg in &c.segments {
                match seg {
                    Segment::Value { text, .. } => {
                        assert!(text.starts_with('\'') && text.ends_with('\''), "unquoted {text} in {}", c.text)
                    }
                    Segment::Text { text } => {
                        for v in values {
                            assert!(!text.contains(v), "{v} is literal text in {}", c.text);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let ids = step_ids(g);
    let mut uniq = ids.clone();
    uniq.sort_unstable();
    uniq.dedup();
    assert_eq!(uniq.len(), ids.len(), "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with(&format!("{key}/"))), "{ids:?}");
}

// ---------------------------------------------------------------------------------------------
// malware-s3

fn malware_s3() -> Value {
    json!({
        "type": "Object:S3/MaliciousFile", "id": "m1", "accountId": "210987654321", "region": "eu-west-1", "partition": "aws",
        "severity": 8.0,
        "resource": {"resourceType": "S3Object", "s3BucketDetails": [{
            "name": "customer-uploads-prod", "arn": "arn:aws:s3:::customer-uploads-prod",
            "s3ObjectDetails": [{
                "key": "incoming/2025/invoice 8812.zip", "versionId": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                "hash": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
                "objectArn": "arn:aws:s3:::customer-uploads-prod/incoming/2025/invoice 8812.zip"
            }]
        }]},
        "service": {"detectorId": "d1", "malwareScanDetails": {"scanId": "a6b2c0f7-1e5d-4a1b-9f00-4c2e8e9a7b11", "threats": [{
            "name": "EICAR-Test-File (not a virus)",
            "itemPaths": [{"nestedItemPath": "invoice.pdf.exe", "hash": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"}]
        }]}}
    })
}

#[test]
fn malware_s3_identifies_the_object_version_and_its_threats() {
    let g = guide_of(malware_s3());
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::MalwareS3));
    assert_eq!(
        step_ids(&g),
        [
            "malware-s3/identify",
            "malware-s3/preserve",
            "malware-s3/isolate",
            "malware-s3/find-uploader",
            "malware-s3/remove",
            "malware-s3/follow-up"
        ]
    );
    let facts = fact_values(&g);
    for v in [
        "customer-uploads-prod",
        "incoming/2025/invoice 8812.zip",
        "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        "d41d8cd98f00b204e9800998ecf8427e",
        "EICAR-Test-File (not a virus)",
        "invoice.pdf.exe",
        "a6b2c0f7-1e5d-4a1b-9f00-4c2e8e9a7b11",
    ] {
        assert!(facts.contains(v), "{v} missing from facts:\n{facts}");
    }
    assert_eq!(
        command(&g, "aws s3api head-object").text,
        "aws s3api head-object --bucket 'customer-uploads-prod' --key 'incoming/2025/invoice 8812.zip' --version-id '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' --region 'eu-west-1'"
    );
    check_commands(&g, "malware-s3", &["customer-uploads-prod", "invoice 8812", "3HL4kqtJlcpXroDTDmJ"]);
}

#[test]
fn malware_s3_isolates_by_tag_and_removes_the_version() {
    let g = guide_of(malware_s3());
    let put = command(&g, "aws s3api put-bucket-policy");
    let policy = put
        .segments
        .iter()
        .find_map(|s| match s {
            Segment::Value { value, .. } if value.starts_with('{') => Some(value.clone()),
            _ => None,
        })
        .expect("the policy is one quoted value");
    let policy: Value = serde_json::from_str(&policy).expect("the policy is JSON");
    let st = &policy["Statement"][0];
    assert_eq!(st["Effect"], "Deny");
    assert_eq!(st["Resource"], "arn:aws:s3:::customer-uploads-prod/*");
    assert_eq!(st["Condition"]["StringEquals"]["s3:ExistingObjectTag/GuardDutyMalwareScanStatus"], "THREATS_FOUND");
    assert!(command(&g, "aws s3api delete-object")
        .text
        .contains("--key 'incoming/2025/invoice 8812.zip' --version-id '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY'"));
    let copy = command(&g, "aws s3api copy-object");
    assert!(copy.text.contains("--copy-source 'customer-uploads-prod/incoming/2025/invoice%208812.zip?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY'"), "{}", copy.text);
    assert!(copy.segments.iter().any(|s| matches!(s, Segment::Choose { name, .. } if name == "quarantine-bucket")));
    let rescan = command(&g, "aws guardduty send-object-malware-scan");
    // The rescan runs after the infected version is deleted: it scans what the key holds now.
    assert!(
        rescan.text.contains(r#"'{"Bucket":"customer-uploads-prod","Key":"incoming/2025/invoice 8812.zip"}'"#),
        "{}",
        rescan.text
    );
    assert!(decision(&g, "Who uploaded it?").answer.contains("credentials"));
}

#[test]
fn malware_s3_without_a_key_or_version_shows_blanks() {
    let mut v = malware_s3();
    let obj = v["resource"]["s3BucketDetails"][0]["s3ObjectDetails"][0].as_object_mut().expect("object");
    obj.remove("key");
    obj.remove("versionId");
    let g = guide_of(v);
    let head = command(&g, "aws s3api head-object");
    assert!(missing(head, "object-key"), "{}", head.text);
    assert!(!head.text.contains("--version-id"), "no version, no --version-id: {}", head.text);
    assert_eq!(decision(&g, "Which copy of the object is infected?").tone, Tone::Warning);
}

// ---------------------------------------------------------------------------------------------
// Malware Protection for AWS Backup

fn backup(ty: &str, resource: Value) -> Value {
    json!({
        "type": ty, "id": "b1", "accountId": "123456789012", "region": "us-east-1", "partition": "aws", "severity": 8.0,
        "resource": resource,
        "service": {"detectorId": "d1", "malwareScanDetails": {
            "scanId": "7f3e9a52-0c1b-4d8e-b7a6-2f5c9e1d4a03",
            "scanType": "BACKUP_INITIATED",
            "scanCategory": "INCREMENTAL_SCAN",
            "scanConfiguration": {"triggerType": "BACKUP", "incrementalScanDetails": {
                "baselineResourceArn": "arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d4e5f60718"}},
            "uniqueThreatCount": 1,
            "threats": [{"name": "Trojan.Linux.Mirai", "itemDetails": [{
                "itemPath": "/usr/lib/.cache/kworkerd",
                "hash": "9e107d9d372bb6826bd81d3542a419d6e277d4d731479571562b82d5f0f6a3c1",
                "resourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0c9d8e7f6a5b43210",
                "additionalInfo": {"deviceName": "/dev/xvdf"}
            }]}]
        }}
    })
}

const SNAP_ARN: &str = "arn:aws:ec2:us-east-1::snapshot/snap-0f3c1e2d4b5a69788";
const AMI_ARN: &str = "arn:aws:ec2:us-east-1::image/ami-0be4c3d2a1f098765";

#[test]
fn ebs_snapshot_guide_uses_the_snapshot_id_from_the_arn() {
    let g = guide_of(backup(
        "Execution:EC2/MaliciousFile!Snapshot",
        json!({"resourceType": "EbsSnapshot", "ebsSnapshotDetails": {"snapshotArn": SNAP_ARN}}),
    ));
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::EbsSnapshot));
    assert_eq!(step_ids(&g), ["ebs-snapshot/identify", "ebs-snapshot/restrict-access", "ebs-snapshot/remediate"]);
    let facts = fact_values(&g);
    for v in [
        "snap-0f3c1e2d4b5a69788",
        "7f3e9a52-0c1b-4d8e-b7a6-2f5c9e1d4a03",
        "BACKUP_INITIATED",
        "INCREMENTAL_SCAN",
        "BACKUP",
        "arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d4e5f60718",
        "Trojan.Linux.Mirai",
        "/usr/lib/.cache/kworkerd",
        "9e107d9d372bb6826bd81d3542a419d6e277d4d731479571562b82d5f0f6a3c1",
        "/dev/xvdf",
    ] {
        assert!(facts.contains(v), "{v} missing from facts:\n{facts}");
    }
    assert_eq!(
        command(&g, "aws ec2 describe-snapshot-attribute").text,
        "aws ec2 describe-snapshot-attribute --snapshot-id 'snap-0f3c1e2d4b5a69788' --attribute createVolumePermission --region 'us-east-1'"
    );
    assert!(has_command(&g, "aws ec2 delete-snapshot --snapshot-id 'snap-0f3c1e2d4b5a69788'"));
    assert!(has_command(&g, "--filters 'Name=snapshot-id,Values=snap-0f3c1e2d4b5a69788'"));
    let describe = command(&g, "aws backup describe-recovery-point");
    assert!(missing(describe, "vault-name"), "a snapshot finding names no vault: {}", describe.text);
    assert!(describe.text.contains(&format!("--recovery-point-arn '{SNAP_ARN}'")));
    assert!(decision(&g, "Did the scan cover the whole backup?").answer.contains("snap-0a1b2c3d4e5f60718"));
    assert!(decision(&g, "Does AWS Backup manage this snapshot?").answer.starts_with("Very likely"));
    check_commands(&g, "ebs-snapshot", &["snap-0f3c1e2d4b5a69788", "7f3e9a52"]);
}

#[test]
fn ebs_snapshot_without_an_arn_shows_blanks() {
    let g = guide_of(backup("Execution:EC2/MaliciousFile!Snapshot", json!({"resourceType": "EbsSnapshot"})));
    let c = command(&g, "aws ec2 describe-snapshot-attribute");
    assert!(missing(c, "snapshot-id"), "{}", c.text);
}

#[test]
fn ec2_ami_guide_restricts_launch_permissions() {
    let g = guide_of(backup(
        "Execution:EC2/MaliciousFile!AMI",
        json!({"resourceType": "Ec2Image", "ec2ImageDetails": {"imageArn": AMI_ARN}}),
    ));
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::Ec2Ami));
    assert_eq!(step_ids(&g), ["ec2-ami/identify", "ec2-ami/restrict-access", "ec2-ami/remediate"]);
    assert!(fact_values(&g).contains("ami-0be4c3d2a1f098765"));
    assert!(has_command(&g, "aws ec2 describe-images --image-ids 'ami-0be4c3d2a1f098765' --region 'us-east-1'"));
    assert!(has_command(
        &g,
        "aws ec2 describe-image-attribute --image-id 'ami-0be4c3d2a1f098765' --attribute launchPermission"
    ));
    let remove = command(&g, "aws ec2 modify-image-attribute");
    assert!(
        remove.text.contains(r#"--launch-permission '{"Remove":[{"UserId":"<shared-account-id>"}]}'"#),
        "{}",
        remove.text
    );
    assert!(has_command(&g, "aws ec2 deregister-image --image-id 'ami-0be4c3d2a1f098765'"));
    assert!(has_command(&g, "--filters 'Name=image-id,Values=ami-0be4c3d2a1f098765'"));
    check_commands(&g, "ec2-ami", &["ami-0be4c3d2a1f098765"]);
}

#[test]
fn recovery_point_guides_name_the_vault_and_the_recovery_point() {
    let cases = [
        (
            "Execution:EC2/MaliciousFile!RecoveryPoint",
            "arn:aws:ec2:us-east-1::image/ami-0d5e6f7a8b9c01234",
            ScenarioKey::Ec2RecoveryPoint,
            "ec2-recovery-point",
        ),
        (
            "Execution:S3/MaliciousFile!RecoveryPoint",
            "arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:customer-uploads-prod-5e3c1a9b",
            ScenarioKey::S3RecoveryPoint,
            "s3-recovery-point",
        ),
    ];
    for (ty, arn, key, slug) in cases {
        let g = guide_of(backup(
            ty,
            json!({"resourceType": "RecoveryPoint", "recoveryPointDetails": {"recoveryPointArn": arn, "backupVaultName": "prod-daily-vault"}}),
        ));
        assert_eq!(g.scenarios.first(), Some(&key));
        // An EC2 recovery point is a scheduled backup: the last clean one is kept from expiring.
        // An S3 recovery point's objects are still live in the source bucket: they are removed.
        let middle = if slug == "ec2-recovery-point" { "keep-clean-backup" } else { "source-objects" };
        assert_eq!(
            step_ids(&g),
            [
                format!("{slug}/identify"),
                format!("{slug}/restrict-access"),
                format!("{slug}/{middle}"),
                format!("{slug}/remediate")
            ]
        );
        let facts = fact_values(&g);
        assert!(facts.contains(arn) && facts.contains("prod-daily-vault"), "{facts}");
        let pair = format!("--backup-vault-name 'prod-daily-vault' --recovery-point-arn '{arn}'");
        for start in [
            "aws backup describe-recovery-point",
            "aws backup get-recovery-point-restore-metadata",
            "aws backup delete-recovery-point",
        ] {
            assert!(command(&g, start).text.contains(&pair), "{}", command(&g, start).text);
        }
        // Backup's TagResource takes only `backup` ARNs; an EC2 recovery point is an AMI, tagged
        // through EC2 (guide_backup.rs checks that side).
        if arn.contains(":backup:") {
            assert_eq!(
                command(&g, "aws backup tag-resource").text,
                format!("aws backup tag-resource --resource-arn '{arn}' --tags Investigation=Malware,DoNotDelete=True --region 'us-east-1'")
            );
        } else {
            assert!(!has_command(&g, "aws backup tag-resource"), "backup tag-resource on {arn}");
        }
        let put = command(&g, "aws backup put-backup-vault-access-policy");
        assert!(put.text.contains("backup:StartRestoreJob") && put.text.contains(arn), "{}", put.text);
        check_commands(&g, slug, &["prod-daily-vault", arn]);
    }
}

// ---------------------------------------------------------------------------------------------
// rds

fn rds(ty: &str, successes: i64, failures: i64) -> Value {
    json!({
        "type": ty, "id": "r1", "accountId": "123456789012", "region": "us-east-1", "partition": "aws", "severity": 8.0,
        "resource": {
            "resourceType": "RDSDBInstance",
            "rdsDbInstanceDetails": {"dbInstanceIdentifier": "prod-db-1", "dbClusterIdentifier": "prod-cluster", "engine": "aurora-postgresql",
                "engineVersion": "15.4", "dbInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:prod-db-1", "dbiResourceId": "db-ABCDEFGHIJKLMNOPQRSTU1234"},
            "rdsDbUserDetails": {"user": "billing_app", "application": "psql", "database": "billing", "ssl": "TLSv1.3", "authMethod": "PASSWORD"}
        },
        "service": {"detectorId": "d1", "action": {"actionType": "RDS_LOGIN_ATTEMPT", "rdsLoginAttemptAction": {
            "remoteIpDetails": {"ipAddressV4": "203.0.113.45", "organization": {"asn": "64500", "asnOrg": "Example Hosting"}, "country": {"countryName": "Netherlands"}},
            "LoginAttributes": [{"user": "billing_app", "application": "psql", "successfulLoginAttempts": successes, "failedLoginAttempts": failures}]
        }}}
    })
}

#[test]
fn rds_branch_flips_between_successful_and_failed_logins() {
    let ok = guide_of(rds("CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin", 1, 0));
    let failed = guide_of(rds("CredentialAccess:RDS/AnomalousBehavior.FailedLogin", 0, 47));
    assert_eq!(ok.scenarios.first(), Some(&ScenarioKey::Rds));
    assert_eq!(failed.scenarios.first(), Some(&ScenarioKey::Rds));
    let q = "Which branch applies";
    let (a, b) = (decision(&ok, q), decision(&failed, q));
    assert!(a.answer.starts_with("Logins that worked") && a.answer.contains("1 successful"), "{}", a.answer);
    assert_eq!(a.tone, Tone::Danger);
    assert!(b.answer.starts_with("Attempts that failed") && b.answer.contains("47 failed"), "{}", b.answer);
    assert_eq!(b.tone, Tone::Warning);
    assert!(step_ids(&ok).contains(&"rds/assess-impact") && !step_ids(&ok).contains(&"rds/root-cause"));
    assert!(step_ids(&failed).contains(&"rds/root-cause") && !step_ids(&failed).contains(&"rds/assess-impact"));
    // The finding's own counts win over a type that says the logins failed.
    let g = guide_of(rds("CredentialAccess:RDS/TorIPCaller.FailedLogin", 2, 30));
    assert!(decision(&g, q).answer.starts_with("Logins that worked"), "{}", decision(&g, q).answer);
    let g = guide_of(rds("Discovery:RDS/MaliciousIPCaller", 0, 0));
    assert!(decision(&g, q).answer.starts_with("Attempts that failed"));
}

#[test]
fn rds_commands_carry_the_database_and_the_source() {
    let g = guide_of(rds("CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin", 1, 0));
    let facts = fact_values(&g);
    for v in ["prod-db-1", "prod-cluster", "aurora-postgresql", "billing_app", "203.0.113.45", "1 successful, 0 failed"]
    {
        assert!(facts.contains(v), "{v} missing from facts:\n{facts}");
    }
    assert_eq!(
        command(&g, "aws rds describe-db-instances --db-instance-identifier 'prod-db-1' --query").text,
        "aws rds describe-db-instances --db-instance-identifier 'prod-db-1' --query 'DBInstances[].VpcSecurityGroups' --region 'us-east-1'"
    );
    let revoke = command(&g, "aws ec2 revoke-security-group-ingress");
    assert!(revoke.text.contains("--cidr '203.0.113.45/32'"), "{}", revoke.text);
    assert!(missing(revoke, "security-group-id") && missing(revoke, "db-port"));
    assert!(has_command(
        &g,
        "aws rds modify-db-instance --db-instance-identifier 'prod-db-1' --no-publicly-accessible"
    ));
    assert!(has_command(
        &g,
        "aws rds modify-db-cluster --db-cluster-identifier 'prod-cluster' --enable-iam-database-authentication"
    ));
    assert!(has_command(&g, "aws secretsmanager rotate-secret --secret-id <secret-id>"));
    assert_eq!(decision(&g, "Is the source inside your network?").tone, Tone::Danger);
    check_commands(&g, "rds", &["prod-db-1", "prod-cluster", "203.0.113.45"]);
}

#[test]
fn rds_without_an_instance_identifier_shows_a_blank() {
    let mut v = rds("CredentialAccess:RDS/AnomalousBehavior.FailedLogin", 0, 12);
    v["resource"]["rdsDbInstanceDetails"].as_object_mut().expect("object").remove("dbInstanceIdentifier");
    let g = guide_of(v);
    let c = command(&g, "aws rds describe-db-instances");
    assert!(missing(c, "db-instance-identifier"), "{}", c.text);
}

// ---------------------------------------------------------------------------------------------
// lambda

fn lambda() -> Value {
    json!({
        "type": "Backdoor:Lambda/C&CActivity.B", "id": "l1", "accountId": "123456789012", "region": "ap-southeast-2", "partition": "aws",
        "severity": 8.0,
        "resource": {"resourceType": "Lambda", "lambdaDetails": {
            "functionName": "thumbnail-resizer",
            "functionArn": "arn:aws:lambda:ap-southeast-2:123456789012:function:thumbnail-resizer",
            "functionVersion": "$LATEST",
            "revisionId": "4b9e2c1a-7d3f-4e8a-9c0b-1f2e3d4c5b6a",
            "lastModifiedAt": "2025-03-14T02:11:09.000Z",
            "role": "arn:aws:iam::123456789012:role/service-role/thumbnail-resizer-role",
            "vpcConfig": {"vpcId": "vpc-0a1b2c3d", "subnetIds": ["subnet-0aa11bb2", "subnet-0cc33dd4"],
                "securityGroups": [{"groupId": "sg-0e5f6a7b", "groupName": "lambda-egress"}]},
            "tags": [{"key": "team", "value": "media"}]
        }},
        "service": {"detectorId": "d1", "action": {"actionType": "NETWORK_CONNECTION", "networkConnectionAction": {
            "connectionDirection": "OUTBOUND", "protocol": "TCP",
            "remoteIpDetails": {"ipAddressV4": "198.51.100.23"}, "remotePortDetails": {"port": 4444}
        }}, "evidence": {"threatIntelligenceDetails": [{"threatListName": "ProofPoint", "threatNames": ["CnC"]}]}}
    })
}

#[test]
fn lambda_guide_stops_the_function_and_reads_its_version() {
    let g = guide_of(lambda());
    assert_eq!(g.scenarios.first(), Some(&ScenarioKey::Lambda));
    assert_eq!(
        step_ids(&g),
        [
            "lambda/identify",
            "lambda/preserve",
            "lambda/stop-invocations",
            "lambda/role-credentials",
            "lambda/find-source",
            "lambda/fix-code"
        ]
    );
    let facts = fact_values(&g);
    for v in [
        "thumbnail-resizer",
        "$LATEST",
        "4b9e2c1a-7d3f-4e8a-9c0b-1f2e3d4c5b6a",
        "arn:aws:iam::123456789012:role/service-role/thumbnail-resizer-role",
        "vpc-0a1b2c3d",
        "subnet-0aa11bb2, subnet-0cc33dd4",
        "sg-0e5f6a7b",
        "team=media",
        "198.51.100.23",
        "4444",
        "ProofPoint (CnC)",
    ] {
        assert!(facts.contains(v), "{v} missing from facts:\n{facts}");
    }
    assert_eq!(
        command(&g, "aws lambda put-function-concurrency").text,
        "aws lambda put-function-concurrency --function-name 'thumbnail-resizer' --reserved-concurrent-executions 0 --region 'ap-southeast-2'"
    );
    assert!(has_command(&g, "aws lambda get-function --function-name 'thumbnail-resizer' --qualifier '$LATEST'"));
    assert!(has_command(
        &g,
        "aws lambda delete-function-event-invoke-config --function-name 'thumbnail-resizer' --qualifier '$LATEST'"
    ));
    assert!(has_command(&g, r#"'{"lambdaFunctionName":[{"comparison":"EQUALS","value":"thumbnail-resizer"}]}'"#));
    assert!(has_command(&g, "'AttributeKey=ResourceName,AttributeValue=thumbnail-resizer'"));
    assert!(has_command(&g, "aws iam put-role-policy --role-name 'thumbnail-resizer-role'"));
    assert!(has_command(&g, "'Name=association.subnet-id,Values=subnet-0aa11bb2,subnet-0cc33dd4'"));
    assert!(has_command(&g, "--rule-action deny --cidr-block '198.51.100.23/32'"));
    assert!(decision(&g, "Is the code that ran still there").answer.contains("$LATEST"));
    assert_eq!(decision(&g, "What did the function talk to?").tone, Tone::Danger);
    check_commands(&g, "lambda", &["thumbnail-resizer", "198.51.100.23", "subnet-0aa11bb2"]);
}

#[test]
fn lambda_without_a_function_name_shows_a_blank() {
    let mut v = lambda();
    v["resource"]["lambdaDetails"].as_object_mut().expect("object").remove("functionName");
    let g = guide_of(v);
    let c = command(&g, "aws lambda put-function-concurrency");
    assert!(missing(c, "function-name"), "{}", c.text);
}

#[test]
fn lambda_outside_a_vpc_cannot_be_blocked_at_the_network() {
    let mut v = lambda();
    v["resource"]["lambdaDetails"].as_object_mut().expect("object").remove("vpcConfig");
    let g = guide_of(v);
    assert!(decision(&g, "Can you block the remote address too?").answer.starts_with("Not at the network"));
    assert!(!has_command(&g, "create-network-acl-entry"));
}

// ---------------------------------------------------------------------------------------------
// Custom detection rules: the database or function is named only in the API call

fn api_call_finding(ty: &str, affected: Value) -> Value {
    json!({
        "type": ty, "id": "c1", "accountId": "123456789012", "region": "us-east-1", "partition": "aws", "severity": 7.0,
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "ops-admin", "userType": "IAMUser"}},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {
            "api": "ModifyDBInstance", "serviceName": "rds.amazonaws.com", "affectedResources": affected,
            "remoteIpDetails": {"ipAddressV4": "203.0.113.45"}}}}
    })
}

fn section_commands(g: &Guide, key: ScenarioKey) -> Vec<&Command> {
    g.sections.iter().filter(|s| s.scenario == Some(key)).flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
}

#[test]
fn databases_and_functions_named_by_the_api_call_fill_the_commands() {
    let g = guide_of(api_call_finding(
        "InitialAccess:RDS/ExploitPublicFacingApplication",
        json!({"AWS::RDS::DBInstance": "arn:aws:rds:us-east-1:123456789012:db:prod-db-1"}),
    ));
    assert!(g.scenarios.contains(&ScenarioKey::Rds), "{:?}", g.scenarios);
    let rds = section_commands(&g, ScenarioKey::Rds);
    assert!(rds
        .iter()
        .any(|c| c.text.contains("modify-db-instance --db-instance-identifier 'prod-db-1' --no-publicly-accessible")));
    assert!(!rds.iter().any(|c| missing(c, "db-instance-identifier")));

    let g = guide_of(api_call_finding(
        "Persistence:Lambda/AccountManipulation",
        json!({"AWS::Lambda::Function": "arn:aws:lambda:us-east-1:123456789012:function:thumbnail-resizer:7"}),
    ));
    let lambda = section_commands(&g, ScenarioKey::Lambda);
    assert!(lambda.iter().any(|c| c.text.contains("put-function-concurrency --function-name 'thumbnail-resizer'")));
    assert!(!lambda.iter().any(|c| missing(c, "function-name")));

    // Named nowhere: the commands keep a blank that says where to look.
    let g = guide_of(api_call_finding("Persistence:Lambda/AccountManipulation", json!({})));
    let lambda = section_commands(&g, ScenarioKey::Lambda);
    assert!(lambda.iter().any(|c| missing(c, "function-name")));
}
