//! Runs the active rules over one document: the shared searchers scan the
//! view once, each check reads their results, and findings are mapped back
//! to the original text and rendered into diagnostics.

use std::ops::Range;

use crate::checks::{Context, Evidence, Finding};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::document::Document;
use crate::rules::{Check, FixSafety, Rule, RuleSet};
use crate::suppress::{self, Directive, DirectiveKind};
use crate::timing;

/// A checklist rule's outcome for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistEntry {
    pub rule: usize,
    /// Whether the document's unit must satisfy it (false: another unit's task).
    pub responsible: bool,
    /// Whether everything the rule asks for is there.
    pub covered: bool,
    /// Original byte ranges of what was found (also when something is missing).
    pub evidence: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Default)]
pub struct LintResult {
    pub diagnostics: Vec<Diagnostic>,
    pub checklist: Vec<ChecklistEntry>,
}

/// The most findings one rule reports in one document.
pub const MAX_FINDINGS_PER_RULE: usize = 500;

pub fn lint(doc: &Document, rules: &RuleSet, active: &[usize]) -> LintResult {
    lint_with_previous(doc, None, rules, active)
}

/// Lints `doc`; rules that compare with last year's report use `previous`.
pub fn lint_with_previous(
    doc: &Document,
    previous: Option<&Document>,
    rules: &RuleSet,
    active: &[usize],
) -> LintResult {
    let applicable: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&i| {
            let rule = &rules.rules[i];
            rule.applies_to_document(doc.meta.kind, doc.meta.role)
                && rule.applies_to_date(doc.date())
        })
        .collect();
    let text = &doc.view.text;
    let literals = timing::time(
        || "literal scan".into(),
        || rules.searchers.literal_hits(text),
    );
    let regexes = timing::time(
        || "regex set".into(),
        || rules.searchers.regex_matches(text),
    );
    let ctx = Context {
        doc,
        literals: &literals,
        regexes: &regexes,
        tables: std::cell::OnceCell::new(),
        previous,
        previous_tables: std::cell::OnceCell::new(),
        figures: Default::default(),
    };

    let mut result = LintResult::default();
    let mut findings = Vec::new();
    let rules_started = timing::start();
    for &index in &applicable {
        let rule = &rules.rules[index];
        findings.clear();
        let evidence = timing::time(
            || format!("rule {}", rule.id),
            || run_check(&rule.check, &ctx, &mut findings),
        );
        if rule.is_checklist() {
            result.checklist.push(ChecklistEntry {
                rule: index,
                responsible: rule
                    .units
                    .as_ref()
                    .is_none_or(|units| crate::rules::units::is_responsible(&doc.meta, units)),
                covered: evidence.as_ref().is_some_and(|e| e.complete),
                evidence: evidence
                    .map(|e| e.spans.into_iter().map(|s| doc.original_range(s)).collect())
                    .unwrap_or_default(),
            });
        }
        if rule
            .units
            .as_ref()
            .is_some_and(|units| !crate::rules::units::is_responsible(&doc.meta, units))
        {
            // Another unit's task: listed in the checklist, not reported.
            findings.clear();
        }
        // A pathological text (a 2 MB line of one repeated phrase) must not
        // yield a flood that costs more to report than to find; a collapsing
        // rule reports one diagnostic anyway, with every fix.
        if rule.collapse_after.is_none() {
            findings.truncate(MAX_FINDINGS_PER_RULE);
        }
        match rule.collapse_after {
            Some(limit) if findings.len() > limit => {
                result
                    .diagnostics
                    .push(collapse(doc, index, rule, &mut findings));
            }
            _ => result.diagnostics.extend(
                findings
                    .drain(..)
                    .map(|f| to_diagnostic(doc, index, rule, f)),
            ),
        }
    }
    timing::stop("rules (checks and diagnostics)", rules_started);
    let finish_started = timing::start();
    let directives = suppress::parse(&doc.text);
    if !directives.is_empty() {
        apply_suppressions(
            doc,
            rules,
            &applicable,
            &directives,
            &mut result.diagnostics,
        );
    }
    result.diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    result
        .diagnostics
        .dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
    timing::stop("suppressions and sorting", finish_started);
    result
}

/// Drops the diagnostics that suppression comments cover, then reports the
/// comments that covered nothing (or name no rule), if such a rule is active.
fn apply_suppressions(
    doc: &Document,
    rules: &RuleSet,
    applicable: &[usize],
    directives: &[Directive],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; directives.len()];
    diagnostics.retain(|d| {
        let rule = &rules.rules[d.rule];
        let covering = directives.iter().position(|directive| {
            directive.kind != DirectiveKind::Enable
                && directive.covers.contains(&d.span.start)
                && directive.selects(&rule.id, &rule.pack)
        });
        if let Some(i) = covering {
            used[i] = true;
        }
        covering.is_none()
    });
    let Some(&auditor) = applicable
        .iter()
        .find(|&&i| matches!(rules.rules[i].check, Check::UnusedSuppression))
    else {
        return;
    };
    let rule = &rules.rules[auditor];
    let ran = |selector: &str| {
        applicable
            .iter()
            .any(|&i| rules.rules[i].id == selector || rules.rules[i].pack == selector)
    };
    let known = |selector: &str| {
        rules
            .rules
            .iter()
            .any(|r| r.id == selector || r.pack == selector)
    };
    for (directive, used) in directives.iter().zip(used) {
        if directive.kind == DirectiveKind::Enable {
            continue;
        }
        let matched = &doc.text[directive.comment.clone()];
        let render = |case: &str, selector: &str| {
            rule.template(Some(case)).render(|name| match name {
                "match" => Some(matched.to_string()),
                "selector" => Some(selector.to_string()),
                "report_year" => doc.meta.year.map(|y| y.to_string()),
                _ => None,
            })
        };
        let message = if let Some(unknown) = directive.selectors.iter().find(|s| !known(s)) {
            render("unknown", unknown)
        } else if !used && directive.selectors.iter().all(|s| ran(s)) {
            render("unused", &directive.selectors.join(" "))
        } else {
            continue;
        };
        diagnostics.push(Diagnostic {
            rule: auditor,
            severity: rule.severity,
            message,
            span: directive.comment.clone(),
            fix: None,
            related: Vec::new(),
        });
    }
}

fn run_check(check: &Check, ctx: &Context, out: &mut Vec<Finding>) -> Option<Evidence> {
    match check {
        Check::Terms(c) => c.run(ctx, out),
        Check::Pattern(c) => c.run(ctx, out),
        Check::Repeat(c) => c.run(ctx, out),
        Check::Pairs(c) => c.run(ctx, out),
        Check::Require(c) => return c.run(ctx, out),
        Check::Sections(c) => return c.run(ctx, out),
        Check::Numbering(c) => c.run(ctx, out),
        Check::Year(c) => c.run(ctx, out),
        Check::Tables(c) => c.run(ctx, out),
        Check::PreviousYear(c) => c.run(ctx, out),
        Check::Breakdown(c) => c.run(ctx, out),
        Check::UnusedSuppression => {}
    }
    None
}

/// Folds a rule's many findings in one document into one diagnostic at the
/// first, whose fix carries every edit: a systematic problem (a text typed
/// with half-width punctuation throughout) is one thing to change, not 300.
fn collapse(doc: &Document, index: usize, rule: &Rule, findings: &mut Vec<Finding>) -> Diagnostic {
    let count = findings.len();
    let first_at = (0..findings.len())
        .min_by_key(|&i| findings[i].span.start)
        .expect("collapse is called with findings");
    // Only the first finding is rendered; the others contribute their edits.
    let edits: Vec<Edit> = findings
        .iter_mut()
        .filter_map(|f| original_fix(doc, f.fix.take()?))
        .collect();
    let first = to_diagnostic(doc, index, rule, findings.swap_remove(first_at));
    findings.clear();
    let matched = &doc.text[first.span.clone()];
    let message = rule.template(Some("collapsed")).render(|name| match name {
        "count" => Some(count.to_string()),
        "match" => Some(matched.to_string()),
        "report_year" => doc.meta.year.map(|y| y.to_string()),
        _ => None,
    });
    Diagnostic {
        message,
        fix: (!edits.is_empty()).then(|| Fix {
            edits: without_overlaps(edits),
            safe: rule.fix_safety == FixSafety::Safe,
        }),
        ..first
    }
}

/// Keeps edits in order and drops any that overlaps an earlier one.
fn without_overlaps(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept
            .last()
            .is_none_or(|last| last.span.end <= edit.span.start)
        {
            kept.push(edit);
        }
    }
    kept
}

fn to_diagnostic(doc: &Document, index: usize, rule: &Rule, finding: Finding) -> Diagnostic {
    let view = &doc.view.text;
    let matched = &view[finding.span.clone()];
    let report_year = doc.meta.year.map(|y| y.to_string()).unwrap_or_default();
    let message = rule.template(finding.case).render(|name| match name {
        "match" => Some(matched.to_string()),
        "report_year" => Some(report_year.clone()),
        _ => finding
            .vars
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .or_else(|| {
                (name == "fix")
                    .then(|| {
                        finding
                            .fix
                            .as_ref()
                            .map(|(_, replacement)| replacement.clone())
                    })
                    .flatten()
            }),
    });
    let fix = finding
        .fix
        .and_then(|fix| original_fix(doc, fix))
        .map(|edit| Fix {
            edits: vec![edit],
            safe: rule.fix_safety == FixSafety::Safe,
        });
    Diagnostic {
        rule: index,
        severity: rule.severity,
        message,
        span: doc.original_range(finding.span),
        fix,
        related: finding
            .related
            .into_iter()
            .map(|(span, label)| Related {
                span: doc.original_range(span),
                label,
            })
            .collect(),
    }
}

/// A finding's fix as an edit of the original text. A fix is offered only
/// where the original reads exactly as the view, so applying it cannot delete
/// a line break or page number it did not see.
fn original_fix(doc: &Document, (span, replacement): (Range<usize>, String)) -> Option<Edit> {
    let original = doc.original_range(span.clone());
    (doc.text[original.clone()] == doc.view.text[span]).then_some(Edit {
        span: original,
        replacement,
    })
}
