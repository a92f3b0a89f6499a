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

pub use decode::{decode, encode, DecodeError, Decoded, Encoding};
pub use line_index::{ColumnUnit, LineIndex, Position};
pub use metadata::{DocKind, Metadata, MetadataOverrides, UnitRole};
pub use structure::Structure;
pub use view::View;

#[derive(Debug, Clone)]
pub struct Document {
    /// Path as shown to the user.
    pub path: String,
    /// The decoded original text; every reported span indexes into it.
    pub text: String,
    pub lines: LineIndex,
    pub view: View,
    pub structure: Structure,
    pub meta: Metadata,
    /// The encoding the file came in (`--fix` writes it back the same way).
    pub encoding: Encoding,
}

impl Document {
    pub fn new(path: impl Into<String>, text: String, overrides: &MetadataOverrides) -> Self {
        let view = view::build(&text);
        let structure = structure::analyse(&view);
        let meta = metadata::infer(&view, &structure, overrides);
        Self {
            path: path.into(),
            lines: LineIndex::new(&text),
            text,
            view,
            structure,
            meta,
            encoding: Encoding::Utf8,
        }
    }

    /// Original byte range of a view range.
    pub fn original_range(&self, view_range: Range<usize>) -> Range<usize> {
        self.view.map.map_range(view_range)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}
