//! Line starts of the original text and conversions from byte offsets to
//! line/column in the units each output needs.

use serde::Serialize;

/// A 1-based line/column position, with the column given in three units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column in Unicode scalar values (what people and SARIF `unicodeCodePoints` count).
    pub column: u32,
    /// 1-based column in UTF-8 bytes (LSP `utf-8`).
    pub column_utf8: u32,
    /// 1-based column in UTF-16 code units (LSP default, SARIF `utf16CodeUnits`).
    pub column_utf16: u32,
}

/// The byte offsets at which each line of a text starts. Lines end at `\n`;
/// a `\r` before it belongs to the line ending, not to the content.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Column counts at points inside very long lines, so that a column is
    /// counted from the nearest point rather than from the line's start
    /// (a 2 MB one-line file must not cost O(line) per position).
    checkpoints: Vec<Checkpoint>,
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    /// Scalar values and UTF-16 units from the line's start to `offset`.
    chars: usize,
    utf16: usize,
}

/// Lines longer than this (bytes) get checkpoints every `CHECKPOINT_EVERY` bytes.
const LONG_LINE: usize = 4096;
const CHECKPOINT_EVERY: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self::with_starts(text, starts)
    }

    /// The index of `text` whose lines start at `starts`: 0 and the offset
    /// after each `\n`, as [`new`](Self::new) finds them.
    pub fn with_starts(text: &str, starts: Vec<usize>) -> Self {
        debug_assert!(starts.len() == memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        let mut checkpoints = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        // Most texts have no long line: a branch-free pass tells, cheaper
        // than the loop below that looks at each line in turn.
        let long = |(start, end): (&usize, usize)| end - start > LONG_LINE;
        if starts.iter().zip(ends.clone()).any(long) {
            for (&start, end) in starts.iter().zip(ends).filter(|&line| long(line)) {
                add_checkpoints(&mut checkpoints, &text[start..end], start);
            }
        }
        Self {
            starts,
            len: text.len(),
            checkpoints,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset` (an offset equal to the text length is on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Byte range of the 0-based `line`'s content, without its `\r\n` or `\n`.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' && end < self.len {
            end -= 1;
        }
        start..end
    }

    /// Position of `offset` in `text`. `offset` must lie on a char boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let line_start = self.starts[line];
        let nearest = self.checkpoint_before(line_start, offset);
        let rest = &text[nearest.offset..offset];
        let chars = rest.chars().count();
        Position {
            line: line as u32 + 1,
            column: (nearest.chars + chars) as u32 + 1,
            column_utf8: (offset - line_start) as u32 + 1,
            column_utf16: (nearest.utf16 + utf16_units(rest, chars)) as u32 + 1,
        }
    }

    /// The 1-based line and column (in Unicode scalar values) of `offset`.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line_of(offset);
        let nearest = self.checkpoint_before(self.starts[line], offset);
        let chars = nearest.chars + text[nearest.offset..offset].chars().count();
        (line as u32 + 1, chars as u32 + 1)
    }

    /// The last checkpoint at or before `offset` on the line starting at
    /// `line_start`, else the line's start.
    fn checkpoint_before(&self, line_start: usize, offset: usize) -> Checkpoint {
        self.checkpoints
            .partition_point(|c| c.offset <= offset)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
            .filter(|c| c.offset >= line_start)
            .unwrap_or(Checkpoint {
                offset: line_start,
                chars: 0,
                utf16: 0,
            })
    }

    /// The byte offset of a 1-based line and a 1-based column counted in `unit`.
    /// Returns `None` when the line does not exist or the column lies past its end.
    pub fn offset(&self, text: &str, line: u32, column: u32, unit: ColumnUnit) -> Option<usize> {
        let line = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut remaining = (column as usize).checked_sub(1)?;
        for (i, c) in text[start..end].char_indices() {
            if remaining == 0 {
                return Some(start + i);
            }
            let width = match unit {
                ColumnUnit::Chars => 1,
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
            };
            remaining = remaining.checked_sub(width)?;
        }
        (remaining == 0).then_some(end)
    }
}

/// Appends the checkpoints of a long `line` that starts at `start`.
fn add_checkpoints(checkpoints: &mut Vec<Checkpoint>, line: &str, start: usize) {
    let (mut chars, mut utf16, mut next) = (0, 0, start + CHECKPOINT_EVERY);
    for (at, c) in line.char_indices() {
        if start + at >= next {
            checkpoints.push(Checkpoint {
                offset: start + at,
                chars,
                utf16,
            });
            next = start + at + CHECKPOINT_EVERY;
        }
        chars += 1;
        utf16 += c.len_utf16();
    }
}

/// The UTF-16 length of `text`, which holds `chars` scalar values: one unit
/// each, and a second for each astral one (the only ones four bytes long in
/// UTF-8, led by a byte from 0xF0).
fn utf16_units(text: &str, chars: usize) -> usize {
    chars + text.bytes().filter(|&b| b >= 0xF0).count()
}

/// Lines and columns (in Unicode scalar values) of offsets asked for in
/// increasing order, as a report lists its findings: each column is counted
/// on from the previous offset when that lies shortly before on the same
/// line, so a long line with many findings is not counted again for each.
/// Other offsets are counted as [`LineIndex::line_column`] does.
pub struct Columns<'a> {
    index: &'a LineIndex,
    text: &'a str,
    /// The last offset asked for, its 0-based line and column, and where the line ends.
    offset: usize,
    line: usize,
    column: usize,
    line_end: usize,
}

impl<'a> Columns<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str) -> Self {
        Self {
            index,
            text,
            offset: 0,
            line: 0,
            column: 0,
            line_end: index.starts.get(1).copied().unwrap_or(usize::MAX),
        }
    }

    /// The 1-based line and column of `offset` (on a char boundary).
    pub fn line_column(&mut self, offset: usize) -> (u32, u32) {
        let near = offset >= self.offset && offset - self.offset <= CHECKPOINT_EVERY;
        if near && offset < self.line_end {
            self.column += self.text[self.offset..offset].chars().count();
        } else {
            let (line, column) = self.index.line_column(self.text, offset);
            self.line = line as usize - 1;
            self.column = column as usize - 1;
            self.line_end = self
                .index
                .starts
                .get(self.line + 1)
                .copied()
                .unwrap_or(usize::MAX);
        }
        self.offset = offset;
        (self.line as u32 + 1, self.column as u32 + 1)
    }
}

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Chars,
    Utf8,
    Utf16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_three_units_with_an_astral_character() {
        // Worked example from the design notes: 16 chars, 45 bytes, 17 UTF-16 units before 复议.
        let text = "全年共收到申请12件，𠮷某提出“复议”2件。";
        let index = LineIndex::new(text);
        let offset = text.find("复议").unwrap();
        assert_eq!(offset, 45);
        let pos = index.position(text, offset);
        assert_eq!(
            (pos.line, pos.column, pos.column_utf8, pos.column_utf16),
            (1, 17, 46, 18)
        );
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf8, ColumnUnit::Utf16] {
            let column = match unit {
                ColumnUnit::Chars => pos.column,
                ColumnUnit::Utf8 => pos.column_utf8,
                ColumnUnit::Utf16 => pos.column_utf16,
            };
            assert_eq!(index.offset(text, 1, column, unit), Some(offset));
        }
    }

    #[test]
    fn lines_split_on_lf_and_crlf() {
        let text = "第一行\r\n𠀀第二行\n\n末行";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(&text[index.line_range(text, 0)], "第一行");
        assert_eq!(&text[index.line_range(text, 1)], "𠀀第二行");
        assert_eq!(&text[index.line_range(text, 2)], "");
        let pos = index.position(text, text.find("第二").unwrap());
        assert_eq!((pos.line, pos.column, pos.column_utf16), (2, 2, 3));
        assert_eq!(index.position(text, text.len()).line, 4);
    }

    #[test]
    fn long_lines_count_columns_from_checkpoints() {
        let line = "政务𠀀公开a".repeat(3000);
        let text = format!("标题\n{line}\n末行");
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        for (offset, _) in text.char_indices().step_by(97) {
            let start = index.line_start(index.line_of(offset));
            let before = &text[start..offset];
            let pos = index.position(&text, offset);
            assert_eq!(pos.column as usize, before.chars().count() + 1);
            assert_eq!(pos.column_utf16 as usize, before.encode_utf16().count() + 1);
            assert_eq!(pos.column_utf8 as usize, before.len() + 1);
        }
    }

    /// Positions counted the plain way, from the line's start.
    fn reference(text: &str, offset: usize) -> Position {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..offset];
        Position {
            line: text[..offset].matches('\n').count() as u32 + 1,
            column: before.chars().count() as u32 + 1,
            column_utf8: before.len() as u32 + 1,
            column_utf16: before.encode_utf16().count() as u32 + 1,
        }
    }

    fn tricky_texts() -> Vec<String> {
        vec![
            String::new(),
            "\n".into(),
            "\n\n\r\n".into(),
            "a".into(),
            "第一行\r\n\r\n𠀀第二行\n\n\n末行 \t😀".into(),
            "𠮷𠮷a\u{3000}é\r\n\r".into(),
            format!("标题\n{}\n末行\n", "政务𠀀公开a\r".repeat(700)),
            "ab\n".repeat(1000),
        ]
    }

    #[test]
    fn positions_agree_with_counting_from_the_line_start() {
        for text in tricky_texts() {
            let index = LineIndex::new(&text);
            let mut columns = Columns::new(&index, &text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let expected = reference(&text, offset);
                assert_eq!(
                    index.position(&text, offset),
                    expected,
                    "{offset} in {text:?}"
                );
                assert_eq!(
                    index.line_column(&text, offset),
                    (expected.line, expected.column)
                );
                assert_eq!(
                    columns.line_column(offset),
                    (expected.line, expected.column)
                );
            }
        }
    }

    #[test]
    fn columns_asked_for_out_of_order_are_counted_afresh() {
        for text in tricky_texts() {
            let index = LineIndex::new(&text);
            let mut columns = Columns::new(&index, &text);
            let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            // Back and forth, near and far, the same offset twice.
            let n = offsets.len();
            for k in 0..n.min(400) {
                let offset = offsets[(k * 7919 + k % 3) % n.max(1)];
                for _ in 0..2 {
                    let expected = reference(&text, offset);
                    assert_eq!(
                        columns.line_column(offset),
                        (expected.line, expected.column)
                    );
                }
            }
        }
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_has_no_offset() {
        let text = "𠀀字";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, 1, 2, ColumnUnit::Utf16), None);
        assert_eq!(index.offset(text, 1, 3, ColumnUnit::Utf16), Some(4));
        assert_eq!(index.offset(text, 2, 1, ColumnUnit::Chars), None);
    }
}
