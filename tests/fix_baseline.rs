//! `--fix`, `--diff` and baselines, through the real binary on copies of
//! files in a temporary directory.

mod common;

use std::path::Path;
use std::process::Output;

fn zwgk(dir: &Path, args: &[&str]) -> Output {
    common::zwgk_in(dir, args)
}

fn example(name: &str) -> Vec<u8> {
    common::example_bytes(name)
}

/// The web example as GB18030 with CRLF line endings, as many office files are.
fn gbk_crlf_copy(dir: &Path) -> (std::path::PathBuf, String) {
    let text = String::from_utf8(example("summary-web.txt"))
        .unwrap()
        .replace('\n', "\r\n");
    let path = dir.join("总结.txt");
    std::fs::write(
        &path,
        zwgk::document::encode(&text, zwgk::document::Encoding::Gb18030),
    )
    .unwrap();
    (path, text)
}

#[test]
fn fix_changes_only_what_safe_rules_fix_and_keeps_encoding_and_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let (path, before) = gbk_crlf_copy(dir.path());
    let out = zwgk(
        dir.path(),
        &["check", "--fix", "--format", "concise", "总结.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error-level finding remains: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bytes = std::fs::read(&path).unwrap();
    let decoded = zwgk::document::decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, zwgk::document::Encoding::Gb18030);
    let after = decoded.text;
    assert_eq!(
        after.matches("\r\n").count(),
        before.matches("\r\n").count()
    );
    assert_eq!(after.matches('\n').count(), before.matches('\n').count());
    // Exactly the safe fixes: half-width punctuation and the listed typo.
    let expected = before
        .replace("做为", "作为")
        .replace(",", "，")
        .replace("如下:", "如下：");
    assert_eq!(after, expected);

    // What needs review (the plan year) and what has no fix remain; a second run changes nothing.
    let remaining = String::from_utf8(out.stdout).unwrap();
    assert!(remaining.contains("summary/reporting-year"), "{remaining}");
    assert!(
        !remaining.contains("style/typo") && !remaining.contains("style/half-width-punctuation"),
        "{remaining}"
    );
    let again = zwgk(
        dir.path(),
        &["check", "--fix", "--format", "concise", "总结.txt"],
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(String::from_utf8_lossy(&again.stderr).contains("已修改 0 个文件"));
}

#[test]
fn diff_previews_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, example("summary-web.txt")).unwrap();
    let out = zwgk(dir.path(), &["check", "--diff", "a.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with("--- a/a.txt\n+++ b/a.txt\n"), "{diff}");
    assert!(
        diff.contains("-2022年,我局") && diff.contains("+2022年，我局"),
        "{diff}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), example("summary-web.txt"));
}

#[test]
fn unsafe_fixes_apply_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, example("summary-web.txt")).unwrap();
    zwgk(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("某某市自然资源局2022年政务公开工作总结和2023年工作计划"),
        "{text}"
    );
}

#[test]
fn a_baseline_hides_known_findings_and_reports_new_and_gone_ones() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["summary-web.txt", "annual-report-2022.txt"] {
        std::fs::write(dir.path().join(name), example(name)).unwrap();
    }
    let out = zwgk(
        dir.path(),
        &["check", ".", "--write-baseline", "baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = zwgk(
        dir.path(),
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());

    // Lines added above the findings keep them known; a new error is reported;
    // a fixed one is reported as gone from the baseline.
    let web = dir.path().join("summary-web.txt");
    let text = std::fs::read_to_string(&web).unwrap();
    let text = format!(
        "（此稿为修改稿）\n\n{}",
        text.replace("XX条", "120条")
            .replace("现将有关情况总结如下", "现将2021年工作情况报告如下")
    );
    std::fs::write(&web, text).unwrap();
    let out = zwgk(
        dir.path(),
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("summary/reporting-year 此处应为报告年度2022年，而不是2021年。"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("基线中有 1 条问题已不再出现"));
}

#[test]
fn a_broken_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), example("summary-web.txt")).unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        "{\"version\": 1, \"entries\": 3}",
    )
    .unwrap();
    let out = zwgk(dir.path(), &["check", "a.txt", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("b.json"));
}

/// Found by the `fix` fuzz target: a unit repeated a thousand times was cut
/// by half per round, so `--fix` (10 rounds) left repetitions behind and a
/// second run changed the text again. Every extra copy is now one finding.
#[test]
fn a_long_run_of_one_repeated_word_is_fixed_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    let text = format!("全县{}政务公开工作。\n", "加强".repeat(1000));
    std::fs::write(&path, &text).unwrap();
    let first = zwgk(dir.path(), &["check", "--no-config", "--fix", "report.txt"]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "全县加强政务公开工作。\n"
    );
    // The same holds for a run that starts inside an allowed word
    // (研究研究 is legitimate): a second run finds nothing to change.
    let text = format!("{}2021年\n", "研究".repeat(1000));
    std::fs::write(&path, &text).unwrap();
    zwgk(dir.path(), &["check", "--no-config", "--fix", "report.txt"]);
    let once = std::fs::read_to_string(&path).unwrap();
    let second = zwgk(
        dir.path(),
        &["check", "--no-config", "--diff", "report.txt"],
    );
    assert_eq!(second.status.code(), Some(0), "{second:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), once);
}
