//! GitHub Actions workflow commands, so findings show as annotations on
//! pull requests: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//! Columns count Unicode scalar values; for a span over several lines the
//! columns are left out, as GitHub ignores them there.

use std::io::{self, Write};

use super::FileReport;
use crate::diagnostic::Severity;
use crate::rules::RuleSet;

/// Escapes the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn write_file(out: &mut dyn Write, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
    match report {
        FileReport::Linted {
            doc, diagnostics, ..
        } => {
            for d in diagnostics {
                let rule = &rules.rules[d.rule];
                let start = doc.position(d.span.start);
                let end = doc.position(d.span.end);
                let mut properties =
                    format!("file={},line={}", escape_property(&doc.path), start.line);
                if start.line == end.line {
                    properties.push_str(&format!(",col={},endColumn={}", start.column, end.column));
                } else {
                    properties.push_str(&format!(",endLine={}", end.line));
                }
                properties.push_str(&format!(",title={}", escape_property(&rule.id)));
                writeln!(
                    out,
                    "::{} {properties}::{}",
                    command(d.severity),
                    escape_data(&format!("{}（{}）", d.message, rule.title))
                )?;
            }
        }
        FileReport::Failed { path, error } => {
            writeln!(
                out,
                "::error file={}::{}",
                escape_property(path),
                escape_data(error)
            )?;
        }
    }
    Ok(())
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    for report in reports {
        write_file(out, report, rules)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\r\n下一行"), "50%25%0D%0A下一行");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
