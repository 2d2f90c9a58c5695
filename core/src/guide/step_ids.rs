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

/// Each ID once, in order (a step shared by two sections is ticked once).
fn unique(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The step IDs of a built guide, each once, in guide order.
pub fn in_guide(g: &super::Guide) -> Vec<String> {
    unique(g.sections.iter().flat_map(|s| &s.steps).map(|s| s.id.clone()))
}

/// The step IDs of a finding's guide, each once, in guide order, without the rest of the guide
/// (its title, notes, links and type description) and without building any command (the context
/// is `ids_only`: quoting, operation lookups and the command text are skipped, which is most of a
/// guide's cost): what counting progress needs. The steps come from the same code as the guide's,
/// so there is no second list of IDs to keep in step; `guide_rules` checks the two agree on every
/// guide it builds.
pub fn of(f: &crate::Finding) -> Vec<String> {
    let routing = crate::route::route(f);
    let enriched = super::scenarios::attack_sequence::enrich(f);
    let cx = super::ctx::Ctx { ids_only: true, ..super::ctx::Ctx::new(enriched.as_ref().unwrap_or(f)) };
    unique(super::sections(&cx, &routing.scenarios).into_iter().flat_map(|s| s.steps).map(|s| s.id))
}
