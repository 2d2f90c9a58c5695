//! Command-line arguments, parsed by hand: the surface is small and a parser crate would cost more
//! build time than it saves.

/// Output format of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Render {
        inputs: Vec<String>,
        format: Format,
        /// Merge repeated findings (same ARN, else ID) into one, as the page does; `--no-merge`
        /// keeps every copy.
        merge: bool,
    },
    /// `samples` lists the compiled-in sample findings; `samples NAME` prints one.
    Samples {
        name: Option<String>,
    },
    Help,
    Version,
}

pub const USAGE: &str = "\
Usage: findlens render FILE... [--format markdown|json] [--no-merge]
       findlens samples [NAME]
       findlens --help | --version

Reads Amazon GuardDuty findings (JSON, JSON Lines, gzip, EventBridge, Security Hub ASFF, OCSF)
and prints each finding's remediation guide. Use - to read standard input.

A finding read more than once (in one input or across them) is printed once, as the page shows it:
one per ARN (or ID), the copy with the newest updatedAt; standard error says how many were merged.
--no-merge prints every copy.

`samples` lists the sample findings built into Findlens (name, scenario, type, title);
`samples NAME` prints that sample's JSON, ready for `findlens samples NAME | findlens render -`.

Exit status: 0 when every input was read, 1 when an input or an item in it could not be read
(the good findings are still printed), 2 on wrong usage.";

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    let Some(first) = it.next() else { return Err("no command given".into()) };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "render" => {}
        "samples" => return parse_samples(it.as_slice()),
        other => return Err(format!("unknown command {other:?}")),
    }
    let mut inputs = Vec::new();
    let mut format = Format::Markdown;
    let mut merge = true;
    while let Some(arg) = it.next() {
        let value =
            |v: Option<&String>| v.cloned().ok_or_else(|| "--format needs a value: markdown or json".to_owned());
        let fmt = match arg.as_str() {
            "--format" | "-f" => Some(value(it.next())?),
            a if a.starts_with("--format=") => Some(a["--format=".len()..].to_owned()),
            "-h" | "--help" => return Ok(Command::Help),
            "--no-merge" => {
                merge = false;
                None
            }
            "-" => {
                inputs.push(arg.clone());
                None
            }
            a if a.starts_with('-') => return Err(format!("unknown option {a:?}")),
            _ => {
                inputs.push(arg.clone());
                None
            }
        };
        if let Some(f) = fmt {
            format = match f.as_str() {
                "markdown" | "md" => Format::Markdown,
                "json" => Format::Json,
                other => return Err(format!("unknown format {other:?}: use markdown or json")),
            };
        }
    }
    if inputs.is_empty() {
        return Err("render needs at least one FILE (or - for standard input)".into());
    }
    Ok(Command::Render { inputs, format, merge })
}

/// `samples [NAME]`: at most one name, no options but help.
fn parse_samples(rest: &[String]) -> Result<Command, String> {
    let mut name = None;
    for arg in rest {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            a if a.starts_with('-') => return Err(format!("unknown option {a:?} for samples")),
            a if name.is_some() => return Err(format!("samples takes one NAME at most, found another: {a:?}")),
            a => name = Some(a.to_owned()),
        }
    }
    Ok(Command::Samples { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn render_forms() {
        assert_eq!(
            parse(&args(&["render", "a.json"])),
            Ok(Command::Render { inputs: args(&["a.json"]), format: Format::Markdown, merge: true })
        );
        assert_eq!(
            parse(&args(&["render", "-", "--format", "json"])),
            Ok(Command::Render { inputs: args(&["-"]), format: Format::Json, merge: true })
        );
        assert_eq!(
            parse(&args(&["render", "--format=json", "x", "y"])),
            Ok(Command::Render { inputs: args(&["x", "y"]), format: Format::Json, merge: true })
        );
        assert_eq!(
            parse(&args(&["render", "x", "--no-merge", "y"])),
            Ok(Command::Render { inputs: args(&["x", "y"]), format: Format::Markdown, merge: false })
        );
    }

    #[test]
    fn wrong_usage() {
        assert!(parse(&args(&[])).is_err());
        assert!(parse(&args(&["render"])).is_err());
        assert!(parse(&args(&["render", "x", "--format", "yaml"])).is_err());
        assert!(parse(&args(&["render", "x", "--format"])).is_err());
        assert!(parse(&args(&["render", "--bogus", "x"])).is_err());
        assert!(parse(&args(&["frobnicate"])).is_err());
    }

    #[test]
    fn samples_forms() {
        assert_eq!(parse(&args(&["samples"])), Ok(Command::Samples { name: None }));
        assert_eq!(parse(&args(&["samples", "rds"])), Ok(Command::Samples { name: Some("rds".into()) }));
        assert_eq!(parse(&args(&["samples", "--help"])), Ok(Command::Help));
        assert!(parse(&args(&["samples", "rds", "lambda"])).is_err());
        assert!(parse(&args(&["samples", "--format", "json"])).is_err());
        assert!(USAGE.contains("findlens samples [NAME]"));
    }
}
