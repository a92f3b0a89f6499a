//! Writing a run's report file by file, as files are linted, so that a bulk
//! run's memory does not grow with the corpus: each format writes what it
//! can at once and keeps only small facts (counts, checklist rows) for the end.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use miette::GraphicalReportHandler;
use serde::Serialize;

use super::checklist::{self, Row};
use super::human::{self, HumanOptions};
use super::sarif::SarifWriter;
use super::{concise, github, json, jsonl, FileReport, Totals};
use crate::diagnostic::Severity;
use crate::rules::RuleSet;

/// What to write.
pub enum Layout {
    Human(HumanOptions),
    Concise,
    Json,
    Jsonl,
    Sarif {
        root: PathBuf,
    },
    Github,
    ChecklistMarkdown,
    ChecklistCsv,
    /// Counts per rule instead of the findings (`--statistics`).
    Statistics {
        json: bool,
    },
    /// One line per file instead of the findings (`--summary`).
    Summary {
        json: bool,
    },
}

enum State {
    None,
    Human(Box<GraphicalReportHandler>),
    Json { first: bool },
    Sarif(SarifWriter),
    Checklist(Vec<Row>),
    Statistics(BTreeMap<usize, usize>),
    Summary { first: bool },
}

pub struct Stream<'a> {
    layout: Layout,
    rules: &'a RuleSet,
    state: State,
    pub totals: Totals,
}

#[derive(Serialize)]
struct StatisticsRow<'a> {
    rule: &'a str,
    severity: Severity,
    count: usize,
    title: &'a str,
}

#[derive(Serialize)]
struct SummaryRow<'a> {
    /// `path#N` for the N-th report of a split compilation.
    path: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Checklist items the document's unit must cover and does not.
    missing: usize,
    kind: String,
    year: Option<i32>,
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<'a> Stream<'a> {
    pub fn begin(layout: Layout, rules: &'a RuleSet, out: &mut dyn Write) -> io::Result<Self> {
        let state = match &layout {
            Layout::Human(options) => State::Human(Box::new(human::handler(options))),
            Layout::Json => {
                json::begin(out)?;
                State::Json { first: true }
            }
            Layout::Sarif { root } => State::Sarif(SarifWriter::begin(out, rules, root)?),
            Layout::ChecklistMarkdown | Layout::ChecklistCsv => State::Checklist(Vec::new()),
            Layout::Statistics { .. } => State::Statistics(BTreeMap::new()),
            Layout::Summary { json } => {
                if !json {
                    writeln!(
                        out,
                        "path\terrors\twarnings\tinfos\tmissing\tkind\tyear\tunit"
                    )?;
                } else {
                    write!(out, "[")?;
                }
                State::Summary { first: true }
            }
            _ => State::None,
        };
        Ok(Self {
            layout,
            rules,
            state,
            totals: Totals::default(),
        })
    }

    pub fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.totals.add(report);
        let rules = self.rules;
        match (&self.layout, &mut self.state) {
            (Layout::Human(_), State::Human(handler)) => {
                human::write_file(out, handler, report, rules)
            }
            (Layout::Concise, _) => concise::write_file(out, report, rules),
            (Layout::Json, State::Json { first }) => {
                let result = json::file(out, *first, report, rules);
                *first = false;
                result
            }
            (Layout::Jsonl, _) => jsonl::write_file(out, report, rules),
            (Layout::Sarif { .. }, State::Sarif(writer)) => writer.file(out, report, rules),
            (Layout::Github, _) => github::write_file(out, report, rules),
            (_, State::Checklist(rows)) => {
                rows.push(Row::of(report));
                Ok(())
            }
            (_, State::Statistics(counts)) => {
                for d in report.diagnostics() {
                    *counts.entry(d.rule).or_default() += 1;
                }
                Ok(())
            }
            (Layout::Summary { json }, State::Summary { first }) => {
                let row = summary_row(report);
                if *json {
                    out.write_all(if *first { b"\n" } else { b",\n" })?;
                    serde_json::to_writer(&mut *out, &row)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        row.path,
                        row.errors,
                        row.warnings,
                        row.infos,
                        row.missing,
                        row.kind,
                        row.year.map(|y| y.to_string()).unwrap_or_default(),
                        row.unit.or(row.error).unwrap_or_default()
                    )?;
                }
                *first = false;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        let rules = self.rules;
        match (self.layout, self.state) {
            (Layout::Human(_), _) => writeln!(out, "{}", self.totals.sentence()),
            (Layout::Json, _) => json::end(out, &self.totals),
            (Layout::Sarif { .. }, State::Sarif(writer)) => writer.end(out),
            (Layout::ChecklistMarkdown, State::Checklist(rows)) => {
                checklist::markdown(out, &rows, rules)
            }
            (Layout::ChecklistCsv, State::Checklist(rows)) => checklist::csv(out, &rows, rules),
            (Layout::Statistics { json }, State::Statistics(counts)) => {
                let mut rows: Vec<StatisticsRow> = counts
                    .iter()
                    .map(|(&rule, &count)| StatisticsRow {
                        rule: &rules.rules[rule].id,
                        severity: rules.rules[rule].severity,
                        count,
                        title: &rules.rules[rule].title,
                    })
                    .collect();
                rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
                if json {
                    serde_json::to_writer_pretty(&mut *out, &rows)?;
                    writeln!(out)
                } else {
                    for row in &rows {
                        writeln!(
                            out,
                            "{:>7}  {:<7}  {:<44}  {}",
                            row.count, row.severity, row.rule, row.title
                        )?;
                    }
                    writeln!(out, "{}", self.totals.sentence())
                }
            }
            (Layout::Summary { json: true }, _) => writeln!(out, "\n]"),
            _ => Ok(()),
        }
    }
}

fn summary_row(report: &FileReport) -> SummaryRow<'_> {
    let totals = Totals::of(std::slice::from_ref(report));
    match report {
        FileReport::Linted { doc, checklist, .. } => SummaryRow {
            path: doc
                .part
                .as_ref()
                .map_or_else(|| doc.path.clone(), |(n, _)| format!("{}#{n}", doc.path)),
            errors: totals.errors,
            warnings: totals.warnings,
            infos: totals.infos,
            missing: checklist
                .iter()
                .filter(|e| !e.covered && e.responsible)
                .count(),
            kind: doc.meta.kind.to_string(),
            year: doc.meta.year,
            unit: doc.meta.unit.as_deref(),
            error: None,
        },
        FileReport::Failed { path, error } => SummaryRow {
            path: path.clone(),
            errors: 0,
            warnings: 0,
            infos: 0,
            missing: 0,
            kind: String::new(),
            year: None,
            unit: None,
            error: Some(error),
        },
    }
}
