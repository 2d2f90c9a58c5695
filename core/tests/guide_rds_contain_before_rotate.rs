//! The RDS guide closes the network path before rotating credentials, gives the SQL of the
//! finding's engine only, does not claim IAM authentication stops password logins, and makes every
//! instance of a cluster private, not just one.

use findlens_core::guide::{self, Command, Guide, Step};

fn sample() -> Guide {
    let s = findlens_core::samples::all().iter().find(|s| s.name == "rds").expect("sample exists");
    guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"))
}

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

fn commands(g: &Guide) -> Vec<&Command> {
    steps(g).into_iter().flat_map(|s| &s.commands).collect()
}

#[test]
fn network_is_restricted_before_credentials_are_rotated() {
    let g = sample();
    let ids: Vec<&str> = steps(&g).iter().map(|s| s.id.as_str()).collect();
    let net = ids.iter().position(|i| *i == "rds/restrict-network").expect("network step");
    let rot = ids.iter().position(|i| *i == "rds/rotate-credentials").expect("rotate step");
    assert!(net < rot, "{ids:?}");
}

#[test]
fn only_the_engines_sql_is_given() {
    let g = sample();
    let answers: Vec<&str> = steps(&g).iter().flat_map(|s| &s.decisions).map(|d| d.answer.as_str()).collect();
    let all = answers.join(" ");
    assert!(all.contains("pg_terminate_backend") && all.contains("ALTER ROLE"), "{all}");
    assert!(!all.contains("KILL") && !all.contains("ALTER USER"), "{all}");
}

#[test]
fn iam_auth_is_not_sold_as_stopping_passwords_and_clusters_are_made_private_per_member() {
    let g = sample();
    let cmds = commands(&g);
    let iam = cmds.iter().find(|c| c.text.contains("--enable-iam-database-authentication")).expect("iam auth");
    assert!(iam.description.contains("does not stop password logins"), "{}", iam.description);
    assert!(cmds.iter().any(|c| c.text.contains("DBClusterMembers[].DBInstanceIdentifier")));
    assert!(cmds
        .iter()
        .any(|c| c.text.contains("--db-instance-identifier <member-instance-id> --no-publicly-accessible")));
    assert!(cmds.iter().all(|c| !c.text.contains("--query 'DBClusters[].MasterUserSecret'")));
}
