//! Every command the guides print, checked as the shell and the AWS CLI would read it: over the
//! guides of every sample and of a generated finding of every catalogued type, each command must
//! tokenise cleanly (balanced quotes, no unquoted glob, every value single-quoted), and each `aws`
//! command must name a real operation with real options, its required members, allowed enum
//! values, JSON and shorthand that fit the shape, ARNs of a kind the argument takes, and GuardDuty
//! filter fields that exist. The models are botocore's, trimmed (core/tests/aws-models/).

mod common;

#[path = "aws_api/cli.rs"]
mod cli;
#[path = "aws_api/models.rs"]
mod models;
#[path = "aws_api/rules.rs"]
mod rules;
#[path = "aws_api/shell.rs"]
mod shell;
#[path = "aws_api/shorthand.rs"]
mod shorthand;
#[path = "aws_api/table.rs"]
mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use findlens_core::guide::{self, Command, Guide, Segment};
use models::Models;
use shell::Piece;

/// Tools whose lines are checked for shell syntax only.
const SHELL_ONLY: &[&str] = &["kubectl", "docker", "crictl", "nerdctl", "ctr"];

fn setup() -> &'static (Models, Vec<String>) {
    static SETUP: OnceLock<(Models, Vec<String>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let text = std::fs::read_to_string(models::dir().join("guardduty-filterable-fields.txt"))
            .expect("guardduty-filterable-fields.txt is readable");
        let fields = text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(str::to_owned).collect();
        (Models::load(), fields)
    })
}

/// What checking one command line found.
#[derive(Debug, Default, Clone)]
struct Checked {
    aws_ops: Vec<String>,
    shell_only: usize,
    errors: Vec<String>,
}

fn check_line(pieces: &[Piece<'_>]) -> Checked {
    let (models, fields) = setup();
    let mut out = Checked::default();
    let line = match shell::parse(pieces) {
        Ok(l) => l,
        Err(e) => {
            out.errors.push(format!("shell: {e}"));
            return out;
        }
    };
    for c in &line.commands {
        // Leading `NAME=value` words set the environment; the command follows them.
        let assignment = |w: &shell::Word| {
            w.literal().and_then(|t| t.split_once('=').map(|(n, _)| n.to_owned())).is_some_and(|n| {
                n.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
                    && n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            })
        };
        let argv = &c.argv[c.argv.iter().take_while(|w| assignment(w)).count()..];
        match argv.first().and_then(shell::Word::literal).as_deref() {
            Some("aws") => {
                let r = cli::check(models, fields, argv);
                out.aws_ops.extend(r.op);
                out.errors.extend(r.errors);
            }
            Some(tool) if SHELL_ONLY.contains(&tool) => out.shell_only += 1,
            _ => {}
        }
    }
    out
}

fn check_text(text: &str) -> Checked {
    check_line(&shell::pieces(text))
}

/// Checks a guide's command, segment by segment: each value must read back as exactly itself.
fn check_command(c: &Command) -> Checked {
    let mut pieces = Vec::new();
    let mut errors = Vec::new();
    for s in &c.segments {
        match s {
            Segment::Text { text } => pieces.push(Piece::Text(text)),
            Segment::Value { text, value, path } => {
                let line = shell::parse(&[Piece::Text(text)]);
                let word = line.as_ref().ok().and_then(|l| match l.commands.as_slice() {
                    [one] if one.argv.len() == 1 => one.argv[0].literal(),
                    _ => None,
                });
                if word.as_deref() != Some(value.as_str()) {
                    errors.push(format!("shell: the value of `{path}` is not quoted as one word"));
                }
                pieces.push(Piece::Text(text));
            }
            Segment::Missing { text, name, .. }
            | Segment::Choose { text, name, .. }
            | Segment::Output { text, name, .. } => {
                if *text != format!("<{name}>") {
                    errors.push(format!("blank <{name}> is shown as `{text}`"));
                }
                pieces.push(Piece::Blank(name));
            }
        }
    }
    let mut out = check_line(&pieces);
    out.errors.extend(errors);
    out
}

/// The guides of every sample, and of every catalogued type in every shape the generator makes.
fn guides() -> Vec<(String, Guide)> {
    let mut out = Vec::new();
    for s in findlens_core::samples::all() {
        for f in findlens_core::read(s.json.as_bytes()).findings {
            out.push((format!("sample {}", s.name), guide::build(&f)));
        }
    }
    for g in common::every_type() {
        for (shape, doc) in common::shapes(&g.finding) {
            for f in findlens_core::read(doc.to_string().as_bytes()).findings {
                out.push((format!("{} on {} [{shape}]", g.info.name, g.kind), guide::build(&f)));
            }
        }
    }
    out
}

#[test]
fn every_guide_command_reads_as_shell_and_matches_the_aws_api() {
    let guides = guides();
    // Keyed by the segments (as JSON): guides repeat commands, and checking each once is enough.
    let mut cache: HashMap<String, Checked> = HashMap::new();
    let (mut aws, mut shell_only) = (0, 0);
    let mut ops = BTreeSet::new();
    // message → (count, example command, the guide it came from, every step it is in)
    let mut violations: BTreeMap<String, (usize, String, String, BTreeSet<String>)> = BTreeMap::new();
    for (label, g) in &guides {
        for step in g.sections.iter().flat_map(|s| &s.steps) {
            for c in &step.commands {
                let key = serde_json::to_string(&c.segments).expect("segments serialise");
                let r = cache.entry(key).or_insert_with(|| check_command(c));
                aws += r.aws_ops.len();
                shell_only += r.shell_only;
                ops.extend(r.aws_ops.iter().cloned());
                for e in &r.errors {
                    let v = violations
                        .entry(e.clone())
                        .or_insert_with(|| (0, c.text.clone(), label.clone(), BTreeSet::new()));
                    v.0 += 1;
                    v.3.insert(step.id.clone());
                }
            }
        }
    }
    println!("aws api: {aws} commands ({} operations) in {} guides validated", ops.len(), guides.len());
    println!("shell: {shell_only} kubectl/docker/crictl/nerdctl/ctr commands tokenised");
    let report: Vec<String> = violations
        .iter()
        .map(|(msg, (n, text, label, steps))| {
            let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
            format!("{n}× {msg}\n    steps: {}\n    e.g. ({label}): {text}", steps.join(", "))
        })
        .collect();
    assert!(report.is_empty(), "{} distinct violations:\n{}", report.len(), report.join("\n"));
    assert!(guides.len() >= 1500 && ops.len() >= 80 && aws >= 10_000, "too little covered");
}

#[test]
fn the_port_of_xform_name_agrees_with_botocore() {
    let (models, _) = setup();
    let mut n = 0;
    for svc in models.services.values() {
        for (name, want) in svc.json["x-findlens"]["xform"].as_object().expect("an xform table") {
            assert_eq!(models::xform_name(name), want.as_str().unwrap_or_default(), "{}: {name}", svc.name);
            n += 1;
        }
    }
    assert!(n > 800, "only {n} names");
    assert_eq!(models::xform_name("DescribeDBInstances"), "describe-db-instances");
    assert_eq!(models::xform_name("ListMFADevices"), "list-mfa-devices");
    assert_eq!(models::xform_name("GatewayARNs"), "gateway-arns");
}

/// The fields listed in GuardDuty's CreateFilterRequest.FindingCriteria documentation.
fn documented_fields(model: &serde_json::Value) -> Vec<String> {
    let doc = model["shapes"]["CreateFilterRequest"]["members"]["FindingCriteria"]["documentation"]
        .as_str()
        .expect("FindingCriteria documentation");
    doc.split("<li> <p>")
        .skip(1)
        .filter_map(|s| s.split_once("</p>").map(|(f, _)| f))
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn filterable_fields_match_the_models() {
    let (models, fields) = setup();
    assert!(fields.len() > 500, "{} fields", fields.len());
    assert_eq!(&documented_fields(&models.services["guardduty"].json), fields);
    // The reference copy of the full model, when shared/ sits beside the repository.
    let reference =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/guardduty-api-model.json");
    if let Ok(text) = std::fs::read_to_string(&reference) {
        let model: serde_json::Value = serde_json::from_str(&text).expect("the reference model parses");
        assert_eq!(&documented_fields(&model), fields, "guardduty-filterable-fields.txt differs from {reference:?}");
    } else {
        println!("no {reference:?}: the reference check is skipped");
    }
}

fn assert_fails(text: &str, expected: &str) {
    let r = check_text(text);
    assert!(
        r.errors.iter().any(|e| e.contains(expected)),
        "`{text}`: want an error with `{expected}`, got {:?}",
        r.errors
    );
}

fn assert_passes(text: &str) {
    let r = check_text(text);
    assert!(r.errors.is_empty(), "`{text}`: {:?}", r.errors);
}

#[test]
fn the_validator_fails_what_the_cli_or_shell_would_refuse() {
    assert_fails("aws ec2 describe-unicorns --region 'us-east-1'", "not an operation");
    assert_fails(
        "aws ec2 describe-instances --instance-idz 'i-1' --region 'us-east-1'",
        "unknown option --instance-idz",
    );
    assert_fails("aws ec2 terminate-instances --region 'us-east-1'", "required --instance-ids is missing");
    assert_fails(
        "aws iam update-access-key --access-key-id 'AKIAIOSFODNN7EXAMPLE' --status Disabled",
        "`Disabled` is not one of Active",
    );
    assert_fails("aws s3api put-bucket-policy --bucket 'b' --policy '{\"Version\":'", "invalid JSON");
    assert_fails("kubectl get pods -o custom-columns=IMAGES:.spec.containers[*].image", "unquoted glob character `[`");
    assert_fails(
        r#"aws guardduty create-filter --detector-id 'd' --name n --action ARCHIVE --finding-criteria '{"Criterion":{"resource.madeUp.field":{"Eq":["x"]}}}'"#,
        "`resource.madeUp.field` is not a field GuardDuty filters can use",
    );
    assert_fails(
        "aws backup tag-resource --resource-arn 'arn:aws:ec2:us-east-1::image/ami-0abc' --tags Investigation=Malware",
        "accepts only ARNs of `backup`",
    );
    assert_fails(
        "aws ec2 create-tags --resources 'arn:aws:ec2:us-east-1::image/ami-0abc' --tags Key=a,Value=b",
        "takes IDs, not ARNs",
    );
    assert_fails(
        "aws guardduty start-malware-scan --resource-arn 'arn:aws:ec2:us-east-1:1:volume/vol-1'",
        "accepts only ARNs",
    );
    // argrename.py renames plain booleans' `--no-…` only (see cli::table).
    assert_fails("aws ec2 create-network-acl-entry --network-acl-id a --no-egress --rule-number 1 --protocol all --rule-action deny --cidr-block 192.0.2.1/32", "unknown option --no-egress");
    assert_fails("aws ec2 modify-instance-attribute --instance-id 'i-1' --enable-api-termination", "unknown option");
    assert_fails("aws rds modify-db-instance --db-instance-identifier 'd' --apply-immediately=yes", "takes no value");
    assert_fails(
        "aws rds modify-db-instance --db-instance-identifier 'd' --apply-immediately yes",
        "unexpected argument `yes`",
    );
    assert_fails("aws cloudtrail lookup-events --max-results 50 --max-items 10", "turns the CLI's pagination off");
    assert_fails("aws ec2 describe-instances --filters 'Nme=x,Values=y'", "`Nme` is not a member of Filter");
    assert_fails("aws s3api put-bucket-acl --bucket b --acl privat", "`privat` is not one of");
    assert_fails(
        "aws lambda put-function-concurrency --function-name f --reserved-concurrent-executions -1",
        "outside",
    );
    assert_fails("aws ec2 describe-instances --region us-east", "not a valid value");
    assert_fails("aws iam delete-access-key --access-key-id 'AKIA1'", "shorter than the minimum length 16");
    assert_fails("aws s3api get-object --bucket b --key k", "outfile");
    assert_fails("aws ec2 describe-instances --query 'Reservations[].Instances[.InstanceId'", "--query");
    assert_fails("aws ec2 authorize-security-group-ingress --group-id g --protocol tcpp --port 22", "not tcp, udp");
    assert_fails(
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Nope,AttributeValue=x",
        "`Nope` is not one of",
    );
    assert_fails("aws eks update-kubeconfig --region 'us-east-1'", "required --name");
    assert_fails("aws eks update-kubeconfig --name c extra", "unexpected argument `extra`");
    assert_fails("echo 'unbalanced", "unbalanced single quote");
    assert_fails("echo $HOME", "unquoted `$`");
    assert_fails("echo `date`", "backtick");
    assert_fails("echo \"$HOME\"", "parameter expansion inside double quotes");
    assert_fails("echo {a,b}", "brace expansion");
    assert_fails("echo \"hi!there\"", "history expansion");
    assert_fails(
        r#"aws ssm send-command --document-name AWS-RunShellScript --instance-ids 'i-1' --parameters '{"commands":["ls /tmp/*"]}'"#,
        "does not read cleanly",
    );
}

#[test]
fn the_validator_accepts_the_cli_customisations_and_shell_it_knows() {
    // secgroupsimplify.py, protocolarg.py and argrename.py (`--no-egress` is `--ingress`).
    assert_passes("aws ec2 authorize-security-group-ingress --group-id <g> --protocol tcp --port 22 --cidr <ip/32> --region 'us-east-1'");
    assert_passes("aws ec2 create-network-acl-entry --network-acl-id <a> --ingress --rule-number 90 --protocol all --rule-action deny --cidr-block '192.0.2.1/32'");
    assert_passes("aws ec2 modify-instance-attribute --instance-id 'i-1' --no-disable-api-termination");
    assert_passes("aws ec2 modify-instance-attribute --instance-id 'i-1' --no-source-dest-check");
    // Booleans as --flag/--no-flag satisfy a required member; paging arguments; outfile; skeleton.
    assert_passes("aws autoscaling detach-instances --instance-ids 'i-1' --auto-scaling-group-name <g> --no-should-decrement-desired-capacity");
    assert_passes("aws cloudtrail lookup-events --max-items 10 --page-size 5 --starting-token t");
    assert_passes("aws cloudtrail lookup-events --max-results 50");
    assert_passes("aws iam list-access-keys --user-name u --marker m --max-items 5");
    assert_passes("aws s3api get-object --bucket 'b' --key 'k' --version-id 'v' evidence.bin");
    assert_passes("aws ec2 terminate-instances --cli-input-json file://input.json");
    assert_passes("aws ec2 describe-instances --generate-cli-skeleton");
    // Idempotency tokens are filled in by botocore; custom commands; list shorthand; JSON with blanks.
    assert_passes(
        r#"aws macie2 create-classification-job --job-type ONE_TIME --name <n> --s3-job-definition '{"bucketDefinitions":[{"accountId":"1","buckets":["b"]}]}'"#,
    );
    assert_passes("aws eks update-kubeconfig --name 'c' --region 'us-east-1'");
    assert_passes("aws ec2 create-tags --resources 'ami-1' --tags Key=a,Value=b Key=c,Value=d");
    assert_passes("aws s3api put-object-tagging --bucket b --key k --tagging 'TagSet=[{Key=a,Value=b}]'");
    assert_passes(
        r#"aws s3api put-bucket-logging --bucket b --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"p/"}}'"#,
    );
    // Shell: substitution in double quotes, pipes, heredocs, escaped quotes.
    assert_passes(
        r#"aws iam put-role-policy --role-name r --policy-name p --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'"}}}]}'"#,
    );
    assert_passes("kubectl get pods -A -o wide | grep -F 'x' && echo 'done'");
    assert_fails("AWS_PAGER= aws ec2 describe-unicorns", "not an operation");
    assert_passes("kubectl apply -f - <<'YAML'\nkind: NetworkPolicy\nspec: {}\nYAML");
    assert_passes(
        r#"aws ssm send-command --document-name AWS-RunShellScript --instance-ids 'i-1' --parameters '{"commands":["docker pause '\''c1'\''"]}'"#,
    );
    let line = shell::parse(&shell::pieces("a 'b c' \"d\"e\\ f <g> | h > out")).expect("parses");
    assert_eq!(line.commands.len(), 2);
    assert_eq!(
        line.commands[0].argv.iter().map(shell::Word::text).collect::<Vec<_>>(),
        ["a", "b c", "de f", shell::MARK]
    );
    assert_eq!(line.features, ["pipe", "redirect"]);
}
