//! The S3 bucket guide contains what the finding shows: Block Public Access right after the
//! evidence for an anonymous caller; a bucket-policy Deny against the principal and its addresses
//! for a private bucket reached with an IAM key (the attack-sequence sample). The account-wide
//! block carries a caution where public access was the way in and is not offered otherwise;
//! lifecycle expiry can be stopped, and data events are named once.

use findlens_core::guide::{Guide, Step};

mod common;

use common::guides::all::{commands, pos};
use common::guides::sample_guide as sample;

fn steps(g: &Guide) -> Vec<&Step> {
    g.sections.iter().flat_map(|s| &s.steps).collect()
}

#[test]
fn anonymous_access_is_blocked_before_the_scoping_steps() {
    let g = sample("s3-bucket-anonymous-read");
    let ids: Vec<&str> = steps(&g).iter().map(|s| s.id.as_str()).collect();
    let restrict = ids.iter().position(|i| *i == "s3-bucket/restrict-access").expect("restrict");
    let macie = ids.iter().position(|i| *i == "s3-bucket/sensitive-data").expect("macie");
    let preserve = ids.iter().position(|i| *i == "s3-bucket/preserve-access").expect("preserve");
    assert!(preserve < restrict && restrict < macie, "{ids:?}");
    assert!(pos(&g, "get-public-access-block --bucket") < pos(&g, "s3api put-public-access-block"));
    let cmds = commands(&g);
    let account = cmds[pos(&g, "s3control put-public-access-block")];
    assert_eq!(account.caution_id.as_deref(), Some("s3-bucket/account-bpa"));
    let why = &steps(&g).iter().find(|s| s.id == "s3-bucket/should-have-access").expect("step").why;
    assert!(!why.contains("stolen credentials"), "{why}");
}

#[test]
fn a_private_bucket_reached_with_a_key_gets_a_deny_against_the_actor() {
    let g = sample("attack-sequence");
    let cmds = commands(&g);
    let deny = pos(&g, "aws:PrincipalArn");
    assert!(cmds[deny].text.contains("arn:aws:iam::111122223333:user/data-sync"), "{}", cmds[deny].text);
    assert!(cmds[deny].text.contains("aws:SourceIp"));
    assert!(cmds[deny].caution.as_deref().is_some_and(|c| c.contains("merged")));
    assert!(deny < pos(&g, "s3api put-public-access-block"));
    // The bucket was never public: blocking public access for the whole account does nothing
    // against this caller, so it is not offered.
    assert!(!cmds.iter().any(|c| c.text.contains("s3control put-public-access-block")));
    // Lifecycle expiry can be stopped after the rules are saved, and put back later.
    assert!(pos(&g, "get-bucket-lifecycle-configuration") < pos(&g, "delete-bucket-lifecycle"));
    assert!(pos(&g, "delete-bucket-lifecycle") < pos(&g, "put-bucket-lifecycle-configuration"));
    // The key's management events are listed once, in the credentials section.
    // (The credentials section also looks for sessions the key minted: a different question.)
    let lookups = cmds
        .iter()
        .filter(|c| c.text.contains("AttributeKey=AccessKeyId") && !c.text.contains("GetSessionToken"))
        .count();
    assert_eq!(lookups, 1);
    let versioning = cmds[pos(&g, "put-bucket-versioning")];
    assert!(versioning.caution.as_deref().is_some_and(|c| c.contains("never go back to unversioned")));
}
