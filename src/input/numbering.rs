//! Automatic paragraph numbering of a Word document (`word/numbering.xml`,
//! with the numbering that paragraph styles carry in `word/styles.xml`), so
//! that a heading numbered by Word reads `一、总体情况` as it looks, not
//! `总体情况`.
//!
//! Covered: the list a paragraph has directly (`w:numPr`) or through its
//! style and the styles that style is based on; levels bound to a style
//! (`w:lvl/w:pStyle`); start values and their overrides per list
//! (`w:startOverride`), restarts of deeper levels (`w:lvlRestart`), legal
//! numbering (`w:isLgl`), lists defined through a numbering style
//! (`w:numStyleLink`), and the number formats Chinese documents use. A
//! bullet, or a format not listed in [`format_number`], gives no label at all:
//! a missing number is better than a wrong one.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::InputError;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    format: Option<String>,
    text: Option<String>,
    suffix: Option<String>,
    restart: Option<i64>,
    legal: bool,
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<i64>,
    start_overrides: [Option<i64>; LEVELS],
    level_overrides: [Option<Level>; LEVELS],
}

impl Num {
    fn has_overrides(&self) -> bool {
        self.start_overrides.iter().any(Option::is_some)
            || self.level_overrides.iter().any(Option::is_some)
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<i64>,
    level: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CounterKey {
    Abstract(i64),
    Num(i64),
}

/// The paragraph properties that decide numbering.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParagraphNumbering {
    pub(crate) style: Option<String>,
    pub(crate) num_id: Option<i64>,
    pub(crate) level: Option<usize>,
}

/// Numbering definitions and the running counters of one document.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<i64, AbstractNum>,
    nums: HashMap<i64, Num>,
    styles: HashMap<String, Style>,
    default_style: Option<String>,
    counters: HashMap<CounterKey, [Option<i64>; LEVELS]>,
}

impl Numbering {
    /// Reads the definitions; either part may be missing.
    pub(crate) fn parse(
        numbering_xml: Option<&[u8]>,
        styles_xml: Option<&[u8]>,
        max_depth: usize,
    ) -> Result<Self, InputError> {
        let mut numbering = Numbering::default();
        if let Some(xml) = numbering_xml {
            numbering.read_numbering(xml, max_depth)?;
        }
        if let Some(xml) = styles_xml {
            numbering.read_styles(xml, max_depth)?;
        }
        Ok(numbering)
    }

    /// Whether the document defines any list at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    /// The label of the next paragraph with these properties (`一、`,
    /// `（二）`), advancing the counters; `None` when it is not numbered, is
    /// a bullet, or its format is unknown.
    pub(crate) fn label(&mut self, paragraph: &ParagraphNumbering) -> Option<String> {
        if self.nums.is_empty() {
            return None;
        }
        let style_id = paragraph.style.as_deref().or(self.default_style.as_deref());
        let (style_num, style_level) = style_id
            .map(|id| self.style_numbering(id))
            .unwrap_or_default();
        let num_id = paragraph.num_id.or(style_num)?;
        if num_id == 0 {
            return None;
        }
        let num = self.nums.get(&num_id)?.clone();
        let abstract_id = self.resolve_abstract(&num)?;
        let definition = self.abstracts.get(&abstract_id)?;
        let level = paragraph
            .level
            .or(style_level)
            .or_else(|| {
                let id = style_id?;
                definition
                    .levels
                    .iter()
                    .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(id))
            })
            .unwrap_or(0)
            .min(LEVELS - 1);
        let levels: Vec<Option<Level>> = (0..LEVELS)
            .map(|i| {
                num.level_overrides[i]
                    .clone()
                    .or_else(|| definition.levels[i].clone())
            })
            .collect();
        let this = levels[level].as_ref()?;
        let start_of = |i: usize| {
            num.start_overrides[i]
                .or_else(|| levels[i].as_ref().and_then(|l| l.start))
                .unwrap_or(1)
        };
        let key = if num.has_overrides() {
            CounterKey::Num(num_id)
        } else {
            CounterKey::Abstract(abstract_id)
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(start_of(level), |n| n.saturating_add(1)));
        for (deeper, counter) in counters.iter_mut().enumerate().skip(level + 1) {
            let restart = levels[deeper].as_ref().and_then(|l| l.restart);
            // `w:lvlRestart` names the (1-based) level after which this one
            // restarts; 0 means never. Without it, any shallower level restarts it.
            let restarts = match restart {
                None => true,
                Some(0) => false,
                Some(after) => (level as i64) < after,
            };
            if restarts {
                *counter = None;
            }
        }
        let counters = *counters;

        let format_of = |i: usize| -> Option<&str> {
            if this.legal && i != level {
                return Some("decimal");
            }
            levels[i].as_ref()?.format.as_deref().or(Some("decimal"))
        };
        if format_of(level)? == "bullet" {
            return None;
        }
        let text = this.text.as_deref()?;
        let mut label = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let i = (digit as usize).checked_sub(1)?.min(LEVELS - 1);
                    let value = counters[i].unwrap_or_else(|| start_of(i));
                    label.push_str(&format_number(value, format_of(i)?)?);
                    continue;
                }
            }
            label.push(c);
        }
        // A tab (the default) or nothing: the label joins the text as it
        // would be typed (`一、总体情况`).
        if this.suffix.as_deref() == Some("space") {
            label.push(' ');
        }
        Some(label)
    }

    fn style_numbering(&self, id: &str) -> (Option<i64>, Option<usize>) {
        let mut current = Some(id);
        let mut level = None;
        for _ in 0..32 {
            let Some(style) = current.and_then(|id| self.styles.get(id)) else {
                break;
            };
            level = level.or(style.level);
            if let Some(num_id) = style.num_id {
                return (Some(num_id), level);
            }
            current = style.based_on.as_deref();
        }
        (None, None)
    }

    /// The abstract definition of a list, following one `w:numStyleLink`.
    fn resolve_abstract(&self, num: &Num) -> Option<i64> {
        let id = num.abstract_id?;
        let definition = self.abstracts.get(&id)?;
        let Some(link) = &definition.style_link else {
            return Some(id);
        };
        let (linked_num, _) = self.style_numbering(link);
        let linked = self.nums.get(&linked_num?)?.abstract_id?;
        self.abstracts
            .get(&linked)
            .filter(|a| a.style_link.is_none())
            .map(|_| linked)
    }

    fn read_numbering(&mut self, xml: &[u8], max_depth: usize) -> Result<(), InputError> {
        let mut abstract_num: Option<(i64, AbstractNum)> = None;
        let mut num: Option<(i64, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        walk(xml, max_depth, "word/numbering.xml", |event, path| {
            let parent = path.parent();
            match event {
                Walk::Start(name, e) => match (name, parent) {
                    ("abstractNum", _) => {
                        abstract_num =
                            int_attr(e, b"abstractNumId").map(|id| (id, AbstractNum::default()));
                    }
                    ("num", _) => num = int_attr(e, b"numId").map(|id| (id, Num::default())),
                    ("lvl", Some("abstractNum" | "lvlOverride")) => {
                        level = int_attr(e, b"ilvl")
                            .and_then(|i| usize::try_from(i).ok())
                            .filter(|&i| i < LEVELS)
                            .map(|i| (i, Level::default()));
                    }
                    ("numStyleLink", Some("abstractNum")) => {
                        if let Some((_, a)) = &mut abstract_num {
                            a.style_link = val(e);
                        }
                    }
                    ("abstractNumId", Some("num")) => {
                        if let Some((_, n)) = &mut num {
                            n.abstract_id = int_val(e);
                        }
                    }
                    ("lvlOverride", Some("num")) => {
                        override_level = int_attr(e, b"ilvl")
                            .and_then(|i| usize::try_from(i).ok())
                            .filter(|&i| i < LEVELS);
                    }
                    ("startOverride", Some("lvlOverride")) => {
                        if let (Some((_, n)), Some(i)) = (&mut num, override_level) {
                            n.start_overrides[i] = int_val(e);
                        }
                    }
                    (_, Some("lvl")) => {
                        if let Some((_, l)) = &mut level {
                            match name {
                                "start" => l.start = int_val(e),
                                "numFmt" if !path.in_choice() => l.format = val(e),
                                "lvlText" => l.text = Some(val(e).unwrap_or_default()),
                                "suff" => l.suffix = val(e),
                                "lvlRestart" => l.restart = int_val(e),
                                "isLgl" => l.legal = on(e),
                                "pStyle" => l.style = val(e),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                },
                Walk::End(name) => match name {
                    "lvl" => {
                        if let Some((i, l)) = level.take() {
                            match (parent, &mut abstract_num, &mut num) {
                                (Some("abstractNum"), Some((_, a)), _) => a.levels[i] = Some(l),
                                (Some("lvlOverride"), _, Some((_, n))) => {
                                    n.level_overrides[i] = Some(l)
                                }
                                _ => {}
                            }
                        }
                    }
                    "abstractNum" => {
                        if let Some((id, a)) = abstract_num.take() {
                            self.abstracts.entry(id).or_insert(a);
                        }
                    }
                    "num" => {
                        if let Some((id, n)) = num.take() {
                            self.nums.entry(id).or_insert(n);
                        }
                    }
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
            }
        })
    }

    fn read_styles(&mut self, xml: &[u8], max_depth: usize) -> Result<(), InputError> {
        let mut style: Option<(String, Style, bool)> = None;
        walk(
            xml,
            max_depth,
            "word/styles.xml",
            |event, path| match event {
                Walk::Start(name, e) => match (name, path.parent()) {
                    ("style", _) => {
                        let paragraph = attr(e, b"type").is_none_or(|t| t == "paragraph");
                        let default = paragraph && attr(e, b"default").is_some_and(|v| truthy(&v));
                        style = attr(e, b"styleId").map(|id| (id, Style::default(), default));
                    }
                    ("basedOn", Some("style")) => {
                        if let Some((_, s, _)) = &mut style {
                            s.based_on = val(e);
                        }
                    }
                    ("numId", Some("numPr")) if path.grandparent() == Some("pPr") => {
                        if let Some((_, s, _)) = &mut style {
                            s.num_id = int_val(e);
                        }
                    }
                    ("ilvl", Some("numPr")) if path.grandparent() == Some("pPr") => {
                        if let Some((_, s, _)) = &mut style {
                            s.level = int_val(e)
                                .and_then(|i| usize::try_from(i).ok())
                                .filter(|&i| i < LEVELS);
                        }
                    }
                    _ => {}
                },
                Walk::End("style") => {
                    if let Some((id, s, default)) = style.take() {
                        if default && self.default_style.is_none() {
                            self.default_style = Some(id.clone());
                        }
                        self.styles.entry(id).or_insert(s);
                    }
                }
                Walk::End(_) => {}
            },
        )
    }
}

/// A number in a Word number format (`w:numFmt`), or `None` for a bullet or
/// a format zwgk does not render.
pub(crate) fn format_number(n: i64, format: &str) -> Option<String> {
    const HAN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const HAN_ZERO: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    let enclosed = |first: u32, count: i64| -> Option<String> {
        if (1..=count).contains(&n) {
            char::from_u32(first + n as u32 - 1).map(String::from)
        } else {
            Some(n.to_string())
        }
    };
    match format {
        "decimal" | "decimalHalfWidth" => Some(n.to_string()),
        "decimalZero" => Some(if (0..10).contains(&n) {
            format!("0{n}")
        } else {
            n.to_string()
        }),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        ),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => chinese(n, HAN_ZERO, ['十', '百', '千'], true),
        "chineseLegalSimplified" => chinese(n, LEGAL, ['拾', '佰', '仟'], false),
        "ideographDigital" | "japaneseDigitalTenThousand" | "taiwaneseDigital" => {
            (n >= 0).then(|| {
                n.to_string()
                    .chars()
                    .map(|c| HAN[c.to_digit(10).unwrap_or(0) as usize])
                    .collect()
            })
        }
        "ideographTraditional" => {
            const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            usize::try_from(n - 1)
                .ok()
                .and_then(|i| STEMS.get(i))
                .map(|c| c.to_string())
        }
        "ideographZodiac" => {
            const BRANCHES: [char; 12] = [
                '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
            ];
            usize::try_from(n - 1)
                .ok()
                .and_then(|i| BRANCHES.get(i))
                .map(|c| c.to_string())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => match n {
            1..=20 => enclosed(0x2460, 20),
            21..=35 => char::from_u32(0x3251 + (n - 21) as u32).map(String::from),
            36..=50 => char::from_u32(0x32B1 + (n - 36) as u32).map(String::from),
            _ => Some(n.to_string()),
        },
        "decimalEnclosedParen" => enclosed(0x2474, 20),
        "decimalEnclosedFullstop" => enclosed(0x2488, 20),
        "upperLetter" | "lowerLetter" => {
            if n < 1 {
                return None;
            }
            let letter = (b'A' + ((n - 1) % 26) as u8) as char;
            let letter = if format == "lowerLetter" {
                letter.to_ascii_lowercase()
            } else {
                letter
            };
            let repeat = usize::try_from((n - 1) / 26 + 1).ok()?.min(8);
            Some(std::iter::repeat_n(letter, repeat).collect())
        }
        "upperRoman" | "lowerRoman" => {
            let roman = roman(n)?;
            Some(if format == "lowerRoman" {
                roman.to_ascii_lowercase()
            } else {
                roman
            })
        }
        "none" => Some(String::new()),
        _ => None,
    }
}

/// `n` in Chinese numerals up to 99,999,999: 十一, 二十, 一百零五, 一万零二十.
fn chinese(n: i64, digits: [char; 10], units: [char; 3], short_ten: bool) -> Option<String> {
    if !(0..100_000_000).contains(&n) {
        return None;
    }
    if n == 0 {
        return Some(digits[0].to_string());
    }
    let part = |n: i64, omit_leading_one: bool| -> String {
        let mut out = String::new();
        let mut zero = false;
        for (power, unit) in [
            (1000, Some(units[2])),
            (100, Some(units[1])),
            (10, Some(units[0])),
            (1, None),
        ] {
            let d = (n / power % 10) as usize;
            if d == 0 {
                zero = !out.is_empty();
                continue;
            }
            if zero {
                out.push(digits[0]);
                zero = false;
            }
            let omit = short_ten && omit_leading_one && power == 10 && d == 1 && out.is_empty();
            if !omit {
                out.push(digits[d]);
            }
            if let Some(unit) = unit {
                out.push(unit);
            }
        }
        out
    };
    if n < 10_000 {
        return Some(part(n, true));
    }
    let (high, low) = (n / 10_000, n % 10_000);
    let mut out = part(high, true);
    out.push('万');
    if low > 0 {
        if low < 1000 {
            out.push(digits[0]);
        }
        out.push_str(&part(low, false));
    }
    Some(out)
}

fn roman(mut n: i64) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in TABLE {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    Some(out)
}

// ---- a small namespace-aware walker for the definition parts ----

pub(crate) const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
pub(crate) const MC_NAMESPACE: &[u8] =
    b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// What kind of element a name resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML.
    W,
    /// Markup compatibility (`mc:AlternateContent`, `mc:Choice`, `mc:Fallback`).
    Mc,
    Other,
}

pub(crate) fn namespace(resolved: &ResolveResult) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if W_NAMESPACES.contains(&ns.as_ref()) => Ns::W,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NAMESPACE => Ns::Mc,
        _ => Ns::Other,
    }
}

enum Walk<'a, 'e> {
    Start(&'a str, &'e BytesStart<'e>),
    End(&'a str),
}

/// The open elements: WordprocessingML local names, `mc:` elements as
/// `mc:Name`, anything else as `""`.
struct Path(Vec<String>);

impl Path {
    /// The nearest enclosing WordprocessingML element, looking through
    /// `mc:AlternateContent` and `mc:Fallback`.
    fn ancestor(&self, skip: usize) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .skip(1)
            .filter(|n| !matches!(n.as_str(), "mc:AlternateContent" | "mc:Fallback"))
            .nth(skip)
            .map(String::as_str)
    }

    fn parent(&self) -> Option<&str> {
        self.ancestor(0)
    }

    fn grandparent(&self) -> Option<&str> {
        self.ancestor(1)
    }

    fn in_choice(&self) -> bool {
        self.0.iter().any(|n| n == "mc:Choice")
    }
}

fn walk(
    xml: &[u8],
    max_depth: usize,
    part: &str,
    mut visit: impl FnMut(Walk<'_, '_>, &Path),
) -> Result<(), InputError> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut path = Path(Vec::new());
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| xml_error(part, &e, position))?;
        match event {
            Event::Start(e) => {
                let ns = namespace(&resolved);
                if path.0.len() >= max_depth {
                    return Err(too_deep(part, max_depth));
                }
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let name = match ns {
                    Ns::W => local,
                    Ns::Mc => format!("mc:{local}"),
                    Ns::Other => String::new(),
                };
                path.0.push(name);
                if ns == Ns::W {
                    let name = path.0.last().cloned().unwrap_or_default();
                    visit(Walk::Start(&name, &e), &path);
                }
            }
            Event::End(_) => {
                if let Some(name) = path.0.last().cloned() {
                    if !name.is_empty() && !name.starts_with("mc:") {
                        visit(Walk::End(&name), &path);
                    }
                }
                path.0.pop();
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

pub(crate) fn xml_error(part: &str, error: &dyn std::fmt::Display, at: u64) -> InputError {
    InputError::new(
        "Word 文档已损坏：XML 格式错误",
        format_args!("not a valid .docx: malformed XML in {part} at byte {at}: {error}"),
    )
}

pub(crate) fn too_deep(part: &str, max_depth: usize) -> InputError {
    InputError::new(
        "Word 文档结构嵌套过深",
        format_args!("not a valid .docx: {part} nests elements deeper than {max_depth}"),
    )
}

/// An attribute by local name (`w:val` → `val`).
pub(crate) fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

pub(crate) fn val(e: &BytesStart) -> Option<String> {
    attr(e, b"val")
}

fn int_attr(e: &BytesStart, local: &[u8]) -> Option<i64> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

pub(crate) fn int_val(e: &BytesStart) -> Option<i64> {
    int_attr(e, b"val")
}

pub(crate) fn truthy(value: &str) -> bool {
    !matches!(value.trim(), "0" | "false" | "off")
}

/// An on/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>`).
pub(crate) fn on(e: &BytesStart) -> bool {
    val(e).is_none_or(|v| truthy(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting() {
        let f = |n| format_number(n, "chineseCounting").unwrap();
        assert_eq!(f(1), "一");
        assert_eq!(f(10), "十");
        assert_eq!(f(11), "十一");
        assert_eq!(f(20), "二十");
        assert_eq!(f(23), "二十三");
        assert_eq!(f(100), "一百");
        assert_eq!(f(105), "一百零五");
        assert_eq!(f(110), "一百一十");
        assert_eq!(f(1001), "一千零一");
        assert_eq!(f(10_020), "一万零二十");
        assert_eq!(f(10_010), "一万零一十");
        assert_eq!(f(1010), "一千零一十");
        assert_eq!(
            format_number(12, "chineseLegalSimplified").unwrap(),
            "壹拾贰"
        );
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(3, "decimalEnclosedCircle").unwrap(), "③");
        assert_eq!(format_number(3, "decimalEnclosedParen").unwrap(), "⑶");
        assert_eq!(format_number(12, "decimalFullWidth").unwrap(), "１２");
        assert_eq!(format_number(28, "upperLetter").unwrap(), "BB");
        assert_eq!(format_number(14, "lowerRoman").unwrap(), "xiv");
        assert_eq!(format_number(2, "ideographTraditional").unwrap(), "乙");
        assert_eq!(format_number(2022, "ideographDigital").unwrap(), "二〇二二");
        assert_eq!(format_number(1, "bullet"), None);
        assert_eq!(format_number(1, "hebrew1"), None);
    }
}
