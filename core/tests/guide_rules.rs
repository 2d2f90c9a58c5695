//! The ordering rules of `guide::rules` (evidence before destruction, controller before
//! containment, a caution on every destructive command, narrow suppression, no unknown command)
//! hold in every guide: every sample, every real finding in `../shared/fixtures` and, through the
//! generator, every catalogued type. Step IDs are pinned: every ID a guide produces is listed in
//! `core/data/step-ids.txt`, and every listed ID is still produced or mapped to one that is.

use std::collections::BTreeSet;
use std::path::Path;

use findlens_core::guide::{self, rules, step_ids, Guide};

mod common;

/// The guide of `f`; on the way, its step IDs counted without building it must be its own (the
/// count skips commands: nothing about a step's existence may depend on them).
fn built(f: &findlens_core::Finding, name: String) -> (String, Guide) {
    let g = guide::build(f);
    assert_eq!(step_ids::of(f), step_ids::in_guide(&g), "{name}: step IDs counted without the guide differ");
    (name, g)
}

/// Guides of every sample, every finding generated for every catalogued type and resource kind,
/// and every finding in the shared fixtures, named.
fn guides() -> Vec<(String, Guide)> {
    let mut out = Vec::new();
    for g in common::every_type() {
        for f in findlens_core::read(g.finding.to_string().as_bytes()).findings {
            out.push(built(&f, format!("generated {} on {}", g.info.name, g.kind)));
        }
    }
    for s in findlens_core::samples::all() {
        for f in findlens_core::read(s.json.as_bytes()).findings {
            out.push(built(&f, format!("sample {}", s.name)));
        }
    }
    for (name, v) in variants() {
        for f in findlens_core::read(v.to_string().as_bytes()).findings {
            out.push(built(&f, format!("variant {name}")));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/findings");
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                let Ok(bytes) = std::fs::read(&p) else { continue };
                for f in findlens_core::read(&bytes).findings {
                    out.push(built(&f, format!("fixture {}", p.display())));
                }
            }
        }
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", dir.display());
            println!("note: {} is absent; the rules are checked on the samples only", dir.display());
        }
    }
    out
}

/// Findings that take branches no sample or generated finding takes, so their steps are checked
/// and their IDs stay pinned: an ECS task that no service runs, and one whose group is unknown.
fn variants() -> Vec<(&'static str, serde_json::Value)> {
    let ecs = |group: Option<&str>, launch: &str| {
        let mut task = serde_json::json!({"arn": "arn:aws:ecs:us-east-1:111122223333:task/batch/0f1e2d3c",
            "definitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/batch:3", "launchType": launch,
            "containers": [{"name": "job", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/job:1"}]});
        if let Some(g) = group {
            task["group"] = serde_json::json!(g);
        }
        serde_json::json!({"type": "Execution:Runtime/ReverseShell", "region": "us-east-1", "accountId": "111122223333", "id": "v1",
            "resource": {"resourceType": "ECSCluster", "ecsClusterDetails": {"name": "batch", "taskDetails": task}},
            "service": {"detectorId": "d1", "runtimeDetails": {"process": {"name": "sh", "executablePath": "/bin/sh"}}}})
    };
    vec![
        ("ecs-runtime task no service runs (Fargate)", ecs(Some("family:batch"), "FARGATE")),
        ("ecs-runtime task no service runs (EC2)", ecs(Some("family:batch"), "EC2")),
        ("ecs-runtime task with no group", ecs(None, "FARGATE")),
    ]
}

#[test]
fn every_guide_keeps_the_ordering_rules() {
    let guides = guides();
    let mut broken = Vec::new();
    let mut commands = 0;
    for (name, g) in &guides {
        commands += g.sections.iter().flat_map(|s| &s.steps).map(|s| s.commands.len()).sum::<usize>();
        for v in rules::check(g) {
            broken.push(format!("{name} ({}): {v}", g.finding_type));
        }
    }
    broken.sort();
    broken.dedup();
    let scenarios: std::collections::BTreeSet<_> =
        guides.iter().flat_map(|(_, g)| g.scenarios.iter().copied()).collect();
    assert_eq!(scenarios.len(), findlens_core::ScenarioKey::ALL.len(), "every scenario is covered");
    println!(
        "rules: 5 rules over {} guides ({} scenarios), {commands} commands checked, {} violations",
        guides.len(),
        scenarios.len(),
        broken.len()
    );
    assert!(broken.is_empty(), "{} violations:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn step_ids_are_pinned() {
    let listed: BTreeSet<String> = include_str!("../data/step-ids.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let produced: BTreeSet<String> =
        guides().iter().flat_map(|(_, g)| g.sections.iter().flat_map(|s| &s.steps)).map(|s| s.id.clone()).collect();
    let unlisted: Vec<&String> = produced.difference(&listed).collect();
    assert!(unlisted.is_empty(), "step IDs missing from core/data/step-ids.txt (add them): {unlisted:?}");
    let orphaned: Vec<&String> = listed.iter().filter(|id| !produced.contains(step_ids::current(id))).collect();
    assert!(
        orphaned.is_empty(),
        "step IDs that no guide produces any more: map each to its successor in guide::step_ids::RENAMED: {orphaned:?}"
    );
    for (old, new) in step_ids::RENAMED {
        assert!(listed.contains(*old), "{old} is renamed but was never listed");
        assert!(produced.contains(step_ids::current(new)), "{old} maps to {new}, which no guide produces");
    }
}

/// Steps, decisions and cautions carry stable IDs, the keys their text will have in message
/// catalogues (a Korean edition is planned): present, namespaced, and one question per decision ID
/// within a guide.
#[test]
fn decisions_and_cautions_have_stable_ids() {
    let mut decisions = 0;
    let mut cautions = 0;
    for (name, g) in guides() {
        let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for step in g.sections.iter().flat_map(|s| &s.steps) {
            for d in &step.decisions {
                assert!(d.id.contains('/') && !d.id.contains(' '), "{name}: decision ID {:?}", d.id);
                if let Some(q) = seen.insert(&d.id, &d.question) {
                    assert_eq!(q, d.question, "{name}: {} names two questions", d.id);
                }
                decisions += 1;
            }
            for c in &step.commands {
                assert_eq!(c.caution.is_some(), c.caution_id.is_some(), "{name}: {}", c.text);
                if let Some(id) = &c.caution_id {
                    assert!(id.contains('/') && !id.contains(' '), "{name}: caution ID {id:?}");
                    cautions += 1;
                }
            }
        }
    }
    println!("text IDs: {decisions} decisions and {cautions} cautions checked");
}

/// Every field path a guide shows (each fact's, each filled-in value's) is a field of the finding
/// as the API's wire names spell it, from the same model the reader and "what happened" use, or
/// a filterable field of GuardDuty's criteria.
#[test]
fn guide_field_paths_are_wire_paths() {
    let filterable: BTreeSet<&str> = include_str!("aws-models/guardduty-filterable-fields.txt").lines().collect();
    let ok = |p: &str| findlens_core::finding::wire::is_path(p) || filterable.contains(p);
    let mut bad = BTreeSet::new();
    let mut checked = 0;
    for (name, g) in guides() {
        for step in g.sections.iter().flat_map(|s| &s.steps) {
            let paths = step.facts.iter().map(|f| f.path.as_str()).chain(step.commands.iter().flat_map(|c| {
                c.segments.iter().filter_map(|s| match s {
                    guide::Segment::Value { path, .. } => Some(path.as_str()),
                    _ => None,
                })
            }));
            for p in paths {
                checked += 1;
                if !ok(p) {
                    bad.insert(format!("{p} ({}, {name})", step.id));
                }
            }
        }
    }
    println!("field paths: {checked} checked");
    let bad: Vec<String> = bad.into_iter().collect();
    assert!(bad.is_empty(), "{} paths that are not wire paths:\n{}", bad.len(), bad.join("\n"));
}
