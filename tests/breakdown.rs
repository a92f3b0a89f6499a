//! The `breakdown` check (rules/figures.toml): a total in the prose and the
//! parts listed after `其中`. Each case gives the exact characters reported
//! (the total figure) and the message, or asserts silence.

mod common;

use common::{embedded_rules, found, lint, Found};
use proptest::prelude::*;
use zwgk::document::MetadataOverrides;
use zwgk::rules::RuleSet;

fn figures(rules: &RuleSet, text: &str) -> Vec<(Found, String)> {
    let (doc, result) = lint(rules, "t.txt", text, &MetadataOverrides::default());
    found(rules, &doc, &result)
        .into_iter()
        .zip(&result.diagnostics)
        .filter(|(f, _)| f.rule.starts_with("figures/"))
        .map(|(f, d)| (f, d.message.clone()))
        .collect()
}

fn silent(rules: &RuleSet, text: &str) {
    let got = figures(rules, text);
    assert!(got.is_empty(), "{text}\n{got:#?}");
}

#[test]
fn parts_exceeding_the_total_are_an_error_on_the_total() {
    let rules = embedded_rules();
    let text = "工作总结\n一、工作开展情况\n全年共收到申请24件，其中同意公开7件，部分公开7件，不予公开12件。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/parts-exceed-total", 3, 8, "24件"),
            "分项之和（7+7+12=26件）大于总数（24件）：请核对总数或各分项。".to_string()
        )]
    );
}

#[test]
fn a_marker_may_open_the_next_sentence_and_units_of_one_family_mix() {
    let rules = embedded_rules();
    let text = "主动公开政府信息520条。其中，工作动态300篇，政策文件40件，其他信息190条。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/parts-exceed-total", 1, 9, "520条"),
            "分项之和（300+40+190=530条）大于总数（520条）：请核对总数或各分项。".to_string()
        )]
    );
}

#[test]
fn a_complete_list_that_falls_short_is_a_warning() {
    let rules = embedded_rules();
    // The six outcomes of an application are all named.
    let text = "全年收到申请30件，其中予以公开10件，部分公开5件，不予公开2件，无法提供6件，不予处理3件，其他处理2件。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/breakdown-mismatch", 1, 7, "30件"),
            "分项之和（10+5+2+6+3+2=28件）小于总数（30件）：请核对总数或各分项。".to_string()
        )]
    );
    // The last part is the remainder.
    let text = "发布信息1.5万条，其中工作动态9000条、通知公告3000条和其余信息2000条。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/breakdown-mismatch", 1, 5, "1.5万条"),
            "分项之和（9000+3000+2000=14000条）小于总数（15000条）：请核对总数或各分项。"
                .to_string()
        )]
    );
}

#[test]
fn full_width_digits_brackets_and_pdf_wrapping() {
    let rules = embedded_rules();
    let text = "受理申请１２件（其中网上申请１５件）。\n";
    assert_eq!(
        figures(&rules, text)
            .into_iter()
            .map(|(f, _)| f)
            .collect::<Vec<_>>(),
        [Found::new("figures/parts-exceed-total", 1, 5, "１２件")]
    );
    // A PDF extraction wraps the sentence, here inside the total: the
    // reported span is the original characters, line break included.
    let wrapped = "某局2022年政务公开工作总结\n\n\u{3000}\u{3000}今年以来，我局认真贯彻落实政务公开各项要求，\n\n围绕中心工作，加强组织领导，完善工作机制，推动政\n\n务公开工作取得新进展。全年主动公开政府信息共计12\n\n0条，其中工作动态80篇，政策文件50件，各类解读材\n\n料10篇。本年度未收到政府信息公开申请，未发生行政\n\n复议和行政诉讼案件。\n\n- 1 -\n";
    assert_eq!(
        figures(&rules, wrapped),
        [(
            Found::new("figures/parts-exceed-total", 7, 24, "12\n\n0条"),
            "分项之和（80+50+10=140条）大于总数（120条）：请核对总数或各分项。".to_string()
        )]
    );
}

#[test]
fn breakdowns_that_add_up_are_silent() {
    let rules = embedded_rules();
    silent(
        &rules,
        "全年收到申请24件，其中同意公开7件，部分公开7件，不予公开10件。",
    );
    silent(
        &rules,
        "发布信息2,315条，其中工作动态2,000条，政策文件315件。",
    );
    silent(
        &rules,
        "共收到政府信息公开申请30件，其中自然人申请26件，法人或其他组织申请4件。",
    );
    silent(&rules, "资金1.2万元，其中市级资金8000元、县级资金4000元。");
}

#[test]
fn partial_or_uncertain_breakdowns_are_silent() {
    let rules = embedded_rules();
    // Only some categories, no sign of completeness.
    silent(&rules, "发布信息350条，其中政策文件40条，工作动态260条。");
    // `等`, `主要有`.
    silent(
        &rules,
        "发布信息350条，其中政策文件40条，工作动态260条，其他信息30条等。",
    );
    silent(
        &rules,
        "发布信息350条，其中主要有政策文件40条，其余信息30条。",
    );
    // Approximate totals and parts.
    silent(
        &rules,
        "发布信息300余条，其中工作动态200篇、通知公告120篇。",
    );
    silent(
        &rules,
        "发布信息约300条，其中工作动态200篇、通知公告120篇。",
    );
    silent(
        &rules,
        "发布信息300条，其中工作动态200多篇、通知公告120篇。",
    );
    // Bounds, ranges and rates.
    silent(
        &rules,
        "全年发布信息不少于100条，其中政策文件不少于60条，政策解读不少于50条。",
    );
    silent(
        &rules,
        "全年发布信息100条，其中政策文件60至70条，政策解读40条。",
    );
    silent(
        &rules,
        "全年发布信息100条，其中每月发布政策解读10条，每周发布动态30条，其余60条。",
    );
    // Percentages and comparisons are not parts.
    silent(
        &rules,
        "收到申请40件，其中同意公开30件，占75%，较上年增加12件。",
    );
    silent(&rules, "收到申请40件，其中同意公开30件，较上年增加12件。");
    // The total is the last item of an enumeration.
    silent(
        &rules,
        "办理人大代表建议12件、政协提案15件，其中主办20件，协办7件。",
    );
    // Text between the total and the marker.
    silent(
        &rules,
        "发布信息300条，同比增长12%，其中工作动态200篇、通知公告120篇。",
    );
    // Another unit family.
    silent(&rules, "举办培训12场，其中参训人员300人次。");
    silent(&rules, "建成专区22个，其中乡镇9个，覆盖群众30万人。");
    // Durations are not counts; ordinals are not figures.
    silent(
        &rules,
        "办理申请5件，其中3个工作日内答复4件，10个工作日内答复1件。",
    );
    silent(&rules, "依据第12条，其中第13条、第14条另有规定。");
    // Sub-breakdowns in brackets are not parts of the outer total.
    silent(
        &rules,
        "发布信息100条，其中政策文件40条（含解读文件60条），其余信息60条。",
    );
    // A full-width comma inside a number is ambiguous.
    silent(
        &rules,
        "发布信息2，315条，其中工作动态2，000条，政策文件400件。",
    );
    // A semicolon after comma-separated parts starts another clause...
    silent(
        &rules,
        "收到申请20件，其中予以公开12件，部分公开5件；办理建议提案12件。",
    );
    // ...but may separate every part.
    assert_eq!(
        figures(
            &rules,
            "收到申请20件，其中予以公开12件；部分公开5件；不予公开4件。"
        )
        .len(),
        1
    );
    // Nested markers.
    silent(&rules, "收到申请20件，其中网上申请15件，其中同意公开18件。");
    // Table rows are not prose.
    silent(
        &rules,
        "一、本年新收政府信息公开申请数量 | 2 | 其中 | 5 | 件 |",
    );
}

#[test]
fn stated_shares_are_recomputed_from_the_part_and_the_total() {
    let rules = embedded_rules();
    let text = "全年受理申请83件，其中土地征收类64件，占77.5%，房屋征收类10件（12%）。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/percent-mismatch", 1, 23, "77.5%"),
            "按分项（64件）和总数（83件）计算，占比应为77.1%，这里写的是77.5%：请核对。"
                .to_string()
        )]
    );
    // Rounded or truncated at the stated decimals, full-width percent sign.
    silent(
        &rules,
        "全年受理申请83件，其中土地征收类64件，占77.1%，房屋征收类10件（12％）。",
    );
    silent(
        &rules,
        "收到申请30件，其中同意公开20件，占67%，部分公开10件，占33%。",
    );
    silent(
        &rules,
        "收到申请30件，其中同意公开20件，占66%，部分公开10件，占33%。",
    );
    // Not a share of this total.
    silent(&rules, "收到申请30件，其中同意公开20件，约占70%。");
    silent(&rules, "收到申请30件，其中同意公开20件，占全市的40%。");
    silent(&rules, "收到申请30件，其中同意公开20件，同比增长50%。");
    // When the parts exceed the total, only that is reported.
    assert_eq!(
        figures(
            &rules,
            "收到申请40件，其中同意公开30件，占80%，部分公开12件。"
        )
        .into_iter()
        .map(|(f, _)| f)
        .collect::<Vec<_>>(),
        [Found::new("figures/parts-exceed-total", 1, 5, "40件")]
    );
}

#[test]
fn labels_then_figures_with_fenbiewei() {
    let rules = embedded_rules();
    let text = "全年收到申请24件，其中同意公开、部分公开和不予公开分别为7件、7件和12件。\n";
    assert_eq!(
        figures(&rules, text),
        [(
            Found::new("figures/parts-exceed-total", 1, 7, "24件"),
            "分项之和（7+7+12=26件）大于总数（24件）：请核对总数或各分项。".to_string()
        )]
    );
    // Both applicant categories named: complete.
    assert_eq!(
        figures(
            &rules,
            "收到申请30件，其中自然人、法人或其他组织分别为25件、4件。"
        )
        .into_iter()
        .map(|(f, _)| f)
        .collect::<Vec<_>>(),
        [Found::new("figures/breakdown-mismatch", 1, 5, "30件")]
    );
    // As many figures as labels, or nothing.
    silent(
        &rules,
        "收到申请30件，其中自然人、法人或其他组织分别为25件、4件、3件。",
    );
    silent(&rules, "收到申请30件，其中同意公开、部分公开分别为25件。");
    silent(
        &rules,
        "收到申请30件，其中同意公开、部分公开分别为25件、5件。",
    );
}

/// Pieces of breakdown sentences, glued at random.
const PIECES: &[&str] = &[
    "发布信息",
    "收到申请",
    "350条",
    "24件",
    "7件",
    "12篇",
    "2,315条",
    "１２件",
    "1.5万条",
    "300余条",
    "其中",
    "包括",
    "分别为",
    "，",
    "、",
    "和",
    "；",
    "。",
    "（",
    "）",
    "占75%",
    "（12.5％）",
    "约",
    "等",
    "其余",
    "自然人",
    "法人",
    "予以公开",
    "第",
    "3个工作日",
    "\n",
    "\n\n",
    " ",
    "|",
    "𠮷",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn breakdown_spans_are_figures_or_shares(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..60)
    ) {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(embedded_rules);
        let text = format!("某局2022年政务公开工作总结\n{}", pieces.concat());
        for (found, _) in figures(rules, &text) {
            let reported: String = found.text.chars().filter(|c| !c.is_whitespace()).collect();
            let figure = reported.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            prop_assert!(figure, "{found:?} in {text:?}");
        }
    }
}
