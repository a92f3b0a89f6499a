//! Output formats. Each reads the same [`FileReport`]s; positions are
//! converted from byte offsets only here, in the unit each format needs.

pub mod checklist;
pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;
pub mod stream;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::engine::ChecklistEntry;

/// The outcome for one input file.
#[derive(Debug)]
pub enum FileReport {
    Linted {
        doc: Box<Document>,
        diagnostics: Vec<Diagnostic>,
        checklist: Vec<ChecklistEntry>,
    },
    /// The file could not be read or decoded.
    Failed { path: String, error: String },
}

impl FileReport {
    pub fn path(&self) -> &str {
        match self {
            FileReport::Linted { doc, .. } => &doc.path,
            FileReport::Failed { path, .. } => path,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            FileReport::Linted { diagnostics, .. } => diagnostics,
            FileReport::Failed { .. } => &[],
        }
    }
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub files: usize,
    pub failed_files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut totals = Totals::default();
        for report in reports {
            totals.add(report);
        }
        totals
    }

    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        if matches!(report, FileReport::Failed { .. }) {
            self.failed_files += 1;
        }
        for d in report.diagnostics() {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The closing line of human and concise output.
    pub fn sentence(&self) -> String {
        let mut line = format!(
            "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示。",
            self.files, self.errors, self.warnings, self.infos
        );
        if self.failed_files > 0 {
            line.push_str(&format!("另有 {} 个文件无法读取。", self.failed_files));
        }
        line
    }
}
