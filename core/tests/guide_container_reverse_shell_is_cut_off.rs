//! A standalone container's reverse shell: its remote endpoint is shown and denied at the host's
//! subnet; host-mode networking is checked before docker network disconnect is relied on; the
//! host's role is treated as read through the metadata service unless IMDSv2 with hop limit 1 is
//! enforced; the image check asks about flagged files only when the finding names some.

use findlens_core::guide::{self, Guide, Step};
use serde_json::Value;

fn sample() -> Value {
    let path = format!("{}/samples/standalone-container.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("sample")).expect("json")
}

fn guide_of(v: &Value) -> Guide {
    guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0])
}

fn step<'g>(g: &'g Guide, id: &str) -> &'g Step {
    g.sections.iter().flat_map(|s| &s.steps).find(|s| s.id == id).unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn the_remote_endpoint_is_shown_and_denied() {
    let g = guide_of(&sample());
    let isolate = step(&g, "standalone-container/isolate");
    assert!(isolate.facts.iter().any(|f| f.value.as_deref() == Some("198.51.100.140:4444")));
    let texts: Vec<&str> = isolate.commands.iter().map(|c| c.text.as_str()).collect();
    for direction in ["--ingress", "--egress"] {
        assert!(
            texts
                .iter()
                .any(|t| t.contains(direction) && t.contains("--rule-action deny --cidr-block '198.51.100.140/32'")),
            "{texts:#?}"
        );
    }
}

#[test]
fn host_networking_and_the_metadata_service_are_checked() {
    let g = guide_of(&sample());
    let isolate = step(&g, "standalone-container/isolate");
    let texts: Vec<&str> = isolate.commands.iter().map(|c| c.text.as_str()).collect();
    let at = |k: &str| texts.iter().position(|t| t.contains(k)).unwrap_or_else(|| panic!("{k}: {texts:#?}"));
    assert!(at("{{.HostConfig.NetworkMode}}") < at("docker network disconnect"));
    assert!(isolate.decisions.iter().any(|d| d.id == "container/does-the-container-use-the-hosts-network"));
    let imds = at("MetadataOptions");
    let require = at("modify-instance-metadata-options");
    let revoke = at("put-role-policy");
    assert!(imds < require && require < revoke, "{texts:#?}");
    assert!(texts[require].contains("--http-tokens required --http-put-response-hop-limit 1"));
}

#[test]
fn the_image_check_asks_about_flagged_files_only_when_there_are_some() {
    let g = guide_of(&sample());
    let image = step(&g, "standalone-container/image");
    assert!(!image.decisions.iter().any(|d| d.question.contains("flagged files")));
    let mut v = sample();
    v["service"]["ebsVolumeScanDetails"] = serde_json::json!({"scanDetections": {"threatDetectedByName": {
        "threatNames": [{"name": "EICAR-Test-File", "filePaths": [{"filePath": "/opt/x"}]}]}}});
    let g = guide_of(&v);
    let image = step(&g, "standalone-container/image");
    assert!(image.decisions.iter().any(|d| d.question.contains("flagged files")));
}
