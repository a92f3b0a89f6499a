//! The command line: argument definitions and dispatch.

mod check;
mod explain;
mod inputs;
mod rules_cmd;
mod split_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// zwgk — 政务公开文档检查器：检查政府信息公开工作年度报告和政务公开工作总结。
#[derive(Debug, Parser)]
#[command(name = "zwgk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
enum Command {
    /// Lint report files or directories (walked for .txt and .md files).
    Check(check::CheckArgs),
    /// List the rules, or validate rule packs and run their examples.
    Rules(RulesArgs),
    /// Write a commented starter zwgk.toml in the current directory.
    Init {
        #[command(subcommand)]
        what: Option<InitWhat>,
    },
    /// Show a rule's documentation: what it checks, why, an example and the fix.
    Explain {
        /// Rule id, e.g. style/repeated-word
        id: String,
        /// Additional rule pack directory.
        #[arg(long, value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Run the language server on stdin/stdout.
    Lsp,
    /// Split a compilation (汇编) into one file per report.
    Split {
        /// The compilation.
        file: PathBuf,
        /// Directory to write the reports into (created if missing; existing files are never overwritten).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum InitWhat {
    /// Draft a work-points rule pack from a 工作要点 text file, for a person to review.
    Workpoints {
        /// The 工作要点 text file.
        file: PathBuf,
        /// Pack id: lowercase letters, digits and `-` (e.g. wencheng-2021).
        #[arg(long)]
        id: String,
        /// Write the draft to this file (never over an existing one) instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
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
    /// Print the literal terms that `zwgk check` searches for in its one
    /// shared pass (default packs and `--rules` directories), one a line: a
    /// pattern file for `grep -F -f` or `rg -F -f`.
    Literals,
    /// Write every rule's documentation page (Markdown) and an index into a directory.
    Docs {
        /// Output directory.
        #[arg(default_value = "docs/rules")]
        dir: PathBuf,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => match args.action {
            None => rules_cmd::list(&args.rules),
            Some(RulesAction::Check { dir }) => rules_cmd::check(dir.as_deref(), &args.rules),
            Some(RulesAction::Docs { dir }) => rules_cmd::docs(&dir, &args.rules),
            Some(RulesAction::Literals) => rules_cmd::literals(&args.rules),
        },
        Command::Explain { id, rules } => explain::run(&id, &rules),
        Command::Init { what: None } => init(),
        Command::Init {
            what: Some(InitWhat::Workpoints { file, id, output }),
        } => crate::workpoints::init(&file, &id, output.as_deref()),
        Command::Lsp => crate::lsp::run(),
        Command::Split { file, out } => split_cmd::run(&file, &out),
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
