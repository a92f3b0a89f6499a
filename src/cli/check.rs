//! `zwgk check`: lint files and report.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use super::inputs::{collect_files, display, load_rules};
use super::{exit, CheckArgs, ChecklistFormat, Format};
use crate::document::{decode, Document, MetadataOverrides};
use crate::engine;
use crate::output::{self, human::HumanOptions, FileReport, Totals};
use crate::rules::{RuleSet, Selection};

pub fn run(args: &CheckArgs) -> u8 {
    let (rules, rule_errors) = load_rules(&args.rules, true);
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let unknown = selection.unknown(&rules);
    if !unknown.is_empty() {
        eprintln!(
            "error: --select/--ignore name no rule or pack: {} (see `zwgk rules`)",
            unknown.join(", ")
        );
        return exit::TROUBLE;
    }
    let active = selection.active(&rules);
    let overrides = MetadataOverrides {
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
    let (files, path_errors) = collect_files(&paths);
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
    reports.extend(
        files
            .iter()
            .map(|file| lint_file(file, &rules, &active, &overrides)),
    );
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
    let threshold = args.fail_on.threshold();
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

fn lint_file(
    file: &PathBuf,
    rules: &RuleSet,
    active: &[usize],
    overrides: &MetadataOverrides,
) -> FileReport {
    let path = display(file);
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            return FileReport::Failed {
                path,
                error: format!("无法读取文件 (cannot read: {e})"),
            }
        }
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(e) => {
            return FileReport::Failed {
                path,
                error: format!("无法解码 ({e})"),
            }
        }
    };
    let doc = Document::new(path, text, overrides);
    let result = engine::lint(&doc, rules, active);
    FileReport::Linted {
        doc: Box::new(doc),
        diagnostics: result.diagnostics,
        checklist: result.checklist,
    }
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
            // Write next to the target and rename, so a failed run never
            // leaves a partial report and never clobbers the old one midway.
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut file = tempfile::NamedTempFile::new_in(&dir)?;
            {
                let mut out = io::BufWriter::new(file.as_file_mut());
                write_format(&mut out, args, reports, rules, false)?;
                out.flush()?;
            }
            file.as_file().sync_all()?;
            file.persist(path).map_err(|e| e.error)?;
            Ok(())
        }
    }
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
