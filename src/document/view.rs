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
    /// Display width, indentation included (a PDF line's indentation takes room too).
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
    let lines = split_lines(original);
    let wrap_width = if detect_wrap {
        detect_wrap_width(original, &lines)
    } else {
        None
    };
    let paragraphs = group_paragraphs(original, &lines, wrap_width);

    let spaces = layout_space_starts(original);
    let mut map = SourceMap::default();
    let mut text = String::with_capacity(original.len());
    let mut ranges = Vec::with_capacity(paragraphs.len());
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            // Separate paragraphs with the newline that ended the previous one.
            let previous_last = &lines[*paragraphs[i - 1].last().expect("non-empty paragraph")];
            let newline = previous_last
                .newline
                .expect("a line followed by another ends in \\n");
            map.push_copy(newline..newline + 1);
            text.push('\n');
        }
        let start = text.len();
        for &line in paragraph {
            copy_without_layout_spaces(
                original,
                &spaces,
                lines[line].content.clone(),
                &mut text,
                &mut map,
            );
        }
        ranges.push(start..text.len());
    }
    debug_assert_eq!(text.len(), map.view_len());
    View {
        text,
        map,
        paragraphs: ranges,
        wrapped: wrap_width.is_some(),
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

/// Whether `range` holds one of the layout spaces starting at `starts`.
fn has_layout_space(starts: &[usize], range: &Range<usize>) -> bool {
    let first = starts.partition_point(|&i| i < range.start);
    starts.get(first).is_some_and(|&i| i < range.end)
}

/// Interior spaces are dropped when they touch a non-ASCII character
/// (`2022年 1月`, `商业 企业`); spaces between Latin words or digits stay.
/// Tabs inside a line separate table cells and stay.
fn copy_without_layout_spaces(
    original: &str,
    spaces: &[usize],
    content: Range<usize>,
    text: &mut String,
    map: &mut SourceMap,
) {
    let slice = &original[content.clone()];
    let base = content.start;
    if !has_layout_space(spaces, &content) {
        text.push_str(slice);
        map.push_copy(content);
        return;
    }
    if is_spaced_out(slice) {
        // A header split into single characters (`结 结 其 尚`) keeps its
        // spaces: joining them would make words that are not there.
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
        let touches_cjk =
            previous.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii());
        if touches_cjk {
            text.push_str(&slice[copy_from..run_start]);
            map.push_copy(base + copy_from..base + run_start);
            copy_from = run_end;
        }
        previous = Some(' ');
    }
    text.push_str(&slice[copy_from..]);
    map.push_copy(base + copy_from..content.end);
}

/// Whether a line is mostly single characters separated by spaces, as PDF
/// extraction renders narrow table headers.
fn is_spaced_out(line: &str) -> bool {
    let tokens: Vec<&str> = line
        .split(is_layout_space)
        .filter(|t| !t.is_empty())
        .collect();
    let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
    tokens.len() >= 3 && single * 3 >= tokens.len() * 2
}

fn split_lines(original: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = original.as_bytes();
    while start < original.len() || (start == 0 && original.is_empty()) {
        let newline = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
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
            width: display_width(raw.trim_end_matches(is_layout_space)),
            tabular: memchr::memchr2(b'|', b'\t', trimmed.as_bytes()).is_some(),
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
    lines
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

fn classify(line: &str) -> LineKind {
    if line.is_empty() || crate::suppress::is_comment_line(line) {
        return LineKind::Blank;
    }
    if line.len() > 40 {
        // Page numbers are short; everything longer is content.
        return LineKind::Content;
    }
    let compact: String = line.chars().filter(|c| !is_layout_space(*c)).collect();
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
        .filter(|l| in_band(l.width, best) && original[l.content.clone()].ends_with(SENTENCE_END))
        .count();
    (count * 3 >= prose.len() && count >= 4 && sentence_ends * 2 < count).then_some(best)
}

fn group_paragraphs(original: &str, lines: &[Line], wrap_width: Option<usize>) -> Vec<Vec<usize>> {
    let mut paragraphs: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match (line.kind, wrap_width) {
            (LineKind::Blank, None) | (LineKind::PageNumber, None) => {
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
    paragraphs
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
