//! Second review of the Lambda guide: reserved concurrency 0 says it is an outage and what happens
//! to callers and events; removing the asynchronous settings is only for a destination nobody set
//! up, and says what it costs while throttled; the role's inline policies are listed too; the
//! CloudTrail event names are the ones CloudTrail records; revoking the role's sessions warns that
//! every workload on the role is cut off.

use findlens_core::guide::{self, Command, Guide};

fn sample() -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == "lambda").expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

fn command<'g>(g: &'g Guide, needle: &str) -> &'g Command {
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.commands)
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no command with {needle}"))
}

#[test]
fn zero_concurrency_is_called_an_outage() {
    let g = sample();
    let c = command(&g, "put-function-concurrency");
    assert_eq!(c.caution_id.as_deref(), Some("lambda/function-throttled"));
    let text = c.caution.as_deref().unwrap_or_default();
    assert!(text.contains("outage") && text.contains("six hours") && text.contains("dropped"), "{text}");
}

#[test]
fn async_settings_are_removed_only_for_a_foreign_destination() {
    let g = sample();
    let c = command(&g, "delete-function-event-invoke-config");
    assert!(c.description.starts_with("Only if"), "{}", c.description);
    assert!(c.caution.as_deref().is_some_and(|t| t.contains("dropped")));
}

#[test]
fn inline_role_policies_and_real_event_names_are_used() {
    let g = sample();
    command(&g, "aws iam list-role-policies --role-name");
    let lookup = command(&g, "cloudtrail lookup-events");
    assert!(lookup.description.contains("UpdateFunctionCode20150331v2"), "{}", lookup.description);
    let revoke = command(&g, "AWSRevokeOlderSessions");
    assert_eq!(revoke.caution_id.as_deref(), Some("lambda/role-sessions-revoked"));
    assert!(revoke.caution.as_deref().is_some_and(|t| t.contains("AccessDenied until they get new credentials")));
}
