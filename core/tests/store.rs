//! The workspace store: where each merged finding lands (across batches, the identity index kept
//! between them), generations, facets, the list's filter, sort and group, step IDs equal to the
//! built guide's, and progress counts.

mod common;

use findlens_core::guide::{self, step_ids};
use findlens_core::severity::SeverityBand;
use findlens_core::workspace::{
    Facets, Filter, GroupBy, Item, Placement, Progress, SortDir, SortKey, StepCount, Store,
};
use findlens_core::{Finding, ScenarioKey};

fn finding(id: &str, updated: &str, title: &str) -> Finding {
    let json = format!(r#"{{"type":"Recon:EC2/Portscan","id":"{id}","updatedAt":"{updated}","title":"{title}"}}"#);
    findlens_core::read(json.as_bytes()).findings.remove(0)
}

fn anonymous() -> Finding {
    findlens_core::read(br#"{"type":"Recon:EC2/Portscan"}"#).findings.remove(0)
}

fn titles(s: &Store) -> Vec<&str> {
    s.rows().iter().map(|r| r.title.as_str()).collect()
}

#[test]
fn placements_and_counts_across_batches() {
    let mut s = Store::default();
    let first = s.merge(vec![finding("a", "2026-01-02T00:00:00Z", "a-new"), finding("b", "2026-01-01T00:00:00Z", "b")]);
    assert_eq!(first.placements, [Placement::New(0), Placement::New(1)]);
    assert_eq!((first.added, first.replaced, first.kept_older), (2, 0, 0));

    let second = s.merge(vec![
        finding("a", "2026-01-01T00:00:00Z", "a-old"),
        finding("c", "2026-01-01T00:00:00Z", "c"),
        finding("b", "2026-02-01T00:00:00Z", "b-newer"),
        finding("c", "2026-01-01T00:00:00Z", "c-again"),
    ]);
    assert_eq!(
        second.placements,
        [Placement::KeptOlder(0), Placement::New(2), Placement::Replaced(1), Placement::Replaced(2)]
    );
    assert_eq!((second.added, second.replaced, second.kept_older, second.duplicates()), (1, 2, 1, 3));
    assert_eq!(second.placements.iter().map(|p| p.index()).collect::<Vec<_>>(), [0, 2, 1, 2]);
    assert_eq!(titles(&s), ["a-new", "b-newer", "c-again"]);
    for (f, r) in s.findings.iter().zip(s.rows()) {
        assert_eq!(f.title.as_deref(), Some(r.title.as_str()), "each row is its finding's");
    }

    // Findings with neither ARN nor ID are never taken for one another, nor indexed.
    let anon = s.merge(vec![anonymous(), anonymous()]);
    assert_eq!(anon.placements, [Placement::New(3), Placement::New(4)]);
    assert_eq!(s.len(), 5);
}

#[test]
fn the_identity_index_is_kept_between_loads() {
    let mut s = Store::default();
    s.merge((0..50).map(|i| finding(&format!("f{i}"), "2026-01-01T00:00:00Z", "x")).collect());
    assert_eq!(s.index_of("f37"), Some(37));
    // A later batch finds every earlier finding, whichever batch loaded it.
    let again = s.merge(vec![finding("f3", "2026-01-01T00:00:00Z", "y"), finding("f49", "2025-01-01T00:00:00Z", "z")]);
    assert_eq!(again.placements, [Placement::Replaced(3), Placement::KeptOlder(49)]);
    assert_eq!(s.index_of("f3"), Some(3));
    assert_eq!(s.index_of("nope"), None);
    s.clear();
    assert!(s.is_empty());
    assert_eq!(s.index_of("f3"), None, "clearing forgets identities");
    assert_eq!(s.merge(vec![finding("f3", "2026-01-01T00:00:00Z", "y")]).placements, [Placement::New(0)]);
}

#[test]
fn generations_bump_on_change_only() {
    let mut s = Store::default();
    assert_eq!(s.generation(), 0);
    s.merge(vec![finding("a", "2026-01-02T00:00:00Z", "a"), finding("b", "2026-01-01T00:00:00Z", "b")]);
    let g1 = s.generation();
    assert!(g1 > 0);
    assert_eq!((s.generation_of(0), s.generation_of(1), s.generation_of(2)), (Some(0), Some(0), None));
    // Only older copies: nothing changes.
    s.merge(vec![finding("a", "2026-01-01T00:00:00Z", "a-old")]);
    assert_eq!(s.generation(), g1);
    assert_eq!(s.generation_of(0), Some(0));
    s.merge(vec![finding("b", "2026-03-01T00:00:00Z", "b-new")]);
    assert!(s.generation() > g1);
    assert_eq!((s.generation_of(0), s.generation_of(1)), (Some(0), Some(1)));
    let before = s.generation();
    s.clear();
    assert!(s.generation() > before, "clearing is a change too");
}

#[test]
fn take_empties_the_store_and_hands_back_everything() {
    let mut s = Store::default();
    s.merge(vec![finding("a", "2026-01-02T00:00:00Z", "a"), finding("b", "2026-01-01T00:00:00Z", "b")]);
    let before = s.generation();
    let kept = s.take();
    assert!(s.is_empty() && s.rows().is_empty() && s.index_of("a").is_none());
    assert!(s.generation() > before, "taking is a change too");
    assert_eq!((kept.len(), kept.index_of("b"), kept.generation()), (2, Some(1), before));
    assert_eq!(titles(&kept), ["a", "b"]);
}

fn samples_store() -> Store {
    let mut s = Store::default();
    for sample in findlens_core::samples::all() {
        s.merge(findlens_core::read(sample.json.as_bytes()).findings);
    }
    s
}

#[test]
fn facets_are_kept_equal_to_the_rows() {
    let mut s = samples_store();
    assert_eq!(*s.facets(), Facets::of(s.rows()));
    let total: usize = SeverityBand::ALL.into_iter().map(|b| s.facets().band(b)).sum();
    assert_eq!(total, s.len());
    assert!(s.facets().scenarios().count() > 3);
    assert!(s.facets().regions().all(|r| !r.is_empty()));
    // Replacing findings moves their counts; a value no row has any more is no longer offered.
    let mut one = Store::default();
    let doc = |region: &str, sev: f64| {
        let json = format!(
            r#"{{"type":"Recon:EC2/Portscan","id":"r","region":"{region}","severity":{sev},"updatedAt":"2026-01-0{}T00:00:00Z"}}"#,
            if region == "eu-west-1" { 2 } else { 1 }
        );
        findlens_core::read(json.as_bytes()).findings.remove(0)
    };
    one.merge(vec![doc("us-east-1", 2.0)]);
    one.merge(vec![doc("eu-west-1", 8.0)]);
    assert_eq!(one.facets().regions().collect::<Vec<_>>(), ["eu-west-1"]);
    assert_eq!((one.facets().band(SeverityBand::Low), one.facets().band(SeverityBand::High)), (0, 1));
    assert_eq!(*one.facets(), Facets::of(one.rows()));
    s.clear();
    assert_eq!(*s.facets(), Facets::default());
}

#[test]
fn filter_sort_and_group_through_the_store() {
    let s = samples_store();
    let order = s.sorted(SortKey::Severity, SortDir::Descending);
    assert_eq!(order.len(), s.len());
    let bands: Vec<SeverityBand> = order.iter().map(|&i| s.rows()[i].band()).collect();
    assert!(bands.windows(2).all(|w| w[0] >= w[1]), "{bands:?}");
    let high = Filter { bands: vec![SeverityBand::High, SeverityBand::Critical], ..Default::default() };
    let shown = s.filtered(&high, &order);
    assert!(!shown.is_empty() && shown.len() < s.len());
    assert!(shown.iter().all(|&i| s.rows()[i].severity.label >= SeverityBand::High));
    let groups = s.grouped(&shown, GroupBy::Scenario);
    assert_eq!(groups.iter().map(|(_, v)| v.len()).sum::<usize>(), shown.len());
    let items = s.items(&shown, GroupBy::Scenario);
    assert_eq!(items.len(), shown.len() + groups.len());
    assert!(matches!(items[0], Item::Header { .. }));
    let ec2 = Filter { scenarios: vec![ScenarioKey::Ec2Instance], ..Default::default() };
    assert!(s.filtered(&ec2, &order).iter().all(|&i| s.rows()[i].scenarios.contains(&ScenarioKey::Ec2Instance)));
}

#[test]
fn columns_are_described_by_the_core() {
    let ids: Vec<&str> = SortKey::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(ids, ["severity", "type", "resource", "account", "region", "count", "first-seen", "last-seen", "flags"]);
    assert_eq!(SortKey::Type.label(), "Type and title");
    assert_eq!(SortKey::Count.first_direction(), SortDir::Descending);
    assert_eq!(SortKey::Account.first_direction(), SortDir::Ascending);
    assert!(SortKey::FirstSeen.is_time() && !SortKey::Region.is_time());
}

fn assert_step_ids(f: &Finding, what: &str) {
    let built = step_ids::in_guide(&guide::build(f));
    assert!(!built.is_empty(), "{what}: a guide has steps");
    assert_eq!(Store::step_ids(f), built, "{what}");
}

#[test]
fn step_ids_equal_the_built_guides_for_every_sample() {
    for sample in findlens_core::samples::all() {
        for f in findlens_core::read(sample.json.as_bytes()).findings {
            assert_step_ids(&f, sample.name);
        }
    }
}

#[test]
fn step_ids_equal_the_built_guides_for_every_generated_type() {
    let mut n = 0;
    for g in common::every_type() {
        for (shape, doc) in common::shapes(&g.finding) {
            for f in findlens_core::read(doc.to_string().as_bytes()).findings {
                assert_step_ids(&f, &format!("{} ({}, {shape})", g.info.name, g.kind));
                n += 1;
            }
        }
    }
    assert!(n > 100, "only {n} generated findings");
}

#[test]
fn progress_is_counted_per_row() {
    let mut s = samples_store();
    assert_eq!(s.steps(0), None, "step IDs are worked out when asked for");
    assert_eq!(s.progress(0, &Progress::default()), None);
    assert!(s.fill_steps(0));
    assert!(!s.fill_steps(s.len()), "out of range");
    let ids = s.steps(0).expect("filled").to_vec();
    let key = s.rows()[0].key.clone();
    let mut p = Progress::default();
    p.set(&key, &ids[0], true);
    p.set(&key, "not-a-step", true);
    assert_eq!(s.progress(0, &p), Some(StepCount { done: 1, total: ids.len() }));
    for id in &ids {
        p.set(&key, id, true);
    }
    assert!(s.progress(0, &p).is_some_and(StepCount::complete));
    let all = s.progress_counts(&p);
    assert_eq!(all.len(), s.len());
    assert!(all
        .iter()
        .skip(1)
        .all(|c| c.total > 0 && (c.done == 0 || s.rows().iter().filter(|r| r.key == key).count() > 1)));
    // A newer copy drops the step IDs worked out for the old one.
    let mut one = Store::default();
    one.merge(vec![finding("a", "2026-01-01T00:00:00Z", "a")]);
    one.fill_steps(0);
    one.merge(vec![finding("a", "2026-02-01T00:00:00Z", "a2")]);
    assert_eq!(one.steps(0), None);
}
