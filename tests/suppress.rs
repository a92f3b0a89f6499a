//! Inline suppression comments, with every rule active.

mod common;

use common::{embedded_rules, found, lint, Found};
use zwgk::document::MetadataOverrides;

fn lint_text(text: &str) -> Vec<Found> {
    let rules = embedded_rules();
    let (doc, result) = lint(&rules, "t.txt", text, &MetadataOverrides::default());
    found(&rules, &doc, &result)
}

const TITLE: &str = "某县民政局2022年政务公开工作总结\n一、工作开展情况\n";
const TAIL: &str = "全年主动公开政府信息120条，未收到依申请公开申请。\n二、存在的问题\n栏目更新不及时。\n三、下一步工作计划\n持续深化政务公开。\n";

#[test]
fn a_next_line_comment_suppresses_only_its_rule_on_the_next_line() {
    let text = format!(
        "{TITLE}<!-- zwgk-disable-next-line style/typo -->\n\n本局做为牵头单位，推进推进工作。\n本局做为成员单位。\n{TAIL}"
    );
    assert_eq!(
        lint_text(&text),
        [
            Found::new("style/repeated-word", 5, 10, "推进推进"),
            Found::new("style/typo", 6, 3, "做为"),
        ]
    );
}

#[test]
fn a_disable_enable_range_and_its_pack_selector() {
    let text = format!(
        "{TITLE}<!-- zwgk-disable style -->\n本局做为牵头单位，推进推进工作。\n<!-- zwgk-enable style -->\n本局做为成员单位。\n{TAIL}"
    );
    assert_eq!(lint_text(&text), [Found::new("style/typo", 6, 3, "做为")]);
}

#[test]
fn unused_and_unknown_suppressions_are_reported_on_the_comment() {
    let text = format!(
        "{TITLE}<!-- zwgk-disable-next-line style/typo -->\n本局作为牵头单位。\n<!-- zwgk-disable-next-line style/tpyo -->\n本局作为成员单位。\n{TAIL}"
    );
    assert_eq!(
        lint_text(&text),
        [
            Found::new(
                "meta/unused-suppression",
                3,
                1,
                "<!-- zwgk-disable-next-line style/typo -->"
            ),
            Found::new(
                "meta/unused-suppression",
                5,
                1,
                "<!-- zwgk-disable-next-line style/tpyo -->"
            ),
        ]
    );
}

#[test]
fn comment_lines_are_not_linted() {
    let text = format!("{TITLE}<!-- 做为 XX条 -->\n本局作为牵头单位。\n{TAIL}");
    assert_eq!(lint_text(&text), []);
}
