//! How a finding's facts read, in one wording for the guide's facts and the "what happened" view:
//! which remote party an action names, its place and network, a process's parents, tags, ports.
//! Everything here is finding data and may be the attacker's: views show it as text only.

use super::{Action, Finding, PortDetails, ProcessDetails, RemoteIpDetails, Tag};

impl Action {
    /// The remote party of whatever action this is, with the wire path of its details. A port
    /// probe names the first prober.
    pub fn remote(&self) -> Option<(&RemoteIpDetails, &'static str)> {
        if let Some(r) = self.aws_api_call_action.as_ref().and_then(|c| c.remote_ip_details.as_ref()) {
            return Some((r, "service.action.awsApiCallAction.remoteIpDetails"));
        }
        if let Some(r) = self.network_connection_action.as_ref().and_then(|c| c.remote_ip_details.as_ref()) {
            return Some((r, "service.action.networkConnectionAction.remoteIpDetails"));
        }
        if let Some(r) = self.kubernetes_api_call_action.as_ref().and_then(|c| c.remote_ip_details.as_ref()) {
            return Some((r, "service.action.kubernetesApiCallAction.remoteIpDetails"));
        }
        if let Some(r) = self.rds_login_attempt_action.as_ref().and_then(|c| c.remote_ip_details.as_ref()) {
            return Some((r, "service.action.rdsLoginAttemptAction.remoteIpDetails"));
        }
        if let Some(r) = self
            .port_probe_action
            .as_ref()
            .and_then(|p| p.port_probe_details.first())
            .and_then(|d| d.remote_ip_details.as_ref())
        {
            return Some((r, "service.action.portProbeAction.portProbeDetails.remoteIpDetails"));
        }
        None
    }
}

impl Finding {
    /// The remote party of the finding's action, with the wire path of its details.
    pub fn remote(&self) -> Option<(&RemoteIpDetails, &'static str)> {
        self.service.action.as_ref()?.remote()
    }
}

impl RemoteIpDetails {
    /// The address (v4, else v6) and its field name.
    pub fn ip(&self) -> Option<(&str, &'static str)> {
        let v4 = self.ip_address_v4.as_deref().filter(|s| !s.is_empty()).map(|ip| (ip, "ipAddressV4"));
        v4.or_else(|| self.ip_address_v6.as_deref().filter(|s| !s.is_empty()).map(|ip| (ip, "ipAddressV6")))
    }

    /// `City, Country`, from what the finding has of them.
    pub fn place(&self) -> Option<String> {
        let place = [
            self.city.as_ref().and_then(|c| c.city_name.as_deref()),
            self.country.as_ref().and_then(|c| c.country_name.as_deref()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        (!place.is_empty()).then_some(place)
    }

    /// The network the address belongs to: `AS123 Org`. The name is the ASN's organisation, else the
    /// organisation, else the ISP. An ASN of `0` or `-1` is GuardDuty's "no ASN known": it is still
    /// shown, as given, with that reading (`Org (ASN -1: none known)`), so a value read from the
    /// finding is never silently dropped.
    pub fn network(&self) -> Option<String> {
        let o = self.organization.as_ref()?;
        let asn = o.asn.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let name = [&o.asn_org, &o.org, &o.isp].into_iter().flatten().map(String::as_str).find(|s| !s.is_empty());
        match (asn, name) {
            (Some(n @ ("-1" | "0")), Some(name)) => Some(format!("{name} (ASN {n}: none known)")),
            (Some(n @ ("-1" | "0")), None) => Some(format!("ASN {n} (none known)")),
            (Some(n), Some(name)) => Some(format!("AS{n} {name}")),
            (Some(n), None) => Some(format!("AS{n}")),
            (None, Some(name)) => Some(name.to_owned()),
            (None, None) => None,
        }
    }

    /// The name [`RemoteIpDetails::network`] uses, so a view can leave out a row that repeats it.
    pub fn network_name(&self) -> Option<&str> {
        let o = self.organization.as_ref()?;
        [&o.asn_org, &o.org, &o.isp].into_iter().flatten().map(String::as_str).find(|s| !s.is_empty())
    }
}

impl ProcessDetails {
    /// The parents, nearest first: `bash (4120, uid 0) ← sshd (1, uid 0)`, with the effective user
    /// when it differs. `None` when the agent saw none.
    pub fn lineage_text(&self) -> Option<String> {
        let parts: Vec<String> = self
            .lineage
            .iter()
            .map(|l| {
                let name = l.name.as_deref().or(l.executable_path.as_deref()).unwrap_or("?");
                let mut about: Vec<String> = l.pid.map(|pid| pid.to_string()).into_iter().collect();
                about.extend(l.user_id.map(|uid| format!("uid {uid}")));
                if let (Some(uid), Some(euid)) = (l.user_id, l.euid) {
                    if uid != euid {
                        about.push(format!("effective uid {euid}"));
                    }
                }
                if about.is_empty() {
                    name.to_owned()
                } else {
                    format!("{name} ({})", about.join(", "))
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" ← "))
    }
}

impl PortDetails {
    /// `22 (SSH)`, or the number or name alone (GuardDuty's `Unknown` name is left out).
    pub fn text(&self) -> Option<String> {
        let name = self.port_name.as_deref().filter(|n| !n.is_empty() && *n != "Unknown");
        match (self.port, name) {
            (Some(n), Some(name)) => Some(format!("{n} ({name})")),
            (Some(n), None) => Some(n.to_string()),
            (None, name) => name.map(str::to_owned),
        }
    }
}

/// Tags as `key=value, …` (tags without a key are left out).
pub fn tags_text(tags: &[Tag]) -> Option<String> {
    let parts: Vec<String> = tags
        .iter()
        .filter_map(|t| Some(format!("{}={}", t.key.as_deref()?, t.value.as_deref().unwrap_or(""))))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
