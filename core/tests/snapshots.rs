//! One Markdown guide per scenario, from the embedded samples, pinned as a snapshot. A change to
//! any guide's wording, order or commands shows up as a diff to review (`cargo insta review`).

use findlens_core::{guide, samples, ScenarioKey};

#[test]
fn markdown_guide_of_each_scenario() {
    for key in ScenarioKey::ALL {
        let sample = samples::find(key.sample()).expect("the registry names a sample for every scenario");
        let loaded = findlens_core::read(sample.json.as_bytes());
        assert!(loaded.problems.is_empty(), "{}: {:?}", sample.name, loaded.problems);
        let md = guide::markdown(&guide::build(&loaded.findings[0]));
        insta::assert_snapshot!(format!("guide_{}", key.as_str()), md);
    }
}
