//! The statistical tables of a 政府信息公开工作年度报告 in the 2021 national
//! format (国办公开办函〔2021〕30号), read from the matching view, and the
//! checks over them.
//!
//! * Table 二 (主动公开政府信息情况): 第二十条第（一）（五）（六）（八）项.
//! * Table 三 (收到和处理政府信息公开申请情况): 7 applicant columns × the
//!   rows 一 to 四 (8 columns with a local 法人或其他组织小计; optional local
//!   subtotal rows for （三）–（六）).
//! * Table 四 (政府信息公开行政复议、行政诉讼情况): 15 cells.
//!
//! Reports publish the tables flattened to text in three shapes: rows with
//! `|` (or tabs) between cells, one cell per line, and PDF extraction with
//! headers split into single characters. The parser never reads headers. It
//! bounds each table by the section headings (二、…主动公开, 三、…申请,
//! 四、…复议/诉讼, 五、…), anchors rows on their labels, matched on a
//! normalised copy of the text (no spaces, separators, line breaks or
//! quotes; full-width folded; traditional characters simplified) so that
//! `商业 企业` and a label wrapped over lines still match, and reads the
//! cells after each label as a token stream (numbers, blank markers `—` `-`
//! `/` `无`, empty cells between two separators or a line holding only `|`),
//! skipping the rest of a label wrapped around its numbers. The three shapes
//! (and mixtures) go through the same code.
//!
//! Alignment comes from the rows' rhythm: cells after a label that are
//! exactly enough for several rows go to the rows without numbers around it
//! (labels not recognised, tables extracted column by column); a row with
//! too few cells gets its missing cells placed where the table's identities
//! say (or last, when nothing decides). Table 四 has no row labels: it is the
//! first run of (at least 12 of) 15 cells after its heading, or three
//! labelled rows of five.
//!
//! Every cell keeps its byte range in the view text, which the document's
//! source map turns into original positions.

mod check;
mod identities;
mod lex;
mod model;
mod parse;
mod rows;
mod table3;

use std::ops::Range;

pub use model::{
    Alignment, AnnualTables, Blank, Cell, Column, Group, Item, Measure, Outcome, OutdatedLabel,
    Proceeding, Row, Table2, Table2Row, Table3, Table3Row, Table4, Value,
};

use crate::document::Document;

/// A problem found in the tables, in view coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFinding {
    /// `identity-row-total` (T3-3: a row's 总计 is the sum of the six
    /// applicant columns; also 法人或其他组织小计), `identity-column-total`
    /// (T3-2: a column's （七）总计 is the sum of the outcome rows; also a
    /// group's subtotal row), `identity-carry-over` (T3-1: 一 + 二 =
    /// （七）总计 + 四), `identity-review-litigation` (T4-1), `blank-cell`,
    /// `not-a-number`, `outdated-layout`.
    pub check: &'static str,
    /// View range of the primary cell (the blamed cell, or the total when no
    /// single cell can be blamed; the row label for a row with missing cells;
    /// the label for an outdated layout).
    pub span: Range<usize>,
    /// View ranges of the other cells involved (other occurrences for an
    /// outdated label).
    pub related: Vec<Range<usize>>,
    /// What is wrong and what to change, in Chinese.
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
}

impl TableFinding {
    /// The severity the check calls for: `warning` for a blank cell or a cell
    /// that is not a plain number (the brief of the format: blanks are to be
    /// filled, not guessed); `error` for a broken identity and an outdated
    /// layout.
    pub fn default_severity(&self) -> &'static str {
        match self.check {
            "blank-cell" | "not-a-number" => "warning",
            _ => "error",
        }
    }
}

/// Reads the tables from the view text (`doc.view.text`) and its paragraphs
/// (`doc.view.paragraphs`).
pub fn parse(view_text: &str, paragraphs: &[Range<usize>]) -> AnnualTables {
    parse::parse(view_text, paragraphs, &[])
}

/// Like [`parse`], and also uses the source map: where the view joined two
/// hard-wrapped lines between two digits (`… 1 0` + `0 11`), the numbers are
/// kept apart.
pub fn parse_document(doc: &Document) -> AnnualTables {
    let breaks = joined_breaks(doc);
    parse::parse(&doc.view.text, &doc.view.paragraphs, &breaks)
}

/// View offsets between two digits where the original had something the
/// view dropped (a line break, a page number).
fn joined_breaks(doc: &Document) -> Vec<usize> {
    let text = &doc.view.text;
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        if previous.is_some_and(digit)
            && digit(c)
            && doc.view.map.map_end(i) < doc.view.map.map_start(i)
        {
            out.push(i);
        }
        previous = Some(c);
    }
    out
}

/// Runs every table check.
pub fn check(tables: &AnnualTables) -> Vec<TableFinding> {
    check::check(tables)
}
