//! Table 三 (收到和处理政府信息公开申请情况): 7 applicant columns (8 with a
//! local 法人或其他组织小计 column) × the rows of the 2021 layout, with
//! optional subtotal rows for （三）–（六）.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::identities;
use super::model::{Alignment, Column, Group, OutdatedLabel, Row, Table3, Table3Row};
use super::parse::{note_outdated, place, to_cell, Ctx};
use super::rows::{self, arabic, han, paren_han, Kind, Spec, NOTE};

#[derive(Debug, Clone, Copy)]
enum Slot {
    Row(Row),
    Subtotal(Group),
    Header,
}

/// Labels in order: the slot, whether it is a data row, a group or a
/// spanning label, and the pattern over the normalised text.
static LABELS: LazyLock<Vec<(Slot, Kind, Regex)>> = LazyLock::new(|| {
    let mut out: Vec<(Slot, Kind, String)> = vec![
        (
            Slot::Row(Row::NewApplications),
            Kind::Data,
            format!(
                "{}本年新收(?:的)?(?:政府信息公开申请(?:数量|数)?)?",
                han("一")
            ),
        ),
        (
            Slot::Row(Row::CarriedOver),
            Kind::Data,
            format!(
                "{}上年结转(?:的)?(?:政府信息公开申请(?:数量|数)?)?",
                han("二")
            ),
        ),
        (
            Slot::Header,
            Kind::Header,
            format!("{}本年度办理结果", han("三")),
        ),
        (
            Slot::Row(Row::Disclosed),
            Kind::Data,
            format!("{}予以公开", paren_han("一")),
        ),
        (
            Slot::Row(Row::PartiallyDisclosed),
            Kind::Data,
            format!("{}部分公开{NOTE}", paren_han("二")),
        ),
    ];
    let group = |out: &mut Vec<(Slot, Kind, String)>,
                 g: Group,
                 numeral: &str,
                 label: &str,
                 subs: &[&str]| {
        out.push((
            Slot::Subtotal(g),
            Kind::Group,
            format!("{}{label}(?:小计)?", paren_han(numeral)),
        ));
        for (i, sub) in subs.iter().enumerate() {
            let n = i as u8 + 1;
            let row = g.rows().nth(i).expect("sub-row");
            out.push((Slot::Row(row), Kind::Data, format!("{}{sub}", arabic(n))));
        }
    };
    group(
        &mut out,
        Group::Withheld,
        "三",
        "不予公开",
        &[
            "(?:属于)?国家秘密",
            "其他法律、?行政法规禁止公开",
            "危及(?:三安全一稳定)?",
            "(?:保护)?第三方合法权益",
            "(?:属于)?三类内部事务(?:信息)?",
            "(?:属于)?四类过程性信息",
            "(?:属于)?行政执法案卷",
            "(?:属于)?行政查询事项",
        ],
    );
    group(
        &mut out,
        Group::Unavailable,
        "四",
        "无法提供",
        &[
            "本机关不掌握(?:相关政府信息)?",
            "没有现成信息(?:需要另行制作)?",
            "补正后申请内容仍?不明确",
        ],
    );
    group(
        &mut out,
        Group::NotProcessed,
        "五",
        "不予处理",
        &[
            "信访举报投诉类?(?:申请)?",
            "重复申请",
            "(?:要求提供)?公开出版物",
            "(?:无正当理由)?大量反复申请",
            "(?:要求(?:行政机关)?)?确认或重新出具(?:已获取(?:的)?信息)?",
        ],
    );
    // （六）3 is only `其他`: its ordinal is required.
    out.push((
        Slot::Subtotal(Group::OtherHandling),
        Kind::Group,
        format!("{}其他处理(?:小计)?", paren_han("六")),
    ));
    out.push((
        Slot::Row(Row::OtherHandling(1)),
        Kind::Data,
        format!(
            "{}(?:申请人)?无正当理由逾期不补正(?:、?行政机关不再处理其政府信息公开申请)?",
            arabic(1)
        ),
    ));
    out.push((
        Slot::Row(Row::OtherHandling(2)),
        Kind::Data,
        format!(
            "{}(?:申请人)?逾期未按收费通知(?:要求)?缴纳费用(?:、?行政机关不再处理其政府信息公开申请)?",
            arabic(2)
        ),
    ));
    out.push((
        Slot::Row(Row::OtherHandling(3)),
        Kind::Data,
        r"(?:3[.、]|\(3\))其他".to_string(),
    ));
    out.push((
        Slot::Row(Row::OutcomeTotal),
        Kind::Data,
        format!("{}总计", paren_han("七")),
    ));
    out.push((
        Slot::Row(Row::CarriedForward),
        Kind::Data,
        format!("{}结转下年度(?:继续办理)?", han("四")),
    ));
    out.into_iter()
        .map(|(slot, kind, pattern)| (slot, kind, Regex::new(&pattern).expect("label pattern")))
        .collect()
});

static START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("勾稽关系|申请人情况").expect("pattern"));

static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("申请人情况|自然人|勾稽关系|法人或其他组织").expect("pattern"));

/// The labels as row specs for a table of `width` columns (7 or 8).
fn specs(width: usize) -> &'static [Spec] {
    static SPECS: LazyLock<[Vec<Spec>; 2]> = LazyLock::new(|| {
        [7, 8].map(|width| {
            LABELS
                .iter()
                .map(|(_, kind, re)| Spec {
                    kind: *kind,
                    width: if *kind == Kind::Header { 0 } else { width },
                    re: re.clone(),
                })
                .collect()
        })
    });
    &SPECS[usize::from(width == 8)]
}

pub(crate) fn parse(
    ctx: &Ctx<'_>,
    region: Range<usize>,
    outdated: &mut Vec<OutdatedLabel>,
) -> Option<Table3> {
    let probe = specs(7);
    let data_labels = |hits: &[rows::Hit]| {
        hits.iter()
            .filter(|h| probe[h.spec].kind == Kind::Data)
            .count()
    };
    // Prose before the table may restate its figures with its labels
    // (`本年新收…69件，上年结转4件`): the rows come after the header note.
    let mut hits = rows::find_hits(&ctx.norm, probe, region.clone());
    if let Some(anchor) = ctx.find(&START, region.clone()) {
        let after = rows::find_hits(&ctx.norm, probe, anchor.end..region.end);
        if data_labels(&after) >= 6 && hits.first().is_some_and(|h| h.label.start < anchor.start) {
            hits = after;
        }
    }
    let data_labels = data_labels(&hits);
    let first = hits.first()?;
    let header = &ctx.norm.text[ctx.norm.norm_offset(region.start)
        ..first.norm.start.max(ctx.norm.norm_offset(region.start))];
    let has_header = HEADER.is_match(header);
    if data_labels < 6 && !(data_labels >= 3 && has_header) {
        return None;
    }
    let segments = rows::segments(ctx.src, &hits, region.end);

    // Seven columns, or eight with a 法人或其他组织小计 column: said by the
    // header, or by the rows' rhythm when the header is unreadable.
    let counts = |n: usize| {
        hits.iter()
            .zip(&segments)
            .filter(|(h, s)| probe[h.spec].kind == Kind::Data && s.len() == n)
            .count()
    };
    let width = if header.contains("小计") || (counts(8) >= 3 && counts(8) > counts(7)) {
        8
    } else {
        7
    };
    let columns: Vec<Column> = if width == 8 {
        let mut c = Column::APPLICANTS.to_vec();
        c.extend([Column::OrganisationSubtotal, Column::Total]);
        c
    } else {
        Column::NATIONAL.to_vec()
    };
    let assigned = rows::assign(specs(width), &hits, &segments);

    let mut table = Table3 {
        columns,
        rows: Vec::new(),
    };
    let mut needs_placing: Vec<(usize, Vec<super::model::Cell>, Range<usize>)> = Vec::new();
    for a in assigned {
        let row = match LABELS[a.spec].0 {
            Slot::Row(r) => r,
            Slot::Subtotal(g) => Row::Subtotal(g),
            Slot::Header => continue,
        };
        let mut raw = a.cells;
        if raw.is_empty() && a.label.is_none() {
            continue;
        }
        if row_is_subtotal(row) && raw.is_empty() {
            continue;
        }
        rows::split_glued_zeros(ctx.text(), &mut raw, width);
        let anchor = a
            .label
            .clone()
            .or_else(|| raw.first().map(|c| c.span.clone()))
            .unwrap_or(region.start..region.start);
        let present: Vec<_> = raw.iter().map(|r| to_cell(ctx.text(), r)).collect();
        let count = present.len();
        let (cells, alignment) = place(present.clone(), width, anchor.clone(), |_| 0);
        if count < width && count > 0 {
            needs_placing.push((table.rows.len(), present, anchor));
        }
        table.rows.push(Table3Row {
            row,
            label: a.label,
            cells,
            surplus: a.surplus.iter().map(|r| to_cell(ctx.text(), r)).collect(),
            alignment,
        });
    }
    // Rows with missing cells: place them where the identities say. Which
    // identities exist depends only on which rows are there.
    let ids = identities::table3(&table);
    for (index, present, anchor) in needs_placing {
        let (cells, alignment) = place(present, width, anchor, |cells| {
            identities::score3(&ids, &table, index, cells)
        });
        table.rows[index].cells = cells;
        table.rows[index].alignment = alignment;
    }
    if table
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.is_missing()))
    {
        return None;
    }
    // The 2019 trial layout's （六）其他处理 is one row with numbers, while
    // （五）不予处理 has its sub-rows or other 2019 labels show the layout; a
    // local template that collapses every group into one row is not it.
    let trial_layout = table.has_sub_rows(Group::NotProcessed) || !outdated.is_empty();
    if !table.has_sub_rows(Group::OtherHandling) && trial_layout {
        if let Some(r) = table.row(Row::Subtotal(Group::OtherHandling)) {
            if let Some(label) = &r.label {
                note_outdated(outdated, "（六）其他处理", label.clone());
            }
        }
    }
    debug_assert!(table.rows.iter().all(|r| r.cells.len() == width
        && (r.alignment != Alignment::Complete || r.cells.iter().all(|c| !c.is_missing()))));
    Some(table)
}

fn row_is_subtotal(row: Row) -> bool {
    matches!(row, Row::Subtotal(_))
}
