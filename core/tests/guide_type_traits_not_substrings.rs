//! The EC2 and credentials guides read type traits from the parsed type name, never from
//! substrings of `finding_type`.

const SOURCES: &[(&str, &str)] = &[
    ("ec2_instance.rs", include_str!("../src/guide/scenarios/ec2_instance.rs")),
    ("ec2_runtime.rs", include_str!("../src/guide/scenarios/ec2_runtime.rs")),
    ("credentials.rs", include_str!("../src/guide/scenarios/credentials.rs")),
    ("shared/actor.rs", include_str!("../src/guide/shared/actor.rs")),
    ("shared/instance/mod.rs", include_str!("../src/guide/shared/instance/mod.rs")),
    ("shared/instance/identify.rs", include_str!("../src/guide/shared/instance/identify.rs")),
    ("shared/instance/contain.rs", include_str!("../src/guide/shared/instance/contain.rs")),
    ("shared/instance/recover.rs", include_str!("../src/guide/shared/instance/recover.rs")),
    ("shared/keys.rs", include_str!("../src/guide/shared/keys.rs")),
    ("shared/process.rs", include_str!("../src/guide/shared/process.rs")),
];

#[test]
fn no_substring_tests_on_the_type_name() {
    for (name, src) in SOURCES {
        for (i, line) in src.lines().enumerate() {
            let tests_type = line.contains("finding_type")
                && [".contains(", ".starts_with(", ".ends_with(", " == ", ".find("].iter().any(|m| line.contains(m));
            let hit = tests_type || line.contains("let ty = f.") || line.contains("ty.contains(");
            assert!(!hit, "{name}:{}: read type traits with cx.ty(): {line}", i + 1);
        }
    }
}

#[test]
fn the_exfiltration_reading_goes_by_the_family() {
    // The detection mechanism decides "outside AWS", not the end of the string.
    let v = serde_json::json!({"type": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS", "id": "f",
        "accountId": "123456789012", "region": "us-east-1",
        "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": "ASIAEXAMPLE000000001", "userType": "AssumedRole", "userName": "r"},
            "instanceDetails": {"instanceId": "i-1"}},
        "service": {"detectorId": "d", "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {"api": "ListBuckets",
            "remoteAccountDetails": {"accountId": "999999999999", "affiliated": false}}}}});
    let g = findlens_core::guide::build(&findlens_core::read(v.to_string().as_bytes()).findings[0]);
    let whose = g
        .sections
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.decisions)
        .find(|d| d.question == "Whose credentials are these?")
        .expect("exfiltration reading");
    assert!(whose.answer.contains("from another AWS account"), "{}", whose.answer);
}
