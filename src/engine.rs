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
    let first = findings.swap_remove(first_at);
    findings.clear();
    let span = doc.original_range(first.span.clone());
    let matched = &doc.text[span.clone()];
    let message = rule.template(Some("collapsed")).render(|name| match name {
        "count" => Some(count.to_string()),
        "match" => Some(matched.to_string()),
        "report_year" => doc.meta.year.map(|y| y.to_string()),
        _ => None,
    });
    Diagnostic {
        fix: (!edits.is_empty()).then(|| Fix {
            edits: without_overlaps(edits),
            safe: rule.fix_safety == FixSafety::Safe,
        }),
        ..diagnostic(doc, index, rule, first, span, message)
    }
}

/// Keeps edits in order and drops any that overlaps an earlier one.
fn without_overlaps(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    // `dedup_by` compares each edit with the last one kept.
    edits.dedup_by(|edit, kept| edit.span.start < kept.span.end);
    edits
}

fn to_diagnostic(doc: &Document, index: usize, rule: &Rule, finding: Finding) -> Diagnostic {
    let message = message(doc, rule, &finding);
    let span = doc.original_range(finding.span.clone());
    diagnostic(doc, index, rule, finding, span, message)
}

/// The rule's message for `finding`, its placeholders filled in.
fn message(doc: &Document, rule: &Rule, finding: &Finding) -> String {
    let matched = &doc.view.text[finding.span.clone()];
    rule.template(finding.case).render(|name| match name {
        "match" => Some(matched.to_string()),
        "report_year" => Some(doc.meta.year.map(|y| y.to_string()).unwrap_or_default()),
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
                            .map(|(_, replacement)| replacement.to_string())
                    })
                    .flatten()
            }),
    })
}

/// The diagnostic of `finding`, whose view span maps to the original `span`.
fn diagnostic(
    doc: &Document,
    index: usize,
    rule: &Rule,
    finding: Finding,
    span: Range<usize>,
    message: String,
) -> Diagnostic {
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
        span,
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
fn original_fix(
    doc: &Document,
    (span, replacement): (Range<usize>, std::borrow::Cow<'static, str>),
) -> Option<Edit> {
    let original = doc.original_range(span.clone());
    reads_as_view(doc, &span, &original).then_some(Edit {
        span: original,
        replacement,
    })
}

/// Whether the original text at `original` (where the view range `view`
/// maps) reads exactly as the view. The view is copied from the original
/// piece by piece, in order, so the two differ exactly when dropped text lies
/// inside: when the original range is the longer.
fn reads_as_view(doc: &Document, view: &Range<usize>, original: &Range<usize>) -> bool {
    let alike = original.len() == view.len();
    debug_assert_eq!(
        alike,
        doc.text[original.clone()] == doc.view.text[view.clone()]
    );
    alike
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::MetadataOverrides;

    #[test]
    fn overlapping_edits_give_way_to_earlier_ones() {
        let edit = |span: Range<usize>| Edit {
            replacement: format!("{span:?}").into(),
            span,
        };
        let edits = vec![
            edit(8..9),
            edit(0..3),
            edit(2..4),
            edit(3..3),
            edit(3..5),
            edit(5..9),
        ];
        let kept: Vec<Range<usize>> = without_overlaps(edits)
            .into_iter()
            .map(|e| e.span)
            .collect();
        assert_eq!(kept, [0..3, 3..3, 3..5, 5..9]);
        assert!(without_overlaps(Vec::new()).is_empty());
    }

    #[test]
    fn reading_as_the_view_is_judged_as_by_comparing_the_texts() {
        let wrapped_line = "全县各级行政机关认真贯彻落实条例要求切实保障人民群众的知情权参与权";
        let texts = [
            String::new(),
            "\n".into(),
            "第一行\r\n\r\n𠀀第二行\n\n\n末行 \t".into(),
            "  标题  \r\n\u{3000}\u{3000}正文，a b c。\r\n- 3 -\r\n续文\n第4页\n结尾".into(),
            format!("{wrapped_line}\n").repeat(12)
                + "\n2\n\n"
                + &format!("{wrapped_line}\n").repeat(6),
            "政务公开".repeat(3000) + "\n\n𠮷",
        ];
        for text in texts {
            let doc = Document::new("t.txt", text.as_str(), &MetadataOverrides::default());
            let view = &doc.view.text;
            let bounds: Vec<usize> = view
                .char_indices()
                .map(|(i, _)| i)
                .chain([view.len()])
                .collect();
            // Every range of up to 40 characters, and longer ones sampled.
            let step = bounds.len() / 60 + 1;
            for (i, &start) in bounds.iter().enumerate() {
                let ends = bounds[i..].iter().enumerate();
                for (_, &end) in ends.filter(|&(n, _)| n <= 40 || (i % step == 0 && n % step == 0))
                {
                    let span = start..end;
                    let original = doc.original_range(span.clone());
                    assert_eq!(
                        reads_as_view(&doc, &span, &original),
                        doc.text[original.clone()] == view[span.clone()],
                        "{text:?} {span:?}"
                    );
                }
            }
        }
    }
}
