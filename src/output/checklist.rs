//! Checklists for auditors: for each document, every checklist rule that
//! applies to it (required topics and sections, work-point tasks) as covered
//! or missing, with where the evidence is. A run over many documents gives
//! one matrix of documents × checklist items (Markdown for people, CSV for
//! spreadsheets). Only small rows are kept per document, so a bulk run's
//! memory does not grow with the documents' size.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::{FileReport, Totals};
use crate::document::Document;
use crate::engine::ChecklistEntry;
use crate::rules::RuleSet;

const COVERED: &str = "covered";
const MISSING: &str = "missing";
const NOT_APPLICABLE: &str = "n/a";
/// Another unit's task (work points): listed, not this document's to cover.
const OTHER_UNIT: &str = "other-unit";

#[derive(Debug, Clone)]
struct Item {
    rule: usize,
    covered: bool,
    responsible: bool,
    evidence: String,
}

/// What the checklist keeps of one document.
#[derive(Debug, Clone)]
pub struct Row {
    path: String,
    /// `None` for a file that could not be read, with the error.
    document: Result<DocumentFacts, String>,
    totals: Totals,
}

#[derive(Debug, Clone)]
struct DocumentFacts {
    unit: String,
    kind: String,
    year: String,
    items: Vec<Item>,
}

fn evidence(doc: &Document, entry: &ChecklistEntry) -> String {
    entry
        .evidence
        .iter()
        .map(|span| {
            let quoted: String = doc.text[span.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(30)
                .collect();
            format!("第{}行“{}”", doc.position(span.start).line, quoted)
        })
        .collect::<Vec<_>>()
        .join("；")
}

impl Row {
    pub fn of(report: &FileReport) -> Row {
        let totals = Totals::of(std::slice::from_ref(report));
        let document = match report {
            FileReport::Linted { doc, checklist, .. } => Ok(DocumentFacts {
                unit: doc.meta.unit.clone().unwrap_or_default(),
                kind: doc.meta.kind.to_string(),
                year: doc.meta.year.map(|y| y.to_string()).unwrap_or_default(),
                items: checklist
                    .iter()
                    .map(|entry| Item {
                        rule: entry.rule,
                        covered: entry.covered,
                        responsible: entry.responsible,
                        evidence: evidence(doc, entry),
                    })
                    .collect(),
            }),
            FileReport::Failed { error, .. } => Err(error.clone()),
        };
        Row {
            path: report.path().to_string(),
            document,
            totals,
        }
    }

    fn status(&self, rule: usize) -> &'static str {
        match &self.document {
            Ok(facts) => match facts.items.iter().find(|i| i.rule == rule) {
                Some(item) if !item.responsible => OTHER_UNIT,
                Some(item) if item.covered => COVERED,
                Some(_) => MISSING,
                None => NOT_APPLICABLE,
            },
            Err(_) => NOT_APPLICABLE,
        }
    }
}

/// Checklist rules that applied to at least one document, in rule order.
fn columns(rows: &[Row]) -> Vec<usize> {
    let mut set = BTreeSet::new();
    for row in rows {
        if let Ok(facts) = &row.document {
            set.extend(facts.items.iter().map(|i| i.rule));
        }
    }
    set.into_iter().collect()
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(out: &mut dyn Write, rows: &[Row], rules: &RuleSet) -> io::Result<()> {
    let columns = columns(rows);
    writeln!(out, "# 检查清单\n")?;
    if rows.len() > 1 {
        write!(out, "| 文件 |")?;
        for &rule in &columns {
            write!(out, " {} |", markdown_cell(&rules.rules[rule].topic))?;
        }
        write!(out, "\n|---|")?;
        for _ in &columns {
            write!(out, ":-:|")?;
        }
        writeln!(out)?;
        for row in rows {
            write!(out, "| {} |", markdown_cell(&row.path))?;
            for &rule in &columns {
                let mark = match (&row.document, row.status(rule)) {
                    (Err(_), _) => "?",
                    (_, COVERED) => "✓",
                    (_, MISSING) => "✗",
                    (_, OTHER_UNIT) => "·",
                    _ => "—",
                };
                write!(out, " {mark} |")?;
            }
            writeln!(out)?;
        }
        writeln!(
            out,
            "\n✓ 已覆盖　✗ 缺少　· 非本单位任务　— 不适用　? 无法读取\n"
        )?;
    }
    for row in rows {
        match &row.document {
            Ok(facts) => {
                let unit = if facts.unit.is_empty() {
                    "单位未识别"
                } else {
                    &facts.unit
                };
                let year = if facts.year.is_empty() {
                    "年度未识别".to_string()
                } else {
                    format!("{}年度", facts.year)
                };
                writeln!(out, "## {}\n\n{unit}（{}，{year}）\n", row.path, facts.kind)?;
                if facts.items.is_empty() {
                    writeln!(out, "没有适用于此文档的检查项。\n")?;
                    continue;
                }
                writeln!(
                    out,
                    "| 检查项 | 结果 | 位置 | 规则 | 依据 |\n|---|:-:|---|---|---|"
                )?;
                for item in &facts.items {
                    let rule = &rules.rules[item.rule];
                    let result = match (item.covered, item.responsible) {
                        (true, true) => "✓ 已覆盖",
                        (false, true) => "✗ 缺少",
                        (true, false) => "✓ 已覆盖（非本单位任务）",
                        (false, false) => "— 未涉及（非本单位任务）",
                    };
                    writeln!(
                        out,
                        "| {} | {} | {} | `{}` | {} |",
                        markdown_cell(&rule.topic),
                        result,
                        markdown_cell(&item.evidence),
                        rule.id,
                        markdown_cell(&rule.reference.title)
                    )?;
                }
                writeln!(out)?;
            }
            Err(error) => writeln!(out, "## {}\n\n无法读取：{error}\n", row.path)?,
        }
    }
    Ok(())
}

pub fn csv(out: &mut dyn Write, rows: &[Row], rules: &RuleSet) -> io::Result<()> {
    let columns = columns(rows);
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "path", "unit", "kind", "year", "errors", "warnings", "infos", "missing",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    header.extend(columns.iter().map(|&rule| rules.rules[rule].id.clone()));
    writer.write_record(&header)?;
    for row in rows {
        let mut record = vec![row.path.clone()];
        match &row.document {
            Ok(facts) => {
                record.extend([facts.unit.clone(), facts.kind.clone(), facts.year.clone()]);
                record.extend(
                    [row.totals.errors, row.totals.warnings, row.totals.infos]
                        .map(|n| n.to_string()),
                );
                let missing = facts
                    .items
                    .iter()
                    .filter(|i| !i.covered && i.responsible)
                    .count();
                record.push(missing.to_string());
                record.extend(columns.iter().map(|&rule| row.status(rule).to_string()));
            }
            Err(error) => {
                record.extend(std::iter::repeat_n(String::new(), 7));
                record.extend(columns.iter().map(|_| format!("error: {error}")));
            }
        }
        writer.write_record(&record)?;
    }
    writer.flush()
}

pub fn write_markdown(
    out: &mut impl Write,
    reports: &[FileReport],
    rules: &RuleSet,
) -> io::Result<()> {
    let rows: Vec<Row> = reports.iter().map(Row::of).collect();
    markdown(out, &rows, rules)
}

pub fn write_csv(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    let rows: Vec<Row> = reports.iter().map(Row::of).collect();
    csv(out, &rows, rules)
}
