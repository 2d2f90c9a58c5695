//! OCSF Detection Findings (Security Lake) from GuardDuty → the GuardDuty model. OCSF carries less
//! than GuardDuty's own finding: the type, ARN, account, region, times, the resource and the API
//! evidence are mapped; what OCSF lacks stays absent and the guide says where to find it.

use serde_json::{json, Map, Value};

use super::type_name::from_taxonomy;
use super::Outcome;
use crate::severity::SeverityBand;

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, k| cur.get(k)).filter(|v| !v.is_null())
}

/// OCSF: a `finding_info` object (Detection Finding, class 2004).
pub fn is_ocsf(map: &Map<String, Value>) -> bool {
    map.get("finding_info").is_some_and(Value::is_object)
}

pub fn map(map: &Map<String, Value>) -> Outcome {
    let root = Value::Object(map.clone());
    let product = at(&root, &["metadata", "product", "name"]).and_then(Value::as_str).unwrap_or("");
    let product_uid = at(&root, &["metadata", "product", "uid"]).and_then(Value::as_str).unwrap_or("");
    if !product.eq_ignore_ascii_case("guardduty") && !product_uid.ends_with("/guardduty") {
        let name = if product.is_empty() { "an unknown product" } else { product };
        return Outcome::Skip(format!("skipped an OCSF finding from {name}; Findlens reads GuardDuty findings"));
    }
    let types: Vec<&str> = at(&root, &["finding_info", "types"])
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(ty) = types.iter().find_map(|t| from_taxonomy(t)) else {
        return Outcome::Bad(format!(
            "the OCSF finding's `finding_info.types` ({}) hold no GuardDuty finding type",
            types.join(", ")
        ));
    };
    let mut out = Map::new();
    out.insert("type".into(), json!(ty));
    let text = |path: &[&str]| at(&root, path).cloned();
    let mut put = |key: &str, v: Option<Value>| {
        if let Some(v) = v {
            out.insert(key.into(), v);
        }
    };
    let arn = at(&root, &["finding_info", "uid"]).and_then(Value::as_str).map(str::to_owned);
    put("arn", arn.as_ref().map(|a| json!(a)));
    put("id", arn.as_ref().and_then(|a| a.rsplit_once("/finding/")).map(|(_, id)| json!(id)));
    put("partition", arn.as_ref().and_then(|a| a.split(':').nth(1)).filter(|p| !p.is_empty()).map(|p| json!(p)));
    put("title", text(&["finding_info", "title"]));
    put("description", text(&["finding_info", "desc"]));
    put("accountId", text(&["cloud", "account", "uid"]).or_else(|| text(&["accountid"])));
    put("region", text(&["cloud", "region"]).or_else(|| text(&["region"])));
    put("createdAt", text(&["finding_info", "created_time_dt"]).or_else(|| text(&["finding_info", "created_time"])));
    put("updatedAt", text(&["finding_info", "modified_time_dt"]).or_else(|| text(&["finding_info", "modified_time"])));
    // OCSF keeps only the band: use the band's lower bound as the score.
    put(
        "severity",
        at(&root, &["severity_id"])
            .and_then(Value::as_i64)
            .and_then(SeverityBand::from_ocsf_id)
            .map(|b| json!(b.lower_bound())),
    );

    let mut service = Map::new();
    if let Some(v) =
        text(&["finding_info", "first_seen_time_dt"]).or_else(|| text(&["finding_info", "first_seen_time"]))
    {
        service.insert("eventFirstSeen".into(), v);
    }
    if let Some(v) = text(&["finding_info", "last_seen_time_dt"]).or_else(|| text(&["finding_info", "last_seen_time"]))
    {
        service.insert("eventLastSeen".into(), v);
    }
    if let Some(det) = at(&root, &["metadata", "product", "feature", "uid"])
        .and_then(Value::as_str)
        .and_then(|u| u.rsplit_once("detector/"))
    {
        service.insert("detectorId".into(), json!(det.1));
    }
    if let Some(ev) = at(&root, &["evidences", "0"]).or_else(|| root.get("evidences").and_then(|e| e.get(0))) {
        if let Some(op) = at(ev, &["api", "operation"]) {
            let mut call = json!({"api": op});
            if let Some(svc) = at(ev, &["api", "service", "name"]) {
                call["serviceName"] = svc.clone();
            }
            if let Some(ip) = at(ev, &["src_endpoint", "ip"]) {
                let mut remote = json!({"ipAddressV4": ip});
                if let Some(c) = at(ev, &["src_endpoint", "location", "country"]) {
                    remote["country"] = json!({"countryName": c});
                }
                if let Some(c) = at(ev, &["src_endpoint", "location", "city"]) {
                    remote["city"] = json!({"cityName": c});
                }
                call["remoteIpDetails"] = remote;
            }
            service.insert("action".into(), json!({"actionType": "AWS_API_CALL", "awsApiCallAction": call}));
        }
    }
    out.insert("service".into(), Value::Object(service));

    if let Some(res) = root.get("resources").and_then(|r| r.get(0)).and_then(Value::as_object) {
        out.insert("resource".into(), resource(res));
    }
    Outcome::Mapped(out)
}

fn resource(res: &Map<String, Value>) -> Value {
    let kind = res.get("type").and_then(Value::as_str).unwrap_or("");
    let uid = res.get("uid").and_then(Value::as_str).unwrap_or("");
    // `data` is JSON inside a string: {"AwsIamAccessKey":{"PrincipalId":…}}.
    let data: Value = match res.get("data") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    let d = |k: &str| data.get(kind).and_then(|x| x.get(k)).cloned().unwrap_or(Value::Null);
    match kind {
        "AwsIamAccessKey" => {
            // Security Lake masks the key (`********`); a masked key is no key.
            let key = uid.rsplit("AccessKey:").next().filter(|k| *k != uid && !k.contains('*'));
            json!({"resourceType": "AccessKey", "accessKeyDetails": {"accessKeyId": key, "principalId": d("PrincipalId"), "userName": d("PrincipalName"), "userType": d("PrincipalType")}})
        }
        "AwsEc2Instance" => {
            json!({"resourceType": "Instance", "instanceDetails": {"instanceId": uid.rsplit('/').next()}})
        }
        "AwsS3Bucket" => {
            json!({"resourceType": "S3Bucket", "s3BucketDetails": [{"name": uid.rsplit(":::").next(), "arn": uid}]})
        }
        "AwsEksCluster" => {
            json!({"resourceType": "EKSCluster", "eksClusterDetails": {"name": uid.rsplit('/').next(), "arn": uid}})
        }
        _ => json!({}),
    }
}
