//! Review fixes to the backup guides: a continuous S3 recovery point is restored from a clean
//! moment before it is deleted (its deletion takes the whole history), S3 items show no device,
//! the EBS snapshot guide traces the source instance and says EC2 bypasses the vault policy, an
//! EC2 recovery point is held back like an AMI, and an old CLI has a fallback for deregistering.

use findlens_core::guide::{Guide, Step};

mod common;

use common::guides::all::{commands, pos};
use common::guides::sample_guide as sample;

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

#[test]
fn continuous_s3_recovery_point_is_restored_before_its_history_is_deleted() {
    let g = sample("s3-recovery-point");
    let cmds = commands(&g);
    let restore = pos(&g, "aws backup start-restore-job");
    assert!(cmds[restore].text.contains("RestoreTime"), "{}", cmds[restore].text);
    let delete = pos(&g, "delete-recovery-point");
    assert!(restore < delete);
    let caution = cmds[delete].caution.as_deref().unwrap_or_default();
    assert!(caution.contains("point-in-time history"), "{caution}");
    let texts: Vec<&str> = cmds.iter().map(|c| c.description.as_str()).collect();
    assert!(!texts.iter().any(|d| d.contains("to find the last clean one")), "{texts:?}");
    // The source bucket comes from the finding.
    assert!(cmds.iter().any(|c| c.text.contains("--by-resource-arn 'arn:aws:s3:::")));
}

#[test]
fn s3_items_show_no_device() {
    for name in ["s3-recovery-point", "malware-s3"] {
        let g = sample(name);
        let devices = steps(&g).iter().flat_map(|s| &s.facts).any(|f| f.label.starts_with("Devices"));
        assert!(!devices, "{name}");
    }
    let g = sample("ebs-snapshot");
    assert!(steps(&g).iter().flat_map(|s| &s.facts).any(|f| f.label.starts_with("Devices")));
}

#[test]
fn ebs_snapshot_traces_the_source_instance_and_names_the_vault_bypass() {
    let g = sample("ebs-snapshot");
    let d = pos(&g, "--query 'Snapshots[].VolumeId'");
    let v = pos(&g, "aws ec2 describe-volumes --volume-ids");
    assert!(d < v);
    let answers: Vec<&str> = steps(&g).iter().flat_map(|s| &s.decisions).map(|d| d.answer.as_str()).collect();
    assert!(answers.iter().any(|a| a.contains("create-volume")), "{answers:?}");
    let cmds = commands(&g);
    let del = cmds[pos(&g, "aws ec2 delete-snapshot")];
    assert!(del.caution.as_deref().is_some_and(|c| c.contains("sample")), "{:?}", del.caution);
}

#[test]
fn ec2_recovery_point_is_held_back_like_an_ami() {
    let g = sample("ec2-recovery-point");
    let cmds = commands(&g);
    let disable = cmds[pos(&g, "aws ec2 disable-image")];
    assert!(disable.caution.is_some());
    assert!(pos(&g, "--attribute launchPermission") < pos(&g, "aws ec2 disable-image"));
    assert!(cmds.iter().any(|c| c.text.contains("--by-resource-arn 'arn:aws:ec2:us-west-2:111122223333:instance/i-")));
    let answers: Vec<&str> = steps(&g).iter().flat_map(|s| &s.decisions).map(|d| d.answer.as_str()).collect();
    assert!(answers.iter().any(|a| a.contains("run-instances")), "{answers:?}");
}

#[test]
fn ami_deregistration_has_a_fallback_for_old_clis() {
    let g = sample("ec2-ami");
    let cmds = commands(&g);
    assert!(cmds
        .iter()
        .any(|c| c.text.starts_with("aws ec2 deregister-image") && !c.text.contains("--delete-associated")));
    let disable = cmds[pos(&g, "aws ec2 disable-image")];
    assert!(!disable.description.contains("(reversible)"));
    assert!(disable.caution.as_deref().is_some_and(|c| c.contains("does not bring them back")));
}
