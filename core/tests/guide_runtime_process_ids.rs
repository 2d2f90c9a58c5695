//! A runtime finding's process has an ID on the host and, inside a container, another in its PID
//! namespace: they are two facts with their own wire paths, never one ambiguous "4417 (212)".

use findlens_core::guide::{self, Fact, Guide};
use serde_json::json;

fn process_facts(pid: i64, ns: i64) -> Vec<Fact> {
    let v = json!({"type": "Execution:Runtime/ReverseShell", "id": "f1", "accountId": "123456789012", "region": "us-east-1",
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0p"}},
        "service": {"detectorId": "d1", "resourceRole": "TARGET",
            "runtimeDetails": {"process": {"name": "sh", "pid": pid, "namespacePid": ns}}}});
    let g: Guide = guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0]);
    g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id.ends_with("/process")).expect("process step").facts.clone()
}

#[test]
fn host_and_namespace_process_ids_are_separate_facts() {
    let facts = process_facts(4417, 212);
    let host = facts.iter().find(|f| f.label == "Process ID on the host").expect("host pid");
    assert_eq!(host.value.as_deref(), Some("4417"));
    assert_eq!(host.path, "service.runtimeDetails.process.pid");
    let ns = facts.iter().find(|f| f.label == "Process ID inside its container namespace").expect("namespace pid");
    assert_eq!(ns.value.as_deref(), Some("212"));
    assert_eq!(ns.path, "service.runtimeDetails.process.namespacePid");
    assert!(facts.iter().all(|f| f.value.as_deref() != Some("4417 (212)")));
}

#[test]
fn a_process_in_the_host_namespace_has_one_process_id() {
    let facts = process_facts(31877, 31877);
    assert!(facts.iter().any(|f| f.label == "Process ID on the host"));
    assert!(!facts.iter().any(|f| f.label == "Process ID inside its container namespace"));
}
