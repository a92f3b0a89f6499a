//! `pairs`: paired marks within a paragraph. With `report = "mixed"` it
//! reports a pair whose halves differ in width (`（四)`) and offers the
//! family's preferred mark; with `report = "unbalanced"` it reports an
//! opening mark never closed and a closing mark never opened.

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

#[derive(Debug, Clone)]
pub struct Pairs {
    pairs: Vec<Pair>,
    report: PairsReport,
    /// The first UTF-8 byte of every mark: the scan decodes a character only
    /// where one of these starts (a lead byte is never a continuation byte,
    /// so such a position is always a character boundary).
    lead_bytes: [bool; 256],
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
        let mut lead_bytes = [false; 256];
        for pair in &pairs {
            for mark in [pair.open, pair.close] {
                let mut buf = [0; 4];
                lead_bytes[mark.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
            }
        }
        Ok(Self {
            pairs,
            report,
            lead_bytes,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = ctx.text();
        // Opening marks still open, with how many paragraph ends they have
        // crossed: a mark may close a paragraph or two later when the layout
        // broke a sentence (a narrow table cell wrapped over several lines).
        let mut open: Vec<Open> = Vec::new();
        for paragraph in &ctx.doc.view.paragraphs {
            self.run_paragraph(text, paragraph.clone(), &mut open, out);
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
        stack: &mut Vec<Open>,
        out: &mut Vec<Finding>,
    ) {
        let bytes = &text.as_bytes()[..paragraph.end];
        let mut next = paragraph.start;
        while let Some(found) = bytes[next..]
            .iter()
            .position(|&b| self.lead_bytes[b as usize])
        {
            let at = next + found;
            next = at + 1;
            let c = text[at..]
                .chars()
                .next()
                .expect("a lead byte starts a character");
            if let Some(p) = self.pairs.iter().position(|p| p.open == c) {
                stack.push(Open {
                    pair: p,
                    at,
                    crossed: 0,
                    fragments: 0,
                });
                continue;
            }
            let Some(closing) = self.pairs.iter().position(|p| p.close == c) else {
                continue;
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
                            Finding::at(at..at + c.len_utf8())
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
