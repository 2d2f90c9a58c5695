//! What every task shares: the error type, the workspace's paths and the PATH that child processes
//! get, and running a command with a message that says what failed and what to do.

use std::cell::RefCell;
use std::collections::HashSet;
use std::env;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A failed task, with a message for the person who ran it.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(Error(message.into()))
}

/// Paths and environment every task shares.
pub struct Ctx {
    /// The workspace root (the folder with the top `Cargo.toml`).
    pub root: PathBuf,
    /// Cargo's target folder: `$CARGO_TARGET_DIR` or `<root>/target`.
    pub target_dir: PathBuf,
    /// Where npm-installed tools live (wasm-opt): outside the clone, kept between runs.
    pub tools_dir: PathBuf,
    /// Where `cargo install` puts binaries.
    pub cargo_bin: PathBuf,
    /// PATH for child processes: the tools folder's `node_modules/.bin`, cargo's bin, then PATH.
    path: OsString,
    /// Tool steps already done in this run (each is checked once).
    done: RefCell<HashSet<&'static str>>,
}

impl Ctx {
    pub fn new() -> Result<Ctx> {
        // `cargo run` (and so `cargo xtask`) sets CARGO_MANIFEST_DIR for the running program: prefer
        // it to the compile-time value, which names wherever the binary was built. With a target
        // folder shared between clones, cargo reuses a binary built in another clone, whose path may
        // be gone.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error("the xtask crate has no parent folder".into()))?;
        let cwd = env::current_dir()?;
        let target_dir = match env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => cwd.join(dir),
            None => root.join("target"),
        };
        let home = env::var_os("HOME").filter(|v| !v.is_empty()).map(PathBuf::from);
        let tools_dir = tools_dir(env::var_os("FINDLENS_TOOLS_DIR"), env::var_os("XDG_CACHE_HOME"), home.clone())
            .ok_or_else(|| {
                Error("neither HOME nor XDG_CACHE_HOME is set: set FINDLENS_TOOLS_DIR to a folder for tools".into())
            })?;
        let cargo_bin = match (env::var_os("CARGO_HOME").filter(|v| !v.is_empty()), home) {
            (Some(cargo_home), _) => PathBuf::from(cargo_home).join("bin"),
            (None, Some(home)) => home.join(".cargo").join("bin"),
            (None, None) => PathBuf::from(".cargo/bin"),
        };
        let mut dirs = vec![tools_dir.join("node_modules").join(".bin"), cargo_bin.clone()];
        if let Some(path) = env::var_os("PATH") {
            dirs.extend(env::split_paths(&path));
        }
        let path = env::join_paths(dirs).map_err(|e| Error(format!("cannot build PATH for child processes: {e}")))?;
        Ok(Ctx { root, target_dir, tools_dir, cargo_bin, path, done: RefCell::default() })
    }

    /// Runs the tool step `name` once per run: later calls return Ok at once.
    pub fn once(&self, name: &'static str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        if self.done.borrow().contains(name) {
            return Ok(());
        }
        step()?;
        self.done.borrow_mut().insert(name);
        Ok(())
    }

    /// A command for `program` (looked up on the children's PATH), run in the workspace root.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let program = program.as_ref();
        let resolved =
            self.find_on_path(program).map(PathBuf::into_os_string).unwrap_or_else(|| program.to_os_string());
        let mut cmd = Command::new(resolved);
        cmd.env("PATH", &self.path).current_dir(&self.root);
        cmd
    }

    /// A command for the cargo that runs this xtask (so the same toolchain builds everything).
    pub fn cargo(&self) -> Command {
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        self.command(cargo)
    }

    /// The first executable file named `program` on the children's PATH (or `program` itself if
    /// it is a path).
    pub fn find_on_path(&self, program: &OsStr) -> Option<PathBuf> {
        if Path::new(program).components().count() > 1 {
            return Some(PathBuf::from(program));
        }
        env::split_paths(&self.path).map(|dir| dir.join(program)).find(|candidate| is_executable(candidate))
    }

    /// A folder for temporary files under the target folder, emptied first.
    pub fn fresh_tmp_dir(&self, name: &str) -> Result<PathBuf> {
        let dir = self.target_dir.join("xtask-tmp").join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error(format!("cannot empty {}: {e}", dir.display())))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))?;
        Ok(dir)
    }
}

fn tools_dir(explicit: Option<OsString>, xdg_cache: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(dir) = explicit.filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(cache) = xdg_cache.filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(cache).join("findlens-tools"));
    }
    home.map(|home| home.join(".cache").join("findlens-tools"))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
}

/// How a command reads in a message: the program's file name and its arguments.
pub fn describe(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program()).file_name().unwrap_or(cmd.get_program()).to_string_lossy().into_owned();
    let mut shown = program;
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        shown.push(' ');
        if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || c == '\'') {
            shown.push('\'');
            shown.push_str(&arg.replace('\'', r"'\''"));
            shown.push('\'');
        } else {
            shown.push_str(&arg);
        }
    }
    shown
}

/// Runs `cmd` with the terminal as its output; fails with `hint` (what to do) when it fails.
pub fn run(cmd: &mut Command, hint: &str) -> Result<()> {
    let shown = describe(cmd);
    let status = cmd.status().map_err(|e| Error(format!("could not start `{shown}`: {e}. {hint}")))?;
    if status.success() {
        Ok(())
    } else {
        fail(format!("`{shown}` failed ({status}). {hint}"))
    }
}

/// Runs `cmd` quietly and returns its stdout and stderr if it ran and succeeded.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(text)
}

/// Seconds with one decimal, for timings.
pub fn secs(d: std::time::Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_dir_prefers_explicit_then_xdg_then_home() {
        let home = Some(PathBuf::from("/home/a"));
        assert_eq!(tools_dir(Some("/t".into()), Some("/c".into()), home.clone()), Some(PathBuf::from("/t")));
        assert_eq!(tools_dir(None, Some("/c".into()), home.clone()), Some(PathBuf::from("/c/findlens-tools")));
        assert_eq!(
            tools_dir(Some("".into()), Some("".into()), home),
            Some(PathBuf::from("/home/a/.cache/findlens-tools"))
        );
        assert_eq!(tools_dir(None, None, None), None);
    }

    #[test]
    fn describe_quotes_arguments_with_spaces() {
        let mut cmd = Command::new("/usr/bin/cargo");
        cmd.args(["clippy", "--", "-D warnings", "it's"]);
        assert_eq!(describe(&cmd), r"cargo clippy -- '-D warnings' 'it'\''s'");
    }
}
