//! A report file as zwgk sees it: the original text (never changed), its line
//! index, the matching view the checks run on, its structure and metadata.

pub mod decode;
pub mod line_index;
pub mod metadata;
pub mod ordinal;
pub mod source_map;
pub mod structure;
pub mod view;

use std::ops::Range;
use std::sync::Arc;

use crate::timing;

pub use decode::{decode, decode_shared, encode, DecodeError, Decoded, Encoding};
pub use line_index::{ColumnUnit, Columns, LineIndex, Position};
pub use metadata::{DocKind, Metadata, MetadataOverrides, UnitRole};
pub use structure::Structure;
pub use view::View;

#[derive(Debug, Clone)]
pub struct Document {
    /// Path as shown to the user.
    pub path: String,
    /// The decoded original text; every reported span indexes into it.
    /// Shared by the parts of a split compilation.
    pub text: Arc<str>,
    /// For one report of a split compilation: its number (1-based) and byte
    /// range in `text`; the view, structure and metadata cover only that range.
    pub part: Option<(usize, Range<usize>)>,
    pub lines: LineIndex,
    pub view: View,
    pub structure: Structure,
    pub meta: Metadata,
    /// The encoding the file came in (`--fix` writes it back the same way).
    pub encoding: Encoding,
    /// For text extracted from Word or HTML: where each block came from.
    pub blocks: Vec<crate::input::Block>,
}

impl Document {
    pub fn new(
        path: impl Into<String>,
        text: impl Into<Arc<str>>,
        overrides: &MetadataOverrides,
    ) -> Self {
        Self::build(path.into(), text.into(), overrides, true)
    }

    /// A document from text extracted out of Word or HTML, with where each
    /// block came from; its lines are paragraphs already (no hard wrap).
    pub fn extracted(
        path: impl Into<String>,
        extracted: crate::input::Extracted,
        overrides: &MetadataOverrides,
    ) -> Self {
        let mut doc = Self::build(path.into(), extracted.text.into(), overrides, false);
        doc.blocks = extracted.locations;
        doc
    }

    /// One report of a compilation: `range` of the shared `text`. Spans stay
    /// in the coordinates of the whole file.
    pub fn part(
        path: impl Into<String>,
        text: Arc<str>,
        range: Range<usize>,
        number: usize,
        overrides: &MetadataOverrides,
    ) -> Self {
        let view = view::build_range(&text, range.clone());
        let mut doc = Self::assemble(path.into(), text, view, None, overrides);
        doc.part = Some((number, range));
        doc
    }

    fn build(
        path: String,
        text: Arc<str>,
        overrides: &MetadataOverrides,
        detect_wrap: bool,
    ) -> Self {
        let (view, line_starts) = timing::time(
            || "document: view".into(),
            || view::build_with_line_starts(&text, detect_wrap),
        );
        Self::assemble(path, text, view, Some(line_starts), overrides)
    }

    /// The document of `text` and its view; `line_starts` are the offsets
    /// at which its lines start, when building the view found them.
    fn assemble(
        path: String,
        text: Arc<str>,
        view: View,
        line_starts: Option<Vec<usize>>,
        overrides: &MetadataOverrides,
    ) -> Self {
        let structure = timing::time(
            || "document: structure".into(),
            || structure::analyse(&view),
        );
        let meta = timing::time(
            || "document: metadata".into(),
            || metadata::infer(&view, &structure, overrides),
        );
        let lines = timing::time(
            || "document: line index".into(),
            || match line_starts {
                Some(starts) => LineIndex::with_starts(&text, starts),
                None => LineIndex::new(&text),
            },
        );
        Self {
            path,
            lines,
            text,
            view,
            structure,
            meta,
            encoding: Encoding::Utf8,
            blocks: Vec::new(),
            part: None,
        }
    }

    /// Original byte range of a view range.
    pub fn original_range(&self, view_range: Range<usize>) -> Range<usize> {
        self.view.map.map_range(view_range)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// Lines and columns of offsets asked for in increasing order.
    pub fn columns(&self) -> Columns<'_> {
        Columns::new(&self.lines, &self.text)
    }

    /// The day the document speaks from: its date line, else (a report or
    /// summary is written after its year ends) the first day after the
    /// reporting year, or the first day of it for work points.
    pub fn date(&self) -> Option<(i32, u32, u32)> {
        if let Some((_, date)) = &self.structure.date_line {
            return Some((date.year, date.month, date.day));
        }
        let year = self.meta.year?;
        Some(match self.meta.kind {
            DocKind::WorkPoints => (year, 1, 1),
            _ => (year.checked_add(1)?, 1, 1),
        })
    }

    /// Where in the source document (Word paragraph or table cell, HTML
    /// element) an offset of extracted text lies; `None` for plain text.
    pub fn block_at(&self, offset: usize) -> Option<&crate::input::BlockLocation> {
        let index = self
            .blocks
            .partition_point(|b| b.range.start <= offset)
            .checked_sub(1)?;
        let block = &self.blocks[index];
        (offset <= block.range.end).then_some(&block.location)
    }
}
