//! The `findlens` binary end to end: JSON fields, Markdown, standard input, exit codes.

mod common;

use common::{fixture as path, run};

#[test]
fn json_output_fields() {
    let out = run(&["render", &path("api-camel-credentials.json"), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = v.as_array().expect("an array");
    assert_eq!(items.len(), 1);
    let f = &items[0];
    assert_eq!(f["schema_version"], 4);
    assert_eq!(f["id"], "5eb2a1f0c1d24a8f9a3c0b7d6e4f1a2b");
    assert_eq!(f["type"], "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom");
    assert_eq!(f["title"], "API ListBuckets was invoked from an IP address on a custom threat list.");
    assert_eq!(f["severity"]["score"], 5.0);
    assert_eq!(f["severity"]["label"], "Medium");
    assert_eq!(f["scenarios"], serde_json::json!(["credentials"]));
    let steps = f["guide"]["sections"][0]["steps"].as_array().expect("steps");
    assert!(steps.iter().any(|s| s["id"] == "credentials/contain"));
    let text = f["guide"].to_string();
    assert!(text.contains("aws iam update-access-key --user-name 'deploy-bot'"));
    // Schema 2: every step has its phase, every command its effect, and destructive ones a caution.
    let phases = ["understand", "preserve", "contain", "eradicate", "recover", "tune"];
    let mut effects = std::collections::BTreeSet::new();
    for section in f["guide"]["sections"].as_array().expect("sections") {
        for step in section["steps"].as_array().expect("steps") {
            assert!(phases.contains(&step["phase"].as_str().unwrap_or("")), "{}", step["id"]);
            for c in step["commands"].as_array().expect("commands") {
                let effect = c["effect"].as_str().expect("an effect");
                effects.insert(effect.to_owned());
                if effect == "destructive" {
                    assert!(c["caution"].as_str().is_some_and(|s| !s.is_empty()), "{}", c["text"]);
                }
            }
        }
    }
    assert!(effects.contains("read-only") && effects.contains("reversible"), "{effects:?}");
}

/// The rows of a `details` section, as `(label, value text, path)`.
fn detail_rows(f: &serde_json::Value, id: &str) -> Vec<(String, String, String)> {
    let sections = f["details"].as_array().expect("details is a list");
    let section = sections.iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no {id} section in {sections:?}"));
    section["items"]
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|i| i["rows"].as_array().cloned().unwrap_or_default())
        .map(|r| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
            (s(&r["label"]), s(&r["value"]["text"]), s(&r["path"]))
        })
        .collect()
}

#[test]
fn json_carries_what_happened_with_field_paths() {
    let out = run(&["render", &path("api-camel-credentials.json"), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let f = &v[0];
    let ids: Vec<&str> = f["details"].as_array().expect("details").iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids.first(), Some(&"resource"), "{ids:?}");
    assert!(ids.contains(&"action") && ids.contains(&"actor") && ids.contains(&"other"), "{ids:?}");
    let api = ("API".to_owned(), "ListBuckets".to_owned(), "service.action.awsApiCallAction.api".to_owned());
    assert!(detail_rows(f, "action").contains(&api));
    let actor = detail_rows(f, "actor");
    let base = "service.action.awsApiCallAction.remoteIpDetails";
    assert!(actor.contains(&("IP address".into(), "198.51.100.23".into(), format!("{base}.ipAddressV4"))), "{actor:?}");
    // The network reads as the guide's fact reads it.
    let network = (
        "Network (ASN and organisation)".into(),
        "AS64500 Example Hosting".into(),
        format!("{base}.organization.asnOrg"),
    );
    assert!(actor.contains(&network), "{actor:?}");
    assert!(f["guide"].to_string().contains("AS64500 Example Hosting"));
    // Every row has a label, a value and a path; times say so.
    for section in f["details"].as_array().expect("details") {
        for item in section["items"].as_array().expect("items") {
            for row in item["rows"].as_array().expect("rows") {
                for key in ["label", "path"] {
                    assert!(row[key].as_str().is_some_and(|s| !s.is_empty()), "{row}");
                }
                assert!(row["value"]["text"].as_str().is_some_and(|s| !s.trim().is_empty()), "{row}");
                assert!(["text", "time"].contains(&row["value"]["kind"].as_str().unwrap_or("")), "{row}");
            }
        }
    }
}

#[test]
fn markdown_prints_what_happened_before_the_guide() {
    let out = run(&["render", &path("asff-ssh-bruteforce.json")], None);
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).expect("utf8");
    let what = md.find("\n## What happened\n").expect("a What happened heading");
    let guide = md.find("\n## Potentially compromised EC2 instance").expect("the guide's section");
    assert!(what < guide, "{md}");
    let between = &md[what..guide];
    assert!(between.contains("### Action\n"), "{between}");
    assert!(
        between.contains(
            "- IP address: `203.0.113.9` (`service.action.networkConnectionAction.remoteIpDetails.ipAddressV4`)"
        ),
        "{between}"
    );
}

#[test]
fn markdown_output() {
    let out = run(&["render", &path("asff-ssh-bruteforce.json")], None);
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).expect("utf8");
    assert!(md.starts_with("# 203.0.113.9 is performing SSH brute force attacks against i-0123456789abcdef0."), "{md}");
    assert!(md.contains("## Potentially compromised EC2 instance"));
    assert!(md.contains("aws ec2 describe-instances --instance-ids 'i-0123456789abcdef0' --region 'us-east-2'"));
    assert!(md.contains("- **Severity:** Low 2.0"));
}

#[test]
fn several_files_and_stdin() {
    let stdin = std::fs::read(path("eventbridge-event.json")).expect("fixture");
    let out = run(&["render", &path("ocsf-root-usage.json"), "-", "--format=json"], Some(&stdin));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn bad_items_exit_1_and_good_findings_still_print() {
    let out = run(&["render", &path("s3-export.jsonl.gz"), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2), "the two good lines are printed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s3-export.jsonl.gz: line 2, column"), "{err}");
}

#[test]
fn invalid_json_and_missing_files_exit_1_with_where() {
    let out = run(&["render", "-"], Some(b"{\"type\": \"X\",\n  \"id\": }"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>: line 2, column 9: invalid JSON"));
    let out = run(&["render", "/nonexistent/findings.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/findings.json: cannot read"));
}

#[test]
fn wrong_usage_exits_2() {
    for args in [&[][..], &["render"][..], &["render", "x", "--format", "yaml"][..], &["bogus"][..]] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: findlens render"));
    }
    assert_eq!(run(&["--help"], None).status.code(), Some(0));
}

/// The `samples` listing: name, scenario, type, title.
fn sample_rows() -> Vec<Vec<String>> {
    let out = run(&["samples"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

#[test]
fn samples_lists_every_sample_once_per_line() {
    let rows = sample_rows();
    let all = findlens_core::samples::all();
    assert_eq!(rows.len(), all.len());
    for (row, sample) in rows.iter().zip(all) {
        assert_eq!(row.first().map(String::as_str), Some(sample.name));
        assert_eq!(row.get(1).map(String::as_str), Some(sample.scenario.as_str()));
        assert_eq!(row.get(2).cloned(), sample.finding_type());
        assert_eq!(row[3..].join(" "), sample.title);
    }
    for key in findlens_core::ScenarioKey::ALL {
        assert!(rows.iter().any(|r| r.get(1).map(String::as_str) == Some(key.as_str())), "no sample for {key}");
    }
}

#[test]
fn every_sample_prints_and_renders_cleanly() {
    for row in sample_rows() {
        let (name, scenario) = (&row[0], &row[1]);
        let out = run(&["samples", name], None);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let finding: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the sample is JSON");
        assert_eq!(finding["type"].as_str(), row.get(2).map(String::as_str), "{name}");

        let rendered = run(&["render", "-", "--format", "json"], Some(&out.stdout));
        assert_eq!(rendered.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&rendered.stderr));
        assert!(rendered.stderr.is_empty(), "{name}: {}", String::from_utf8_lossy(&rendered.stderr));
        let v: serde_json::Value = serde_json::from_slice(&rendered.stdout).expect("JSON");
        assert_eq!(v[0]["scenarios"][0].as_str(), Some(scenario.as_str()), "{name}");

        let md = run(&["render", "-"], Some(&out.stdout));
        assert_eq!(md.status.code(), Some(0), "{name}");
        assert!(!md.stdout.is_empty(), "{name}");
    }
}

#[test]
fn unknown_sample_exits_2_with_the_list() {
    let out = run(&["samples", "no-such-sample"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-sample"), "{err}");
    for sample in findlens_core::samples::all() {
        assert!(err.contains(sample.name), "{err}");
    }
}

#[test]
fn samples_wrong_usage_exits_2() {
    for args in [&["samples", "rds", "lambda"][..], &["samples", "--format", "json"][..]] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("findlens samples [NAME]"));
    }
}

#[test]
fn no_control_character_from_a_finding_reaches_the_terminal() {
    // An escape sequence in the title, an OSC window-title sequence and a BEL in the instance ID,
    // a direction override in a user name, and a value of the wrong kind (so a warning that
    // quotes the path goes to standard error).
    let hostile = br#"{"type":"Recon:EC2/Portscan","region":"us-east-1","title":"evil\u001b[31mRED\u001b[0m",
        "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-1\u001b]0;pwn\u0007","tags":[{"key":"o\u202Ewner","value":"x"}]}},
        "service":{"count":"many\u001b[2J"}}"#;
    let out = run(&["render", "-"], Some(hostile));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202A}'..='\u{202E}').contains(&c))
            .collect();
        assert!(bad.is_empty(), "{name} carries {bad:?}");
    }
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("evil\\u{1B}"), "the escape is shown, not obeyed");
}
