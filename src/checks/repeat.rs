//! `repeat`: accidental repetition of a character or word (`推进推进`,
//! `的的`), common after editing and after PDF line joins. Single characters
//! are reported only for the function words listed in `single`, since most
//! reduplication of single characters is legitimate (`常常`, `层层`); longer
//! repeated units are reported unless an allowed word covers them.

use std::ops::Range;

use super::{Context, Finding, ParamError};
use crate::rules::schema::RuleSpec;

#[derive(Debug, Clone)]
pub struct Repeat {
    max_unit: usize,
    single: Vec<char>,
    allow: Vec<String>,
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
        Ok(Self {
            max_unit,
            single: spec
                .single
                .as_ref()
                .map(|s| s.get_ref().chars().collect())
                .unwrap_or_default(),
            allow: spec
                .allow
                .as_ref()
                .map(|a| a.get_ref().clone())
                .unwrap_or_default(),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = ctx.text();
        for paragraph in &ctx.doc.view.paragraphs {
            self.run_paragraph(text, paragraph.clone(), out);
        }
    }

    /// Walks the paragraph by character starts, comparing bytes: a unit and
    /// its repetition are equal byte runs, so nothing is decoded until a
    /// repetition is found.
    fn run_paragraph(&self, text: &str, paragraph: Range<usize>, out: &mut Vec<Finding>) {
        let bytes = &text.as_bytes()[..paragraph.end];
        let mut i = paragraph.start;
        while i < paragraph.end {
            let Some(unit_end) = self.repeated_unit_at(text, bytes, i) else {
                i += utf8_width(bytes[i]);
                continue;
            };
            let span = i..2 * unit_end - i;
            if self.allowed(text, &paragraph, &span) {
                i += utf8_width(bytes[i]);
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
    /// repeated ends (single characters only when listed).
    fn repeated_unit_at(&self, text: &str, bytes: &[u8], i: usize) -> Option<usize> {
        // Han characters take three or four bytes in UTF-8.
        if bytes[i] < 0xE3 || !self.first_char_recurs(bytes, i) {
            return None;
        }
        let mut end = i;
        for len in 1..=self.max_unit {
            end += utf8_width(*bytes.get(end)?);
            let unit_bytes = end - i;
            if end + unit_bytes > bytes.len() {
                return None;
            }
            if (0..unit_bytes).any(|k| bytes[i + k] != bytes[end + k]) {
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

    /// Whether the character at `i` occurs again within the next `max_unit`
    /// characters: no repetition can start at `i` otherwise, and this
    /// rejects nearly every position with one byte comparison per step
    /// (byte by byte, not memcmp: a call per position costs more).
    fn first_char_recurs(&self, bytes: &[u8], i: usize) -> bool {
        let width = utf8_width(bytes[i]);
        let Some(first) = bytes.get(i..i + width) else {
            return false;
        };
        let mut at = i + width;
        for _ in 0..self.max_unit {
            let Some(&lead) = bytes.get(at) else {
                return false;
            };
            if lead == first[0]
                && at + width <= bytes.len()
                && (1..width).all(|k| bytes[at + k] == first[k])
            {
                return true;
            }
            at += utf8_width(lead);
        }
        false
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

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
