//! Checklists for auditors: for each document, every checklist rule that
//! applies to it (required topics and sections) as covered or missing, with
//! where the evidence is. A run over many documents gives one matrix of
//! documents × checklist items (Markdown for people, CSV for spreadsheets).

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::FileReport;
use crate::document::Document;
use crate::engine::ChecklistEntry;
use crate::rules::RuleSet;

const COVERED: &str = "covered";
const MISSING: &str = "missing";
const NOT_APPLICABLE: &str = "n/a";

/// Checklist rules that applied to at least one document, in rule order.
fn columns(reports: &[FileReport]) -> Vec<usize> {
    let mut set = BTreeSet::new();
    for report in reports {
        if let FileReport::Linted { checklist, .. } = report {
            set.extend(checklist.iter().map(|e| e.rule));
        }
    }
    set.into_iter().collect()
}

fn status(checklist: &[ChecklistEntry], rule: usize) -> &'static str {
    match checklist.iter().find(|e| e.rule == rule) {
        Some(entry) if entry.covered => COVERED,
        Some(_) => MISSING,
        None => NOT_APPLICABLE,
    }
}

fn describe(doc: &Document) -> String {
    format!(
        "{}（{}，{}）",
        doc.meta.unit.as_deref().unwrap_or("单位未识别"),
        doc.meta.kind,
        doc.meta
            .year
            .map_or_else(|| "年度未识别".to_string(), |y| format!("{y}年度"))
    )
}

/// Evidence as `第N行“…”` for the checklist details.
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

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn write_markdown(
    out: &mut impl Write,
    reports: &[FileReport],
    rules: &RuleSet,
) -> io::Result<()> {
    let columns = columns(reports);
    writeln!(out, "# 检查清单\n")?;
    if reports.len() > 1 {
        write!(out, "| 文件 |")?;
        for &rule in &columns {
            write!(out, " {} |", markdown_cell(&rules.rules[rule].topic))?;
        }
        write!(out, "\n|---|")?;
        for _ in &columns {
            write!(out, ":-:|")?;
        }
        writeln!(out)?;
        for report in reports {
            write!(out, "| {} |", markdown_cell(report.path()))?;
            for &rule in &columns {
                let mark = match report {
                    FileReport::Linted { checklist, .. } => match status(checklist, rule) {
                        COVERED => "✓",
                        MISSING => "✗",
                        _ => "—",
                    },
                    FileReport::Failed { .. } => "?",
                };
                write!(out, " {mark} |")?;
            }
            writeln!(out)?;
        }
        writeln!(out, "\n✓ 已覆盖　✗ 缺少　— 不适用　? 无法读取\n")?;
    }
    for report in reports {
        match report {
            FileReport::Linted { doc, checklist, .. } => {
                writeln!(out, "## {}\n\n{}\n", doc.path, describe(doc))?;
                if checklist.is_empty() {
                    writeln!(out, "没有适用于此文档的检查项。\n")?;
                    continue;
                }
                writeln!(
                    out,
                    "| 检查项 | 结果 | 位置 | 规则 | 依据 |\n|---|:-:|---|---|---|"
                )?;
                for entry in checklist {
                    let rule = &rules.rules[entry.rule];
                    let result = match (entry.covered, entry.responsible) {
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
                        markdown_cell(&evidence(doc, entry)),
                        rule.id,
                        markdown_cell(&rule.reference.title)
                    )?;
                }
                writeln!(out)?;
            }
            FileReport::Failed { path, error } => {
                writeln!(out, "## {path}\n\n无法读取：{error}\n")?
            }
        }
    }
    Ok(())
}

pub fn write_csv(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    let columns = columns(reports);
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec![
        "path", "unit", "kind", "year", "errors", "warnings", "infos", "missing",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(columns.iter().map(|&rule| rules.rules[rule].id.clone()));
    writer.write_record(&header)?;
    for report in reports {
        let totals = super::Totals::of(std::slice::from_ref(report));
        let mut row = vec![report.path().to_string()];
        match report {
            FileReport::Linted { doc, checklist, .. } => {
                row.push(doc.meta.unit.clone().unwrap_or_default());
                row.push(doc.meta.kind.to_string());
                row.push(doc.meta.year.map(|y| y.to_string()).unwrap_or_default());
                row.push(totals.errors.to_string());
                row.push(totals.warnings.to_string());
                row.push(totals.infos.to_string());
                row.push(
                    checklist
                        .iter()
                        .filter(|e| !e.covered && e.responsible)
                        .count()
                        .to_string(),
                );
                row.extend(
                    columns
                        .iter()
                        .map(|&rule| status(checklist, rule).to_string()),
                );
            }
            FileReport::Failed { error, .. } => {
                row.push(String::new());
                row.push(String::new());
                row.push(String::new());
                row.extend(["", "", "", ""].map(String::from));
                row.extend(columns.iter().map(|_| format!("error: {error}")));
            }
        }
        writer.write_record(&row)?;
    }
    writer.flush()
}
