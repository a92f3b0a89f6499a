//! Configuration for open documents: the nearest `zwgk.toml` of each
//! document, loaded with its rule directories, cached, and reloaded when
//! the configuration or one of its rule files changes on disk (their
//! modification times and sizes are checked before every lint).
//!
//! Nothing here prints: standard output belongs to the protocol, and
//! problems are returned as text for one diagnostic on the document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{Config, ConfigError};
use crate::document::LineIndex;
use crate::rules::{embedded, load_rule_set, PackSource, RuleFileError, RuleSet};

/// A configuration ready for linting.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub rules: Arc<RuleSet>,
    /// Whether the configuration names `include` globs (then files they
    /// match are linted whatever their language).
    pub has_include: bool,
    /// Broken rule files (their packs are left out; the others run).
    pub rule_problem: Option<String>,
}

/// What a document's configuration resolved to.
#[derive(Debug, Clone)]
pub enum Resolved {
    Ready(Arc<Loaded>),
    /// The configuration cannot be used; the message names the file and the problem.
    Broken(String),
}

/// Modification time and size of each file a configuration was built from.
type Fingerprint = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

struct Cached {
    fingerprint: Fingerprint,
    resolved: Resolved,
}

#[derive(Default)]
pub struct Workspace {
    /// Workspace folders, in the client's order.
    pub folders: Vec<PathBuf>,
    embedded: Option<Arc<RuleSet>>,
    default: Option<Arc<Loaded>>,
    configs: HashMap<PathBuf, Cached>,
}

fn stat(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The `.toml` files of a rule directory (or the file itself), sorted.
fn pack_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

fn fingerprint(config: &Path, rule_dirs: &[PathBuf]) -> Fingerprint {
    let mut print = vec![(config.to_path_buf(), stat(config))];
    for dir in rule_dirs {
        print.push((dir.clone(), stat(dir)));
        for file in pack_files(dir).unwrap_or_default() {
            let s = stat(&file);
            print.push((file, s));
        }
    }
    print
}

/// 1-based line of a byte offset, for messages.
fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    LineIndex::new(source).line_of(offset) + 1
}

fn config_message(error: &ConfigError) -> String {
    let place = error
        .span
        .as_ref()
        .map(|s| format!("（第 {} 行）", line_of(&error.source, s.start)))
        .unwrap_or_default();
    format!(
        "配置文件 {}{place}有误，本文档未检查：{}",
        error.file, error.message
    )
}

fn rule_file_message(errors: &[RuleFileError]) -> String {
    let mut lines = vec![format!(
        "规则文件有误，其规则包未加载（其余规则照常检查），共 {} 处：",
        errors.len()
    )];
    for error in errors {
        let place = error
            .span
            .as_ref()
            .map(|s| format!("（第 {} 行）", line_of(&error.source, s.start)))
            .unwrap_or_default();
        lines.push(format!("{}{place}：{}", error.file, error.message));
    }
    lines.join("\n")
}

/// The embedded packs followed by the packs of `dirs`, without printing.
fn pack_sources(dirs: &[PathBuf]) -> (Vec<PackSource>, Vec<RuleFileError>) {
    let mut sources = embedded::sources();
    let mut errors = Vec::new();
    let io_error = |path: &Path, e: std::io::Error| RuleFileError {
        file: path.display().to_string(),
        source: Default::default(),
        message: format!("cannot read rule pack: {e}"),
        span: None,
        help: None,
    };
    for dir in dirs {
        match pack_files(dir) {
            Ok(files) => {
                for file in files {
                    match std::fs::read_to_string(&file) {
                        Ok(text) => sources.push(PackSource {
                            name: file.display().to_string(),
                            text,
                        }),
                        Err(e) => errors.push(io_error(&file, e)),
                    }
                }
            }
            Err(e) => errors.push(io_error(dir, e)),
        }
    }
    (sources, errors)
}

impl Workspace {
    /// The embedded packs, compiled once per process (they never change;
    /// a session run many times over, as the fuzzer does, shares them).
    fn embedded(&mut self) -> Arc<RuleSet> {
        static EMBEDDED: std::sync::OnceLock<Arc<RuleSet>> = std::sync::OnceLock::new();
        self.embedded
            .get_or_insert_with(|| {
                EMBEDDED
                    .get_or_init(|| {
                        let (rules, errors) = load_rule_set(&embedded::sources());
                        for error in errors {
                            eprintln!("zwgk lsp: embedded rule pack: {error}");
                        }
                        Arc::new(rules)
                    })
                    .clone()
            })
            .clone()
    }

    /// The configuration used where no `zwgk.toml` is found.
    fn default_config(&mut self) -> Arc<Loaded> {
        if let Some(loaded) = &self.default {
            return loaded.clone();
        }
        let loaded = Arc::new(Loaded {
            config: Config::default(),
            rules: self.embedded(),
            has_include: false,
            rule_problem: None,
        });
        self.default = Some(loaded.clone());
        loaded
    }

    /// Where to look for the configuration of a document: its directory,
    /// or for a document that is not a file, the first workspace folder.
    pub fn start_dir(&self, path: Option<&Path>) -> Option<PathBuf> {
        match path {
            Some(path) => path.parent().map(Path::to_path_buf),
            None => self.folders.first().cloned(),
        }
    }

    /// The configuration of a document (by its path, if it has one), and the
    /// `zwgk.toml` it came from. Re-reads the file when it changed.
    pub fn resolve(&mut self, path: Option<&Path>) -> (Option<PathBuf>, Resolved) {
        let Some(file) = self.start_dir(path).and_then(|dir| Config::discover(&dir)) else {
            return (None, Resolved::Ready(self.default_config()));
        };
        if let Some(cached) = self.configs.get(&file) {
            let rule_dirs = match &cached.resolved {
                Resolved::Ready(loaded) => loaded.config.rule_dirs.clone(),
                Resolved::Broken(_) => Vec::new(),
            };
            if cached.fingerprint == fingerprint(&file, &rule_dirs) {
                return (Some(file), cached.resolved.clone());
            }
        }
        let (resolved, rule_dirs) = self.load(&file);
        let print = fingerprint(&file, &rule_dirs);
        self.configs.insert(
            file.clone(),
            Cached {
                fingerprint: print,
                resolved: resolved.clone(),
            },
        );
        (Some(file), resolved)
    }

    fn load(&mut self, file: &Path) -> (Resolved, Vec<PathBuf>) {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                return (
                    Resolved::Broken(format!(
                        "配置文件 {} 无法读取，本文档未检查：{e}",
                        file.display()
                    )),
                    Vec::new(),
                )
            }
        };
        let config = match Config::parse(file, &text) {
            Ok(config) => config,
            Err(e) => return (Resolved::Broken(config_message(&e)), Vec::new()),
        };
        let has_include = toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|table| table.get("include").cloned())
            .and_then(|v| v.as_array().map(|a| !a.is_empty()))
            .unwrap_or(false);
        let rule_dirs = config.rule_dirs.clone();
        let (rules, errors) = if rule_dirs.is_empty() {
            (self.embedded(), Vec::new())
        } else {
            let (sources, mut errors) = pack_sources(&rule_dirs);
            let (rules, load_errors) = load_rule_set(&sources);
            errors.extend(load_errors);
            (Arc::new(rules), errors)
        };
        let unknown = config.unknown_selectors(&rules);
        if !unknown.is_empty() {
            let mut message = format!(
                "配置文件 {} 有误，本文档未检查：没有这些规则或规则包：{}（见 `zwgk rules`）",
                file.display(),
                unknown.join(", ")
            );
            if !errors.is_empty() {
                message.push('\n');
                message.push_str(&rule_file_message(&errors));
            }
            return (Resolved::Broken(message), rule_dirs);
        }
        let loaded = Loaded {
            config,
            rules,
            has_include,
            rule_problem: (!errors.is_empty()).then(|| rule_file_message(&errors)),
        };
        (Resolved::Ready(Arc::new(loaded)), rule_dirs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_are_reloaded_when_they_change() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("报告.txt");
        let config = dir.path().join("zwgk.toml");
        std::fs::write(&config, "select = [\"style\"]\n").unwrap();
        let mut workspace = Workspace::default();
        let (found, resolved) = workspace.resolve(Some(&doc));
        assert_eq!(found.as_deref(), Some(config.as_path()));
        assert!(matches!(resolved, Resolved::Ready(_)));

        std::fs::write(&config, "select = [\"style\"]\nbogus = 1\n").unwrap();
        let (_, resolved) = workspace.resolve(Some(&doc));
        let Resolved::Broken(message) = resolved else {
            panic!("expected a broken configuration");
        };
        assert!(message.contains("zwgk.toml"), "{message}");
        assert!(message.contains("第 2 行"), "{message}");

        std::fs::write(&config, "rules = [\"packs\"]\n").unwrap();
        std::fs::create_dir(dir.path().join("packs")).unwrap();
        std::fs::write(dir.path().join("packs/bad.toml"), "[pack\n").unwrap();
        let (_, resolved) = workspace.resolve(Some(&doc));
        let Resolved::Ready(loaded) = resolved else {
            panic!("a broken rule file leaves the other packs running");
        };
        let problem = loaded.rule_problem.as_deref().unwrap();
        assert!(problem.contains("bad.toml"), "{problem}");
    }
}
