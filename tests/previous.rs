//! `zwgk check --previous`: this year's report compared with last year's
//! (上年结转 against 结转下年度继续办理, and 内容雷同), given as one file or
//! as a directory of same-named reports.

mod common;

use std::fs;
use std::path::Path;

use common::zwgk_in;

fn table3(year: i32, new: u32, carried_over: u32, total: u32, carried_forward: u32) -> String {
    format!(
        "某县司法局{year}年政府信息公开工作年度报告\n\
         三、收到和处理政府信息公开申请情况\n\
         自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
         一、本年新收政府信息公开申请数量 | {new} | 0 | 0 | 0 | 0 | 0 | {new} |\n\
         二、上年结转政府信息公开申请数量 | {carried_over} | 0 | 0 | 0 | 0 | 0 | {carried_over} |\n\
         （七）总计 | {total} | 0 | 0 | 0 | 0 | 0 | {total} |\n\
         四、结转下年度继续办理 | {carried_forward} | 0 | 0 | 0 | 0 | 0 | {carried_forward} |\n\
         四、政府信息公开行政复议、行政诉讼情况\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
    fs::write(dir.join(name), text).unwrap();
}

fn concise(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec![
        "check",
        "--no-config",
        "--format",
        "concise",
        "--select",
        "annual-report/carried-over-previous-year,annual-report/copied-from-previous-year",
    ];
    all.extend_from_slice(args);
    let output = zwgk_in(dir, &all);
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn carried_over_cells_are_compared_with_last_years_carried_forward() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2021/司法局.txt", &table3(2021, 8, 0, 7, 1));
    write(dir.path(), "2022/司法局.txt", &table3(2022, 6, 2, 7, 1));
    write(dir.path(), "2022/民政局.txt", &table3(2022, 6, 2, 7, 1));

    let (code, lines, _) = concise(dir.path(), &["2022/", "--previous", "2021/"]);
    assert_eq!(code, 1);
    // Line 5 is the 上年结转 row; the 自然人 cell is at column 20, 总计 at 44.
    assert_eq!(
        lines,
        [
            "2022/司法局.txt:5:20: annual-report/carried-over-previous-year “上年结转”自然人栏为 2，上年度报告“结转下年度继续办理”为 1，两者应相等。",
            "2022/司法局.txt:5:44: annual-report/carried-over-previous-year “上年结转”总计栏为 2，上年度报告“结转下年度继续办理”为 1，两者应相等。",
        ],
        "民政局 has no report of last year in 2021/ and is not compared"
    );

    // One file given as last year's report applies to every file.
    let (code, lines, _) = concise(
        dir.path(),
        &["2022/民政局.txt", "--previous", "2021/司法局.txt"],
    );
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("2022/民政局.txt:5:20:"));

    // Matching figures: nothing to report.
    write(dir.path(), "2023/司法局.txt", &table3(2023, 5, 1, 6, 0));
    let (code, lines, _) = concise(dir.path(), &["2023/", "--previous", "2021/"]);
    assert_eq!((code, lines.len()), (0, 0));
}

#[test]
fn without_previous_the_rules_are_silent() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2022/司法局.txt", &table3(2022, 6, 2, 7, 1));
    let (code, lines, _) = concise(dir.path(), &["2022/"]);
    assert_eq!((code, lines.len()), (0, 0));
}

#[test]
fn an_unreadable_previous_report_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2022/司法局.txt", &table3(2022, 6, 2, 7, 1));
    let (code, lines, stderr) = concise(dir.path(), &["2022/", "--previous", "missing.txt"]);
    assert_eq!(code, 2);
    assert!(lines.is_empty());
    assert!(
        stderr.starts_with("error: --previous 上年度报告 missing.txt 无法读取"),
        "{stderr}"
    );

    // In a directory, a report of last year that cannot be decoded is
    // skipped with a warning; this year's file is still linted.
    write(dir.path(), "2022/司法局.txt", &table3(2022, 6, 2, 7, 1));
    fs::create_dir_all(dir.path().join("2021")).unwrap();
    fs::write(
        dir.path().join("2021/司法局.txt"),
        [0xFFu8, 0xFE, 0x00, 0xD8],
    )
    .unwrap();
    let (code, lines, stderr) = concise(dir.path(), &["2022/", "--previous", "2021/"]);
    assert_eq!((code, lines.len()), (0, 0));
    assert!(
        stderr.contains("warning: 上年度报告 2021/司法局.txt"),
        "{stderr}"
    );
}

#[test]
fn a_report_copied_from_last_year_is_flagged() {
    let body = "本年度，我局认真贯彻落实政府信息公开条例，围绕中心工作完善主动公开目录，规范依申请公开办理流程，加强政府信息管理和平台建设，强化监督保障，推动政府信息公开工作取得新进展。";
    let long = |year: i32, figure: u32| {
        let mut text = format!("某县交通运输局{year}年政府信息公开工作年度报告\n一、总体情况\n");
        for i in 0..6 {
            text.push_str(&format!("（{}）{body}全年发布信息{figure}条。\n", i + 1));
        }
        text
    };
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2021/交通局.txt", &long(2021, 90));
    write(dir.path(), "2022/交通局.txt", &long(2022, 120));
    let (code, lines, _) = concise(dir.path(), &["2022/", "--previous", "2021/"]);
    assert_eq!(code, 0, "a warning does not fail the run");
    assert_eq!(
        lines,
        ["2022/交通局.txt:1:1: annual-report/copied-from-previous-year 本报告与上年度报告文字高度雷同（相似度 100%），请按本年度工作实际撰写。"]
    );

    // A rewritten report is not flagged.
    write(
        dir.path(),
        "2022/交通局.txt",
        &long(2022, 120).replace(body, "二〇二二年，本局把政务公开作为转变作风的重要抓手，聚焦交通建设项目审批和道路运输管理，推进决策、执行、管理、服务、结果公开，群众满意度稳步提升。"),
    );
    let (code, lines, _) = concise(dir.path(), &["2022/", "--previous", "2021/"]);
    assert_eq!((code, lines.len()), (0, 0));
}
