//! Rule packs: TOML files of declarative rules, compiled once per run into a
//! [`RuleSet`] whose literals and regexes are searched together.

pub mod docs;
pub mod embedded;
pub mod examples;
pub mod load;
pub mod schema;
pub mod template;
pub mod units;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::checks::{
    breakdown::Breakdown, numbering::Numbering, pairs::Pairs, pattern::Pattern, repeat::Repeat,
    require::Require, sections::Sections, tables::Tables, terms::Terms, year::Year, Searchers,
};
use crate::diagnostic::Severity;
use crate::document::{DocKind, UnitRole};
pub use load::{load_rule_set, PackSource, RuleFileError};
pub use schema::{Confidence, FixSafety, KindName, Reference};
use template::Template;

#[derive(Debug, Clone)]
pub enum Check {
    Terms(Terms),
    Pattern(Pattern),
    Repeat(Repeat),
    Pairs(Pairs),
    Require(Require),
    Sections(Sections),
    Numbering(Numbering),
    Year(Year),
    Tables(Tables),
    PreviousYear(crate::checks::previous::PreviousYear),
    Breakdown(Breakdown),
    /// Reports suppression comments that suppress nothing; run by the engine
    /// after every other rule.
    UnusedSuppression,
}

/// A rule example with its expected spans, markers removed.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    /// Byte ranges in `text` that the rule must report, in order.
    pub expected: Vec<Range<usize>>,
    pub fixes: Option<Vec<String>>,
    pub kind: Option<DocKind>,
    pub year: Option<i32>,
    pub role: Option<UnitRole>,
    pub note: Option<String>,
    /// Last year's report, for rules that compare with it.
    pub previous: Option<String>,
    /// Span of the example's `text` in the rule file.
    pub source_span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub pack: String,
    pub title: String,
    /// What a checklist rule looks for, named neutrally; the title otherwise.
    pub topic: String,
    pub kind: KindName,
    pub severity: Severity,
    pub message: Template,
    pub messages: BTreeMap<String, Template>,
    pub message_source: String,
    pub help: String,
    pub description: String,
    pub reference: Reference,
    pub applies_to: Option<Vec<DocKind>>,
    pub roles: Option<Vec<UnitRole>>,
    /// Responsible units (work points); `None` binds every document.
    pub units: Option<Vec<String>>,
    /// Documents dated in `[after, before)` only (dates as (year, month, day)).
    pub after: Option<(i32, u32, u32)>,
    pub before: Option<(i32, u32, u32)>,
    pub fix_safety: FixSafety,
    pub collapse_after: Option<usize>,
    pub examples: Vec<Example>,
    pub check: Check,
    /// The rule file it came from, for error messages.
    pub origin: String,
}

impl Rule {
    /// Whether a document of this date is in the rule's dates; a document
    /// without a date is checked only by rules without dates.
    pub fn applies_to_date(&self, date: Option<(i32, u32, u32)>) -> bool {
        if self.after.is_none() && self.before.is_none() {
            return true;
        }
        let Some(date) = date else { return false };
        self.after.is_none_or(|after| date > after)
            && self.before.is_none_or(|before| date < before)
    }

    pub fn applies_to_document(&self, kind: DocKind, role: UnitRole) -> bool {
        self.applies_to
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&kind))
            && self
                .roles
                .as_ref()
                .is_none_or(|roles| roles.contains(&role))
    }

    /// The template for a finding's case, falling back to the rule's message.
    pub fn template(&self, case: Option<&str>) -> &Template {
        case.and_then(|c| self.messages.get(c))
            .unwrap_or(&self.message)
    }

    /// Whether the rule reports absent content (checklist items).
    pub fn is_checklist(&self) -> bool {
        match &self.check {
            Check::Require(_) => true,
            // A rule that checks only the order names nothing to cover.
            Check::Sections(sections) => sections.reports_missing(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub sources: Vec<String>,
    pub origin: String,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    pub packs: Vec<PackInfo>,
    pub rules: Vec<Rule>,
    pub searchers: Searchers,
}

impl RuleSet {
    pub fn rule(&self, id: &str) -> Option<(usize, &Rule)> {
        self.rules.iter().enumerate().find(|(_, r)| r.id == id)
    }
}

/// Which rules run: `select` and `ignore` name rule ids or pack ids.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// Whether `selector` (a rule id, a pack id, or `ALL`) names `rule`.
    pub fn names(selector: &str, rule: &Rule) -> bool {
        selector == "ALL"
            || selector == rule.id
            || selector == rule.pack
            || rule.id.starts_with(&format!("{selector}/"))
    }

    pub fn includes(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| Self::names(s, rule)))
            && !self.ignore.iter().any(|s| Self::names(s, rule))
    }

    /// Selectors that name no rule or pack, so a typo is not silently ignored.
    pub fn unknown<'a>(&'a self, rules: &RuleSet) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| !rules.rules.iter().any(|r| Self::names(s, r)))
            .map(String::as_str)
            .collect()
    }

    pub fn active(&self, rules: &RuleSet) -> Vec<usize> {
        (0..rules.rules.len())
            .filter(|&i| self.includes(&rules.rules[i]))
            .collect()
    }
}
