//! `cargo xtask bench --desktop [--runs N]`: what the desktop app costs, measured on the release
//! build the `.deb` ships. The `.deb`'s and the binary's size; the start to first paint (from
//! spawning the binary until the window's page area shows the viewer's pixels, read back from the
//! X server); and the idle memory of the app and its WebKit processes 10 s after that paint.
//!
//! Each run starts on an Xvfb display of its own with fresh data folders and no session bus. When
//! this is root and the kernel allows it, the page cache is dropped before each run, so the start
//! is cold (the output says which it was). Polling the window costs some CPU during the start,
//! so the times are upper bounds. Under Xvfb WebKit draws with Mesa's software GL (llvmpipe), whose
//! LLVM library counts in RSS and PSS; the anonymous figure is the processes' own memory.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{step, system_packages, Xvfb};
use crate::cmd::{fail, output, Ctx, Error, Result};

/// What reading the window back needs: `xwd` (x11-apps) and `xdotool` to find the window.
const BENCH_PACKAGES: &[&str] = &["xvfb", "x11-apps", "xdotool"];
/// How long the app idles after its first paint before its memory is read.
const IDLE: Duration = Duration::from_secs(10);

pub fn bench(ctx: &Ctx, runs: usize) -> Result<()> {
    super::bundle(ctx, false)?;
    if let Some(why) = system_packages(ctx, "desktop bench", BENCH_PACKAGES)? {
        return fail(why);
    }
    let release = ctx.target_dir.join("release");
    let binary = release.join("findlens-desktop");
    let deb = fs::read_dir(release.join("bundle").join("deb"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or_else(|| Error("no .deb in target/release/bundle/deb".into()))?;
    let mb = |p: &Path| fs::metadata(p).map(|m| m.len() as f64 / 1e6);
    step(&format!(".deb {:.2} MB; binary {:.2} MB ({})", mb(&deb)?, mb(&binary)?, binary.display()));

    let mut paints = Vec::new();
    let mut memory = Vec::new();
    for run in 1..=runs {
        let cold = drop_page_cache();
        let display = Xvfb::start(ctx)?;
        let data = ctx.fresh_tmp_dir("desktop-bench")?;
        let started = Instant::now();
        let mut app = ctx
            .command(&binary)
            .env("DISPLAY", &display.name)
            .env("XDG_DATA_HOME", data.join("data"))
            .env("XDG_CONFIG_HOME", data.join("config"))
            .env("XDG_CACHE_HOME", data.join("cache"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error(format!("cannot start {}: {e}", binary.display())))?;
        let paint = first_paint(ctx, &display.name, started);
        let measured = paint.map(|paint| {
            thread::sleep(IDLE);
            (paint, tree_memory(app.id()))
        });
        stop_tree(&mut app);
        display.stop();
        let (paint, m) = measured?;
        step(&format!(
            "run {run}/{runs} ({}): first paint {} ms; idle after {} s: {} processes, PSS {}, anonymous {}, RSS {}",
            if cold { "page cache dropped" } else { "page cache warm" },
            paint.as_millis(),
            IDLE.as_secs(),
            m.processes,
            mib(m.pss),
            mib(m.anonymous),
            mib(m.rss),
        ));
        paints.push(paint.as_millis());
        memory.push((m.pss, m.anonymous, m.rss));
    }
    paints.sort_unstable();
    memory.sort_unstable();
    let (pss, anonymous, rss) = memory[memory.len() / 2];
    step(&format!(
        "median of {runs}: first paint {} ms (min {}, max {}); idle PSS {}, anonymous {}, RSS {}",
        paints[paints.len() / 2],
        paints[0],
        paints[paints.len() - 1],
        mib(pss),
        mib(anonymous),
        mib(rss),
    ));
    Ok(())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Empties the kernel's page cache (root only, and not in every container). Whether it did.
fn drop_page_cache() -> bool {
    // `sync` first, so dirty pages can be dropped too.
    _ = std::process::Command::new("sync").status();
    fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

/// Polls the window until its page area shows the viewer, and returns the time since `started`.
fn first_paint(ctx: &Ctx, display: &str, started: Instant) -> Result<Duration> {
    let timeout = Duration::from_secs(60);
    while started.elapsed() < timeout {
        let window = output(
            ctx.command("xdotool").args(["search", "--onlyvisible", "--name", "^Findlens"]).env("DISPLAY", display),
        )
        .and_then(|ids| ids.lines().next().map(str::to_owned));
        if let Some(id) = window {
            let dump = ctx.command("xwd").args(["-silent", "-id", &id]).env("DISPLAY", display).output();
            if let Ok(dump) = dump {
                if dump.status.success() && painted(&dump.stdout) {
                    return Ok(started.elapsed());
                }
            }
        }
        thread::sleep(Duration::from_millis(5));
    }
    fail(format!("the window showed no page within {} s", timeout.as_secs()))
}

/// Whether an XWD dump of the window shows a painted page: below the menu bar (the top sixth),
/// more than 8 distinct colours. An unpainted webview is one flat colour; the viewer's text is
/// anti-aliased into dozens.
fn painted(xwd: &[u8]) -> bool {
    // The XWD header is written most significant byte first; its fields are 32-bit.
    let field =
        |index: usize| xwd.get(index * 4..index * 4 + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let (Some(header), Some(height), Some(bits), Some(line), Some(colours)) =
        (field(0), field(5), field(11), field(12), field(19))
    else {
        return false;
    };
    if bits != 32 || line == 0 {
        return false;
    }
    let Some(pixels) = xwd.get(header + colours * 12..) else { return false };
    let mut seen = HashSet::new();
    for row in pixels.chunks_exact(line).take(height).skip(height / 6) {
        for pixel in row.chunks_exact(4) {
            seen.insert([pixel[0], pixel[1], pixel[2], pixel[3]]);
            if seen.len() > 8 {
                return true;
            }
        }
    }
    false
}

/// The process `root` and everything it started (WebKit's web and network processes).
fn tree(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        // The parent is the 2nd field after the parenthesised command name.
        let stat = fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let parent = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut all = vec![root];
    let mut at = 0;
    while at < all.len() {
        all.extend(children.get(&all[at]).cloned().unwrap_or_default());
        at += 1;
    }
    all
}

/// Memory of the process tree in KiB: resident (RSS), proportional (PSS: each shared library page
/// divided among the processes that map it), and anonymous (the processes' own heaps and stacks,
/// no library at all); and how many processes there are.
struct Memory {
    rss: u64,
    pss: u64,
    anonymous: u64,
    processes: usize,
}

fn tree_memory(root: u32) -> Memory {
    let pids = tree(root);
    let (mut rss, mut pss, mut anonymous) = (0, 0, 0);
    for pid in &pids {
        let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let kib = |key: &str| {
            rollup.lines().find_map(|l| l.strip_prefix(key)?.split_whitespace().next()?.parse::<u64>().ok())
        };
        rss += kib("Rss:").unwrap_or(0);
        pss += kib("Pss:").unwrap_or(0);
        anonymous += kib("Anonymous:").unwrap_or(0);
    }
    Memory { rss, pss, anonymous, processes: pids.len() }
}

/// Stops the app and the processes it started.
fn stop_tree(app: &mut Child) {
    for pid in tree(app.id()).into_iter().skip(1) {
        _ = std::process::Command::new("kill").arg(pid.to_string()).status();
    }
    _ = app.kill();
    _ = app.wait();
}

#[cfg(test)]
mod tests {
    use super::painted;

    /// An XWD dump: a 100-byte header (25 fields) and `height` rows of 4-byte pixels.
    fn dump(width: usize, height: usize, pixel: impl Fn(usize, usize) -> [u8; 4]) -> Vec<u8> {
        let mut fields = [0u32; 25];
        fields[0] = 100;
        fields[5] = height as u32;
        fields[11] = 32;
        fields[12] = (width * 4) as u32;
        let mut out: Vec<u8> = fields.iter().flat_map(|f| f.to_be_bytes()).collect();
        for y in 0..height {
            for x in 0..width {
                out.extend(pixel(x, y));
            }
        }
        out
    }

    #[test]
    fn a_flat_window_is_not_painted_and_one_with_text_is() {
        assert!(!painted(&dump(40, 60, |_, _| [255, 255, 255, 0])));
        // Colours only in the menu bar's rows do not count.
        assert!(!painted(&dump(40, 60, |x, y| if y < 5 { [x as u8, 0, 0, 0] } else { [255; 4] })));
        assert!(painted(&dump(40, 60, |x, y| if y > 30 { [x as u8, 0, 0, 0] } else { [255; 4] })));
        assert!(!painted(b"short"));
    }
}
