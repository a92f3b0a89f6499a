//! The annual-report table parser and its checks, on whole reports of our
//! own making (tests/fixtures/tables/, written by make_tables.py) in the three
//! shapes the tables are published in, and on small documents for the
//! variants. Every reported span is checked against the original text.

mod common;

use proptest::prelude::*;
use zwgk::document::Document;
use zwgk::tables::{
    self, Alignment, AnnualTables, Blank, Column, Group, Item, Measure, Outcome, Proceeding, Row,
    TableFinding, Value,
};

// ------------------------------------------------------------ the data

/// Table 二 of the fixtures.
const T2: [(Item, &[&str]); 6] = [
    (Item::Rules, &["1", "0", "5"]),
    (Item::NormativeDocuments, &["6", "2", "31"]),
    (Item::Licensing, &["1288"]),
    (Item::Penalties, &["356"]),
    (Item::Enforcement, &["12"]),
    (Item::Fees, &["23.75"]),
];

/// Table 三 of the fixtures: the six applicant columns, then 总计.
fn t3_expected() -> Vec<(Row, [u64; 7])> {
    let rows: Vec<(Row, [u64; 6])> = vec![
        (Row::NewApplications, [58, 7, 1, 0, 2, 1]),
        (Row::CarriedOver, [3, 1, 0, 0, 0, 0]),
        (Row::Disclosed, [20, 3, 1, 0, 0, 0]),
        (Row::PartiallyDisclosed, [9, 1, 0, 0, 1, 0]),
        (Row::Withheld(1), [0, 0, 0, 0, 0, 0]),
        (Row::Withheld(2), [1, 0, 0, 0, 0, 0]),
        (Row::Withheld(3), [0, 0, 0, 0, 0, 0]),
        (Row::Withheld(4), [2, 1, 0, 0, 0, 0]),
        (Row::Withheld(5), [1, 0, 0, 0, 0, 0]),
        (Row::Withheld(6), [3, 0, 0, 0, 0, 0]),
        (Row::Withheld(7), [0, 0, 0, 0, 0, 0]),
        (Row::Withheld(8), [1, 0, 0, 0, 0, 0]),
        (Row::Unavailable(1), [12, 1, 0, 0, 1, 0]),
        (Row::Unavailable(2), [1, 0, 0, 0, 0, 0]),
        (Row::Unavailable(3), [2, 0, 0, 0, 0, 0]),
        (Row::NotProcessed(1), [2, 0, 0, 0, 0, 0]),
        (Row::NotProcessed(2), [1, 0, 0, 0, 0, 1]),
        (Row::NotProcessed(3), [0, 0, 0, 0, 0, 0]),
        (Row::NotProcessed(4), [0, 0, 0, 0, 0, 0]),
        (Row::NotProcessed(5), [1, 0, 0, 0, 0, 0]),
        (Row::OtherHandling(1), [2, 0, 0, 0, 0, 0]),
        (Row::OtherHandling(2), [0, 0, 0, 0, 0, 0]),
        (Row::OtherHandling(3), [1, 1, 0, 0, 0, 0]),
        (Row::OutcomeTotal, [59, 7, 1, 0, 2, 1]),
        (Row::CarriedForward, [2, 1, 0, 0, 0, 0]),
    ];
    rows.into_iter()
        .map(|(row, six)| {
            let mut seven = [0; 7];
            seven[..6].copy_from_slice(&six);
            seven[6] = six.iter().sum();
            (row, seven)
        })
        .collect()
}

const T4: [u64; 15] = [2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1];

// ------------------------------------------------------------ helpers

fn load(name: &str) -> Document {
    let path = format!("tests/fixtures/tables/{name}");
    let text = std::fs::read_to_string(&path).expect("fixture");
    Document::new(path, text, &Default::default())
}

fn doc(text: &str) -> Document {
    Document::new("test.txt", text.to_string(), &Default::default())
}

fn parse(doc: &Document) -> AnnualTables {
    tables::parse(&doc.view.text, &doc.view.paragraphs)
}

/// Asserts that every cell of the three tables holds the fixtures' data.
fn assert_complete(t: &AnnualTables) {
    let t2 = t.table2.as_ref().expect("table 二");
    for (item, values) in T2 {
        let row = t2.row(item).unwrap_or_else(|| panic!("row {item:?}"));
        let read: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(read, values, "{item:?}");
        assert_eq!(row.alignment, Alignment::Complete);
    }
    assert_eq!(t2.value(Item::Licensing, Measure::Decisions), Some(1288));
    assert_eq!(
        t2.value(Item::NormativeDocuments, Measure::InForce),
        Some(31)
    );
    assert_eq!(t2.fee_amount(), Some(23.75));

    let t3 = t.table3.as_ref().expect("table 三");
    assert_eq!(t3.columns, Column::NATIONAL);
    let expected = t3_expected();
    assert_eq!(
        t3.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        expected.iter().map(|(r, _)| *r).collect::<Vec<_>>()
    );
    for (row, values) in &expected {
        for (column, value) in Column::NATIONAL.iter().zip(values) {
            assert_eq!(
                t3.value(*row, *column),
                Some(*value),
                "{row:?} {column:?}: {:?}",
                t3.cell(*row, *column)
            );
        }
        assert_eq!(t3.row(*row).unwrap().alignment, Alignment::Complete);
    }
    assert_eq!(t3.total(Row::NewApplications), Some(69));
    assert_eq!(t3.total(Row::CarriedOver), Some(4));
    assert_eq!(t3.total(Row::CarriedForward), Some(3));

    let t4 = t.table4.as_ref().expect("table 四");
    let read: Vec<Option<u64>> = t4.cells.iter().map(|c| c.integer()).collect();
    assert_eq!(read, T4.map(Some));
    assert_eq!(t4.review_total(), Some(4));
    assert_eq!(t4.litigation_total(), Some(3));
    assert_eq!(
        t4.value(Proceeding::LitigationAfterReview, Outcome::Other),
        Some(1)
    );
    assert!(t.outdated.is_empty(), "{:?}", t.outdated);
}

/// A finding as the tests compare it: check id, 1-based line and column of
/// its start in the original file, and the original text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    check: &'static str,
    line: u32,
    column: u32,
    text: String,
}

fn found(check: &'static str, line: u32, column: u32, text: &str) -> Found {
    Found {
        check,
        line,
        column,
        text: text.to_string(),
    }
}

fn described(doc: &Document, findings: &[TableFinding]) -> Vec<Found> {
    findings
        .iter()
        .map(|f| {
            let original = doc.original_range(f.span.clone());
            let at = doc.position(original.start);
            for related in &f.related {
                assert!(related.end <= doc.view.text.len());
            }
            Found {
                check: f.check,
                line: at.line,
                column: at.column,
                text: doc.text[original].to_string(),
            }
        })
        .collect()
}

/// The findings of a broken fixture, each on the cell the model says.
fn assert_broken(doc: &Document, t: &AnnualTables, expected: &[Found]) {
    let findings = tables::check(t);
    assert_eq!(described(doc, &findings), expected, "{findings:#?}");
    let t3 = t.table3.as_ref().unwrap();
    let t4 = t.table4.as_ref().unwrap();
    let cell3 = |row, column| t3.cell(row, column).unwrap().span.clone();
    let by_check = |check: &str, span: std::ops::Range<usize>| {
        findings
            .iter()
            .filter(|f| f.check == check && f.span == span)
            .count()
    };
    // One wrong cell in table 三: blamed on that cell, with both identities' cells related.
    let wrong = findings
        .iter()
        .find(|f| f.span == cell3(Row::Withheld(4), Column::Business))
        .expect("wrong cell reported");
    assert_eq!(wrong.check, "identity-row-total");
    assert_eq!(&doc.view.text[wrong.span.clone()], "4");
    assert_eq!(
        (wrong.expected.as_deref(), wrong.found.as_deref()),
        (Some("1"), Some("4"))
    );
    assert!(wrong
        .related
        .contains(&cell3(Row::Withheld(4), Column::Total)));
    assert!(wrong
        .related
        .contains(&cell3(Row::OutcomeTotal, Column::Business)));
    assert!(wrong.message.contains("应为1"), "{}", wrong.message);
    // A wrong （七）总计.
    let span = cell3(Row::OutcomeTotal, Column::NaturalPerson);
    assert_eq!(&doc.view.text[span.clone()], "95");
    assert_eq!(by_check("identity-column-total", span), 1);
    // A wrong 总计 column cell.
    let span = cell3(Row::Unavailable(1), Column::Total);
    assert_eq!(&doc.view.text[span.clone()], "41");
    assert_eq!(by_check("identity-row-total", span), 1);
    // A wrong table 四 total: no single cell to blame, so on the total.
    let total = t4.cell(Proceeding::Review, Outcome::Total).unwrap();
    assert_eq!(&doc.view.text[total.span.clone()], "5");
    let review = findings
        .iter()
        .find(|f| f.check == "identity-review-litigation")
        .unwrap();
    assert_eq!(review.span, total.span);
    assert_eq!(review.related.len(), 4);
    assert_eq!(review.expected.as_deref(), Some("4"));
    // A blank cell: reported once, and the identities through it are not.
    let blank = t3.cell(Row::NotProcessed(2), Column::Research).unwrap();
    assert!(blank.is_blank());
    assert_eq!(by_check("blank-cell", blank.span.clone()), 1);
    assert!(findings
        .iter()
        .filter(|f| f.check.starts_with("identity"))
        .all(|f| !f.related.contains(&blank.span) && f.span != blank.span));
    // A 2019-layout row label.
    assert_eq!(t.outdated.len(), 1);
    assert_eq!(t.outdated[0].label, "其他对外管理服务事项");
    // Every finding has a Chinese message saying what to do.
    for f in &findings {
        assert!(
            f.message.contains('应') || f.message.contains('请'),
            "{}",
            f.message
        );
    }
}

// ------------------------------------------------------------ (a) `|` rows

#[test]
fn pipe_rows_parse_completely_and_report_nothing() {
    let doc = load("report-pipe.txt");
    assert!(!doc.view.wrapped);
    let t = parse(&doc);
    assert_complete(&t);
    assert_eq!(tables::check(&t), []);
    // Labels keep their view ranges: the glued group label is not part of the row's.
    let t3 = t.table3.as_ref().unwrap();
    let label = t3.row(Row::Withheld(1)).unwrap().label.clone().unwrap();
    assert_eq!(&doc.view.text[label], "1.属于国家秘密");
    let label = t3
        .row(Row::PartiallyDisclosed)
        .unwrap()
        .label
        .clone()
        .unwrap();
    assert_eq!(
        &doc.view.text[label],
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    );
}

#[test]
fn pipe_rows_broken_report_each_mistake_once_on_its_cell() {
    let doc = load("report-pipe-broken.txt");
    let t = parse(&doc);
    assert_broken(
        &doc,
        &t,
        &[
            found("outdated-layout", 21, 1, "其他对外管理服务事项"),
            found("identity-row-total", 41, 19, "4"),
            found("identity-row-total", 46, 53, "41"),
            found("blank-cell", 50, 17, "   "),
            found("identity-column-total", 57, 9, "95"),
            found("identity-review-litigation", 64, 17, "5"),
        ],
    );
}

// ------------------------------------------------------------ (b) one cell per line

#[test]
fn one_cell_per_line_parses_completely_and_reports_nothing() {
    let doc = load("report-cells.txt");
    let t = parse(&doc);
    assert_complete(&t);
    assert_eq!(tables::check(&t), []);
    // Full-width digits are read and keep their own text.
    let cell = t
        .table3
        .as_ref()
        .unwrap()
        .cell(Row::NewApplications, Column::NaturalPerson)
        .unwrap();
    assert_eq!(cell.text, "５８");
    assert_eq!(cell.value, Value::Integer(58));
}

#[test]
fn one_cell_per_line_broken_reports_each_mistake_once_on_its_cell() {
    let doc = load("report-cells-broken.txt");
    let t = parse(&doc);
    let blank = t
        .table3
        .as_ref()
        .unwrap()
        .cell(Row::NotProcessed(2), Column::Research)
        .unwrap();
    // The empty cell is a line holding only the separator.
    assert_eq!(blank.value, Value::Blank(Blank::Empty));
    assert_broken(
        &doc,
        &t,
        &[
            found("outdated-layout", 33, 1, "其他对外管理服务事项"),
            found("identity-row-total", 119, 1, "4"),
            found("identity-row-total", 165, 1, "41"),
            found("blank-cell", 194, 1, ""),
            found("identity-column-total", 249, 1, "95"),
            found("identity-review-litigation", 289, 1, "5"),
        ],
    );
}

// ------------------------------------------------------------ (c) PDF extraction

#[test]
fn pdf_extraction_with_split_headers_parses_completely_and_reports_nothing() {
    let doc = load("report-pdf.txt");
    assert!(doc.view.wrapped, "the prose is hard-wrapped");
    let t = parse(&doc);
    assert_complete(&t);
    assert_eq!(tables::check(&t), []);
    // A label wrapped around its numbers: the label starts the row, the
    // numbers are in the middle line.
    let t3 = t.table3.as_ref().unwrap();
    let cell = t3.cell(Row::PartiallyDisclosed, Column::Total).unwrap();
    let original = doc.original_range(cell.span.clone());
    assert_eq!(&doc.text[original.clone()], "11");
    assert!(doc.text[original.end..].starts_with("\n\n他情形）"));
}

#[test]
fn pdf_extraction_broken_reports_each_mistake_once_on_its_cell() {
    let doc = load("report-pdf-broken.txt");
    let t = parse(&doc);
    assert_broken(
        &doc,
        &t,
        &[
            found("outdated-layout", 108, 1, "其他对外管理服务事项"),
            found("identity-row-total", 178, 18, "4"),
            found("identity-row-total", 190, 45, "41"),
            found("blank-cell", 198, 16, "—"),
            found("identity-column-total", 222, 9, "95"),
            found("identity-review-litigation", 254, 13, "5"),
        ],
    );
}

#[test]
fn pdf_rows_broken_between_their_numbers_are_read_with_the_source_map() {
    let doc = load("report-pdf-wrapped.txt");
    assert!(doc.view.wrapped);
    // The view joins `… 9 1` and `0 0 1 0 11` into `9 10 0 1 0 11`; the
    // source map knows a line break was there.
    let row = doc
        .view
        .text
        .find("9 10 0 1 0 11")
        .expect("joined in the view");
    let joined = row + "9 1".len();
    assert!(doc.view.map.map_start(joined) > doc.view.map.map_end(joined));
    let t = tables::parse_document(&doc);
    assert_complete(&t);
    assert_eq!(tables::check(&t), []);
    let t3 = t.table3.as_ref().unwrap();
    let cell = t3.cell(Row::PartiallyDisclosed, Column::Research).unwrap();
    let original = doc.original_range(cell.span.clone());
    assert_eq!(&doc.text[original.clone()], "0");
    assert_eq!(doc.position(original.start).column, 1, "first on its line");

    // Without the source map, `00` (glued zeros) is still split by the row's
    // rhythm, but `10` cannot be told from ten.
    let t = parse(&doc);
    let t3 = t.table3.as_ref().unwrap();
    assert_eq!(t3.value(Row::OtherHandling(1), Column::Total), Some(2));
    assert_eq!(
        t3.row(Row::OtherHandling(1)).unwrap().alignment,
        Alignment::Complete
    );
    // The row then has six cells, one of them `10`: it is known to be short.
    let row = t3.row(Row::PartiallyDisclosed).unwrap();
    assert_ne!(row.alignment, Alignment::Complete);
    assert!(row.cells.iter().any(|c| c.text == "10"));
}

// ------------------------------------------------------------ variants

/// A minimal report around a table 三 given as text.
fn report_with_table3(table: &str) -> String {
    format!(
        "某某县教育局2022年政府信息公开工作年度报告\n\
         一、总体情况\n本年度收到申请5件。\n\
         三、收到和处理政府信息公开申请情况\n\
         （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\
         申请人情况\n自然人\t法人或其他组织\t总计\n\
         {table}\n\
         四、政府信息公开行政复议、行政诉讼情况\n\
         本年度未发生行政复议、行政诉讼。\n\
         五、存在的主要问题及改进情况\n无。\n"
    )
}

/// Table 三 rows with tabs between cells, from (label, six applicant cells).
fn tab_rows(rows: &[(&str, [u64; 6])]) -> String {
    rows.iter()
        .map(|(label, six)| {
            let total: u64 = six.iter().sum();
            let cells: Vec<String> = six.iter().map(u64::to_string).collect();
            format!("{label}\t{}\t{total}", cells.join("\t"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn national_rows() -> Vec<(&'static str, [u64; 6])> {
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    labels
        .iter()
        .zip(t3_expected())
        .map(|(l, (_, seven))| {
            let mut six = [0; 6];
            six.copy_from_slice(&seven[..6]);
            (*l, six)
        })
        .collect()
}

/// Inserts group label lines before the first sub-row of each group.
fn with_groups(rows: String, subtotals: bool) -> String {
    let groups = [
        ("1.属于国家秘密", "（三）不予公开", [8, 1, 0, 0, 0, 0]),
        ("1.本机关不掌握", "（四）无法提供", [15, 1, 0, 0, 1, 0]),
        ("1.信访举报", "（五）不予处理", [4, 0, 0, 0, 0, 1]),
        ("1.申请人无正当理由", "（六）其他处理", [3, 1, 0, 0, 0, 0]),
    ];
    let mut out = Vec::new();
    for line in rows.lines() {
        for (first, group, sums) in &groups {
            if line.starts_with(first) {
                if subtotals {
                    out.push(tab_rows(&[(group, *sums)]));
                } else {
                    out.push(group.to_string());
                }
            }
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

#[test]
fn tab_separated_rows_with_group_labels_on_their_own_lines() {
    let text = report_with_table3(&with_groups(tab_rows(&national_rows()), false));
    let d = doc(&text);
    let t = parse(&d);
    let t3 = t.table3.as_ref().expect("table 三");
    for (row, values) in t3_expected() {
        for (column, value) in Column::NATIONAL.iter().zip(values) {
            assert_eq!(t3.value(row, *column), Some(value), "{row:?} {column:?}");
        }
    }
    assert!(t.table2.is_none() && t.table4.is_none());
    assert_eq!(tables::check(&t), []);
}

#[test]
fn local_subtotal_rows_are_recorded_and_checked() {
    let text = report_with_table3(&with_groups(tab_rows(&national_rows()), true));
    let d = doc(&text);
    let t = parse(&d);
    let t3 = t.table3.as_ref().unwrap();
    assert_eq!(
        t3.value(Row::Subtotal(Group::Withheld), Column::NaturalPerson),
        Some(8)
    );
    assert_eq!(
        t3.value(Row::Subtotal(Group::Unavailable), Column::Total),
        Some(17)
    );
    assert_eq!(t3.value(Row::Withheld(1), Column::Total), Some(0));
    assert_eq!(tables::check(&t), []);
    assert!(t.outdated.is_empty());

    // A wrong subtotal: its row total and its column subtotal both fail, and
    // only the subtotal cell explains both.
    let broken = text.replace("（四）无法提供\t15\t", "（四）无法提供\t16\t");
    let d = doc(&broken);
    let t = parse(&d);
    let findings = tables::check(&t);
    assert_eq!(
        described(&d, &findings),
        [found("identity-column-total", 21, 9, "16")],
        "{findings:#?}"
    );
    assert_eq!(findings[0].expected.as_deref(), Some("15"));
}

#[test]
fn an_organisation_subtotal_column_is_an_eighth_column() {
    let rows: Vec<String> = national_rows()
        .iter()
        .map(|(label, six)| {
            let orgs: u64 = six[1..].iter().sum();
            let total: u64 = six.iter().sum();
            let mut cells: Vec<String> = six.iter().map(u64::to_string).collect();
            cells.push(orgs.to_string());
            cells.push(total.to_string());
            format!("{label} | {} |", cells.join(" | "))
        })
        .collect();
    let text = report_with_table3(&format!(
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 |\n{}",
        rows.join("\n")
    ));
    let t = parse(&doc(&text));
    let t3 = t.table3.as_ref().unwrap();
    assert_eq!(t3.columns.len(), 8);
    assert_eq!(
        t3.value(Row::NewApplications, Column::OrganisationSubtotal),
        Some(11)
    );
    assert_eq!(t3.value(Row::NewApplications, Column::Total), Some(69));
    assert_eq!(tables::check(&t), []);
}

#[test]
fn a_missing_cell_in_one_cell_per_line_text_is_placed_by_the_identities() {
    // `2.重复申请` loses its 社会公益组织 cell (a 0): the six cells left are
    // 1 0 0 0 1 2. Read left to right they would shift 1 and 2 into 法律服务
    // 机构 and 其他; the identities put the hole among the zeros instead.
    let mut lines = Vec::new();
    for (label, six) in national_rows() {
        lines.push(format!("{label} |"));
        let total: u64 = six.iter().sum();
        for (i, v) in six.iter().chain([&total]).enumerate() {
            if label == "2.重复申请" && i == 3 {
                continue;
            }
            lines.push(format!("{v} |"));
        }
    }
    let text = report_with_table3(&lines.join("\n"));
    let d = doc(&text);
    let t = parse(&d);
    let t3 = t.table3.as_ref().unwrap();
    let row = t3.row(Row::NotProcessed(2)).unwrap();
    assert_eq!(row.alignment, Alignment::Inferred);
    assert_eq!(
        t3.value(Row::NotProcessed(2), Column::OtherOrganisation),
        Some(1)
    );
    assert_eq!(t3.value(Row::NotProcessed(2), Column::Total), Some(2));
    let findings = tables::check(&t);
    assert_eq!(
        described(&d, &findings),
        [found("blank-cell", 136, 1, "2.重复申请")],
        "{findings:#?}"
    );
    assert_eq!(findings[0].found.as_deref(), Some("6"));
}

#[test]
fn labels_listed_before_their_numbers_are_filled_by_rhythm() {
    // A table extracted column by column: all labels, then all numbers.
    let rows = national_rows();
    let labels: Vec<&str> = rows.iter().map(|(l, _)| *l).collect();
    let numbers: Vec<String> = rows
        .iter()
        .map(|(_, six)| {
            let total: u64 = six.iter().sum();
            let mut v: Vec<String> = six.iter().map(u64::to_string).collect();
            v.push(total.to_string());
            v.join(" ")
        })
        .collect();
    let text = report_with_table3(&format!("{}\n{}", labels.join("\n"), numbers.join("\n")));
    let t = parse(&doc(&text));
    let t3 = t.table3.as_ref().unwrap();
    for (row, values) in t3_expected() {
        assert_eq!(
            t3.value(row, Column::NaturalPerson),
            Some(values[0]),
            "{row:?}"
        );
        assert_eq!(t3.value(row, Column::Total), Some(values[6]), "{row:?}");
    }
    assert_eq!(tables::check(&t), []);
}

#[test]
fn an_unrecognised_label_takes_its_numbers_by_rhythm() {
    let text =
        report_with_table3(&tab_rows(&national_rows()).replace("8.属于行政查询事项", "8.查询类"));
    let t = parse(&doc(&text));
    let t3 = t.table3.as_ref().unwrap();
    let row = t3.row(Row::Withheld(8)).unwrap();
    assert!(row.label.is_none());
    assert_eq!(t3.value(Row::Withheld(8), Column::Total), Some(1));
    assert_eq!(t3.row(Row::Withheld(7)).unwrap().surplus, []);
    assert_eq!(tables::check(&t), []);
}

#[test]
fn blank_markers_and_non_numbers_are_reported_and_left_out_of_sums() {
    let rows = tab_rows(&national_rows())
        .replace("3.要求提供公开出版物\t0\t0", "3.要求提供公开出版物\t—\t0")
        .replace(
            "4.无正当理由大量反复申请\t0\t0",
            "4.无正当理由大量反复申请\t无\t0",
        )
        .replace("7.属于行政执法案卷\t0\t0", "7.属于行政执法案卷\t/\t0")
        .replace("8.属于行政查询事项\t1\t0", "8.属于行政查询事项\t1件\t0")
        .replace(
            "3.补正后申请内容仍不明确\t2\t0",
            "3.补正后申请内容仍不明确\t2.0\t0",
        )
        .replace(
            "2.没有现成信息需要另行制作\t1\t0",
            "2.没有现成信息需要另行制作\t-1\t0",
        );
    let d = doc(&report_with_table3(&rows));
    let t = parse(&d);
    let findings = tables::check(&t);
    let checks: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.check, &d.view.text[f.span.clone()]))
        .collect();
    assert_eq!(
        checks,
        [
            ("blank-cell", "/"),
            ("not-a-number", "1件"),
            ("not-a-number", "-1"),
            ("not-a-number", "2.0"),
            ("blank-cell", "—"),
            ("blank-cell", "无"),
        ],
        "{findings:#?}"
    );
    // `1件` is still counted; the rest are unknown, so nothing else is reported.
    let t3 = t.table3.as_ref().unwrap();
    assert_eq!(t3.value(Row::Withheld(8), Column::NaturalPerson), Some(1));
    assert_eq!(
        t3.cell(Row::Unavailable(2), Column::NaturalPerson)
            .unwrap()
            .value,
        Value::Negative(-1.0)
    );
}

#[test]
fn the_2019_trial_layout_is_reported_once_per_label() {
    let text = "\
某某县人民政府办公室2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
规范性文件 | 2 | 2 | 14 |
第二十条第（五）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 30 | 减4 | 120 |
其他对外管理服务事项 | 3 | 0 | 5 |
第二十条第（八）项 |
信息内容 | 上一年项目数量 | 本年增/减 |
行政事业性收费 | 2 | 0 |
第二十条第（九）项 |
信息内容 | 采购项目数量 | 采购总金额 |
政府集中采购 | 3 | 42.5 |
三、收到和处理政府信息公开申请情况
本列数据的勾稽关系 | 申请人情况 |
一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
三、本年度办理结果 | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（二）部分公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
四、政府信息公开行政复议、行政诉讼情况
本年度未发生。
";
    let d = doc(text);
    let t = parse(&d);
    let labels: Vec<&str> = t.outdated.iter().map(|o| o.label).collect();
    assert_eq!(
        labels,
        [
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "规范性文件",
            "上一年项目数量",
            "本年增/减",
            "其他对外管理服务事项",
            "第二十条第（九）项",
            "采购总金额",
            "政府集中采购",
            "（六）其他处理",
        ]
    );
    let findings = tables::check(&t);
    let outdated: Vec<&TableFinding> = findings
        .iter()
        .filter(|f| f.check == "outdated-layout")
        .collect();
    assert_eq!(outdated.len(), labels.len());
    // `上一年项目数量` appears in two blocks: one finding, the other occurrence related.
    let repeated = outdated
        .iter()
        .find(|f| f.found.as_deref() == Some("上一年项目数量"))
        .unwrap();
    assert_eq!(repeated.related.len(), 1);
    assert_eq!(&d.view.text[repeated.related[0].clone()], "上一年项目数量");
    // The single-row （六） takes part in （七）总计 as its own number.
    let t3 = t.table3.as_ref().unwrap();
    assert_eq!(
        t3.value(Row::Subtotal(Group::OtherHandling), Column::Total),
        Some(0)
    );
}

#[test]
fn a_report_without_tables_has_none() {
    let text = "\
某某县交通运输局2022年政府信息公开工作年度报告
一、总体情况
（一）主动公开。2022年，本局主动公开政府信息156条，其中规章0件，行政规范性文件2件。
二、主动公开政府信息情况
本年度制发行政规范性文件2件，废止1件，现行有效9件。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请3件，予以公开2件，部分公开1件，上年结转0件，结转下年度继续办理0件。
四、政府信息公开行政复议、行政诉讼情况
本年度发生行政复议1件、行政诉讼0件。
五、存在的主要问题及改进情况
部分栏目更新不够及时。
";
    let t = parse(&doc(text));
    assert_eq!(t, AnnualTables::default());
    assert_eq!(tables::check(&t), []);
}

#[test]
fn table_four_with_a_missing_cell_places_it_by_its_identities() {
    let text = "\
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
3 | 1 | 0 | 4 | 1 | 0 | 0 | 1 | 2 | 0 | 0 | 1 | 0 | 1 |
五、存在的主要问题及改进情况
";
    let d = doc(text);
    let t = parse(&d);
    let t4 = t.table4.as_ref().unwrap();
    // 3 1 0 _ 4 fits 维持+纠正+其他+未审结=总计 only with the hole at 尚未审结 (or 其他结果).
    assert_eq!(t4.value(Proceeding::Review, Outcome::Total), Some(4));
    assert_eq!(
        t4.value(Proceeding::DirectLitigation, Outcome::Total),
        Some(2)
    );
    assert_eq!(t4.litigation_total(), Some(3));
    let findings = tables::check(&t);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].check, "blank-cell");
}

// ------------------------------------------------------------ robustness

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("|".to_string()),
        Just(" | ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("—".to_string()),
        Just("无".to_string()),
        Just("-".to_string()),
        Just("．".to_string()),
        Just("、".to_string()),
        Just("（".to_string()),
        Just(")".to_string()),
        Just("２".to_string()),
        Just("&nbsp;".to_string()),
        "[0-9]{1,3}",
        "[0-9]{1,2}\\.[0-9]{0,2}",
        "[0-9]{25}",
        Just("一、本年新收政府信息公开申请数量".to_string()),
        Just("二、上年结转".to_string()),
        Just("三、收到和处理政府信息公开申请情况".to_string()),
        Just("二、主动公开政府信息情况".to_string()),
        Just("四、政府信息公开行政复议、行政诉讼情况".to_string()),
        Just("五、存在的主要问题".to_string()),
        Just("（一）予以公开".to_string()),
        Just("（三）不予公开".to_string()),
        Just("1.属于国家秘密".to_string()),
        Just("3.其他".to_string()),
        Just("（六）其他处理".to_string()),
        Just("（七）总计".to_string()),
        Just("四、结转下年度继续办理".to_string()),
        Just("第二十条第（一）项".to_string()),
        Just("规章".to_string()),
        Just("行政规范性文件".to_string()),
        Just("行政事业性收费".to_string()),
        Just("勾稽关系".to_string()),
        Just("本年增/减".to_string()),
        Just("小计".to_string()),
        Just("万元".to_string()),
        "[\\u{4e00}-\\u{4e20}]{1,4}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_mixtures_of_labels_digits_and_separators(
        pieces in proptest::collection::vec(piece(), 0..160)
    ) {
        let text: String = pieces.concat();
        let d = doc(&text);
        for t in [parse(&d), tables::parse_document(&d)] {
            for f in tables::check(&t) {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= d.view.text.len());
                prop_assert!(d.view.text.is_char_boundary(f.span.start));
                prop_assert!(d.view.text.is_char_boundary(f.span.end));
                for r in &f.related {
                    prop_assert!(r.end <= d.view.text.len());
                }
                let _ = d.original_range(f.span.clone());
            }
        }
        // Arbitrary (even nonsensical) paragraph ranges are tolerated too.
        #[allow(clippy::reversed_empty_ranges)]
        let odd = [0..text.len() / 2, 3..1];
        let _ = tables::parse(&text, &odd);
    }
}

#[test]
fn the_whole_table_set_of_a_real_shaped_report_is_quick() {
    // A document of many concatenated reports stays fast (no quadratic blow-up).
    let one = std::fs::read_to_string("tests/fixtures/tables/report-pipe.txt").unwrap();
    let many = one.repeat(40);
    let d = doc(&many);
    let started = std::time::Instant::now();
    let t = parse(&d);
    assert!(t.table3.is_some());
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn table_four_as_three_labelled_rows() {
    let text = "\
四、政府信息公开行政复议、行政诉讼情况
本年度发生行政复议4件、行政诉讼3件。
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 行政复议 | 2 | 1 | 0 | 1 | 4 |
| 行政诉讼（未经复议直接起诉） | 1 | 0 | 0 | 1 | 3 |
| 行政诉讼（复议后起诉） | 0 | 0 | 1 | 0 | 1 |
五、存在的主要问题及改进情况
";
    let d = doc(text);
    let t = parse(&d);
    let t4 = t.table4.as_ref().expect("table 四");
    assert_eq!(t4.review_total(), Some(4));
    assert_eq!(
        t4.value(Proceeding::LitigationAfterReview, Outcome::Other),
        Some(1)
    );
    let findings = tables::check(&t);
    assert_eq!(
        described(&d, &findings),
        [found("identity-review-litigation", 6, 36, "3")],
        "{findings:#?}"
    );
    assert_eq!(findings[0].expected.as_deref(), Some("2"));
}

#[test]
fn labels_spanning_rows_printed_among_the_rows_are_just_text() {
    // PDF extraction prints a label spanning rows at the height of its
    // middle row, glued to a row or on lines of its own.
    let rows: Vec<String> = national_rows()
        .iter()
        .map(|(label, six)| {
            let total: u64 = six.iter().sum();
            let cells: Vec<String> = six.iter().map(u64::to_string).collect();
            let line = format!("{label}  {}  {total}", cells.join("  "));
            match *label {
                "4.保护第三方合法权益" => format!("（三）不予\n{line}\n公开"),
                "2.没有现成信息需要另行制作" => format!("（四）无法提供 {line}"),
                "3.要求提供公开出版物" => format!("（五）不予处理 {line}"),
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" =>
                {
                    format!("（六）其他\n{line}\n处理")
                }
                "6.属于四类过程性信息" => format!("三、本年度\n{line}\n办理结果"),
                _ => line,
            }
        })
        .collect();
    let text = format!(
        "某某县教育局2022年政府信息公开工作年度报告\n\
         二、主动公开政府信息情况\n本年度制发规章1件、行政规范性文件6件，废止2件。\n\
         第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n\
         规章 1 0 5\n行政规范性文件 6 2 31\n\
         第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 1288\n\
         三、收到和处理政府信息公开申请情况\n\
         本年新收政府信息公开申请69件，上年结转4件，予以公开24件。\n\
         （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\
         申请人情况\n{}\n\
         四、政府信息公开行政复议、行政诉讼情况\n无。\n",
        rows.join("\n")
    );
    let d = doc(&text);
    let t = parse(&d);
    let t3 = t.table3.as_ref().expect("table 三");
    for (row, values) in t3_expected() {
        for (column, value) in Column::NATIONAL.iter().zip(values) {
            assert_eq!(t3.value(row, *column), Some(value), "{row:?} {column:?}");
        }
    }
    assert!(t3.rows.iter().all(|r| !matches!(r.row, Row::Subtotal(_))));
    let t2 = t.table2.as_ref().expect("table 二");
    assert_eq!(t2.value(Item::Rules, Measure::InForce), Some(5));
    assert_eq!(t2.value(Item::Licensing, Measure::Decisions), Some(1288));
    assert_eq!(tables::check(&t), []);
}

#[test]
fn traditional_character_pages_are_read() {
    let simplified = report_with_table3(&with_groups(tab_rows(&national_rows()), false));
    let pairs = [
        ('开', '開'),
        ('请', '請'),
        ('数', '數'),
        ('结', '結'),
        ('转', '轉'),
        ('处', '處'),
        ('总', '總'),
        ('计', '計'),
        ('复', '複'),
        ('议', '議'),
        ('诉', '訴'),
        ('讼', '訟'),
        ('于', '於'),
        ('国', '國'),
        ('护', '護'),
        ('权', '權'),
        ('类', '類'),
        ('过', '過'),
        ('执', '執'),
        ('询', '詢'),
        ('项', '項'),
        ('关', '關'),
        ('机', '機'),
        ('补', '補'),
        ('确', '確'),
        ('访', '訪'),
        ('举', '舉'),
        ('报', '報'),
        ('无', '無'),
        ('没', '沒'),
        ('缴', '繳'),
        ('纳', '納'),
        ('费', '費'),
        ('续', '續'),
        ('办', '辦'),
        ('属', '屬'),
        ('务', '務'),
        ('规', '規'),
        ('现', '現'),
        ('况', '況'),
        ('问', '問'),
        ('题', '題'),
        ('进', '進'),
        ('系', '係'),
        ('获', '獲'),
        ('认', '認'),
        ('当', '當'),
    ];
    let traditional: String = simplified
        .chars()
        .map(|c| pairs.iter().find(|(s, _)| *s == c).map_or(c, |(_, t)| *t))
        .collect();
    assert!(traditional.contains("四、結轉下年度") && traditional.contains("（七）總計"));
    let t = parse(&doc(&traditional));
    let t3 = t.table3.as_ref().expect("table 三");
    for (row, values) in t3_expected() {
        assert_eq!(t3.value(row, Column::Total), Some(values[6]), "{row:?}");
    }
    assert_eq!(tables::check(&t), []);
}

#[test]
fn the_shipped_example_report_has_its_table_two_only() {
    let text = std::fs::read_to_string("examples/annual-report-2022.txt").unwrap();
    let d = doc(&text);
    let t = parse(&d);
    let t2 = t.table2.as_ref().expect("table 二");
    assert_eq!(
        t2.value(Item::NormativeDocuments, Measure::InForce),
        Some(9)
    );
    assert_eq!(t2.value(Item::Rules, Measure::Issued), Some(0));
    // Section 三 only has prose (`予以公开2件，部分公开1件`): no table.
    assert!(t.table3.is_none());
    assert!(t.table4.is_none());
    assert_eq!(tables::check(&t), []);
}

/// A narrative figure that disagrees with the table points at the table
/// cells it was compared with.
#[test]
fn narrative_mismatches_carry_the_table_cells_as_related_places() {
    let rules = common::embedded_rules();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tables/narrative-share.txt"
    ))
    .unwrap();
    let (doc, result) = common::lint(
        &rules,
        "narrative-share.txt",
        &text,
        &zwgk::document::MetadataOverrides::default(),
    );
    let narrative: Vec<(&str, Vec<(usize, &str)>)> = result
        .diagnostics
        .iter()
        .filter(|d| rules.rules[d.rule].id == "annual-report/narrative-figures")
        .map(|d| {
            (
                &doc.text[d.span.clone()],
                d.related
                    .iter()
                    .map(|r| {
                        (
                            doc.position(r.span.start).line as usize,
                            &doc.text[r.span.clone()],
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        narrative,
        [
            ("21", vec![(6, "20")]),
            ("80%", vec![(8, "12"), (9, "3"), (10, "20")]),
        ]
    );
}
