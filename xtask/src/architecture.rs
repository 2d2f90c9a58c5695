//! Checks on the app's source that keep the crate walls where the architecture puts them: the core
//! decides what a finding means (reading, merging, facets, step ids, "what happened"), the app only
//! shows it; the host is reached through `app/src/platform/` only; and no app file grows past 400
//! lines. They read `app/src/**/*.rs` as text, so they run with the xtask unit tests, without
//! building the app.

#![cfg(test)]

use std::fs;
use std::path::{Path, PathBuf};

/// The longest an app source file may be.
const MAX_LINES: usize = 400;

/// Code that would mean the app computes what the core owns, and where that belongs instead.
const CORE_OWNS: &[(&str, &str)] = &[
    ("serde_json::Value", "walking JSON belongs in the core: read the core's model, or `findlens_core::raw` nodes"),
    ("serde_json::from_", "parsing belongs in the core's readers (`Incremental`)"),
    (".as_object(", "walking JSON belongs in the core: read the core's model, or `findlens_core::raw` nodes"),
    (".as_array(", "walking JSON belongs in the core: read the core's model, or `findlens_core::raw` nodes"),
    ("fn merge(", "merging a load belongs in the core's `Store` (its merge says where each finding landed)"),
    ("fn facets(", "facets belong in the core's `Store`"),
    ("fn step_ids(", "step ids belong in the core (`guide::step_ids`, `Store::step_ids`)"),
    ("fn describe(", "the \"what happened\" sections belong in the core's `describe` module"),
    ("fn what_happened(", "the \"what happened\" sections belong in the core's `describe` module"),
    ("fn field_path(", "field paths come from the core's wire names (`findlens_core::raw`, `describe`)"),
];

/// Calls that reach the host, which only `app/src/platform/` may make.
const HOST_ONLY: &[&str] = &[
    "local_storage(",
    "session_storage(",
    "navigator(",
    "js_sys::Reflect",
    "js_sys::Date",
    "FileReader",
    "Blob",
    "create_object_url",
    "set_timeout_with_callback",
    "performance(",
    ".print(",
    "gloo_",
];

fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every app source file with its text and a short name, comments left out (a doc comment may name
/// what it does not do).
fn sources() -> Vec<(String, String)> {
    let root = app_src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 10, "found only {} files under {}", files.len(), root.display());
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string().replace('\\', "/");
            (name, text)
        })
        .collect()
}

fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")).map(|(i, l)| (i + 1, l))
}

#[test]
fn the_app_computes_nothing_the_core_owns() {
    let mut found = Vec::new();
    for (name, text) in sources() {
        for (n, line) in code_lines(&text) {
            for (pattern, why) in CORE_OWNS {
                if line.contains(pattern) {
                    found.push(format!("app/src/{name}:{n}: `{pattern}`: {why}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "the app computes what the core owns:\n{}", found.join("\n"));
}

#[test]
fn the_app_does_not_depend_on_serde_json() {
    let manifest = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/Cargo.toml"))
        .unwrap_or_else(|e| panic!("app/Cargo.toml: {e}"));
    assert!(
        !manifest.lines().any(|l| l.trim_start().starts_with("serde_json")),
        "app/Cargo.toml depends on serde_json: reading and walking JSON belong in the core"
    );
}

#[test]
fn only_the_platform_reaches_the_host() {
    let mut found = Vec::new();
    for (name, text) in sources() {
        if name.starts_with("platform/") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            for pattern in HOST_ONLY {
                if line.contains(pattern) {
                    found.push(format!("app/src/{name}:{n}: `{pattern}`"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "these reach the host directly; go through `crate::platform` (and add what is missing there):\n{}",
        found.join("\n")
    );
}

#[test]
fn app_files_stay_short() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(name, text)| (name, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(name, lines)| format!("app/src/{name}: {lines} lines"))
        .collect();
    assert!(long.is_empty(), "app files over {MAX_LINES} lines; split them by what they show:\n{}", long.join("\n"));
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let bad = "fn facets(rows: &[Row]) {}\n// fn merge( in a comment is fine\nlet v: serde_json::Value = x;";
    let hits: Vec<usize> =
        code_lines(bad).filter(|(_, l)| CORE_OWNS.iter().any(|(p, _)| l.contains(p))).map(|(n, _)| n).collect();
    assert_eq!(hits, vec![1, 3]);
}
