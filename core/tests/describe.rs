//! "What happened" as the core describes it: sections for each kind of action, the runtime process
//! and its parents, attack-sequence signals, ASFF input; the same wording as the guide's facts;
//! every row with a value and a real wire field path; and the raw tree's paths.

mod common;

use std::collections::HashSet;
use std::sync::OnceLock;

use findlens_core::describe::{describe, Row, Section, Value};
use findlens_core::finding::wire;
use findlens_core::raw::{Kind, Node};
use findlens_core::{guide, samples, Finding};

fn sample(name: &str) -> Finding {
    let s = samples::find(name).unwrap_or_else(|| panic!("no sample {name}"));
    let mut loaded = findlens_core::read(s.json.as_bytes());
    assert_eq!(loaded.findings.len(), 1, "{name}");
    loaded.findings.remove(0)
}

fn fixture(name: &str) -> Finding {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut loaded = findlens_core::read(&bytes);
    assert!(!loaded.findings.is_empty(), "{name}");
    loaded.findings.remove(0)
}

fn section<'s>(sections: &'s [Section], id: &str) -> &'s Section {
    sections.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no {id} section in {sections:#?}"))
}

/// The rows of a section's item with this title (`None`: the section's own rows).
fn item<'s>(s: &'s Section, title: Option<&str>) -> &'s [Row] {
    let found = s.items.iter().find(|i| i.title.as_deref() == title);
    &found.unwrap_or_else(|| panic!("no item {title:?} in {s:#?}")).rows
}

fn row<'r>(rows: &'r [Row], label: &str) -> &'r Row {
    rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("no {label} row in {rows:#?}"))
}

fn text<'r>(rows: &'r [Row], label: &str) -> (&'r str, &'r str) {
    let r = row(rows, label);
    (r.value.text(), r.path.as_str())
}

/// The guide's fact with this label, if the guide shows it.
fn guide_fact(f: &Finding, label: &str) -> Option<(String, String)> {
    let g = guide::build(f);
    g.sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.facts)
        .find(|fact| fact.label == label && fact.value.is_some())
        .map(|fact| (fact.value.clone().unwrap_or_default(), fact.path.clone()))
}

#[test]
fn api_call() {
    let d = describe(&fixture("api-camel-credentials.json"));
    let call = item(section(&d, "action"), Some("API call"));
    assert_eq!(text(call, "API"), ("ListBuckets", "service.action.awsApiCallAction.api"));
    assert_eq!(text(call, "Service"), ("s3.amazonaws.com", "service.action.awsApiCallAction.serviceName"));
    let actor = item(section(&d, "actor"), None);
    assert_eq!(
        text(actor, "Location"),
        ("Amsterdam, Netherlands", "service.action.awsApiCallAction.remoteIpDetails.country.countryName")
    );
    // asnOrg, org and ISP are the same name here: it is said once.
    assert!(actor.iter().all(|r| r.label != "Organisation" && r.label != "ISP"), "{actor:#?}");
    assert_eq!(d.first().map(|s| s.id), Some("resource"));
}

#[test]
fn network_connection() {
    let d = describe(&sample("ec2-instance"));
    let conn = item(section(&d, "action"), Some("Network connection"));
    assert_eq!(row(conn, "Direction").path, "service.action.networkConnectionAction.connectionDirection");
    let actor = item(section(&d, "actor"), None);
    assert!(row(actor, "IP address").path.starts_with("service.action.networkConnectionAction.remoteIpDetails."));
}

#[test]
fn port_probe_has_its_probes_and_its_prober_as_the_actor() {
    let f = sample("ec2-instance-port-probe");
    let d = describe(&f);
    let action = section(&d, "action");
    assert_eq!(text(item(action, None), "Probes blocked"), ("No", "service.action.portProbeAction.blocked"));
    let probe = item(action, Some("Port probe 1"));
    // GuardDuty's "Unknown" port name says nothing.
    assert_eq!(
        text(probe, "Local port"),
        ("9200", "service.action.portProbeAction.portProbeDetails.localPortDetails.port")
    );
    assert_eq!(text(probe, "From").0, "192.0.2.200");
    assert_eq!(text(probe, "From (network)").0, "AS64496 Example Scanning GmbH");
    // The actor is the prober, as the guide's remote party is.
    let actor = item(section(&d, "actor"), None);
    let base = "service.action.portProbeAction.portProbeDetails.remoteIpDetails";
    assert_eq!(text(actor, "IP address"), ("192.0.2.200", format!("{base}.ipAddressV4").as_str()));
    assert_eq!(text(actor, "Network (ASN and organisation)").0, "AS64496 Example Scanning GmbH");
    assert_eq!(text(actor, "Coordinates").0, "50.1109, 8.6821");
}

#[test]
fn dns_request() {
    let d = describe(&sample("ecs-runtime"));
    let dns = item(section(&d, "action"), Some("DNS request"));
    assert_eq!(row(dns, "Domain").path, "service.action.dnsRequestAction.domain");
    assert_eq!(row(item(section(&d, "actor"), None), "Domain").path, "service.action.dnsRequestAction.domain");
}

#[test]
fn kubernetes_api_call() {
    let d = describe(&sample("eks-audit"));
    let call = item(section(&d, "action"), Some("Kubernetes API call"));
    assert_eq!(row(call, "Verb").path, "service.action.kubernetesApiCallAction.verb");
    let k8s = section(&d, "kubernetes");
    assert_eq!(
        row(item(k8s, Some("User")), "User name").path,
        "resource.kubernetesDetails.kubernetesUserDetails.username"
    );
}

#[test]
fn rds_login() {
    let d = describe(&sample("rds"));
    let login = item(section(&d, "action"), Some("RDS login"));
    assert_eq!(row(login, "User").path, "service.action.rdsLoginAttemptAction.LoginAttributes.user");
    let db = item(section(&d, "resource"), Some("RDS database"));
    assert_eq!(row(db, "Engine").path, "resource.rdsDbInstanceDetails.engine");
}

#[test]
fn runtime_process_and_its_parents_read_as_in_the_guide() {
    for name in ["ec2-runtime", "eks-runtime", "ecs-runtime", "standalone-container"] {
        let f = sample(name);
        let d = describe(&f);
        let process = item(section(&d, "runtime"), Some("Process"));
        let (parents, path) = text(process, "Parents, nearest first");
        assert_eq!(path, "service.runtimeDetails.process.lineage.name", "{name}");
        assert!(parents.contains(" ← ") && parents.contains("uid "), "{name}: {parents}");
        if let Some((fact, _)) = guide_fact(&f, "Parent processes, nearest first (process IDs on the host, user IDs)") {
            assert_eq!(fact, parents, "{name}: one lineage, worded once");
        }
        assert!(matches!(row(process, "Started").value, Value::Time(_)), "{name}");
    }
}

#[test]
fn attack_sequence_signals() {
    let d = describe(&sample("attack-sequence"));
    let detection = section(&d, "detection");
    let seq = item(detection, None);
    assert_eq!(row(seq, "Sequence").path, "service.detection.sequence.description");
    let signal = item(detection, Some("Signal 1"));
    assert_eq!(text(signal, "Name"), ("ListBuckets", "service.detection.sequence.signals.name"));
    assert_eq!(text(signal, "Severity").0, "5.0");
    assert!(matches!(row(signal, "First seen").value, Value::Time(_)));
    assert!(detection.items.iter().any(|i| i.title.as_deref() == Some("Network endpoint")));
}

#[test]
fn asff_input_gets_wire_paths_and_its_raw_tree_the_documents_own() {
    let f = fixture("asff-ssh-bruteforce.json");
    let d = describe(&f);
    let actor = item(section(&d, "actor"), None);
    assert_eq!(
        text(actor, "IP address"),
        ("203.0.113.9", "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4")
    );
    let instance = item(section(&d, "resource"), Some("EC2 instance"));
    assert_eq!(text(instance, "Instance type"), ("t3.micro", "resource.instanceDetails.instanceType"));
    let tree = f.raw_tree();
    let paths = node_paths(&tree);
    assert!(paths.contains("Resources.Details.AwsEc2Instance.Type"), "{paths:?}");
    assert!(paths.contains("SchemaVersion"));
    assert!(!paths.iter().any(|p| p.starts_with("resource.")));
}

fn node_paths(n: &Node) -> HashSet<String> {
    fn walk(n: &Node, out: &mut HashSet<String>) {
        out.extend(n.path.clone());
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut out = HashSet::new();
    walk(n, &mut out);
    out
}

#[test]
fn the_network_reads_as_the_guides_fact_reads_it() {
    let mut compared = 0;
    for s in samples::all() {
        let f = sample(s.name);
        let Some((fact, fact_path)) = guide_fact(&f, "Network (ASN and organisation)") else { continue };
        let d = describe(&f);
        let actor = item(section(&d, "actor"), None);
        assert_eq!(text(actor, "Network (ASN and organisation)"), (fact.as_str(), fact_path.as_str()), "{}", s.name);
        assert!(fact.starts_with("AS"), "{}: {fact}", s.name);
        compared += 1;
    }
    assert!(compared >= 3, "only {compared} samples name a network");
}

fn filterable() -> &'static HashSet<String> {
    static FIELDS: OnceLock<HashSet<String>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws-models/guardduty-filterable-fields.txt");
        let text = std::fs::read_to_string(path).expect("the filterable fields");
        text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(str::to_owned).collect()
    })
}

/// Every finding the tests know: the samples, the fixtures, and one of every catalogued type.
fn every_finding() -> Vec<(String, Finding)> {
    let mut out: Vec<(String, Finding)> = samples::all().iter().map(|s| (s.name.to_owned(), sample(s.name))).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).expect("fixture");
        for f in findlens_core::read(&bytes).findings {
            out.push((path.display().to_string(), f));
        }
    }
    for g in common::every_type() {
        let bytes = serde_json::to_vec(&g.finding).expect("JSON");
        for f in findlens_core::read(&bytes).findings {
            out.push((format!("{} on {}", g.info.name, g.kind), f));
        }
    }
    out
}

#[test]
fn every_row_has_a_value_and_a_wire_path() {
    let mut rows = 0;
    for (name, f) in every_finding() {
        for s in describe(&f) {
            assert!(!s.items.is_empty(), "{name}: empty section {}", s.id);
            for i in &s.items {
                assert!(!i.rows.is_empty(), "{name}: empty item {:?} in {}", i.title, s.id);
                for r in &i.rows {
                    assert!(!r.label.trim().is_empty(), "{name}: {r:?}");
                    assert!(!r.value.text().trim().is_empty(), "{name}: {r:?}");
                    assert!(
                        wire::is_path(&r.path) || filterable().contains(&r.path),
                        "{name}: {} has no wire path: {}",
                        r.label,
                        r.path
                    );
                    rows += 1;
                }
            }
        }
    }
    assert!(rows > 1000, "only {rows} rows");
}

#[test]
fn raw_tree_paths_are_wire_paths_for_guardduty_input() {
    for (name, f) in every_finding() {
        if f.format != findlens_core::finding::SourceFormat::GuardDuty {
            continue;
        }
        let tree = f.raw_tree();
        assert_eq!(tree.kind, Kind::Object, "{name}");
        assert_eq!(tree.to_json(), f.raw, "{name}: the tree holds the whole document");
        for p in node_paths(&tree) {
            assert!(wire::is_path(&p), "{name}: {p}");
        }
    }
}

#[test]
fn pascal_case_input_gets_the_same_paths_as_camel_case() {
    let f = sample("eks-runtime");
    let pascal = common::shapes(&f.raw).into_iter().find(|(n, _)| n == "PascalCase bare").map(|(_, v)| v);
    let pascal = pascal.expect("a PascalCase shape");
    let bytes = serde_json::to_vec(&pascal).expect("JSON");
    let p = findlens_core::read(&bytes).findings.remove(0);
    // Free-form objects (`additionalInfo`) keep their keys as the document spells them.
    let model = |n: &Node| -> HashSet<String> {
        node_paths(n).into_iter().filter(|p| !p.starts_with("service.additionalInfo.")).collect()
    };
    assert_eq!(model(&p.raw_tree()), model(&f.raw_tree()));
    assert!(node_paths(&p.raw_tree()).contains("service.additionalInfo.Sample"));
    assert_eq!(describe(&p), describe(&f));
}

#[test]
fn sections_serialize_with_stable_names() {
    let d = describe(&sample("ec2-runtime"));
    let v = serde_json::to_value(&d).expect("JSON");
    let first = &v[0];
    assert_eq!(first["id"], "resource");
    assert_eq!(first["title"], "Resource");
    let row = &first["items"][0]["rows"][0];
    assert_eq!(row["label"], "Resource type");
    assert_eq!(row["value"], serde_json::json!({"kind": "text", "text": "Instance"}));
    assert_eq!(row["path"], "resource.resourceType");
    let started =
        v.as_array().into_iter().flatten().find(|s| s["id"] == "runtime").map(|s| s["items"][0]["rows"].clone());
    let started =
        started.into_iter().flat_map(|r| r.as_array().cloned().unwrap_or_default()).find(|r| r["label"] == "Started");
    let started = started.expect("a Started row");
    assert_eq!(started["value"]["kind"], "time");
    assert!(started["value"]["epoch_ms"].is_i64());
}
