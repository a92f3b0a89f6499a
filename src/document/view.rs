//! The matching view: the original text with layout noise removed, one
//! paragraph per line, so that checks see `参与权` where a PDF extraction
//! wrote `参与\n\n权`. Every view offset maps back to the original through a
//! [`SourceMap`]; checks never report view offsets to users.

use std::ops::Range;

use super::source_map::SourceMap;

#[derive(Debug, Clone)]
pub struct View {
    pub text: String,
    pub map: SourceMap,
    /// View ranges of the paragraphs, in order, without their separating `\n`.
    pub paragraphs: Vec<Range<usize>>,
    /// Whether the text was recognised as hard-wrapped (PDF extraction).
    pub wrapped: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A page number in any layout (`- 3 -`, `第3页`).
    PageNumber,
    /// A bare number alone on a line: a page number only in wrapped text.
    BareNumber,
    Content,
}

#[derive(Debug, Clone)]
struct Line {
    /// Content without surrounding white space.
    content: Range<usize>,
    /// Offset of the terminating `\n`, if any.
    newline: Option<usize>,
    kind: LineKind,
    indented: bool,
    /// Whether the content holds a layout space.
    spaced: bool,
    /// Display width, indentation included (a PDF line's indentation takes
    /// room too); measured only for content lines of text that may be wrapped.
    width: usize,
    /// A table row or cell run (`|` or tab separated): not prose, so not
    /// evidence of a hard wrap.
    tabular: bool,
}

/// The widest wrap considered, in display columns.
const MAX_WRAP_WIDTH: usize = 160;

/// Tolerance, in display columns, for a line to count as filled to the wrap width.
const FULL_LINE_SLACK: usize = 4;

/// Marks that end a sentence or clause at the end of a paragraph.
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '：', '.', '!', '?'];

/// The narrowest hard wrap recognised, in display columns (20 CJK characters);
/// narrower "full" lines are headings and short paragraphs, not a wrap.
const MIN_WRAP_WIDTH: usize = 40;

pub fn build(original: &str) -> View {
    build_with(original, true)
}

/// The view of `original[range]`, mapping back to offsets of the whole of
/// `original` (one report of a compilation).
pub fn build_range(original: &str, range: Range<usize>) -> View {
    let mut view = build(&original[range.clone()]);
    view.map.shift(range.start);
    view
}

/// Builds the view; `detect_wrap` is false for text extracted from a
/// structured format (Word, HTML), which is one paragraph a line already.
pub fn build_with(original: &str, detect_wrap: bool) -> View {
    build_with_line_starts(original, detect_wrap).0
}

/// [`build_with`], and the offsets at which the lines of `original` start
/// (found on the way, for the document's line index).
pub(super) fn build_with_line_starts(original: &str, detect_wrap: bool) -> (View, Vec<usize>) {
    let spaces = layout_space_starts(original);
    let lines = split_lines(original, &spaces, detect_wrap);
    let wrap_width = if detect_wrap {
        detect_wrap_width(original, &lines)
    } else {
        None
    };
    let mut out = Assembler::new(original, &lines, &spaces);
    for (i, line) in lines.iter().enumerate() {
        match (line.kind, wrap_width) {
            (LineKind::Blank | LineKind::PageNumber, None) => out.close(),
            (LineKind::Blank | LineKind::PageNumber | LineKind::BareNumber, Some(_)) => {}
            (LineKind::Content | LineKind::BareNumber, _) => {
                let joins = match (out.last_line(), wrap_width) {
                    (Some(previous), Some(width)) => {
                        continues_paragraph(original, &lines[previous], line, width)
                    }
                    _ => false,
                };
                if !joins {
                    out.close();
                    out.open(i);
                }
                out.copy_line(i);
            }
        }
    }
    let mut line_starts = Vec::with_capacity(lines.len() + 1);
    line_starts.push(0);
    line_starts.extend(lines.iter().filter_map(|line| Some(line.newline? + 1)));
    (out.finish(wrap_width.is_some()), line_starts)
}

/// Copies lines into the view as they are grouped into paragraphs.
struct Assembler<'a> {
    original: &'a str,
    lines: &'a [Line],
    spaces: Cursor<'a>,
    text: String,
    map: SourceMap,
    paragraphs: Vec<Range<usize>>,
    /// The paragraph being copied: its view start and its last line so far.
    open: Option<(usize, usize)>,
    /// The last line of the paragraph before it.
    previous_last: Option<usize>,
}

impl<'a> Assembler<'a> {
    fn new(original: &'a str, lines: &'a [Line], spaces: &'a [usize]) -> Self {
        Self {
            original,
            lines,
            spaces: Cursor { offsets: spaces },
            text: String::with_capacity(original.len()),
            map: SourceMap::default(),
            paragraphs: Vec::new(),
            open: None,
            previous_last: None,
        }
    }

    fn last_line(&self) -> Option<usize> {
        self.open.map(|(_, last)| last)
    }

    fn close(&mut self) {
        if let Some((start, last)) = self.open.take() {
            self.paragraphs.push(start..self.text.len());
            self.previous_last = Some(last);
        }
    }

    fn open(&mut self, line: usize) {
        if let Some(previous) = self.previous_last {
            // Separate paragraphs with the newline that ended the previous one.
            let newline = self.lines[previous]
                .newline
                .expect("a line followed by another ends in \\n");
            self.map.push_copy(newline..newline + 1);
            self.text.push('\n');
        }
        self.open = Some((self.text.len(), line));
    }

    fn copy_line(&mut self, index: usize) {
        if let Some((_, last)) = &mut self.open {
            *last = index;
        }
        let line = &self.lines[index];
        let spaces = if line.spaced {
            self.spaces.within(&line.content)
        } else {
            &[]
        };
        let content = line.content.clone();
        copy_without_layout_spaces(
            self.original,
            content,
            spaces,
            &mut self.text,
            &mut self.map,
        );
    }

    fn finish(mut self, wrapped: bool) -> View {
        self.close();
        debug_assert_eq!(self.text.len(), self.map.view_len());
        View {
            text: self.text,
            map: self.map,
            paragraphs: self.paragraphs,
            wrapped,
        }
    }
}

fn is_layout_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{feff}')
}

/// Where the layout spaces of `text` start, in order: found by a few fast
/// whole-text searches, since most lines have none.
fn layout_space_starts(text: &str) -> Vec<usize> {
    use memchr::memmem;
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = memchr::memchr2_iter(b' ', b'\t', bytes).collect();
    starts.extend(memmem::find_iter(bytes, "\u{3000}".as_bytes()));
    starts.extend(memmem::find_iter(bytes, "\u{feff}".as_bytes()));
    starts.extend(memchr::memchr_iter(0xC2, bytes).filter(|&i| bytes.get(i + 1) == Some(&0xA0)));
    starts.sort_unstable();
    starts
}

/// Sorted offsets, asked about ranges that only move forward.
struct Cursor<'a> {
    offsets: &'a [usize],
}

impl<'a> Cursor<'a> {
    /// Forgets the offsets before `start`; few lie between two lines.
    fn skip_to(&mut self, start: usize) {
        while let [first, rest @ ..] = self.offsets {
            if *first >= start {
                break;
            }
            self.offsets = rest;
        }
    }

    /// The offsets in `range`; forgets the offsets before it.
    fn within(&mut self, range: &Range<usize>) -> &'a [usize] {
        self.skip_to(range.start);
        let inside = self.offsets.partition_point(|&i| i < range.end);
        &self.offsets[..inside]
    }

    /// Whether an offset lies in `range`; forgets the offsets before it.
    fn any_in(&mut self, range: &Range<usize>) -> bool {
        self.skip_to(range.start);
        self.offsets.first().is_some_and(|&i| i < range.end)
    }
}

/// Interior spaces are dropped when they touch a non-ASCII character
/// (`2022年 1月`, `商业 企业`); spaces between Latin words or digits stay.
/// Tabs inside a line separate table cells and stay. `spaces` are the starts
/// of the layout spaces in the line's content.
fn copy_without_layout_spaces(
    original: &str,
    content: Range<usize>,
    spaces: &[usize],
    text: &mut String,
    map: &mut SourceMap,
) {
    if spaces.is_empty() || is_spaced_out(original, content.clone(), spaces) {
        // A header split into single characters (`结 结 其 尚`) keeps its
        // spaces: joining them would make words that are not there.
        text.push_str(&original[content.clone()]);
        map.push_copy(content);
        return;
    }
    let bytes = original.as_bytes();
    let mut copy_from = content.start;
    let mut rest = spaces;
    while let [run_start, after @ ..] = rest {
        rest = after;
        let run_start = *run_start;
        if bytes[run_start] == b'\t' {
            continue;
        }
        // A run of spaces other than tabs.
        let mut run_end = run_start + layout_space_len(bytes, run_start);
        while let [next, after @ ..] = rest {
            if *next != run_end || bytes[run_end] == b'\t' {
                break;
            }
            run_end += layout_space_len(bytes, run_end);
            rest = after;
        }
        let previous = original[content.start..run_start].chars().next_back();
        let next = original[run_end..content.end].chars().next();
        let touches_cjk =
            previous.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii());
        if touches_cjk {
            text.push_str(&original[copy_from..run_start]);
            map.push_copy(copy_from..run_start);
            copy_from = run_end;
        }
    }
    text.push_str(&original[copy_from..content.end]);
    map.push_copy(copy_from..content.end);
}

/// The byte length of the layout space known to start at `at`.
fn layout_space_len(bytes: &[u8], at: usize) -> usize {
    match bytes[at] {
        b' ' | b'\t' => 1,
        0xC2 => 2,
        _ => 3,
    }
}

/// Whether a line is mostly single characters separated by spaces, as PDF
/// extraction renders narrow table headers. `spaces` are the starts of the
/// layout spaces in `content`.
fn is_spaced_out(original: &str, content: Range<usize>, spaces: &[usize]) -> bool {
    let bytes = original.as_bytes();
    let (mut tokens, mut single) = (0, 0);
    let mut token_start = content.start;
    let space_ends = spaces.iter().map(|&s| (s, s + layout_space_len(bytes, s)));
    for (space, after) in space_ends.chain([(content.end, content.end)]) {
        if space > token_start {
            tokens += 1;
            if original[token_start..space].chars().nth(1).is_none() {
                single += 1;
            }
        }
        token_start = after;
    }
    tokens >= 3 && single * 3 >= tokens * 2
}

/// Splits the text into lines; `measure` asks for the display widths of
/// content lines, which only wrap detection needs.
fn split_lines(original: &str, spaces: &[usize], measure: bool) -> Vec<Line> {
    let bytes = original.as_bytes();
    let cells: Vec<usize> = memchr::memchr2_iter(b'|', b'\t', bytes).collect();
    let mut spaces = Cursor { offsets: spaces };
    let mut cells = Cursor { offsets: &cells };
    // Report lines average some 70 bytes; fewer reallocations pay for the slack.
    let mut lines = Vec::with_capacity(bytes.len() / 48 + 1);
    let mut start = 0;
    loop {
        let newline = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let mut end = newline.unwrap_or(bytes.len());
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let (content, spaced) = if spaces.any_in(&(start..end)) {
            let content = trim_layout_spaces(original, start..end);
            let spaced = spaces.any_in(&content);
            (content, spaced)
        } else {
            (start..end, false)
        };
        let kind = classify(&original[content.clone()]);
        let width = if measure && kind == LineKind::Content {
            display_width(&original[start..content.end])
        } else {
            0
        };
        lines.push(Line {
            kind,
            indented: content.start > start,
            spaced,
            width,
            tabular: cells.any_in(&content),
            content,
            newline,
        });
        match newline {
            Some(n) if n + 1 < bytes.len() => start = n + 1,
            _ => break,
        }
    }
    lines
}

/// `range` without the layout spaces at its ends.
fn trim_layout_spaces(original: &str, range: Range<usize>) -> Range<usize> {
    let raw = &original[range.clone()];
    let start = range.start + (raw.len() - raw.trim_start_matches(is_layout_space).len());
    start..start + raw.trim_matches(is_layout_space).len()
}

/// The display width of a line, counted only as far as wrap detection
/// looks: any width past the widest wrap band is as good as the true one.
fn display_width(line: &str) -> usize {
    const ENOUGH: usize = MAX_WRAP_WIDTH + FULL_LINE_SLACK + 1;
    let bytes = line.as_bytes();
    let mut width = 0;
    let mut i = 0;
    while i < bytes.len() && width < ENOUGH {
        // The common cases by their first bytes, without decoding: ASCII,
        // and CJK ideographs U+4E00–U+9FFF (lead bytes E4 from B8 on, E5–E9).
        let lead = bytes[i];
        if lead < 0x80 {
            width += 1;
            i += 1;
            continue;
        }
        if (0xE5..=0xE9).contains(&lead) || (lead == 0xE4 && bytes[i + 1] >= 0xB8) {
            width += 2;
            i += 3;
            continue;
        }
        let c = line[i..].chars().next().expect("a character starts here");
        width += match c as u32 {
            0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01..=0xFF60 => 2,
            _ => unicode_width::UnicodeWidthChar::width_cjk(c).unwrap_or(0),
        };
        i += c.len_utf8();
    }
    width
}

/// A cheap test that `line` may be an HTML comment (`<!-- … -->`), which
/// [`is_comment_line`](crate::suppress::is_comment_line) reads after trimming
/// white space.
fn may_be_comment(line: &str) -> bool {
    let is = |c: Option<char>, mark: char| c.is_some_and(|c| c == mark || c.is_whitespace());
    is(line.chars().next(), '<') && is(line.chars().next_back(), '>')
}

fn classify(line: &str) -> LineKind {
    if line.is_empty() || (may_be_comment(line) && crate::suppress::is_comment_line(line)) {
        return LineKind::Blank;
    }
    if line.len() > 40 {
        // Page numbers are short; everything longer is content.
        return LineKind::Content;
    }
    let compact: std::borrow::Cow<str> = if line.contains(is_layout_space) {
        line.chars().filter(|c| !is_layout_space(*c)).collect()
    } else {
        line.into()
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(&compact) && compact.len() <= 3 {
        return LineKind::BareNumber;
    }
    let dashes: &[char] = &['-', '－', '—', '–'];
    if let Some(inner) = compact
        .strip_prefix(dashes)
        .and_then(|s| s.strip_suffix(dashes))
    {
        if digits(inner) {
            return LineKind::PageNumber;
        }
    }
    if let Some(inner) = compact.strip_prefix('第') {
        let number_end = inner
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(inner.len());
        let rest = &inner[number_end..];
        if number_end > 0
            && (rest == "页"
                || (rest.starts_with("页") && rest.contains('共') && rest.ends_with('页')))
        {
            return LineKind::PageNumber;
        }
    }
    if let Some((page, total)) = compact.split_once('/') {
        if digits(page) && digits(total) {
            return LineKind::PageNumber;
        }
    }
    LineKind::Content
}

/// The display width to which the text is hard-wrapped, if it is: many
/// content lines end within a few columns of the same width.
fn detect_wrap_width(original: &str, lines: &[Line]) -> Option<usize> {
    let prose: Vec<&Line> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Content && !l.tabular)
        .collect();
    if prose.len() < 6 {
        return None;
    }
    // The wrap width is the width most lines reach: the one whose band
    // (a few columns narrower, for lines that end before a wide character)
    // holds the most lines. Lines with hanging punctuation run past it.
    let in_band = |w: usize, width: usize| w <= width && w + FULL_LINE_SLACK >= width;
    let mut lines_of_width = [0usize; MAX_WRAP_WIDTH + 1];
    for line in &prose {
        if line.width <= MAX_WRAP_WIDTH {
            lines_of_width[line.width] += 1;
        }
    }
    let (best, count) = (MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH)
        .map(|width| {
            let band = &lines_of_width[width - FULL_LINE_SLACK..=width];
            (width, band.iter().sum::<usize>())
        })
        .max_by_key(|&(width, count)| (count, std::cmp::Reverse(width)))?;
    // At least a third of the prose lines must be full ones, and most full
    // lines must stop mid-sentence: web text, one paragraph a line, has lines
    // of similar length too, but they end with a full stop.
    let sentence_ends = prose
        .iter()
        .filter(|l| {
            // As `ends_with(SENTENCE_END)`, without its searcher.
            let last = || original[l.content.clone()].chars().next_back();
            in_band(l.width, best) && last().is_some_and(|c| SENTENCE_END.contains(&c))
        })
        .count();
    (count * 3 >= prose.len() && count >= 4 && sentence_ends * 2 < count).then_some(best)
}

fn continues_paragraph(original: &str, previous: &Line, next: &Line, wrap_width: usize) -> bool {
    if previous.width + FULL_LINE_SLACK < wrap_width || next.indented {
        return false;
    }
    let next_text = &original[next.content.clone()];
    !super::structure::starts_with_ordinal(next_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view as first written: every line trimmed and measured, grouped
    /// into lists of lines, and copied character by character. The faster
    /// build must agree with it.
    fn reference(original: &str, detect_wrap: bool) -> View {
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes = original.as_bytes();
        while start < original.len() || (start == 0 && original.is_empty()) {
            let newline = original[start..].find('\n').map(|i| start + i);
            let mut end = newline.unwrap_or(original.len());
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let raw = &original[start..end];
            let trimmed_start = raw.len() - raw.trim_start_matches(is_layout_space).len();
            let trimmed = raw.trim_matches(is_layout_space);
            let content = start + trimmed_start..start + trimmed_start + trimmed.len();
            lines.push(Line {
                kind: classify(trimmed),
                indented: trimmed_start > 0,
                spaced: trimmed.contains(is_layout_space),
                width: display_width(raw.trim_end_matches(is_layout_space)),
                tabular: trimmed.contains(['|', '\t']),
                content,
                newline,
            });
            match newline {
                Some(n) => start = n + 1,
                None => break,
            }
            if start == original.len() {
                break;
            }
        }
        let wrap_width = if detect_wrap {
            detect_wrap_width(original, &lines)
        } else {
            None
        };
        let mut paragraphs: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            match (line.kind, wrap_width) {
                (LineKind::Blank | LineKind::PageNumber, None) => {
                    if !current.is_empty() {
                        paragraphs.push(std::mem::take(&mut current));
                    }
                }
                (LineKind::Blank | LineKind::PageNumber | LineKind::BareNumber, Some(_)) => {}
                (LineKind::Content | LineKind::BareNumber, _) => {
                    let joins = match (current.last(), wrap_width) {
                        (Some(&previous), Some(width)) => {
                            continues_paragraph(original, &lines[previous], line, width)
                        }
                        _ => false,
                    };
                    if !joins && !current.is_empty() {
                        paragraphs.push(std::mem::take(&mut current));
                    }
                    current.push(i);
                }
            }
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        let mut map = SourceMap::default();
        let mut text = String::new();
        let mut ranges = Vec::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if i > 0 {
                let newline = lines[*paragraphs[i - 1].last().unwrap()].newline.unwrap();
                map.push_copy(newline..newline + 1);
                text.push('\n');
            }
            let start = text.len();
            for &line in paragraph {
                reference_copy(original, lines[line].content.clone(), &mut text, &mut map);
            }
            ranges.push(start..text.len());
        }
        View {
            text,
            map,
            paragraphs: ranges,
            wrapped: wrap_width.is_some(),
        }
    }

    fn reference_copy(
        original: &str,
        content: Range<usize>,
        text: &mut String,
        map: &mut SourceMap,
    ) {
        let slice = &original[content.clone()];
        let base = content.start;
        let tokens: Vec<&str> = slice
            .split(is_layout_space)
            .filter(|t| !t.is_empty())
            .collect();
        let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
        if tokens.len() >= 3 && single * 3 >= tokens.len() * 2 {
            text.push_str(slice);
            map.push_copy(content);
            return;
        }
        let mut copy_from = 0;
        let mut chars = slice.char_indices().peekable();
        let mut previous: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            if c == '\t' || !is_layout_space(c) {
                previous = Some(c);
                continue;
            }
            let run_start = i;
            let mut run_end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d != '\t' && is_layout_space(d) {
                    run_end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let next = slice[run_end..].chars().next();
            if previous.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii()) {
                text.push_str(&slice[copy_from..run_start]);
                map.push_copy(base + copy_from..base + run_start);
                copy_from = run_end;
            }
            previous = Some(' ');
        }
        text.push_str(&slice[copy_from..]);
        map.push_copy(base + copy_from..content.end);
    }

    fn assert_agrees(original: &str) {
        for detect_wrap in [true, false] {
            assert_eq!(
                format!("{:?}", build_with(original, detect_wrap)),
                format!("{:?}", reference(original, detect_wrap)),
                "{original:?}, detect_wrap {detect_wrap}"
            );
        }
    }

    /// A hard-wrapped text of `lines` lines of `width` CJK characters.
    fn wrapped(lines: usize, width: usize) -> String {
        let body = "全县各级行政机关认真贯彻落实条例要求切实保障人民群众的知情权";
        let mut text = String::new();
        for i in 0..lines {
            let line: String = body.chars().cycle().skip(i).take(width).collect();
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    #[test]
    fn agrees_with_the_reference_on_tricky_text() {
        let long = "政务公开".repeat(500);
        let texts = [
            "",
            "\n",
            "\n\n\n",
            "\r\n",
            "\r",
            "a\r",
            " ",
            "\u{3000}",
            "\u{feff}标题",
            "\u{feff}",
            "a b",
            "政 务",
            "政\u{3000}\u{3000}务 \t公开",
            "结 结 其 尚",
            "结\t结\t其\t尚",
            "a 结 b 其 c",
            "\u{a0}政务\u{a0}公开\u{a0}",
            "𠀀 𠀀 x",
            "2022年 1月 15日，访问 www.example.gov.cn 或 Open Data 平台。",
            "一、工作\r\n\r\n（一）加强\n1. 版本\n- 3 -\n第 2 页 共 9 页\n17\n<!-- zwgk-disable -->\n正文",
            "| 项目 | 数量 |\n|---|---|\n| 申请 | 3 |",
            "政务公开\t12\t件\n",
            &long,
            &format!("{long}\n{long}\r\n\n{long}"),
        ];
        for text in texts {
            assert_agrees(text);
        }
        assert!(build(&wrapped(12, 40)).wrapped);
        for width in [10, 20, 21, 40, 79, 80, 81, 82, 83] {
            let text = wrapped(12, width);
            assert_agrees(&text);
            assert_agrees(&text.replace('\n', "\r\n"));
            assert_agrees(&text.replace('\n', "\n\n"));
            assert_agrees(&text.replacen("全", "\u{3000}\u{3000}全", 3));
            assert_agrees(&text.replacen("机关", "机关 a b", 4));
            assert_agrees(&text.replacen("认真", "。\n- 2 -\n二、", 2));
        }
    }

    const PIECES: &[&str] = &[
        "政务",
        "公开",
        "工作",
        "一、",
        "（二）",
        "3.",
        "二是",
        "。",
        "，",
        "；",
        "a",
        "b",
        "1",
        "17",
        " ",
        "  ",
        "\t",
        "|",
        "\u{3000}",
        "\u{a0}",
        "\u{feff}",
        "𠀀",
        "é",
        "- 4 -",
        "第3页",
        "\n",
        "\n",
        "\r\n",
        "\n\n",
        "<!-- x -->",
    ];

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..60),
            wrap in proptest::option::of((6..14usize, 18..48usize)),
        ) {
            let mut text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            if let Some((lines, width)) = wrap {
                // Hard-wrapped lines around the pieces, so that wrap detection runs.
                text = format!("{}{text}\n{}", wrapped(lines, width), wrapped(lines, width));
            }
            assert_agrees(&text);
        }
    }

    fn paragraphs(view: &View) -> Vec<&str> {
        view.paragraphs
            .iter()
            .map(|r| &view.text[r.clone()])
            .collect()
    }

    #[test]
    fn web_text_keeps_one_paragraph_per_line() {
        let original = "某县2022年政务公开工作总结\n\n一、工作开展情况\r\n全年发布信息 120 条,其中政策文件 8 件。\n";
        let view = build(original);
        assert!(!view.wrapped);
        assert_eq!(
            paragraphs(&view),
            [
                "某县2022年政务公开工作总结",
                "一、工作开展情况",
                "全年发布信息120条,其中政策文件8件。"
            ]
        );
    }

    #[test]
    fn wrapped_pdf_text_joins_lines_and_drops_page_numbers() {
        let original = "\
一、工作开展情况

全县各级行政机关认真贯彻落实条例要求，切实保障

人民群众的知情权、参与权、表达权和监督权，持续

- 2 -

推进政务公开工作。

二、存在的问题

部分单位对政务公开工作重视程度不够，信息发布不

及时，栏目更新较慢，个别栏目内容不够准确完整。

三、下一步工作计划

进一步加强组织领导，持续提升政务公开工作质效。
";
        let view = build(original);
        assert!(view.wrapped, "should detect the hard wrap");
        assert_eq!(
            paragraphs(&view),
            [
                "一、工作开展情况",
                "全县各级行政机关认真贯彻落实条例要求，切实保障人民群众的知情权、参与权、表达权和监督权，持续推进政务公开工作。",
                "二、存在的问题",
                "部分单位对政务公开工作重视程度不够，信息发布不及时，栏目更新较慢，个别栏目内容不够准确完整。",
                "三、下一步工作计划",
                "进一步加强组织领导，持续提升政务公开工作质效。",
            ]
        );
        let joined = view.text.find("保障人民").unwrap();
        let range = view.map.map_range(joined..joined + "保障人民".len());
        assert_eq!(&original[range], "保障\n\n人民");
        let across_page = view.text.find("持续推进").unwrap();
        let range = view
            .map
            .map_range(across_page..across_page + "持续推进".len());
        assert_eq!(&original[range], "持续\n\n- 2 -\n\n推进");
    }

    #[test]
    fn spaces_next_to_cjk_are_dropped_but_latin_spaces_stay() {
        let original = "2022年 1月 15日，访问 www.example.gov.cn 或 Open Data 平台。";
        let view = build(original);
        assert_eq!(
            view.text,
            "2022年1月15日，访问www.example.gov.cn或Open Data平台。"
        );
        let at = view.text.find("1月15日").unwrap();
        assert_eq!(
            &original[view.map.map_range(at..at + "1月15日".len())],
            "1月 15日"
        );
    }

    #[test]
    fn display_width_agrees_with_unicode_width() {
        let slow = |line: &str| {
            let mut width = 0;
            for c in line.chars() {
                width += unicode_width::UnicodeWidthChar::width_cjk(c).unwrap_or(0);
                if width > MAX_WRAP_WIDTH + FULL_LINE_SLACK {
                    break;
                }
            }
            width
        };
        for line in [
            "",
            "abc",
            "一丁乀",
            "䷀䷁㐀㐁",
            "鿿龥",
            "，。、（）【】",
            "ＡＢＣ",
            "𠀀𠮷",
            "é ü",
            "\u{3000}\u{200b}",
            &"全县政务公开".repeat(40),
            &"a".repeat(300),
        ] {
            assert_eq!(display_width(line), slow(line), "{line:?}");
        }
    }

    #[test]
    fn page_number_shapes() {
        assert_eq!(classify("- 12 -"), LineKind::PageNumber);
        assert_eq!(classify("—3—"), LineKind::PageNumber);
        assert_eq!(classify("第 2 页 共 9 页"), LineKind::PageNumber);
        assert_eq!(classify("2/9"), LineKind::PageNumber);
        assert_eq!(classify("17"), LineKind::BareNumber);
        assert_eq!(classify("2022"), LineKind::Content);
        assert_eq!(classify("第二页面"), LineKind::Content);
    }
}
