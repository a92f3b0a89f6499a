//! `zwgk check`: lint files and report.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::inputs::{collect_files, display, load_rules, Shipped};
use clap::{Args, ValueEnum};

use super::exit;
use crate::baseline;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::document::{decode_shared, encode, Decoded, Document, MetadataOverrides};
use crate::document::{DocKind, UnitRole};
use crate::engine;
use crate::fix::{apply, select_edits, Applicability};
use crate::input::{self, SourceKind};
use crate::output::human::HumanOptions;
use crate::output::stream::{Layout, Stream};
use crate::output::{FileReport, Totals};
use crate::rules::{RuleSet, Selection};
use crate::split;

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
    /// Lint files in parallel on this many threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Lint only the K-th of N deterministic shards of the files (for batch systems), e.g. 3/16.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Treat each file as a compilation of reports and lint each report as its own document.
    #[arg(long)]
    pub split: bool,
    /// Print counts per rule instead of the findings.
    #[arg(long, conflicts_with = "summary")]
    pub statistics: bool,
    /// Print one line per file (errors, warnings, infos, missing checklist items) instead of the findings.
    #[arg(long)]
    pub summary: bool,
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
    /// Last year's report, to compare with (上年结转, 内容雷同): a file, or a
    /// directory holding last year's reports under the same file names.
    #[arg(long, value_name = "FILE|DIR")]
    previous: Option<PathBuf>,
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
    let (rules, rule_errors) = crate::timing::time(
        || "load rules".into(),
        || load_rules(&rule_dirs, Shipped::Default, &workpoints),
    );
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
    let shard = match args.shard.as_deref().map(parse_shard).transpose() {
        Ok(shard) => shard,
        Err(message) => {
            eprintln!("error: --shard {message}");
            return exit::TROUBLE;
        }
    };
    let known = match &args.baseline {
        Some(path) => match baseline::load(path) {
            Ok(recorded) => Some(recorded.keys()),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::TROUBLE;
            }
        },
        None => None,
    };
    let previous = match &args.previous {
        None => None,
        Some(path) if path.is_dir() => Some(Previous::SameNameIn(path.clone())),
        Some(path) => match previous_document(path) {
            Ok(doc) => Some(Previous::Report(Box::new(doc))),
            Err(e) => {
                eprintln!("error: --previous {e}");
                return exit::TROUBLE;
            }
        },
    };
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
    let (mut files, path_errors) = collect_files(&paths, &config);
    if let Some((k, n)) = shard {
        files.retain(|file| in_shard(file, k, n));
    }
    if files.is_empty() && path_errors.is_empty() && shard.is_none() {
        eprintln!(
            "error: 没有找到可检查的文件（.txt、.md、.docx、.html）: {}",
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
        split: args.split,
        known: known.as_ref(),
        previous: previous.as_ref(),
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: cannot start worker threads: {e}");
            return exit::TROUBLE;
        }
    };

    let outcome = match &args.output {
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let terminal = io::stdout().is_terminal();
            let result = stream(
                args,
                &options,
                &pool,
                &files,
                path_errors,
                &mut out,
                terminal,
            );
            result.and_then(|o| out.flush().map(|()| o))
        }
        Some(path) => {
            let mut buffer = Vec::new();
            let result = stream(
                args,
                &options,
                &pool,
                &files,
                path_errors,
                &mut buffer,
                false,
            );
            result.and_then(|o| write_atomically(path, &buffer).map(|()| o))
        }
    };
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return exit::CLEAN,
        Err(e) => {
            match &args.output {
                Some(path) => eprintln!("error: cannot write the report to {}: {e}", display(path)),
                None => eprintln!("error: cannot write the report: {e}"),
            }
            return exit::TROUBLE;
        }
    };

    if args.format == Format::Concise && !args.statistics && !args.summary {
        eprintln!("{}", outcome.totals.sentence());
    }
    if crate::timing::enabled() {
        eprint!("{}", crate::timing::report());
    }
    if args.diff {
        let n = outcome.changed_files;
        eprintln!("{n} 个文件可以自动修改 (would fix {n} file(s)).");
    } else if args.fix {
        let n = outcome.changed_files;
        eprintln!("已修改 {n} 个文件 (fixed {n} file(s)).");
    }
    if let Some(path) = &args.write_baseline {
        let mut entries = outcome.baseline_entries;
        entries.sort();
        let count = entries.len();
        if let Err(e) = write_atomically(path, baseline::to_json(entries).as_bytes()) {
            eprintln!("error: cannot write the baseline to {}: {e}", display(path));
            return exit::TROUBLE;
        }
        eprintln!(
            "已把 {count} 条问题记入基线 {} (wrote {count} entries).",
            display(path)
        );
    }
    if let Some(known) = &known {
        let removed = outcome.baseline_removed;
        eprintln!(
            "基线中的 {removed} 条问题未列出 (baseline: {removed} known finding(s) left out)."
        );
        let gone = known.len() - outcome.baseline_matched.len();
        if gone > 0 {
            eprintln!("基线中有 {gone} 条问题已不再出现，可用 --write-baseline 更新基线 ({gone} baseline entries no longer occur; rewrite the baseline to shrink it).");
        }
    }

    if rule_errors || outcome.totals.failed_files > 0 {
        return exit::TROUBLE;
    }
    if args.diff {
        return if outcome.changed_files > 0 {
            exit::FINDINGS
        } else {
            exit::CLEAN
        };
    }
    if args.write_baseline.is_some() {
        return exit::CLEAN;
    }
    let threshold = match args.fail_on {
        Some(fail_on) => fail_on.threshold(),
        None => config.fail_on.unwrap_or(Severity::Error),
    };
    if outcome.worst.is_some_and(|worst| worst >= threshold) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// What a run keeps after its reports are written.
#[derive(Default)]
struct Outcome {
    totals: Totals,
    worst: Option<Severity>,
    changed_files: usize,
    baseline_entries: Vec<baseline::Entry>,
    baseline_removed: usize,
    baseline_matched: baseline::Keys,
}

/// How many files are linted together before their reports are written:
/// bounds memory while keeping every worker busy.
const CHUNK: usize = 256;

/// Lints the files in parallel, in chunks, and writes each report in input
/// order as soon as its chunk is done; only small facts outlive a chunk.
fn stream(
    args: &CheckArgs,
    options: &Options,
    pool: &rayon::ThreadPool,
    files: &[PathBuf],
    path_errors: Vec<(String, String)>,
    out: &mut dyn Write,
    terminal: bool,
) -> io::Result<Outcome> {
    use rayon::prelude::*;
    let layout = layout(args, terminal)?;
    let mut sink = io::sink();
    let target: &mut dyn Write = if args.diff || args.write_baseline.is_some() {
        &mut sink
    } else {
        out
    };
    let mut stream = Stream::begin(layout, options.rules, target)?;
    let mut outcome = Outcome::default();
    for (path, error) in path_errors {
        stream.file(target, &FileReport::Failed { path, error })?;
    }
    let progress = progress_bar(files.len());
    for chunk in files.chunks(CHUNK) {
        let processed: Vec<Vec<Processed>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|file| process_guarded(file, options))
                .collect()
        });
        for mut item in processed.into_iter().flatten() {
            if let Some(diff) = &item.diff {
                let stdout = io::stdout();
                let mut stdout = stdout.lock();
                stdout.write_all(diff.as_bytes())?;
                stdout.flush()?;
            }
            outcome.changed_files += usize::from(item.changed);
            if args.write_baseline.is_some() {
                outcome
                    .baseline_entries
                    .extend(baseline::entries_of(&item.report, options.rules));
            }
            if let Some(known) = options.known {
                let before = item.report.diagnostics().len();
                outcome.baseline_matched.extend(baseline::filter_file(
                    &mut item.report,
                    options.rules,
                    known,
                ));
                outcome.baseline_removed += before - item.report.diagnostics().len();
            }
            for d in item.report.diagnostics() {
                outcome.worst = outcome.worst.max(Some(d.severity));
            }
            crate::timing::time(
                || "write reports".into(),
                || stream.file(target, &item.report),
            )?;
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    outcome.totals = stream.totals;
    stream.end(target)?;
    Ok(outcome)
}

fn layout(args: &CheckArgs, terminal: bool) -> io::Result<Layout> {
    let json = matches!(args.format, Format::Json | Format::Jsonl);
    if args.statistics {
        return Ok(Layout::Statistics { json });
    }
    if args.summary {
        return Ok(Layout::Summary { json });
    }
    Ok(match args.format {
        Format::Human => {
            let color = terminal && std::env::var_os("NO_COLOR").is_none();
            let width = if terminal { terminal_width() } else { 100 };
            Layout::Human(HumanOptions { color, width })
        }
        Format::Concise => Layout::Concise,
        Format::Json => Layout::Json,
        Format::Jsonl => Layout::Jsonl,
        Format::Sarif => Layout::Sarif {
            root: std::env::current_dir()?,
        },
        Format::Github => Layout::Github,
        Format::Checklist => match args.checklist_format {
            ChecklistFormat::Markdown => Layout::ChecklistMarkdown,
            ChecklistFormat::Csv => Layout::ChecklistCsv,
        },
    })
}

/// A progress bar on stderr for long runs in a terminal; hidden otherwise.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    if files < 50 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件 {per_sec} 剩余 {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// `K/N`: the K-th of N shards (1-based).
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (k, n) = text.split_once('/').ok_or("takes K/N, e.g. 2/8")?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{text}`: K is not a number"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{text}`: N is not a number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("`{text}`: need 1 ≤ K ≤ N"));
    }
    Ok((k, n))
}

/// Whether a file belongs to shard K of N: decided by a hash of its path, so
/// every machine puts each file in the same shard whatever order it lists them.
fn in_shard(file: &Path, k: u64, n: u64) -> bool {
    let path = file.to_string_lossy().replace('\\', "/");
    let path = path.trim_start_matches("./");
    xxhash_rust::xxh3::xxh3_64(path.as_bytes()) % n == k - 1
}

struct Options<'a> {
    rules: &'a RuleSet,
    config: &'a Config,
    /// The command line's selection and metadata, which win over the configuration.
    selection: &'a Selection,
    metadata: &'a MetadataOverrides,
    fixing: Option<Applicability>,
    diff: bool,
    /// Lint each report of a compilation as its own document.
    split: bool,
    known: Option<&'a baseline::Keys>,
    previous: Option<&'a Previous>,
}

/// Where last year's report of each file comes from (`--previous`).
enum Previous {
    /// One report, for every file.
    Report(Box<Document>),
    /// A directory with last year's reports under the same file names.
    SameNameIn(PathBuf),
}

impl Previous {
    /// Last year's report for `file`, if there is one; a report that cannot
    /// be read is skipped with a warning and the file is linted without it.
    fn for_file(&self, file: &Path) -> Option<std::borrow::Cow<'_, Document>> {
        match self {
            Previous::Report(doc) => Some(std::borrow::Cow::Borrowed(doc)),
            Previous::SameNameIn(dir) => {
                let candidate = dir.join(file.file_name()?);
                if !candidate.is_file() || same_file(&candidate, file) {
                    return None;
                }
                match previous_document(&candidate) {
                    Ok(doc) => Some(std::borrow::Cow::Owned(doc)),
                    Err(e) => {
                        eprintln!(
                            "warning: {e}; {} 未做跨年度比较 (linted without it)",
                            display(file)
                        );
                        None
                    }
                }
            }
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Reads last year's report. Its metadata is read from its own text: the
/// overrides given for this year's files do not apply to it.
fn previous_document(file: &Path) -> Result<Document, String> {
    let path = display(file);
    let overrides = MetadataOverrides::default();
    match read_input(file).map_err(|e| format!("上年度报告 {path} {e}"))? {
        (_, Content::Text(decoded)) => Ok(Document::new(path, decoded.text, &overrides)),
        (_, Content::Extracted(extracted)) => Ok(Document::extracted(path, extracted, &overrides)),
    }
}

/// A file's content: decoded text, or the text extracted from Word or HTML.
enum Content {
    Text(Decoded<Arc<str>>),
    Extracted(input::Extracted),
}

/// Reads a file within the size limit and decodes or extracts its text,
/// with the bytes as read (to check, before writing fixes, that the file did
/// not change). The error says what went wrong, in Chinese and English.
fn read_input(file: &Path) -> Result<(Vec<u8>, Content), String> {
    let limits = input::Limits::default();
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_bytes {
        return Err(format!(
            "文件过大（{} MB，上限 {} MB），未检查 (file too large; not linted)",
            size >> 20,
            limits.max_file_bytes >> 20
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取文件 (cannot read: {e})"))?;
    let content = match input::kind_of(file) {
        SourceKind::Text => {
            Content::Text(decode_shared(&bytes).map_err(|e| format!("无法解码：{e}"))?)
        }
        kind => Content::Extracted(input::extract(kind, &bytes, &limits).map_err(|e| e.message)?),
    };
    Ok((bytes, content))
}

/// One linted document and what was done to its file.
struct Processed {
    report: FileReport,
    changed: bool,
    diff: Option<String>,
}

impl Processed {
    fn linted(
        doc: Document,
        result: engine::LintResult,
        changed: bool,
        diff: Option<String>,
    ) -> Processed {
        Processed {
            report: FileReport::Linted {
                doc: Box::new(doc),
                diagnostics: result.diagnostics,
                checklist: result.checklist,
            },
            changed,
            diff,
        }
    }

    fn failed(path: String, error: String) -> Vec<Processed> {
        vec![Processed {
            report: FileReport::Failed { path, error },
            changed: false,
            diff: None,
        }]
    }
}

/// How many lint-and-fix rounds a file gets: fixes can expose new findings.
const MAX_FIX_ROUNDS: usize = 10;

/// Lints one file (with `--split`, each report in it), and with
/// `--fix`/`--diff` fixes it.
fn process_file(file: &Path, options: &Options) -> Vec<Processed> {
    let path = display(file);
    let (bytes, content) =
        match crate::timing::time(|| "read and decode".into(), || read_input(file)) {
            Ok(read) => read,
            Err(error) => return Processed::failed(path, error),
        };
    let settings =
        options
            .config
            .settings_for(file, options.rules, options.selection, options.metadata);
    let previous = options.previous.and_then(|p| p.for_file(file));
    let lint = |doc: &Document| {
        let mut result =
            engine::lint_with_previous(doc, previous.as_deref(), options.rules, &settings.active);
        for d in &mut result.diagnostics {
            if let Some(&severity) = settings.severity.get(&d.rule) {
                d.severity = severity;
            }
        }
        result
    };
    let decoded = match content {
        // Word and HTML files are read, never rewritten.
        Content::Extracted(extracted) => {
            let doc = Document::extracted(path, extracted, &settings.metadata);
            let result = lint(&doc);
            return vec![Processed::linted(doc, result, false, None)];
        }
        Content::Text(decoded) => decoded,
    };
    let encoding = decoded.encoding;
    if options.split {
        let text = decoded.text;
        return split::reports(&text)
            .into_iter()
            .enumerate()
            .map(|(i, range)| {
                let mut doc =
                    Document::part(path.clone(), text.clone(), range, i + 1, &settings.metadata);
                doc.encoding = encoding;
                let result = lint(&doc);
                Processed::linted(doc, result, false, None)
            })
            .collect();
    }
    let new_doc = |text: Arc<str>| {
        let mut doc = Document::new(path.clone(), text, &settings.metadata);
        doc.encoding = encoding;
        doc
    };
    let mut doc = new_doc(decoded.text.clone());
    let mut result = lint(&doc);
    let mut diff = None;
    if let Some(applicability) = options.fixing {
        for _ in 0..MAX_FIX_ROUNDS {
            let edits = select_edits(&result.diagnostics, applicability);
            if edits.is_empty() {
                break;
            }
            doc = new_doc(apply(&doc.text, &edits).into());
            result = lint(&doc);
        }
        if !same_text(&doc.text, &decoded.text) {
            if options.diff {
                diff = Some(unified_diff(&path, &decoded.text, &doc.text));
            } else if let Err(error) = write_fixed(file, &bytes, &encode(&doc.text, encoding)) {
                return Processed::failed(path, error);
            }
        }
    }
    let changed = !same_text(&doc.text, &decoded.text);
    vec![Processed::linted(doc, result, changed, diff)]
}

/// Whether two texts read alike; a text left as it was read is not compared.
fn same_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// A bug in zwgk must not end a bulk run: a file whose processing panics
/// is reported as an error of its own and the run goes on.
fn process_guarded(file: &Path, options: &Options) -> Vec<Processed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process_file(file, options))).unwrap_or_else(|_| {
        Processed::failed(
            display(file),
            "zwgk 内部错误，已跳过此文件；请报告此问题 (internal error while linting this file; please report it)".into(),
        )
    })
}

fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
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
    write_atomically(file, bytes).map_err(|e| fail("cannot replace the file", &e))
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

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
