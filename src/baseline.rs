//! Baselines: record the findings a back catalogue has today, so that CI
//! fails only on new ones. Entries are keyed by path, rule and content
//! fingerprint (not line numbers), so edits elsewhere keep them matching.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fingerprint::fingerprints;
use crate::output::FileReport;
use crate::rules::RuleSet;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// The reported text, for people reading the file.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

fn normalise(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_string()
}

/// The entries for every diagnostic of one file.
pub fn entries_of(report: &FileReport, rules: &RuleSet) -> Vec<Entry> {
    let FileReport::Linted {
        doc, diagnostics, ..
    } = report
    else {
        return Vec::new();
    };
    diagnostics
        .iter()
        .zip(fingerprints(doc, diagnostics, rules))
        .map(|(d, fingerprint)| Entry {
            path: normalise(&doc.path),
            rule: rules.rules[d.rule].id.clone(),
            fingerprint,
            text: doc.text[d.span.clone()].chars().take(40).collect(),
        })
        .collect()
}

/// The entries for every diagnostic of the reports, sorted.
pub fn entries(reports: &[FileReport], rules: &RuleSet) -> Vec<Entry> {
    let mut entries: Vec<Entry> = reports.iter().flat_map(|r| entries_of(r, rules)).collect();
    entries.sort();
    entries
}

pub fn load(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text)
        .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?;
    if baseline.version != VERSION {
        return Err(format!(
            "baseline {} has version {}, this zwgk reads version {VERSION}",
            path.display(),
            baseline.version
        ));
    }
    Ok(baseline)
}

pub fn to_json(entries: Vec<Entry>) -> String {
    let baseline = Baseline {
        version: VERSION,
        entries,
    };
    serde_json::to_string_pretty(&baseline).expect("a baseline serialises") + "\n"
}

/// The baseline's keys, for matching.
pub type Keys = BTreeSet<(String, String, String)>;

impl Baseline {
    pub fn keys(&self) -> Keys {
        self.entries
            .iter()
            .map(|e| (e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
            .collect()
    }
}

/// Removes from one file's diagnostics those the baseline records, and
/// returns the keys that matched.
pub fn filter_file(report: &mut FileReport, rules: &RuleSet, known: &Keys) -> Keys {
    let mut matched = Keys::new();
    if let FileReport::Linted {
        doc, diagnostics, ..
    } = report
    {
        let path = normalise(&doc.path);
        let prints = fingerprints(doc, diagnostics, rules);
        let mut keep = Vec::with_capacity(prints.len());
        for (d, fingerprint) in diagnostics.iter().zip(prints) {
            let key = (path.clone(), rules.rules[d.rule].id.clone(), fingerprint);
            keep.push(!known.contains(&key));
            if known.contains(&key) {
                matched.insert(key);
            }
        }
        let mut flags = keep.into_iter();
        diagnostics.retain(|_| flags.next().unwrap_or(true));
    }
    matched
}

/// Removes the diagnostics the baseline records; returns how many were
/// removed and how many baseline entries matched nothing (fixed since).
pub fn filter(reports: &mut [FileReport], rules: &RuleSet, baseline: &Baseline) -> (usize, usize) {
    let known = baseline.keys();
    let mut matched = Keys::new();
    let mut removed = 0;
    for report in reports.iter_mut() {
        let before = report.diagnostics().len();
        matched.extend(filter_file(report, rules, &known));
        removed += before - report.diagnostics().len();
    }
    (removed, known.len() - matched.len())
}
