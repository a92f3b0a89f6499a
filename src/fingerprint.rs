//! Content fingerprints of diagnostics: stable when unrelated text moves
//! (lines above are added or removed), so SARIF alerts and baselines follow
//! a finding rather than its line number.
//!
//! A fingerprint hashes the rule id, the reported text and a few characters
//! of context on the same line (white space removed), plus the occurrence
//! index among diagnostics with the same key in the file.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::RuleSet;

/// Characters of context taken on each side, within the line.
const CONTEXT_CHARS: usize = 8;

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn key(doc: &Document, rule_id: &str, diagnostic: &Diagnostic) -> String {
    let text = &doc.text;
    let span = &diagnostic.span;
    let line_start = doc.lines.line_start(doc.lines.line_of(span.start));
    let line_end = doc
        .lines
        .line_range(text, doc.lines.line_of(span.end))
        .end
        .max(span.end);
    // A few non-space characters on each side, within the line; walking out
    // from the span keeps this cheap on very long lines.
    let mut before: Vec<char> = text[line_start..span.start]
        .chars()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(CONTEXT_CHARS)
        .collect();
    before.reverse();
    let before: String = before.into_iter().collect();
    let after: String = text[span.end..line_end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(CONTEXT_CHARS)
        .collect();
    format!(
        "{rule_id}\u{0}{}\u{0}{before}\u{0}{after}",
        squeeze(&text[span.clone()])
    )
}

/// Fingerprints of a file's diagnostics, in the same order, as 16 hex digits.
pub fn fingerprints(doc: &Document, diagnostics: &[Diagnostic], rules: &RuleSet) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let key = key(doc, &rules.rules[d.rule].id, d);
            let occurrence = seen.entry(key.clone()).or_default();
            let hash =
                xxhash_rust::xxh3::xxh3_64(format!("zwgk/1\u{0}{key}\u{0}{occurrence}").as_bytes());
            *occurrence += 1;
            format!("{hash:016x}")
        })
        .collect()
}
