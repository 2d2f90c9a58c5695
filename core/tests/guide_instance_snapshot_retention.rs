//! GuardDuty's snapshot retention is a Malware Protection for EC2 setting: the instance guides
//! mention it for findings that carry a volume scan, and not for a reverse shell or a C&C call.

use findlens_core::guide::{self, Guide};
use findlens_core::ScenarioKey;
use serde_json::{json, Value};

fn text_of(g: &Guide, key: ScenarioKey) -> String {
    let s = g.sections.iter().find(|s| s.scenario == Some(key)).expect("section");
    let mut out = String::new();
    for st in &s.steps {
        out.push_str(&st.why);
        for d in &st.decisions {
            out.push_str(&d.answer);
        }
        for c in &st.commands {
            out.push_str(&c.description);
        }
    }
    out
}

fn finding(ty: &str, service: Value) -> Guide {
    let v = json!({"type": ty, "id": "f1", "accountId": "123456789012", "region": "us-east-1",
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0s"}}, "service": service});
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

#[test]
fn snapshot_retention_only_with_a_volume_scan() {
    let shell = finding(
        "Execution:Runtime/ReverseShell",
        json!({"detectorId": "d1", "resourceRole": "TARGET", "runtimeDetails": {"process": {"name": "sh", "pid": 5}}}),
    );
    assert!(!text_of(&shell, ScenarioKey::Ec2Runtime).to_lowercase().contains("retention"));
    let scan = finding(
        "Execution:EC2/MaliciousFile",
        json!({"detectorId": "d1", "ebsVolumeScanDetails": {"scanId": "s1", "scanDetections": {"threatDetectedByName":
            {"itemCount": 1, "threatNames": [{"name": "EICAR-Test-File", "severity": "HIGH", "filePaths": [{"filePath": "/tmp/eicar"}]}]}}}}),
    );
    assert!(text_of(&scan, ScenarioKey::Ec2Instance).contains("snapshot retention"));
}
