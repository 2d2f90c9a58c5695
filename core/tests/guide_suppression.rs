//! Suppression rules are as narrow as the evidence: the finding type plus the attribute that made
//! the activity expected (the caller, the process, the workload, the file), never a whole bucket
//! or cluster; none for attack sequences; and each says what it will hide.

use findlens_core::guide::{self, rules, Command, Guide, Tone};
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn suppress_step(g: &Guide) -> &guide::Step {
    g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == "expected/suppress").expect("a suppression step")
}

fn filter(g: &Guide) -> Option<&Command> {
    suppress_step(g).commands.iter().find(|c| c.text.starts_with("aws guardduty create-filter"))
}

fn s3(access_key: Value) -> Value {
    json!({"type": "Exfiltration:S3/AnomalousBehavior", "region": "eu-west-1", "accountId": "111122223333", "id": "f1",
        "resource": {"resourceType": "S3Bucket", "accessKeyDetails": access_key,
            "s3BucketDetails": [{"name": "example-logs", "arn": "arn:aws:s3:::example-logs"}]},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "GetObject"}}}})
}

#[test]
fn a_bucket_alone_is_not_narrow_enough_for_a_rule() {
    let g = guide_of(s3(json!({})));
    assert!(filter(&g).is_none(), "no rule may be keyed on the bucket alone");
    let d = &suppress_step(&g).decisions[0];
    assert_eq!(d.tone, Tone::Warning);
    assert!(d.answer.contains("every future finding of this type"), "{}", d.answer);
}

#[test]
fn an_s3_rule_names_the_caller_within_the_bucket_and_says_what_it_hides() {
    let g = guide_of(s3(json!({"principalId": "AROAEXAMPLE:ci", "userName": "ci", "userType": "AssumedRole"})));
    let c = filter(&g).expect("a rule");
    assert!(c.text.contains(r#""resource.accessKeyDetails.principalId":{"Eq":["AROAEXAMPLE:ci"]}"#), "{}", c.text);
    assert!(c.text.contains(r#""resource.s3BucketDetails.name":{"Eq":["example-logs"]}"#), "{}", c.text);
    let caution = c.caution.as_deref().expect("says what it hides");
    assert!(caution.contains("Exfiltration:S3/AnomalousBehavior") && caution.contains("archived"), "{caution}");
    assert!(rules::suppression_is_narrow(c).is_ok());
}

#[test]
fn attack_sequences_are_never_suppressed() {
    let g = guide_of(json!({"type": "AttackSequence:S3/CompromisedData", "region": "us-east-1", "id": "f2",
        "resource": {"resourceType": "S3Bucket", "s3BucketDetails": [{"name": "example-data"}]},
        "service": {"detectorId": "d1"}}));
    assert!(filter(&g).is_none());
    assert_eq!(suppress_step(&g).decisions[0].tone, Tone::Danger);
}

#[test]
fn an_eks_rule_names_the_workload_not_only_the_cluster() {
    let g = guide_of(json!({"type": "Execution:Kubernetes/ExecInKubeSystemPod", "region": "us-east-1", "id": "f3",
        "resource": {"resourceType": "EKSCluster", "eksClusterDetails": {"name": "prod"},
            "kubernetesDetails": {"kubernetesWorkloadDetails": {"name": "debug-pod", "namespace": "kube-system"},
                "kubernetesUserDetails": {"username": "ops@example.com"}}},
        "service": {"detectorId": "d1"}}));
    let c = filter(&g).expect("a rule");
    assert!(
        c.text.contains(r#""resource.kubernetesDetails.kubernetesWorkloadDetails.name":{"Eq":["debug-pod"]}"#),
        "{}",
        c.text
    );
    assert!(c.text.contains(r#""resource.eksClusterDetails.name":{"Eq":["prod"]}"#), "{}", c.text);
}

#[test]
fn a_malware_rule_names_the_file_by_hash() {
    let g = guide_of(json!({"type": "Object:S3/MaliciousFile", "region": "us-east-1", "id": "f4",
        "resource": {"resourceType": "S3Object", "s3BucketDetails": [{"name": "uploads",
            "s3ObjectDetails": [{"key": "in/eicar.txt", "hash": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"}]}]},
        "service": {"detectorId": "d1"}}));
    let c = filter(&g).expect("a rule");
    assert!(c.text.contains("resource.s3BucketDetails.s3ObjectDetails.hash"), "{}", c.text);
}

#[test]
fn a_runtime_rule_names_the_module_not_a_general_purpose_tool() {
    let g = guide_of(json!({"type": "Execution:Runtime/NewLibraryLoaded", "region": "us-east-1", "id": "f5",
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0abc"}},
        "service": {"detectorId": "d1", "runtimeDetails": {
            "process": {"name": "insmod", "executablePath": "/usr/sbin/insmod", "executableSha256": "aaaa"},
            "context": {"moduleName": "diamorphine", "moduleSha256": "bbbb", "moduleFilePath": "/tmp/.x/diamorphine.ko"}}}}));
    let c = filter(&g).expect("a rule");
    assert!(!c.text.contains("executableSha256"), "{}", c.text);
    assert!(c.text.contains(r#""service.runtimeDetails.context.moduleSha256":{"Eq":["bbbb"]}"#), "{}", c.text);

    // With nothing but a shell to go on, no rule is offered.
    let g = guide_of(json!({"type": "Execution:Runtime/ReverseShell", "region": "us-east-1", "id": "f6",
        "resource": {"resourceType": "Container", "containerDetails": {"id": "c1"}},
        "service": {"detectorId": "d1", "runtimeDetails": {
            "process": {"name": "bash", "executablePath": "/bin/bash", "executableSha256": "cccc"}}}}));
    assert!(filter(&g).is_none_or(|c| !c.text.contains("cccc")));
}

#[test]
fn activity_from_tor_or_a_malicious_address_is_never_suppressed() {
    let g = guide_of(json!({"type": "UnauthorizedAccess:IAMUser/TorIPCaller", "region": "us-east-1", "id": "f7",
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": "AKIAEXAMPLE", "principalId": "AIDAEXAMPLE", "userName": "u"}},
        "service": {"detectorId": "d1", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "ListBuckets",
            "remoteIpDetails": {"ipAddressV4": "198.51.100.7"}}}}}));
    assert!(filter(&g).is_none());
    let d = &suppress_step(&g).decisions[0];
    assert_eq!(d.tone, Tone::Danger);
    assert!(suppress_step(&g).title.contains("do not suppress"));
}

#[test]
fn an_rds_rule_names_the_database_user() {
    let g = guide_of(
        json!({"type": "CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin", "region": "us-east-1", "id": "f8",
        "resource": {"resourceType": "RDSDBInstance", "rdsDbInstanceDetails": {"dbInstanceIdentifier": "orders-db-1"},
            "rdsDbUserDetails": {"user": "report_reader"}},
        "service": {"detectorId": "d1", "action": {"actionType": "RDS_LOGIN_ATTEMPT", "rdsLoginAttemptAction": {
            "remoteIpDetails": {"ipAddressV4": "203.0.113.5"}}}}}),
    );
    let c = filter(&g).expect("a rule");
    assert!(c.text.contains(r#""resource.rdsDbUserDetails.user":{"Eq":["report_reader"]}"#), "{}", c.text);
    let caution = c.caution.as_deref().unwrap_or("");
    assert!(
        caution.contains(" finding with ") && caution.contains("resource.rdsDbUserDetails.user = report_reader"),
        "{caution}"
    );
}

#[test]
fn a_pod_with_a_generated_name_is_matched_by_its_image() {
    let g = guide_of(json!({"type": "Impact:Runtime/CryptoMinerExecuted", "region": "us-east-1", "id": "f9",
        "resource": {"resourceType": "EKSCluster", "eksClusterDetails": {"name": "prod"},
            "kubernetesDetails": {"kubernetesWorkloadDetails": {"name": "thumbs-7d9f8c6b5-x2kqp", "type": "Pods", "namespace": "media",
                "containers": [{"name": "c", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/thumbs:3.4.0"}]}}},
        "service": {"detectorId": "d1", "runtimeDetails": {"process": {"name": "xmrig", "executablePath": "/tmp/xmrig", "executableSha256": "dddd"}}}}));
    let c = filter(&g).expect("a rule");
    assert!(!c.text.contains("thumbs-7d9f8c6b5-x2kqp"), "{}", c.text);
    assert!(c.text.contains("dddd"), "{}", c.text);
}
