//! Positions in the negotiated encoding and incremental text edits.
//!
//! LSP positions are 0-based lines and columns counted in UTF-8 bytes or
//! UTF-16 code units, whichever the client and server agreed on. Every
//! conversion here clamps instead of panicking: a position past the end of
//! its line means the end of the line (as the specification says), a line
//! past the end of the text means the end of the text, and a column inside a
//! character (the middle of a surrogate pair) means the start of that
//! character.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::document::LineIndex;

/// The unit of LSP columns for this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The `positionEncoding` value announced to the client.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The LSP position of a byte offset of `text` (`lines` indexes `text`).
pub fn position(text: &str, lines: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let p = lines.position(text, floor_boundary(text, offset));
    Position {
        line: p.line - 1,
        character: match encoding {
            Encoding::Utf8 => p.column_utf8 - 1,
            Encoding::Utf16 => p.column_utf16 - 1,
        },
    }
}

/// The LSP range of a byte range of `text`.
pub fn range(
    text: &str,
    lines: &LineIndex,
    span: std::ops::Range<usize>,
    encoding: Encoding,
) -> Range {
    Range {
        start: position(text, lines, span.start, encoding),
        end: position(text, lines, span.end, encoding),
    }
}

/// End of the content of the line starting at `start` and ending (with its
/// line break) at `end`: before a `\n` or `\r\n`.
fn content_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut content = end;
    if content > start && bytes[content - 1] == b'\n' {
        content -= 1;
        if content > start && bytes[content - 1] == b'\r' {
            content -= 1;
        }
    }
    content
}

/// The byte offset of an LSP position, and whether the position was valid
/// (`false` when it had to be clamped).
pub fn offset(
    text: &str,
    lines: &LineIndex,
    position: Position,
    encoding: Encoding,
) -> (usize, bool) {
    let line = position.line as usize;
    if line >= lines.line_count() {
        return (text.len(), false);
    }
    let start = lines.line_start(line);
    let end = if line + 1 < lines.line_count() {
        lines.line_start(line + 1)
    } else {
        text.len()
    };
    let content_end = content_end(text, start, end);
    let wanted = position.character as usize;
    let mut units = 0;
    for (i, c) in text[start..content_end].char_indices() {
        if units == wanted {
            return (start + i, true);
        }
        units += encoding.width(c);
        if units > wanted {
            // Inside a character: its start.
            return (start + i, false);
        }
    }
    (content_end, units == wanted)
}

/// Applies one content change to `text`; returns `false` when its range had
/// to be clamped (the client and server disagree about the text).
pub fn apply_change(
    text: &mut String,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> bool {
    let Some(range) = change.range else {
        text.clear();
        text.push_str(&change.text);
        return true;
    };
    let lines = LineIndex::new(text);
    let (start, start_ok) = offset(text, &lines, range.start, encoding);
    let (end, end_ok) = offset(text, &lines, range.end, encoding);
    let (start, end) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    text.replace_range(start..end, &change.text);
    start_ok && end_ok && range.start <= range.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    fn change(start: Position, end: Position, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start, end }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn positions_in_both_encodings_with_an_astral_character() {
        let text = "标题\r\n𠀀本局做为牵头单位";
        let lines = LineIndex::new(text);
        let at = text.find("做为").unwrap();
        assert_eq!(position(text, &lines, at, Encoding::Utf16), pos(1, 4));
        assert_eq!(position(text, &lines, at, Encoding::Utf8), pos(1, 10));
        assert_eq!(offset(text, &lines, pos(1, 4), Encoding::Utf16), (at, true));
        assert_eq!(offset(text, &lines, pos(1, 10), Encoding::Utf8), (at, true));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "𠀀字\r\n第二行";
        let lines = LineIndex::new(text);
        // Inside the surrogate pair: the start of the character.
        assert_eq!(offset(text, &lines, pos(0, 1), Encoding::Utf16), (0, false));
        // Inside a UTF-8 sequence.
        assert_eq!(offset(text, &lines, pos(0, 2), Encoding::Utf8), (0, false));
        // Past the end of the line: before its line break.
        assert_eq!(
            offset(text, &lines, pos(0, 99), Encoding::Utf16),
            (text.find('\r').unwrap(), false)
        );
        // Past the last line: the end of the text.
        assert_eq!(
            offset(text, &lines, pos(7, 0), Encoding::Utf16),
            (text.len(), false)
        );
        // The end of the line itself is valid.
        assert_eq!(
            offset(text, &lines, pos(0, 3), Encoding::Utf16),
            (text.find('\r').unwrap(), true)
        );
    }

    #[test]
    fn incremental_changes_apply_and_never_panic() {
        let mut text = String::from("𠀀本局做为牵头单位\n");
        assert!(apply_change(
            &mut text,
            &change(pos(0, 4), pos(0, 6), "作为"),
            Encoding::Utf16
        ));
        assert_eq!(text, "𠀀本局作为牵头单位\n");
        assert!(apply_change(
            &mut text,
            &change(pos(1, 0), pos(1, 0), "末行"),
            Encoding::Utf8
        ));
        assert_eq!(text, "𠀀本局作为牵头单位\n末行");
        // Reversed and out-of-range ranges are clamped, not a panic.
        assert!(!apply_change(
            &mut text,
            &change(pos(9, 9), pos(1, 1), "X"),
            Encoding::Utf16
        ));
        assert_eq!(text, "𠀀本局作为牵头单位\n末X");
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "全文".into(),
        };
        assert!(apply_change(&mut text, &full, Encoding::Utf8));
        assert_eq!(text, "全文");
    }
}
