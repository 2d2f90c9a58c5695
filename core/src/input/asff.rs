//! Security Hub's AWS Security Finding Format → the GuardDuty model. Security Hub keeps GuardDuty's
//! own fields as flat `ProductFields` (`aws/guardduty/service/action/…/ipAddressV4`), which are
//! folded back into objects; the resource comes from `Resources[]`.

use serde_json::{json, Map, Value};

use super::type_name::from_taxonomy;
use super::Outcome;
use crate::finding::read::is_placeholder;
use crate::severity::SeverityBand;

fn s<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// ASFF: a `Types` list and a product ARN or generator, or the ASFF schema version.
pub fn is_asff(map: &Map<String, Value>) -> bool {
    map.get("Types").is_some_and(Value::is_array)
        && (map.contains_key("ProductArn")
            || map.contains_key("GeneratorId")
            || s(map, "SchemaVersion") == Some("2018-10-08"))
}

fn product_name(map: &Map<String, Value>) -> String {
    let pf = map.get("ProductFields").and_then(Value::as_object);
    s(map, "ProductName")
        .or_else(|| pf.and_then(|p| s(p, "aws/securityhub/ProductName")))
        .map(str::to_owned)
        .or_else(|| s(map, "ProductArn").and_then(|a| a.rsplit('/').next()).map(str::to_owned))
        .unwrap_or_else(|| "an unknown product".to_owned())
}

pub fn map(map: &Map<String, Value>) -> Outcome {
    let from_guardduty = s(map, "ProductArn").is_some_and(|a| a.ends_with("/guardduty"))
        || product_name(map).eq_ignore_ascii_case("guardduty");
    if !from_guardduty {
        return Outcome::Skip(format!(
            "skipped a Security Hub finding from {}; Findlens reads GuardDuty findings",
            product_name(map)
        ));
    }
    let types: Vec<&str> = map
        .get("Types")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(ty) = types.iter().find_map(|t| from_taxonomy(t)) else {
        return Outcome::Bad(format!(
            "the Security Hub finding's `Types` ({}) hold no GuardDuty finding type",
            types.join(", ")
        ));
    };

    let mut out = Map::new();
    // Everything GuardDuty put in ProductFields, folded back into objects.
    if let Some(pf) = map.get("ProductFields").and_then(Value::as_object) {
        for (k, v) in pf {
            if let (Some(path), Some(text)) = (k.strip_prefix("aws/guardduty/"), v.as_str()) {
                if !text.is_empty() {
                    insert_path(&mut out, path, Value::String(text.to_owned()));
                }
            }
        }
    }
    out.insert("type".into(), Value::String(ty));
    let arn = s(map, "Id").filter(|id| id.contains(":guardduty:")).map(str::to_owned);
    if let Some(arn) = &arn {
        out.insert("arn".into(), json!(arn));
        if let Some(id) = arn.rsplit("/finding/").next().filter(|id| *id != arn) {
            out.insert("id".into(), json!(id));
        }
        let mut parts = arn.split(':');
        if let (Some(_), Some(partition)) = (parts.next(), parts.next()) {
            if !partition.is_empty() {
                out.insert("partition".into(), json!(partition));
            }
        }
        // Only a well-formed ARN's Region field: Security Hub's documented sample has
        // `arn:aws::guardduty:us-east-1:…`, whose fourth field is the service.
        if let Some(region) = crate::finding::region_of_arn(arn) {
            out.insert("region".into(), json!(region));
        }
    }
    // The explicit Region fields win over the ARN: the finding's `Region`, else its first
    // resource's.
    let resource_region = map
        .get("Resources")
        .and_then(Value::as_array)
        .and_then(|r| r.iter().find_map(|r| r.get("Region").and_then(Value::as_str)))
        .filter(|r| crate::finding::is_region(r));
    if let Some(region) = resource_region {
        out.insert("region".into(), json!(region));
    }
    for (from, to) in [
        ("AwsAccountId", "accountId"),
        ("Title", "title"),
        ("Description", "description"),
        ("CreatedAt", "createdAt"),
        ("UpdatedAt", "updatedAt"),
        ("Region", "region"),
    ] {
        if let Some(v) = map.get(from).filter(|v| !v.is_null()) {
            out.insert(to.into(), v.clone());
        }
    }
    if let Some(sev) = map.get("Severity").and_then(Value::as_object) {
        let score = sev.get("Product").and_then(Value::as_f64).filter(|x| *x > 0.0).or_else(|| {
            sev.get("Normalized")
                .and_then(Value::as_f64)
                .map(|n| n / 10.0)
                .or_else(|| s(sev, "Label").and_then(SeverityBand::from_label).map(SeverityBand::lower_bound))
        });
        if let Some(score) = score {
            out.insert("severity".into(), json!(score));
        }
    }
    let service = out.entry("service").or_insert_with(|| json!({}));
    if let Some(svc) = service.as_object_mut() {
        for (from, to) in [("FirstObservedAt", "eventFirstSeen"), ("LastObservedAt", "eventLastSeen")] {
            if let Some(v) = map.get(from).filter(|v| !v.is_null()) {
                svc.entry(to).or_insert_with(|| v.clone());
            }
        }
        if s(map, "RecordState") == Some("ARCHIVED") {
            svc.insert("archived".into(), json!(true));
        }
    }
    if let Some(resources) = map.get("Resources").and_then(Value::as_array) {
        let resource = out.entry("resource").or_insert_with(|| json!({}));
        if let Some(r) = resource.as_object_mut() {
            for res in resources.iter().filter_map(Value::as_object) {
                add_resource(r, res);
            }
        }
    }
    Outcome::Mapped(out)
}

/// `service/evidence/threatIntelligenceDetails.0_/threatNames.0_` → nested objects and lists.
fn insert_path(root: &mut Map<String, Value>, path: &str, value: Value) {
    let segs: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Some((last, parents)) = segs.split_last() else { return };
    let mut cur = root;
    for seg in parents {
        let slot = match split_index(seg) {
            Some((name, i)) => {
                let list = cur.entry(name).or_insert_with(|| json!([]));
                let Some(list) = list.as_array_mut() else { return };
                while list.len() <= i {
                    list.push(json!({}));
                }
                &mut list[i]
            }
            None => cur.entry(*seg).or_insert_with(|| json!({})),
        };
        let Some(obj) = slot.as_object_mut() else { return };
        cur = obj;
    }
    match split_index(last) {
        Some((name, i)) => {
            let list = cur.entry(name).or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                while list.len() <= i {
                    list.push(Value::Null);
                }
                list[i] = value;
            }
        }
        None => {
            cur.insert((*last).to_owned(), value);
        }
    }
}

/// `threatNames.0_` → (`threatNames`, 0).
fn split_index(seg: &str) -> Option<(&str, usize)> {
    let (name, idx) = seg.rsplit_once('.')?;
    let i = idx.strip_suffix('_')?.parse().ok()?;
    (i < 10_000).then_some((name, i))
}

fn tags(res: &Map<String, Value>) -> Value {
    let list: Vec<Value> = res
        .get("Tags")
        .and_then(Value::as_object)
        .map(|t| t.iter().map(|(k, v)| json!({"key": k, "value": v})).collect())
        .unwrap_or_default();
    Value::Array(list)
}

fn is_private_v4(ip: &str) -> bool {
    let o: Vec<u8> = ip.split('.').filter_map(|p| p.parse().ok()).collect();
    matches!(o.as_slice(), [10, ..] | [192, 168, ..] | [172, 16..=31, ..] | [100, 64..=127, ..])
}

fn add_resource(r: &mut Map<String, Value>, res: &Map<String, Value>) {
    let kind = s(res, "Type").unwrap_or("");
    let id = s(res, "Id").unwrap_or("");
    let details = res.get("Details").and_then(|d| d.get(kind)).and_then(Value::as_object);
    let d = |k: &str| details.and_then(|d| d.get(k)).cloned().unwrap_or(Value::Null);
    let set_type = |r: &mut Map<String, Value>, t: &str| {
        r.entry("resourceType").or_insert_with(|| json!(t));
    };
    match kind {
        "AwsEc2Instance" => {
            set_type(r, "Instance");
            let ips: Vec<&str> = details
                .and_then(|d| d.get("IpV4Addresses"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let private = ips.iter().find(|ip| is_private_v4(ip));
            let public = ips.iter().find(|ip| !is_private_v4(ip));
            let mut nic = json!({"vpcId": d("VpcId"), "subnetId": d("SubnetId"), "privateIpAddress": private, "publicIp": public});
            if let Some(n) = nic.as_object_mut() {
                n.retain(|_, v| !v.is_null());
            }
            let mut inst = json!({
                "instanceId": id.rsplit("instance/").next().filter(|i| i.starts_with("i-")),
                "instanceType": d("Type"),
                "imageId": d("ImageId"),
                "launchTime": d("LaunchedAt"),
                "networkInterfaces": [nic],
                "tags": tags(res),
            });
            if let Some(arn) = details.and_then(|x| s(x, "IamInstanceProfileArn")) {
                inst["iamInstanceProfile"] = json!({"arn": arn});
            }
            r.insert("instanceDetails".into(), inst);
        }
        "AwsIamAccessKey" => {
            set_type(r, "AccessKey");
            // Security Hub writes `AWS::IAM::AccessKey:null` when it has no key ID: a real ID in the
            // details then wins over the placeholder (which, alone, is read as missing).
            let from_id = id.rsplit("AccessKey:").next().filter(|k| *k != id);
            let from_details = details.and_then(|x| s(x, "AccessKeyId"));
            let key = from_id
                .filter(|k| !is_placeholder(k))
                .or(from_details.filter(|k| !is_placeholder(k)))
                .or(from_id)
                .or(from_details);
            r.insert(
                "accessKeyDetails".into(),
                json!({"accessKeyId": key, "userName": d("UserName").as_str().map(str::to_owned).or_else(|| d("PrincipalName").as_str().map(str::to_owned)), "principalId": d("PrincipalId"), "userType": d("PrincipalType")}),
            );
        }
        "AwsS3Bucket" => {
            set_type(r, "S3Bucket");
            let name = id.rsplit(":::").next().unwrap_or(id);
            let entry = json!({"name": name, "arn": id, "owner": {"id": d("OwnerId")}, "tags": tags(res)});
            let list = r.entry("s3BucketDetails").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(entry);
            }
        }
        "AwsEksCluster" => {
            set_type(r, "EKSCluster");
            r.insert("eksClusterDetails".into(), json!({"name": d("Name").as_str().map(str::to_owned).or_else(|| id.rsplit('/').next().map(str::to_owned)), "arn": id}));
        }
        "AwsEcsCluster" => {
            set_type(r, "ECSCluster");
            r.insert("ecsClusterDetails".into(), json!({"name": d("ClusterName"), "arn": id}));
        }
        "Container" => {
            set_type(r, "Container");
            r.insert(
                "containerDetails".into(),
                json!({"name": d("Name"), "image": d("ImageName"), "id": d("ContainerId")}),
            );
        }
        "AwsLambdaFunction" => {
            set_type(r, "Lambda");
            r.insert(
                "lambdaDetails".into(),
                json!({"functionName": d("FunctionName"), "functionArn": id, "role": d("Role")}),
            );
        }
        "AwsRdsDbInstance" => {
            set_type(r, "RDSDBInstance");
            r.insert(
                "rdsDbInstanceDetails".into(),
                json!({"dbInstanceIdentifier": d("DbInstanceIdentifier"), "dbInstanceArn": id, "engine": d("Engine")}),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_fields_fold_into_objects() {
        let mut root = Map::new();
        insert_path(&mut root, "service/evidence/threatIntelligenceDetails.0_/threatNames.1_", json!("b"));
        insert_path(&mut root, "service/evidence/threatIntelligenceDetails.0_/threatListName", json!("L"));
        insert_path(&mut root, "service/count", json!("74"));
        assert_eq!(
            Value::Object(root),
            json!({"service": {"evidence": {"threatIntelligenceDetails": [{"threatNames": [null, "b"], "threatListName": "L"}]}, "count": "74"}})
        );
    }
}
