//! The actor/target reading of an instance finding reads the kind of finding, not the role alone:
//! Runtime Monitoring findings always carry TARGET, yet the process ran on the instance; the
//! instance's credentials used elsewhere mean the instance is compromised. Only network probes
//! keep "if nothing got in, harden".

use findlens_core::guide::{self, Decision, Guide, Tone};
use serde_json::{json, Value};

fn guide_of(v: Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn instance() -> Value {
    json!({"instanceId": "i-0role", "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/web"},
        "networkInterfaces": [{"vpcId": "vpc-1", "subnetId": "subnet-1", "securityGroups": [{"groupId": "sg-1"}]}]})
}

fn finding(ty: &str, resource_type: &str, service: Value) -> Value {
    let mut resource = json!({"resourceType": resource_type, "instanceDetails": instance()});
    if resource_type == "AccessKey" {
        resource["accessKeyDetails"] = json!({"accessKeyId": "ASIAEXAMPLEROLEKEY01", "userType": "AssumedRole",
            "userName": "web", "principalId": "AROAEXAMPLE:i-0role"});
    }
    json!({"type": ty, "id": "f1", "accountId": "123456789012", "region": "us-east-1", "partition": "aws",
        "severity": 8.0, "resource": resource, "service": service})
}

fn role_decisions(g: &Guide) -> Vec<&Decision> {
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.decisions)
        .filter(|d| d.question == "Is the instance being attacked, or is it attacking?")
        .collect()
}

#[test]
fn a_runtime_finding_with_role_target_means_the_instance_is_compromised() {
    let g = guide_of(finding(
        "DefenseEvasion:Runtime/KernelModuleLoaded",
        "Instance",
        json!({"detectorId": "d1", "resourceRole": "TARGET", "featureName": "RuntimeMonitoring",
            "runtimeDetails": {"process": {"name": "insmod", "pid": 31877, "user": "root", "pwd": "/tmp"},
                "context": {"moduleName": "diamorphine"}}}),
    ));
    let ds = role_decisions(&g);
    assert!(!ds.is_empty());
    for d in ds {
        assert_eq!(d.tone, Tone::Danger, "{}", d.answer);
        assert!(d.answer.contains("Treat the instance as compromised"), "{}", d.answer);
        assert!(!d.answer.contains("If nothing"), "a runtime finding must not be played down: {}", d.answer);
    }
}

#[test]
fn runtime_details_alone_make_the_reading_a_compromise() {
    // A type outside the Runtime resource family, reported with the agent's runtime details.
    let g = guide_of(finding(
        "Execution:EC2/MaliciousFile",
        "Instance",
        json!({"detectorId": "d1", "resourceRole": "TARGET",
            "runtimeDetails": {"process": {"name": "x", "pid": 4}}}),
    ));
    for d in role_decisions(&g) {
        assert_eq!(d.tone, Tone::Danger, "{}", d.answer);
        assert!(!d.answer.contains("If nothing"), "{}", d.answer);
    }
}

#[test]
fn instance_credential_exfiltration_agrees_with_the_credentials_section() {
    let g = guide_of(finding(
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "AccessKey",
        json!({"detectorId": "d1", "resourceRole": "TARGET",
            "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "ListBuckets", "serviceName": "s3.amazonaws.com",
                "remoteIpDetails": {"ipAddressV4": "203.0.113.9"}}}}),
    ));
    let ds = role_decisions(&g);
    assert_eq!(ds.len(), 1, "the instance section is part of the guide");
    assert_eq!(ds[0].tone, Tone::Danger);
    assert!(ds[0].answer.contains("Treat the instance as compromised"), "{}", ds[0].answer);
    assert!(!ds[0].answer.contains("harden"), "{}", ds[0].answer);
}

#[test]
fn network_probes_against_the_instance_keep_the_harden_reading() {
    for ty in [
        "Recon:EC2/PortProbeUnprotectedPort",
        "UnauthorizedAccess:EC2/SSHBruteForce",
        "UnauthorizedAccess:EC2/RDPBruteForce",
    ] {
        let g = guide_of(finding(
            ty,
            "Instance",
            json!({"detectorId": "d1", "resourceRole": "TARGET",
                "action": {"actionType": "NETWORK_CONNECTION", "networkConnectionAction": {"connectionDirection": "INBOUND",
                    "remoteIpDetails": {"ipAddressV4": "198.51.100.3"}, "localPortDetails": {"port": 22}}}}),
        ));
        let ds = role_decisions(&g);
        assert_eq!(ds.len(), 1, "{ty}");
        assert_eq!(ds[0].tone, Tone::Warning, "{ty}");
        assert!(ds[0].answer.contains("If nothing shows they got in"), "{ty}: {}", ds[0].answer);
    }
}

#[test]
fn an_actor_is_still_an_actor() {
    let g = guide_of(finding(
        "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        "Instance",
        json!({"detectorId": "d1", "resourceRole": "ACTOR",
            "action": {"actionType": "DNS_REQUEST", "dnsRequestAction": {"domain": "pool.example"}}}),
    ));
    let ds = role_decisions(&g);
    assert!(ds[0].answer.contains("the one acting"), "{}", ds[0].answer);
}
