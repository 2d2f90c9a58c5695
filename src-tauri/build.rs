//! Tauri's build step, with the app's own commands declared: each gets an `allow-…` permission, and
//! a command no capability grants cannot be called from the window.

/// The commands every build has.
const COMMANDS: &[&str] = &["take_opened", "take_file", "save_export", "set_title", "open_link"];
/// The test build adds one: a path fed to the Open dialog's code (see `e2e/capability.json`).
const E2E_COMMANDS: &[&str] = &["take_opened", "take_file", "save_export", "set_title", "open_link", "e2e_open"];

fn main() {
    let e2e = std::env::var_os("CARGO_FEATURE_E2E").is_some();
    let manifest = tauri_build::AppManifest::new().commands(if e2e { E2E_COMMANDS } else { COMMANDS });
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
