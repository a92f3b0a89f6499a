//! A report file as zwgk sees it: the original text (never changed), its line
//! index, the matching view the checks run on, its structure and metadata.

pub mod line_index;
pub mod metadata;
pub mod ordinal;
pub mod source_map;
pub mod structure;
pub mod view;

use std::ops::Range;

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

/// Why a file's bytes could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    Utf16,
    InvalidUtf8 { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "not a text file (contains NUL bytes)"),
            DecodeError::Utf16 => write!(f, "UTF-16 text is not supported yet; save the file as UTF-8"),
            DecodeError::InvalidUtf8 { offset } => write!(
                f,
                "not valid UTF-8 (first invalid byte at offset {offset}); GBK/GB18030 files must be converted to UTF-8 first"
            ),
        }
    }
}

/// Decodes a report file: UTF-8 with or without a BOM (the BOM is not part
/// of the text, so offsets count from after it).
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(DecodeError::InvalidUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(decode("\u{feff}正文".as_bytes()).unwrap(), "正文");
        assert_eq!(decode(b"\xff\xfea\x00"), Err(DecodeError::Utf16));
        assert_eq!(decode(b"ab\x00c"), Err(DecodeError::Binary));
        assert_eq!(
            decode(b"ok\xd5\xfe"),
            Err(DecodeError::InvalidUtf8 { offset: 2 })
        );
    }
}
