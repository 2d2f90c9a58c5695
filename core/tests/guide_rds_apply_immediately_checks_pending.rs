//! Second review of the RDS guide: `--apply-immediately` also applies modifications already
//! pending (which may restart the database), so every modify command that uses it carries a
//! caution, and a read of PendingModifiedValues for the same database comes right before it.

use findlens_core::guide::{self, Command};

#[test]
fn every_apply_immediately_is_preceded_by_a_pending_check() {
    let s = findlens_core::samples::all().iter().find(|s| s.name == "rds").expect("sample exists");
    let g = guide::build(findlens_core::read(s.json.as_bytes()).findings.first().expect("sample reads"));
    let mut checked = 0;
    for step in g.sections.iter().flat_map(|s| &s.steps) {
        let cmds: &[Command] = &step.commands;
        for (i, c) in cmds.iter().enumerate() {
            if !(c.text.starts_with("aws rds modify-db") && c.text.contains("--apply-immediately")) {
                continue;
            }
            assert!(c.caution.as_deref().is_some_and(|t| t.contains("PendingModifiedValues")), "{}", c.text);
            let before = i.checked_sub(1).map(|j| &cmds[j]).expect("a command before it");
            assert!(before.text.contains("PendingModifiedValues"), "{} follows {}", c.text, before.text);
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked}");
}
