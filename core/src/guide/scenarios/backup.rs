//! `ebs-snapshot`, `ec2-ami`, `ec2-recovery-point`, `s3-recovery-point`: Malware Protection for
//! AWS Backup found malware in a backup. All four go the same way: identify the backup and what the
//! scan found, hold it back so nobody restores or shares it, then remove it once nothing depends on
//! it. The scan's facts (`service.malwareScanDetails`) are shared with `malware-s3`.

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Command, Decision, Fact, Phase, Step, Subject, Tone};
use crate::guide::shared::malware::{scan, sp, threat_facts, url_path};

const P_SNAP: &str = "resource.ebsSnapshotDetails.snapshotArn";
const P_IMAGE: &str = "resource.ec2ImageDetails.imageArn";
const P_RP_ARN: &str = "resource.recoveryPointDetails.recoveryPointArn";
const P_RP_VAULT: &str = "resource.recoveryPointDetails.backupVaultName";
const VAULT_HINT: &str = "the AWS Backup vault that holds it, if AWS Backup made it (Backup console, or list-recovery-points-by-resource with the source's ARN)";
/// How many files or hashes a fact lists before it only counts the rest.
/// The last segment of an ARN's resource (`…:snapshot/snap-0abc` → `snap-0abc`).
fn arn_id(arn: Option<&str>) -> Option<&str> {
    arn?.rsplit_once('/').map(|(_, id)| id).filter(|id| !id.is_empty())
}

/// The scan itself: its ID, how it was started, what it covered.
fn scan_facts(cx: &Ctx) -> Vec<Fact> {
    let s = scan(cx);
    let mut facts = vec![
        fact("Scan ID", s.and_then(|s| s.scan_id.clone()), &sp("scanId")),
        fact("Scan type", s.and_then(|s| s.scan_type.clone()), &sp("scanType")),
        fact("Scan category", s.and_then(|s| s.scan_category.clone()), &sp("scanCategory")),
        fact("Started by", trigger(cx), &sp("scanConfiguration.triggerType")),
    ];
    facts.extend(some_fact(
        "Baseline of the incremental scan",
        baseline(cx),
        &sp("scanConfiguration.incrementalScanDetails.baselineResourceArn"),
    ));
    facts.push(fact(
        "Distinct threats",
        s.and_then(|s| s.unique_threat_count).map(|n| n.to_string()),
        &sp("uniqueThreatCount"),
    ));
    facts
}

fn trigger<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    scan(cx).and_then(|s| s.scan_configuration.as_ref()).and_then(|c| c.trigger_type.as_deref())
}

fn baseline<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    scan(cx)
        .and_then(|s| s.scan_configuration.as_ref())
        .and_then(|c| c.incremental_scan_details.as_ref())
        .and_then(|i| i.baseline_resource_arn.as_deref())
}

/// What the scan covered, and that a backup finding is never updated.
fn scan_decisions(cx: &Ctx) -> Vec<Decision> {
    let category = scan(cx).and_then(|s| s.scan_category.as_deref());
    let coverage = match category {
        Some("INCREMENTAL_SCAN") => format!(
            "Only part of it: an incremental scan reads just the data that changed since its baseline ({}). The files listed were written or changed after that baseline; that does not make the baseline clean unless a scan of its own found nothing.",
            baseline(cx).unwrap_or("named in the scan configuration")
        ),
        Some("FULL_SCAN") => "All of it: a full scan read the whole backup, so the files listed are everything it found.".into(),
        Some(other) => format!("The scan category is {other}; read the scan's details (command below) to see what it covered."),
        None => "The finding does not say whether the scan was full or incremental; the scan's details (command below) do.".into(),
    };
    vec![
        Decision { id: "backup/did-the-scan-cover-the-whole-backup".into(), question: "Did the scan cover the whole backup?".into(), answer: coverage, tone: Tone::Info },
        Decision {
            id: "backup/will-this-finding-change-if-the-backup-is".into(),
            question: "Will this finding change if the backup is scanned again?".into(),
            answer: "No. GuardDuty never updates a backup finding: each scan that finds malware raises a new one. Look for newer findings on the same backup before you draw conclusions from this one.".into(),
            tone: Tone::Info,
        },
    ]
}

/// Whether AWS Backup made the snapshot or image, read from how the scan was started.
fn made_by_backup(cx: &Ctx, what: &str) -> Decision {
    let trigger = trigger(cx);
    let scan_type = scan(cx).and_then(|s| s.scan_type.as_deref());
    let by_backup = trigger == Some("BACKUP") || scan_type == Some("BACKUP_INITIATED");
    Decision {
        id: "backup/does-aws-backup-manage-this".into(),
        question: format!("Does AWS Backup manage this {what}?"),
        answer: if by_backup {
            format!("Very likely: AWS Backup started the scan, so the {what} is a recovery point in a backup vault. The vault's access policy applies to it, and AWS Backup is where it is deleted.")
        } else {
            format!("Not necessarily: the scan was not started by a backup job. If the {what}'s tags include aws:backup:source-resource, AWS Backup made it and it sits in a vault; otherwise only the EC2 commands apply.")
        },
        tone: Tone::Info,
    }
}

/// The backup a command acts on: its ARN (also its recovery point ARN in AWS Backup) and its vault.
struct Target<'f> {
    arn: Option<&'f str>,
    arn_path: &'static str,
    vault: Option<&'f str>,
    /// Whether the finding has a vault field at all (recovery points only).
    vault_in_finding: bool,
}

impl<'f> Target<'f> {
    fn snapshot_or_image(arn: Option<&'f str>, arn_path: &'static str) -> Target<'f> {
        Target { arn, arn_path, vault: None, vault_in_finding: false }
    }

    fn with_arn(&self, c: Cmd) -> Cmd {
        c.v_or(self.arn, self.arn_path, "recovery-point-arn", "the backup's ARN")
    }

    /// A recovery point's finding names its vault. A snapshot's or an image's never does, and
    /// there may be none (AWS Backup did not make it): a different blank, the analyst's to look up.
    fn with_vault(&self, c: Cmd) -> Cmd {
        match self.vault_in_finding {
            true => c.v_or(
                self.vault,
                P_RP_VAULT,
                "backup-vault-name",
                "the vault (resource.recoveryPointDetails.backupVaultName)",
            ),
            false => c.missing("vault-name", VAULT_HINT),
        }
    }
}

fn scan_details(cx: &Ctx) -> Command {
    cx.cmd("The scan's full details, including what it covered and how it ended")
        .t("aws guardduty get-malware-scan --scan-id ")
        .v_or(
            scan(cx).and_then(|s| s.scan_id.as_deref()),
            &sp("scanId"),
            "scan-id",
            "the scan's ID (service.malwareScanDetails.scanId)",
        )
        .build()
}

fn describe_recovery_point(cx: &Ctx, t: &Target) -> Command {
    if t.vault_in_finding {
        let c = t.with_vault(
            cx.cmd("Save the recovery point's description (source resource, creation date, lifecycle, status) with the incident record, together with this finding, which is the scan result")
                .t("aws backup describe-recovery-point --backup-vault-name "),
        );
        return t.with_arn(c.t(" --recovery-point-arn ")).t(" --output json").captures(Subject::Artifact).build();
    }
    let c = t.with_vault(
        cx.cmd("The recovery point in AWS Backup, if a vault holds it: its source resource, creation date, lifecycle and status")
            .t("aws backup describe-recovery-point --backup-vault-name "),
    );
    t.with_arn(c.t(" --recovery-point-arn ")).build()
}

/// Holding a backup in its vault: read the vault's policy, deny restores and copies of this backup,
/// list the plans that restore on their own.
fn vault_hold(cx: &Ctx, t: &Target) -> (Vec<Decision>, Vec<Command>) {
    let decisions = vec![
        Decision {
            id: "backup/can-you-run-the-vault-policy-command-as".into(),
            question: "Can you run the vault policy command as it is?".into(),
            answer: "Only if the vault has no access policy yet: put-backup-vault-access-policy replaces the whole policy. If get-backup-vault-access-policy prints one, add the Deny statement to it and put the merged policy instead.".into(),
            tone: Tone::Warning,
        },
        Decision {
            id: "backup/could-something-restore-it-without-anyone-asking".into(),
            question: "Could something restore it without anyone asking?".into(),
            answer: "Restore testing plans restore recovery points on a schedule. Check them (command below) and take this backup out of their selection, or pause them until it is dealt with.".into(),
            tone: Tone::Info,
        },
    ];
    let commands = vec![
        t.with_vault(
            cx.cmd("Save the vault's current access policy with the incident record: the next command replaces it")
                .t("aws backup get-backup-vault-access-policy --backup-vault-name "),
        )
        .t(" --output json")
        .captures(Subject::AccessPolicy)
        .build(),
        put_hold(cx, t, "Deny restoring or copying this backup, for everyone (when the vault has no policy yet)"),
        cx.cmd("Restore testing plans, which restore recovery points on a schedule")
            .t("aws backup list-restore-testing-plans")
            .build(),
    ];
    (decisions, commands)
}

/// The vault-policy Deny that holds one backup back: nobody restores or copies it.
fn put_hold(cx: &Ctx, t: &Target, description: &str) -> Command {
    let policy = t.arn.map(|arn| {
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "HoldBackupWithMalware",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["backup:StartRestoreJob", "backup:StartCopyJob"],
                "Resource": arn,
            }],
        })
        .to_string()
    });
    t.with_vault(cx.cmd(description).t("aws backup put-backup-vault-access-policy --backup-vault-name "))
        .t(" --policy ")
        .v_or(
            policy.as_deref(),
            t.arn_path,
            "policy",
            "a Deny of backup:StartRestoreJob and backup:StartCopyJob on the backup's ARN",
        )
        .build()
}

fn delete_recovery_point(cx: &Ctx, t: &Target, description: &str) -> Command {
    let c = t.with_vault(cx.cmd(description).t("aws backup delete-recovery-point --backup-vault-name "));
    t.with_arn(c.t(" --recovery-point-arn ")).build()
}

/// The identify step every backup scenario starts with: its own facts, then the scan's.
fn identify(
    cx: &Ctx,
    key: &str,
    what: &str,
    mut facts: Vec<Fact>,
    mut decisions: Vec<Decision>,
    mut commands: Vec<Command>,
) -> Step {
    facts.push(fact("Account", cx.account, "accountId"));
    facts.push(fact("Region", cx.region, "region"));
    facts.extend(scan_facts(cx));
    facts.extend(threat_facts(cx));
    decisions.extend(scan_decisions(cx));
    commands.push(scan_details(cx));
    Step {
        id: format!("{key}/identify"),
        phase: Phase::Understand,
        title: format!("Identify the {what} and what the scan found"),
        why: format!("The {what}'s ID and the scan's results say what is infected and where the files are, which you need before you restrict or remove anything."),
        facts,
        decisions,
        commands,
    }
}

fn restrict_step(key: &str, what: &str, facts: Vec<Fact>, decisions: Vec<Decision>, commands: Vec<Command>) -> Step {
    Step {
        id: format!("{key}/restrict-access"),
        phase: Phase::Contain,
        title: format!("Stop anyone from using the {what}"),
        why: format!("While the {what} exists, anyone allowed to restore, launch or copy it can bring the malware back into a running system; hold it back first."),
        facts,
        decisions,
        commands,
    }
}

fn remediate_step(key: &str, what: &str, facts: Vec<Fact>, decisions: Vec<Decision>, commands: Vec<Command>) -> Step {
    Step {
        id: format!("{key}/remediate"),
        phase: Phase::Eradicate,
        title: format!("Remove the {what} once nothing depends on it"),
        why: format!("Deleting the {what} removes the malware for good, but also whatever else it holds: check first what was built from it and that a clean backup remains."),
        facts,
        decisions,
        commands,
    }
}

fn keep_clean_backup() -> Decision {
    Decision {
        id: "backup/is-a-clean-backup-left-to-fall-back".into(),
        question: "Is a clean backup left to fall back on?".into(),
        answer: "Check before deleting: an earlier backup that a scan found clean is what you restore from. Vault Lock or a legal hold can also stop the deletion; both show in the vault's and the recovery point's details.".into(),
        tone: Tone::Warning,
    }
}

/// What deleting the only infected copy loses besides the backup.
fn sample_gone(what: &str) -> String {
    format!("The {what} and every file in it are deleted for good, the malware sample included. Keep the scan result and the files' SHA-256 hashes with the incident record, and copy a sample out first if anyone needs the file itself.")
}

fn with_caution(mut c: Command, id: &str, text: &str) -> Command {
    c.caution_id = Some(id.into());
    c.caution = Some(text.into());
    c
}

/// `from` says where a copy of a file comes from: a volume made from the backup, a restore.
fn keep_a_sample(what: &str, from: &str) -> Decision {
    Decision {
        id: "backup/do-you-need-a-sample-of-the-malware".into(),
        question: "Do you need a sample of the malware?".into(),
        answer: format!("Deleting the {what} destroys the only copy of the files GuardDuty found. The finding keeps their paths and SHA-256 hashes, which is enough to search for them elsewhere. If an analyst needs a file itself, copy it out before you delete, {from}."),
        tone: Tone::Warning,
    }
}

/// Where a sample of an EBS-backed backup's files comes from.
fn from_a_volume(what: &str) -> String {
    format!("from a volume made from the {what} and attached to an isolated forensics instance")
}

/// The vault's Deny covers AWS Backup's own restore and copy only; EC2 acts on its snapshots and
/// images directly.
fn ec2_bypasses_the_vault(what: &str) -> Decision {
    let (ops, fix) = match what {
        "snapshot" => ("ec2 create-volume, copy-snapshot and register-image", "Removing its createVolumePermission grants (commands below) stops other accounts; within this account only IAM decides who can create a volume from it."),
        _ => ("ec2 run-instances, copy-image and create-volume on its snapshots", "Removing its launch permissions and disabling it (commands below) stops that; disabling works inside this account too."),
    };
    Decision {
        id: format!("backup/does-the-vault-policy-stop-ec2-using-the-{what}"),
        question: format!("Does the vault policy stop EC2 from using the {what}?"),
        answer: format!("No. The Deny below covers AWS Backup's restore and copy jobs only; {ops} act on the {what} directly, whatever the vault policy says. {fix}"),
        tone: Tone::Warning,
    }
}

fn ec2_tags(cx: &Ctx, id: Option<&str>, path: &str, name: &str) -> Command {
    cx.cmd("Tag it as under investigation, so nobody uses or deletes it by mistake")
        .t("aws ec2 create-tags --resources ")
        .v_or(id, path, name, "the ID at the end of the finding's ARN")
        .t(" --tags Key=Investigation,Value=Malware Key=DoNotDelete,Value=True")
        .build()
}

/// `ebs-snapshot`: an EBS snapshot with malware.
pub fn ebs_snapshot(cx: &Ctx) -> Vec<Step> {
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

/// Holding an AMI back through EC2: who can launch it, taking those grants away, disabling it.
/// An EC2 recovery point is an AMI too, and needs the same.
fn image_hold(cx: &Ctx, ami: Option<&str>, path: &str) -> (Vec<Decision>, Vec<Command>) {
    let image_id = |c: Cmd| c.v_or(ami, path, "image-id", "the ami-… ID at the end of the image's ARN");
    let decisions = vec![
        Decision {
            id: "backup/who-can-launch-it".into(),
            question: "Who can launch it?".into(),
            answer: "Read its launchPermission: each account ID listed can start instances from it, and the group \"all\" means it is public. Remove the grants, or disable the image so nobody can launch it until you decide.".into(),
            tone: Tone::Warning,
        },
        ec2_bypasses_the_vault("image"),
    ];
    let commands = vec![
        image_id(
            cx.cmd("Save the accounts and groups allowed to launch the image with the incident record: disabling the image or removing the grants loses them").t("aws ec2 describe-image-attribute --image-id "),
        )
        .t(" --attribute launchPermission --output json")
        .build(),
        image_id(cx.cmd("Take one account's launch permission away").t("aws ec2 modify-image-attribute --image-id "))
            .t(" --launch-permission '{\"Remove\":[{\"UserId\":\"")
            .output("shared-account-id", "an account ID printed by describe-image-attribute")
            .t("\"}]}'")
            .build(),
        image_id(cx.cmd("Make it private if it is public").t("aws ec2 modify-image-attribute --image-id "))
            .t(" --launch-permission '{\"Remove\":[{\"Group\":\"all\"}]}'")
            .build(),
        image_id(
            cx.cmd("Disable the image: nobody can launch it until it is enabled again")
                .t("aws ec2 disable-image --image-id "),
        )
        .caution("backup/disable-image-unshares", "Disabling a public or shared image also makes it private: its launch permissions are removed. Enabling it again (enable-image) does not bring them back; share it again from the saved describe-image-attribute output if it should be.")
        .build(),
    ];
    (decisions, commands)
}

/// `ec2-ami`: an Amazon Machine Image with malware.
pub fn ec2_ami(cx: &Ctx) -> Vec<Step> {
    const KEY: &str = "ec2-ami";
    let arn = cx.f.resource.ec2_image_details.as_ref().and_then(|i| i.image_arn.as_deref());
    let ami = arn_id(arn);
    let t = Target::snapshot_or_image(arn, P_IMAGE);
    let image_id = |c: Cmd| c.v_or(ami, P_IMAGE, "image-id", "the ami-… ID at the end of the image's ARN");
    let id_facts = || vec![fact("AMI ID", ami, P_IMAGE), fact("Image ARN", arn, P_IMAGE)];

    let identify = identify(
        cx,
        KEY,
        "image",
        id_facts(),
        vec![made_by_backup(cx, "image"), Decision {
            id: "backup/was-the-image-made-from-an-ec2-instance".into(),
            question: "Was the image made from an EC2 instance?".into(),
            answer: "Its name, description and tags usually say, and CloudTrail's CreateImage event names the instance (last 90 days). If that instance still runs it most likely holds the same files: work through the EC2 instance guide for it.".into(),
            tone: Tone::Warning,
        }],
        vec![
            image_id(cx.cmd("Save the image's description (owner, creation date, tags, the snapshots behind it) with the incident record, together with this finding, which is the scan result").t("aws ec2 describe-images --image-ids "))
                .captures(Subject::Artifact)
                .build(),
            cx.cmd("Events on the image, among them the CreateImage call that made it")
                .t("aws cloudtrail lookup-events --lookup-attributes ")
                .v_or(ami.map(|a| format!("AttributeKey=ResourceName,AttributeValue={a}")).as_deref(), P_IMAGE, "lookup-attribute", "AttributeKey=ResourceName,AttributeValue=<image-id>")
                .t(" --query 'Events[].{time:EventTime,event:EventName,user:Username}'")
                .build(),
            describe_recovery_point(cx, &t),
        ],
    );

    let (mut decisions, vault_commands) = vault_hold(cx, &t);
    let (image_decisions, mut commands) = image_hold(cx, ami, P_IMAGE);
    decisions.splice(0..0, image_decisions);
    commands.push(ec2_tags(cx, ami, P_IMAGE, "image-id"));
    commands.extend(vault_commands);
    let restrict = restrict_step(KEY, "image", id_facts(), decisions, commands);

    let remediate = remediate_step(
        KEY,
        "image",
        id_facts(),
        vec![
            Decision {
                id: "backup/do-instances-or-launch-templates-use-it".into(),
                question: "Do instances or launch templates use it?".into(),
                answer: "Instances launched from the image probably carry the malware: each needs the EC2 instance guide. Launch templates that name it (command below), and the Auto Scaling groups that use them, will start new infected instances until they point to a clean image: publish a template version with a clean image and make it the default.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "backup/does-deregistering-it-delete-its-snapshots".into(),
                question: "Does deregistering it delete its snapshots?".into(),
                answer: "Not by itself: without --delete-associated-snapshots the EBS snapshots behind the image stay, with the same malware in them and their storage cost. The command below deletes them with the image, except a snapshot that another image also uses. The option came with a 2025 change to the EC2 API, so an older AWS CLI rejects it as unknown: then deregister the image without it and delete each snapshot yourself (the two commands after it). List the snapshots first either way, so you can check afterwards that none is left.".into(),
                tone: Tone::Warning,
            },
            keep_clean_backup(),
        ],
        vec![
            cx.cmd("Instances launched from the image")
                .t("aws ec2 describe-instances --filters ")
                .v_or(ami.map(|a| format!("Name=image-id,Values={a}")).as_deref(), P_IMAGE, "image-filter", "Name=image-id,Values=<image-id>")
                .t(" --query 'Reservations[].Instances[].InstanceId'")
                .build(),
            cx.cmd("Launch templates whose latest or default version starts the image. An Auto Scaling group or EC2 fleet that uses one of them launches it too (describe-auto-scaling-groups shows each group's LaunchTemplate); a group pinned to another version number of a template needs a look of its own")
                .t("aws ec2 describe-launch-template-versions --versions '$Latest' '$Default' --filters ")
                .v_or(ami.map(|a| format!("Name=image-id,Values={a}")).as_deref(), P_IMAGE, "image-filter", "Name=image-id,Values=<image-id>")
                .t(" --query 'LaunchTemplateVersions[].{template:LaunchTemplateName,version:VersionNumber,default:DefaultVersion}'")
                .build(),
            image_id(cx.cmd("The snapshots behind the image, to delete after it").t("aws ec2 describe-images --image-ids "))
                .t(" --query 'Images[].BlockDeviceMappings[].Ebs.SnapshotId'")
                .build(),
            image_id(cx.cmd("Deregister the image and delete its snapshots with it (not managed by AWS Backup)").t("aws ec2 deregister-image --image-id "))
                .t(" --delete-associated-snapshots")
                .caution("ec2-ami/image-and-snapshots-deleted", "The image is deregistered and its EBS snapshots are deleted, both for good unless a Recycle Bin rule keeps them for a while. A snapshot that another image uses is kept. Nobody can launch the image again.")
                .build(),
            image_id(cx.cmd("With an AWS CLI too old for --delete-associated-snapshots: deregister the image alone").t("aws ec2 deregister-image --image-id "))
                .build(),
            cx.cmd("Then delete each snapshot that was behind it")
                .t("aws ec2 delete-snapshot --snapshot-id ")
                .output("backing-snapshot-id", "a snapshot ID printed by the describe-images query above")
                .build(),
            delete_recovery_point(cx, &t, "Delete it through AWS Backup instead (when a backup vault holds it)"),
        ],
    );
    vec![identify, restrict, remediate]
}

/// What a recovery point was made from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Ec2,
    S3,
}

/// The resource a recovery point was made from, when the finding says: an EC2 instance is named
/// only in the title; an S3 bucket is each scanned item's resource.
fn source_arn(cx: &Ctx, source: Source) -> Option<(String, String)> {
    match source {
        Source::Ec2 => {
            let title = cx.f.title.as_deref()?;
            let id = title.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).find(|w| {
                w.strip_prefix("i-").is_some_and(|h| h.len() >= 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
            })?;
            let (region, account) = (cx.region?, cx.account?);
            Some((cx.arn("ec2", region, account, &format!("instance/{id}")), "title".into()))
        }
        Source::S3 => scan(cx)?
            .threats
            .iter()
            .flat_map(|t| &t.item_details)
            .filter_map(|i| i.resource_arn.as_deref())
            .find(|a| a.split(':').nth(2) == Some("s3"))
            .map(|a| (a.to_owned(), sp("threats.itemDetails.resourceArn"))),
    }
}

/// A continuous backup (S3 point-in-time recovery): one recovery point that holds every
/// restorable moment of its retention window.
fn is_continuous(arn: Option<&str>) -> bool {
    arn.is_some_and(|a| a.contains(":recovery-point:continuous:"))
}

fn recovery_point(cx: &Ctx, key: &str, source: Source) -> Vec<Step> {
    let rp = cx.f.resource.recovery_point_details.as_ref();
    let arn = rp.and_then(|r| r.recovery_point_arn.as_deref());
    let vault = rp.and_then(|r| r.backup_vault_name.as_deref());
    let t = Target { arn, arn_path: P_RP_ARN, vault, vault_in_finding: true };
    let continuous = is_continuous(arn);
    let src = source_arn(cx, source);
    let id_facts = || {
        let mut facts = vec![fact("Recovery point ARN", arn, P_RP_ARN), fact("Backup vault", vault, P_RP_VAULT)];
        facts.extend(some_fact("Made from", src.as_ref().map(|(a, _)| a.clone()), src.as_ref().map_or("", |(_, p)| p)));
        facts
    };
    let with_source = |c: Cmd| match &src {
        Some((a, p)) => c.v(a, p),
        None => c.output("source-resource-arn", "ResourceArn printed by describe-recovery-point"),
    };
    let source_decision = match source {
        Source::Ec2 => Decision {
            id: "backup/is-the-instance-it-was-made-from-still".into(),
            question: "Is the instance it was made from still running?".into(),
            answer: "describe-recovery-point names the source (ResourceArn), and describe-instances (last command) shows whether that instance still exists and runs. If it does, it most likely holds the same files: work through the EC2 instance guide for it.".into(),
            tone: Tone::Warning,
        },
        Source::S3 => Decision {
            id: "backup/does-the-source-bucket-still-hold-these-objects".into(),
            question: "Does the source bucket still hold these objects?".into(),
            answer: "Probably: the files listed are object keys of the bucket the recovery point was made from (ResourceArn in describe-recovery-point). The step after the hold copies them out and deletes them from the bucket. If Malware Protection for S3 covers the bucket, its own findings name the exact object versions.".into(),
            tone: Tone::Warning,
        },
    };
    let what = "recovery point";
    let mut identify_decisions = vec![source_decision];
    if continuous {
        identify_decisions.push(Decision {
            id: "backup/is-this-a-continuous-backup".into(),
            question: "Is this a continuous backup?".into(),
            answer: "Yes: its ARN contains recovery-point:continuous. A continuous backup is one recovery point that can restore the bucket to any moment of its retention window. The clean state you fall back on is a time before the infected objects were written, inside this same recovery point, not an older recovery point.".into(),
            tone: Tone::Warning,
        });
    }
    let mut identify_commands = vec![
        describe_recovery_point(cx, &t),
        t.with_arn(
            t.with_vault(
                cx.cmd("Save how the source was configured, as a restore would recreate it: the restore further on starts from these values")
                    .t("aws backup get-recovery-point-restore-metadata --backup-vault-name "),
            )
            .t(" --recovery-point-arn "),
        )
        .t(" --output json")
        .build(),
    ];
    if source == Source::Ec2 {
        let instance = src.as_ref().and_then(|(a, p)| arn_id(Some(a)).map(|id| (id, p.as_str())));
        let c = cx
            .cmd("Whether the instance the recovery point was made from still exists, and its state")
            .t("aws ec2 describe-instances --instance-ids ");
        let c = match instance {
            Some((id, p)) => c.v(id, p),
            None => c.output(
                "source-instance-id",
                "the i-… ID at the end of the ResourceArn printed by describe-recovery-point",
            ),
        };
        identify_commands.push(
            c.t(" --query 'Reservations[].Instances[].{id:InstanceId,state:State.Name,launched:LaunchTime}'").build(),
        );
    }
    let identify = identify(cx, key, what, id_facts(), identify_decisions, identify_commands);

    let (mut decisions, mut commands) = vault_hold(cx, &t);
    decisions.push(if continuous {
        Decision {
            id: "backup/could-the-clean-restore-times-expire".into(),
            question: "Could the clean restore times expire?".into(),
            answer: "Yes: a continuous backup keeps only its retention window (at most 35 days), and the window moves forward every day. Once the time the infected objects were written is older than the window, no clean moment is left to restore. Restore now (the last step), before the window moves past it.".into(),
            tone: Tone::Warning,
        }
    } else {
        Decision {
            id: "backup/could-scheduled-backups-push-the-clean-ones-out".into(),
            question: "Could scheduled backups push the clean ones out?".into(),
            answer: "Yes: while the source stays infected, each new backup is infected too, and the plan's retention deletes the older, clean ones. The next step takes the source out of the backup plan and keeps the last clean recovery point longer.".into(),
            tone: Tone::Warning,
        }
    });
    // AWS Backup's TagResource takes only ARNs of AWS Backup's own resources: a recovery point of
    // an EC2 instance is an AMI (an `arn:…:ec2:…:image/…` ARN) and is tagged through EC2.
    let backup_arn = arn.map(|a| a.split(':').nth(2) == Some("backup")).unwrap_or(source == Source::S3);
    let tag = if backup_arn {
        t.with_arn(
            cx.cmd("Tag it as under investigation, so nobody restores or deletes it by mistake")
                .t("aws backup tag-resource --resource-arn "),
        )
        .t(" --tags Investigation=Malware,DoNotDelete=True")
        .build()
    } else {
        ec2_tags(cx, arn_id(arn), P_RP_ARN, "image-id")
    };
    commands.insert(0, tag);
    if !backup_arn {
        // The recovery point is an AMI: EC2 launches it whatever the vault policy says.
        let (image_decisions, image_commands) = image_hold(cx, arn_id(arn), P_RP_ARN);
        decisions.splice(0..0, image_decisions);
        commands.splice(1..1, image_commands);
    }
    let others = if continuous {
        "Other recovery points of the same source: snapshot backups, if a plan takes them besides this continuous one. The clean state of the continuous backup itself is an earlier restore time, not one of these"
    } else {
        "The other recovery points of the same source, to find the last clean one: describe-recovery-point on one shows its ScanResults, if a scan ran"
    };
    let list_others = with_source(
        t.with_vault(cx.cmd(others).t("aws backup list-recovery-points-by-backup-vault --backup-vault-name "))
            .t(" --by-resource-arn "),
    )
    .build();
    let mut keep_clean = None;
    if continuous {
        commands.push(list_others);
    } else {
        keep_clean = Some(keep_clean_backup_step(cx, key, &t, id_facts(), list_others));
    }
    let mut restrict = restrict_step(key, what, id_facts(), decisions, commands);
    if !backup_arn {
        restrict.why.push_str(" The recovery point is an AMI, so it is tagged with EC2's create-tags: AWS Backup's TagResource API accepts only ARNs of AWS Backup resources, whatever the Backup console shows for the recovery point.");
    }

    let mut remediate_decisions = vec![Decision {
        id: "backup/does-another-scan-depend-on-it".into(),
        question: "Does another scan depend on it?".into(),
        answer: "An incremental scan compares against a baseline recovery point. If this one is a baseline, later incremental scans need a new one after it is deleted.".into(),
        tone: Tone::Info,
    }];
    let mut remediate_commands = Vec::new();
    if continuous {
        remediate_decisions.push(Decision {
            id: "backup/what-does-deleting-a-continuous-backup-delete".into(),
            question: "What does deleting a continuous backup delete?".into(),
            answer: "Its whole point-in-time history: every restorable moment of the window, the clean ones from before the infection included. Restore what you need from a clean moment first (commands below), and delete only once that restore has completed and been checked, or not at all and let the window move past the infection.".into(),
            tone: Tone::Warning,
        });
        remediate_decisions.push(Decision {
            id: "backup/does-the-hold-block-your-own-restore".into(),
            question: "Does the hold from step 2 block your own restore?".into(),
            answer: "Yes: the vault policy denies StartRestoreJob on this recovery point to everyone, you included. Lift it for the restore (the first commands below: the saved policy back, or no policy if the vault had none), and put the Deny back as soon as the restore job has started.".into(),
            tone: Tone::Warning,
        });
        remediate_commands.push(
            t.with_vault(
                cx.cmd("Lift the hold for the restore: put back the vault policy you saved in step 2 (only the Policy string of the saved output, in a file)")
                    .t("aws backup put-backup-vault-access-policy --backup-vault-name "),
            )
            .t(" --policy file://")
            .choose("saved-vault-policy.json", "a file with the Policy string of the get-backup-vault-access-policy output you saved in step 2")
            .caution("s3-recovery-point/hold-lifted", "This replaces the hold with the saved policy: until you put the hold back (after the restore job has started), anyone the saved policy allows can restore or copy the recovery point again.")
            .build(),
        );
        remediate_commands.push(
            t.with_vault(
                cx.cmd("Or, if the vault had no access policy before step 2: delete the hold")
                    .t("aws backup delete-backup-vault-access-policy --backup-vault-name "),
            )
            .caution("s3-recovery-point/hold-deleted", "This deletes the vault's whole access policy, which is only the hold if the vault had none before step 2: check the saved output first. Until you put the hold back, the recovery point can be restored and copied again.")
            .build(),
        );
        remediate_commands.push(
            t.with_arn(cx.cmd("Restore the bucket as it was at a clean moment, into a new bucket: add the encryption keys (EncryptionType, KMSKey) that the saved restore metadata shows if the bucket uses SSE-KMS").t("aws backup start-restore-job --recovery-point-arn "))
                .t(" --iam-role-arn ")
                .choose("restore-role-arn", "the role AWS Backup restores with (AWSBackupDefaultServiceRole or your own, allowed to restore S3)")
                .t(" --metadata '{\"DestinationBucketName\":\"")
                .choose("new-bucket-name", "a new bucket's name, to check the restored data in before it replaces anything")
                .t("\",\"NewBucket\":\"true\",\"RestoreTime\":\"")
                .choose("restore-time", "a moment before the oldest infected version's LastModified in the version listing saved in step 3, as 2026-01-31T23:45:00.000Z")
                .t("\"}'")
                .build(),
        );
        remediate_commands.push(with_caution(
            put_hold(
                cx,
                &t,
                "Put the hold back as soon as the restore job has started (merged into the saved policy, as in step 2, if the vault had one)",
            ),
            "s3-recovery-point/hold-put-back",
            "This replaces the vault's whole access policy again, as in step 2: if the vault had a policy of its own, put the merged document, or its other statements are gone.",
        ));
        remediate_decisions.push(Decision {
            id: "backup/is-a-clean-restore-time-left".into(),
            question: "Is a clean restore time left?".into(),
            answer: "Only if the window still reaches back before the infected objects were written: compare their oldest version's LastModified with the earliest moment the recovery point can restore: its CreationDate (describe-recovery-point), or, once that is older than the retention, the start of the retention window. Vault Lock or a legal hold can also stop the deletion; both show in the vault's and the recovery point's details.".into(),
            tone: Tone::Warning,
        });
        remediate_commands.push(with_caution(
            delete_recovery_point(cx, &t, "Delete the continuous recovery point, only after the restore above has completed and been checked"),
            "s3-recovery-point/continuous-history-deleted",
            "This deletes the bucket's whole point-in-time history, not one backup: no moment before now can be restored afterwards, the clean ones from before the infection included. Run it only after a restore from a clean moment has completed and been checked.",
        ));
    } else {
        remediate_decisions.push(keep_clean_backup());
        let from = match source {
            Source::Ec2 => from_a_volume("recovery point's snapshot"),
            Source::S3 => {
                "by restoring the object from the recovery point into a bucket only responders can read".to_owned()
            }
        };
        remediate_decisions.push(keep_a_sample("recovery point", &from));
        remediate_commands.push(with_caution(
            delete_recovery_point(cx, &t, "Delete the recovery point"),
            &format!("{key}/sample-deleted"),
            &sample_gone("recovery point"),
        ));
    }
    let mut remediate = remediate_step(key, what, id_facts(), remediate_decisions, remediate_commands);
    if continuous {
        remediate.why = "A continuous backup holds every restorable moment of its window, the clean ones from before the infection too. Restore from a clean moment first; deleting the recovery point deletes that whole history, so it comes last, if at all.".into();
    }
    let mut steps = vec![identify, restrict];
    steps.extend(keep_clean);
    if source == Source::S3 {
        steps.push(source_objects_step(cx, key, src.as_ref().map(|(a, p)| (a.as_str(), p.as_str())), continuous));
    }
    steps.push(remediate);
    steps
}

/// A recovery point taken on a schedule: while the source stays infected, each new backup is
/// infected too and the plan's retention expires the clean ones. AWS Backup cannot pause one rule
/// for one resource, so the source leaves the plan's selection and the last clean point is kept.
fn keep_clean_backup_step(cx: &Ctx, key: &str, t: &Target, facts: Vec<Fact>, list_others: Command) -> Step {
    const PLAN: &str = "the CreatedBy.BackupPlanId printed by describe-recovery-point in step 1";
    const SELECTION: &str =
        "the SelectionId of the selection that covers the source, printed by list-backup-selections";
    let plan = |c: Cmd| c.t(" --backup-plan-id ").output("backup-plan-id", PLAN);
    let commands = vec![
        list_others,
        plan(cx.cmd("The resource selections of the plan that made this backup").t("aws backup list-backup-selections")).build(),
        plan(cx.cmd("Save the selection that covers the source with the incident record: the next two commands replace it").t("aws backup get-backup-selection"))
            .t(" --selection-id ")
            .output("selection-id", SELECTION)
            .t(" --output json")
            .build(),
        plan(cx.cmd("Create the same selection without the source: the BackupSelection of the saved output, under a new SelectionName, with the source's ARN taken out of Resources if it is listed there and added to NotResources").t("aws backup create-backup-selection"))
            .t(" --backup-selection file://")
            .choose("selection.json", "the edited BackupSelection, as a JSON file")
            .build(),
        plan(cx.cmd("Then delete the old selection").t("aws backup delete-backup-selection"))
            .t(" --selection-id ")
            .output("selection-id", SELECTION)
            .caution("backup/old-selection-deleted", "This deletes the old selection: run it only after the new one exists, or the plan stops backing up every resource the old selection covered, not only this one. The saved get-backup-selection output is what recreates it.")
            .build(),
        t.with_vault(
            cx.cmd("Keep the last clean recovery point longer than its rule would")
                .t("aws backup update-recovery-point-lifecycle --backup-vault-name "),
        )
        .t(" --recovery-point-arn ")
        .output("clean-recovery-point-arn", "the RecoveryPointArn of the last clean recovery point, printed by the listing above")
        .t(" --lifecycle DeleteAfterDays=")
        .choose("days", "how many days after its creation to keep it: longer than the investigation and the cleanup will take")
        .caution("backup/lifecycle-replaced", "The lifecycle is replaced as a whole: if the recovery point's Lifecycle (describe-recovery-point) has MoveToColdStorageAfterDays, add it with the same value, or it is cleared. DeleteAfterDays counts from the day the recovery point was made, and a vault lock's maximum retention can refuse a longer one.")
        .build(),
    ];
    Step {
        id: format!("{key}/keep-clean-backup"),
        phase: Phase::Contain,
        title: "Keep the last clean backup from expiring".into(),
        why: "While the source stays infected, every backup the plan takes is infected too, and the plan's retention deletes the older, clean ones one by one. AWS Backup cannot pause one rule for one resource: take the source out of the plan's selection, and keep the last clean recovery point longer. If the source is gone or already clean, only the listing and the last command matter.".into(),
        facts,
        decisions: vec![Decision {
            id: "backup/when-does-the-source-go-back-into-the".into(),
            question: "When does the source go back into the plan?".into(),
            answer: "Once it is clean: create the selection again from the saved output, or take its ARN out of NotResources. Until then nothing backs it up, so a clean source needs a backup of its own right away.".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

/// The source bucket still holds what the scan found: keep a copy, block reads, delete the
/// infected versions, as the `malware-s3` guide does for an object.
fn source_objects_step(cx: &Ctx, key: &str, src: Option<(&str, &str)>, continuous: bool) -> Step {
    let items: Vec<(&str, Option<&str>)> = scan(cx)
        .map(|s| s.threats.iter().flat_map(|t| &t.item_details))
        .into_iter()
        .flatten()
        .filter_map(|i| i.item_path.as_deref().map(|p| (p, i.hash.as_deref())))
        .collect();
    let (item, hash) = items.first().map_or((None, None), |(p, h)| (Some(*p), *h));
    let src_path = src.map_or_else(|| sp("threats.itemDetails.resourceArn"), |(_, p)| p.to_owned());
    let bucket = src.and_then(|(a, _)| a.rsplit(':').next()).filter(|b| !b.is_empty());
    let bucket_arg = |c: Cmd| {
        c.t(" --bucket ").v_or(
            bucket,
            &src_path,
            "bucket",
            "the source bucket's name (ResourceArn printed by describe-recovery-point)",
        )
    };
    let key_arg = |c: Cmd, flag: &str| {
        c.t(flag).v_or(
            item,
            &sp("threats.itemDetails.itemPath"),
            "object-key",
            "the infected object's key (service.malwareScanDetails.threats.itemDetails.itemPath)",
        )
    };
    let mut facts = vec![
        fact("Source bucket", bucket, &src_path),
        fact("Object key", item, &sp("threats.itemDetails.itemPath")),
        fact("SHA-256 (from the scan)", hash, &sp("threats.itemDetails.hash")),
    ];
    if items.len() > 1 {
        facts.push(fact(
            "Infected files in this finding (commands use the first)",
            Some(items.len().to_string()),
            &sp("threats.itemDetails.itemPath"),
        ));
    }
    let deny = match (bucket, item) {
        (Some(b), Some(k)) => Some(
            serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "DenyReadingInfectedObject",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": ["s3:GetObject", "s3:GetObjectVersion"],
                    "Resource": format!("arn:{}:s3:::{b}/{k}", cx.partition),
                }],
            })
            .to_string(),
        ),
        _ => None,
    };
    let copy_hint = match (bucket, item) {
        (Some(b), Some(k)) => format!("'{b}/{}?versionId=<VersionId>' in single quotes, with the VersionId of an infected version from the listing", url_path(k)),
        _ => "'<bucket>/<URL-encoded key>?versionId=<VersionId>' in single quotes, with the VersionId of an infected version from the listing".to_owned(),
    };
    let commands = vec![
        key_arg(bucket_arg(cx.cmd("Save every version of the key, with when each was written, with the incident record: it shows which versions came after the infection, and the restore time is picked from it").t("aws s3api list-object-versions")), " --prefix ")
            .t(" --query 'Versions[].{key:Key,version:VersionId,modified:LastModified,latest:IsLatest}' --output json")
            .captures(Subject::Object)
            .build(),
        bucket_arg(cx.cmd("Save the bucket's current policy document, ready to merge the Deny below into").t("aws s3api get-bucket-policy"))
            .t(" --query Policy --output text")
            .captures(Subject::AccessPolicy)
            .build(),
        key_arg(
            cx.cmd("Copy each infected version to a quarantine bucket you choose, before the Deny below applies (objects up to 5 GB; a quarantine bucket with versioning keeps every copy under the same key), with a SHA-256 checksum to compare with the scan's")
                .t("aws s3api copy-object --copy-source ")
                .output("copy-source", &copy_hint)
                .t(" --bucket ")
                .choose("quarantine-bucket", "a bucket only incident responders can read, with no replication or event triggers"),
            " --key ",
        )
        .t(" --checksum-algorithm SHA256")
        .build(),
        key_arg(
            cx.cmd("The quarantine copy's SHA-256 checksum: S3 prints it in base64, the scan in hex (echo <hash> | xxd -r -p | base64 converts)")
                .t("aws s3api head-object --bucket ")
                .choose("quarantine-bucket", "the quarantine bucket you copied the version to"),
            " --key ",
        )
        .t(" --checksum-mode ENABLED --query ChecksumSHA256 --output text")
        .build(),
        bucket_arg(cx.cmd("Deny everyone reading the key while you delete its infected versions: merge this statement into the saved policy (the document as shown is only right when the bucket has no policy)").t("aws s3api put-bucket-policy"))
            .t(" --policy ")
            .v_or(deny.as_deref(), &sp("threats.itemDetails.itemPath"), "policy", "a Deny of s3:GetObject and s3:GetObjectVersion on the infected object's ARN")
            .caution(&format!("{key}/source-read-denied"), "put-bucket-policy replaces the bucket's whole policy: put the merged document, or every grant the saved policy held is gone. The Deny covers every version of the key, clean uploads too: take the statement out again once the infected versions are deleted.")
            .build(),
        key_arg(bucket_arg(cx.cmd("Delete one infected version, once its quarantine copy's checksum matches the scan's hash: run it for each version written after the infection").t("aws s3api delete-object")), " --key ")
            .t(" --version-id ")
            .output("infected-version-id", "the VersionId of an infected version, from the saved listing")
            .destroys(Subject::Object, &format!("{key}/source-version-deleted"), "This deletes that version's data for good: the quarantine copy and the saved listing are what remain of it. Versions written before the infection are clean: leave them, and check the key's current version afterwards.")
            .build(),
    ];
    Step {
        id: format!("{key}/source-objects"),
        phase: Phase::Eradicate,
        title: "Remove the infected object from the source bucket".into(),
        why: {
            let mut why = "The recovery point is a copy: the object it was made from is most likely still live in the source bucket, where anyone who can read the bucket can download it. Keep a copy and the list of versions, block reads of the key, then delete the infected versions.".to_owned();
            if continuous {
                why.push_str(" Deleting versions in the bucket does not change what the continuous backup already holds: the restore in the next step still finds the clean moments from before.");
            }
            why
        },
        facts,
        decisions: vec![Decision {
            id: "backup/which-versions-of-the-key-are-infected".into(),
            question: "Which versions of the key are infected?".into(),
            answer: "The finding names the key and the file's SHA-256, not a version. The saved listing shows every version with the time it was written; the ones written after the infection are suspect. Copy each to quarantine and compare its checksum with the scan's hash before you delete it. If Malware Protection for S3 covers the bucket, its findings for the key name the versions.".into(),
            tone: Tone::Warning,
        }],
        commands,
    }
}
pub fn ec2_recovery_point(cx: &Ctx) -> Vec<Step> {
    recovery_point(cx, "ec2-recovery-point", Source::Ec2)
}

/// `s3-recovery-point`: an AWS Backup recovery point of S3 data with malware.
pub fn s3_recovery_point(cx: &Ctx) -> Vec<Step> {
    recovery_point(cx, "s3-recovery-point", Source::S3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::shared::malware::listed;

    #[test]
    fn ids_come_from_the_arn() {
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::snapshot/snap-0abc")), Some("snap-0abc"));
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::image/ami-0def")), Some("ami-0def"));
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::image/")), None);
        assert_eq!(arn_id(Some("not-an-arn")), None);
        assert_eq!(arn_id(None), None);
    }

    #[test]
    fn long_lists_are_counted() {
        let many: Vec<String> = (0..25).map(|i| format!("f{i}")).collect();
        let line = listed(many.iter().map(String::as_str)).unwrap_or_default();
        assert!(line.ends_with("(and 5 more in the finding)"), "{line}");
        assert_eq!(listed(["a", "a", "", "b"]), Some("a, b".into()));
        assert_eq!(listed([""]), None);
    }
}
