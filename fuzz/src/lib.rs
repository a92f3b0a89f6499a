//! Helpers shared by the fuzz targets: the embedded rule set (loaded once)
//! and the invariants every lint result must satisfy.

use std::ops::Range;
use std::sync::LazyLock;

use zwgk::document::{ColumnUnit, Document};
use zwgk::engine::{self, LintResult};
use zwgk::fix::{apply, select_edits, Applicability};
use zwgk::rules::{embedded, load_rule_set, RuleSet};

pub static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    let (rules, errors) = load_rule_set(&embedded::sources());
    assert!(errors.is_empty(), "embedded rules must load");
    rules
});

pub fn all_rules(rules: &RuleSet) -> Vec<usize> {
    (0..rules.rules.len()).collect()
}

/// Panics unless `range` lies inside `text` on char boundaries.
pub fn assert_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} outside the text (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on char boundaries"
    );
}

/// The largest char boundary of `text` at or below `offset` (clamped to its length).
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Lints `doc` with every embedded rule and checks the result's invariants.
pub fn lint_and_check(doc: &Document) -> LintResult {
    let rules = &*RULES;
    let result = engine::lint(doc, rules, &all_rules(rules));
    check_result(doc, &result);
    result
}

/// Spans inside the text on char boundaries, positions that round-trip in
/// every column unit, fixes sorted and disjoint, checklist evidence inside.
pub fn check_result(doc: &Document, result: &LintResult) {
    let text: &str = &doc.text;
    for d in &result.diagnostics {
        assert_range(text, &d.span, "diagnostic span");
        if let Some((_, part)) = &doc.part {
            assert!(
                part.start <= d.span.start && d.span.end <= part.end,
                "span {:?} outside its part {part:?}",
                d.span
            );
        }
        for offset in [d.span.start, d.span.end] {
            let pos = doc.position(offset);
            for (unit, column) in [
                (ColumnUnit::Chars, pos.column),
                (ColumnUnit::Utf8, pos.column_utf8),
                (ColumnUnit::Utf16, pos.column_utf16),
            ] {
                assert_eq!(
                    doc.lines.offset(text, pos.line, column, unit),
                    Some(offset),
                    "position {pos:?} of offset {offset} does not round-trip in {unit:?}"
                );
            }
        }
        if let Some(fix) = &d.fix {
            assert!(!fix.edits.is_empty(), "a fix without edits");
            let mut previous_end = 0;
            for edit in &fix.edits {
                assert_range(text, &edit.span, "fix edit");
                assert!(edit.span.start >= previous_end, "overlapping edits in one fix");
                previous_end = edit.span.end;
            }
        }
    }
    for entry in &result.checklist {
        for span in &entry.evidence {
            assert_range(text, span, "checklist evidence");
        }
    }
}

/// What `zwgk check --fix` does to a text: lint, apply the fixes, again,
/// for at most `rounds` rounds. Returns the text and whether it settled
/// (the last round found nothing to fix).
pub fn fix_loop(
    text: String,
    applicability: Applicability,
    rounds: usize,
    new_doc: &dyn Fn(String) -> Document,
) -> (String, bool) {
    let rules = &*RULES;
    let active = all_rules(rules);
    let mut text = text;
    for _ in 0..rounds {
        let doc = new_doc(text.clone());
        let result = engine::lint(&doc, rules, &active);
        let edits = select_edits(&result.diagnostics, applicability);
        if edits.is_empty() {
            return (text, true);
        }
        text = apply(&text, &edits);
    }
    (text, false)
}
