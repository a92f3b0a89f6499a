//! `previous-year`: a report compared with the same body's report of the
//! year before, when the user gives it (`--previous`). Without it the rule
//! is silent.
//!
//! * `compare = "carried-over"`: this year's 上年结转 (table 三, row 二) must
//!   equal last year's 结转下年度继续办理 (row 四), column by column.
//! * `compare = "similarity"`: a report whose wording is nearly the same as
//!   last year's (内容雷同). Similarity is the Jaccard index of the sets of
//!   4-character shingles of the Han text (digits, punctuation, years and
//!   layout ignored, so changed figures alone do not make a report new).

use std::collections::HashSet;
use std::ops::Range;

use super::{Context, Finding, ParamError};
use crate::rules::schema::{PreviousCompare, RuleSpec};
use crate::tables::Row;

pub const VARIABLES: &[&str] = &[
    "match",
    "found",
    "expected",
    "column",
    "similarity",
    "report_year",
];
pub const CASES: &[&str] = &["identical-figures"];

/// Shingle length, in Han characters.
const SHINGLE: usize = 4;
/// Reports shorter than this (in Han characters) are not compared: a short
/// text is similar to last year's by its boilerplate alone.
const MIN_HAN_CHARS: usize = 300;
const DEFAULT_THRESHOLD: f64 = 0.9;

#[derive(Debug, Clone)]
pub struct PreviousYear {
    compare: PreviousCompare,
    threshold: f64,
}

impl PreviousYear {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let compare = *super::required(&spec.compare, "compare", rule_span)?.get_ref();
        let threshold = match &spec.threshold {
            None => DEFAULT_THRESHOLD,
            Some(t) if compare != PreviousCompare::Similarity => {
                return Err(ParamError::new(
                    "`threshold` applies only to `compare = \"similarity\"`",
                    t.span(),
                ))
            }
            Some(t) if (0.5..=1.0).contains(t.get_ref()) => *t.get_ref(),
            Some(t) => {
                return Err(ParamError::new(
                    "`threshold` must be between 0.5 and 1.0",
                    t.span(),
                ))
            }
        };
        Ok(Self { compare, threshold })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        match self.compare {
            PreviousCompare::CarriedOver => carried_over(ctx, out),
            PreviousCompare::Similarity => self.similarity(ctx, out),
        }
    }

    fn similarity(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let Some((previous, previous_tables)) = ctx.previous() else {
            return;
        };
        let (Some(ours), Some(theirs)) = (shingles(ctx.text()), shingles(&previous.view.text))
        else {
            return;
        };
        let shared = ours.intersection(&theirs).count();
        let similarity = shared as f64 / (ours.len() + theirs.len() - shared) as f64;
        if similarity < self.threshold {
            return;
        }
        let mut finding = Finding::at(ctx.document_anchor())
            .var("similarity", format!("{:.0}%", similarity * 100.0));
        if same_figures(ctx.tables(), previous_tables) {
            finding = finding.case("identical-figures");
        }
        out.push(finding);
    }
}

/// This year's 上年结转 against last year's 结转下年度继续办理, per column.
fn carried_over(ctx: &Context, out: &mut Vec<Finding>) {
    let Some((_, previous_tables)) = ctx.previous() else {
        return;
    };
    let (Some(ours), Some(theirs)) = (&ctx.tables().table3, &previous_tables.table3) else {
        return;
    };
    for (index, &column) in ours.columns.iter().enumerate() {
        let Some(cell) = ours.row(Row::CarriedOver).and_then(|r| r.cells.get(index)) else {
            continue;
        };
        let (Some(found), Some(expected)) =
            (cell.integer(), theirs.value(Row::CarriedForward, column))
        else {
            continue;
        };
        if found != expected {
            out.push(
                Finding::at(cell.span.clone())
                    .var("found", found.to_string())
                    .var("expected", expected.to_string())
                    .var("column", column.label()),
            );
        }
    }
}

/// Hashed shingles of the Han characters of `text`, or `None` for a text too
/// short to compare.
fn shingles(text: &str) -> Option<HashSet<u64>> {
    let han: Vec<char> = text.chars().filter(|&c| is_han(c)).collect();
    if han.len() < MIN_HAN_CHARS {
        return None;
    }
    let mut buf = [0u8; SHINGLE * 4];
    Some(
        han.windows(SHINGLE)
            .map(|w| {
                let mut len = 0;
                for c in w {
                    len += c.encode_utf8(&mut buf[len..]).len();
                }
                xxhash_rust::xxh3::xxh3_64(&buf[..len])
            })
            .collect(),
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Whether both reports have tables and every number in them is the same.
fn same_figures(ours: &crate::tables::AnnualTables, theirs: &crate::tables::AnnualTables) -> bool {
    let numbers = |tables: &crate::tables::AnnualTables| -> Vec<String> {
        let mut cells = Vec::new();
        if let Some(t) = &tables.table2 {
            for row in &t.rows {
                cells.extend(row.cells.iter().map(|c| c.text.clone()));
            }
        }
        if let Some(t) = &tables.table3 {
            for row in &t.rows {
                cells.extend(row.cells.iter().map(|c| c.text.clone()));
            }
        }
        if let Some(t) = &tables.table4 {
            cells.extend(t.cells.iter().map(|c| c.text.clone()));
        }
        cells
    };
    let (a, b) = (numbers(ours), numbers(theirs));
    !a.is_empty() && a == b
}
