//! The shipped rule packs: they load, every rule's own examples pass (the
//! same check as `zwgk rules check`), and every rule is documented.

mod common;

use common::embedded_rules;
use zwgk::rules::docs::rule_markdown;
use zwgk::rules::{Confidence, FixSafety};

#[test]
fn every_example_of_every_shipped_rule_passes() {
    let rules = embedded_rules();
    let failures = common::example_failures(&rules);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(
        rules
            .packs
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        [
            "regulation",
            "summary",
            "style",
            "annual-report",
            "wording",
            "figures",
            "meta"
        ]
    );
}

#[test]
fn every_rule_has_a_complete_doc() {
    let rules = embedded_rules();
    for rule in &rules.rules {
        assert!(
            !rule.description.is_empty() && !rule.help.is_empty(),
            "{}",
            rule.id
        );
        assert!(!rule.reference.title.is_empty(), "{}", rule.id);
        if rule.reference.status == Confidence::Unconfirmed {
            assert_ne!(
                rule.severity,
                zwgk::diagnostic::Severity::Error,
                "{}",
                rule.id
            );
        }
        let firing = rule
            .examples
            .iter()
            .filter(|e| !e.expected.is_empty())
            .count();
        let silent = rule
            .examples
            .iter()
            .filter(|e| e.expected.is_empty())
            .count();
        assert!(
            firing >= 1 && silent >= 1,
            "{}: {firing} firing, {silent} silent examples",
            rule.id
        );
        if rule.fix_safety == FixSafety::Safe {
            assert!(
                rule.examples.iter().any(|e| e.fixes.is_some()),
                "{}: a rule with a safe fix shows the fix in an example",
                rule.id
            );
        }
        let doc = rule_markdown(rule);
        for section in ["## 检查什么", "## 依据", "## 示例", "## 如何修改", "⟦"] {
            assert!(doc.contains(section), "{}: doc lacks {section}", rule.id);
        }
    }
}

#[test]
fn rule_ids_are_stable_and_listed() {
    let rules = embedded_rules();
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "regulation/annual-report-proactive-disclosure",
        "regulation/government-accountability",
        "summary/required-sections",
        "summary/heading-sequence",
        "summary/enumeration-sequence",
        "summary/reporting-year",
        "style/repeated-word",
        "style/mixed-width-brackets",
        "style/unbalanced-marks",
        "style/half-width-punctuation",
        "style/placeholder",
        "style/typo",
    ] {
        assert!(ids.contains(&id), "missing rule {id}");
    }
    let typo = rules.rule("style/typo").unwrap().1;
    match &typo.check {
        zwgk::rules::Check::Terms(_) => {}
        other => panic!("style/typo is {other:?}"),
    }
}
