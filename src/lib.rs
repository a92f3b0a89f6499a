//! zwgk: a linter for Chinese government transparency documents.

pub mod checks;
pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fingerprint;
pub mod fix;
pub mod output;
pub mod rules;
