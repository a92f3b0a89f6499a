//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! Columns are Unicode scalar values (`columnKind: unicodeCodePoints`), as in
//! every other zwgk output; `charOffset`/`charLength` count the same unit
//! from the start of the decoded file. Artifact URIs are relative to the
//! directory zwgk ran in (`%SRCROOT%`). Each result carries a content
//! fingerprint that survives unrelated edits above it.

use std::io::{self, Write};
use std::path::{Component, Path};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::fingerprint::fingerprints;
use crate::rules::docs::{doc_path, rule_markdown};
use crate::rules::load::kind_name;
use crate::rules::{Confidence, Rule, RuleSet};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/zwgk/zwgk";
/// Where the generated rule docs are published.
pub const DOCS_BASE: &str = "https://github.com/zwgk/zwgk/blob/main/docs/rules/";
const SRCROOT: &str = "%SRCROOT%";

/// Characters escaped in a URI path segment (RFC 3986 unreserved and `/` stay).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The artifact location of a path as the user gave it: relative to the
/// working directory under `%SRCROOT%`, or an absolute `file://` URI.
fn artifact_location(path: &str, root: &Path) -> Value {
    let path = Path::new(path);
    let relative = if path.is_absolute() {
        path.strip_prefix(root).ok().map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(relative) => {
            let segments: Vec<String> = relative
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => {
                        Some(utf8_percent_encode(&s.to_string_lossy(), PATH).to_string())
                    }
                    Component::ParentDir => Some("..".to_string()),
                    _ => None,
                })
                .collect();
            json!({ "uri": segments.join("/"), "uriBaseId": SRCROOT })
        }
        None => json!({ "uri": file_uri(path, false) }),
    }
}

fn file_uri(path: &Path, directory: bool) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    uri.push_str(&utf8_percent_encode(&text, PATH).to_string());
    if directory && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn rule_descriptor(rule: &Rule) -> Value {
    let confidence = match rule.reference.status {
        Confidence::Confirmed => "confirmed",
        Confidence::Partial => "partial",
        Confidence::Unconfirmed => "unconfirmed",
    };
    json!({
        "id": rule.id,
        "name": rule.id.replace(['/', '-'], "_"),
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.description },
        "help": { "text": format!("{}\n依据：{}", rule.help, rule.reference.title), "markdown": rule_markdown(rule) },
        "helpUri": format!("{DOCS_BASE}{}", doc_path(rule)),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "pack": rule.pack,
            "kind": kind_name(rule.kind),
            "reference": rule.reference.title,
            "tags": [rule.pack.as_str(), kind_name(rule.kind), confidence],
        },
    })
}

fn chars_before(text: &str, offset: usize) -> usize {
    text[..offset].chars().count()
}

fn region(doc: &Document, span: &std::ops::Range<usize>, with_snippet: bool) -> Value {
    let start = doc.position(span.start);
    let end = doc.position(span.end);
    let char_offset = chars_before(&doc.text, span.start);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": char_offset,
        "charLength": doc.text[span.clone()].chars().count(),
    });
    if with_snippet {
        region["snippet"] = json!({ "text": &doc.text[span.clone()] });
    }
    region
}

/// A result location; for Word and HTML sources it names the paragraph or
/// cell in its message, since the region indexes the extracted text.
fn located(doc: &Document, span: &std::ops::Range<usize>, artifact: &Value) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact.clone(),
            "region": region(doc, span, true),
        }
    });
    if let Some(block) = doc.block_at(span.start) {
        location["message"] = json!({ "text": block.to_string() });
    }
    location
}

fn result(
    doc: &Document,
    d: &Diagnostic,
    fingerprint: &str,
    rules: &RuleSet,
    root: &Path,
) -> Value {
    let rule = &rules.rules[d.rule];
    let location = artifact_location(&doc.path, root);
    let mut result = json!({
        "ruleId": rule.id,
        "ruleIndex": d.rule,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [located(doc, &d.span, &location)],
        "partialFingerprints": {
            "primaryLocationLineHash": fingerprint,
            "zwgkContentHash/v1": fingerprint,
        },
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut related = located(doc, &r.span, &location);
                related["id"] = json!(i + 1);
                let text = match related["message"]["text"].as_str() {
                    Some(block) => format!("{}（{block}）", r.label),
                    None => r.label.clone(),
                };
                related["message"] = json!({ "text": text });
                related
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": if fix.safe { "自动修改" } else { "建议修改（请人工确认）" } },
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": fix.edits.iter().map(|edit| json!({
                    "deletedRegion": region(doc, &edit.span, false),
                    "insertedContent": { "text": edit.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// A file's results, or the notification for a file that could not be read.
pub(crate) fn file_results(
    report: &FileReport,
    rules: &RuleSet,
    root: &Path,
) -> Result<Vec<Value>, Value> {
    match report {
        FileReport::Linted {
            doc, diagnostics, ..
        } => {
            let prints = fingerprints(doc, diagnostics, rules);
            Ok(diagnostics
                .iter()
                .zip(&prints)
                .map(|(d, f)| result(doc, d, f, rules, root))
                .collect())
        }
        FileReport::Failed { path, error } => Err(json!({
            "level": "error",
            "message": { "text": format!("{path}: {error}") },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(path, root) } }],
        })),
    }
}

/// The run object without `results` and `invocations`.
fn run_head(rules: &RuleSet, root: &Path) -> Value {
    json!({
        "tool": {
            "driver": {
                "name": "zwgk",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules.rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }
        },
        "originalUriBaseIds": { SRCROOT: { "uri": file_uri(root, true) } },
        "columnKind": "unicodeCodePoints",
    })
}

/// Writes a SARIF log as results arrive, file by file.
pub(crate) struct SarifWriter {
    root: std::path::PathBuf,
    first: bool,
    notifications: Vec<Value>,
}

impl SarifWriter {
    pub(crate) fn begin(out: &mut dyn Write, rules: &RuleSet, root: &Path) -> io::Result<Self> {
        let head = serde_json::to_string(&run_head(rules, root))?;
        let head = head.strip_suffix('}').expect("an object");
        write!(
            out,
            "{{\"$schema\":{},\"version\":\"2.1.0\",\"runs\":[{head},\"results\":[",
            serde_json::to_string(SCHEMA_URI)?
        )?;
        Ok(Self {
            root: root.to_path_buf(),
            first: true,
            notifications: Vec::new(),
        })
    }

    pub(crate) fn file(
        &mut self,
        out: &mut dyn Write,
        report: &FileReport,
        rules: &RuleSet,
    ) -> io::Result<()> {
        match file_results(report, rules, &self.root) {
            Ok(results) => {
                for result in results {
                    if !self.first {
                        out.write_all(b",")?;
                    }
                    self.first = false;
                    out.write_all(b"\n")?;
                    serde_json::to_writer(&mut *out, &result)?;
                }
            }
            Err(notification) => self.notifications.push(notification),
        }
        Ok(())
    }

    pub(crate) fn end(self, out: &mut dyn Write) -> io::Result<()> {
        let invocations = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": self.notifications,
        }]);
        writeln!(
            out,
            "\n],\"invocations\":{}}}]}}",
            serde_json::to_string(&invocations)?
        )
    }
}

/// The SARIF log for a run, as a JSON value.
pub fn log(reports: &[FileReport], rules: &RuleSet, root: &Path) -> Value {
    let mut buffer = Vec::new();
    let mut writer = SarifWriter::begin(&mut buffer, rules, root).expect("writing to memory");
    for report in reports {
        writer
            .file(&mut buffer, report, rules)
            .expect("writing to memory");
    }
    writer.end(&mut buffer).expect("writing to memory");
    serde_json::from_slice(&buffer).expect("the SARIF writer writes JSON")
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    let root = std::env::current_dir()?;
    serde_json::to_writer_pretty(&mut *out, &log(reports, rules, &root))?;
    writeln!(out)
}
