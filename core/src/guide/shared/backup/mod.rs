//! What the four backup scenarios (`ebs-snapshot`, `ec2-ami`, `ec2-recovery-point`,
//! `s3-recovery-point`) share. Malware Protection for AWS Backup found malware in a backup; all
//! four go the same way: identify the backup and what the scan found, hold it back so nobody
//! restores or shares it, then remove it once nothing depends on it. The scan's facts
//! (`service.malwareScanDetails`) are shared with `malware-s3`.

pub mod recovery_point;

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Command, Decision, Fact, Phase, Step, Subject, Tone};
use crate::guide::shared::malware::{scan, sp, threat_facts};

const P_RP_VAULT: &str = "resource.recoveryPointDetails.backupVaultName";
const VAULT_HINT: &str = "the AWS Backup vault that holds it, if AWS Backup made it (Backup console, or list-recovery-points-by-resource with the source's ARN)";

/// The last segment of an ARN's resource (`…:snapshot/snap-0abc` → `snap-0abc`).
pub fn arn_id(arn: Option<&str>) -> Option<&str> {
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
pub fn made_by_backup(cx: &Ctx, what: &str) -> Decision {
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
pub struct Target<'f> {
    arn: Option<&'f str>,
    arn_path: &'static str,
    vault: Option<&'f str>,
    /// Whether the finding has a vault field at all (recovery points only).
    vault_in_finding: bool,
}

impl<'f> Target<'f> {
    pub fn snapshot_or_image(arn: Option<&'f str>, arn_path: &'static str) -> Target<'f> {
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

pub fn describe_recovery_point(cx: &Ctx, t: &Target) -> Command {
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
pub fn vault_hold(cx: &Ctx, t: &Target) -> (Vec<Decision>, Vec<Command>) {
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

pub fn delete_recovery_point(cx: &Ctx, t: &Target, description: &str) -> Command {
    let c = t.with_vault(cx.cmd(description).t("aws backup delete-recovery-point --backup-vault-name "));
    t.with_arn(c.t(" --recovery-point-arn ")).build()
}

/// The identify step every backup scenario starts with: its own facts, then the scan's.
pub fn identify(
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

pub fn restrict_step(
    key: &str,
    what: &str,
    facts: Vec<Fact>,
    decisions: Vec<Decision>,
    commands: Vec<Command>,
) -> Step {
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

pub fn remediate_step(
    key: &str,
    what: &str,
    facts: Vec<Fact>,
    decisions: Vec<Decision>,
    commands: Vec<Command>,
) -> Step {
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

pub fn keep_clean_backup() -> Decision {
    Decision {
        id: "backup/is-a-clean-backup-left-to-fall-back".into(),
        question: "Is a clean backup left to fall back on?".into(),
        answer: "Check before deleting: an earlier backup that a scan found clean is what you restore from. Vault Lock or a legal hold can also stop the deletion; both show in the vault's and the recovery point's details.".into(),
        tone: Tone::Warning,
    }
}

/// What deleting the only infected copy loses besides the backup.
pub fn sample_gone(what: &str) -> String {
    format!("The {what} and every file in it are deleted for good, the malware sample included. Keep the scan result and the files' SHA-256 hashes with the incident record, and copy a sample out first if anyone needs the file itself.")
}

pub fn with_caution(mut c: Command, id: &str, text: &str) -> Command {
    c.caution_id = Some(id.into());
    c.caution = Some(text.into());
    c
}

/// `from` says where a copy of a file comes from: a volume made from the backup, a restore.
pub fn keep_a_sample(what: &str, from: &str) -> Decision {
    Decision {
        id: "backup/do-you-need-a-sample-of-the-malware".into(),
        question: "Do you need a sample of the malware?".into(),
        answer: format!("Deleting the {what} destroys the only copy of the files GuardDuty found. The finding keeps their paths and SHA-256 hashes, which is enough to search for them elsewhere. If an analyst needs a file itself, copy it out before you delete, {from}."),
        tone: Tone::Warning,
    }
}

/// Where a sample of an EBS-backed backup's files comes from.
pub fn from_a_volume(what: &str) -> String {
    format!("from a volume made from the {what} and attached to an isolated forensics instance")
}

/// The vault's Deny covers AWS Backup's own restore and copy only; EC2 acts on its snapshots and
/// images directly.
pub fn ec2_bypasses_the_vault(what: &str) -> Decision {
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

pub fn ec2_tags(cx: &Ctx, id: Option<&str>, path: &str, name: &str) -> Command {
    cx.cmd("Tag it as under investigation, so nobody uses or deletes it by mistake")
        .t("aws ec2 create-tags --resources ")
        .v_or(id, path, name, "the ID at the end of the finding's ARN")
        .t(" --tags Key=Investigation,Value=Malware Key=DoNotDelete,Value=True")
        .build()
}

/// Holding an AMI back through EC2: who can launch it, taking those grants away, disabling it.
/// An EC2 recovery point is an AMI too, and needs the same.
pub fn image_hold(cx: &Ctx, ami: Option<&str>, path: &str) -> (Vec<Decision>, Vec<Command>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_arn() {
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::snapshot/snap-0abc")), Some("snap-0abc"));
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::image/ami-0def")), Some("ami-0def"));
        assert_eq!(arn_id(Some("arn:aws:ec2:us-east-1::image/")), None);
        assert_eq!(arn_id(Some("not-an-arn")), None);
        assert_eq!(arn_id(None), None);
    }
}
