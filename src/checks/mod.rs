//! The check kinds: small generic engines whose content comes from rule
//! files. Each kind compiles its parameters once and then reports
//! [`Finding`]s in view coordinates; the engine maps them to the original.

pub mod breakdown;
pub mod numbering;
pub mod pairs;
pub mod pattern;
pub mod repeat;
pub mod require;
pub mod sections;
pub mod tables;
pub mod terms;
pub mod validate;
pub mod year;

use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};

use crate::document::Document;

/// What a check found, in view coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    /// Which of the rule's `messages` applies; `None` for the default message.
    pub case: Option<&'static str>,
    pub vars: Vec<(Cow<'static, str>, String)>,
    pub fix: Option<(Range<usize>, String)>,
}

impl Finding {
    pub fn at(span: Range<usize>) -> Self {
        Self {
            span,
            case: None,
            vars: Vec::new(),
            fix: None,
        }
    }

    pub fn case(mut self, case: &'static str) -> Self {
        self.case = Some(case);
        self
    }

    pub fn var(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }

    pub fn fix(mut self, span: Range<usize>, replacement: impl Into<String>) -> Self {
        self.fix = Some((span, replacement.into()));
        self
    }
}

/// What a checklist rule found, kept as evidence for checklists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// View ranges, one per satisfied requirement (also when others are missing).
    pub spans: Vec<Range<usize>>,
    /// Whether every requirement was satisfied.
    pub complete: bool,
}

/// A literal occurrence found by the shared automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralHit {
    pub literal: u32,
    pub start: usize,
    pub end: usize,
}

/// Everything a check may look at for one document.
pub struct Context<'a> {
    pub doc: &'a Document,
    /// All literal hits in the view, sorted by start, then by longer first.
    pub literals: &'a [LiteralHit],
    /// Which prefilter regexes match somewhere in the view.
    pub regexes: &'a regex::SetMatches,
    /// The annual-report tables, parsed on first use.
    pub tables: std::cell::OnceCell<crate::tables::AnnualTables>,
}

impl Context<'_> {
    pub fn tables(&self) -> &crate::tables::AnnualTables {
        self.tables
            .get_or_init(|| crate::tables::parse_document(self.doc))
    }

    pub fn text(&self) -> &str {
        &self.doc.view.text
    }

    pub fn regex_may_match(&self, index: usize) -> bool {
        self.regexes.matched(index)
    }

    /// The view range of the title, or of the first paragraph, or empty at 0:
    /// where document-level findings are reported.
    pub fn document_anchor(&self) -> Range<usize> {
        self.doc
            .structure
            .title
            .clone()
            .or_else(|| self.doc.view.paragraphs.first().cloned())
            .unwrap_or(0..0)
    }
}

/// Collects, while rules compile, the literals and regexes that are then
/// searched once per document for all rules together.
#[derive(Debug, Default)]
pub struct Registry {
    literals: Vec<String>,
    literal_ids: std::collections::HashMap<String, u32>,
    regexes: Vec<String>,
}

impl Registry {
    pub fn literal(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.literal_ids.get(text) {
            return id;
        }
        let id = self.literals.len() as u32;
        self.literals.push(text.to_string());
        self.literal_ids.insert(text.to_string(), id);
        id
    }

    /// Registers a regex for the prefilter and returns its index there.
    pub fn regex(&mut self, pattern: &str) -> usize {
        self.regexes.push(pattern.to_string());
        self.regexes.len() - 1
    }

    pub fn literal_text(&self, id: u32) -> &str {
        &self.literals[id as usize]
    }

    pub fn build(self) -> Result<Searchers, String> {
        let literals = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&self.literals)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        let regexes =
            RegexSet::new(&self.regexes).map_err(|e| format!("cannot build the regex set: {e}"))?;
        Ok(Searchers { literals, regexes })
    }
}

/// The shared searchers built from a [`Registry`].
#[derive(Debug, Clone)]
pub struct Searchers {
    literals: AhoCorasick,
    regexes: RegexSet,
}

impl Searchers {
    pub fn literal_hits(&self, text: &str) -> Vec<LiteralHit> {
        let mut hits: Vec<LiteralHit> = self
            .literals
            .find_overlapping_iter(text)
            .map(|m| LiteralHit {
                literal: m.pattern().as_u32(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        hits
    }

    pub fn regex_matches(&self, text: &str) -> regex::SetMatches {
        self.regexes.matches(text)
    }
}

/// A compile-time error in a rule's parameters, with the span of the offending value.
#[derive(Debug, Clone)]
pub struct ParamError {
    pub message: String,
    pub span: Range<usize>,
}

impl ParamError {
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            message: message.into(),
            span,
        }
    }
}

/// Compiles a regex from a rule file with size limits that keep a hostile
/// or careless pattern from exhausting memory.
pub fn compile_regex(pattern: &toml::Spanned<String>) -> Result<Regex, ParamError> {
    regex::RegexBuilder::new(pattern.get_ref())
        .size_limit(8 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| ParamError::new(format!("invalid regular expression: {e}"), pattern.span()))
}

/// The parameter of `spec` or an error that names it.
pub fn required<'a, T>(
    value: &'a Option<T>,
    name: &str,
    rule_span: &Range<usize>,
) -> Result<&'a T, ParamError> {
    value.as_ref().ok_or_else(|| {
        ParamError::new(
            format!("this rule's kind needs the field `{name}`"),
            rule_span.clone(),
        )
    })
}

/// Whether any `unless` regex matches, within the paragraph around `span`,
/// text that overlaps `span`.
pub fn excepted(unless: &[Regex], text: &str, span: &Range<usize>) -> bool {
    if unless.is_empty() {
        return false;
    }
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    unless.iter().any(|re| {
        re.find_iter(&text[start..end])
            .any(|m| m.start() + start < span.end && m.end() + start > span.start)
    })
}
