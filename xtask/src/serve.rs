//! A small static file server for `dist/` (HTTP/1.1, GET and HEAD, one thread per connection,
//! `Connection: close`), and `cargo xtask serve`.
//!
//! It serves files only: no directory listing, nothing outside its folder, 404 for the rest.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::cmd::{run, Ctx, Error, Result};
use crate::{tools, web};

/// The fixed port of `cargo xtask serve`.
pub const DEFAULT_PORT: u16 = 8417;

/// `cargo xtask serve [--dev] [--port PORT]`.
pub fn serve(ctx: &Ctx, dev: bool, port: u16) -> Result<()> {
    if dev {
        return serve_dev(ctx, port);
    }
    let dist = web::build_release(ctx)?;
    let server = StaticServer::start(&dist, port).map_err(|e| {
        Error(format!(
            "cannot listen on 127.0.0.1:{port}: {e}. Is another server using it? \
             Stop it or pick another port with `cargo xtask serve --port PORT`."
        ))
    })?;
    let url = format!("http://127.0.0.1:{}/", server.port());
    println!("[serve] serving {} at {url}  (Ctrl-C to stop)", dist.display());
    // `#samples` opens the viewer with the embedded sample findings loaded.
    let with_samples = format!("{url}#samples");
    println!("[serve] with the sample findings: {with_samples}");
    open_browser(ctx, &with_samples);
    server.wait();
    Ok(())
}

/// `trunk serve`: rebuilds on change, with Trunk's reload script (which the release CSP would
/// block, so the dev page has no CSP).
fn serve_dev(ctx: &Ctx, port: u16) -> Result<()> {
    tools::web_build(ctx)?;
    web::fetch(ctx)?;
    let port = port.to_string();
    println!("[serve] trunk serve --address 127.0.0.1 --port {port}  (development build, no CSP)");
    run(ctx.command("trunk").args(["serve", "--address", "127.0.0.1", "--port", &port]), "Read Trunk's messages above.")
}

/// Opens `url` with xdg-open when there is one; never fails.
fn open_browser(ctx: &Ctx, url: &str) {
    let Some(xdg_open) = ctx.find_on_path("xdg-open".as_ref()) else {
        println!("[serve] open {url} in your browser");
        return;
    };
    let spawned = std::process::Command::new(xdg_open)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            println!("[serve] asked xdg-open to open it in your browser");
            // Reap it in the background so it does not linger as a zombie.
            thread::spawn(move || child.wait());
        }
        Err(_) => println!("[serve] open {url} in your browser"),
    }
}

/// A running server; stopped when dropped.
pub struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` on 127.0.0.1:`port` (0 picks a free port).
    pub fn start(root: &Path, port: u16) -> io::Result<StaticServer> {
        let root = root.canonicalize()?;
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let thread = thread::Builder::new().name("static-server".into()).spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                // A failed connection only concerns that connection.
                let _ = thread::Builder::new().name("static-conn".into()).spawn(move || handle(stream, &root));
            }
        })?;
        Ok(StaticServer { port, stop, thread: Some(thread) })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Blocks until the server stops (for `cargo xtask serve`: until Ctrl-C).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shutdown();
        }
    }
}

fn handle(stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(reader_stream) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader_stream.take(64 * 1024));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    // Read (and ignore) the headers, up to the blank line.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let response = respond(root, request_line.trim_end());
    let mut stream = stream;
    let _ = write_response(&mut stream, &response);
}

/// What the server answers to one request line.
#[derive(Debug, PartialEq)]
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// HEAD: send the headers of the GET answer, no body.
    head_only: bool,
}

impl Response {
    fn error(status: u16) -> Response {
        let reason = reason(status);
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {reason}\n").into_bytes(),
            head_only: false,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

fn respond(root: &Path, request_line: &str) -> Response {
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Response::error(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Response::error(505);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Response::error(405),
    };
    let Some(file) = resolve(root, target) else {
        return Response::error(404);
    };
    match fs::read(&file) {
        Ok(body) => Response { status: 200, content_type: content_type(&file), body, head_only },
        Err(_) => Response::error(404),
    }
}

fn write_response(stream: &mut TcpStream, response: &Response) -> io::Result<()> {
    let header = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !response.head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The file a request target names inside `root`, or None (404): never a folder (a path ending
/// in `/` means its `index.html`), never anything outside `root`, even through a symlink.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut file = root.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        let mut components = Path::new(part).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(name)), None) => file.push(name),
            _ => return None, // "..", "." and anything odd
        }
    }
    if decoded.ends_with('/') {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    if !real.starts_with(root) || !real.is_file() {
        return None;
    }
    Some(real)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(dir.join("sub")).expect("temp dir");
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn site(name: &str) -> TempDir {
        let dir = TempDir::new(name);
        let files: [(&str, &[u8]); 8] = [
            ("index.html", b"<!doctype html><title>t</title>"),
            ("app-1.js", b"export default 1;"),
            ("app-1_bg.wasm", b"\0asm\x01\0\0\0"),
            ("style.css", b"p{}"),
            ("icon.svg", b"<svg/>"),
            ("data.json", b"{}"),
            ("a b.txt", b"spaced"),
            ("sub/index.html", b"sub"),
        ];
        for (name, body) in files {
            fs::write(dir.0.join(name), body).expect("write");
        }
        dir
    }

    fn get(port: u16, request: &str) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
        (String::from_utf8_lossy(&raw[..split]).into_owned(), raw[split + 4..].to_vec())
    }

    fn get_path(port: u16, path: &str) -> (String, Vec<u8>) {
        get(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    }

    #[test]
    fn serves_files_with_their_content_types() {
        let dir = site("serve-types");
        let server = StaticServer::start(&dir.0, 0).expect("start");
        let port = server.port();
        for (path, content_type) in [
            ("/", "text/html; charset=utf-8"),
            ("/index.html", "text/html; charset=utf-8"),
            ("/app-1.js", "text/javascript; charset=utf-8"),
            ("/app-1_bg.wasm", "application/wasm"),
            ("/style.css?v=1", "text/css; charset=utf-8"),
            ("/icon.svg", "image/svg+xml"),
            ("/data.json", "application/json"),
            ("/a%20b.txt", "text/plain; charset=utf-8"),
            ("/sub/", "text/html; charset=utf-8"),
        ] {
            let (head, _) = get_path(port, path);
            assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{path}: {head}");
            assert!(head.contains(&format!("\r\nContent-Type: {content_type}\r\n")), "{path}: {head}");
        }
        let (head, body) = get_path(port, "/app-1_bg.wasm");
        assert!(head.contains("\r\nContent-Length: 8\r\n"), "{head}");
        assert_eq!(body, b"\0asm\x01\0\0\0");

        let (head, body) = get(port, "HEAD /app-1.js HTTP/1.1\r\n\r\n");
        assert!(head.contains("Content-Length: 17"), "{head}");
        assert!(body.is_empty());
        server.stop();
    }

    #[test]
    fn answers_404_for_missing_files_folders_and_traversal() {
        let dir = site("serve-404");
        let outside = dir.0.with_extension("secret");
        fs::write(&outside, "secret").expect("write");
        std::os::unix::fs::symlink(&outside, dir.0.join("link.txt")).expect("symlink");
        let server = StaticServer::start(&dir.0, 0).expect("start");
        let port = server.port();
        let secret_name = outside.file_name().and_then(|n| n.to_str()).expect("name");
        for path in [
            "/missing.js".to_string(),
            "/sub".to_string(),
            "/../".to_string(),
            format!("/../{secret_name}"),
            format!("/%2e%2e/{secret_name}"),
            format!("/sub/..%2f..%2f{secret_name}"),
            "/link.txt".to_string(),
            "/index.html%00".to_string(),
            "/%zz".to_string(),
            "http://elsewhere/index.html".to_string(),
        ] {
            let (head, body) = get_path(port, &path);
            assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{path}: {head}");
            assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
        }
        let (head, _) = get(port, "POST /index.html HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 405 "), "{head}");
        let (head, _) = get(port, "nonsense\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
        drop(server);
        fs::remove_file(&outside).expect("clean up");
    }

    #[test]
    fn stops_and_frees_its_port() {
        let dir = site("serve-stop");
        let server = StaticServer::start(&dir.0, 0).expect("start");
        let port = server.port();
        server.stop();
        // The port can be bound again once the server is gone.
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).expect("port free after stop");
    }
}
