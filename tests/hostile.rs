//! Hostile inputs: the `zwgk` binary on bad files (empty, binary, invalid
//! UTF-8, GB18030, UTF-16 without a BOM, a 20 MB single line, a zip bomb and
//! a truncated `.docx`, broken and deeply nested HTML), rule packs over the
//! limits, and configurations with every kind of wrong value. Each case
//! asserts the exact exit status and the exact (or exactly prefixed)
//! message. The files are in `tests/hostile/`; the large ones are generated
//! into a temporary directory. Also the language server's size limit and
//! edit coalescing, and the regressions the fuzzers found in the loader.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use zwgk::rules::load::{MAX_TERMS_PER_RULE, MAX_TERM_BYTES_PER_RULE};
use zwgk::rules::{embedded, load_rule_set, PackSource};

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hostile(name: &str) -> String {
    format!("tests/hostile/{name}")
}

/// Runs zwgk in `dir` without colour, configuration discovery or width.
fn zwgk_in(dir: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run zwgk");
    Run {
        code: output.status.code().expect("zwgk exited normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// `zwgk check --no-config --format concise ARGS` from the repository root.
fn check(args: &[&str]) -> Run {
    let mut all = vec!["check", "--no-config", "--format", "concise"];
    all.extend(args);
    zwgk_in(root(), &all)
}

#[track_caller]
fn assert_run(run: &Run, code: i32, stdout: &str) {
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (code, stdout),
        "stderr:\n{}",
        run.stderr
    );
}

/// stderr with miette's gutter and wrapping undone.
fn unwrapped(stderr: &str) -> String {
    let mut joined = String::new();
    for line in stderr.lines() {
        let line = line
            .trim_start()
            .trim_start_matches(['│', '×', '·', '╭', '╰', '─', '┬'])
            .trim();
        if !line.is_empty() {
            joined.push_str(line);
            joined.push(' ');
        }
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Report files
// ---------------------------------------------------------------------------

#[test]
fn an_empty_file_is_linted_and_clean() {
    let run = check(&[&hostile("empty.txt")]);
    assert_run(&run, 0, "");
    assert_eq!(
        run.stderr,
        "检查了 1 个文件：0 个错误，0 个警告，0 个提示。\n"
    );
}

#[test]
fn a_binary_file_is_an_input_error() {
    let run = check(&[&hostile("binary.txt")]);
    assert_run(
        &run,
        2,
        "tests/hostile/binary.txt: error: 无法解码：不是文本文件 (binary file: contains NUL bytes)\n",
    );
}

#[test]
fn invalid_utf8_that_is_not_gb18030_either_is_an_input_error() {
    let run = check(&[&hostile("invalid-utf8.txt")]);
    assert_run(
        &run,
        2,
        "tests/hostile/invalid-utf8.txt: error: 无法解码：既不是 UTF-8 也不是 GB18030/GBK 编码的文本 (not UTF-8 or GB18030 text; first invalid UTF-8 byte at offset 19)\n",
    );
}

const GB18030_FINDINGS: &str = "\
tests/hostile/gb18030.txt:1:1: regulation/summary-applications 工作总结没有提到依申请公开的情况。
tests/hostile/gb18030.txt:1:1: summary/required-sections 工作总结缺少“下一步工作计划”部分。
tests/hostile/gb18030.txt:3:18: style/repeated-word “推进”重复出现，删去多余的“推进”。
";

#[test]
fn gb18030_is_decoded_and_linted() {
    let run = check(&[&hostile("gb18030.txt")]);
    assert_run(&run, 0, GB18030_FINDINGS);
    let run = zwgk_in(
        root(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            &hostile("gb18030.txt"),
        ],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["files"][0]["document"]["encoding"], "gb18030");
}

#[test]
fn utf16_without_a_bom_is_named_as_such() {
    let run = check(&[&hostile("utf16-no-bom.txt")]);
    assert_run(
        &run,
        2,
        "tests/hostile/utf16-no-bom.txt: error: 无法解码：像是没有字节顺序标记（BOM）的 UTF-16 文本，请另存为 UTF-8 后再检查 (looks like UTF-16 text without a byte-order mark; save it as UTF-8)\n",
    );
}

#[test]
fn a_20_mb_single_line_is_linted_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "本局持续推进政务公开标准化规范化建设，";
    let mut line = sentence.repeat(20 * 1024 * 1024 / sentence.len());
    line.push_str("推进推进。");
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let started = Instant::now();
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "long.txt"],
    );
    let column = line.chars().count() - 4;
    assert_run(
        &run,
        0,
        &format!("long.txt:1:{column}: style/repeated-word “推进”重复出现，删去多余的“推进”。\n"),
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_over_50_mb_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    file.set_len(50 * 1024 * 1024 + 1).unwrap(); // sparse: no 50 MB written
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "huge.txt"],
    );
    assert_run(
        &run,
        2,
        "huge.txt: error: 文件过大（50 MB，上限 50 MB），未检查 (file too large; not linted)\n",
    );
}

// ---------------------------------------------------------------------------
// Word and HTML
// ---------------------------------------------------------------------------

/// Sets the uncompressed size of `name` in a zip's local and central headers.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut at = 0;
        while let Some(i) = zip[at..].windows(4).position(|w| w == signature) {
            let header = at + i;
            if zip[header + name_at..].starts_with(name.as_bytes()) {
                zip[header + size_at..header + size_at + 4].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
            at = header + 4;
        }
    }
    assert_eq!(patched, 2, "{name} not found in the archive");
}

#[test]
fn a_zip_bomb_docx_is_refused_before_decompressing() {
    let dir = tempfile::tempdir().unwrap();
    let document = common::docx::document_xml(&"<w:p><w:r><w:t>推进</w:t></w:r></w:p>".repeat(100));
    let mut docx = common::docx::zip_of(&[
        (
            "[Content_Types].xml",
            common::docx::CONTENT_TYPES.as_bytes(),
        ),
        ("word/document.xml", document.as_bytes()),
    ]);
    // The archive says the body inflates to 4 GB, as a bomb's does.
    declare_size(&mut docx, "word/document.xml", 0xFFFF_0000);
    std::fs::write(dir.path().join("bomb.docx"), &docx).unwrap();
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "bomb.docx"],
    );
    assert_run(
        &run,
        2,
        &format!(
            "bomb.docx: error: Word 文档解压后过大，可能是恶意构造的压缩包 (the .docx declares {} bytes uncompressed, the limit is 209715200)\n",
            0xFFFF_0000u64 + common::docx::CONTENT_TYPES.len() as u64
        ),
    );
}

#[test]
fn a_docx_with_too_many_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..10_001)
        .map(|i| format!("customXml/item{i}.xml"))
        .collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    std::fs::write(dir.path().join("many.docx"), common::docx::zip_of(&entries)).unwrap();
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "many.docx"],
    );
    assert_run(
        &run,
        2,
        "many.docx: error: Word 文档包含的条目过多，可能是恶意构造的压缩包 (the .docx archive has 10001 entries, the limit is 10000)\n",
    );
}

#[test]
fn a_truncated_docx_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let docx =
        common::docx::docx_of_paragraphs(&["某县2022年政务公开工作总结", "推进推进政务公开"]);
    std::fs::write(dir.path().join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "cut.docx"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.starts_with(
            "cut.docx: error: 不是有效的 Word 文档：文件已损坏或不完整 (not a valid .docx: corrupt or truncated archive: "
        ),
        "{run:?}"
    );
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn broken_html_is_read_as_far_as_it_goes() {
    let run = check(&[&hostile("broken.html")]);
    assert_run(
        &run,
        0,
        "tests/hostile/broken.html:2:1: style/repeated-word “推进”重复出现，删去多余的“推进”。\n",
    );
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 200_000;
    let html = format!(
        "<html><body>{}<p>推进推进政务公开</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    std::fs::write(dir.path().join("deep.html"), html).unwrap();
    let run = zwgk_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "deep.html"],
    );
    assert_run(
        &run,
        0,
        "deep.html:1:1: style/repeated-word “推进”重复出现，删去多余的“推进”。\n",
    );
}

// ---------------------------------------------------------------------------
// Rule packs over the limits
// ---------------------------------------------------------------------------

#[test]
fn a_catastrophic_regex_is_a_load_error_naming_the_rule() {
    let started = Instant::now();
    let run = check(&[
        "--rules",
        &hostile("catastrophic-regex"),
        &hostile("gb18030.txt"),
    ]);
    // The pack is left out; the file is still linted with the others.
    assert_run(&run, 2, GB18030_FINDINGS);
    let stderr = unwrapped(&run.stderr);
    assert!(
        stderr.contains("tests/hostile/catastrophic-regex/pack.toml: rule `local/huge`: its regular expression is too large once compiled (the limit is 8 MB); simplify it or split it into several rules (invalid regular expression: Compiled regex exceeds size limit of 8388608 bytes.)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r"pattern = '(?:\w{40}){40}{40}'"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

fn terms_pack(id: &str, rules: &[(String, Vec<String>)]) -> String {
    let mut pack =
        format!("[pack]\nid = \"{id}\"\ntitle = \"t\"\ndescription = \"d\"\nsources = []\n");
    for (slug, terms) in rules {
        pack.push_str(&format!(
            "\n[[rule]]\nid = \"{id}/{slug}\"\ntitle = \"t\"\nkind = \"terms\"\nseverity = \"warning\"\nmessage = \"{{match}}\"\nhelp = \"h\"\ndescription = \"d\"\nreference = {{ title = \"t\", status = \"partial\" }}\n[rule.terms]\n"
        ));
        for term in terms {
            pack.push_str(&format!("\"{term}\" = \"\"\n"));
        }
        pack.push_str(&format!(
            "[[rule.examples]]\ntext = \"⟦{}⟧\"\n[[rule.examples]]\ntext = \"无\"\n",
            terms[0]
        ));
    }
    pack
}

/// Distinct terms: `词` and a number.
fn terms(count: usize, width: usize) -> Vec<String> {
    (0..count).map(|i| format!("词{i:0width$}")).collect()
}

fn load_one(text: &str) -> Vec<String> {
    let (_, errors) = load_rule_set(&[PackSource {
        name: "pack.toml".to_string(),
        text: text.to_string(),
    }]);
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn term_lists_up_to_the_limit_load() {
    let pack = terms_pack("big", &[("many".to_string(), terms(MAX_TERMS_PER_RULE, 5))]);
    assert_eq!(load_one(&pack), Vec::<String>::new());
}

#[test]
fn too_many_terms_is_a_load_error_naming_the_rule_at_its_terms() {
    let pack = terms_pack(
        "big",
        &[("many".to_string(), terms(MAX_TERMS_PER_RULE + 1, 5))],
    );
    let (_, errors) = load_rule_set(&[PackSource {
        name: "pack.toml".to_string(),
        text: pack.clone(),
    }]);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        "pack.toml: rule `big/many` lists 10001 terms (terms and allow); the limit is 10000 per rule: split the list into several rules"
    );
    // The first line of the table, not its 10,001 lines.
    let span = errors[0].span.clone().unwrap();
    assert_eq!(&pack[span], "[rule.terms]");

    // The binary: exit 2 and the message, quickly.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/big.toml"), &pack).unwrap();
    std::fs::write(dir.path().join("a.txt"), "推进工作").unwrap();
    let run = zwgk_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--rules",
            "rules",
            "a.txt",
        ],
    );
    assert_run(&run, 2, "");
    assert!(
        unwrapped(&run.stderr).contains("rules/big.toml: rule `big/many` lists 10001 terms"),
        "{}",
        run.stderr
    );
}

#[test]
fn too_many_term_bytes_is_a_load_error() {
    // 2,000 terms of 200 bytes: 400 KB in one rule.
    let long: Vec<String> = terms(2_000, 196);
    let pack = terms_pack("big", &[("long".to_string(), long)]);
    assert_eq!(
        load_one(&pack),
        [format!(
            "pack.toml: rule `big/long` lists {} bytes of terms; the limit is {} KB per rule: split the list into several rules",
            2_000 * 199,
            MAX_TERM_BYTES_PER_RULE / 1024
        )]
    );
    // Five rules of 250 KB each: the fifth crosses the limit of all rules.
    let rules: Vec<(String, Vec<String>)> = (0..5)
        .map(|r| {
            let terms = (0..1_000)
                .map(|i| format!("词{r}{i:0250}"))
                .collect::<Vec<_>>();
            (format!("part{r}"), terms)
        })
        .collect();
    let errors = load_one(&terms_pack("big", &rules));
    assert_eq!(
        errors,
        ["pack.toml: rule `big/part4`: the rules loaded list more than 1024 KB of terms together (the limit of all rule packs); leave out packs that are not needed"]
    );
}

#[test]
fn a_toml_value_missing_at_the_end_of_a_pack_has_a_message() {
    // Found by the rule_pack fuzzer: toml gives no message for it.
    let errors = load_one("[pack]\nid = \"x\"\ntitle =");
    assert_eq!(
        errors,
        ["pack.toml: invalid TOML: a value, key or closing bracket is missing here"]
    );
}

#[test]
fn the_embedded_packs_are_far_below_the_limits() {
    let (rules, errors) = load_rule_set(&embedded::sources());
    assert!(errors.is_empty());
    assert!(!rules.rules.is_empty());
}

// ---------------------------------------------------------------------------
// Configurations with wrong values
// ---------------------------------------------------------------------------

fn config_dir(case: &str) -> PathBuf {
    root().join("tests/hostile/config").join(case)
}

/// `zwgk check` in a directory whose `zwgk.toml` is broken: exit 2 and the
/// message (after the file name) on stderr.
#[track_caller]
fn assert_config_error(case: &str, message: &str) {
    let report = root().join("tests/hostile/gb18030.txt");
    let run = zwgk_in(&config_dir(case), &["check", report.to_str().unwrap()]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{case}: {run:?}");
    let stderr = unwrapped(&run.stderr);
    let expected = format!("zwgk.toml: {message}");
    assert!(
        stderr.contains(&expected),
        "{case}: expected {expected:?} in\n{}",
        run.stderr
    );
}

#[test]
fn every_kind_of_wrong_configuration_value_is_an_error_naming_it() {
    for (case, message) in [
        ("not-toml", "invalid array expected `]`"),
        ("unknown-key", "unknown field `colour`, expected one of `rules`, `workpoints`, `select`, `ignore`,"),
        ("wrong-type", "wanted string or table"),
        ("bad-severity", "unknown variant `fatal`, expected one of `info`, `warning`, `error`"),
        ("bad-kind", "unknown value `novel`; expected one of: annual-report, work-summary, work-points, other"),
        ("bad-role", "unknown value `king`; expected one of: people-government, government-office, department,"),
        ("bad-glob", "invalid glob: error parsing glob '[abc': unclosed character class; missing ']'"),
        ("year-as-text", "invalid type: string \"二〇二二\", expected i32"),
        ("bad-rule-severity", "unknown variant `loud`, expected one of `info`, `warning`, `error`"),
        ("override-without-files", "missing field `files`"),
        ("value-missing-at-end", "invalid TOML: a value, key or closing bracket is missing here"),
        ("invalid-utf8", "cannot read the configuration: stream did not contain valid UTF-8"),
    ] {
        assert_config_error(case, message);
    }
    // A rule directory that does not exist, and a selected rule that does not.
    let report = root().join("tests/hostile/gb18030.txt");
    let run = zwgk_in(
        &config_dir("missing-rules-dir"),
        &["check", "--format", "concise", report.to_str().unwrap()],
    );
    // The embedded rules still run; the exit status says a rule pack failed.
    let path = report.display().to_string();
    assert_run(
        &run,
        2,
        &GB18030_FINDINGS.replace("tests/hostile/gb18030.txt", &path),
    );
    assert!(
        unwrapped(&run.stderr).contains(
            "tests/hostile/config/missing-rules-dir/no-such-dir: cannot read rule pack: No such file or directory (os error 2)"
        ),
        "{}",
        run.stderr
    );
    let run = zwgk_in(
        &config_dir("unknown-rule"),
        &["check", report.to_str().unwrap()],
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    let config = config_dir("unknown-rule").join("./zwgk.toml");
    assert_eq!(
        run.stderr,
        format!(
            "error: {} names no rule or pack: style/no-such-rule (see `zwgk rules`)\n",
            config.display()
        )
    );
}

// ---------------------------------------------------------------------------
// The language server
// ---------------------------------------------------------------------------

fn frame(value: Value) -> Vec<u8> {
    let body = value.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn messages(out: &[u8]) -> Vec<Value> {
    let text = String::from_utf8(out.to_vec()).unwrap();
    text.split("Content-Length: ")
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (_, body) = part.split_once("\r\n\r\n").unwrap();
            serde_json::from_str(body).unwrap()
        })
        .collect()
}

fn session(options: Value, rest: &[Value]) -> Vec<Value> {
    let mut input = frame(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "capabilities": {}, "initializationOptions": options } }));
    input.extend(frame(
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    ));
    for message in rest {
        input.extend(frame(message.clone()));
    }
    input.extend(frame(
        json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
    ));
    input.extend(frame(json!({ "jsonrpc": "2.0", "method": "exit" })));
    let (code, out) = zwgk::lsp::session(&input);
    assert_eq!(code, 0);
    messages(&out)
}

fn published(messages: &[Value]) -> Vec<&Value> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| &m["params"])
        .collect()
}

#[test]
fn an_oversized_document_gets_one_diagnostic_saying_so() {
    let text = "本局做为主管部门，推进推进工作。\n".repeat(200); // 9,600 bytes
    let out = session(
        json!({ "maxDocumentSize": 4096 }),
        &[
            json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
            "uri": "untitled:big", "languageId": "plaintext", "version": 1, "text": text } } }),
        ],
    );
    let published = published(&out);
    assert_eq!(published.len(), 1, "{out:?}");
    let diagnostics = published[0]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "too-large");
    assert_eq!(
        diagnostics[0]["message"],
        "文档大小 0.0 MB，超过 0.0 MB 的上限，未检查（可在命令行用 zwgk check 检查）。"
    );
}

#[test]
fn a_flood_of_changes_is_coalesced_into_one_lint_of_the_latest_text() {
    let uri = "untitled:flood";
    let mut messages = vec![json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": "" } } })];
    let text = "本局做为主管部门。";
    for (i, c) in text.chars().cycle().take(5_000).enumerate() {
        messages.push(json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": i + 2 },
            "contentChanges": [{ "range": { "start": { "line": 0, "character": i }, "end": { "line": 0, "character": i } }, "text": c.to_string() }] } }));
    }
    let out = session(json!({}), &messages);
    let published = published(&out);
    // The open is linted with the first batch of messages, which already
    // holds every change: one publication, for the last version.
    assert_eq!(published.len(), 1, "{} publications", published.len());
    assert_eq!(published[0]["version"], 5_001);
    let diagnostics = published[0]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().unwrap_or_default().contains("做为")),
        "{diagnostics:?}"
    );
}
