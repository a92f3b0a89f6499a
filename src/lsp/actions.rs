//! Code actions: a rule's fix, suppression comments for a line or the
//! whole file, and every safe fix at once (`source.fixAll.zwgk`).

use std::collections::HashSet;

use lsp_types::{Position, Range, TextEdit};
use serde_json::{json, Value};

use super::lint::{Item, Linted};
use super::text::{self, Encoding};
use crate::document::LineIndex;

pub const QUICKFIX: &str = "quickfix";
pub const FIX_ALL: &str = "source.fixAll.zwgk";

/// Whether an action of `kind` is wanted by the request's `only` filter
/// (kinds are hierarchical: `source.fixAll` asks for `source.fixAll.zwgk`).
pub fn wanted(only: Option<&[String]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            kind == k
                || kind
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// Whether two ranges touch or overlap.
fn touches(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Builds a workspace edit for one document.
pub struct EditTarget<'a> {
    pub uri: &'a str,
    pub version: i32,
    /// The client understands `documentChanges` (versioned edits).
    pub versioned: bool,
}

impl EditTarget<'_> {
    pub fn edit(&self, edits: &[TextEdit]) -> Value {
        if self.versioned {
            json!({ "documentChanges": [{
                "textDocument": { "uri": self.uri, "version": self.version },
                "edits": edits,
            }] })
        } else {
            json!({ "changes": { self.uri: edits } })
        }
    }
}

/// The text of 0-based `line` without its line break, and the break
/// itself (`\n`, `\r\n`, or empty on the last line).
fn line_parts<'t>(text: &'t str, lines: &LineIndex, line: usize) -> (&'t str, &'t str) {
    if line >= lines.line_count() {
        return ("", "");
    }
    let start = lines.line_start(line);
    let end = if line + 1 < lines.line_count() {
        lines.line_start(line + 1)
    } else {
        text.len()
    };
    let full = &text[start..end];
    let content = full.trim_end_matches(['\n', '\r']);
    (content, &full[content.len()..])
}

/// If `line` is a suppression comment of `kind` naming some rules, the edit
/// that adds `rule` to it (or `None` when it already covers the rule).
fn extend_comment(
    text: &str,
    lines: &LineIndex,
    line: usize,
    kind: &str,
    rule: &str,
    encoding: Encoding,
) -> Option<Option<TextEdit>> {
    let (content, _) = line_parts(text, lines, line);
    let trimmed = content.trim();
    let inner = trimmed.strip_prefix("<!--")?.strip_suffix("-->")?;
    let selectors = inner.trim().strip_prefix(kind)?;
    if !selectors.is_empty() && !selectors.starts_with([' ', '\t', ',']) {
        return None; // `zwgk-disable` must not match `zwgk-disable-next-line`
    }
    let names: Vec<&str> = selectors
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    let pack = rule.split('/').next().unwrap_or(rule);
    if names.is_empty() || names.iter().any(|n| *n == rule || *n == pack) {
        return Some(None); // already covers it
    }
    let line_start = lines.line_start(line);
    let close = line_start + content.rfind("-->")?;
    let before = text[..close].trim_end_matches([' ', '\t']).len();
    let at = text::position(text, lines, before, encoding);
    Some(Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!(" {rule}"),
    }))
}

/// The edit that suppresses `rule` on 0-based `line`: a
/// `zwgk-disable-next-line` comment above it, or the rule added to one
/// that is already there.
fn disable_line(
    text: &str,
    lines: &LineIndex,
    line: usize,
    rule: &str,
    encoding: Encoding,
) -> Option<TextEdit> {
    if line > 0 {
        if let Some(extension) = extend_comment(
            text,
            lines,
            line - 1,
            "zwgk-disable-next-line",
            rule,
            encoding,
        ) {
            return extension;
        }
    }
    // Not indented: in Markdown an indented comment would be a code block.
    let mut newline = line_parts(text, lines, line).1;
    if newline.is_empty() {
        newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    }
    let at = Position::new(line as u32, 0);
    Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!("<!-- zwgk-disable-next-line {rule} -->{newline}"),
    })
}

/// The edit that suppresses `rule` in the whole file: a `zwgk-disable`
/// comment on the first line (or the rule added to one already there).
fn disable_file(text: &str, lines: &LineIndex, rule: &str, encoding: Encoding) -> Option<TextEdit> {
    if let Some(extension) = extend_comment(text, lines, 0, "zwgk-disable", rule, encoding) {
        return extension;
    }
    let newline = match line_parts(text, lines, 0).1 {
        "" => "\n",
        other => other,
    };
    let at = Position::new(0, 0);
    Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!("<!-- zwgk-disable {rule} -->{newline}"),
    })
}

fn quickfix_title(item: &Item) -> Option<String> {
    let fix = item.fix.as_ref()?;
    let rule = item.rule.as_deref()?;
    let title = match (&fix.replacement, fix.edits.len()) {
        (Some(r), _) if r.is_empty() => format!("删除此处（{rule}）"),
        (Some(r), _) => format!("改为“{r}”（{rule}）"),
        (None, n) => format!("应用 {rule} 的全部 {n} 处修改"),
    };
    Some(if fix.safe {
        title
    } else {
        format!("{title}（需人工确认）")
    })
}

/// Every code action for `range` of a document.
pub fn actions(
    text: &str,
    linted: &Linted,
    range: &Range,
    only: Option<&[String]>,
    target: &EditTarget,
    encoding: Encoding,
) -> Vec<Value> {
    let lines = LineIndex::new(text);
    let mut actions = Vec::new();
    let mut disables = Vec::new();
    let mut seen = HashSet::new();
    for item in linted
        .items
        .iter()
        .filter(|i| touches(&i.diagnostic.range, range))
    {
        let Some(rule) = item.rule.as_deref() else {
            continue;
        };
        if !wanted(only, QUICKFIX) {
            continue;
        }
        if let (Some(fix), Some(title)) = (&item.fix, quickfix_title(item)) {
            actions.push(json!({
                "title": title,
                "kind": QUICKFIX,
                "diagnostics": [item.diagnostic],
                "isPreferred": fix.safe,
                "edit": target.edit(&fix.edits),
            }));
        }
        if !item.suppressible {
            continue;
        }
        let line = item.diagnostic.range.start.line as usize;
        if seen.insert((rule.to_string(), Some(line))) {
            if let Some(edit) = disable_line(text, &lines, line, rule, encoding) {
                disables.push(json!({
                    "title": format!("在此行停用 {rule}"),
                    "kind": QUICKFIX,
                    "diagnostics": [item.diagnostic],
                    "edit": target.edit(&[edit]),
                }));
            }
        }
        if seen.insert((rule.to_string(), None)) {
            if let Some(edit) = disable_file(text, &lines, rule, encoding) {
                disables.push(json!({
                    "title": format!("在本文件停用 {rule}"),
                    "kind": QUICKFIX,
                    "diagnostics": [item.diagnostic],
                    "edit": target.edit(&[edit]),
                }));
            }
        }
    }
    actions.append(&mut disables);
    if !linted.fix_all.is_empty() && wanted(only, FIX_ALL) {
        actions.push(json!({
            "title": "zwgk：应用全部可自动修改的问题",
            "kind": FIX_ALL,
            "edit": target.edit(&linted.fix_all),
        }));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_hierarchical() {
        assert!(wanted(None, FIX_ALL));
        let only = ["source.fixAll".to_string()];
        assert!(wanted(Some(&only), FIX_ALL));
        assert!(!wanted(Some(&only), QUICKFIX));
        let only = ["source.fix".to_string()];
        assert!(!wanted(Some(&only), FIX_ALL));
    }

    #[test]
    fn versioned_edits_when_the_client_supports_them() {
        let edits = [TextEdit {
            range: Range::new(Position::new(0, 1), Position::new(0, 2)),
            new_text: "作为".into(),
        }];
        let mut target = EditTarget {
            uri: "file:///a.txt",
            version: 7,
            versioned: true,
        };
        let edit = target.edit(&edits);
        assert_eq!(edit["documentChanges"][0]["textDocument"]["version"], 7);
        assert_eq!(edit["documentChanges"][0]["edits"][0]["newText"], "作为");
        target.versioned = false;
        assert_eq!(
            target.edit(&edits)["changes"]["file:///a.txt"][0]["newText"],
            "作为"
        );
    }

    #[test]
    fn suppression_comments_are_inserted_or_extended() {
        let text = "标题\r\n　　本局做为牵头单位\r\n";
        let lines = LineIndex::new(text);
        let edit = disable_line(text, &lines, 1, "style/typo", Encoding::Utf16).unwrap();
        assert_eq!(edit.range.start, Position::new(1, 0));
        assert_eq!(
            edit.new_text,
            "<!-- zwgk-disable-next-line style/typo -->\r\n"
        );

        let text = "<!-- zwgk-disable-next-line style/typo -->\n推进推进做为\n";
        let lines = LineIndex::new(text);
        let edit = disable_line(text, &lines, 1, "style/repeated-word", Encoding::Utf8).unwrap();
        assert_eq!(edit.new_text, " style/repeated-word");
        assert_eq!(edit.range.start, Position::new(0, 38));
        assert!(disable_line(text, &lines, 1, "style/typo", Encoding::Utf8).is_none());

        let text = "<!-- zwgk-disable-next-line style/typo -->\n正文\n";
        let lines = LineIndex::new(text);
        let edit = disable_file(text, &lines, "style/typo", Encoding::Utf8).unwrap();
        assert_eq!(edit.range.start, Position::new(0, 0));
        assert_eq!(edit.new_text, "<!-- zwgk-disable style/typo -->\n");
    }
}
