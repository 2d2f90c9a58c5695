//! The AWS CLI's argument table for an operation (awscli/clidriver.py,
//! ServiceOperation._create_argument_table): every input member becomes `--<xform_name(member)>`,
//! a boolean also `--no-…`; then the CLI's customisations add, rename or hide arguments. The
//! customisations modelled are the ones the vendored services meet; each names the aws-cli file it
//! comes from (aws-cli 1.x; checked against aws-cli 1.46.3 where noted).

use std::collections::BTreeMap;

use super::cli::Given;
use super::models::{xform_name, Op, Service};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Flag,
    /// `--opt` or `--opt value`.
    Optional,
    One,
    /// One or more values (a list member: argparse `nargs='+'`).
    Many,
}

/// What an option stands for.
#[derive(Debug, Clone)]
pub struct Arg {
    pub arity: Arity,
    /// The input member it sets, when it sets one.
    pub member: Option<String>,
    /// Allowed values of a customisation's argument, checked by [`custom_value`].
    pub custom: Option<&'static str>,
}

pub fn arg(arity: Arity) -> Arg {
    Arg { arity, member: None, custom: None }
}

/// Global options (awscli/data/cli.json, plus AWS CLI v2's `--cli-binary-format`,
/// `--no-cli-pager` and `--cli-auto-prompt`/`--no-cli-auto-prompt`).
pub const GLOBAL_FLAGS: &[&str] = &[
    "debug",
    "no-verify-ssl",
    "no-paginate",
    "no-sign-request",
    "no-cli-pager",
    "cli-auto-prompt",
    "no-cli-auto-prompt",
];
pub const GLOBAL_VALUES: &[&str] = &[
    "endpoint-url",
    "output",
    "query",
    "profile",
    "region",
    "color",
    "ca-bundle",
    "cli-read-timeout",
    "cli-connect-timeout",
    "cli-binary-format",
];

/// Commands the CLI adds that are not API operations: (service, command, [(option, arity,
/// required)]).
pub type Custom = (&'static str, &'static str, &'static [(&'static str, Arity, bool)]);
pub const CUSTOM_COMMANDS: &[Custom] = &[
    // awscli/customizations/eks/update_kubeconfig.py, UpdateKubeconfigCommand.ARG_TABLE.
    (
        "eks",
        "update-kubeconfig",
        &[
            ("name", Arity::One, true),
            ("kubeconfig", Arity::One, false),
            ("role-arn", Arity::One, false),
            ("proxy-url", Arity::One, false),
            ("dry-run", Arity::Flag, false),
            ("verbose", Arity::Flag, false),
            ("alias", Arity::One, false),
            ("user-alias", Arity::One, false),
            ("assume-role-arn", Arity::One, false),
        ],
    ),
    // awscli/customizations/eks/get_token.py, GetTokenCommand.ARG_TABLE.
    (
        "eks",
        "get-token",
        &[("cluster-name", Arity::One, true), ("role-arn", Arity::One, false), ("cluster-id", Arity::One, false)],
    ),
    // awscli/customizations/ecr.py, ECRGetLoginPassword (no arguments).
    ("ecr", "get-login-password", &[]),
];

/// awscli/customizations/argrename.py, ARGUMENT_RENAMES for the vendored services: (service,
/// operation or `*`, CLI name, new name). The old name no longer exists.
const RENAMES: &[(&str, &str, &str, &str)] = &[
    ("ec2", "create-image", "no-no-reboot", "reboot"),
    ("ec2", "*", "no-egress", "ingress"),
    ("ec2", "*", "no-disable-api-termination", "enable-api-termination"),
    ("ecs", "*", "no-enable-execute-command", "disable-execute-command"),
];

/// argrename.py's HIDDEN_ALIASES for the vendored services: the alias works as well.
const ALIASES: &[(&str, &str, &str, &str)] = &[("lambda", "publish-version", "code-sha256", "code-sha-256")];

/// awscli/customizations/ec2/secgroupsimplify.py: these four operations also take `--protocol`,
/// `--port`, `--cidr`, `--source-group` and `--group-owner`, which build one `IpPermissions` entry.
const SECGROUP_OPS: &[&str] = &[
    "authorize-security-group-ingress",
    "authorize-security-group-egress",
    "revoke-security-group-ingress",
    "revoke-security-group-egress",
];

/// The argument table of an operation.
pub fn table(svc: &Service, op: &Op<'_>, cli_op: &str) -> BTreeMap<String, Arg> {
    let mut t = BTreeMap::new();
    let ec2 = svc.name == "ec2";
    let mut pulled_up = Vec::new();
    for (name, m) in op.input.map(|i| svc.members(i)).unwrap_or_default() {
        let shape = m["shape"].as_str().unwrap_or("");
        let cli = xform_name(name);
        let member = Some(name.to_owned());
        let kind = svc.kind(shape);
        if kind == "boolean" {
            t.insert(format!("no-{cli}"), Arg { arity: Arity::Flag, member: member.clone(), custom: None });
            t.insert(cli, Arg { arity: Arity::Flag, member, custom: None });
        } else if ec2 && single_bool(svc, shape) {
            pulled_up.push((cli, member));
        } else {
            let arity = if kind == "list" { Arity::Many } else { Arity::One };
            t.insert(cli, Arg { arity, member, custom: None });
        }
    }
    // The renames run before toplevelbool (awscli/handlers.py registers register_arg_renames before
    // register_bool_params on the same event), so they reach only the `--no-…` of plain booleans:
    // `ec2 create-network-acl-entry --no-egress` is `--ingress`, while `ec2
    // modify-instance-attribute --no-disable-api-termination` stays (checked with aws-cli 1.46.3).
    for (s, o, from, to) in RENAMES {
        if *s == svc.name && (*o == "*" || *o == cli_op) {
            if let Some(a) = t.remove(*from) {
                t.insert((*to).to_owned(), a);
            }
        }
    }
    for (cli, member) in pulled_up {
        // awscli/customizations/toplevelbool.py (EC2 only): a structure whose one member is the
        // boolean `Value` becomes `--option` (with an optional value) and `--no-option`.
        t.insert(format!("no-{cli}"), Arg { arity: Arity::Flag, member: member.clone(), custom: None });
        t.insert(cli, Arg { arity: Arity::Optional, member, custom: None });
    }
    for (s, o, name, alias) in ALIASES {
        if *s == svc.name && *o == cli_op {
            if let Some(a) = t.get(*name).cloned() {
                t.insert((*alias).to_owned(), a);
            }
        }
    }
    if let Some(p) = op.paginator {
        // awscli/customizations/paginate.py, unify_paging_params: the input token and limit members
        // stay (undocumented), --starting-token and --max-items are added, --page-size when the
        // paginator has a limit_key.
        // An operation's own member of the same name is shadowed (kept here as the member, which
        // the CLI puts back when pagination is off).
        t.entry("starting-token".into()).or_insert(arg(Arity::One));
        t.entry("max-items".into()).or_insert(arg(Arity::One));
        if p.get("limit_key").is_some() {
            t.entry("page-size".into()).or_insert(arg(Arity::One));
        }
    }
    if ec2 && SECGROUP_OPS.contains(&cli_op) {
        for (name, custom) in
            [("protocol", "protocol"), ("port", "port"), ("cidr", ""), ("source-group", ""), ("group-owner", "")]
        {
            t.insert(name.into(), Arg { arity: Arity::One, member: None, custom: Some(custom) });
        }
    }
    if ec2 && matches!(cli_op, "create-network-acl-entry" | "replace-network-acl-entry") {
        // awscli/customizations/ec2/protocolarg.py: --protocol also takes tcp, udp, icmp or all.
        if let Some(a) = t.get_mut("protocol") {
            a.custom = Some("protocol");
        }
    }
    // awscli/customizations/generatecliskeleton.py adds --generate-cli-skeleton to every operation;
    // cliinputjson.py adds --cli-input-json to those without a streaming outfile (v2 also
    // --cli-input-yaml).
    t.insert("generate-cli-skeleton".into(), arg(Arity::Optional));
    if !op.streaming_output {
        t.insert("cli-input-json".into(), arg(Arity::One));
        t.insert("cli-input-yaml".into(), arg(Arity::One));
    }
    t
}

fn single_bool(svc: &Service, shape: &str) -> bool {
    let m = svc.members(shape);
    svc.kind(shape) == "structure"
        && m.len() == 1
        && m[0].0 == "Value"
        && svc.kind(m[0].1["shape"].as_str().unwrap_or("")) == "boolean"
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
pub fn is_region(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok()
}

/// The values the CLI's own arguments accept.
pub fn custom_value(kind: &str, v: &str) -> Option<String> {
    match kind {
        // secgroupsimplify.py ProtocolArgument and protocolarg.py: a name or a protocol number.
        "protocol" => {
            let ok = ["tcp", "udp", "icmp", "all", "-1"].contains(&v) || v.parse::<u8>().is_ok();
            (!ok).then(|| format!("`{v}` is not tcp, udp, icmp, all or a protocol number"))
        }
        // secgroupsimplify.py PortArgument: `22`, `22-25`, `-1` or `all`.
        "port" => {
            let ok = v == "all"
                || v == "-1"
                || v.split_once('-')
                    .map_or(v.parse::<i32>().is_ok(), |(a, b)| a.parse::<i32>().is_ok() && b.parse::<i32>().is_ok());
            (!ok).then(|| format!("`{v}` is not a port or a range like 22-25"))
        }
        _ => None,
    }
}

/// awscli/customizations/paginate.py, check_should_enable_pagination: giving the operation's own
/// page token or limit (e.g. `--max-results`), or `--no-paginate`, turns the CLI's pagination off,
/// and then --starting-token, --page-size and --max-items are refused ("Cannot specify
/// --no-paginate along with pagination arguments"), unless one is the operation's own member.
pub fn paging(p: &serde_json::Value, table: &BTreeMap<String, Arg>, given: &Given, op: &str, errs: &mut Vec<String>) {
    let mut manual: Vec<String> = match &p["input_token"] {
        serde_json::Value::Array(a) => a.iter().filter_map(|t| t.as_str()).map(xform_name).collect(),
        serde_json::Value::String(t) => vec![xform_name(t)],
        _ => Vec::new(),
    };
    manual.extend(p["limit_key"].as_str().map(xform_name));
    manual.retain(|m| m != "starting-token" && m != "max-items");
    manual.push("no-paginate".into());
    let Some((off, _)) = given.iter().find(|(n, _)| manual.contains(n)) else { return };
    let own = |n: &str| table.get(n).is_some_and(|a| a.member.is_some());
    for (n, _) in given {
        if ["starting-token", "page-size", "max-items"].contains(&n.as_str()) && !own(n) {
            errs.push(format!("{op}: --{off} turns the CLI's pagination off, so --{n} is refused"));
        }
    }
}
