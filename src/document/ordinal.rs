//! Ordinal markers that open numbered headings and items: `一、` `（一）` `1.`
//! `（1）` `①`, and the in-paragraph `一是` family.

use std::ops::Range;

use serde::Serialize;

/// The family an ordinal marker belongs to; each family is one heading level
/// in GB/T 9704 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum OrdinalStyle {
    /// `一、`
    Han,
    /// `（一）`
    ParenHan,
    /// `1.` (also written `1、`)
    Arabic,
    /// `（1）`
    ParenArabic,
    /// `①`
    Circled,
}

impl OrdinalStyle {
    /// Every style, in order.
    pub const ALL: [OrdinalStyle; 5] = [
        OrdinalStyle::Han,
        OrdinalStyle::ParenHan,
        OrdinalStyle::Arabic,
        OrdinalStyle::ParenArabic,
        OrdinalStyle::Circled,
    ];

    pub fn level(self) -> u8 {
        match self {
            OrdinalStyle::Han => 1,
            OrdinalStyle::ParenHan => 2,
            OrdinalStyle::Arabic => 3,
            OrdinalStyle::ParenArabic => 4,
            OrdinalStyle::Circled => 5,
        }
    }

    /// How the `number`th marker of this style is written canonically.
    pub fn render(self, number: u32) -> String {
        match self {
            OrdinalStyle::Han => format!("{}、", han_numeral(number)),
            OrdinalStyle::ParenHan => format!("（{}）", han_numeral(number)),
            OrdinalStyle::Arabic => format!("{number}."),
            OrdinalStyle::ParenArabic => format!("（{number}）"),
            OrdinalStyle::Circled => {
                circled(number).map_or_else(|| format!("({number})"), String::from)
            }
        }
    }
}

/// The circled number for 1 to 50 (①…⑳, ㉑…㉟, ㊱…㊿).
fn circled(number: u32) -> Option<char> {
    match number {
        1..=20 => char::from_u32(0x2460 + number - 1),
        21..=35 => char::from_u32(0x3251 + number - 21),
        36..=50 => char::from_u32(0x32B1 + number - 36),
        _ => None,
    }
}

/// The value of a circled number character.
fn circled_value(c: char) -> Option<u32> {
    let c = c as u32;
    match c {
        0x2460..=0x2473 => Some(c - 0x2460 + 1),
        0x3251..=0x325F => Some(c - 0x3251 + 21),
        0x32B1..=0x32BF => Some(c - 0x32B1 + 36),
        _ => None,
    }
}

/// An ordinal marker at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ordinal {
    pub style: OrdinalStyle,
    pub number: u32,
    /// Byte length of the marker, including its punctuation if any.
    pub len: usize,
    /// The punctuation right after the numeral or closing bracket, with its byte range.
    pub punct: Option<(char, Range<usize>)>,
}

/// A character of a Chinese numeral: `〇零一二三四五六七八九十`.
fn is_han_digit(c: char) -> bool {
    matches!(
        c,
        '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Parses Chinese numerals from 一 to 九十九.
pub fn parse_han_number(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut chars = s.chars();
    let first_three = [chars.next(), chars.next(), chars.next()];
    if chars.next().is_some() {
        return None;
    }
    match first_three {
        [Some('十'), None, None] => Some(10),
        [Some(a), None, None] => digit(a),
        [Some('十'), Some(b), None] => Some(10 + digit(b)?),
        [Some(a), Some('十'), None] => Some(digit(a)? * 10),
        [Some(a), Some('十'), Some(b)] => Some(digit(a)? * 10 + digit(b)?),
        _ => None,
    }
}

pub fn han_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

fn take_while_in(s: &str, set: impl Fn(char) -> bool) -> &str {
    let end = s.find(|c: char| !set(c)).unwrap_or(s.len());
    &s[..end]
}

const AFTER_MARK: &[char] = &['、', '.', '．', '，', ','];

fn punct_at(text: &str, at: usize, allowed: &[char]) -> Option<(char, Range<usize>)> {
    let c = text[at..].chars().next()?;
    allowed.contains(&c).then(|| (c, at..at + c.len_utf8()))
}

/// Parses the ordinal marker that opens `text`, if any.
pub fn parse(text: &str) -> Option<Ordinal> {
    // Most paragraphs are rejected by their first character.
    match text.chars().next()? {
        first @ ('(' | '（') => parse_bracketed(text, first),
        '0'..='9' => parse_arabic(text),
        first if is_han_digit(first) => parse_han(text),
        first => {
            let number = circled_value(first)?;
            let after = first.len_utf8();
            let punct = punct_at(text, after, AFTER_MARK);
            let len = after + punct.as_ref().map_or(0, |(c, _)| c.len_utf8());
            Some(Ordinal {
                style: OrdinalStyle::Circled,
                number,
                len,
                punct,
            })
        }
    }
}

/// `（一）` or `(1)`, opened by `open`.
fn parse_bracketed(text: &str, open: char) -> Option<Ordinal> {
    let open = open.len_utf8();
    let inner = &text[open..];
    let (style, numeral) = {
        let han = take_while_in(inner, is_han_digit);
        if !han.is_empty() {
            (OrdinalStyle::ParenHan, han)
        } else {
            let arabic = take_while_in(inner, |c| c.is_ascii_digit());
            (OrdinalStyle::ParenArabic, arabic)
        }
    };
    if numeral.is_empty() || numeral.len() > 6 {
        return None;
    }
    let number = match style {
        OrdinalStyle::ParenHan => parse_han_number(numeral)?,
        _ => numeral.parse().ok()?,
    };
    let close_at = open + numeral.len();
    let close = inner[numeral.len()..].chars().next()?;
    if close != ')' && close != '）' {
        return None;
    }
    let after = close_at + close.len_utf8();
    let punct = punct_at(text, after, AFTER_MARK);
    let len = after + punct.as_ref().map_or(0, |(c, _)| c.len_utf8());
    Some(Ordinal {
        style,
        number,
        len,
        punct,
    })
}

/// `一、`, which needs its punctuation.
fn parse_han(text: &str) -> Option<Ordinal> {
    let han = take_while_in(text, is_han_digit);
    let number = parse_han_number(han)?;
    let punct = punct_at(text, han.len(), &['、', '.', '．'])?;
    Some(Ordinal {
        style: OrdinalStyle::Han,
        number,
        len: han.len() + punct.0.len_utf8(),
        punct: Some(punct),
    })
}

/// `1.` or `1、`, which needs its punctuation.
fn parse_arabic(text: &str) -> Option<Ordinal> {
    let arabic = take_while_in(text, |c| c.is_ascii_digit());
    if arabic.len() > 2 {
        return None;
    }
    let punct = punct_at(text, arabic.len(), &['.', '．', '、'])?;
    let rest = &text[punct.1.end..];
    if rest.starts_with(|c: char| c.is_ascii_digit() || (c.is_whitespace() && punct.0 != '、')) {
        return None; // 1.5万, a version number, or `1、2月份`
    }
    Some(Ordinal {
        style: OrdinalStyle::Arabic,
        number: arabic.parse().ok()?,
        len: arabic.len() + punct.0.len_utf8(),
        punct: Some(punct),
    })
}

/// An in-paragraph enumeration item such as `二是`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumerator {
    pub number: u32,
    /// Byte range of `二是` in the searched text.
    pub range: Range<usize>,
}

/// Finds `一是` / `二是` … items: a Chinese numeral followed by 是 at the start
/// of the text or right after a clause break, so that `统一是` is not one.
pub fn find_enumerators(text: &str) -> Vec<Enumerator> {
    static SHI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("是"));
    let mut found = Vec::new();
    for shi in SHI.find_iter(text.as_bytes()) {
        let search = shi + '是'.len_utf8();
        let before = &text[..shi];
        let numeral_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
            .last()
            .map(|(i, _)| i);
        let Some(start) = numeral_start else { continue };
        let numeral = &text[start..shi];
        if numeral.chars().count() > 2 {
            continue;
        }
        let opens_clause = text[..start].chars().next_back().is_none_or(|c| {
            matches!(
                c,
                '。' | '；'
                    | ';'
                    | '：'
                    | ':'
                    | '，'
                    | ','
                    | '！'
                    | '？'
                    | '）'
                    | ')'
                    | '\n'
                    | '、'
            )
        });
        if !opens_clause {
            continue;
        }
        // `一是一、二是二` is an idiom, not an enumeration.
        if text[search..].starts_with(numeral) {
            continue;
        }
        if let Some(number) = parse_han_number(numeral) {
            found.push(Enumerator {
                number,
                range: start..search,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser as first written, trying each style in turn.
    fn reference_parse(text: &str) -> Option<Ordinal> {
        const HAN_DIGITS: &str = "〇零一二三四五六七八九十";
        let circled_value = |c: char| (1..=50).find(|&n| circled(n) == Some(c));
        let first = text.chars().next()?;
        if first == '(' || first == '（' {
            let open = first.len_utf8();
            let inner = &text[open..];
            let han = take_while_in(inner, |c| HAN_DIGITS.contains(c));
            let (style, numeral) = if !han.is_empty() {
                (OrdinalStyle::ParenHan, han)
            } else {
                let arabic = take_while_in(inner, |c| c.is_ascii_digit());
                (OrdinalStyle::ParenArabic, arabic)
            };
            if numeral.is_empty() || numeral.len() > 6 {
                return None;
            }
            let number = match style {
                OrdinalStyle::ParenHan => reference_han_number(numeral)?,
                _ => numeral.parse().ok()?,
            };
            let close = inner[numeral.len()..].chars().next()?;
            if close != ')' && close != '）' {
                return None;
            }
            let after = open + numeral.len() + close.len_utf8();
            let punct = punct_at(text, after, AFTER_MARK);
            let len = after + punct.as_ref().map_or(0, |(c, _)| c.len_utf8());
            return Some(Ordinal {
                style,
                number,
                len,
                punct,
            });
        }
        if let Some(number) = circled_value(first) {
            let after = first.len_utf8();
            let punct = punct_at(text, after, AFTER_MARK);
            let len = after + punct.as_ref().map_or(0, |(c, _)| c.len_utf8());
            return Some(Ordinal {
                style: OrdinalStyle::Circled,
                number,
                len,
                punct,
            });
        }
        let han = take_while_in(text, |c| HAN_DIGITS.contains(c));
        if !han.is_empty() {
            let number = reference_han_number(han)?;
            let punct = punct_at(text, han.len(), &['、', '.', '．'])?;
            return Some(Ordinal {
                style: OrdinalStyle::Han,
                number,
                len: han.len() + punct.0.len_utf8(),
                punct: Some(punct),
            });
        }
        let arabic = take_while_in(text, |c| c.is_ascii_digit());
        if !arabic.is_empty() && arabic.len() <= 2 {
            let punct = punct_at(text, arabic.len(), &['.', '．', '、'])?;
            let rest = &text[punct.1.end..];
            if rest
                .starts_with(|c: char| c.is_ascii_digit() || (c.is_whitespace() && punct.0 != '、'))
            {
                return None;
            }
            return Some(Ordinal {
                style: OrdinalStyle::Arabic,
                number: arabic.parse().ok()?,
                len: arabic.len() + punct.0.len_utf8(),
                punct: Some(punct),
            });
        }
        None
    }

    fn reference_han_number(s: &str) -> Option<u32> {
        let digit = |c: char| {
            "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|i| i as u32 + 1)
        };
        let chars: Vec<char> = s.chars().collect();
        match chars.as_slice() {
            [a] if *a == '十' => Some(10),
            [a] => digit(*a),
            ['十', b] => Some(10 + digit(*b)?),
            [a, '十'] => Some(digit(*a)? * 10),
            [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
            _ => None,
        }
    }

    const PIECES: &[&str] = &[
        "一", "二", "十", "九", "〇", "零", "两", "1", "2", "0", "(", ")", "（", "）", "、", ".",
        "．", "，", ",", " ", "是", "①", "⑳", "㉑", "㊿", "⓪", "𠀀", "a", "工作",
    ];

    proptest::proptest! {
        #[test]
        fn parse_agrees_with_the_reference(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..8),
        ) {
            let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            proptest::prop_assert_eq!(parse(&text), reference_parse(&text), "{:?}", text);
            proptest::prop_assert_eq!(parse_han_number(&text), reference_han_number(&text));
        }
    }

    #[test]
    fn circled_values_are_the_circled_numbers() {
        for c in [
            '\u{245f}', '①', '⑳', '\u{2474}', '\u{3250}', '㉑', '㉟', '\u{3260}', '㊱', '㊿',
            '\u{32c0}',
        ] {
            assert_eq!(
                circled_value(c),
                (1..=50).find(|&n| circled(n) == Some(c)),
                "{c}"
            );
        }
        for n in 1..=50 {
            assert_eq!(circled_value(circled(n).unwrap()), Some(n));
        }
    }

    #[test]
    fn markers_of_each_style() {
        let p = parse("一、工作开展情况").unwrap();
        assert_eq!((p.style, p.number, p.len), (OrdinalStyle::Han, 1, 6));
        let p = parse("（十二）强化监督").unwrap();
        assert_eq!(
            (p.style, p.number, p.punct),
            (OrdinalStyle::ParenHan, 12, None)
        );
        let p = parse("(二)、政策解读").unwrap();
        assert_eq!((p.style, p.number), (OrdinalStyle::ParenHan, 2));
        assert_eq!(p.punct.as_ref().map(|(c, _)| *c), Some('、'));
        let p = parse("3.加强培训").unwrap();
        assert_eq!((p.style, p.number), (OrdinalStyle::Arabic, 3));
        let p = parse("4、完善制度").unwrap();
        assert_eq!((p.style, p.number), (OrdinalStyle::Arabic, 4));
        assert_eq!(
            parse("（2）按时公开").unwrap().style,
            OrdinalStyle::ParenArabic
        );
        assert_eq!(parse("③其他").unwrap().number, 3);
    }

    #[test]
    fn text_that_only_looks_like_a_marker() {
        assert_eq!(parse("一是加强领导"), None);
        assert_eq!(parse("一般情况下"), None);
        assert_eq!(parse("1.5万元"), None);
        assert_eq!(parse("2022年"), None);
        assert_eq!(parse("(本列数据)"), None);
    }

    #[test]
    fn enumerators_need_a_clause_break_before_them() {
        let text = "一是抓落实。统一是前提，二是抓整改；三是抓督查";
        let numbers: Vec<u32> = find_enumerators(text).iter().map(|e| e.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        let e = &find_enumerators(text)[1];
        assert_eq!(&text[e.range.clone()], "二是");
    }

    #[test]
    fn han_numerals_round_trip() {
        for n in 1..=99 {
            assert_eq!(parse_han_number(&han_numeral(n)), Some(n), "{n}");
        }
        assert_eq!(OrdinalStyle::ParenHan.render(3), "（三）");
    }
}
