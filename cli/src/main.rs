//! `findlens`: renders the remediation guides of GuardDuty findings for a terminal or a pipeline.
//! Guides go to standard output; problems, warnings and notes go to standard error.

mod args;
mod merge;
mod output;
mod terminal;

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
        Ok(Command::Render { inputs, format, merge }) => render(&inputs, format, merge),
        Ok(Command::Samples { name: None }) => {
            print!("{}", samples_list());
            ExitCode::SUCCESS
        }
        Ok(Command::Samples { name: Some(name) }) => match findlens_core::samples::find(&name) {
            Some(sample) => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                // A closed pipe (`| head`) is not an error worth reporting.
                let _ = lock.write_all(sample.json.as_bytes()).and_then(|()| lock.flush());
                ExitCode::SUCCESS
            }
            None => {
                eprint!("findlens: no sample named {name:?}; the samples are:\n{}", samples_list());
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("findlens: {e}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}

/// One line per sample: name, scenario, type, title, in aligned columns (the title last, as it has
/// spaces).
fn samples_list() -> String {
    let all = findlens_core::samples::all();
    let rows: Vec<[String; 4]> = all
        .iter()
        .map(|s| {
            [
                s.name.to_owned(),
                s.scenario.as_str().to_owned(),
                s.finding_type().unwrap_or_else(|| "?".to_owned()),
                s.title.to_owned(),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let mut out = String::new();
    for [name, scenario, kind, title] in &rows {
        out.push_str(&format!("{name:<w0$}  {scenario:<w1$}  {kind:<w2$}  {title}\n"));
    }
    out
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

fn render(inputs: &[String], format: Format, merge: bool) -> ExitCode {
    let mut failed = false;
    let mut batches = Vec::new();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for name in inputs {
        let shown = if name == "-" { "<stdin>" } else { name.as_str() };
        let bytes = match read_input(name) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(err, "{}", terminal::visible(&format!("findlens: {shown}: cannot read: {e}")));
                failed = true;
                continue;
            }
        };
        let loaded = findlens_core::read(&bytes);
        for p in &loaded.problems {
            let _ = writeln!(err, "{}", terminal::visible(&format!("findlens: {shown}: {p}")));
        }
        for w in &loaded.warnings {
            let _ = writeln!(err, "{}", terminal::visible(&format!("findlens: {shown}: warning: {w}")));
        }
        for n in &loaded.notes {
            let _ = writeln!(err, "{}", terminal::visible(&format!("findlens: {shown}: note: {n}")));
        }
        failed |= !loaded.problems.is_empty();
        batches.push((shown.to_owned(), loaded.findings));
    }
    let read = merge::collect(batches, merge);
    let mut rendered = Vec::with_capacity(read.findings.len());
    for (shown, f, copies) in read.findings {
        // The warnings of the copy shown, in the reader's own words (the page and guide use them too).
        for w in &f.warnings {
            let line = format!("findlens: {shown}: warning: finding {}: {w}", f.key());
            let _ = writeln!(err, "{}", terminal::visible(&line));
        }
        rendered.push(output::Rendered::new(f, copies));
    }
    if let Some(note) = findlens_core::workspace::merge_note(read.repeated) {
        let _ = writeln!(err, "findlens: note: {note}. --no-merge prints every copy.");
    }
    let out = match format {
        Format::Json => output::json(&rendered),
        Format::Markdown => terminal::visible(&output::markdown(&rendered)).into_owned(),
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if lock.write_all(out.as_bytes()).and_then(|()| lock.flush()).is_err() {
        // A closed pipe (`| head`) is not the input's fault; stop quietly.
        return ExitCode::from(if failed { 1 } else { 0 });
    }
    ExitCode::from(if failed { 1 } else { 0 })
}
