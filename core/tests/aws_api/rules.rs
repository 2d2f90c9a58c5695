//! Checks the models cannot express: which kinds of ARN an operation's argument accepts, the
//! fields GuardDuty filters can name, and the shell commands sent through SSM.

use super::cli::parse_json;
use super::shell::{self, Word};

/// What an argument accepts.
enum Accepts {
    /// ARNs of these (service, resource prefix) kinds only.
    Arns(&'static [(&'static str, &'static str)]),
    /// IDs or names, not ARNs.
    NotArn,
    /// An ID or name, or an ARN of these kinds.
    IdOr(&'static [(&'static str, &'static str)]),
}

/// (service operation, option, accepts, ARN kinds also accepted when another option is given).
type ArnRule = (&'static str, &'static str, Accepts, Option<(&'static str, &'static [(&'static str, &'static str)])>);

const RECOVERY_POINTS: &[(&str, &str)] = &[
    ("backup", "recovery-point:"),
    ("ec2", "image/"),
    ("ec2", "snapshot/"),
    ("rds", "snapshot:"),
    ("rds", "cluster-snapshot:"),
];

/// Hand-kept; each entry names its source.
const ARN_RULES: &[ArnRule] = &[
    // Backup API model (botocore 1.44.8), UntagResourceInput.ResourceArn: "ARNs that do not include
    // `backup` are incompatible with tagging. TagResource and UntagResource with invalid ARNs will
    // result in an error … Invalid ARN content may look like arn:aws:ec2:us-east".
    ("backup tag-resource", "resource-arn", Accepts::Arns(&[("backup", "")]), None),
    ("backup untag-resource", "resource-arn", Accepts::Arns(&[("backup", "")]), None),
    // Backup API: a recovery point's ARN is Backup's own (`recovery-point:`) for services Backup
    // fully manages, else the resource's: an AMI for EC2, a snapshot for EBS and RDS (AWS Backup
    // Developer Guide, "Working with recovery points"; RecoveryPointByBackupVault.RecoveryPointArn).
    ("backup describe-recovery-point", "recovery-point-arn", Accepts::Arns(RECOVERY_POINTS), None),
    ("backup delete-recovery-point", "recovery-point-arn", Accepts::Arns(RECOVERY_POINTS), None),
    ("backup get-recovery-point-restore-metadata", "recovery-point-arn", Accepts::Arns(RECOVERY_POINTS), None),
    // GuardDuty API model, StartMalwareScan: on-demand scans take an EC2 instance's ARN (the
    // service-linked role is created "if the resourceArn belongs to an EC2 instance"); other kinds
    // (MalwareProtectionResourceType: volumes, snapshots, AMIs, recovery points) need
    // --scan-configuration with the scanning Role (StartMalwareScanConfiguration.Role is required).
    (
        "guardduty start-malware-scan",
        "resource-arn",
        Accepts::Arns(&[("ec2", "instance/")]),
        Some((
            "scan-configuration",
            &[("ec2", "volume/"), ("ec2", "snapshot/"), ("ec2", "image/"), ("backup", "recovery-point:")],
        )),
    ),
    // EC2 API model, CreateTagsRequest.Resources / DeleteTagsRequest.Resources: "The IDs of the
    // resources".
    ("ec2 create-tags", "resources", Accepts::NotArn, None),
    ("ec2 delete-tags", "resources", Accepts::NotArn, None),
    // IAM API model, GenerateServiceLastAccessedDetailsRequest.Arn: "The ARN of the IAM resource
    // (user, group, role, or managed policy)".
    (
        "iam generate-service-last-accessed-details",
        "arn",
        Accepts::Arns(&[("iam", "user/"), ("iam", "group/"), ("iam", "role/"), ("iam", "policy/")]),
        None,
    ),
    // GuardDuty API model, ArchiveFindings/UpdateFindingsFeedback/GetFindings FindingIds: finding
    // IDs, not the finding's ARN.
    ("guardduty archive-findings", "finding-ids", Accepts::NotArn, None),
    ("guardduty update-findings-feedback", "finding-ids", Accepts::NotArn, None),
    ("guardduty get-findings", "finding-ids", Accepts::NotArn, None),
    // ECS API model, StopTaskRequest.Task / DescribeTasksRequest.Tasks: "The task ID or full ARN".
    ("ecs stop-task", "task", Accepts::IdOr(&[("ecs", "task/")]), None),
    ("ecs describe-tasks", "tasks", Accepts::IdOr(&[("ecs", "task/")]), None),
    // EKS API model, DeleteAccessEntryRequest.PrincipalArn: "The ARN of the IAM principal".
    ("eks delete-access-entry", "principal-arn", Accepts::Arns(&[("iam", "role/"), ("iam", "user/")]), None),
];

/// `arn:partition:service:region:account:resource` → (service, resource).
fn arn_parts(v: &str) -> Option<(&str, &str)> {
    let mut it = v.splitn(6, ':');
    (it.next()? == "arn").then_some(())?;
    let (_, service, _, _, resource) = (it.next()?, it.next()?, it.next()?, it.next()?, it.next()?);
    Some((service, resource))
}

fn kind_of(service: &str, resource: &str) -> String {
    let cut = resource.find(['/', ':']).map_or(resource.len(), |i| i + 1);
    format!("`{service}` `{}` ARN", &resource[..cut])
}

pub fn check(op: &str, given: &[(String, Vec<Word>)], fields: &[String], errs: &mut Vec<String>) {
    let has = |name: &str| given.iter().any(|(n, _)| n == name);
    for (rule_op, option, accepts, with) in ARN_RULES {
        if *rule_op != op {
            continue;
        }
        for w in given.iter().filter(|(n, _)| n == option).flat_map(|(_, v)| v) {
            let text = w.text();
            let Some((service, resource)) = arn_parts(&text) else {
                if matches!(accepts, Accepts::Arns(_))
                    && text.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && !w.is_blank()
                {
                    errs.push(format!("{op} --{option}: takes an ARN, got `{}`", w.raw));
                }
                continue;
            };
            if service.contains(shell::MARK) {
                continue;
            }
            let allowed = match accepts {
                Accepts::NotArn => {
                    errs.push(format!("{op} --{option}: takes IDs, not ARNs (got a {})", kind_of(service, resource)));
                    continue;
                }
                Accepts::Arns(k) | Accepts::IdOr(k) => {
                    let mut k = k.to_vec();
                    if let Some((opt, more)) = with {
                        if has(opt) {
                            k.extend_from_slice(more);
                        }
                    }
                    k
                }
            };
            if !allowed.iter().any(|(s, prefix)| *s == service && resource.starts_with(prefix)) {
                let want: Vec<String> =
                    allowed.iter().map(|(s, p)| format!("`{s}`{}{p}", if p.is_empty() { "" } else { " " })).collect();
                errs.push(format!(
                    "{op} --{option}: accepts only ARNs of {}; got a {}",
                    want.join(", "),
                    kind_of(service, resource)
                ));
            }
        }
    }
    if matches!(op, "guardduty create-filter" | "guardduty update-filter") {
        criteria(op, given, fields, errs);
    }
    if op == "ssm send-command" {
        ssm_commands(given, errs);
    }
}

/// Every criterion of `--finding-criteria` names a field GuardDuty can filter on (the list in the
/// documentation of CreateFilterRequest.FindingCriteria).
fn criteria(op: &str, given: &[(String, Vec<Word>)], fields: &[String], errs: &mut Vec<String>) {
    let Some(w) = given.iter().find(|(n, _)| n == "finding-criteria").and_then(|(_, v)| v.first()) else { return };
    let Ok(v) = parse_json(&w.text()) else { return }; // reported as invalid JSON already
    for key in v["Criterion"].as_object().map(|o| o.keys().collect::<Vec<_>>()).unwrap_or_default() {
        if !key.contains(shell::MARK) && !fields.iter().any(|f| f == key) {
            errs.push(format!("{op} --finding-criteria: `{key}` is not a field GuardDuty filters can use"));
        }
    }
}

/// `AWS-RunShellScript`'s commands must read cleanly as shell too.
fn ssm_commands(given: &[(String, Vec<Word>)], errs: &mut Vec<String>) {
    let doc = given.iter().find(|(n, _)| n == "document-name").and_then(|(_, v)| v.first()).and_then(Word::literal);
    if doc.as_deref() != Some("AWS-RunShellScript") {
        return;
    }
    let Some(w) = given.iter().find(|(n, _)| n == "parameters").and_then(|(_, v)| v.first()) else { return };
    let Ok(v) = parse_json(&w.text()) else { return };
    for c in v["commands"].as_array().into_iter().flatten().filter_map(|c| c.as_str()) {
        if let Err(e) = shell::parse(&shell::pieces(c)) {
            errs.push(format!("ssm send-command --parameters: a command does not read cleanly as shell: {e}"));
        }
    }
}
