//! `zwgk rules` and its actions: `check`, `literals`, `docs`.

use std::path::{Path, PathBuf};

use super::exit;
use super::inputs::{load_rules, Shipped};
use crate::rules::docs::pages;
use crate::rules::examples::verify;
use crate::rules::load::kind_name;

pub fn list(extra: &[PathBuf]) -> u8 {
    let (rules, errors) = load_rules(extra, Shipped::All, &[]);
    let id_width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &rules.rules {
        println!(
            "{:<id_width$}  {:<7}  {:<9}  {}",
            rule.id,
            rule.severity.name(),
            kind_name(rule.kind),
            rule.title
        );
    }
    if errors {
        exit::TROUBLE
    } else {
        exit::CLEAN
    }
}

/// `zwgk rules literals`.
pub fn literals(extra: &[PathBuf]) -> u8 {
    let (rules, errors) = load_rules(extra, Shipped::Default, &[]);
    let mut out = String::new();
    for term in rules.searchers.terms() {
        out.push_str(term);
        out.push('\n');
    }
    print!("{out}");
    if errors {
        exit::TROUBLE
    } else {
        exit::CLEAN
    }
}

pub fn check(dir: Option<&Path>, extra: &[PathBuf]) -> u8 {
    let mut dirs: Vec<PathBuf> = dir.into_iter().map(Path::to_path_buf).collect();
    dirs.extend_from_slice(extra);
    let (rules, errors) = load_rules(
        &dirs,
        if dir.is_none() {
            Shipped::All
        } else {
            Shipped::None
        },
        &[],
    );
    let failures = verify(&rules);
    for failure in &failures {
        let rule = &rules.rules[failure.rule];
        eprintln!(
            "{}: rule `{}`, example {}: {}",
            rule.origin,
            rule.id,
            failure.example + 1,
            failure.message
        );
    }
    let examples: usize = rules.rules.iter().map(|r| r.examples.len()).sum();
    println!(
        "{} packs, {} rules, {} examples: {} failed",
        rules.packs.len(),
        rules.rules.len(),
        examples,
        failures.len()
    );
    if errors || !failures.is_empty() {
        exit::TROUBLE
    } else {
        exit::CLEAN
    }
}

pub fn docs(dir: &Path, extra: &[PathBuf]) -> u8 {
    let (rules, errors) = load_rules(extra, Shipped::All, &[]);
    if errors {
        return exit::TROUBLE;
    }
    let pages = pages(&rules);
    for (relative, content) in &pages {
        let path = dir.join(relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, content));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return exit::TROUBLE;
        }
    }
    println!("wrote {} pages to {}", pages.len(), dir.display());
    exit::CLEAN
}
