//! `zwgk.toml`: the project's configuration, found in the working directory
//! or the nearest parent (or given with `--config`). A value passed down to
//! whatever needs it, resolved per file: command-line flags win over the
//! file, and `[[overrides]]` blocks (by glob, as Vale's sections) win over
//! the top level for the files they match.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::{DocKind, MetadataOverrides, UnitRole};
use crate::rules::{RuleSet, Selection};

pub const FILE_NAME: &str = "zwgk.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    workpoints: Vec<String>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_on: Option<Severity>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    year: Option<i32>,
    kind: Option<Spanned<String>>,
    unit: Option<String>,
    role: Option<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideFile {
    files: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    year: Option<i32>,
    kind: Option<Spanned<String>>,
    unit: Option<String>,
    role: Option<Spanned<String>>,
}

/// A configuration error, with the span of the offending TOML.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub file: String,
    pub source: Arc<String>,
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl ConfigError {
    pub fn report(&self) -> Report {
        let mut diagnostic = MietteDiagnostic::new(format!("{}: {}", self.file, self.message))
            .with_code("zwgk::config");
        if let Some(span) = &self.span {
            diagnostic = diagnostic.with_label(LabeledSpan::at(span.clone(), "here"));
        }
        Report::new(diagnostic).with_source_code(NamedSource::new(
            &self.file,
            self.source.as_str().to_string(),
        ))
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

#[derive(Debug, Clone)]
struct Override {
    files: GlobSet,
    select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    metadata: MetadataOverrides,
}

/// A loaded configuration. `Config::default()` is the empty one.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, if any; globs and paths are relative to its directory.
    pub path: Option<PathBuf>,
    pub rule_dirs: Vec<PathBuf>,
    /// Opt-in work-points packs: shipped ids, or pack files (relative to the config file).
    pub workpoints: Vec<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub fail_on: Option<Severity>,
    severity: BTreeMap<String, Severity>,
    metadata: MetadataOverrides,
    overrides: Vec<Override>,
}

/// What applies to one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub active: Vec<usize>,
    pub metadata: MetadataOverrides,
    /// Severity by rule index, for rules whose severity is overridden.
    pub severity: BTreeMap<usize, Severity>,
}

impl Config {
    /// The nearest `zwgk.toml` at or above `start`.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_absolute() {
            start.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(start)
        };
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            source: Arc::default(),
            message: format!("cannot read the configuration: {e}"),
            span: None,
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let source = Arc::new(text.to_string());
        let error = |message: String, span: Option<Range<usize>>| ConfigError {
            file: path.display().to_string(),
            source: source.clone(),
            message,
            span,
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let message = match e.message().trim() {
                "" => "invalid TOML: a value, key or closing bracket is missing here",
                message => message,
            };
            error(message.to_string(), e.span())
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let globs = |patterns: &[Spanned<String>]| -> Result<Option<GlobSet>, ConfigError> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let glob = Glob::new(pattern.get_ref())
                    .map_err(|e| error(format!("invalid glob: {e}"), Some(pattern.span())))?;
                builder.add(glob);
            }
            builder
                .build()
                .map(Some)
                .map_err(|e| error(format!("invalid globs: {e}"), None))
        };
        let metadata = |year: Option<i32>,
                        kind: &Option<Spanned<String>>,
                        unit: &Option<String>,
                        role: &Option<Spanned<String>>|
         -> Result<MetadataOverrides, ConfigError> {
            Ok(MetadataOverrides {
                year,
                kind: kind
                    .as_ref()
                    .map(|k| {
                        k.get_ref()
                            .parse::<DocKind>()
                            .map_err(|e| error(e, Some(k.span())))
                    })
                    .transpose()?,
                unit: unit.clone(),
                role: role
                    .as_ref()
                    .map(|r| {
                        r.get_ref()
                            .parse::<UnitRole>()
                            .map_err(|e| error(e, Some(r.span())))
                    })
                    .transpose()?,
            })
        };
        let names = |values: &[Spanned<String>]| {
            values
                .iter()
                .map(|v| v.get_ref().clone())
                .collect::<Vec<_>>()
        };
        let severities = |map: &BTreeMap<String, Spanned<Severity>>| {
            map.iter()
                .map(|(k, v)| (k.clone(), *v.get_ref()))
                .collect::<BTreeMap<_, _>>()
        };
        let mut overrides = Vec::new();
        for block in &file.overrides {
            overrides.push(Override {
                files: globs(&block.files)?
                    .ok_or_else(|| error("`files` of an override is empty".into(), None))?,
                select: names(&block.select),
                ignore: names(&block.ignore),
                severity: severities(&block.severity),
                metadata: metadata(block.year, &block.kind, &block.unit, &block.role)?,
            });
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            rule_dirs: file
                .rules
                .iter()
                .map(|dir| base.join(dir.get_ref()))
                .collect(),
            workpoints: file
                .workpoints
                .iter()
                .map(|w| {
                    if crate::rules::embedded::optional(w).is_some() {
                        w.clone()
                    } else {
                        base.join(w).to_string_lossy().into_owned()
                    }
                })
                .collect(),
            select: names(&file.select),
            ignore: names(&file.ignore),
            include: globs(&file.include)?,
            exclude: globs(&file.exclude)?,
            fail_on: file.fail_on,
            severity: severities(&file.severity),
            metadata: metadata(file.year, &file.kind, &file.unit, &file.role)?,
            overrides,
        })
    }

    /// Rule and pack ids named anywhere in the configuration that no loaded rule has.
    pub fn unknown_selectors(&self, rules: &RuleSet) -> Vec<String> {
        let mut names: Vec<&String> = self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
            .collect();
        for o in &self.overrides {
            names.extend(o.select.iter().chain(&o.ignore).chain(o.severity.keys()));
        }
        let probe = Selection {
            select: names.iter().map(|s| s.to_string()).collect(),
            ignore: Vec::new(),
        };
        probe
            .unknown(rules)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    fn relative<'a>(&self, file: &'a Path) -> std::borrow::Cow<'a, Path> {
        let Some(base) = self.path.as_ref().and_then(|p| p.parent()) else {
            return file.into();
        };
        let absolute = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(file))
                .unwrap_or_else(|_| file.to_path_buf())
        };
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        match absolute.strip_prefix(&base) {
            Ok(relative) => relative.to_path_buf().into(),
            Err(_) => file.into(),
        }
    }

    /// Whether a file found by walking a directory is to be linted.
    pub fn includes(&self, file: &Path) -> bool {
        let relative = self.relative(file);
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match(&*relative))
            && !self
                .exclude
                .as_ref()
                .is_some_and(|set| set.is_match(&*relative))
    }

    /// The rules, metadata and severities for one file. `cli` holds the
    /// command line's selection and metadata, which win over the file.
    pub fn settings_for(
        &self,
        file: &Path,
        rules: &RuleSet,
        cli: &Selection,
        cli_metadata: &MetadataOverrides,
    ) -> FileSettings {
        let relative = self.relative(file);
        let matching: Vec<&Override> = self
            .overrides
            .iter()
            .filter(|o| o.files.is_match(&*relative))
            .collect();

        let mut select = self.select.clone();
        let mut ignore = self.ignore.clone();
        let mut severity_by_name = self.severity.clone();
        let mut metadata = self.metadata.clone();
        for o in &matching {
            if !o.select.is_empty() {
                select = o.select.clone();
            }
            ignore.extend(o.ignore.iter().cloned());
            severity_by_name.extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
            metadata = merge(&o.metadata, &metadata);
        }
        if !cli.select.is_empty() {
            select = cli.select.clone();
        }
        ignore.extend(cli.ignore.iter().cloned());
        let selection = Selection { select, ignore };
        let active = selection.active(rules);
        let mut severity = BTreeMap::new();
        for (name, level) in &severity_by_name {
            for (index, rule) in rules.rules.iter().enumerate() {
                if Selection::names(name, rule) {
                    severity.insert(index, *level);
                }
            }
        }
        FileSettings {
            active,
            metadata: merge(cli_metadata, &metadata),
            severity,
        }
    }
}

/// `first`'s fields where set, `second`'s otherwise.
fn merge(first: &MetadataOverrides, second: &MetadataOverrides) -> MetadataOverrides {
    MetadataOverrides {
        year: first.year.or(second.year),
        kind: first.kind.or(second.kind),
        unit: first.unit.clone().or_else(|| second.unit.clone()),
        role: first.role.or(second.role),
    }
}

/// The commented starter file `zwgk init` writes.
pub const STARTER: &str = r#"# zwgk.toml — zwgk 的配置文件（放在报告目录或其上级目录中）
# 所有项都可省略；命令行参数优先于本文件。

# 额外的规则包目录（相对于本文件）。与内置规则包同 id 的包会替换内置包。
# rules = ["rules-local"]

# 本地政务公开工作要点（检查清单），内置的如 "wencheng-2021"，或规则包文件路径。
# workpoints = ["wencheng-2021"]

# 只运行这些规则或规则包（默认全部）；不运行这些规则或规则包。
# select = ["regulation", "summary", "style"]
# ignore = ["style/arabic-ordinal-comma"]

# 检查目录时包括、排除的文件（glob，相对于本文件）。默认检查全部 .txt 和 .md。
# include = ["**/*.txt", "**/*.md"]
# exclude = ["草稿/**", "**/旧版/**"]

# 有此级别或更高级别的问题时，退出状态为 1（error、warning、info）。
# fail-on = "error"

# 调整个别规则或整个规则包的级别。
# [severity]
# "style/typo" = "error"
# "regulation/summary-applications" = "warning"

# 文档信息的默认值（通常从标题和落款日期读出，无需设置）。
# year = 2022
# kind = "work-summary"        # annual-report、work-summary、work-points、other
# unit = "某某县民政局"
# role = "department"          # people-government、government-office、department、township

# 按目录或文件名分别设置，例如年报和总结放在不同目录中：
# [[overrides]]
# files = ["年报/**"]
# kind = "annual-report"
#
# [[overrides]]
# files = ["总结/**"]
# kind = "work-summary"
# ignore = ["regulation/summary-applications"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_error_without_a_message_gets_one() {
        let error = Config::parse(Path::new("zwgk.toml"), "year =").unwrap_err();
        assert_eq!(
            error.message,
            "invalid TOML: a value, key or closing bracket is missing here"
        );
        assert_eq!(error.span, Some(6..6));
    }
}
