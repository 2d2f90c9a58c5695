//! Every real finding document in `../shared/fixtures/findings/` (found from the workspace root)
//! yields the type PROVENANCE.tsv lists for it, or for the `Malformed:*` files warnings or a clear
//! error, and never a panic; and every finding read gets a guide. Skipped with a note when the
//! folder is absent, except under CI, where its absence fails the test.

use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    if dir.join("PROVENANCE.tsv").is_file() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", dir.display());
    println!("note: {} is absent; skipping the conformance test over the shared fixtures", dir.display());
    None
}

/// `Type [how the wrapper spells it]` → `Type`; `(none)` → no finding.
fn expected_type(cell: &str) -> Option<&str> {
    let t = cell.split(" [").next().unwrap_or(cell).trim();
    (t != "(none)").then_some(t)
}

#[test]
fn every_shared_fixture_reads_as_provenance_says() {
    let Some(dir) = shared() else { return };
    let tsv = std::fs::read_to_string(dir.join("PROVENANCE.tsv")).expect("PROVENANCE.tsv is readable");
    let mut header = None;
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in tsv.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(h) = &header else {
            header = Some(cols.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>());
            continue;
        };
        let col = |name: &str| h.iter().position(|c| c == name).and_then(|i| cols.get(i)).copied().unwrap_or("");
        let file = col("file");
        let path = dir.join("findings").join(file);
        if !path.is_file() {
            continue; // model files listed in the table live elsewhere
        }
        let bytes = std::fs::read(&path).expect("fixture is readable");
        let loaded = findlens_core::read(&bytes);
        for f in &loaded.findings {
            let guide = findlens_core::guide::build(f);
            assert!(!guide.sections.is_empty(), "{file}: a guide with no sections");
            for c in guide.sections.iter().flat_map(|s| &s.steps).flat_map(|s| &s.commands) {
                // kubectl and docker act on a cluster or host, not a Region; every AWS CLI command names one.
                assert!(
                    !c.text.starts_with("aws ") || c.text.contains(" --region "),
                    "{file}: command without --region: {}",
                    c.text
                );
            }
            let md = findlens_core::guide::markdown(&guide);
            assert!(md.contains(&f.finding_type), "{file}: markdown names the type");
        }
        let types: Vec<&str> = loaded.findings.iter().map(|f| f.finding_type.as_str()).collect();
        let want = expected_type(col("finding_types"));
        let ok = match want {
            Some(t) if t.starts_with("Malformed:") => {
                let warned = loaded.findings.iter().any(|f| !f.warnings.is_empty());
                let errored = !loaded.problems.is_empty();
                let read_as_type = types == [t];
                // InvalidDataTypes must be read with warnings; MissingFields reads (everything but
                // the type is optional) or fails with a message.
                (t.ends_with("InvalidDataTypes") && warned && read_as_type)
                    || (!t.ends_with("InvalidDataTypes") && (read_as_type || errored))
            }
            Some(t) => types == [t] && loaded.problems.is_empty(),
            None => types.is_empty() && loaded.problems.is_empty(),
        };
        if !ok {
            failures.push(format!(
                "{file}: want {want:?}, got {types:?}, problems {:?}",
                loaded.problems.iter().map(ToString::to_string).collect::<Vec<_>>()
            ));
        }
        checked += 1;
    }
    println!("checked {checked} shared fixtures");
    assert!(checked >= 170, "only {checked} fixtures found");
    assert!(failures.is_empty(), "{} of {checked} fixtures failed:\n{}", failures.len(), failures.join("\n"));
}
