//! The steps of `ec2-recovery-point` and `s3-recovery-point`: a recovery point in an AWS Backup
//! vault, whose source (an EC2 instance or an S3 bucket) changes what is held, kept and cleaned.

use super::{
    arn_id, delete_recovery_point, describe_recovery_point, ec2_tags, from_a_volume, identify, image_hold,
    keep_a_sample, keep_clean_backup, put_hold, remediate_step, restrict_step, sample_gone, vault_hold, with_caution,
    Target, P_RP_VAULT,
};
use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, Ctx};
use crate::guide::model::{Command, Decision, Fact, Phase, Step, Subject, Tone};
use crate::guide::shared::malware::{scan, sp, url_path};

const P_RP_ARN: &str = "resource.recoveryPointDetails.recoveryPointArn";

/// What a recovery point was made from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
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

pub fn recovery_point(cx: &Ctx, key: &str, source: Source) -> Vec<Step> {
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
