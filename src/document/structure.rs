//! Structure of a document, read from the matching view: title, date line,
//! numbered headings with their levels, and in-paragraph enumerations.

use std::ops::Range;

use super::ordinal::{self, Enumerator, Ordinal, OrdinalStyle};
use super::view::View;

#[derive(Debug, Clone)]
pub struct Heading {
    /// Index of the paragraph the heading opens.
    pub paragraph: usize,
    pub style: OrdinalStyle,
    /// The style of the sequence the heading belongs to: differs from `style`
    /// for a heading written in the wrong style (`三、` `4、` `五、`).
    pub effective_style: OrdinalStyle,
    pub number: u32,
    /// View range of the marker (`（二）`, `3.`), punctuation included.
    pub marker: Range<usize>,
    /// The punctuation after the numeral or bracket, with its view range.
    pub punct: Option<(char, Range<usize>)>,
    /// View range of the heading text after the marker, up to the first full stop.
    pub text: Range<usize>,
    /// Index into `headings` of the nearest enclosing heading of a higher level.
    pub parent: Option<usize>,
}

impl Heading {
    pub fn level(&self) -> u8 {
        self.effective_style.level()
    }
}

/// A run of `一是…二是…` items: from a `一是` to the next heading or `一是`.
#[derive(Debug, Clone)]
pub struct Enumeration {
    /// Items with view ranges.
    pub items: Vec<Enumerator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// View range of the title (may span two paragraphs when wrapped).
    pub title: Option<Range<usize>>,
    /// Paragraph indices that make up the title.
    pub title_paragraphs: Range<usize>,
    pub date_line: Option<(Range<usize>, Date)>,
    pub headings: Vec<Heading>,
    pub enumerations: Vec<Enumeration>,
}

pub const KIND_WORDS: [&str; 9] = [
    "总结", "报告", "要点", "计划", "思路", "打算", "安排", "方案", "汇编",
];

/// Row labels of the national annual-report table 三 that are numbered like
/// headings (`一、本年新收政府信息公开申请数量`) but are table rows.
const TABLE_ROW_LABELS: [&str; 4] = ["本年新收", "上年结转", "本年度办理结果", "结转下年度"];

/// A table row rather than a heading: cells separated by `|` or tabs, or a
/// numbered row label of the annual-report table. `ordinal` is the marker
/// that opens the paragraph.
fn is_table_row(paragraph: &str, ordinal: Option<&Ordinal>) -> bool {
    memchr::memchr2(b'|', b'\t', paragraph.as_bytes()).is_some()
        || ordinal.is_some_and(|o| {
            let rest = &paragraph[o.len..];
            // A label may be cut by a narrow cell's line break (`三、本年度`).
            TABLE_ROW_LABELS.iter().any(|label| {
                rest.starts_with(label) || (label.starts_with(rest) && rest.chars().count() >= 3)
            })
        })
}

pub fn starts_with_ordinal(text: &str) -> bool {
    ordinal::parse(text).is_some()
}

fn has_sentence_punct(text: &str) -> bool {
    text.contains(['。', '；', '！', '？', '，', ',', ';'])
}

pub fn looks_like_title(text: &str) -> bool {
    let chars = text.chars().count();
    (4..=80).contains(&chars)
        && !has_sentence_punct(text)
        && !starts_with_ordinal(text)
        && parse_date(text).is_none()
}

/// Parses a date line: `2022年1月15日` or `二〇二二年一月十五日`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    // Nearly every paragraph is rejected here, before any search.
    if !text.ends_with('日') {
        return None;
    }
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let year = if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
        year.parse().ok()?
    } else {
        let digits: Option<String> = year
            .chars()
            .map(|c| match c {
                '〇' | '零' | 'О' | 'o' => Some('0'),
                c => ordinal::parse_han_number(&c.to_string())
                    .filter(|n| *n < 10)
                    .and_then(|n| char::from_digit(n, 10)),
            })
            .collect();
        let digits = digits?;
        if digits.len() != 4 {
            return None;
        }
        digits.parse().ok()?
    };
    let number = |s: &str| -> Option<u32> {
        if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() && s.len() <= 2 {
            s.parse().ok()
        } else {
            ordinal::parse_han_number(s)
        }
    };
    let (month, day) = (number(month)?, number(day)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
}

pub fn analyse(view: &View) -> Structure {
    let paragraphs = &view.paragraphs;
    let text = |i: usize| &view.text[paragraphs[i].clone()];
    let mut structure = Structure::default();

    // The title is among the first few title-like paragraphs: the first that
    // names a document kind (a note such as `（此稿为修改稿）` may precede it).
    let candidates: Vec<usize> = (0..paragraphs.len().min(4))
        .filter(|&i| looks_like_title(text(i)))
        .collect();
    let titled = candidates.iter().copied().find(|&i| {
        let names_kind = |t: &str| KIND_WORDS.iter().any(|w| t.contains(w));
        names_kind(text(i))
            || (candidates.contains(&(i + 1))
                && text(i + 1).chars().count() <= 24
                && names_kind(text(i + 1)))
    });
    if let Some(first) = titled.or(candidates.first().copied()) {
        let mut end = first + 1;
        if let Some(next) = paragraphs.get(first + 1).map(|_| text(first + 1)) {
            let first_text = text(first);
            let first_complete = KIND_WORDS.iter().any(|w| first_text.ends_with(w));
            let next_continues = next.chars().count() <= 24
                && looks_like_title(next)
                && KIND_WORDS.iter().any(|w| next.ends_with(w))
                && (!first_complete || next.starts_with(['和', '及', '与']));
            if next_continues {
                end += 1;
            }
        }
        structure.title = Some(paragraphs[first].start..paragraphs[end - 1].end);
        structure.title_paragraphs = first..end;
    }

    for (i, range) in paragraphs.iter().enumerate() {
        let paragraph = &view.text[range.clone()];
        if structure.date_line.is_none() || i + 3 >= paragraphs.len() {
            if let Some(date) = parse_date(paragraph) {
                structure.date_line = Some((range.clone(), date));
            }
        }
        if structure.title_paragraphs.contains(&i) {
            continue;
        }
        let ordinal = ordinal::parse(paragraph);
        if is_table_row(paragraph, ordinal.as_ref()) {
            continue;
        }
        if let Some(Ordinal {
            style,
            number,
            len,
            punct,
        }) = ordinal
        {
            let body = &paragraph[len..];
            let title_len = body.find(['。', '！', '？']).unwrap_or(body.len());
            structure.headings.push(Heading {
                paragraph: i,
                style,
                effective_style: style,
                number,
                marker: range.start..range.start + len,
                punct: punct.map(|(c, r)| (c, r.start + range.start..r.end + range.start)),
                text: range.start + len..range.start + len + title_len,
                parent: None,
            });
        }
    }
    assign_sequences(&mut structure.headings);

    structure.enumerations = collect_enumerations(view, &structure.headings);
    structure
}

/// Finds headings written in another style than their sequence, then links
/// every heading to its parent by effective level.
///
/// A heading numbered n in style S belongs to the sequence of style S' when
/// the previous S' heading is numbered n-1 and the next one n+1 (`三、` `4、`
/// `五、`), or when no S' heading follows and no S heading numbered n-1
/// precedes it (`一、二、三、4、` at the end).
fn assign_sequences(headings: &mut [Heading]) {
    // The number of the last heading so far of each effective style.
    let mut last_number: [Option<u32>; OrdinalStyle::ALL.len()] = [None; 5];
    for i in 0..headings.len() {
        let (style, number) = (headings[i].style, headings[i].number);
        if number >= 2 {
            let own_predecessor = || {
                headings[..i]
                    .iter()
                    .any(|h| h.style == style && h.number + 1 == number)
            };
            let joined = OrdinalStyle::ALL.into_iter().find(|&other| {
                if other == style || last_number[other as usize].is_none_or(|n| n + 1 != number) {
                    return false;
                }
                let next = headings[i + 1..].iter().find(|h| h.style == other);
                let fills_gap = next.is_some_and(|n| n.number == number + 1);
                let ends_sequence = next.is_none() && !own_predecessor();
                fills_gap || ends_sequence
            });
            if let Some(other) = joined {
                headings[i].effective_style = other;
            }
        }
        last_number[headings[i].effective_style as usize] = Some(number);
    }
    // The parent is the nearest heading before of a higher level: `open`
    // keeps the candidates, of rising levels.
    let mut open: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        let level = headings[i].level();
        while open.last().is_some_and(|&j| headings[j].level() >= level) {
            open.pop();
        }
        headings[i].parent = open.last().copied();
        open.push(i);
    }
}

fn collect_enumerations(view: &View, headings: &[Heading]) -> Vec<Enumeration> {
    let mut enumerations: Vec<Enumeration> = Vec::new();
    let mut current: Option<Enumeration> = None;
    let mut heading_starts = headings
        .iter()
        .map(|h| view.paragraphs[h.paragraph].start)
        .peekable();
    // Paragraphs are separated by `\n` in the view, which opens a clause as
    // the start of a paragraph does: one search finds the items of all.
    for item in ordinal::find_enumerators(&view.text) {
        while heading_starts.next_if(|&h| h <= item.range.start).is_some() {
            enumerations.extend(current.take());
        }
        if item.number == 1 {
            enumerations.extend(current.take());
        }
        current
            .get_or_insert_with(|| Enumeration { items: Vec::new() })
            .items
            .push(item);
    }
    enumerations.extend(current);
    enumerations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::view;

    fn structure_of(text: &str) -> (View, Structure) {
        let view = view::build(text);
        let structure = analyse(&view);
        (view, structure)
    }

    /// Sequences as first assigned: every heading compared with all before it.
    fn reference_sequences(headings: &mut [Heading]) {
        for i in 0..headings.len() {
            let (style, number) = (headings[i].style, headings[i].number);
            if number < 2 {
                continue;
            }
            let own_predecessor = headings[..i]
                .iter()
                .any(|h| h.style == style && h.number + 1 == number);
            let mut candidates: Vec<OrdinalStyle> = headings[..i]
                .iter()
                .map(|h| h.effective_style)
                .filter(|s| *s != style)
                .collect();
            candidates.sort();
            candidates.dedup();
            for other in candidates {
                let previous = headings[..i]
                    .iter()
                    .rev()
                    .find(|h| h.effective_style == other);
                if previous.is_none_or(|p| p.number + 1 != number) {
                    continue;
                }
                let next = headings[i + 1..].iter().find(|h| h.style == other);
                let fills_gap = next.is_some_and(|n| n.number == number + 1);
                let ends_sequence = next.is_none() && !own_predecessor;
                if fills_gap || ends_sequence {
                    headings[i].effective_style = other;
                    break;
                }
            }
        }
        for i in 0..headings.len() {
            let level = headings[i].level();
            headings[i].parent = headings[..i].iter().rposition(|h| h.level() < level);
        }
    }

    /// Enumerations as first collected: one search per paragraph.
    fn reference_enumerations(view: &View, headings: &[Heading]) -> Vec<Enumeration> {
        let mut enumerations: Vec<Enumeration> = Vec::new();
        let mut current: Option<Enumeration> = None;
        let mut next_heading = headings.iter().map(|h| h.paragraph).peekable();
        for (i, range) in view.paragraphs.iter().enumerate() {
            if next_heading.peek() == Some(&i) {
                next_heading.next();
                enumerations.extend(current.take());
            }
            for item in ordinal::find_enumerators(&view.text[range.clone()]) {
                let item = Enumerator {
                    number: item.number,
                    range: item.range.start + range.start..item.range.end + range.start,
                };
                if item.number == 1 {
                    enumerations.extend(current.take());
                }
                current
                    .get_or_insert_with(|| Enumeration { items: Vec::new() })
                    .items
                    .push(item);
            }
        }
        enumerations.extend(current);
        enumerations
    }

    fn headings_of(markers: &[(usize, u32)]) -> Vec<Heading> {
        markers
            .iter()
            .enumerate()
            .map(|(i, &(style, number))| {
                let style = OrdinalStyle::ALL[style];
                Heading {
                    paragraph: i,
                    style,
                    effective_style: style,
                    number,
                    marker: 0..0,
                    punct: None,
                    text: 0..0,
                    parent: None,
                }
            })
            .collect()
    }

    const PIECES: &[&str] = &[
        "一是",
        "二是",
        "三是",
        "十是",
        "是",
        "一",
        "统一是",
        "。",
        "，",
        "；",
        "\n",
        "\n\n",
        "一、",
        "二、",
        "（一）",
        "（二）",
        "1.",
        "2.",
        "工作",
        "𠀀",
    ];

    proptest::proptest! {
        #[test]
        fn sequences_agree_with_the_reference(
            markers in proptest::collection::vec((0..5usize, 1..6u32), 0..30),
        ) {
            let mut fast = headings_of(&markers);
            let mut slow = fast.clone();
            assign_sequences(&mut fast);
            reference_sequences(&mut slow);
            let summary = |h: &[Heading]| -> Vec<(OrdinalStyle, Option<usize>)> {
                h.iter().map(|h| (h.effective_style, h.parent)).collect()
            };
            proptest::prop_assert_eq!(summary(&fast), summary(&slow));
        }

        #[test]
        fn enumerations_agree_with_the_reference(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..60),
        ) {
            let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            let (view, s) = structure_of(&text);
            proptest::prop_assert_eq!(
                format!("{:?}", s.enumerations),
                format!("{:?}", reference_enumerations(&view, &s.headings))
            );
        }
    }

    #[test]
    fn title_date_and_heading_levels() {
        let (view, s) = structure_of(
            "某县商务局2022年政务公开工作总结\n\n2023年1月5日\n\n一、工作开展情况\n（一）加强领导。全年召开会议3次。\n1.制度建设\n（二）强化公开\n二、存在的问题\n",
        );
        assert_eq!(
            &view.text[s.title.clone().unwrap()],
            "某县商务局2022年政务公开工作总结"
        );
        assert_eq!(
            s.date_line.as_ref().unwrap().1,
            Date {
                year: 2023,
                month: 1,
                day: 5
            }
        );
        let summary: Vec<(u8, u32, &str, Option<usize>)> = s
            .headings
            .iter()
            .map(|h| (h.level(), h.number, &view.text[h.text.clone()], h.parent))
            .collect();
        assert_eq!(
            summary,
            [
                (1, 1, "工作开展情况", None),
                (2, 1, "加强领导", Some(0)),
                (3, 1, "制度建设", Some(1)),
                (2, 2, "强化公开", Some(0)),
                (1, 2, "存在的问题", None),
            ]
        );
    }

    #[test]
    fn a_title_wrapped_over_two_lines() {
        let (view, s) =
            structure_of("某某县人民政府2022年政府信息公开工作\n年度报告\n\n一、总体情况\n");
        assert_eq!(
            &view.text[s.title.unwrap()],
            "某某县人民政府2022年政府信息公开工作\n年度报告"
        );
        let (view, s) =
            structure_of("桐乡镇2022年政务公开工作总结\n和2023年工作计划\n一、工作开展情况\n");
        assert_eq!(
            &view.text[s.title.unwrap()],
            "桐乡镇2022年政务公开工作总结\n和2023年工作计划"
        );
    }

    #[test]
    fn enumerations_restart_at_headings_and_at_yi_shi() {
        let (view, s) = structure_of(
            "标题文字的总结\n（一）组织。一是建机制；二是压责任。\n三是抓督查。\n（二）公开。一是平台；三是栏目。一是另起。\n",
        );
        let runs: Vec<Vec<u32>> = s
            .enumerations
            .iter()
            .map(|e| e.items.iter().map(|i| i.number).collect())
            .collect();
        assert_eq!(runs, [vec![1, 2, 3], vec![1, 3], vec![1]]);
        assert_eq!(&view.text[s.enumerations[1].items[1].range.clone()], "三是");
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            parse_date("二〇二三年一月十五日"),
            Some(Date {
                year: 2023,
                month: 1,
                day: 15
            })
        );
        assert_eq!(
            parse_date("2023年12月31日"),
            Some(Date {
                year: 2023,
                month: 12,
                day: 31
            })
        );
        assert_eq!(parse_date("2023年13月1日"), None);
        assert_eq!(parse_date("截至2023年12月31日"), None);
    }
}
