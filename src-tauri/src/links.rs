//! Links leave the window. The viewer's links are the AWS documentation and console; they open in
//! the system browser, and nothing else does: any other address opens nothing, and the window never
//! navigates away from the app's own pages. The page hands a clicked link to [`open_link`]; every
//! navigation and new-window request is checked here too. The webview has no opener permission:
//! the check is in Rust.

use tauri::{AppHandle, Runtime, Url};

/// The AWS partitions' documentation and consoles: `https://*.aws.amazon.com`,
/// `https://*.amazonaws.cn`, `https://*.amazonaws-us-gov.com`.
const ALLOWED_SUFFIXES: [&str; 3] = [".aws.amazon.com", ".amazonaws.cn", ".amazonaws-us-gov.com"];

/// Whether `url` is the app's own page (the bundled `dist/`, served by Tauri).
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        // Where the custom protocol is served over http (Windows, Android).
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Whether `url` may open in the system browser.
pub fn may_open_outside(url: &Url) -> bool {
    url.scheme() == "https"
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.host_str().is_some_and(|host| {
            let host = host.to_ascii_lowercase();
            ALLOWED_SUFFIXES.iter().any(|suffix| host.ends_with(suffix))
        })
}

/// Opens `url` in the system browser when it is allowed; otherwise does nothing.
pub fn open_outside<R: Runtime>(app: &AppHandle<R>, url: &Url) {
    if !may_open_outside(url) {
        eprintln!("findlens-desktop: not opening {url}: only AWS documentation and console links open");
        return;
    }
    launch(app, url);
}

/// The page's link clicks: opens `url` in the system browser if it is allowed.
#[tauri::command]
pub fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), String> {
    let url = Url::parse(&url).map_err(|e| format!("not an address: {e}"))?;
    if !may_open_outside(&url) {
        return Err(format!("not opening {url}: only AWS documentation and console links open"));
    }
    launch(&app, &url);
    Ok(())
}

#[cfg(not(feature = "e2e"))]
fn launch<R: Runtime>(app: &AppHandle<R>, url: &Url) {
    use tauri_plugin_opener::OpenerExt as _;
    if let Err(e) = app.opener().open_url(url.as_str(), None::<&str>) {
        eprintln!("findlens-desktop: could not open {url}: {e}");
    }
}

/// Test builds never start a real browser: a recording script named by the test gets the address
/// instead, and without one nothing opens.
#[cfg(feature = "e2e")]
fn launch<R: Runtime>(_app: &AppHandle<R>, url: &Url) {
    match std::env::var_os("FINDLENS_E2E_LINK_OPENER") {
        Some(stub) => _ = std::process::Command::new(stub).arg(url.as_str()).status(),
        None => eprintln!("findlens-desktop (e2e build): would open {url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn only_aws_documentation_and_consoles_open_outside() {
        for ok in [
            "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-ec2.html",
            "https://console.aws.amazon.com/guardduty/home",
            "https://console.amazonaws.cn/guardduty/home",
            "https://console.amazonaws-us-gov.com/guardduty/home",
            "https://DOCS.AWS.AMAZON.COM/x",
        ] {
            assert!(may_open_outside(&url(ok)), "{ok}");
        }
        for no in [
            "http://docs.aws.amazon.com/",
            "https://aws.amazon.com/",
            "https://evil.com/?docs.aws.amazon.com",
            "https://docs.aws.amazon.com.evil.com/",
            "https://evilaws.amazon.com/",
            "https://user@docs.aws.amazon.com/",
            "https://docs.aws.amazon.com:8443/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "tauri://localhost/index.html",
        ] {
            assert!(!may_open_outside(&url(no)), "{no}");
        }
    }

    #[test]
    fn the_app_pages_are_the_bundled_ones() {
        assert!(is_app_page(&url("tauri://localhost/index.html#samples")));
        assert!(is_app_page(&url("http://tauri.localhost/")));
        assert!(!is_app_page(&url("https://docs.aws.amazon.com/")));
        assert!(!is_app_page(&url("http://localhost:8417/")));
    }
}
