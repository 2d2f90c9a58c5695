//! `ec2-ami`: Malware Protection for AWS Backup found malware in an EC2 AMI.

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, Ctx};
use crate::guide::model::{Decision, Step, Subject, Tone};
use crate::guide::shared::backup::{
    arn_id, delete_recovery_point, describe_recovery_point, ec2_tags, identify, image_hold, keep_clean_backup,
    made_by_backup, remediate_step, restrict_step, vault_hold, Target,
};

const P_IMAGE: &str = "resource.ec2ImageDetails.imageArn";
/// `ec2-ami`: an Amazon Machine Image with malware.
pub fn steps(cx: &Ctx) -> Vec<Step> {
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
