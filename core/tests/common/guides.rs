//! What the guide tests ask of a guide: a sample's or a hand-written finding's guide, its commands
//! (of the primary section, or of every section), where a command stands, and the ordering rules
//! broken in a scenario's steps.

use findlens_core::guide::{self, rules, Command, Guide};
use serde_json::Value;

/// A compiled-in sample's finding, as JSON to vary.
pub fn sample_json(name: &str) -> Value {
    let s = findlens_core::samples::find(name).unwrap_or_else(|| panic!("no sample {name}"));
    serde_json::from_str(s.json).expect("sample JSON")
}

/// A compiled-in sample's guide.
pub fn sample_guide(name: &str) -> Guide {
    guide_of(&sample_json(name))
}

/// The guide of a finding written as JSON; it must read without problems.
pub fn guide_of(v: &Value) -> Guide {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    guide::build(loaded.findings.first().expect("one finding"))
}

/// The step IDs of the primary section, in order.
pub fn step_ids(g: &Guide) -> Vec<&str> {
    g.sections[0].steps.iter().map(|s| s.id.as_str()).collect()
}

/// Fails with every ordering rule broken in the steps whose ID starts with `prefix`.
pub fn no_violations_in(g: &Guide, prefix: &str) {
    let broken: Vec<String> =
        rules::check(g).into_iter().filter(|v| v.step.starts_with(prefix)).map(|v| v.to_string()).collect();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

fn position_in(commands: &[&Command], needle: &str) -> usize {
    commands.iter().position(|c| c.text.contains(needle)).unwrap_or_else(|| panic!("no command containing {needle:?}"))
}

/// The commands of the primary section (the scenario the guide opens with).
pub mod primary {
    use super::*;

    pub fn commands(g: &Guide) -> Vec<&Command> {
        g.sections[0].steps.iter().flat_map(|s| &s.commands).collect()
    }

    /// Where the first command containing `needle` stands; fails when there is none.
    pub fn pos(g: &Guide, needle: &str) -> usize {
        position_in(&commands(g), needle)
    }

    pub fn has(g: &Guide, needle: &str) -> bool {
        commands(g).iter().any(|c| c.text.contains(needle))
    }
}

/// The commands of every section, in the order the guide shows them.
pub mod all {
    use super::*;

    pub fn commands(g: &Guide) -> Vec<&Command> {
        g.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands).collect()
    }

    /// Where the first command containing `needle` stands; fails when there is none.
    pub fn pos(g: &Guide, needle: &str) -> usize {
        position_in(&commands(g), needle)
    }
}
