//! Invariants of whole reports, on realistic generated documents (a title,
//! numbered sections, sentences with injected mistakes, LF or CRLF, an
//! optional BOM, sometimes hard-wrapped like a PDF extraction), where the
//! rules actually fire. `tests/properties.rs` covers the offset bookkeeping
//! on arbitrary text; this file covers what users rely on:
//!
//! - every diagnostic's span is inside the file on char boundaries, its
//!   reported text is the original slice, and its line/column in chars,
//!   UTF-8 and UTF-16 convert back to the same byte offset;
//! - JSON and SARIF parse back and carry each diagnostic (rule id, byte span,
//!   line and column) they came from;
//! - `--fix` changes only bytes inside the chosen fix spans, keeps every line
//!   ending, settles, and a second `--fix` changes nothing; the binary keeps
//!   each file's encoding;
//! - `zwgk split` and linting the parts finds the same as `check --split`,
//!   at the same original positions.

mod common;

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value;

use zwgk::diagnostic::Diagnostic;
use zwgk::document::{decode, encode, ColumnUnit, Document, Encoding, MetadataOverrides};
use zwgk::engine;
use zwgk::fix::{apply, select_edits, Applicability};
use zwgk::output::{self, FileReport};
use zwgk::rules::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(common::embedded_rules);

fn all() -> Vec<usize> {
    (0..RULES.rules.len()).collect()
}

// ---------------------------------------------------------------------------
// Generators: report fragments written for these tests
// ---------------------------------------------------------------------------

const TITLES: &[&str] = &[
    "某某县民政局2022年政务公开工作总结",
    "某市人民政府2022年政府信息公开工作年度报告",
    "某某镇人民政府2023年政务公开工作总结",
    "某县交通运输局2021年政府信息公开工作年度报告",
];

const HEADINGS: &[&str] = &[
    "一、工作开展情况",
    "二、存在的问题",
    "三、下一步工作计划",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "五、存在的主要问题及改进情况",
    "（一）主动公开",
    "（二）依申请公开",
    "（三)平台建设",
    "四、2023年工作打算",
];

const SENTENCES: &[&str] = &[
    "2022年，本局坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。",
    "全年通过门户网站主动公开政府信息215条，其中政策文件18件。",
    "围绕社会救助、养老服务等事项，及时发布政策解读9篇。",
    "全年收到政府信息公开申请6件，均在法定期限内答复。",
    "部分栏目内容更新不够及时，政策解读形式较为单一。",
    "下一步，本局将加强队伍建设，提高信息发布质量。",
    "一是加强组织领导；二是完善工作机制；三是强化监督考核。",
    "统计期限为2022年1月1日至2022年12月31日。",
];

/// Mistakes the embedded rules look for, spliced into sentences.
const MISTAKES: &[&str] = &[
    "惯彻落实",
    "做为",
    "推进推进",
    "的的",
    "如下:",
    "全县,",
    "XX条",
    "***",
    "（试行)",
    "2021年",
    "一是加强领导；三是狠抓落实。",
    "⑳",
    "研究研究",
    "𠮷",
    "Open Data",
];

fn paragraph() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SENTENCES),
        prop::option::of((prop::sample::select(MISTAKES), any::<prop::sample::Index>())),
        prop::bool::weighted(0.6),
    )
        .prop_map(|(sentence, mistake, indent)| {
            let mut text = sentence.to_string();
            if let Some((mistake, at)) = mistake {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                text.insert_str(*at.get(&bounds), mistake);
            }
            if indent {
                text.insert_str(0, "　　");
            }
            text
        })
}

/// A report: title, sections of paragraphs, signature and date, then line
/// endings (LF or CRLF), optional blank lines, optional hard wrap.
#[derive(Debug, Clone)]
struct Report {
    text: String,
    crlf: bool,
}

fn report() -> impl Strategy<Value = Report> {
    (
        prop::sample::select(TITLES),
        prop::collection::vec(
            (
                prop::sample::select(HEADINGS),
                prop::collection::vec(paragraph(), 1..4),
            ),
            1..5,
        ),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(18usize..30),
    )
        .prop_map(|(title, sections, crlf, blank_lines, wrap)| {
            let mut lines = vec![title.to_string()];
            for (heading, paragraphs) in sections {
                lines.push(heading.to_string());
                for p in paragraphs {
                    match wrap {
                        Some(width) => {
                            let chars: Vec<char> = p.chars().collect();
                            lines.extend(chars.chunks(width).map(|c| c.iter().collect()));
                        }
                        None => lines.push(p),
                    }
                }
            }
            lines.push("某某县民政局".to_string());
            lines.push("2023年1月10日".to_string());
            let newline = if crlf { "\r\n" } else { "\n" };
            let separator = if blank_lines {
                format!("{newline}{newline}")
            } else {
                newline.to_string()
            };
            let mut text = lines.join(&separator);
            text.push_str(newline);
            Report { text, crlf }
        })
}

/// A report, sometimes behind a BOM character (as a file decoded without
/// stripping it would be).
fn report_text() -> impl Strategy<Value = String> {
    (report(), prop::bool::weighted(0.2)).prop_map(|(r, bom)| {
        if bom {
            format!("\u{feff}{}", r.text)
        } else {
            r.text
        }
    })
}

fn lint(text: &str) -> (Document, Vec<Diagnostic>, Vec<engine::ChecklistEntry>) {
    let doc = Document::new(
        "invariants.txt",
        text.to_string(),
        &MetadataOverrides::default(),
    );
    let result = engine::lint(&doc, &RULES, &all());
    (doc, result.diagnostics, result.checklist)
}

// ---------------------------------------------------------------------------
// Spans, positions, JSON and SARIF
// ---------------------------------------------------------------------------

fn check_spans_and_outputs(text: &str) -> Result<usize, TestCaseError> {
    let (doc, diagnostics, checklist) = lint(text);
    for d in &diagnostics {
        let id = &RULES.rules[d.rule].id;
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{id}: {:?} outside the text",
            d.span
        );
        prop_assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{id}: {:?} not on char boundaries",
            d.span
        );
        for offset in [d.span.start, d.span.end] {
            let pos = doc.position(offset);
            for (unit, column) in [
                (ColumnUnit::Chars, pos.column),
                (ColumnUnit::Utf8, pos.column_utf8),
                (ColumnUnit::Utf16, pos.column_utf16),
            ] {
                prop_assert_eq!(
                    doc.lines.offset(text, pos.line, column, unit),
                    Some(offset),
                    "{}: {:?} does not convert back in {:?}",
                    id,
                    pos,
                    unit
                );
            }
        }
    }
    let count = diagnostics.len();
    let reports = [FileReport::Linted {
        doc: Box::new(doc),
        diagnostics,
        checklist,
    }];
    let FileReport::Linted { diagnostics, .. } = &reports[0] else {
        unreachable!()
    };

    // JSON: every diagnostic with its rule, span, text and positions.
    let mut json = Vec::new();
    output::json::write(&mut json, &reports, &RULES).unwrap();
    let json: Value = serde_json::from_slice(&json).expect("JSON parses");
    let got = json["files"][0]["diagnostics"].as_array().unwrap();
    prop_assert_eq!(got.len(), count);
    for (g, d) in got.iter().zip(diagnostics) {
        prop_assert_eq!(g["rule"].as_str(), Some(RULES.rules[d.rule].id.as_str()));
        prop_assert_eq!(g["severity"].as_str(), Some(d.severity.name()));
        prop_assert_eq!(g["message"].as_str(), Some(d.message.as_str()));
        let span = g["span"]["start"].as_u64().unwrap() as usize
            ..g["span"]["end"].as_u64().unwrap() as usize;
        prop_assert_eq!(&span, &d.span);
        prop_assert_eq!(g["text"].as_str(), Some(&text[span.clone()]));
        for (key, offset) in [("start", span.start), ("end", span.end)] {
            let p = &g[key];
            let read = (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["column_utf8"].as_u64().unwrap(),
                p["column_utf16"].as_u64().unwrap(),
            );
            prop_assert_eq!(read, common::expected_position(text, offset));
        }
        match (&d.fix, g["fix"].as_object()) {
            (None, None) => {}
            (Some(fix), Some(g)) => {
                let edits = g["edits"].as_array().unwrap();
                prop_assert_eq!(edits.len(), fix.edits.len());
                for (e, edit) in edits.iter().zip(&fix.edits) {
                    prop_assert_eq!(e["span"]["start"].as_u64(), Some(edit.span.start as u64));
                    prop_assert_eq!(e["span"]["end"].as_u64(), Some(edit.span.end as u64));
                    prop_assert_eq!(e["replacement"].as_str(), Some(edit.replacement.as_ref()));
                }
            }
            (fix, g) => prop_assert!(false, "fix {:?} written as {:?}", fix, g),
        }
    }

    // SARIF: rule id, code-point region (line/column and char offset/length)
    // converting back to the byte span, and the snippet.
    let mut sarif = Vec::new();
    output::sarif::write(&mut sarif, &reports, &RULES).unwrap();
    let sarif: Value = serde_json::from_slice(&sarif).expect("SARIF parses");
    let run = &sarif["runs"][0];
    prop_assert_eq!(run["columnKind"].as_str(), Some("unicodeCodePoints"));
    let results = run["results"].as_array().unwrap();
    prop_assert_eq!(results.len(), count);
    let FileReport::Linted { doc, .. } = &reports[0] else {
        unreachable!()
    };
    let char_to_byte: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for (r, d) in results.iter().zip(diagnostics) {
        let id = RULES.rules[d.rule].id.as_str();
        prop_assert_eq!(r["ruleId"].as_str(), Some(id));
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        prop_assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"].as_str(),
            Some(id)
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let at = |line: &str, column: &str| {
            doc.lines.offset(
                text,
                region[line].as_u64().unwrap() as u32,
                region[column].as_u64().unwrap() as u32,
                ColumnUnit::Chars,
            )
        };
        prop_assert_eq!(at("startLine", "startColumn"), Some(d.span.start));
        prop_assert_eq!(at("endLine", "endColumn"), Some(d.span.end));
        let first = region["charOffset"].as_u64().unwrap() as usize;
        let length = region["charLength"].as_u64().unwrap() as usize;
        prop_assert_eq!(
            char_to_byte[first]..char_to_byte[first + length],
            d.span.clone()
        );
        prop_assert_eq!(
            region["snippet"]["text"].as_str(),
            Some(&text[d.span.clone()])
        );
    }
    Ok(count)
}

proptest! {
    #[test]
    fn diagnostics_round_trip_through_positions_json_and_sarif(text in report_text()) {
        check_spans_and_outputs(&text)?;
    }
}

// ---------------------------------------------------------------------------
// Fixes
// ---------------------------------------------------------------------------

/// The line terminators of `text` in order (`\n` or `\r\n`).
fn line_endings(text: &str) -> Vec<&'static str> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| {
            if i > 0 && bytes[i - 1] == b'\r' {
                "\r\n"
            } else {
                "\n"
            }
        })
        .collect()
}

const MAX_ROUNDS: usize = 10;

/// `--fix` as the binary does it (lint, apply, again until nothing is left
/// to fix), checking each round's edits: sorted, disjoint, on char
/// boundaries, and the fixed text differs from the old one only inside them.
fn fix_rounds(text: &str, applicability: Applicability) -> Result<String, TestCaseError> {
    let mut text = text.to_string();
    for _ in 0..MAX_ROUNDS {
        let (_, diagnostics, _) = lint(&text);
        let edits = select_edits(&diagnostics, applicability);
        if edits.is_empty() {
            return Ok(text);
        }
        let mut previous_end = 0;
        for edit in &edits {
            prop_assert!(
                edit.span.start >= previous_end,
                "edits overlap: {:?}",
                edits
            );
            prop_assert!(edit.span.end <= text.len());
            prop_assert!(
                text.is_char_boundary(edit.span.start) && text.is_char_boundary(edit.span.end)
            );
            previous_end = edit.span.end;
        }
        let fixed = apply(&text, &edits);
        // Bytes outside the edits are kept, in order.
        let (mut at, mut out) = (0, 0);
        for edit in &edits {
            let kept = &text[at..edit.span.start];
            prop_assert_eq!(&fixed[out..out + kept.len()], kept);
            out += kept.len() + edit.replacement.len();
            at = edit.span.end;
        }
        prop_assert_eq!(&fixed[out..], &text[at..]);
        text = fixed;
    }
    prop_assert!(
        false,
        "--fix did not settle in {} rounds:\n{}",
        MAX_ROUNDS,
        text
    );
    unreachable!()
}

proptest! {
    #[test]
    fn fix_changes_only_fix_spans_keeps_line_endings_and_settles(
        report in report(),
        unsafe_fixes in any::<bool>(),
    ) {
        let applicability = if unsafe_fixes { Applicability::All } else { Applicability::SafeOnly };
        let fixed = fix_rounds(&report.text, applicability)?;
        prop_assert_eq!(line_endings(&fixed), line_endings(&report.text));
        if report.crlf {
            prop_assert!(!fixed.replace("\r\n", "").contains('\n'), "a bare LF in a CRLF file");
        }
        // A second pass changes nothing.
        let (_, diagnostics, _) = lint(&fixed);
        prop_assert_eq!(select_edits(&diagnostics, applicability), vec![]);
    }
}

/// The generator puts fixable mistakes in most reports, so the fix
/// properties above are not vacuous.
#[test]
fn generated_reports_have_findings_and_fixes() {
    let mut runner = TestRunner::deterministic();
    let strategy = report();
    let (mut fixed, mut findings, mut crlf) = (0, 0, 0);
    for _ in 0..100 {
        let report = strategy.new_tree(&mut runner).unwrap().current();
        let (_, diagnostics, _) = lint(&report.text);
        findings += usize::from(!diagnostics.is_empty());
        fixed += usize::from(!select_edits(&diagnostics, Applicability::SafeOnly).is_empty());
        crlf += usize::from(report.crlf);
    }
    assert!(
        findings >= 90,
        "only {findings} of 100 reports have findings"
    );
    assert!(fixed >= 40, "only {fixed} of 100 reports have safe fixes");
    assert!(crlf >= 20, "only {crlf} of 100 reports use CRLF");
}

// ---------------------------------------------------------------------------
// The binary: --fix in place, zwgk split
// ---------------------------------------------------------------------------

fn zwgk(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--no-config"];
    all.extend(args);
    // `--no-config` belongs to `check`; `split` takes none.
    if args.first() == Some(&"split") {
        all.remove(0);
    } else {
        all.swap(0, 1);
    }
    common::zwgk_in(dir, &all)
}

const ENCODINGS: [Encoding; 5] = [
    Encoding::Utf8,
    Encoding::Utf8Bom,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Gb18030,
];

/// `zwgk check --fix` on reports in every encoding and line ending: each file
/// keeps its encoding, BOM and line endings, ends up as the library's fix
/// rounds predict, and a second `--fix` leaves every byte alone.
#[test]
fn fix_in_place_keeps_encoding_and_a_second_fix_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = report();
    let mut files = Vec::new();
    for i in 0..20 {
        let report = strategy.new_tree(&mut runner).unwrap().current();
        let encoding = ENCODINGS[i % ENCODINGS.len()];
        let name = format!("{i:02}-{}.txt", encoding.name());
        std::fs::write(dir.path().join(&name), encode(&report.text, encoding)).unwrap();
        files.push((name, report, encoding));
    }
    let first = zwgk(dir.path(), &["check", "--fix", "--format", "concise", "."]);
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut changed = 0;
    let mut after_first = Vec::new();
    for (name, report, encoding) in &files {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.encoding, *encoding, "{name}: encoding changed");
        let expected = fix_rounds(&report.text, Applicability::SafeOnly).unwrap();
        assert_eq!(decoded.text, expected, "{name}: not the library's fix");
        assert_eq!(
            line_endings(&decoded.text),
            line_endings(&report.text),
            "{name}"
        );
        changed += usize::from(decoded.text != report.text);
        after_first.push(bytes);
    }
    assert!(changed >= 5, "only {changed} of 20 files were fixed");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(
        stderr.contains(&format!(
            "已修改 {changed} 个文件 (fixed {changed} file(s))."
        )),
        "{stderr}"
    );

    let second = zwgk(dir.path(), &["check", "--fix", "--format", "concise", "."]);
    assert!(matches!(second.status.code(), Some(0 | 1)));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("已修改 0 个文件 (fixed 0 file(s))."),
        "the second --fix changed files: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    for ((name, _, _), before) in files.iter().zip(&after_first) {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(&bytes, before, "{name}: changed by the second --fix");
    }
}

/// A diagnostic as (rule, byte span, (line, column)).
type Finding = (String, (usize, usize), (u64, u64));

/// Diagnostics of a JSON report.
fn findings(json: &Value) -> Vec<Finding> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                (
                    d["span"]["start"].as_u64().unwrap() as usize,
                    d["span"]["end"].as_u64().unwrap() as usize,
                ),
                (
                    d["start"]["line"].as_u64().unwrap(),
                    d["start"]["column"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

/// Compilations of generated reports: `zwgk split` writes parts that join
/// back to the file; linting the parts finds exactly what `check --split`
/// finds, at the same positions in the original file.
#[test]
fn split_parts_find_the_same_as_check_split() {
    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec(report(), 2..5);
    let mut compared = 0;
    for round in 0..6 {
        let reports = strategy.new_tree(&mut runner).unwrap().current();
        let newline = if reports[0].crlf { "\r\n" } else { "\n" };
        let text: String = reports
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(newline);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("汇编.txt"), &text).unwrap();
        let out = zwgk(dir.path(), &["split", "汇编.txt", "--out", "parts"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("parts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(names.len() >= reports.len(), "round {round}: {names:?}");

        let whole = zwgk(
            dir.path(),
            &["check", "--split", "--format", "json", "汇编.txt"],
        );
        let whole: Value = serde_json::from_slice(&whole.stdout).unwrap();
        let mut expected = findings(&whole);

        let out = zwgk(dir.path(), &["check", "--format", "json", "parts"]);
        let parts: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut from_parts = Vec::new();
        let mut offset = 0;
        let mut joined = String::new();
        for name in &names {
            let path = format!("parts/{name}");
            let part = std::fs::read_to_string(dir.path().join(&path)).unwrap();
            let file = parts["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"].as_str() == Some(path.as_str()))
                .unwrap_or_else(|| panic!("{path} not in {parts}"));
            for (rule, span, _) in findings(&serde_json::json!({ "files": [file] })) {
                let span = (span.0 + offset, span.1 + offset);
                let (line, column, _, _) = common::expected_position(&text, span.0);
                from_parts.push((rule, span, (line, column)));
            }
            offset += part.len();
            joined.push_str(&part);
        }
        assert_eq!(joined, text, "round {round}: the parts do not join back");
        expected.sort();
        from_parts.sort();
        assert_eq!(from_parts, expected, "round {round}");
        compared += expected.len();
    }
    assert!(compared >= 20, "only {compared} findings compared");
}
