//! `terms`: literal terms (typos, 错敏词, outdated names) with optional
//! replacements. All terms of all rules share one automaton; a term is not
//! reported where a longer allowed word or longer term of the rule covers it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{required, Context, Finding, LiteralHit, ParamError, Registry};
use crate::rules::schema::{Replacement, RuleSpec};

#[derive(Debug, Clone)]
pub struct Terms {
    /// literal id → replacements (empty: none suggested)
    terms: HashMap<u32, Vec<String>>,
    allowed: HashSet<u32>,
    /// Byte length of the longest term or allowed word.
    longest: usize,
}

pub const VARIABLES: &[&str] = &["match", "fix", "report_year"];

impl Terms {
    pub fn compile(
        spec: &RuleSpec,
        rule_span: &Range<usize>,
        registry: &mut Registry,
    ) -> Result<Self, ParamError> {
        let table = required(&spec.terms, "terms", rule_span)?;
        if table.get_ref().is_empty() {
            return Err(ParamError::new("`terms` is empty", table.span()));
        }
        let mut terms = HashMap::new();
        for (term, replacement) in table.get_ref() {
            if term.is_empty() {
                return Err(ParamError::new("a term is empty", table.span()));
            }
            let replacements = match replacement {
                Replacement::One(r) if r.is_empty() => Vec::new(),
                Replacement::One(r) => vec![r.clone()],
                Replacement::Many(rs) => rs.clone(),
            };
            if replacements.iter().any(|r| r == term) {
                return Err(ParamError::new(
                    format!("term `{term}` is its own replacement"),
                    table.span(),
                ));
            }
            terms.insert(registry.literal(term), replacements);
        }
        let mut allowed = HashSet::new();
        if let Some(allow) = &spec.allow {
            for word in allow.get_ref() {
                if word.is_empty() {
                    return Err(ParamError::new("an allowed word is empty", allow.span()));
                }
                allowed.insert(registry.literal(word));
            }
        }
        let longest = table
            .get_ref()
            .keys()
            .chain(spec.allow.iter().flat_map(|a| a.get_ref()))
            .map(String::len)
            .max()
            .unwrap_or(0);
        Ok(Self {
            terms,
            allowed,
            longest,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let hits = ctx.literals;
        for (i, hit) in hits.iter().enumerate() {
            let Some(replacements) = self.terms.get(&hit.literal) else {
                continue;
            };
            // Hits are sorted by start, so a hit covering this one starts at most
            // `longest` bytes before it: scan back that far (other, shorter hits
            // may lie in between), then over the hits starting at the same place.
            let reaches = |h: &&LiteralHit| h.start + self.longest > hit.start;
            let covers = |h: &LiteralHit| {
                h.start <= hit.start
                    && h.end >= hit.end
                    && h.end - h.start > hit.end - hit.start
                    && (self.allowed.contains(&h.literal) || self.terms.contains_key(&h.literal))
            };
            let covered = hits[..i].iter().rev().take_while(reaches).any(covers)
                || hits[i + 1..]
                    .iter()
                    .take_while(|h| h.start == hit.start)
                    .any(covers);
            if covered {
                continue;
            }
            let span = hit.start..hit.end;
            let mut finding = Finding::at(span.clone()).var("fix", replacements.join("”或“"));
            if let [only] = replacements.as_slice() {
                finding = finding.fix(span, only.clone());
            }
            out.push(finding);
        }
    }
}
