//! The JSON report: one object per run, stable keys, documented in README.
//! Spans are byte offsets into the decoded file; positions are 1-based lines
//! with columns in Unicode scalar values, UTF-8 bytes and UTF-16 units.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use super::{FileReport, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocKind, Document, Encoding, Position, UnitRole};
use crate::engine::ChecklistEntry;
use crate::rules::{Reference, RuleSet};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<JsonDocument<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    checklist: Vec<JsonChecklistItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct JsonDocument<'a> {
    kind: DocKind,
    year: Option<i32>,
    unit: Option<&'a str>,
    role: UnitRole,
    /// Whether the text was read as hard-wrapped (PDF extraction).
    wrapped: bool,
    encoding: Encoding,
    /// The report's number within a split compilation.
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<usize>,
}

#[derive(Serialize)]
pub struct JsonSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    span: JsonSpan,
    start: Position,
    end: Position,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
    safe: bool,
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: &'a str,
    reference: &'a Reference,
    #[serde(flatten)]
    location: JsonLocation<'a>,
    /// Where in a Word or HTML source the finding lies (`第 3 段`, `表 1 第 2 行第 2 列`).
    #[serde(skip_serializing_if = "Option::is_none")]
    block: Option<String>,
    fix: Option<JsonFix<'a>>,
    /// Other places the finding involves (parts of a total, table cells).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonRelated<'a> {
    label: &'a str,
    #[serde(flatten)]
    location: JsonLocation<'a>,
}

#[derive(Serialize)]
pub(crate) struct JsonChecklistItem<'a> {
    rule: &'a str,
    topic: &'a str,
    status: &'static str,
    /// False for another unit's task (work points): listed, not required.
    responsible: bool,
    evidence: Vec<JsonLocation<'a>>,
}

fn location<'a>(doc: &'a Document, span: &Range<usize>) -> JsonLocation<'a> {
    JsonLocation {
        span: JsonSpan {
            start: span.start,
            end: span.end,
        },
        start: doc.position(span.start),
        end: doc.position(span.end),
        text: &doc.text[span.clone()],
    }
}

pub(crate) fn diagnostic<'a>(
    doc: &'a Document,
    d: &'a Diagnostic,
    rules: &'a RuleSet,
) -> JsonDiagnostic<'a> {
    let rule = &rules.rules[d.rule];
    JsonDiagnostic {
        rule: &rule.id,
        severity: d.severity,
        message: &d.message,
        help: &rule.help,
        reference: &rule.reference,
        location: location(doc, &d.span),
        block: doc.block_at(d.span.start).map(|b| b.to_string()),
        fix: d.fix.as_ref().map(|f| JsonFix {
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    span: JsonSpan {
                        start: e.span.start,
                        end: e.span.end,
                    },
                    replacement: &e.replacement,
                })
                .collect(),
            safe: f.safe,
        }),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                label: &r.label,
                location: location(doc, &r.span),
            })
            .collect(),
    }
}

pub(crate) fn document(doc: &Document) -> JsonDocument<'_> {
    JsonDocument {
        kind: doc.meta.kind,
        year: doc.meta.year,
        unit: doc.meta.unit.as_deref(),
        role: doc.meta.role,
        wrapped: doc.view.wrapped,
        encoding: doc.encoding,
        part: doc.part.as_ref().map(|(n, _)| *n),
    }
}

pub(crate) fn checklist_items<'a>(
    doc: &'a Document,
    checklist: &'a [ChecklistEntry],
    rules: &'a RuleSet,
) -> Vec<JsonChecklistItem<'a>> {
    checklist
        .iter()
        .map(|entry| JsonChecklistItem {
            rule: &rules.rules[entry.rule].id,
            topic: &rules.rules[entry.rule].topic,
            responsible: entry.responsible,
            status: if entry.covered { "covered" } else { "missing" },
            evidence: entry
                .evidence
                .iter()
                .map(|span| location(doc, span))
                .collect(),
        })
        .collect()
}

/// The JSON object of one file.
pub(crate) fn file_value(report: &FileReport, rules: &RuleSet) -> serde_json::Value {
    let file = match report {
        FileReport::Linted {
            doc,
            diagnostics,
            checklist,
        } => JsonFile {
            path: &doc.path,
            document: Some(document(doc)),
            diagnostics: diagnostics
                .iter()
                .map(|d| diagnostic(doc, d, rules))
                .collect(),
            checklist: checklist_items(doc, checklist, rules),
            error: None,
        },
        FileReport::Failed { path, error } => JsonFile {
            path,
            document: None,
            diagnostics: Vec::new(),
            checklist: Vec::new(),
            error: Some(error),
        },
    };
    serde_json::to_value(file).expect("a report serialises")
}

/// The opening of the report, up to the `files` array.
pub(crate) fn begin(out: &mut dyn Write) -> io::Result<()> {
    let tool = serde_json::to_string(&Tool {
        name: "zwgk",
        version: env!("CARGO_PKG_VERSION"),
    })?;
    write!(
        out,
        "{{\n  \"version\": {SCHEMA_VERSION},\n  \"tool\": {tool},\n  \"files\": ["
    )
}

pub(crate) fn file(
    out: &mut dyn Write,
    first: bool,
    report: &FileReport,
    rules: &RuleSet,
) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    serde_json::to_writer(&mut *out, &file_value(report, rules))?;
    Ok(())
}

pub(crate) fn end(out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
    let summary = serde_json::to_string(totals)?;
    writeln!(out, "\n  ],\n  \"summary\": {summary}\n}}")
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    begin(out)?;
    for (i, report) in reports.iter().enumerate() {
        file(out, i == 0, report, rules)?;
    }
    end(out, &Totals::of(reports))
}
