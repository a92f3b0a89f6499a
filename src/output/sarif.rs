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
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location.clone(),
                "region": region(doc, &d.span, true),
            }
        }],
        "partialFingerprints": {
            "primaryLocationLineHash": fingerprint,
            "zwgkContentHash/v1": fingerprint,
        },
    });
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

/// The SARIF log for a run, as a JSON value.
pub fn log(reports: &[FileReport], rules: &RuleSet, root: &Path) -> Value {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        match report {
            FileReport::Linted { doc, diagnostics, .. } => {
                let prints = fingerprints(doc, diagnostics, rules);
                results.extend(diagnostics.iter().zip(&prints).map(|(d, f)| result(doc, d, f, rules, root)));
            }
            FileReport::Failed { path, error } => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{path}: {error}") },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(path, root) } }],
            })),
        }
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
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
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    let root = std::env::current_dir()?;
    serde_json::to_writer_pretty(&mut *out, &log(reports, rules, &root))?;
    writeln!(out)
}
