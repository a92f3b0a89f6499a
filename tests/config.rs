//! zwgk.toml: discovery, per-glob overrides, severities, include/exclude,
//! and errors that point into the file.

mod common;

use std::path::Path;
use std::process::Output;

fn zwgk(dir: &Path, args: &[&str]) -> Output {
    common::zwgk_in(dir, args)
}

fn example(name: &str) -> Vec<u8> {
    common::example_bytes(name)
}

/// 年报/a.txt, 总结/s.txt, 总结/草稿/d.txt and a zwgk.toml.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("年报")).unwrap();
    std::fs::create_dir_all(root.join("总结/草稿")).unwrap();
    std::fs::write(root.join("年报/a.txt"), example("annual-report-2022.txt")).unwrap();
    std::fs::write(root.join("总结/s.txt"), example("summary-web.txt")).unwrap();
    std::fs::write(root.join("总结/草稿/d.txt"), example("summary-web.txt")).unwrap();
    std::fs::write(root.join("zwgk.toml"), config).unwrap();
    dir
}

fn rules_reported(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let mut parts = line.splitn(2, ": ");
            let place = parts.next().unwrap_or_default();
            let rest = parts.next().unwrap_or_default();
            format!(
                "{} {}",
                place.split(':').next().unwrap_or_default(),
                rest.split(' ').next().unwrap_or_default()
            )
        })
        .collect()
}

const CONFIG: &str = r#"
exclude = ["**/草稿/**"]
fail-on = "warning"
ignore = ["regulation/annual-report-other-matters"]

[severity]
"style/typo" = "error"

[[overrides]]
files = ["总结/**"]
ignore = ["style/half-width-punctuation"]
"#;

#[test]
fn overrides_excludes_and_severities_apply_per_file() {
    let dir = project(CONFIG);
    let out = zwgk(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        rules_reported(&out),
        [
            "./年报/a.txt regulation/statistics-period-year",
            "./年报/a.txt regulation/statistics-period-year",
            "./总结/s.txt summary/reporting-year",
            "./总结/s.txt style/typo",
            "./总结/s.txt style/placeholder",
            "./总结/s.txt summary/enumeration-sequence",
        ]
    );
    // The configured severity shows in JSON, and `fail-on = "warning"` holds.
    let out = zwgk(dir.path(), &["check", "--format", "json", "总结/s.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let typo = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "style/typo")
        .unwrap();
    assert_eq!(typo["severity"], "error");
    // A file named on the command line is linted even when excluded by a glob.
    let out = zwgk(
        dir.path(),
        &["check", "--format", "concise", "总结/草稿/d.txt"],
    );
    assert!(!out.stdout.is_empty());
}

#[test]
fn the_nearest_config_is_found_from_a_subdirectory_and_flags_win() {
    let dir = project(CONFIG);
    let sub = dir.path().join("总结");
    let out = zwgk(&sub, &["check", "--format", "concise", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("half-width"));
    // --fail-on on the command line wins over the file.
    let out = zwgk(
        &sub,
        &[
            "check",
            "--format",
            "concise",
            "--fail-on",
            "error",
            "--ignore",
            "summary,style/typo",
            ".",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // --no-config ignores it.
    let out = zwgk(&sub, &["check", "--format", "concise", "--no-config", "."]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("style/half-width-punctuation"));
}

#[test]
fn configuration_mistakes_point_into_the_file() {
    for (config, needle) in [
        ("selcet = [\"style\"]\n", "unknown field `selcet`"),
        ("fail-on = \"fatal\"\n", "fatal"),
        ("kind = \"report\"\n", "unknown value `report`"),
        ("exclude = [\"[\"]\n", "invalid glob"),
        ("ignore = [\"style/no-such-rule\"]\n", "style/no-such-rule"),
        (
            "[[overrides]]\nfiles = [\"a/**\"]\nyear = \"2022\"\n",
            "invalid type",
        ),
    ] {
        let dir = project(config);
        let out = zwgk(dir.path(), &["check", "--format", "concise"]);
        let stderr = String::from_utf8_lossy(&out.stderr).replace('\n', " ");
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains("zwgk.toml"), "{config}: {stderr}");
        assert!(stderr.contains(needle), "{config}: {stderr}");
    }
}

#[test]
fn init_writes_a_starter_that_loads_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = zwgk(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("zwgk.toml")).unwrap();
    assert!(written.contains("[[overrides]]"));
    std::fs::write(dir.path().join("a.txt"), example("summary-web.txt")).unwrap();
    let out = zwgk(dir.path(), &["check", "--format", "concise", "a.txt"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the starter loads: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.path().join("zwgk.toml"), "# mine\n").unwrap();
    let out = zwgk(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("zwgk.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn gitignored_files_are_not_walked() {
    let dir = project("");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "总结/\n").unwrap();
    let out = zwgk(dir.path(), &["check", "--format", "concise", "."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("年报/a.txt") && !stdout.contains("总结/"),
        "{stdout}"
    );
}
