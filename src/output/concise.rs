//! One line per finding: `path:line:column: rule-id message`, for long runs
//! and grep. Columns count Unicode scalar values.

use std::io::{self, Write};

use super::FileReport;
use crate::rules::RuleSet;

pub fn write_file(out: &mut dyn Write, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
    match report {
        FileReport::Linted {
            doc, diagnostics, ..
        } => {
            let mut columns = doc.columns();
            for d in diagnostics {
                let (line, column) = columns.line_column(d.span.start);
                writeln!(
                    out,
                    "{}:{}:{}: {} {}",
                    doc.path, line, column, rules.rules[d.rule].id, d.message
                )?;
            }
            Ok(())
        }
        FileReport::Failed { path, error } => writeln!(out, "{path}: error: {error}"),
    }
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    for report in reports {
        write_file(out, report, rules)?;
    }
    Ok(())
}
