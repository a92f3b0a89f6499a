//! `require`: a topic the document must cover, as groups of keywords that
//! must all be present (any keyword of a group will do). Reported once per
//! document, at the title; when present, where each group was found is kept
//! as evidence for checklists.

use std::ops::Range;

use super::{required, Context, Evidence, Finding, ParamError, Registry};
use crate::rules::schema::RuleSpec;

#[derive(Debug, Clone)]
pub struct Require {
    /// Literal ids per group, and each group's first keyword for messages.
    groups: Vec<(Vec<u32>, String)>,
}

pub const VARIABLES: &[&str] = &["match", "missing", "report_year"];

impl Require {
    pub fn compile(
        spec: &RuleSpec,
        rule_span: &Range<usize>,
        registry: &mut Registry,
    ) -> Result<Self, ParamError> {
        let all_of = required(&spec.all_of, "all_of", rule_span)?;
        let mut groups = Vec::new();
        for group in all_of.get_ref() {
            if group.is_empty() || group.iter().any(String::is_empty) {
                return Err(ParamError::new(
                    "every group in `all_of` needs at least one non-empty keyword",
                    all_of.span(),
                ));
            }
            groups.push((
                group.iter().map(|k| registry.literal(k)).collect(),
                group[0].clone(),
            ));
        }
        if groups.is_empty() {
            return Err(ParamError::new("`all_of` is empty", all_of.span()));
        }
        Ok(Self { groups })
    }

    /// Reports the missing groups and returns what was found.
    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) -> Option<Evidence> {
        let mut evidence = Vec::new();
        let mut missing = Vec::new();
        for (ids, name) in &self.groups {
            match ctx.literals.iter().find(|h| ids.contains(&h.literal)) {
                Some(hit) => evidence.push(hit.start..hit.end),
                None => missing.push(format!("“{name}”")),
            }
        }
        if !missing.is_empty() {
            out.push(Finding::at(ctx.document_anchor()).var("missing", missing.join("、")));
        }
        Some(Evidence {
            spans: evidence,
            complete: missing.is_empty(),
        })
    }
}
