//! zwgk: a linter for Chinese government transparency documents.

pub mod document;
