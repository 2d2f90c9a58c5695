//! The desktop app (`src-tauri/`): `cargo xtask desktop` (build and run), `cargo xtask bundle`
//! (the `.deb`), the desktop step of `cargo xtask test` (WebDriver under Xvfb), and the tools they
//! need: Debian's WebKitGTK build libraries and test tools, the Tauri CLI from npm, tauri-driver
//! from crates.io. Where the libraries cannot be installed (not root, no apt-get) the step says so
//! and is skipped.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::cmd::{fail, output, run, secs, Ctx, Error, Result};
use crate::web;

/// The Tauri CLI, from npm (a prebuilt binary: seconds, where the cargo crate takes 17 minutes).
pub const TAURI_CLI_PACKAGE: &str = "@tauri-apps/cli@^2";
/// tauri-driver, the WebDriver front for the desktop app (crates.io).
pub const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// What the desktop crate needs to compile and link (Tauri's Linux prerequisites).
pub const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
];
/// What the end-to-end test needs: a display, the WebKit WebDriver, a session bus (the
/// single-instance plugin), a way to read the clipboard, to list windows and to press keys.
pub const TEST_PACKAGES: &[&str] = &["xvfb", "webkit2gtk-driver", "dbus-daemon", "xclip", "x11-utils", "xdotool"];

fn step(message: &str) {
    println!("[desktop] {message}");
}

/// Whether every one of `packages` is installed (dpkg's word).
fn installed(ctx: &Ctx, packages: &[&str]) -> bool {
    packages.iter().all(|p| {
        output(ctx.command("dpkg-query").args(["-W", "-f=${Status}", p]))
            .is_some_and(|s| s.contains("install ok installed"))
    })
}

/// Installs `packages` with apt-get when they are missing. `Ok(Some(why))` when they are missing
/// and cannot be installed here: the caller skips and says why.
pub fn system_packages(ctx: &Ctx, what: &str, packages: &[&str]) -> Result<Option<String>> {
    if ctx.find_on_path("dpkg-query".as_ref()).is_none() {
        return Ok(Some(format!(
            "no dpkg here: install the {what} packages yourself (Debian names: {})",
            packages.join(" ")
        )));
    }
    if installed(ctx, packages) {
        step(&format!("{what} packages are installed"));
        return Ok(None);
    }
    let root = output(ctx.command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !root || ctx.find_on_path("apt-get".as_ref()).is_none() {
        return Ok(Some(format!(
            "the {what} packages are missing and this is not root with apt-get: run `sudo apt-get install {}`",
            packages.join(" ")
        )));
    }
    let hint = "Check access to the Debian mirrors, then retry.";
    step(&format!("apt-get install -y {}", packages.join(" ")));
    let started = Instant::now();
    run(ctx.command("apt-get").arg("update"), hint)?;
    run(ctx.command("apt-get").args(["install", "-y"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive"), hint)?;
    step(&format!("installed the {what} packages in {}", secs(started.elapsed())));
    Ok(None)
}

/// The Tauri CLI in the tools folder (beside wasm-opt), from npm.
pub fn tauri_cli(ctx: &Ctx) -> Result<PathBuf> {
    let cli = ctx.tools_dir.join("node_modules").join(".bin").join("tauri");
    let have = || output(Command::new(&cli).arg("--version")).is_some_and(|v| v.starts_with("tauri-cli 2."));
    if !have() {
        fs::create_dir_all(&ctx.tools_dir)?;
        let prefix = ctx.tools_dir.to_string_lossy().into_owned();
        step(&format!("npm i --prefix {prefix} {TAURI_CLI_PACKAGE}"));
        run(
            ctx.command("npm").args(["i", "--prefix", &prefix, "--no-audit", "--no-fund", TAURI_CLI_PACKAGE]),
            "Install Node.js with npm and check access to the npm registry.",
        )?;
        if !have() {
            return fail(format!("{} does not report tauri-cli 2.x after installing it", cli.display()));
        }
    }
    Ok(cli)
}

/// tauri-driver from crates.io. It has no `--version`: cargo's list of installed packages says.
fn tauri_driver(ctx: &Ctx) -> Result<PathBuf> {
    let listed = format!("tauri-driver v{TAURI_DRIVER_VERSION}:");
    let have = || {
        output(ctx.cargo().args(["install", "--list"])).is_some_and(|list| list.lines().any(|l| l == listed))
            && ctx.cargo_bin.join("tauri-driver").is_file()
    };
    if have() {
        step(&format!("tauri-driver {TAURI_DRIVER_VERSION} found"));
    } else {
        let started = Instant::now();
        step(&format!("cargo install tauri-driver --version {TAURI_DRIVER_VERSION} --locked (about a minute)"));
        run(
            ctx.cargo()
                .args(["install", "tauri-driver", "--force", "--version", TAURI_DRIVER_VERSION, "--locked"])
                .env_remove("CARGO_TARGET_DIR"),
            "Check your network access to crates.io and retry.",
        )?;
        step(&format!("installed tauri-driver in {}", secs(started.elapsed())));
    }
    Ok(ctx.cargo_bin.join("tauri-driver"))
}

/// `cargo xtask desktop`: the web build, then the desktop app built and started on it.
pub fn run_app(ctx: &Ctx) -> Result<()> {
    if let Some(why) = system_packages(ctx, "desktop build", BUILD_PACKAGES)? {
        return fail(why);
    }
    web::build_release(ctx)?;
    step("cargo run -p findlens-desktop (close the window to stop)");
    run(
        ctx.cargo().args(["run", "-p", "findlens-desktop"]),
        "Read the messages above. The window needs a display (DISPLAY or WAYLAND_DISPLAY).",
    )
}

/// `cargo xtask bundle [--check-install]`: the release `.deb`, through `tauri build` (which runs
/// `cargo xtask web` first, its beforeBuildCommand). AppImage needs tools downloaded from GitHub:
/// not built. With `--check-install`, the `.deb` is installed with apt and its menu entry's `Exec`
/// line started under Xvfb with a sample finding.
pub fn bundle(ctx: &Ctx, check_install: bool) -> Result<()> {
    if let Some(why) = system_packages(ctx, "desktop build", BUILD_PACKAGES)? {
        return fail(why);
    }
    let cli = tauri_cli(ctx)?;
    step("tauri build --bundles deb");
    let started = Instant::now();
    run(
        ctx.command(&cli).args(["build", "--bundles", "deb"]).current_dir(ctx.root.join("src-tauri")),
        "Read the messages above.",
    )?;
    let deb_dir = ctx.target_dir.join("release").join("bundle").join("deb");
    let deb = fs::read_dir(&deb_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or_else(|| Error(format!("tauri build wrote no .deb in {}", deb_dir.display())))?;
    let size = fs::metadata(&deb)?.len();
    step(&format!("wrote {} ({:.1} MB) in {}", deb.display(), size as f64 / 1e6, secs(started.elapsed())));
    step(&format!("install it with: sudo apt install {}", deb.display()));
    if check_install {
        installs_and_starts(ctx, &deb)?;
    }
    Ok(())
}

/// Installs `deb` with apt, then starts the command its `.desktop` entry's `Exec` line names, with
/// a sample finding for `%F`, on an Xvfb display, and waits for the window to name the file.
fn installs_and_starts(ctx: &Ctx, deb: &Path) -> Result<()> {
    if let Some(why) = system_packages(ctx, "desktop test", TEST_PACKAGES)? {
        return fail(why);
    }
    step(&format!("apt-get install -y {}", deb.display()));
    run(
        ctx.command("apt-get").args(["install", "-y"]).arg(deb).env("DEBIAN_FRONTEND", "noninteractive"),
        "The .deb did not install: read apt's messages above.",
    )?;
    let entry = fs::read_dir("/usr/share/applications")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "desktop"))
        .find_map(|p| fs::read_to_string(&p).ok().filter(|t| t.contains("Exec=findlens-desktop")).map(|t| (p, t)))
        .ok_or_else(|| Error("the .deb installed no .desktop entry that runs findlens-desktop".into()))?;
    let (path, text) = entry;
    let line = |key: &str| text.lines().find_map(|l| l.strip_prefix(key)).unwrap_or_default().to_owned();
    let (exec, mime) = (line("Exec="), line("MimeType="));
    step(&format!("{}: Exec={exec}; MimeType={mime}", path.display()));
    for wanted in ["application/json", "application/jsonl", "application/gzip"] {
        if !mime.split(';').any(|m| m == wanted) {
            return fail(format!("{} does not offer Findlens for {wanted}", path.display()));
        }
    }
    let sample = ctx.root.join("core").join("samples").join("ec2-instance.json");
    let mut words = exec.split_whitespace().map(|w| {
        if w.starts_with('%') {
            sample.to_string_lossy().into_owned()
        } else {
            w.to_owned()
        }
    });
    let program = words.next().ok_or_else(|| Error("the Exec line is empty".into()))?;
    let display = Xvfb::start(ctx)?;
    let data = ctx.fresh_tmp_dir("deb-check")?;
    let mut app = ctx
        .command(&program)
        .args(words)
        .env("DISPLAY", &display.name)
        .env("XDG_DATA_HOME", &data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error(format!("cannot start `{exec}`: {e}")))?;
    let wanted = "\"ec2-instance.json – Findlens\"";
    let started = Instant::now();
    let mut shown = false;
    while started.elapsed() < Duration::from_secs(60) && !shown {
        thread::sleep(Duration::from_millis(100));
        shown = output(ctx.command("xwininfo").args(["-root", "-children"]).env("DISPLAY", &display.name))
            .is_some_and(|tree| tree.contains(wanted));
    }
    _ = app.kill();
    _ = app.wait();
    display.stop();
    if !shown {
        return fail(format!("`{exec}` showed no window titled {wanted} within 60 s"));
    }
    step(&format!("`{exec}` opened the sample in {}", secs(started.elapsed())));
    Ok(())
}

/// The desktop step of `cargo xtask test` (after the web build: the crate embeds `dist/`):
/// clippy with and without the test feature, the crate's unit tests, then the app built with the
/// `e2e` feature driven through WebDriver (`tests/desktop/`) under Xvfb and a private session bus.
/// Debug builds: they compile faster than release, and the test checks behaviour, not speed.
/// `Ok(Some(why))` when it cannot run here.
pub fn check_and_test(ctx: &Ctx) -> Result<Option<String>> {
    if let Some(why) = system_packages(ctx, "desktop build", BUILD_PACKAGES)? {
        return Ok(Some(why));
    }
    if let Some(why) = system_packages(ctx, "desktop test", TEST_PACKAGES)? {
        return Ok(Some(why));
    }
    let fix = "Fix what it reports and run `cargo xtask test` again.";
    for features in [&[][..], &["--features", "e2e"][..]] {
        run(
            ctx.cargo()
                .args(["clippy", "-p", "findlens-desktop", "--all-targets"])
                .args(features)
                .args(["--", "-D", "warnings"]),
            fix,
        )?;
    }
    run(ctx.cargo().args(["test", "-p", "findlens-desktop", "--features", "e2e"]), fix)?;
    let tauri_driver = tauri_driver(ctx)?;
    step("cargo build -p findlens-desktop --features e2e");
    run(
        ctx.cargo().args(["build", "-p", "findlens-desktop", "--features", "e2e"]),
        "Read the compiler's messages above.",
    )?;
    let binary = ctx.target_dir.join("debug").join("findlens-desktop");
    let tests = ctx.root.join("tests").join("desktop");
    let verb = if tests.join("package-lock.json").exists() { "ci" } else { "install" };
    step(&format!("npm {verb} in tests/desktop/ (webdriverio)"));
    run(
        ctx.command("npm").args([verb, "--no-audit", "--no-fund"]).current_dir(&tests),
        "Install Node.js with npm and check access to the npm registry.",
    )?;
    let tmp = ctx.fresh_tmp_dir("desktop-e2e")?;
    let display = Xvfb::start(ctx)?;
    step(&format!("Xvfb on {}; dbus-run-session -- node --test tests/desktop/", display.name));
    let result = run(
        ctx.command("dbus-run-session")
            .args(["--", "node", "--test", "--test-concurrency=1", "desktop.test.mjs"])
            .current_dir(&tests)
            .env("DISPLAY", &display.name)
            .env("FINDLENS_DESKTOP_BIN", &binary)
            .env("FINDLENS_ROOT", &ctx.root)
            .env("TAURI_DRIVER", &tauri_driver)
            .env("TMPDIR", &tmp)
            // The app's WebKit data (localStorage) goes to a folder of the test's own.
            .env("XDG_DATA_HOME", tmp.join("data"))
            .env("XDG_CONFIG_HOME", tmp.join("config"))
            .env("XDG_CACHE_HOME", tmp.join("cache")),
        "See the failing test above.",
    );
    display.stop();
    result.map(|()| None)
}

/// An Xvfb display of our own, stopped when the step ends.
pub struct Xvfb {
    child: Child,
    pub name: String,
}

impl Xvfb {
    pub fn start(ctx: &Ctx) -> Result<Xvfb> {
        // The first display number nobody uses.
        let number = (90..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .ok_or_else(|| Error("no free X display number between :90 and :199".into()))?;
        let name = format!(":{number}");
        let child = ctx
            .command("Xvfb")
            .args([name.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error(format!("cannot start Xvfb: {e}")))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let started = Instant::now();
        while !socket.exists() {
            if started.elapsed() > Duration::from_secs(10) {
                let mut display = Xvfb { child, name };
                display.kill();
                return fail("Xvfb did not open its display within 10 s");
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(Xvfb { child, name })
    }

    fn kill(&mut self) {
        _ = self.child.kill();
        _ = self.child.wait();
    }

    pub fn stop(mut self) {
        self.kill();
    }
}

pub mod bench;

#[cfg(test)]
mod tests;
