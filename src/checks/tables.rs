//! `tables`: the tables of the national annual-report format (2021), parsed
//! once per document, and the arithmetic identities (勾稽关系), cell checks
//! and outdated-layout labels the rule selects with `checks`.

use std::ops::Range;

use super::{required, Context, Finding, ParamError};
use crate::rules::schema::RuleSpec;

/// The check names the table parser reports (see `crate::tables`).
pub const CHECKS: &[&str] = &[
    "identity-row-total",
    "identity-column-total",
    "identity-carry-over",
    "identity-review-litigation",
    "blank-cell",
    "not-a-number",
    "outdated-layout",
];

pub const VARIABLES: &[&str] = &["match", "detail", "expected", "found", "report_year"];

#[derive(Debug, Clone)]
pub struct Tables {
    checks: Vec<&'static str>,
    min_year: Option<i32>,
}

impl Tables {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let listed = required(&spec.checks, "checks", rule_span)?;
        let mut checks = Vec::new();
        for name in listed.get_ref() {
            let known = CHECKS
                .iter()
                .find(|c| **c == name.as_str())
                .ok_or_else(|| {
                    ParamError::new(
                        format!(
                            "unknown table check `{name}` (known: {})",
                            CHECKS.join(", ")
                        ),
                        listed.span(),
                    )
                })?;
            checks.push(*known);
        }
        Ok(Self {
            checks,
            min_year: spec.min_year.as_ref().map(|y| *y.get_ref()),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        if let Some(min) = self.min_year {
            if ctx.doc.meta.year.is_none_or(|year| year < min) {
                return;
            }
        }
        for finding in crate::tables::check(ctx.tables()) {
            if !self.checks.contains(&finding.check) {
                continue;
            }
            let mut reported =
                Finding::at(finding.span.clone()).var("detail", finding.message.clone());
            if let Some(expected) = &finding.expected {
                reported = reported.var("expected", expected.clone());
            }
            if let Some(found) = &finding.found {
                reported = reported.var("found", found.clone());
            }
            out.push(reported);
        }
    }
}
