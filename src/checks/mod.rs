//! The check kinds: small generic engines whose content comes from rule
//! files. Each kind compiles its parameters once and then reports
//! [`Finding`]s in view coordinates; the engine maps them to the original.

pub mod breakdown;
pub mod gate;
pub mod literals;
pub mod numbering;
pub mod pairs;
pub mod pattern;
pub mod previous;
pub mod repeat;
pub mod require;
pub mod sections;
pub mod sequence;
pub mod tables;
pub mod terms;
pub mod validate;
pub mod year;

use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use gate::Engine as _;
use regex::{Regex, RegexSet};
use regex_automata::{meta, util::captures::Captures, Anchored, Input};

use crate::document::Document;

/// What a check found, in view coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    /// Which of the rule's `messages` applies; `None` for the default message.
    pub case: Option<&'static str>,
    pub vars: Vec<(Cow<'static, str>, String)>,
    pub fix: Option<(Range<usize>, Cow<'static, str>)>,
    /// Other view ranges involved, each with what it is.
    pub related: Vec<(Range<usize>, String)>,
}

impl Finding {
    pub fn at(span: Range<usize>) -> Self {
        Self {
            span,
            case: None,
            vars: Vec::new(),
            fix: None,
            related: Vec::new(),
        }
    }

    /// Adds a secondary location (a part of a total, a table cell).
    pub fn related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn case(mut self, case: &'static str) -> Self {
        self.case = Some(case);
        self
    }

    pub fn var(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }

    /// Offers `replacement` for `span`; the message variable `fix` is the
    /// replacement unless the finding sets `fix` itself.
    pub fn fix(mut self, span: Range<usize>, replacement: impl Into<Cow<'static, str>>) -> Self {
        self.fix = Some((span, replacement.into()));
        self
    }
}

/// The character boundary at or before `i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The character boundary at or after `i`.
pub(crate) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The one `&'static` copy of a message variable's name: names come from
/// rule files (capture groups), are few, and are looked up per finding, so
/// findings borrow them instead of allocating a copy each.
pub fn intern(name: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = names.iter().find(|&&known| known == name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(leaked);
    leaked
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
    pub regexes: &'a Option<regex::SetMatches>,
    /// The annual-report tables, parsed on first use.
    pub tables: std::cell::OnceCell<crate::tables::AnnualTables>,
    /// The same body's report of the year before, when the user gave one.
    pub previous: Option<&'a Document>,
    pub previous_tables: std::cell::OnceCell<crate::tables::AnnualTables>,
    /// Paragraph figures shared by the breakdown rules.
    pub figures: breakdown::FigureCache,
}

impl Context<'_> {
    pub fn tables(&self) -> &crate::tables::AnnualTables {
        self.tables
            .get_or_init(|| crate::tables::parse_document(self.doc))
    }

    /// The previous year's report and its tables, when given.
    pub fn previous(&self) -> Option<(&Document, &crate::tables::AnnualTables)> {
        let previous = self.previous?;
        let tables = self
            .previous_tables
            .get_or_init(|| crate::tables::parse_document(previous));
        Some((previous, tables))
    }

    pub fn text(&self) -> &str {
        &self.doc.view.text
    }

    /// Whether a regex registered with [`Registry::regex`] may match.
    pub fn regex_may_match(&self, index: Option<usize>) -> bool {
        index.is_none_or(|i| self.regexes.as_ref().is_none_or(|set| set.matched(i)))
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

    /// Registers a rule's regex for the shared prefilter and returns its
    /// index there, or `None` for a regex that needs none: one that starts
    /// with a distinctive literal (the regex engine finds those fast on its
    /// own), has required literals (its gate finds them) or matches at line
    /// starts only (it is tried there, one short anchored step a line).
    /// Leaving them out keeps the shared automaton small, or empty. A gate's
    /// literals join the shared literal pass when they are not plain ASCII.
    pub fn regex(&mut self, regex: &mut RuleRegex) -> Option<usize> {
        if let Some(gate) = &mut regex.gate {
            if let Some(literals) = gate.shareable_literals() {
                let ids = literals.iter().map(|l| self.literal(l)).collect();
                gate.share(ids);
            }
        }
        let pattern = regex.as_str();
        if regex.gate.is_some() || regex.at_line_start || has_distinctive_prefix(pattern) {
            return None;
        }
        self.regexes.push(pattern.to_string());
        Some(self.regexes.len() - 1)
    }

    pub fn literal_text(&self, id: u32) -> &str {
        &self.literals[id as usize]
    }

    pub fn build(self) -> Result<Searchers, String> {
        if self.literals.iter().any(String::is_empty) {
            return Err("an empty literal cannot be searched for".to_string());
        }
        let literals = aho_corasick::dfa::DFA::builder()
            .prefilter(false)
            .build(&self.literals)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        // The set scans the whole text for all its regexes at once, at about
        // the cost of one search (measured on the benchmark corpus: the set
        // of the 14 default regexes without a gate took 1.3 times the search
        // for one of them): it pays only when it can spare several searches.
        let regexes = if self.regexes.len() < 2 {
            None
        } else {
            Some(
                RegexSet::new(&self.regexes)
                    .map_err(|e| format!("cannot build the regex set: {e}"))?,
            )
        };
        Ok(Searchers {
            literals,
            terms: self.literals,
            regexes,
        })
    }
}

/// Whether every match of `pattern` starts with one of a few literals of at
/// least two characters (`统计期限`, `现将`): a literal search then skips
/// nearly all of the text.
fn has_distinctive_prefix(pattern: &str) -> bool {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return false;
    };
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals.len() <= 16
            && literals
                .iter()
                .all(|l| std::str::from_utf8(l.as_bytes()).is_ok_and(|s| s.chars().count() >= 2))
    })
}

/// The literals that every match of `pattern` starts with, as an anchored
/// searcher, when they are few and not empty.
fn prefix_literals(pattern: &str) -> Option<AhoCorasick> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::parse(pattern).ok()?;
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = prefixes.literals()?;
    if literals.is_empty() || literals.len() > 64 || literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    AhoCorasick::builder()
        .start_kind(aho_corasick::StartKind::Anchored)
        .build(literals.iter().map(|l| l.as_bytes()))
        .ok()
}

/// The shared searchers built from a [`Registry`].
#[derive(Debug, Clone)]
pub struct Searchers {
    literals: aho_corasick::dfa::DFA,
    /// The literals, by id.
    terms: Vec<String>,
    /// `None` when every rule regex finds its own matches fast.
    regexes: Option<RegexSet>,
}

impl Searchers {
    /// Every literal the shared pass searches for, in the order registered.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn literal_hits(&self, text: &str) -> Vec<LiteralHit> {
        literals::hits(&self.literals, text.as_bytes())
    }

    /// Which registered regexes match somewhere in `text` (`None`: none is registered).
    pub fn regex_matches(&self, text: &str) -> Option<regex::SetMatches> {
        self.regexes.as_ref().map(|set| set.matches(text))
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

const REGEX_SIZE_LIMIT: usize = 8 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 8 << 20;

/// Compiles a regex from a rule file with size limits that keep a hostile
/// or careless pattern from exhausting memory.
pub fn compile_regex(pattern: &toml::Spanned<String>) -> Result<Regex, ParamError> {
    regex::RegexBuilder::new(pattern.get_ref())
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| ParamError::new(format!("invalid regular expression: {e}"), pattern.span()))
}

/// A rule's regex. Searches go through the regex engine's own interface
/// (`regex_automata`), which takes anchored searches over part of the text
/// with look-around that still sees the whole of it: a match found by an
/// anchored try is exactly the match a plain search finds.
#[derive(Debug, Clone)]
pub struct RuleRegex {
    regex: meta::Regex,
    source: String,
    /// Whether every match starts at a line start: then it is tried at line
    /// starts only, instead of a scan of the whole text for a rare shape.
    at_line_start: bool,
    /// Where the next match can start, from the literals every match holds.
    gate: Option<gate::Gate>,
    /// For a line-start pattern, the literals every match starts with, when
    /// few: a line that starts with none of them is not tried.
    line_prefixes: Option<AhoCorasick>,
    /// For a regex whose matches are fixed runs of characters: the runs,
    /// tested without the regex engine in anchored tries.
    sequences: Option<sequence::Sequences>,
}

impl RuleRegex {
    pub fn compile(pattern: &toml::Spanned<String>) -> Result<Self, ParamError> {
        let at_line_start = starts_at_line_start(pattern.get_ref());
        let regex = compile_engine(pattern)?;
        // A line-start pattern is tried at line starts only; the shared set
        // tells whether it can match at all.
        let gate = (!at_line_start)
            .then(|| gate::Gate::for_pattern(pattern.get_ref()))
            .flatten();
        let sequences = gate
            .as_ref()
            .filter(|gate| gate.anchored_tries())
            .and_then(|_| sequence::Sequences::for_pattern(pattern.get_ref(), regex.group_info()));
        Ok(Self {
            regex,
            source: pattern.get_ref().clone(),
            at_line_start,
            gate,
            sequences,
            line_prefixes: at_line_start
                .then(|| prefix_literals(pattern.get_ref()))
                .flatten(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Each group's name, in order (the whole match is group 0).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.regex
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
    }

    /// The index of the group named `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.group_names().position(|n| n == Some(name))
    }

    /// Room for the groups of one match.
    pub fn create_captures(&self) -> Captures {
        self.regex.create_captures()
    }

    /// The next match that starts at or after `at`, with its groups (in
    /// offsets of `text`) in `caps`.
    pub fn captures_at(&self, caps: &mut Captures, text: &str, at: usize) -> Option<Range<usize>> {
        self.captures_in(caps, text, at, None)
    }

    /// [`Self::captures_at`] in a document's view, with its literal hits
    /// (the gate reads its literals' occurrences there, once registered).
    pub fn captures_in(
        &self,
        caps: &mut Captures,
        text: &str,
        at: usize,
        hits: Option<&[LiteralHit]>,
    ) -> Option<Range<usize>> {
        if at > text.len() {
            return None;
        }
        let mut engine = Runner {
            regex: self,
            caps,
            text,
        };
        if !self.at_line_start {
            return match &self.gate {
                Some(gate) => gate.next_match(&mut engine, text, at, hits),
                None => engine.search_from(at),
            };
        }
        let mut line = if at == 0 || text.as_bytes()[at - 1] == b'\n' {
            at
        } else {
            at + memchr::memchr(b'\n', &text.as_bytes()[at..])? + 1
        };
        while line <= text.len() {
            let candidate = self.line_prefixes.as_ref().is_none_or(|prefixes| {
                let input = aho_corasick::Input::new(text)
                    .span(line..text.len())
                    .anchored(aho_corasick::Anchored::Yes);
                prefixes.find(input).is_some()
            });
            if candidate {
                if let Some(found) = engine.anchored(line) {
                    return Some(found);
                }
            }
            line += memchr::memchr(b'\n', &text.as_bytes()[line..])? + 1;
        }
        None
    }
}

/// A rule regex at work on one text, its groups in `caps`.
struct Runner<'a> {
    regex: &'a RuleRegex,
    caps: &'a mut Captures,
    text: &'a str,
}

impl gate::Engine for Runner<'_> {
    fn anchored(&mut self, start: usize) -> Option<Range<usize>> {
        if let Some(sequences) = &self.regex.sequences {
            return sequences.match_at(self.text, start, self.caps);
        }
        let input = Input::new(self.text)
            .span(start..self.text.len())
            .anchored(Anchored::Yes);
        self.regex.regex.search_captures(&input, self.caps);
        self.caps.get_match().map(|m| m.range())
    }

    fn search_from(&mut self, start: usize) -> Option<Range<usize>> {
        let input = Input::new(self.text).span(start..self.text.len());
        self.regex.regex.search_captures(&input, self.caps);
        self.caps.get_match().map(|m| m.range())
    }
}

/// Compiles a rule's regex for the engine with the settings and limits of
/// [`compile_regex`], and its error messages.
fn compile_engine(pattern: &toml::Spanned<String>) -> Result<meta::Regex, ParamError> {
    let config = meta::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_DFA_SIZE_LIMIT);
    meta::Builder::new()
        .configure(config)
        .syntax(regex_automata::util::syntax::Config::new().utf8(true))
        .build(pattern.get_ref())
        .map_err(|e| match compile_regex(pattern) {
            Err(error) => error,
            Ok(_) => ParamError::new(format!("invalid regular expression: {e}"), pattern.span()),
        })
}

/// Whether every match of `pattern` starts at a line start.
fn starts_at_line_start(pattern: &str) -> bool {
    use regex_syntax::hir::Look;
    regex_syntax::parse(pattern).is_ok_and(|hir| {
        let prefix = hir.properties().look_set_prefix();
        prefix.contains(Look::StartLF) || prefix.contains(Look::Start)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn all_matches(pattern: &str, text: &str) -> Vec<(Range<usize>, Option<Range<usize>>)> {
        let regex = RuleRegex::compile(&toml::Spanned::new(0..0, pattern.to_string())).unwrap();
        let mut caps = regex.create_captures();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(whole) = regex.captures_at(&mut caps, text, at) {
            let group = caps.get_group(1).map(|s| s.range());
            at = whole.end.max(at + 1);
            found.push((whole, group));
            if at > text.len() {
                break;
            }
        }
        found
    }

    #[test]
    fn line_start_patterns_match_where_the_plain_regex_does() {
        let text = "一.总体情况\n其中一.不算\n二,工作\n三、无误";
        let pattern = r"(?m)^[一二三](?P<wrong>[.,])";
        assert!(starts_at_line_start(pattern));
        let plain = Regex::new(pattern).unwrap();
        let expected: Vec<_> = plain
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.get(1).map(|m| m.range())))
            .collect();
        assert_eq!(expected.len(), 2);
        assert_eq!(all_matches(pattern, text), expected);
        // Resuming mid-line skips to the next line start.
        let regex = RuleRegex::compile(&toml::Spanned::new(0..0, pattern.to_string())).unwrap();
        let mut caps = regex.create_captures();
        let second = regex.captures_at(&mut caps, text, 1).unwrap();
        assert_eq!(&text[second], "二,");
    }

    #[test]
    fn engine_errors_read_like_the_regex_crate_errors() {
        let bad = toml::Spanned::new(3..9, "(unclosed".to_string());
        let expected = compile_regex(&bad).unwrap_err();
        let error = RuleRegex::compile(&bad).unwrap_err();
        assert_eq!(error.message, expected.message);
        assert_eq!(error.span, 3..9);
    }

    #[test]
    fn only_patterns_anchored_in_every_branch_count_as_line_start() {
        assert!(starts_at_line_start(r"(?m)^\d{1,2}、"));
        assert!(!starts_at_line_start(r"(?m)^一、|二、"));
        assert!(!starts_at_line_start(r"[一二]、"));
    }
}
