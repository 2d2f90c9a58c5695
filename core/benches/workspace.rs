//! The workspace at 10,000 findings: loading and listing them (read, merge, one row each, sort),
//! and one keystroke in the search box (filter every row). Issue targets are reported from here,
//! not asserted in tests.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use findlens_core::workspace::{Filter, SortDir, SortKey, Store};

/// 10,000 distinct findings as JSON Lines, cycling through the embedded samples.
fn export() -> Vec<u8> {
    let samples = findlens_core::samples::all();
    let mut out = String::new();
    for i in 0..10_000 {
        let s = &samples[i % samples.len()];
        let mut v: serde_json::Value = serde_json::from_str(s.json).expect("sample JSON");
        v["id"] = serde_json::json!(format!("bench{i:05}"));
        v["arn"] =
            serde_json::json!(format!("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/bench{i:05}"));
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let data = export();
    let mut g = c.benchmark_group("workspace_10k");
    g.sample_size(10);
    g.bench_function("load_and_list", |b| {
        b.iter(|| {
            let mut store = Store::default();
            store.merge(findlens_core::read(black_box(&data)).findings);
            black_box(store.sorted(SortKey::Severity, SortDir::Descending).len())
        });
    });
    let mut store = Store::default();
    store.merge(findlens_core::read(&data).findings);
    let order = store.sorted(SortKey::Severity, SortDir::Descending);
    g.bench_function("filter_keystroke", |b| {
        let filter = Filter { text: "i-0a1b".into(), ..Default::default() };
        b.iter(|| black_box(store.filtered(&filter, &order).len()));
    });
    g.bench_function("step_ids_per_finding", |b| {
        let f = &store.findings[0];
        b.iter(|| black_box(Store::step_ids(black_box(f)).len()));
    });
    g.bench_function("guide_per_finding", |b| {
        let f = &store.findings[0];
        b.iter(|| black_box(findlens_core::guide::build(black_box(f)).sections.len()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
