//! Snapshot retention is GuardDuty Malware Protection's setting: a guide mentions it only for a
//! finding that carries a malware scan of EBS volumes, never for a runtime finding such as a
//! reverse shell in a container.

use findlens_core::guide::{self, markdown};

fn markdown_of(sample: &str) -> String {
    let s = findlens_core::samples::find(sample).unwrap_or_else(|| panic!("no sample {sample}"));
    let f = findlens_core::read(s.json.as_bytes()).findings.remove(0);
    markdown(&guide::build(&f))
}

#[test]
fn a_reverse_shell_guide_says_nothing_of_snapshot_retention() {
    let md = markdown_of("standalone-container");
    assert!(md.contains("ReverseShell"));
    assert!(!md.to_lowercase().contains("retention"), "retention mentioned in a reverse-shell guide");
}

#[test]
fn retention_text_comes_only_with_a_volume_scan() {
    for sample in findlens_core::samples::all() {
        let f = findlens_core::read(sample.json.as_bytes()).findings.remove(0);
        let g = guide::build(&f);
        let scanned = f.service.ebs_volume_scan_details.is_some();
        let says = g.sections.iter().flat_map(|s| &s.steps).any(|s| {
            s.why.to_lowercase().contains("snapshot retention")
                || s.decisions.iter().any(|d| d.answer.to_lowercase().contains("snapshot retention"))
        });
        assert!(scanned || !says, "{}: snapshot retention explained without a volume scan", sample.name);
    }
}
