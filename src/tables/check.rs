//! Checks over the parsed tables: blank and non-numeric cells, the
//! arithmetic identities, and labels of the 2019 trial layout.

use std::ops::Range;

use super::identities::{self, CellId, Identity, Verdict, What};
use super::model::{AnnualTables, Blank, Cell, Measure, Outcome, Proceeding, Table3, Value};
use super::TableFinding;

pub(crate) fn check(tables: &AnnualTables) -> Vec<TableFinding> {
    let mut out = Vec::new();
    if let Some(t2) = &tables.table2 {
        for row in &t2.rows {
            let measures = row.item.measures();
            let mut missing = 0;
            for (cell, measure) in row.cells.iter().zip(measures) {
                let name = format!("“{}—{}”", row.item.label(), measure.label());
                if cell.is_missing() {
                    missing += 1;
                    continue;
                }
                cell_findings(&mut out, cell, &name, *measure == Measure::Amount);
            }
            if missing > 0 {
                out.push(missing_finding(
                    &row.label,
                    row.item.label(),
                    missing,
                    measures.len(),
                ));
            }
        }
    }
    if let Some(t3) = &tables.table3 {
        for row in &t3.rows {
            let mut missing = 0;
            for (cell, column) in row.cells.iter().zip(&t3.columns) {
                if cell.is_missing() {
                    missing += 1;
                    continue;
                }
                let name = format!("“{}”行“{}”列", row.row.label(), column.label());
                cell_findings(&mut out, cell, &name, false);
            }
            if missing > 0 {
                let anchor = row
                    .label
                    .clone()
                    .or_else(|| row.cells.first().map(|c| c.span.clone()))
                    .unwrap_or(0..0);
                out.push(missing_finding(
                    &anchor,
                    &row.row.label(),
                    missing,
                    t3.columns.len(),
                ));
            }
        }
        let ids = identities::table3(t3);
        let get = |(r, c): CellId| t3.rows.get(r)?.cells.get(c);
        let verdicts = identities::blame(&ids, get);
        report(&mut out, &ids, &verdicts, &get, &|id| name3(t3, id));
    }
    if let Some(t4) = &tables.table4 {
        let mut missing = 0;
        for (i, cell) in t4.cells.iter().enumerate() {
            if cell.is_missing() {
                missing += 1;
                continue;
            }
            cell_findings(&mut out, cell, &name4(i), false);
        }
        if missing > 0 {
            out.push(TableFinding {
                check: "blank-cell",
                span: t4.span.clone(),
                related: Vec::new(),
                message: format!(
                    "行政复议、行政诉讼情况表应有15个数字，这里只有{}个，请补齐缺少的单元格（没有的填“0”）。",
                    15 - missing
                ),
                expected: Some("15".into()),
                found: Some((15 - missing).to_string()),
            });
        }
        let ids = identities::table4();
        let get = |(_, c): CellId| t4.cells.get(c);
        let verdicts = identities::blame(&ids, get);
        report(&mut out, &ids, &verdicts, &get, &|(_, c)| name4(c));
    }
    for label in &tables.outdated {
        let message = match label.label {
            "规范性文件" => "“规范性文件”是2019年试行格式的行名，2021年格式为“行政规范性文件”，请按国办公开办函〔2021〕30号的表格填报。".to_string(),
            "（六）其他处理" => "“（六）其他处理”只有一行，是2019年试行格式；2021年格式分为3个小项，请按国办公开办函〔2021〕30号的表格填报。".to_string(),
            other => format!(
                "“{other}”是2019年试行格式的表格项目，2021年格式已不再使用，请按国办公开办函〔2021〕30号的表格填报。"
            ),
        };
        out.push(TableFinding {
            check: "outdated-layout",
            span: label.spans[0].clone(),
            related: label.spans[1..].to_vec(),
            message,
            expected: None,
            found: Some(label.label.to_string()),
        });
    }
    out.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
            .then(a.check.cmp(b.check))
    });
    out
}

fn missing_finding(anchor: &Range<usize>, row: &str, missing: usize, width: usize) -> TableFinding {
    TableFinding {
        check: "blank-cell",
        span: anchor.clone(),
        related: Vec::new(),
        message: format!(
            "“{row}”一行应有{width}个数字，这里少了{missing}个，请补齐（没有的填“0”）。"
        ),
        expected: Some(width.to_string()),
        found: Some((width - missing).to_string()),
    }
}

/// Blank and non-numeric findings for one cell.
fn cell_findings(out: &mut Vec<TableFinding>, cell: &Cell, name: &str, fee: bool) {
    let finding = |check: &'static str, message: String, span: Range<usize>| TableFinding {
        check,
        span,
        related: Vec::new(),
        message,
        expected: None,
        found: Some(format!(
            "{}{}",
            cell.text,
            cell.unit_text.as_deref().unwrap_or_default()
        )),
    };
    match &cell.value {
        Value::Blank(Blank::Empty) => out.push(finding(
            "blank-cell",
            format!("{name}为空，应填写数字，没有的填“0”。"),
            cell.span.clone(),
        )),
        Value::Blank(Blank::Marker) => out.push(finding(
            "blank-cell",
            format!("{name}填写为“{}”，应填写数字，没有的填“0”。", cell.text),
            cell.span.clone(),
        )),
        Value::Blank(Blank::Missing) => {}
        Value::Negative(_) => out.push(finding(
            "not-a-number",
            format!("{name}填写为“{}”，数量不能为负数。", cell.text),
            cell.full_span(),
        )),
        Value::Decimal(_) if !fee => out.push(finding(
            "not-a-number",
            format!("{name}填写为“{}”，应为整数。", cell.text),
            cell.full_span(),
        )),
        Value::Unreadable => out.push(finding(
            "not-a-number",
            format!("{name}填写为“{}”，无法识别为数字。", cell.text),
            cell.full_span(),
        )),
        Value::Integer(_) | Value::Decimal(_) => {}
    }
    if let (Some(unit), true) = (&cell.unit_text, cell.number().is_some()) {
        let message = if fee && unit != "万元" {
            format!(
                "{name}以万元为单位，“{}{unit}”应换算为万元并只填数字。",
                cell.text
            )
        } else {
            format!("{name}只填数字，去掉“{unit}”。")
        };
        out.push(finding("not-a-number", message, cell.full_span()));
    }
}

fn name3(table: &Table3, (r, c): CellId) -> String {
    let row = table.rows.get(r).map(|x| x.row.label()).unwrap_or_default();
    let column = table.columns.get(c).map(|x| x.label()).unwrap_or_default();
    format!("“{row}”行“{column}”列")
}

fn name4(index: usize) -> String {
    let p = Proceeding::ALL[(index / 5).min(2)];
    let o = Outcome::ALL[index % 5];
    format!("“{}—{}”", p.label(), o.label())
}

/// How an identity is named in a message about a cell that breaks it.
fn describe(what: What) -> String {
    match what {
        What::RowTotal(_) => "本行总计".into(),
        What::OrganisationSubtotal(_) => "本行法人或其他组织小计".into(),
        What::ColumnTotal(_) => "本列（七）总计".into(),
        What::GroupSubtotal(group, _) => format!("本列{}小计", group.label()),
        What::CarryOver(_) => "本列“第一项加第二项之和等于第三项加第四项之和”".into(),
        What::Review(p) => format!("{}总计", p.label()),
    }
}

/// A sentence about an identity no single cell can be blamed for.
fn undecided(identity: &Identity, value: &impl Fn(CellId) -> i128) -> (String, i128, i128) {
    let sum = |ids: &[CellId]| ids.iter().map(|&id| value(id)).sum::<i128>();
    match identity.what {
        What::CarryOver(column) => {
            let n_c = sum(&identity.plus);
            let t_f = sum(&identity.minus);
            let f = value(identity.primary);
            (
                format!(
                    "“{}”一列第一项加第二项之和为{n_c}，第三项（七）总计加第四项之和为{t_f}，两者应相等，请核对。",
                    column.label()
                ),
                f + n_c - t_f,
                f,
            )
        }
        what => {
            let parts = sum(&identity.plus);
            let total = sum(&identity.minus);
            let text = match what {
                What::RowTotal(row) => format!(
                    "“{}”一行六类申请人之和为{parts}，总计填写为{total}，应相等，请核对。",
                    row.label()
                ),
                What::OrganisationSubtotal(row) => format!(
                    "“{}”一行五类法人或其他组织之和为{parts}，小计填写为{total}，应相等，请核对。",
                    row.label()
                ),
                What::ColumnTotal(column) => format!(
                    "“{}”一列各项办理结果之和为{parts}，（七）总计填写为{total}，应相等，请核对。",
                    column.label()
                ),
                What::GroupSubtotal(group, column) => format!(
                    "“{}”一列{}各小项之和为{parts}，小计填写为{total}，应相等，请核对。",
                    column.label(),
                    group.label()
                ),
                What::Review(p) => format!(
                    "{}的结果维持、结果纠正、其他结果、尚未审结之和为{parts}，总计填写为{total}，应相等，请核对。",
                    p.label()
                ),
                What::CarryOver(_) => String::new(),
            };
            (text, parts, total)
        }
    }
}

fn report<'a>(
    out: &mut Vec<TableFinding>,
    ids: &[Identity],
    verdicts: &[Verdict],
    get: &impl Fn(CellId) -> Option<&'a Cell>,
    name: &dyn Fn(CellId) -> String,
) {
    let span = |id: CellId| get(id).map_or(0..0, |c| c.span.clone());
    let value = |id: CellId| get(id).and_then(Cell::integer).map_or(0, i128::from);
    for verdict in verdicts {
        match verdict {
            Verdict::Blamed {
                cell,
                delta,
                identities,
            } => {
                let broken: Vec<&Identity> = identities.iter().map(|&i| &ids[i]).collect();
                // The check is that of an identity the cell is the total of,
                // else the first by rank.
                let what = broken
                    .iter()
                    .find(|i| i.primary == *cell && !matches!(i.what, What::CarryOver(_)))
                    .or_else(|| broken.iter().min_by_key(|i| i.what.rank()))
                    .map(|i| i.what)
                    .expect("a blamed cell breaks an identity");
                let mut related: Vec<Range<usize>> = Vec::new();
                for identity in &broken {
                    for id in identity.cells() {
                        let s = span(id);
                        if id != *cell && !related.contains(&s) {
                            related.push(s);
                        }
                    }
                }
                let found = value(*cell);
                let expected = found + delta;
                let reasons: Vec<String> = broken.iter().map(|i| describe(i.what)).collect();
                let written = get(*cell).map_or(String::new(), |c| c.text.clone());
                out.push(TableFinding {
                    check: what.check(),
                    span: span(*cell),
                    related,
                    message: format!(
                        "{}填写为{written}，与{}不符，应为{expected}，请核对修改。",
                        name(*cell),
                        reasons.join("、")
                    ),
                    expected: Some(expected.to_string()),
                    found: Some(written),
                });
            }
            Verdict::Undecided { identity } => {
                let identity = &ids[*identity];
                let (message, expected, _) = undecided(identity, &value);
                let related = identity
                    .cells()
                    .filter(|id| *id != identity.primary)
                    .map(span)
                    .collect();
                out.push(TableFinding {
                    check: identity.what.check(),
                    span: span(identity.primary),
                    related,
                    message,
                    expected: Some(expected.to_string()),
                    found: get(identity.primary).map(|c| c.text.clone()),
                });
            }
        }
    }
}
