//! Compiles `data/finding-types.tsv`, the project's own finding-type catalog, into
//! `$OUT_DIR/catalog_generated.rs` (a `static TYPES` sorted by name, so lookups binary-search).
//! Two side tables add per-type text and links to the same entries: `data/type-notes.tsv` (what
//! the type means, its likely benign causes, the responder's decision point) and
//! `data/type-links.tsv` (the type's AWS documentation page).
//!
//! The data files are checked here, row by row, so a typo in one stops the build with the line
//! number instead of shipping a catalog entry the guides cannot route. The build reads nothing
//! outside this crate: the catalog must build from a fresh clone without `../shared`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

const DATA: &str = "data/finding-types.tsv";
const NOTES: &str = "data/type-notes.tsv";
const LINKS: &str = "data/type-links.tsv";

const NOTE_COLUMNS: [&str; 4] = ["type", "meaning", "benign", "decision"];
const LINK_COLUMNS: [&str; 2] = ["type", "doc_url"];

/// Notes are read in a panel, not a table cell, but stay short enough to read under stress.
const NOTE_MAX_CHARS: usize = 400;

/// Every documentation link points into AWS's documentation site.
const DOC_URL_PREFIX: &str = "https://docs.aws.amazon.com/";

const COLUMNS: [&str; 9] = [
    "type",
    "resource",
    "data_source",
    "default_severity",
    "severity_note",
    "scenarios",
    "retired",
    "replaced_by",
    "summary",
];

/// Summaries show in one line of a table; longer text belongs in the guide.
const SUMMARY_MAX_CHARS: usize = 160;

/// The scenario registry (`data/scenarios.tsv`), read once in `main` before the catalog is
/// parsed, so the catalog's scenario keys are checked against the same rows that generate
/// `ScenarioKey`.
static REGISTRY: std::sync::OnceLock<Vec<Scenario>> = std::sync::OnceLock::new();

const SCENARIOS: &str = "data/scenarios.tsv";
const SCENARIO_COLUMNS: [&str; 7] =
    ["key", "variant", "title", "doc_page", "sample", "resources", "sequence_resources"];

/// One row of the scenario registry.
struct Scenario {
    key: String,
    variant: String,
    title: String,
    doc_page: String,
    sample: String,
    resources: Vec<String>,
    sequence_resources: Vec<String>,
}

impl Scenario {
    /// The steps module: `guide/scenarios/<key with _>.rs`.
    fn module(&self) -> String {
        self.key.replace('-', "_")
    }
}

fn registry() -> &'static [Scenario] {
    REGISTRY.get().map(Vec::as_slice).unwrap_or(&[])
}

/// Reads and checks the scenario registry.
fn parse_registry(text: &str) -> Result<Vec<Scenario>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines.next().ok_or("the file has no header")?;
    if header.split('\t').collect::<Vec<_>>() != SCENARIO_COLUMNS {
        return Err(format!("the header must be {}", SCENARIO_COLUMNS.join("\t")));
    }
    let mut out: Vec<Scenario> = Vec::new();
    for (i, line) in lines {
        let at = i + 1;
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != SCENARIO_COLUMNS.len() {
            return Err(format!("line {at}: {} cells, expected {}", cells.len(), SCENARIO_COLUMNS.len()));
        }
        let list = |cell: &str| -> Vec<String> {
            if cell == "-" {
                Vec::new()
            } else {
                cell.split(',').map(str::to_owned).collect()
            }
        };
        let row = Scenario {
            key: cells[0].to_owned(),
            variant: cells[1].to_owned(),
            title: cells[2].to_owned(),
            doc_page: cells[3].to_owned(),
            sample: cells[4].to_owned(),
            resources: list(cells[5]),
            sequence_resources: list(cells[6]),
        };
        if row.key.is_empty() || !row.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(format!("line {at}: key {:?} must be lower-case words joined by -", row.key));
        }
        if row.key == RUNTIME {
            return Err(format!("line {at}: {RUNTIME} is the catalog's stand-in, not a scenario"));
        }
        let camel: String = row.key.split('-').map(|w| w[..1].to_ascii_uppercase() + &w[1..]).collect();
        if row.variant != camel {
            return Err(format!("line {at}: the variant of {} must be {camel}", row.key));
        }
        if !row.doc_page.ends_with(".html") || row.title.trim().is_empty() || row.sample.is_empty() {
            return Err(format!("line {at}: title, doc_page (…html) and sample are required"));
        }
        if !Path::new(&format!("samples/{}.json", row.sample)).is_file() {
            return Err(format!("line {at}: samples/{}.json does not exist", row.sample));
        }
        for r in &out {
            if r.key == row.key {
                return Err(format!("line {at}: {} is listed twice", row.key));
            }
            if let Some(dup) = r.resources.iter().find(|x| row.resources.contains(x)) {
                return Err(format!("line {at}: resource type {dup} already calls for {}", r.key));
            }
            if let Some(dup) = r.sequence_resources.iter().find(|x| row.sequence_resources.contains(x)) {
                return Err(format!("line {at}: sequence resource {dup} already calls for {}", r.key));
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// `ScenarioKey` and its metadata, from the registry.
fn render_scenarios(rows: &[Scenario]) -> String {
    let mut out = String::from("// generated by build.rs from core/data/scenarios.tsv; do not edit\n\n");
    out.push_str("/// A remediation scenario, as the CLI's `scenarios` array shows it.\n");
    out.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]\n",
    );
    out.push_str("#[serde(rename_all = \"kebab-case\")]\npub enum ScenarioKey {\n");
    for r in rows {
        let _ = writeln!(out, "    /// `{}`: {}.\n    {},", r.key, r.title, r.variant);
    }
    out.push_str("}\n\nimpl ScenarioKey {\n");
    let _ = writeln!(out, "    pub const ALL: [ScenarioKey; {}] = [", rows.len());
    for r in rows {
        let _ = writeln!(out, "        ScenarioKey::{},", r.variant);
    }
    out.push_str("    ];\n");
    let method = |out: &mut String, name: &str, doc: &str, value: &dyn Fn(&Scenario) -> String| {
        let _ = writeln!(out, "\n    /// {doc}\n    pub fn {name}(self) -> &'static str {{\n        match self {{");
        for r in rows {
            let _ = writeln!(out, "            ScenarioKey::{} => {:?},", r.variant, value(r));
        }
        out.push_str("        }\n    }\n");
    };
    method(&mut out, "as_str", "The key, as the CLI and the catalog spell it.", &|r| r.key.clone());
    method(&mut out, "title", "The scenario's name as a heading.", &|r| r.title.clone());
    method(&mut out, "doc_page", "AWS's remediation page, under the GuardDuty user guide.", &|r| r.doc_page.clone());
    method(&mut out, "sample", "The compiled-in sample whose guide opens with this scenario.", &|r| r.sample.clone());
    let lookup = |out: &mut String, name: &str, doc: &str, list: &dyn Fn(&Scenario) -> &Vec<String>| {
        let _ = writeln!(
            out,
            "\n    /// {doc}\n    pub fn {name}(kind: &str) -> Option<ScenarioKey> {{\n        match kind {{"
        );
        for r in rows {
            if !list(r).is_empty() {
                let pats: Vec<String> = list(r).iter().map(|k| format!("{k:?}")).collect();
                let _ = writeln!(out, "            {} => Some(ScenarioKey::{}),", pats.join(" | "), r.variant);
            }
        }
        out.push_str("            _ => None,\n        }\n    }\n");
    };
    lookup(
        &mut out,
        "for_resource_type",
        "The scenario a finding's resource type calls for when its type says nothing.",
        &|r| &r.resources,
    );
    lookup(
        &mut out,
        "for_sequence_resource",
        "The scenario an attack sequence's resource of this kind adds to its guide.",
        &|r| &r.sequence_resources,
    );
    out.push_str("}\n");
    out
}

/// The dispatch from a key to its steps module, from the registry.
fn render_dispatch(rows: &[Scenario]) -> String {
    let mut out = String::from("// generated by build.rs from core/data/scenarios.tsv; do not edit\n\n");
    out.push_str("/// The steps of a scenario, from the module named after its key.\n");
    out.push_str("pub fn steps(key: ScenarioKey, cx: &Ctx) -> Vec<Step> {\n    match key {\n");
    for r in rows {
        let _ = writeln!(out, "        ScenarioKey::{} => {}::steps(cx),", r.variant, r.module());
    }
    out.push_str("    }\n}\n");
    out
}

/// The catalog's stand-in for the four runtime scenarios, resolved per finding.
const RUNTIME: &str = "runtime";

/// Resource families as the data file spells them (GuardDuty's spelling) and their variants.
const RESOURCES: [(&str, &str); 13] = [
    ("Instance", "Instance"),
    ("AccessKey", "AccessKey"),
    ("S3Bucket", "S3Bucket"),
    ("S3Object", "S3Object"),
    ("EKSCluster", "EksCluster"),
    ("ECSCluster", "EcsCluster"),
    ("Container", "Container"),
    ("RDSDBInstance", "RdsDbInstance"),
    ("Lambda", "Lambda"),
    ("Runtime", "Runtime"),
    ("EbsSnapshot", "EbsSnapshot"),
    ("Ec2Image", "Ec2Image"),
    ("RecoveryPoint", "RecoveryPoint"),
];

/// Marks a resource cell whose family no source states (attack sequences, Custom Detection Rules,
/// the Backup scans): Findlens's reading, which routing checks against the finding's own resource.
const INFERRED: &str = " (inferred)";

/// A `replaced_by` that names a family of types, any threat purpose: `*:IAMUser/AnomalousBehavior`.
const ANY_PURPOSE: &str = "*:";

const SEVERITIES: [&str; 5] = ["Low", "Medium", "High", "Critical", "Varies"];

/// One checked row, with the Rust expressions the generated entry needs.
struct Row {
    line: usize,
    name: String,
    resource: &'static str,
    /// The resource family is Findlens's inference, not a sourced fact.
    resource_inferred: bool,
    data_source: String,
    severity: String,
    severity_note: String,
    /// Rust expressions, one per scenario.
    scenarios: Vec<String>,
    retired: bool,
    replaced_by: Option<String>,
    summary: String,
}

/// Per-type text from `data/type-notes.tsv`.
struct Notes {
    meaning: String,
    benign: String,
    decision: String,
}

fn main() {
    println!("cargo:rerun-if-changed={DATA}");
    println!("cargo:rerun-if-changed={NOTES}");
    println!("cargo:rerun-if-changed={LINKS}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={SCENARIOS}");
    println!("cargo:rerun-if-changed=samples");

    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let read = |file: &str| {
        let path = Path::new(&manifest_dir).join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };

    let scenarios = match parse_registry(&read(SCENARIOS)) {
        Ok(rows) => rows,
        Err(message) => panic!("core/{SCENARIOS}: {message}"),
    };
    for (file, text) in
        [("scenario_generated.rs", render_scenarios(&scenarios)), ("scenario_dispatch.rs", render_dispatch(&scenarios))]
    {
        let out = Path::new(&out_dir).join(file);
        std::fs::write(&out, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
    let _ = REGISTRY.set(scenarios);
    let rows = match parse(&read(DATA)) {
        Ok(rows) => rows,
        Err(message) => panic!("core/{DATA}: {message}"),
    };
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let notes = match parse_notes(&read(NOTES), &names) {
        Ok(notes) => notes,
        Err(message) => panic!("core/{NOTES}: {message}"),
    };
    let links = match parse_links(&read(LINKS), &names) {
        Ok(links) => links,
        Err(message) => panic!("core/{LINKS}: {message}"),
    };
    let generated = render(&rows, &notes, &links);
    let out = Path::new(&out_dir).join("catalog_generated.rs");
    std::fs::write(&out, generated).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Parses and checks the whole file; rows come back sorted by type name.
fn parse(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header = lines.next().map(|(_, l)| l).unwrap_or_default();
    let expected = COLUMNS.join("\t");
    if header != expected {
        return Err(format!("line 1: the header must be exactly {expected:?}, found {header:?}"));
    }

    let mut rows = Vec::new();
    for (line, raw) in lines {
        if raw.is_empty() {
            return Err(format!("line {line}: empty line (remove it)"));
        }
        rows.push(parse_row(line, raw).map_err(|e| format!("line {line}: {e}"))?);
    }
    if rows.is_empty() {
        return Err("no finding types".to_owned());
    }

    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        if let Some(first) = seen.insert(&row.name, row.line) {
            return Err(format!("line {}: type {:?} is already listed on line {first}", row.line, row.name));
        }
    }
    for row in &rows {
        if let Some(family) = row.replaced_by.as_deref().and_then(|t| t.strip_prefix(ANY_PURPOSE)) {
            let members: Vec<&Row> =
                rows.iter().filter(|r| r.name.split_once(':').is_some_and(|(_, rest)| rest == family)).collect();
            if members.is_empty() {
                return Err(format!("line {}: replaced_by {ANY_PURPOSE}{family} matches no catalogued type", row.line));
            }
            if let Some(old) = members.iter().find(|m| m.retired) {
                return Err(format!(
                    "line {}: replaced_by {ANY_PURPOSE}{family} takes in {}, which is retired",
                    row.line, old.name
                ));
            }
            continue;
        }
        if let Some(target) = &row.replaced_by {
            match seen.get(target.as_str()) {
                None => {
                    return Err(format!("line {}: replaced_by names {target:?}, which is not in the catalog", row.line))
                }
                Some(_) if target == &row.name => {
                    return Err(format!("line {}: a type cannot replace itself", row.line))
                }
                Some(_) => {}
            }
        }
    }
    Ok(rows)
}

fn parse_row(line: usize, raw: &str) -> Result<Row, String> {
    let cells: Vec<&str> = raw.split('\t').collect();
    if cells.len() != COLUMNS.len() {
        return Err(format!(
            "expected {} tab-separated columns ({}), found {}",
            COLUMNS.len(),
            COLUMNS.join(", "),
            cells.len()
        ));
    }
    for (cell, column) in cells.iter().zip(COLUMNS) {
        if cell.trim() != *cell {
            return Err(format!("column {column} has leading or trailing spaces"));
        }
        if cell.chars().any(char::is_control) {
            return Err(format!("column {column} holds a control character"));
        }
    }
    let [name, resource, data_source, severity, severity_note, scenarios, retired, replaced_by, summary] =
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map(|i| cells[i]);

    if !looks_like_type(name) {
        return Err(format!("type {name:?} is not of the form Purpose:Resource/Family[.Mechanism][!Artifact]"));
    }
    let (resource, resource_inferred) = match resource.strip_suffix(INFERRED) {
        Some(family) => (family, true),
        None => (resource, false),
    };
    let resource =
        RESOURCES.iter().find(|(spelling, _)| *spelling == resource).map(|(_, variant)| *variant).ok_or_else(|| {
            let known: Vec<&str> = RESOURCES.iter().map(|(s, _)| *s).collect();
            format!(
                "unknown resource family {resource:?} (known: {}, each optionally followed by {INFERRED:?})",
                known.join(", ")
            )
        })?;
    if data_source.is_empty() {
        return Err("data_source is empty".to_owned());
    }
    if !SEVERITIES.contains(&severity) {
        return Err(format!("unknown default_severity {severity:?} (known: {})", SEVERITIES.join(", ")));
    }
    let scenarios = parse_scenarios(scenarios)?;
    let retired = match retired {
        "yes" => true,
        "no" => false,
        other => return Err(format!("retired must be yes or no, found {other:?}")),
    };
    let replaced_by = match replaced_by {
        "" => None,
        _ if !retired => return Err("replaced_by is set on a type that is not retired".to_owned()),
        // `*:Resource/Family` passes too: `*` stands where the purpose is.
        t if !looks_like_type(t) => return Err(format!("replaced_by {t:?} is not a type name")),
        t => Some(t.to_owned()),
    };
    if summary.is_empty() {
        return Err("summary is empty".to_owned());
    }
    let length = summary.chars().count();
    if length > SUMMARY_MAX_CHARS {
        return Err(format!("summary is {length} characters; keep it to {SUMMARY_MAX_CHARS}"));
    }

    Ok(Row {
        line,
        name: name.to_owned(),
        resource,
        resource_inferred,
        data_source: data_source.to_owned(),
        severity: severity.to_owned(),
        severity_note: severity_note.to_owned(),
        scenarios,
        retired,
        replaced_by,
        summary: summary.to_owned(),
    })
}

fn parse_scenarios(cell: &str) -> Result<Vec<String>, String> {
    if cell.is_empty() {
        return Err("scenarios is empty; every type needs at least one".to_owned());
    }
    let mut keys: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for key in cell.split('+') {
        let expr = if key == RUNTIME {
            "CatalogScenario::Runtime".to_owned()
        } else {
            let variant = registry().iter().find(|r| r.key == key).map(|r| r.variant.as_str()).ok_or_else(|| {
                let mut known: Vec<&str> = registry().iter().map(|r| r.key.as_str()).collect();
                known.push(RUNTIME);
                format!("unknown scenario key {key:?} (known: {})", known.join(", "))
            })?;
            format!("CatalogScenario::Key(ScenarioKey::{variant})")
        };
        if keys.contains(&key) {
            return Err(format!("scenario key {key:?} is listed twice"));
        }
        keys.push(key);
        out.push(expr);
    }
    Ok(out)
}

/// Reads a side table keyed by type: exact header, the right number of tab-separated cells, no
/// stray spaces or control characters, every type in the catalog and listed once, and every
/// catalogued type present. Returns each type's line and cells after the first, by type name.
fn parse_side_table(
    text: &str,
    columns: &[&str],
    known: &[&str],
) -> Result<HashMap<String, (usize, Vec<String>)>, String> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header = lines.next().map(|(_, l)| l).unwrap_or_default();
    let expected = columns.join("\t");
    if header != expected {
        return Err(format!("line 1: the header must be exactly {expected:?}, found {header:?}"));
    }
    let mut rows: HashMap<String, (usize, Vec<String>)> = HashMap::new();
    for (line, raw) in lines {
        if raw.is_empty() {
            return Err(format!("line {line}: empty line (remove it)"));
        }
        let cells: Vec<&str> = raw.split('\t').collect();
        if cells.len() != columns.len() {
            return Err(format!(
                "line {line}: expected {} tab-separated columns ({}), found {}",
                columns.len(),
                columns.join(", "),
                cells.len()
            ));
        }
        for (cell, column) in cells.iter().zip(columns) {
            if cell.trim() != *cell {
                return Err(format!("line {line}: column {column} has leading or trailing spaces"));
            }
            if cell.chars().any(char::is_control) {
                return Err(format!("line {line}: column {column} holds a control character"));
            }
        }
        let name = cells[0];
        if !known.contains(&name) {
            return Err(format!("line {line}: type {name:?} is not in {DATA}"));
        }
        let rest = cells[1..].iter().map(|c| (*c).to_owned()).collect();
        if let Some((first, _)) = rows.insert(name.to_owned(), (line, rest)) {
            return Err(format!("line {line}: type {name:?} is already listed on line {first}"));
        }
    }
    if let Some(missing) = known.iter().find(|n| !rows.contains_key(**n)) {
        return Err(format!("type {missing:?} from {DATA} has no row (every catalogued type needs one)"));
    }
    Ok(rows)
}

fn parse_notes(text: &str, known: &[&str]) -> Result<HashMap<String, Notes>, String> {
    let rows = parse_side_table(text, &NOTE_COLUMNS, known)?;
    let mut out = HashMap::new();
    for (name, (line, cells)) in rows {
        for (cell, column) in cells.iter().zip(&NOTE_COLUMNS[1..]) {
            let length = cell.chars().count();
            if length > NOTE_MAX_CHARS {
                return Err(format!("line {line}: {column} is {length} characters; keep it to {NOTE_MAX_CHARS}"));
            }
        }
        let [meaning, benign, decision] = [0, 1, 2].map(|i| cells[i].clone());
        if meaning.is_empty() {
            return Err(format!("line {line}: meaning is empty; every type needs one"));
        }
        out.insert(name, Notes { meaning, benign, decision });
    }
    Ok(out)
}

fn parse_links(text: &str, known: &[&str]) -> Result<HashMap<String, Option<String>>, String> {
    let rows = parse_side_table(text, &LINK_COLUMNS, known)?;
    let mut out = HashMap::new();
    for (name, (line, cells)) in rows {
        let url = &cells[0];
        let url = if url.is_empty() {
            None
        } else if !url.starts_with(DOC_URL_PREFIX) {
            return Err(format!("line {line}: doc_url {url:?} does not start with {DOC_URL_PREFIX}"));
        } else if url.contains(char::is_whitespace) || url.len() == DOC_URL_PREFIX.len() {
            return Err(format!("line {line}: doc_url {url:?} is not a usable link"));
        } else {
            Some(url.clone())
        };
        out.insert(name, url);
    }
    Ok(out)
}

/// A cheap shape check; the crate's `parse_type` is the real grammar and its test parses every
/// catalogued name.
fn looks_like_type(s: &str) -> bool {
    match s.split_once(':') {
        Some((purpose, rest)) => {
            !purpose.is_empty()
                && rest.split_once('/').is_some_and(|(r, f)| !r.is_empty() && !f.is_empty())
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn render(rows: &[Row], notes: &HashMap<String, Notes>, links: &HashMap<String, Option<String>>) -> String {
    let mut out = String::new();
    out.push_str(
        "// generated by build.rs from core/data/finding-types.tsv, type-notes.tsv and type-links.tsv; do not edit\n\n",
    );
    out.push_str("static TYPES: &[TypeInfo] = &[\n");
    for row in rows {
        let scenarios = row.scenarios.join(", ");
        let replaced_by = match &row.replaced_by {
            Some(t) => format!("Some({t:?})"),
            None => "None".to_owned(),
        };
        // parse_notes and parse_links checked that every catalogued type has a row.
        let (meaning, benign, decision) = match notes.get(&row.name) {
            Some(n) => (n.meaning.as_str(), n.benign.as_str(), n.decision.as_str()),
            None => panic!("core/{NOTES}: no row for {}", row.name),
        };
        let doc_url = match links.get(&row.name) {
            Some(Some(url)) => format!("Some({url:?})"),
            Some(None) => "None".to_owned(),
            None => panic!("core/{LINKS}: no row for {}", row.name),
        };
        // `write!` to a String cannot fail.
        let _ = write!(
            out,
            "    TypeInfo {{\n        name: {name:?},\n        resource: ResourceFamily::{resource},\n        \
             resource_inferred: {inferred},\n        \
             data_source: {data_source:?},\n        default_severity: DefaultSeverity::{severity},\n        \
             severity_note: {note:?},\n        scenarios: &[{scenarios}],\n        retired: {retired},\n        \
             replaced_by: {replaced_by},\n        summary: {summary:?},\n        meaning: {meaning:?},\n        \
             benign: {benign:?},\n        decision: {decision:?},\n        doc_url: {doc_url},\n    }},\n",
            name = row.name,
            resource = row.resource,
            inferred = row.resource_inferred,
            data_source = row.data_source,
            severity = row.severity,
            note = row.severity_note,
            retired = row.retired,
            summary = row.summary,
        );
    }
    out.push_str("];\n");
    out
}
