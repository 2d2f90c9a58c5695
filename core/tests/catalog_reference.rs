//! Checks the compiled catalog against the shared reference (`shared/reference/finding-types.tsv`
//! and `finding-type-links.tsv`) so the project's data files cannot drift from the facts they were
//! taken from, and so its summaries and notes stay the project's own words rather than copies.
//!
//! The reference lives outside the repository. Without it the test prints a note and passes,
//! except in CI (`CI` set), where a missing reference is a failure: a skipped check must not look
//! like a passed one there.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use findlens_core::catalog::{self, CatalogScenario, ResourceFamily};
use findlens_core::severity::DefaultSeverity;

/// Summaries sharing this many consecutive words with the reference count as copies.
const COPIED_RUN: usize = 8;

fn reference_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/finding-types.tsv")
}

fn links_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/finding-type-links.tsv")
}

/// A reference file's text, or `None` (after saying why) when it is absent outside CI.
fn read_reference(path: &Path, what: &str) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but the reference {} cannot be read: {e}", path.display())
        }
        Err(e) => {
            eprintln!("note: skipping the {what}: {} cannot be read ({e})", path.display());
            None
        }
    }
}

/// One reference row, by column name.
struct RefRow {
    line: usize,
    name: String,
    resource_type: String,
    data_source: String,
    default_severity: String,
    scenarios: String,
    retired: String,
    summary: String,
}

/// The reference's rows, or `None` (after saying why) when the file is absent outside CI.
fn load_reference() -> Option<Vec<RefRow>> {
    let text = read_reference(&reference_path(), "catalog/reference comparison")?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines.next().map(|(_, l)| l.split('\t').collect()).unwrap_or_default();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("reference has no {name:?} column"))
    };
    let cols = [
        column("type"),
        column("resource_type"),
        column("data_source"),
        column("default_severity"),
        column("remediation_scenario"),
        column("retired"),
        column("summary"),
    ];
    let rows = lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cell = |c: usize| {
                cells
                    .get(cols[c])
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_else(|| panic!("reference line {}: too few columns", i + 1))
            };
            RefRow {
                line: i + 1,
                name: cell(0),
                resource_type: cell(1),
                data_source: cell(2),
                default_severity: cell(3),
                scenarios: cell(4),
                retired: cell(5),
                summary: cell(6),
            }
        })
        .collect();
    Some(rows)
}

/// The family the reference's resource_type column describes, and whether the reference calls it
/// inferred or unconfirmed, by the rules the data file follows: the four-way Runtime list is
/// `Runtime`; Custom Detection Rules types, whose resource the reference does not state, are acted
/// on by an IAM principal and so are `AccessKey`, inferred; the Backup scans' exact resource type is
/// not confirmed, so they are inferred too.
fn expected_family(row: &RefRow) -> Option<(ResourceFamily, bool)> {
    let rt = row.resource_type.as_str();
    let unconfirmed = rt.contains("inferred") || rt.contains("not confirmed") || rt.starts_with("not stated");
    if rt.starts_with("Instance | EKSCluster | ECSCluster | Container") {
        return Some((ResourceFamily::Runtime, unconfirmed));
    }
    if rt.starts_with("RDSDBInstance") {
        return Some((ResourceFamily::RdsDbInstance, unconfirmed));
    }
    if rt.starts_with("not stated") && rt.contains("IAM principal") {
        return Some((ResourceFamily::AccessKey, true));
    }
    if rt.starts_with("EBS snapshot") {
        return Some((ResourceFamily::EbsSnapshot, unconfirmed));
    }
    if rt.starts_with("EC2 AMI") {
        return Some((ResourceFamily::Ec2Image, unconfirmed));
    }
    if rt.starts_with("AWS Backup recovery point") {
        return Some((ResourceFamily::RecoveryPoint, unconfirmed));
    }
    let first = rt.split([' ', '(']).next().unwrap_or_default();
    let family = match first {
        "Instance" => ResourceFamily::Instance,
        "AccessKey" => ResourceFamily::AccessKey,
        "S3Bucket" => ResourceFamily::S3Bucket,
        "S3Object" => ResourceFamily::S3Object,
        "EKSCluster" => ResourceFamily::EksCluster,
        "ECSCluster" => ResourceFamily::EcsCluster,
        "Container" => ResourceFamily::Container,
        "Lambda" => ResourceFamily::Lambda,
        _ => return None,
    };
    Some((family, unconfirmed))
}

/// The reference's severity, normalised: the word before any parenthesis; "varies" and "not
/// stated" are `Varies`.
fn expected_severity(s: &str) -> Option<DefaultSeverity> {
    let head = s.split(" (").next().unwrap_or_default().trim().to_ascii_lowercase();
    Some(match head.as_str() {
        "low" => DefaultSeverity::Low,
        "medium" => DefaultSeverity::Medium,
        "high" => DefaultSeverity::High,
        "critical" => DefaultSeverity::Critical,
        "varies" => DefaultSeverity::Varies,
        h if h.starts_with("not stated") => DefaultSeverity::Varies,
        _ => return None,
    })
}

fn scenario_name(s: &CatalogScenario) -> &'static str {
    match s {
        CatalogScenario::Key(k) => k.as_str(),
        CatalogScenario::Runtime => "runtime",
    }
}

/// Lower-cased words with surrounding punctuation removed, for comparing phrasing.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The longest run of consecutive words the two texts share.
fn longest_shared_run(a: &str, b: &str) -> usize {
    let (a, b) = (words(a), words(b));
    let mut best = 0;
    // Classic longest-common-substring table over words, one row at a time.
    let mut prev = vec![0usize; b.len() + 1];
    for wa in &a {
        let mut row = vec![0usize; b.len() + 1];
        for (j, wb) in b.iter().enumerate() {
            if wa == wb {
                row[j + 1] = prev[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        prev = row;
    }
    best
}

#[test]
fn shared_run_counts_words() {
    assert_eq!(longest_shared_run("a b c d", "x b c d y"), 3);
    assert_eq!(longest_shared_run("The Instance, talked.", "the instance talked"), 3);
    assert_eq!(longest_shared_run("one two", "three four"), 0);
}

#[test]
fn catalog_matches_reference() {
    let Some(reference) = load_reference() else {
        return;
    };
    let mut problems = Vec::new();

    let ref_names: HashSet<&str> = reference.iter().map(|r| r.name.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in &reference {
        if let Some(first) = seen.insert(&row.name, row.line) {
            problems.push(format!("reference line {}: {} repeats line {first}", row.line, row.name));
        }
    }
    for t in catalog::all() {
        if !ref_names.contains(t.name) {
            problems.push(format!("{}: in the catalog but not in the reference", t.name));
        }
    }

    for row in &reference {
        let name = row.name.as_str();
        let Some(t) = catalog::lookup(name) else {
            problems.push(format!("{name}: in the reference (line {}) but not in the catalog", row.line));
            continue;
        };
        match expected_family(row) {
            Some(f) if f == (t.resource, t.resource_inferred) => {}
            Some((f, inferred)) => problems.push(format!(
                "{name}: resource {:?} (inferred: {}), reference says {f:?} (inferred: {inferred})",
                t.resource, t.resource_inferred
            )),
            None => problems.push(format!("{name}: reference resource_type {:?} maps to no family", row.resource_type)),
        }
        match expected_severity(&row.default_severity) {
            Some(s) if s == t.default_severity => {}
            Some(s) => problems.push(format!("{name}: severity {:?}, reference says {s:?}", t.default_severity)),
            None => problems.push(format!("{name}: reference severity {:?} is not understood", row.default_severity)),
        }
        let ours: Vec<&str> = t.scenarios.iter().map(scenario_name).collect();
        let theirs: Vec<&str> = row.scenarios.split('+').collect();
        if ours != theirs {
            problems.push(format!("{name}: scenarios {ours:?}, reference says {theirs:?}"));
        }
        let retired = match row.retired.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        if retired != Some(t.retired) {
            problems.push(format!("{name}: retired {}, reference says {:?}", t.retired, row.retired));
        }
        if t.data_source != row.data_source {
            problems.push(format!("{name}: data source {:?}, reference says {:?}", t.data_source, row.data_source));
        }

        let summary = t.summary;
        if summary.trim().is_empty() {
            problems.push(format!("{name}: empty summary"));
        }
        if summary.contains(['\n', '\r']) {
            problems.push(format!("{name}: summary spans lines"));
        }
        if summary.chars().count() > 160 {
            problems.push(format!("{name}: summary over 160 characters"));
        }
        if summary.trim().eq_ignore_ascii_case(row.summary.trim()) {
            problems.push(format!("{name}: summary is the reference's sentence"));
        }
        let run = longest_shared_run(summary, &row.summary);
        if run >= COPIED_RUN {
            problems.push(format!("{name}: summary shares {run} consecutive words with the reference; rephrase it"));
        }
    }

    assert!(
        problems.is_empty(),
        "{} problem(s) between the catalog and {}:\n{}",
        problems.len(),
        reference_path().display(),
        problems.join("\n")
    );
}

/// The links reference's `type_doc_url` by type (empty when it has none).
fn load_links() -> Option<Vec<(usize, String, String)>> {
    let text = read_reference(&links_path(), "documentation-link comparison")?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines.next().map(|(_, l)| l.split('\t').collect()).unwrap_or_default();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("links reference has no {name:?} column"))
    };
    let (type_col, url_col) = (column("type"), column("type_doc_url"));
    let rows = lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cell = |c: usize| cells.get(c).map(|s| s.trim().to_owned()).unwrap_or_default();
            (i + 1, cell(type_col), cell(url_col))
        })
        .collect();
    Some(rows)
}

#[test]
fn doc_urls_match_the_reference_links() {
    let Some(links) = load_links() else {
        return;
    };
    let mut problems = Vec::new();
    let mut listed: HashSet<&str> = HashSet::new();
    for (line, name, url) in &links {
        listed.insert(name.as_str());
        let expected = Some(url.as_str()).filter(|u| !u.is_empty());
        match catalog::lookup(name) {
            None => problems.push(format!("{name}: in the links reference (line {line}) but not in the catalog")),
            Some(t) if t.doc_url != expected => {
                problems.push(format!("{name}: doc_url {:?}, the links reference says {expected:?}", t.doc_url))
            }
            Some(_) => {}
        }
    }
    // A link not taken from the reference would be invented: types it lacks have none.
    for t in catalog::all() {
        if !listed.contains(t.name) && t.doc_url.is_some() {
            problems.push(format!("{}: has a doc_url but the links reference does not list the type", t.name));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) between the catalog's links and {}:\n{}",
        problems.len(),
        links_path().display(),
        problems.join("\n")
    );
}

#[test]
fn notes_are_the_projects_own_words() {
    let Some(reference) = load_reference() else {
        return;
    };
    let mut problems = Vec::new();
    for row in &reference {
        let Some(t) = catalog::lookup(&row.name) else {
            continue;
        };
        for (field, text) in [("meaning", t.meaning), ("benign", t.benign), ("decision", t.decision)] {
            let run = longest_shared_run(text, &row.summary);
            if run >= COPIED_RUN {
                problems.push(format!(
                    "{}: {field} shares {run} consecutive words with the reference; rephrase it",
                    t.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{} note(s) copy the reference:\n{}", problems.len(), problems.join("\n"));
}
