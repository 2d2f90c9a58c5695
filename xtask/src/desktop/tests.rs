//! The desktop app's boundary, checked from its files: what the capabilities grant, which plugins
//! it links, and its Content-Security-Policy against the web page's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::web;

fn src_tauri() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("src-tauri")
}

fn json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Everything the window may be granted: the core events that hand it opened files, the
/// clipboard's write-text, and the app's own commands. No dialog permission is needed: both
/// dialogs are opened by Rust. No opener permission either: `open_link` checks the address in Rust.
const ALLOWED: [&str; 8] = [
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "clipboard-manager:allow-write-text",
    "allow-take-opened",
    "allow-take-file",
    "allow-save-export",
    "allow-set-title",
    "allow-open-link",
];

#[test]
fn capabilities_grant_nothing_beyond_the_list() {
    let dir = src_tauri().join("capabilities");
    let mut granted = BTreeSet::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("capabilities folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        files += 1;
        let cap = json(&path);
        let name = path.display();
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "{name}: only the main window");
        assert!(cap.get("remote").is_none(), "{name}: no remote URL may be granted anything");
        assert!(cap.get("webviews").is_none() && cap.get("platforms").is_none(), "{name}: unexpected keys");
        for permission in cap["permissions"].as_array().expect("permissions array") {
            // A permission with its own scope is an object: none is allowed.
            let id = permission.as_str().unwrap_or_else(|| panic!("{name}: scoped permission {permission}"));
            assert!(ALLOWED.contains(&id), "{name} grants {id}, which is not on the list");
            granted.insert(id.to_owned());
        }
    }
    assert!(files >= 3, "one capability file per concern");
    assert_eq!(granted, ALLOWED.iter().map(|s| (*s).to_owned()).collect(), "the list is what the app uses");
}

#[test]
fn the_test_only_capability_grants_only_the_test_command() {
    let cap = json(&src_tauri().join("e2e").join("capability.json"));
    assert_eq!(cap["permissions"], serde_json::json!(["allow-e2e-open"]));
    let build = std::fs::read_to_string(src_tauri().join("build.rs")).expect("build.rs");
    let release = build.lines().find(|l| l.starts_with("const COMMANDS")).expect("COMMANDS in build.rs");
    assert!(!release.contains("e2e"), "the release build declares no test command: {release}");
}

#[test]
fn links_only_the_plugins_it_needs() {
    let manifest = std::fs::read_to_string(src_tauri().join("Cargo.toml")).expect("Cargo.toml");
    let plugins: BTreeSet<&str> = manifest
        .lines()
        .filter_map(|l| l.trim().strip_prefix("tauri-plugin-"))
        .filter_map(|l| l.split([' ', '=']).next())
        .collect();
    let expected: BTreeSet<&str> = ["dialog", "clipboard-manager", "single-instance", "opener"].into();
    assert_eq!(plugins, expected, "no shell, http or fs plugin");
    let tauri = manifest.lines().find(|l| l.starts_with("tauri =")).expect("tauri dependency");
    assert!(!tauri.contains("shell") && !tauri.contains("protocol-asset"), "{tauri}");
}

/// A policy as directive → sources.
fn directives(policy: &str) -> BTreeMap<String, BTreeSet<String>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_owned();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

#[test]
fn desktop_policy_is_the_web_policy_plus_the_ipc_sources() {
    let conf = json(&src_tauri().join("tauri.conf.json"));
    let security = &conf["app"]["security"];
    let desktop = directives(security["csp"].as_str().expect("app.security.csp is a string"));
    // The inline loader's hash is added by each build (Trunk's output, Tauri's own hashing).
    let web = directives(&web::policy(&[], &[]));
    assert_eq!(desktop.keys().collect::<Vec<_>>(), web.keys().collect::<Vec<_>>(), "the same directives");
    let mut added = Vec::new();
    for (name, sources) in &desktop {
        let on_web = &web[name];
        assert!(on_web.is_subset(sources), "{name}: the desktop drops {:?}", on_web.difference(sources));
        added.extend(sources.difference(on_web).map(|s| format!("{name} {s}")));
    }
    assert_eq!(added, ["connect-src http://ipc.localhost", "connect-src ipc:"], "only Tauri's IPC is added");
    assert!(security.get("dangerousDisableAssetCspModification").is_none());
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false), "no window.__TAURI__ global");
}
