//! Export: WebKitGTK does not save a Blob-anchor download, so the window hands the text here and
//! Rust asks where to save it with the native Save dialog, then writes to the path the dialog
//! returned. The webview gives a suggested file name only, never a path.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt as _;

/// How an export ended, for the window to say.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Saved {
    Saved,
    Cancelled,
}

/// Asks where to save `text` (suggesting `name`) and writes it there.
#[tauri::command]
pub async fn save_export<R: Runtime>(app: AppHandle<R>, name: String, text: String) -> Result<Saved, String> {
    let name = suggested_name(&name);
    let Some(path) = choose_path(&app, &name) else { return Ok(Saved::Cancelled) };
    write(&path, &text).map(|()| Saved::Saved)
}

#[cfg(not(feature = "e2e"))]
fn choose_path<R: Runtime>(app: &AppHandle<R>, name: &str) -> Option<PathBuf> {
    app.dialog().file().set_file_name(name).blocking_save_file().and_then(|p| p.into_path().ok())
}

/// Test builds cannot click a native dialog: the folder comes from the test's environment, the
/// rest of the path is the same as the release build's.
#[cfg(feature = "e2e")]
fn choose_path<R: Runtime>(app: &AppHandle<R>, name: &str) -> Option<PathBuf> {
    match std::env::var_os("FINDLENS_E2E_SAVE_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(name)),
        None => app.dialog().file().set_file_name(name).blocking_save_file().and_then(|p| p.into_path().ok()),
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("could not write {}: {e}", path.display()))
}

/// The suggested name, reduced to a plain file name: a name from the window cannot point the dialog
/// at another folder.
fn suggested_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() || base == "." || base == ".." {
        "findlens-export.md".to_owned()
    } else {
        base.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_are_plain_file_names() {
        assert_eq!(suggested_name("guide-Recon.md"), "guide-Recon.md");
        assert_eq!(suggested_name("../../etc/passwd"), "passwd");
        assert_eq!(suggested_name("C:\\x\\y.md"), "y.md");
        assert_eq!(suggested_name(".."), "findlens-export.md");
        assert_eq!(suggested_name(""), "findlens-export.md");
    }
}
