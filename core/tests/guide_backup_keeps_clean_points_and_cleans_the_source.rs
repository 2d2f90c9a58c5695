//! Second review of the backup guides: an EC2 recovery point's guide checks whether the source
//! instance still runs, takes the source out of the backup plan's selection (AWS Backup cannot
//! pause one rule) and keeps the last clean recovery point longer, and asks about a sample before
//! the only copy goes. An S3 recovery point's guide removes the infected object that is still live
//! in the source bucket, lifts its own hold for the restore and puts it back, and leaves the
//! restore time to the analyst. An AMI's guide finds the launch templates that start it.

use findlens_core::guide::{self, Command, Guide, Segment, Step};

fn sample(name: &str) -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == name).expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g Step {
    steps(g).into_iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

fn pos(cmds: &[Command], needle: &str) -> usize {
    cmds.iter().position(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command with {needle}"))
}

#[test]
fn ec2_recovery_point_checks_the_source_instance() {
    let g = sample("ec2-recovery-point");
    let identify = &step(&g, "ec2-recovery-point/identify").commands;
    let c = &identify[pos(identify, "aws ec2 describe-instances --instance-ids")];
    assert!(c.text.contains("'i-0b1c2d3e4f5a60789'") && c.text.contains("State.Name"), "{}", c.text);
}

#[test]
fn ec2_recovery_point_leaves_the_plan_and_keeps_the_clean_point() {
    let g = sample("ec2-recovery-point");
    let all: String = steps(&g).iter().flat_map(|s| &s.decisions).map(|d| d.answer.clone()).collect();
    assert!(!all.contains("Pause the backup plan's rule"), "{all}");
    let keep = step(&g, "ec2-recovery-point/keep-clean-backup");
    let cmds = &keep.commands;
    let saved = pos(cmds, "aws backup get-backup-selection");
    let created = pos(cmds, "aws backup create-backup-selection");
    let deleted = pos(cmds, "aws backup delete-backup-selection");
    assert!(saved < created && created < deleted);
    assert!(cmds[deleted].caution.as_deref().is_some_and(|c| c.contains("only after the new one exists")));
    let lifecycle = &cmds[pos(cmds, "aws backup update-recovery-point-lifecycle")];
    assert!(lifecycle.text.contains("--lifecycle DeleteAfterDays=<days>"), "{}", lifecycle.text);
    assert!(lifecycle.caution.as_deref().is_some_and(|c| c.contains("MoveToColdStorageAfterDays")));
    let ids: Vec<&str> = steps(&g).iter().map(|s| s.id.as_str()).collect();
    let k = ids.iter().position(|i| *i == "ec2-recovery-point/keep-clean-backup").expect("keep");
    let r = ids.iter().position(|i| *i == "ec2-recovery-point/remediate").expect("remediate");
    assert!(k < r, "{ids:?}");
}

#[test]
fn ec2_recovery_point_asks_about_a_sample_before_deleting() {
    let g = sample("ec2-recovery-point");
    let remediate = step(&g, "ec2-recovery-point/remediate");
    assert!(remediate.decisions.iter().any(|d| d.id == "backup/do-you-need-a-sample-of-the-malware"));
    let delete = &remediate.commands[pos(&remediate.commands, "delete-recovery-point")];
    assert_eq!(delete.caution_id.as_deref(), Some("ec2-recovery-point/sample-deleted"));
}

#[test]
fn s3_recovery_point_removes_the_live_object_first() {
    let g = sample("s3-recovery-point");
    let ids: Vec<&str> = steps(&g).iter().map(|s| s.id.as_str()).collect();
    let src = ids.iter().position(|i| *i == "s3-recovery-point/source-objects").expect("source step");
    let rem = ids.iter().position(|i| *i == "s3-recovery-point/remediate").expect("remediate");
    assert!(src < rem, "{ids:?}");
    let cmds = &step(&g, "s3-recovery-point/source-objects").commands;
    let listed = pos(cmds, "list-object-versions --bucket 'example-customer-docs'");
    let copied = pos(cmds, "s3api copy-object");
    let denied = pos(cmds, "s3api put-bucket-policy");
    let deleted = pos(cmds, "s3api delete-object");
    assert!(listed < copied && copied < denied && denied < deleted);
    assert!(cmds[denied].text.contains("arn:aws:s3:::example-customer-docs/contracts/2026/renewal-4410.pdf"));
    assert!(cmds[deleted].text.contains("--version-id <infected-version-id>"), "{}", cmds[deleted].text);
    assert!(guide::rules::check(&g).is_empty(), "{:?}", guide::rules::check(&g));
}

#[test]
fn s3_recovery_point_lifts_its_own_hold_for_the_restore() {
    let g = sample("s3-recovery-point");
    let cmds = &step(&g, "s3-recovery-point/remediate").commands;
    let lift = pos(cmds, "--policy file://<saved-vault-policy.json>");
    let none = pos(cmds, "delete-backup-vault-access-policy");
    let restore = pos(cmds, "start-restore-job");
    let back = pos(cmds, "\"Sid\":\"HoldBackupWithMalware\"");
    let delete = pos(cmds, "delete-recovery-point");
    assert!(lift < restore && none < restore && restore < back && back < delete);
    let time_is_chosen =
        cmds[restore].segments.iter().any(|s| matches!(s, Segment::Choose { name, .. } if name == "restore-time"));
    assert!(time_is_chosen, "{}", cmds[restore].text);
    let answers: String = steps(&g).iter().flat_map(|s| &s.decisions).map(|d| d.answer.clone()).collect();
    assert!(!answers.contains("keep a snapshot backup of the bucket as it was before"), "{answers}");
}

#[test]
fn ami_guide_finds_the_launch_templates_that_start_it() {
    let g = sample("ec2-ami");
    let cmds = &step(&g, "ec2-ami/remediate").commands;
    let c = &cmds[pos(cmds, "describe-launch-template-versions")];
    assert!(
        c.text.contains("--versions '$Latest' '$Default'") && c.text.contains("Name=image-id,Values="),
        "{}",
        c.text
    );
}
