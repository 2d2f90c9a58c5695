//! "What happened", in the GuardDuty console's sections: the resource, the action (API call,
//! network connection, port probe, DNS request, Kubernetes API call, RDS login), the actor, the
//! evidence, runtime and Kubernetes details, and detection (anomaly, attack-sequence signals).
//! Sections and rows the finding has nothing for are left out. Every value is a text node.

use std::sync::Arc;

use findlens_core::finding::{
    Action, Container, Finding, ProcessDetails, RemoteIpDetails, Resource, Service, Tag, Timestamp,
};
use leptos::prelude::*;

use crate::format::time;
use crate::prefs::Prefs;

/// One label and value.
#[derive(Clone)]
enum Value {
    Text(String),
    Time(Timestamp),
}

/// The rows of one section (or of one item in it, such as one port probe).
#[derive(Default, Clone)]
struct Rows(Vec<(String, Value)>);

impl Rows {
    fn text(&mut self, label: impl Into<String>, value: Option<impl ToString>) -> &mut Self {
        if let Some(v) = value.map(|v| v.to_string()).filter(|v| !v.trim().is_empty()) {
            self.0.push((label.into(), Value::Text(v)));
        }
        self
    }

    fn str(&mut self, label: &str, value: &Option<String>) -> &mut Self {
        self.text(label, value.as_deref())
    }

    fn yes_no(&mut self, label: &str, value: Option<bool>) -> &mut Self {
        self.text(label, value.map(|b| if b { "Yes" } else { "No" }))
    }

    fn list(&mut self, label: &str, values: &[String]) -> &mut Self {
        self.text(label, (!values.is_empty()).then(|| values.join(", ")))
    }

    fn time(&mut self, label: &str, value: &Option<Timestamp>) -> &mut Self {
        if let Some(t) = value {
            self.0.push((label.to_owned(), Value::Time(t.clone())));
        }
        self
    }

    fn tags(&mut self, label: &str, tags: &[Tag]) -> &mut Self {
        let text: Vec<String> = tags
            .iter()
            .map(|t| format!("{}={}", t.key.as_deref().unwrap_or(""), t.value.as_deref().unwrap_or("")))
            .collect();
        self.list(label, &text)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A section: its heading, its rows, and groups of rows under a sub-heading (one per probe,
/// container, signal, …).
struct Section {
    id: &'static str,
    title: &'static str,
    rows: Rows,
    groups: Vec<(String, Rows)>,
}

impl Section {
    fn new(id: &'static str, title: &'static str) -> Section {
        Section { id, title, rows: Rows::default(), groups: Vec::new() }
    }

    fn group(&mut self, title: impl Into<String>, rows: Rows) {
        if !rows.is_empty() {
            self.groups.push((title.into(), rows));
        }
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.groups.is_empty()
    }
}

#[component]
pub fn Details(finding: Arc<Finding>) -> impl IntoView {
    let sections: Vec<Section> = [
        resource(&finding.resource),
        action(finding.service.action.as_ref()),
        actor(&finding),
        evidence(&finding.service),
        runtime(&finding.service),
        kubernetes(&finding.resource),
        detection(&finding.service),
        other(&finding),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    view! {
        <section class="details panel-section" aria-labelledby="what-happened" data-testid="details">
            <h3 id="what-happened">"What happened"</h3>
            {sections.into_iter().map(|s| view! { <SectionView section=s/> }).collect_view()}
        </section>
    }
}

#[component]
fn SectionView(section: Section) -> impl IntoView {
    view! {
        <section class="detail-section" data-testid=format!("details-{}", section.id)>
            <h4>{section.title}</h4>
            {(!section.rows.is_empty()).then(|| view! { <RowsView rows=section.rows.clone()/> })}
            {section
                .groups
                .into_iter()
                .map(|(title, rows)| {
                    view! {
                        <div class="detail-group">
                            <p class="detail-group-title">{title}</p>
                            <RowsView rows/>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn RowsView(rows: Rows) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    view! {
        <dl class="detail-rows">
            {rows
                .0
                .into_iter()
                .map(|(label, value)| {
                    let value = match value {
                        Value::Text(t) => t.into_any(),
                        Value::Time(ts) => (move || time(&ts, prefs.zone.get())).into_any(),
                    };
                    view! {
                        <div class="detail-row">
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

fn resource(r: &Resource) -> Section {
    let mut s = Section::new("resource", "Resource");
    s.rows.str("Resource type", &r.resource_type);
    if let Some(k) = &r.access_key_details {
        s.rows
            .str("Access key ID", &k.access_key_id)
            .str("Principal ID", &k.principal_id)
            .str("User name", &k.user_name)
            .str("User type", &k.user_type);
    }
    if let Some(i) = &r.instance_details {
        let mut rows = Rows::default();
        rows.str("Instance ID", &i.instance_id)
            .str("Instance type", &i.instance_type)
            .str("State", &i.instance_state)
            .str("Availability Zone", &i.availability_zone)
            .str("Image ID", &i.image_id)
            .str("Image description", &i.image_description)
            .str("Platform", &i.platform)
            .time("Launched", &i.launch_time)
            .text("IAM instance profile", i.iam_instance_profile.as_ref().and_then(|p| p.arn.clone()))
            .str("Outpost ARN", &i.outpost_arn)
            .tags("Tags", &i.tags);
        s.group("EC2 instance", rows);
        for (n, ni) in i.network_interfaces.iter().enumerate() {
            let groups: Vec<String> = ni
                .security_groups
                .iter()
                .map(|g| match (&g.group_id, &g.group_name) {
                    (Some(id), Some(name)) => format!("{id} ({name})"),
                    (Some(id), None) => id.clone(),
                    (None, Some(name)) => name.clone(),
                    (None, None) => String::new(),
                })
                .collect();
            let mut rows = Rows::default();
            rows.str("Interface ID", &ni.network_interface_id)
                .str("VPC", &ni.vpc_id)
                .str("Subnet", &ni.subnet_id)
                .str("Private IP", &ni.private_ip_address)
                .str("Private DNS", &ni.private_dns_name)
                .str("Public IP", &ni.public_ip)
                .str("Public DNS", &ni.public_dns_name)
                .list("IPv6", &ni.ipv6_addresses)
                .list("Security groups", &groups);
            s.group(format!("Network interface {}", n + 1), rows);
        }
    }
    for b in &r.s3_bucket_details {
        let mut rows = Rows::default();
        rows.str("Name", &b.name)
            .str("ARN", &b.arn)
            .str("Type", &b.bucket_type)
            .time("Created", &b.created_at)
            .text("Owner", b.owner.as_ref().and_then(|o| o.id.clone()))
            .text("Encryption", b.default_server_side_encryption.as_ref().and_then(|e| e.encryption_type.clone()))
            .text("Effective permission", b.public_access.as_ref().and_then(|p| p.effective_permission.clone()))
            .tags("Tags", &b.tags);
        for o in &b.s3_object_details {
            rows.str("Object key", &o.key).str("Object version", &o.version_id).str("Object hash", &o.hash);
        }
        s.group("S3 bucket", rows);
    }
    if let Some(e) = &r.eks_cluster_details {
        let mut rows = Rows::default();
        rows.str("Name", &e.name)
            .str("ARN", &e.arn)
            .str("VPC", &e.vpc_id)
            .str("Status", &e.status)
            .time("Created", &e.created_at)
            .tags("Tags", &e.tags);
        s.group("EKS cluster", rows);
    }
    if let Some(e) = &r.ecs_cluster_details {
        let mut rows = Rows::default();
        rows.str("Name", &e.name).str("ARN", &e.arn).str("Status", &e.status).tags("Tags", &e.tags);
        if let Some(t) = &e.task_details {
            rows.str("Task ARN", &t.arn)
                .str("Task definition", &t.definition_arn)
                .str("Launch type", &t.launch_type)
                .str("Group", &t.group)
                .str("Started by", &t.started_by)
                .time("Task started", &t.started_at);
        }
        s.group("ECS cluster", rows);
        for c in e.task_details.iter().flat_map(|t| &t.containers) {
            s.group("Container", container(c));
        }
    }
    if let Some(c) = &r.container_details {
        s.group("Container", container(c));
    }
    if let Some(l) = &r.lambda_details {
        let mut rows = Rows::default();
        rows.str("Function name", &l.function_name)
            .str("ARN", &l.function_arn)
            .str("Version", &l.function_version)
            .str("Role", &l.role)
            .str("Description", &l.description)
            .time("Last modified", &l.last_modified_at)
            .text("VPC", l.vpc_config.as_ref().and_then(|v| v.vpc_id.clone()))
            .tags("Tags", &l.tags);
        s.group("Lambda function", rows);
    }
    if let Some(d) = &r.rds_db_instance_details {
        let mut rows = Rows::default();
        rows.str("DB instance", &d.db_instance_identifier)
            .str("DB cluster", &d.db_cluster_identifier)
            .str("ARN", &d.db_instance_arn)
            .str("Engine", &d.engine)
            .str("Engine version", &d.engine_version)
            .tags("Tags", &d.tags);
        s.group("RDS database", rows);
    }
    if let Some(d) = &r.rds_limitless_db_details {
        let mut rows = Rows::default();
        rows.str("Shard group", &d.db_shard_group_identifier)
            .str("Shard group ARN", &d.db_shard_group_arn)
            .str("DB cluster", &d.db_cluster_identifier)
            .str("Engine", &d.engine)
            .str("Engine version", &d.engine_version);
        s.group("RDS Limitless database", rows);
    }
    if let Some(u) = &r.rds_db_user_details {
        let mut rows = Rows::default();
        rows.str("User", &u.user)
            .str("Application", &u.application)
            .str("Database", &u.database)
            .str("SSL", &u.ssl)
            .str("Authentication", &u.auth_method);
        s.group("Database user", rows);
    }
    if let Some(d) = &r.ebs_snapshot_details {
        s.rows.str("EBS snapshot", &d.snapshot_arn);
    }
    if let Some(d) = &r.ec2_image_details {
        s.rows.str("AMI", &d.image_arn);
    }
    if let Some(d) = &r.recovery_point_details {
        s.rows.str("Recovery point", &d.recovery_point_arn).str("Backup vault", &d.backup_vault_name);
    }
    if let Some(v) = &r.ebs_volume_details {
        for d in v.scanned_volume_details.iter().chain(&v.skipped_volume_details) {
            let mut rows = Rows::default();
            rows.str("Volume", &d.volume_arn)
                .str("Device", &d.device_name)
                .str("Type", &d.volume_type)
                .str("Snapshot", &d.snapshot_arn)
                .str("Encryption", &d.encryption_type);
            s.group("EBS volume", rows);
        }
    }
    s
}

fn container(c: &Container) -> Rows {
    let mut rows = Rows::default();
    let mounts: Vec<String> = c
        .volume_mounts
        .iter()
        .map(|m| format!("{} → {}", m.name.as_deref().unwrap_or("?"), m.mount_path.as_deref().unwrap_or("?")))
        .collect();
    rows.str("Name", &c.name)
        .str("ID", &c.id)
        .str("Image", &c.image)
        .str("Runtime", &c.container_runtime)
        .yes_no("Privileged", c.security_context.as_ref().and_then(|s| s.privileged))
        .yes_no("Privilege escalation allowed", c.security_context.as_ref().and_then(|s| s.allow_privilege_escalation))
        .list("Volume mounts", &mounts);
    rows
}

fn port(p: Option<&findlens_core::finding::PortDetails>) -> Option<String> {
    let p = p?;
    match (p.port, &p.port_name) {
        (Some(n), Some(name)) if !name.is_empty() && name != "Unknown" => Some(format!("{n} ({name})")),
        (Some(n), _) => Some(n.to_string()),
        (None, name) => name.clone(),
    }
}

fn action(a: Option<&Action>) -> Section {
    let mut s = Section::new("action", "Action");
    let Some(a) = a else { return s };
    s.rows.str("Action type", &a.action_type);
    if let Some(c) = &a.aws_api_call_action {
        let mut rows = Rows::default();
        rows.str("API", &c.api)
            .str("Service", &c.service_name)
            .str("Caller type", &c.caller_type)
            .str("Error code", &c.error_code)
            .str("User agent", &c.user_agent);
        s.group("API call", rows);
    }
    if let Some(n) = &a.network_connection_action {
        let mut rows = Rows::default();
        rows.str("Direction", &n.connection_direction)
            .str("Protocol", &n.protocol)
            .text("Local port", port(n.local_port_details.as_ref()))
            .text("Remote port", port(n.remote_port_details.as_ref()))
            .text(
                "Local IP",
                n.local_ip_details.as_ref().and_then(|l| l.ip_address_v4.clone().or(l.ip_address_v6.clone())),
            )
            .str("Local network interface", &n.local_network_interface)
            .yes_no("Blocked", n.blocked);
        s.group("Network connection", rows);
    }
    if let Some(p) = &a.port_probe_action {
        s.rows.yes_no("Probes blocked", p.blocked);
        for (n, d) in p.port_probe_details.iter().enumerate() {
            let mut rows = Rows::default();
            rows.text("Local port", port(d.local_port_details.as_ref()))
                .text("Local IP", d.local_ip_details.as_ref().and_then(|l| l.ip_address_v4.clone()))
                .text("From", d.remote_ip_details.as_ref().and_then(|r| r.ip_address_v4.clone()))
                .text("From (organisation)", d.remote_ip_details.as_ref().and_then(organisation));
            s.group(format!("Port probe {}", n + 1), rows);
        }
    }
    if let Some(d) = &a.dns_request_action {
        let mut rows = Rows::default();
        rows.str("Domain", &d.domain)
            .str("Domain with suffix", &d.domain_with_suffix)
            .str("Protocol", &d.protocol)
            .yes_no("Blocked", d.blocked)
            .str("VPC owner account", &d.vpc_owner_account_id);
        s.group("DNS request", rows);
    }
    if let Some(k) = &a.kubernetes_api_call_action {
        let mut rows = Rows::default();
        rows.str("Verb", &k.verb)
            .str("Request URI", &k.request_uri)
            .str("Resource", &k.resource)
            .str("Subresource", &k.subresource)
            .str("Resource name", &k.resource_name)
            .str("Namespace", &k.namespace)
            .list("Source IPs", &k.source_ips)
            .str("User agent", &k.user_agent)
            .text("Status code", k.status_code)
            .str("Parameters", &k.parameters);
        s.group("Kubernetes API call", rows);
    }
    if let Some(k) = &a.kubernetes_permission_checked_details {
        let mut rows = Rows::default();
        rows.str("Verb", &k.verb)
            .str("Resource", &k.resource)
            .str("Namespace", &k.namespace)
            .yes_no("Allowed", k.allowed);
        s.group("Kubernetes permission checked", rows);
    }
    if let Some(k) = &a.kubernetes_role_binding_details {
        let mut rows = Rows::default();
        rows.str("Kind", &k.kind).str("Name", &k.name).str("Role", &k.role_ref_name).str("Role kind", &k.role_ref_kind);
        s.group("Kubernetes role binding", rows);
    }
    if let Some(k) = &a.kubernetes_role_details {
        let mut rows = Rows::default();
        rows.str("Kind", &k.kind).str("Name", &k.name);
        s.group("Kubernetes role", rows);
    }
    if let Some(r) = &a.rds_login_attempt_action {
        for l in &r.login_attributes {
            let mut rows = Rows::default();
            rows.str("User", &l.user)
                .str("Application", &l.application)
                .text("Successful logins", l.successful_login_attempts)
                .text("Failed logins", l.failed_login_attempts);
            s.group("RDS login", rows);
        }
    }
    s
}

fn organisation(r: &RemoteIpDetails) -> Option<String> {
    let o = r.organization.as_ref()?;
    let name = o.org.clone().or_else(|| o.asn_org.clone()).or_else(|| o.isp.clone());
    match (name, &o.asn) {
        (Some(n), Some(asn)) => Some(format!("{n} (AS{asn})")),
        (Some(n), None) => Some(n),
        (None, Some(asn)) => Some(format!("AS{asn}")),
        (None, None) => None,
    }
}

fn remote_rows(r: &RemoteIpDetails) -> Rows {
    let mut rows = Rows::default();
    let place: Vec<String> = [
        r.city.as_ref().and_then(|c| c.city_name.clone()),
        r.country.as_ref().and_then(|c| c.country_name.clone().or_else(|| c.country_code.clone())),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    let o = r.organization.as_ref();
    rows.str("IP address", &r.ip_address_v4)
        .str("IPv6 address", &r.ip_address_v6)
        .text("Location", (!place.is_empty()).then(|| place.join(", ")))
        .text("Organisation", o.and_then(|o| o.org.clone()))
        .text("ASN", o.and_then(|o| o.asn.clone()))
        .text("ASN organisation", o.and_then(|o| o.asn_org.clone()))
        .text("ISP", o.and_then(|o| o.isp.clone()))
        .text("Coordinates", r.geo_location.as_ref().and_then(|g| Some(format!("{:.4}, {:.4}", g.lat?, g.lon?))));
    rows
}

fn actor(f: &Finding) -> Section {
    let mut s = Section::new("actor", "Actor");
    let Some(a) = f.service.action.as_ref() else { return s };
    let remote = a
        .aws_api_call_action
        .as_ref()
        .and_then(|c| c.remote_ip_details.as_ref())
        .or_else(|| a.network_connection_action.as_ref().and_then(|n| n.remote_ip_details.as_ref()))
        .or_else(|| a.kubernetes_api_call_action.as_ref().and_then(|k| k.remote_ip_details.as_ref()))
        .or_else(|| a.rds_login_attempt_action.as_ref().and_then(|r| r.remote_ip_details.as_ref()));
    if let Some(r) = remote {
        s.rows = remote_rows(r);
    }
    if let Some(c) = &a.aws_api_call_action {
        s.rows.text("Domain", c.domain_details.as_ref().and_then(|d| d.domain.clone()));
        if let Some(acct) = &c.remote_account_details {
            s.rows.str("Remote account", &acct.account_id).yes_no("Affiliated account", acct.affiliated);
        }
    }
    if let Some(d) = &a.dns_request_action {
        s.rows.str("Domain", &d.domain);
    }
    s
}

fn evidence(svc: &Service) -> Section {
    let mut s = Section::new("evidence", "Evidence");
    for t in svc.evidence.iter().flat_map(|e| &e.threat_intelligence_details) {
        let mut rows = Rows::default();
        rows.str("Threat list", &t.threat_list_name)
            .list("Threat names", &t.threat_names)
            .str("File SHA-256", &t.threat_file_sha256);
        s.group("Threat intelligence", rows);
    }
    if let Some(m) = &svc.malware_scan_details {
        s.rows
            .str("Scan ID", &m.scan_id)
            .str("Scan type", &m.scan_type)
            .str("Scan category", &m.scan_category)
            .text("Unique threats", m.unique_threat_count);
        for t in &m.threats {
            let mut rows = Rows::default();
            let paths: Vec<String> = t
                .item_paths
                .iter()
                .filter_map(|p| p.nested_item_path.clone())
                .chain(t.item_details.iter().filter_map(|d| d.item_path.clone()))
                .collect();
            rows.str("Name", &t.name)
                .str("Source", &t.source)
                .str("Hash", &t.hash)
                .text("Count", t.count)
                .list("Items", &paths);
            s.group("Threat", rows);
        }
    }
    if let Some(e) = &svc.ebs_volume_scan_details {
        s.rows
            .str("Scan ID", &e.scan_id)
            .str("Scan type", &e.scan_type)
            .time("Scan started", &e.scan_started_at)
            .time("Scan completed", &e.scan_completed_at)
            .str("Triggered by finding", &e.trigger_finding_id);
        let threats = e.scan_detections.as_ref().and_then(|d| d.threat_detected_by_name.as_ref());
        for t in threats.iter().flat_map(|t| &t.threat_names) {
            let mut rows = Rows::default();
            let files: Vec<String> = t.file_paths.iter().filter_map(|p| p.file_path.clone()).collect();
            rows.str("Name", &t.name).str("Severity", &t.severity).text("Items", t.item_count).list("Files", &files);
            s.group("Threat", rows);
        }
    }
    s
}

fn process_rows(p: &ProcessDetails) -> Rows {
    let mut rows = Rows::default();
    let lineage: Vec<String> = p
        .lineage
        .iter()
        .map(|l| {
            let name = l.name.as_deref().or(l.executable_path.as_deref()).unwrap_or("?");
            match l.pid {
                Some(pid) => format!("{name} ({pid})"),
                None => name.to_owned(),
            }
        })
        .collect();
    rows.str("Name", &p.name)
        .str("Executable", &p.executable_path)
        .str("SHA-256", &p.executable_sha256)
        .text("PID", p.pid)
        .text("Namespace PID", p.namespace_pid)
        .str("User", &p.user)
        .text("User ID", p.user_id)
        .text("Effective user ID", p.euid)
        .str("Working directory", &p.pwd)
        .time("Started", &p.start_time)
        .text("Parents", (!lineage.is_empty()).then(|| lineage.join(" ← ")));
    rows
}

fn runtime(svc: &Service) -> Section {
    let mut s = Section::new("runtime", "Runtime");
    let Some(r) = &svc.runtime_details else { return s };
    if let Some(p) = &r.process {
        s.group("Process", process_rows(p));
    }
    if let Some(c) = &r.context {
        let mut rows = Rows::default();
        rows.str("Command line", &c.command_line_example)
            .str("Script", &c.script_path)
            .str("Library", &c.library_path)
            .str("LD_PRELOAD", &c.ld_preload_value)
            .str("Socket", &c.socket_path)
            .str("runc binary", &c.runc_binary_path)
            .str("Release agent", &c.release_agent_path)
            .str("Mount source", &c.mount_source)
            .str("Mount target", &c.mount_target)
            .str("File system", &c.file_system_type)
            .list("Flags", &c.flags)
            .str("Module", &c.module_name)
            .str("Module file", &c.module_file_path)
            .str("Module SHA-256", &c.module_sha256)
            .str("Shell history file", &c.shell_history_file_path)
            .str("Address family", &c.address_family)
            .text("IANA protocol", c.iana_protocol_number)
            .list("Memory regions", &c.memory_regions)
            .str("Tool", &c.tool_name)
            .str("Tool category", &c.tool_category)
            .str("Service", &c.service_name)
            .str("Threat file", &c.threat_file_path)
            .str("File operation", &c.file_operation)
            .str("File", &c.file_path)
            .list("Related files", &c.related_file_paths)
            .time("Modified", &c.modified_at);
        s.group("Context", rows);
        if let Some(p) = &c.modifying_process {
            s.group("Modifying process", process_rows(p));
        }
        if let Some(p) = &c.target_process {
            s.group("Target process", process_rows(p));
        }
    }
    s
}

fn kubernetes(r: &Resource) -> Section {
    let mut s = Section::new("kubernetes", "Kubernetes");
    let Some(k) = &r.kubernetes_details else { return s };
    if let Some(u) = &k.kubernetes_user_details {
        let mut rows = Rows::default();
        rows.str("User name", &u.username)
            .str("UID", &u.uid)
            .list("Groups", &u.groups)
            .list("Session name", &u.session_name)
            .text("Impersonated user", u.impersonated_user.as_ref().and_then(|i| i.username.clone()));
        s.group("User", rows);
    }
    if let Some(w) = &k.kubernetes_workload_details {
        let volumes: Vec<String> = w
            .volumes
            .iter()
            .map(|v| match v.host_path.as_ref().and_then(|h| h.path.clone()) {
                Some(p) => format!("{} (host path {p})", v.name.as_deref().unwrap_or("?")),
                None => v.name.clone().unwrap_or_default(),
            })
            .collect();
        let mut rows = Rows::default();
        rows.str("Name", &w.name)
            .str("Type", &w.workload_type)
            .str("Namespace", &w.namespace)
            .str("UID", &w.uid)
            .str("Service account", &w.service_account_name)
            .yes_no("Host network", w.host_network)
            .yes_no("Host PID", w.host_pid)
            .yes_no("Host IPC", w.host_ipc)
            .list("Volumes", &volumes);
        s.group("Workload", rows);
        for c in &w.containers {
            s.group("Container", container(c));
        }
    }
    s
}

fn detection(svc: &Service) -> Section {
    let mut s = Section::new("detection", "Detection");
    let Some(d) = &svc.detection else { return s };
    if let Some(a) = &d.anomaly {
        let keys = |j: &Option<findlens_core::finding::Json>| -> Vec<String> {
            j.as_ref().and_then(|j| j.0.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default()
        };
        let mut rows = Rows::default();
        rows.list("Unusual", &keys(&a.unusual)).list("Profiles", &keys(&a.profiles));
        s.group("Anomaly (see the raw JSON for the full profile)", rows);
    }
    if let Some(q) = &d.sequence {
        s.rows.str("Sequence", &q.description).str("Sequence ID", &q.uid).list("Also", &q.additional_sequence_types);
        for i in &q.sequence_indicators {
            s.rows.text(
                i.title.clone().or_else(|| i.key.clone()).unwrap_or_else(|| "Indicator".into()),
                Some(i.values.join(", ")),
            );
        }
        for (n, sig) in q.signals.iter().enumerate() {
            let mut rows = Rows::default();
            rows.str("Name", &sig.name)
                .str("Type", &sig.signal_type)
                .str("Description", &sig.description)
                .text("Severity", sig.severity.map(|v| format!("{v:.1}")))
                .text("Count", sig.count)
                .time("First seen", &sig.first_seen_at)
                .time("Last seen", &sig.last_seen_at)
                .list("Resources", &sig.resource_uids)
                .list("Actors", &sig.actor_ids)
                .list("Endpoints", &sig.endpoint_ids);
            s.group(format!("Signal {}", n + 1), rows);
        }
        for a in &q.actors {
            let mut rows = Rows::default();
            let u = a.user.as_ref();
            rows.str("ID", &a.id)
                .text("User", u.and_then(|u| u.name.clone()))
                .text("User type", u.and_then(|u| u.user_type.clone()))
                .text("Credential", u.and_then(|u| u.credential_uid.clone()))
                .text("Account", u.and_then(|u| u.account.as_ref()).and_then(|a| a.uid.clone()))
                .text("MFA", a.session.as_ref().and_then(|s| s.mfa_status.clone()))
                .text("Process", a.process.as_ref().and_then(|p| p.path.clone().or(p.name.clone())));
            s.group("Actor", rows);
        }
        for r in &q.resources {
            let mut rows = Rows::default();
            rows.str("Name", &r.name)
                .str("ID", &r.uid)
                .str("Type", &r.resource_type)
                .str("Account", &r.account_id)
                .str("Region", &r.region)
                .tags("Tags", &r.tags);
            s.group("Resource", rows);
        }
        for e in &q.endpoints {
            let mut rows = Rows::default();
            let loc = e
                .location
                .as_ref()
                .map(|l| [l.city.clone(), l.country.clone()].into_iter().flatten().collect::<Vec<_>>().join(", "));
            let asys = e.autonomous_system.as_ref().map(|a| match (&a.name, a.number) {
                (Some(n), Some(num)) => format!("{n} (AS{num})"),
                (Some(n), None) => n.clone(),
                (None, Some(num)) => format!("AS{num}"),
                (None, None) => String::new(),
            });
            rows.str("ID", &e.id)
                .str("IP", &e.ip)
                .str("Domain", &e.domain)
                .text("Port", e.port)
                .text("Location", loc)
                .text("Autonomous system", asys)
                .text("Direction", e.connection.as_ref().and_then(|c| c.direction.clone()));
            s.group("Network endpoint", rows);
        }
    }
    s
}

/// What else the finding says about itself.
fn other(f: &Finding) -> Section {
    let mut s = Section::new("other", "About this finding");
    s.rows
        .str("Finding ARN", &f.arn)
        .str("Finding ID", &f.id)
        .str("Detector", &f.service.detector_id)
        .str("Feature", &f.service.feature_name)
        .str("Resource role", &f.service.resource_role)
        .str("User feedback", &f.service.user_feedback)
        .str("Custom detection rule", &f.custom_detection_rule_name)
        .str("Attack sequence", &f.associated_attack_sequence_arn)
        .text("Confidence", f.confidence)
        .str("Schema version", &f.schema_version)
        .text(
            "Source format",
            Some(match f.format {
                findlens_core::finding::SourceFormat::GuardDuty => "GuardDuty",
                findlens_core::finding::SourceFormat::Asff => "Security Hub (ASFF)",
                findlens_core::finding::SourceFormat::Ocsf => "OCSF (Security Lake)",
            }),
        );
    s
}
