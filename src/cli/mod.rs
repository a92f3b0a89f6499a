//! The command line: argument definitions and dispatch.

mod check;
mod explain;
mod inputs;
mod rules_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::document::{DocKind, UnitRole};

/// zwgk — 政务公开文档检查器：检查政府信息公开工作年度报告和政务公开工作总结。
#[derive(Debug, Parser)]
#[command(name = "zwgk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint report files or directories (walked for .txt and .md files).
    Check(CheckArgs),
    /// List the rules, or validate rule packs and run their examples.
    Rules(RulesArgs),
    /// Write a commented starter zwgk.toml in the current directory.
    Init,
    /// Show a rule's documentation: what it checks, why, an example and the fix.
    Explain {
        /// Rule id, e.g. style/repeated-word
        id: String,
        /// Additional rule pack directory.
        #[arg(long, value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

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
    paths: Vec<PathBuf>,
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

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,
    /// Additional rule pack directory.
    #[arg(long, value_name = "DIR", global = true)]
    rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum RulesAction {
    /// Validate rule packs, compile them and run every rule's examples.
    Check {
        /// Directory of packs to check (default: the embedded packs).
        dir: Option<PathBuf>,
    },
    /// Write every rule's documentation page (Markdown) and an index into a directory.
    Docs {
        /// Output directory.
        #[arg(default_value = "docs/rules")]
        dir: PathBuf,
    },
}

fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}

fn parse_role(s: &str) -> Result<UnitRole, String> {
    s.parse()
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => match args.action {
            None => rules_cmd::list(&args.rules),
            Some(RulesAction::Check { dir }) => rules_cmd::check(dir.as_deref(), &args.rules),
            Some(RulesAction::Docs { dir }) => rules_cmd::docs(&dir, &args.rules),
        },
        Command::Explain { id, rules } => explain::run(&id, &rules),
        Command::Init => init(),
    };
    ExitCode::from(code)
}

/// `zwgk init`: writes the starter configuration, never over an existing file.
fn init() -> u8 {
    let path = std::path::Path::new(crate::config::FILE_NAME);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file
        .and_then(|mut f| std::io::Write::write_all(&mut f, crate::config::STARTER.as_bytes()))
    {
        Ok(()) => {
            println!("wrote {}", path.display());
            exit::CLEAN
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists; not overwritten", path.display());
            exit::TROUBLE
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            exit::TROUBLE
        }
    }
}

/// Exit codes, as documented in README.md.
pub mod exit {
    pub const CLEAN: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const TROUBLE: u8 = 2;
}
