//! `zwgk explain ID`: a rule's documentation from its rule file.

use std::path::PathBuf;

use super::exit;
use super::inputs::{load_rules, Shipped};
use crate::rules::docs::rule_markdown;

pub fn run(id: &str, extra: &[PathBuf]) -> u8 {
    let (rules, errors) = load_rules(extra, Shipped::All, &[]);
    match rules.rule(id) {
        Some((_, rule)) => {
            print!("{}", rule_markdown(rule));
            if errors {
                exit::TROUBLE
            } else {
                exit::CLEAN
            }
        }
        None => {
            eprintln!("error: no rule `{id}` (see `zwgk rules`)");
            exit::TROUBLE
        }
    }
}
