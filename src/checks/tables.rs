//! `tables`: the tables of the national annual-report format (2021), parsed
//! once per document, and the arithmetic identities (勾稽关系), cell checks
//! and outdated-layout labels the rule selects with `checks`.

use std::ops::Range;

use super::{required, Context, Finding, ParamError};
use crate::rules::schema::RuleSpec;

/// The check names the table parser reports (see `crate::tables`).
pub const CHECKS: &[&str] = &[
    "identity-row-total",
    "identity-column-total",
    "identity-carry-over",
    "identity-review-litigation",
    "blank-cell",
    "not-a-number",
    "outdated-layout",
    "narrative-mismatch",
    "fee-not-reported",
];

pub const VARIABLES: &[&str] = &["match", "detail", "expected", "found", "report_year"];

#[derive(Debug, Clone)]
pub struct Tables {
    checks: Vec<&'static str>,
    min_year: Option<i32>,
}

impl Tables {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let listed = required(&spec.checks, "checks", rule_span)?;
        let mut checks = Vec::new();
        for name in listed.get_ref() {
            let known = CHECKS
                .iter()
                .find(|c| **c == name.as_str())
                .ok_or_else(|| {
                    ParamError::new(
                        format!(
                            "unknown table check `{name}` (known: {})",
                            CHECKS.join(", ")
                        ),
                        listed.span(),
                    )
                })?;
            checks.push(*known);
        }
        Ok(Self {
            checks,
            min_year: spec.min_year.as_ref().map(|y| *y.get_ref()),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        if let Some(min) = self.min_year {
            if ctx.doc.meta.year.is_none_or(|year| year < min) {
                return;
            }
        }
        if self.checks.contains(&"narrative-mismatch") {
            narrative::check(ctx, out);
        }
        if self.checks.contains(&"fee-not-reported") {
            fee_not_reported(ctx, out);
        }
        for finding in crate::tables::check(ctx.tables()) {
            if !self.checks.contains(&finding.check) {
                continue;
            }
            let mut reported =
                Finding::at(finding.span.clone()).var("detail", finding.message.clone());
            if let Some(expected) = &finding.expected {
                reported = reported.var("expected", expected.clone());
            }
            if let Some(found) = &finding.found {
                reported = reported.var("found", found.clone());
            }
            let label = if finding.check == "outdated-layout" {
                "同一旧格式标签"
            } else {
                "相关单元格"
            };
            for span in &finding.related {
                reported = reported.related(span.clone(), label);
            }
            out.push(reported);
        }
    }
}

/// Table 三 counts applications dropped because the applicant did not pay
/// a fee notice (（六）其他处理—2): the body then charged 信息处理费, which
/// the report must mention (in 六、其他需要报告的事项).
fn fee_not_reported(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(table) = ctx.tables().table3.as_ref() else {
        return;
    };
    let row = crate::tables::Row::OtherHandling(2);
    let Some(count) = table.total(row).filter(|n| *n > 0) else {
        return;
    };
    if ctx.text().contains("信息处理费") {
        return;
    }
    let cell = table
        .cell(row, crate::tables::Column::Total)
        .expect("the total was read from this cell");
    out.push(
        Finding::at(cell.span.clone())
            .var(
                "detail",
                format!(
                    "表三有{count}件申请因申请人逾期未缴纳信息处理费而不再处理，说明本年度发出过收费通知，但报告没有提到信息处理费的收取情况。"
                ),
            )
            .var("found", count.to_string()),
    );
}

/// Figures quoted in the prose (收到申请N件, 上年结转N件, 结转下年度N件,
/// 行政复议N件, 行政诉讼N件) compared with the table cells they repeat.
mod narrative {
    use std::sync::OnceLock;

    use regex::Regex;

    use std::ops::Range;

    use super::{Context, Finding};
    use crate::tables::{AnnualTables, Column, Outcome, Proceeding, Row};

    /// A quoted figure's value in the tables, with the cells it comes from.
    type Cell = fn(&AnnualTables) -> Option<(u64, Vec<Range<usize>>)>;

    /// Table 三's 总计 cell of a row.
    fn total3(tables: &AnnualTables, row: Row) -> Option<(u64, Vec<Range<usize>>)> {
        let cell = tables.table3.as_ref()?.cell(row, Column::Total)?;
        Some((cell.integer()?, vec![cell.span.clone()]))
    }

    /// The sum of table 四's 总计 cells of some proceedings.
    fn total4(tables: &AnnualTables, of: &[Proceeding]) -> Option<(u64, Vec<Range<usize>>)> {
        let table = tables.table4.as_ref()?;
        let mut sum = 0u64;
        let mut spans = Vec::new();
        for &proceeding in of {
            let cell = table.cell(proceeding, Outcome::Total)?;
            sum = sum.checked_add(cell.integer()?)?;
            spans.push(cell.span.clone());
        }
        Some((sum, spans))
    }

    struct Quote {
        regex: Regex,
        cell: Cell,
        label: &'static str,
    }

    fn quotes() -> &'static [Quote] {
        static QUOTES: OnceLock<Vec<Quote>> = OnceLock::new();
        QUOTES.get_or_init(|| {
            let quote = |pattern: &str, cell: Cell, label: &'static str| Quote {
                regex: Regex::new(pattern).expect("valid narrative pattern"),
                cell,
                label,
            };
            vec![
                quote(
                    r"(?:收到|新收|受理)[^。；，,]{0,16}?(?:政府信息)?公开申请(?:共|合计)?(?P<n>\d+)件",
                    |t| total3(t, Row::NewApplications),
                    "三、表中“一、本年新收政府信息公开申请数量”的总计",
                ),
                quote(
                    r"上年结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共|合计)?(?P<n>\d+)件",
                    |t| total3(t, Row::CarriedOver),
                    "三、表中“二、上年结转政府信息公开申请数量”的总计",
                ),
                quote(
                    r"结转下年度(?:继续办理)?(?:的)?(?:申请)?(?:共|合计)?(?P<n>\d+)件",
                    |t| total3(t, Row::CarriedForward),
                    "三、表中“四、结转下年度继续办理”的总计",
                ),
                quote(
                    r"行政复议(?:案件)?(?:共|合计)?(?P<n>\d+)(?:件|起)",
                    |t| total4(t, &[Proceeding::Review]),
                    "四、表中行政复议的总计",
                ),
                quote(
                    r"行政诉讼(?:案件)?(?:共|合计)?(?P<n>\d+)(?:件|起)",
                    |t| {
                        total4(
                            t,
                            &[Proceeding::DirectLitigation, Proceeding::LitigationAfterReview],
                        )
                    },
                    "四、表中行政诉讼（未经复议直接起诉与复议后起诉）的总计",
                ),
            ]
        })
    }

    /// `予以公开（和部分公开）…占办结总数的X%`: a share of the outcome
    /// total, recomputed from table 三. Only this explicit form is read: a
    /// share of "all applications" may mean 一 or 一 + 二.
    fn share_regex() -> &'static Regex {
        static SHARE: OnceLock<Regex> = OnceLock::new();
        SHARE.get_or_init(|| {
            Regex::new(
                r"(?P<what>予以公开|同意公开)(?P<partial>(?:和|及|与|、)部分公开)?(?:的)?(?:申请)?(?:\d+件)?[，,]?(?:共)?占(?:全部|所有|全年)?(?:已)?(?:办结|办理|答复)(?:申请)?(?:总数|总量|件数|数量)的?(?P<p>\d+(?:\.\d+)?)[%％]",
            )
            .expect("valid share pattern")
        })
    }

    fn check_shares(ctx: &Context, prose: &str, offset: usize, out: &mut Vec<Finding>) {
        let Some(table) = ctx.tables().table3.as_ref() else {
            return;
        };
        let Some(total) = table.total(Row::OutcomeTotal).filter(|t| *t > 0) else {
            return;
        };
        for caps in share_regex().captures_iter(prose) {
            let Some(mut part) = table.total(Row::Disclosed) else {
                continue;
            };
            if caps.name("partial").is_some() {
                let Some(partial) = table.total(Row::PartiallyDisclosed) else {
                    continue;
                };
                part += partial;
            }
            let stated = caps.name("p").expect("group p");
            let decimals = stated.as_str().split_once('.').map_or(0, |(_, d)| d.len());
            if decimals > 3 {
                continue;
            }
            let scale = 10u64.pow(decimals as u32);
            let Ok(scaled) = stated.as_str().replace('.', "").parse::<u64>() else {
                continue;
            };
            let numerator = u128::from(part) * 100 * u128::from(scale);
            let floor = numerator / u128::from(total);
            let rounded =
                floor + u128::from((numerator % u128::from(total)) * 2 >= u128::from(total));
            if u128::from(scaled) == floor || u128::from(scaled) == rounded {
                continue;
            }
            let shown = |v: u128| {
                if decimals == 0 {
                    v.to_string()
                } else {
                    format!(
                        "{}.{:0w$}",
                        v / u128::from(scale),
                        v % u128::from(scale),
                        w = decimals
                    )
                }
            };
            let whole = caps.get(0).expect("group 0");
            let span = offset + stated.start()..offset + whole.end();
            let what = if caps.name("partial").is_some() {
                "予以公开和部分公开"
            } else {
                "予以公开"
            };
            let mut rows = vec![Row::Disclosed];
            if caps.name("partial").is_some() {
                rows.push(Row::PartiallyDisclosed);
            }
            rows.push(Row::OutcomeTotal);
            let cells: Vec<Range<usize>> = rows
                .iter()
                .filter_map(|&row| table.cell(row, Column::Total))
                .map(|cell| cell.span.clone())
                .collect();
            out.push(
                cells
                    .into_iter()
                    .fold(Finding::at(span), |f, cell| f.related(cell, "表中数字"))
                    .var(
                        "detail",
                        format!(
                            "正文写{what}占{}%，按表三计算为{part}÷{total}＝{}%，请核对。",
                            stated.as_str(),
                            shown(rounded)
                        ),
                    )
                    .var("expected", format!("{}%", shown(rounded)))
                    .var("found", format!("{}%", stated.as_str())),
            );
        }
    }

    pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
        let text = ctx.text();
        let tables = ctx.tables();
        for paragraph in &ctx.doc.view.paragraphs {
            let prose = &text[paragraph.clone()];
            if memchr::memchr2(b'|', b'\t', prose.as_bytes()).is_some() {
                continue; // a table row, not prose
            }
            check_shares(ctx, prose, paragraph.start, out);
            for quote in quotes() {
                let Some((cell, cells)) = (quote.cell)(tables) else {
                    continue;
                };
                for caps in quote.regex.captures_iter(prose) {
                    let number = caps.name("n").expect("group n");
                    let Ok(found) = number.as_str().parse::<u64>() else {
                        continue;
                    };
                    if found == cell {
                        continue;
                    }
                    let span = paragraph.start + number.start()..paragraph.start + number.end();
                    let finding = Finding::at(span)
                        .var(
                            "detail",
                            format!(
                                "正文写{found}件，{}为{cell}，两处应一致，请核对。",
                                quote.label
                            ),
                        )
                        .var("expected", cell.to_string())
                        .var("found", found.to_string());
                    out.push(
                        cells
                            .iter()
                            .fold(finding, |f, span| f.related(span.clone(), "表中数字")),
                    );
                }
            }
        }
    }
}
