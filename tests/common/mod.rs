//! Shared helpers for the integration tests: lint a text with the embedded
//! rules and describe each diagnostic by rule id, position and the exact
//! original characters it points at.
#![allow(dead_code)]

pub mod docx;

use zwgk::document::{Document, MetadataOverrides};
use zwgk::engine::{self, LintResult};
use zwgk::rules::{embedded, load_rule_set, RuleSet};

pub fn embedded_rules() -> RuleSet {
    let (rules, errors) = load_rule_set(&embedded::sources());
    assert!(errors.is_empty(), "embedded packs must load: {errors:?}");
    rules
}

/// A diagnostic as tests compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub rule: String,
    pub line: u32,
    pub column: u32,
    pub text: String,
}

impl Found {
    pub fn new(rule: &str, line: u32, column: u32, text: &str) -> Self {
        Self {
            rule: rule.to_string(),
            line,
            column,
            text: text.to_string(),
        }
    }
}

pub fn lint(
    rules: &RuleSet,
    path: &str,
    text: &str,
    overrides: &MetadataOverrides,
) -> (Document, LintResult) {
    let doc = Document::new(path, text.to_string(), overrides);
    let all: Vec<usize> = (0..rules.rules.len()).collect();
    let result = engine::lint(&doc, rules, &all);
    (doc, result)
}

pub fn found(rules: &RuleSet, doc: &Document, result: &LintResult) -> Vec<Found> {
    result
        .diagnostics
        .iter()
        .map(|d| {
            let at = doc.position(d.span.start);
            Found {
                rule: rules.rules[d.rule].id.clone(),
                line: at.line,
                column: at.column,
                text: doc.text[d.span.clone()].to_string(),
            }
        })
        .collect()
}

pub fn lint_file(rules: &RuleSet, path: &str) -> Vec<Found> {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let (doc, result) = lint(rules, path, &text, &MetadataOverrides::default());
    found(rules, &doc, &result)
}

/// Runs the zwgk binary in `dir`.
pub fn zwgk_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("zwgk runs")
}

/// The bytes of a shipped example.
pub fn example_bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .unwrap()
}

/// The failures of every example of every rule, one line each.
pub fn example_failures(rules: &RuleSet) -> Vec<String> {
    zwgk::rules::examples::verify(rules)
        .iter()
        .map(|f| {
            format!(
                "{} example {}: {}",
                rules.rules[f.rule].id,
                f.example + 1,
                f.message
            )
        })
        .collect()
}

/// Line, column in scalar values, UTF-8 bytes and UTF-16 units (all 1-based)
/// of a byte offset, computed without the line index: the oracle for it.
pub fn expected_position(text: &str, offset: usize) -> (u64, u64, u64, u64) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let in_line = &text[line_start..offset];
    (
        before.matches('\n').count() as u64 + 1,
        in_line.chars().count() as u64 + 1,
        in_line.len() as u64 + 1,
        in_line.encode_utf16().count() as u64 + 1,
    )
}
