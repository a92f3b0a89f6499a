//! `pattern`: a regular expression with exceptions. The reported span is the
//! capture group named by `report_group` (regexes here have no look-around,
//! so context is matched around the group), the message may use captures, and
//! `fix` is a replacement template (`$1`, `${name}`) for the reported span.

use std::ops::Range;

use regex::Regex;

use super::{compile_regex, excepted, required, Context, Finding, ParamError, Registry, RuleRegex};
use crate::rules::schema::RuleSpec;

#[derive(Debug, Clone)]
pub struct Pattern {
    rule_regex: RuleRegex,
    prefilter: Option<usize>,
    unless: Vec<Regex>,
    /// Capture groups to report, the first that takes part in a match wins.
    groups: Vec<usize>,
    fix: Option<String>,
    /// Replacements by reported text, interned: a rule's few fixed texts are
    /// borrowed by every finding instead of copied.
    translate: std::collections::BTreeMap<String, &'static str>,
    validate: Option<fn(&str) -> bool>,
    /// The capture groups that messages show, each with its name (or
    /// number) as a message variable.
    group_variables: Vec<(usize, &'static str)>,
}

pub const VARIABLES: &[&str] = &["match", "fix", "report_year"];

impl Pattern {
    pub fn compile(
        spec: &RuleSpec,
        rule_span: &Range<usize>,
        registry: &mut Registry,
    ) -> Result<Self, ParamError> {
        let source = required(&spec.pattern, "pattern", rule_span)?;
        let mut rule_regex = RuleRegex::compile(source)?;
        let mut groups = Vec::new();
        if let Some(names) = &spec.report_group {
            for name in names.get_ref().names() {
                groups.push(rule_regex.group_index(name).ok_or_else(|| {
                    ParamError::new(
                        format!("the pattern has no capture group named `{name}`"),
                        names.span(),
                    )
                })?);
            }
        }
        if spec.fix.is_some() && spec.translate.is_some() {
            return Err(ParamError::new(
                "give either `fix` or `translate`, not both",
                rule_span.clone(),
            ));
        }
        let unless = spec
            .unless
            .iter()
            .flatten()
            .map(compile_regex)
            .collect::<Result<Vec<_>, _>>()?;
        let group_variables = rule_regex
            .group_names()
            .enumerate()
            .skip(1)
            .map(|(i, name)| {
                (
                    i,
                    super::intern(&name.map_or_else(|| i.to_string(), str::to_string)),
                )
            })
            .collect();
        Ok(Self {
            group_variables,
            prefilter: registry.regex(&mut rule_regex),
            rule_regex,
            unless,
            groups,
            fix: spec.fix.as_ref().map(|f| f.get_ref().clone()),
            translate: spec
                .translate
                .iter()
                .flat_map(|t| t.get_ref())
                .map(|(from, to)| (from.clone(), super::intern(to)))
                .collect(),
            validate: match &spec.validate {
                None => None,
                Some(name) => Some(super::validate::by_name(name.get_ref()).ok_or_else(|| {
                    ParamError::new(
                        format!(
                            "unknown validator `{}` (known: {})",
                            name.get_ref(),
                            super::validate::NAMES.join(", ")
                        ),
                        name.span(),
                    )
                })?),
            },
        })
    }

    /// Names of the capture groups, usable as message variables.
    pub fn capture_names(&self) -> impl Iterator<Item = String> + '_ {
        self.rule_regex
            .group_names()
            .enumerate()
            .skip(1)
            .map(|(i, name)| name.map_or_else(|| i.to_string(), str::to_string))
    }

    /// Keeps as message variables only the groups named in `used` (the
    /// variables of the rule's messages): the others would be copied out of
    /// every match for nothing.
    pub fn keep_variables<'a>(&mut self, used: impl IntoIterator<Item = &'a str>) {
        let used: Vec<&str> = used.into_iter().collect();
        self.group_variables.retain(|(_, name)| used.contains(name));
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        if !ctx.regex_may_match(self.prefilter) {
            return;
        }
        let text = ctx.text();
        let mut caps = self.rule_regex.create_captures();
        let mut at = 0;
        while at <= text.len() {
            let Some(whole) = self
                .rule_regex
                .captures_in(&mut caps, text, at, Some(ctx.literals))
            else {
                break;
            };
            let group = |g: usize| caps.get_group(g).map(|span| span.range());
            let reported = if self.groups.is_empty() {
                Some(whole.clone())
            } else {
                self.groups.iter().find_map(|&g| group(g))
            };
            let Some(reported) = reported else {
                at = whole.end.max(at + 1);
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                continue;
            };
            // Resume right after the reported part so that overlapping context
            // (`中,文,字`) still finds every occurrence.
            at = if reported.end > reported.start {
                reported.end
            } else {
                whole.end.max(at + 1)
            };
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
            let reported_text = &text[reported.clone()];
            if self.validate.is_some_and(|valid| !valid(reported_text)) {
                continue;
            }
            let span = reported;
            if excepted(&self.unless, text, &span) {
                continue;
            }
            let mut finding = Finding::at(span.clone());
            for &(i, key) in &self.group_variables {
                if let Some(range) = group(i) {
                    finding = finding.var(key, &text[range]);
                }
            }
            let replacement = match &self.fix {
                Some(template) => {
                    let mut replacement = String::new();
                    caps.interpolate_string_into(text, template, &mut replacement);
                    Some(std::borrow::Cow::Owned(replacement))
                }
                None => self
                    .translate
                    .get(reported_text)
                    .map(|&to| std::borrow::Cow::Borrowed(to)),
            };
            if let Some(replacement) = replacement {
                // The message's `{fix}` is the replacement (see `Finding::fix`).
                finding = finding.fix(span, replacement);
            }
            out.push(finding);
        }
    }
}
