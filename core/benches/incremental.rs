//! `read` against `Incremental` with 256 KiB steps, on 50 MB generated inputs: JSON Lines (the S3
//! export) and a `{"Findings":[…]}` response (the CLI's and API's shape). Criterion measures the
//! total time of each; the longest single step (what a page would freeze for, `finish` included) is
//! timed separately and printed, also for the response on one line, Firehose's values back to
//! back, and gzipped JSON Lines.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use findlens_core::input::Incremental;

const SIZE: usize = 50 << 20;
const STEP: usize = 256 * 1024;

/// Findings made from the credentials fixture, each with its own id and ARN.
fn findings() -> impl Iterator<Item = String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api-camel-credentials.json");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let template: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    (0..).map(move |i| {
        let mut f = template.clone();
        f["id"] = format!("bench{i:08}").into();
        f["arn"] = format!("arn:aws:guardduty:eu-west-1:111122223333:detector/d/finding/bench{i:08}").into();
        // Some text that does not repeat, so that gzip compresses it about as much as a real export.
        let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let noise: String = (0..48)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b"0123456789abcdef"[(x % 16) as usize])
            })
            .collect();
        f["service"]["additionalInfo"] = serde_json::json!({ "value": noise, "type": "default" });
        f.to_string()
    })
}

fn json_lines() -> Vec<u8> {
    let mut out = String::with_capacity(SIZE + 4096);
    for f in findings() {
        if out.len() >= SIZE {
            break;
        }
        out.push_str(&f);
        out.push('\n');
    }
    out.into_bytes()
}

fn response() -> Vec<u8> {
    let mut out = String::with_capacity(SIZE + 4096);
    out.push_str("{\n  \"Findings\": [");
    for (i, f) in findings().enumerate() {
        if out.len() >= SIZE {
            break;
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n    ");
        out.push_str(&f);
    }
    out.push_str("\n  ]\n}\n");
    out.into_bytes()
}

/// Reads `data` in steps of `STEP`; returns the longest step, how many steps, and the total.
fn stepped(data: &[u8]) -> (Duration, usize, Duration) {
    let all = Instant::now();
    let mut reader = Incremental::new(data.to_vec());
    let (mut longest, mut steps) = (Duration::ZERO, 0);
    loop {
        let t = Instant::now();
        let done = reader.step(STEP);
        longest = longest.max(t.elapsed());
        steps += 1;
        if done {
            break;
        }
    }
    let t = Instant::now();
    let loaded = black_box(reader.finish());
    longest = longest.max(t.elapsed());
    let all = all.elapsed();
    // Freeing the result is the caller's business (the page keeps it).
    drop(loaded);
    (longest, steps, all)
}

/// Prints the size, `read`'s time, and `Incremental`'s steps (twice: the first run also pays for
/// fresh memory).
fn report(name: &str, data: &[u8]) {
    let t = Instant::now();
    let loaded = findlens_core::read(data);
    let read = t.elapsed();
    assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems.first());
    eprintln!("{name}: {} bytes, {} findings; read in {read:?}", data.len(), loaded.findings.len());
    drop(loaded);
    for _ in 0..2 {
        let (longest, steps, total) = stepped(data);
        eprintln!(
            "{name}: Incremental with {STEP} B steps: {steps} steps, {total:?} in all, the longest step {longest:?}"
        );
    }
}

fn bench(c: &mut Criterion) {
    let lines = json_lines();
    let response = response();
    for (name, data) in [("json_lines", &lines), ("findings_response", &response)] {
        report(name, data);
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.sample_size(10);
        g.bench_function("read", |b| b.iter(|| black_box(findlens_core::read(black_box(data))).findings.len()));
        g.bench_function("incremental_256k", |b| {
            b.iter(|| {
                let mut reader = Incremental::new(black_box(data).to_vec());
                while !reader.step(STEP) {}
                black_box(reader.finish()).findings.len()
            });
        });
        g.finish();
    }
    // Other shapes, timed once: the response on one line, Firehose's values back to back, and the
    // S3 export gzipped.
    let minified = serde_json::from_slice::<serde_json::Value>(&response).expect("JSON").to_string().into_bytes();
    drop(response);
    report("findings_response_one_line", &minified);
    drop(minified);
    let firehose: Vec<u8> = lines.iter().copied().filter(|&b| b != b'\n').collect();
    report("firehose_back_to_back", &firehose);
    drop(firehose);
    let gzipped = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&lines).expect("in-memory write");
        e.finish().expect("in-memory write")
    };
    report("json_lines_gz", &gzipped);
}

criterion_group!(benches, bench);
criterion_main!(benches);
