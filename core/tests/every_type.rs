//! Every catalogued finding type, as a finding a generator builds for its resource kind, routes to
//! the catalog's primary scenario (runtime resolved by resource type), shows every scenario the
//! catalog gives, and fills the resource's identifiers into its guide. Both key casings, two
//! wrappers each.

mod common;

use findlens_core::catalog;
use findlens_core::guide::{self, Guide, Segment};

/// Blank names that must never appear when the finding carries the identifiers.
const MUST_BE_FILLED: &[&str] = &[
    "instance-id",
    "instance-arn",
    "instance-specification",
    "instance-filter",
    "bucket-name",
    "access-key-id",
    "user-name",
    "cluster-name",
    "cluster-arn",
    "cluster",
    "task-arn",
    "container-id",
    "region",
    "detector-id",
    "finding-id",
    "db-instance-identifier",
    "function-name",
    "snapshot-id",
    "image-id",
    "recovery-point-arn",
    "backup-vault-name",
];

fn check(g: &Guide, ty: &str, shape: &str, failures: &mut Vec<String>) {
    for section in &g.sections {
        for step in &section.steps {
            for c in &step.commands {
                for s in &c.segments {
                    if let Segment::Missing { name, .. } = s {
                        if MUST_BE_FILLED.contains(&name.as_str()) {
                            failures.push(format!("{ty} [{shape}] step {}: blank <{name}> in `{}`", step.id, c.text));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn every_catalogued_type_routes_and_fills_in_its_guide() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut types_with_blanks = std::collections::BTreeSet::new();
    for common::Generated { info, kind, finding: f } in common::every_type() {
        let expected_primary = info.primary().resolve(f["resource"]["resourceType"].as_str());
        let expected_all: Vec<_> =
            info.scenarios.iter().map(|s| s.resolve(f["resource"]["resourceType"].as_str())).collect();
        for (shape, doc) in common::shapes(&f) {
            let loaded = findlens_core::read(doc.to_string().as_bytes());
            if loaded.findings.len() != 1 || !loaded.problems.is_empty() {
                failures.push(format!(
                    "{} [{shape}]: read {} findings, problems {:?}",
                    info.name,
                    loaded.findings.len(),
                    loaded.problems
                ));
                continue;
            }
            let finding = &loaded.findings[0];
            if !finding.warnings.is_empty() {
                failures.push(format!("{} [{shape}]: warnings {:?}", info.name, finding.warnings));
            }
            let g = guide::build(finding);
            if g.scenarios.first() != Some(&expected_primary) {
                failures.push(format!(
                    "{} [{shape}] on {kind}: primary {:?}, want {expected_primary:?}",
                    info.name,
                    g.scenarios.first()
                ));
            }
            for k in &expected_all {
                if !g.scenarios.contains(k) {
                    failures.push(format!(
                        "{} [{shape}] on {kind}: scenario {k} missing from {:?}",
                        info.name, g.scenarios
                    ));
                }
            }
            if g.type_summary.is_none() {
                failures.push(format!("{} [{shape}]: no summary", info.name));
            }
            let before = failures.len();
            check(&g, info.name, shape.as_str(), &mut failures);
            if failures.len() > before {
                types_with_blanks.insert(info.name);
            }
            checked += 1;
        }
    }
    println!("checked {checked} generated findings");
    println!(
        "{} of {} catalogued types leave no identifier blank where the finding has the value",
        catalog::all().len() - types_with_blanks.len(),
        catalog::all().len()
    );
    assert!(checked >= 4 * 250, "only {checked} checked");
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} failures, first 40:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Every retired type's successor is catalogued (a type, or a `*:Resource/Family` the catalog
/// expands to the types of that family) and active, and its guide's note names it.
#[test]
fn every_retired_type_names_an_active_successor_the_catalog_knows() {
    let mut checked = 0;
    for t in catalog::retired() {
        let Some(successor) = t.replaced_by else { continue };
        let next = catalog::successors(t);
        assert!(!next.is_empty(), "{}: successor {successor} is not in the catalog", t.name);
        for n in &next {
            assert!(!n.retired, "{}: successor {} is retired", t.name, n.name);
            match successor.strip_prefix("*:") {
                Some(family) => assert!(n.name.ends_with(&format!(":{family}")), "{} is not of {successor}", n.name),
                None => assert_eq!(n.name, successor),
            }
        }
        let generated = common::finding(t.name, "AccessKey", &[]);
        let loaded = findlens_core::read(generated.to_string().as_bytes());
        let g = guide::build(&loaded.findings[0]);
        let note = g.notes.iter().find(|n| n.text.contains("no longer raises")).map(|n| n.text.as_str());
        assert!(note.is_some_and(|n| n.contains(successor)), "{}: {note:?}", t.name);
        if successor.starts_with("*:") {
            assert!(note.is_some_and(|n| next.iter().all(|s| n.contains(s.name))), "{}: {note:?}", t.name);
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} retired types with a successor");
}
