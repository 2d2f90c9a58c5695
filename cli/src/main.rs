//! `findlens`: renders the remediation guides of GuardDuty findings for a terminal or a pipeline.
//! Guides go to standard output; problems, warnings and notes go to standard error.

mod args;
mod output;

use std::io::{Read, Write};
use std::process::ExitCode;

use args::{Command, Format};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(Command::Help) => {
            println!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("findlens {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Render { inputs, format }) => render(&inputs, format),
        Err(e) => {
            eprintln!("findlens: {e}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}

fn read_input(name: &str) -> std::io::Result<Vec<u8>> {
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(name)
    }
}

fn render(inputs: &[String], format: Format) -> ExitCode {
    let mut failed = false;
    let mut rendered = Vec::new();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for name in inputs {
        let shown = if name == "-" { "<stdin>" } else { name.as_str() };
        let bytes = match read_input(name) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(err, "findlens: {shown}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        let loaded = findlens_core::read(&bytes);
        for p in &loaded.problems {
            let _ = writeln!(err, "findlens: {shown}: {p}");
        }
        for n in &loaded.notes {
            let _ = writeln!(err, "findlens: {shown}: note: {n}");
        }
        failed |= !loaded.problems.is_empty();
        for f in loaded.findings {
            for w in &f.warnings {
                let _ = writeln!(err, "findlens: {shown}: warning: finding {}: {}: {}", f.key(), w.path, w.message);
            }
            rendered.push(output::Rendered::new(f));
        }
    }
    let out = match format {
        Format::Json => output::json(&rendered),
        Format::Markdown => output::markdown(&rendered),
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if lock.write_all(out.as_bytes()).and_then(|()| lock.flush()).is_err() {
        // A closed pipe (`| head`) is not the input's fault; stop quietly.
        return ExitCode::from(if failed { 1 } else { 0 });
    }
    ExitCode::from(if failed { 1 } else { 0 })
}
