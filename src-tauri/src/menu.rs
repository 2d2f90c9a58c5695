//! The window's menu: File → Open… (Ctrl+O, several files at once) and Quit. The Open dialog is
//! native and runs here in Rust; its choice goes to [`crate::opened::open_paths`] like every other
//! way of opening a file.

use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt as _;

const OPEN_ID: &str = "open";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let open = MenuItem::with_id(app, OPEN_ID, "&Open…", true, Some("CmdOrCtrl+O"))?;
    let quit = PredefinedMenuItem::quit(app, Some("Quit"))?;
    let file = Submenu::with_items(app, "&File", true, &[&open, &quit])?;
    Menu::with_items(app, &[&file])
}

pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    if event.id() == OPEN_ID {
        let app = app.clone();
        app.dialog()
            .file()
            .set_title("Open findings")
            .add_filter("GuardDuty findings", &["json", "jsonl", "gz"])
            .pick_files(move |chosen| {
                let paths: Vec<_> = chosen.unwrap_or_default().into_iter().filter_map(|p| p.into_path().ok()).collect();
                crate::opened::open_paths(&app, &paths);
            });
    }
}
