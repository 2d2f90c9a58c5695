//! `cargo xtask test`: the whole suite, in order, stopping at the first failure, with a summary
//! of what ran and what was skipped.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::{run, secs, Ctx, Error, Result};
use crate::serve::StaticServer;
use crate::{desktop, tools, web};

enum Outcome {
    Passed(Duration),
    Skipped(String),
    Failed(Duration),
}

struct Suite {
    steps: Vec<(String, Outcome)>,
    total: usize,
}

impl Suite {
    fn heading(&self, name: &str) {
        println!();
        println!("==> [{}/{}] {name}", self.steps.len() + 1, self.total);
    }

    /// Runs one step; on failure records it and returns the error.
    fn step(&mut self, name: &str, body: impl FnOnce() -> Result<()>) -> Result<()> {
        self.heading(name);
        let started = Instant::now();
        let result = body();
        let outcome = match result {
            Ok(()) => Outcome::Passed(started.elapsed()),
            Err(_) => Outcome::Failed(started.elapsed()),
        };
        self.steps.push((name.to_string(), outcome));
        result
    }

    /// Marks the step just run as skipped: it found at its start that it cannot run here.
    fn skip_after_start(&mut self, name: &str, why: &str) {
        println!("SKIPPED: {why}");
        if let Some(last) = self.steps.last_mut().filter(|(n, _)| n == name) {
            last.1 = Outcome::Skipped(why.to_string());
        }
    }

    fn skip(&mut self, name: &str, why: &str) {
        self.heading(name);
        println!("SKIPPED: {why}");
        self.steps.push((name.to_string(), Outcome::Skipped(why.to_string())));
    }

    fn summary(&self, names: &[&str]) {
        println!();
        println!("==> summary");
        for (name, outcome) in &self.steps {
            match outcome {
                Outcome::Passed(d) => println!("  ok       {name} ({})", secs(*d)),
                Outcome::Failed(d) => println!("  FAILED   {name} ({})", secs(*d)),
                Outcome::Skipped(why) => println!("  SKIPPED  {name}: {why}"),
            }
        }
        for name in names.iter().skip(self.steps.len()) {
            println!("  not run  {name}");
        }
        let skipped = self.steps.iter().filter(|(_, o)| matches!(o, Outcome::Skipped(_))).count();
        if skipped == 0 && self.steps.len() == names.len() {
            println!("  nothing was skipped");
        }
    }
}

const FMT: &str = "cargo fmt --all --check";
// The desktop crate needs dist/ and the WebKitGTK libraries to compile: it has its own step.
const CLIPPY_NATIVE: &str =
    "cargo clippy --workspace --exclude findlens-app --exclude findlens-desktop --all-targets -- -D warnings";
const CLIPPY_WASM: &str = "cargo clippy -p findlens-app --target wasm32-unknown-unknown -- -D warnings";
const TEST_NATIVE: &str = "cargo test --workspace --exclude findlens-app --exclude findlens-desktop";
const TEST_WASM: &str = "cargo test -p findlens-app --target wasm32-unknown-unknown (headless Chromium)";
const WEB_BUILD: &str = "release web build (trunk build --release + CSP)";
const PLAYWRIGHT: &str = "Playwright tests (npx playwright test)";
const DESKTOP: &str = "desktop app: clippy, unit tests, WebDriver test under Xvfb (tests/desktop/)";
const STEPS: [&str; 8] = [FMT, CLIPPY_NATIVE, CLIPPY_WASM, TEST_NATIVE, TEST_WASM, WEB_BUILD, PLAYWRIGHT, DESKTOP];

pub fn test(ctx: &Ctx, quick: bool) -> Result<()> {
    let started = Instant::now();
    let mut suite = Suite { steps: Vec::new(), total: STEPS.len() };
    let result = run_steps(ctx, quick, &mut suite);
    suite.summary(&STEPS);
    println!("  total time {}", secs(started.elapsed()));
    result
}

fn run_steps(ctx: &Ctx, quick: bool, suite: &mut Suite) -> Result<()> {
    let fix = "Fix what it reports and run `cargo xtask test` again.";

    suite.step(FMT, || {
        tools::rust_components(ctx)?;
        run(ctx.cargo().args(["fmt", "--all", "--check"]), "Run `cargo fmt --all` to format the code, then retry.")
    })?;

    suite.step(CLIPPY_NATIVE, || {
        run(
            ctx.cargo().args([
                "clippy",
                "--workspace",
                "--exclude",
                "findlens-app",
                "--exclude",
                "findlens-desktop",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            fix,
        )
    })?;

    suite.step(CLIPPY_WASM, || {
        tools::wasm_target(ctx)?;
        run(
            ctx.cargo().args([
                "clippy",
                "-p",
                "findlens-app",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ]),
            fix,
        )
    })?;

    suite.step(TEST_NATIVE, || {
        run(
            ctx.cargo().args(["test", "--workspace", "--exclude", "findlens-app", "--exclude", "findlens-desktop"]),
            fix,
        )
    })?;

    let quick_why = "--quick skips the browser tests and the release web build";
    if quick {
        suite.skip(TEST_WASM, quick_why);
        suite.skip(WEB_BUILD, quick_why);
        suite.skip(PLAYWRIGHT, quick_why);
        suite.skip(DESKTOP, quick_why);
        return Ok(());
    }

    suite.step(TEST_WASM, || {
        tools::wasm_target(ctx)?;
        tools::wasm_bindgen(ctx)?;
        tools::chromium(ctx)?;
        let tmp = ctx.fresh_tmp_dir("wasm-test")?;
        run(
            ctx.cargo()
                .args(["test", "-p", "findlens-app", "--target", "wasm32-unknown-unknown"])
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env("TMPDIR", &tmp),
            fix,
        )
    })?;

    let mut dist = None;
    suite.step(WEB_BUILD, || {
        dist = Some(web::build_release(ctx)?);
        Ok(())
    })?;

    suite.step(PLAYWRIGHT, || {
        let dist = dist.as_ref().ok_or_else(|| Error("the web build left no dist folder".into()))?;
        run_playwright(ctx, dist, false)
    })?;

    // After the web build: the desktop crate embeds dist/.
    let mut skipped = None;
    suite.step(DESKTOP, || {
        skipped = desktop::check_and_test(ctx)?;
        Ok(())
    })?;
    if let Some(why) = skipped {
        suite.skip_after_start(DESKTOP, &why);
    }
    Ok(())
}

/// Serves `dist` on a free 127.0.0.1 port and runs Playwright against it: the browser tests, or
/// with `screenshots` only the docs screenshot generator (tests/screenshots/).
pub fn run_playwright(ctx: &Ctx, dist: &std::path::Path, screenshots: bool) -> Result<(), Error> {
    tools::playwright(ctx)?;
    tools::chromium(ctx)?;
    let tmp = ctx.fresh_tmp_dir("playwright")?;
    let server = StaticServer::start(dist, 0)
        .map_err(|e| Error(format!("cannot start the static server for {}: {e}", dist.display())))?;
    let base_url = format!("http://127.0.0.1:{}/", server.port());
    println!("[test] serving {} at {base_url}", dist.display());
    let result = run(
        playwright_command(ctx)
            .env("FINDLENS_BASE_URL", &base_url)
            .env("FINDLENS_SCREENSHOTS", if screenshots { "1" } else { "0" })
            .env("TMPDIR", &tmp)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        "See the failing tests above; screenshots and traces are in tests/test-results/.",
    );
    server.stop();
    result
}

/// `cargo xtask screenshots`: the release build, then the docs screenshots (docs/screenshot.png
/// and docs/screenshots/*.png) rewritten from it.
pub fn screenshots(ctx: &Ctx) -> Result<(), Error> {
    let dist = web::build_release(ctx)?;
    run_playwright(ctx, &dist, true)?;
    println!("[screenshots] docs/screenshot.png and docs/screenshots/ rewritten; review them with git diff");
    Ok(())
}

fn playwright_command(ctx: &Ctx) -> Command {
    let mut cmd = ctx.command("npx");
    // `--no`: never download a package; Playwright comes from tests/node_modules.
    cmd.args(["--no", "playwright", "test"]).current_dir(ctx.root.join("tests"));
    cmd
}
