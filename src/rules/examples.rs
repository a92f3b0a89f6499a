//! Rule examples: texts with the spans a rule must report marked by `⟦ ⟧`,
//! and the verification that a compiled rule reports exactly those.

use std::ops::Range;

use super::schema::ExampleSpec;
use super::{Example, RuleSet};
use crate::checks::ParamError;
use crate::document::{Document, MetadataOverrides};
use crate::engine;

pub const OPEN: char = '⟦';
pub const CLOSE: char = '⟧';

/// Removes the markers from `marked` and returns the text with the marked ranges.
pub fn strip_markers(marked: &str) -> Result<(String, Vec<Range<usize>>), String> {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    for c in marked.chars() {
        match c {
            OPEN if open.is_some() => return Err("a `⟦` is opened twice without `⟧`".into()),
            OPEN => open = Some(text.len()),
            CLOSE => {
                let start = open.take().ok_or("a `⟧` closes nothing")?;
                ranges.push(start..text.len());
            }
            c => text.push(c),
        }
    }
    if open.is_some() {
        return Err("a `⟦` is never closed".into());
    }
    Ok((text, ranges))
}

pub fn parse_example(spec: &ExampleSpec) -> Result<Example, ParamError> {
    let span = spec.text.span();
    let (text, expected) =
        strip_markers(spec.text.get_ref()).map_err(|e| ParamError::new(e, span.clone()))?;
    if let Some(fixes) = &spec.fix {
        if fixes.len() != expected.len() {
            return Err(ParamError::new(
                format!(
                    "the example marks {} span(s) but gives {} fix(es)",
                    expected.len(),
                    fixes.len()
                ),
                span,
            ));
        }
    }
    fn parse<T: std::str::FromStr<Err = String>>(
        value: &Option<String>,
        span: &Range<usize>,
    ) -> Result<Option<T>, ParamError> {
        value
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| ParamError::new(e, span.clone()))
    }
    Ok(Example {
        text,
        expected,
        fixes: spec.fix.clone(),
        kind: parse(&spec.kind, &span)?,
        year: spec.year,
        role: parse(&spec.role, &span)?,
        note: spec.note.clone(),
        previous: spec.previous.clone(),
        source_span: span,
    })
}

/// The text of `span` after applying `edits` (edits outside the span are ignored).
pub fn fixed_span(text: &str, span: &Range<usize>, edits: &[crate::diagnostic::Edit]) -> String {
    let mut out = String::new();
    let mut at = span.start;
    for edit in edits
        .iter()
        .filter(|e| e.span.start >= span.start && e.span.end <= span.end)
    {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..span.end]);
    out
}

/// Why an example failed.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    pub rule: usize,
    pub example: usize,
    pub message: String,
}

/// Runs every example of every rule and returns the failures.
pub fn verify(rules: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        for (e, example) in rule.examples.iter().enumerate() {
            let overrides = MetadataOverrides {
                year: example.year,
                kind: example.kind,
                role: example.role,
                unit: None,
            };
            let doc = Document::new("example", example.text.clone(), &overrides);
            if !rule.applies_to_document(doc.meta.kind, doc.meta.role) {
                failures.push(ExampleFailure {
                    rule: index,
                    example: e,
                    message: format!(
                        "the example is read as a `{}` document of a `{}` unit, to which the rule does not apply; set `kind`/`role` on the example",
                        doc.meta.kind, doc.meta.role
                    ),
                });
                continue;
            }
            let previous = example
                .previous
                .as_ref()
                .map(|text| Document::new("previous", text.clone(), &MetadataOverrides::default()));
            let result = engine::lint_with_previous(&doc, previous.as_ref(), rules, &[index]);
            let found: Vec<Range<usize>> =
                result.diagnostics.iter().map(|d| d.span.clone()).collect();
            if found != example.expected {
                let show = |ranges: &[Range<usize>]| {
                    if ranges.is_empty() {
                        "nothing".to_string()
                    } else {
                        ranges
                            .iter()
                            .map(|r| {
                                format!("“{}” at {}..{}", &example.text[r.clone()], r.start, r.end)
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                failures.push(ExampleFailure {
                    rule: index,
                    example: e,
                    message: format!(
                        "expected {}, found {}",
                        show(&example.expected),
                        show(&found)
                    ),
                });
                continue;
            }
            if let Some(fixes) = &example.fixes {
                let got: Vec<String> = result
                    .diagnostics
                    .iter()
                    .map(|d| match &d.fix {
                        Some(fix) => fixed_span(&example.text, &d.span, &fix.edits),
                        None => "(no fix)".to_string(),
                    })
                    .collect();
                if &got != fixes {
                    failures.push(ExampleFailure {
                        rule: index,
                        example: e,
                        message: format!("expected fixes {fixes:?}, found {got:?}"),
                    });
                }
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_byte_ranges() {
        let (text, ranges) = strip_markers("我们要⟦推进推进⟧工作，⟦的的⟧").unwrap();
        assert_eq!(text, "我们要推进推进工作，的的");
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["推进推进", "的的"]
        );
        assert!(strip_markers("⟦a").is_err());
        assert!(strip_markers("a⟧").is_err());
        assert!(strip_markers("⟦⟦a⟧⟧").is_err());
    }
}
