//! `repeat`: accidental repetition of a character or word (`推进推进`,
//! `的的`), common after editing and after PDF line joins. Single characters
//! are reported only for the function words listed in `single`, since most
//! reduplication of single characters is legitimate (`常常`, `层层`); longer
//! repeated units are reported unless an allowed word covers them.

use std::ops::Range;

use super::{ceil_boundary, floor_boundary, Context, Finding, ParamError};
use crate::rules::schema::RuleSpec;

#[derive(Debug, Clone)]
pub struct Repeat {
    max_unit: usize,
    single: Vec<char>,
    allow: Vec<String>,
    /// The byte lengths a repeated unit of Han characters may have: three
    /// bytes a character, so `3, 6, ..`, or with astral characters (four
    /// bytes, lead byte `F0`) anything from three to four bytes a character.
    shifts: Vec<usize>,
    astral_shifts: Vec<usize>,
}

pub const VARIABLES: &[&str] = &["match", "repeated", "report_year"];

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

impl Repeat {
    pub fn compile(spec: &RuleSpec, _rule_span: &Range<usize>) -> Result<Self, ParamError> {
        let max_unit = spec.max_unit.as_ref().map_or(4, |m| *m.get_ref());
        if let Some(m) = &spec.max_unit {
            if !(1..=8).contains(m.get_ref()) {
                return Err(ParamError::new(
                    "`max_unit` must be between 1 and 8",
                    m.span(),
                ));
            }
        }
        Ok(Self::new(
            max_unit,
            spec.single
                .as_ref()
                .map(|s| s.get_ref().chars().collect())
                .unwrap_or_default(),
            spec.allow
                .as_ref()
                .map(|a| a.get_ref().clone())
                .unwrap_or_default(),
        ))
    }

    fn new(max_unit: usize, single: Vec<char>, allow: Vec<String>) -> Self {
        let units = 1..=max_unit;
        Self {
            max_unit,
            single,
            allow,
            shifts: units.clone().map(|len| 3 * len).collect(),
            astral_shifts: (3..=4 * max_unit)
                .filter(|s| units.clone().any(|len| (3 * len..=4 * len).contains(s)))
                .collect(),
        }
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = ctx.text();
        let mut candidates = Vec::new();
        for paragraph in &ctx.doc.view.paragraphs {
            self.run_paragraph(text, paragraph.clone(), &mut candidates, out);
        }
    }

    /// Marks the positions where a repetition may start by comparing the
    /// paragraph's bytes with themselves shifted by every length a repeated
    /// unit can have ([`mark_candidates`]), then checks only those exactly.
    fn run_paragraph(
        &self,
        text: &str,
        paragraph: Range<usize>,
        candidates: &mut Vec<u8>,
        out: &mut Vec<Finding>,
    ) {
        let bytes = &text.as_bytes()[..paragraph.end];
        let own = &bytes[paragraph.clone()];
        let shifts = if memchr::memchr(0xF0, own).is_some() {
            &self.astral_shifts
        } else {
            &self.shifts
        };
        mark_candidates(own, shifts, candidates);
        let mut i = paragraph.start;
        while let Some(found) = memchr::memchr(1, &candidates[i - paragraph.start..]) {
            i += found;
            let Some(unit_end) = self.repeated_unit_at(text, bytes, i) else {
                i += 1;
                continue;
            };
            let span = i..2 * unit_end - i;
            if self.allowed(text, &paragraph, &span) {
                i += 1;
                continue;
            }
            // `推进推进推进`: one finding over every extra copy, so that one
            // fix leaves one copy (a pathological run settles in one round).
            let unit = &bytes[i..unit_end];
            let mut end = span.end;
            while bytes.get(end..end + unit.len()) == Some(unit) {
                end += unit.len();
            }
            out.push(
                Finding::at(i..end)
                    .var("repeated", &text[i..unit_end])
                    .fix(unit_end..end, ""),
            );
            i = end;
        }
    }

    /// Where the shortest Han unit starting at byte `i` that is immediately
    /// repeated ends (single characters only when listed). Comparing bytes:
    /// a unit and its repetition are equal byte runs.
    fn repeated_unit_at(&self, text: &str, bytes: &[u8], i: usize) -> Option<usize> {
        // Han characters take three or four bytes in UTF-8, and their lead
        // bytes are at least `E3`; this also rejects continuation bytes.
        if bytes[i] < 0xE3 {
            return None;
        }
        let mut end = i;
        for len in 1..=self.max_unit {
            end += utf8_width(*bytes.get(end)?);
            let unit_bytes = end - i;
            if end + unit_bytes > bytes.len() {
                return None;
            }
            if bytes[i..end] != bytes[end..end + unit_bytes] {
                continue;
            }
            let unit = &text[i..end];
            if !unit.chars().all(is_han) {
                // Every longer unit holds the same non-Han character.
                return None;
            }
            if len > 1
                || unit
                    .chars()
                    .next()
                    .is_some_and(|c| self.single.contains(&c))
            {
                return Some(end);
            }
        }
        None
    }

    fn allowed(&self, text: &str, paragraph: &Range<usize>, span: &Range<usize>) -> bool {
        self.allow.iter().any(|word| {
            let from = floor_boundary(
                text,
                span.start.saturating_sub(word.len()).max(paragraph.start),
            );
            let to = ceil_boundary(text, (span.end + word.len()).min(paragraph.end));
            text[from..to].match_indices(word.as_str()).any(|(at, _)| {
                let start = from + at;
                start <= span.start && start + word.len() >= span.end
            })
        })
    }
}

/// Sets `marks[p]` to 1 where the three bytes at `p` recur `s` bytes later,
/// for some `s` in `shifts`, and to 0 elsewhere. A unit of `s` bytes
/// repeated at `p` passes (a Han character takes at least three bytes);
/// in prose few other positions do. Plain loops over equal-length slices,
/// so that the compiler vectorises them: this runs over every byte.
fn mark_candidates(bytes: &[u8], shifts: &[usize], marks: &mut Vec<u8>) {
    marks.clear();
    marks.resize(bytes.len(), 0);
    for &s in shifts {
        let Some(n) = bytes.len().checked_sub(s + 2) else {
            continue;
        };
        let marks = &mut marks[..n];
        let (a0, a1, a2) = (&bytes[..n], &bytes[1..n + 1], &bytes[2..n + 2]);
        let (b0, b1, b2) = (
            &bytes[s..s + n],
            &bytes[s + 1..s + 1 + n],
            &bytes[s + 2..s + 2 + n],
        );
        for p in 0..n {
            marks[p] |= ((a0[p] == b0[p]) & (a1[p] == b1[p]) & (a2[p] == b2[p])) as u8;
        }
    }
}

/// The byte length of the character that `lead` starts.
fn utf8_width(lead: u8) -> usize {
    UTF8_WIDTH[lead as usize] as usize
}

const UTF8_WIDTH: [u8; 256] = {
    let mut table = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        table[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rule(max_unit: usize) -> Repeat {
        Repeat::new(
            max_unit,
            "的了".chars().collect(),
            vec!["研究研究".into(), "的的确确".into(), "𠀀推𠀀推".into()],
        )
    }

    fn findings(rule: &Repeat, text: &str, paragraph: Range<usize>) -> Vec<Finding> {
        let mut out = Vec::new();
        rule.run_paragraph(text, paragraph, &mut Vec::new(), &mut out);
        out
    }

    /// The scan before the shifted-comparison filter: every character start
    /// is tried, rejected unless its character recurs within `max_unit`
    /// characters. The filter must not change what is found.
    fn reference(rule: &Repeat, text: &str, paragraph: Range<usize>) -> Vec<Finding> {
        let mut out = Vec::new();
        let bytes = &text.as_bytes()[..paragraph.end];
        let mut i = paragraph.start;
        while i < paragraph.end {
            let recurs = {
                let width = utf8_width(bytes[i]);
                let first = &bytes[i..i + width];
                let mut at = i + width;
                let mut recurs = false;
                for _ in 0..rule.max_unit {
                    let Some(&lead) = bytes.get(at) else { break };
                    recurs |= bytes.get(at..at + width) == Some(first);
                    at += utf8_width(lead);
                }
                recurs
            };
            let unit_end = if recurs {
                rule.repeated_unit_at(text, bytes, i)
            } else {
                None
            };
            let Some(unit_end) = unit_end else {
                i += utf8_width(bytes[i]);
                continue;
            };
            let span = i..2 * unit_end - i;
            if rule.allowed(text, &paragraph, &span) {
                i += utf8_width(bytes[i]);
                continue;
            }
            let unit = &bytes[i..unit_end];
            let mut end = span.end;
            while bytes.get(end..end + unit.len()) == Some(unit) {
                end += unit.len();
            }
            out.push(
                Finding::at(i..end)
                    .var("repeated", &text[i..unit_end])
                    .fix(unit_end..end, ""),
            );
            i = end;
        }
        out
    }

    fn spans(text: &str) -> Vec<&str> {
        findings(&rule(4), text, 0..text.len())
            .iter()
            .map(|f| &text[f.span.clone()])
            .collect()
    }

    #[test]
    fn finds_repeated_units() {
        assert_eq!(spans("全面推进推进工作"), ["推进推进"]);
        assert_eq!(spans("全面推进推进推进工作"), ["推进推进推进"]);
        assert_eq!(spans("做好的的工作，常常检查"), ["的的"]);
        assert_eq!(spans("研究研究，的的确确"), Vec::<&str>::new());
        // At the very end of the paragraph, and units of four characters.
        assert_eq!(spans("公开政务公开政务"), ["公开政务公开政务"]);
        assert_eq!(spans("ab推进推进"), ["推进推进"]);
        // Astral Han characters (four bytes), alone and mixed with three-byte ones.
        assert_eq!(spans("𠀀𠀁𠀀𠀁"), ["𠀀𠀁𠀀𠀁"]);
        assert_eq!(spans("的𠀀进𠀀进"), ["𠀀进𠀀进"]);
        assert_eq!(spans("𠀀推𠀀推"), Vec::<&str>::new());
        // Non-Han units are not reported.
        assert_eq!(spans("abab，，😀😀ㄅㄆㄅㄆ"), Vec::<&str>::new());
    }

    #[test]
    fn candidates_cover_every_shift() {
        let mut marks = Vec::new();
        mark_candidates(b"abcXabcYabc", &[4], &mut marks);
        assert_eq!(marks, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        mark_candidates(b"abcXabcYabc", &[8], &mut marks);
        assert_eq!(marks, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        mark_candidates(b"ab", &[3, 6], &mut marks);
        assert_eq!(marks, [0, 0]);
        assert_eq!(rule(4).shifts, [3, 6, 9, 12]);
        assert_eq!(rule(2).astral_shifts, [3, 4, 6, 7, 8]);
    }

    #[test]
    fn agrees_with_the_reference_on_tricky_text() {
        let texts = [
            "",
            "的",
            "的的",
            "了了了了了",
            "常常常常",
            "推进推进推",
            "一二三四一二三四一二三四",
            "一二三四五一二三四五",
            "𠀀𠀀",
            "𠀀推进𠀀推进𠀀推进",
            "x𠀀a𠀀a推",
            "豈豈豈豈",
            "〇〇〇〇",
            "研究研究研究",
            "的的确确的的",
        ];
        for text in texts {
            for max_unit in 1..=8 {
                let rule = rule(max_unit);
                let framed = format!("前后{text}推进");
                for (text, paragraph) in [
                    (text, 0..text.len()),
                    (&framed[..], "前后".len()..framed.len() - "推进".len()),
                ] {
                    assert_eq!(
                        findings(&rule, text, paragraph.clone()),
                        reference(&rule, text, paragraph),
                        "{text:?}, max_unit {max_unit}"
                    );
                }
            }
        }
    }

    const ALPHABET: &[&str] = &[
        "推", "进", "的", "了", "研", "究", "确", "一", "𠀀", "𠀁", "豈", "ㄅ", "〇", "😀", "a",
        "1", "é", "，", "推进", "的的", "𠀀推",
    ];

    proptest! {
        #[test]
        fn agrees_with_the_reference(
            mut pieces in proptest::collection::vec(0..ALPHABET.len(), 0..40),
            copy in (0..40usize, 1..6usize, 0..3usize),
            max_unit in 1..=8usize,
            trim in 0..3usize,
        ) {
            // Repeat a run of pieces once or more in place, so that most texts
            // hold a repetition.
            let (from, len, times) = copy;
            let from = from.min(pieces.len());
            let run = pieces[from..(from + len).min(pieces.len())].to_vec();
            for _ in 0..times {
                pieces.splice(from..from, run.iter().copied());
            }
            let text: String = pieces.iter().map(|&k| ALPHABET[k]).collect();
            let rule = rule(max_unit);
            // A paragraph that ends before the text does, when `trim` allows it.
            let end = text.char_indices().rev().nth(trim).map_or(0, |(at, _)| at);
            let paragraph = text.chars().next().map_or(0, char::len_utf8).min(end)..end;
            prop_assert_eq!(
                findings(&rule, &text, paragraph.clone()),
                reference(&rule, &text, paragraph)
            );
        }
    }
}
