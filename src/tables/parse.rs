//! Finding the three tables: section headings bound them, row labels anchor
//! them, and each table is read into the typed model.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::identities;
use super::lex::{self, Norm, Source};
use super::model::{
    Alignment, AnnualTables, Blank, Cell, Item, OutdatedLabel, Table2, Table2Row, Table4, Value,
};
use super::rows::{self, Kind, RawCell, RawKind, Spec};
use super::table3;

/// The text being read.
pub(crate) struct Ctx<'a> {
    pub src: Source<'a>,
    pub norm: Norm,
    pub paragraphs: Vec<Range<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, paragraphs: &[Range<usize>], breaks: &'a [usize]) -> Self {
        let valid = paragraphs.iter().all(|p| {
            p.start <= p.end
                && p.end <= text.len()
                && text.is_char_boundary(p.start)
                && text.is_char_boundary(p.end)
        }) && paragraphs.windows(2).all(|w| w[0].end <= w[1].start);
        let paragraphs = if valid && !paragraphs.is_empty() {
            paragraphs.to_vec()
        } else {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, _) in text.match_indices('\n') {
                out.push(start..i);
                start = i + 1;
            }
            out.push(start..text.len());
            out
        };
        Self {
            src: Source { text, breaks },
            norm: Norm::new(text),
            paragraphs,
        }
    }

    pub fn text(&self) -> &'a str {
        self.src.text
    }

    /// The paragraph that opens section `numeral` (`三、…申请…`), at or after `from`.
    fn heading(&self, numeral: char, keywords: &[&str], from: usize) -> Option<Range<usize>> {
        self.paragraphs.iter().find_map(|p| {
            if p.start < from {
                return None;
            }
            let text = self.text()[p.clone()].trim_start_matches(lex::is_space);
            let mut chars = text.chars();
            if chars.next() != Some(numeral) || !matches!(chars.next(), Some('、' | '.' | '．')) {
                return None;
            }
            let head: String = text.chars().take(40).map(lex::fold).collect();
            keywords.iter().any(|k| head.contains(k)).then(|| p.clone())
        })
    }

    /// View offset of the first match of `re` in the normalised text within `range`.
    pub fn find(&self, re: &Regex, range: Range<usize>) -> Option<Range<usize>> {
        let start = self.norm.norm_offset(range.start);
        let end = self.norm.norm_offset(range.end).max(start);
        let m = re.find_at(&self.norm.text[..end], start)?;
        Some(self.norm.view_range(m.range()))
    }

    /// Every match of `re` within `range`, as view ranges.
    pub fn find_all(&self, re: &Regex, range: Range<usize>) -> Vec<Range<usize>> {
        let start = self.norm.norm_offset(range.start);
        let end = self.norm.norm_offset(range.end).max(start);
        let haystack = &self.norm.text[..end];
        let mut out = Vec::new();
        let mut at = start;
        while let Some(m) = re.find_at(haystack, at) {
            if m.is_empty() {
                break;
            }
            out.push(self.norm.view_range(m.range()));
            at = m.end();
        }
        out
    }
}

/// Where each table may be: from its section heading to the next.
#[derive(Debug, Clone, Default)]
pub(crate) struct Regions {
    pub t2: Option<Range<usize>>,
    pub t3: Option<Range<usize>>,
    pub t4: Option<Range<usize>>,
}

static CAPTION_1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第(?:二十|20)条第\((?:一|1)\)项").expect("pattern"));
static T3_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"勾稽关系|申请人情况").expect("pattern"));
static T4_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"未经复议直接起诉|复议后起诉|尚未审结|结果维持").expect("pattern")
});

pub(crate) fn regions(ctx: &Ctx<'_>) -> Regions {
    let len = ctx.text().len();
    let h2 = ctx.heading('二', &["主动公开"], 0);
    let after_h2 = h2.as_ref().map_or(0, |r| r.end);
    let h3 = ctx.heading('三', &["申请"], after_h2);
    let after_h3 = h3.as_ref().map_or(after_h2, |r| r.end);
    let h4 = ctx.heading('四', &["复议", "诉讼"], after_h3);
    let after_h4 = h4.as_ref().map_or(after_h3, |r| r.end);
    let h5 = ctx.heading('五', &["问题", "改进", "不足"], after_h4);

    let t2_start = h2
        .as_ref()
        .map(|r| r.start)
        .or_else(|| ctx.find(&CAPTION_1, 0..len).map(|r| r.start));
    let t3_start = h3
        .as_ref()
        .map(|r| r.start)
        .or_else(|| {
            ctx.find(&T3_ANCHOR, t2_start.unwrap_or(0)..len)
                .map(|r| r.start)
        })
        .unwrap_or_else(|| t2_start.unwrap_or(0));
    let t4_start = h4.as_ref().map(|r| r.start).or_else(|| {
        ctx.find(&T4_ANCHOR, t3_start..len).map(|r| {
            // The paragraph holding the header.
            ctx.text()[..r.start].rfind('\n').map_or(0, |i| i + 1)
        })
    });
    let t5_start = h5.as_ref().map_or(len, |r| r.start);

    let t2 = t2_start.map(|s| s..if t3_start > s { t3_start } else { len });
    let t3_end = t4_start
        .filter(|&e| e > t3_start)
        .unwrap_or(if t5_start > t3_start { t5_start } else { len });
    let t4 = t4_start.map(|s| s..if t5_start > s { t5_start } else { len });
    Regions {
        t2,
        t3: Some(t3_start..t3_end),
        t4,
    }
}

/// Reads the view text of a raw cell into a [`Cell`].
pub(crate) fn to_cell(text: &str, raw: &RawCell) -> Cell {
    let written = text.get(raw.span.clone()).unwrap_or_default();
    let value = match raw.kind {
        RawKind::Empty => Value::Blank(Blank::Empty),
        RawKind::Marker => Value::Blank(Blank::Marker),
        RawKind::Number => number_value(written),
    };
    Cell {
        span: raw.span.clone(),
        text: written.to_string(),
        value,
        unit_text: raw
            .unit
            .as_ref()
            .and_then(|u| text.get(u.clone()))
            .map(str::to_string),
        unit: raw.unit.clone(),
    }
}

fn number_value(written: &str) -> Value {
    let ascii: String = written
        .chars()
        .filter_map(|c| match c {
            '.' | '．' => Some('.'),
            '-' | '－' => Some('-'),
            c => lex::digit_value(c).and_then(|d| char::from_digit(d, 10)),
        })
        .collect();
    let negative = ascii.starts_with('-');
    let body = ascii.trim_start_matches('-');
    if body.contains('.') {
        match body.parse::<f64>() {
            Ok(x) if x.is_finite() && negative => Value::Negative(-x),
            Ok(x) if x.is_finite() => Value::Decimal(x),
            _ => Value::Unreadable,
        }
    } else {
        match body.parse::<u64>() {
            Ok(n) if negative => Value::Negative(-(n as f64)),
            Ok(n) => Value::Integer(n),
            Err(_) => Value::Unreadable,
        }
    }
}

/// A cell that is not in the text, reported at `anchor`.
pub(crate) fn missing(anchor: Range<usize>) -> Cell {
    Cell {
        span: anchor,
        text: String::new(),
        value: Value::Blank(Blank::Missing),
        unit: None,
        unit_text: None,
    }
}

/// Lines up a row of `present` cells with `width` columns. When cells are
/// missing, every placement of the missing ones is scored by `score` (the
/// identities the row then satisfies minus those it violates); a single best
/// placement is taken, otherwise the missing cells are assumed to be the last.
pub(crate) fn place(
    present: Vec<Cell>,
    width: usize,
    anchor: Range<usize>,
    score: impl Fn(&[Cell]) -> i64,
) -> (Vec<Cell>, Alignment) {
    let m = width.saturating_sub(present.len());
    let mut default = present.clone();
    default.truncate(width);
    default.resize(width, missing(anchor.clone()));
    if m == 0 {
        return (default, Alignment::Complete);
    }
    if m > 3 || present.is_empty() {
        return (default, Alignment::Assumed);
    }
    let default_score = score(&default);
    let mut best: Vec<(i64, Vec<Cell>)> = Vec::new();
    for holes in combinations(width, m) {
        let mut row = Vec::with_capacity(width);
        let mut next = present.iter();
        for i in 0..width {
            if holes.contains(&i) {
                row.push(missing(anchor.clone()));
            } else {
                row.push(
                    next.next()
                        .cloned()
                        .unwrap_or_else(|| missing(anchor.clone())),
                );
            }
        }
        let s = score(&row);
        match best.first() {
            Some((b, _)) if s < *b => {}
            Some((b, _)) if s == *b => best.push((s, row)),
            _ => best = vec![(s, row)],
        }
    }
    let Some((top, _)) = best.first() else {
        return (default, Alignment::Assumed);
    };
    if *top <= default_score {
        return (default, Alignment::Assumed);
    }
    // Tied placements that give every column the same number (the hole
    // moves within a run of equal numbers) are one answer.
    let same_numbers = best.iter().all(|(_, row)| {
        row.iter()
            .zip(&best[0].1)
            .all(|(a, b)| a.is_missing() || b.is_missing() || a.value == b.value)
    });
    let (_, row) = best.swap_remove(0);
    (
        row,
        if same_numbers {
            Alignment::Inferred
        } else {
            Alignment::Assumed
        },
    )
}

/// All ways to choose `k` of `n` positions (k ≤ 3).
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    fn go(start: usize, n: usize, k: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if current.len() == k {
            out.push(current.clone());
            return;
        }
        for i in start..n {
            current.push(i);
            go(i + 1, n, k, current, out);
            current.pop();
        }
    }
    go(0, n, k, &mut current, &mut out);
    out
}

// ---------------------------------------------------------------- table 二

enum T2Row {
    Item(Item),
    Caption,
    Outdated(&'static str),
}

static TABLE2: LazyLock<Vec<(Spec, T2Row)>> = LazyLock::new(|| {
    let caption = |n: &str, a: &str| format!(r"第(?:二十|20)条第\((?:{n}|{a})\)项");
    vec![
        (
            Spec::new(Kind::Header, 0, &caption("一", "1")),
            T2Row::Caption,
        ),
        (Spec::new(Kind::Data, 3, "规章"), T2Row::Item(Item::Rules)),
        (
            Spec::new(Kind::Data, 3, "(?:行政)?规范性文件"),
            T2Row::Item(Item::NormativeDocuments),
        ),
        (
            Spec::new(Kind::Header, 0, &caption("五", "5")),
            T2Row::Caption,
        ),
        (
            Spec::new(Kind::Data, 1, "行政许可"),
            T2Row::Item(Item::Licensing),
        ),
        (
            Spec::new(Kind::Outdated, 3, "其他对外管理服务事项"),
            T2Row::Outdated("其他对外管理服务事项"),
        ),
        (
            Spec::new(Kind::Header, 0, &caption("六", "6")),
            T2Row::Caption,
        ),
        (
            Spec::new(Kind::Data, 1, "行政处罚"),
            T2Row::Item(Item::Penalties),
        ),
        (
            Spec::new(Kind::Data, 1, "行政强制"),
            T2Row::Item(Item::Enforcement),
        ),
        (
            Spec::new(Kind::Header, 0, &caption("八", "8")),
            T2Row::Caption,
        ),
        (
            Spec::new(Kind::Data, 1, r"行政事业性收费"),
            T2Row::Item(Item::Fees),
        ),
        (
            Spec::new(Kind::Outdated, 0, &caption("九", "9")),
            T2Row::Outdated("第二十条第（九）项"),
        ),
        (
            Spec::new(Kind::Outdated, 2, "政府集中采购"),
            T2Row::Outdated("政府集中采购"),
        ),
    ]
});

static TABLE2_SPECS: LazyLock<Vec<Spec>> = LazyLock::new(|| {
    TABLE2
        .iter()
        .map(|(s, _)| Spec {
            kind: s.kind,
            width: s.width,
            re: s.re.clone(),
        })
        .collect()
});

/// Header labels of the 2019 trial layout's table 二.
static OUTDATED_HEADERS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("本年新制作数量", "本年新制作数量"),
        ("本年新公开数量", "本年新公开数量"),
        ("对外公开总数量", "对外公开总数量"),
        ("上一年项目数量", "上一年项目数量"),
        ("本年增/减", "本年增/?减"),
        ("采购总金额", "采购总金额"),
    ]
    .into_iter()
    .map(|(label, pattern)| (label, Regex::new(pattern).expect("pattern")))
    .collect()
});

/// Records an outdated label occurrence.
pub(crate) fn note_outdated(
    outdated: &mut Vec<OutdatedLabel>,
    label: &'static str,
    span: Range<usize>,
) {
    match outdated.iter_mut().find(|o| o.label == label) {
        Some(o) => {
            if !o.spans.contains(&span) {
                o.spans.push(span);
                o.spans.sort_by_key(|s| s.start);
            }
        }
        None => outdated.push(OutdatedLabel {
            label,
            spans: vec![span],
        }),
    }
}

fn table2(
    ctx: &Ctx<'_>,
    region: Range<usize>,
    outdated: &mut Vec<OutdatedLabel>,
) -> Option<Table2> {
    let specs = &*TABLE2_SPECS;
    let data = |hits: &[rows::Hit]| {
        hits.iter()
            .filter(|h| matches!(TABLE2[h.spec].1, T2Row::Item(_)))
            .count()
    };
    let mut hits = rows::find_hits(&ctx.norm, specs, region.clone());
    // Prose before the table may name its rows (`本年度制发规章2件`): the
    // table starts at its first caption.
    if let Some(caption) = ctx.find(&CAPTION_1, region.clone()) {
        if hits.first().is_some_and(|h| h.label.start < caption.start) {
            let after = rows::find_hits(&ctx.norm, specs, caption.start..region.end);
            if data(&after) >= 2 {
                hits = after;
            }
        }
    }
    let cells = rows::segments(ctx.src, &hits, region.end);
    let assigned = rows::assign(specs, &hits, &cells);
    let captions = hits
        .iter()
        .filter(|h| matches!(TABLE2[h.spec].1, T2Row::Caption))
        .count();
    for hit in &hits {
        match TABLE2[hit.spec].1 {
            T2Row::Outdated(label) => note_outdated(outdated, label, hit.label.clone()),
            T2Row::Item(Item::NormativeDocuments)
                if !ctx.norm.text[hit.norm.clone()].starts_with("行政") =>
            {
                note_outdated(outdated, "规范性文件", hit.label.clone());
            }
            _ => {}
        }
    }
    let mut table = Table2::default();
    for a in assigned {
        let T2Row::Item(item) = TABLE2[a.spec].1 else {
            continue;
        };
        let Some(label) = a.label.clone() else {
            continue;
        };
        let mut raw = a.cells;
        let width = item.measures().len();
        rows::split_glued_zeros(ctx.text(), &mut raw, width);
        let present: Vec<Cell> = raw.iter().map(|r| to_cell(ctx.text(), r)).collect();
        let (cells, alignment) = place(present, width, label.clone(), |_| 0);
        table.rows.push(Table2Row {
            item,
            label,
            cells,
            surplus: a.surplus.iter().map(|r| to_cell(ctx.text(), r)).collect(),
            alignment,
        });
    }
    let with_numbers = table
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_missing()))
        .count();
    (with_numbers >= 2 || (with_numbers >= 1 && captions >= 1)).then_some(table)
}

// ---------------------------------------------------------------- table 四

fn table4(ctx: &Ctx<'_>, region: Range<usize>) -> Option<Table4> {
    // Runs of cells, each with the label text before it.
    let mut runs: Vec<(Option<Range<usize>>, Vec<RawCell>)> = vec![(None, Vec::new())];
    for item in rows::items(ctx.src, region) {
        match item {
            rows::Item::Cell(c) => runs.last_mut().expect("non-empty").1.push(c),
            rows::Item::Text(span) => runs.push((Some(span), Vec::new())),
            rows::Item::Break => {}
        }
    }
    let mut run = match runs.iter().find(|(_, r)| r.len() >= 12) {
        Some((_, run)) => run.clone(),
        None => labelled_groups(ctx, &runs)?,
    };
    rows::split_glued_zeros(ctx.text(), &mut run, 15);
    let span = run.first()?.span.start..run.last()?.span.end;
    let surplus: Vec<Cell> = run
        .iter()
        .skip(15)
        .map(|r| to_cell(ctx.text(), r))
        .collect();
    let present: Vec<Cell> = run
        .iter()
        .take(15)
        .map(|r| to_cell(ctx.text(), r))
        .collect();
    let (cells, alignment) = place(present, 15, span.clone(), identities::score4);
    Some(Table4 {
        cells,
        surplus,
        alignment,
        span,
    })
}

/// Table 四 written as three labelled rows of five (行政复议 | 2 | 1 | …,
/// 未经复议直接起诉 | …, 复议后起诉 | …), as some local templates do.
fn labelled_groups(
    ctx: &Ctx<'_>,
    runs: &[(Option<Range<usize>>, Vec<RawCell>)],
) -> Option<Vec<RawCell>> {
    let label = |span: &Option<Range<usize>>| -> String {
        span.as_ref()
            .and_then(|s| ctx.text().get(s.clone()))
            .unwrap_or_default()
            .chars()
            .filter(|c| !lex::is_space(*c))
            .collect()
    };
    let groups: [fn(&str) -> bool; 3] = [
        |t| t.contains("复议") && !t.contains("直接起诉") && !t.contains("复议后"),
        |t| t.contains("直接起诉"),
        |t| t.contains("复议后"),
    ];
    let mut cells = Vec::new();
    let mut next = 0;
    for (span, run) in runs {
        if next < 3 && run.len() == 5 && groups[next](&label(span)) {
            cells.extend(run.iter().cloned());
            next += 1;
        }
    }
    (next == 3).then_some(cells)
}

// ---------------------------------------------------------------- all

pub(crate) fn parse(text: &str, paragraphs: &[Range<usize>], breaks: &[usize]) -> AnnualTables {
    let ctx = Ctx::new(text, paragraphs, breaks);
    let regions = regions(&ctx);
    let mut outdated = Vec::new();
    let table2 = regions
        .t2
        .clone()
        .and_then(|r| table2(&ctx, r, &mut outdated));
    let header_region = regions.t2.clone().unwrap_or(0..text.len());
    for (label, re) in OUTDATED_HEADERS.iter() {
        for span in ctx.find_all(re, header_region.clone()) {
            note_outdated(&mut outdated, label, span);
        }
    }
    let table3 = regions
        .t3
        .clone()
        .and_then(|r| table3::parse(&ctx, r, &mut outdated));
    let table4 = regions.t4.clone().and_then(|r| table4(&ctx, r));
    outdated.sort_by_key(|o| o.spans.first().map_or(0, |s| s.start));
    AnnualTables {
        table2,
        table3,
        table4,
        outdated,
    }
}
