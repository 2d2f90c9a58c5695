//! The standalone-container guide: commands for the container's own runtime (Docker, or containerd
//! through nerdctl and crictl, both labelled when the finding does not say), the restart policy
//! turned off before the container can be stopped, and its configuration, logs and filesystem
//! saved before it is.

use findlens_core::guide::{self, rules, Guide};
use findlens_core::samples;
use serde_json::Value;

mod common;

use common::guides::primary::{commands, has};

fn sample() -> Value {
    let s = samples::find("standalone-container").expect("sample");
    serde_json::from_str(s.json).expect("sample JSON")
}

fn with_runtime(runtime: Option<&str>) -> Guide {
    let mut v = sample();
    match runtime {
        Some(r) => v["resource"]["containerDetails"]["containerRuntime"] = Value::from(r),
        None => {
            v["resource"]["containerDetails"].as_object_mut().expect("containerDetails").remove("containerRuntime");
        }
    }
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(&loaded.findings[0])
}

fn pos(g: &Guide, needle: &str) -> usize {
    commands(g)
        .iter()
        .position(|c| c.text.starts_with(needle))
        .unwrap_or_else(|| panic!("no command starting with {needle:?}"))
}

fn no_violations(g: &Guide) {
    let broken: Vec<String> = rules::check(g)
        .into_iter()
        .filter(|v| v.step.starts_with("standalone-container/"))
        .map(|v| v.to_string())
        .collect();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn docker_evidence_and_restart_policy_come_before_the_stop() {
    let g = with_runtime(Some("docker"));
    let stop = pos(&g, "docker stop ");
    for before in ["docker inspect '", "docker logs ", "docker export ", "docker update --restart=no ", "docker pause "]
    {
        assert!(pos(&g, before) < stop, "{before} must come before docker stop");
    }
    assert!(has(&g, "> container-inspect.json") && has(&g, "> container.log 2>&1"));
    assert!(!has(&g, "nerdctl") && !has(&g, "crictl"));
    no_violations(&g);
}

#[test]
fn containerd_gets_nerdctl_and_crictl_not_docker() {
    let g = with_runtime(Some("containerd"));
    assert!(!commands(&g).iter().any(|c| c.text.starts_with("docker ")), "no docker command on a containerd host");
    let stop = pos(&g, "nerdctl stop --namespace <containerd-namespace> '");
    for before in [
        "nerdctl update --namespace <containerd-namespace> --restart=no '",
        "nerdctl pause --namespace <containerd-namespace> '",
        "nerdctl inspect --namespace <containerd-namespace> '",
        "nerdctl logs --namespace <containerd-namespace> --timestamps '",
        "crictl logs --timestamps '",
        "nerdctl export --namespace <containerd-namespace> '",
    ] {
        assert!(pos(&g, before) < stop, "{before} must come before nerdctl stop");
    }
    let isolate = g.sections[0].steps.iter().find(|s| s.id == "standalone-container/isolate").expect("isolate step");
    assert!(isolate.decisions.iter().any(|d| d.answer.contains("nerdctl cannot disconnect")));
    no_violations(&g);
}

#[test]
fn an_unknown_runtime_shows_both_labelled() {
    let g = with_runtime(None);
    let docker = commands(&g).into_iter().find(|c| c.text.starts_with("docker pause ")).expect("docker pause");
    let nerd = commands(&g).into_iter().find(|c| c.text.starts_with("nerdctl pause ")).expect("nerdctl pause");
    assert!(docker.description.ends_with("(Docker)"), "{}", docker.description);
    assert!(nerd.description.ends_with("(containerd)"), "{}", nerd.description);
    no_violations(&g);
}
