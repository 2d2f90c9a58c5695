//! What Systems Manager runs on a host is read back with get-command-invocation (send-command
//! prints only an ID); for a loaded kernel module, the module file, /proc/modules and the shell
//! that loaded it are looked at instead of an insmod that has already exited, and the guide says
//! the host's answers cannot be trusted.

use findlens_core::guide::{self, Guide, Segment, Step};
use serde_json::Value;

fn guide_of(name: &str) -> Guide {
    let path = format!("{}/samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("sample")).expect("json");
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn process(g: &Guide) -> &Step {
    g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id.ends_with("/process")).expect("process step")
}

#[test]
fn send_command_output_is_read_with_get_command_invocation() {
    for name in ["ec2-runtime", "standalone-container"] {
        let g = guide_of(name);
        let cmds = &process(&g).commands;
        let send = cmds.iter().position(|c| c.text.starts_with("aws ssm send-command")).expect("send");
        let get = cmds.iter().position(|c| c.text.starts_with("aws ssm get-command-invocation")).expect("get");
        assert!(send < get, "{name}");
        assert!(cmds[send].text.contains("--query Command.CommandId"));
        assert!(cmds[get].segments.iter().any(|s| matches!(s, Segment::Output { name, .. } if name == "command-id")));
    }
}

#[test]
fn a_loaded_kernel_module_is_looked_at_through_its_file_and_parent() {
    let g = guide_of("ec2-runtime");
    let step = process(&g);
    let send = step.commands.iter().find(|c| c.text.starts_with("aws ssm send-command")).expect("send");
    assert!(send.text.contains("sha256sum") && send.text.contains("/tmp/.x/diamorphine.ko"), "{}", send.text);
    assert!(send.text.contains("cat /proc/modules"));
    assert!(send.text.contains("-p 31702"), "the shell that ran insmod: {}", send.text);
    assert!(!send.text.contains("-p 31877"), "insmod has exited: {}", send.text);
    assert!(step.decisions.iter().any(|d| d.id == "shared-process/can-you-trust-what-the-host-reports"));
    let fact = |label: &str| step.facts.iter().find(|f| f.label == label).and_then(|f| f.value.clone());
    assert_eq!(fact("Kernel module file").as_deref(), Some("/tmp/.x/diamorphine.ko"));
    assert!(fact("Kernel module SHA-256").is_some_and(|v| v.starts_with("4a6c8e0b")));
    assert_eq!(fact("User ID that started the chain (the furthest parent's)").as_deref(), Some("1001"));
    let lineage = step.facts.iter().find(|f| f.label.starts_with("Parent processes")).and_then(|f| f.value.clone());
    assert!(lineage.is_some_and(|l| l.contains("sudo (31698, uid 1001, effective uid 0)")));
}
