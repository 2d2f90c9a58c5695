//! Ingest speed: bytes → findings, and bytes → findings → guides, on the project's fixtures and
//! (when present) the shared corpus of real findings. Throughput is reported in bytes per second.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines = Vec::new();
    for dir in [root.join("../../shared/fixtures/findings"), root.join("tests/fixtures")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let Ok(bytes) = std::fs::read(e.path()) else { continue };
            // One finding document per line: JSON Lines, like the S3 export.
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                if let Ok(s) = serde_json::to_string(&v) {
                    lines.push(s);
                }
            }
        }
    }
    let one_pass = lines.join("\n");
    // Repeat to about 8 MB so that per-call overhead does not dominate.
    let mut out = String::new();
    while out.len() < 8 << 20 && !one_pass.is_empty() {
        out.push_str(&one_pass);
        out.push('\n');
    }
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let data = corpus();
    let findings = findlens_core::read(&data).findings.len();
    eprintln!("ingest corpus: {} bytes, {findings} findings", data.len());
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.bench_function("serde_json_value_baseline", |b| {
        b.iter(|| {
            let n = serde_json::Deserializer::from_slice(black_box(&data))
                .into_iter::<serde_json::Value>()
                .filter(Result::is_ok)
                .count();
            black_box(n)
        });
    });
    g.bench_function("read", |b| b.iter(|| black_box(findlens_core::read(black_box(&data))).findings.len()));
    g.bench_function("read_and_guides", |b| {
        b.iter(|| {
            let loaded = findlens_core::read(black_box(&data));
            let steps: usize = loaded.findings.iter().map(|f| findlens_core::guide::build(f).sections.len()).sum();
            black_box(steps)
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
