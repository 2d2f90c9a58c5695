//! Completeness of the compiled catalog: every entry usable on its own, with no need for the
//! shared reference (that comparison lives in `tests/catalog_reference.rs`).

use super::*;
use crate::severity::SeverityBand;

/// The data file as compiled in, to check that build.rs's key table agrees with `scenario.rs`.
const DATA: &str = include_str!("../../data/finding-types.tsv");

fn key_name(s: CatalogScenario) -> &'static str {
    match s {
        CatalogScenario::Key(k) => k.as_str(),
        CatalogScenario::Runtime => "runtime",
    }
}

#[test]
fn catalog_is_not_empty_and_sorted_without_duplicates() {
    assert!(all().len() > 200, "only {} types", all().len());
    for pair in all().windows(2) {
        assert!(pair[0].name < pair[1].name, "{} and {} are out of order or repeated", pair[0].name, pair[1].name);
    }
}

#[test]
fn lookup_finds_every_entry_and_nothing_else() {
    for t in all() {
        assert_eq!(lookup(t.name).map(|found| found.name), Some(t.name));
    }
    for missing in [
        "",
        "backdoor:ec2/c&cactivity.b!dns",
        "Backdoor:EC2/C&CActivity.B!DNS ",
        "Backdoor:EC2/C&CActivity",
        "Impact:EC2/NotARealType",
        "not a type",
    ] {
        assert!(lookup(missing).is_none(), "{missing:?}");
    }
}

#[test]
fn known_entries() {
    let t = lookup("Backdoor:EC2/C&CActivity.B!DNS");
    assert_eq!(t.map(|t| t.resource), Some(ResourceFamily::Instance));
    assert_eq!(t.map(|t| t.default_severity), Some(DefaultSeverity::High));
    assert_eq!(t.map(|t| t.primary()), Some(CatalogScenario::Key(ScenarioKey::Ec2Instance)));

    let t = lookup("AttackSequence:S3/CompromisedData");
    assert_eq!(
        t.map(|t| t.scenarios.iter().map(|s| key_name(*s)).collect::<Vec<_>>()),
        Some(vec!["attack-sequence", "credentials", "s3-bucket"])
    );
    assert_eq!(t.and_then(|t| t.default_severity.band()), Some(SeverityBand::Critical));

    let t = lookup("Execution:Runtime/ReverseShell");
    assert_eq!(t.map(|t| t.resource), Some(ResourceFamily::Runtime));
    assert_eq!(t.map(|t| t.primary()), Some(CatalogScenario::Runtime));

    let t = lookup("UnauthorizedAccess:EC2/SSHBruteForce");
    assert_eq!(t.map(|t| t.default_severity), Some(DefaultSeverity::Low));
    assert!(t.is_some_and(|t| !t.severity_note.is_empty()));

    let t = lookup("CryptoCurrency:EC2/BitcoinTool.A");
    assert!(t.is_some_and(|t| t.retired));
    assert_eq!(t.and_then(|t| t.replaced_by), Some("CryptoCurrency:EC2/BitcoinTool.B"));
}

#[test]
fn every_entry_is_complete() {
    for t in all() {
        let n = t.name;
        assert!(!t.summary.trim().is_empty(), "{n}: empty summary");
        assert!(!t.summary.contains(['\n', '\r', '\t']), "{n}: summary is not one line");
        assert!(t.summary.chars().count() <= 160, "{n}: summary too long");
        assert!(!t.data_source.is_empty(), "{n}: no data source");
        assert!(!t.scenarios.is_empty(), "{n}: no scenario");
        for (i, s) in t.scenarios.iter().enumerate() {
            assert_eq!(CatalogScenario::parse(key_name(*s)), Some(*s), "{n}: scenario key does not parse");
            assert!(!t.scenarios[..i].contains(s), "{n}: scenario listed twice");
        }
        assert!(!t.severity_note.contains(['\n', '\t']), "{n}: severity note is not one line");
    }
}

#[test]
fn every_name_fits_the_grammar() {
    for t in all() {
        let parsed = parse_type(t.name);
        assert!(parsed.is_some(), "{} does not parse", t.name);
        assert_eq!(parsed.map(|p| p.to_string()).as_deref(), Some(t.name), "{} does not round-trip", t.name);
    }
}

#[test]
fn retired_types_say_what_replaced_them() {
    let mut count = 0;
    for t in retired() {
        count += 1;
        match t.replaced_by {
            Some(successor) => {
                let next = super::successors(t);
                assert!(!next.is_empty(), "{}: successor {successor} unknown", t.name);
                for n in next {
                    assert!(!n.retired, "{}: successor {} is itself retired", t.name, n.name);
                }
            }
            None => {
                let s = t.summary;
                assert!(
                    s.contains("replaced") || s.contains("now ") || s.contains("no successor"),
                    "{}: retired with no replaced_by, and the summary does not say what took over",
                    t.name
                );
            }
        }
    }
    assert!(count > 0, "no retired types at all");
    for t in all().iter().filter(|t| !t.retired) {
        assert!(t.replaced_by.is_none(), "{}: active type with replaced_by", t.name);
    }
}

#[test]
fn resources_match_their_scenarios() {
    for t in all() {
        let primary = t.primary();
        let expected = if t.name.starts_with("AttackSequence:") {
            Some(CatalogScenario::Key(ScenarioKey::AttackSequence))
        } else if t.resource == ResourceFamily::Runtime {
            Some(CatalogScenario::Runtime)
        } else {
            None
        };
        // No source names one resource type for these; the data file says so.
        let unsourced = t.name.starts_with("AttackSequence:")
            || t.data_source.starts_with("Custom detection rules")
            || t.data_source.starts_with("Malware Protection for Backup");
        assert_eq!(t.resource_inferred, unsourced, "{}: resource_inferred", t.name);
        if let Some(expected) = expected {
            assert_eq!(primary, expected, "{}", t.name);
        }
        if t.scenarios.contains(&CatalogScenario::Runtime) {
            assert_eq!(t.resource, ResourceFamily::Runtime, "{}", t.name);
        }
    }
}

/// build.rs keeps its own table of scenario keys; read the compiled-in file with the crate's
/// parser and make sure both readings agree.
#[test]
fn generated_scenarios_agree_with_the_data_file() {
    let mut rows = 0;
    for line in DATA.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 9, "{line}");
        let name = cells[0];
        let parsed: Vec<Option<CatalogScenario>> = cells[5].split('+').map(CatalogScenario::parse).collect();
        let compiled: Option<Vec<Option<CatalogScenario>>> =
            lookup(name).map(|t| t.scenarios.iter().copied().map(Some).collect());
        assert_eq!(compiled, Some(parsed), "{name}");
        let (family, inferred) = cells[1].strip_suffix(" (inferred)").map_or((cells[1], false), |f| (f, true));
        assert_eq!(
            lookup(name).map(|t| (t.resource.as_str(), t.resource_inferred)),
            Some((family, inferred)),
            "{name}"
        );
        assert_eq!(lookup(name).map(|t| t.default_severity.as_str()), Some(cells[3]), "{name}");
        rows += 1;
    }
    assert_eq!(rows, all().len());
}

/// The name-based guess for unknown types should agree with the catalog on the types we know:
/// its first scenario is one the catalog lists. This keeps `scenarios_for_unknown` honest as the
/// catalog grows.
#[test]
fn unknown_type_guess_agrees_with_the_catalog() {
    // Custom Detection Rules types are CloudTrail-based though they name EC2; the catalog routes
    // this one to credentials only, while the grammar alone can only say "EC2".
    let exceptions = ["Exfiltration:EC2/TransferDataToCloudAccount"];
    for t in all() {
        if exceptions.contains(&t.name) {
            continue;
        }
        let guess = parse_type(t.name).map(|p| scenarios_for_unknown(&p)).unwrap_or_default();
        let first = guess.first();
        assert!(
            first.is_some_and(|g| t.scenarios.contains(g)),
            "{}: guessed {:?}, catalog has {:?}",
            t.name,
            guess,
            t.scenarios
        );
    }
}

/// The per-type notes (`data/type-notes.tsv`) and links (`data/type-links.tsv`) as compiled in.
#[test]
fn every_entry_has_notes_and_a_well_formed_link() {
    for t in all() {
        let n = t.name;
        assert!(!t.meaning.trim().is_empty(), "{n}: empty meaning");
        for (field, text) in [("meaning", t.meaning), ("benign", t.benign), ("decision", t.decision)] {
            assert_eq!(text.trim(), text, "{n}: {field} has stray spaces");
            assert!(!text.contains(['\n', '\r', '\t']), "{n}: {field} is not one line");
            assert!(text.chars().count() <= 400, "{n}: {field} is over 400 characters");
        }
        if let Some(url) = t.doc_url {
            assert!(url.starts_with("https://docs.aws.amazon.com/"), "{n}: doc_url {url}");
            assert!(!url.contains(char::is_whitespace), "{n}: doc_url {url}");
        }
    }
}

#[test]
fn retired_types_decide_by_their_successor() {
    for t in retired() {
        assert!(!t.decision.is_empty(), "{}: retired with no decision note", t.name);
        if let Some(successor) = t.replaced_by {
            assert!(t.decision.contains(successor), "{}: the decision note does not name {successor}", t.name);
        }
    }
}

#[test]
fn notes_name_the_decision_points_responders_need() {
    let decision = |name: &str| lookup(name).map(|t| t.decision).unwrap_or_default();
    assert!(decision("Recon:EC2/PortProbeUnprotectedPort").contains("9200"));
    assert!(decision("UnauthorizedAccess:EC2/MetadataDNSRebind").contains("revoke the instance role's active sessions"));
    assert!(decision("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS").contains("affiliated"));
    assert!(decision("CredentialAccess:Kubernetes/SuccessfulAnonymousAccess").contains("1.14"));
    for t in all().iter().filter(|t| t.name.ends_with(".Custom")) {
        assert!(t.decision.contains("your own"), "{}: .Custom types say the list is the analyst's own", t.name);
    }
}

/// build.rs reads the two side tables; read them here with plain splitting and compare.
#[test]
fn generated_notes_and_links_agree_with_the_data_files() {
    const NOTES: &str = include_str!("../../data/type-notes.tsv");
    const LINKS: &str = include_str!("../../data/type-links.tsv");
    let mut rows = 0;
    for line in NOTES.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 4, "{line}");
        let compiled = lookup(cells[0]).map(|t| [t.meaning, t.benign, t.decision]);
        assert_eq!(compiled, Some([cells[1], cells[2], cells[3]]), "{}", cells[0]);
        rows += 1;
    }
    assert_eq!(rows, all().len());
    rows = 0;
    for line in LINKS.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 2, "{line}");
        let expected = Some(cells[1]).filter(|u| !u.is_empty());
        assert_eq!(lookup(cells[0]).map(|t| t.doc_url), Some(expected), "{}", cells[0]);
        rows += 1;
    }
    assert_eq!(rows, all().len());
}

/// Every type names its likely benign causes (or says it is rarely benign): a responder weighs
/// them before acting, and a type without them while its siblings have them reads as "never
/// benign" by omission.
#[test]
fn every_type_names_its_benign_causes() {
    let missing: Vec<&str> = all().iter().filter(|t| t.benign.trim().is_empty()).map(|t| t.name).collect();
    assert!(missing.is_empty(), "{} types have no benign note: {missing:?}", missing.len());
}

/// The examples in the notes are the ones AWS's pages give for each type.
#[test]
fn notes_give_the_documented_examples() {
    let note =
        |name: &str| lookup(name).map(|t| format!("{} {} {}", t.meaning, t.decision, t.summary)).unwrap_or_default();
    let s3 = note("Discovery:S3/AnomalousBehavior");
    assert!(s3.contains("ListObjects") && !s3.contains("ListBuckets") && !s3.contains("GetBucketAcl"), "{s3}");
    let creds = note("CredentialAccess:IAMUser/AnomalousBehavior");
    for api in ["GetPasswordData", "GetSecretValue", "BatchGetSecretValue", "GenerateDbAuthToken"] {
        assert!(creds.contains(api), "{api} missing: {creds}");
    }
    assert!(!creds.contains("SSM parameter"), "{creds}");
    let initial = note("InitialAccess:IAMUser/AnomalousBehavior");
    assert!(initial.contains("StartSession") && initial.contains("GetAuthorizationToken"), "{initial}");
    let runc = note("PrivilegeEscalation:Runtime/RuncContainerEscape");
    assert!(runc.contains("CVE-2019-5736") && runc.contains("CVE-2024-21626"), "{runc}");
    let old = note("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration");
    assert!(old.contains("external IP address") && old.contains("OutsideAWS") && old.contains("2021"), "{old}");
    assert!(!old.contains("another AWS account"), "{old}");
}

/// The S3 `.Unusual` types and ComputeResources were retired for the IAMUser AnomalousBehavior
/// family, not for the S3 AnomalousBehavior types that came later.
#[test]
fn retired_s3_types_name_the_iam_anomaly_family() {
    for name in [
        "Impact:S3/ObjectDelete.Unusual",
        "Impact:S3/PermissionsModification.Unusual",
        "Discovery:S3/BucketEnumeration.Unusual",
        "ResourceConsumption:IAMUser/ComputeResources",
    ] {
        let t = lookup(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(t.replaced_by, Some("*:IAMUser/AnomalousBehavior"), "{name}");
        let next: Vec<&str> = super::successors(t).iter().map(|s| s.name).collect();
        assert!(next.contains(&"Discovery:IAMUser/AnomalousBehavior") && next.len() >= 8, "{name}: {next:?}");
        assert!(next.iter().all(|n| n.ends_with(":IAMUser/AnomalousBehavior")), "{next:?}");
    }
}
