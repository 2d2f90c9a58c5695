//! What each operation the guides run does: its effect, what it does to which kind of resource
//! (for the ordering rules in [`super::rules`]), and, for destructive ones, what it destroys.
//!
//! One row per operation whose effect is not plain from its verb. A command's step can still say
//! more (`Cmd::effect`, `Cmd::caution`, `Cmd::captures`…): `modify-instance-attribute` swaps
//! security groups in one step and sets a flag in another. Read-only operations (describe, list,
//! get, lookup…) need no row. A command that matches no row and no read-only verb is treated as
//! destructive with a caution to read it first; a test keeps every guide free of those.

use super::model::{Act, Effect, Segment, Subject};

/// What an operation does.
#[derive(Debug)]
pub struct OpInfo {
    pub effect: Effect,
    pub acts: &'static [Act],
    pub caution: Option<&'static str>,
}

/// The caution of a command that matches nothing Findlens knows.
pub const UNKNOWN_CAUTION: &str =
    "Findlens does not know what this command changes: read it, and what it acts on, before you run it.";

const fn row(effect: Effect, acts: &'static [Act], caution: Option<&'static str>) -> OpInfo {
    OpInfo { effect, acts, caution }
}

use Act::{Captures, Contains, Destroys, Releases};
use Effect::{Destructive, ReadOnly, Reversible};
use Subject::{AccessKey, AccessPolicy, Artifact, Container, Database, Function, Instance, Object, Pod, Task};

/// Operations keyed as `aws <service> <operation>`, `kubectl <verb>`, `docker <verb>` (and the
/// containerd tools), in the order of the guides that use them.
static OPS: &[(&str, OpInfo)] = &[
    // EC2 instances.
    ("aws ec2 create-snapshots", row(Reversible, &[Captures(Instance)], None)),
    ("aws ec2 create-snapshot", row(Reversible, &[Captures(Instance)], None)),
    ("aws ec2 modify-instance-attribute", row(Reversible, &[], None)),
    ("aws ec2 modify-network-interface-attribute", row(Reversible, &[], None)),
    ("aws ec2 create-security-group", row(Reversible, &[], None)),
    ("aws ec2 authorize-security-group-ingress", row(Reversible, &[], None)),
    ("aws ec2 authorize-security-group-egress", row(Reversible, &[], None)),
    ("aws ec2 revoke-security-group-ingress", row(Reversible, &[], None)),
    ("aws ec2 revoke-security-group-egress", row(Reversible, &[], None)),
    ("aws ec2 create-network-acl-entry", row(Reversible, &[], None)),
    ("aws ec2 disassociate-iam-instance-profile", row(Reversible, &[], None)),
    (
        "aws ec2 terminate-instances",
        row(
            Destructive,
            &[Destroys(Instance)],
            Some("Terminating the instance loses its memory and every volume marked delete-on-termination (the root volume by default): anything not yet in a snapshot is gone for good."),
        ),
    ),
    ("aws ec2 create-tags", row(Reversible, &[], None)),
    ("aws ec2 modify-snapshot-attribute", row(Reversible, &[], None)),
    ("aws ec2 modify-image-attribute", row(Reversible, &[], None)),
    ("aws ec2 disable-image", row(Reversible, &[], None)),
    (
        "aws ec2 delete-snapshot",
        row(Destructive, &[Destroys(Artifact)], Some("Deleting the snapshot removes its data for good; keep its ID, description and the scan result with the incident record first.")),
    ),
    (
        "aws ec2 deregister-image",
        row(Destructive, &[Destroys(Artifact)], Some("Deregistering the AMI means no one can launch it again, and it cannot be registered back from the same ID.")),
    ),
    ("aws autoscaling detach-instances", row(Reversible, &[Releases(Instance)], None)),
    ("aws autoscaling enter-standby", row(Reversible, &[Releases(Instance)], None)),
    ("aws autoscaling suspend-processes", row(Reversible, &[Releases(Instance)], None)),
    ("aws autoscaling set-instance-protection", row(Reversible, &[], None)),
    ("aws route53resolver update-firewall-domains", row(Reversible, &[], None)),
    // Systems Manager runs whatever it carries: each step says what that is.
    ("aws ssm send-command", row(Reversible, &[], None)),
    // S3.
    (
        "aws s3api put-bucket-policy",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This replaces the bucket's whole policy: every statement not in the new document is gone. Save the current one first (get-bucket-policy).")),
    ),
    (
        "aws s3api put-bucket-acl",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This replaces the bucket's whole ACL, including grants to the log-delivery group and to other accounts: anything that wrote logs or read across accounts through the ACL stops. Save the current ACL first (get-bucket-acl).")),
    ),
    (
        "aws s3api delete-bucket-cors",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This deletes the bucket's whole CORS configuration; save it first (get-bucket-cors).")),
    ),
    ("aws s3api put-public-access-block", row(Reversible, &[], None)),
    (
        "aws s3control put-public-access-block",
        row(Reversible, &[], Some("This blocks public access for every bucket in the account, not only this one: any bucket or website that is meant to be public stops being reachable until the setting is undone.")),
    ),
    ("aws s3api put-bucket-logging", row(Reversible, &[], None)),
    (
        "aws s3api put-bucket-versioning",
        row(Reversible, &[], Some("Once versioning has been enabled on a bucket it can only be suspended later, never turned off; old versions are kept (and billed) until a lifecycle rule or you delete them.")),
    ),
    (
        "aws s3api put-object-tagging",
        row(Destructive, &[], Some("This replaces the object's whole tag set, including GuardDuty's own scan-result tag: include the tags get-object-tagging printed that should stay.")),
    ),
    ("aws s3api copy-object", row(Reversible, &[Captures(Object)], None)),
    (
        "aws s3api delete-object",
        row(Destructive, &[Destroys(Object)], Some("With a version ID this deletes that version for good; without one, on a versioned bucket, it only adds a delete marker.")),
    ),
    ("aws macie2 create-classification-job", row(Reversible, &[], None)),
    ("aws guardduty send-object-malware-scan", row(ReadOnly, &[], None)),
    // IAM and credentials.
    ("aws iam update-access-key", row(Reversible, &[], None)),
    ("aws iam create-access-key", row(Reversible, &[], None)),
    (
        "aws iam put-user-policy",
        row(Reversible, &[], Some("An inline policy with the same name on this user is replaced by this one.")),
    ),
    (
        "aws iam put-role-policy",
        row(Reversible, &[], Some("An inline policy with the same name on this role is replaced by this one.")),
    ),
    ("aws iam attach-role-policy", row(Reversible, &[], None)),
    ("aws iam attach-user-policy", row(Reversible, &[], None)),
    ("aws iam get-access-key-last-used", row(ReadOnly, &[Captures(AccessKey)], None)),
    (
        "aws iam delete-access-key",
        row(Destructive, &[Destroys(AccessKey)], Some("Deleting the key cannot be undone, and its last-used record goes with it: record it (get-access-key-last-used) and its CloudTrail activity first.")),
    ),
    (
        "aws iam delete-login-profile",
        row(Destructive, &[], Some("This removes the user's console password for good; a new one must be created (create-login-profile) for the user to sign in again.")),
    ),
    ("aws secretsmanager rotate-secret", row(Reversible, &[], None)),
    // EKS and ECR.
    ("aws eks update-kubeconfig", row(ReadOnly, &[], None)),
    (
        "aws eks delete-access-entry",
        row(Destructive, &[], Some("The access entry and its access policy associations are deleted; note them (list-associated-access-policies) if you may need to restore them.")),
    ),
    (
        "aws ecr batch-delete-image",
        row(Destructive, &[Destroys(Artifact)], Some("The image is deleted from the repository for good; record its digest and scan findings first.")),
    ),
    // ECS.
    (
        "aws ecs update-service",
        row(
            Destructive,
            &[Releases(Task), Destroys(Task)],
            Some("The service replaces its running tasks: their memory and ephemeral storage are lost. Capture each task's description and logs first."),
        ),
    ),
    (
        "aws ecs stop-task",
        row(Destructive, &[Destroys(Task)], Some("Stopping the task loses its memory and ephemeral storage for good.")),
    ),
    // Lambda.
    ("aws lambda get-function", row(ReadOnly, &[Captures(Function)], None)),
    ("aws lambda get-policy", row(ReadOnly, &[Captures(AccessPolicy)], None)),
    ("aws lambda put-function-concurrency", row(Reversible, &[], None)),
    ("aws lambda delete-function-concurrency", row(Reversible, &[], None)),
    ("aws lambda update-event-source-mapping", row(Reversible, &[], None)),
    ("aws lambda update-alias", row(Reversible, &[], None)),
    ("aws lambda publish-version", row(Reversible, &[], None)),
    ("aws lambda update-function-configuration", row(Reversible, &[], None)),
    ("aws lambda remove-permission", row(Reversible, &[], None)),
    ("aws lambda delete-function-event-invoke-config", row(Reversible, &[], None)),
    (
        "aws lambda update-function-code",
        row(Destructive, &[Destroys(Function)], Some("This overwrites the unpublished ($LATEST) code; keep a copy of it first (get-function's Code.Location).")),
    ),
    (
        "aws lambda delete-function",
        row(Destructive, &[Destroys(Function)], Some("Deleting the function (or a version) removes its code and configuration for good.")),
    ),
    // RDS.
    ("aws rds create-db-snapshot", row(Reversible, &[Captures(Database)], None)),
    ("aws rds create-db-cluster-snapshot", row(Reversible, &[Captures(Database)], None)),
    ("aws rds modify-db-instance", row(Reversible, &[], None)),
    ("aws rds modify-db-cluster", row(Reversible, &[], None)),
    // GuardDuty.
    (
        "aws guardduty start-malware-scan",
        row(ReadOnly, &[], Some("The scan is billed, and GuardDuty takes snapshots of the volumes for it; it deletes them afterwards unless snapshot retention is turned on.")),
    ),
    ("aws guardduty update-findings-feedback", row(Reversible, &[], None)),
    ("aws guardduty archive-findings", row(Reversible, &[], None)),
    (
        "aws guardduty create-filter",
        row(Reversible, &[], Some("A suppression rule archives every future finding that matches it, as soon as it arrives; nobody is told.")),
    ),
    // AWS Backup.
    ("aws backup tag-resource", row(Reversible, &[], None)),
    (
        "aws backup put-backup-vault-access-policy",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This replaces the vault's whole access policy; save the current one first (get-backup-vault-access-policy).")),
    ),
    (
        "aws backup delete-recovery-point",
        row(Destructive, &[Destroys(Artifact)], Some("The recovery point and its data are deleted for good; nothing can be restored from it afterwards.")),
    ),
    // Kubernetes.
    ("kubectl cordon", row(Reversible, &[], None)),
    ("kubectl uncordon", row(Reversible, &[], None)),
    ("kubectl label", row(Reversible, &[], None)),
    ("kubectl annotate", row(Reversible, &[], None)),
    ("kubectl apply", row(Reversible, &[], None)),
    ("kubectl scale", row(Reversible, &[], None)),
    (
        "kubectl drain",
        row(Destructive, &[Destroys(Pod)], Some("Draining evicts every pod on the node: their memory and emptyDir volumes are lost.")),
    ),
    (
        "kubectl delete",
        row(Destructive, &[Destroys(Pod)], Some("Deleting removes the object for good; a pod's memory, logs and emptyDir volumes go with it.")),
    ),
    // Containers on a host.
    ("docker pause", row(Reversible, &[Contains(Container)], None)),
    ("docker unpause", row(Reversible, &[], None)),
    ("docker network", row(Reversible, &[Contains(Container)], None)),
    ("docker update", row(Reversible, &[], None)),
    ("docker export", row(ReadOnly, &[Captures(Container)], None)),
    ("docker commit", row(Reversible, &[Captures(Container)], None)),
    (
        "docker stop",
        row(Destructive, &[Destroys(Container)], Some("Stopping the container loses its memory and running processes for good.")),
    ),
    (
        "docker kill",
        row(Destructive, &[Destroys(Container)], Some("Killing the container loses its memory and running processes for good.")),
    ),
    (
        "docker rm",
        row(Destructive, &[Destroys(Container)], Some("Removing the container deletes its writable filesystem and logs for good.")),
    ),
    ("nerdctl pause", row(Reversible, &[Contains(Container)], None)),
    ("nerdctl unpause", row(Reversible, &[], None)),
    ("nerdctl export", row(ReadOnly, &[Captures(Container)], None)),
    ("nerdctl commit", row(Reversible, &[Captures(Container)], None)),
    (
        "nerdctl stop",
        row(Destructive, &[Destroys(Container)], Some("Stopping the container loses its memory and running processes for good.")),
    ),
    (
        "nerdctl rm",
        row(Destructive, &[Destroys(Container)], Some("Removing the container deletes its writable filesystem and logs for good.")),
    ),
    (
        "crictl stop",
        row(Destructive, &[Destroys(Container)], Some("Stopping the container loses its memory and running processes for good.")),
    ),
    (
        "crictl rm",
        row(Destructive, &[Destroys(Container)], Some("Removing the container deletes its writable filesystem and logs for good.")),
    ),
    // EKS, ECS and containers (guides-k8s).
    // A new revision of a task definition; the older revisions stay as they were.
    ("aws ecs register-task-definition", row(Reversible, &[], None)),
    // Sets a container's restart policy (or its limits); undone by running it again.
    ("nerdctl update", row(Reversible, &[], None)),
    // Standalone containers (review-ec2): require IMDSv2 on the host; undone by running it again
    // with the old values.
    ("aws ec2 modify-instance-metadata-options", row(Reversible, &[], None)),
    // Backups, S3, Lambda, RDS and attack sequences (review-data).
    // A restore creates a new resource (here a new bucket); the recovery point stays as it was.
    ("aws backup start-restore-job", row(Reversible, &[], None)),
    (
        "aws s3api put-bucket-lifecycle-configuration",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This replaces the bucket's whole lifecycle configuration: every rule not in the new document is gone. Save the current one first (get-bucket-lifecycle-configuration).")),
    ),
    (
        "aws s3api delete-bucket-lifecycle",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This deletes every lifecycle rule of the bucket; save the configuration first (get-bucket-lifecycle-configuration) to put it back later.")),
    ),
    // EKS, ECS and containers (review-k8s).
    // Reads a log group's events, every page of them.
    ("aws logs filter-log-events", row(ReadOnly, &[], None)),
    // Makes a repository's tags immutable (or mutable again); the images stay as they are.
    ("aws ecr put-image-tag-mutability", row(Reversible, &[], None)),
    // Restricts (or reopens) the cluster's API endpoint; run again with the old values to undo.
    ("aws eks update-cluster-config", row(Reversible, &[], None)),
    // Backups, S3, Lambda and RDS (review2-data).
    // A new selection in a backup plan: the plan backs up what it selects from now on.
    ("aws backup create-backup-selection", row(Reversible, &[], None)),
    (
        "aws backup delete-backup-selection",
        row(Destructive, &[], Some("The plan stops backing up every resource this selection covered. Save it first (get-backup-selection) to create it again.")),
    ),
    // Changes when a recovery point expires; run again with the old value to undo.
    ("aws backup update-recovery-point-lifecycle", row(Reversible, &[], None)),
    (
        "aws backup delete-backup-vault-access-policy",
        row(Destructive, &[Destroys(AccessPolicy)], Some("This deletes the vault's whole access policy; save it first (get-backup-vault-access-policy).")),
    ),
    // EC2, ECS and EKS containment (review2-compute).
    // Copies a file out of a pod's container to the analyst's machine; the pod is unchanged.
    ("kubectl cp", row(ReadOnly, &[Captures(Pod)], None)),
    // DNS Firewall: a new domain list, rule group, rule and VPC association; each is removed by
    // its delete or disassociate call.
    ("aws route53resolver create-firewall-domain-list", row(Reversible, &[], None)),
    ("aws route53resolver create-firewall-rule-group", row(Reversible, &[], None)),
    ("aws route53resolver create-firewall-rule", row(Reversible, &[], None)),
    ("aws route53resolver associate-firewall-rule-group", row(Reversible, &[], None)),
];

/// Verbs that only read, per program.
fn reads_only(program: &str, verb: &str) -> bool {
    match program {
        "aws" => ["describe-", "list-", "get-", "lookup-", "head-", "download-", "search-", "batch-get-", "generate-"]
            .iter()
            .any(|p| verb.starts_with(p)),
        "kubectl" => {
            matches!(verb, "get" | "describe" | "logs" | "auth" | "top" | "explain" | "api-resources" | "events")
        }
        "docker" | "nerdctl" | "crictl" => {
            matches!(
                verb,
                "inspect"
                    | "inspecti"
                    | "logs"
                    | "ps"
                    | "top"
                    | "diff"
                    | "images"
                    | "history"
                    | "stats"
                    | "info"
                    | "pods"
                    | "inspectp"
            )
        }
        _ => false,
    }
}

/// The first words of a command, as the shell would split them (values and blanks count as one
/// word each), with kubectl's context and namespace options skipped so the verb comes second.
pub fn leading_words(segments: &[Segment]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut open = false;
    for s in segments {
        match s {
            Segment::Text { text } => {
                for (i, part) in text.split(' ').enumerate() {
                    if i > 0 {
                        open = false;
                    }
                    if part.is_empty() {
                        continue;
                    }
                    if open {
                        if let Some(last) = words.last_mut() {
                            last.push_str(part);
                        }
                    } else {
                        words.push(part.to_owned());
                    }
                    open = true;
                }
                if text.ends_with(' ') {
                    open = false;
                }
            }
            other => {
                let piece = match other {
                    Segment::Value { value, .. } => value.clone(),
                    _ => other.text().to_owned(),
                };
                if open {
                    if let Some(last) = words.last_mut() {
                        last.push_str(&piece);
                    }
                } else {
                    words.push(piece);
                }
                open = true;
            }
        }
        if words.len() > 12 {
            break;
        }
    }
    // `sudo` changes who runs it, not what it does.
    if words.first().map(String::as_str) == Some("sudo") {
        words.remove(0);
    }
    if words.first().map(String::as_str) == Some("kubectl") {
        let mut i = 1;
        while i < words.len() {
            match words[i].as_str() {
                "--context" | "-n" | "--namespace" => {
                    words.drain(i..(i + 2).min(words.len()));
                }
                w if w.starts_with("--context=") || w.starts_with("--namespace=") => {
                    words.remove(i);
                }
                _ => i += 1,
            }
        }
    }
    words
}

/// The row for a command, by its first words, with its key (`aws ec2 terminate-instances`), which
/// also names its caution in message catalogues.
pub fn lookup(words: &[String]) -> Option<(&'static str, &'static OpInfo)> {
    let key = match words.first().map(String::as_str) {
        Some("aws") => words.get(..3)?.join(" "),
        Some(_) => words.get(..2)?.join(" "),
        None => return None,
    };
    OPS.iter().find(|(k, _)| *k == key).map(|(k, info)| (*k, info))
}

/// The effect of a command that no row names: read-only for the reading verbs, else unknown.
pub fn effect_by_verb(words: &[String]) -> Effect {
    let (Some(program), Some(verb)) =
        (words.first(), words.get(if words.first().map(String::as_str) == Some("aws") { 2 } else { 1 }))
    else {
        return Destructive;
    };
    if reads_only(program, verb) {
        ReadOnly
    } else {
        Destructive
    }
}

/// Whether a command is one Findlens knows: a row, or a reading verb.
pub fn is_known(words: &[String]) -> bool {
    lookup(words).is_some() || effect_by_verb(words) == ReadOnly
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::command::Cmd;

    fn words(c: Cmd) -> Vec<String> {
        leading_words(&c.build().segments)
    }

    #[test]
    fn kubectl_context_is_skipped() {
        let w = words(
            Cmd::new("d")
                .t("kubectl --context ")
                .v("arn:aws:eks:x", "p")
                .t(" -n ")
                .v("ns", "p")
                .t(" delete pod ")
                .v("p1", "p"),
        );
        assert_eq!(w[..3], ["kubectl", "delete", "pod"]);
        assert_eq!(lookup(&w).map(|(_, o)| o.effect), Some(Destructive));
    }

    #[test]
    fn rows_and_verbs() {
        let c = Cmd::new("d")
            .t("aws ec2 terminate-instances --instance-ids ")
            .v("i-1", "p")
            .in_region(Some("us-east-1"))
            .build();
        assert_eq!(c.effect, Destructive);
        assert!(c.caution.is_some());
        assert!(c.acts.contains(&Destroys(Instance)));
        assert!(c.text.ends_with("--region 'us-east-1'"));
        let c = Cmd::new("d").t("aws ec2 describe-instances").in_region(Some("us-east-1")).build();
        assert_eq!(c.effect, ReadOnly);
        assert!(c.caution.is_none());
        let c = Cmd::new("d").t("aws ec2 frobnicate-instances").build();
        assert_eq!(c.effect, Destructive);
        assert!(!is_known(&leading_words(&c.segments)));
    }

    #[test]
    fn non_aws_commands_get_no_region() {
        let c = Cmd::new("d").t("docker inspect ").v("c1", "p").in_region(Some("us-east-1")).build();
        assert!(!c.text.contains("--region"));
        assert_eq!(c.effect, ReadOnly);
    }
}
