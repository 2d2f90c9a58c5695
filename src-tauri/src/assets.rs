//! The bundled `dist/` as the window sees it. It is the release web build unchanged, except that
//! the `<meta>` Content-Security-Policy the web build writes into `index.html` is left out: a page
//! obeys every policy it is given, and the web one (`connect-src 'self'`) blocks the `ipc:` requests
//! Tauri's IPC makes. The window's policy is the `csp` of `tauri.conf.json` instead, sent as a
//! header: the web policy plus exactly the IPC sources (a test in xtask checks the difference).

use std::borrow::Cow;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Runtime};

/// Puts [`DesktopAssets`] around the assets `generate_context!` embedded.
pub fn wrap<R: Runtime>(context: &mut tauri::Context<R>) {
    let inner = context.set_assets(Box::new(NoAssets));
    context.set_assets(Box::new(DesktopAssets { inner }));
}

struct DesktopAssets<R: Runtime> {
    inner: Box<dyn Assets<R>>,
}

/// Holds the place for a moment while the embedded assets move into [`DesktopAssets`].
struct NoAssets;

impl<R: Runtime> Assets<R> for NoAssets {
    fn get(&self, _key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

impl<R: Runtime> Assets<R> for DesktopAssets<R> {
    fn setup(&self, app: &tauri::App<R>) {
        self.inner.setup(app);
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let bytes = self.inner.get(key)?;
        if !key.as_ref().ends_with(".html") {
            return Some(bytes);
        }
        let html = String::from_utf8_lossy(&bytes);
        Some(Cow::Owned(without_meta_csp(&html).into_bytes()))
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.inner.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.inner.csp_hashes(html_path)
    }
}

/// `html` without its `<meta http-equiv="Content-Security-Policy" …>` elements.
pub fn without_meta_csp(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(start) = lower[at..].find("<meta").map(|i| at + i) {
        let Some(end) = lower[start..].find('>').map(|i| start + i + 1) else { break };
        out.push_str(&html[at..start]);
        if !lower[start..end].contains("content-security-policy") {
            out.push_str(&html[start..end]);
        }
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_csp_meta_goes() {
        let html = "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
                    <meta charset=\"utf-8\"><title>Findlens</title></head>";
        assert_eq!(without_meta_csp(html), "<head>\n<meta charset=\"utf-8\"><title>Findlens</title></head>");
        assert_eq!(without_meta_csp("<p>no meta</p>"), "<p>no meta</p>");
        assert_eq!(without_meta_csp("<META HTTP-EQUIV=content-security-policy content=x>ok"), "ok");
    }
}
