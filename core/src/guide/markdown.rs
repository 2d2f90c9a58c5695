//! The guide as Markdown, for the CLI and for the app's export. Finding values go into code spans
//! or fenced blocks, so Markdown in them is shown, not interpreted.

use std::fmt::Write;

use super::model::{Effect, Guide, Segment};
use crate::describe::Section as DetailSection;

/// A code span that holds any text (backticks inside get a longer fence).
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Plain text with Markdown's special characters escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!') {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

pub fn markdown(g: &Guide) -> String {
    render(g, None, None)
}

/// The guide with each step's checklist state, for the app's export.
pub fn markdown_with_progress(g: &Guide, done: &dyn Fn(&str) -> bool) -> String {
    render(g, Some(done), None)
}

/// The guide with the finding's "what happened" sections ([`crate::describe`]) before its steps,
/// for the CLI.
pub fn markdown_with_details(g: &Guide, details: &[DetailSection]) -> String {
    render(g, None, Some(details))
}

/// What happened and the guide with each step's checklist state: the app's export.
pub fn markdown_with_details_and_progress(g: &Guide, details: &[DetailSection], done: &dyn Fn(&str) -> bool) -> String {
    render(g, Some(done), Some(details))
}

/// "What happened": one sub-heading per section, its rows as `label: value (path)`, values and
/// paths in code spans.
fn what_happened(o: &mut String, details: &[DetailSection]) {
    if details.is_empty() {
        return;
    }
    let _ = writeln!(o, "## What happened\n");
    for section in details {
        let _ = writeln!(o, "### {}\n", text(section.title));
        for item in &section.items {
            if let Some(title) = &item.title {
                let _ = writeln!(o, "**{}**\n", text(title));
            }
            for row in &item.rows {
                let _ = writeln!(o, "- {}: {} ({})", text(&row.label), code(row.value.text()), code(&row.path));
            }
            o.push('\n');
        }
    }
}

fn render(g: &Guide, done: Option<&dyn Fn(&str) -> bool>, details: Option<&[DetailSection]>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", text(&g.title));
    let score = g.severity.score.map(|s| format!(" {s:.1}")).unwrap_or_default();
    let _ = writeln!(o, "- **Type:** {}", code(&g.finding_type));
    if let Some(s) = &g.type_summary {
        let _ = writeln!(o, "- **What it means:** {}", text(s));
    }
    let _ = writeln!(o, "- **Severity:** {}{score}", g.severity.label.as_str());
    let keys: Vec<String> = g.scenarios.iter().map(|k| code(k.as_str())).collect();
    let _ = writeln!(o, "- **Scenarios:** {}", if keys.is_empty() { "none".to_owned() } else { keys.join(", ") });
    let _ = writeln!(o, "- **Finding:** {}\n", code(&g.finding_key));
    if let Some(a) = &g.about {
        let _ = writeln!(o, "**What this type means.** {}\n", text(&a.meaning));
        if let Some(b) = &a.benign {
            let _ = writeln!(o, "**Possible benign causes.** {}\n", text(b));
        }
        if let Some(d) = &a.decision {
            let _ = writeln!(o, "**What decides the response.** {}\n", text(d));
        }
        let sev = a.severity_note.as_deref().map(|n| format!(" Severity: {}.", text(n))).unwrap_or_default();
        let _ = writeln!(o, "*Seen in: {}.{sev}*\n", text(&a.data_source));
    }
    for l in &g.links {
        let _ = writeln!(o, "- [{}](<{}>)", text(&l.label), l.url);
    }
    if !g.links.is_empty() {
        o.push('\n');
    }
    for n in &g.notes {
        let _ = writeln!(o, "> **{}:** {}\n", n.tone.label(), text(&n.text));
    }
    what_happened(&mut o, details.unwrap_or_default());
    for section in &g.sections {
        let _ = writeln!(o, "## {}\n", text(&section.title));
        if let Some(url) = &section.doc_url {
            let _ = writeln!(o, "AWS documentation: <{url}>\n");
        }
        for (i, step) in section.steps.iter().enumerate() {
            let _ = writeln!(o, "### {}. {}\n", i + 1, text(&step.title));
            let _ = writeln!(o, "*Phase: {}*\n", step.phase.label());
            if let Some(done) = done {
                let _ = writeln!(
                    o,
                    "- [{}] {}\n",
                    if done(&step.id) { "x" } else { " " },
                    if done(&step.id) { "Done" } else { "Not done yet" }
                );
            }
            let _ = writeln!(o, "{}\n", text(&step.why));
            if !step.facts.is_empty() {
                for fact in &step.facts {
                    let value = match &fact.value {
                        Some(v) => code(v),
                        None => "*not in this finding*".to_owned(),
                    };
                    let _ = writeln!(o, "- {}: {value} ({})", text(&fact.label), code(&fact.path));
                    if let Some(flag) = &fact.flag {
                        let _ = writeln!(o, "  - **Caution:** {}", text(flag));
                    }
                }
                o.push('\n');
            }
            for d in &step.decisions {
                let _ = writeln!(o, "- **{}:** {} {}", d.tone.label(), text(&d.question), text(&d.answer));
            }
            if !step.decisions.is_empty() {
                o.push('\n');
            }
            for c in &step.commands {
                let _ = writeln!(o, "{} — *{}*:\n", text(&c.description), c.effect.label());
                if let Some(who) = &c.run_in {
                    let _ = writeln!(o, "*Run in {}.*\n", text(who));
                }
                let fence = if c.text.contains("```") { "````" } else { "```" };
                let _ = writeln!(o, "{fence}sh\n{}\n{fence}\n", c.text);
                if let Some(caution) = &c.caution {
                    let label = if c.effect == Effect::Destructive { "What it destroys" } else { "Before you run it" };
                    let _ = writeln!(o, "> **{label}:** {}\n", text(caution));
                }
                for w in &c.warnings {
                    let _ = writeln!(o, "> **Caution:** {}\n", text(w));
                }
                let blanks: Vec<String> = c
                    .segments
                    .iter()
                    .filter_map(|s| match s {
                        Segment::Missing { text: t, hint, .. } => {
                            Some(format!("- {}: not in this finding; {}", code(t), text(hint)))
                        }
                        Segment::Choose { text: t, hint, .. } => {
                            Some(format!("- {}: yours to choose; {}", code(t), text(hint)))
                        }
                        Segment::Output { text: t, hint, .. } => {
                            Some(format!("- {}: printed by an earlier command; {}", code(t), text(hint)))
                        }
                        _ => None,
                    })
                    .collect();
                if !blanks.is_empty() {
                    let _ = writeln!(o, "{}\n", blanks.join("\n"));
                }
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn progress_marks_each_step() {
        let f = crate::read(br#"{"type":"Recon:EC2/Portscan","region":"us-east-1","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-1"}}}"#).findings.remove(0);
        let g = crate::guide::build(&f);
        let md = markdown_with_progress(&g, &|id| id == "ec2-instance/isolate");
        assert_eq!(md.matches("- [x] Done").count(), 1);
        assert!(md.matches("- [ ] Not done yet").count() >= 4);
        assert!(!markdown(&g).contains("Not done yet"));
    }

    #[test]
    fn what_happened_comes_before_the_steps() {
        let f = crate::read(br#"{"type":"Recon:EC2/Portscan","region":"us-east-1","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-1`<b>"}}}"#).findings.remove(0);
        let g = crate::guide::build(&f);
        let md = markdown_with_details(&g, &crate::describe::describe(&f));
        // The first second-level heading is "What happened"; the guide's sections follow it.
        assert_eq!(md.find("\n## ").map(|at| &md[at + 1..at + 17]), Some("## What happened"), "{md}");
        assert!(md.contains("\n### Resource\n"), "{md}");
        assert!(
            md.contains("**EC2 instance**\n\n- Instance ID: ``i-1`<b>`` (`resource.instanceDetails.instanceId`)"),
            "{md}"
        );
        assert!(!markdown(&g).contains("What happened"));
    }

    #[test]
    fn text_escapes_markdown() {
        assert_eq!(text("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(text("a\nb"), "a b");
    }
}
