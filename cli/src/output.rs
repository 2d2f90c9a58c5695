//! The two output formats. JSON is an array with one object per finding, each carrying the
//! `schema_version` of this layout so pipelines can check what they parse.

use findlens_core::describe::{self, Section};
use findlens_core::guide::{self, Guide};
use findlens_core::Finding;
use serde::Serialize;

/// Bumped whenever a field of the JSON output changes meaning or goes away.
/// 2: steps carry `phase`, commands `effect` and `caution`.
/// 3: each finding carries `details`, its "what happened" sections: `[{id, title, items: [{title,
///    rows: [{label, value: {kind: "text" | "time", text, epoch_ms?}, path}]}]}]`, where `path` is the
///    GuardDuty wire field path the row comes from.
/// 4: each finding carries `merged`: `null`, or `{other_copies, rule}` when other copies of it were
///    read and merged into it (`other_copies` of them besides the one printed, by `rule`);
///    `delivery`: the wrappers it came in, outermost first (`[]` when none); `warnings` may also
///    hold placeholder and consistency warnings (`{path, message}` as before).
pub const SCHEMA_VERSION: u32 = 4;

pub struct Rendered {
    finding: Finding,
    guide: Guide,
    details: Vec<Section>,
    /// Other copies of this finding that were read and merged into it.
    merged_copies: usize,
}

impl Rendered {
    pub fn new(finding: Finding, merged_copies: usize) -> Rendered {
        let guide = guide::build(&finding);
        let details = describe::describe(&finding);
        Rendered { finding, guide, details, merged_copies }
    }
}

/// How many copies were merged into a finding, and by which rule.
#[derive(Serialize)]
struct MergedCopies {
    /// Copies besides the one printed.
    other_copies: usize,
    rule: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    schema_version: u32,
    id: Option<&'a str>,
    arn: Option<&'a str>,
    #[serde(rename = "type")]
    finding_type: &'a str,
    title: &'a str,
    severity: &'a findlens_core::Severity,
    scenarios: &'a [findlens_core::ScenarioKey],
    account_id: Option<&'a str>,
    region: Option<&'a str>,
    resource_type: Option<&'a str>,
    source_format: findlens_core::finding::SourceFormat,
    /// The delivery wrappers the finding came in, outermost first (`["SNS", "EventBridge"]`).
    delivery: &'a [&'static str],
    warnings: &'a [findlens_core::finding::Warning],
    merged: Option<MergedCopies>,
    details: &'a [Section],
    guide: &'a Guide,
}

pub fn json(items: &[Rendered]) -> String {
    let out: Vec<JsonFinding> = items
        .iter()
        .map(|r| JsonFinding {
            schema_version: SCHEMA_VERSION,
            id: r.finding.id.as_deref(),
            arn: r.finding.arn.as_deref(),
            finding_type: &r.finding.finding_type,
            title: &r.guide.title,
            severity: &r.guide.severity,
            scenarios: &r.guide.scenarios,
            account_id: r.finding.account_id.as_deref(),
            region: r.finding.region.as_deref(),
            resource_type: r.finding.resource_type(),
            source_format: r.finding.format,
            delivery: &r.finding.delivery,
            warnings: &r.finding.warnings,
            merged: (r.merged_copies > 0)
                .then_some(MergedCopies { other_copies: r.merged_copies, rule: findlens_core::workspace::MERGE_RULE }),
            details: &r.details,
            guide: &r.guide,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
    s.push('\n');
    s
}

pub fn markdown(items: &[Rendered]) -> String {
    items.iter().map(|r| guide::markdown_with_details(&r.guide, &r.details)).collect::<Vec<_>>().join("\n---\n\n")
}
