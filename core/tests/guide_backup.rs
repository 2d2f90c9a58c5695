//! The backup guides (EBS snapshot, AMI, recovery points): descriptions and vault policies are
//! saved before anything deletes or replaces them, EC2 recovery points are tagged through EC2, and
//! deregistering an AMI deletes its snapshots with it.

use findlens_core::guide::{self, Act, Subject};

mod common;

use common::guides::all::{commands, pos as position};
use common::guides::sample_guide as sample;

#[test]
fn evidence_comes_before_deletion_and_policy_replacement() {
    for (name, describe) in [
        ("ebs-snapshot", "describe-snapshots --snapshot-ids"),
        ("ec2-ami", "describe-images --image-ids"),
        ("ec2-recovery-point", "describe-recovery-point"),
        ("s3-recovery-point", "describe-recovery-point"),
    ] {
        let g = sample(name);
        let cmds = commands(&g);
        let d = position(&g, describe);
        assert!(cmds[d].acts.contains(&Act::Captures(Subject::Artifact)), "{name}: {}", cmds[d].text);
        assert!(d < position(&g, "delete-recovery-point"), "{name}");
        let get = position(&g, "get-backup-vault-access-policy");
        assert!(cmds[get].acts.contains(&Act::Captures(Subject::AccessPolicy)), "{name}");
        assert!(get < position(&g, "put-backup-vault-access-policy"), "{name}");
        let broken: Vec<_> = guide::rules::check(&g).into_iter().filter(|v| v.step.starts_with(name)).collect();
        assert!(broken.is_empty(), "{name}: {broken:?}");
    }
}

#[test]
fn ec2_recovery_points_are_tagged_through_ec2() {
    let g = sample("ec2-recovery-point");
    let texts: Vec<&str> = commands(&g).iter().map(|c| c.text.as_str()).collect();
    assert!(!texts.iter().any(|t| t.starts_with("aws backup tag-resource")), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("aws ec2 create-tags --resources 'ami-")), "{texts:?}");
    let step =
        g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == "ec2-recovery-point/restrict-access").expect("step");
    assert!(step.why.contains("API"), "{}", step.why);
    // A recovery point whose ARN is AWS Backup's own is still tagged through AWS Backup.
    let g = sample("s3-recovery-point");
    assert!(commands(&g).iter().any(|c| c.text.starts_with("aws backup tag-resource --resource-arn 'arn:aws:backup:")));
}

#[test]
fn deregistering_an_ami_deletes_its_snapshots() {
    let g = sample("ec2-ami");
    let cmds = commands(&g);
    let dereg = cmds[position(&g, "deregister-image")];
    assert!(dereg.text.contains("--delete-associated-snapshots"), "{}", dereg.text);
    assert!(dereg.caution.as_deref().is_some_and(|c| c.contains("snapshots")));
    let said = g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.decisions).any(|d| d.answer.contains("stay"));
    assert!(said, "the guide says deregistering alone leaves the snapshots");
}
