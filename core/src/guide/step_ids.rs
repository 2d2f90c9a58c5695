//! Step IDs that changed. Saved checklist progress is keyed by step ID, so a step that is renamed,
//! split or merged keeps its old ID here, mapped to the step that now carries its work (for a
//! split, the first of the new steps). Progress read from storage goes through [`current`], so an
//! analyst's ticks survive a new version of a guide.
//!
//! `core/data/step-ids.txt` lists every step ID any version has shipped; a test checks that each
//! one is either still produced by some guide or mapped here to one that is.

/// `(old ID, ID that carries its work now)`.
pub static RENAMED: &[(&str, &str)] = &[
    // EC2: the Auto Scaling release, the snapshots, the role and the termination became
    // separate steps, in that order.
    ("ec2-instance/preserve-and-replace", "ec2-instance/preserve"),
    ("ec2-runtime/preserve-and-replace", "ec2-runtime/preserve"),
];

/// The ID a stored step ID stands for today.
pub fn current(id: &str) -> &str {
    let mut id = id;
    // A chain of renames resolves to its end; the bound keeps a mistaken cycle from looping.
    for _ in 0..RENAMED.len() {
        match RENAMED.iter().find(|(old, _)| *old == id) {
            Some((_, new)) => id = new,
            None => break,
        }
    }
    id
}
