//! Findlens on the desktop: the same viewer as the web page (the release web build in `dist/`), in
//! a Tauri window. What the desktop adds lives here, and only here: opening files from the menu,
//! the command line and a second launch ([`opened`]), saving exports ([`export`]), the window
//! title, and links that leave the window ([`links`]). The webview reaches none of it except
//! through the commands below and the permissions in `capabilities/`.

mod assets;
mod export;
mod links;
mod menu;
mod opened;

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::opened::Opened;

/// The one window's label (the capabilities name it).
const MAIN: &str = "main";

/// Sets the window title to what the window says is open.
#[tauri::command]
fn set_title<R: Runtime>(window: tauri::WebviewWindow<R>, title: String) -> Result<(), String> {
    // One line, short: the title bar is no place for a whole finding.
    let title: String = title.chars().filter(|c| !c.is_control()).take(200).collect();
    window.set_title(&title).map_err(|e| e.to_string())
}

/// Test builds only: feeds `path` to the code the Open dialog's choice goes through.
#[cfg(feature = "e2e")]
#[tauri::command]
fn e2e_open<R: Runtime>(app: AppHandle<R>, path: String) {
    opened::open_paths(&app, &[std::path::PathBuf::from(path)]);
}

fn main_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<tauri::WebviewWindow<R>> {
    let nav_app = app.clone();
    let new_window_app = app.clone();
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::default())
        .title("Findlens")
        .inner_size(1100.0, 800.0)
        .min_inner_size(480.0, 400.0)
        // Files dropped on the window reach the page as the browser's own drop (the page's drop
        // code reads them as bytes); Tauri's native drop would hand the page paths.
        .disable_drag_drop_handler()
        .on_navigation(move |url| {
            if links::is_app_page(url) {
                return true;
            }
            links::open_outside(&nav_app, url);
            false
        })
        .on_new_window(move |url, _features| {
            links::open_outside(&new_window_app, &url);
            tauri::webview::NewWindowResponse::Deny
        })
        .build()
}

pub fn run() {
    let mut context = tauri::generate_context!();
    assets::wrap(&mut context);

    let builder = tauri::Builder::default()
        // First, so a second launch hands over its files and exits before anything else starts.
        // Without a session bus the plugin lets the app start on its own.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            let paths = opened::paths_from_args(&args, std::path::Path::new(&cwd));
            opened::open_paths(app, &paths);
            if let Some(window) = app.get_webview_window(MAIN) {
                _ = window.unminimize();
                _ = window.show();
                _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Opened::default())
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .setup(|app| {
            main_window(app.handle())?;
            let args: Vec<String> = std::env::args().collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            opened::open_paths(app.handle(), &opened::paths_from_args(&args, &cwd));
            #[cfg(feature = "e2e")]
            app.add_capability(include_str!("../e2e/capability.json"))?;
            Ok(())
        });

    #[cfg(not(feature = "e2e"))]
    let builder = builder.invoke_handler(tauri::generate_handler![
        opened::take_opened,
        opened::take_file,
        export::save_export,
        set_title,
        links::open_link
    ]);
    #[cfg(feature = "e2e")]
    let builder = builder.invoke_handler(tauri::generate_handler![
        opened::take_opened,
        opened::take_file,
        export::save_export,
        set_title,
        links::open_link,
        e2e_open
    ]);

    if let Err(e) = builder.run(context) {
        eprintln!("findlens-desktop: {e}");
        std::process::exit(1);
    }
}
