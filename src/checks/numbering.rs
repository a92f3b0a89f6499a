//! `numbering`: sequences of numbered headings per level and parent
//! (`一、二、三、`, `（一）（二）`, `1. 2.`), or of in-paragraph `一是…二是…`
//! items. Reports a number that repeats the previous one, a number that is
//! off while the sequence goes on as if it were right (`一是…三是…三是…四是`:
//! the first `三是` should be `二是`), a skipped number, and a heading that
//! continues a sequence in another style (`三、` followed by `4、`).

use std::collections::HashMap;
use std::ops::Range;

use super::{required, Context, Finding, ParamError};
use crate::document::ordinal::{han_numeral, OrdinalStyle};
use crate::rules::schema::{NumberingTarget, RuleSpec};

#[derive(Debug, Clone)]
pub struct Numbering {
    target: NumberingTarget,
}

pub const VARIABLES: &[&str] = &["match", "found", "expected", "previous", "report_year"];
pub const CASES: &[&str] = &["duplicate", "misnumbered", "skipped", "mixed-style"];

/// One numbered item as the sequence check sees it.
struct Item {
    number: u32,
    span: Range<usize>,
    render: Box<dyn Fn(u32) -> String>,
}

impl Numbering {
    pub fn compile(spec: &RuleSpec, rule_span: &Range<usize>) -> Result<Self, ParamError> {
        Ok(Self {
            target: *required(&spec.target, "target", rule_span)?.get_ref(),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        match self.target {
            NumberingTarget::Headings => self.headings(ctx, out),
            NumberingTarget::Enumerations => {
                for run in &ctx.doc.structure.enumerations {
                    let items: Vec<Item> = run
                        .items
                        .iter()
                        .map(|e| Item {
                            number: e.number,
                            span: e.range.clone(),
                            render: Box::new(|n| format!("{}是", han_numeral(n))),
                        })
                        .collect();
                    check_sequence(&items, out);
                }
            }
        }
    }

    fn headings(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let headings = &ctx.doc.structure.headings;
        let text = ctx.text();
        let mut groups: HashMap<(Option<usize>, OrdinalStyle), Vec<usize>> = HashMap::new();
        let mut order: Vec<(Option<usize>, OrdinalStyle)> = Vec::new();
        for (i, h) in headings.iter().enumerate() {
            if h.effective_style != h.style {
                let expected = h.effective_style.render(h.number);
                let previous = headings[..i]
                    .iter()
                    .rev()
                    .find(|p| p.effective_style == h.effective_style)
                    .map(|p| text[p.marker.clone()].to_string())
                    .unwrap_or_default();
                out.push(
                    Finding::at(h.marker.clone())
                        .case("mixed-style")
                        .var("found", &text[h.marker.clone()])
                        .var("previous", previous)
                        .var("expected", expected.clone())
                        .fix(h.marker.clone(), expected),
                );
            }
            let key = (h.parent, h.effective_style);
            groups
                .entry(key)
                .or_insert_with(|| {
                    order.push(key);
                    Vec::new()
                })
                .push(i);
        }
        for key in order {
            let items: Vec<Item> = groups[&key]
                .iter()
                .map(|&i| {
                    let style = headings[i].effective_style;
                    Item {
                        number: headings[i].number,
                        span: headings[i].marker.clone(),
                        render: Box::new(move |n| style.render(n)),
                    }
                })
                .collect();
            check_sequence(&items, out);
        }
    }
}

fn check_sequence(items: &[Item], out: &mut Vec<Finding>) {
    let Some(first) = items.first() else { return };
    let mut previous = first.number;
    for (k, item) in items.iter().enumerate().skip(1) {
        let expected = previous + 1;
        let actual = item.number;
        if actual == expected || actual == 1 {
            previous = actual;
            continue;
        }
        let next_agrees = items
            .get(k + 1)
            .is_some_and(|next| next.number == expected + 1);
        let case = if next_agrees || actual < previous {
            "misnumbered"
        } else if actual == previous {
            "duplicate"
        } else {
            "skipped"
        };
        let render = &item.render;
        let mut finding = Finding::at(item.span.clone())
            .case(case)
            .var("found", render(actual))
            .var("previous", render(previous))
            .var("expected", render(expected));
        if case != "skipped" {
            finding = finding.fix(item.span.clone(), render(expected));
        }
        out.push(finding);
        previous = if case == "misnumbered" {
            expected
        } else {
            actual
        };
    }
}
