//! `cargo xtask bench`: the core crate's criterion benchmarks.

use crate::cmd::{run, Ctx, Result};

pub fn bench(ctx: &Ctx, extra: &[String]) -> Result<()> {
    println!("[bench] cargo bench -p findlens-core");
    let mut cmd = ctx.cargo();
    cmd.args(["bench", "-p", "findlens-core"]);
    if !extra.is_empty() {
        // Only the criterion benches take criterion's options (the lib's test harness does not).
        cmd.args(["--bench", "*", "--"]).args(extra);
    }
    run(&mut cmd, "Read the messages above; the benchmarks are in core/benches/.")?;
    let criterion = ctx.target_dir.join("criterion");
    println!("[bench] results: {} (one folder per benchmark, `new/estimates.json` in each)", criterion.display());
    let report = criterion.join("report").join("index.html");
    if report.is_file() {
        println!("[bench] HTML report: {}", report.display());
    }
    Ok(())
}
