//! The compiled-in sample findings: each reads cleanly, opens the guide of the scenario it is filed
//! under, uses a catalogued type, and fills every command value it uses.

use std::collections::HashSet;

use findlens_core::catalog::{self, CatalogScenario};
use findlens_core::guide::{self, Segment};
use findlens_core::samples::{self, Sample};
use findlens_core::{Finding, ScenarioKey};

fn read(s: &Sample) -> Finding {
    let loaded = findlens_core::read(s.json.as_bytes());
    assert!(loaded.problems.is_empty(), "{}: problems {:?}", s.name, loaded.problems);
    assert!(loaded.notes.is_empty(), "{}: notes {:?}", s.name, loaded.notes);
    assert_eq!(loaded.findings.len(), 1, "{}: one finding per sample", s.name);
    let f = loaded.findings.into_iter().next().expect("one finding");
    assert!(f.warnings.is_empty(), "{}: warnings {:?}", s.name, f.warnings);
    f
}

#[test]
fn there_are_samples_with_unique_well_formed_names() {
    assert!(samples::all().len() >= ScenarioKey::ALL.len());
    let mut names = HashSet::new();
    for s in samples::all() {
        assert!(names.insert(s.name), "{} is listed twice", s.name);
        assert!(
            s.name == s.scenario.as_str() || s.name.starts_with(&format!("{}-", s.scenario.as_str())),
            "{}: the name must be <scenario-key>[-variant]",
            s.name
        );
        assert!(!s.title.trim().is_empty(), "{}: no title", s.name);
        assert!(!s.title.contains(['\n', '\t']), "{}: the title is not one line", s.name);
        assert_eq!(samples::find(s.name).map(|f| f.name), Some(s.name));
    }
    assert!(samples::find("no-such-sample").is_none());
}

#[test]
fn every_sample_reads_without_problems_or_warnings() {
    for s in samples::all() {
        let f = read(s);
        assert_eq!(f.finding_type, s.finding_type().unwrap_or_default(), "{}", s.name);
        assert!(f.is_sample(), "{}: samples carry additionalInfo.sample = true", s.name);
        for field in [&f.id, &f.arn, &f.account_id, &f.region, &f.partition, &f.title, &f.description] {
            assert!(field.as_deref().is_some_and(|v| !v.is_empty()), "{}: a top-level field is missing", s.name);
        }
        assert!(f.severity.is_some() && f.created_at.is_some() && f.updated_at.is_some(), "{}", s.name);
        assert!(f.resource_type().is_some(), "{}: no resource type", s.name);
        assert!(f.service.detector_id.is_some(), "{}: no detector ID", s.name);
        assert!(f.service.event_first_seen.is_some() && f.service.event_last_seen.is_some(), "{}", s.name);
    }
}

#[test]
fn every_sample_type_is_catalogued_for_its_scenario() {
    for s in samples::all() {
        let f = read(s);
        let info = catalog::lookup(&f.finding_type);
        assert!(info.is_some(), "{}: {} is not in the catalog", s.name, f.finding_type);
        let Some(info) = info else { continue };
        assert!(!info.retired, "{}: samples use current types", s.name);
        let primary = info.primary().resolve(f.resource_type());
        assert_eq!(primary, s.scenario, "{}: the catalog's primary scenario for {}", s.name, f.finding_type);
        if info.primary() == CatalogScenario::Runtime {
            assert!(f.service.runtime_details.is_some(), "{}: a runtime sample needs runtimeDetails", s.name);
        }
    }
}

#[test]
fn every_sample_opens_the_guide_of_its_scenario() {
    for s in samples::all() {
        let g = guide::build(&read(s));
        assert_eq!(g.scenarios.first(), Some(&s.scenario), "{}: scenarios {:?}", s.name, g.scenarios);
        assert_eq!(g.sections.first().and_then(|sec| sec.scenario), Some(s.scenario), "{}", s.name);
        assert!(g.type_summary.is_some(), "{}: no catalog summary", s.name);
    }
}

#[test]
fn every_scenario_key_has_a_sample() {
    for key in ScenarioKey::ALL {
        assert!(samples::all().iter().any(|s| s.scenario == key), "no sample for {key}");
    }
}

#[test]
fn no_command_value_is_empty() {
    for s in samples::all() {
        let g = guide::build(&read(s));
        for step in g.sections.iter().flat_map(|sec| &sec.steps) {
            for c in &step.commands {
                for seg in &c.segments {
                    if let Segment::Value { value, path, .. } = seg {
                        assert!(!value.trim().is_empty(), "{}: empty value for {path} in {}", s.name, c.text);
                    }
                }
                assert!(c.warnings.is_empty(), "{}: flagged values in {}", s.name, c.text);
            }
        }
    }
}

#[test]
fn the_brief_s_variants_are_there() {
    let kind = |name: &str| {
        samples::find(name).map(|s| {
            let f = read(s);
            (f.finding_type.clone(), f.resource_type().map(str::to_owned))
        })
    };
    // S3: a data event on the bucket (anonymous read) and a management event on an access key.
    let s3 = samples::find("s3-bucket-anonymous-read").map(read);
    let key = s3.as_ref().and_then(|f| f.resource.access_key_details.as_ref());
    assert_eq!(key.and_then(|k| k.user_name.as_deref()), Some("ANONYMOUS_PRINCIPAL"));
    assert_eq!(key.and_then(|k| k.user_type.as_deref()), Some("AWSAccount"));
    assert_eq!(s3.as_ref().and_then(|f| f.resource_type().map(str::to_owned)).as_deref(), Some("S3Bucket"));
    let policy = kind("s3-bucket-policy");
    assert!(policy.as_ref().is_some_and(|(t, r)| t.starts_with("Policy:S3/") && r.as_deref() == Some("AccessKey")));
    // Credentials: an AKIA IAM user key and an ASIA role session with the instance it came from.
    let akia = samples::find("credentials-tor-iam-user").map(read);
    let akia_key = akia.as_ref().and_then(|f| f.resource.access_key_details.as_ref());
    assert!(akia_key.and_then(|k| k.access_key_id.as_deref()).is_some_and(|k| k.starts_with("AKIA")));
    assert_eq!(akia_key.and_then(|k| k.user_type.as_deref()), Some("IAMUser"));
    let asia = samples::find("credentials-instance-exfiltration").map(read);
    let asia_key = asia.as_ref().and_then(|f| f.resource.access_key_details.as_ref());
    assert!(asia_key.and_then(|k| k.access_key_id.as_deref()).is_some_and(|k| k.starts_with("ASIA")));
    assert!(asia.as_ref().is_some_and(|f| f.resource.instance_details.is_some()));
    // RDS: the capital-L wire name is read.
    let rds = samples::find("rds").map(read);
    let logins = rds
        .as_ref()
        .and_then(|f| f.service.action.as_ref())
        .and_then(|a| a.rds_login_attempt_action.as_ref())
        .map(|r| r.login_attributes.len());
    assert_eq!(logins, Some(1));
    // Attack sequence: Critical, with a bucket and an access key among its resources.
    let seq = samples::find("attack-sequence").map(read);
    assert!(seq.as_ref().and_then(|f| f.severity).is_some_and(|s| s >= 9.0));
    let kinds: Vec<String> = seq
        .as_ref()
        .and_then(|f| f.service.detection.as_ref())
        .and_then(|d| d.sequence.as_ref())
        .map(|s| s.resources.iter().filter_map(|r| r.resource_type.clone()).collect())
        .unwrap_or_default();
    assert!(kinds.iter().any(|k| k == "S3_BUCKET") && kinds.iter().any(|k| k == "ACCESS_KEY"), "{kinds:?}");
}

#[test]
fn samples_use_only_documentation_addresses() {
    for s in samples::all() {
        let v: serde_json::Value = serde_json::from_str(s.json).expect("valid JSON");
        let mut ips = Vec::new();
        collect_ips(&v, &mut ips);
        for ip in ips {
            let documentation =
                ip.starts_with("192.0.2.") || ip.starts_with("198.51.100.") || ip.starts_with("203.0.113.");
            let private = ip.starts_with("10.") || ip.starts_with("172.17.");
            assert!(documentation || private, "{}: {ip} is not a documentation or private address", s.name);
        }
        assert!(!s.json.contains("GeneratedFinding"), "{}: samples are our own, not GuardDuty's placeholders", s.name);
    }
}

fn collect_ips(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let key = k.to_ascii_lowercase();
                if key.starts_with("ipaddress") || key == "ip" || key == "sourceips" || key == "publicip" {
                    match v {
                        serde_json::Value::String(s) => out.push(s.clone()),
                        serde_json::Value::Array(a) => {
                            out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_owned)))
                        }
                        _ => {}
                    }
                }
                collect_ips(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_ips(x, out)),
        _ => {}
    }
}

/// Identifier blanks that a sample carrying its resource must never leave.
const IDENTIFIERS: &[&str] = &[
    "instance-id",
    "instance-arn",
    "bucket-name",
    "access-key-id",
    "user-name",
    "cluster-name",
    "cluster-arn",
    "cluster",
    "task-arn",
    "container-id",
    "region",
    "detector-id",
    "finding-id",
    "db-instance-identifier",
    "function-name",
];

/// `instance-id` → `instanceId`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '-' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the JSON has a non-empty scalar under `key` (any casing) anywhere.
fn has_value(v: &serde_json::Value, key: &str) -> bool {
    match v {
        serde_json::Value::Object(m) => m.iter().any(|(k, v)| {
            (k.eq_ignore_ascii_case(key) && matches!(v, serde_json::Value::String(s) if !s.is_empty()))
                || has_value(v, key)
        }),
        serde_json::Value::Array(a) => a.iter().any(|v| has_value(v, key)),
        _ => false,
    }
}

#[test]
fn no_blank_is_left_where_the_sample_has_the_value() {
    for s in samples::all() {
        let f = read(s);
        let g = guide::build(&f);
        for step in g.sections.iter().flat_map(|x| &x.steps) {
            for c in &step.commands {
                for seg in &c.segments {
                    if let Segment::Missing { name, .. } = seg {
                        assert!(
                            !IDENTIFIERS.contains(&name.as_str()),
                            "{}: step {} leaves <{name}> blank: {}",
                            s.name,
                            step.id,
                            c.text
                        );
                        assert!(
                            !has_value(&f.raw, &camel(name)),
                            "{}: step {} leaves <{name}> blank but the sample has it: {}",
                            s.name,
                            step.id,
                            c.text
                        );
                    }
                }
                assert!(c.text.matches(" --region ").count() <= 1, "{}: --region twice: {}", s.name, c.text);
            }
            for fact in &step.facts {
                if fact.value.is_none() {
                    let leaf = fact.path.rsplit('.').next().unwrap_or("");
                    assert!(
                        !has_value(&f.raw, leaf) || leaf == "name" || leaf == "arn" || leaf == "id",
                        "{}: step {} says {} is not in the finding",
                        s.name,
                        step.id,
                        fact.path
                    );
                }
            }
        }
    }
}
