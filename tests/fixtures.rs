//! Whole documents of our own making, linted with the embedded rules:
//! every finding is asserted by rule, position and the original characters.

mod common;

use common::{embedded_rules, lint_file, Found};

#[test]
fn pdf_wrapped_summary_reports_each_injected_error_on_the_original_characters() {
    let rules = embedded_rules();
    let found = lint_file(&rules, "tests/fixtures/summary-pdf-broken.txt");
    assert_eq!(
        found,
        [
            // The title is wrapped over two lines; the missing section is reported on it.
            Found::new(
                "summary/required-sections",
                1,
                1,
                "某某县民政局2022年政务公开\n工作总结"
            ),
            Found::new("summary/reporting-year", 10, 6, "2021"),
            Found::new("summary/heading-sequence", 32, 3, "（二）"),
            // The repetition straddles a hard line break and a blank line.
            Found::new("style/repeated-word", 36, 23, "推进\n\n推进"),
            Found::new("style/mixed-width-brackets", 42, 5, ")"),
        ]
    );
}

#[test]
fn the_clean_twin_of_the_pdf_summary_reports_nothing() {
    let rules = embedded_rules();
    assert_eq!(
        lint_file(&rules, "tests/fixtures/summary-pdf-clean.txt"),
        []
    );
}

#[test]
fn the_shipped_examples_report_what_they_demonstrate() {
    let rules = embedded_rules();
    assert_eq!(
        lint_file(&rules, "examples/summary-web.txt"),
        [
            Found::new("summary/reporting-year", 1, 23, "2022"),
            Found::new("style/half-width-punctuation", 3, 6, ","),
            Found::new("style/typo", 3, 47, "做为"),
            Found::new("style/placeholder", 9, 23, "XX条"),
            Found::new("summary/enumeration-sequence", 19, 27, "四是"),
        ]
    );
    assert_eq!(
        lint_file(&rules, "examples/annual-report-2022.txt"),
        [
            Found::new(
                "regulation/annual-report-other-matters",
                1,
                1,
                "某某县交通运输局2022年政府信息公开工作年度报告"
            ),
            Found::new("regulation/statistics-period-year", 3, 75, "2021"),
            Found::new("regulation/statistics-period-year", 3, 85, "2021"),
        ]
    );
}

#[test]
fn a_collapsed_rule_counts_and_fixes_every_occurrence_past_the_finding_cap() {
    let rules = embedded_rules();
    let body = "全年发布信息,其中政策文件,均已公开。\n".repeat(600);
    let text = format!("某县民政局2022年政务公开工作总结\n{body}");
    let (doc, result) = common::lint(&rules, "t.txt", &text, &Default::default());
    let half_width: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| rules.rules[d.rule].id == "style/half-width-punctuation")
        .collect();
    assert_eq!(half_width.len(), 1);
    assert!(
        half_width[0].message.contains("全文有 1200 处"),
        "{}",
        half_width[0].message
    );
    let edits = &half_width[0].fix.as_ref().unwrap().edits;
    assert_eq!(edits.len(), 1200);
    assert_eq!(zwgk::fix::apply(&doc.text, edits).matches(',').count(), 0);
}
