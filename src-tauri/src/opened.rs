//! Files the user opened, on their way to the window. Every way of opening a file (the Open
//! dialog, the command line, a second launch, and in tests the `e2e` feature) ends in
//! [`open_paths`]: Rust reads the bytes here, keeps them under a number, and nudges the window with
//! an event. The window then asks for what is waiting ([`take_opened`]) and takes each file's bytes
//! by number ([`take_file`]) as a raw IPC response. The webview never sees or names a path.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event that tells the window files are waiting. It carries nothing: the window asks.
pub const OPENED_EVENT: &str = "findlens://opened";

/// One opened file, as the window learns of it: its name and either a number to take its bytes
/// by, or why it could not be read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Announced {
    pub name: String,
    /// Set when the bytes were read: pass it to `take_file`.
    pub id: Option<u64>,
    /// Set when they were not: the system's words.
    pub error: Option<String>,
}

/// What is waiting for the window.
#[derive(Default)]
pub struct Opened {
    inner: Mutex<Waiting>,
}

#[derive(Default)]
struct Waiting {
    next_id: u64,
    announced: VecDeque<Announced>,
    bytes: BTreeMap<u64, Vec<u8>>,
}

impl Opened {
    /// Reads `path` and queues it (or why it failed) for the window.
    pub fn add_path(&self, path: &Path) {
        let name = display_name(path);
        let read = std::fs::read(path);
        let Ok(mut waiting) = self.inner.lock() else { return };
        let entry = match read {
            Ok(bytes) => {
                waiting.next_id += 1;
                let id = waiting.next_id;
                waiting.bytes.insert(id, bytes);
                Announced { name, id: Some(id), error: None }
            }
            Err(e) => Announced { name, id: None, error: Some(e.to_string()) },
        };
        waiting.announced.push_back(entry);
    }

    /// Everything announced since the last call, in the order it was opened.
    pub fn take_announced(&self) -> Vec<Announced> {
        self.inner.lock().map(|mut w| w.announced.drain(..).collect()).unwrap_or_default()
    }

    /// The bytes of file `id`, once: they are dropped from here as they are handed over.
    pub fn take_bytes(&self, id: u64) -> Option<Vec<u8>> {
        self.inner.lock().ok().and_then(|mut w| w.bytes.remove(&id))
    }
}

/// The file's own name, for the load report and the window title (never the folder it is in).
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned())
}

/// The paths among a launch's arguments: everything after the program name that is not an option,
/// resolved against the folder the launch ran in.
pub fn paths_from_args(args: &[String], cwd: &Path) -> Vec<PathBuf> {
    args.iter().skip(1).filter(|a| !a.starts_with('-')).map(|a| cwd.join(a)).collect()
}

/// Reads `paths`, queues them for the window, and tells it.
pub fn open_paths<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    if paths.is_empty() {
        return;
    }
    let opened = app.state::<Opened>();
    for path in paths {
        opened.add_path(path);
    }
    // The window may not be listening yet (a launch with files): it asks once at start too.
    _ = app.emit(OPENED_EVENT, ());
}

/// What is waiting for the window (see the module comment).
#[tauri::command]
pub fn take_opened(opened: tauri::State<'_, Opened>) -> Vec<Announced> {
    opened.take_announced()
}

/// The bytes of an announced file, raw: no JSON array of numbers for a 50 MB export.
#[tauri::command]
pub fn take_file(opened: tauri::State<'_, Opened>, id: u64) -> Result<tauri::ipc::Response, String> {
    opened
        .take_bytes(id)
        .map(tauri::ipc::Response::new)
        .ok_or_else(|| "this file was already handed over or never opened".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_and_reports_the_ones_it_cannot() {
        let dir = std::env::temp_dir().join(format!("findlens-opened-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("a.json");
        std::fs::write(&file, b"{}").expect("write");
        let opened = Opened::default();
        opened.add_path(&file);
        opened.add_path(&dir.join("missing.json"));
        let announced = opened.take_announced();
        assert_eq!(announced.len(), 2);
        assert_eq!(announced[0].name, "a.json");
        let id = announced[0].id.expect("read");
        assert_eq!(announced[1].name, "missing.json");
        assert!(announced[1].id.is_none() && announced[1].error.is_some());
        assert!(opened.take_announced().is_empty(), "announced once");
        assert_eq!(opened.take_bytes(id).as_deref(), Some(&b"{}"[..]));
        assert_eq!(opened.take_bytes(id), None, "handed over once");
        _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn launch_arguments_are_paths_after_the_program_name() {
        let args: Vec<String> = ["findlens-desktop", "a.json", "--flag", "/abs/b.jsonl.gz"].map(String::from).into();
        assert_eq!(
            paths_from_args(&args, Path::new("/home/u")),
            vec![PathBuf::from("/home/u/a.json"), PathBuf::from("/abs/b.jsonl.gz")]
        );
    }
}
