//! Evaluation of the shipped rules on realistic documents: precision and
//! recall per rule.
//!
//! Every `tests/eval/*.txt` is a document written for this evaluation (see
//! `tests/eval/README.md`) with the mistakes a careful proofreader would flag
//! marked inline as `⟦rule-id|text⟧`, where `text` is exactly what the rule
//! should report. Findings that two rules report on the same characters may
//! be nested (`⟦a|⟦b|标题⟧⟧`) or listed in a sidecar `NAME.expected`
//! (`rule-id<TAB>line<TAB>column<TAB>text`, 1-based, columns in Unicode scalar
//! values of the stripped document, `\n` for a newline in `text`).
//!
//! A finding matches an expectation when the rule id and the byte range are
//! equal. `cargo test --test eval -- --nocapture` prints the per-rule table
//! and every false positive and false negative; `eval_thresholds` fails when
//! precision or recall is below target. It is marked `#[ignore]` while the
//! linter is below target: run it with `cargo test --test eval -- --ignored`,
//! and remove the `ignore` once it passes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use zwgk::document::{Document, MetadataOverrides};
use zwgk::engine;
use zwgk::rules::{embedded, load_rule_set, RuleSet};

/// Overall precision below this fails.
const MIN_PRECISION: f64 = 0.95;
/// Overall recall below this fails.
const MIN_RECALL: f64 = 0.85;
/// A rule with at least `MIN_FINDINGS_FOR_RULE` findings fails below this precision.
const MIN_RULE_PRECISION: f64 = 0.9;
const MIN_FINDINGS_FOR_RULE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    rule: String,
    span: Range<usize>,
}

struct EvalDoc {
    name: String,
    text: String,
    expected: Vec<Expected>,
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

/// Removes the `⟦rule|…⟧` markers; returns the document and the marked spans.
fn strip_markers(name: &str, marked: &str) -> (String, Vec<Expected>) {
    let mut text = String::with_capacity(marked.len());
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut expected = Vec::new();
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        match c {
            '⟦' => {
                let bar = rest
                    .find('|')
                    .unwrap_or_else(|| panic!("{name}: `⟦` without `|` at byte {}", text.len()));
                let rule = &rest['⟦'.len_utf8()..bar];
                assert!(
                    !rule.is_empty() && !rule.contains(['⟦', '⟧', '\n']),
                    "{name}: bad rule id `{rule}` in a marker"
                );
                open.push((rule.to_string(), text.len()));
                rest = &rest[bar + 1..];
            }
            '⟧' => {
                let (rule, start) = open
                    .pop()
                    .unwrap_or_else(|| panic!("{name}: `⟧` without `⟦` at byte {}", text.len()));
                assert!(start < text.len(), "{name}: empty marker for {rule}");
                expected.push(Expected {
                    rule,
                    span: start..text.len(),
                });
                rest = &rest['⟧'.len_utf8()..];
            }
            _ => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    assert!(open.is_empty(), "{name}: unclosed markers {open:?}");
    (text, expected)
}

/// Byte offset of a 1-based line and column (Unicode scalar values).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let mut chars = text[line_start..].char_indices();
    let (at, _) = chars.nth(column - 1).or_else(|| {
        // A position just past the last character of the text.
        (text[line_start..].chars().count() == column - 1).then_some((text.len() - line_start, ' '))
    })?;
    Some(line_start + at)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            other => panic!("bad escape \\{other:?} in a sidecar"),
        }
    }
    out
}

/// Reads a sidecar `NAME.expected`: `rule<TAB>line<TAB>column<TAB>text`.
fn read_sidecar(name: &str, path: &Path, text: &str) -> Vec<Expected> {
    let Ok(sidecar) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, line) in sidecar.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(4, '\t').collect();
        let [rule, l, c, quoted] = fields.as_slice() else {
            panic!("{name}.expected:{}: expected 4 tab-separated fields", n + 1);
        };
        let (l, c): (usize, usize) = (l.parse().unwrap(), c.parse().unwrap());
        let want = unescape(quoted);
        let start = offset_of(text, l, c)
            .unwrap_or_else(|| panic!("{name}.expected:{}: no position {l}:{c}", n + 1));
        let span = start..start + want.len();
        assert_eq!(
            text.get(span.clone()),
            Some(want.as_str()),
            "{name}.expected:{}: the text at {l}:{c} differs",
            n + 1
        );
        out.push(Expected {
            rule: rule.to_string(),
            span,
        });
    }
    out
}

fn load_docs() -> Vec<EvalDoc> {
    let dir = eval_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let marked = std::fs::read_to_string(path).unwrap();
            let (text, mut expected) = strip_markers(&name, &marked);
            expected.extend(read_sidecar(&name, &path.with_extension("expected"), &text));
            expected.sort_by_key(|e| (e.span.start, e.span.end, e.rule.clone()));
            EvalDoc {
                name,
                text,
                expected,
            }
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> Option<f64> {
        let found = self.tp + self.fp;
        (found > 0).then(|| self.tp as f64 / found as f64)
    }
    fn recall(&self) -> Option<f64> {
        let wanted = self.tp + self.fn_;
        (wanted > 0).then(|| self.tp as f64 / wanted as f64)
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

struct Miss {
    file: String,
    line: u32,
    column: u32,
    rule: String,
    text: String,
    message: Option<String>,
}

struct Evaluation {
    per_rule: BTreeMap<String, Counts>,
    overall: Counts,
    false_positives: Vec<Miss>,
    false_negatives: Vec<Miss>,
    report: String,
}

fn shown(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |r| format!("{r:.3}"))
}

fn evaluate() -> Evaluation {
    let (rules, errors): (RuleSet, _) = load_rule_set(&embedded::sources());
    assert!(errors.is_empty(), "embedded packs must load: {errors:?}");
    let all: Vec<usize> = (0..rules.rules.len()).collect();
    let docs = load_docs();
    assert!(
        docs.len() >= 14,
        "expected at least 14 evaluation documents"
    );

    let mut per_rule: BTreeMap<String, Counts> = rules
        .rules
        .iter()
        .map(|r| (r.id.clone(), Counts::default()))
        .collect();
    let mut false_positives = Vec::new();
    let mut false_negatives = Vec::new();
    let mut report = String::new();
    writeln!(report, "\n== zwgk evaluation: {} documents ==", docs.len()).unwrap();

    for doc in &docs {
        for e in &doc.expected {
            assert!(
                per_rule.contains_key(&e.rule),
                "{}: unknown rule `{}` in an annotation",
                doc.name,
                e.rule
            );
        }
        let d = Document::new(
            doc.name.clone(),
            doc.text.clone(),
            &MetadataOverrides::default(),
        );
        let result = engine::lint(&d, &rules, &all);
        writeln!(
            report,
            "{:<40} kind={} year={} role={} wrapped={} expected={} found={}",
            doc.name,
            d.meta.kind,
            d.meta.year.map_or_else(|| "?".into(), |y| y.to_string()),
            d.meta.role,
            d.view.wrapped,
            doc.expected.len(),
            result.diagnostics.len()
        )
        .unwrap();

        let mut unmatched: Vec<Expected> = doc.expected.clone();
        let miss = |rule: &str, span: &Range<usize>, message: Option<String>| {
            let at = d.position(span.start);
            Miss {
                file: doc.name.clone(),
                line: at.line,
                column: at.column,
                rule: rule.to_string(),
                text: doc.text[span.clone()].to_string(),
                message,
            }
        };
        for diag in &result.diagnostics {
            let rule = &rules.rules[diag.rule].id;
            let counts = per_rule.get_mut(rule).unwrap();
            if let Some(i) = unmatched
                .iter()
                .position(|e| &e.rule == rule && e.span == diag.span)
            {
                unmatched.remove(i);
                counts.tp += 1;
            } else {
                counts.fp += 1;
                false_positives.push(miss(rule, &diag.span, Some(diag.message.clone())));
            }
        }
        for e in unmatched {
            per_rule.get_mut(&e.rule).unwrap().fn_ += 1;
            false_negatives.push(miss(&e.rule, &e.span, None));
        }
    }

    let mut overall = Counts::default();
    writeln!(
        report,
        "\n{:<48} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "rule", "TP", "FP", "FN", "precision", "recall"
    )
    .unwrap();
    for (rule, c) in &per_rule {
        overall.add(*c);
        writeln!(
            report,
            "{:<48} {:>4} {:>4} {:>4} {:>9} {:>7}",
            rule,
            c.tp,
            c.fp,
            c.fn_,
            ratio(c.precision()),
            ratio(c.recall())
        )
        .unwrap();
    }
    writeln!(
        report,
        "{:<48} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "OVERALL",
        overall.tp,
        overall.fp,
        overall.fn_,
        ratio(overall.precision()),
        ratio(overall.recall())
    )
    .unwrap();

    for (title, list) in [
        ("false positives (reported, not expected)", &false_positives),
        ("false negatives (expected, not reported)", &false_negatives),
    ] {
        writeln!(report, "\n-- {} {title}", list.len()).unwrap();
        for m in list {
            write!(
                report,
                "{}:{}:{}: {} “{}”",
                m.file,
                m.line,
                m.column,
                m.rule,
                shown(&m.text)
            )
            .unwrap();
            if let Some(message) = &m.message {
                write!(report, " — {message}").unwrap();
            }
            report.push('\n');
        }
    }

    Evaluation {
        per_rule,
        overall,
        false_positives,
        false_negatives,
        report,
    }
}

/// What falls short of the quality targets.
fn below_target(eval: &Evaluation) -> Vec<String> {
    let mut failures = Vec::new();
    let precision = eval.overall.precision().unwrap_or(1.0);
    if precision < MIN_PRECISION {
        failures.push(format!(
            "overall precision {precision:.3} < {MIN_PRECISION}"
        ));
    }
    let recall = eval.overall.recall().unwrap_or(1.0);
    if recall < MIN_RECALL {
        failures.push(format!("overall recall {recall:.3} < {MIN_RECALL}"));
    }
    for (rule, c) in &eval.per_rule {
        if c.tp + c.fp >= MIN_FINDINGS_FOR_RULE {
            let p = c.precision().unwrap_or(1.0);
            if p < MIN_RULE_PRECISION {
                failures.push(format!(
                    "{rule}: precision {p:.3} < {MIN_RULE_PRECISION} ({} FP of {} findings)",
                    c.fp,
                    c.tp + c.fp
                ));
            }
        }
    }
    failures
}

/// Prints the table, the misses and the targets missed; fails only when the
/// annotations are broken.
#[test]
fn eval_report() {
    let eval = evaluate();
    println!("{}", eval.report);
    let failures = below_target(&eval);
    if failures.is_empty() {
        println!("all targets met");
    } else {
        println!("below target:\n  {}", failures.join("\n  "));
    }
    assert_eq!(
        eval.false_positives.len() + eval.false_negatives.len(),
        eval.overall.fp + eval.overall.fn_
    );
}

/// The quality targets: overall precision, overall recall, and the precision
/// of every rule with enough findings.
#[test]
fn eval_thresholds() {
    let eval = evaluate();
    let failures = below_target(&eval);
    assert!(
        failures.is_empty(),
        "{}\nbelow target:\n  {}",
        eval.report,
        failures.join("\n  ")
    );
}

#[test]
fn markers_and_sidecars_are_parsed_exactly() {
    let (text, expected) = strip_markers("t", "甲⟦a|乙⟦b|丙⟧⟧丁\n⟦c|戊\n己⟧");
    assert_eq!(text, "甲乙丙丁\n戊\n己");
    let spans: Vec<(&str, &str)> = expected
        .iter()
        .map(|e| (e.rule.as_str(), &text[e.span.clone()]))
        .collect();
    assert_eq!(spans, [("b", "丙"), ("a", "乙丙"), ("c", "戊\n己")]);
    assert_eq!(offset_of(&text, 2, 1), Some(text.find('戊').unwrap()));
    assert_eq!(offset_of(&text, 1, 3), Some(text.find('丙').unwrap()));
    assert_eq!(unescape("a\\nb"), "a\nb");
}
