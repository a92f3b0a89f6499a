//! Any bytes as a report file: decoding (text), extraction (`.html`,
//! `.docx`), the matching view, structure, metadata and a full lint with
//! the embedded rules, plus splitting as a compilation (`--split`).
//!
//! The first byte chooses how the rest is read:
//! 0 text file, 1 web page, 2 raw `.docx` bytes, 3 a `.docx` package whose
//! `word/document.xml` is the rest (so the XML reader is reached).
#![no_main]

use std::io::{Cursor, Write};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use zwgk::document::{decode, Document, MetadataOverrides};
use zwgk::input::{extract, Limits, SourceKind};
use zwgk_fuzz::{assert_range, lint_and_check};

fn limits() -> Limits {
    // Smaller than the defaults so one input stays fast; the checks are the same.
    Limits {
        max_decompressed_bytes: 8 * 1024 * 1024,
        max_entries: 64,
        max_file_bytes: 4 * 1024 * 1024,
        max_html_depth: 512,
    }
}

fn docx_with_document(xml: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    // Split the input at the first 0xFF: document, then numbering part.
    let (document, numbering) = match xml.iter().position(|&b| b == 0xFF) {
        Some(at) => (&xml[..at], Some(&xml[at + 1..])),
        None => (xml, None),
    };
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer
        .write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#)
        .unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(document).unwrap();
    if let Some(numbering) = numbering {
        writer.start_file("word/numbering.xml", options).unwrap();
        writer.write_all(numbering).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn check_extracted(kind: SourceKind, bytes: &[u8]) {
    let Ok(extracted) = extract(kind, bytes, &limits()) else {
        return;
    };
    let mut previous_end = 0;
    for block in &extracted.locations {
        assert_range(&extracted.text, &block.range, "block");
        assert!(block.range.start >= previous_end, "blocks overlap");
        previous_end = block.range.end;
    }
    let doc = Document::extracted("fuzz", extracted, &MetadataOverrides::default());
    lint_and_check(&doc);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => {
            let Ok(decoded) = decode(bytes) else {
                return;
            };
            let mut doc = Document::new(
                "fuzz.txt",
                decoded.text.clone(),
                &MetadataOverrides::default(),
            );
            doc.encoding = decoded.encoding;
            lint_and_check(&doc);
            // As a compilation: parts cover disjoint ranges in order.
            let text: Arc<str> = decoded.text.into();
            let parts = zwgk::split::reports(&text);
            let mut previous_end = 0;
            for (i, range) in parts.into_iter().enumerate() {
                assert_range(&text, &range, "split part");
                assert!(range.start >= previous_end, "split parts overlap");
                previous_end = range.end;
                let doc = Document::part(
                    "fuzz.txt",
                    text.clone(),
                    range,
                    i + 1,
                    &MetadataOverrides::default(),
                );
                lint_and_check(&doc);
            }
        }
        1 => check_extracted(SourceKind::Html, bytes),
        2 => check_extracted(SourceKind::Docx, bytes),
        _ => check_extracted(SourceKind::Docx, &docx_with_document(bytes)),
    }
});
