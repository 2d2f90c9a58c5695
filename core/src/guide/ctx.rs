//! What every scenario reads from a finding, in one place: the resource blocks, the action, the
//! remote party, and facts with their wire paths.

use crate::finding::{
    AccessKeyDetails, Action, AwsApiCallAction, Finding, InstanceDetails, RemoteIpDetails, S3BucketDetail,
};

use super::command::flag;
use super::model::Fact;

/// The finding and the values every scenario needs.
pub struct Ctx<'f> {
    pub f: &'f Finding,
    pub region: Option<&'f str>,
    pub account: Option<&'f str>,
    pub partition: &'f str,
    /// Only the step IDs are wanted: commands are not built (see [`super::step_ids::of`]).
    pub ids_only: bool,
}

impl<'f> Ctx<'f> {
    pub fn new(f: &'f Finding) -> Ctx<'f> {
        Ctx {
            f,
            region: f.region.as_deref(),
            account: f.account_id.as_deref(),
            partition: f.partition(),
            ids_only: false,
        }
    }

    pub fn instance(&self) -> Option<&'f InstanceDetails> {
        self.f.resource.instance_details.as_ref()
    }

    /// The instance ID, unless it is absent.
    pub fn instance_id(&self) -> Option<&'f str> {
        self.instance().and_then(|i| i.instance_id.as_deref())
    }

    pub fn key(&self) -> Option<&'f AccessKeyDetails> {
        self.f.resource.access_key_details.as_ref()
    }

    pub fn action(&self) -> Option<&'f Action> {
        self.f.service.action.as_ref()
    }

    pub fn api_call(&self) -> Option<&'f AwsApiCallAction> {
        self.action().and_then(|a| a.aws_api_call_action.as_ref())
    }

    /// The first bucket the finding names.
    pub fn bucket(&self) -> Option<&'f S3BucketDetail> {
        self.f.resource.s3_bucket_details.first()
    }

    pub fn detector_id(&self) -> Option<&'f str> {
        self.f.service.detector_id.as_deref()
    }

    /// The remote party of whatever action the finding has, with the wire path of its details
    /// (the finding's own picker, shared with the "what happened" view).
    pub fn remote(&self) -> Option<(&'f RemoteIpDetails, &'static str)> {
        self.f.remote()
    }

    /// The remote IP address (v4, else v6) and its path.
    pub fn remote_ip(&self) -> Option<(&'f str, String)> {
        let (r, base) = self.remote()?;
        r.ip().map(|(ip, field)| (ip, format!("{base}.{field}")))
    }

    /// Facts about the remote party: address, place, network owner (worded as the "what happened"
    /// view words them).
    pub fn remote_facts(&self) -> Vec<Fact> {
        let Some((r, base)) = self.remote() else {
            // Say where the address would be: an API call's for a credential, else a connection's.
            let path = if self.f.resource_type() == Some("AccessKey") {
                "service.action.awsApiCallAction.remoteIpDetails.ipAddressV4"
            } else {
                "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4"
            };
            return vec![fact("Remote IP address", None::<String>, path)];
        };
        let ip_field = r.ip().map_or("ipAddressV4", |(_, field)| field);
        let city = r.city.as_ref().and_then(|c| c.city_name.clone()).filter(|c| !c.is_empty());
        let country = r.country.as_ref().and_then(|c| c.country_name.clone());
        let mut facts = vec![fact("Remote IP address", r.ip().map(|(ip, _)| ip), &format!("{base}.{ip_field}"))];
        // City and country each with their own path: a fact shows where its value came from.
        if city.is_some() {
            facts.push(fact("City", city, &format!("{base}.city.cityName")));
        }
        facts.push(fact("Country", country, &format!("{base}.country.countryName")));
        facts.push(fact("Network (ASN and organisation)", r.network(), &format!("{base}.organization.asnOrg")));
        facts
    }

    /// Threat lists that matched, as one line, if any.
    pub fn threat_lists(&self) -> Option<String> {
        let details = &self.f.service.evidence.as_ref()?.threat_intelligence_details;
        let lists: Vec<String> = details
            .iter()
            .filter_map(|d| {
                let name = d.threat_list_name.as_deref()?;
                // A threat named like its list (TorExitNode on the TorExitNode list) says nothing new.
                let threats: Vec<&str> =
                    d.threat_names.iter().map(String::as_str).filter(|t| *t != name && !t.is_empty()).collect();
                Some(if threats.is_empty() { name.to_owned() } else { format!("{name} ({})", threats.join(", ")) })
            })
            .collect();
        (!lists.is_empty()).then(|| lists.join("; "))
    }

    /// The finding's type name, parsed: type traits (Tor, malicious IP, custom threat list,
    /// anomaly model, family) are read from it, never from substrings of the name.
    pub fn ty(&self) -> Option<crate::catalog::TypeName<'f>> {
        crate::catalog::parse_type(&self.f.finding_type)
    }

    /// A command acting in the finding's Region: `aws` commands get `--region` when built.
    pub fn cmd(&self, description: impl Into<String>) -> super::command::Cmd {
        if self.ids_only {
            return super::command::Cmd::skipped();
        }
        super::command::Cmd::new(description).in_region(self.region)
    }

    /// An ARN in the finding's partition.
    pub fn arn(&self, service: &str, region: &str, account: &str, resource: &str) -> String {
        format!("arn:{}:{service}:{region}:{account}:{resource}", self.partition)
    }
}

/// A fact; the flag is set when the value holds suspicious characters.
pub fn fact(label: &str, value: Option<impl Into<String>>, path: &str) -> Fact {
    let value: Option<String> = value.map(Into::into).filter(|v| !v.is_empty());
    let flag = value.as_deref().and_then(|v| flag(v, path));
    Fact { label: label.to_owned(), value, path: path.to_owned(), flag }
}

/// A fact worth showing only when the finding has it (an error code, a calling account): absent
/// optional values would only be noise.
pub fn some_fact(label: &str, value: Option<impl Into<String>>, path: &str) -> Option<Fact> {
    let f = fact(label, value, path);
    f.value.is_some().then_some(f)
}

/// A fact for a boolean, read as yes/no.
pub fn fact_bool(label: &str, value: Option<bool>, path: &str) -> Fact {
    fact(label, value.map(|b| if b { "yes" } else { "no" }), path)
}

pub use crate::finding::tags_text;
