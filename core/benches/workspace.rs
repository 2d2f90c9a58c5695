//! The workspace at 10,000 findings: loading and listing them (read, merge, one row each, sort),
//! and one keystroke in the search box (filter every row). Issue targets are reported from here,
//! not asserted in tests.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use findlens_core::workspace::{self, Filter, Row, SortDir, SortKey};

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
            let mut ws = Vec::new();
            workspace::merge(&mut ws, findlens_core::read(black_box(&data)).findings);
            let rows: Vec<Row> = ws.iter().map(Row::new).collect();
            black_box(workspace::sort(&rows, SortKey::Severity, SortDir::Descending).len())
        });
    });
    let mut ws = Vec::new();
    workspace::merge(&mut ws, findlens_core::read(&data).findings);
    let rows: Vec<Row> = ws.iter().map(Row::new).collect();
    let order = workspace::sort(&rows, SortKey::Severity, SortDir::Descending);
    g.bench_function("filter_keystroke", |b| {
        let filter = Filter { text: "i-0a1b".into(), ..Default::default() };
        b.iter(|| black_box(filter.apply(&rows, &order).len()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
