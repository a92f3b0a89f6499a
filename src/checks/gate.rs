//! Required literals: a few short strings of which every match of a regex
//! contains one (`,;:?!` for the half-width punctuation rule), and how far
//! into a match the first of them can start (its lead). A literal search
//! then skips, between matches, the text a regex engine would otherwise walk
//! byte by byte. This is the regex engine's "inner literal" optimisation,
//! which it applies to one concatenation but not across the branches of an
//! alternation (where rules need it).
//!
//! With a short lead and a bounded match length, the regex is not searched
//! for at all: it is tried anchored at the few positions a lead before each
//! literal occurrence. An unanchored search with captures runs three engines
//! (forward to the end, backward to the start, then the groups) and costs
//! about three times as much on the short, dense matches of such rules.
//!
//! The gate only chooses where to look; an [`Engine`] runs the regex there.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{floor_boundary, LiteralHit};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The most literals a required set may have (more make a slow search).
const MAX_LITERALS: usize = 64;
/// The longest literal built by joining parts: longer ones are no rarer,
/// and joining without a bound costs cubic time on a concatenation of many
/// small parts (`(a)(a)(a)…`).
const MAX_JOINED_BYTES: usize = 32;
/// The most characters a class may have to count as a set of literals.
const MAX_CLASS_CHARS: usize = 16;
/// The longest lead, in bytes, for which the regex is tried anchored at each
/// position before an occurrence rather than searched for.
const MAX_ANCHORED_LEAD: usize = 64;
/// The longest match, in bytes, for which anchored tries are used: each try
/// may read that far.
const MAX_ANCHORED_MATCH: usize = 256;
/// Characters so common in Chinese prose (each above 1% of the characters
/// of the sample corpus) that a required set holding one of them alone
/// skips nothing: such a set is no gate.
const COMMON: &[&str] = &["，", "、", "。", "的", "公", "开", "政", "务"];

/// Runs a gate's regex, its groups kept by the engine.
pub trait Engine {
    /// The match starting exactly at `start`.
    fn anchored(&mut self, start: usize) -> Option<Range<usize>>;
    /// The leftmost match starting at or after `start`.
    fn search_from(&mut self, start: usize) -> Option<Range<usize>>;
}

/// Finds where the next match of a regex can start.
#[derive(Debug, Clone)]
pub struct Gate {
    literals: Vec<String>,
    finder: AhoCorasick,
    /// The literals' ids in the document-wide literal pass, once registered
    /// there: their occurrences are then read from its hits, not searched.
    shared: Option<Vec<u32>>,
    /// The furthest a required literal can start from the start of a match,
    /// in bytes, when that is bounded.
    lead: Option<usize>,
    /// Whether the regex is tried anchored before each literal occurrence
    /// (short lead, bounded match) rather than searched for.
    anchored_tries: bool,
    /// For a required run of several one-character literals: its length and
    /// the characters. A shorter run of them is passed over whole.
    run: Option<(usize, Vec<char>)>,
}

/// A required set of literals and its lead.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Required {
    literals: Vec<String>,
    lead: Option<usize>,
    /// How many of the literals every match holds back to back (`[0-9]{17}`:
    /// 17 digits); more than one only for literals of one character.
    run: usize,
}

impl Gate {
    /// A gate for `pattern`, or `None` when its matches share no small set of
    /// literals (or it cannot be parsed, which the regex compiler reports).
    pub fn for_pattern(pattern: &str) -> Option<Self> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let required = without_redundant(required(&hir)?);
        if required
            .literals
            .iter()
            .any(|l| COMMON.contains(&l.as_str()))
        {
            return None;
        }
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&required.literals)
            .ok()?;
        let bounded = hir
            .properties()
            .maximum_len()
            .is_some_and(|len| len <= MAX_ANCHORED_MATCH);
        let run = (required.run > 1).then(|| {
            let chars = required
                .literals
                .iter()
                .filter_map(|l| l.chars().next())
                .collect();
            (required.run, chars)
        });
        Some(Self {
            literals: required.literals,
            finder,
            shared: None,
            run,
            lead: required.lead,
            anchored_tries: bounded && required.lead.is_some_and(|l| l <= MAX_ANCHORED_LEAD),
        })
    }

    /// The literals, when they are worth adding to the document-wide literal
    /// pass: none is plain ASCII (digits and punctuation would flood it).
    pub fn shareable_literals(&self) -> Option<&[String]> {
        (self.shared.is_none() && self.literals.iter().all(|l| !l.is_ascii()))
            .then_some(self.literals.as_slice())
    }

    /// Reads occurrences from the literal pass's hits, where the literals
    /// have these ids, rather than searching the text again.
    pub fn share(&mut self, ids: Vec<u32>) {
        self.shared = Some(ids);
    }

    /// Whether the regex is tried anchored before each literal occurrence.
    pub fn anchored_tries(&self) -> bool {
        self.anchored_tries
    }

    /// The next match of the gate's regex, run by `engine` over `text`, that
    /// starts at or after `at`. `hits` are the document-wide literal hits in
    /// `text`, when the caller has them.
    pub fn next_match(
        &self,
        engine: &mut impl Engine,
        text: &str,
        at: usize,
        hits: Option<&[LiteralHit]>,
    ) -> Option<Range<usize>> {
        if at > text.len() {
            return None;
        }
        if !self.anchored_tries {
            // Every match holds an occurrence, at most `lead` after its start.
            let (next, _) = self.next_occurrence(text, at, hits)?;
            let start = self.lead.map_or(at, |lead| {
                floor_boundary(text, next.saturating_sub(lead)).max(at)
            });
            return engine.search_from(start);
        }
        // The leftmost match starts at the first position, in order, where an
        // anchored try succeeds, and an anchored try there finds the same
        // match (same start, same priority among alternatives). Every match
        // starts within `lead` before an occurrence: before one the search
        // reports or, when it skipped an occurrence overlapping the one it
        // reported, before a position inside the reported one (or inside the
        // run it reported).
        let lead = self.lead.unwrap_or(0);
        let mut untried = at;
        let mut from = at;
        while let Some((found, end)) = self.next_occurrence(text, from, hits) {
            let first = found.saturating_sub(lead).max(untried);
            for start in first..end {
                if !text.is_char_boundary(start) {
                    continue;
                }
                if let Some(found) = engine.anchored(start) {
                    return Some(found);
                }
            }
            untried = untried.max(end);
            from = end;
        }
        None
    }

    /// The next occurrence at or after `from`, as the range of the literal
    /// found, or with a required run, of the first run of literal characters
    /// that is long enough.
    fn next_occurrence(
        &self,
        text: &str,
        mut from: usize,
        hits: Option<&[LiteralHit]>,
    ) -> Option<(usize, usize)> {
        loop {
            if from > text.len() {
                return None;
            }
            let (start, end) = match (&self.shared, hits) {
                (Some(ids), Some(hits)) => {
                    let first = hits.partition_point(|h| h.start < from);
                    let hit = hits[first..].iter().find(|h| ids.contains(&h.literal))?;
                    (hit.start, hit.end)
                }
                _ => {
                    let found = self
                        .finder
                        .find(aho_corasick::Input::new(text).span(from..text.len()))?;
                    (found.start(), found.end())
                }
            };
            let Some((run, chars)) = &self.run else {
                return Some((start, end));
            };
            let mut end = start;
            let mut length = 0;
            for c in text[start..].chars() {
                if !chars.contains(&c) {
                    break;
                }
                end += c.len_utf8();
                length += 1;
            }
            if length >= *run {
                return Some((start, end));
            }
            from = end;
        }
    }
}

/// The set without the literals that hold another one (`工作总结` holds
/// `总结`): an occurrence of the longer is one of the shorter, which is
/// then found a little later in the match, as the lead says.
fn without_redundant(mut required: Required) -> Required {
    let literals = std::mem::take(&mut required.literals);
    let mut extra_lead = 0;
    for literal in &literals {
        let inner = literals
            .iter()
            .filter(|other| *other != literal)
            .filter_map(|other| literal.find(other.as_str()))
            .min();
        match inner {
            Some(offset) => extra_lead = extra_lead.max(offset),
            None => required.literals.push(literal.clone()),
        }
    }
    required.lead = required.lead.map(|lead| lead + extra_lead);
    required
}

/// Literals of which every match of `hir` contains at least one, with their
/// lead, or `None`.
fn required(hir: &Hir) -> Option<Required> {
    if let Some(exact) = exact(hir).filter(|set| usable(set)) {
        return Some(Required {
            literals: exact,
            lead: Some(0),
            run: 1,
        });
    }
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            // The first repetition holds a literal as early as the part
            // alone; repeated characters make a run.
            let mut part = required(&repetition.sub)?;
            let one_char = exact(&repetition.sub)
                .is_some_and(|set| usable(&set) && set.iter().all(|l| l.chars().count() == 1));
            if one_char {
                part.run = usize::try_from(repetition.min).unwrap_or(usize::MAX);
            }
            Some(part)
        }
        HirKind::Concat(children) => best_in_concat(children),
        HirKind::Alternation(branches) => {
            let mut union = Required {
                literals: Vec::new(),
                lead: Some(0),
                run: usize::MAX,
            };
            for branch in branches {
                let branch = required(branch)?;
                for literal in branch.literals {
                    if !union.literals.contains(&literal) {
                        union.literals.push(literal);
                    }
                }
                union.lead = union.lead.zip(branch.lead).map(|(a, b)| a.max(b));
                union.run = union.run.min(branch.run);
                if union.literals.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(union)
        }
        _ => None,
    }
}

/// The best required set among a concatenation's parts: a part's own
/// required set, or the strings of a run of consecutive exact parts
/// (`1[3-9]` gives `13`…`19`, rarer than `1`). Its lead counts the longest
/// the parts before it can be.
fn best_in_concat(children: &[Hir]) -> Option<Required> {
    let mut best: Option<Required> = None;
    let mut consider = |candidate: Vec<String>, lead: Option<usize>, run: usize| {
        if usable(&candidate)
            && best
                .as_ref()
                .is_none_or(|b| (score(&candidate), run) > (score(&b.literals), b.run))
        {
            best = Some(Required {
                literals: candidate,
                lead,
                run,
            });
        }
    };
    let mut before: Option<usize> = Some(0);
    for (i, child) in children.iter().enumerate() {
        if let Some(set) = required(child) {
            consider(
                set.literals,
                before.zip(set.lead).map(|(a, b)| a + b),
                set.run,
            );
        }
        let mut run: Option<Vec<String>> = None;
        for next in &children[i..] {
            let Some(part) = exact(next) else { break };
            let Some(product) = product(run.as_deref().unwrap_or(&[String::new()]), &part) else {
                break;
            };
            consider(product.clone(), before, 1);
            run = Some(product);
        }
        before = before
            .zip(child.properties().maximum_len())
            .map(|(a, b)| a.saturating_add(b));
    }
    best
}

/// A set is usable when it is small and has no empty string.
fn usable(set: &[String]) -> bool {
    !set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|s| !s.is_empty())
}

/// Longer literals are rarer; among equally long, fewer are better.
fn score(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|s| s.chars().count()).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// Every string `hir` can match, when they are few; `None` otherwise.
fn exact(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Literal(literal) => Some(vec![std::str::from_utf8(&literal.0).ok()?.to_string()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut chars = Vec::new();
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    chars.push(c.to_string());
                    if chars.len() > MAX_CLASS_CHARS {
                        return None;
                    }
                }
            }
            Some(chars)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Repetition(repetition) if Some(repetition.min) == repetition.max => {
            let part = exact(&repetition.sub)?;
            let mut strings = vec![String::new()];
            for _ in 0..repetition.min {
                strings = product(&strings, &part)?;
            }
            Some(strings)
        }
        HirKind::Repetition(_) => None,
        HirKind::Concat(children) => {
            let mut strings = vec![String::new()];
            for child in children {
                strings = product(&strings, &exact(child)?)?;
            }
            Some(strings)
        }
        HirKind::Alternation(branches) => {
            let mut union: Vec<String> = Vec::new();
            for branch in branches {
                for s in exact(branch)? {
                    if !union.contains(&s) {
                        union.push(s);
                    }
                }
                if union.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(union)
        }
    }
}

/// Every concatenation of a string of `left` with one of `right`, when few.
fn product(left: &[String], right: &[String]) -> Option<Vec<String>> {
    if left.len() * right.len() > MAX_LITERALS {
        return None;
    }
    let mut strings = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            if l.len() + r.len() > MAX_JOINED_BYTES && !l.is_empty() && !r.is_empty() {
                return None;
            }
            let s = format!("{l}{r}");
            if !strings.contains(&s) {
                strings.push(s);
            }
        }
    }
    Some(strings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::{meta, util::captures::Captures, Anchored, Input};

    fn required_of(pattern: &str) -> Option<Vec<String>> {
        required(&regex_syntax::parse(pattern).unwrap()).map(|required| {
            let mut set = required.literals;
            set.sort();
            set
        })
    }

    fn run_of(pattern: &str) -> usize {
        required(&regex_syntax::parse(pattern).unwrap())
            .expect("a required set")
            .run
    }

    fn lead_of(pattern: &str) -> Option<usize> {
        required(&regex_syntax::parse(pattern).unwrap())
            .expect("a required set")
            .lead
    }

    fn compile(pattern: &str) -> meta::Regex {
        meta::Regex::new(pattern).unwrap()
    }

    /// The regex engine itself, as a gate's engine.
    struct Plain<'a> {
        regex: &'a meta::Regex,
        caps: &'a mut Captures,
        text: &'a str,
    }

    impl Engine for Plain<'_> {
        fn anchored(&mut self, start: usize) -> Option<Range<usize>> {
            let input = Input::new(self.text)
                .span(start..self.text.len())
                .anchored(Anchored::Yes);
            self.regex.search_captures(&input, self.caps);
            self.caps.get_match().map(|m| m.range())
        }

        fn search_from(&mut self, start: usize) -> Option<Range<usize>> {
            let input = Input::new(self.text).span(start..self.text.len());
            self.regex.search_captures(&input, self.caps);
            self.caps.get_match().map(|m| m.range())
        }
    }

    fn gated(
        gate: &Gate,
        regex: &meta::Regex,
        caps: &mut Captures,
        text: &str,
        at: usize,
    ) -> Option<Range<usize>> {
        let mut engine = Plain { regex, caps, text };
        gate.next_match(&mut engine, text, at, None)
    }

    /// Every match found by the gate from `at`, compared with a plain
    /// search, groups included.
    fn assert_gated_equals_plain(pattern: &str, gate: &Gate, text: &str) {
        let regex = compile(pattern);
        let mut gated_caps = regex.create_captures();
        let mut plain = regex.create_captures();
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            regex.search_captures(&Input::new(text).span(at..text.len()), &mut plain);
            let found = gated(gate, &regex, &mut gated_caps, text, at);
            assert_eq!(
                found,
                plain.get_match().map(|m| m.range()),
                "{pattern} from {at} in {text:?}"
            );
            if found.is_some() {
                let groups = |caps: &Captures| -> Vec<_> {
                    (0..caps.group_len()).map(|g| caps.get_group(g)).collect()
                };
                assert_eq!(
                    groups(&gated_caps),
                    groups(&plain),
                    "{pattern} from {at} in {text:?}"
                );
            }
        }
    }

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        let mut set: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        set.sort();
        Some(set)
    }

    #[test]
    fn alternation_branches_share_their_required_marks() {
        assert_eq!(
            required_of(r"[\p{Han}”）](?P<a>[,;:?!])|(?P<b>[,;:?!])[\p{Han}“（]"),
            strings(&["!", ",", ":", ";", "?"])
        );
    }

    #[test]
    fn runs_of_exact_parts_give_longer_literals() {
        assert_eq!(
            required_of(r"(?:^|[^0-9])1[3-9]\d{9}"),
            strings(&["13", "14", "15", "16", "17", "18", "19"])
        );
        assert_eq!(
            required_of(r"(?:条例|法定)[^。]*?(?P<days>\d+)日"),
            strings(&["条例", "法定"])
        );
    }

    #[test]
    fn common_characters_make_no_gate() {
        assert!(Gate::for_pattern(r"(?m)^\d{1,2}(?P<dun>、)[^\d]").is_none());
        assert!(Gate::for_pattern(r"\p{Han}(?P<wrong>[.．,，])").is_none());
        assert!(Gate::for_pattern(r"\p{Han}(?P<wrong>[.．,])").is_some());
        // Two characters together are rare even when each is common.
        assert!(Gate::for_pattern(r"[一二三](?P<wrong>[.．,，])").is_some());
    }

    #[test]
    fn many_small_parts_are_joined_only_up_to_a_bound() {
        // 3,000 one-letter groups: joining every run whole took cubic time
        // (2 s at load for this pattern, minutes for a few more groups).
        let pattern = format!("{}\\w", "(a)".repeat(3000));
        let required = required_of(&pattern).expect("a gate");
        assert!(
            required.iter().all(|l| l.len() <= MAX_JOINED_BYTES),
            "{required:?}"
        );
        let alternatives = (0..5000)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(required_of(&alternatives), None, "too many literals");
    }

    #[test]
    fn optional_or_unbounded_parts_require_nothing() {
        assert_eq!(required_of(r"a?"), None);
        assert_eq!(required_of(r"[\p{Han}]+"), None);
        assert_eq!(required_of(r"x|[\p{Han}]"), None);
        assert_eq!(required_of(r"(?:的)*"), None);
    }

    #[test]
    fn gate_start_never_passes_a_match() {
        let pattern = r"[\p{Han}”）](?P<a>[,;:?!])|(?P<b>[,;:?!])[\p{Han}“（]";
        let gate = Gate::for_pattern(pattern).unwrap();
        assert!(gate.anchored_tries);
        assert_gated_equals_plain(
            pattern,
            &gate,
            "前文很长很长很长的句子。然后,这里;以及 a,b 和结尾",
        );
        let regex = compile(pattern);
        let mut caps = regex.create_captures();
        assert_eq!(gated(&gate, &regex, &mut caps, "没有半角标点。", 0), None);
    }

    #[test]
    fn literals_holding_another_are_dropped_and_the_lead_grows() {
        let minimal = |pattern: &str| {
            let mut set =
                without_redundant(required(&regex_syntax::parse(pattern).unwrap()).unwrap());
            set.literals.sort();
            (set.literals, set.lead)
        };
        assert_eq!(
            minimal(r"(?:工作总结|总结)和"),
            (vec!["总结和".to_string()], Some(6))
        );
        assert_eq!(
            minimal(r"\*{2,}|\*(?:条|个)|〔"),
            (vec!["*".to_string(), "〔".to_string()], Some(0))
        );
        assert_eq!(
            minimal(r"ab|ba"),
            (vec!["ab".to_string(), "ba".to_string()], Some(0))
        );
    }

    #[test]
    fn repeated_characters_make_a_required_run() {
        assert_eq!(run_of(r"(?:^|[^0-9A-Za-z])(?P<id>[0-9]{17}[0-9Xx])"), 17);
        assert_eq!(run_of(r"[0-9]{3,}[a-z]"), 3);
        // A rarer single literal wins over the run.
        assert_eq!(run_of(r"[0-9]{3,}x"), 1);
        assert_eq!(
            run_of(r"a[0-9]{4}|b[0-9]{2}"),
            1,
            "the union of runs of 4 and 2 of different sets"
        );
        assert_eq!(run_of(r"[0-9]{4}|[0-9]{2}"), 2);
        // Each repetition is a digit and a letter: no two digits in a row.
        assert_eq!(run_of(r"(?:[0-9][a-z]){3}"), 1);
        assert_eq!(run_of(r"(?:1|23){3}"), 1);
    }

    #[test]
    fn leads_count_the_longest_parts_before_the_literal() {
        // A Han character takes up to 4 bytes (astral ideographs).
        assert_eq!(
            lead_of(r"[\p{Han}”）](?P<a>[,;:?!])|(?P<b>[,;:?!])[\p{Han}“（]"),
            Some(4)
        );
        assert_eq!(lead_of(r"(?:^|[^0-9])1[3-9][0-9]{9}"), Some(4));
        assert_eq!(lead_of(r"条例|法定"), Some(0));
        assert_eq!(lead_of(r"[a-z]{2,5}x"), Some(5));
        assert_eq!(lead_of(r"[a-z]+x"), None);
        // The first repetition holds the literal.
        assert_eq!(lead_of(r"(?:[a-z]x)+"), Some(1));
    }

    /// The gated search finds, from every position, what a plain search
    /// finds, for patterns with assertions next to the window's edges,
    /// case folding, astral literals and dense or overlapping literals.
    #[test]
    fn gated_search_equals_plain_search_on_tricky_patterns() {
        let patterns = [
            r"\bab\b",
            r"x$",
            r"(?m)x$",
            r"(?i)ab",
            r"[0-9]{3}(?:[^0-9]|$)",
            r"(?:^|[^0-9])1[3-9][0-9]{2}",
            r"𠀀{1,3}推",
            r"(?:aa|a)b",
            r"ab|abab",
            r"的{2}",
            r"[，,]?不公开",
            // The search reports `ab` and skips the `bc` inside it.
            r"ab\p{Han}|bc",
            // Unbounded, or a lead too long for anchored tries.
            r"1[3-9][0-9]+",
            r"[a-z]{30,80}x",
            // Required runs: 17 digits, 3 or more, one of two lengths.
            r"(?:^|[^0-9A-Za-z])(?P<id>[0-9]{17}[0-9Xx])(?:[^0-9A-Za-z]|$)",
            r"[0-9]{3,}x",
            r"[0-9]{3,}[a-z]",
            r"[0-9]{4}年|第[0-9]{2}",
            r"(?:[0-9][a-z]){3}",
            // Literals holding others: `b` is searched for, two bytes late.
            r"(?:aab|b)[0-9]",
        ];
        let texts = [
            "号码110101199003077777与1101011990030777X，2022年12345678901234567890",
            "12x 123x 1234x 12x3x a1b2c3 1a2b3",
            "第1 第12 第123 2022年 202年 20221年",
            "aab1 ab2 b3 aab",
            "ab abc xab ab",
            "x\nx x",
            "AB aB ab",
            "123 4567 89012 345",
            "a1390 b13 1234 11399 x1300",
            "𠀀推𠀀𠀀𠀀推推",
            "aab ab aaab",
            "ababab",
            "abc xabcd ab推",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnx yzx",
            "的的的，不公开,不公开不公开",
            "",
        ];
        for pattern in patterns {
            let Some(gate) = Gate::for_pattern(pattern) else {
                continue;
            };
            for text in texts {
                assert_gated_equals_plain(pattern, &gate, text);
            }
        }
        // These patterns get gates (else the test above checks nothing).
        for pattern in [
            r"\bab\b",
            r"x$",
            r"[0-9]{3}(?:[^0-9]|$)",
            r"𠀀{1,3}推",
            r"ab|abab",
            r"ab\p{Han}|bc",
            r"1[3-9][0-9]+",
            r"[a-z]{30,80}x",
            r"[0-9]{3,}[a-z]",
        ] {
            assert!(Gate::for_pattern(pattern).is_some(), "{pattern}");
        }
        let id = r"(?:^|[^0-9A-Za-z])(?P<id>[0-9]{17}[0-9Xx])(?:[^0-9A-Za-z]|$)";
        assert!(Gate::for_pattern(id).is_some_and(|g| g.anchored_tries && g.run.is_some()));
        assert!(!Gate::for_pattern(r"1[3-9][0-9]+").unwrap().anchored_tries);
        assert!(!Gate::for_pattern(r"[a-z]{30,80}x").unwrap().anchored_tries);
        assert!(Gate::for_pattern(r"ab\p{Han}|bc").unwrap().anchored_tries);
    }
}
