//! The Action and Actor sections: what was done (API call, network connection, port probe, DNS
//! request, Kubernetes API call, RDS login) and who did it. The remote party and its wording are
//! the finding's own ([`Finding::remote`], [`RemoteIpDetails::network`]), shared with the guide.

use crate::finding::{Action, Finding, LocalIpDetails, RemoteIpDetails};

use super::build::{Builder, Rows};
use super::Section;

const A: &str = "service.action";

fn at(field: &str) -> String {
    format!("{A}.{field}")
}

fn local_ip(l: Option<&LocalIpDetails>) -> (Option<String>, &'static str) {
    match l {
        Some(LocalIpDetails { ip_address_v4: Some(v4), .. }) if !v4.is_empty() => (Some(v4.clone()), "ipAddressV4"),
        Some(l) => (l.ip_address_v6.clone(), "ipAddressV6"),
        None => (None, "ipAddressV4"),
    }
}

pub(super) fn action(a: Option<&Action>) -> Option<Section> {
    let a = a?;
    let mut s = Builder::new("action", "Action");
    let mut top = Rows::at(A);
    top.str("Action type", &a.action_type, "actionType");
    if let Some(p) = &a.port_probe_action {
        top.yes_no("Probes blocked", p.blocked, "portProbeAction.blocked");
    }
    s.rows(top);
    if let Some(c) = &a.aws_api_call_action {
        let mut rows = Rows::at(at("awsApiCallAction"));
        rows.str("API", &c.api, "api")
            .str("Service", &c.service_name, "serviceName")
            .str("Caller type", &c.caller_type, "callerType")
            .str("Error code", &c.error_code, "errorCode")
            .str("User agent", &c.user_agent, "userAgent");
        s.item("API call", rows);
    }
    if let Some(n) = &a.network_connection_action {
        let (local, local_field) = local_ip(n.local_ip_details.as_ref());
        let mut rows = Rows::at(at("networkConnectionAction"));
        rows.str("Direction", &n.connection_direction, "connectionDirection")
            .str("Protocol", &n.protocol, "protocol")
            .text("Local port", n.local_port_details.as_ref().and_then(|p| p.text()), "localPortDetails.port")
            .text("Remote port", n.remote_port_details.as_ref().and_then(|p| p.text()), "remotePortDetails.port")
            .text("Local IP", local, &format!("localIpDetails.{local_field}"))
            .str("Local network interface", &n.local_network_interface, "localNetworkInterface")
            .yes_no("Blocked", n.blocked, "blocked");
        s.item("Network connection", rows);
    }
    if let Some(p) = &a.port_probe_action {
        for (n, d) in p.port_probe_details.iter().enumerate() {
            let (local, local_field) = local_ip(d.local_ip_details.as_ref());
            let remote = d.remote_ip_details.as_ref();
            let from = remote.and_then(RemoteIpDetails::ip);
            let mut rows = Rows::at(at("portProbeAction.portProbeDetails"));
            rows.text("Local port", d.local_port_details.as_ref().and_then(|p| p.text()), "localPortDetails.port")
                .text("Local IP", local, &format!("localIpDetails.{local_field}"))
                .text(
                    "From",
                    from.map(|(ip, _)| ip),
                    &format!("remoteIpDetails.{}", from.map_or("ipAddressV4", |f| f.1)),
                )
                .text("From (location)", remote.and_then(RemoteIpDetails::place), "remoteIpDetails.country.countryName")
                .text(
                    "From (network)",
                    remote.and_then(RemoteIpDetails::network),
                    "remoteIpDetails.organization.asnOrg",
                );
            s.item(format!("Port probe {}", n + 1), rows);
        }
    }
    if let Some(d) = &a.dns_request_action {
        let mut rows = Rows::at(at("dnsRequestAction"));
        rows.str("Domain", &d.domain, "domain")
            .str("Domain with suffix", &d.domain_with_suffix, "domainWithSuffix")
            .str("Protocol", &d.protocol, "protocol")
            .yes_no("Blocked", d.blocked, "blocked")
            .str("VPC owner account", &d.vpc_owner_account_id, "vpcOwnerAccountId");
        s.item("DNS request", rows);
    }
    if let Some(k) = &a.kubernetes_api_call_action {
        let mut rows = Rows::at(at("kubernetesApiCallAction"));
        rows.str("Verb", &k.verb, "verb")
            .str("Request URI", &k.request_uri, "requestUri")
            .str("Resource", &k.resource, "resource")
            .str("Subresource", &k.subresource, "subresource")
            .str("Resource name", &k.resource_name, "resourceName")
            .str("Namespace", &k.namespace, "namespace")
            .list("Source IPs", &k.source_ips, "sourceIPs")
            .str("User agent", &k.user_agent, "userAgent")
            .text("Status code", k.status_code, "statusCode")
            .str("Parameters", &k.parameters, "parameters");
        s.item("Kubernetes API call", rows);
    }
    if let Some(k) = &a.kubernetes_permission_checked_details {
        let mut rows = Rows::at(at("kubernetesPermissionCheckedDetails"));
        rows.str("Verb", &k.verb, "verb")
            .str("Resource", &k.resource, "resource")
            .str("Namespace", &k.namespace, "namespace")
            .yes_no("Allowed", k.allowed, "allowed");
        s.item("Kubernetes permission checked", rows);
    }
    if let Some(k) = &a.kubernetes_role_binding_details {
        let mut rows = Rows::at(at("kubernetesRoleBindingDetails"));
        rows.str("Kind", &k.kind, "kind")
            .str("Name", &k.name, "name")
            .str("Role", &k.role_ref_name, "roleRefName")
            .str("Role kind", &k.role_ref_kind, "roleRefKind");
        s.item("Kubernetes role binding", rows);
    }
    if let Some(k) = &a.kubernetes_role_details {
        let mut rows = Rows::at(at("kubernetesRoleDetails"));
        rows.str("Kind", &k.kind, "kind").str("Name", &k.name, "name");
        s.item("Kubernetes role", rows);
    }
    if let Some(r) = &a.rds_login_attempt_action {
        for l in &r.login_attributes {
            let mut rows = Rows::at(at("rdsLoginAttemptAction.LoginAttributes"));
            rows.str("User", &l.user, "user")
                .str("Application", &l.application, "application")
                .text("Successful logins", l.successful_login_attempts, "successfulLoginAttempts")
                .text("Failed logins", l.failed_login_attempts, "failedLoginAttempts");
            s.item("RDS login", rows);
        }
    }
    s.finish()
}

/// The remote party's rows, worded as the guide's facts word them.
fn remote_rows(r: &RemoteIpDetails, base: &str) -> Rows {
    let mut rows = Rows::at(base);
    let ip = r.ip();
    rows.text("IP address", ip.map(|(ip, _)| ip), ip.map_or("ipAddressV4", |(_, field)| field));
    if ip.is_some_and(|(_, field)| field == "ipAddressV4") {
        rows.str("IPv6 address", &r.ip_address_v6, "ipAddressV6");
    }
    rows.text("Location", r.place(), "country.countryName").text(
        "Network (ASN and organisation)",
        r.network(),
        "organization.asnOrg",
    );
    // The organisation and ISP get rows of their own only when they say more than the network.
    let o = r.organization.as_ref();
    let named = r.network_name();
    let org = o.and_then(|o| o.org.as_deref()).filter(|v| Some(*v) != named);
    rows.text("Organisation", org, "organization.org");
    let isp = o.and_then(|o| o.isp.as_deref()).filter(|v| Some(*v) != named && Some(*v) != org);
    rows.text("ISP", isp, "organization.isp");
    rows.text(
        "Coordinates",
        r.geo_location.as_ref().and_then(|g| Some(format!("{:.4}, {:.4}", g.lat?, g.lon?))),
        "geoLocation.lat",
    );
    rows
}

pub(super) fn actor(f: &Finding) -> Option<Section> {
    let a = f.service.action.as_ref()?;
    let mut s = Builder::new("actor", "Actor");
    if let Some((r, base)) = a.remote() {
        s.rows(remote_rows(r, base));
    }
    let mut rows = Rows::at(A);
    if let Some(c) = &a.aws_api_call_action {
        rows.text(
            "Domain",
            c.domain_details.as_ref().and_then(|d| d.domain.clone()),
            "awsApiCallAction.domainDetails.domain",
        );
        if let Some(acct) = &c.remote_account_details {
            rows.str("Remote account", &acct.account_id, "awsApiCallAction.remoteAccountDetails.accountId").yes_no(
                "Affiliated account",
                acct.affiliated,
                "awsApiCallAction.remoteAccountDetails.affiliated",
            );
        }
    }
    if let Some(d) = &a.dns_request_action {
        rows.str("Domain", &d.domain, "dnsRequestAction.domain");
    }
    s.rows(rows);
    s.finish()
}
