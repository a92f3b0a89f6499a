//! `pairs`: paired marks within a paragraph. With `report = "mixed"` it
//! reports a pair whose halves differ in width (`（四)`) and offers the
//! family's preferred mark; with `report = "unbalanced"` it reports an
//! opening mark never closed and a closing mark never opened.

use std::iter::Peekable;
use std::ops::Range;

use super::{required, Context, Finding, ParamError};
use crate::rules::schema::{PairsReport, RuleSpec};

#[derive(Debug, Clone)]
struct Pair {
    open: char,
    close: char,
    /// Index of the family; pairs in one family may close each other (mixed width).
    family: usize,
    /// Whether this pair is its family's preferred form.
    preferred: bool,
}

/// How many paragraph ends an opening mark may cross before it counts as
/// unclosed; fragments (a narrow table cell wrapped line by line) count
/// separately, up to their own limit.
const MAX_PARAGRAPHS_OPEN: usize = 2;
const MAX_FRAGMENTS_OPEN: usize = 12;
/// A paragraph shorter than this (in characters) is a layout fragment.
const FRAGMENT_CHARS: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Open {
    pair: usize,
    at: usize,
    crossed: usize,
    fragments: usize,
}

/// What a mark does: open or close the pair with this index.
#[derive(Debug, Clone, Copy)]
enum Role {
    Open(usize),
    Close(usize),
}

#[derive(Debug, Clone)]
pub struct Pairs {
    pairs: Vec<Pair>,
    report: PairsReport,
    /// Every mark with what it does, in the slot [`slot`] gives it or the
    /// first free one after (a binary search cost more).
    marks: Vec<Option<(char, Role)>>,
    filters: Vec<Filter>,
}

/// Where a mark may start: at one of `singles`, or, for a three-byte mark
/// (most CJK punctuation), at one of `firsts` two bytes before a byte in
/// `lo..=hi`. That last byte matters in Chinese text, where `《“（` share
/// their first byte with the far more common `、。，`. Unused slots hold `FF`,
/// which UTF-8 never uses.
#[derive(Debug, Clone)]
struct Filter {
    singles: [u8; 4],
    firsts: [u8; 4],
    lo: u8,
    hi: u8,
}

impl Filter {
    /// Filters that together pass wherever one of `marks` starts: one for
    /// every four first bytes of each kind.
    fn covering(marks: &[char]) -> Vec<Filter> {
        let encoded: Vec<Vec<u8>> = marks.iter().map(|c| c.to_string().into_bytes()).collect();
        let first_bytes = |three: bool| {
            let mut bytes: Vec<u8> = encoded
                .iter()
                .filter(|e| (e.len() == 3) == three)
                .map(|e| e[0])
                .collect();
            bytes.sort_unstable();
            bytes.dedup();
            bytes
        };
        let (singles, firsts) = (first_bytes(false), first_bytes(true));
        let lasts = encoded.iter().filter(|e| e.len() == 3).map(|e| e[2]);
        let (lo, hi) = (lasts.clone().min().unwrap_or(0), lasts.max().unwrap_or(0));
        let slots = |bytes: &[u8], i: usize| {
            let mut slots = [0xFF; 4];
            let chunk = bytes.chunks(4).nth(i).unwrap_or_default();
            slots[..chunk.len()].copy_from_slice(chunk);
            slots
        };
        (0..singles.len().div_ceil(4).max(firsts.len().div_ceil(4)))
            .map(|i| Filter {
                singles: slots(&singles, i),
                firsts: slots(&firsts, i),
                lo,
                hi,
            })
            .collect()
    }

    /// Whether a mark may start at a byte `b` that `last` follows two bytes
    /// later.
    fn passes(&self, b: u8, last: u8) -> bool {
        let any = |slots: &[u8; 4]| slots.iter().fold(false, |hit, &s| hit | (b == s));
        let last_in_range = last.wrapping_sub(self.lo) <= self.hi - self.lo;
        any(&self.singles) | (any(&self.firsts) & last_in_range)
    }
}

pub const VARIABLES: &[&str] = &["match", "open", "close", "fix", "report_year"];
pub const CASES: &[&str] = &["mixed", "unclosed", "unopened"];

fn parse_pair(text: &str, span: &Range<usize>) -> Result<(char, char), ParamError> {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(open), Some(close), None) if open != close => Ok((open, close)),
        _ => Err(ParamError::new(
            format!(
                "`{text}` is not a pair: write the opening and the closing mark, e.g. \"（）\""
            ),
            span.clone(),
        )),
    }
}

impl Pairs {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let listed = required(&spec.pairs, "pairs", rule_span)?;
        let report = *required(&spec.report, "report", rule_span)?.get_ref();
        let mut pairs = Vec::new();
        for (i, text) in listed.get_ref().iter().enumerate() {
            let (open, close) = parse_pair(text, &listed.span())?;
            pairs.push(Pair {
                open,
                close,
                family: i,
                preferred: true,
            });
        }
        if let Some(families) = &spec.families {
            for (f, family) in families.get_ref().iter().enumerate() {
                for (k, member) in family.iter().enumerate() {
                    let (open, close) = parse_pair(member, &families.span())?;
                    let pair = pairs
                        .iter_mut()
                        .find(|p| p.open == open && p.close == close)
                        .ok_or_else(|| {
                            ParamError::new(
                                format!("family member `{member}` is not listed in `pairs`"),
                                families.span(),
                            )
                        })?;
                    pair.family = listed.get_ref().len() + f;
                    pair.preferred = k == 0;
                }
            }
        }
        Ok(Self::new(pairs, report))
    }

    fn new(pairs: Vec<Pair>, report: PairsReport) -> Self {
        let mut chars: Vec<char> = pairs.iter().flat_map(|p| [p.open, p.close]).collect();
        chars.sort_unstable();
        chars.dedup();
        // Mostly empty, so that probes are short.
        let mut marks = vec![None; 4 * chars.len().max(1)];
        for &c in &chars {
            let role = match pairs.iter().position(|p| p.open == c) {
                Some(p) => Role::Open(p),
                None => Role::Close(pairs.iter().position(|p| p.close == c).expect("a mark")),
            };
            let mut at = slot(c, marks.len());
            while marks[at].is_some() {
                at = (at + 1) % marks.len();
            }
            marks[at] = Some((c, role));
        }
        Self {
            filters: Filter::covering(&chars),
            pairs,
            report,
            marks,
        }
    }

    /// What `c` does, if it is a mark (one that opens a pair and closes
    /// another opens).
    fn role(&self, c: char) -> Option<Role> {
        let mut at = slot(c, self.marks.len());
        loop {
            match self.marks[at]? {
                (mark, role) if mark == c => return Some(role),
                _ => at = (at + 1) % self.marks.len(),
            }
        }
    }

    /// Sets `flags[p]` to 1 where a mark may start (see [`Filter`]) and to 0
    /// elsewhere. Plain loops over equal-length slices, so that the compiler
    /// vectorises them: this runs on every byte, and decoding wherever a
    /// mark's first byte is found cost twice as much.
    fn mark_candidates(&self, bytes: &[u8], flags: &mut Vec<u8>) {
        flags.clear();
        flags.resize(bytes.len(), 0);
        let lasts = bytes.get(2..).unwrap_or_default();
        let near_end = lasts.len();
        for filter in &self.filters {
            for ((flag, &b), &last) in flags.iter_mut().zip(bytes).zip(lasts) {
                *flag |= filter.passes(b, last) as u8;
            }
            // No three-byte mark starts in the last two bytes: a zero, never
            // the last byte of a three-byte character, stands for the byte after.
            for (flag, &b) in flags[near_end..].iter_mut().zip(&bytes[near_end..]) {
                *flag |= filter.passes(b, 0) as u8;
            }
        }
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        self.run_text(ctx.text(), &ctx.doc.view.paragraphs, out);
    }

    fn run_text(&self, text: &str, paragraphs: &[Range<usize>], out: &mut Vec<Finding>) {
        // Candidates for the whole view in one scan (one a paragraph costs
        // more in short paragraphs); each mark is taken with its paragraph.
        let mut flags = Vec::new();
        self.mark_candidates(text.as_bytes(), &mut flags);
        let mut marks = memchr::memchr_iter(1, &flags)
            .filter_map(|at| {
                // A filter passes only marks' first bytes, which start characters.
                let c = text[at..].chars().next().expect("a character starts here");
                Some((at, self.role(c)?))
            })
            .peekable();
        // Opening marks still open, with how many paragraph ends they have
        // crossed: a mark may close a paragraph or two later when the layout
        // broke a sentence (a narrow table cell wrapped over several lines).
        let mut open: Vec<Open> = Vec::new();
        for paragraph in paragraphs {
            self.run_paragraph(text, paragraph.clone(), &mut marks, &mut open, out);
            if open.is_empty() {
                continue;
            }
            let fragment =
                text[paragraph.clone()].chars().take(FRAGMENT_CHARS).count() < FRAGMENT_CHARS;
            open.retain_mut(|entry| {
                if fragment {
                    entry.fragments += 1;
                } else {
                    entry.crossed += 1;
                }
                let stale =
                    entry.crossed > MAX_PARAGRAPHS_OPEN || entry.fragments > MAX_FRAGMENTS_OPEN;
                if stale {
                    self.unclosed(entry.pair, entry.at, out);
                }
                !stale
            });
        }
        for o in open {
            self.unclosed(o.pair, o.at, out);
        }
    }

    fn run_paragraph(
        &self,
        text: &str,
        paragraph: Range<usize>,
        marks: &mut Peekable<impl Iterator<Item = (usize, Role)>>,
        stack: &mut Vec<Open>,
        out: &mut Vec<Finding>,
    ) {
        while let Some((at, role)) = marks.next_if(|&(at, _)| at < paragraph.end) {
            if at < paragraph.start {
                // Between paragraphs: never, as `\n` separates them.
                continue;
            }
            let closing = match role {
                Role::Open(p) => {
                    stack.push(Open {
                        pair: p,
                        at,
                        crossed: 0,
                        fragments: 0,
                    });
                    continue;
                }
                Role::Close(p) => p,
            };
            let family = self.pairs[closing].family;
            match stack
                .iter()
                .rposition(|o| self.pairs[o.pair].family == family)
            {
                Some(depth) => {
                    for o in &stack[depth + 1..] {
                        self.unclosed(o.pair, o.at, out);
                    }
                    let Open {
                        pair: opening,
                        at: open_at,
                        ..
                    } = stack[depth];
                    stack.truncate(depth);
                    if opening != closing {
                        self.mixed(opening, open_at, closing, at, out);
                    }
                }
                None => {
                    let list_marker = is_list_marker(&text[paragraph.start..at]);
                    if !list_marker && self.report == PairsReport::Unbalanced {
                        let pair = &self.pairs[closing];
                        out.push(
                            Finding::at(at..at + pair.close.len_utf8())
                                .case("unopened")
                                .var("open", pair.open)
                                .var("close", pair.close),
                        );
                    }
                }
            }
        }
    }

    fn unclosed(&self, p: usize, at: usize, out: &mut Vec<Finding>) {
        if self.report != PairsReport::Unbalanced {
            return;
        }
        let pair = &self.pairs[p];
        out.push(
            Finding::at(at..at + pair.open.len_utf8())
                .case("unclosed")
                .var("open", pair.open)
                .var("close", pair.close),
        );
    }

    fn mixed(
        &self,
        opening: usize,
        open_at: usize,
        closing: usize,
        close_at: usize,
        out: &mut Vec<Finding>,
    ) {
        if self.report != PairsReport::Mixed {
            return;
        }
        let (open, close) = (&self.pairs[opening], &self.pairs[closing]);
        // The half that is not of the preferred form is the one to change.
        let (at, found, wanted) = if close.preferred {
            (open_at, open.open, close.open.to_string())
        } else {
            (close_at, close.close, open.close.to_string())
        };
        let span = at..at + found.len_utf8();
        out.push(
            Finding::at(span.clone())
                .case("mixed")
                .var("open", open.open)
                .var("close", close.close)
                .var("fix", wanted.clone())
                .fix(span, wanted),
        );
    }
}

/// Whether a closing bracket ends a list marker such as `1）` or `a)`: up to
/// three digits, letters or Chinese numerals at the start of the paragraph or
/// after a clause break.
fn is_list_marker(before: &str) -> bool {
    let label: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || "一二三四五六七八九十".contains(*c))
        .collect();
    let rest = &before[..before.len() - label.iter().map(|c| c.len_utf8()).sum::<usize>()];
    (1..=3).contains(&label.len())
        && rest
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "；;，,。：:、".contains(c))
}

/// Where the search for `c` in a table of `len` slots starts.
fn slot(c: char, len: usize) -> usize {
    // Multiply-shift: the high bits of the product are well mixed.
    ((c as u32).wrapping_mul(0x9E37_79B9) as usize * len) >> 32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rule(report: &str, pairs: &str, families: &str) -> Pairs {
        let spec: RuleSpec = toml::from_str(&format!(
            r#"
            id = "test/pairs"
            title = "t"
            kind = "pairs"
            severity = "warning"
            message = "m"
            help = "h"
            description = "d"
            reference = {{ title = "t", status = "partial" }}
            report = "{report}"
            pairs = {pairs}
            families = {families}
            "#
        ))
        .expect("a rule");
        Pairs::compile(&spec, &(0..0)).expect("valid pairs")
    }

    /// The rules of `rules/style.toml`, and odd ones: more first bytes than
    /// a filter holds, two- and four-byte marks, a mark that opens one pair
    /// and closes another.
    fn rules() -> Vec<Pairs> {
        let default = r#"["（）", "()", "《》", "“”", "‘’", "【】", "〈〉", "[]"]"#;
        let families = r#"[["（）", "()"], ["【】", "[]"]]"#;
        let odd = r#"["()", "[]", "{}", "<>", "«»", "»«", "‹›", "𝄆𝄇", "「」", "［］"]"#;
        vec![
            rule("unbalanced", default, families),
            rule("mixed", r#"["（）", "()", "【】", "[]"]"#, families),
            rule("unbalanced", odd, r#"[["［］", "[]"]]"#),
            rule("mixed", odd, r#"[["［］", "[]"], ["«»", "<>"]]"#),
        ]
    }

    fn paragraphs(text: &str) -> Vec<Range<usize>> {
        let mut start = 0;
        text.split('\n')
            .map(|line| {
                let range = start..start + line.len();
                start = range.end + 1;
                range
            })
            .collect()
    }

    /// The scan before the filters: every byte that starts a mark is found
    /// by a table of first bytes, and the character decoded and looked up.
    fn reference(rule: &Pairs, text: &str, paragraphs: &[Range<usize>]) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut lead_bytes = [false; 256];
        for pair in &rule.pairs {
            for mark in [pair.open, pair.close] {
                lead_bytes[mark.to_string().as_bytes()[0] as usize] = true;
            }
        }
        let mut marks = Vec::new();
        for paragraph in paragraphs {
            for (at, &b) in text.as_bytes()[paragraph.clone()].iter().enumerate() {
                if !lead_bytes[b as usize] {
                    continue;
                }
                let at = paragraph.start + at;
                let c = text[at..].chars().next().unwrap();
                if let Some(p) = rule.pairs.iter().position(|p| p.open == c) {
                    marks.push((at, Role::Open(p)));
                } else if let Some(p) = rule.pairs.iter().position(|p| p.close == c) {
                    marks.push((at, Role::Close(p)));
                }
            }
        }
        let mut marks = marks.into_iter().peekable();
        let mut open = Vec::new();
        for paragraph in paragraphs {
            rule.run_paragraph(text, paragraph.clone(), &mut marks, &mut open, &mut out);
            if open.is_empty() {
                continue;
            }
            let fragment =
                text[paragraph.clone()].chars().take(FRAGMENT_CHARS).count() < FRAGMENT_CHARS;
            open.retain_mut(|entry| {
                if fragment {
                    entry.fragments += 1;
                } else {
                    entry.crossed += 1;
                }
                let stale =
                    entry.crossed > MAX_PARAGRAPHS_OPEN || entry.fragments > MAX_FRAGMENTS_OPEN;
                if stale {
                    rule.unclosed(entry.pair, entry.at, &mut out);
                }
                !stale
            });
        }
        for o in open {
            rule.unclosed(o.pair, o.at, &mut out);
        }
        out
    }

    fn findings(rule: &Pairs, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        rule.run_text(text, &paragraphs(text), &mut out);
        out
    }

    #[test]
    fn filters_pass_every_mark_anywhere() {
        for rule in rules() {
            assert!(!rule.filters.is_empty());
            for pair in &rule.pairs {
                for mark in [pair.open, pair.close] {
                    for text in [
                        format!("{mark}"),
                        format!("字{mark}"),
                        format!("a{mark}。字"),
                    ] {
                        let at = text.find(mark).unwrap();
                        let mut flags = Vec::new();
                        rule.mark_candidates(text.as_bytes(), &mut flags);
                        assert_eq!(flags[at], 1, "{mark} in {text:?}");
                        assert!(rule.role(mark).is_some());
                    }
                }
            }
        }
        // `《` passes, `、` (same first byte) does not.
        let mut flags = Vec::new();
        rules()[0].mark_candidates("《、".as_bytes(), &mut flags);
        assert_eq!(flags, [1, 0, 0, 0, 0, 0]);
        assert_eq!(rules()[2].filters.len(), 3);
    }

    #[test]
    fn a_mark_that_opens_and_closes_opens() {
        let rule = &rules()[2];
        assert!(matches!(rule.role('»'), Some(Role::Open(_))));
        assert!(matches!(rule.role('«'), Some(Role::Open(_))));
        assert!(rule.role('，').is_none());
    }

    #[test]
    fn agrees_with_the_reference_on_tricky_text() {
        let texts = [
            "",
            "（四)",
            "(二）与【三]",
            "《条例\n第二段\n第三段》",
            "1）第一项；a)第二项",
            "“引文\n短\n短\n短\n短”",
            "«»»«‹›𝄆𝄇「」［］[)",
            "末尾的（",
            "）开头",
            "「，」、。“”‘’〈〉【】",
        ];
        for rule in rules() {
            for text in texts {
                let paragraphs = paragraphs(text);
                assert_eq!(
                    findings(&rule, text),
                    reference(&rule, text, &paragraphs),
                    "{text:?}"
                );
            }
        }
    }

    const ALPHABET: &[&str] = &[
        "（", "）", "(", ")", "[", "]", "【", "】", "《", "》", "“", "”", "‘", "’", "〈", "〉",
        "「", "」", "［", "］", "«", "»", "‹", "›", "𝄆", "𝄇", "{", "}", "<", ">", "、", "。", "，",
        "：", "０", "—", "1", "一", "a", " ", "字", "\n", "\n", "𠀀",
    ];

    proptest! {
        #[test]
        fn agrees_with_the_reference(pieces in proptest::collection::vec(0..ALPHABET.len(), 0..60)) {
            let text: String = pieces.iter().map(|&k| ALPHABET[k]).collect();
            let paragraphs = paragraphs(&text);
            for rule in rules() {
                prop_assert_eq!(findings(&rule, &text), reference(&rule, &text, &paragraphs));
            }
        }
    }
}
