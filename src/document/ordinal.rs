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
    (1..=50).find(|&n| circled(n) == Some(c))
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

const HAN_DIGITS: &str = "〇零一二三四五六七八九十";

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
    let first = text.chars().next()?;
    if first == '(' || first == '（' {
        let open = first.len_utf8();
        let inner = &text[open..];
        let (style, numeral) = {
            let han = take_while_in(inner, |c| HAN_DIGITS.contains(c));
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
        let number = parse_han_number(han)?;
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
        if rest.starts_with(|c: char| c.is_ascii_digit() || (c.is_whitespace() && punct.0 != '、'))
        {
            return None; // 1.5万, a version number, or `1、2月份`
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
