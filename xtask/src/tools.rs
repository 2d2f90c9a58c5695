//! Checks the tools the web build and the tests need, and installs what is missing, only from the
//! package registries (crates.io, npm, Debian). Each step prints one line of what it does.

use std::path::Path;
use std::time::Instant;

use crate::cmd::{fail, output, run, secs, Ctx, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal `wasm-bindgen` in Cargo.lock and `[tools] wasm_bindgen` in Trunk.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// npm's binaryen; its wasm-opt reports `version_132`, which Trunk.toml asks for.
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const WASM_OPT_VERSION: &str = "version_132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn step(message: &str) {
    println!("[tools] {message}");
}

/// Everything `trunk build --release` needs.
pub fn web_build(ctx: &Ctx) -> Result<()> {
    wasm_target(ctx)?;
    trunk(ctx)?;
    wasm_bindgen(ctx)?;
    wasm_opt(ctx)
}

pub fn wasm_target(ctx: &Ctx) -> Result<()> {
    ctx.once("wasm_target", || wasm_target_now(ctx))
}

fn wasm_target_now(ctx: &Ctx) -> Result<()> {
    step("rustup target add wasm32-unknown-unknown");
    run(
        ctx.command("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        "Install rustup (https://rustup.rs) or add the wasm32-unknown-unknown target to your toolchain.",
    )
}

/// `cargo fmt` and `cargo clippy`: added with rustup when missing.
pub fn rust_components(ctx: &Ctx) -> Result<()> {
    ctx.once("rust_components", || rust_components_now(ctx))
}

fn rust_components_now(ctx: &Ctx) -> Result<()> {
    let fmt = output(ctx.cargo().args(["fmt", "--version"])).is_some();
    let clippy = output(ctx.cargo().args(["clippy", "--version"])).is_some();
    if fmt && clippy {
        step("rustfmt and clippy are installed");
        return Ok(());
    }
    step("rustup component add rustfmt clippy");
    run(
        ctx.command("rustup").args(["component", "add", "rustfmt", "clippy"]),
        "Add the rustfmt and clippy components to your Rust toolchain.",
    )
}

pub fn trunk(ctx: &Ctx) -> Result<()> {
    ctx.once("trunk", || trunk_now(ctx))
}

fn trunk_now(ctx: &Ctx) -> Result<()> {
    cargo_tool(
        ctx,
        &["trunk"],
        TRUNK_VERSION,
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        "about 12 minutes the first time",
    )
}

/// wasm-bindgen and its test runner, installed together by wasm-bindgen-cli (without `--locked`:
/// with it, a locked dependency is missing from the registry).
pub fn wasm_bindgen(ctx: &Ctx) -> Result<()> {
    ctx.once("wasm_bindgen", || wasm_bindgen_now(ctx))
}

fn wasm_bindgen_now(ctx: &Ctx) -> Result<()> {
    cargo_tool(
        ctx,
        &["wasm-bindgen", "wasm-bindgen-test-runner"],
        WASM_BINDGEN_VERSION,
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION],
        "about 5 minutes the first time",
    )
}

/// Installs with `cargo install` unless every one of `programs` reports `version`.
fn cargo_tool(ctx: &Ctx, programs: &[&str], version: &str, install_args: &[&str], how_long: &str) -> Result<()> {
    let have = |program: &str| {
        output(ctx.command(program).arg("--version")).is_some_and(|text| reports_version(&text, version))
    };
    let names = programs.join(" and ");
    if programs.iter().all(|p| have(p)) {
        step(&format!("{names} {version} found"));
        return Ok(());
    }
    let shown = format!("cargo {}", install_args.join(" "));
    step(&format!("installing {names} {version}: {shown} ({how_long})"));
    let started = Instant::now();
    let mut cmd = ctx.cargo();
    // Build in cargo's own temporary folder, not in the project's target folder.
    cmd.args(install_args).env_remove("CARGO_TARGET_DIR");
    run(&mut cmd, &format!("Check your network access to crates.io, then run `{shown}` yourself and retry."))?;
    step(&format!("installed {names} in {}", secs(started.elapsed())));
    if let Some(missing) = programs.iter().find(|p| !have(p)) {
        return fail(format!(
            "`{shown}` succeeded but `{missing} --version` does not report {version}: put {} first on PATH and retry",
            ctx.cargo_bin.display()
        ));
    }
    Ok(())
}

/// wasm-opt from npm's binaryen, in the tools folder outside the clone (never Debian's binaryen:
/// its old wasm-opt breaks the page at run time).
pub fn wasm_opt(ctx: &Ctx) -> Result<()> {
    ctx.once("wasm_opt", || wasm_opt_now(ctx))
}

fn wasm_opt_now(ctx: &Ctx) -> Result<()> {
    let wasm_opt = ctx.tools_dir.join("node_modules").join(".bin").join("wasm-opt");
    let have = || {
        output(std::process::Command::new(&wasm_opt).arg("--version"))
            .is_some_and(|text| text.contains(WASM_OPT_VERSION))
    };
    if have() {
        step(&format!("wasm-opt {WASM_OPT_VERSION} found in {}", ctx.tools_dir.display()));
        return Ok(());
    }
    std::fs::create_dir_all(&ctx.tools_dir)?;
    let prefix = ctx.tools_dir.to_string_lossy().into_owned();
    let package = format!("binaryen@{BINARYEN_VERSION}");
    step(&format!("npm i --prefix {prefix} {package} (wasm-opt)"));
    run(
        ctx.command("npm").args(["i", "--prefix", &prefix, "--save-exact", "--no-audit", "--no-fund", &package]),
        "Install Node.js with npm (https://nodejs.org or your package manager) and check access to the npm registry.",
    )?;
    if !have() {
        return fail(format!("{} does not report {WASM_OPT_VERSION} after installing {package}", wasm_opt.display()));
    }
    Ok(())
}

/// Playwright (without any browser download) and axe, from `tests/package-lock.json`.
pub fn playwright(ctx: &Ctx) -> Result<()> {
    ctx.once("playwright", || playwright_now(ctx))
}

fn playwright_now(ctx: &Ctx) -> Result<()> {
    let tests = ctx.root.join("tests");
    let verb = if tests.join("package-lock.json").exists() { "ci" } else { "install" };
    step(&format!("npm {verb} in tests/ (Playwright, no browser download)"));
    run(
        ctx.command("npm")
            .args([verb, "--no-audit", "--no-fund"])
            .current_dir(&tests)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        "Install Node.js with npm (https://nodejs.org or your package manager) and check access to the npm registry.",
    )
}

/// Debian's Chromium and chromedriver: installed with apt-get when missing and we are root.
pub fn chromium(ctx: &Ctx) -> Result<()> {
    ctx.once("chromium", || chromium_now(ctx))
}

fn chromium_now(ctx: &Ctx) -> Result<()> {
    let present = || Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if present() {
        step(&format!("{CHROMIUM} and {CHROMEDRIVER} found"));
        return Ok(());
    }
    let hint = "Install Chromium and its driver so that /usr/bin/chromium and /usr/bin/chromedriver exist (Debian: `sudo apt-get install chromium chromium-driver`), then retry.";
    let root = output(ctx.command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !root || ctx.find_on_path("apt-get".as_ref()).is_none() {
        return fail(format!("Chromium or chromedriver is missing. {hint}"));
    }
    step("apt-get update && apt-get install -y chromium chromium-driver");
    run(ctx.command("apt-get").arg("update"), hint)?;
    run(
        ctx.command("apt-get")
            .args(["install", "-y", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        hint,
    )?;
    if !present() {
        return fail(format!("apt-get installed chromium but {CHROMIUM} or {CHROMEDRIVER} is still missing. {hint}"));
    }
    Ok(())
}

/// Whether `--version` output names exactly `version` (as a whole word, with or without a `v`).
fn reports_version(text: &str, version: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .any(|word| word.strip_prefix('v').unwrap_or(word) == version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_must_match_as_a_whole_word() {
        assert!(reports_version("trunk 0.21.14\n", "0.21.14"));
        assert!(reports_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(reports_version("wasm-bindgen-test-runner v0.2.130\n", "0.2.130"));
        assert!(!reports_version("wasm-bindgen 0.2.1300", "0.2.130"));
        assert!(!reports_version("trunk 0.21.1", "0.21.14"));
        assert!(!reports_version("trunk 0.22.0", "0.21.14"));
        assert!(!reports_version("", "0.21.14"));
    }
}
