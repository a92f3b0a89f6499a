//! Rendered output of the shipped examples, reviewed line by line and kept
//! under snapshots/.

mod common;

use common::embedded_rules;
use zwgk::document::{Document, MetadataOverrides};
use zwgk::engine;
use zwgk::output::{self, human::HumanOptions, FileReport};
use zwgk::rules::RuleSet;

const EXAMPLES: &[&str] = &[
    "examples/annual-report-2022.txt",
    "examples/summary-pdf-extracted.txt",
    "examples/summary-web.txt",
];

fn reports(rules: &RuleSet) -> Vec<FileReport> {
    let all: Vec<usize> = (0..rules.rules.len()).collect();
    EXAMPLES
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let doc = Document::new(*path, text, &MetadataOverrides::default());
            let result = engine::lint(&doc, rules, &all);
            FileReport::Linted {
                doc: Box::new(doc),
                diagnostics: result.diagnostics,
                checklist: result.checklist,
            }
        })
        .collect()
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn human_output_of_the_examples() {
    let rules = embedded_rules();
    let mut out = Vec::new();
    output::human::write(
        &mut out,
        &reports(&rules),
        &rules,
        &HumanOptions {
            color: false,
            width: 100,
        },
    )
    .unwrap();
    settings().bind(|| insta::assert_snapshot!("human_examples", String::from_utf8(out).unwrap()));
}

#[test]
fn json_output_of_the_examples() {
    let rules = embedded_rules();
    let mut out = Vec::new();
    output::json::write(&mut out, &reports(&rules), &rules).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    value["tool"]["version"] = "[version]".into();
    settings().bind(|| insta::assert_json_snapshot!("json_examples", value));
}
