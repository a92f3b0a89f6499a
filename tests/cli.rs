//! End-to-end tests of the `zwgk` binary: exit codes, input errors, rule-file
//! errors, the JSON and concise formats, rule selection and `rules`/`explain`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const PDF_EXAMPLE: &str = "examples/summary-pdf-extracted.txt";
const CLEAN: &str = "tests/fixtures/summary-pdf-clean.txt";
/// A work summary whose only finding is a warning (a repeated word).
const WARNINGS_ONLY: &str = "tests/cli_data/warnings-only.txt";
/// A file whose only finding is an info (`1、`).
const INFO_ONLY: &str = "tests/cli_data/info-only.txt";
/// An astral character (𠀀) before a repeated word on line 1.
const ASTRAL: &str = "tests/cli_data/astral.txt";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// stderr with miette's wrapping undone: the box-drawing gutter removed
    /// and wrapped lines joined, so messages can be searched whole.
    fn stderr_unwrapped(&self) -> String {
        let mut joined = String::new();
        for line in self.stderr.lines() {
            let line = line.trim_start().trim_start_matches(['│', '×', '·']).trim();
            if !line.is_empty() {
                joined.push_str(line);
                joined.push(' ');
            }
        }
        joined.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn zwgk<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    zwgk_with_env(args, &[])
}

/// `zwgk ARGS` from the repository root, with `env` set besides.
fn zwgk_with_env<S: AsRef<std::ffi::OsStr>>(args: &[S], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .args(args)
        .current_dir(root())
        // Plain, deterministic rendering: no colour, miette's graphical
        // handler (not the narrated one), default width.
        .env("NO_COLOR", "1")
        .env_remove("NO_GRAPHICS")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .output()
        .expect("run zwgk");
    Run {
        code: output.status.code().expect("zwgk exited normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

#[track_caller]
fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "unexpected exit code\n--- stdout:\n{}\n--- stderr:\n{}",
        run.stdout, run.stderr
    );
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap()
}

/// Byte offset of a 1-based line and a 1-based column in Unicode scalar values.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    line_start
        + text[line_start..]
            .char_indices()
            .nth(column - 1)
            .map_or(text.len() - line_start, |(i, _)| i)
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------
// 1. Exit codes
// ---------------------------------------------------------------------------

#[test]
fn exit_1_when_an_error_is_found() {
    let run = zwgk(&["check", "--format", "concise", PDF_EXAMPLE]);
    assert_code(&run, 1);
    assert!(run.stdout.contains("summary/reporting-year"));
}

#[test]
fn exit_0_on_a_clean_file() {
    let run = zwgk(&["check", "--format", "concise", CLEAN]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "", "the clean fixture has no findings");
    // Even the strictest threshold passes when nothing is reported.
    assert_code(&zwgk(&["check", "--fail-on", "info", CLEAN]), 0);
}

#[test]
fn fail_on_sets_the_threshold() {
    let run = zwgk(&["check", "--format", "concise", WARNINGS_ONLY]);
    assert_code(&run, 0);
    assert_eq!(run.stdout_lines().len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("style/repeated-word"));

    assert_code(&zwgk(&["check", "--fail-on", "warning", WARNINGS_ONLY]), 1);
    assert_code(&zwgk(&["check", "--fail-on", "error", WARNINGS_ONLY]), 0);
    assert_code(&zwgk(&["check", "--fail-on", "info", WARNINGS_ONLY]), 1);

    assert_code(&zwgk(&["check", "--fail-on", "error", INFO_ONLY]), 0);
    assert_code(&zwgk(&["check", "--fail-on", "warning", INFO_ONLY]), 0);
    assert_code(&zwgk(&["check", "--fail-on", "info", INFO_ONLY]), 1);

    // Every output format uses the same exit code.
    for format in ["human", "concise", "json"] {
        assert_code(&zwgk(&["check", "--format", format, PDF_EXAMPLE]), 1);
        assert_code(&zwgk(&["check", "--format", format, WARNINGS_ONLY]), 0);
    }
}

#[test]
fn exit_2_on_usage_errors() {
    for args in [
        &["check", "--format", "xml", CLEAN][..],
        &["check", "--fail-on", "fatal", CLEAN],
        &["check", "--no-such-flag", CLEAN],
        &["check", "--kind", "novel", CLEAN],
        &["frobnicate"],
        &[],
    ] {
        let run = zwgk(args);
        assert_code(&run, 2);
        assert!(!run.stderr.is_empty(), "no message for {args:?}");
    }
}

// ---------------------------------------------------------------------------
// 2. Missing paths
// ---------------------------------------------------------------------------

#[test]
fn a_missing_path_is_reported_and_the_others_are_linted() {
    let missing = "tests/cli_data/no-such-report.txt";
    let run = zwgk(&["check", "--format", "concise", PDF_EXAMPLE, missing]);
    assert_code(&run, 2);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains(&format!("{missing}: error: 文件或目录不存在")),
        "{all}"
    );
    // The valid file is still linted.
    assert!(run
        .stdout
        .contains(&format!("{PDF_EXAMPLE}:10:6: summary/reporting-year")));
    assert!(
        run.stderr.contains("另有 1 个文件无法读取"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_path_in_json_output() {
    let missing = "tests/cli_data/no-such-report.txt";
    let run = zwgk(&["check", "--format", "json", missing, WARNINGS_ONLY]);
    assert_code(&run, 2);
    let json = run.json();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let failed = files.iter().find(|f| f["path"] == missing).unwrap();
    assert!(failed["error"].as_str().unwrap().contains("不存在"));
    assert!(failed.get("document").is_none());
    let linted = files.iter().find(|f| f["path"] == WARNINGS_ONLY).unwrap();
    assert_eq!(linted["diagnostics"][0]["rule"], "style/repeated-word");
    assert_eq!(json["summary"]["failed_files"], 1);
    assert_eq!(json["summary"]["files"], 2);
}

#[test]
fn only_missing_paths() {
    let run = zwgk(&["check", "nowhere/at-all.txt"]);
    assert_code(&run, 2);
    assert!(format!("{}{}", run.stdout, run.stderr).contains("nowhere/at-all.txt"));
}

// ---------------------------------------------------------------------------
// 3. Encodings
// ---------------------------------------------------------------------------

/// "政务公开推进推进" in GBK: a GBK report with a repeated word.
const GBK_BYTES: &[u8] = &[
    0xd5, 0xfe, 0xce, 0xf1, 0xb9, 0xab, 0xbf, 0xaa, 0xcd, 0xc6, 0xbd, 0xf8, 0xcd, 0xc6, 0xbd, 0xf8,
    b'\n',
];

/// Bytes that are neither UTF-8 nor GB18030: "政务" then 0xFF, which no
/// GB18030 sequence starts with.
const UNDECODABLE_BYTES: &[u8] = b"\xe6\x94\xbf\xe5\x8a\xa1\xff\xfe\xff\n";

#[test]
fn undecodable_files_are_named_and_the_others_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("garbled.txt"), UNDECODABLE_BYTES).unwrap();
    fs::write(dir.path().join("binary.txt"), b"abc\x00\x01\x02def\n").unwrap();
    fs::write(dir.path().join("good.txt"), read(WARNINGS_ONLY)).unwrap();

    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        path_str(dir.path()),
    ]);
    assert_code(&run, 2);
    let garbled = path_str(&dir.path().join("garbled.txt"));
    let binary = path_str(&dir.path().join("binary.txt"));
    let good = path_str(&dir.path().join("good.txt"));
    let line_of = |path: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{path}:")))
            .unwrap_or_else(|| panic!("no line for {path}:\n{}", run.stdout))
            .to_string()
    };
    let garbled_line = line_of(&garbled);
    assert!(garbled_line.contains("无法解码"), "{garbled_line}");
    assert!(garbled_line.contains("UTF-8"), "{garbled_line}");
    assert!(garbled_line.contains("GB18030"), "{garbled_line}");
    assert!(garbled_line.contains("offset 6"), "{garbled_line}");
    let binary_line = line_of(&binary);
    assert!(binary_line.contains("无法解码"), "{binary_line}");
    assert!(binary_line.contains("NUL"), "{binary_line}");
    assert!(line_of(&good).contains("style/repeated-word"));
    assert!(
        run.stderr.contains("另有 2 个文件无法读取"),
        "{}",
        run.stderr
    );

    // The same in JSON: failed files carry an error and no document.
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "json".into(),
        garbled.clone(),
        good.clone(),
    ]);
    assert_code(&run, 2);
    let json = run.json();
    let files = json["files"].as_array().unwrap();
    let failed = files
        .iter()
        .find(|f| f["path"] == garbled.as_str())
        .unwrap();
    assert!(failed["error"].as_str().unwrap().contains("无法解码"));
    assert!(failed.get("document").is_none());
    assert_eq!(failed["diagnostics"].as_array().map(Vec::len), Some(0));
    let linted = files.iter().find(|f| f["path"] == good.as_str()).unwrap();
    assert_eq!(linted["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(json["summary"]["failed_files"], 1);
}

#[test]
fn gbk_files_are_read_as_gb18030() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gbk.txt");
    fs::write(&file, GBK_BYTES).unwrap();
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        path_str(&file),
    ]);
    assert_code(&run, 0);
    assert_eq!(
        run.stdout,
        format!(
            "{}:1:5: style/repeated-word “推进”重复出现，删去多余的“推进”。\n",
            path_str(&file)
        )
    );
    // Spans index the decoded (UTF-8) text.
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "json".into(),
        path_str(&file),
    ]);
    let json = run.json();
    assert_eq!(json["files"][0]["document"]["encoding"], "gb18030");
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["text"], "推进推进");
    assert_eq!(d["span"]["start"], "政务公开".len());
    assert_eq!(d["start"]["column_utf8"], "政务公开".len() + 1);
}

#[test]
fn utf16_files_with_a_bom_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let body = "全面推进推进基层政务公开工作。\n";
    let le = dir.path().join("utf16le.txt");
    let be = dir.path().join("utf16be.txt");
    let broken = dir.path().join("utf16-broken.txt");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(&le, bytes).unwrap();
    let mut bytes = vec![0xfe, 0xff];
    bytes.extend(body.encode_utf16().flat_map(u16::to_be_bytes));
    fs::write(&be, bytes).unwrap();
    // A lone high surrogate.
    fs::write(&broken, [0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]).unwrap();

    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        path_str(&le),
        path_str(&be),
        path_str(&broken),
    ]);
    assert_code(&run, 2);
    let message = "style/repeated-word “推进”重复出现，删去多余的“推进”。";
    assert!(
        run.stdout
            .contains(&format!("{}:1:3: {message}", path_str(&le))),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{}:1:3: {message}", path_str(&be))),
        "{}",
        run.stdout
    );
    let broken_line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(&path_str(&broken)))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(broken_line.contains("无法解码"), "{broken_line}");
    assert!(broken_line.contains("UTF-16"), "{broken_line}");
}

#[test]
fn a_utf8_bom_is_not_part_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let body = "全面推进推进基层政务公开工作。\n";
    let with_bom = dir.path().join("bom.txt");
    let without = dir.path().join("plain.txt");
    fs::write(
        &with_bom,
        [b"\xef\xbb\xbf".as_slice(), body.as_bytes()].concat(),
    )
    .unwrap();
    fs::write(&without, body).unwrap();

    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        path_str(&with_bom),
        path_str(&without),
    ]);
    assert_code(&run, 0);
    let message = "style/repeated-word “推进”重复出现，删去多余的“推进”。";
    assert_eq!(
        run.stdout_lines(),
        [
            format!("{}:1:3: {message}", path_str(&with_bom)),
            format!("{}:1:3: {message}", path_str(&without)),
        ]
    );

    // JSON spans are byte offsets into the decoded text, which starts after the BOM.
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "json".into(),
        path_str(&with_bom),
    ]);
    let json = run.json();
    assert_eq!(json["files"][0]["document"]["encoding"], "utf-8-bom");
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "style/repeated-word");
    assert_eq!(d["text"], "推进推进");
    assert_eq!(d["span"]["start"], "全面".len());
    assert_eq!(d["span"]["end"], "全面推进推进".len());
    assert_eq!(d["start"]["line"], 1);
    assert_eq!(d["start"]["column"], 3);
    assert_eq!(d["start"]["column_utf8"], 7);
    assert_eq!(d["start"]["column_utf16"], 3);
}

#[test]
fn a_bom_does_not_end_up_in_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom-summary.txt");
    fs::write(
        &file,
        [b"\xef\xbb\xbf".as_slice(), read(WARNINGS_ONLY).as_bytes()].concat(),
    )
    .unwrap();
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "json".into(),
        path_str(&file),
    ]);
    assert_code(&run, 0);
    let json = run.json();
    let document = &json["files"][0]["document"];
    assert_eq!(document["kind"], "work-summary");
    assert_eq!(document["year"], 2022);
    assert_eq!(document["unit"], "某某县民政局");
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(
        (d["start"]["line"].as_u64(), d["start"]["column"].as_u64()),
        (Some(4), Some(28))
    );
}

// ---------------------------------------------------------------------------
// 4. Rule packs with errors
// ---------------------------------------------------------------------------

const PACK_HEADER: &str = r#"[pack]
id = "local"
title = "本地规则"
"#;

/// A valid pattern rule; `{extra}` is inserted after its `pattern` line.
fn pattern_rule(id: &str, pattern: &str, extra: &str) -> String {
    format!(
        r#"
[[rule]]
id = "{id}"
title = "测试规则"
kind = "pattern"
severity = "warning"
pattern = '{pattern}'
{extra}
message = "发现“{{match}}”。"
help = "改掉。"
description = "只用于测试。"
reference = {{ title = "测试", status = "partial" }}

[[rule.examples]]
text = "本局⟦信息公开条列⟧已修订。"
[[rule.examples]]
text = "本局信息公开条例已修订。"
"#
    )
}

/// Writes `local.toml` into a fresh directory.
fn pack_dir(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("local.toml");
    fs::write(&file, toml).unwrap();
    (dir, file)
}

/// Runs `check --rules DIR` on a file and checks the common contract of rule
/// errors: exit 2, the TOML file named, the embedded rules still applied.
fn check_with_broken_pack(dir: &Path, file: &Path) -> Run {
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        "--rules".into(),
        path_str(dir),
        WARNINGS_ONLY.into(),
    ]);
    assert_code(&run, 2);
    assert!(
        run.stderr.contains(&path_str(file)),
        "stderr does not name {}:\n{}",
        file.display(),
        run.stderr
    );
    assert!(
        run.stdout.contains("style/repeated-word"),
        "the other packs still run:\n{}",
        run.stdout
    );
    assert!(!run.stdout.contains("local/"), "{}", run.stdout);
    run
}

#[test]
fn a_valid_local_pack_runs() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/typo", "信息公开条列", "")
    );
    let (dir, _) = pack_dir(&toml);
    let target = dir.path().join("report.txt");
    fs::write(&target, "认真贯彻信息公开条列。\n").unwrap();
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        "--rules".into(),
        path_str(dir.path()),
        "--select".into(),
        "local".into(),
        path_str(&target),
    ]);
    assert_code(&run, 0);
    assert_eq!(
        run.stdout,
        format!(
            "{}:1:5: local/typo 发现“信息公开条列”。\n",
            path_str(&target)
        )
    );
    let run = zwgk(&["rules".to_string(), "check".into(), path_str(dir.path())]);
    assert_code(&run, 0);
    assert!(
        run.stdout
            .contains("1 packs, 1 rules, 2 examples: 0 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn rule_pack_with_an_invalid_regex() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/bad-regex", "(信息公开[条列", "")
    );
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    assert!(
        run.stderr_unwrapped()
            .contains("invalid regular expression"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unclosed"), "{}", run.stderr);
    // The source snippet shows the offending line, with its line number.
    assert!(
        run.stderr.contains("pattern = '(信息公开[条列'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{}:10:", path_str(&file))),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_pack_with_an_unknown_field() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/typo", "信息公开条列", "severty = \"error\"")
    );
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    let unwrapped = run.stderr_unwrapped();
    assert!(
        unwrapped.contains("unknown field `severty`"),
        "{}",
        run.stderr
    );
    assert!(
        unwrapped.contains("check the spelling of the field"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("severty = \"error\""), "{}", run.stderr);
}

#[test]
fn rule_pack_with_a_duplicate_rule_id() {
    let toml = format!(
        "{PACK_HEADER}{}{}",
        pattern_rule("local/twice", "信息公开条列", ""),
        pattern_rule("local/twice", "条列", "")
    );
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    assert!(
        run.stderr_unwrapped().contains(&format!(
            "duplicate rule id `local/twice` (already defined in {})",
            path_str(&file)
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("id = \"local/twice\""),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_pack_with_a_parameter_of_another_kind() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/typo", "信息公开条列", "max_unit = 3")
    );
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    let unwrapped = run.stderr_unwrapped();
    assert!(
        unwrapped.contains("field `max_unit` is not used by rules of kind `pattern`"),
        "{}",
        run.stderr
    );
    assert!(
        unwrapped.contains("(they take: pattern, unless, fix, report_group, translate, validate)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("max_unit = 3"), "{}", run.stderr);
}

#[test]
fn rule_pack_with_an_unknown_placeholder() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/typo", "信息公开条列", "")
    )
    .replace("发现“{match}”。", "发现“{nonesuch}”。");
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    assert!(
        run.stderr_unwrapped()
            .contains("unknown placeholder `{nonesuch}`"),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_pack_without_a_negative_example() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/typo", "信息公开条列", "")
    )
    .replace("本局信息公开条例已修订。", "本局⟦信息公开条列⟧未修订。");
    let (dir, file) = pack_dir(&toml);
    let run = check_with_broken_pack(dir.path(), &file);
    assert!(
        run.stderr_unwrapped().contains("one that must not fire"),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_errors_also_fail_rules_and_explain() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/bad-regex", "(信息公开[条列", "")
    );
    let (dir, file) = pack_dir(&toml);
    for args in [
        vec!["rules".to_string(), "--rules".into(), path_str(dir.path())],
        vec!["rules".to_string(), "check".into(), path_str(dir.path())],
        vec![
            "explain".to_string(),
            "style/repeated-word".into(),
            "--rules".into(),
            path_str(dir.path()),
        ],
    ] {
        let run = zwgk(&args);
        assert_code(&run, 2);
        assert!(
            run.stderr.contains(&path_str(&file)),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn rules_check_reports_a_failing_example() {
    let toml = format!(
        "{PACK_HEADER}{}",
        pattern_rule("local/wrong-example", "信息公开条列", "")
    )
    .replace("本局⟦信息公开条列⟧已修订。", "⟦本局⟧信息公开条列已修订。");
    let (dir, file) = pack_dir(&toml);
    let run = zwgk(&["rules".to_string(), "check".into(), path_str(dir.path())]);
    assert_code(&run, 2);
    assert!(
        run.stderr.contains(&format!(
            "{}: rule `local/wrong-example`, example 1: expected “本局” at 0..6, found “信息公开条列” at 6..24",
            path_str(&file)
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("1 packs, 1 rules, 2 examples: 1 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn rules_check_of_the_embedded_packs_passes() {
    let run = zwgk(&["rules", "check"]);
    assert_code(&run, 0);
    assert!(run.stdout.contains(": 0 failed"), "{}", run.stdout);
}

#[test]
fn rules_literals_lists_every_term_of_the_shared_pass_once() {
    let run = zwgk(&["rules", "literals"]);
    assert_code(&run, 0);
    let terms: Vec<&str> = run.stdout.lines().collect();
    // A typo term, a breakdown marker and a checklist item's keyword.
    for term in ["政府信息公开条列", "其中", "依申请公开"] {
        assert!(terms.contains(&term), "{term} missing from {terms:?}");
    }
    let mut unique = terms.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), terms.len(), "each term once");
    assert!(terms.iter().all(|t| !t.is_empty()));

    let toml = r#"[pack]
id = "local"
title = "本地"

[[rule]]
id = "local/words"
title = "测试规则"
kind = "terms"
severity = "warning"
message = "改为“{fix}”。"
help = "改掉。"
description = "只用于测试。"
reference = { title = "测试", status = "partial" }
[rule.terms]
"本地独有错词" = "本地正确写法"

[[rule.examples]]
text = "这是⟦本地独有错词⟧。"
fix = ["本地正确写法"]
[[rule.examples]]
text = "这是本地正确写法。"
"#;
    let (dir, _) = pack_dir(toml);
    let run = zwgk(&[
        "rules".to_string(),
        "literals".into(),
        "--rules".into(),
        path_str(dir.path()),
    ]);
    assert_code(&run, 0);
    assert!(
        run.stdout.lines().any(|l| l == "本地独有错词"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_local_pack_with_an_embedded_id_replaces_it() {
    let toml = format!(
        "[pack]\nid = \"style\"\ntitle = \"本地文字规范\"\n{}",
        pattern_rule("style/local-only", "信息公开条列", "")
    );
    let (dir, _) = pack_dir(&toml);
    let run = zwgk(&["rules".to_string(), "--rules".into(), path_str(dir.path())]);
    assert_code(&run, 0);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.contains(&"style/local-only"), "{ids:?}");
    assert!(!ids.contains(&"style/repeated-word"), "{ids:?}");
    assert!(ids.contains(&"summary/reporting-year"), "{ids:?}");
}

// ---------------------------------------------------------------------------
// 5. JSON
// ---------------------------------------------------------------------------

#[test]
fn json_report_schema() {
    let run = zwgk(&["check", "--format", "json", PDF_EXAMPLE]);
    assert_code(&run, 1);
    let json = run.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "zwgk");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(file["path"], PDF_EXAMPLE);
    assert!(file.get("error").is_none());

    let document = &file["document"];
    assert_eq!(document["kind"], "work-summary");
    assert_eq!(document["year"], 2022);
    assert_eq!(document["unit"], "某某县民政局");
    assert_eq!(document["wrapped"], true);

    let text = read(PDF_EXAMPLE);
    let bytes = text.as_bytes();
    let diagnostics = file["diagnostics"].as_array().unwrap();
    let year = diagnostics
        .iter()
        .find(|d| d["rule"] == "summary/reporting-year")
        .expect("the wrong year is reported");
    assert_eq!(year["severity"], "error");
    assert_eq!(year["text"], "2021");
    assert!(year["message"].as_str().unwrap().contains("2022"));
    assert!(!year["help"].as_str().unwrap().is_empty());
    assert!(year["reference"]["title"].is_string());
    let start = year["span"]["start"].as_u64().unwrap() as usize;
    let end = year["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&bytes[start..end], b"2021");
    assert_eq!(year["start"]["line"], 10);
    assert_eq!(year["start"]["column"], 6);
    assert_eq!(year["end"]["line"], 10);
    assert_eq!(year["end"]["column"], 10);
    // Line 10 reads `进展。现将2021年…`: five CJK characters (15 bytes) precede the year.
    assert_eq!(year["start"]["column_utf8"], 16);
    assert_eq!(year["start"]["column_utf16"], 6);
    assert_eq!(year["end"]["column_utf8"], 20);
    assert_eq!(year["end"]["column_utf16"], 10);
    let fix = &year["fix"];
    assert_eq!(fix["safe"], false);
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["replacement"], "2022");
    assert_eq!(edits[0]["span"]["start"].as_u64(), Some(start as u64));
    assert_eq!(edits[0]["span"]["end"].as_u64(), Some(end as u64));

    // Every diagnostic's positions agree with its byte span, in all three units.
    for d in diagnostics {
        let start = d["span"]["start"].as_u64().unwrap() as usize;
        let end = d["span"]["end"].as_u64().unwrap() as usize;
        assert_eq!(d["text"], &text[start..end], "{d}");
        for (key, at) in [("start", start), ("end", end)] {
            let line = text[..at].matches('\n').count() + 1;
            let before = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
            let pos = &d[key];
            assert_eq!(pos["line"].as_u64(), Some(line as u64), "{d}");
            assert_eq!(
                pos["column"].as_u64(),
                Some(before.chars().count() as u64 + 1)
            );
            assert_eq!(pos["column_utf8"].as_u64(), Some(before.len() as u64 + 1));
            assert_eq!(
                pos["column_utf16"].as_u64(),
                Some(before.encode_utf16().count() as u64 + 1)
            );
        }
        if let Some(edits) = d["fix"]["edits"].as_array() {
            for e in edits {
                let s = e["span"]["start"].as_u64().unwrap() as usize;
                let t = e["span"]["end"].as_u64().unwrap() as usize;
                assert!(
                    s <= t
                        && t <= bytes.len()
                        && text.is_char_boundary(s)
                        && text.is_char_boundary(t)
                );
            }
        }
    }

    // A word repeated across a PDF line break is reported over the break.
    let repeated = diagnostics
        .iter()
        .find(|d| d["rule"] == "style/repeated-word")
        .unwrap();
    assert_eq!(repeated["text"], "推进\n\n推进");

    let checklist = file["checklist"].as_array().unwrap();
    let sections = checklist
        .iter()
        .find(|c| c["rule"] == "summary/required-sections")
        .expect("required-sections is in the checklist");
    assert_eq!(sections["status"], "missing");
    assert!(checklist
        .iter()
        .all(|c| c["status"] == "missing" || c["status"] == "covered"));

    let summary = &json["summary"];
    let count = |severity: &str| {
        diagnostics
            .iter()
            .filter(|d| d["severity"] == severity)
            .count()
    };
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["failed_files"], 0);
    assert_eq!(summary["errors"].as_u64(), Some(count("error") as u64));
    assert_eq!(summary["warnings"].as_u64(), Some(count("warning") as u64));
    assert_eq!(summary["infos"].as_u64(), Some(count("info") as u64));
    assert_eq!(count("error"), 1);
    assert_eq!(count("warning"), 4);
}

// ---------------------------------------------------------------------------
// 6. Concise
// ---------------------------------------------------------------------------

#[test]
fn concise_lines_for_the_pdf_example() {
    let run = zwgk(&["check", "--format", "concise", PDF_EXAMPLE]);
    assert_code(&run, 1);
    let p = PDF_EXAMPLE;
    assert_eq!(
        run.stdout_lines(),
        [
            format!("{p}:1:1: summary/required-sections 工作总结缺少“存在的问题”部分。"),
            format!("{p}:10:6: summary/reporting-year 此处应为报告年度2022年，而不是2021年。"),
            format!("{p}:32:3: summary/heading-sequence 编号“（二）”有误，按顺序应为“（三）”。"),
            format!("{p}:36:23: style/repeated-word “推进”重复出现，删去多余的“推进”。"),
            format!("{p}:42:5: style/mixed-width-brackets 括号全角与半角混用：“（”与“)”不配对，应改为“）”。"),
        ]
    );
    assert_eq!(
        run.stderr.trim(),
        "检查了 1 个文件：1 个错误，4 个警告，0 个提示。"
    );

    // The positions point at what the messages talk about.
    let text = read(PDF_EXAMPLE);
    let at = |line, column| &text[offset_of(&text, line, column)..];
    assert!(at(1, 1).starts_with("某某县民政局2022年政务公开\n工作总结"));
    assert!(at(10, 6).starts_with("2021年"));
    assert!(at(32, 3).starts_with("（二）加强政策解读回应"));
    assert!(at(36, 23).starts_with("推进\n\n推进政务新媒体"));
    assert!(at(42, 5).starts_with(")规范依申请公开"));
}

#[test]
fn concise_output_of_a_directory_is_sorted_by_path() {
    let run = zwgk(&["check", "--format", "concise", "examples"]);
    assert_code(&run, 1);
    let paths: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"examples/summary-pdf-extracted.txt"));
    assert!(paths.contains(&"examples/summary-web.txt"));
}

#[test]
fn human_output_names_file_rule_and_line() {
    let run = zwgk(&["check", "--format", "human", PDF_EXAMPLE]);
    assert_code(&run, 1);
    for needle in [
        "summary/reporting-year",
        "style/repeated-word",
        "summary-pdf-extracted.txt",
        "2021",
    ] {
        assert!(
            run.stdout.contains(needle),
            "{needle} missing:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

// ---------------------------------------------------------------------------
// 7. Selection
// ---------------------------------------------------------------------------

fn rule_ids(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn select_and_ignore_by_pack_and_rule() {
    let concise = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "concise"];
        args.extend_from_slice(extra);
        args.push(PDF_EXAMPLE);
        zwgk(&args)
    };

    let run = concise(&["--select", "style"]);
    assert_code(&run, 0);
    assert_eq!(
        rule_ids(&run),
        ["style/repeated-word", "style/mixed-width-brackets"]
    );

    let run = concise(&["--select", "summary/reporting-year"]);
    assert_code(&run, 1);
    assert_eq!(rule_ids(&run), ["summary/reporting-year"]);

    let run = concise(&["--ignore", "style,summary/reporting-year"]);
    assert_code(&run, 0);
    assert_eq!(
        rule_ids(&run),
        ["summary/required-sections", "summary/heading-sequence"]
    );

    let run = concise(&[
        "--select",
        "summary",
        "--ignore",
        "summary/heading-sequence",
    ]);
    assert_code(&run, 1);
    assert_eq!(
        rule_ids(&run),
        ["summary/required-sections", "summary/reporting-year"]
    );

    let run = concise(&[
        "--select",
        "style/repeated-word",
        "--select",
        "summary/heading-sequence",
    ]);
    assert_code(&run, 0);
    assert_eq!(
        rule_ids(&run),
        ["summary/heading-sequence", "style/repeated-word"]
    );

    let run = concise(&["--select", "ALL", "--ignore", "summary"]);
    assert_eq!(
        rule_ids(&run),
        ["style/repeated-word", "style/mixed-width-brackets"]
    );
}

#[test]
fn unknown_selectors_are_errors() {
    for (flag, value, named) in [
        ("--select", "bogus", "bogus"),
        ("--ignore", "style/nope", "style/nope"),
        ("--select", "style,styl", "styl"),
        ("--ignore", "summary/reporting", "summary/reporting"),
    ] {
        let run = zwgk(&["check", "--format", "concise", flag, value, PDF_EXAMPLE]);
        assert_code(&run, 2);
        assert!(
            run.stderr
                .contains(&format!("name no rule or pack: {named}")),
            "{flag} {value}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "nothing is linted");
    }
}

// ---------------------------------------------------------------------------
// 8. `rules` and `explain`
// ---------------------------------------------------------------------------

/// Rule ids declared in rules/*.toml (pack ids have no slash).
fn declared_rule_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for entry in fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            for line in fs::read_to_string(&path).unwrap().lines() {
                if let Some(rest) = line.strip_prefix("id = \"") {
                    let id = rest.trim_end().trim_end_matches('"');
                    if id.contains('/') {
                        ids.push(id.to_string());
                    }
                }
            }
        }
    }
    ids
}

fn listed_rule_ids() -> Vec<String> {
    let run = zwgk(&["rules"]);
    assert_code(&run, 0);
    run.stdout
        .lines()
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            assert!(
                ["error", "warning", "info"].contains(&columns[1]),
                "bad severity column: {line}"
            );
            columns[0].to_string()
        })
        .collect()
}

#[test]
fn rules_lists_every_rule() {
    let listed = listed_rule_ids();
    for id in [
        "style/repeated-word",
        "style/mixed-width-brackets",
        "summary/reporting-year",
        "summary/required-sections",
        "regulation/statistics-period-year",
    ] {
        assert!(listed.iter().any(|l| l == id), "{id} not listed");
    }
    let declared = declared_rule_ids();
    assert!(declared.len() >= 20, "{declared:?}");
    for id in &declared {
        assert!(listed.contains(id), "{id} from rules/*.toml not listed");
    }
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "duplicate ids in {listed:?}");
}

#[test]
fn explain_prints_the_rule_documentation() {
    let run = zwgk(&["explain", "style/repeated-word"]);
    assert_code(&run, 0);
    let doc = &run.stdout;
    assert!(
        doc.starts_with("# style/repeated-word：字词意外重复"),
        "{doc}"
    );
    let mut previous = 0;
    for section in ["## 检查什么", "## 依据", "## 示例", "## 如何修改"] {
        let at = doc
            .find(section)
            .unwrap_or_else(|| panic!("{section} missing:\n{doc}"));
        assert!(at > previous, "{section} out of order");
        previous = at;
    }
    assert!(doc.contains("全面⟦推进推进⟧基层政务公开标准化规范化工作。"));
    assert!(doc.contains("全面推进基层政务公开标准化规范化工作。"));
    assert!(doc.contains("删去重复的字词"));
}

#[test]
fn every_listed_rule_can_be_explained() {
    for id in listed_rule_ids() {
        let run = zwgk(&["explain", &id]);
        assert_code(&run, 0);
        assert!(
            run.stdout.starts_with(&format!("# {id}：")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("## 如何修改"), "{id}");
    }
}

#[test]
fn explain_an_unknown_rule() {
    let run = zwgk(&["explain", "nope/nope"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("nope/nope"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------
// 9. Directories without reports; columns after astral characters
// ---------------------------------------------------------------------------

#[test]
fn a_directory_without_reports() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), "a,b\n").unwrap();
    fs::write(dir.path().join("report.pdf"), "%PDF-1.4\n").unwrap();
    fs::create_dir(dir.path().join(".hidden")).unwrap();
    fs::write(dir.path().join(".hidden/report.txt"), read(PDF_EXAMPLE)).unwrap();
    let run = zwgk(&["check".to_string(), path_str(dir.path())]);
    assert_code(&run, 2);
    assert!(
        run.stderr.contains("没有找到可检查的文件"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&path_str(dir.path())), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn markdown_files_in_a_directory_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("report.MD"), read(WARNINGS_ONLY)).unwrap();
    fs::write(dir.path().join("notes.csv"), "推进推进\n").unwrap();
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        path_str(dir.path()),
    ]);
    assert_code(&run, 0);
    assert_eq!(run.stdout_lines().len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("report.MD:4:28: style/repeated-word"));
}

#[test]
fn columns_after_an_astral_character() {
    let text = read(ASTRAL);
    assert!(text.starts_with('𠀀'));
    let run = zwgk(&["check", "--format", "concise", ASTRAL]);
    assert_code(&run, 0);
    // 𠀀某某县民政局全面 is nine scalar values: the repeated word starts at column 10.
    assert_eq!(
        run.stdout_lines(),
        [format!(
            "{ASTRAL}:1:10: style/repeated-word “推进”重复出现，删去多余的“推进”。"
        )]
    );

    let run = zwgk(&["check", "--format", "json", ASTRAL]);
    let d = &run.json()["files"][0]["diagnostics"][0];
    assert_eq!(d["text"], "推进推进");
    let start = &d["start"];
    assert_eq!(start["line"], 1);
    assert_eq!(start["column"], 10);
    assert_eq!(start["column_utf16"], 11, "𠀀 is two UTF-16 units");
    assert_eq!(start["column_utf8"], 1 + 4 + 8 * 3);
    let end = &d["end"];
    assert_eq!(end["column"], 14);
    assert_eq!(end["column_utf16"], 15);
    assert_eq!(d["span"]["start"], 4 + 8 * 3);
}

// ---------------------------------------------------------------------------
// Line endings and human output positions
// ---------------------------------------------------------------------------

/// `(line, column)` pairs of concise output, in order.
fn concise_positions(run: &Run, path: &str) -> Vec<(String, String)> {
    run.stdout
        .lines()
        .map(|l| {
            let rest = l
                .strip_prefix(&format!("{path}:"))
                .unwrap_or_else(|| panic!("{l}"));
            let mut parts = rest.splitn(3, ':');
            (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(line, column)` pairs of the `╭─[path:line:column]` headers of human output.
fn human_positions(run: &Run, path: &str) -> Vec<(String, String)> {
    run.stdout
        .lines()
        .filter_map(|l| l.split_once(&format!("[{path}:")))
        .map(|(_, rest)| {
            let rest = rest.trim_end().trim_end_matches(']');
            let (line, column) = rest.split_once(':').unwrap();
            (line.to_string(), column.to_string())
        })
        .collect()
}

#[test]
fn crlf_files_report_the_same_lines_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    for example in [
        "examples/summary-pdf-extracted.txt",
        "examples/summary-web.txt",
        "examples/annual-report-2022.txt",
    ] {
        let lf = zwgk(&["check", "--format", "concise", example]);
        let crlf_path = dir.path().join("crlf.txt");
        fs::write(&crlf_path, read(example).replace('\n', "\r\n")).unwrap();
        let crlf_path = path_str(&crlf_path);
        let crlf = zwgk(&[
            "check".to_string(),
            "--format".into(),
            "concise".into(),
            crlf_path.clone(),
        ]);
        assert_code(&crlf, lf.code);
        assert!(!lf.stdout.is_empty());
        assert_eq!(
            crlf.stdout.replace(&crlf_path, example),
            lf.stdout,
            "{example} with CRLF line endings"
        );
        let human = zwgk(&["check".to_string(), crlf_path.clone()]);
        assert!(!human.stdout.contains('\r'), "a CR leaks into human output");
    }
}

#[test]
fn human_headers_agree_with_concise_positions() {
    let dir = tempfile::tempdir().unwrap();
    let long_line = format!(
        "{}全面推进推进基层政务公开工作{}，现将2021年政务公开工作情况报告如下：\n",
        "𠀀政务".repeat(20),
        "、𠮷".repeat(20)
    );
    let files = [
        (
            "astral-long.txt",
            format!("某某县民政局2022年政务公开工作总结\n{long_line}"),
        ),
        (
            "tabs.txt",
            "\t\t全面推进推进基层工作，\t推进推进。\n".to_string(),
        ),
        ("crlf.txt", read(PDF_EXAMPLE).replace('\n', "\r\n")),
        ("bom.txt", format!("\u{feff}{}", read(WARNINGS_ONLY))),
    ];
    let mut paths = vec![PDF_EXAMPLE.to_string(), ASTRAL.to_string()];
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        paths.push(path_str(&path));
    }
    for path in paths {
        let concise = zwgk(&["check", "--format", "concise", &path]);
        let human = zwgk(&["check", &path]);
        assert_code(&human, concise.code);
        let expected = concise_positions(&concise, &path);
        assert!(!expected.is_empty(), "{path} has findings");
        assert_eq!(human_positions(&human, &path), expected, "{path}");
    }
}

#[test]
fn a_missing_rules_directory() {
    let run = zwgk(&[
        "check",
        "--format",
        "concise",
        "--rules",
        "tests/cli_data/no-such-rules",
        WARNINGS_ONLY,
    ]);
    assert_code(&run, 2);
    let stderr = run.stderr_unwrapped();
    assert!(stderr.contains("tests/cli_data/no-such-rules"), "{stderr}");
    assert!(stderr.contains("cannot read rule pack"), "{stderr}");
    assert!(
        run.stdout.contains("style/repeated-word"),
        "embedded rules still run"
    );
}

// ---------------------------------------------------------------------------
// Known bugs
// ---------------------------------------------------------------------------

#[test]
fn an_extreme_year_does_not_crash() {
    let run = zwgk(&[
        "check",
        "--format",
        "concise",
        "--year",
        "2147483647",
        "examples/summary-web.txt",
    ]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        [0, 1, 2].contains(&run.code),
        "exit code {}: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stdout.contains("-2147483648"), "{}", run.stdout);
}

#[test]
fn circled_numbers_past_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("某县2022年政务公开工作总结\n一、工作开展情况\n");
    for n in 0..20 {
        text.push(char::from_u32(0x2460 + n).unwrap());
        text.push_str("加强工作。\n");
    }
    text.push_str("⑳加强工作。\n二、存在的问题\n问题。\n三、下一步工作计划\n计划。\n");
    let file = dir.path().join("circled.txt");
    fs::write(&file, text).unwrap();
    let run = zwgk(&[
        "check".to_string(),
        "--format".into(),
        "concise".into(),
        "--select".into(),
        "summary/heading-sequence".into(),
        path_str(&file),
    ]);
    assert_eq!(
        run.stdout,
        format!(
            "{}:23:1: summary/heading-sequence 编号“⑳”与上一个编号重复，应为“㉑”。\n",
            path_str(&file)
        )
    );
}

#[test]
fn terms_allow_covers_a_term_after_another_literal() {
    let toml = r#"[pack]
id = "local"
title = "本地规则"

[[rule]]
id = "local/typo"
title = "本地错别字"
kind = "terms"
severity = "warning"
message = "“{match}”应为“{fix}”。"
help = "改正。"
description = "测试。"
reference = { title = "测试", status = "partial" }
allow = ["丁戊甲乙"]

[rule.terms]
"丁戊" = "丁己"
"甲乙" = "甲丙"

[[rule.examples]]
text = "这里⟦甲乙⟧和⟦丁戊⟧都错了。"
[[rule.examples]]
text = "这里的丁戊甲乙是允许的。"
"#;
    let (dir, _) = pack_dir(toml);
    let run = zwgk(&["rules".to_string(), "check".into(), path_str(dir.path())]);
    assert_code(&run, 0);
}

// ---------------------------------------------------------------------------
// ZWGK_TIMING
// ---------------------------------------------------------------------------

#[test]
fn timing_table_lists_stages_and_rules_on_stderr_only() {
    let args = ["check", "--no-config", "--format", "json", WARNINGS_ONLY];
    let timed = zwgk_with_env(&args, &[("ZWGK_TIMING", "1")]);
    let untimed = zwgk_with_env(&args, &[("ZWGK_TIMING", "0")]);
    assert_eq!(timed.code, untimed.code);
    assert_eq!(
        timed.stdout, untimed.stdout,
        "timing must not change the report"
    );
    let header = timed
        .stderr
        .lines()
        .position(|l| l.starts_with("section") && l.contains("ms") && l.contains("calls"))
        .unwrap_or_else(|| panic!("no timing table:\n{}", timed.stderr));
    let rows: Vec<&str> = timed.stderr.lines().skip(header + 1).collect();
    for label in [
        "read and decode",
        "document: view",
        "literal scan",
        "rule style/repeated-word",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(label)),
            "{label} missing from:\n{}",
            timed.stderr
        );
    }
    assert!(
        !untimed.stderr.contains("literal scan"),
        "{}",
        untimed.stderr
    );
}
