//! `breakdown`: a total stated in prose and the itemised parts that follow
//! it (`发布信息816条。其中，动态信息180篇，政策文件12篇……`,
//! `收到申请24件，其中同意公开7件，部分公开7件……`).
//!
//! A total is the figure (number and unit) standing right before a marker
//! (`其中`), with nothing but punctuation in between; the parts are the
//! figures after the marker, each preceded by a short label, up to the end of
//! the sentence or the first piece of text that is not `label + figure`.
//! Words, units and category sets all come from the rule's parameters.
//!
//! The rule's `condition` says what it reports:
//! - `parts-exceed-total`: the parts add up to more than the total, which is
//!   wrong whether the list is complete or not;
//! - `complete-mismatch`: the list presents itself as complete (its last part
//!   is the remainder, `其余…`/`其他…`, or its labels name every category of
//!   a `category_sets` entry) and adds up to less than the total;
//! - `percent-mismatch`: a part's share stated right after it (`，占75%`,
//!   `（75%）`) is neither the rounded nor the truncated value of part ÷
//!   total at the stated decimals.
//!
//! Anything uncertain is silence: approximate figures (`800余条`, `约`), a
//! total that is itself one item of an enumeration, a partial list (`…等`,
//! `其中主要有`), a part in another unit family, a label that compares or
//! accumulates (`较上年增加`, `累计`), nested breakdowns (`其中` inside the
//! parts) and figures inside brackets.

use std::ops::Range;

use regex::Regex;

use super::{required, Context, Finding, ParamError, Registry};
use crate::rules::schema::{BreakdownCondition, RuleSpec};

pub const VARIABLES: &[&str] = &[
    "match",
    "total",
    "sum",
    "parts",
    "unit",
    "percent",
    "expected",
    "part",
    "report_year",
];

/// Longest stretch (in bytes) after a marker read as its parts.
const MAX_BREAKDOWN_BYTES: usize = 1200;

/// Longest label (in characters) before a part's figure.
const MAX_LABEL_CHARS: usize = 20;

/// Sentence ends: a total and its parts belong to one sentence, except that a
/// marker may open the sentence after the total's (`816条。其中，…`).
const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];
const SEPARATORS: &[char] = &['，', ',', '、', '；', ';'];
const CONJUNCTIONS: &[&str] = &["以及", "和", "及", "与"];
/// Words that make a figure approximate, a bound or the end of a range
/// (`300余条`, `约300条`, `不少于50条`, `20至30件`).
const APPROXIMATE_BEFORE: &[&str] = &[
    "约",
    "近",
    "逾",
    "超过",
    "超",
    "不足",
    "不到",
    "不少于",
    "不低于",
    "至少",
    "不超过",
    "不多于",
    "最多",
    "最少",
    "大约",
    "至",
    "到",
    "—",
    "～",
    "~",
];
const APPROXIMATE_AFTER: &[&str] = &["以上", "左右", "余", "以内", "以下", "上下"];
/// `A、B分别为3件、4件`.
const RESPECTIVELY: &[&str] = &["分别为", "分别是", "分别有", "分别"];

/// The groups of [`figure_pattern`], with their indices (the order they
/// open in the pattern).
const FIGURE_GROUPS: [(&str, usize); 5] =
    [("num", 1), ("a1", 2), ("mult", 3), ("a2", 4), ("unit", 5)];

/// A figure: a number, optional `余`/`多` and `万`/`亿`, and one of the units
/// (an alternation of escaped units, longest first).
fn figure_pattern(units: &str) -> String {
    format!(
        r"(?P<num>[0-9０-９]+(?:,[0-9]{{3}})*(?:[.．][0-9０-９]+)?)\s?(?P<a1>余|多)?(?P<mult>万|亿)?(?P<a2>余|多)?\s?(?P<unit>{units})"
    )
}

#[derive(Debug, Clone)]
pub struct Breakdown {
    condition: BreakdownCondition,
    markers: Vec<String>,
    /// The markers' ids in the shared literal search: only paragraphs with
    /// a hit are read.
    marker_ids: Vec<u32>,
    partial: Vec<String>,
    remainder: Vec<String>,
    /// The excluded label words and the markers: a label holding one is no
    /// part's label. One search instead of a substring search per word.
    not_in_label: aho_corasick::AhoCorasick,
    /// Unit → index of its family.
    units: Vec<(String, usize)>,
    /// Each set: categories, each a list of alternative names.
    categories: Vec<Vec<Vec<String>>>,
    figure: Regex,
    /// Identifies what `figures` depends on (the figure pattern and the unit
    /// families), so that rules with the same ones share its result.
    figures_key: u64,
    percent: Regex,
}

/// The figures of each paragraph read so far in one document, shared by the
/// breakdown rules (the `figures` pack has three, with the same units).
#[derive(Default)]
pub struct FigureCache(
    std::cell::RefCell<std::collections::HashMap<FigureKey, std::rc::Rc<Vec<Figure>>>>,
);

/// What the figures were read with, and from which paragraph.
type FigureKey = (u64, usize);

/// A part of a breakdown: its figure, its label and the share of the total
/// stated right after it (`同意公开30件，占75%`), if any.
struct Part<'a> {
    figure: &'a Figure,
    label: &'a str,
    percent: Option<Percent>,
}

/// A stated percentage: paragraph-relative span of the number and `%`, the
/// number times 10^decimals, and its decimals.
struct Percent {
    span: Range<usize>,
    scaled: u128,
    decimals: u32,
}

/// A number with its unit, as written.
#[derive(Debug, Clone)]
struct Figure {
    /// Paragraph-relative range of number and unit.
    span: Range<usize>,
    /// Value in thousandths of the unit (`1.5万` = 15_000_000).
    value: u128,
    family: usize,
    unit: String,
    approximate: bool,
}

impl Breakdown {
    pub fn compile(
        spec: &RuleSpec,
        rule_span: &Range<usize>,
        registry: &mut Registry,
    ) -> Result<Self, ParamError> {
        let condition = *required(&spec.condition, "condition", rule_span)?.get_ref();
        let markers = required(&spec.markers, "markers", rule_span)?;
        if markers.get_ref().iter().any(String::is_empty) || markers.get_ref().is_empty() {
            return Err(ParamError::new(
                "`markers` needs at least one non-empty word",
                markers.span(),
            ));
        }
        let families = required(&spec.unit_families, "unit_families", rule_span)?;
        let mut units: Vec<(String, usize)> = Vec::new();
        for (index, family) in families.get_ref().iter().enumerate() {
            for unit in family {
                if unit.is_empty() || unit.chars().any(|c| c.is_ascii_digit()) {
                    return Err(ParamError::new(
                        format!("`{unit}` is not a unit"),
                        families.span(),
                    ));
                }
                if units.iter().any(|(u, _)| u == unit) {
                    return Err(ParamError::new(
                        format!("unit `{unit}` is in two families"),
                        families.span(),
                    ));
                }
                units.push((unit.clone(), index));
            }
        }
        if units.is_empty() {
            return Err(ParamError::new(
                "`unit_families` needs at least one unit",
                families.span(),
            ));
        }
        // Longest first, so that `人次` wins over `人`.
        let mut alternatives: Vec<&str> = units.iter().map(|(u, _)| u.as_str()).collect();
        alternatives.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
        let alternation = alternatives
            .iter()
            .map(|u| regex::escape(u))
            .collect::<Vec<_>>()
            .join("|");
        let figure = Regex::new(&figure_pattern(&alternation)).map_err(|e| {
            ParamError::new(
                format!("cannot build the figure pattern: {e}"),
                families.span(),
            )
        })?;
        let list = |value: &Option<toml::Spanned<Vec<String>>>| {
            value
                .as_ref()
                .map(|v| v.get_ref().clone())
                .unwrap_or_default()
        };
        let categories = spec
            .category_sets
            .as_ref()
            .map(|sets| {
                sets.get_ref()
                    .iter()
                    .map(|set| {
                        set.iter()
                            .map(|c| c.split('|').map(str::to_string).collect())
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let figures_key = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            figure.as_str().hash(&mut hasher);
            units.hash(&mut hasher);
            hasher.finish()
        };
        Ok(Self {
            condition,
            figures_key,
            markers: markers.get_ref().clone(),
            marker_ids: markers
                .get_ref()
                .iter()
                .map(|m| registry.literal(m))
                .collect(),
            partial: list(&spec.partial_markers),
            remainder: list(&spec.remainder_labels),
            not_in_label: aho_corasick::AhoCorasick::new(
                list(&spec.excluded_labels)
                    .iter()
                    .chain(markers.get_ref().iter()),
            )
            .map_err(|e| ParamError::new(format!("cannot search the label words: {e}"), rule_span.clone()))?,
            units,
            categories,
            figure,
            percent: Regex::new(
                r"^[，,]?\s*(?:(?P<open>[（(])\s*)?(?P<share>占(?:比)?(?:为|达)?(?:总数|总量|全部|申请总数|总件数|总条数)?(?:的)?)?\s*(?P<pct>[0-9]+(?:\.[0-9]+)?)\s*(?P<sign>[%％])(?:\s*[）)])?",
            )
            .expect("valid percent pattern"),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = ctx.text();
        let paragraphs = &ctx.doc.view.paragraphs;
        let mut last = None;
        for hit in ctx.literals {
            if !self.marker_ids.contains(&hit.literal) {
                continue;
            }
            // The paragraph holding the hit, each paragraph once.
            let index = paragraphs.partition_point(|p| p.end < hit.start);
            if last == Some(index) || index >= paragraphs.len() {
                continue;
            }
            last = Some(index);
            let paragraph = &paragraphs[index];
            let prose = &text[paragraph.clone()];
            if memchr::memchr2(b'|', b'\t', prose.as_bytes()).is_some() {
                continue; // a table row, not prose
            }
            let figures = ctx
                .figures
                .0
                .borrow_mut()
                .entry((self.figures_key, index))
                .or_insert_with(|| std::rc::Rc::new(self.figures(prose)))
                .clone();
            if figures.len() < 2 {
                continue;
            }
            // The markers' hits in the paragraph, read from the literal pass
            // as a search would find them: leftmost, not overlapping.
            let in_paragraph = {
                let from = ctx.literals.partition_point(|h| h.start < paragraph.start);
                let to = ctx.literals.partition_point(|h| h.start < paragraph.end);
                &ctx.literals[from..to]
            };
            for (marker, &id) in self.markers.iter().zip(&self.marker_ids) {
                let mut free_from = paragraph.start;
                for hit in in_paragraph.iter().filter(|h| h.literal == id) {
                    if hit.start < free_from || hit.end > paragraph.end {
                        continue;
                    }
                    free_from = hit.end;
                    let at = hit.start - paragraph.start;
                    let mut shares = Vec::new();
                    if let Some(finding) = self.analyse(prose, &figures, at, marker, &mut shares) {
                        out.push(finding.shifted(paragraph.start));
                    }
                    out.extend(shares.into_iter().map(|f| f.shifted(paragraph.start)));
                }
            }
        }
    }

    /// Every figure of the paragraph, in order (groups: [`FIGURE_GROUPS`]).
    fn figures(&self, prose: &str) -> Vec<Figure> {
        let mut found = Vec::new();
        let [num, a1, mult, a2, unit_group] = FIGURE_GROUPS.map(|(_, index)| index);
        let mut caps = self.figure.capture_locations();
        let mut at = 0;
        while let Some(whole) = self.figure.captures_read_at(&mut caps, prose, at) {
            at = whole.end().max(at + 1);
            while at < prose.len() && !prose.is_char_boundary(at) {
                at += 1;
            }
            let part = |g: usize| caps.get(g).map(|(start, end)| &prose[start..end]);
            let before = prose[..whole.start()].chars().next_back();
            let before2 = prose[..whole.start()].chars().rev().nth(1);
            // Inside a longer number, an ordinal (`第3条`) or a code.
            if before.is_some_and(|c| {
                c.is_ascii_alphanumeric()
                    || is_fullwidth_digit(c)
                    || matches!(c, '.' | '．' | '第' | '-' | '_' | '/' | '#')
            }) || (matches!(before, Some(',' | '，'))
                && before2.is_some_and(|c| c.is_ascii_digit() || is_fullwidth_digit(c)))
            {
                // `2,315条` is read whole; `2，315条` is ambiguous.
                continue;
            }
            let unit = part(unit_group).expect("group unit");
            let after = &prose[whole.end()..];
            // `3个月`, `5个工作日`, `2个百分点`: durations and rates, not counts.
            if [
                "月",
                "工作日",
                "小时",
                "百分点",
                "季度",
                "星期",
                "周",
                "年",
                "次",
            ]
            .iter()
            .any(|w| after.starts_with(w))
                && !unit.ends_with('次')
            {
                continue;
            }
            let Some(value) = parse_value(part(num).expect("group num"), part(mult)) else {
                continue;
            };
            let family = self
                .units
                .iter()
                .find(|(u, _)| u == unit)
                .map(|(_, f)| *f)
                .expect("a unit of the pattern");
            let approximate = part(a1).is_some()
                || part(a2).is_some()
                || APPROXIMATE_AFTER.iter().any(|w| after.starts_with(w))
                || APPROXIMATE_BEFORE
                    .iter()
                    .any(|w| prose[..whole.start()].ends_with(w));
            found.push(Figure {
                span: whole.range(),
                value,
                family,
                unit: unit.to_string(),
                approximate,
            });
        }
        found
    }

    /// The finding for the breakdown introduced by the marker at `at`, if
    /// the rule's condition holds for it.
    fn analyse(
        &self,
        prose: &str,
        figures: &[Figure],
        at: usize,
        marker: &str,
        out: &mut Vec<Finding>,
    ) -> Option<Finding> {
        // The total: the figure right before the marker, punctuation between.
        let head = &prose[..at];
        let trimmed = head.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '，' | ',' | '。' | '：' | ':' | '（' | '(')
        });
        let gap = &head[trimmed.len()..];
        if gap.chars().count() > 2 {
            return None;
        }
        let bracketed = gap.contains(['（', '(']);
        // Figures are in text order and do not overlap.
        let total_index = figures
            .binary_search_by_key(&trimmed.len(), |f| f.span.end)
            .ok()?;
        let total = &figures[total_index];
        if total.approximate {
            return None;
        }
        // A total that is the last item of an enumeration (`建议12件、提案15件，其中…`)
        // may stand for the whole enumeration: too uncertain.
        if total_index > 0 {
            let previous = &figures[total_index - 1];
            let between = &prose[previous.span.end..total.span.start];
            if previous.family == total.family
                && between.len() <= MAX_LABEL_CHARS * 4
                && !between.contains(SENTENCE_END)
                && between.chars().count() <= MAX_LABEL_CHARS
            {
                return None;
            }
        }

        // The parts: from the marker to the end of the sentence (or bracket).
        let start = at + marker.len();
        // A breakdown is one sentence: a bounded window keeps a pathological
        // paragraph (one endless sentence full of markers) linear.
        let mut window = (start + MAX_BREAKDOWN_BYTES).min(prose.len());
        while !prose.is_char_boundary(window) {
            window -= 1;
        }
        let rest = &prose[start..window];
        let end = if bracketed {
            start + rest.find(['）', ')']).unwrap_or(rest.len())
        } else {
            start + rest.find(SENTENCE_END).unwrap_or(rest.len())
        };
        let opening = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '，' | ',' | '：' | ':')
        });
        let mut partial = self.partial.iter().any(|w| opening.starts_with(w.as_str()));
        let masked = bracket_depths(prose, start, end);
        let mut parts: Vec<Part> = Vec::new();
        let mut cursor = start;
        let first = figures.partition_point(|f| f.span.start < start);
        let mut semicolons = false;
        for figure in figures[first..].iter().take_while(|f| f.span.end <= end) {
            if masked(figure.span.start) || figure.span.start < cursor {
                continue; // a sub-breakdown in brackets, or read as a share
            }
            let zone = unbracketed(&prose[cursor..figure.span.start]);
            let Some(label) = self.label(&zone, parts.is_empty()) else {
                break;
            };
            // A semicolon in a list separated by commas starts another clause
            // (`其中予以公开7件，部分公开2件；办理建议12件`).
            let semicolon = zone.trim_start().starts_with(['；', ';']);
            match parts.len() {
                0 => {}
                1 => semicolons = semicolon,
                _ if semicolon && !semicolons => break,
                _ => {}
            }
            if figure.approximate {
                return None;
            }
            if figure.family != total.family {
                break;
            }
            let label = label_text(&prose[cursor..figure.span.start], label);
            cursor = figure.span.end;
            let percent = self.percent_after(prose, cursor, end);
            if let Some((_, next)) = &percent {
                cursor = *next;
            }
            parts.push(Part {
                figure,
                label,
                percent: percent.and_then(|(p, _)| p),
            });
        }
        if parts.is_empty() {
            let (respective, last) = self.respective(prose, figures, start, end, total)?;
            parts = respective;
            cursor = last;
        }
        let after = prose[cursor..end].trim_start();
        if self.partial.iter().any(|w| after.starts_with(w.as_str())) {
            partial = true;
        }
        let sum: u128 = parts.iter().map(|p| p.figure.value).sum();
        let exceeds = sum > total.value;
        let report = match self.condition {
            BreakdownCondition::PartsExceedTotal => exceeds,
            BreakdownCondition::CompleteMismatch => {
                !exceeds && sum != total.value && !partial && self.complete(&parts)
            }
            BreakdownCondition::PercentMismatch => {
                // A list whose parts exceed the total has a wrong figure
                // somewhere: its percentages cannot be judged.
                if !exceeds && total.value > 0 {
                    for part in &parts {
                        if let Some(finding) = percent_finding(total, part) {
                            out.push(finding);
                        }
                    }
                }
                false
            }
        };
        if !report {
            return None;
        }
        let listed = parts
            .iter()
            .map(|p| format_value(p.figure.value))
            .collect::<Vec<_>>()
            .join("+");
        let finding = Finding::at(total.span.clone())
            .var("total", format_value(total.value))
            .var("sum", format_value(sum))
            .var("parts", listed)
            .var("unit", total.unit.clone());
        Some(parts.iter().fold(finding, |finding, part| {
            finding.related(part.figure.span.clone(), format!("分项：{}", part.label))
        }))
    }

    /// `同意公开、部分公开和不予公开分别为7件、7件和12件`: the labels before
    /// `分别为` paired in order with the figures after it, and where the last
    /// figure ends. As many figures as labels, or nothing.
    fn respective<'a>(
        &self,
        prose: &'a str,
        figures: &'a [Figure],
        start: usize,
        end: usize,
        total: &Figure,
    ) -> Option<(Vec<Part<'a>>, usize)> {
        let segment = &prose[start..end];
        let (at, word) = RESPECTIVELY
            .iter()
            .filter_map(|w| segment.find(w).map(|i| (i, *w)))
            .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))?;
        let head = segment[..at].trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '，' | ',' | '：' | ':')
        });
        let head_start = start + at - head.len();
        if head.is_empty()
            || head.chars().count() > 3 * MAX_LABEL_CHARS
            || head.chars().any(|c| {
                c.is_ascii_digit()
                    || is_fullwidth_digit(c)
                    || SENTENCE_END.contains(&c)
                    || matches!(c, '，' | ',' | '；' | ';' | '：' | ':' | '（' | '(')
            })
            || self.not_in_label.is_match(head)
        {
            return None;
        }
        // The labels, split on 、 and the conjunctions.
        let mut labels: Vec<&'a str> = Vec::new();
        let mut rest = head_start;
        loop {
            let text = &prose[rest..start + at];
            let next = std::iter::once("、")
                .chain(CONJUNCTIONS.iter().copied())
                .filter_map(|w| text.find(w).map(|i| (i, w.len())))
                .min_by_key(|(i, len)| (*i, std::cmp::Reverse(*len)));
            match next {
                Some((i, len)) => {
                    labels.push(prose[rest..rest + i].trim());
                    rest += i + len;
                }
                None => {
                    labels.push(text.trim());
                    break;
                }
            }
        }
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return None;
        }
        let mut cursor = start + at + word.len();
        let first = figures.partition_point(|f| f.span.start < cursor);
        let mut parts = Vec::new();
        for figure in figures[first..].iter().take_while(|f| f.span.end <= end) {
            let zone = prose[cursor..figure.span.start]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':'));
            let fits = if parts.is_empty() {
                zone.is_empty()
            } else {
                zone.is_empty()
                    || ["、", "，", ",", "；", ";"]
                        .iter()
                        .chain(CONJUNCTIONS)
                        .any(|s| zone == *s)
            };
            if !fits {
                break;
            }
            if parts.len() == labels.len() {
                return None; // more figures than labels
            }
            if figure.approximate || figure.family != total.family {
                return None;
            }
            parts.push(Part {
                figure,
                label: labels[parts.len()],
                percent: None,
            });
            cursor = figure.span.end;
        }
        (parts.len() == labels.len()).then_some((parts, cursor))
    }

    /// The share stated right after a part (`，占75%`, `（75%）`) and where
    /// it ends; `Some((None, end))` for a share that is not checkable (a
    /// bare `，75%` without `占` or brackets is not read as a share).
    fn percent_after(
        &self,
        prose: &str,
        from: usize,
        end: usize,
    ) -> Option<(Option<Percent>, usize)> {
        let caps = self.percent.captures(&prose[from..end])?;
        if caps.name("open").is_none() && caps.name("share").is_none() {
            return None;
        }
        let number = caps.name("pct").expect("group pct");
        let whole = caps.get(0).expect("group 0");
        let sign = caps.name("sign").expect("group sign");
        let (int, frac) = number
            .as_str()
            .split_once('.')
            .unwrap_or((number.as_str(), ""));
        let decimals = frac.len() as u32;
        let scaled = if decimals > 4 {
            None
        } else {
            format!("{int}{frac}").parse::<u128>().ok()
        };
        Some((
            scaled.map(|scaled| Percent {
                span: from + number.start()..from + sign.end(),
                scaled,
                decimals,
            }),
            from + whole.end(),
        ))
    }

    /// The label of a part, from the text between the previous figure (or
    /// the marker) and this one; `None` when that text is not a label.
    fn label<'z>(&self, zone: &'z str, first: bool) -> Option<&'z str> {
        let mut label = zone.trim();
        if first {
            label = label.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '，' | ',' | '：' | ':')
            });
        } else {
            let separated = label.trim_start_matches(SEPARATORS);
            let had_separator = separated.len() < label.len();
            label = separated.trim_start();
            let conjunction = CONJUNCTIONS.iter().find(|c| label.starts_with(**c));
            if let Some(c) = conjunction {
                label = &label[c.len()..];
            } else if !had_separator {
                return None;
            }
        }
        let label = label.trim();
        if label.chars().count() > MAX_LABEL_CHARS
            || label.chars().any(|c| {
                c.is_ascii_digit()
                    || is_fullwidth_digit(c)
                    || SENTENCE_END.contains(&c)
                    || SEPARATORS.contains(&c)
                    || matches!(c, '：' | ':' | '%' | '％')
            })
            || self.not_in_label.is_match(label)
        {
            return None;
        }
        Some(label)
    }

    /// Whether the parts present themselves as every part of the total.
    fn complete(&self, parts: &[Part]) -> bool {
        if parts.len() < 2 {
            return false;
        }
        let last = parts.last().expect("two parts").label;
        if self.remainder.iter().any(|w| last.starts_with(w.as_str())) {
            return true;
        }
        self.categories.iter().any(|set| {
            set.iter().all(|category| {
                parts.iter().any(|part| {
                    category
                        .iter()
                        .any(|name| part.label.contains(name.as_str()))
                })
            })
        })
    }
}

/// The finding for a part's stated share when it is neither the rounded
/// nor the truncated value of part ÷ total at the stated decimals.
fn percent_finding(total: &Figure, part: &Part) -> Option<Finding> {
    let percent = part.percent.as_ref()?;
    let scale = 10u128.pow(percent.decimals);
    let numerator = part.figure.value * 100 * scale;
    let floor = numerator / total.value;
    let rounded = floor + u128::from((numerator % total.value) * 2 >= total.value);
    if percent.scaled == floor || percent.scaled == rounded {
        return None;
    }
    let show = |scaled: u128| {
        if percent.decimals == 0 {
            scaled.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                scaled / scale,
                scaled % scale,
                width = percent.decimals as usize
            )
        }
    };
    Some(
        Finding::at(percent.span.clone())
            .related(part.figure.span.clone(), format!("分项：{}", part.label))
            .related(total.span.clone(), "总数")
            .var("percent", format!("{}%", show(percent.scaled)))
            .var("expected", format!("{}%", show(rounded)))
            .var("part", format_value(part.figure.value))
            .var("total", format_value(total.value))
            .var("unit", total.unit.clone()),
    )
}

trait Shift {
    fn shifted(self, by: usize) -> Self;
}

impl Shift for Finding {
    fn shifted(mut self, by: usize) -> Self {
        self.span = self.span.start + by..self.span.end + by;
        for (span, _) in &mut self.related {
            *span = span.start + by..span.end + by;
        }
        self
    }
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// `num` (ASCII or full-width digits, `,` thousands separators, a decimal
/// point) times the multiplier, in thousandths.
fn parse_value(num: &str, multiplier: Option<&str>) -> Option<u128> {
    let ascii: String = num
        .chars()
        .filter(|c| *c != ',')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    let (whole, fraction) = ascii.split_once('.').unwrap_or((&ascii, ""));
    if fraction.len() > 3 || whole.len() > 15 {
        return None;
    }
    let mut value: u128 = whole.parse::<u128>().ok()? * 1000;
    if !fraction.is_empty() {
        let padded = format!("{fraction:0<3}");
        value += padded.parse::<u128>().ok()?;
    }
    Some(
        value
            * match multiplier {
                Some("万") => 10_000,
                Some("亿") => 100_000_000,
                _ => 1,
            },
    )
}

/// A value in thousandths, written as a plain decimal number.
fn format_value(value: u128) -> String {
    let whole = value / 1000;
    let fraction = value % 1000;
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{fraction:03}").trim_end_matches('0'))
    }
}

/// Whether a position in `start..end` of `prose` is inside brackets opened
/// after `start`.
fn bracket_depths(prose: &str, start: usize, end: usize) -> impl Fn(usize) -> bool {
    let mut inside: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut opened = start;
    for (i, c) in prose[start..end].char_indices() {
        match c {
            '（' | '(' => {
                if depth == 0 {
                    opened = start + i;
                }
                depth += 1;
            }
            '）' | ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(opened..start + i);
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        inside.push(opened..end);
    }
    move |at| inside.iter().any(|r| r.contains(&at))
}

/// `text` without bracketed asides (`政策文件（含解读）` → `政策文件`).
fn unbracketed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The label's text as it stands in `zone` (for category matching); labels
/// are compared by content, so the owned form is looked up in the original.
fn label_text<'p>(zone: &'p str, label: &str) -> &'p str {
    match zone.find(label) {
        Some(i) => &zone[i..i + label.len()],
        None => zone.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_thousandths() {
        assert_eq!(parse_value("24", None), Some(24_000));
        assert_eq!(parse_value("2,315", None), Some(2_315_000));
        assert_eq!(parse_value("２４", None), Some(24_000));
        assert_eq!(parse_value("1.5", Some("万")), Some(15_000_000));
        assert_eq!(parse_value("0.125", None), Some(125));
        assert_eq!(parse_value("1.2345", None), None);
        assert_eq!(format_value(15_000_000), "15000");
        assert_eq!(format_value(1_250), "1.25");
    }

    #[test]
    fn figure_groups_are_where_the_pattern_opens_them() {
        let figure = Regex::new(&figure_pattern("条|件")).unwrap();
        for (name, index) in FIGURE_GROUPS {
            assert_eq!(figure.capture_names().nth(index), Some(Some(name)));
        }
        assert_eq!(figure.captures_len(), FIGURE_GROUPS.len() + 1);
    }

    #[test]
    fn brackets_are_set_aside() {
        assert_eq!(unbracketed("政策文件（含解读3篇）"), "政策文件");
        let inside = bracket_depths("其中A（B 3件）C", 0, "其中A（B 3件）C".len());
        assert!(inside("其中A（B".len()));
        assert!(!inside("其中A".len() - 1));
    }
}
