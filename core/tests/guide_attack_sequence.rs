//! An attack sequence that deleted objects from a bucket gets versioning, delete markers and
//! recovery, not only public-access fixes.

use findlens_core::guide::{self};

mod common;

use common::guides::all::{commands, pos as position};
use common::guides::sample_guide as sample;

#[test]
fn deleted_objects_are_checked_and_recovered() {
    let g = sample("attack-sequence");
    let versioning = position(&g, "get-bucket-versioning");
    let markers = position(&g, "list-object-versions");
    assert!(commands(&g)[markers].text.contains("DeleteMarkers"));
    let undelete = position(&g, "delete-object");
    let cmds = commands(&g);
    assert!(cmds[undelete].text.contains("--version-id <marker-version-id>"));
    assert!(cmds[undelete].caution.as_deref().is_some_and(|c| c.contains("delete marker")));
    assert!(versioning < undelete && markers < undelete);
    assert!(cmds.iter().any(|c| c.text.contains("copy-object") && c.text.contains("--copy-source")));
    assert!(cmds.iter().any(|c| c.text.contains("put-bucket-versioning") && c.text.contains("Status=Enabled")));
    let text: String =
        g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.decisions).map(|d| d.answer.clone()).collect();
    assert!(text.contains("AWS Backup") && text.contains("Object Lock"), "{text}");
    assert!(guide::rules::check(&g)
        .iter()
        .all(|v| !v.step.starts_with("s3-bucket/") && !v.step.starts_with("attack-sequence/")));
}

#[test]
fn buckets_without_deletions_get_no_recovery_steps() {
    let g = sample("s3-bucket-anonymous-read");
    assert!(!commands(&g).iter().any(|c| c.text.contains("list-object-versions")));
}
