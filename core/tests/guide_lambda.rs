//! The Lambda guide keeps the code, configuration and resource policy before it contains the
//! function or changes its code.

use findlens_core::guide::{self, Act, Command, Effect, Guide, Subject};

fn sample(name: &str) -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == name).expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

fn commands(g: &Guide) -> Vec<&Command> {
    g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
}

fn position(g: &Guide, needle: &str) -> usize {
    commands(g).iter().position(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle}"))
}

#[test]
fn evidence_first_then_containment_then_eradication() {
    let g = sample("lambda");
    let cmds = commands(&g);
    let code = position(&g, "get-function --function-name");
    assert!(cmds[code].text.contains("Code.Location"));
    assert!(cmds[code].description.contains("10 minutes"), "{}", cmds[code].description);
    let config = position(&g, "get-function-configuration");
    assert!(cmds[config].acts.contains(&Act::Captures(Subject::Function)));
    let policy = position(&g, "get-policy");
    assert!(cmds[policy].acts.contains(&Act::Captures(Subject::AccessPolicy)));
    let contain = position(&g, "put-function-concurrency");
    assert_eq!(cmds[contain].effect, Effect::Reversible);
    assert!(cmds[contain].description.contains("delete-function-concurrency"));
    for evidence in [code, config, policy] {
        assert!(evidence < contain);
        assert!(evidence < position(&g, "remove-permission"));
        assert!(evidence < position(&g, "update-function-code"));
    }
    assert!(contain < position(&g, "update-function-code"));
    for c in cmds.iter().filter(|c| c.effect == Effect::Destructive) {
        assert!(c.caution.is_some(), "{}", c.text);
    }
    assert!(guide::rules::check(&g).iter().all(|v| !v.step.starts_with("lambda/")));
}
