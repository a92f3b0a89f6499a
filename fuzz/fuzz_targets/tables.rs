//! The annual-report table parser (`src/tables/`) and its checks on any
//! text: table findings lie inside the matching view on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zwgk::document::{Document, MetadataOverrides};
use zwgk::tables;
use zwgk_fuzz::assert_range;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new("fuzz.txt", text, &MetadataOverrides::default());
    for parsed in [
        tables::parse_document(&doc),
        tables::parse(&doc.view.text, &doc.view.paragraphs),
    ] {
        for finding in tables::check(&parsed) {
            assert_range(&doc.view.text, &finding.span, finding.check);
            for related in &finding.related {
                assert_range(&doc.view.text, related, "related cell");
            }
            assert!(!finding.message.is_empty());
            // Findings map back to original text on char boundaries.
            let original = doc.original_range(finding.span.clone());
            assert_range(&doc.text, &original, "original range");
        }
    }
});
