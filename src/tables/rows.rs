//! Reading a table whose rows are anchored on their labels.
//!
//! A table is described by the ordered list of its row labels ([`Spec`]s,
//! regexes over the normalised text). The labels are searched in order; the
//! cells of a row are the cell tokens between its label and the next label
//! found (label text in between, such as the rest of a long label wrapped
//! around the numbers in a PDF, is skipped). Rows whose label was not found
//! and rows whose cells come elsewhere are then filled by the table's rhythm
//! (see [`assign`]).

use std::collections::HashSet;
use std::ops::Range;

use regex::Regex;

use super::lex::{self, Lex, LexKind, Norm, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A row of numbers.
    Data,
    /// A group label (（三）不予公开): no numbers in the national layout, a
    /// subtotal in some local ones.
    Group,
    /// A caption or a label spanning rows (三、本年度办理结果): no numbers.
    Header,
    /// A row of the 2019 trial layout: recorded, its numbers not used.
    Outdated,
}

#[derive(Debug)]
pub(crate) struct Spec {
    pub kind: Kind,
    pub width: usize,
    pub re: Regex,
}

impl Spec {
    pub fn new(kind: Kind, width: usize, pattern: &str) -> Self {
        Self {
            kind,
            width,
            re: Regex::new(pattern).expect("built-in label pattern"),
        }
    }
}

/// `1.` `1、` `(1)` before a sub-row label, optional.
pub(crate) fn arabic(n: u8) -> String {
    format!(r"(?:{n}[.、]|\({n}\))?")
}

/// `（一）` before an outcome label, optional.
pub(crate) fn paren_han(n: &str) -> String {
    format!(r"(?:\({n}\)[、.]?)?")
}

/// `一、` before a top-level label, optional.
pub(crate) fn han(n: &str) -> String {
    format!(r"(?:{n}[、.])?")
}

/// An optional parenthetical note after a label (`（区分处理的，…）`).
pub(crate) const NOTE: &str = r"(?:\([^()0-9]{4,40}\))?";

/// A label found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub spec: usize,
    /// Range in the normalised text.
    pub norm: Range<usize>,
    /// View range of the label.
    pub label: Range<usize>,
}

/// Searches the labels within `region` (view range).
///
/// Labels of rows with numbers (data rows, and 2019 rows) are searched in
/// order, each after the previous one found; a label not found is skipped.
/// They give the table its structure. Group labels and captions are then
/// looked for only where they belong, between the data labels around them:
/// PDF text prints a label spanning rows (`三、本年度办理结果`, `（三）不予
/// 公开`) in the middle of its rows, and there it is just text.
pub(crate) fn find_hits(norm: &Norm, specs: &[Spec], region: Range<usize>) -> Vec<Hit> {
    let start = norm.norm_offset(region.start);
    let end = norm.norm_offset(region.end).max(start);
    let haystack = &norm.text[..end];
    let positional = |s: &Spec| matches!(s.kind, Kind::Data | Kind::Outdated);
    let mut cursor = start;
    let mut hits: Vec<Hit> = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        if !positional(spec) {
            continue;
        }
        let Some(m) = spec.re.find_at(haystack, cursor) else {
            continue;
        };
        if m.is_empty() {
            continue;
        }
        cursor = m.end();
        hits.push(Hit {
            spec: i,
            norm: m.range(),
            label: norm.view_range(m.range()),
        });
    }
    // The first label may also occur in prose before the table (`本年新收…
    // 申请66件`): the table's is the last occurrence before the next label.
    if hits.len() >= 2 {
        let first = &hits[0];
        let bound = hits[1].norm.start;
        if let Some(last) = specs[first.spec]
            .re
            .find_iter(&norm.text[..bound])
            .filter(|m| m.start() >= first.norm.start && !m.is_empty())
            .last()
        {
            if last.start() > first.norm.start {
                hits[0] = Hit {
                    spec: first.spec,
                    norm: last.range(),
                    label: norm.view_range(last.range()),
                };
            }
        }
    }
    // Group labels and captions, each between its neighbours.
    let mut extra: Vec<Hit> = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        if positional(spec) {
            continue;
        }
        let from = hits
            .iter()
            .rev()
            .find(|h| h.spec < i)
            .map_or(start, |h| h.norm.end);
        let to = hits
            .iter()
            .find(|h| h.spec > i)
            .map_or(end, |h| h.norm.start)
            .max(from);
        let from = extra
            .iter()
            .filter(|h| h.spec < i)
            .map(|h| h.norm.end)
            .max()
            .unwrap_or(from)
            .max(from);
        if from >= to {
            continue;
        }
        if let Some(m) = spec.re.find_at(&norm.text[..to], from) {
            if !m.is_empty() {
                extra.push(Hit {
                    spec: i,
                    norm: m.range(),
                    label: norm.view_range(m.range()),
                });
            }
        }
    }
    hits.extend(extra);
    hits.sort_by_key(|h| h.norm.start);
    hits
}

/// A cell as read, before it gets its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawCell {
    pub span: Range<usize>,
    pub kind: RawKind,
    pub unit: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    Number,
    Marker,
    Empty,
}

/// A segment of text read as cells, label text and paragraph breaks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Cell(RawCell),
    /// Label text, with its view range.
    Text(Range<usize>),
    Break,
}

/// Whether the paragraph around `at` is nothing but one separator: an empty
/// cell in one-cell-per-line text.
fn lone_separator(text: &str, at: Range<usize>) -> bool {
    let start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
    text[start..end]
        .trim_matches(|c: char| lex::is_space(c) || c == '\t')
        .len()
        == at.len()
}

/// Reads the cells of a view range.
pub(crate) fn items(src: Source<'_>, range: Range<usize>) -> Vec<Item> {
    let lexes = lex::lex(src, range);
    let mut out = Vec::new();
    let mut previous: Option<&Lex> = None;
    for lexeme in &lexes {
        match &lexeme.kind {
            LexKind::Sep => match previous.map(|p| &p.kind) {
                Some(LexKind::Sep) => {
                    let before = previous.map_or(lexeme.span.start, |p| p.span.end);
                    out.push(Item::Cell(RawCell {
                        span: before..lexeme.span.start,
                        kind: RawKind::Empty,
                        unit: None,
                    }));
                }
                Some(LexKind::Break)
                    if lexeme.span.end - lexeme.span.start == 1
                        && lone_separator(src.text, lexeme.span.clone()) =>
                {
                    out.push(Item::Cell(RawCell {
                        span: lexeme.span.start..lexeme.span.start,
                        kind: RawKind::Empty,
                        unit: None,
                    }));
                }
                _ => {}
            },
            LexKind::Break => out.push(Item::Break),
            LexKind::Text => out.push(Item::Text(lexeme.span.clone())),
            LexKind::Num { unit } => out.push(Item::Cell(RawCell {
                span: lexeme.span.clone(),
                kind: RawKind::Number,
                unit: unit.clone(),
            })),
            LexKind::Marker => out.push(Item::Cell(RawCell {
                span: lexeme.span.clone(),
                kind: RawKind::Marker,
                unit: None,
            })),
        }
        previous = Some(lexeme);
    }
    out
}

/// The cells of a row followed by another label: every cell up to it.
pub(crate) fn cells_between(src: Source<'_>, range: Range<usize>) -> Vec<RawCell> {
    items(src, range)
        .into_iter()
        .filter_map(|i| match i {
            Item::Cell(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The cells of the last row of a table: those in the label's paragraph and
/// in the following paragraphs of nothing but cells; text in a later
/// paragraph ends the table.
pub(crate) fn cells_until_text(src: Source<'_>, range: Range<usize>) -> Vec<RawCell> {
    let mut cells = Vec::new();
    let mut broke = false;
    for item in items(src, range) {
        match item {
            Item::Cell(c) => cells.push(c),
            Item::Break => broke = true,
            Item::Text(_) if broke => break,
            Item::Text(_) => {}
        }
    }
    cells
}

/// The cells read after each label.
pub(crate) fn segments(src: Source<'_>, hits: &[Hit], region_end: usize) -> Vec<Vec<RawCell>> {
    hits.iter()
        .enumerate()
        .map(|(i, hit)| match hits.get(i + 1) {
            Some(next) => cells_between(src, hit.label.end..next.label.start.max(hit.label.end)),
            None => cells_until_text(src, hit.label.end..region_end.max(hit.label.end)),
        })
        .collect()
}

/// A row with the cells it was given.
#[derive(Debug, Clone)]
pub(crate) struct Assigned {
    pub spec: usize,
    /// The label's view range, `None` for a row placed by rhythm.
    pub label: Option<Range<usize>>,
    pub cells: Vec<RawCell>,
    pub surplus: Vec<RawCell>,
}

/// Gives every row its cells.
///
/// Normally a row takes the cells after its label. When the cells after a
/// label are exactly enough for several rows, they are dealt out by the
/// rows' widths (the table's rhythm) to the rows that have none: data rows
/// whose label came without numbers before this one (tables extracted
/// column by column) and rows whose label was not recognised after it.
pub(crate) fn assign(specs: &[Spec], hits: &[Hit], cells: &[Vec<RawCell>]) -> Vec<Assigned> {
    let found: Vec<Option<usize>> = (0..specs.len())
        .map(|s| hits.iter().position(|h| h.spec == s))
        .collect();
    let width = |rows: &[usize]| rows.iter().map(|&s| specs[s].width).sum::<usize>();
    let mut out: Vec<Assigned> = Vec::new();
    let mut taken: HashSet<usize> = HashSet::new();
    let mut pending: Vec<usize> = Vec::new();
    for s in 0..specs.len() {
        let Some(h) = found[s] else {
            if specs[s].kind == Kind::Data && !taken.contains(&s) {
                pending.push(s);
            }
            continue;
        };
        let label = Some(hits[h].label.clone());
        let segment = &cells[h];
        let k = segment.len();
        // Data rows after this one whose label was not found.
        let after: Vec<usize> = (s + 1..specs.len())
            .take_while(|&t| found[t].is_none())
            .filter(|&t| specs[t].kind == Kind::Data)
            .collect();
        let mut plan: Vec<(usize, Option<Range<usize>>)> = Vec::new();
        let own = |plan: &mut Vec<(usize, Option<Range<usize>>)>, rows: &[usize]| {
            for &r in rows {
                plan.push((r, if r == s { label.clone() } else { None }));
            }
        };
        match specs[s].kind {
            Kind::Outdated => {
                out.push(Assigned {
                    spec: s,
                    label: label.clone(),
                    cells: segment.clone(),
                    surplus: Vec::new(),
                });
                continue;
            }
            Kind::Header => {
                if k == 0 {
                    continue;
                }
                let mut rows = pending.clone();
                rows.extend(&after);
                if !rows.is_empty() && width(&rows) == k {
                    own(&mut plan, &rows);
                } else {
                    continue;
                }
            }
            Kind::Data | Kind::Group => {
                let is_data = specs[s].kind == Kind::Data;
                let me = [s];
                let with_after: Vec<usize> = me.iter().chain(&after).copied().collect();
                let with_pending: Vec<usize> = pending.iter().chain(&me).copied().collect();
                let all: Vec<usize> = pending.iter().chain(&me).chain(&after).copied().collect();
                if k == 0 {
                    if is_data {
                        pending.push(s);
                        out.push(Assigned {
                            spec: s,
                            label: label.clone(),
                            cells: Vec::new(),
                            surplus: Vec::new(),
                        });
                    }
                    continue;
                }
                if !is_data && !after.is_empty() && width(&after) == k {
                    own(&mut plan, &after);
                } else if k <= specs[s].width {
                    own(&mut plan, &me);
                } else if !after.is_empty() && width(&with_after) == k {
                    own(&mut plan, &with_after);
                } else if is_data && !pending.is_empty() && width(&with_pending) == k {
                    own(&mut plan, &with_pending);
                } else if is_data && !pending.is_empty() && width(&all) == k {
                    own(&mut plan, &all);
                } else if !is_data && !pending.is_empty() && width(&pending) == k {
                    own(&mut plan, &pending);
                } else {
                    own(&mut plan, &me);
                }
            }
        }
        // Deal the cells out.
        let mut rest = segment.iter().cloned();
        let last = plan.len().saturating_sub(1);
        for (i, (row, row_label)) in plan.into_iter().enumerate() {
            let w = specs[row].width;
            let cells: Vec<RawCell> = rest.by_ref().take(w).collect();
            let surplus: Vec<RawCell> = if i == last {
                rest.by_ref().collect()
            } else {
                Vec::new()
            };
            taken.insert(row);
            // A row found earlier without cells now gets them.
            if let Some(existing) = out.iter_mut().find(|a| a.spec == row && a.cells.is_empty()) {
                existing.cells = cells;
                existing.surplus = surplus;
            } else {
                out.push(Assigned {
                    spec: row,
                    label: row_label,
                    cells,
                    surplus,
                });
            }
        }
        pending.clear();
    }
    out.sort_by_key(|a| a.spec);
    out
}

/// Splits numbers with leading zeros (`00`, `011`) while a row has fewer
/// cells than columns: two cells glued when a wrapped line was joined.
pub(crate) fn split_glued_zeros(text: &str, cells: &mut Vec<RawCell>, width: usize) {
    while cells.len() < width {
        let Some(i) = cells.iter().position(|c| {
            c.kind == RawKind::Number && c.unit.is_none() && {
                let s = &text[c.span.clone()];
                let mut chars = s.chars();
                matches!(chars.next(), Some('0' | '０'))
                    && s.chars().count() > 1
                    && s.chars().all(|d| lex::digit_value(d).is_some())
            }
        }) else {
            return;
        };
        let cell = cells[i].clone();
        let first_len = text[cell.span.clone()]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        let split = cell.span.start + first_len;
        cells[i].span = cell.span.start..split;
        cells.insert(
            i + 1,
            RawCell {
                span: split..cell.span.end,
                kind: RawKind::Number,
                unit: None,
            },
        );
    }
}
