//! Inline suppressions in `.txt` and `.md` files, as HTML comments on lines
//! of their own (so they stay invisible in rendered Markdown):
//!
//! - `<!-- zwgk-disable-next-line RULE… -->`: the next non-blank line;
//! - `<!-- zwgk-disable RULE… -->` … `<!-- zwgk-enable RULE… -->`: the lines between
//!   (to the end of the file when never enabled again).
//!
//! RULE is a rule id or a pack id, separated by spaces or commas; without one
//! the comment covers every rule. Comment lines are left out of the matching
//! view, so they are never linted themselves.

use std::ops::Range;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule or pack ids; empty means every rule.
    pub selectors: Vec<String>,
    /// Byte range of the comment itself.
    pub comment: Range<usize>,
    /// Byte range of the original text the directive covers (empty for `enable`).
    pub covers: Range<usize>,
}

impl Directive {
    pub fn selects(&self, rule_id: &str, pack: &str) -> bool {
        self.selectors.is_empty() || self.selectors.iter().any(|s| s == rule_id || s == pack)
    }
}

fn directive_regex() -> &'static Regex {
    static REGEX: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    REGEX.get_or_init(|| {
        Regex::new(r"(?m)^[ \t\u{3000}]*<!--\s*zwgk-(disable-next-line|disable|enable)\b([^\n]*?)-->[ \t\u{3000}]*\r?$")
            .expect("valid directive regex")
    })
}

/// Whether a line is an HTML comment and nothing else (such lines are not linted).
pub fn is_comment_line(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("<!--") && line.ends_with("-->")
}

/// Finds the directives of a text, with what each covers.
pub fn parse(text: &str) -> Vec<Directive> {
    let mut directives: Vec<Directive> = Vec::new();
    for caps in directive_regex().captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let kind = match &caps[1] {
            "disable-next-line" => DirectiveKind::DisableNextLine,
            "disable" => DirectiveKind::Disable,
            _ => DirectiveKind::Enable,
        };
        let selectors: Vec<String> = caps[2]
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let comment_end = whole.end();
        let covers = match kind {
            DirectiveKind::DisableNextLine => next_content_line(text, comment_end),
            DirectiveKind::Disable => comment_end..text.len(),
            DirectiveKind::Enable => comment_end..comment_end,
        };
        if kind == DirectiveKind::Enable {
            // Close the open `disable`s this `enable` names (all, when it names none).
            for open in directives
                .iter_mut()
                .filter(|d| d.kind == DirectiveKind::Disable && d.covers.end == text.len())
            {
                if selectors.is_empty() || open.selectors.iter().all(|s| selectors.contains(s)) {
                    open.covers.end = whole.start();
                }
            }
        }
        directives.push(Directive {
            kind,
            selectors,
            comment: whole.start()..whole.end(),
            covers,
        });
    }
    directives
}

/// The range of the first line after `from` with content that is not a comment.
fn next_content_line(text: &str, from: usize) -> Range<usize> {
    let mut start = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        if !line.trim().is_empty() && !is_comment_line(line) {
            return start..end;
        }
        start = end + 1;
    }
    text.len()..text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_ranges() {
        let text = "甲\n<!-- zwgk-disable-next-line style/typo -->\n\n乙做为\n<!-- zwgk-disable style -->\n丙\n<!-- zwgk-enable style -->\n丁\n";
        let directives = parse(text);
        assert_eq!(directives.len(), 3);
        assert_eq!(&text[directives[0].covers.clone()], "乙做为");
        assert_eq!(directives[0].selectors, ["style/typo"]);
        assert_eq!(&text[directives[1].covers.clone()], "\n丙\n");
        assert!(directives[1].selects("style/typo", "style"));
        assert!(!directives[1].selects("summary/reporting-year", "summary"));
    }

    #[test]
    fn a_disable_never_enabled_runs_to_the_end() {
        let text = "<!-- zwgk-disable -->\n全文";
        let d = &parse(text)[0];
        assert_eq!(&text[d.covers.clone()], "\n全文");
        assert!(d.selects("any/rule", "any"));
    }

    #[test]
    fn comments_inside_a_line_are_not_directives() {
        assert!(parse("正文<!-- zwgk-disable -->正文").is_empty());
    }
}
