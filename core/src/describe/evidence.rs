//! The Evidence and Runtime sections: threat lists and malware scans, and the process the runtime
//! agent saw (its parents worded by [`ProcessDetails::lineage_text`], as in the guide).

use crate::finding::{ProcessDetails, Service};

use super::build::{Builder, Rows};
use super::Section;

pub(super) fn evidence(svc: &Service) -> Option<Section> {
    let mut s = Builder::new("evidence", "Evidence");
    for t in svc.evidence.iter().flat_map(|e| &e.threat_intelligence_details) {
        let mut rows = Rows::at("service.evidence.threatIntelligenceDetails");
        rows.str("Threat list", &t.threat_list_name, "threatListName")
            .list("Threat names", &t.threat_names, "threatNames")
            .str("File SHA-256", &t.threat_file_sha256, "threatFileSha256");
        s.item("Threat intelligence", rows);
    }
    if let Some(m) = &svc.malware_scan_details {
        let mut top = Rows::at("service.malwareScanDetails");
        top.str("Scan ID", &m.scan_id, "scanId")
            .str("Scan type", &m.scan_type, "scanType")
            .str("Scan category", &m.scan_category, "scanCategory")
            .text("Unique threats", m.unique_threat_count, "uniqueThreatCount");
        s.rows(top);
        for t in &m.threats {
            let items: Vec<&str> = t.item_details.iter().filter_map(|d| d.item_path.as_deref()).collect();
            let nested: Vec<&str> = t.item_paths.iter().filter_map(|p| p.nested_item_path.as_deref()).collect();
            let mut rows = Rows::at("service.malwareScanDetails.threats");
            rows.str("Name", &t.name, "name")
                .str("Source", &t.source, "source")
                .str("Hash", &t.hash, "hash")
                .text("Count", t.count, "count")
                .list("Items", &items, "itemDetails.itemPath")
                .list("Nested items", &nested, "itemPaths.nestedItemPath");
            s.item("Threat", rows);
        }
    }
    if let Some(e) = &svc.ebs_volume_scan_details {
        let mut top = Rows::at("service.ebsVolumeScanDetails");
        top.str("Scan ID", &e.scan_id, "scanId")
            .str("Scan type", &e.scan_type, "scanType")
            .time("Scan started", &e.scan_started_at, "scanStartedAt")
            .time("Scan completed", &e.scan_completed_at, "scanCompletedAt")
            .str("Triggered by finding", &e.trigger_finding_id, "triggerFindingId");
        s.rows(top);
        let threats = e.scan_detections.as_ref().and_then(|d| d.threat_detected_by_name.as_ref());
        for t in threats.iter().flat_map(|t| &t.threat_names) {
            let files: Vec<&str> = t.file_paths.iter().filter_map(|p| p.file_path.as_deref()).collect();
            let mut rows = Rows::at("service.ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames");
            rows.str("Name", &t.name, "name")
                .str("Severity", &t.severity, "severity")
                .text("Items", t.item_count, "itemCount")
                .list("Files", &files, "filePaths.filePath");
            s.item("Threat", rows);
        }
    }
    s.finish()
}

/// A process's rows, under the path of the block it is in.
fn process(p: &ProcessDetails, base: &str) -> Rows {
    let mut rows = Rows::at(base);
    rows.str("Name", &p.name, "name")
        .str("Executable", &p.executable_path, "executablePath")
        .str("SHA-256", &p.executable_sha256, "executableSha256")
        .text("PID", p.pid, "pid")
        .text("Namespace PID", p.namespace_pid, "namespacePid")
        .str("User", &p.user, "user")
        .text("User ID", p.user_id, "userId")
        .text("Effective user ID", p.euid, "euid")
        .str("Working directory", &p.pwd, "pwd")
        .time("Started", &p.start_time, "startTime")
        .text("Parents, nearest first", p.lineage_text(), "lineage.name");
    rows
}

pub(super) fn runtime(svc: &Service) -> Option<Section> {
    let r = svc.runtime_details.as_ref()?;
    let mut s = Builder::new("runtime", "Runtime");
    if let Some(p) = &r.process {
        s.item("Process", process(p, "service.runtimeDetails.process"));
    }
    if let Some(c) = &r.context {
        let mut rows = Rows::at("service.runtimeDetails.context");
        rows.str("Command line", &c.command_line_example, "commandLineExample")
            .str("Script", &c.script_path, "scriptPath")
            .str("Library", &c.library_path, "libraryPath")
            .str("LD_PRELOAD", &c.ld_preload_value, "ldPreloadValue")
            .str("Socket", &c.socket_path, "socketPath")
            .str("runc binary", &c.runc_binary_path, "runcBinaryPath")
            .str("Release agent", &c.release_agent_path, "releaseAgentPath")
            .str("Mount source", &c.mount_source, "mountSource")
            .str("Mount target", &c.mount_target, "mountTarget")
            .str("File system", &c.file_system_type, "fileSystemType")
            .list("Flags", &c.flags, "flags")
            .str("Module", &c.module_name, "moduleName")
            .str("Module file", &c.module_file_path, "moduleFilePath")
            .str("Module SHA-256", &c.module_sha256, "moduleSha256")
            .str("Shell history file", &c.shell_history_file_path, "shellHistoryFilePath")
            .str("Address family", &c.address_family, "addressFamily")
            .text("IANA protocol", c.iana_protocol_number, "ianaProtocolNumber")
            .list("Memory regions", &c.memory_regions, "memoryRegions")
            .str("Tool", &c.tool_name, "toolName")
            .str("Tool category", &c.tool_category, "toolCategory")
            .str("Service", &c.service_name, "serviceName")
            .str("Threat file", &c.threat_file_path, "threatFilePath")
            .str("File operation", &c.file_operation, "fileOperation")
            .str("File", &c.file_path, "filePath")
            .list("Related files", &c.related_file_paths, "relatedFilePaths")
            .time("Modified", &c.modified_at, "modifiedAt");
        s.item("Context", rows);
        if let Some(p) = &c.modifying_process {
            s.item("Modifying process", process(p, "service.runtimeDetails.context.modifyingProcess"));
        }
        if let Some(p) = &c.target_process {
            s.item("Target process", process(p, "service.runtimeDetails.context.targetProcess"));
        }
    }
    s.finish()
}
