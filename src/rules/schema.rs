//! The TOML form of a rule pack, as users write it. Every field is checked:
//! unknown fields are errors, and values that can be wrong in ways serde
//! cannot see (regexes, ids, templates) keep their source span.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackHeader,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Spanned<RuleSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the pack's content comes from and under which licence.
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindName {
    Terms,
    Pattern,
    Repeat,
    Pairs,
    Require,
    Sections,
    Numbering,
    Year,
    Tables,
    PreviousYear,
    Breakdown,
    UnusedSuppression,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Confirmed,
    Partial,
    Unconfirmed,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub status: Confidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    /// Applied by `--fix`: mechanical, cannot change meaning.
    Safe,
    /// Shown as a suggestion; applied only when asked for explicitly.
    #[default]
    Unsafe,
}

/// One name or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(name) => vec![name.as_str()],
            OneOrMany::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// A replacement: one string, or several alternatives (no automatic fix then).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Replacement {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub name: String,
    #[serde(rename = "match")]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearExpectation {
    ReportYear,
    NextYear,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearContext {
    pub pattern: Spanned<String>,
    pub expect: YearExpectation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberingTarget {
    Headings,
    Enumerations,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairsReport {
    Mixed,
    Unbalanced,
}

/// What a `breakdown` rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BreakdownCondition {
    /// The parts add up to more than the total.
    PartsExceedTotal,
    /// A list that presents itself as complete adds up to less than the total.
    CompleteMismatch,
    /// A part's stated share of the total (`占75%`) is not part ÷ total.
    PercentMismatch,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// The example text; `⟦` and `⟧` mark each span the rule must report.
    pub text: Spanned<String>,
    /// For each marked span, in order, what it reads after the rule's fix.
    #[serde(default)]
    pub fix: Option<Vec<String>>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Last year's report, for rules that compare with it (`previous-year`).
    #[serde(default)]
    pub previous: Option<String>,
}

/// One `[[rule]]`. Fields after `examples` are the parameters of the kinds;
/// [`crate::rules::compile`] rejects those that the rule's kind does not use.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub title: String,
    /// Neutral name of what a checklist rule looks for (`主动公开情况`), shown in checklists.
    #[serde(default)]
    pub topic: Option<String>,
    pub kind: KindName,
    pub severity: Spanned<Severity>,
    pub message: Spanned<String>,
    #[serde(default)]
    pub messages: BTreeMap<String, Spanned<String>>,
    pub help: String,
    pub description: String,
    pub reference: Spanned<Reference>,
    #[serde(default)]
    pub applies_to: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub roles: Option<Vec<Spanned<String>>>,
    /// Units responsible for what the rule checks (work points): a document
    /// by one of them gets the diagnostic; others see the rule in their
    /// checklist only.
    #[serde(default)]
    pub units: Option<Vec<String>>,
    /// The rule applies only to documents dated after this day (`YYYY-MM-DD`):
    /// a formulation that became outdated then.
    #[serde(default)]
    pub after: Option<Spanned<String>>,
    /// The rule applies only to documents dated before this day.
    #[serde(default)]
    pub before: Option<Spanned<String>>,
    #[serde(default)]
    pub fix_safety: FixSafety,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// When a document has more findings of this rule than this, they are
    /// reported as one diagnostic (case `collapsed`) carrying all the fixes.
    #[serde(default)]
    pub collapse_after: Option<Spanned<usize>>,

    // terms
    pub terms: Option<Spanned<BTreeMap<String, Replacement>>>,
    pub allow: Option<Spanned<Vec<String>>>,
    // pattern
    pub pattern: Option<Spanned<String>>,
    pub unless: Option<Vec<Spanned<String>>>,
    pub fix: Option<Spanned<String>>,
    pub report_group: Option<Spanned<OneOrMany>>,
    pub translate: Option<Spanned<BTreeMap<String, String>>>,
    /// A check the reported text must also pass (`cn-resident-id`).
    pub validate: Option<Spanned<String>>,
    // repeat
    pub max_unit: Option<Spanned<usize>>,
    pub single: Option<Spanned<String>>,
    // pairs
    pub pairs: Option<Spanned<Vec<String>>>,
    pub families: Option<Spanned<Vec<Vec<String>>>>,
    pub report: Option<Spanned<PairsReport>>,
    // require
    pub all_of: Option<Spanned<Vec<Vec<String>>>>,
    // sections
    pub sections: Option<Spanned<Vec<SectionSpec>>>,
    pub ordered: Option<Spanned<bool>>,
    pub report_missing: Option<Spanned<bool>>,
    pub max_level: Option<Spanned<u8>>,
    // numbering
    pub target: Option<Spanned<NumberingTarget>>,
    // year
    pub contexts: Option<Spanned<Vec<YearContext>>>,
    // tables
    pub checks: Option<Spanned<Vec<String>>>,
    pub min_year: Option<Spanned<i32>>,
    // previous-year
    pub compare: Option<Spanned<PreviousCompare>>,
    pub threshold: Option<Spanned<f64>>,
    // breakdown
    pub condition: Option<Spanned<BreakdownCondition>>,
    pub markers: Option<Spanned<Vec<String>>>,
    pub partial_markers: Option<Spanned<Vec<String>>>,
    pub remainder_labels: Option<Spanned<Vec<String>>>,
    pub excluded_labels: Option<Spanned<Vec<String>>>,
    pub unit_families: Option<Spanned<Vec<Vec<String>>>>,
    pub category_sets: Option<Spanned<Vec<Vec<String>>>>,
}

/// What a `previous-year` rule compares with last year's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreviousCompare {
    /// This year's 上年结转 cells against last year's 结转下年度继续办理.
    CarriedOver,
    /// The wording of the two reports (内容雷同).
    Similarity,
}

impl RuleSpec {
    /// Names and spans of the kind parameters that are set.
    pub fn set_parameters(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut set = Vec::new();
        macro_rules! check {
            ($($field:ident),*) => {$(
                if let Some(value) = &self.$field {
                    set.push((stringify!($field), value.span()));
                }
            )*};
        }
        check!(
            terms,
            allow,
            pattern,
            fix,
            report_group,
            translate,
            validate,
            max_unit,
            single,
            pairs,
            families,
            report,
            all_of,
            sections,
            ordered,
            report_missing,
            max_level,
            target,
            contexts,
            checks,
            min_year,
            compare,
            threshold,
            condition,
            markers,
            partial_markers,
            remainder_labels,
            excluded_labels,
            unit_families,
            category_sets
        );
        if let Some(unless) = &self.unless {
            if let Some(first) = unless.first() {
                set.push(("unless", first.span()));
            }
        }
        set
    }
}

/// Parameters each kind accepts (the rest must be absent).
pub fn parameters_of(kind: KindName) -> &'static [&'static str] {
    match kind {
        KindName::Terms => &["terms", "allow"],
        KindName::Pattern => &[
            "pattern",
            "unless",
            "fix",
            "report_group",
            "translate",
            "validate",
        ],
        KindName::Repeat => &["max_unit", "single", "allow"],
        KindName::Pairs => &["pairs", "families", "report"],
        KindName::Require => &["all_of"],
        KindName::Sections => &["sections", "ordered", "max_level", "report_missing"],
        KindName::Numbering => &["target"],
        KindName::Year => &["contexts", "unless"],
        KindName::Tables => &["checks", "min_year"],
        KindName::PreviousYear => &["compare", "threshold"],
        KindName::Breakdown => &[
            "condition",
            "markers",
            "partial_markers",
            "remainder_labels",
            "excluded_labels",
            "unit_families",
            "category_sets",
        ],
        KindName::UnusedSuppression => &[],
    }
}
