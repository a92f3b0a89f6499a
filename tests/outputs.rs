//! The machine formats and `--output`, driving the binary: GitHub workflow
//! commands, JSON Lines, the checklist matrix (CSV and Markdown), and the
//! atomic report file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

fn zwgk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap_or_else(|e| panic!("cannot run zwgk: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_status(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

fn manifest_dir() -> &'static Path {
    Path::new(MANIFEST_DIR)
}

/// The names in a directory, sorted, hidden ones included.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A binary file (NUL bytes) named like a report: zwgk cannot read it as text.
const BINARY_BYTES: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";

// ---------------------------------------------------------------------------
// --format github
// ---------------------------------------------------------------------------

#[test]
fn github_annotations_for_the_pdf_extracted_example() {
    let output = zwgk(
        manifest_dir(),
        &[
            "check",
            "examples/summary-pdf-extracted.txt",
            "--format",
            "github",
        ],
    );
    assert_status(&output, 1);
    let expected = "\
::warning file=examples/summary-pdf-extracted.txt,line=1,endLine=2,title=summary/required-sections::工作总结缺少“存在的问题”部分。（工作总结缺少必备部分）
::error file=examples/summary-pdf-extracted.txt,line=10,col=6,endColumn=10,title=summary/reporting-year::此处应为报告年度2022年，而不是2021年。（报告年度写错）
::warning file=examples/summary-pdf-extracted.txt,line=32,col=3,endColumn=6,title=summary/heading-sequence::编号“（二）”有误，按顺序应为“（三）”。（标题编号重复、跳号或格式不一致）
::warning file=examples/summary-pdf-extracted.txt,line=36,endLine=38,title=style/repeated-word::“推进”重复出现，删去多余的“推进”。（字词意外重复）
::warning file=examples/summary-pdf-extracted.txt,line=42,col=5,endColumn=6,title=style/mixed-width-brackets::括号全角与半角混用：“（”与“)”不配对，应改为“）”。（括号全角半角混用）
";
    assert_eq!(stdout(&output), expected);
    // Multi-line spans give endLine and no columns; single-line spans the reverse.
    for line in expected.lines() {
        let properties = line.split("::").nth(1).unwrap();
        assert_ne!(
            properties.contains("endLine="),
            properties.contains(",col="),
            "{line}"
        );
    }
}

/// A rule pack of our own whose message has `%`, `,`, `:` and (through
/// `{match}`) a line break, and whose title has `:`.
const ESCAPING_PACK: &str = r#"
[pack]
id = "local"
title = "转义测试"
sources = ["zwgk tests (MIT OR Apache-2.0)"]

[[rule]]
id = "local/percent"
title = "完成率写法:核对"
kind = "pattern"
severity = "warning"
pattern = '完成率\d+%'
message = "“{match}”含百分号%，请核对,确认无误"
help = "核对完成率。"
description = "测试用规则：消息中含有百分号。"
reference = { title = "测试", status = "unconfirmed" }

[[rule.examples]]
text = "全年⟦完成率100%⟧。"
[[rule.examples]]
text = "全年完成。"

[[rule]]
id = "local/split"
title = "跨行"
kind = "pattern"
severity = "info"
pattern = '合计\s*\d+'
message = "“{match}”跨行"
help = "核对。"
description = "测试用规则：匹配可以跨行。"
reference = { title = "测试", status = "unconfirmed" }

[[rule.examples]]
text = "全年⟦合计100⟧件。"
[[rule.examples]]
text = "全年完成。"
"#;

#[test]
fn github_annotations_escape_file_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pack")).unwrap();
    std::fs::write(dir.path().join("pack/local.toml"), ESCAPING_PACK).unwrap();
    std::fs::write(
        dir.path().join("a,b:50%.txt"),
        "某某县民政局2022年政务公开工作总结\n\n一、工作开展情况\n\n全年完成率100%，合计\r\n100件。\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("x,y.txt"), BINARY_BYTES).unwrap();

    let output = zwgk(
        dir.path(),
        &[
            "check",
            "a,b:50%.txt",
            "x,y.txt",
            "--rules",
            "pack",
            "--select",
            "local",
            "--format",
            "github",
        ],
    );
    assert_status(&output, 2); // the binary file
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "::warning file=a%2Cb%3A50%25.txt,line=5,col=3,endColumn=10,title=local/percent::\
         “完成率100%25”含百分号%25，请核对,确认无误（完成率写法:核对）"
    );
    // A span over a line break: endLine and no columns; the line break in
    // the message is escaped, so the command stays on one line.
    assert_eq!(
        lines[1],
        "::notice file=a%2Cb%3A50%25.txt,line=5,endLine=6,title=local/split::“合计%0A100”跨行（跨行）"
    );
    assert!(
        lines[2].starts_with("::error file=x%2Cy.txt::"),
        "{}",
        lines[2]
    );
}

// ---------------------------------------------------------------------------
// --format jsonl
// ---------------------------------------------------------------------------

fn parse_lines(text: &str) -> Vec<Value> {
    assert!(text.ends_with('\n'), "the stream ends with a line break");
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {line}", i + 1))
        })
        .collect()
}

/// Checks the shape of a JSON Lines stream: each file's diagnostics, then its
/// one file line with matching counts. Returns the file lines by path.
fn check_jsonl_stream(lines: &[Value]) -> BTreeMap<String, Value> {
    let mut files = BTreeMap::new();
    let mut pending: Vec<&Value> = Vec::new();
    for line in lines {
        let path = line["path"].as_str().expect("every line has a path");
        match line["type"].as_str() {
            Some("diagnostic") => {
                if let Some(first) = pending.first() {
                    assert_eq!(first["path"], path, "a file's diagnostics are contiguous");
                }
                assert!(
                    !files.contains_key(path),
                    "{path}: diagnostic after its file line"
                );
                pending.push(line);
            }
            Some("file") => {
                for d in &pending {
                    assert_eq!(d["path"], path, "diagnostics precede their own file line");
                }
                let count = |severity: &str| {
                    pending.iter().filter(|d| d["severity"] == severity).count() as u64
                };
                assert_eq!(line["errors"], count("error"), "{path}");
                assert_eq!(line["warnings"], count("warning"), "{path}");
                assert_eq!(line["infos"], count("info"), "{path}");
                assert!(
                    files.insert(path.to_string(), line.clone()).is_none(),
                    "one file line per file: {path}"
                );
                pending.clear();
            }
            other => panic!("unknown line type {other:?}: {line}"),
        }
    }
    assert!(pending.is_empty(), "the stream ends with a file line");
    files
}

#[test]
fn jsonl_lines_parse_and_match_the_json_report() {
    let jsonl = zwgk(manifest_dir(), &["check", "examples/", "--format", "jsonl"]);
    assert_status(&jsonl, 1);
    let lines = parse_lines(&stdout(&jsonl));
    let files = check_jsonl_stream(&lines);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "examples/annual-report-2022.txt",
            "examples/summary-pdf-extracted.txt",
            "examples/summary-web.txt"
        ]
    );

    // The same diagnostics, documents and checklists as `--format json`.
    let json = zwgk(manifest_dir(), &["check", "examples/", "--format", "json"]);
    assert_status(&json, 1);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut expected_lines = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            let mut line = serde_json::json!({ "type": "diagnostic", "path": file["path"] });
            line.as_object_mut()
                .unwrap()
                .extend(d.as_object().unwrap().clone());
            expected_lines.push(line);
        }
        let file_line = &files[file["path"].as_str().unwrap()];
        assert_eq!(file_line["document"], file["document"]);
        assert_eq!(file_line["checklist"], file["checklist"]);
        expected_lines.push(file_line.clone());
    }
    assert_eq!(lines, expected_lines);
    let summary = &report["summary"];
    let total = |key: &str| {
        files
            .values()
            .map(|f| f[key].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(summary["errors"], total("errors"));
    assert_eq!(summary["warnings"], total("warnings"));
    assert_eq!(summary["infos"], total("infos"));
    assert_eq!(summary["files"], files.len() as u64);
}

#[test]
fn jsonl_reports_an_unreadable_file_as_a_file_line_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        manifest_dir().join("examples/summary-web.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b-binary.txt"), BINARY_BYTES).unwrap();
    let output = zwgk(dir.path(), &["check", ".", "--format", "jsonl"]);
    assert_status(&output, 2);
    let lines = parse_lines(&stdout(&output));
    let files = check_jsonl_stream(&lines);
    assert_eq!(files.len(), 2);
    let (ok, failed): (Vec<_>, Vec<_>) = files.values().partition(|f| f.get("error").is_none());
    assert_eq!(ok.len(), 1);
    assert!(ok[0]["document"].is_object());
    assert!(ok[0]["warnings"].as_u64().unwrap() > 0);
    let failed = failed[0];
    assert!(failed["path"].as_str().unwrap().ends_with("b-binary.txt"));
    assert!(failed.get("document").is_none());
    assert_eq!(failed["errors"], 0);
    assert_eq!(failed["checklist"], serde_json::json!([]));
    assert!(!failed["error"].as_str().unwrap().is_empty());
    assert_eq!(lines.last().unwrap()["type"], "file");
}

// ---------------------------------------------------------------------------
// --output FILE
// ---------------------------------------------------------------------------

#[test]
fn output_writes_the_report_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("reports");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("examples.sarif");
    let target_arg = target.to_str().unwrap();

    let to_stdout = zwgk(manifest_dir(), &["check", "examples/", "--format", "sarif"]);
    assert_status(&to_stdout, 1);
    for format in ["sarif", "jsonl", "github", "json", "concise", "human"] {
        let output = zwgk(
            manifest_dir(),
            &[
                "check",
                "examples/",
                "--format",
                format,
                "--output",
                target_arg,
            ],
        );
        assert_status(&output, 1);
        assert!(output.stdout.is_empty(), "{format}: stdout must stay empty");
        assert_eq!(
            listing(&out_dir),
            ["examples.sarif"],
            "{format}: no temp files left"
        );
        let written = std::fs::read(&target).unwrap();
        assert!(!written.is_empty(), "{format}");
        if format == "sarif" {
            assert_eq!(written, to_stdout.stdout, "the same report as on stdout");
        }
        if format == "human" {
            assert!(!written.contains(&0x1b), "no colour escapes in a file");
        }
    }
}

#[test]
fn output_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.jsonl");
    std::fs::write(
        &target,
        "old report, much longer than nothing at all\n".repeat(1000),
    )
    .unwrap();
    std::fs::copy(
        manifest_dir().join("examples/summary-web.txt"),
        dir.path().join("doc.txt"),
    )
    .unwrap();
    let output = zwgk(
        dir.path(),
        &[
            "check",
            "doc.txt",
            "--format",
            "jsonl",
            "--output",
            "report.jsonl",
        ],
    );
    assert_status(&output, 1);
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(!written.contains("old report"));
    check_jsonl_stream(&parse_lines(&written));
    assert_eq!(listing(dir.path()), ["doc.txt", "report.jsonl"]);
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-dir").join("report.sarif");
    let output = zwgk(
        manifest_dir(),
        &[
            "check",
            "examples/",
            "--format",
            "sarif",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_status(&output, 2);
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("cannot write the report to")
            && message.contains(target.to_str().unwrap()),
        "a clear message naming the file: {message}"
    );
    assert!(!dir.path().join("no-such-dir").exists());
    assert!(listing(dir.path()).is_empty(), "nothing left behind");
}

#[test]
fn output_to_a_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("reports");
    std::fs::create_dir(&target).unwrap();
    let output = zwgk(
        manifest_dir(),
        &[
            "check",
            "examples/",
            "--format",
            "json",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_status(&output, 2);
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("cannot write the report to")
            && message.contains(target.to_str().unwrap()),
        "a clear message naming the path: {message}"
    );
    assert!(target.is_dir(), "the directory is left alone");
    assert!(listing(&target).is_empty());
    assert_eq!(
        listing(dir.path()),
        ["reports"],
        "no temp file left beside it"
    );
}

/// A report file gets the permissions any new file gets (`0666` less the
/// umask), like a shell redirection would give it.
#[cfg(unix)]
#[test]
fn output_file_has_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    std::fs::write(&reference, "").unwrap();
    let expected = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
    let target = dir.path().join("report.json");
    let output = zwgk(
        manifest_dir(),
        &[
            "check",
            "examples/",
            "--format",
            "json",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_status(&output, 1);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(format!("{mode:o}"), format!("{expected:o}"));
}

/// `--output` naming a FIFO (as `/dev/stdout` or a shell's `>(…)` do) writes
/// into it rather than replacing it with a regular file.
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_fifo_writes_into_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    // Opened read-write, the FIFO has a reader and a writer: zwgk's open does
    // not block, and a short report fits in the pipe buffer.
    let mut pipe = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let output = zwgk(
        manifest_dir(),
        &[
            "check",
            "examples/summary-web.txt",
            "--format",
            "github",
            "--output",
            fifo.to_str().unwrap(),
        ],
    );
    let still_fifo = std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo();
    assert!(still_fifo, "the FIFO was replaced: {}", stderr(&output));
    assert_status(&output, 1);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = vec![0; 65536];
        let n = pipe.read(&mut buffer).unwrap_or(0);
        let _ = send.send(String::from_utf8_lossy(&buffer[..n]).into_owned());
    });
    let text = receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the report arrives in the FIFO");
    assert!(
        text.starts_with("::error file=examples/summary-web.txt"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// --format checklist
// ---------------------------------------------------------------------------

/// A people's government's annual report with all five parts of Art. 50 and
/// the assessment, appraisal and accountability results.
const ANNUAL_FULL: &str = "某某县人民政府2022年政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2022年1月1日至2022年12月31日。

一、总体情况

2022年，县政府深入推进政务公开，全年主动公开政府信息1200条。共收到政府信息公开申请25件，均按期答复。

二、政府信息公开行政复议、行政诉讼情况

全年发生政府信息公开行政复议2件、行政诉讼1件，均未被纠错。

三、存在的主要问题及改进情况

部分栏目更新不及时。下一步将加强培训，持续改进。

四、其他需要报告的事项

本年度未收取信息处理费。县政府将政务公开纳入绩效考核，开展社会评议1次，未发生责任追究情形。
";

/// A department's annual report without administrative review and litigation.
const ANNUAL_NO_REVIEW: &str = "某某县统计局2022年政府信息公开工作年度报告

一、总体情况

2022年，我局全年主动公开政府信息86条。

二、收到和处理政府信息公开申请情况

全年收到政府信息公开申请3件，均已按期答复。

三、存在的主要问题及改进情况

部分统计数据解读不够深入，下一步将加以改进。

四、其他需要报告的事项

无。
";

/// A work summary without a problems section.
const SUMMARY_NO_PROBLEMS: &str = "某某县统计局2022年政务公开工作总结

一、2022年工作开展情况

全年主动公开统计信息120条，依申请公开办理2件。

二、2023年工作计划

继续做好统计信息公开工作。
";

fn checklist_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a-full.txt"), ANNUAL_FULL).unwrap();
    std::fs::write(docs.join("b-no-review.txt"), ANNUAL_NO_REVIEW).unwrap();
    std::fs::write(docs.join("c-summary.txt"), SUMMARY_NO_PROBLEMS).unwrap();
    dir
}

const CHECKLIST_RULES: [&str; 9] = [
    "regulation/annual-report-proactive-disclosure",
    "regulation/annual-report-applications",
    "regulation/annual-report-review-litigation",
    "regulation/annual-report-problems",
    "regulation/annual-report-other-matters",
    "regulation/government-accountability",
    "regulation/summary-proactive-disclosure",
    "regulation/summary-applications",
    "summary/required-sections",
];

#[test]
fn checklist_csv_is_the_expected_matrix() {
    let dir = checklist_dir();
    let output = zwgk(
        dir.path(),
        &[
            "check",
            "docs",
            "--format",
            "checklist",
            "--checklist-format",
            "csv",
        ],
    );
    assert_status(&output, 1); // the missing review section is an error
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut expected_header: Vec<&str> = vec![
        "path", "unit", "kind", "year", "errors", "warnings", "infos", "missing",
    ];
    expected_header.extend(CHECKLIST_RULES);
    assert_eq!(header, expected_header);

    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cells = |row: &[String]| row[8..].to_vec();
    let (c, m, na) = ("covered", "missing", "n/a");
    assert_eq!(rows.len(), 3);

    assert_eq!(
        rows[0][..4],
        ["docs/a-full.txt", "某某县人民政府", "annual-report", "2022"]
    );
    assert_eq!(rows[0][7], "0");
    assert_eq!(cells(&rows[0]), [c, c, c, c, c, c, na, na, na]);

    assert_eq!(
        rows[1][..4],
        [
            "docs/b-no-review.txt",
            "某某县统计局",
            "annual-report",
            "2022"
        ]
    );
    assert_eq!(rows[1][7], "1");
    assert_eq!(cells(&rows[1]), [c, c, m, c, c, na, na, na, na]);

    assert_eq!(
        rows[2][..4],
        ["docs/c-summary.txt", "某某县统计局", "work-summary", "2022"]
    );
    assert_eq!(rows[2][7], "1");
    assert_eq!(cells(&rows[2]), [na, na, na, na, na, na, c, c, m]);

    // The count columns agree with the JSON Lines file lines.
    let jsonl = zwgk(dir.path(), &["check", "docs", "--format", "jsonl"]);
    let files = check_jsonl_stream(&parse_lines(&stdout(&jsonl)));
    for row in &rows {
        let file = &files[&row[0]];
        assert_eq!(row[4], file["errors"].to_string(), "{}", row[0]);
        assert_eq!(row[5], file["warnings"].to_string(), "{}", row[0]);
        assert_eq!(row[6], file["infos"].to_string(), "{}", row[0]);
    }
}

#[test]
fn checklist_csv_marks_an_unreadable_file() {
    let dir = checklist_dir();
    std::fs::write(dir.path().join("docs/d-binary.txt"), BINARY_BYTES).unwrap();
    let output = zwgk(
        dir.path(),
        &[
            "check",
            "docs",
            "--format",
            "checklist",
            "--checklist-format",
            "csv",
        ],
    );
    assert_status(&output, 2);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let width = reader.headers().unwrap().len();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let failed = &rows[3];
    assert_eq!(&failed[0], "docs/d-binary.txt");
    assert_eq!(failed.len(), width, "the same number of columns");
    assert!(failed
        .iter()
        .skip(8)
        .all(|cell| cell.starts_with("error: ")));
}

#[test]
fn checklist_markdown_has_the_matrix_and_the_evidence() {
    let dir = checklist_dir();
    let output = zwgk(dir.path(), &["check", "docs", "--format", "checklist"]);
    assert_status(&output, 1);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "# 检查清单");

    // The matrix: one column per checklist item, one row per document.
    let header = lines
        .iter()
        .position(|l| l.starts_with("| 文件 |"))
        .unwrap();
    assert_eq!(
        lines[header],
        "| 文件 | 主动公开政府信息情况（第五十条第一项） | 收到和处理政府信息公开申请情况（第五十条第二项） \
         | 行政复议、行政诉讼情况（第五十条第三项） | 存在的主要问题及改进情况（第五十条第四项） \
         | 其他需要报告的事项（第五十条第五项） | 工作考核、社会评议和责任追究结果（第五十条第四项） \
         | 主动公开情况 | 依申请公开情况 | 存在的问题、下一步工作计划两部分 |"
    );
    assert_eq!(
        lines[header + 1],
        "|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|"
    );
    assert_eq!(
        lines[header + 2..header + 5],
        [
            "| docs/a-full.txt | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | — | — | — |",
            "| docs/b-no-review.txt | ✓ | ✓ | ✗ | ✓ | ✓ | — | — | — | — |",
            "| docs/c-summary.txt | — | — | — | — | — | — | ✓ | ✓ | ✗ |",
        ]
    );

    // Per document: what it is, and where each item's evidence is.
    let section = |path: &str| -> Vec<&str> {
        let start = lines
            .iter()
            .position(|l| *l == format!("## {path}"))
            .unwrap_or_else(|| panic!("no section for {path}"));
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.starts_with("## "))
            .copied()
            .collect()
    };
    let row = |lines: &[&str], rule: &str| -> String {
        lines
            .iter()
            .find(|l| l.contains(&format!("`{rule}`")))
            .unwrap_or_else(|| panic!("no row for {rule}"))
            .to_string()
    };
    let full = section("docs/a-full.txt");
    assert!(full.contains(&"某某县人民政府（annual-report，2022年度）"));
    assert!(row(&full, "regulation/annual-report-proactive-disclosure")
        .starts_with("| 主动公开政府信息情况（第五十条第一项） | ✓ 已覆盖 | 第7行“主动公开” |"));
    assert!(row(&full, "regulation/annual-report-review-litigation")
        .contains("| ✓ 已覆盖 | 第9行“行政复议”；第9行“行政诉讼” |"));
    assert!(row(&full, "regulation/annual-report-problems")
        .contains("| 第13行“存在的主要问题”；第13行“改进” |"));
    assert!(row(&full, "regulation/annual-report-other-matters")
        .contains("| 第17行“其他需要报告的事项” |"));
    assert!(row(&full, "regulation/government-accountability")
        .contains("| 第19行“考核”；第19行“社会评议”；第19行“责任追究” |"));

    let no_review = section("docs/b-no-review.txt");
    assert!(no_review.contains(&"某某县统计局（annual-report，2022年度）"));
    assert!(
        row(&no_review, "regulation/annual-report-review-litigation")
            .starts_with("| 行政复议、行政诉讼情况（第五十条第三项） | ✗ 缺少 |  |")
    );
    assert!(row(&no_review, "regulation/annual-report-applications")
        .contains("| ✓ 已覆盖 | 第7行“收到和处理政府信息公开申请” |"));
    assert!(
        !no_review
            .iter()
            .any(|l| l.contains("government-accountability")),
        "not applicable to a department"
    );

    let summary = section("docs/c-summary.txt");
    assert!(summary.contains(&"某某县统计局（work-summary，2022年度）"));
    assert!(row(&summary, "regulation/summary-applications")
        .contains("| ✓ 已覆盖 | 第5行“依申请公开” |"));
    assert!(row(&summary, "summary/required-sections").contains("| ✗ 缺少 |"));
    assert_eq!(
        summary
            .iter()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| 检查项"))
            .count(),
        3,
        "three checklist items apply to a work summary"
    );
}

/// Every evidence reference `第N行“…”` of the Markdown checklist quotes text
/// that is really on line N of the document.
#[test]
fn checklist_evidence_quotes_the_lines_it_names() {
    let dir = checklist_dir();
    let output = zwgk(dir.path(), &["check", "docs", "--format", "checklist"]);
    let text = stdout(&output);
    let evidence = evidence_references(&text);
    assert!(evidence.len() >= 15, "{evidence:?}");
    for (path, line, quote) in evidence {
        let document = std::fs::read_to_string(dir.path().join(&path)).unwrap();
        let on_line = document.lines().nth(line - 1).unwrap_or_default();
        assert!(
            on_line.contains(&quote),
            "{path}: line {line} does not contain “{quote}”: {on_line}"
        );
    }
}

/// (document path, line, quote) of every `第N行“…”` under each `## path` heading.
fn evidence_references(markdown: &str) -> Vec<(String, usize, String)> {
    let mut found = Vec::new();
    let mut path = None;
    for line in markdown.lines() {
        if let Some(p) = line.strip_prefix("## ") {
            path = Some(p.to_string());
            continue;
        }
        let Some(path) = &path else { continue };
        let mut rest = line;
        while let Some(at) = rest.find('第') {
            rest = &rest[at + '第'.len_utf8()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Some(after) = rest[digits.len()..].strip_prefix("行“") else {
                continue;
            };
            let Some(end) = after.find('”') else {
                continue;
            };
            if let Ok(n) = digits.parse() {
                found.push((path.clone(), n, after[..end].to_string()));
            }
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn human_output_underlines_related_places_on_the_line_and_lists_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.txt"),
        "某县财政局2022年政务公开工作总结\n一、工作开展情况\n全年收到申请24件，其中同意公开7件，部分公开7件，不予公开12件。\n",
    )
    .unwrap();
    let output = zwgk(
        dir.path(),
        &["check", "--no-config", "--select", "figures", "report.txt"],
    );
    assert_status(&output, 1);
    let text = stdout(&output);
    for label in [
        "分项：同意公开",
        "分项：部分公开",
        "分项：不予公开",
        "分项之和大于总数",
    ] {
        assert!(text.contains(label), "no “{label}” in:\n{text}");
    }
    // All four places are on line 3: one window, no list under the help.
    assert_eq!(text.matches("3:7]").count(), 1, "{text}");
    assert!(!text.contains("第 3 行"), "{text}");
}
