//! Second review of the S3 bucket guide: an anonymous read is blocked without an "if" (nobody
//! authorises anonymous access) and the anonymous caller is explained once; the account-wide block
//! is optional, and only offered where public access was the way in; making versioning permanent
//! is not called reversible; blanks printed by the listings are outputs; and the key's CloudTrail
//! events are not cut at one page.

use findlens_core::guide::{self, Command, Effect, Guide, Segment, Step, Tone};

fn sample(name: &str) -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == name).expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

fn commands(g: &Guide) -> Vec<&Command> {
    steps(g).into_iter().flat_map(|s| &s.commands).collect()
}

fn command<'g>(g: &'g Guide, needle: &str) -> &'g Command {
    commands(g).into_iter().find(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle}"))
}

fn is_output(c: &Command, blank: &str) -> bool {
    c.segments.iter().any(|s| matches!(s, Segment::Output { name, .. } if name == blank))
}

#[test]
fn anonymous_access_is_blocked_without_an_if_and_explained_once() {
    let g = sample("s3-bucket-anonymous-read");
    let restrict = steps(&g).into_iter().find(|s| s.id == "s3-bucket/restrict-access").expect("restrict");
    assert!(!restrict.title.starts_with("If"), "{}", restrict.title);
    let dangers: Vec<&str> = steps(&g)
        .iter()
        .flat_map(|s| &s.decisions)
        .filter(|d| d.tone == Tone::Danger && d.answer.contains("ANONYMOUS_PRINCIPAL"))
        .map(|d| d.question.as_str())
        .collect();
    assert_eq!(dangers.len(), 1, "{dangers:?}");
    let account = command(&g, "s3control put-public-access-block");
    assert!(account.description.starts_with("Optionally"), "{}", account.description);
}

#[test]
fn a_private_bucket_gets_no_account_wide_block() {
    let g = sample("attack-sequence");
    assert!(!commands(&g).iter().any(|c| c.text.contains("s3control")));
    let restrict = steps(&g).into_iter().find(|s| s.id == "s3-bucket/restrict-access").expect("restrict");
    assert!(restrict.title.starts_with("If the access was not authorised"), "{}", restrict.title);
}

#[test]
fn turning_versioning_on_is_not_called_reversible() {
    let g = sample("attack-sequence");
    let v = command(&g, "put-bucket-versioning");
    assert_eq!(v.effect, Effect::Destructive);
    assert_eq!(v.caution_id.as_deref(), Some("s3-bucket/versioning-cannot-be-turned-off"));
    assert!(!v.description.contains("reversible"), "{}", v.description);
}

#[test]
fn recovery_blanks_come_from_the_listings() {
    let g = sample("attack-sequence");
    assert!(is_output(command(&g, "--version-id <marker-version-id>"), "marker-version-id"));
    let copy = command(&g, "s3api copy-object");
    assert!(is_output(copy, "copy-source"), "{}", copy.text);
    let all = commands(&g);
    let listing = all
        .iter()
        .position(|c| c.text.contains("list-object-versions") && c.text.contains("--prefix"))
        .expect("key listing");
    let copied = all.iter().position(|c| c.text.contains("s3api copy-object")).expect("copy");
    assert!(listing < copied);
}

#[test]
fn the_keys_events_are_not_cut_at_one_page() {
    for name in ["s3-bucket-policy", "s3-bucket-anonymous-read", "attack-sequence"] {
        let g = sample(name);
        // Only the S3 section's own lookups: the credentials section is another guide's.
        let s3_steps = steps(&g).into_iter().filter(|s| s.id.starts_with("s3-bucket/"));
        for c in s3_steps.flat_map(|s| &s.commands) {
            assert!(!(c.text.contains("lookup-events") && c.text.contains("--max-results")), "{name}: {}", c.text);
        }
    }
}
