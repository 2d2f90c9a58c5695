//! `rds`: logins to an RDS database (a DB instance or an Aurora Limitless shard group) that look
//! wrong. Identify the database, the user and the source; a finding about logins that worked goes
//! down one branch (expected? if not, contain and assess the damage), one about logins that failed
//! down the other (who keeps trying, and why can they reach the database at all). Both may need the
//! user's credentials rotated and the network path closed.

use std::net::IpAddr;

use crate::guide::command::Cmd;
use crate::guide::ctx::{fact, some_fact, tags_text, Ctx};
use crate::guide::model::{Command, Decision, Fact, Phase, Step, Tone};

const P_DB: &str = "resource.rdsDbInstanceDetails";
const P_LDB: &str = "resource.rdsLimitlessDbDetails";
const P_USER: &str = "resource.rdsDbUserDetails";
const P_LOGIN: &str = "service.action.rdsLoginAttemptAction";
const INSTANCE_HINT: &str = "the DB instance's identifier (resource.rdsDbInstanceDetails.dbInstanceIdentifier)";
const CLUSTER_HINT: &str = "the DB cluster's identifier (dbClusterIdentifier in the finding's database details)";

/// Which branch of the RDS guide a finding follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// A login worked (`*SuccessfulLogin`, `SuccessfulBruteForce`, or successes in the counts).
    Successful,
    /// Logins failed, or a connection made no attempt at all (`*FailedLogin`, `Discovery:RDS/*`).
    Failed,
    /// Not about logins (custom detection rules on the database's configuration).
    NotLogin,
}

/// The database as the commands need it.
struct Db<'f> {
    instance: Option<&'f str>,
    instance_path: String,
    cluster: Option<&'f str>,
    cluster_path: String,
    shard_group: Option<&'f str>,
    user: Option<&'f str>,
}

const P_AFFECTED: &str = "service.action.awsApiCallAction.affectedResources";

/// A resource the finding's API call affected (`{"AWS::RDS::DBInstance": "prod-db-1"}`), as an ID:
/// an ARN is cut to its last segment.
fn affected<'f>(cx: &Ctx<'f>, kind: &str) -> Option<&'f str> {
    let map = cx.api_call()?.affected_resources.as_ref()?.0.as_object()?;
    let v = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)).and_then(|(_, v)| v.as_str())?;
    let id = if v.starts_with("arn:") { v.rsplit(':').next().unwrap_or(v) } else { v };
    Some(id).filter(|id| !id.is_empty())
}

impl<'f> Db<'f> {
    fn of(cx: &Ctx<'f>) -> Db<'f> {
        let r = &cx.f.resource;
        let inst = r.rds_db_instance_details.as_ref();
        let ldb = r.rds_limitless_db_details.as_ref();
        // A finding about an API call (custom detection rules) names the database only there.
        let (instance, instance_path) = match inst.and_then(|i| i.db_instance_identifier.as_deref()) {
            Some(i) => (Some(i), p(P_DB, "dbInstanceIdentifier")),
            None => match affected(cx, "AWS::RDS::DBInstance") {
                Some(i) => (Some(i), P_AFFECTED.to_owned()),
                None => (None, p(P_DB, "dbInstanceIdentifier")),
            },
        };
        let (cluster, cluster_path) = if let Some(c) = inst.and_then(|i| i.db_cluster_identifier.as_deref()) {
            (Some(c), p(P_DB, "dbClusterIdentifier"))
        } else if let Some(c) = ldb.and_then(|l| l.db_cluster_identifier.as_deref()) {
            (Some(c), p(P_LDB, "dbClusterIdentifier"))
        } else if let Some(c) = affected(cx, "AWS::RDS::DBCluster") {
            (Some(c), P_AFFECTED.to_owned())
        } else {
            (None, p(P_LDB, "dbClusterIdentifier"))
        };
        Db {
            instance,
            instance_path,
            cluster,
            cluster_path,
            shard_group: ldb.and_then(|l| l.db_shard_group_identifier.as_deref()),
            user: r.rds_db_user_details.as_ref().and_then(|u| u.user.as_deref()),
        }
    }

    /// An Aurora Limitless database: a shard group, no instance.
    fn limitless(&self) -> bool {
        self.instance.is_none() && self.shard_group.is_some()
    }

    /// Commands go to the cluster: the finding names a cluster but no instance.
    fn by_cluster(&self) -> bool {
        self.instance.is_none() && self.cluster.is_some()
    }

    fn instance_arg(&self, c: Cmd) -> Cmd {
        c.t(" --db-instance-identifier ").v_or(
            self.instance,
            &self.instance_path,
            "db-instance-identifier",
            INSTANCE_HINT,
        )
    }

    fn cluster_arg(&self, c: Cmd) -> Cmd {
        c.t(" --db-cluster-identifier ").v_or(self.cluster, &self.cluster_path, "db-cluster-identifier", CLUSTER_HINT)
    }
}

fn p(base: &str, field: &str) -> String {
    format!("{base}.{field}")
}

/// What `--apply-immediately` on `modify-db-instance` brings along.
const INSTANCE_PENDING_CAUTION: &str = "--apply-immediately applies this change now instead of in the maintenance window, and with it every modification already pending for the DB instance (an instance class change, an engine upgrade, a parameter group), some of which restart it. Check PendingModifiedValues first (the command above): if it is not empty, agree the restart with the database's owner before you run this.";

/// What `--apply-immediately` on `modify-db-cluster` may bring along.
const CLUSTER_PENDING_CAUTION: &str = "--apply-immediately applies this change now instead of in the maintenance window. The API reference says only this request's changes are applied; the RDS user guide says modifications already pending for the cluster can be applied with them, and some of those restart it. Check PendingModifiedValues first (the command above): if it is not empty, agree the restart with the database's owner before you run this.";

/// Modifications already queued for a DB instance, which `--apply-immediately` applies too.
fn instance_pending(cx: &Ctx, instance: impl FnOnce(Cmd) -> Cmd) -> Command {
    instance(
        cx.cmd("Modifications already pending for the DB instance: --apply-immediately below applies them too (empty or null means none)")
            .t("aws rds describe-db-instances"),
    )
    .t(" --query 'DBInstances[].PendingModifiedValues'")
    .build()
}

/// Successful and failed login attempts, summed over the finding's login attributes.
fn counts(cx: &Ctx) -> Option<(i64, i64)> {
    let attrs = &cx.action()?.rds_login_attempt_action.as_ref()?.login_attributes;
    if attrs.is_empty() {
        return None;
    }
    let ok = attrs.iter().filter_map(|a| a.successful_login_attempts).sum();
    let failed = attrs.iter().filter_map(|a| a.failed_login_attempts).sum();
    Some((ok, failed))
}

/// The branch, from the type and from the finding's own login counts.
pub fn branch(cx: &Ctx) -> Branch {
    let successes = counts(cx).is_some_and(|(ok, _)| ok > 0);
    if type_mechanism(cx, &["SuccessfulLogin", "SuccessfulBruteForce"]) || successes {
        Branch::Successful
    } else if type_says_failed(cx) || counts(cx).is_some() {
        Branch::Failed
    } else {
        Branch::NotLogin
    }
}

/// The type's detection mechanism is one of `mechanisms` (`…/AnomalousBehavior.SuccessfulLogin`).
fn type_mechanism(cx: &Ctx, mechanisms: &[&str]) -> bool {
    cx.ty().and_then(|t| t.detection_mechanism).is_some_and(|m| mechanisms.contains(&m))
}

/// A connection to the database that made no login attempt (`Discovery:RDS/…`).
fn is_discovery(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| t.threat_purpose == "Discovery" && t.resource_type_affected == "RDS")
}

/// The type reports failed logins, or a connection without any.
fn type_says_failed(cx: &Ctx) -> bool {
    type_mechanism(cx, &["FailedLogin"]) || is_discovery(cx)
}

fn branch_decision(cx: &Ctx) -> Decision {
    let type_says_failed = type_says_failed(cx);
    let tally = match counts(cx) {
        Some((ok, failed)) => format!("the finding counts {ok} successful and {failed} failed login attempts"),
        None => "the finding lists no login counts".to_owned(),
    };
    let question = "Which branch applies: logins that worked, or attempts that failed?".to_owned();
    match branch(cx) {
        Branch::Successful if type_says_failed => Decision {
            id: "rds/which-branch-applies-logins-that-worked-or-attempts".into(),
            question,
            answer: format!("Logins that worked: the type reports failed attempts, but {tally}. Someone got in; follow the successful-login branch: decide whether it was expected, and if not, contain it and assess what was read or changed."),
            tone: Tone::Danger,
        },
        Branch::Successful => Decision {
            id: "rds/which-branch-applies-logins-that-worked-or-attempts".into(),
            question,
            answer: format!("Logins that worked: {tally}. Follow the successful-login branch: decide whether the login was expected, and if not, rotate the credentials, close the network path and assess what was read or changed."),
            tone: Tone::Danger,
        },
        Branch::Failed if is_discovery(cx) => Decision {
            id: "rds/which-branch-applies-logins-that-worked-or-attempts".into(),
            question,
            answer: format!("Attempts that failed (here, a connection that never tried to log in): {tally}. Nobody got in; follow the failed-login branch: find the source and why it can reach the database."),
            tone: Tone::Warning,
        },
        Branch::Failed => Decision {
            id: "rds/which-branch-applies-logins-that-worked-or-attempts".into(),
            question,
            answer: format!("Attempts that failed: {tally}, so nobody got in. Follow the failed-login branch: find the source, decide whether it is expected, and close the path it uses."),
            tone: Tone::Warning,
        },
        Branch::NotLogin => Decision {
            id: "rds/which-branch-applies-logins-that-worked-or-attempts".into(),
            question,
            answer: "Neither: this finding reports a change to the database, not logins to it. The credential and network steps below still apply to what it reports.".into(),
            tone: Tone::Info,
        },
    }
}

/// Whether an address is private (inside a VPC or on-premises network), or `None` if unreadable.
fn is_internal(ip: &str) -> Option<bool> {
    Some(match ip.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => {
            let [x, y, ..] = a.octets();
            a.is_private() || a.is_loopback() || a.is_link_local() || (x == 100 && (64..128).contains(&y))
        }
        IpAddr::V6(a) => {
            a.is_loopback() || (a.segments()[0] & 0xfe00) == 0xfc00 || (a.segments()[0] & 0xffc0) == 0xfe80
        }
    })
}

pub fn steps(cx: &Ctx) -> Vec<Step> {
    let b = branch(cx);
    let mut steps = vec![identify(cx), login_source(cx), expected(cx, b)];
    if b != Branch::Failed {
        steps.push(snapshot(cx));
    }
    // Close the network path first: a rotation takes a while, and the source can log in meanwhile.
    steps.push(restrict_network(cx));
    steps.push(rotate_credentials(cx));
    if b != Branch::Failed {
        steps.push(assess_impact(cx));
    }
    if b != Branch::Successful {
        steps.push(root_cause(cx));
    }
    steps
}

fn db_facts(cx: &Ctx) -> Vec<Fact> {
    let r = &cx.f.resource;
    let mut facts = Vec::new();
    if let Some(l) = r.rds_limitless_db_details.as_ref().filter(|_| r.rds_db_instance_details.is_none()) {
        facts.push(fact("DB shard group", l.db_shard_group_identifier.clone(), &p(P_LDB, "dbShardGroupIdentifier")));
        facts.push(fact("Shard group ARN", l.db_shard_group_arn.clone(), &p(P_LDB, "dbShardGroupArn")));
        facts.push(fact("DB cluster", l.db_cluster_identifier.clone(), &p(P_LDB, "dbClusterIdentifier")));
        facts.push(fact("Engine", l.engine.clone(), &p(P_LDB, "engine")));
        facts.push(fact("Engine version", l.engine_version.clone(), &p(P_LDB, "engineVersion")));
        facts.extend(some_fact("Tags", tags_text(&l.tags), &p(P_LDB, "tags")));
    } else {
        let d = r.rds_db_instance_details.as_ref();
        let db = Db::of(cx);
        facts.push(fact("DB instance", db.instance, &db.instance_path));
        facts.push(fact("DB cluster", db.cluster, &db.cluster_path));
        facts.push(fact("Engine", d.and_then(|d| d.engine.clone()), &p(P_DB, "engine")));
        facts.push(fact("Engine version", d.and_then(|d| d.engine_version.clone()), &p(P_DB, "engineVersion")));
        facts.push(fact("DB instance ARN", d.and_then(|d| d.db_instance_arn.clone()), &p(P_DB, "dbInstanceArn")));
        facts.push(fact("Resource ID", d.and_then(|d| d.dbi_resource_id.clone()), &p(P_DB, "dbiResourceId")));
        facts.extend(some_fact("Tags", d.and_then(|d| tags_text(&d.tags)), &p(P_DB, "tags")));
    }
    facts
}

fn user_facts(cx: &Ctx) -> Vec<Fact> {
    let u = cx.f.resource.rds_db_user_details.as_ref();
    vec![
        fact("Database user", u.and_then(|u| u.user.clone()), &p(P_USER, "user")),
        fact("Application", u.and_then(|u| u.application.clone()), &p(P_USER, "application")),
        fact("Database", u.and_then(|u| u.database.clone()), &p(P_USER, "database")),
        fact("SSL", u.and_then(|u| u.ssl.clone()), &p(P_USER, "ssl")),
        fact("Authentication method", u.and_then(|u| u.auth_method.clone()), &p(P_USER, "authMethod")),
    ]
}

fn identify(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let mut facts = db_facts(cx);
    facts.extend(user_facts(cx));
    facts.push(fact("Account", cx.account, "accountId"));
    let mut commands = Vec::new();
    if db.limitless() {
        commands.push(
            cx.cmd("The shard group: its cluster, capacity, endpoint and whether it is publicly accessible")
                .t("aws rds describe-db-shard-groups --db-shard-group-identifier ")
                .v_or(
                    db.shard_group,
                    &p(P_LDB, "dbShardGroupIdentifier"),
                    "db-shard-group-identifier",
                    "the shard group's identifier",
                )
                .build(),
        );
    } else {
        commands.push(
            db.instance_arg(
                cx.cmd("The DB instance: endpoint, port, security groups, public accessibility, IAM authentication")
                    .t("aws rds describe-db-instances"),
            )
            .build(),
        );
    }
    if db.cluster.is_some() {
        commands.push(db.cluster_arg(cx.cmd("The DB cluster it belongs to").t("aws rds describe-db-clusters")).build());
    }
    Step {
        id: "rds/identify".into(),
        phase: Phase::Understand,
        title: "Identify the database and the database user".into(),
        why: "The database and the user name say what an intruder could reach and whose credentials are at stake; the branch below says which way the rest of this guide goes.".into(),
        facts,
        decisions: vec![branch_decision(cx)],
        commands,
    }
}

fn login_facts(cx: &Ctx) -> Vec<Fact> {
    let attrs = cx
        .action()
        .and_then(|a| a.rds_login_attempt_action.as_ref())
        .map(|r| r.login_attributes.as_slice())
        .unwrap_or(&[]);
    attrs
        .iter()
        .map(|a| {
            let who = match (a.user.as_deref(), a.application.as_deref()) {
                (Some(u), Some(app)) if !app.is_empty() => format!("Logins by {u} with {app}"),
                (Some(u), _) => format!("Logins by {u}"),
                (None, _) => "Logins".to_owned(),
            };
            let n = |v: Option<i64>| v.map_or_else(|| "?".to_owned(), |v| v.to_string());
            fact(
                &who,
                Some(format!("{} successful, {} failed", n(a.successful_login_attempts), n(a.failed_login_attempts))),
                &p(P_LOGIN, "LoginAttributes.successfulLoginAttempts"),
            )
        })
        .collect()
}

fn login_source(cx: &Ctx) -> Step {
    let mut facts = cx.remote_facts();
    facts.extend(login_facts(cx));
    facts.extend(some_fact(
        "Threat lists matched",
        cx.threat_lists(),
        "service.evidence.threatIntelligenceDetails.threatListName",
    ));
    let mut decisions = Vec::new();
    if let Some((ip, _)) = cx.remote_ip() {
        decisions.push(match is_internal(ip) {
            Some(true) => Decision {
                id: "rds/is-the-source-inside-your-network".into(),
                question: "Is the source inside your network?".into(),
                answer: format!("Yes: {ip} is a private address, so the attempts came from inside a VPC or a connected network. Find the host behind it (a misconfigured application retrying, or a compromised machine)."),
                tone: Tone::Warning,
            },
            Some(false) => Decision {
                id: "rds/is-the-source-inside-your-network".into(),
                question: "Is the source inside your network?".into(),
                answer: format!("No: {ip} is a public address, so the database can be reached from the internet. The network and organisation above say who holds the address."),
                tone: Tone::Danger,
            },
            None => Decision {
                id: "rds/is-the-source-inside-your-network".into(),
                question: "Is the source inside your network?".into(),
                answer: format!("The source address ({ip}) could not be read; check it in the raw finding."),
                tone: Tone::Warning,
            },
        });
    }
    decisions.extend(crate::guide::shared::caller::reputation_decision(cx));
    Step {
        id: "rds/login-source".into(),
        phase: Phase::Understand,
        title: "Identify where the logins came from".into(),
        why: "The source address and its network say whether this is an internal application or someone on the internet, and the counts say how hard they tried and whether it worked.".into(),
        facts,
        decisions,
        commands: Vec::new(),
    }
}

fn expected(cx: &Ctx, b: Branch) -> Step {
    let db = Db::of(cx);
    let user = db.user.unwrap_or("the user");
    let mut decisions = Vec::new();
    match b {
        Branch::Successful => decisions.push(Decision {
            id: "rds/should-have-logged-in-from-there-at-that".into(),
            question: format!("Should {user} have logged in from there, at that time?"),
            answer: "Ask the user's owner. Harmless explanations exist: a user back after a long absence, or one who only logs in now and then (a quarterly report). Expected: archive or suppress the finding (last section). Otherwise assume an attacker has the credentials and continue.".into(),
            tone: Tone::Warning,
        }),
        Branch::Failed | Branch::NotLogin => decisions.push(Decision {
            id: "rds/is-anyone-expected-to-be-doing-this".into(),
            question: "Is anyone expected to be doing this?".into(),
            answer: "From inside your network: is an application misconfigured, retrying an old password or a wrong user? From the internet: the database should not be reachable at all, and whoever tries is probably guessing common user names and passwords. Expected: archive or suppress (last section).".into(),
            tone: Tone::Info,
        }),
    }
    let common = ["admin", "administrator", "root", "postgres", "sa", "test", "user", "mysql", "guest", "rdsadmin"];
    if db.user.is_some_and(|u| common.iter().any(|c| u.eq_ignore_ascii_case(c))) {
        decisions.push(Decision {
            id: "rds/is-the-user-name-a-common-one".into(),
            question: "Is the user name a common one?".into(),
            answer: format!("Yes: {user} is among the first names a password-guessing tool tries. A database that accepts it from the internet is an easy target; prefer named users and IAM authentication."),
            tone: Tone::Warning,
        });
    }
    let mut facts = vec![fact("Database user", db.user, &p(P_USER, "user"))];
    facts.extend(login_facts(cx));
    facts.push(fact(
        "First seen",
        cx.f.service.event_first_seen.as_ref().map(|t| t.text.clone()),
        "service.eventFirstSeen",
    ));
    facts.push(fact(
        "Last seen",
        cx.f.service.event_last_seen.as_ref().map(|t| t.text.clone()),
        "service.eventLastSeen",
    ));
    Step {
        id: "rds/expected".into(),
        phase: Phase::Understand,
        title: "Decide whether the activity was expected".into(),
        why: "GuardDuty compares logins with the database's usual pattern; only the people who own the user and the applications can say whether this one was theirs.".into(),
        facts,
        decisions,
        commands: Vec::new(),
    }
}

/// A snapshot of the database as it is now, before credentials and network change: the evidence of
/// what an intruder could have read or changed.
fn snapshot(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let cmd = if db.cluster.is_some() {
        db.cluster_arg(
            cx.cmd("Snapshot the DB cluster as it is now (a new snapshot; nothing in the cluster changes)")
                .t("aws rds create-db-cluster-snapshot"),
        )
        .t(" --db-cluster-snapshot-identifier ")
        .choose("snapshot-name", "a name for the snapshot, e.g. the incident ticket")
        .build()
    } else {
        db.instance_arg(
            cx.cmd("Snapshot the DB instance as it is now (a new snapshot; nothing in the instance changes)")
                .t("aws rds create-db-snapshot"),
        )
        .t(" --db-snapshot-identifier ")
        .choose("snapshot-name", "a name for the snapshot, e.g. the incident ticket")
        .build()
    };
    Step {
        id: "rds/snapshot".into(),
        phase: Phase::Preserve,
        title: "Snapshot the database before changing it".into(),
        why: "A login that worked may have read or changed data. A snapshot taken now keeps the data as the intruder left it, to compare with earlier backups, before rotations and fixes change anything.".into(),
        facts: vec![fact("DB instance", db.instance, &db.instance_path), fact("DB cluster", db.cluster, &db.cluster_path)],
        decisions: vec![Decision {
            id: "rds/are-automated-backups-enough".into(),
            question: "Are automated backups enough?".into(),
            answer: "They expire with the retention period, and a point-in-time restore needs a time you may not know yet. A manual snapshot stays until someone deletes it.".into(),
            tone: Tone::Info,
        }],
        commands: vec![cmd],
    }
}

/// The database engine, as the finding names it.
fn engine<'f>(cx: &Ctx<'f>) -> Option<&'f str> {
    let r = &cx.f.resource;
    r.rds_db_instance_details
        .as_ref()
        .and_then(|d| d.engine.as_deref())
        .or_else(|| r.rds_limitless_db_details.as_ref().and_then(|l| l.engine.as_deref()))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sql {
    Postgres,
    Mysql,
    Unknown,
}

fn sql_family(engine: Option<&str>) -> Sql {
    match engine.map(str::to_ascii_lowercase) {
        Some(e) if e.contains("postgres") => Sql::Postgres,
        Some(e) if e.contains("mysql") || e.contains("mariadb") => Sql::Mysql,
        _ => Sql::Unknown,
    }
}

/// How to change the user's password in the database, in the engine's own SQL.
fn change_password_sql(sql: Sql, user: &str) -> String {
    match sql {
        Sql::Postgres => format!("Change it in the database: ALTER ROLE \"{user}\" WITH PASSWORD '<new password>';"),
        Sql::Mysql => format!("Change it in the database: ALTER USER '{user}'@'%' IDENTIFIED BY '<new password>'; (use the user's own host instead of % if it has one: SELECT user, host FROM mysql.user)."),
        Sql::Unknown => "Change it in the database (ALTER USER in MySQL and MariaDB, ALTER ROLE in PostgreSQL).".into(),
    }
}

/// How to end the user's open sessions, in the engine's own SQL.
fn end_sessions_sql(sql: Sql, user: &str) -> String {
    match sql {
        Sql::Postgres => format!("End them in the database: SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{user}';"),
        Sql::Mysql => format!("End them in the database: list them with SELECT id FROM information_schema.processlist WHERE user = '{user}'; then run CALL mysql.rds_kill(<id>); for each (RDS does not let you run KILL on another user's session directly)."),
        Sql::Unknown => "End them in the database (KILL, or CALL mysql.rds_kill on RDS, in MySQL; pg_terminate_backend in PostgreSQL).".into(),
    }
}

fn rotate_credentials(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let auth = cx.f.resource.rds_db_user_details.as_ref().and_then(|u| u.auth_method.as_deref());
    let user = db.user.unwrap_or("the user");
    let sql = sql_family(engine(cx));
    let mut decisions = vec![match auth {
        Some(a) if a.to_ascii_uppercase().contains("IAM") => Decision {
            id: "rds/what-is-there-to-rotate".into(),
            question: "What is there to rotate?".into(),
            answer: format!("No password: {user} signs in with IAM database authentication, so whoever logged in held IAM credentials allowed rds-db:connect. Find that principal in CloudTrail and contain it with the credentials guide."),
            tone: Tone::Warning,
        },
        Some(_) => Decision {
            id: "rds/what-is-there-to-rotate".into(),
            question: "What is there to rotate?".into(),
            answer: format!("The password of {user}. {} Then close its open sessions and update every application that uses it. If Secrets Manager stores the password, rotate the secret instead (below).", change_password_sql(sql, user)),
            tone: Tone::Warning,
        },
        None => Decision {
            id: "rds/what-is-there-to-rotate".into(),
            question: "What is there to rotate?".into(),
            answer: format!("The finding does not say how {user} authenticated. For a password, rotate its secret, or: {} For IAM authentication, contain the IAM principal instead.", change_password_sql(sql, user)),
            tone: Tone::Info,
        },
    }];
    decisions.push(Decision {
        id: "rds/does-a-new-password-end-the-sessions-already".into(),
        question: "Does a new password end the sessions already open?".into(),
        answer: format!("No: a rotated password stops new logins only. {}", end_sessions_sql(sql, user)),
        tone: Tone::Warning,
    });
    let mut commands = vec![cx
        .cmd("Rotate the secret that holds the user's password (Secrets Manager updates the database)")
        .t("aws secretsmanager rotate-secret --secret-id ")
        .missing("secret-id", "the secret that stores this user's password: aws secretsmanager list-secrets")
        .build()];
    if db.cluster.is_some() {
        commands.push(
            db.cluster_arg(
                cx.cmd("The cluster's master user and, if RDS manages its password, the secret: only relevant when the login user is the master user")
                    .t("aws rds describe-db-clusters"),
            )
            .t(" --query 'DBClusters[].{master:MasterUsername,secret:MasterUserSecret.SecretArn}'")
            .build(),
        );
        commands.push(
            db.cluster_arg(
                cx.cmd("Modifications already pending for the cluster, which --apply-immediately below may apply too (empty or null means none)")
                    .t("aws rds describe-db-clusters"),
            )
            .t(" --query 'DBClusters[].PendingModifiedValues'")
            .build(),
        );
        commands.push(
            db.cluster_arg(
                cx.cmd("Turn on IAM database authentication for the cluster, so users can sign in with short-lived tokens. It does not stop password logins: a user with a password keeps it until you change or remove it in the database")
                    .t("aws rds modify-db-cluster"),
            )
            .t(" --enable-iam-database-authentication --apply-immediately")
            .caution("rds/cluster-pending-applied", CLUSTER_PENDING_CAUTION)
            .build(),
        );
    } else {
        commands.push(
            db.instance_arg(
                cx.cmd("The instance's master user and, if RDS manages its password, the secret: only relevant when the login user is the master user")
                    .t("aws rds describe-db-instances"),
            )
            .t(" --query 'DBInstances[].{master:MasterUsername,secret:MasterUserSecret.SecretArn}'")
            .build(),
        );
        commands.push(instance_pending(cx, |c| db.instance_arg(c)));
        commands.push(
            db.instance_arg(
                cx.cmd("Turn on IAM database authentication, so users can sign in with short-lived tokens. It does not stop password logins: a user with a password keeps it until you change or remove it in the database")
                    .t("aws rds modify-db-instance"),
            )
            .t(" --enable-iam-database-authentication --apply-immediately")
            .caution("rds/instance-pending-applied", INSTANCE_PENDING_CAUTION)
            .build(),
        );
    }
    let u = cx.f.resource.rds_db_user_details.as_ref();
    Step {
        id: "rds/rotate-credentials".into(),
        phase: Phase::Eradicate,
        title: "Rotate or revoke the user's credentials".into(),
        why: if db.cluster.is_some() {
            "If the login was not expected, someone else knows this user's credentials; until they change, that person can come back. For a cluster, the API reference says --apply-immediately applies only the request's own change, while the RDS user guide says pending modifications can go with it: the guide follows the API but checks the pending modifications first either way.".into()
        } else {
            "If the login was not expected, someone else knows this user's credentials; until they change, that person can come back.".into()
        },
        facts: vec![
            fact("Database user", db.user, &p(P_USER, "user")),
            fact("Authentication method", u.and_then(|u| u.auth_method.clone()), &p(P_USER, "authMethod")),
            fact("DB cluster", db.cluster, &db.cluster_path),
        ],
        decisions,
        commands,
    }
}

fn restrict_network(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let remote = cx.remote_ip();
    let mut facts =
        vec![fact("DB instance", db.instance, &db.instance_path), fact("DB cluster", db.cluster, &db.cluster_path)];
    facts.extend(cx.remote_facts());
    let decisions = vec![
        Decision {
            id: "rds/which-security-groups-guard-the-database".into(),
            question: "Which security groups guard the database?".into(),
            answer: "The finding does not list them: read them from RDS (first command), then the rules of each. A rule open to 0.0.0.0/0 or ::/0 on the database port lets anyone try to log in.".into(),
            tone: Tone::Info,
        },
        Decision {
            id: "rds/will-revoking-the-addresss-rule-block-it".into(),
            question: "Will revoking the address's rule block it?".into(),
            answer: "Only if a rule allows exactly that address; the revoke below removes such a rule. If the address gets in through a wider range, revoke that range instead and allow only the sources that need the database. Connections already open survive a security group change; a network ACL deny (or AWS Network Firewall) cuts them.".into(),
            tone: Tone::Warning,
        },
    ];
    let mut commands: Vec<Command> = Vec::new();
    if db.by_cluster() {
        commands.push(
            db.cluster_arg(cx.cmd("The security groups of the cluster").t("aws rds describe-db-clusters"))
                .t(" --query 'DBClusters[].VpcSecurityGroups'")
                .build(),
        );
    } else {
        commands.push(
            db.instance_arg(cx.cmd("The security groups of the DB instance").t("aws rds describe-db-instances"))
                .t(" --query 'DBInstances[].VpcSecurityGroups'")
                .build(),
        );
    }
    commands.push(
        cx.cmd("The rules of each group")
            .t("aws ec2 describe-security-groups --group-ids ")
            .output("security-group-ids", "the VpcSecurityGroupId values printed by the command above")
            .build(),
    );
    const PORT_HINT: &str =
        "the database's port: Endpoint.Port in describe-db-instances (3306 MySQL, 5432 PostgreSQL by default)";
    let revoke = cx
        .cmd("Remove the rule that lets the remote address reach the database port")
        .t("aws ec2 revoke-security-group-ingress --group-id ")
        .output("security-group-id", "a VpcSecurityGroupId printed by the first command");
    commands.push(
        match remote.as_ref() {
            Some((ip, path)) if ip.contains(':') => revoke
                .t(" --ip-permissions 'IpProtocol=tcp,FromPort=")
                .missing("db-port", PORT_HINT)
                .t(",ToPort=")
                .missing("db-port", PORT_HINT)
                .t(",Ipv6Ranges=[{CidrIpv6='")
                .v(&format!("{ip}/128"), path)
                .t("'}]'"),
            Some((ip, path)) => revoke
                .t(" --protocol tcp --port ")
                .missing("db-port", PORT_HINT)
                .t(" --cidr ")
                .v(&format!("{ip}/32"), path),
            None => revoke.t(" --protocol tcp --port ").missing("db-port", PORT_HINT).t(" --cidr ").missing(
                "remote-ip/32",
                "the remote address of the logins (service.action.rdsLoginAttemptAction.remoteIpDetails.ipAddressV4)",
            ),
        }
        .build(),
    );
    if !db.by_cluster() {
        commands.push(instance_pending(cx, |c| db.instance_arg(c)));
        commands.push(
            db.instance_arg(
                cx.cmd("Make the DB instance reachable only from inside its VPC").t("aws rds modify-db-instance"),
            )
            .t(" --no-publicly-accessible --apply-immediately")
            .caution("rds/instance-pending-applied", INSTANCE_PENDING_CAUTION)
            .build(),
        );
    }
    if db.cluster.is_some() && !db.limitless() {
        // Public accessibility is a setting of each instance, not of the cluster.
        commands.push(
            db.cluster_arg(
                cx.cmd("The cluster's DB instances, each public or not on its own").t("aws rds describe-db-clusters"),
            )
            .t(" --query 'DBClusters[].DBClusterMembers[].DBInstanceIdentifier' --output text")
            .build(),
        );
        let member = |c: Cmd| {
            c.t(" --db-instance-identifier ").output(
                "member-instance-id",
                "a DBInstanceIdentifier printed by the describe-db-clusters command above",
            )
        };
        commands.push(instance_pending(cx, member));
        commands.push(
            member(cx.cmd(if db.by_cluster() {
                "Make each of those DB instances reachable only from inside its VPC: run it, and the check above, once per instance"
            } else {
                "Do the same for each other DB instance of the cluster: run it, and the check above, once per instance"
            })
            .t("aws rds modify-db-instance"))
            .t(" --no-publicly-accessible --apply-immediately")
            .caution("rds/instance-pending-applied", INSTANCE_PENDING_CAUTION)
            .build(),
        );
    }
    Step {
        id: "rds/restrict-network".into(),
        phase: Phase::Contain,
        title: "Restrict network access to the database".into(),
        why: "An unexpected source reached the database over the network; closing that path stops the next attempt, whatever credentials it uses.".into(),
        facts,
        decisions,
        commands,
    }
}

/// The log group prefix of the database's exported logs.
fn log_group(db: &Db) -> Option<(String, String)> {
    if let Some(c) = db.cluster {
        return Some((format!("/aws/rds/cluster/{c}"), db.cluster_path.clone()));
    }
    db.instance.map(|i| (format!("/aws/rds/instance/{i}"), p(P_DB, "dbInstanceIdentifier")))
}

fn assess_impact(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let (group, group_path) = match log_group(&db) {
        Some((g, path)) => (Some(g), path),
        None => (None, String::new()),
    };
    let mut commands = vec![
        db.instance_arg(
            cx.cmd("The database's log files (audit, error, general logs)").t("aws rds describe-db-log-files"),
        )
        .build(),
        db.instance_arg(cx.cmd("Read one of them").t("aws rds download-db-log-file-portion"))
            .t(" --log-file-name ")
            .output("log-file-name", "a LogFileName printed by describe-db-log-files")
            .t(" --starting-token 0 --output text")
            .build(),
        cx.cmd("Log groups the database exports to CloudWatch Logs")
            .t("aws logs describe-log-groups --log-group-name-prefix ")
            .v_or(
                group.as_deref(),
                &group_path,
                "log-group-prefix",
                "/aws/rds/cluster/<cluster> or /aws/rds/instance/<instance>",
            )
            .build(),
    ];
    if db.cluster.is_some() {
        commands.push(
            db.cluster_arg(
                cx.cmd("Whether a database activity stream records every statement").t("aws rds describe-db-clusters"),
            )
            .t(" --query 'DBClusters[].ActivityStreamStatus'")
            .build(),
        );
    }
    let u = cx.f.resource.rds_db_user_details.as_ref();
    Step {
        id: "rds/assess-impact".into(),
        phase: Phase::Understand,
        title: "Assess what was read or changed".into(),
        why: "A login that worked may have read or changed data; what it touched decides who must be told and what must be restored.".into(),
        facts: vec![
            fact("Database user", db.user, &p(P_USER, "user")),
            fact("Database", u.and_then(|u| u.database.clone()), &p(P_USER, "database")),
            fact("First seen", cx.f.service.event_first_seen.as_ref().map(|t| t.text.clone()), "service.eventFirstSeen"),
            fact("Last seen", cx.f.service.event_last_seen.as_ref().map(|t| t.text.clone()), "service.eventLastSeen"),
        ],
        decisions: vec![
            Decision {
                id: "rds/do-you-have-audit-logs-for-the-time".into(),
                question: "Do you have audit logs for the time of the logins?".into(),
                answer: "Only if auditing was on (Aurora MySQL advanced auditing, the MySQL audit plugin, pgAudit) or an activity stream ran. Without them, what the session did is a matter of comparing the data with a backup.".into(),
                tone: Tone::Warning,
            },
            Decision {
                id: "rds/does-the-database-hold-sensitive-data".into(),
                question: "Does the database hold sensitive data?".into(),
                answer: "If it holds personal, financial or secret data, an unexplained login may be a breach you must report; involve whoever owns that decision now.".into(),
                tone: Tone::Info,
            },
        ],
        commands,
    }
}

fn root_cause(cx: &Ctx) -> Step {
    let db = Db::of(cx);
    let lookup = match (db.instance, db.cluster) {
        (Some(i), _) => Some((i, db.instance_path.as_str())),
        (None, Some(c)) => Some((c, db.cluster_path.as_str())),
        (None, None) => None,
    };
    let events = cx.cmd("Recent events of the database (7 days): configuration changes, reboots, failovers");
    let events = if db.by_cluster() {
        events
            .t("aws rds describe-events --source-type db-cluster --source-identifier ")
            .v_or(db.cluster, &db.cluster_path, "db-cluster-identifier", CLUSTER_HINT)
            .t(" --duration 10080")
    } else {
        events
            .t("aws rds describe-events --source-type db-instance --source-identifier ")
            .v_or(db.instance, &db.instance_path, "db-instance-identifier", INSTANCE_HINT)
            .t(" --duration 10080")
    };
    let commands = vec![
        events.build(),
        cx.cmd("Who changed the database recently, for example making it public or opening a security group")
            .t("aws cloudtrail lookup-events --lookup-attributes ")
            .v_or(
                lookup.map(|(l, _)| format!("AttributeKey=ResourceName,AttributeValue={l}")).as_deref(),
                lookup.map_or("", |(_, path)| path),
                "lookup-attribute",
                "AttributeKey=ResourceName,AttributeValue=<db-instance-identifier>",
            )
            .t(" --query 'Events[].{time:EventTime,event:EventName,user:Username}'")
            .build(),
    ];
    Step {
        id: "rds/root-cause".into(),
        phase: Phase::Tune,
        title: "Find why the source could reach the database".into(),
        why: "Failed attempts are harmless only while they keep failing; a database open to a network that does not need it will meet a password that works sooner or later.".into(),
        facts: vec![fact("DB instance", db.instance, &db.instance_path), fact("Database user", db.user, &p(P_USER, "user"))],
        decisions: vec![Decision {
            id: "rds/will-you-notice-the-next-time-access-opens".into(),
            question: "Will you notice the next time access opens up?".into(),
            answer: "Alert on changes that loosen the path to the database: security group rules, public accessibility, network ACLs and AWS Network Firewall policies (an EventBridge rule on those API calls, or AWS Config rules).".into(),
            tone: Tone::Info,
        }],
        commands,
    }
}

#[cfg(test)]
mod tests {
    use super::is_internal;

    #[test]
    fn internal_addresses() {
        assert_eq!(is_internal("10.1.2.3"), Some(true));
        assert_eq!(is_internal("172.20.0.1"), Some(true));
        assert_eq!(is_internal("100.72.0.1"), Some(true));
        assert_eq!(is_internal("198.51.100.7"), Some(false));
        assert_eq!(is_internal("fd00::1"), Some(true));
        assert_eq!(is_internal("2001:db8::1"), Some(false));
        assert_eq!(is_internal("not an ip"), None);
    }
}
