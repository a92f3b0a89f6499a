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

    fn run_paragraph(&self, text: &str, paragraph: Range<usize>, out: &mut Vec<Finding>) {
        let chars: Vec<(usize, char)> = text[paragraph.clone()]
            .char_indices()
            .map(|(i, c)| (i + paragraph.start, c))
            .collect();
        let offset = |k: usize| chars.get(k).map_or(paragraph.end, |(i, _)| *i);
        let mut i = 0;
        while i < chars.len() {
            let found = (1..=self.max_unit).find(|&len| {
                i + 2 * len <= chars.len()
                    && (0..len)
                        .all(|k| chars[i + k].1 == chars[i + len + k].1 && is_han(chars[i + k].1))
                    && (len > 1 || self.single.contains(&chars[i].1))
            });
            let Some(len) = found else {
                i += 1;
                continue;
            };
            let span = offset(i)..offset(i + 2 * len);
            if self.allowed(text, &paragraph, &span) {
                i += 1;
                continue;
            }
            let unit = &text[offset(i)..offset(i + len)];
            out.push(
                Finding::at(span)
                    .var("repeated", unit)
                    .fix(offset(i + len)..offset(i + 2 * len), ""),
            );
            i += 2 * len;
        }
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
