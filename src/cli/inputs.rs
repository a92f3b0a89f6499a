//! Finding the files to lint and loading rule packs from disk.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::rules::{embedded, load_rule_set, PackSource, RuleFileError, RuleSet};

const EXTENSIONS: &[&str] = &["txt", "md", "docx", "html", "htm"];

/// Expands the paths the user gave into files, in a stable order. Files named
/// explicitly are always linted; directories are walked for `.txt` and `.md`
/// files, skipping hidden entries and what `.gitignore`/`.ignore` files and
/// the configuration's `include`/`exclude` leave out. Errors name the path
/// and say what is wrong; the other paths are still expanded.
pub fn collect_files(paths: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let is_file = e.file_type().is_some_and(|t| t.is_file());
                        if is_file && has_report_extension(e.path()) && config.includes(e.path()) {
                            files.push(e.into_path());
                        }
                    }
                    Err(e) => errors.push((display(path), e.to_string())),
                }
            }
        } else if path.exists() {
            errors.push((
                display(path),
                "不是普通文件或目录 (not a regular file or directory)".into(),
            ));
        } else {
            errors.push((
                display(path),
                "文件或目录不存在 (no such file or directory)".into(),
            ));
        }
    }
    (files, errors)
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Which shipped packs a run starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shipped {
    /// The default packs (not the opt-in work points).
    Default,
    /// Every shipped pack, opt-in ones included (listing, docs, checking packs).
    All,
    /// None: only the given directories.
    None,
}

/// The shipped packs, then each opt-in pack named by id or path, then the
/// `.toml` files of each directory.
pub fn pack_sources(
    dirs: &[PathBuf],
    shipped: Shipped,
    opt_in: &[String],
) -> (Vec<PackSource>, Vec<RuleFileError>) {
    let mut sources = match shipped {
        Shipped::Default => embedded::sources(),
        Shipped::All => embedded::all_sources(),
        Shipped::None => Vec::new(),
    };
    let mut errors = Vec::new();
    for name in opt_in {
        if let Some(pack) = embedded::optional(name) {
            if !sources.iter().any(|s| s.name == pack.name) {
                sources.push(pack);
            }
        } else if Path::new(name).is_file() {
            match std::fs::read_to_string(name) {
                Ok(text) => sources.push(PackSource {
                    name: name.clone(),
                    text,
                }),
                Err(e) => errors.push(io_error(Path::new(name), &e)),
            }
        } else {
            errors.push(RuleFileError {
                file: name.clone(),
                source: Default::default(),
                message: format!(
                    "no such work-points pack: name a shipped one ({}) or a .toml file",
                    embedded::optional_ids().join(", ")
                ),
                span: None,
                help: None,
            });
        }
    }
    for dir in dirs {
        let listing = if dir.is_file() {
            Ok(vec![dir.clone()])
        } else {
            std::fs::read_dir(dir).map(|entries| {
                let mut files: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect();
                files.sort();
                files
            })
        };
        match listing {
            Ok(files) => {
                for file in files {
                    match std::fs::read_to_string(&file) {
                        Ok(text) => sources.push(PackSource {
                            name: display(&file),
                            text,
                        }),
                        Err(e) => errors.push(io_error(&file, &e)),
                    }
                }
            }
            Err(e) => errors.push(io_error(dir, &e)),
        }
    }
    (sources, errors)
}

fn io_error(path: &Path, error: &std::io::Error) -> RuleFileError {
    RuleFileError {
        file: display(path),
        source: Default::default(),
        message: format!("cannot read rule pack: {error}"),
        span: None,
        help: None,
    }
}

/// Loads the rule set and prints every rule-file error; returns whether there were any.
pub fn load_rules(dirs: &[PathBuf], shipped: Shipped, opt_in: &[String]) -> (RuleSet, bool) {
    let (sources, mut errors) = pack_sources(dirs, shipped, opt_in);
    let (rules, load_errors) = load_rule_set(&sources);
    errors.extend(load_errors);
    for error in &errors {
        eprintln!("{:?}", error.report());
    }
    (rules, !errors.is_empty())
}
