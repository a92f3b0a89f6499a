//! JSON Lines for bulk pipelines: one object per diagnostic
//! (`"type": "diagnostic"`), then one per file (`"type": "file"`) with its
//! document metadata, counts and checklist. Lines from several runs or
//! shards concatenate into one valid stream.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{
    checklist_items, diagnostic, document, JsonChecklistItem, JsonDiagnostic, JsonDocument,
};
use super::{FileReport, Totals};
use crate::rules::RuleSet;

#[derive(Serialize)]
struct DiagnosticLine<'a> {
    r#type: &'static str,
    path: &'a str,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
}

#[derive(Serialize)]
struct FileLine<'a> {
    r#type: &'static str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<JsonDocument<'a>>,
    errors: usize,
    warnings: usize,
    infos: usize,
    checklist: Vec<JsonChecklistItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

pub fn write_file(out: &mut dyn Write, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
    let counts = Totals::of(std::slice::from_ref(report));
    let line = match report {
        FileReport::Linted {
            doc,
            diagnostics,
            checklist,
        } => {
            for d in diagnostics {
                let line = DiagnosticLine {
                    r#type: "diagnostic",
                    path: &doc.path,
                    diagnostic: diagnostic(doc, d, rules),
                };
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
            FileLine {
                r#type: "file",
                path: &doc.path,
                document: Some(document(doc)),
                errors: counts.errors,
                warnings: counts.warnings,
                infos: counts.infos,
                checklist: checklist_items(doc, checklist, rules),
                error: None,
            }
        }
        FileReport::Failed { path, error } => FileLine {
            r#type: "file",
            path,
            document: None,
            errors: 0,
            warnings: 0,
            infos: 0,
            checklist: Vec::new(),
            error: Some(error),
        },
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    for report in reports {
        write_file(out, report, rules)?;
    }
    Ok(())
}
