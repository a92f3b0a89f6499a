//! Required literals: a few short strings of which every match of a regex
//! contains one (`,;:?!` for the half-width punctuation rule). A literal
//! search for them skips, between matches, the text a regex engine would
//! otherwise walk byte by byte: no match can start more than the regex's
//! longest match before the next such literal. This is the regex engine's
//! "inner literal" optimisation, which it applies to one concatenation but
//! not across the branches of an alternation (where rules need it).

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::{ceil_boundary, floor_boundary};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The most literals a required set may have (more make a slow search).
const MAX_LITERALS: usize = 64;
/// The longest literal built by joining parts: longer ones are no rarer,
/// and joining without a bound costs cubic time on a concatenation of many
/// small parts (`(a)(a)(a)…`).
const MAX_JOINED_BYTES: usize = 32;
/// The most characters a class may have to count as a set of literals.
const MAX_CLASS_CHARS: usize = 16;
/// Characters so common in Chinese prose (each above 1% of the characters
/// of the sample corpus) that a required set holding one of them alone
/// skips nothing: such a set is no gate.
const COMMON: &[&str] = &["，", "、", "。", "的", "公", "开", "政", "务"];

/// Finds where the next match of a regex can start.
#[derive(Debug, Clone)]
pub struct Gate {
    finder: AhoCorasick,
    /// The longest match of the regex, in bytes, when it is bounded.
    max_len: Option<usize>,
}

impl Gate {
    /// A gate for `pattern`, or `None` when its matches share no small set of
    /// literals (or it cannot be parsed, which the regex compiler reports).
    pub fn for_pattern(pattern: &str) -> Option<Self> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let literals = required(&hir)?;
        if literals.iter().any(|l| COMMON.contains(&l.as_str())) {
            return None;
        }
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&literals)
            .ok()?;
        Some(Self {
            finder,
            max_len: hir.properties().maximum_len(),
        })
    }

    /// The next match of `regex` (the regex this gate was built for) that
    /// starts at or after `at`, with its groups in `caps`. With a bounded
    /// match length, the regex runs only in a window around each literal
    /// occurrence; otherwise from `at`, once a literal is known to follow.
    pub fn captures_at(
        &self,
        regex: &regex::Regex,
        caps: &mut regex::CaptureLocations,
        text: &str,
        at: usize,
    ) -> Option<std::ops::Range<usize>> {
        let mut from = at;
        loop {
            let next = self.next_literal(text, from)?;
            let Some(max_len) = self.max_len else {
                return regex.captures_read_at(caps, text, at).map(|m| m.range());
            };
            // A match holding this occurrence starts at most `max_len` before
            // it. The window reaches further than the occurrence's matches
            // (`slack`), so that dense occurrences (digits) share one search.
            let start = floor_boundary(text, next.saturating_sub(max_len))
                .max(from.min(next))
                .max(at);
            let slack = max_len.saturating_mul(4).clamp(16, 256);
            let reach = ceil_boundary(text, next.saturating_add(slack).min(text.len()));
            // Every match starting at or before `reach` ends within the
            // window; one character more lets assertions at its end (`$`,
            // `\b`) see the real text.
            let end = ceil_boundary(text, reach.saturating_add(max_len).min(text.len()));
            let end = text[end..]
                .chars()
                .next()
                .map_or(end, |c| end + c.len_utf8());
            if let Some(found) = regex.captures_read_at(caps, &text[..end], start) {
                // A match starting past `reach` may be cut off by the window.
                if found.start() <= reach {
                    return Some(found.range());
                }
            }
            // No match starts in start..=reach: go on from the next literal after it.
            from = reach + text[reach..].chars().next().map_or(1, char::len_utf8);
        }
    }

    /// Where the next required literal at or after `from` starts.
    fn next_literal(&self, text: &str, from: usize) -> Option<usize> {
        if from > text.len() {
            return None;
        }
        let found = self.finder.find(Input::new(text).span(from..text.len()))?;
        Some(found.start())
    }
}

/// Literals of which every match of `hir` contains at least one, or `None`.
fn required(hir: &Hir) -> Option<Vec<String>> {
    if let Some(exact) = exact(hir).filter(|set| usable(set)) {
        return Some(exact);
    }
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Concat(children) => best_in_concat(children),
        HirKind::Alternation(branches) => {
            let mut union: Vec<String> = Vec::new();
            for branch in branches {
                for literal in required(branch)? {
                    if !union.contains(&literal) {
                        union.push(literal);
                    }
                }
                if union.len() > MAX_LITERALS {
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
/// (`1[3-9]` gives `13`…`19`, rarer than `1`).
fn best_in_concat(children: &[Hir]) -> Option<Vec<String>> {
    let mut best: Option<Vec<String>> = None;
    let mut consider = |candidate: Vec<String>| {
        if usable(&candidate) && best.as_ref().is_none_or(|b| score(&candidate) > score(b)) {
            best = Some(candidate);
        }
    };
    for (i, child) in children.iter().enumerate() {
        if let Some(set) = required(child) {
            consider(set);
        }
        let mut run: Option<Vec<String>> = None;
        for next in &children[i..] {
            let Some(part) = exact(next) else { break };
            let Some(product) = product(run.as_deref().unwrap_or(&[String::new()]), &part) else {
                break;
            };
            consider(product.clone());
            run = Some(product);
        }
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

    fn required_of(pattern: &str) -> Option<Vec<String>> {
        required(&regex_syntax::parse(pattern).unwrap()).map(|mut set| {
            set.sort();
            set
        })
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
        let regex = regex::Regex::new(pattern).unwrap();
        let text = "前文很长很长很长的句子。然后,这里;以及 a,b 和结尾";
        let mut caps = regex.capture_locations();
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let plain = regex.find_at(text, at).map(|m| m.range());
            assert_eq!(
                gate.captures_at(&regex, &mut caps, text, at),
                plain,
                "from {at}"
            );
        }
        assert_eq!(
            gate.captures_at(&regex, &mut caps, "没有半角标点。", 0),
            None
        );
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
        ];
        let texts = [
            "ab abc xab ab",
            "x\nx x",
            "AB aB ab",
            "123 4567 89012 345",
            "a1390 b13 1234 11399 x1300",
            "𠀀推𠀀𠀀𠀀推推",
            "aab ab aaab",
            "ababab",
            "的的的，不公开,不公开不公开",
            "",
        ];
        for pattern in patterns {
            let Some(gate) = Gate::for_pattern(pattern) else {
                continue;
            };
            let regex = regex::Regex::new(pattern).unwrap();
            let mut caps = regex.capture_locations();
            for text in texts {
                for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let plain = regex.find_at(text, at).map(|m| m.range());
                    let gated = gate.captures_at(&regex, &mut caps, text, at);
                    assert_eq!(gated, plain, "{pattern} from {at} in {text:?}");
                }
            }
        }
        // These patterns get gates (else the test above checks nothing).
        for pattern in [
            r"\bab\b",
            r"x$",
            r"[0-9]{3}(?:[^0-9]|$)",
            r"𠀀{1,3}推",
            r"ab|abab",
        ] {
            assert!(Gate::for_pattern(pattern).is_some(), "{pattern}");
        }
    }
}
