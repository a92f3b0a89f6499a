//! Work points: the shipped Wencheng 2021 pack (all 14 indicators of its
//! annex), the checklists it gives a finance bureau, a township and the big
//! data centre, and `zwgk init workpoints`, which drafts a pack from a
//! 工作要点 text that loads and whose examples pass.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use zwgk::rules::{embedded, load_rule_set, PackSource, RuleSet};
use zwgk::workpoints::draft_pack;

const FINANCE: &str = "tests/fixtures/workpoints/wencheng-finance-2021.txt";
const TOWNSHIP: &str = "tests/fixtures/workpoints/wencheng-township-2021.txt";
const BIGDATA: &str = "tests/fixtures/workpoints/wencheng-bigdata-2021.txt";
/// A 要点 of our own with `（责任单位：…）` notes after numbered tasks.
const NOTES_POINTS: &str = "tests/fixtures/workpoints/anhe-workpoints-2022.txt";
/// A 要点 whose annex is a `|` table with a broken row and a repeated header.
const PIPE_POINTS: &str = "tests/fixtures/workpoints/qingshan-workpoints-2023.txt";
const CORPUS_POINTS: &str = "../shared/corpus/wencheng-workpoints-2021.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zwgk_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run zwgk");
    Run {
        code: output.status.code().expect("zwgk exited normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn zwgk(args: &[&str]) -> Run {
    zwgk_in(root(), args)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn wencheng() -> RuleSet {
    let source = embedded::optional("wencheng-2021").expect("the pack is shipped");
    let (rules, errors) = load_rule_set(&[source]);
    assert!(errors.is_empty(), "{errors:?}");
    rules
}

/// A pack loads with no error and every example passes.
fn load_clean(name: &str, text: &str) -> RuleSet {
    let (rules, errors) = load_rule_set(&[PackSource {
        name: name.to_string(),
        text: text.to_string(),
    }]);
    assert!(errors.is_empty(), "{name}: {errors:?}\n{text}");
    let failures = common::example_failures(&rules);
    assert!(failures.is_empty(), "{name}: {failures:#?}\n{text}");
    rules
}

/// The indicator number in a topic or reference (`指标10 …` → 10).
fn indicator(text: &str) -> usize {
    let at = text.find("指标").expect("names an indicator") + "指标".len();
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

fn per_indicator(rules: &RuleSet) -> BTreeMap<usize, usize> {
    let mut counts = BTreeMap::new();
    for rule in &rules.rules {
        *counts.entry(indicator(&rule.topic)).or_insert(0) += 1;
    }
    counts
}

/// Tasks per indicator in the annex of the Wencheng 2021 work points.
const ANNEX_TASKS: [(usize, usize); 14] = [
    (1, 2),
    (2, 2),
    (3, 4),
    (4, 2),
    (5, 2),
    (6, 1),
    (7, 1),
    (8, 2),
    (9, 1),
    (10, 3),
    (11, 1),
    (12, 1),
    (13, 2),
    (14, 2),
];

// ---------------------------------------------------------------------------
// The shipped pack
// ---------------------------------------------------------------------------

#[test]
fn the_pack_has_one_rule_per_annex_task_for_all_14_indicators() {
    let rules = wencheng();
    assert_eq!(
        per_indicator(&rules),
        ANNEX_TASKS.iter().copied().collect::<BTreeMap<_, _>>()
    );
    assert!(common::example_failures(&rules).is_empty());
    for rule in &rules.rules {
        assert!(rule.id.starts_with("wencheng-2021/"), "{}", rule.id);
        assert!(rule.title.starts_with("未报告"), "{}", rule.id);
        assert_eq!(
            rule.severity,
            zwgk::diagnostic::Severity::Warning,
            "{}",
            rule.id
        );
        assert_eq!(
            rule.applies_to
                .as_ref()
                .map(|k| k.iter().map(|k| k.name()).collect::<Vec<_>>()),
            Some(vec!["work-summary", "annual-report"]),
            "{}",
            rule.id
        );
        assert_eq!(rule.reference.status, zwgk::rules::Confidence::Confirmed);
        assert_eq!(
            indicator(&rule.reference.title),
            indicator(&rule.topic),
            "{}",
            rule.id
        );
        assert!(rule.description.contains("责任单位"), "{}", rule.id);
        let units = rule.units.as_ref().expect("every task names its units");
        let everyone = units == &["各级行政机关".to_string()];
        // A firing example, a covered one, and for a bound task one of another unit.
        let firing = rule
            .examples
            .iter()
            .filter(|e| !e.expected.is_empty())
            .count();
        let silent = rule
            .examples
            .iter()
            .filter(|e| e.expected.is_empty())
            .count();
        assert_eq!(firing, 1, "{}", rule.id);
        assert_eq!(silent, if everyone { 1 } else { 2 }, "{}", rule.id);
    }
}

#[test]
fn responsible_units_are_the_annex_names() {
    let rules = wencheng();
    let units = |slug: &str| -> Vec<String> {
        rules
            .rule(&format!("wencheng-2021/{slug}"))
            .unwrap()
            .1
            .units
            .clone()
            .unwrap()
    };
    assert_eq!(units("fiscal-budget-disclosure"), ["县财政局"]);
    assert_eq!(
        units("plans-disclosure"),
        ["县发改局", "县直属各单位", "各乡镇人民政府"]
    );
    assert_eq!(units("plans-column"), ["县大数据管理中心"]);
    assert_eq!(units("government-services"), ["县委改革办"]);
    assert_eq!(
        units("epidemic-information"),
        ["县防控办", "县卫健局", "县宣传部"]
    );
    assert_eq!(
        units("public-opinion"),
        ["县府办", "县委宣传部", "县委网信办"]
    );
    assert_eq!(
        units("website-intensification"),
        ["县大数据管理中心", "县信访局"]
    );
    assert_eq!(units("training"), ["县委组织部", "县司法局"]);
    assert_eq!(units("benefit-funds"), ["县政府办公室", "县财政局"]);
    assert_eq!(units("policy-interpretation"), ["各级行政机关"]);
}

// ---------------------------------------------------------------------------
// Checklists
// ---------------------------------------------------------------------------

/// The rows of one document's checklist: rule id → result column.
fn checklist_rows(markdown: &str) -> BTreeMap<String, String> {
    markdown
        .lines()
        .filter(|l| l.starts_with("| 指标"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            (cells[3].trim_matches('`').to_string(), cells[1].to_string())
        })
        .collect()
}

fn ids_with(rows: &BTreeMap<String, String>, result: &str) -> Vec<String> {
    rows.iter()
        .filter(|(_, r)| r.as_str() == result)
        .map(|(id, _)| id.trim_start_matches("wencheng-2021/").to_string())
        .collect()
}

fn checklist(path: &str) -> String {
    let run = zwgk(&[
        "check",
        "--no-config",
        "--workpoints",
        "wencheng-2021",
        "--select",
        "wencheng-2021",
        "--format",
        "checklist",
        path,
    ]);
    assert_eq!(run.code, 0, "warnings only\n{}\n{}", run.stdout, run.stderr);
    run.stdout
}

#[test]
fn a_finance_bureau_gets_its_tasks_as_required_and_others_as_not_its_own() {
    let out = checklist(FINANCE);
    assert!(
        out.contains("文成县财政局（work-summary，2021年度）"),
        "{out}"
    );
    assert!(out.contains(
        "| 指标4 做好财政信息公开：预决算公开、政府债务信息公开 | ✓ 已覆盖 | 第7行“预算”；第7行“债务” | `wencheng-2021/fiscal-budget-disclosure` | 《2021年文成县政务公开工作要点》附件“工作要点分解”指标4 |"
    ), "{out}");
    assert!(out.contains(
        "| 指标4 做好财政信息公开：惠民惠农政策和资金发放信息向村（社区）延伸 | ✓ 已覆盖 | 第9行“惠民惠农” | `wencheng-2021/benefit-funds` |"
    ), "{out}");
    assert!(out.contains(
        "| 指标10 推动依申请公开行政争议实质性化解：行政复议案件审理和争议实质性化解 | — 未涉及（非本单位任务） | 第13行“行政复议” | `wencheng-2021/administrative-review` |"
    ), "{out}");
    let rows = checklist_rows(&out);
    assert_eq!(rows.len(), 26);
    assert_eq!(
        ids_with(&rows, "✓ 已覆盖"),
        [
            "application-handling",
            "benefit-funds",
            "fiscal-budget-disclosure",
            "policy-documents",
            "policy-interpretation",
            "standard-catalogue",
            "supporting-institutions",
        ]
    );
    // 县直属各单位 includes the finance bureau: it must report its plans too.
    assert_eq!(
        ids_with(&rows, "✗ 缺少"),
        [
            "applicant-communication",
            "interpretation-forms",
            "joint-consultation",
            "major-decisions",
            "plans-disclosure",
        ]
    );
    assert_eq!(ids_with(&rows, "— 未涉及（非本单位任务）").len(), 14);
    assert!(ids_with(&rows, "✓ 已覆盖（非本单位任务）").is_empty());
}

#[test]
fn a_township_gets_the_township_tasks() {
    let out = checklist(TOWNSHIP);
    assert!(
        out.contains("玉壶镇人民政府（work-summary，2021年度）"),
        "{out}"
    );
    assert!(out.contains(
        "| 指标2 做好各类规划主动公开：“十四五”规划纲要、专项规划和历史规划公开 | ✓ 已覆盖 | 第7行“空间规划” | `wencheng-2021/plans-disclosure` |"
    ), "{out}");
    assert!(out.contains(
        "| 指标2 做好各类规划主动公开：县政府网站规划专题 | — 未涉及（非本单位任务） |  | `wencheng-2021/plans-column` |"
    ), "{out}");
    let rows = checklist_rows(&out);
    assert_eq!(
        ids_with(&rows, "✓ 已覆盖"),
        [
            "interpretation-forms",
            "major-decisions",
            "plans-disclosure",
            "policy-interpretation",
            "standard-catalogue",
            "supporting-institutions",
        ]
    );
    assert_eq!(
        ids_with(&rows, "✗ 缺少"),
        [
            "applicant-communication",
            "application-handling",
            "joint-consultation",
            "policy-documents",
        ]
    );
    // Departmental tasks (finance, market regulation, the big data centre) are not a township's.
    for id in [
        "fiscal-budget-disclosure",
        "plans-column",
        "social-credit",
        "new-media",
    ] {
        assert_eq!(
            rows[&format!("wencheng-2021/{id}")],
            "— 未涉及（非本单位任务）"
        );
    }
}

#[test]
fn the_big_data_centre_is_held_to_its_website_tasks() {
    let out = checklist(BIGDATA);
    let rows = checklist_rows(&out);
    for id in [
        "plans-column",
        "website-intensification",
        "plans-disclosure",
    ] {
        assert_eq!(rows[&format!("wencheng-2021/{id}")], "✓ 已覆盖", "{id}");
    }
    assert_eq!(rows["wencheng-2021/health-education"], "✗ 缺少");
    assert_eq!(
        rows["wencheng-2021/fiscal-budget-disclosure"],
        "— 未涉及（非本单位任务）"
    );
}

#[test]
fn only_the_responsible_units_missing_tasks_are_reported() {
    let run = zwgk(&[
        "check",
        "--no-config",
        "--workpoints",
        "wencheng-2021",
        "--select",
        "wencheng-2021",
        "--format",
        "json",
        FINANCE,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut rules: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    rules.sort_unstable();
    assert_eq!(
        rules,
        [
            "wencheng-2021/applicant-communication",
            "wencheng-2021/interpretation-forms",
            "wencheng-2021/joint-consultation",
            "wencheng-2021/major-decisions",
            "wencheng-2021/plans-disclosure",
        ]
    );
    let first = &json["files"][0]["diagnostics"][0];
    assert_eq!(first["start"]["line"], 1, "reported at the title");
}

#[test]
fn the_csv_matrix_over_three_units() {
    let run = zwgk(&[
        "check",
        "--no-config",
        "--workpoints",
        "wencheng-2021",
        "--select",
        "wencheng-2021",
        "--format",
        "checklist",
        "--checklist-format",
        "csv",
        FINANCE,
        TOWNSHIP,
        BIGDATA,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = "\
path,unit,kind,year,errors,warnings,infos,missing,wencheng-2021/policy-documents,wencheng-2021/major-decisions,wencheng-2021/plans-disclosure,wencheng-2021/plans-column,wencheng-2021/government-services,wencheng-2021/negative-list,wencheng-2021/fair-competition,wencheng-2021/social-credit,wencheng-2021/fiscal-budget-disclosure,wencheng-2021/benefit-funds,wencheng-2021/epidemic-information,wencheng-2021/health-education,wencheng-2021/policy-interpretation,wencheng-2021/interpretation-forms,wencheng-2021/public-opinion,wencheng-2021/hotline-complaints,wencheng-2021/application-handling,wencheng-2021/applicant-communication,wencheng-2021/joint-consultation,wencheng-2021/administrative-review,wencheng-2021/website-intensification,wencheng-2021/new-media,wencheng-2021/standard-catalogue,wencheng-2021/public-enterprises,wencheng-2021/supporting-institutions,wencheng-2021/training
tests/fixtures/workpoints/wencheng-finance-2021.txt,文成县财政局,work-summary,2021,0,5,0,5,covered,missing,missing,other-unit,other-unit,other-unit,other-unit,other-unit,covered,covered,other-unit,other-unit,covered,missing,other-unit,other-unit,covered,missing,missing,other-unit,other-unit,other-unit,covered,other-unit,covered,other-unit
tests/fixtures/workpoints/wencheng-township-2021.txt,玉壶镇人民政府,work-summary,2021,0,4,0,4,missing,covered,covered,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,covered,covered,other-unit,other-unit,missing,missing,missing,other-unit,other-unit,other-unit,covered,other-unit,covered,other-unit
tests/fixtures/workpoints/wencheng-bigdata-2021.txt,文成县大数据管理中心,work-summary,2021,0,9,0,9,missing,missing,covered,covered,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,other-unit,missing,missing,covered,other-unit,other-unit,missing,missing,missing,other-unit,covered,other-unit,missing,other-unit,missing,other-unit
";
    // Other units' tasks read `other-unit`: listed, not this unit's to cover.
    assert_eq!(run.stdout, expected);
}

// ---------------------------------------------------------------------------
// Drafting a pack from a 工作要点 text
// ---------------------------------------------------------------------------

fn units_of(rules: &RuleSet, id: &str) -> Vec<String> {
    rules
        .rule(id)
        .unwrap_or_else(|| panic!("no rule {id}"))
        .1
        .units
        .clone()
        .unwrap_or_default()
}

#[test]
fn the_draft_of_the_wencheng_text_has_every_annex_task_with_its_units() {
    let path = root().join(CORPUS_POINTS);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let draft = draft_pack(&text, "wencheng-draft").unwrap();
    let rules = load_clean("wencheng-draft.toml", &draft);
    assert_eq!(rules.rules.len(), 26);
    assert_eq!(
        per_indicator(&rules),
        ANNEX_TASKS.iter().copied().collect::<BTreeMap<_, _>>()
    );
    let expected: &[(&str, &[&str])] = &[
        ("1-1", &["各级行政机关"]),
        ("1-2", &["各级行政机关"]),
        ("2-1", &["县发改局", "县直属各单位", "各乡镇人民政府"]),
        ("2-2", &["县大数据管理中心"]),
        ("3-1", &["县委改革办"]),
        ("3-2", &["县发改局", "县经信局"]),
        ("3-3", &["县市场监管局"]),
        ("3-4", &["县发改局"]),
        ("4-1", &["县财政局"]),
        ("4-2", &["县政府办公室", "财政等有关部门"]),
        ("5-1", &["县防控办", "县卫健局", "县宣传部"]),
        ("5-2", &["县卫健局", "县大数据管理中心"]),
        ("6-1", &["各级行政机关"]),
        ("7-1", &["各级行政机关"]),
        ("8-1", &["县府办", "县委宣传部", "县委网信办"]),
        ("8-2", &["县信访局"]),
        ("9-1", &["各级行政机关"]),
        ("10-1", &["各级行政机关"]),
        ("10-2", &["各级行政机关"]),
        ("10-3", &["县司法局"]),
        ("11-1", &["县信访局", "县大数据管理中心"]),
        ("12-1", &["县府办"]),
        ("13-1", &["各级行政机关"]),
        ("13-2", &["县有关主管部门"]),
        ("14-1", &["各级行政机关"]),
        ("14-2", &["县委组织部", "县司法局"]),
    ];
    for (slug, units) in expected {
        assert_eq!(
            units_of(&rules, &format!("wencheng-draft/task-{slug}")),
            *units,
            "task-{slug}"
        );
    }
    // Empty unit cells (merged across a page break) continue the row above, flagged for review.
    assert!(draft.contains("沿用上一行：各级行政机关"));
    assert!(draft.contains("# 牵头单位：县大数据管理中心"));
    assert!(draft.contains("“县有关主管部门”不是具体单位名称"));
    assert!(draft.contains(
        "reference = { title = \"《2021年文成县政务公开工作要点》附件“2021年文成县政务公开工作要点分解”指标4\", status = \"confirmed\" }"
    ));
    // Candidate evidence comes from the task text and is marked for review.
    let (_, fiscal) = rules.rule("wencheng-draft/task-4-1").unwrap();
    assert!(fiscal.description.contains("预决算"));
    assert_eq!(
        draft
            .matches("# TODO 审核：以下证据词为自动挑选的候选词")
            .count(),
        26
    );
    assert!(draft.contains("\"市场准入负面清单\""));
    assert!(draft.contains("\"好差评\""));
    // The same text gives the same draft.
    assert_eq!(draft_pack(&text, "wencheng-draft").unwrap(), draft);
}

#[test]
fn the_draft_of_a_text_with_unit_notes_has_one_rule_per_numbered_task() {
    let draft = draft_pack(&read(NOTES_POINTS), "anhe-2022").unwrap();
    let rules = load_clean("anhe-2022.toml", &draft);
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "anhe-2022/task-1-1",
            "anhe-2022/task-1-2",
            "anhe-2022/task-1-3-1",
            "anhe-2022/task-1-3-2",
            "anhe-2022/task-2-1",
            "anhe-2022/task-2-2",
            "anhe-2022/task-3-1",
            "anhe-2022/task-3-2",
            "anhe-2022/task-3-3",
        ]
    );
    assert_eq!(
        units_of(&rules, "anhe-2022/task-1-1"),
        ["县发改局", "县直各单位"]
    );
    assert_eq!(units_of(&rules, "anhe-2022/task-1-2"), ["县财政局"]);
    assert_eq!(
        units_of(&rules, "anhe-2022/task-1-3-1"),
        ["县发改局", "县自然资源和规划局"]
    );
    assert_eq!(units_of(&rules, "anhe-2022/task-1-3-2"), ["各乡镇人民政府"]);
    // A note on a line of its own after the task.
    assert_eq!(units_of(&rules, "anhe-2022/task-2-1"), ["县民政局"]);
    assert_eq!(units_of(&rules, "anhe-2022/task-3-1"), ["各级行政机关"]);
    assert_eq!(
        units_of(&rules, "anhe-2022/task-3-3"),
        ["县委组织部", "县司法局"]
    );
    let (_, task) = rules.rule("anhe-2022/task-1-3-1").unwrap();
    assert_eq!(
        task.topic,
        "一（三）1. 推进重大建设项目信息公开：公开重大建设项目批准和实施信息"
    );
    assert_eq!(
        task.reference.title,
        "《2022年安和县政务公开工作要点》一（三）1."
    );
    // The notes are not part of the task text, nor are the closing remark and signature.
    let (_, last) = rules.rule("anhe-2022/task-3-3").unwrap();
    assert!(!last.description.contains("牵头单位：县委组织部；"));
    assert!(!last.description.contains("本要点"));
    assert!(!last.description.contains("安和县人民政府办公室"));
    let (_, relief) = rules.rule("anhe-2022/task-2-1").unwrap();
    assert!(
        relief.description.contains("注意保护个人隐私"),
        "lines joined"
    );
    assert!(draft.contains(
        "sources = [\"《2022年安和县政务公开工作要点》（安和县人民政府办公室，2022年3月15日）\"]"
    ));
}

#[test]
fn the_draft_of_a_pipe_table_joins_broken_rows_and_skips_repeated_headers() {
    let draft = draft_pack(&read(PIPE_POINTS), "qingshan-2023").unwrap();
    let rules = load_clean("qingshan-2023.toml", &draft);
    assert_eq!(rules.rules.len(), 4);
    assert_eq!(units_of(&rules, "qingshan-2023/task-1-1"), ["区财政局"]);
    assert_eq!(
        units_of(&rules, "qingshan-2023/task-2-1"),
        ["区发改局", "区市场监管局"]
    );
    let (_, broken) = rules.rule("qingshan-2023/task-2-1").unwrap();
    assert!(broken
        .description
        .contains("集中发布涉企政策，并为每项政策配发图解。"));
    assert_eq!(broken.topic, "第2项 在区政府网站开设“优化营商环境”专栏");
    assert!(draft.contains("# 牵头单位：区发改局"));
    assert_eq!(
        units_of(&rules, "qingshan-2023/task-3-1"),
        ["区住建局", "各街道办事处"]
    );
    assert_eq!(
        units_of(&rules, "qingshan-2023/task-4-1"),
        ["区住建局", "各街道办事处"]
    );
    assert!(draft.contains("⟦青山区财政局2023年政务公开工作总结⟧"));
}

#[test]
fn pack_ids_are_validated() {
    for bad in ["", "Wencheng", "wen_cheng", "文成", "a/b", "-a"] {
        assert!(draft_pack(&read(NOTES_POINTS), bad).is_err(), "{bad:?}");
    }
    assert!(draft_pack("没有任务的文字。", "x").is_err());
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zwgk-workpoints-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn init_workpoints_prints_or_writes_a_draft_that_rules_check_accepts() {
    let points = root().join(NOTES_POINTS);
    let points = points.to_str().unwrap();
    let printed = zwgk(&["init", "workpoints", points, "--id", "anhe-2022"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert_eq!(
        printed.stdout,
        draft_pack(&read(NOTES_POINTS), "anhe-2022").unwrap()
    );
    assert!(printed.stderr.contains("9 条规则"), "{}", printed.stderr);

    let dir = temp_dir("init");
    let out = dir.join("anhe-2022.toml");
    let out_str = out.to_str().unwrap();
    let written = zwgk(&[
        "init",
        "workpoints",
        points,
        "--id",
        "anhe-2022",
        "-o",
        out_str,
    ]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed.stdout);
    // Never over an existing file.
    let again = zwgk(&[
        "init",
        "workpoints",
        points,
        "--id",
        "anhe-2022",
        "-o",
        out_str,
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    let check = zwgk(&["rules", "check", dir.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("1 packs, 9 rules"),
        "{}",
        check.stdout
    );

    // The draft is used as it is with --workpoints FILE.
    let summary = dir.join("summary.txt");
    std::fs::write(
        &summary,
        "安和县财政局2022年政务公开工作总结\n一、工作开展情况\n按月公开直达资金分配情况，全部部门预算按时公开。\n",
    )
    .unwrap();
    let used = zwgk(&[
        "check",
        "--no-config",
        "--workpoints",
        out_str,
        "--select",
        "anhe-2022",
        "--format",
        "checklist",
        summary.to_str().unwrap(),
    ]);
    assert_eq!(used.code, 0, "{}", used.stderr);
    assert!(
        used.stdout.contains(
            "| 一（二） 以公开助力经济平稳健康发展：做好财政资金直达基层信息公开 | ✓ 已覆盖 |"
        ),
        "{}",
        used.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_workpoints_rejects_a_bad_id_and_init_alone_still_writes_the_config() {
    let points = root().join(NOTES_POINTS);
    let bad = zwgk(&[
        "init",
        "workpoints",
        points.to_str().unwrap(),
        "--id",
        "Bad_Id",
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("invalid pack id"), "{}", bad.stderr);
    assert!(bad.stdout.is_empty());

    let dir = temp_dir("config");
    let run = zwgk_in(&dir, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("zwgk.toml").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn any_leading_part_of_a_text_gives_a_working_draft_or_says_there_are_no_tasks() {
    let mut texts = vec![read(NOTES_POINTS), read(PIPE_POINTS)];
    if let Ok(text) = std::fs::read_to_string(root().join(CORPUS_POINTS)) {
        texts.push(text);
    }
    for text in texts {
        let lines: Vec<&str> = text.lines().collect();
        for end in 0..=lines.len() {
            let part = lines[..end].join("\n");
            if let Err(e) = draft_pack(&part, "part") {
                assert!(e.starts_with("没有找到任务"), "{end} lines: {e}");
            }
        }
    }
}
