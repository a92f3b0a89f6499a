//! Human output through miette's graphical handler. Each diagnostic gets a
//! small source window around its span (with its real line numbers), so a
//! 2,000-character paragraph is clipped around the finding and rendering
//! k findings costs O(k × window), not O(k × file).

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{FileReport, Totals};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::document::Document;
use crate::rules::RuleSet;

/// Characters of context shown on each side of a span within its line.
const WINDOW_CHARS: usize = 24;
const ELLIPSIS: &str = "…";
/// The most related places drawn or listed for one diagnostic.
const MAX_RELATED_DRAWN: usize = 6;

/// A clipped piece of a file: `text` stands at original offset `base`
/// (after an optional leading ellipsis), starting on 0-based `first_line`
/// at 0-based character column `first_column`.
struct Snippet {
    name: String,
    text: String,
    /// Snippet offset where the original text begins (after the ellipsis).
    lead: usize,
    base: usize,
    first_line: usize,
    first_column: usize,
}

impl Snippet {
    fn around(doc: &Document, span: &std::ops::Range<usize>) -> Self {
        let text = &doc.text;
        let first_line = doc.lines.line_of(span.start);
        let last_line = doc
            .lines
            .line_of(span.end.saturating_sub(1).max(span.start));
        let line_start = doc.lines.line_start(first_line);
        let line_end = doc.lines.line_range(text, last_line).end.max(span.end);
        let start = text[line_start..span.start]
            .char_indices()
            .rev()
            .nth(WINDOW_CHARS - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let end = text[span.end..line_end]
            .char_indices()
            .nth(WINDOW_CHARS)
            .map_or(line_end, |(i, _)| span.end + i);
        let mut snippet = String::new();
        if start > line_start {
            snippet.push_str(ELLIPSIS);
        }
        let lead = snippet.len();
        snippet.push_str(&text[start..end]);
        if end < line_end {
            snippet.push_str(ELLIPSIS);
        }
        Snippet {
            name: doc.path.clone(),
            text: snippet,
            lead,
            base: start,
            first_line,
            first_column: doc.position(start).column as usize - 1,
        }
    }

    fn to_local(&self, offset: usize) -> usize {
        offset - self.base + self.lead
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let line_of = |at: usize| self.text[..at].matches('\n').count();
        let line_start = |at: usize| self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let (data_start, column, line) = if context_lines_before == 0 {
            let line = line_of(start);
            let in_line = self.text[line_start(start)..start].chars().count();
            let column = if line == 0 {
                (self.first_column + in_line).saturating_sub(self.lead / ELLIPSIS.len())
            } else {
                in_line
            };
            (start, column, line)
        } else {
            (0, 0, 0)
        };
        let data_end = if context_lines_after == 0 {
            end
        } else {
            self.text.len()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::from((data_start, data_end - data_start)),
            self.first_line + line,
            column,
            self.first_line + self.text.matches('\n').count() + 1,
        )))
    }
}

/// A diagnostic as miette wants to see it.
struct Rendered<'a> {
    message: &'a str,
    code: &'a str,
    severity: Severity,
    help: String,
    label: String,
    span: SourceSpan,
    /// Related places within the window, with their labels.
    secondary: Vec<(String, SourceSpan)>,
    snippet: Snippet,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl MietteDiagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let secondary = self
            .secondary
            .iter()
            .map(|(label, span)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(
            std::iter::once(LabeledSpan::new_primary_with_span(
                Some(self.label.clone()),
                self.span,
            ))
            .chain(secondary),
        ))
    }
}

pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

pub fn handler(options: &HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(1)
        .with_links(false)
}

/// One file's diagnostics (or its error).
pub fn write_file(
    out: &mut dyn Write,
    handler: &GraphicalReportHandler,
    report: &FileReport,
    rules: &RuleSet,
) -> io::Result<()> {
    match report {
        FileReport::Linted {
            doc, diagnostics, ..
        } => {
            for d in diagnostics {
                out.write_all(render_one(handler, doc, d, rules).as_bytes())?;
            }
            Ok(())
        }
        FileReport::Failed { path, error } => writeln!(out, "× {path}: {error}\n"),
    }
}

pub fn write(
    out: &mut impl Write,
    reports: &[FileReport],
    rules: &RuleSet,
    options: &HumanOptions,
) -> io::Result<()> {
    let handler = handler(options);
    for report in reports {
        write_file(out, &handler, report, rules)?;
    }
    writeln!(out, "{}", Totals::of(reports).sentence())
}

fn render_one(
    handler: &GraphicalReportHandler,
    doc: &Document,
    d: &Diagnostic,
    rules: &RuleSet,
) -> String {
    let rule = &rules.rules[d.rule];
    // Related places on the finding's own lines are underlined in the same
    // window; the others are listed under the help text.
    let lines = doc.lines.line_of(d.span.start)
        ..=doc
            .lines
            .line_of(d.span.end.saturating_sub(1).max(d.span.start));
    // Many related places (a table identity involves a whole row and
    // column) would bury the finding: they are counted, not drawn.
    let drawn: &[Related] = if d.related.len() > MAX_RELATED_DRAWN {
        &[]
    } else {
        &d.related
    };
    let (near, far): (Vec<&Related>, Vec<&Related>) = drawn.iter().partition(|r| {
        lines.contains(&doc.lines.line_of(r.span.start))
            && lines.contains(
                &doc.lines
                    .line_of(r.span.end.saturating_sub(1).max(r.span.start)),
            )
    });
    let window = near.iter().fold(d.span.clone(), |w, r| {
        w.start.min(r.span.start)..w.end.max(r.span.end)
    });
    let snippet = Snippet::around(doc, &window);
    let start = snippet.to_local(d.span.start);
    let span = SourceSpan::from((start, d.span.len()));
    let secondary = near
        .iter()
        .map(|r| {
            let at = snippet.to_local(r.span.start);
            (r.label.clone(), SourceSpan::from((at, r.span.len())))
        })
        .collect();
    let label = match d.fix.as_ref().map(|f| f.single_replacement()) {
        Some(Some("")) => "删去".to_string(),
        Some(Some(replacement)) => format!("改为“{replacement}”"),
        _ => rule.title.clone(),
    };
    let mut help = rule.help.clone();
    help.push_str(&format!("\n依据：{}", rule.reference.title));
    if let Some(block) = doc.block_at(d.span.start) {
        help.push_str(&format!("\n原文位置：{block}"));
    }
    if drawn.is_empty() && !d.related.is_empty() {
        help.push_str(&format!(
            "\n另涉及 {} 处（{}等；--format json 的 related 中逐一列出）",
            d.related.len(),
            d.related[0].label
        ));
    }
    for r in far {
        let at = doc.position(r.span.start);
        help.push_str(&format!(
            "\n{}：第 {} 行第 {} 列“{}”",
            r.label,
            at.line,
            at.column,
            &doc.text[r.span.clone()]
        ));
    }
    let rendered = Rendered {
        message: &d.message,
        code: &rule.id,
        severity: d.severity,
        help,
        label,
        span,
        secondary,
        snippet,
    };
    let mut text = String::new();
    if handler.render_report(&mut text, &rendered).is_err() {
        text = format!("{}: {} {}\n", doc.path, rule.id, d.message);
    }
    text.push('\n');
    text
}
