//! `zwgk check`: lint files and report.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::inputs::{collect_files, display, load_rules, Shipped};
use clap::{Args, ValueEnum};

use super::exit;
use crate::baseline;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::document::{decode, encode, Document, MetadataOverrides};
use crate::document::{DocKind, UnitRole};
use crate::engine;
use crate::fix::{apply, select_edits, Applicability};
use crate::output::{self, human::HumanOptions, FileReport, Totals};
use crate::rules::{RuleSet, Selection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Graphical reports with the offending characters underlined.
    Human,
    /// One line per finding: path:line:column: rule message.
    Concise,
    /// One JSON document for the whole run.
    Json,
    /// One JSON object per line: each diagnostic, then a summary per file.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// Per document, every checklist rule (required topics and sections): covered or missing.
    Checklist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    Markdown,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint (default: the current directory).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only run these rules or packs (comma-separated ids, e.g. style,summary/numbering).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    select: Vec<String>,
    /// Do not run these rules or packs.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    ignore: Vec<String>,
    /// Reporting year, instead of the one read from the title or date line.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..=2999))]
    year: Option<i32>,
    /// Document kind, instead of the one read from the title.
    #[arg(long, value_parser = parse_kind)]
    kind: Option<DocKind>,
    /// Issuing unit, instead of the one read from the title.
    #[arg(long)]
    unit: Option<String>,
    /// Role of the issuing unit, instead of the one inferred from its name.
    #[arg(long, value_parser = parse_role)]
    role: Option<UnitRole>,
    /// Additional rule pack directory (its packs replace embedded packs with the same id).
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Exit with 1 when a finding of this severity or higher is reported [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Check against a county's work points: a shipped pack id (e.g. wencheng-2021) or a pack file.
    #[arg(long, value_name = "ID|FILE")]
    pub workpoints: Vec<String>,
    /// Configuration file (default: the nearest zwgk.toml in this directory or above).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any zwgk.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Layout of `--format checklist`.
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Markdown)]
    checklist_format: ChecklistFormat,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply fixes that need review.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the changes --fix would make as a unified diff; change nothing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Leave out the findings recorded in this baseline file; report only new ones.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    write_baseline: Option<PathBuf>,
}

fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}

fn parse_role(s: &str) -> Result<UnitRole, String> {
    s.parse()
}

/// The configuration: `--config FILE`, else the nearest `zwgk.toml`, else none.
fn load_config(args: &CheckArgs) -> Result<Config, u8> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.no_config => None,
        None => Config::discover(Path::new(".")),
    };
    match path {
        None => Ok(Config::default()),
        Some(path) => Config::load(&path).map_err(|e| {
            eprintln!("{:?}", e.report());
            exit::TROUBLE
        }),
    }
}

pub fn run(args: &CheckArgs) -> u8 {
    let config = match load_config(args) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let mut rule_dirs = config.rule_dirs.clone();
    rule_dirs.extend(args.rules.iter().cloned());
    let mut workpoints = config.workpoints.clone();
    workpoints.extend(args.workpoints.iter().cloned());
    let (rules, rule_errors) = load_rules(&rule_dirs, Shipped::Default, &workpoints);
    let named = |ids: &[String]| {
        ids.iter()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
    };
    let selection = Selection {
        select: named(&args.select),
        ignore: named(&args.ignore),
    };
    let unknown = selection.unknown(&rules);
    if !unknown.is_empty() {
        eprintln!(
            "error: --select/--ignore name no rule or pack: {} (see `zwgk rules`)",
            unknown.join(", ")
        );
        return exit::TROUBLE;
    }
    let unknown = config.unknown_selectors(&rules);
    if !unknown.is_empty() {
        let file = config.path.as_deref().map(display).unwrap_or_default();
        eprintln!(
            "error: {file} names no rule or pack: {} (see `zwgk rules`)",
            unknown.join(", ")
        );
        return exit::TROUBLE;
    }
    let metadata = MetadataOverrides {
        year: args.year,
        kind: args.kind,
        unit: args.unit.clone(),
        role: args.role,
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (files, path_errors) = collect_files(&paths, &config);
    let mut reports: Vec<FileReport> = path_errors
        .into_iter()
        .map(|(path, error)| FileReport::Failed { path, error })
        .collect();
    if files.is_empty() && reports.is_empty() {
        eprintln!(
            "error: 没有找到可检查的文件（.txt、.md）: {}",
            paths
                .iter()
                .map(|p| display(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return exit::TROUBLE;
    }
    let options = Options {
        rules: &rules,
        config: &config,
        selection: &selection,
        metadata: &metadata,
        fixing: (args.fix || args.diff).then_some(if args.unsafe_fixes {
            Applicability::All
        } else {
            Applicability::SafeOnly
        }),
        diff: args.diff,
    };
    let mut changed_files = 0;
    for file in &files {
        let (report, changed) = lint_file(file, &options);
        changed_files += usize::from(changed);
        reports.push(report);
    }
    if args.diff {
        eprintln!("{changed_files} 个文件可以自动修改 (would fix {changed_files} file(s)).");
        let failed = reports
            .iter()
            .any(|r| matches!(r, FileReport::Failed { .. }));
        return if failed || rule_errors {
            exit::TROUBLE
        } else if changed_files > 0 {
            exit::FINDINGS
        } else {
            exit::CLEAN
        };
    }
    if args.fix {
        eprintln!("已修改 {changed_files} 个文件 (fixed {changed_files} file(s)).");
    }
    if let Some(path) = &args.write_baseline {
        let entries = baseline::entries(&reports, &rules);
        let count = entries.len();
        if let Err(e) = write_atomically(path, baseline::to_json(entries).as_bytes()) {
            eprintln!("error: cannot write the baseline to {}: {e}", display(path));
            return exit::TROUBLE;
        }
        eprintln!(
            "已把 {count} 条问题记入基线 {} (wrote {count} entries).",
            display(path)
        );
        let failed = reports
            .iter()
            .any(|r| matches!(r, FileReport::Failed { .. }));
        return if failed || rule_errors {
            exit::TROUBLE
        } else {
            exit::CLEAN
        };
    }
    if let Some(path) = &args.baseline {
        let recorded = match baseline::load(path) {
            Ok(recorded) => recorded,
            Err(e) => {
                eprintln!("error: {e}");
                return exit::TROUBLE;
            }
        };
        let (removed, gone) = baseline::filter(&mut reports, &rules, &recorded);
        eprintln!(
            "基线中的 {removed} 条问题未列出 (baseline: {removed} known finding(s) left out)."
        );
        if gone > 0 {
            eprintln!("基线中有 {gone} 条问题已不再出现，可用 --write-baseline 更新基线 ({gone} baseline entries no longer occur; rewrite the baseline to shrink it).");
        }
    }
    reports.sort_by(|a, b| a.path().cmp(b.path()));

    if let Err(e) = write_reports(args, &reports, &rules) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            match &args.output {
                Some(path) => eprintln!("error: cannot write the report to {}: {e}", display(path)),
                None => eprintln!("error: cannot write the report: {e}"),
            }
            return exit::TROUBLE;
        }
    }

    let totals = Totals::of(&reports);
    if rule_errors || totals.failed_files > 0 {
        return exit::TROUBLE;
    }
    let threshold = match args.fail_on {
        Some(fail_on) => fail_on.threshold(),
        None => config.fail_on.unwrap_or(Severity::Error),
    };
    let failing = reports
        .iter()
        .flat_map(|r| r.diagnostics())
        .any(|d| d.severity >= threshold);
    if failing {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

struct Options<'a> {
    rules: &'a RuleSet,
    config: &'a Config,
    /// The command line's selection and metadata, which win over the configuration.
    selection: &'a Selection,
    metadata: &'a MetadataOverrides,
    fixing: Option<Applicability>,
    diff: bool,
}

/// How many lint-and-fix rounds a file gets: fixes can expose new findings.
const MAX_FIX_ROUNDS: usize = 10;

/// Lints (and with `--fix`/`--diff`, fixes) one file; also says whether it was (or would be) changed.
fn lint_file(file: &Path, options: &Options) -> (FileReport, bool) {
    let path = display(file);
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            return (
                FileReport::Failed {
                    path,
                    error: format!("无法读取文件 (cannot read: {e})"),
                },
                false,
            )
        }
    };
    let decoded = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(e) => {
            return (
                FileReport::Failed {
                    path,
                    error: format!("无法解码：{e}"),
                },
                false,
            )
        }
    };
    let encoding = decoded.encoding;
    let settings =
        options
            .config
            .settings_for(file, options.rules, options.selection, options.metadata);
    let lint = |text: String| {
        let mut doc = Document::new(path.clone(), text, &settings.metadata);
        doc.encoding = encoding;
        let mut result = engine::lint(&doc, options.rules, &settings.active);
        for d in &mut result.diagnostics {
            if let Some(&severity) = settings.severity.get(&d.rule) {
                d.severity = severity;
            }
        }
        (doc, result)
    };
    let (mut doc, mut result) = lint(decoded.text.clone());
    if let Some(applicability) = options.fixing {
        for _ in 0..MAX_FIX_ROUNDS {
            let edits = select_edits(&result.diagnostics, applicability);
            if edits.is_empty() {
                break;
            }
            (doc, result) = lint(apply(&doc.text, &edits));
        }
        if doc.text != decoded.text {
            let outcome = if options.diff {
                print_diff(&path, &decoded.text, &doc.text)
            } else {
                write_fixed(file, &bytes, &encode(&doc.text, encoding))
            };
            if let Err(error) = outcome {
                return (FileReport::Failed { path, error }, false);
            }
        }
    }
    let changed = doc.text != decoded.text;
    let report = FileReport::Linted {
        doc: Box::new(doc),
        diagnostics: result.diagnostics,
        checklist: result.checklist,
    };
    (report, changed)
}

fn print_diff(path: &str, before: &str, after: &str) -> Result<(), String> {
    let diff = similar::TextDiff::from_lines(before, after);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot print the diff: {e}"))
}

/// Replaces `file` with `bytes` atomically, keeping its permissions, unless
/// it changed on disk since it was read.
fn write_fixed(file: &Path, original: &[u8], bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        format!("修改未写入 (fixes not written: {what}: {e})")
    };
    let now = std::fs::read(file).map_err(|e| fail("cannot re-read the file", &e))?;
    if now != original {
        return Err("文件在检查期间被修改，未写入修改 (the file changed on disk during the run; not overwritten)".into());
    }
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = std::fs::metadata(file)
        .map_err(|e| fail("cannot read permissions", &e))?
        .permissions();
    let mut temp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| fail("cannot create a temporary file", &e))?;
    temp.write_all(bytes)
        .map_err(|e| fail("cannot write", &e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| fail("cannot sync", &e))?;
    std::fs::set_permissions(temp.path(), permissions)
        .map_err(|e| fail("cannot set permissions", &e))?;
    temp.persist(file)
        .map_err(|e| fail("cannot replace the file", &e.error))?;
    Ok(())
}

fn write_reports(args: &CheckArgs, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    match &args.output {
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let terminal = io::stdout().is_terminal();
            write_format(&mut out, args, reports, rules, terminal)?;
            out.flush()
        }
        Some(path) => {
            let mut buffer = Vec::new();
            write_format(&mut buffer, args, reports, rules, false)?;
            write_atomically(path, &buffer)
        }
    }
}

/// Writes next to the target and renames, so a failed run never leaves a
/// partial file and never clobbers the old one midway. A symlink is written
/// through to its target; a FIFO or device is written into directly. A new
/// file gets the usual `rw-r--r--`, a replaced one keeps its permissions.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let permissions = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return write_atomically(&std::fs::canonicalize(path)?, bytes)
        }
        Ok(meta) if !meta.is_file() => {
            let mut target = std::fs::OpenOptions::new().write(true).open(path)?;
            return target.write_all(bytes).and_then(|()| target.flush());
        }
        Ok(meta) => Some(meta.permissions()),
        Err(_) => None,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(&dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    match permissions {
        Some(permissions) => std::fs::set_permissions(file.path(), permissions)?,
        None => set_default_permissions(file.path())?,
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_default_permissions(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_path: &Path) -> io::Result<()> {
    Ok(())
}

fn write_format(
    out: &mut impl Write,
    args: &CheckArgs,
    reports: &[FileReport],
    rules: &RuleSet,
    terminal: bool,
) -> io::Result<()> {
    match args.format {
        Format::Human => {
            let color = terminal && std::env::var_os("NO_COLOR").is_none();
            let width = if terminal { terminal_width() } else { 100 };
            output::human::write(out, reports, rules, &HumanOptions { color, width })
        }
        Format::Concise => {
            output::concise::write(out, reports, rules)?;
            out.flush()?;
            eprintln!("{}", Totals::of(reports).sentence());
            Ok(())
        }
        Format::Json => output::json::write(out, reports, rules),
        Format::Jsonl => output::jsonl::write(out, reports, rules),
        Format::Sarif => output::sarif::write(out, reports, rules),
        Format::Github => output::github::write(out, reports, rules),
        Format::Checklist => match args.checklist_format {
            ChecklistFormat::Markdown => output::checklist::write_markdown(out, reports, rules),
            ChecklistFormat::Csv => output::checklist::write_csv(out, reports, rules),
        },
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
