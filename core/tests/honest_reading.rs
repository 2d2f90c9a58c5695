//! Forgiving but honest reading: a number where text belongs is read as its text, a placeholder
//! identifier (`null`, `None`, `undefined`, …) counts as missing, and disagreements inside a finding
//! (its ID against its ARN, an account ID that is not 12 digits) are said. Each case leaves a
//! warning on the field, and the guide shows that warning in the reader's own words.

mod common;

use common::guides::{all, guide_of, sample_json};
use findlens_core::guide::{self, Guide, Segment};
use findlens_core::Finding;
use serde_json::{json, Value};

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/honest-reading.json")).expect("fixture")
}

fn read_one(v: &Value) -> Finding {
    let loaded = findlens_core::read(v.to_string().as_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.findings.into_iter().next().expect("one finding")
}

fn warning<'f>(f: &'f Finding, path: &str) -> &'f str {
    f.warnings
        .iter()
        .find(|w| w.path == path)
        .map(|w| w.message.as_str())
        .unwrap_or_else(|| panic!("no warning on {path}: {:?}", f.warnings))
}

fn missing_blanks(g: &Guide) -> Vec<String> {
    all::commands(g)
        .iter()
        .flat_map(|c| &c.segments)
        .filter_map(|s| match s {
            Segment::Missing { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

fn guide_text(g: &Guide) -> String {
    guide::markdown(g)
}

/// The credentials sample with its key's fields replaced.
fn credential_with(key: Value) -> Value {
    let mut v = sample_json("credentials-tor-iam-user");
    v["resource"]["accessKeyDetails"] = key;
    v
}

#[test]
fn every_placeholder_spelling_counts_as_missing() {
    for placeholder in ["null", "NULL", "None", "none", "undefined", "nil", "N/A", "NaN", "", "   ", " null "] {
        let f =
            read_one(&credential_with(json!({"accessKeyId": placeholder, "userName": "alice", "userType": "IAMUser"})));
        let key = f.resource.access_key_details.as_ref().expect("key details");
        assert_eq!(key.access_key_id, None, "{placeholder:?} was kept as a key ID");
        let message = warning(&f, "resource.accessKeyDetails.accessKeyId");
        assert!(message.contains("treated as missing"), "{placeholder:?}: {message}");
    }
    // Real values, and the sample's own placeholder, are values.
    for kept in ["AKIAIOSFODNN7EXAMPLE", "GeneratedFindingAccessKeyId", "nullable-key", "Nonesuch"] {
        let f = read_one(&credential_with(json!({"accessKeyId": kept, "userName": "alice"})));
        assert_eq!(f.resource.access_key_details.and_then(|k| k.access_key_id).as_deref(), Some(kept));
        assert!(f.warnings.is_empty(), "{kept}: {:?}", f.warnings);
    }
}

#[test]
fn a_placeholder_key_gives_a_blank_to_fill_not_a_command_on_null() {
    let g = guide_of(&credential_with(json!({"accessKeyId": "null", "userName": "None", "userType": "IAMUser"})));
    let text = guide_text(&g);
    assert!(!text.contains("AttributeValue=null"), "{text}");
    assert!(!text.contains("'None'"), "the user name placeholder reached a command");
    assert!(!text.contains("does not start with AKIA"), "a caution about the prefix of `null`");
    let blanks = missing_blanks(&g);
    assert!(blanks.iter().any(|b| b == "lookup-attribute"), "{blanks:?}");
    assert!(blanks.iter().any(|b| b == "user-name"), "{blanks:?}");
    assert!(
        text.contains("resource.accessKeyDetails.accessKeyId: `null` is a placeholder")
            || text.contains("resource.accessKeyDetails.accessKeyId: \\`null\\` is a placeholder"),
        "{text}"
    );
}

#[test]
fn security_hub_null_access_key_resource_is_missing() {
    let loaded = findlens_core::read(&fixture());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let f = loaded.findings.iter().find(|f| f.id.as_deref() == Some("asffnullkey")).expect("the ASFF finding");
    let key = f.resource.access_key_details.as_ref().expect("key details");
    assert_eq!(key.access_key_id, None);
    assert_eq!(key.user_name.as_deref(), Some("honest-user"));
    assert!(warning(f, "resource.accessKeyDetails.accessKeyId").contains("`null` is a placeholder"));
    let g = guide::build(f);
    let text = guide_text(&g);
    assert!(!text.contains("AttributeValue=null"), "{text}");
    assert!(!text.contains("Access key ID: `null`"), "{text}");
    assert!(missing_blanks(&g).iter().any(|b| b == "lookup-attribute"));
}

/// When Security Hub's resource ID holds the placeholder but its details hold the key's real ID,
/// the real ID is read (and nothing is said about a placeholder).
#[test]
fn security_hub_null_resource_id_falls_back_to_the_details_key() {
    let text = String::from_utf8(fixture()).expect("UTF-8");
    let mut doc: Value = serde_json::from_str(&text).expect("JSON");
    let asff = doc
        .as_array_mut()
        .and_then(|items| items.iter_mut().find(|v| v["Id"].as_str().is_some_and(|id| id.ends_with("/asffnullkey"))))
        .expect("the ASFF finding in the fixture");
    asff["Resources"][0]["Details"]["AwsIamAccessKey"]["AccessKeyId"] = json!("AKIAIOSFODNN7EXAMPLE");
    let loaded = findlens_core::read(asff.to_string().as_bytes());
    let f = loaded.findings.first().expect("the ASFF finding reads");
    let key = f.resource.access_key_details.as_ref().expect("key details");
    assert_eq!(key.access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
    assert!(f.warnings.iter().all(|w| w.path != "resource.accessKeyDetails.accessKeyId"), "{:?}", f.warnings);
}

#[test]
fn sample_placeholders_keep_their_own_reading() {
    let f = read_one(&credential_with(
        json!({"accessKeyId": "GeneratedFindingAccessKeyId", "userName": "GeneratedFindingUserName"}),
    ));
    assert!(f.is_sample());
    let g = guide::build(&f);
    assert!(guide_text(&g).contains("GeneratedFindingAccessKeyId is the placeholder of a GuardDuty sample finding"));
}

#[test]
fn a_number_where_text_belongs_is_read_as_text_and_shown() {
    let mut v = sample_json("credentials-tor-iam-user");
    v["service"]["action"]["awsApiCallAction"]["remoteIpDetails"]["organization"] =
        json!({"asn": -1, "asnOrg": "Example Transit"});
    let f = read_one(&v);
    let remote = f
        .service
        .action
        .as_ref()
        .and_then(|a| a.aws_api_call_action.as_ref())
        .and_then(|c| c.remote_ip_details.as_ref());
    let org = remote.and_then(|r| r.organization.as_ref()).expect("organization");
    assert_eq!(org.asn.as_deref(), Some("-1"));
    let path = "service.action.awsApiCallAction.remoteIpDetails.organization.asn";
    assert_eq!(warning(&f, path), "expected text, found a number; read it as text");
    assert_eq!(remote.and_then(|r| r.network()).as_deref(), Some("Example Transit (ASN -1: none known)"));
    // The guide says the same words as the warning, and shows the ASN.
    let g = guide::build(&f);
    assert!(
        g.notes
            .iter()
            .any(|n| n.text == format!("Read with a warning: {path}: expected text, found a number; read it as text.")),
        "{:?}",
        g.notes
    );
    assert!(guide_text(&g).contains("ASN -1"));
    // Other wrong kinds are still dropped, with a warning that says so.
    v["service"]["action"]["awsApiCallAction"]["remoteIpDetails"]["organization"] = json!({"asn": {"n": 1}});
    let f = read_one(&v);
    assert!(warning(&f, path).ends_with("the field was ignored"));
}

#[test]
fn guide_notes_carry_each_warning_as_the_reader_wrote_it() {
    let loaded = findlens_core::read(&fixture());
    for f in &loaded.findings {
        let g = guide::build(f);
        assert!(!f.warnings.is_empty());
        for w in &f.warnings {
            let expected = format!("Read with a warning: {}: {}.", w.path, w.message);
            assert!(g.notes.iter().any(|n| n.text == expected), "{expected} not in {:?}", g.notes);
        }
        assert!(!g.notes.iter().any(|n| n.text.contains("set aside")), "{:?}", g.notes);
    }
}

#[test]
fn many_warnings_are_counted_after_the_first_few() {
    let mut v = sample_json("credentials-tor-iam-user");
    v["resource"]["instanceDetails"] =
        json!({"networkInterfaces": (0..12).map(|_| json!({"subnetId": "null"})).collect::<Vec<_>>()});
    let f = read_one(&v);
    assert!(f.warnings.len() >= 12, "{:?}", f.warnings);
    let g = guide::build(&f);
    let one_by_one = g.notes.iter().filter(|n| n.text.starts_with("Read with a warning:")).count();
    assert_eq!(one_by_one, 8);
    let more = format!("{} more warnings", f.warnings.len() - 8);
    assert!(g.notes.iter().any(|n| n.text.starts_with(&more)), "{:?}", g.notes);
}

#[test]
fn an_id_that_differs_from_its_arn_is_said() {
    let mut v = sample_json("credentials-tor-iam-user");
    let arn = v["arn"].as_str().expect("arn").to_owned();
    let in_arn = arn.rsplit("/finding/").next().expect("id in arn").to_owned();
    v["id"] = json!("not-the-arn-id");
    let f = read_one(&v);
    let message = warning(&f, "id");
    assert!(message.contains("`not-the-arn-id` differs from the finding ID in the finding's ARN"), "{message}");
    assert!(message.contains(&in_arn), "{message}");
    assert_eq!(f.identity(), Some(arn.as_str()), "the ARN identifies the finding");
    // Agreeing values say nothing.
    v["id"] = json!(in_arn);
    assert!(read_one(&v).warnings.is_empty());
}

#[test]
fn an_account_id_that_is_not_twelve_digits_is_said() {
    let mut v = sample_json("credentials-tor-iam-user");
    for (account, number_hint) in [(json!("12345"), true), (json!("1234567890123"), false), (json!("acct-1"), false)] {
        v["accountId"] = account.clone();
        let f = read_one(&v);
        let message = warning(&f, "accountId");
        assert!(message.contains("is not 12 digits"), "{account}: {message}");
        assert_eq!(message.contains("leading zeros"), number_hint, "{account}: {message}");
    }
    // Written as a number that lost its leading zero: one warning on the field says both things.
    v["accountId"] = json!(12345678901_u64);
    let f = read_one(&v);
    assert_eq!(f.account_id.as_deref(), Some("12345678901"));
    assert_eq!(f.warnings.iter().filter(|w| w.path == "accountId").count(), 1);
    let message = warning(&f, "accountId");
    assert!(
        message.starts_with("expected text, found a number; read it as text; `12345678901` is not 12 digits"),
        "{message}"
    );
    v["accountId"] = json!("012345678901");
    assert!(read_one(&v).warnings.is_empty());
}

#[test]
fn the_whole_fixture_reads_with_its_warnings() {
    let loaded = findlens_core::read(&fixture());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.findings.len(), 2);
    let f = &loaded.findings[0];
    let paths: Vec<&str> = f.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "accountId",
            "resource.accessKeyDetails.accessKeyId",
            "resource.accessKeyDetails.principalId",
            "resource.accessKeyDetails.userName",
            "service.action.awsApiCallAction.remoteIpDetails.organization.asn",
            "id",
        ]
    );
}

#[test]
fn a_list_of_text_reads_numbers_and_booleans_as_text_and_says_so() {
    let mut v = sample_json("eks-audit");
    v["resource"]["kubernetesDetails"]["kubernetesUserDetails"]["groups"] =
        json!(["system:masters", 7, true, 8, {"x": 1}, null]);
    let f = read_one(&v);
    let user = f.resource.kubernetes_details.as_ref().and_then(|k| k.kubernetes_user_details.as_ref()).expect("user");
    assert_eq!(user.groups, ["system:masters", "7", "true", "8"]);
    let messages: Vec<&str> = f
        .warnings
        .iter()
        .filter(|w| w.path == "resource.kubernetesDetails.kubernetesUserDetails.groups")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "expected a list of text, found a number in it; read it as text",
            "expected a list of text, found a boolean in it; read it as text",
            "expected a list of text, found an object in it; that item was ignored",
        ]
    );
}
