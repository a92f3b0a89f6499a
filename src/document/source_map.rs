//! Maps byte offsets of the matching view back to the original text.
//!
//! The view is built only by copying pieces of the original in order (and
//! dropping what lies between them), so a sorted list of copied pieces is
//! enough: a view offset falls in one piece and moves by that piece's shift.

use std::ops::Range;

#[derive(Debug, Clone, Copy)]
struct Piece {
    view_start: usize,
    original_start: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pieces: Vec<Piece>,
    view_len: usize,
}

impl SourceMap {
    /// Records that the view continues with `original[range]`.
    pub fn push_copy(&mut self, original: Range<usize>) {
        if original.is_empty() {
            return;
        }
        let contiguous = self.pieces.last().is_some_and(|last| {
            last.original_start + (self.view_len - last.view_start) == original.start
        });
        if !contiguous {
            self.pieces.push(Piece {
                view_start: self.view_len,
                original_start: original.start,
            });
        }
        self.view_len += original.len();
    }

    /// Moves every original offset by `offset` (the view was built from a
    /// slice starting there).
    pub fn shift(&mut self, offset: usize) {
        for piece in &mut self.pieces {
            piece.original_start += offset;
        }
    }

    pub fn view_len(&self) -> usize {
        self.view_len
    }

    /// Original offset of the view character that starts at `view_offset`.
    pub fn map_start(&self, view_offset: usize) -> usize {
        self.offset_in(self.piece_from(view_offset), view_offset)
    }

    /// Original offset just after the view character that ends at `view_offset`.
    /// Differs from [`map_start`](Self::map_start) at piece boundaries: a range
    /// ending there must not swallow what was dropped after it.
    pub fn map_end(&self, view_offset: usize) -> usize {
        self.offset_in(self.piece_to(view_offset), view_offset)
    }

    /// Original byte range covered by a view range.
    pub fn map_range(&self, view: Range<usize>) -> Range<usize> {
        let first = self.piece_from(view.start);
        let start = self.offset_in(first, view.start);
        if view.is_empty() {
            return start..start;
        }
        // Most ranges end in the piece they start in.
        let ends_in_first = self
            .pieces
            .get(first + 1)
            .is_none_or(|next| next.view_start >= view.end);
        let last = if ends_in_first {
            first
        } else {
            self.piece_to(view.end)
        };
        start..self.offset_in(last, view.end)
    }

    /// The index of the piece holding the view character that starts at `view_offset`.
    fn piece_from(&self, view_offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.view_start <= view_offset)
            .saturating_sub(1)
    }

    /// The index of the piece holding the view character that ends at `view_offset`.
    fn piece_to(&self, view_offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.view_start < view_offset)
            .saturating_sub(1)
    }

    fn offset_in(&self, index: usize, view_offset: usize) -> usize {
        match self.pieces.get(index) {
            Some(piece) => piece.original_start + (view_offset - piece.view_start),
            None => view_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_across_a_dropped_gap_cover_the_gap() {
        // original: "参与\n\n权利" ; view: "参与权利"
        let original = "参与\n\n权利";
        let mut map = SourceMap::default();
        map.push_copy(0..6);
        map.push_copy(8..original.len());
        assert_eq!(map.view_len(), 12);
        assert_eq!(map.map_range(0..9), 0..11);
        assert_eq!(&original[map.map_range(3..9)], "与\n\n权");
        // A range that ends at the gap does not include it.
        assert_eq!(&original[map.map_range(0..6)], "参与");
        assert_eq!(&original[map.map_range(6..12)], "权利");
    }

    #[test]
    fn ranges_map_as_their_two_ends_do() {
        let mut map = SourceMap::default();
        for piece in [0..3, 3..6, 9..12, 13..14, 20..26, 26..27, 40..43] {
            map.push_copy(piece);
        }
        for start in 0..=map.view_len() + 2 {
            for end in start..=map.view_len() + 2 {
                let expected = if start == end {
                    map.map_start(start)..map.map_start(start)
                } else {
                    map.map_start(start)..map.map_end(end)
                };
                assert_eq!(map.map_range(start..end), expected, "{start}..{end}");
            }
        }
        let empty = SourceMap::default();
        assert_eq!(empty.map_range(2..5), 2..5);
    }

    #[test]
    fn contiguous_copies_merge() {
        let mut map = SourceMap::default();
        map.push_copy(0..3);
        map.push_copy(3..6);
        map.push_copy(9..12);
        assert_eq!(map.pieces.len(), 2);
        assert_eq!(map.map_range(3..9), 3..12);
    }
}
