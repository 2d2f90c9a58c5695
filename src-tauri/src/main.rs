// No console window on Windows in release; a no-op on Linux and macOS.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    findlens_desktop_lib::run();
}
