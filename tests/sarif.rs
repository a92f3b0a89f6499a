//! SARIF output checked against the official SARIF 2.1.0 JSON schema
//! (tests/data/sarif-schema-2.1.0.json, see its .LICENSE.md for where it
//! comes from), regions converted back to the bytes the human output
//! underlines, and content fingerprints that survive unrelated edits.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use common::{embedded_rules, lint};
use serde_json::Value;
use zwgk::document::MetadataOverrides;
use zwgk::output::{sarif, FileReport};
use zwgk::rules::RuleSet;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

const EXAMPLES: &[&str] = &[
    "examples/annual-report-2022.txt",
    "examples/summary-pdf-extracted.txt",
    "examples/summary-web.txt",
];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The official schema, compiled once, with `format` asserted (so artifact
/// URIs must be valid URI references and `$schema`/`helpUri` valid URIs).
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(MANIFEST_DIR).join("tests/data/sarif-schema-2.1.0.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        assert_eq!(
            schema["title"],
            "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
        );
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles")
    })
}

/// Every schema violation of `log`, one per line, with where it is.
fn schema_errors(log: &Value) -> Vec<String> {
    validator()
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[track_caller]
fn assert_valid_sarif(log: &Value, what: &str) {
    let errors = schema_errors(log);
    assert!(
        errors.is_empty(),
        "SARIF for {what} violates the SARIF 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

fn report(rules: &RuleSet, path: &str, text: &str) -> FileReport {
    let (doc, result) = lint(rules, path, text, &MetadataOverrides::default());
    FileReport::Linted {
        doc: Box::new(doc),
        diagnostics: result.diagnostics,
        checklist: result.checklist,
    }
}

fn read(path: &str) -> String {
    let full = Path::new(MANIFEST_DIR).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn example_reports(rules: &RuleSet) -> Vec<FileReport> {
    EXAMPLES
        .iter()
        .map(|path| report(rules, path, &read(path)))
        .collect()
}

fn sarif_log(reports: &[FileReport], rules: &RuleSet) -> Value {
    sarif::log(reports, rules, Path::new(MANIFEST_DIR))
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .expect("runs[0].results is an array")
}

/// The byte offset of a 1-based line and a 1-based column counted in Unicode
/// code points (`columnKind: unicodeCodePoints`). Lines end at `\n`; a `\r`
/// before it is part of the line ending.
fn byte_of_line_column(text: &str, line: u64, column: u64) -> usize {
    assert!(line >= 1 && column >= 1, "line {line}, column {column}");
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line as usize - 2)
            .unwrap_or_else(|| panic!("line {line} is past the end of the text"))
            .0
            + 1
    };
    byte_of_char(&text[line_start..], (column - 1) as usize) + line_start
}

/// The byte offset of the `n`th code point (0-based; `n` may be one past the end).
fn byte_of_char(text: &str, n: usize) -> usize {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(n)
        .unwrap_or_else(|| panic!("code point {n} is past the end of the text"))
}

/// The byte ranges a SARIF region denotes, once by line/column and once by
/// charOffset/charLength.
fn region_bytes(text: &str, region: &Value) -> (Range<usize>, Range<usize>) {
    let num = |key: &str| {
        region[key]
            .as_u64()
            .unwrap_or_else(|| panic!("region has no {key}: {region}"))
    };
    let by_line = byte_of_line_column(text, num("startLine"), num("startColumn"))
        ..byte_of_line_column(text, num("endLine"), num("endColumn"));
    let start = byte_of_char(text, num("charOffset") as usize);
    let end = start + byte_of_char(&text[start..], num("charLength") as usize);
    (by_line, start..end)
}

/// Checks every result region and every fix's deleted regions of `log`
/// against the diagnostics of `reports` (in the same order).
fn assert_regions_match_spans(reports: &[FileReport], rules: &RuleSet, log: &Value) -> usize {
    let results = results(log);
    let mut next = 0;
    let mut checked = 0;
    for report in reports {
        let FileReport::Linted {
            doc, diagnostics, ..
        } = report
        else {
            continue;
        };
        for d in diagnostics {
            let result = &results[next];
            next += 1;
            let rule = &rules.rules[d.rule].id;
            let what = format!("{} {rule} at bytes {:?}", doc.path, d.span);
            assert_eq!(result["ruleId"], rule.as_str(), "{what}");
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(
                location["artifactLocation"]["uri"],
                doc.path.as_str(),
                "{what}"
            );
            let region = &location["region"];
            let (by_line, by_char) = region_bytes(&doc.text, region);
            assert_eq!(by_line, d.span, "{what}: startLine/Column..endLine/Column");
            assert_eq!(by_char, d.span, "{what}: charOffset/charLength");
            assert_eq!(
                region["snippet"]["text"],
                &doc.text[d.span.clone()],
                "{what}: snippet"
            );
            checked += 1;
            match &d.fix {
                None => assert!(result.get("fixes").is_none(), "{what}: no fix expected"),
                Some(fix) => {
                    let replacements = result["fixes"][0]["artifactChanges"][0]["replacements"]
                        .as_array()
                        .unwrap_or_else(|| panic!("{what}: fix without replacements"));
                    assert_eq!(replacements.len(), fix.edits.len(), "{what}");
                    for (edit, replacement) in fix.edits.iter().zip(replacements) {
                        let (by_line, by_char) =
                            region_bytes(&doc.text, &replacement["deletedRegion"]);
                        assert_eq!(by_line, edit.span, "{what}: fix edit by line/column");
                        assert_eq!(by_char, edit.span, "{what}: fix edit by charOffset");
                        assert_eq!(
                            replacement["insertedContent"]["text"],
                            edit.replacement.as_ref(),
                            "{what}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(next, results.len(), "one SARIF result per diagnostic");
    checked
}

// ---------------------------------------------------------------------------
// The schema itself and the validator
// ---------------------------------------------------------------------------

#[test]
fn the_validator_rejects_broken_sarif() {
    let rules = embedded_rules();
    let log = sarif_log(&example_reports(&rules), &rules);
    assert_valid_sarif(&log, "examples/");

    let mut no_version = log.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert!(
        !schema_errors(&no_version).is_empty(),
        "version is required"
    );

    let mut line_zero = log.clone();
    line_zero["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&line_zero).is_empty(), "lines start at 1");

    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = "info".into();
    assert!(
        !schema_errors(&bad_level).is_empty(),
        "`info` is not a SARIF level"
    );

    let mut bad_uri = log.clone();
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"] = "examples/a b|c.txt".into();
    assert!(
        !schema_errors(&bad_uri).is_empty(),
        "artifact URIs are format-checked"
    );

    let mut unknown_property = log;
    unknown_property["runs"][0]["results"][0]["line"] = 3.into();
    assert!(
        !schema_errors(&unknown_property).is_empty(),
        "results admit no unknown properties"
    );
}

// ---------------------------------------------------------------------------
// The SARIF zwgk produces validates
// ---------------------------------------------------------------------------

#[test]
fn sarif_of_the_examples_validates() {
    let rules = embedded_rules();
    let reports = example_reports(&rules);
    let log = sarif_log(&reports, &rules);
    assert_valid_sarif(&log, "examples/");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let diagnostics: usize = reports.iter().map(|r| r.diagnostics().len()).sum();
    assert!(diagnostics > 10, "the examples have findings");
    assert_eq!(results(&log).len(), diagnostics);
    // Every result points at a rule descriptor by id and index.
    let descriptors = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(descriptors.len(), rules.rules.len());
    for result in results(&log) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_of_the_examples_from_the_binary_validates() {
    let output = Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .current_dir(MANIFEST_DIR)
        .args(["check", "examples/", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "the examples have errors");
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_valid_sarif(&log, "`zwgk check examples/ --format sarif`");
    assert!(!results(&log).is_empty());
}

#[test]
fn sarif_of_every_corpus_file_validates() {
    let dir = Path::new(MANIFEST_DIR).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let rules = embedded_rules();
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not UTF-8 text: nothing to lint
        };
        let name = format!(
            "../shared/corpus/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let one = vec![report(&rules, &name, &text)];
        let log = sarif_log(&one, &rules);
        assert_valid_sarif(&log, &name);
        assert_regions_match_spans(&one, &rules, &log);
        all.extend(one);
    }
    assert!(!all.is_empty(), "the corpus has text files");
    let log = sarif_log(&all, &rules);
    assert_valid_sarif(&log, "the whole corpus");
    assert!(!results(&log).is_empty(), "the corpus has findings");
}

#[test]
fn sarif_with_an_unreadable_file_validates() {
    let rules = embedded_rules();
    let mut reports = example_reports(&rules);
    reports.push(FileReport::Failed {
        path: "examples/image.txt".into(),
        error: "无法解码：不是文本文件 (binary file: contains NUL bytes)".into(),
    });
    reports.push(FileReport::Failed {
        path: "/nonexistent/缺失的 文件.txt".into(),
        error: "文件或目录不存在 (no such file or directory)".into(),
    });
    let log = sarif_log(&reports, &rules);
    assert_valid_sarif(&log, "a run with unreadable files");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2);
    assert_eq!(notifications[0]["level"], "error");
    assert!(notifications[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("不是文本文件"));
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/image.txt"
    );
    // An absolute path outside the root becomes an absolute, encoded file URI.
    assert_eq!(
        notifications[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "file:///nonexistent/%E7%BC%BA%E5%A4%B1%E7%9A%84%20%E6%96%87%E4%BB%B6.txt"
    );
}

/// The binary over a directory with an unreadable (binary) file and file names that
/// need percent-encoding in a URI: exit status 2, and the SARIF still valid.
#[test]
fn sarif_from_the_binary_with_odd_names_and_an_unreadable_file_validates() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("报告 2022");
    std::fs::create_dir(&docs).unwrap();
    let summary = read("examples/summary-web.txt");
    std::fs::write(docs.join("a,b #1 [草稿]%.txt"), &summary).unwrap();
    std::fs::write(docs.join("总结.md"), &summary).unwrap();
    // A binary file (NUL bytes) named like a report.
    std::fs::write(
        docs.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .current_dir(dir.path())
        .args(["check", "报告 2022", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unreadable file is an input error; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_valid_sarif(&log, "a directory with odd names and a binary file");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1);
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E6%8A%A5%E5%91%8A%202022/image.txt"
    );
    let uris: std::collections::BTreeSet<&str> = results(&log)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris.into_iter().collect::<Vec<_>>(),
        [
            "%E6%8A%A5%E5%91%8A%202022/%E6%80%BB%E7%BB%93.md",
            "%E6%8A%A5%E5%91%8A%202022/a,b%20%231%20%5B%E8%8D%89%E7%A8%BF%5D%25.txt",
        ]
    );
}

// ---------------------------------------------------------------------------
// Regions land on the underlined characters
// ---------------------------------------------------------------------------

#[test]
fn regions_of_the_examples_are_the_diagnostic_spans() {
    let rules = embedded_rules();
    let reports = example_reports(&rules);
    let log = sarif_log(&reports, &rules);
    let checked = assert_regions_match_spans(&reports, &rules, &log);
    // The examples have multi-line spans (PDF-wrapped text) and multi-edit fixes.
    assert!(checked > 20, "only {checked} regions checked");
    let multi_line = results(&log).iter().any(|r| {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        region["startLine"] != region["endLine"]
    });
    assert!(multi_line, "the examples include a span over several lines");
}

/// An astral character (𠀀, two UTF-16 units, four UTF-8 bytes) and CRLF line
/// endings before the findings: columns count code points, lines end at LF.
const ASTRAL_CRLF: &str = "某某县民政局2022年政务公开工作总结\r\n\r\n\
一、2022年工作开展情况\r\n\r\n\
𠀀𠀀乡全面推进推进基层政务公开，主动公开信息120条，做为试点单位。\r\n\r\n\
依申请公开办理3件。\r\n\r\n\
二、存在的问题\r\n\r\n\
部分栏目更新不及时。\r\n\r\n\
三、2023年工作计划\r\n\r\n\
持续推进政务公开（一是加强培训)。\r\n";

#[test]
fn regions_after_an_astral_character_and_crlf_are_the_diagnostic_spans() {
    let rules = embedded_rules();
    let reports = vec![report(&rules, "astral-crlf.txt", ASTRAL_CRLF)];
    let log = sarif_log(&reports, &rules);
    assert_valid_sarif(&log, "astral-crlf.txt");
    assert_regions_match_spans(&reports, &rules, &log);

    // The exact regions, computed by hand.
    let by_rule: HashMap<&str, &Value> = results(&log)
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                &r["locations"][0]["physicalLocation"]["region"],
            )
        })
        .collect();
    let repeated = by_rule["style/repeated-word"];
    // Line 5: “𠀀𠀀乡全面” is 5 code points (7 UTF-16 units), so “推进推进” starts at column 6.
    assert_eq!(repeated["startLine"], 5);
    assert_eq!(repeated["startColumn"], 6);
    assert_eq!(repeated["endLine"], 5);
    assert_eq!(repeated["endColumn"], 10);
    // Every code point of lines 1 to 4, their CR and LF included, then five more.
    let before_line_5: usize = ASTRAL_CRLF
        .split('\n')
        .take(4)
        .map(|l| l.chars().count() + 1)
        .sum();
    assert_eq!(repeated["charOffset"], before_line_5 + 5);
    assert_eq!(repeated["charLength"], 4);
    assert_eq!(repeated["snippet"]["text"], "推进推进");

    let typo = by_rule["style/typo"];
    assert_eq!(typo["startLine"], 5);
    let column = "𠀀𠀀乡全面推进推进基层政务公开，主动公开信息120条，"
        .chars()
        .count()
        + 1;
    assert_eq!(typo["startColumn"], column);
    assert_eq!(typo["snippet"]["text"], "做为");

    let bracket = by_rule["style/mixed-width-brackets"];
    assert_eq!(bracket["startLine"], 15);
    assert_eq!(bracket["snippet"]["text"], ")");
}

/// The same document with LF and with CRLF line endings: the same lines and
/// columns, and the same fingerprints.
#[test]
fn crlf_and_lf_give_the_same_lines_columns_and_fingerprints() {
    let rules = embedded_rules();
    let lf = ASTRAL_CRLF.replace("\r\n", "\n");
    let logs: Vec<Value> = [ASTRAL_CRLF, lf.as_str()]
        .iter()
        .map(|text| sarif_log(&[report(&rules, "doc.txt", text)], &rules))
        .collect();
    let key = |log: &Value| -> Vec<(Value, Value, Value, Value, Value)> {
        results(log)
            .iter()
            .map(|r| {
                let region = &r["locations"][0]["physicalLocation"]["region"];
                (
                    r["ruleId"].clone(),
                    region["startLine"].clone(),
                    region["startColumn"].clone(),
                    region["endColumn"].clone(),
                    r["partialFingerprints"].clone(),
                )
            })
            .collect()
    };
    assert!(!results(&logs[0]).is_empty());
    assert_eq!(key(&logs[0]), key(&logs[1]));
}

// ---------------------------------------------------------------------------
// Fingerprint stability
// ---------------------------------------------------------------------------

/// A work summary with several findings, two of them identical (same rule,
/// same text, same line) in different paragraphs.
const FINGERPRINT_DOC: &str = "某某县民政局2022年政务公开工作总结

2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作全面推进推进政务公开。现将有关情况总结如下。

一、2022年工作开展情况

（一）加强组织领导。调整政务公开工作领导小组，做为年度重点工作，全年召开专题会议3次。

（二）深化主动公开。全年主动公开政府信息XX条，其中社会救助信息52条、养老服务信息31条。

（三）规范依申请公开。全年收到政府信息公开申请8件，均在法定期限内答复，做为规范办理的样本。

全面推进推进政务公开。

二、存在的问题

部分栏目信息更新不够及时，政策解读形式不够丰富。

三、2023年工作计划

一是持续深化重点领域信息公开；二是提升政策解读质量；四是加强政府网站建设。

全面推进推进政务公开。

某某县民政局
2023年1月10日
";

/// Ten lines (five short paragraphs and their blank lines) without findings.
const TEN_LINES: &str = "全局上下高度重视此项工作。

局领导多次听取专题汇报并提出明确要求。

各科室按照分工抓好落实。

相关制度得到进一步健全和完善，运行总体平稳。

工作人员业务能力有所提升。

";

type Prints = BTreeMap<(String, String, u64), Value>;

/// Fingerprints by (rule, reported text, occurrence among those two), and the
/// start lines by the same key.
fn fingerprints_of(rules: &RuleSet, text: &str) -> (Prints, BTreeMap<(String, String, u64), u64>) {
    let reports = vec![report(rules, "summary.txt", text)];
    if let FileReport::Linted { doc, .. } = &reports[0] {
        assert!(!doc.view.wrapped, "read as web text, one paragraph a line");
    }
    let log = sarif_log(&reports, rules);
    assert_valid_sarif(&log, "the fingerprint document");
    let mut prints = BTreeMap::new();
    let mut lines = BTreeMap::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for r in results(&log) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let rule = r["ruleId"].as_str().unwrap().to_string();
        let snippet = region["snippet"]["text"].as_str().unwrap().to_string();
        let n = seen.entry((rule.clone(), snippet.clone())).or_default();
        let key = (rule, snippet, *n);
        *n += 1;
        prints.insert(key.clone(), r["partialFingerprints"].clone());
        lines.insert(key, region["startLine"].as_u64().unwrap());
    }
    (prints, lines)
}

#[test]
fn fingerprints_survive_moving_a_paragraph_down_ten_lines() {
    let rules = embedded_rules();
    let (before, lines_before) = fingerprints_of(&rules, FINGERPRINT_DOC);
    assert!(before.len() >= 7, "several findings: {before:#?}");

    // Move the paragraph （一） down by ten lines: insert ten lines above it.
    let moved_paragraph = "（一）加强组织领导。";
    let at = FINGERPRINT_DOC.find(moved_paragraph).unwrap();
    let moved = format!(
        "{}{TEN_LINES}{}",
        &FINGERPRINT_DOC[..at],
        &FINGERPRINT_DOC[at..]
    );
    assert_eq!(moved.lines().count(), FINGERPRINT_DOC.lines().count() + 10);
    let (after, lines_after) = fingerprints_of(&rules, &moved);

    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same findings before and after the move"
    );
    let mut shifted = 0;
    for (key, print) in &before {
        assert_eq!(&after[key], print, "fingerprint of {key:?} changed");
        for value in print.as_object().unwrap().values() {
            let value = value.as_str().unwrap();
            assert_eq!(value.len(), 16, "{value}");
            assert!(value.chars().all(|c| c.is_ascii_hexdigit()), "{value}");
        }
        if lines_after[key] == lines_before[key] + 10 {
            shifted += 1;
        }
    }
    // The findings of the moved paragraph and below it really moved.
    assert!(shifted >= 5, "only {shifted} findings moved down ten lines");
}

#[test]
fn fingerprints_survive_moving_a_paragraph_past_others() {
    let rules = embedded_rules();
    let (before, lines_before) = fingerprints_of(&rules, FINGERPRINT_DOC);
    // Move the plan paragraph (with its skipped “四是”) below the paragraph
    // after it and ten more lines.
    let plan = "一是持续深化重点领域信息公开；二是提升政策解读质量；四是加强政府网站建设。\n\n";
    let without = FINGERPRINT_DOC.replacen(plan, "", 1);
    let at = without.find("某某县民政局\n2023年").unwrap();
    let moved = format!("{}{TEN_LINES}{plan}{}", &without[..at], &without[at..]);
    let (after, lines_after) = fingerprints_of(&rules, &moved);
    assert_eq!(before, after);
    let key = (
        "summary/enumeration-sequence".to_string(),
        "四是".to_string(),
        0,
    );
    assert_eq!(lines_after[&key], lines_before[&key] + 12);
}

#[test]
fn identical_findings_in_different_places_get_different_fingerprints() {
    let rules = embedded_rules();
    let (prints, lines) = fingerprints_of(&rules, FINGERPRINT_DOC);
    let repeated = |n| ("style/repeated-word".to_string(), "推进推进".to_string(), n);
    // The two paragraphs “全面推进推进政务公开。” are identical, so are their findings.
    let first = &prints[&repeated(1)];
    let second = &prints[&repeated(2)];
    assert_ne!(lines[&repeated(1)], lines[&repeated(2)]);
    assert_ne!(
        first["primaryLocationLineHash"],
        second["primaryLocationLineHash"]
    );
    assert_ne!(first["zwgkContentHash/v1"], second["zwgkContentHash/v1"]);
    // The same typo in two sentences.
    let typo = |n| ("style/typo".to_string(), "做为".to_string(), n);
    assert_ne!(prints[&typo(0)], prints[&typo(1)]);
    // No two results of the document share a fingerprint.
    let mut all: Vec<&Value> = prints
        .values()
        .map(|p| &p["primaryLocationLineHash"])
        .collect();
    let count = all.len();
    all.sort_by_key(|v| v.as_str().unwrap().to_string());
    all.dedup();
    assert_eq!(all.len(), count, "fingerprints are unique in a file");
}

#[test]
fn an_edit_next_to_a_finding_changes_only_its_fingerprint() {
    let rules = embedded_rules();
    let (before, _) = fingerprints_of(&rules, FINGERPRINT_DOC);
    // Change the text right next to the placeholder finding.
    let edited = FINGERPRINT_DOC.replace("政府信息XX条，其中", "政务信息XX条，其中");
    let (after, _) = fingerprints_of(&rules, &edited);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<_> = before
        .iter()
        .filter(|(key, print)| after[*key] != **print)
        .map(|(key, _)| key.0.as_str())
        .collect();
    assert_eq!(changed, ["style/placeholder"]);
}

#[test]
fn related_locations_point_at_the_parts_of_a_total() {
    let rules = common::embedded_rules();
    let text = "某县财政局2022年政务公开工作总结\n一、工作开展情况\n全年收到申请24件，其中同意公开7件，部分公开7件，不予公开12件。\n";
    let reports = vec![report(&rules, "related.txt", text)];
    let log = sarif_log(&reports, &rules);
    assert_valid_sarif(&log, "a breakdown finding");
    let result = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "figures/parts-exceed-total")
        .expect("the parts exceed the total");
    let (primary, _) = region_bytes(text, &result["locations"][0]["physicalLocation"]["region"]);
    assert_eq!(&text[primary], "24件");
    let related: Vec<(u64, String, String)> = result["relatedLocations"]
        .as_array()
        .expect("relatedLocations")
        .iter()
        .map(|r| {
            let (by_line, by_char) = region_bytes(text, &r["physicalLocation"]["region"]);
            assert_eq!(by_line, by_char);
            (
                r["id"].as_u64().unwrap(),
                r["message"]["text"].as_str().unwrap().to_string(),
                text[by_line].to_string(),
            )
        })
        .collect();
    let expected = [
        (1, "分项：同意公开", "7件"),
        (2, "分项：部分公开", "7件"),
        (3, "分项：不予公开", "12件"),
    ];
    assert_eq!(
        related,
        expected
            .iter()
            .map(|(i, l, t)| (*i, l.to_string(), t.to_string()))
            .collect::<Vec<_>>()
    );

    let mut json = Vec::new();
    zwgk::output::json::write(&mut json, &reports, &rules).unwrap();
    let parsed: Value = serde_json::from_slice(&json).unwrap();
    let diagnostic = parsed["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "figures/parts-exceed-total")
        .unwrap()
        .clone();
    let related = diagnostic["related"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    assert_eq!(related[2]["label"], "分项：不予公开");
    assert_eq!(related[2]["text"], "12件");
    let span = &related[2]["span"];
    assert_eq!(
        &text[span["start"].as_u64().unwrap() as usize..span["end"].as_u64().unwrap() as usize],
        "12件"
    );
}
