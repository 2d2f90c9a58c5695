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

/// A numbered version (or alias) has its own resource policy, which the guide saves with
/// `--qualifier`: a grant there is removed with the same qualifier. `$LATEST` has only the
/// function's.
#[test]
fn a_versions_own_policy_is_cleaned_with_its_qualifier() {
    let removals = |g: &findlens_core::guide::Guide| -> Vec<String> {
        commands(g)
            .into_iter()
            .filter(|c| c.text.starts_with("aws lambda remove-permission"))
            .map(|c| c.text.clone())
            .collect()
    };
    let mut v = common::guides::sample_json("lambda");
    v["resource"]["lambdaDetails"]["functionVersion"] = serde_json::json!("7");
    let numbered = removals(&common::guides::guide_of(&v));
    assert_eq!(numbered.len(), 2, "{numbered:?}");
    assert!(!numbered[0].contains("--qualifier"), "{}", numbered[0]);
    assert!(numbered[1].contains("--qualifier '7' --statement-id <statement-id>"), "{}", numbered[1]);

    v["resource"]["lambdaDetails"]["functionVersion"] = serde_json::json!("$LATEST");
    let latest = removals(&common::guides::guide_of(&v));
    assert_eq!(latest.len(), 1, "{latest:?}");
    assert!(!latest[0].contains("--qualifier"));
}
