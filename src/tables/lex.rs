//! Reading the view text at two levels.
//!
//! * [`Norm`]: the text with everything that is not part of a label's
//!   characters removed (white space, cell separators, quotation marks) and
//!   full-width forms folded to ASCII, so that a label regex matches `商业
//!   企业`, `（一）` and a label wrapped over two lines alike. Every byte of
//!   the normalised text remembers the view range it came from.
//! * [`lex`]: the view text as cell tokens (numbers, blank markers,
//!   separators, paragraph breaks) and label text, which is what the rows'
//!   cells are read from.

use std::ops::Range;

/// White space inside a line (tabs are cell separators, see [`is_separator`]).
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '\u{a0}' | '\u{feff}' | '\r' | '\u{2000}'..='\u{200b}'
    )
}

pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '|' | '｜' | '│' | '┃' | '\t')
}

pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Characters that, standing alone in a cell, mean “nothing”: `—` `-` `/` `无`.
pub(crate) fn is_marker(c: char) -> bool {
    matches!(
        c,
        '—' | '–' | '―' | '─' | '-' | '－' | '/' | '／' | '\\' | '无' | '…'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '＂' | '＇' | '*'
    )
}

/// Traditional forms of the characters used in the tables' labels.
fn simplify(c: char) -> char {
    match c {
        '開' => '开',
        '請' => '请',
        '數' => '数',
        '結' => '结',
        '轉' => '转',
        '處' => '处',
        '總' => '总',
        '計' => '计',
        '複' | '覆' => '复',
        '議' => '议',
        '訴' => '诉',
        '訟' => '讼',
        '維' => '维',
        '糾' => '纠',
        '審' => '审',
        '規' => '规',
        '範' => '范',
        '許' => '许',
        '罰' => '罚',
        '強' => '强',
        '製' => '制',
        '發' => '发',
        '廢' => '废',
        '現' => '现',
        '費' => '费',
        '業' => '业',
        '機' => '机',
        '構' => '构',
        '會' => '会',
        '組' => '组',
        '織' => '织',
        '務' => '务',
        '屬' => '属',
        '國' => '国',
        '祕' => '秘',
        '穩' => '稳',
        '護' => '护',
        '權' => '权',
        '內' => '内',
        '類' => '类',
        '過' => '过',
        '執' => '执',
        '詢' => '询',
        '項' => '项',
        '關' => '关',
        '補' => '补',
        '確' => '确',
        '訪' => '访',
        '報' => '报',
        '無' => '无',
        '當' => '当',
        '認' => '认',
        '獲' => '获',
        '應' => '应',
        '繳' => '缴',
        '納' => '纳',
        '據' => '据',
        '條' => '条',
        '與' => '与',
        '經' => '经',
        '舉' => '举',
        '實' => '实',
        '單' => '单',
        '幣' => '币',
        '萬' => '万',
        '額' => '额',
        '決' => '决',
        '設' => '设',
        '從' => '从',
        '繼' => '继',
        '續' => '续',
        '辦' => '办',
        '歸' => '归',
        '檔' => '档',
        '盡' => '尽',
        '後' => '后',
        '來' => '来',
        '證' => '证',
        '書' => '书',
        '讓' => '让',
        '義' => '义',
        '違' => '违',
        '徵' => '征',
        '購' => '购',
        '採' => '采',
        '對' => '对',
        '資' => '资',
        '訊' => '讯',
        '門' => '门',
        '導' => '导',
        '專' => '专',
        '團' => '团',
        '體' => '体',
        '學' => '学',
        '術' => '术',
        '營' => '营',
        '產' => '产',
        '廣' => '广',
        '紀' => '纪',
        '錄' => '录',
        '復' => '复',
        '況' => '况',
        '動' => '动',
        '貳' => '二',
        '問' => '问',
        '題' => '题',
        '進' => '进',
        '於' => '于',
        '沒' => '没',
        '係' => '系',
        '減' => '减',
        c => c,
    }
}

/// The character a label is matched on, or `None` for characters that
/// labels are matched across (spaces, separators, line breaks, quotes).
fn normalise(c: char) -> Option<char> {
    if is_space(c) || is_separator(c) || c == '\n' || is_quote(c) {
        return None;
    }
    Some(fold(c))
}

/// Full-width forms to ASCII, traditional label characters to simplified.
pub(crate) fn fold(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '﹝' | '〔' => '(',
        '﹞' | '〕' => ')',
        c => c,
    };
    simplify(c)
}

/// The view text with layout removed, for matching labels.
#[derive(Debug, Clone)]
pub(crate) struct Norm {
    pub text: String,
    /// For every byte of `text`, the view range of the character it came from.
    origin: Vec<(usize, usize)>,
    view_len: usize,
}

impl Norm {
    pub fn new(view: &str) -> Self {
        let mut text = String::with_capacity(view.len());
        let mut origin = Vec::with_capacity(view.len());
        let mut skip_until = 0;
        for (i, c) in view.char_indices() {
            if i < skip_until {
                continue;
            }
            if c == '&' && view[i..].starts_with("&nbsp;") {
                skip_until = i + "&nbsp;".len();
                continue;
            }
            let Some(n) = normalise(c) else { continue };
            let end = i + c.len_utf8();
            for _ in 0..n.len_utf8() {
                origin.push((i, end));
            }
            text.push(n);
        }
        Self {
            text,
            origin,
            view_len: view.len(),
        }
    }

    /// View range of a non-empty normalised range.
    pub fn view_range(&self, norm: Range<usize>) -> Range<usize> {
        if norm.start >= norm.end || norm.end > self.origin.len() {
            let at = self.view_offset(norm.start);
            return at..at;
        }
        self.origin[norm.start].0..self.origin[norm.end - 1].1
    }

    /// View offset where the normalised offset `norm` starts.
    pub fn view_offset(&self, norm: usize) -> usize {
        self.origin.get(norm).map_or(self.view_len, |o| o.0)
    }

    /// The first normalised offset whose character starts at or after `view`.
    pub fn norm_offset(&self, view: usize) -> usize {
        self.origin.partition_point(|o| o.0 < view)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LexKind {
    /// A cell separator: `|`, `｜`, a tab.
    Sep,
    /// A paragraph break (`\n` in the view).
    Break,
    /// A number: `span` covers the sign, digits and decimals; `unit` what is
    /// written right after it (`件`, `万元`).
    Num { unit: Option<Range<usize>> },
    /// A run of blank markers standing as a cell (`—`, `-`, `/`, `无`).
    Marker,
    /// Anything else: label text, headers, prose.
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lex {
    pub kind: LexKind,
    pub span: Range<usize>,
}

/// The source of the lexer: the view text and the view offsets at which a
/// line break was joined away (the view glues hard-wrapped lines; between two
/// digits such a join must still separate two numbers).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub breaks: &'a [usize],
}

impl Source<'_> {
    fn char_before(&self, at: usize) -> Option<char> {
        self.text.get(..at)?.chars().next_back()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }

    fn is_break(&self, at: usize) -> bool {
        self.breaks.binary_search(&at).is_ok()
    }
}

/// Units sometimes written into a cell after its number.
const UNITS: [&str; 10] = ["万元", "元", "件", "个", "条", "次", "项", "人", "家", "宗"];

/// Whether a character belongs to label text (not space, separator, digit or marker).
fn is_textual(c: Option<char>) -> bool {
    c.is_some_and(|c| !(is_space(c) || is_separator(c) || c == '\n' || is_digit(c) || is_marker(c)))
}

/// A line made only of `|`, `:` and `---`: a Markdown table's header rule.
fn is_markdown_rule(line: &str) -> bool {
    line.contains("---")
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '+'))
}

/// Splits `range` of the view into lexemes. Context outside the range (the
/// character before a number, say) is looked at; lexemes never leave it.
pub(crate) fn lex(src: Source<'_>, range: Range<usize>) -> Vec<Lex> {
    let text = src.text;
    let end = range.end.min(text.len());
    let mut out: Vec<Lex> = Vec::new();
    let push = |out: &mut Vec<Lex>, kind: LexKind, span: Range<usize>| {
        if kind == LexKind::Text {
            if let Some(last) = out.last_mut() {
                if last.kind == LexKind::Text && last.span.end == span.start {
                    last.span.end = span.end;
                    return;
                }
            }
        }
        out.push(Lex { kind, span });
    };
    let mut i = range.start;
    if !text.is_char_boundary(i) || !text.is_char_boundary(end) {
        return out;
    }
    while i < end {
        // A Markdown header rule is layout, not cells.
        if i == 0 || text.as_bytes()[i - 1] == b'\n' {
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            if is_markdown_rule(&text[i..line_end]) {
                i = line_end.min(end);
                continue;
            }
        }
        let Some(c) = src.char_at(i) else { break };
        let len = c.len_utf8();
        if c == '\n' {
            push(&mut out, LexKind::Break, i..i + 1);
            i += 1;
            continue;
        }
        if is_space(c) {
            i += len;
            continue;
        }
        if c == '&' && text[i..].starts_with("&nbsp;") {
            i += "&nbsp;".len();
            continue;
        }
        if is_separator(c) {
            push(&mut out, LexKind::Sep, i..i + len);
            i += len;
            continue;
        }
        let signed = matches!(c, '-' | '－')
            && src.char_at(i + len).is_some_and(is_digit)
            && !src
                .char_before(i)
                .is_some_and(|p| is_digit(p) || p.is_ascii_alphanumeric());
        if is_digit(c) || signed {
            let (kind, span) = number(src, i, end, signed);
            i = match &kind {
                LexKind::Num { unit: Some(unit) } => unit.end,
                _ => span.end,
            }
            .max(i + len);
            push(&mut out, kind, span);
            continue;
        }
        if is_marker(c) {
            let mut j = i;
            while j < end {
                match src.char_at(j) {
                    Some(d)
                        if is_marker(d)
                            && !(matches!(d, '-' | '－')
                                && j > i
                                && src.char_at(j + d.len_utf8()).is_some_and(is_digit)) =>
                    {
                        j += d.len_utf8()
                    }
                    _ => break,
                }
            }
            let run = &text[i..j];
            let before = if i == range.start {
                None
            } else {
                src.char_before(i)
            };
            let after = src.char_at(j);
            let cell = if run.contains('无') {
                !is_textual(before) && !is_textual(after)
            } else {
                !(is_textual(before) && is_textual(after))
            };
            push(
                &mut out,
                if cell { LexKind::Marker } else { LexKind::Text },
                i..j,
            );
            i = j;
            continue;
        }
        // Label text: up to the next character of another class.
        let mut j = i + len;
        while j < end {
            match src.char_at(j) {
                Some(d)
                    if !(is_space(d)
                        || is_separator(d)
                        || d == '\n'
                        || is_digit(d)
                        || is_marker(d)
                        || (d == '&' && text[j..].starts_with("&nbsp;"))) =>
                {
                    j += d.len_utf8()
                }
                _ => break,
            }
        }
        push(&mut out, LexKind::Text, i..j);
        i = j;
    }
    out
}

/// Lexes the number starting at `start` (at its sign when `signed`).
fn number(src: Source<'_>, start: usize, end: usize, signed: bool) -> (LexKind, Range<usize>) {
    let text = src.text;
    let mut j = start;
    if signed {
        j += src.char_at(j).map_or(1, char::len_utf8);
    }
    let digits = |mut j: usize| -> usize {
        let first = j;
        while j < end {
            match src.char_at(j) {
                Some(d) if is_digit(d) && !(j > first && src.is_break(j)) => j += d.len_utf8(),
                _ => break,
            }
        }
        j
    };
    j = digits(j);
    // Thousands separators: `1,234`.
    while j < end
        && text.as_bytes()[j] == b','
        && text.len() >= j + 4
        && text.as_bytes()[j + 1..j + 4].iter().all(u8::is_ascii_digit)
        && !src.char_at(j + 4).is_some_and(is_digit)
        && !src.is_break(j + 1)
    {
        j += 4;
    }
    // Decimals: `23.75`, `0．5`.
    if let Some(point @ ('.' | '．')) = src.char_at(j) {
        let after = j + point.len_utf8();
        if after < end && src.char_at(after).is_some_and(is_digit) && !src.is_break(after) {
            j = digits(after);
        }
    }
    let before = src.char_before(start);
    let next = src.char_at(j);
    // `(5)` in `第二十条第(5)项`, `1.` or `1、` opening a label, `第3`, `2022年`:
    // label text, not a cell.
    let bracketed = matches!(before, Some('(' | '（')) && matches!(next, Some(')' | '）'));
    let ordinal = matches!(next, Some('.' | '．' | '、'))
        && !src
            .char_at(j + next.map_or(0, char::len_utf8))
            .is_some_and(is_digit);
    let dated = matches!(
        next,
        Some('年' | '月' | '日' | '号' | '%' | '％' | '‰' | '第')
    );
    let latin = next.is_some_and(|c| c.is_ascii_alphabetic())
        || before.is_some_and(|c| c.is_ascii_alphabetic());
    if bracketed || ordinal || dated || latin || before == Some('第') {
        let extra = match next {
            Some(c) if ordinal || dated => c.len_utf8(),
            _ => 0,
        };
        return (LexKind::Text, start..(j + extra).min(end.max(j)));
    }
    let unit = UNITS
        .iter()
        .find(|u| text[j..].starts_with(*u))
        .map(|u| j..(j + u.len()).min(end.max(j)));
    (LexKind::Num { unit }, start..j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, &str)> {
        let src = Source { text, breaks: &[] };
        lex(src, 0..text.len())
            .into_iter()
            .map(|l| {
                let k = match l.kind {
                    LexKind::Sep => "sep".to_string(),
                    LexKind::Break => "br".to_string(),
                    LexKind::Num { unit: Some(u) } => format!("num+{}", &text[u]),
                    LexKind::Num { unit: None } => "num".to_string(),
                    LexKind::Marker => "blank".to_string(),
                    LexKind::Text => "text".to_string(),
                };
                (k, &text[l.span])
            })
            .collect()
    }

    #[test]
    fn numbers_ordinals_and_markers() {
        assert_eq!(
            kinds("1.属于国家秘密 | 0 | — |无| 12,345 | 2.5 |-3"),
            [
                ("text".into(), "1.属于国家秘密"),
                ("sep".into(), "|"),
                ("num".into(), "0"),
                ("sep".into(), "|"),
                ("blank".into(), "—"),
                ("sep".into(), "|"),
                ("blank".into(), "无"),
                ("sep".into(), "|"),
                ("num".into(), "12,345"),
                ("sep".into(), "|"),
                ("num".into(), "2.5"),
                ("sep".into(), "|"),
                ("num".into(), "-3"),
            ]
        );
        assert_eq!(
            kinds("第二十条第(5)项 2022年 5件 无法提供 增/减"),
            [
                ("text".into(), "第二十条第(5)项"),
                ("text".into(), "2022年"),
                ("num+件".into(), "5"),
                ("text".into(), "无法提供"),
                ("text".into(), "增/减"),
            ]
        );
    }

    #[test]
    fn joined_lines_still_split_numbers() {
        let text = "0 011";
        let src = Source { text, breaks: &[3] };
        let spans: Vec<&str> = lex(src, 0..text.len())
            .into_iter()
            .map(|l| &text[l.span])
            .collect();
        assert_eq!(spans, ["0", "0", "11"]);
    }

    #[test]
    fn norm_folds_width_and_drops_layout() {
        let view = "（二）部分 公开|“三安全”\n０";
        let norm = Norm::new(view);
        assert_eq!(norm.text, "(二)部分公开三安全0");
        let at = norm.text.find("公开").unwrap();
        assert_eq!(&view[norm.view_range(at..at + "公开".len())], "公开");
        assert_eq!(
            norm.norm_offset(view.find('０').unwrap()),
            norm.text.len() - 1
        );
    }
}
