//! `sections`: parts a document must have, recognised by keywords in its
//! headings, optionally in a set order. A document with fewer than two
//! headings is matched on the opening words of its paragraphs instead.

use std::ops::Range;

use super::{required, Context, Evidence, Finding, ParamError};
use crate::rules::schema::{RuleSpec, SectionSpec};

#[derive(Debug, Clone)]
pub struct Sections {
    sections: Vec<SectionSpec>,
    ordered: bool,
    /// Whether absent sections are reported (false: only the order is checked,
    /// when another rule reports absent content).
    report_missing: bool,
    max_level: u8,
}

pub const VARIABLES: &[&str] = &["match", "name", "after", "report_year"];
pub const CASES: &[&str] = &["missing", "order"];

/// How many characters of a paragraph count as its "heading" when the
/// document has no numbered headings.
const OPENING_CHARS: usize = 12;

impl Sections {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let sections = required(&spec.sections, "sections", rule_span)?;
        if sections.get_ref().is_empty()
            || sections
                .get_ref()
                .iter()
                .any(|s| s.keywords.is_empty() || s.keywords.iter().any(String::is_empty))
        {
            return Err(ParamError::new(
                "every section needs a name and non-empty `match` keywords",
                sections.span(),
            ));
        }
        Ok(Self {
            sections: sections.get_ref().clone(),
            ordered: spec.ordered.as_ref().is_some_and(|o| *o.get_ref()),
            report_missing: spec.report_missing.as_ref().is_none_or(|r| *r.get_ref()),
            max_level: spec.max_level.as_ref().map_or(1, |m| *m.get_ref()),
        })
    }

    pub fn reports_missing(&self) -> bool {
        self.report_missing
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) -> Option<Evidence> {
        let text = ctx.text();
        let headings: Vec<Range<usize>> = ctx
            .doc
            .structure
            .headings
            .iter()
            .filter(|h| h.level() <= self.max_level)
            .map(|h| h.text.clone())
            .collect();
        let candidates: Vec<Range<usize>> = if headings.len() >= 2 {
            headings
        } else {
            ctx.doc
                .view
                .paragraphs
                .iter()
                .filter(|p| {
                    !ctx.doc
                        .structure
                        .title
                        .as_ref()
                        .is_some_and(|t| t.start <= p.start && p.end <= t.end)
                })
                .map(|p| {
                    let end = text[p.clone()]
                        .char_indices()
                        .nth(OPENING_CHARS)
                        .map_or(p.end, |(i, _)| p.start + i);
                    p.start..end
                })
                .collect()
        };
        // Match sections in order, each at or after the previous one, so that
        // a keyword in an early heading does not stand in for a later part.
        let matches = |section: &SectionSpec, c: &Range<usize>| {
            section
                .keywords
                .iter()
                .any(|k| text[c.clone()].contains(k.as_str()))
        };
        let mut from = 0;
        let found: Vec<Option<usize>> = self
            .sections
            .iter()
            .map(|section| {
                let at = (from..candidates.len())
                    .find(|&i| matches(section, &candidates[i]))
                    .or_else(|| candidates.iter().position(|c| matches(section, c)));
                if let Some(at) = at {
                    from = from.max(at);
                }
                at
            })
            .collect();
        let mut complete = true;
        for (section, at) in self.sections.iter().zip(&found) {
            if at.is_none() {
                complete = false;
                if !self.report_missing {
                    continue;
                }
                out.push(
                    Finding::at(ctx.document_anchor())
                        .case("missing")
                        .var("name", section.name.clone()),
                );
            }
        }
        if self.ordered {
            let mut latest: Option<(usize, &str)> = None;
            for (section, at) in self.sections.iter().zip(&found) {
                let Some(at) = *at else { continue };
                match latest {
                    Some((previous, name)) if at < previous => {
                        complete = false;
                        out.push(
                            Finding::at(candidates[at].clone())
                                .case("order")
                                .var("name", section.name.clone())
                                .var("after", name.to_string()),
                        );
                    }
                    _ => latest = Some((at, &section.name)),
                }
            }
        }
        Some(Evidence {
            spans: found
                .iter()
                .flatten()
                .map(|&i| candidates[i].clone())
                .collect(),
            complete,
        })
    }
}
