//! `year`: sentences and headings that speak of a year as the reporting year
//! (or as the year planned for) must name the right one. Each context is a
//! regex with a `year` group; everything else in the text is left alone, so
//! cited documents, plans and ranges such as `（2021—2025年）` do not fire.

use std::ops::Range;

use regex::Regex;

use super::{compile_regex, excepted, required, Context, Finding, ParamError, Registry, RuleRegex};
use crate::rules::schema::{RuleSpec, YearExpectation};

#[derive(Debug, Clone)]
struct YearContext {
    regex: RuleRegex,
    group: usize,
    prefilter: Option<usize>,
    expect: YearExpectation,
}

#[derive(Debug, Clone)]
pub struct Year {
    contexts: Vec<YearContext>,
    unless: Vec<Regex>,
}

pub const VARIABLES: &[&str] = &["match", "found", "expected", "report_year"];
pub const CASES: &[&str] = &["report-year", "next-year"];

impl Year {
    pub fn compile(
        spec: &RuleSpec,
        rule_span: &Range<usize>,
        registry: &mut Registry,
    ) -> Result<Self, ParamError> {
        let contexts = required(&spec.contexts, "contexts", rule_span)?;
        let mut compiled = Vec::new();
        for context in contexts.get_ref() {
            let mut regex = RuleRegex::compile(&context.pattern)?;
            let group = regex.group_index("year").ok_or_else(|| {
                ParamError::new(
                    "a year context needs a capture group named `year`",
                    context.pattern.span(),
                )
            })?;
            compiled.push(YearContext {
                prefilter: registry.regex(&mut regex),
                regex,
                group,
                expect: context.expect,
            });
        }
        let unless = spec
            .unless
            .iter()
            .flatten()
            .map(compile_regex)
            .collect::<Result<_, _>>()?;
        Ok(Self {
            contexts: compiled,
            unless,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(report_year) = ctx.doc.meta.year else {
            return;
        };
        let text = ctx.text();
        let mut reported: Vec<Range<usize>> = Vec::new();
        for context in &self.contexts {
            if !ctx.regex_may_match(context.prefilter) {
                continue;
            }
            let (expected, case) = match context.expect {
                YearExpectation::ReportYear => (report_year, "report-year"),
                YearExpectation::NextYear => match report_year.checked_add(1) {
                    Some(next) => (next, "next-year"),
                    None => continue,
                },
            };
            let mut caps = context.regex.create_captures();
            let mut at = 0;
            while at <= text.len() {
                let Some(whole) =
                    context
                        .regex
                        .captures_in(&mut caps, text, at, Some(ctx.literals))
                else {
                    break;
                };
                at = if whole.end > whole.start {
                    whole.end
                } else {
                    next_boundary(text, whole.end)
                };
                let Some(year) = caps.get_group(context.group).map(|span| span.range()) else {
                    continue;
                };
                let Ok(found) = text[year.clone()].parse::<i32>() else {
                    continue;
                };
                if found == expected
                    || reported.contains(&year)
                    || excepted(&self.unless, text, &whole)
                {
                    continue;
                }
                reported.push(year.clone());
                out.push(
                    Finding::at(year.clone())
                        .case(case)
                        .var("found", found.to_string())
                        .var("expected", expected.to_string())
                        .fix(year, expected.to_string()),
                );
            }
        }
    }
}

/// The character boundary after `at` (past the end: one more than the length).
fn next_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}
