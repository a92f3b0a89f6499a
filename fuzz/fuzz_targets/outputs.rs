//! Every output format on any diagnostic text: messages, paths, failure
//! texts and document text with control characters, astral characters and
//! text from UTF-16 input (lone surrogates included, decoded as the CLI
//! would or replaced). JSON, JSON Lines and SARIF must parse back with
//! serde_json and carry each diagnostic's rule, span and position; GitHub
//! annotations must be one well-formed command per line whose message
//! unescapes to the original.
#![no_main]

use std::path::PathBuf;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use zwgk::diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
use zwgk::document::{decode, Document, MetadataOverrides};
use zwgk::engine;
use zwgk::output::human::HumanOptions;
use zwgk::output::stream::{Layout, Stream};
use zwgk::output::{checklist, concise, github, human, json, jsonl, sarif, FileReport};
use zwgk_fuzz::{all_rules, floor_boundary, RULES};

#[derive(Debug, Arbitrary)]
struct FakeDiagnostic {
    rule: u16,
    severity: u8,
    message: String,
    start: u32,
    len: u16,
    fix: Option<(Vec<(u16, String)>, bool)>,
    /// Related places: (start, len, label).
    related: Vec<(u32, u16, String)>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    path: String,
    /// Document text as UTF-16 code units (lone surrogates possible).
    utf16: Option<Vec<u16>>,
    text: String,
    lint: bool,
    diagnostics: Vec<FakeDiagnostic>,
    failed: Option<(String, String)>,
}

fn severity(n: u8) -> Severity {
    [Severity::Info, Severity::Warning, Severity::Error][n as usize % 3]
}

fn build(input: &Input) -> Vec<FileReport> {
    let rules = &*RULES;
    let mut reports = Vec::new();
    let mut failed = input.failed.as_ref().map(|(p, e)| (p.clone(), e.clone()));
    let text = match &input.utf16 {
        Some(units) => {
            // As a UTF-16LE file with a BOM: decoded as the CLI does, or a
            // failure whose message the outputs must carry.
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            match decode(&bytes) {
                Ok(decoded) => decoded.text,
                Err(e) => {
                    failed.get_or_insert((input.path.clone(), format!("无法解码：{e}")));
                    String::from_utf16_lossy(units)
                }
            }
        }
        None => input.text.clone(),
    };
    let doc = Document::new(input.path.clone(), text, &MetadataOverrides::default());
    let (mut diagnostics, checklist) = if input.lint {
        let result = engine::lint(&doc, rules, &all_rules(rules));
        (result.diagnostics, result.checklist)
    } else {
        (Vec::new(), Vec::new())
    };
    for fake in &input.diagnostics {
        let start = floor_boundary(&doc.text, fake.start as usize);
        let end = floor_boundary(&doc.text, start + fake.len as usize);
        let fix = fake.fix.as_ref().map(|(edits, safe)| {
            let mut at = start;
            let mut out = Vec::new();
            for (len, replacement) in edits {
                let edit_end = floor_boundary(&doc.text, at + *len as usize);
                out.push(Edit {
                    span: at..edit_end,
                    replacement: replacement.clone().into(),
                });
                at = edit_end;
            }
            if out.is_empty() {
                out.push(Edit {
                    span: start..end,
                    replacement: String::new().into(),
                });
            }
            Fix {
                edits: out,
                safe: *safe,
            }
        });
        diagnostics.push(Diagnostic {
            rule: fake.rule as usize % rules.rules.len(),
            severity: severity(fake.severity),
            message: fake.message.clone(),
            span: start..end,
            fix,
            related: fake
                .related
                .iter()
                .map(|(at, len, label)| {
                    let at = floor_boundary(&doc.text, *at as usize);
                    Related {
                        span: at..floor_boundary(&doc.text, at + *len as usize),
                        label: label.clone(),
                    }
                })
                .collect(),
        });
    }
    reports.push(FileReport::Linted {
        doc: Box::new(doc),
        diagnostics,
        checklist,
    });
    if let Some((path, error)) = failed {
        reports.push(FileReport::Failed { path, error });
    }
    reports
}

fn position_of(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() as u64 + 1,
        text[line_start..offset].chars().count() as u64 + 1,
    )
}

fn check_json(reports: &[FileReport]) {
    let rules = &*RULES;
    let mut out = Vec::new();
    json::write(&mut out, reports, rules).unwrap();
    let value: Value = serde_json::from_slice(&out).expect("JSON output parses");
    let files = value["files"].as_array().expect("files");
    assert_eq!(files.len(), reports.len());
    for (file, report) in files.iter().zip(reports) {
        let FileReport::Linted { doc, diagnostics, .. } = report else {
            continue;
        };
        assert_eq!(file["path"].as_str(), Some(doc.path.as_str()));
        let got = file["diagnostics"].as_array().expect("diagnostics");
        assert_eq!(got.len(), diagnostics.len());
        for (g, d) in got.iter().zip(diagnostics) {
            assert_eq!(g["rule"].as_str(), Some(rules.rules[d.rule].id.as_str()));
            assert_eq!(g["message"].as_str(), Some(d.message.as_str()));
            assert_eq!(g["span"]["start"].as_u64(), Some(d.span.start as u64));
            assert_eq!(g["span"]["end"].as_u64(), Some(d.span.end as u64));
            assert_eq!(g["text"].as_str(), Some(&doc.text[d.span.clone()]));
            let (line, column) = position_of(&doc.text, d.span.start);
            assert_eq!(g["start"]["line"].as_u64(), Some(line));
            assert_eq!(g["start"]["column"].as_u64(), Some(column));
        }
    }

    let mut out = Vec::new();
    jsonl::write(&mut out, reports, rules).unwrap();
    let text = String::from_utf8(out).expect("JSON Lines are UTF-8");
    let expected: usize = reports.iter().map(|r| r.diagnostics().len() + 1).sum();
    assert_eq!(text.lines().count(), expected);
    for line in text.lines() {
        serde_json::from_str::<Value>(line).expect("each JSON line parses");
    }
}

fn check_sarif(reports: &[FileReport]) {
    let rules = &*RULES;
    let mut out = Vec::new();
    sarif::write(&mut out, reports, rules).unwrap();
    let value: Value = serde_json::from_slice(&out).expect("SARIF output parses");
    let results = value["runs"][0]["results"].as_array().expect("results");
    let diagnostics: Vec<(&Document, &Diagnostic)> = reports
        .iter()
        .filter_map(|r| match r {
            FileReport::Linted { doc, diagnostics, .. } => {
                Some(diagnostics.iter().map(move |d| (&**doc, d)))
            }
            FileReport::Failed { .. } => None,
        })
        .flatten()
        .collect();
    assert_eq!(results.len(), diagnostics.len());
    for (result, (doc, d)) in results.iter().zip(diagnostics) {
        assert_eq!(
            result["ruleId"].as_str(),
            Some(rules.rules[d.rule].id.as_str())
        );
        assert_eq!(result["message"]["text"].as_str(), Some(d.message.as_str()));
        let region = &result["locations"][0]["physicalLocation"]["region"];
        let (line, column) = position_of(&doc.text, d.span.start);
        assert_eq!(region["startLine"].as_u64(), Some(line));
        assert_eq!(region["startColumn"].as_u64(), Some(column));
        assert_eq!(
            region["snippet"]["text"].as_str(),
            Some(&doc.text[d.span.clone()])
        );
    }
    // The in-memory log agrees with the streamed one.
    let log = sarif::log(reports, rules, &PathBuf::from("/"));
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(results.len())
    );
}

fn unescape(data: &str) -> String {
    data.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn check_github(reports: &[FileReport]) {
    let rules = &*RULES;
    let mut out = Vec::new();
    github::write(&mut out, reports, rules).unwrap();
    let text = String::from_utf8(out).expect("annotations are UTF-8");
    let messages: Vec<String> = reports
        .iter()
        .flat_map(|r| match r {
            FileReport::Linted { diagnostics, .. } => diagnostics
                .iter()
                .map(|d| format!("{}（{}）", d.message, rules.rules[d.rule].title))
                .collect::<Vec<_>>(),
            FileReport::Failed { error, .. } => vec![error.clone()],
        })
        .collect();
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines.last(), Some(&""), "output ends with a newline");
    assert_eq!(lines.len() - 1, messages.len(), "one command per line");
    for (line, message) in lines.iter().zip(&messages) {
        assert!(!line.contains('\r'), "raw CR in a command: {line:?}");
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
        let (properties, data) = rest.split_once("::").expect("properties::message");
        for property in properties.split(',') {
            let (key, _) = property.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "endColumn", "endLine", "title"].contains(&key),
                "unknown property {key:?} in {line:?}"
            );
        }
        assert!(!data.contains('\n'));
        assert_eq!(&unescape(data), message);
    }
}

fn check_text_formats(reports: &[FileReport]) {
    let rules = &*RULES;
    let mut out = Vec::new();
    concise::write(&mut out, reports, rules).unwrap();
    String::from_utf8(out).expect("concise output is UTF-8");
    let mut out = Vec::new();
    human::write(
        &mut out,
        reports,
        rules,
        &HumanOptions {
            color: false,
            width: 80,
        },
    )
    .unwrap();
    String::from_utf8(out).expect("human output is UTF-8");
    let mut out = Vec::new();
    checklist::write_markdown(&mut out, reports, rules).unwrap();
    let mut out = Vec::new();
    checklist::write_csv(&mut out, reports, rules).unwrap();
    // Streamed layouts, as the CLI writes them.
    for layout in [
        Layout::Statistics { json: true },
        Layout::Summary { json: true },
    ] {
        let mut out = Vec::new();
        let mut stream = Stream::begin(layout, rules, &mut out).unwrap();
        for report in reports {
            stream.file(&mut out, report).unwrap();
        }
        stream.end(&mut out).unwrap();
        serde_json::from_slice::<Value>(&out).expect("statistics/summary JSON parses");
    }
}

fuzz_target!(|input: Input| {
    let reports = build(&input);
    check_json(&reports);
    check_sarif(&reports);
    check_github(&reports);
    check_text_formats(&reports);
});
