//! `ebs-snapshot`: Malware Protection for AWS Backup found malware in an EBS snapshot.

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Step, Subject, Tone};
use crate::guide::shared::backup::{
    arn_id, delete_recovery_point, describe_recovery_point, ec2_bypasses_the_vault, ec2_tags, from_a_volume, identify,
    keep_a_sample, keep_clean_backup, made_by_backup, remediate_step, restrict_step, sample_gone, vault_hold,
    with_caution, Target,
};

const P_SNAP: &str = "resource.ebsSnapshotDetails.snapshotArn";
/// `ebs-snapshot`: an EBS snapshot with malware.
pub fn steps(cx: &Ctx) -> Vec<Step> {
    const KEY: &str = "ebs-snapshot";
    let arn = cx.f.resource.ebs_snapshot_details.as_ref().and_then(|s| s.snapshot_arn.as_deref());
    let snap = arn_id(arn);
    let t = Target::snapshot_or_image(arn, P_SNAP);
    let snap_id = |c: Cmd| c.v_or(snap, P_SNAP, "snapshot-id", "the snap-… ID at the end of the snapshot's ARN");
    let filter = |name: &str| snap.map(|s| format!("Name={name},Values={s}"));
    let id_facts = || vec![fact("Snapshot ID", snap, P_SNAP), fact("Snapshot ARN", arn, P_SNAP)];

    let identify = identify(
        cx,
        KEY,
        "snapshot",
        id_facts(),
        vec![made_by_backup(cx, "snapshot"), Decision {
            id: "backup/is-the-source-volume-still-in-use".into(),
            question: "Is the volume the snapshot was taken from still in use?".into(),
            answer: "The snapshot's VolumeId names the volume, and the volume's attachments name the instance (commands below). If an instance still uses that volume, it most likely holds the same files: work through the EC2 instance guide for it. A volume that no longer exists (or the placeholder vol-ffffffff of a copied snapshot) leaves CloudTrail's CreateSnapshot event as the trail.".into(),
            tone: Tone::Warning,
        }],
        vec![
            snap_id(
                cx.cmd("Save the snapshot's description (source volume, owner, encryption, tags) with the incident record, together with this finding, which is the scan result")
                    .t("aws ec2 describe-snapshots --snapshot-ids "),
            )
            .captures(Subject::Artifact)
            .build(),
            snap_id(
                cx.cmd("The volume the snapshot was taken from")
                    .t("aws ec2 describe-snapshots --snapshot-ids "),
            )
            .t(" --query 'Snapshots[].VolumeId' --output text")
            .build(),
            cx.cmd("The instance that volume is attached to, if it still exists")
                .t("aws ec2 describe-volumes --volume-ids ")
                .output("volume-id", "the vol-… ID printed by the describe-snapshots query above")
                .t(" --query 'Volumes[].Attachments[].{instance:InstanceId,device:Device,state:State}'")
                .build(),
            describe_recovery_point(cx, &t),
        ],
    );

    let (mut decisions, vault_commands) = vault_hold(cx, &t);
    decisions.insert(0, ec2_bypasses_the_vault("snapshot"));
    decisions.insert(0, Decision {
        id: "backup/who-can-create-volumes-from-it".into(),
        question: "Who can create volumes from it?".into(),
        answer: "Read its createVolumePermission: an account ID means that account can copy the malware out; the group \"all\" means the snapshot is public. Remove every grant that is not needed.".into(),
        tone: Tone::Warning,
    });
    let mut commands = vec![
        snap_id(
            cx.cmd("Accounts and groups the snapshot is shared with")
                .t("aws ec2 describe-snapshot-attribute --snapshot-id "),
        )
        .t(" --attribute createVolumePermission")
        .build(),
        snap_id(cx.cmd("Stop sharing it with one account").t("aws ec2 modify-snapshot-attribute --snapshot-id "))
            .t(" --attribute createVolumePermission --operation-type remove --user-ids ")
            .output("shared-account-id", "an account ID printed by describe-snapshot-attribute")
            .build(),
        snap_id(cx.cmd("Make it private if it is public").t("aws ec2 modify-snapshot-attribute --snapshot-id "))
            .t(" --attribute createVolumePermission --operation-type remove --group-names all")
            .build(),
        ec2_tags(cx, snap, P_SNAP, "snapshot-id"),
    ];
    commands.extend(vault_commands);
    let restrict = restrict_step(KEY, "snapshot", id_facts(), decisions, commands);

    let remediate = remediate_step(
        KEY,
        "snapshot",
        id_facts(),
        vec![
            Decision {
                id: "backup/was-anything-built-from-it".into(),
                question: "Was anything built from it?".into(),
                answer: "Volumes created from the snapshot and images registered with it carry the same files. Find them (commands below); an instance using one of them needs the EC2 instance guide.".into(),
                tone: Tone::Warning,
            },
            keep_clean_backup(),
            keep_a_sample("snapshot", &from_a_volume("snapshot")),
        ],
        vec![
            cx.cmd("Volumes created from the snapshot")
                .t("aws ec2 describe-volumes --filters ")
                .v_or(filter("snapshot-id").as_deref(), P_SNAP, "snapshot-filter", "Name=snapshot-id,Values=<snapshot-id>")
                .build(),
            cx.cmd("Your images (AMIs) that use the snapshot")
                .t("aws ec2 describe-images --owners self --filters ")
                .v_or(filter("block-device-mapping.snapshot-id").as_deref(), P_SNAP, "snapshot-filter", "Name=block-device-mapping.snapshot-id,Values=<snapshot-id>")
                .build(),
            snap_id(cx.cmd("Delete the snapshot (not managed by AWS Backup)").t("aws ec2 delete-snapshot --snapshot-id "))
                .caution("ebs-snapshot/sample-deleted", sample_gone("snapshot"))
                .build(),
            with_caution(
                delete_recovery_point(cx, &t, "Delete it through AWS Backup (when a backup vault holds it)"),
                "ebs-snapshot/sample-deleted",
                &sample_gone("snapshot"),
            ),
        ],
    );
    vec![identify, restrict, remediate]
}
