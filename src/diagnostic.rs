//! The one diagnostic model every output reads.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}`; expected error, warning or info"
            )),
        }
    }
}

/// A replacement of an original byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    /// Borrowed when it is a rule's fixed text (most are: one per match of
    /// a collapsing rule would otherwise be copied for every match).
    pub replacement: std::borrow::Cow<'static, str>,
}

/// The edits that resolve a diagnostic, sorted and not overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    /// Whether `--fix` may apply it without review.
    pub safe: bool,
}

impl Fix {
    /// The replacement text when the fix is a single edit.
    pub fn single_replacement(&self) -> Option<&str> {
        match self.edits.as_slice() {
            [only] => Some(&only.replacement),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Index of the rule in the rule set that produced it.
    pub rule: usize,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the original text.
    pub span: Range<usize>,
    pub fix: Option<Fix>,
    /// Other places the finding involves (the parts of a total, the cells of
    /// an identity), with what each one is, in the original text.
    pub related: Vec<Related>,
}

/// A secondary location of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Range<usize>,
    /// What the place is, in Chinese (`分项`, `表中数字`).
    pub label: String,
}
