//! The real documents in ../shared/corpus (when present): the compilation of
//! eleven 2022 work summaries is split at its title lines and each report is
//! linted as its own document. Asserts specific known findings by position,
//! and that nothing else floods.

mod common;

use std::path::Path;

use common::{embedded_rules, found, lint, Found};
use zwgk::document::{DocKind, MetadataOverrides, UnitRole};

const COMPILATION: &str = "../shared/corpus/summaries-2022.txt";

/// Title lines of the reports in the compilation: a unit, a year and a
/// document-kind word, alone on a line, not a numbered heading.
fn is_title(line: &str) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    (8..=40).contains(&chars)
        && !line.contains(' ')
        && line.contains("2022年")
        && ["总结", "计划", "思路", "报告"]
            .iter()
            .any(|w| line.ends_with(w))
        && !zwgk::document::structure::starts_with_ordinal(line)
}

/// The reports as (first line number in the file, text).
fn split_reports(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| is_title(lines[i])).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(lines.len());
            (start + 1, lines[start..end].join("\n"))
        })
        .collect()
}

fn corpus() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(COMPILATION);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipping: {} not found", path.display());
            None
        }
    }
}

struct Report {
    first_line: usize,
    unit: Option<String>,
    found: Vec<Found>,
}

fn lint_all() -> Option<Vec<Report>> {
    let text = corpus()?;
    let rules = embedded_rules();
    let reports = split_reports(&text)
        .into_iter()
        .map(|(first_line, report)| {
            let (doc, result) = lint(&rules, "report", &report, &MetadataOverrides::default());
            assert_eq!(
                doc.meta.kind,
                DocKind::WorkSummary,
                "report at line {first_line}"
            );
            assert_eq!(doc.meta.year, Some(2022), "report at line {first_line}");
            assert_ne!(
                doc.meta.role,
                UnitRole::Unknown,
                "report at line {first_line}"
            );
            Report {
                first_line,
                unit: doc.meta.unit.clone(),
                found: found(&rules, &doc, &result),
            }
        })
        .collect();
    Some(reports)
}

fn report<'a>(reports: &'a [Report], unit: &str) -> &'a Report {
    reports
        .iter()
        .find(|r| r.unit.as_deref() == Some(unit))
        .unwrap_or_else(|| panic!("no report by {unit}"))
}

#[test]
fn the_compilation_holds_eleven_reports_with_their_units() {
    let Some(reports) = lint_all() else { return };
    let units: Vec<&str> = reports
        .iter()
        .map(|r| r.unit.as_deref().unwrap_or("?"))
        .collect();
    assert_eq!(
        units,
        [
            "安庆市",
            "蚌埠市公共资源局",
            "蚌埠市住房公积金管理中心",
            "滁州市水利局",
            "固原市市场监管局",
            "淮南市教体局",
            "淮南市人社局",
            "马鞍山市商务局",
            "桐城市商务局",
            "温岭市发改局",
            "温岭市融媒体中心",
        ]
    );
}

#[test]
fn known_errors_are_found_where_they_are() {
    let Some(reports) = lint_all() else { return };
    let anqing = report(&reports, "安庆市");
    // 一是…三是…三是…四是: the first 三是 should read 二是.
    assert!(
        anqing
            .found
            .contains(&Found::new("summary/enumeration-sequence", 9, 164, "三是")),
        "{:?}",
        anqing.found
    );
    // The text is typed with half-width punctuation throughout: one collapsed
    // diagnostic at the first half-width mark, not hundreds.
    let half_width: Vec<&Found> = anqing
        .found
        .iter()
        .filter(|f| f.rule == "style/half-width-punctuation")
        .collect();
    assert_eq!(
        half_width,
        [&Found::new("style/half-width-punctuation", 3, 6, ",")]
    );

    let guyuan = report(&reports, "固原市市场监管局");
    assert!(
        guyuan
            .found
            .contains(&Found::new("style/repeated-word", 7, 129, "领域领域")),
        "{:?}",
        guyuan.found
    );
}

#[test]
fn no_rule_floods_a_real_report() {
    let Some(reports) = lint_all() else { return };
    for report in &reports {
        let mut per_rule = std::collections::BTreeMap::<&str, usize>::new();
        for f in &report.found {
            *per_rule.entry(f.rule.as_str()).or_default() += 1;
        }
        for (rule, count) in per_rule {
            assert!(
                count <= 3,
                "{rule} reports {count} times in the report at line {}",
                report.first_line
            );
        }
    }
}
