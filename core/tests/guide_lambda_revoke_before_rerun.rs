//! The Lambda guide revokes the role's older sessions before the function runs again, contains
//! before it looks for the way in, saves $LATEST and the layers' code as well as the version's,
//! and waits for updates before it publishes.

use findlens_core::guide::{self, Guide, Phase};

mod common;

use common::guides::all::{commands, pos};

fn sample() -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == "lambda").expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

#[test]
fn sessions_are_revoked_before_the_function_runs_again() {
    let g = sample();
    let cmds = commands(&g);
    let revoke = pos(&g, "AWSRevokeOlderSessions");
    assert!(cmds[revoke].caution.as_deref().is_some_and(|c| c.contains("AccessDenied")), "{:?}", cmds[revoke].caution);
    assert!(revoke < pos(&g, "update-function-code"));
    assert!(pos(&g, "update-function-code") < pos(&g, "delete-function-concurrency"));
}

#[test]
fn containment_comes_before_the_search_for_the_way_in() {
    let g = sample();
    let steps: Vec<_> = g.sections[0].steps.iter().collect();
    let contain = steps.iter().rposition(|s| s.phase == Phase::Contain).expect("contain step");
    let find = steps.iter().position(|s| s.id == "lambda/find-source").expect("find-source step");
    assert!(contain < find);
}

#[test]
fn latest_and_layer_code_are_saved_and_updates_are_awaited() {
    let g = sample();
    let cmds = commands(&g);
    assert!(cmds.iter().any(|c| c
        .text
        .starts_with("aws lambda get-function --function-name 'image-resizer' --query 'Code.Location'")));
    let layer = pos(&g, "get-layer-version-by-arn");
    assert!(layer < pos(&g, "update-function-code"));
    let code = cmds[pos(&g, "update-function-code")];
    assert!(code.text.contains("--zip-file fileb://<"), "{}", code.text);
    let status = pos(&g, "LastUpdateStatus");
    assert!(pos(&g, "update-function-code") < status && status < pos(&g, "publish-version"));
    assert!(cmds.iter().any(|c| c.text.starts_with("aws lambda get-policy") && c.text.contains("--qualifier")));
    assert!(cmds.iter().all(|c| !c.description.contains("(reversible")), "no description repeats the effect");
}
