//! zwgk: a linter for Chinese government transparency documents.

pub mod checks;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod rules;
pub mod cli;
pub mod output;
