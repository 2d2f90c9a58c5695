//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).

mod architecture;
mod bench;
mod cmd;
mod desktop;
mod serve;
mod test;
mod tools;
mod web;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  web                          build the release web app into dist/ (what serve, test and the
                               desktop app use; Tauri's beforeBuildCommand)
  desktop                      build the desktop app (Tauri) and run it, with the viewer in dist/
  bundle [--check-install]     build the desktop app's .deb (target/release/bundle/deb/);
                               --check-install: install it with apt and start its menu entry's
                               Exec line under Xvfb (root only)
  serve [--dev] [--port PORT]  build the release web app and serve dist/ at
                               http://127.0.0.1:8417/ (--dev: `trunk serve`, rebuilds on change)
  test [--quick]               run the whole suite: fmt, clippy, native tests, Wasm tests in
                               headless Chromium, release web build, Playwright tests
                               (--quick: skip the browser tests and the web build)
  bench [-- CRITERION_ARGS]    run the core crate's benchmarks
  bench --desktop [--runs N]   measure the desktop app's release build: .deb and binary size,
                               start to first paint and idle memory (median of N runs, 5)
  screenshots                  rewrite the docs screenshots (docs/screenshot.png and
                               docs/screenshots/) from the release web build
  help                         show this

Each task installs the tools it needs (Trunk, wasm-bindgen-cli, wasm-opt and the Tauri CLI from
npm, Playwright, Chromium and the desktop build's libraries from apt when root).";

#[derive(Debug, PartialEq)]
enum Task {
    Web,
    Desktop,
    Bundle { check_install: bool },
    Serve { dev: bool, port: u16 },
    Test { quick: bool },
    Bench { extra: Vec<String> },
    DesktopBench { runs: usize },
    Screenshots,
    Help,
}

fn parse(args: &[String]) -> Result<Task, String> {
    let Some((task, rest)) = args.split_first() else {
        return Err("no task given".into());
    };
    match task.as_str() {
        "serve" => {
            let mut dev = false;
            let mut port = serve::DEFAULT_PORT;
            let mut rest = rest.iter();
            while let Some(arg) = rest.next() {
                let value = match arg.as_str() {
                    "--dev" => {
                        dev = true;
                        continue;
                    }
                    "--port" => rest.next().ok_or("--port needs a value")?.as_str(),
                    other => match other.strip_prefix("--port=") {
                        Some(value) => value,
                        None => return Err(format!("unknown option for serve: {other}")),
                    },
                };
                port = match value.parse::<u16>() {
                    Ok(p) if p != 0 => p,
                    _ => return Err(format!("not a port number: {value}")),
                };
            }
            Ok(Task::Serve { dev, port })
        }
        "test" => match rest {
            [] => Ok(Task::Test { quick: false }),
            [q] if q == "--quick" => Ok(Task::Test { quick: true }),
            _ => Err(format!("unknown option for test: {}", rest.join(" "))),
        },
        "bench" => match rest {
            [] => Ok(Task::Bench { extra: Vec::new() }),
            [d] if d == "--desktop" => Ok(Task::DesktopBench { runs: 5 }),
            [d, r, n] if d == "--desktop" && r == "--runs" => match n.parse() {
                Ok(runs) if runs > 0 => Ok(Task::DesktopBench { runs }),
                _ => Err(format!("--runs takes a number of runs above 0, not {n}")),
            },
            [dashes, extra @ ..] if dashes == "--" => Ok(Task::Bench { extra: extra.to_vec() }),
            _ => Err(format!("unknown option for bench: {} (pass criterion's options after --)", rest.join(" "))),
        },
        "screenshots" if rest.is_empty() => Ok(Task::Screenshots),
        "web" if rest.is_empty() => Ok(Task::Web),
        "desktop" if rest.is_empty() => Ok(Task::Desktop),
        "bundle" => match rest {
            [] => Ok(Task::Bundle { check_install: false }),
            [c] if c == "--check-install" => Ok(Task::Bundle { check_install: true }),
            _ => Err(format!("unknown option for bundle: {}", rest.join(" "))),
        },
        "help" | "-h" | "--help" if rest.is_empty() => Ok(Task::Help),
        other => Err(format!("unknown task: {other}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match parse(&args) {
        Ok(task) => task,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if task == Task::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = cmd::Ctx::new().and_then(|ctx| match task {
        Task::Web => web::build_release(&ctx).map(drop),
        Task::Desktop => desktop::run_app(&ctx),
        Task::Bundle { check_install } => desktop::bundle(&ctx, check_install),
        Task::Serve { dev, port } => serve::serve(&ctx, dev, port),
        Task::Test { quick } => test::test(&ctx, quick),
        Task::Bench { extra } => bench::bench(&ctx, &extra),
        Task::DesktopBench { runs } => desktop::bench::bench(&ctx, runs),
        Task::Screenshots => test::screenshots(&ctx),
        Task::Help => Ok(()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Task, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    #[test]
    fn parses_tasks_and_options() {
        assert_eq!(parse_str("serve"), Ok(Task::Serve { dev: false, port: serve::DEFAULT_PORT }));
        assert_eq!(parse_str("serve --dev --port 9000"), Ok(Task::Serve { dev: true, port: 9000 }));
        assert_eq!(parse_str("serve --port=9001"), Ok(Task::Serve { dev: false, port: 9001 }));
        assert_eq!(parse_str("test"), Ok(Task::Test { quick: false }));
        assert_eq!(parse_str("test --quick"), Ok(Task::Test { quick: true }));
        assert_eq!(parse_str("bench"), Ok(Task::Bench { extra: vec![] }));
        assert_eq!(parse_str("bench --desktop"), Ok(Task::DesktopBench { runs: 5 }));
        assert_eq!(parse_str("bench --desktop --runs 9"), Ok(Task::DesktopBench { runs: 9 }));
        assert!(parse_str("bench --desktop --runs 0").is_err());
        assert_eq!(
            parse_str("bench -- --sample-size 10"),
            Ok(Task::Bench { extra: vec!["--sample-size".into(), "10".into()] })
        );
        assert_eq!(parse_str("screenshots"), Ok(Task::Screenshots));
        assert_eq!(parse_str("web"), Ok(Task::Web));
        assert_eq!(parse_str("desktop"), Ok(Task::Desktop));
        assert_eq!(parse_str("bundle"), Ok(Task::Bundle { check_install: false }));
        assert_eq!(parse_str("bundle --check-install"), Ok(Task::Bundle { check_install: true }));
        assert_eq!(parse_str("help"), Ok(Task::Help));
        assert_eq!(parse_str("--help"), Ok(Task::Help));
    }

    #[test]
    fn rejects_wrong_usage() {
        for line in [
            "",
            "build",
            "serve --port",
            "serve --port 0",
            "serve --port 70000",
            "serve --port=x",
            "serve --release",
            "test --slow",
            "test --quick --quick",
            "bench --sample-size 10",
            "help me",
            "screenshots --now",
            "web --dev",
            "desktop now",
            "bundle --appimage",
        ] {
            assert!(parse_str(line).is_err(), "{line:?} should be rejected");
        }
    }
}
