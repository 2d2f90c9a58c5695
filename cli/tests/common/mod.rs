//! What the CLI's end-to-end tests share: the core's test fixtures and a way to run the binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The path of one of the core's test fixtures (`core/tests/fixtures/`), as an argument.
pub fn fixture(name: &str) -> String {
    format!("{}/../core/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `findlens` with `args`, writing `stdin` to it (or closing its input), and waits for it.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_findlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("findlens starts");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("findlens runs")
}
