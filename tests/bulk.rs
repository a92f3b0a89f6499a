//! Bulk passes: compilations split into reports, the same report in every
//! input format, shards, statistics and summaries, and a folder of bad inputs.

mod common;

use std::path::Path;
use std::process::Output;

use common::docx::docx_of_paragraphs;

fn zwgk(dir: &Path, args: &[&str]) -> Output {
    common::zwgk_in(dir, args)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_compilation_is_linted_report_by_report() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/summaries-2022.txt");
    if !corpus.exists() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let out = zwgk(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--split",
            "--format",
            "json",
            corpus.to_str().unwrap(),
        ],
    );
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    let summaries: Vec<(&str, i64)> = files
        .iter()
        .filter(|f| f["document"]["kind"] == "work-summary")
        .map(|f| {
            (
                f["document"]["unit"].as_str().unwrap(),
                f["document"]["year"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(summaries.len(), 11, "{summaries:?}");
    assert!(summaries.iter().all(|(_, year)| *year == 2022));
    assert_eq!(summaries[0].0, "安庆市");
    assert_eq!(summaries[10].0, "温岭市融媒体中心");
    // The page header before the first report is a part of its own, not a report.
    assert_eq!(files[0]["document"]["kind"], "other");
    // Locations still point into the whole file: the 安庆 enumeration slip is on line 19.
    let anqing = files
        .iter()
        .find(|f| f["document"]["unit"] == "安庆市")
        .unwrap();
    let slip = anqing["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "summary/enumeration-sequence")
        .unwrap();
    assert_eq!(
        (
            slip["start"]["line"].as_u64(),
            slip["start"]["column"].as_u64()
        ),
        (Some(19), Some(164))
    );
    assert_eq!(slip["text"], "三是");
}

#[test]
fn the_same_report_in_every_format_gives_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let text = example("summary-web.txt");
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    std::fs::write(dir.path().join("utf8.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("gbk.txt"),
        zwgk::document::encode(&text, zwgk::document::Encoding::Gb18030),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("word.docx"),
        docx_of_paragraphs(&paragraphs),
    )
    .unwrap();
    let html: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    std::fs::write(
        dir.path().join("page.html"),
        format!("<html><head><title>x</title><script>var 做为=1;</script></head><body><nav>首页 | 政务公开</nav><div id=\"zoom\">{html}</div></body></html>"),
    )
    .unwrap();
    let out = zwgk(dir.path(), &["check", "--format", "json", "."]);
    let report = json(&out);
    let mut by_file = std::collections::BTreeMap::new();
    for file in report["files"].as_array().unwrap() {
        assert!(file["error"].is_null(), "{file}");
        let rules: Vec<(String, String)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        by_file.insert(
            file["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string(),
            rules,
        );
    }
    let expected = &by_file["utf8.txt"];
    assert!(expected.len() >= 5, "{expected:?}");
    for name in ["gbk.txt", "word.docx", "page.html"] {
        assert_eq!(&by_file[name], expected, "{name}");
    }
    // Word findings name the paragraph they are in.
    let word = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("word.docx"))
        .unwrap();
    let typo = word["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "style/typo")
        .unwrap();
    assert_eq!(typo["block"], "第 2 段");
}

#[test]
fn shards_partition_the_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..24 {
        std::fs::write(
            dir.path().join(format!("r{i:02}.txt")),
            example("summary-web.txt"),
        )
        .unwrap();
    }
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out = zwgk(
            dir.path(),
            &["check", "--summary", "--shard", &format!("{k}/3"), "."],
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        seen.extend(
            stdout
                .lines()
                .skip(1)
                .map(|l| l.split('\t').next().unwrap().to_string()),
        );
    }
    seen.sort();
    let all: Vec<String> = (0..24).map(|i| format!("./r{i:02}.txt")).collect();
    assert_eq!(seen, all, "every file in exactly one shard");
    let out = zwgk(dir.path(), &["check", "--shard", "4/3", "."]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn statistics_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), example("summary-web.txt")).unwrap();
    std::fs::write(dir.path().join("b.txt"), example("annual-report-2022.txt")).unwrap();
    let out = zwgk(
        dir.path(),
        &["check", "--statistics", "--format", "json", "."],
    );
    let stats = json(&out);
    let counts: Vec<(String, u64)> = stats
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts[0],
        ("regulation/statistics-period-year".to_string(), 2)
    );
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), 8);
    let out = zwgk(dir.path(), &["check", "--summary", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "path\terrors\twarnings\tinfos\tmissing\tkind\tyear\tunit",
            "./a.txt\t1\t4\t0\t0\twork-summary\t2022\t某某市自然资源局",
            "./b.txt\t2\t1\t0\t1\tannual-report\t2022\t某某县交通运输局",
        ]
    );
}

#[test]
fn a_folder_of_bad_inputs_is_reported_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("good.txt"), example("summary-web.txt")).unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("binary.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(root.join("garbage.txt"), [b'a', 0xFF, 0xFE, 0xFD, b'b']).unwrap();
    std::fs::write(
        root.join("utf16.txt"),
        zwgk::document::encode("政务公开工作总结", zwgk::document::Encoding::Utf16Le),
    )
    .unwrap();
    std::fs::write(
        root.join("truncated.docx"),
        &docx_of_paragraphs(&["政务公开"])[..40],
    )
    .unwrap();
    std::fs::write(root.join("not-a-zip.docx"), "这不是 Word 文件").unwrap();
    std::fs::write(root.join("long-line.txt"), "政务公开".repeat(200_000)).unwrap();
    std::fs::write(
        root.join("recipe.md"),
        "# 红烧肉做法\n\n五花肉切块，焯水后炒糖色。\n",
    )
    .unwrap();
    let out = zwgk(root, &["check", "--format", "json", "."]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable files make the run exit 2"
    );
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    let error_of = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing"))["error"]
            .as_str()
            .map(str::to_string)
    };
    assert!(error_of("binary.txt").unwrap().contains("binary"));
    assert!(error_of("garbage.txt").unwrap().contains("GB18030"));
    assert!(error_of("truncated.docx").unwrap().contains("Word"));
    assert!(error_of("not-a-zip.docx").unwrap().contains("Word"));
    for readable in [
        "good.txt",
        "empty.txt",
        "utf16.txt",
        "long-line.txt",
        "recipe.md",
    ] {
        assert_eq!(error_of(readable), None, "{readable}");
    }
    // Nothing was written next to the user's files.
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 9);
}

fn corpus_compilation() -> Option<std::path::PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/summaries-2022.txt");
    path.exists().then_some(path)
}

#[test]
fn split_writes_one_file_per_report_and_loses_nothing() {
    let Some(corpus) = corpus_compilation() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = zwgk(
        dir.path(),
        &["split", corpus.to_str().unwrap(), "--out", "parts"],
    );
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
    assert_eq!(names.len(), 12);
    assert_eq!(names[1], "02-安庆市-2022.txt");
    let joined: String = names
        .iter()
        .map(|n| std::fs::read_to_string(dir.path().join("parts").join(n)).unwrap())
        .collect();
    assert_eq!(joined, std::fs::read_to_string(&corpus).unwrap());
    // A second run never overwrites.
    let again = zwgk(
        dir.path(),
        &["split", corpus.to_str().unwrap(), "--out", "parts"],
    );
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn the_checklist_of_the_corpus_matches_known_topics() {
    let Some(corpus) = corpus_compilation() else {
        return;
    };
    let out = zwgk(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--split",
            "--format",
            "checklist",
            "--checklist-format",
            "csv",
            corpus.to_str().unwrap(),
        ],
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |id: &str| header.iter().position(|h| *h == id).unwrap();
    let row = |unit: &str| -> Vec<String> {
        csv.lines()
            .find(|l| l.split(',').nth(1) == Some(unit))
            .unwrap_or_else(|| panic!("no row for {unit}"))
            .split(',')
            .map(str::to_string)
            .collect()
    };
    let sections = column("summary/required-sections");
    // 淮南市人社局 and 温岭市融媒体中心 have no 存在的问题 part; 固原 and 蚌埠公共资源局 have both parts.
    assert_eq!(row("淮南市人社局")[sections], "missing");
    assert_eq!(row("温岭市融媒体中心")[sections], "missing");
    assert_eq!(row("固原市市场监管局")[sections], "covered");
    assert_eq!(row("蚌埠市公共资源局")[sections], "covered");
    // 依申请公开 is reported by 蚌埠市公共资源局 (它写明未收到申请) but not by 淮南市教体局.
    let applications = column("regulation/summary-applications");
    assert_eq!(row("蚌埠市公共资源局")[applications], "covered");
    assert_eq!(row("淮南市教体局")[applications], "missing");
}

#[test]
fn fixing_a_corpus_report_changes_only_what_safe_rules_fix() {
    let Some(corpus) = corpus_compilation() else {
        return;
    };
    let text = std::fs::read_to_string(&corpus).unwrap();
    let start = text.find("固原市市场监管局2022年政务公开工作总结").unwrap();
    let end = text.find("淮南市教体局2022年政务公开工作总结").unwrap();
    let report = &text[start..end];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    std::fs::write(&path, report).unwrap();
    zwgk(dir.path(), &["check", "--fix", "report.txt"]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    // Same lines; every change is a half-width mark made full-width or the
    // duplicated word removed.
    assert_eq!(fixed.lines().count(), report.lines().count());
    assert_eq!(
        fixed
            .replace('，', ",")
            .replace('：', ":")
            .replace('；', ";")
            .replace('？', "?")
            .replace('！', "!"),
        report.replace("领域领域", "领域").replace('，', ",")
    );
    // A second run finds nothing a safe fix could change.
    let out = zwgk(dir.path(), &["check", "--format", "json", "report.txt"]);
    let json = json(&out);
    let safe = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["fix"]["safe"] == true)
        .count();
    assert_eq!(safe, 0);
}
