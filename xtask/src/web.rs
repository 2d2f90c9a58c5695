//! The release web build: `trunk build --release`, then a strict Content-Security-Policy added to
//! `dist/index.html` and a check that every URL the page loads is relative and exists.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::cmd::{fail, run, secs, Ctx, Error, Result};
use crate::tools;

/// The cargo profile of the Wasm bundle (defined in the workspace's Cargo.toml).
pub const CARGO_PROFILE: &str = "wasm-release";

/// Builds the release web app into `<root>/dist` and returns that folder.
pub fn build_release(ctx: &Ctx) -> Result<PathBuf> {
    tools::web_build(ctx)?;
    fetch(ctx)?;
    check_lock_file(ctx)?;

    println!("[web] trunk build --release --cargo-profile {CARGO_PROFILE}");
    let started = Instant::now();
    run(
        ctx.command("trunk")
            .args(["build", "--release", "--cargo-profile", CARGO_PROFILE]),
        "Read Trunk's messages above; the app crate must build with `cargo build -p findlens-app --target wasm32-unknown-unknown`.",
    )?;
    println!("[web] trunk build took {}", secs(started.elapsed()));

    let dist = ctx.root.join("dist");
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index)
        .map_err(|e| Error(format!("cannot read {} after trunk build: {e}", index.display())))?;
    let html = add_csp(&html)?;
    check_urls(&html, &dist)?;
    fs::write(&index, &html).map_err(|e| Error(format!("cannot write {}: {e}", index.display())))?;
    println!(
        "[web] added the Content-Security-Policy to {} ({} inline script(s) hashed)",
        index.display(),
        inline_bodies(&html, "script").len()
    );
    Ok(dist)
}

/// Trunk passes `--offline` to cargo (Trunk.toml: `offline = true`), so fetch crates first.
pub fn fetch(ctx: &Ctx) -> Result<()> {
    println!("[web] cargo fetch (Trunk builds offline)");
    run(ctx.cargo().arg("fetch"), "Check your network access to crates.io and retry.")
}

/// The wasm-bindgen crate in Cargo.lock must equal the wasm-bindgen CLI (and Trunk.toml).
fn check_lock_file(ctx: &Ctx) -> Result<()> {
    let lock_path = ctx.root.join("Cargo.lock");
    let lock =
        fs::read_to_string(&lock_path).map_err(|e| Error(format!("cannot read {}: {e}", lock_path.display())))?;
    match locked_version(&lock, "wasm-bindgen") {
        Some(v) if v == tools::WASM_BINDGEN_VERSION => Ok(()),
        Some(v) => fail(format!(
            "Cargo.lock has wasm-bindgen {v} but the CLI, Trunk.toml and the app's Cargo.toml pin {}: \
             run `cargo update -p wasm-bindgen --precise {}`",
            tools::WASM_BINDGEN_VERSION,
            tools::WASM_BINDGEN_VERSION
        )),
        None => fail("Cargo.lock has no wasm-bindgen: does the app crate depend on it?"),
    }
}

/// The version of `package` in a Cargo.lock (the first one, if several).
fn locked_version<'a>(lock: &'a str, package: &str) -> Option<&'a str> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim();
            return version.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"'));
        }
    }
    None
}

/// The CSP source for an inline script or style: `'sha256-<base64 of SHA-256 of its exact text>'`.
pub fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The policy for a page whose inline scripts and styles are `scripts` and `styles`.
pub fn policy(scripts: &[&str], styles: &[&str]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for script in scripts {
        script_src.push(' ');
        script_src.push_str(&hash_source(script));
    }
    let mut style_src = String::from("'self'");
    for style in styles {
        style_src.push(' ');
        style_src.push_str(&hash_source(style));
    }
    format!(
        "default-src 'none'; script-src {script_src}; style-src {style_src}; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )
}

/// Adds the CSP `<meta>` as the first element of `<head>`, with one hash per inline script.
pub fn add_csp(html: &str) -> Result<String> {
    let tags = parse_tags(html);
    if tags.iter().any(|t| {
        t.name == "meta" && t.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
    }) {
        return fail(
            "index.html already has a Content-Security-Policy <meta>: remove it from the source \
             index.html, the build adds one with the hashes of Trunk's inline scripts",
        );
    }
    let Some(head) = tags.iter().find(|t| t.name == "head") else {
        return fail("the built index.html has no <head> element to put the Content-Security-Policy in");
    };
    let scripts = inline_bodies(html, "script");
    let styles = inline_bodies(html, "style");
    let meta = format!("\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", policy(&scripts, &styles));
    let mut out = String::with_capacity(html.len() + meta.len());
    out.push_str(&html[..head.end]);
    out.push_str(&meta);
    out.push_str(&html[head.end..]);
    Ok(out)
}

/// Every URL the page loads must be relative (so the app works under any base path) and, for
/// files, exist in `dist`.
pub fn check_urls(html: &str, dist: &Path) -> Result<()> {
    let mut urls: Vec<String> = Vec::new();
    for tag in parse_tags(html) {
        for (name, value) in &tag.attrs {
            if matches!(name.as_str(), "src" | "href") {
                urls.push((*value).to_string());
            }
        }
    }
    for script in inline_bodies(html, "script") {
        urls.extend(quoted_paths(script));
    }
    let mut problems = Vec::new();
    for url in &urls {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("data:") || lower.starts_with('#') || lower.is_empty() {
            continue;
        }
        if lower.contains("://") || lower.starts_with("//") {
            problems.push(format!("{url}: the page must not load anything from another origin"));
            continue;
        }
        if url.starts_with('/') {
            problems
                .push(format!("{url}: absolute path, breaks under a base path (Trunk.toml needs public_url = \"./\")"));
            continue;
        }
        let file = url.split(['?', '#']).next().unwrap_or_default();
        let file = file.strip_prefix("./").unwrap_or(file);
        if file.is_empty() || file.split('/').any(|part| part == "..") {
            problems.push(format!("{url}: leaves the dist folder"));
        } else if !dist.join(file).is_file() {
            problems.push(format!("{url}: no such file in {}", dist.display()));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        fail(format!("the built index.html refers to URLs that will not load:\n  {}", problems.join("\n  ")))
    }
}

/// Quoted strings in a script that look like paths (`./x`, `../x`, `/x`): the loader's imports.
fn quoted_paths(script: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = script;
    while let Some(i) = rest.find(['\'', '"']) {
        let quote = rest[i..].chars().next().unwrap_or('\'');
        let after = &rest[i + 1..];
        let Some(end) = after.find(quote) else { break };
        let text = &after[..end];
        if text.starts_with("./") || text.starts_with("../") || text.starts_with('/') {
            found.push(text.to_string());
        }
        rest = &after[end + 1..];
    }
    found
}

/// The exact text of each inline `<script>` (one without `src`) or each `<style>`.
pub fn inline_bodies<'a>(html: &'a str, element: &str) -> Vec<&'a str> {
    parse_tags(html)
        .into_iter()
        .filter(|t| t.name == element && t.attr("src").is_none())
        .filter_map(|t| t.body.map(|(start, end)| &html[start..end]))
        .collect()
}

/// A start tag found in an HTML document.
#[derive(Debug)]
struct Tag<'a> {
    /// Lower case.
    name: String,
    /// Names in lower case; values as written (not entity-decoded).
    attrs: Vec<(String, &'a str)>,
    /// Byte offset just past the tag's `>`.
    end: usize,
    /// For `<script>` and `<style>`: the byte range of their text.
    body: Option<(usize, usize)>,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// A small scanner for start tags: enough for the HTML Trunk writes (comments, doctype, quoted
/// attributes, raw text of `<script>` and `<style>`), not a full HTML parser.
fn parse_tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(offset) = html[pos..].find('<') {
        let start = pos + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            pos = match html[start + 4..].find("-->") {
                Some(e) => start + 4 + e + 3,
                None => html.len(),
            };
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            // End tag, doctype, processing instruction or a stray '<'.
            pos = match html[start + 1..].find('>') {
                Some(e) if matches!(bytes.get(start + 1), Some(b'/' | b'!' | b'?')) => start + 1 + e + 1,
                _ => start + 1,
            };
            continue;
        }
        let mut i = start + 1;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let name = lower[start + 1..i].to_string();
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr_name = lower[name_start..i].to_string();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let value_start = i + 1;
                        let value_end = html[value_start..].find(q as char).map_or(html.len(), |e| value_start + e);
                        value = &html[value_start..value_end];
                        i = (value_end + 1).min(html.len());
                    }
                    _ => {
                        let value_start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                            i += 1;
                        }
                        value = &html[value_start..i];
                    }
                }
            }
            attrs.push((attr_name, value));
        }
        let end = (i + 1).min(html.len());
        let mut body = None;
        pos = end;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let body_end = lower[end..].find(&close).map_or(html.len(), |e| end + e);
            body = Some((end, body_end));
            pos = body_end;
        }
        tags.push(Tag { name, attrs, end, body });
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Trunk 0.21 writes for a release build with `public_url = "./"`.
    const TRUNK_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
    <meta charset="utf-8">
    <!-- a comment with <script>not a script</script> inside -->
    <title>Findlens</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="./style-abc123.css" integrity="sha384-x" crossorigin="anonymous">
<link rel="modulepreload" href="./findlens-app-1a2b.js" crossorigin="anonymous" integrity="sha384-y"><link rel="preload" href="./findlens-app-1a2b_bg.wasm" crossorigin="anonymous" integrity="sha384-z" as="fetch" type="application/wasm"></head>
<body>
<script type="module">
import init, * as bindings from './findlens-app-1a2b.js';
const wasm = await init({ module_or_path: './findlens-app-1a2b_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));

</script></body></html>"#;

    const LOADER: &str = "\nimport init, * as bindings from './findlens-app-1a2b.js';\nconst wasm = await init({ module_or_path: './findlens-app-1a2b_bg.wasm' });\n\n\nwindow.wasmBindings = bindings;\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n\n";

    #[test]
    fn hash_matches_the_csp_specification_example() {
        // CSP Level 3, "hash-source": <script>alert('Hello, world.');</script>
        assert_eq!(hash_source("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    }

    #[test]
    fn finds_the_exact_text_of_inline_scripts_only() {
        let html = "<head><script src='./a.js'></script><SCRIPT type=module>one()</SCRIPT>\
                    <script>two()</script ><style>p{}</style><scripts>x</scripts></head>";
        assert_eq!(inline_bodies(html, "script"), vec!["one()", "two()"]);
        assert_eq!(inline_bodies(html, "style"), vec!["p{}"]);
        assert_eq!(inline_bodies(TRUNK_PAGE, "script"), vec![LOADER]);
    }

    #[test]
    fn csp_meta_is_the_first_element_of_head() {
        let out = add_csp(TRUNK_PAGE).expect("csp added");
        let policy = format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; \
             form-action 'none'; object-src 'none'",
            hash_source(LOADER)
        );
        let meta = format!("\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
        // Inserted right after <head>, and nothing else changes (so the hash still matches).
        assert_eq!(out, TRUNK_PAGE.replacen("<head>", &format!("<head>{meta}"), 1));
        assert!(!out.contains("frame-ancestors"));
        assert_eq!(inline_bodies(&out, "script"), vec![LOADER]);
    }

    #[test]
    fn one_hash_per_inline_script_and_style() {
        let html = "<html><head><style>a{}</style></head><body><script>a()</script><script>b()</script></body></html>";
        let out = add_csp(html).expect("csp added");
        assert!(out.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {} {};",
            hash_source("a()"),
            hash_source("b()")
        )));
        assert!(out.contains(&format!("style-src 'self' {};", hash_source("a{}"))));
    }

    #[test]
    fn refuses_a_page_without_head_or_with_its_own_csp() {
        assert!(add_csp("<html><body></body></html>").is_err());
        let own = "<html><head><meta http-equiv=\"content-security-policy\" content=\"x\"></head></html>";
        assert!(add_csp(own).is_err());
        // <header> is not <head>.
        assert!(add_csp("<html><body><header></header></body></html>").is_err());
    }

    #[test]
    fn urls_must_be_relative_and_exist() {
        let dist = std::env::temp_dir().join(format!("xtask-web-test-{}", std::process::id()));
        fs::create_dir_all(&dist).expect("temp dir");
        for file in ["style-abc123.css", "findlens-app-1a2b.js", "findlens-app-1a2b_bg.wasm"] {
            fs::write(dist.join(file), "x").expect("write");
        }
        assert!(check_urls(TRUNK_PAGE, &dist).is_ok());

        let absolute = TRUNK_PAGE.replace("'./findlens-app-1a2b.js'", "'/findlens-app-1a2b.js'");
        let err = check_urls(&absolute, &dist).expect_err("absolute import");
        assert!(err.0.contains("/findlens-app-1a2b.js: absolute path"), "{err}");

        let missing = TRUNK_PAGE.replace("./style-abc123.css", "./style-gone.css");
        assert!(check_urls(&missing, &dist).is_err());

        let remote = TRUNK_PAGE.replace("./style-abc123.css", "https://cdn.example/s.css");
        assert!(check_urls(&remote, &dist).is_err());
        fs::remove_dir_all(&dist).expect("clean up");
    }

    #[test]
    fn reads_versions_from_the_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen"), Some("0.2.130"));
        assert_eq!(locked_version(lock, "wasm-bindgen-macro"), Some("0.2.1"));
        assert_eq!(locked_version(lock, "leptos"), None);
    }
}
