//! Applying fixes: choose the applicable fixes of a file's diagnostics,
//! never overlapping (conflicts resolved by position, then rule order; a
//! diagnostic's fix applies whole or not at all), and splice them in.

use crate::diagnostic::{Diagnostic, Edit};

/// Which fixes may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    SafeOnly,
    /// Also the fixes that need review (`--unsafe-fixes`).
    All,
}

/// The edits to apply for `diagnostics`, sorted and pairwise disjoint.
pub fn select_edits(diagnostics: &[Diagnostic], applicability: Applicability) -> Vec<Edit> {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.safe || applicability == Applicability::All)
        })
        .collect();
    candidates.sort_by_key(|d| (d.fix.as_ref().map(|f| f.edits[0].span.start), d.rule));
    let mut chosen: Vec<Edit> = Vec::new();
    for diagnostic in candidates {
        let edits = &diagnostic.fix.as_ref().expect("filtered on fixes").edits;
        let overlaps = edits.iter().any(|edit| {
            chosen.iter().any(|c| {
                edit.span.start < c.span.end && c.span.start < edit.span.end
                    || (edit.span.is_empty()
                        && c.span.is_empty()
                        && edit.span.start == c.span.start)
            })
        });
        if !overlaps {
            chosen.extend(edits.iter().cloned());
        }
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    chosen
}

/// `text` with `edits` (sorted, disjoint) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diagnostic(rule: usize, edits: &[(usize, usize, &str)], safe: bool) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            span: edits[0].0..edits[0].1,
            related: Vec::new(),
            fix: Some(Fix {
                edits: edits
                    .iter()
                    .map(|&(start, end, r)| Edit {
                        span: start..end,
                        replacement: r.to_string().into(),
                    })
                    .collect(),
                safe,
            }),
        }
    }

    #[test]
    fn overlapping_fixes_keep_the_first_and_unsafe_ones_wait() {
        let text = "abcdef";
        let diagnostics = [
            diagnostic(1, &[(1, 3, "X")], true),
            diagnostic(0, &[(2, 4, "Y")], true),
            diagnostic(2, &[(4, 5, "Z")], false),
            diagnostic(3, &[(5, 6, "W"), (0, 1, "V")], true),
        ];
        let edits = select_edits(&diagnostics, Applicability::SafeOnly);
        assert_eq!(apply(text, &edits), "VXdeW");
        let edits = select_edits(&diagnostics, Applicability::All);
        assert_eq!(apply(text, &edits), "VXdZW");
    }
}
