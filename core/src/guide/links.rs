//! Links a guide offers: AWS's documentation for the finding type, and the AWS console pages of
//! the resources the finding names. Values from the finding are percent-encoded, so a crafted
//! name cannot change where a link goes; the console's domain follows the finding's partition.

use serde::Serialize;

use super::ctx::Ctx;

/// A link the views show next to the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// AWS documentation.
    Docs,
    /// An AWS console page.
    Console,
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The console's host for a partition and Region.
fn console(partition: &str, region: &str) -> String {
    let domain = match partition {
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => "console.aws.amazon.com",
    };
    format!("https://{}.{domain}", encode(region))
}

pub fn links(cx: &Ctx, type_doc: Option<&str>) -> Vec<Link> {
    let mut out = Vec::new();
    if let Some(url) = type_doc {
        out.push(Link {
            label: format!("AWS documentation for {}", cx.f.finding_type),
            url: url.to_owned(),
            kind: LinkKind::Docs,
        });
    }
    let Some(region) = cx.region.filter(|r| !r.is_empty()) else { return out };
    let base = console(cx.partition, region);
    let r = encode(region);
    let mut add = |label: String, url: String| out.push(Link { label, url, kind: LinkKind::Console });
    if let Some(id) = cx.f.id.as_deref() {
        add(
            "This finding in the GuardDuty console".into(),
            format!("{base}/guardduty/home?region={r}#/findings?macros=current&fId={}", encode(id)),
        );
    }
    if let Some(id) = cx.instance_id() {
        add(format!("Instance {id}"), format!("{base}/ec2/home?region={r}#InstanceDetails:instanceId={}", encode(id)));
    }
    if let Some(name) = cx.bucket().and_then(|b| b.name.as_deref()) {
        add(format!("Bucket {name}"), format!("{base}/s3/buckets/{}?region={r}", encode(name)));
    }
    if let Some(k) = cx.key() {
        let kind = k.user_type.as_deref().unwrap_or("");
        if let Some(name) =
            k.user_name.as_deref().filter(|n| !n.is_empty() && *n != "ANONYMOUS_PRINCIPAL" && *n != "Root")
        {
            if kind.eq_ignore_ascii_case("IAMUser") {
                add(format!("IAM user {name}"), format!("{base}/iam/home#/users/details/{}", encode(name)));
            } else if kind.eq_ignore_ascii_case("AssumedRole") || kind.eq_ignore_ascii_case("Role") {
                add(format!("IAM role {name}"), format!("{base}/iam/home#/roles/details/{}", encode(name)));
            }
        }
    }
    let res = &cx.f.resource;
    if let Some(name) = res.eks_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
        add(format!("EKS cluster {name}"), format!("{base}/eks/home?region={r}#/clusters/{}", encode(name)));
    }
    if let Some(name) = res.ecs_cluster_details.as_ref().and_then(|e| e.name.as_deref()) {
        add(format!("ECS cluster {name}"), format!("{base}/ecs/v2/clusters/{}?region={r}", encode(name)));
    }
    if let Some(name) = res.lambda_details.as_ref().and_then(|l| l.function_name.as_deref()) {
        add(format!("Lambda function {name}"), format!("{base}/lambda/home?region={r}#/functions/{}", encode(name)));
    }
    if let Some(id) = res.rds_db_instance_details.as_ref().and_then(|d| d.db_instance_identifier.as_deref()) {
        add(format!("Database {id}"), format!("{base}/rds/home?region={r}#database:id={}", encode(id)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_values_inside_their_parameter() {
        assert_eq!(encode("my-bucket.v2"), "my-bucket.v2");
        assert_eq!(encode("a b#c?d/e&f"), "a%20b%23c%3Fd%2Fe%26f");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn partitions() {
        assert_eq!(console("aws-cn", "cn-north-1"), "https://cn-north-1.console.amazonaws.cn");
        assert_eq!(console("aws", "eu-west-1"), "https://eu-west-1.console.aws.amazon.com");
    }
}
