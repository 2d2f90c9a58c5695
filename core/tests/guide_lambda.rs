//! The Lambda guide keeps the code, configuration and resource policy before it contains the
//! function or changes its code.

use findlens_core::guide::{self, Act, Effect, Subject};

mod common;

use common::guides::all::{commands, pos as position};
use common::guides::sample_guide as sample;

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
