//! Linting an open document and rendering the outcome as LSP diagnostics,
//! each remembering what the code actions need (rule, fix edits, line).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};
use serde_json::json;

use super::text::{self, Encoding};
use super::workspace::{Loaded, Resolved};
use crate::diagnostic::{self, Severity};
use crate::document::{Document, MetadataOverrides};
use crate::engine;
use crate::fix::{select_edits, Applicability};
use crate::output::sarif::DOCS_BASE;
use crate::rules::docs::doc_path;
use crate::rules::{Check, Selection};

pub const SOURCE: &str = "zwgk";

/// A rule's fix in LSP terms.
#[derive(Debug, Clone)]
pub struct LspFix {
    pub safe: bool,
    pub edits: Vec<TextEdit>,
    /// The replacement, when the fix is a single edit.
    pub replacement: Option<String>,
}

/// One published diagnostic and what its code actions need.
#[derive(Debug, Clone)]
pub struct Item {
    pub diagnostic: Diagnostic,
    /// The rule id; `None` for problems of the setup (configuration, size).
    pub rule: Option<String>,
    pub fix: Option<LspFix>,
    /// Whether a suppression comment can silence it.
    pub suppressible: bool,
}

/// The outcome of linting one version of a document.
#[derive(Debug, Clone)]
pub struct Linted {
    pub version: i32,
    pub result_id: String,
    pub items: Vec<Item>,
    /// Every safe fix that can be applied together (`source.fixAll.zwgk`).
    pub fix_all: Vec<TextEdit>,
}

impl Linted {
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.items.iter().map(|i| i.diagnostic.clone()).collect()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A diagnostic about the setup rather than the text, at the very start.
pub fn notice(code: &str, level: DiagnosticSeverity, message: String) -> Item {
    let start = Position::new(0, 0);
    Item {
        diagnostic: Diagnostic {
            range: Range::new(start, start),
            severity: Some(level),
            code: Some(NumberOrString::String(code.to_string())),
            source: Some(SOURCE.to_string()),
            message,
            ..Diagnostic::default()
        },
        rule: None,
        fix: None,
        suppressible: false,
    }
}

/// What to lint and how.
pub struct Request<'a> {
    pub text: &'a str,
    pub path: Option<&'a Path>,
    /// The name shown for the document (its path, or its URI).
    pub name: &'a str,
    /// The document's URI, for the related places of a diagnostic.
    pub uri: &'a str,
    pub encoding: Encoding,
    pub max_size: usize,
}

/// Lints `request.text` with a resolved configuration.
pub fn lint(request: &Request, resolved: &Resolved) -> (Vec<Item>, Vec<TextEdit>) {
    let loaded = match resolved {
        Resolved::Broken(message) => {
            return (
                vec![notice("config", DiagnosticSeverity::ERROR, message.clone())],
                Vec::new(),
            )
        }
        Resolved::Ready(loaded) => loaded,
    };
    if request.text.len() > request.max_size {
        let message = format!(
            "文档大小 {:.1} MB，超过 {:.1} MB 的上限，未检查（可在命令行用 zwgk check 检查）。",
            request.text.len() as f64 / 1_048_576.0,
            request.max_size as f64 / 1_048_576.0
        );
        return (
            vec![notice("too-large", DiagnosticSeverity::WARNING, message)],
            Vec::new(),
        );
    }
    let mut items = Vec::new();
    if let Some(problem) = &loaded.rule_problem {
        items.push(notice(
            "rule-file",
            DiagnosticSeverity::ERROR,
            problem.clone(),
        ));
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| run(request, loaded)));
    match outcome {
        Ok((mut linted, fix_all)) => {
            items.append(&mut linted);
            (items, fix_all)
        }
        Err(_) => {
            items.push(notice(
                "internal-error",
                DiagnosticSeverity::ERROR,
                "zwgk 检查本文档时出现内部错误，未能完成检查；请报告此问题（详情见语言服务器日志）。"
                    .to_string(),
            ));
            (items, Vec::new())
        }
    }
}

fn run(request: &Request, loaded: &Loaded) -> (Vec<Item>, Vec<TextEdit>) {
    let rules = &loaded.rules;
    let settings_path = request.path.unwrap_or(Path::new(request.name));
    let settings = loaded.config.settings_for(
        settings_path,
        rules,
        &Selection::default(),
        &MetadataOverrides::default(),
    );
    let doc = Document::new(request.name, request.text.to_string(), &settings.metadata);
    let mut result = engine::lint(&doc, rules, &settings.active);
    for d in &mut result.diagnostics {
        if let Some(&level) = settings.severity.get(&d.rule) {
            d.severity = level;
        }
    }
    let text: &str = &doc.text;
    let lines = &doc.lines;
    let encoding = request.encoding;
    let edits = |edits: &[diagnostic::Edit]| -> Vec<TextEdit> {
        edits
            .iter()
            .map(|e| TextEdit {
                range: text::range(text, lines, e.span.clone(), encoding),
                new_text: e.replacement.to_string(),
            })
            .collect()
    };
    let document_uri = Uri::from_str(request.uri).ok();
    let items = result
        .diagnostics
        .iter()
        .map(|d| {
            let rule = &rules.rules[d.rule];
            let fix = d.fix.as_ref().map(|f| LspFix {
                safe: f.safe,
                edits: edits(&f.edits),
                replacement: f.single_replacement().map(str::to_string),
            });
            let data = json!({
                "rule": rule.id,
                "fix": fix.as_ref().map(|f| json!({ "safe": f.safe, "edits": f.edits })),
            });
            let href = Uri::from_str(&format!("{DOCS_BASE}{}", doc_path(rule))).ok();
            let related = document_uri.as_ref().and_then(|uri| {
                (!d.related.is_empty()).then(|| {
                    d.related
                        .iter()
                        .map(|r| DiagnosticRelatedInformation {
                            location: Location {
                                uri: uri.clone(),
                                range: text::range(text, lines, r.span.clone(), encoding),
                            },
                            message: r.label.clone(),
                        })
                        .collect()
                })
            });
            Item {
                diagnostic: Diagnostic {
                    range: text::range(text, lines, d.span.clone(), encoding),
                    severity: Some(severity(d.severity)),
                    code: Some(NumberOrString::String(rule.id.clone())),
                    code_description: href.map(|href| CodeDescription { href }),
                    source: Some(SOURCE.to_string()),
                    message: d.message.clone(),
                    related_information: related,
                    data: Some(data),
                    ..Diagnostic::default()
                },
                rule: Some(rule.id.clone()),
                fix,
                suppressible: !matches!(rule.check, Check::UnusedSuppression),
            }
        })
        .collect();
    let fix_all = edits(&select_edits(&result.diagnostics, Applicability::SafeOnly));
    (items, fix_all)
}
