//! Fix application. Any set of fixes (arbitrary edits, grouped per
//! diagnostic, safe or not): the chosen edits are sorted, pairwise disjoint
//! and on char boundaries, the result keeps every byte outside them, and
//! choosing again among the same diagnostics gives the same edits. The real
//! fixes of the embedded rules on a fuzzed report: `--fix` settles, and a
//! second `--fix` on its output changes nothing.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use zwgk::diagnostic::{Diagnostic, Edit, Fix, Severity};
use zwgk::document::{Document, MetadataOverrides};
use zwgk::fix::{apply, select_edits, Applicability};
use zwgk_fuzz::{assert_range, fix_loop, floor_boundary};

/// Report fragments with the mistakes the fixable rules look for, so that
/// the real-fix half reaches them.
const PIECES: &[&str] = &[
    "推进推进", "的的", "惯彻落实", "做为", "如下:", "全市,", "(试行)", "（一)", "一、", "（二）",
    "2022年", "政务公开", "工作总结", "\r\n", "\n", "　", "，", "。", "XX条", "“", "”", "研究研究",
    "的的确确", "𠮷", "2021年", "某某县民政局2022年政务公开工作总结\n",
];

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    fixes: Vec<(u8, bool, Vec<(u16, u8, String)>)>,
    pieces: Vec<u8>,
    unsafe_fixes: bool,
}

fn check_arbitrary(text: &str, fixes: &[(u8, bool, Vec<(u16, u8, String)>)], applicability: Applicability) {
    let mut diagnostics = Vec::new();
    for (rule, safe, edits) in fixes {
        let mut at = 0;
        let mut out = Vec::new();
        for (gap, len, replacement) in edits {
            let start = floor_boundary(text, at + *gap as usize);
            let end = floor_boundary(text, start + *len as usize);
            // A fix's edits do not overlap: one insertion per offset.
            if start == end && out.last().is_some_and(|e: &Edit| e.span == (start..end)) {
                continue;
            }
            out.push(Edit {
                span: start..end,
                replacement: replacement.clone().into(),
            });
            at = end;
        }
        let Some(first) = out.first() else { continue };
        diagnostics.push(Diagnostic {
            rule: *rule as usize,
            severity: Severity::Warning,
            message: String::new(),
            span: first.span.clone(),
            related: Vec::new(),
            fix: Some(Fix {
                edits: out,
                safe: *safe,
            }),
        });
    }
    let edits = select_edits(&diagnostics, applicability);
    let mut previous_end = 0;
    for (i, edit) in edits.iter().enumerate() {
        assert_range(text, &edit.span, "chosen edit");
        assert!(edit.span.start >= previous_end, "chosen edits overlap");
        if i > 0 && edit.span.is_empty() {
            assert!(
                edits[i - 1].span != edit.span,
                "two insertions at one offset"
            );
        }
        previous_end = edit.span.end;
    }
    // Each diagnostic's fix applies whole or not at all (judged for fixes
    // whose edits no other fix repeats exactly: equal edits cannot be told apart).
    for (i, d) in diagnostics.iter().enumerate() {
        let fix = d.fix.as_ref().unwrap();
        let repeated = fix.edits.iter().any(|e| {
            diagnostics
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.fix.as_ref().unwrap().edits.contains(e))
        });
        if repeated {
            continue;
        }
        let chosen = fix.edits.iter().filter(|e| edits.contains(e)).count();
        assert!(
            chosen == 0 || chosen == fix.edits.len(),
            "a fix applied in part: {:?} of {:?}, chosen {:?}",
            d.fix,
            diagnostics,
            edits
        );
    }
    let fixed = apply(text, &edits);
    // Bytes outside the edits are kept, in order.
    let mut at = 0;
    let mut out_at = 0;
    for edit in &edits {
        let kept = &text[at..edit.span.start];
        assert_eq!(&fixed[out_at..out_at + kept.len()], kept);
        out_at += kept.len();
        assert_eq!(&fixed[out_at..out_at + edit.replacement.len()], edit.replacement);
        out_at += edit.replacement.len();
        at = edit.span.end;
    }
    assert_eq!(&fixed[out_at..], &text[at..]);
    assert_eq!(select_edits(&diagnostics, applicability), edits, "selection is deterministic");
}

fuzz_target!(|input: Input| {
    let applicability = if input.unsafe_fixes {
        Applicability::All
    } else {
        Applicability::SafeOnly
    };
    check_arbitrary(&input.text, &input.fixes, applicability);

    let mut report = String::new();
    for (i, &p) in input.pieces.iter().enumerate() {
        report.push_str(PIECES[p as usize % PIECES.len()]);
        if i == input.pieces.len() / 2 {
            report.push_str(&input.text);
        }
    }
    let new_doc = |text: String| Document::new("fuzz.txt", text, &MetadataOverrides::default());
    // Safe fixes settle within the CLI's 10 rounds. Unsafe heading and
    // enumeration renumbering moves one item a round after a duplicate
    // (`（二）（二）（二）…` becomes `（二）（三）（二）…`, then the next), so
    // it may take a round per line.
    let rounds = match applicability {
        Applicability::SafeOnly => 10,
        Applicability::All => 10 + report.matches('\n').count() + report.matches("是").count(),
    };
    let (once, settled) = fix_loop(report, applicability, rounds, &new_doc);
    if settled {
        let (twice, settled_again) = fix_loop(once.clone(), applicability, rounds, &new_doc);
        assert!(settled_again);
        assert_eq!(twice, once, "a second --fix changed the text");
    } else {
        panic!("--fix did not settle in {rounds} rounds: {once:?}");
    }
});
