//! Regexes whose every match is one of a few fixed runs of characters, each
//! from a class (`[\p{Han}”）](?P<a>[,;:?!])|(?P<b>[,;:?!])[\p{Han}“（]`),
//! tried anchored by testing the characters one by one. The regex engine
//! answers such a try too, but its dispatch costs about ten times the test
//! (measured on the half-width punctuation rule: ~600 instructions a try).

use std::ops::Range;

use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::PatternID;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest run of characters a branch may have.
const MAX_ITEMS: usize = 16;
/// The most branches a pattern may have.
const MAX_BRANCHES: usize = 8;

/// The branches of such a regex, in order of priority.
#[derive(Debug, Clone)]
pub struct Sequences {
    branches: Vec<Branch>,
    /// The slots of the whole match in the regex's captures.
    whole: (usize, usize),
}

/// One alternative: a character from each class in turn, and the groups
/// around runs of them.
#[derive(Debug, Clone, Default)]
struct Branch {
    /// Each position's class, as sorted, disjoint inclusive ranges.
    classes: Vec<Vec<(char, char)>>,
    /// Each group, as its slots in the regex's captures, with the positions
    /// it spans (`start..end`).
    groups: Vec<((usize, usize), Range<usize>)>,
}

impl Sequences {
    /// The branches of `pattern`, or `None` when a match can be anything
    /// else than a fixed run of characters: a repetition of varying length,
    /// an assertion, an alternation inside a branch, an empty branch.
    /// `groups` are those of the regex compiled from `pattern`.
    pub fn for_pattern(pattern: &str, groups: &GroupInfo) -> Option<Self> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let alternatives = match hir.kind() {
            HirKind::Alternation(branches) => branches.iter().collect(),
            _ => vec![&hir],
        };
        if alternatives.len() > MAX_BRANCHES {
            return None;
        }
        let mut branches = Vec::new();
        for alternative in alternatives {
            let mut branch = Branch::default();
            add(alternative, &mut branch, groups)?;
            if branch.classes.is_empty() {
                return None;
            }
            branches.push(branch);
        }
        Some(Self {
            branches,
            whole: groups.slots(PatternID::ZERO, 0)?,
        })
    }

    /// The match starting at `start`, with its groups in `caps` (which must
    /// be the captures of the regex compiled from the same pattern). As the
    /// regex, the first branch that matches wins.
    pub fn match_at(&self, text: &str, start: usize, caps: &mut Captures) -> Option<Range<usize>> {
        let rest = text.get(start..)?;
        let mut ends = [0usize; MAX_ITEMS + 1];
        'branches: for branch in &self.branches {
            let mut chars = rest.char_indices();
            for (i, class) in branch.classes.iter().enumerate() {
                let Some((offset, c)) = chars.next() else {
                    continue 'branches;
                };
                ends[i] = start + offset;
                if !contains(class, c) {
                    continue 'branches;
                }
            }
            let end = chars
                .next()
                .map_or(text.len(), |(offset, _)| start + offset);
            ends[branch.classes.len()] = end;
            caps.set_pattern(Some(PatternID::ZERO));
            let slots = caps.slots_mut();
            slots.fill(None);
            slots[self.whole.0] = NonMaxUsize::new(start);
            slots[self.whole.1] = NonMaxUsize::new(end);
            for ((first, last), positions) in &branch.groups {
                slots[*first] = NonMaxUsize::new(ends[positions.start]);
                slots[*last] = NonMaxUsize::new(ends[positions.end]);
            }
            return Some(start..end);
        }
        caps.set_pattern(None);
        None
    }
}

/// Appends `hir`'s run of characters to `branch`, or fails outside the subset.
fn add(hir: &Hir, branch: &mut Branch, groups: &GroupInfo) -> Option<()> {
    match hir.kind() {
        HirKind::Literal(literal) => {
            for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                push(branch, vec![(c, c)])?;
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            push(
                branch,
                class
                    .ranges()
                    .iter()
                    .map(|r| (r.start(), r.end()))
                    .collect(),
            )?;
        }
        HirKind::Capture(capture) => {
            let first = branch.classes.len();
            add(&capture.sub, branch, groups)?;
            let index = usize::try_from(capture.index).ok()?;
            let slots = groups.slots(PatternID::ZERO, index)?;
            branch.groups.push((slots, first..branch.classes.len()));
        }
        HirKind::Concat(parts) => {
            for part in parts {
                add(part, branch, groups)?;
            }
        }
        HirKind::Repetition(repetition) if Some(repetition.min) == repetition.max => {
            for _ in 0..repetition.min {
                add(&repetition.sub, branch, groups)?;
            }
        }
        _ => return None,
    }
    Some(())
}

fn push(branch: &mut Branch, class: Vec<(char, char)>) -> Option<()> {
    if branch.classes.len() == MAX_ITEMS {
        return None;
    }
    branch.classes.push(class);
    Some(())
}

fn contains(class: &[(char, char)], c: char) -> bool {
    match class {
        [(low, high)] => (*low..=*high).contains(&c),
        _ => class
            .binary_search_by(|&(low, high)| {
                if high < c {
                    std::cmp::Ordering::Less
                } else if low > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::{meta, Anchored, Input};

    /// Every anchored try, from every position, equals the regex's own.
    fn assert_same_as_regex(pattern: &str, texts: &[&str]) {
        let regex = meta::Regex::new(pattern).unwrap();
        let sequences = Sequences::for_pattern(pattern, regex.group_info()).expect("in the subset");
        let mut expected = regex.create_captures();
        let mut found = regex.create_captures();
        for text in texts {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let input = Input::new(text)
                    .span(start..text.len())
                    .anchored(Anchored::Yes);
                regex.search_captures(&input, &mut expected);
                let range = sequences.match_at(text, start, &mut found);
                assert_eq!(
                    range,
                    expected.get_match().map(|m| m.range()),
                    "{pattern} at {start} in {text:?}"
                );
                let groups = |caps: &Captures| -> Vec<_> {
                    (0..caps.group_len()).map(|g| caps.get_group(g)).collect()
                };
                if range.is_some() {
                    assert_eq!(
                        groups(&found),
                        groups(&expected),
                        "{pattern} at {start} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn anchored_tries_equal_the_regex_on_the_half_width_pattern() {
        assert_same_as_regex(
            r"[\p{Han}”’）》】](?P<after_han>[,;:?!])|(?P<before_han>[,;:?!])[\p{Han}“‘（《【]",
            &[
                "全市,共有;",
                ",全市:",
                "a,b 1,200",
                "“,”",
                "𠀀,𠀀",
                "",
                ",",
                "中",
            ],
        );
    }

    #[test]
    fn anchored_tries_equal_the_regex_on_literals_groups_and_counted_repeats() {
        assert_same_as_regex(
            r"(?P<x>ab)(?P<y>[0-9]{2})|a(b)c|第[一二三](?:条)",
            &["ab12 abc ab1 abcd", "第一条 第二 第四条", "aab12"],
        );
        assert_same_as_regex(r"(?i)ab|é", &["AB aB Éé e"]);
        // Both branches match the same text: the first wins, with its group.
        assert_same_as_regex(r"(?P<p>a)b|a(?P<q>b)", &["ab"]);
    }

    #[test]
    fn other_shapes_are_left_to_the_regex_engine() {
        for pattern in [
            r"a+",
            r"a?b",
            r"^a",
            r"a\b",
            r"a(?:bc|d)",
            r"",
            r"a|",
            r"[a-z]{1,3}",
        ] {
            let info = meta::Regex::new(pattern).unwrap().group_info().clone();
            assert!(
                Sequences::for_pattern(pattern, &info).is_none(),
                "{pattern}"
            );
        }
        let long = "a".repeat(MAX_ITEMS + 1);
        let info = meta::Regex::new(&long).unwrap().group_info().clone();
        assert!(Sequences::for_pattern(&long, &info).is_none());
    }
}
