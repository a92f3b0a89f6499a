//! A rule's documentation, written from its rule file: the single source
//! for `zwgk explain` and (later) the generated docs pages.

use std::fmt::Write;

use super::examples::{CLOSE, OPEN};
use super::load::kind_name;
use super::{Confidence, Example, FixSafety, Rule, RuleSet};

fn marked(example: &Example) -> String {
    let mut out = String::new();
    let mut last = 0;
    for range in &example.expected {
        out.push_str(&example.text[last..range.start]);
        out.push(OPEN);
        out.push_str(&example.text[range.clone()]);
        out.push(CLOSE);
        last = range.end;
    }
    out.push_str(&example.text[last..]);
    out
}

fn fixed(example: &Example) -> Option<String> {
    let fixes = example.fixes.as_ref()?;
    let mut out = String::new();
    let mut last = 0;
    for (range, fix) in example.expected.iter().zip(fixes) {
        out.push_str(&example.text[last..range.start]);
        out.push_str(fix);
        last = range.end;
    }
    out.push_str(&example.text[last..]);
    Some(out)
}

/// Path of a rule's doc page below docs/rules/: `<pack>/<slug>.md`.
pub fn doc_path(rule: &Rule) -> String {
    format!("{}.md", rule.id)
}

pub fn rule_markdown(rule: &Rule) -> String {
    let mut doc = String::new();
    let _ = writeln!(doc, "# {}：{}\n", rule.id, rule.title);
    let applies = rule.applies_to.as_ref().map_or_else(
        || "所有文档".to_string(),
        |kinds| {
            kinds
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    let _ = writeln!(doc, "- 级别 (severity)：{}", rule.severity);
    let _ = writeln!(doc, "- 检查类型 (kind)：{}", kind_name(rule.kind));
    let _ = writeln!(doc, "- 适用文档 (applies to)：{applies}");
    if let Some(roles) = &rule.roles {
        let roles: Vec<&str> = roles.iter().map(|r| r.name()).collect();
        let _ = writeln!(doc, "- 适用单位 (roles)：{}", roles.join(", "));
    }
    let fix = match rule.fix_safety {
        FixSafety::Safe => "有，可自动应用",
        FixSafety::Unsafe => "仅作建议，需人工确认",
    };
    let _ = writeln!(doc, "- 修改建议 (fix)：{fix}");
    let _ = writeln!(doc, "- 规则文件：{}\n", rule.origin);
    let _ = writeln!(doc, "## 检查什么\n\n{}\n", rule.description);
    let status = match rule.reference.status {
        Confidence::Confirmed => "已核实",
        Confidence::Partial => "部分核实",
        Confidence::Unconfirmed => "未核实（因此最高为 warning 级）",
    };
    let _ = write!(doc, "## 依据\n\n{}", rule.reference.title);
    if let Some(url) = &rule.reference.url {
        let _ = write!(doc, "（<{url}>）");
    }
    let _ = writeln!(doc, "\n\n来源核实情况：{status}\n");
    let _ = writeln!(doc, "## 示例\n");
    if let Some(example) = rule.examples.iter().find(|e| !e.expected.is_empty()) {
        let _ = writeln!(
            doc,
            "会报告（⟦ ⟧ 标出报告的位置）：\n\n```text\n{}\n```\n",
            marked(example).trim_end()
        );
        previous_report(&mut doc, example);
        if let Some(fixed) = fixed(example) {
            let _ = writeln!(doc, "修改后：\n\n```text\n{}\n```\n", fixed.trim_end());
        }
    }
    if let Some(example) = rule.examples.iter().find(|e| e.expected.is_empty()) {
        let _ = writeln!(
            doc,
            "不会报告：\n\n```text\n{}\n```\n",
            example.text.trim_end()
        );
        previous_report(&mut doc, example);
    }
    let _ = writeln!(doc, "## 如何修改\n\n{}", rule.help);
    doc
}

/// The previous year's report an example is compared with, if any.
fn previous_report(doc: &mut String, example: &crate::rules::Example) {
    if let Some(previous) = &example.previous {
        let _ = writeln!(
            doc,
            "与之比较的上年度报告（`--previous`）：\n\n```text\n{}\n```\n",
            previous.trim_end()
        );
    }
}

/// Every documentation page, as (path relative to the docs directory, content):
/// one page per rule and an index (`README.md`).
pub fn pages(rules: &RuleSet) -> Vec<(String, String)> {
    let mut index = String::from(
        "# zwgk 规则\n\n本目录由 `zwgk rules docs` 根据 `rules/` 中的规则文件生成，请勿手工修改。\n",
    );
    let mut pages = Vec::new();
    for pack in &rules.packs {
        let _ = writeln!(
            index,
            "\n## {}：{}\n\n{}\n",
            pack.id, pack.title, pack.description
        );
        let _ = writeln!(index, "| 规则 | 级别 | 说明 |\n|---|---|---|");
        for rule in rules.rules.iter().filter(|r| r.pack == pack.id) {
            let _ = writeln!(
                index,
                "| [{}]({}) | {} | {} |",
                rule.id,
                doc_path(rule),
                rule.severity,
                rule.title
            );
            pages.push((doc_path(rule), rule_markdown(rule)));
        }
    }
    pages.push(("README.md".to_string(), index));
    pages
}
