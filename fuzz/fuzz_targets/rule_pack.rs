//! The rule-pack loader: arbitrary TOML text, and rule packs assembled from
//! structured arbitrary values (so that parsing succeeds and the kinds'
//! compilers, templates, examples and the shared searchers are reached).
//! Every load error must point inside its file on char boundaries and
//! render; a pack that loads must lint and run its examples.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use zwgk::document::{Document, MetadataOverrides};
use zwgk::engine;
use zwgk::rules::{examples, load_rule_set, PackSource};
use zwgk_fuzz::{assert_range, check_result};

const KINDS: &[&str] = &[
    "terms",
    "pattern",
    "repeat",
    "pairs",
    "require",
    "sections",
    "numbering",
    "year",
    "tables",
    "unused-suppression",
];
const SEVERITIES: &[&str] = &["error", "warning", "info"];
const STATUSES: &[&str] = &["confirmed", "partial", "unconfirmed"];
const SAMPLE: &str = "某某县民政局2022年政务公开工作总结\n一、工作开展情况\n全面推进推进政务公开，惯彻落实条例(试行)。\n二、存在的问题\nXX条规定，如下:\n";

#[derive(Debug, Arbitrary)]
struct RuleInput {
    slug: String,
    kind: u8,
    severity: u8,
    status: u8,
    message: String,
    messages: Vec<(String, String)>,
    pattern: Option<String>,
    unless: Vec<String>,
    fix: Option<String>,
    terms: Vec<(String, String)>,
    allow: Vec<String>,
    pairs: Vec<String>,
    all_of: Vec<Vec<String>>,
    max_unit: Option<u8>,
    single: Option<String>,
    collapse_after: Option<u8>,
    applies_to: Option<Vec<String>>,
    after: Option<String>,
    examples: Vec<(String, Option<Vec<String>>, Option<u16>)>,
}

#[derive(Debug, Arbitrary)]
enum Input {
    Text(String),
    Structured { pack: String, rules: Vec<RuleInput> },
}

/// A TOML basic string: JSON string escapes are a subset of TOML's.
fn s(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| s(i)).collect();
    format!("[{}]", items.join(", "))
}

fn toml_of(pack: &str, rules: &[RuleInput]) -> String {
    let pack_id = if pack.is_empty() { "fuzz" } else { pack };
    let mut out = format!(
        "[pack]\nid = {}\ntitle = \"模糊测试\"\ndescription = \"fuzz\"\nsources = []\n",
        s(pack_id)
    );
    for rule in rules {
        let kind = KINDS[rule.kind as usize % KINDS.len()];
        out.push_str(&format!(
            "\n[[rule]]\nid = {}\ntitle = \"规则\"\nkind = \"{kind}\"\nseverity = \"{}\"\nmessage = {}\nhelp = \"h\"\ndescription = \"d\"\nreference = {{ title = \"t\", status = \"{}\" }}\n",
            s(&format!("{pack_id}/{}", rule.slug)),
            SEVERITIES[rule.severity as usize % 3],
            s(&rule.message),
            STATUSES[rule.status as usize % 3],
        ));
        if let Some(p) = &rule.pattern {
            out.push_str(&format!("pattern = {}\n", s(p)));
        }
        if !rule.unless.is_empty() {
            out.push_str(&format!("unless = {}\n", list(&rule.unless)));
        }
        if let Some(f) = &rule.fix {
            out.push_str(&format!("fix = {}\n", s(f)));
        }
        if !rule.allow.is_empty() {
            out.push_str(&format!("allow = {}\n", list(&rule.allow)));
        }
        if !rule.pairs.is_empty() {
            out.push_str(&format!("pairs = {}\n", list(&rule.pairs)));
        }
        if !rule.all_of.is_empty() {
            let groups: Vec<String> = rule.all_of.iter().map(|g| list(g)).collect();
            out.push_str(&format!("all_of = [{}]\n", groups.join(", ")));
        }
        if let Some(n) = rule.max_unit {
            out.push_str(&format!("max_unit = {n}\n"));
        }
        if let Some(single) = &rule.single {
            out.push_str(&format!("single = {}\n", s(single)));
        }
        if let Some(n) = rule.collapse_after {
            out.push_str(&format!("collapse_after = {n}\n"));
        }
        if let Some(kinds) = &rule.applies_to {
            out.push_str(&format!("applies_to = {}\n", list(kinds)));
        }
        if let Some(day) = &rule.after {
            out.push_str(&format!("after = {}\n", s(day)));
        }
        if !rule.messages.is_empty() {
            out.push_str("messages = { ");
            let entries: Vec<String> = rule
                .messages
                .iter()
                .map(|(k, v)| format!("{} = {}", s(k), s(v)))
                .collect();
            out.push_str(&entries.join(", "));
            out.push_str(" }\n");
        }
        if !rule.terms.is_empty() {
            out.push_str("[rule.terms]\n");
            for (term, replacement) in &rule.terms {
                out.push_str(&format!("{} = {}\n", s(term), s(replacement)));
            }
        }
        for (text, fix, year) in &rule.examples {
            out.push_str(&format!("[[rule.examples]]\ntext = {}\n", s(text)));
            if let Some(fix) = fix {
                out.push_str(&format!("fix = {}\n", list(fix)));
            }
            if let Some(year) = year {
                out.push_str(&format!("year = {year}\n"));
            }
        }
    }
    out
}

fuzz_target!(|input: Input| {
    let text = match &input {
        Input::Text(text) => text.clone(),
        Input::Structured { pack, rules } => toml_of(pack, rules),
    };
    let source = PackSource {
        name: "fuzz.toml".to_string(),
        text: text.clone(),
    };
    let (rules, errors) = load_rule_set(&[source]);
    for error in &errors {
        assert!(!error.message.is_empty(), "empty message: {error:?}");
        if let Some(span) = &error.span {
            if error.file == "fuzz.toml" {
                assert_range(&text, span, "error span");
            }
        }
        // Rendering the error with its source must not panic.
        let _ = format!("{:?}", error.report());
    }
    if rules.rules.is_empty() {
        return;
    }
    let active: Vec<usize> = (0..rules.rules.len()).collect();
    for sample in [SAMPLE, text.as_str()] {
        let doc = Document::new("fuzz.txt", sample.to_string(), &MetadataOverrides::default());
        let result = engine::lint(&doc, &rules, &active);
        check_result(&doc, &result);
    }
    let _ = examples::verify(&rules);
});
