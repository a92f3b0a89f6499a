//! Property tests of the offset bookkeeping: the matching view and its source
//! map, the line index, and the spans the engine reports on arbitrary text.

use std::sync::LazyLock;

mod common;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use zwgk::diagnostic::Diagnostic;
use zwgk::document::{view, ColumnUnit, DocKind, Document, LineIndex, MetadataOverrides, UnitRole};
use zwgk::engine;
use zwgk::output::{self, human::HumanOptions, FileReport};
use zwgk::rules::{embedded, load_rule_set, RuleSet};

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Pieces that arbitrary report text is built from: CJK, astral characters,
/// ASCII, every kind of layout white space, line endings, blank lines,
/// page-number lines and punctuation.
#[rustfmt::skip]
const LAYOUT_PIECES: &[&str] = &[
    // CJK
    "政", "务", "公开", "工作", "推进", "的", "年", "参与", "权", "情况",
    // astral (4 bytes in UTF-8, 2 units in UTF-16)
    "𠀀", "𠮷", "𠀀𠮷",
    // ASCII letters and digits
    "a", "Open Data", "X", "2021", "2022", "12", "7",
    // white space, including the layout spaces the view drops
    " ", "  ", "\u{3000}", "\u{3000}\u{3000}", "\t", "\u{a0}", "\u{feff}", "\r",
    // line endings and blank lines
    "\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n", "\n\u{3000}\n",
    // page-number lines
    "\n- 3 -\n", "\n— 12 —\n", "\n第2页\n", "\n第 2 页 共 9 页\n", "\n2/9\n", "\n17\n",
    // punctuation
    "，", "。", "：", "、", ",", ":", "(", ")", "（", "）", "《", "》", "“", "”",
    // HTML comments (suppression directives are comment lines, left out of the view)
    "\n<!-- zwgk-disable-next-line -->\n", "\r\n<!-- zwgk-disable style -->\r\n",
    "\n\u{3000}<!-- zwgk-enable -->\n", "\n<!-- zwgk-disable-next-line nope/nope -->\n",
    "<!-- 注释 -->", "<!--", "-->",
];

/// Layout pieces plus what the checks look for: ordinals, headings, years,
/// repeated words, placeholders, titles, suppression comments.
#[rustfmt::skip]
const LINT_PIECES: &[&str] = &[
    "一、", "二、", "三、", "一.", "（一）", "（二）", "（二）、", "(三)", "（四)", "1.", "2、", "3.",
    "⑲", "⑳", "一是", "二是", "四是", "统一是", "推进推进", "的的", "的的确确", "研究研究",
    "存在的问题", "下一步工作计划", "2023年工作打算", "工作总结", "年度报告", "政府信息公开",
    "主动公开", "依申请公开", "行政复议", "2021年", "2022年", "2023年", "XX条", "××", "***",
    "〔 〕", "做为", "惯彻落实", "如下:", "全市,", "2022年1月10日", "某某县民政局", "人民政府",
    "现将2021年政务公开工作情况报告如下", "现将2022年工作总结如下", "二、2022年工作计划",
    "一、2021年工作开展情况", "统计期限为2021年1月1日", "至2021年12月31日",
    "统计期限自2022年1月1日至2022年12月31日",
    "\n<!-- zwgk-disable-next-line style/repeated-word -->\n",
    "\n<!-- zwgk-disable summary -->\n", "\n<!-- zwgk-enable summary -->\n",
    "\r\n<!-- zwgk-disable-next-line style/typo, style/placeholder -->\r\n",
];

const TITLES: &[&str] = &[
    "",
    "某某县民政局2022年政务公开工作总结\n",
    "某某县民政局2022年政务公开\n工作总结\n\n",
    "某市人民政府2022年政府信息公开工作年度报告\n",
    "某县2023年政务公开工作要点\r\n",
    "𠀀𠮷2022年工作总结\n",
];

fn pieces(set: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(set), 0..max).prop_map(|v| v.concat())
}

fn layout_text() -> impl Strategy<Value = String> {
    pieces(LAYOUT_PIECES, 80)
}

/// Characters for hard-wrapped paragraphs: mostly full-width, as in PDF text.
const WRAP_CHARS: &[char] = &[
    '政', '务', '公', '开', '工', '作', '推', '进', '的', '年', '𠀀', '𠮷', '，', '。', '、', '（',
    '）', '2', '0', 'X', '\u{3000}',
];

/// Text shaped like a PDF extraction: paragraphs hard-wrapped at a fixed
/// number of characters, lines separated by blank lines or not, headings,
/// indented first lines and page numbers between lines.
fn wrapped_text() -> impl Strategy<Value = String> {
    let paragraph = (
        prop::sample::select(&["", "一、", "（二）", "　　", "　　（三）", "2."][..]),
        prop::collection::vec(prop::sample::select(WRAP_CHARS), 0..90),
    );
    (
        prop::collection::vec(paragraph, 1..8),
        16usize..30,
        prop::sample::select(&["\n", "\n\n", "\r\n", "\r\n\r\n"][..]),
        prop::option::of(2usize..6),
        prop::sample::select(TITLES),
    )
        .prop_map(|(paragraphs, width, separator, page_every, title)| {
            wrap(title, &paragraphs, width, separator, page_every)
        })
}

fn wrap(
    title: &str,
    paragraphs: &[(&str, Vec<char>)],
    width: usize,
    separator: &str,
    page_every: Option<usize>,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (lead, chars) in paragraphs {
        let mut all: Vec<char> = lead.chars().collect();
        all.extend(chars);
        for line in all.chunks(width) {
            lines.push(line.iter().collect());
        }
    }
    let mut text = title.to_string();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
            if page_every.is_some_and(|n| i % n == 0) {
                text.push_str(&format!("- {} -", i / 2 + 1));
                text.push_str(separator);
            }
            if page_every.is_some_and(|n| i % (n + 3) == 1) {
                text.push_str("<!-- zwgk-disable-next-line -->");
                text.push_str(separator);
            }
        }
        text.push_str(line);
    }
    text
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![layout_text(), wrapped_text()]
}

fn lint_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(TITLES),
            prop::collection::vec(
                prop_oneof![
                    prop::sample::select(LAYOUT_PIECES),
                    prop::sample::select(LINT_PIECES)
                ],
                0..120
            )
        )
            .prop_map(|(title, v)| format!("{title}{}", v.concat())),
        wrapped_text(),
    ]
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

fn assert_range_in(
    text: &str,
    range: &std::ops::Range<usize>,
    what: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} is not inside the text (len {})",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} does not lie on char boundaries of {text:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// The matching view and its source map
// ---------------------------------------------------------------------------

fn check_view(text: &str) -> Result<(), TestCaseError> {
    let view = view::build(text);
    prop_assert_eq!(view.text.len(), view.map.view_len());

    // Every view character maps back to the same character of the original;
    // this includes the `\n` separating paragraphs, which maps to a `\n`.
    let mut previous_start: Option<usize> = None;
    for (v, c) in view.text.char_indices() {
        let range = view.map.map_range(v..v + c.len_utf8());
        assert_range_in(text, &range, "mapped char range")?;
        let expected = c.to_string();
        prop_assert_eq!(
            &text[range.clone()],
            expected.as_str(),
            "view char {:?} at {} maps to {:?}",
            c,
            v,
            range
        );
        let start = view.map.map_start(v);
        prop_assert_eq!(start, range.start);
        if let Some(previous) = previous_start {
            prop_assert!(
                start > previous,
                "mapped starts not increasing at view offset {}: {} after {}",
                v,
                start,
                previous
            );
        }
        previous_start = Some(start);
    }

    // Paragraphs: inside the view, on char boundaries, in order, and the view
    // is exactly the paragraphs joined by one `\n`.
    for p in &view.paragraphs {
        assert_range_in(&view.text, p, "paragraph")?;
        prop_assert!(!view.text[p.clone()].contains('\n'));
    }
    let joined: Vec<&str> = view
        .paragraphs
        .iter()
        .map(|p| &view.text[p.clone()])
        .collect();
    prop_assert_eq!(joined.join("\n"), view.text.clone());

    // Any view range on char boundaries maps to an original range on char boundaries.
    let bounds = char_boundaries(&view.text);
    for (i, &a) in bounds.iter().enumerate() {
        for &b in &bounds[i..] {
            let range = view.map.map_range(a..b);
            assert_range_in(text, &range, "mapped range")?;
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn view_maps_every_char_back_to_the_original(text in any_text()) {
        check_view(&text)?;
    }

    #[test]
    fn view_of_arbitrary_unicode_maps_back(text in "[\\PC\\s\u{3000}\r\n]{0,60}") {
        check_view(&text)?;
    }
}

/// The generator really produces hard-wrapped text (so the joining code is exercised).
#[test]
fn wrapped_generator_produces_wrapped_text() {
    let chars: Vec<char> = "政务公开工作推进".chars().cycle().take(80).collect();
    let paragraphs = [
        ("　　", chars.clone()),
        ("一、", chars.clone()),
        ("", chars),
    ];
    for separator in ["\n", "\n\n", "\r\n\r\n"] {
        let text = wrap("", &paragraphs, 20, separator, Some(3));
        let built = view::build(&text);
        assert!(built.wrapped, "not read as wrapped: {text:?}");
        assert_eq!(built.paragraphs.len(), 3, "{:?}", built.text);
        check_view(&text).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Line index
// ---------------------------------------------------------------------------

fn check_line_index(text: &str) -> Result<(), TestCaseError> {
    let index = LineIndex::new(text);
    for offset in char_boundaries(text) {
        let pos = index.position(text, offset);
        for (unit, column) in [
            (ColumnUnit::Chars, pos.column),
            (ColumnUnit::Utf8, pos.column_utf8),
            (ColumnUnit::Utf16, pos.column_utf16),
        ] {
            prop_assert_eq!(
                index.offset(text, pos.line, column, unit),
                Some(offset),
                "offset {} at {:?} in {:?} does not round-trip in {:?}",
                offset,
                pos,
                text,
                unit
            );
        }
        prop_assert!(pos.column <= pos.column_utf16 && pos.column_utf16 <= pos.column_utf8);
    }
    Ok(())
}

proptest! {
    #[test]
    fn line_index_positions_round_trip(text in layout_text()) {
        check_line_index(&text)?;
    }

    #[test]
    fn line_index_positions_round_trip_any_unicode(text in "[\\PC\\s\r\n𠀀𠮷]{0,60}") {
        check_line_index(&text)?;
    }
}

// ---------------------------------------------------------------------------
// The engine with the embedded rules
// ---------------------------------------------------------------------------

static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    let (rules, errors) = load_rule_set(&embedded::sources());
    assert!(
        errors.is_empty(),
        "embedded rules do not load: {:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    rules
});

fn check_lint_with(text: &str, overrides: &MetadataOverrides) -> Result<(), TestCaseError> {
    let rules = &*RULES;
    let all: Vec<usize> = (0..rules.rules.len()).collect();
    let doc = Document::new("prop.txt", text.to_string(), overrides);
    let result = engine::lint(&doc, rules, &all);
    for d in &result.diagnostics {
        let Diagnostic { span, fix, .. } = d;
        let id = &rules.rules[d.rule].id;
        assert_range_in(text, span, &format!("span of {id}"))?;
        if let Some(fix) = fix {
            prop_assert!(!fix.edits.is_empty());
            let mut previous_end = 0;
            for edit in &fix.edits {
                assert_range_in(text, &edit.span, &format!("fix edit of {id}"))?;
                prop_assert!(
                    edit.span.start >= previous_end,
                    "overlapping edits of {}",
                    id
                );
                previous_end = edit.span.end;
            }
        }
    }
    for entry in &result.checklist {
        for span in entry.evidence.iter() {
            assert_range_in(text, span, "checklist evidence")?;
        }
    }

    // Every output format renders the result without panicking, and the JSON
    // positions agree with the byte spans.
    let count = result.diagnostics.len();
    let reports = [FileReport::Linted {
        doc: Box::new(doc),
        diagnostics: result.diagnostics,
        checklist: result.checklist,
    }];
    let mut json = Vec::new();
    output::json::write(&mut json, &reports, rules).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    prop_assert_eq!(diagnostics.len(), count);
    for d in diagnostics {
        let start = d["span"]["start"].as_u64().unwrap() as usize;
        let end = d["span"]["end"].as_u64().unwrap() as usize;
        prop_assert_eq!(d["text"].as_str(), Some(&text[start..end]));
        for (key, offset) in [("start", start), ("end", end)] {
            let p = &d[key];
            let got = (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["column_utf8"].as_u64().unwrap(),
                p["column_utf16"].as_u64().unwrap(),
            );
            prop_assert_eq!(
                got,
                common::expected_position(text, offset),
                "{} of {}",
                key,
                d
            );
        }
    }
    let mut out = Vec::new();
    output::concise::write(&mut out, &reports, rules).unwrap();
    prop_assert_eq!(String::from_utf8(out).unwrap().lines().count(), count);
    let mut out = Vec::new();
    output::human::write(
        &mut out,
        &reports,
        rules,
        &HumanOptions {
            color: false,
            width: 100,
        },
    )
    .unwrap();
    Ok(())
}

fn check_lint(text: &str) -> Result<(), TestCaseError> {
    check_lint_with(text, &MetadataOverrides::default())
}

/// What a user can pass as `--year`, `--kind`, `--unit` and `--role`
/// (years in the range the metadata inference itself accepts).
fn overrides() -> impl Strategy<Value = MetadataOverrides> {
    (
        prop::option::of(1990i32..=2100),
        prop::option::of(prop::sample::select(DocKind::ALL)),
        prop::option::of(prop::sample::select(
            &["某某县民政局", "某市人民政府", "𠀀"][..],
        )),
        prop::option::of(prop::sample::select(UnitRole::ALL)),
    )
        .prop_map(|(year, kind, unit, role)| MetadataOverrides {
            year,
            kind,
            unit: unit.map(str::to_string),
            role,
        })
}

proptest! {
    #[test]
    fn lint_reports_spans_on_char_boundaries(text in lint_text()) {
        check_lint(&text)?;
    }

    #[test]
    fn lint_with_metadata_overrides(text in lint_text(), overrides in overrides()) {
        check_lint_with(&text, &overrides)?;
    }

    #[test]
    fn lint_survives_arbitrary_unicode(text in "[\\PC\\s\r\n𠀀（）一二三是、。，]{0,80}") {
        check_lint(&text)?;
    }
}

#[test]
fn lint_handles_empty_and_degenerate_texts() {
    for text in [
        "", "\n", "\r\n", "\r", "\u{3000}", "- 3 -", "一、", "（", "）", "𠀀", "\n\n\n", " \n \n",
    ] {
        check_lint(text).unwrap();
        check_view(text).unwrap();
        check_line_index(text).unwrap();
    }
}

/// The lint generator reaches many rules and both layouts, so the span
/// properties above are not vacuous.
#[test]
fn lint_generator_exercises_the_rules() {
    use proptest::strategy::ValueTree;
    use std::collections::BTreeSet;

    let rules = &*RULES;
    let all: Vec<usize> = (0..rules.rules.len()).collect();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = lint_text();
    let mut fired = BTreeSet::new();
    let mut wrapped = 0;
    for _ in 0..400 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let doc = Document::new("prop.txt", text, &MetadataOverrides::default());
        wrapped += usize::from(doc.view.wrapped);
        for d in engine::lint(&doc, rules, &all).diagnostics {
            fired.insert(rules.rules[d.rule].id.clone());
        }
    }
    eprintln!("wrapped: {wrapped}/400; rules fired: {fired:?}");
    assert!(wrapped >= 20, "only {wrapped} of 400 texts read as wrapped");
    assert!(fired.len() >= 15, "only these rules fired: {fired:?}");
}

// ---------------------------------------------------------------------------
// Rule regexes: the gated and line-start searches find what a plain scan finds
// ---------------------------------------------------------------------------

/// The `[[rule]]` tables of the embedded packs.
static EMBEDDED_RULES: LazyLock<Vec<toml::Value>> = LazyLock::new(|| {
    let mut rules = Vec::new();
    for source in embedded::sources() {
        let pack: toml::Value = toml::from_str(&source.text).expect("embedded pack parses");
        if let Some(list) = pack.get("rule").and_then(|r| r.as_array()) {
            rules.extend(list.iter().cloned());
        }
    }
    rules
});

/// The strings under `key` in each table of the array `list` of `rule`
/// (or in `rule` itself when `list` is empty).
fn strings_of<'r>(rule: &'r toml::Value, list: &str, key: &str) -> Vec<&'r str> {
    let tables: Vec<&toml::Value> = if list.is_empty() {
        vec![rule]
    } else {
        rule.get(list)
            .and_then(|l| l.as_array())
            .map(|l| l.iter().collect())
            .unwrap_or_default()
    };
    tables
        .into_iter()
        .filter_map(|t| t.get(key).and_then(|v| v.as_str()))
        .collect()
}

/// Every `pattern` and year-context pattern of the embedded packs.
static RULE_PATTERNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let patterns: Vec<String> = EMBEDDED_RULES
        .iter()
        .flat_map(|rule| {
            let mut found = strings_of(rule, "", "pattern");
            found.extend(strings_of(rule, "contexts", "pattern"));
            found
        })
        .map(str::to_string)
        .collect();
    assert!(
        patterns.len() > 20,
        "found only {} patterns",
        patterns.len()
    );
    patterns
});

/// The embedded rules' example texts, without their `⟦⟧` marks.
static EXAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    EMBEDDED_RULES
        .iter()
        .flat_map(|rule| strings_of(rule, "examples", "text"))
        .map(|text| text.chars().filter(|c| !matches!(c, '⟦' | '⟧')).collect())
        .collect()
});

/// Text pieces: the examples cut into short runs (so that matches,
/// near-matches and their parts meet in random orders), and the characters
/// the gates and line-start prefixes look for.
static REGEX_PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces: Vec<String> = [
        ",",
        ";",
        ":",
        "?",
        "!",
        "*",
        "X",
        "×",
        "〔",
        "〕",
        "、",
        "，",
        "。",
        ".",
        "．",
        "（",
        "(",
        "）",
        ")",
        "一",
        "二",
        "十四五",
        "13",
        "138",
        "2022",
        "1",
        "0",
        "\n",
        "\r\n",
        " ",
        "年",
        "条例",
        "法定",
        "个工作日内",
        "𠀀",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for example in EXAMPLES.iter() {
        let chars: Vec<char> = example.chars().collect();
        pieces.extend(chars.chunks(7).map(|c| c.iter().collect::<String>()));
    }
    pieces
});

fn regex_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(REGEX_PIECES.clone()), 0..24)
        .prop_map(|pieces| pieces.concat())
}

/// Each embedded rule regex, compiled alone and registered for the shared
/// literal pass (whose hits its gate may then read), with the searchers.
static REGISTERED: LazyLock<(Vec<zwgk::checks::RuleRegex>, zwgk::checks::Searchers)> =
    LazyLock::new(|| {
        let mut registry = zwgk::checks::Registry::default();
        let regexes = RULE_PATTERNS
            .iter()
            .map(|pattern| {
                let spanned = toml::Spanned::new(0..0, pattern.clone());
                let mut regex =
                    zwgk::checks::RuleRegex::compile(&spanned).expect("embedded regex compiles");
                registry.regex(&mut regex);
                regex
            })
            .collect();
        (regexes, registry.build().expect("searchers build"))
    });

fn check_rule_regexes(text: &str) -> Result<(), TestCaseError> {
    let (registered, searchers) = &*REGISTERED;
    let hits = searchers.literal_hits(text);
    for (pattern, shared) in RULE_PATTERNS.iter().zip(registered) {
        let spanned = toml::Spanned::new(0..0, pattern.clone());
        let rule_regex =
            zwgk::checks::RuleRegex::compile(&spanned).expect("embedded regex compiles");
        let plain = regex::Regex::new(pattern).expect("embedded regex compiles");
        let mut caps = rule_regex.create_captures();
        let mut shared_caps = shared.create_captures();
        for at in char_boundaries(text) {
            let expected = plain.captures_at(text, at);
            let found = rule_regex.captures_at(&mut caps, text, at);
            let found_with_hits = shared.captures_in(&mut shared_caps, text, at, Some(&hits));
            prop_assert_eq!(
                found_with_hits,
                found.clone(),
                "pattern {} from {} in {:?}, with the shared hits",
                pattern,
                at,
                text
            );
            prop_assert_eq!(
                found.clone(),
                expected.as_ref().map(|c| c.get_match().range()),
                "pattern {} from {} in {:?}",
                pattern,
                at,
                text
            );
            if let Some(expected) = expected {
                let groups: Vec<_> = (0..caps.group_len())
                    .map(|g| caps.get_group(g).map(|s| s.range()))
                    .collect();
                let plain_groups: Vec<_> = (0..expected.len())
                    .map(|g| expected.get(g).map(|m| m.range()))
                    .collect();
                prop_assert_eq!(
                    groups,
                    plain_groups,
                    "groups of {} from {} in {:?}",
                    pattern,
                    at,
                    text
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn rule_regex_searches_match_a_plain_scan(text in regex_text()) {
        check_rule_regexes(&text)?;
    }
}

#[test]
fn rule_regex_searches_match_a_plain_scan_on_the_examples() {
    assert!(EXAMPLES.len() > 100, "{} examples", EXAMPLES.len());
    // Whole examples, so that every rule's matches occur, three to a text.
    for group in EXAMPLES.chunks(3) {
        check_rule_regexes(&group.concat()).unwrap();
    }
}
