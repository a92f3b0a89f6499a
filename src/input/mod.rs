//! Input formats: the plain text zwgk lints, extracted from Word (`.docx`,
//! also as saved by WPS) and web pages (`.html`/`.htm`), with the location of
//! every paragraph and table cell in the original document.
//!
//! The extracted text has one paragraph per line (`\n`), never a blank line,
//! and a table row per line with its cells joined by `" | "`, so the table
//! shape of an annual report (`第二十条第（一）项 | 信息内容 | 本年制发件数 …`)
//! reads the same whether it came from a `.txt`, a `.docx` or a web page.
//! [`Extracted::locations`] maps byte ranges of that text back to where a
//! person finds them: “第 12 段”, “表 2 第 3 行第 4 列”, or a short HTML path.
//!
//! Untrusted input never panics and never exhausts memory or the stack: sizes,
//! entry counts and nesting depth are bounded by [`Limits`], and every failure
//! is an [`InputError`] whose message reads Chinese first, then English.
//!
//! # What is read, and what is not
//!
//! * `.docx`: the main document part (`word/document.xml`) in reading order:
//!   paragraphs, tables (also nested ones, flattened into their cell), content
//!   controls, hyperlinks, fields (their shown result, not their code),
//!   inserted revisions. Deleted and moved-away revisions, hidden text
//!   (`w:vanish`) and field codes are left out. Automatic numbering
//!   (`w:numPr`, directly or through the paragraph style) is resolved from
//!   `word/numbering.xml` for the formats Chinese documents use (`一、`
//!   `（一）` `1.` `（1）` `①` …), so an auto-numbered heading reads as it
//!   looks; bullets and unknown formats add nothing. **Not read:** text
//!   boxes and shapes, footnotes and endnotes, comments, headers and footers,
//!   equations, embedded objects and `altChunk` imports.
//! * `.html`/`.htm`: the visible text of the page. `script`, `style`,
//!   `noscript`, `template`, `head`/`title`, `nav`, `[role=navigation]`,
//!   page-level `header`/`footer` (not those inside an `article`, `main`,
//!   `section` or `aside`), form controls (`select`, `button`), embedded
//!   content (`iframe`, `svg`, `object` …), and elements with the `hidden`
//!   attribute or an inline `display:none` are dropped. No CSS is applied.
//! * `.pdf` is not read here.
//!
//! In both formats a cell's paragraphs are joined by a space, and a `|` in a
//! cell becomes `｜` so it cannot read as a cell boundary. A vertically merged
//! cell's continuation (Word `w:vMerge`) is left out, like a cell under an
//! HTML `rowspan`. White space at the ends of a line (also `　`) is trimmed.
//! An HTML table used for page layout is read as paragraphs, not rows (see
//! the `html` module). Text extracted this way is one paragraph per line by
//! construction, never hard-wrapped.

mod docx;
mod html;
mod numbering;

use std::ops::Range;
use std::path::Path;

pub use docx::extract_docx;
pub use html::{decode_html, extract_html, html_charset};

/// What kind of file a path is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `.txt`, `.md`, and anything not recognised below.
    Text,
    /// `.docx`
    Docx,
    /// `.html`, `.htm`
    Html,
}

/// The kind of `path`, by its extension (case-insensitive): `.docx` → Word,
/// `.html`/`.htm` → web page, everything else (`.txt`, `.md`) → text.
pub fn kind_of(path: &Path) -> SourceKind {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "docx" => SourceKind::Docx,
        "html" | "htm" | "xhtml" => SourceKind::Html,
        _ => SourceKind::Text,
    }
}

/// The text zwgk lints and where each piece of it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extracted {
    /// One paragraph per line (each line ends in `\n`); a table row per line
    /// with its cells joined by `" | "`. No blank lines.
    pub text: String,
    /// Where each paragraph and cell of `text` is in the document, sorted by
    /// range. Ranges never overlap and exclude the `\n` and the `" | "`
    /// separators. Empty for plain text (whose positions are line:column).
    pub locations: Vec<Block>,
}

impl Extracted {
    /// The location of the block containing byte `offset` of `text`, if any.
    pub fn location_at(&self, offset: usize) -> Option<&BlockLocation> {
        let after = self.locations.partition_point(|b| b.range.start <= offset);
        let block = self.locations.get(after.checked_sub(1)?)?;
        (offset <= block.range.end).then_some(&block.location)
    }

    /// The lines of `text` (without their `\n`).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }
}

/// A paragraph or table cell of the extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Bytes of [`Extracted::text`].
    pub range: Range<usize>,
    pub location: BlockLocation,
}

/// Where a block is in the original document, as a person looks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockLocation {
    /// A paragraph of a Word document's body, outside tables. `index` is
    /// 1-based and counts the paragraphs that have text, as Word's word
    /// count does (empty paragraphs used as spacing are not counted).
    Paragraph { index: usize },
    /// A cell of a Word table. `table` counts the top-level tables of the
    /// body; `row` counts the table's rows; `column` is the grid column the
    /// cell starts in (a cell merged across columns spans several, so the
    /// numbers of one row can skip). All 1-based. A nested table's text
    /// belongs to the cell that contains it.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
    /// An element of a web page, as a short selector-like path from `body`
    /// or from the nearest ancestor with an `id`: `body > div.content > p[3]`
    /// (`[n]`: the n-th child of that tag name, shown from the second on).
    Html { path: String },
}

impl std::fmt::Display for BlockLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlockLocation::Paragraph { index } => write!(f, "第 {index} 段"),
            BlockLocation::Cell { table, row, column } => {
                write!(f, "表 {table} 第 {row} 行第 {column} 列")
            }
            BlockLocation::Html { path } => f.write_str(path),
        }
    }
}

/// Bounds on what an untrusted input may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes decompressed from a `.docx` (the parts read, and the sizes
    /// all entries declare).
    pub max_decompressed_bytes: u64,
    /// Entries in a `.docx` archive.
    pub max_entries: usize,
    /// Size of the input itself (the `.docx` bytes, the HTML text).
    pub max_file_bytes: u64,
    /// Element nesting. HTML nested deeper is flattened: its text is kept in
    /// the block at this depth. A `.docx` part nested deeper is an error
    /// (Word itself never comes close).
    pub max_html_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_decompressed_bytes: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_file_bytes: 50 * 1024 * 1024,
            max_html_depth: 512,
        }
    }
}

/// Why a file could not be read. The message is Chinese first, then English
/// in parentheses, like every zwgk error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub message: String,
}

impl InputError {
    pub(crate) fn new(chinese: &str, english: impl std::fmt::Display) -> Self {
        Self {
            message: format!("{chinese} ({english})"),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

/// Extracts any supported file: Word and web pages as above; text is decoded
/// as [`crate::document::decode()`] does (UTF-8, UTF-16 with a BOM, GB18030)
/// and returned as it is, without locations.
pub fn extract(kind: SourceKind, bytes: &[u8], limits: &Limits) -> Result<Extracted, InputError> {
    check_size(bytes.len(), limits)?;
    match kind {
        SourceKind::Docx => extract_docx(bytes, limits),
        SourceKind::Html => {
            let (text, _) = decode_html(bytes)?;
            extract_html(&text, limits)
        }
        SourceKind::Text => crate::document::decode(bytes)
            .map(|decoded| Extracted {
                text: decoded.text,
                locations: Vec::new(),
            })
            .map_err(|e| InputError {
                message: format!("无法解码：{e}"),
            }),
    }
}

pub(crate) fn check_size(len: usize, limits: &Limits) -> Result<(), InputError> {
    if len as u64 > limits.max_file_bytes {
        return Err(InputError::new(
            "文件过大",
            format_args!(
                "file too large: {len} bytes, the limit is {}",
                limits.max_file_bytes
            ),
        ));
    }
    Ok(())
}

/// Builds [`Extracted`]: lines and rows in order, each with its location.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    out: Extracted,
}

impl Builder {
    /// Appends a paragraph line; whitespace at its ends is trimmed and an
    /// empty paragraph adds nothing. Returns whether a line was added.
    pub(crate) fn line(&mut self, content: &str, location: BlockLocation) -> bool {
        let content = content.trim();
        if content.is_empty() {
            return false;
        }
        let start = self.out.text.len();
        self.out.text.push_str(content);
        self.out.locations.push(Block {
            range: start..self.out.text.len(),
            location,
        });
        self.out.text.push('\n');
        true
    }

    /// Appends a table row: the cells joined by `" | "`. A row whose cells
    /// are all empty adds nothing.
    pub(crate) fn row(&mut self, cells: Vec<(String, BlockLocation)>) {
        if cells.iter().all(|(text, _)| text.trim().is_empty()) {
            return;
        }
        for (i, (text, location)) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.text.push_str(" | ");
            }
            let start = self.out.text.len();
            self.out.text.push_str(text.trim());
            self.out.locations.push(Block {
                range: start..self.out.text.len(),
                location,
            });
        }
        self.out.text.push('\n');
    }

    pub(crate) fn finish(self) -> Extracted {
        self.out
    }
}

/// Text as it goes into a line or cell: white space (including line breaks
/// and no-break spaces) collapses to one space, dropped at the ends; a line
/// break in the source between two wide (CJK) characters disappears, as CSS
/// renders it (`政府信息\n公开` reads `政府信息公开`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Collapsing {
    pub(crate) text: String,
    pending: Pending,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Pending {
    #[default]
    Nothing,
    Space,
    /// White space that includes a line break.
    Break,
}

impl Collapsing {
    pub(crate) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    pub(crate) fn push(&mut self, c: char) {
        if is_collapsible_space(c) {
            self.pending = if matches!(c, '\n' | '\r') || self.pending == Pending::Break {
                Pending::Break
            } else {
                Pending::Space
            };
        } else if !c.is_control() && !matches!(c, '\u{200b}' | '\u{feff}') {
            let space = match self.pending {
                Pending::Nothing => false,
                Pending::Space => true,
                Pending::Break => {
                    !(self.text.chars().next_back().is_some_and(is_wide) && is_wide(c))
                }
            };
            if space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.pending = Pending::Nothing;
            self.text.push(c);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// East Asian wide or fullwidth, not Hangul (CSS Text 3, segment breaks).
fn is_wide(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c.width() == Some(2)
        && !matches!(c, '\u{1100}'..='\u{11ff}' | '\u{ac00}'..='\u{d7af}' | '\u{3130}'..='\u{318f}')
}

/// HTML white space, and the no-break space `&nbsp;` that pages use for it.
fn is_collapsible_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0c}' | '\u{a0}')
}
