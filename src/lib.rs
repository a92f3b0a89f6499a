//! zwgk: a linter for Chinese government transparency documents.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fingerprint;
pub mod fix;
pub mod input;
pub mod lsp;
pub mod output;
pub mod rules;
pub mod split;
pub mod suppress;
pub mod tables;
pub mod timing;
pub mod workpoints;
