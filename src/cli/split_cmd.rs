//! `zwgk split FILE --out DIR`: one file per report of a compilation.

use std::io::Write;
use std::path::Path;

use super::exit;
use super::inputs::display;
use crate::document::{decode, Document, MetadataOverrides};
use crate::split;

/// A file name from a report's unit and year: `03-安庆市-2022.txt`.
fn file_name(number: usize, doc: &Document) -> String {
    let mut name = format!("{number:02}");
    if let Some(unit) = &doc.meta.unit {
        let unit: String = unit
            .chars()
            .filter(|c| {
                !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                    && !c.is_control()
            })
            .take(40)
            .collect();
        name.push('-');
        name.push_str(&unit);
    }
    if let Some(year) = doc.meta.year {
        name.push_str(&format!("-{year}"));
    }
    name + ".txt"
}

pub fn run(file: &Path, out: &Path) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {}: 无法读取文件 (cannot read: {e})", display(file));
            return exit::TROUBLE;
        }
    };
    let text: std::sync::Arc<str> = match decode(&bytes) {
        Ok(decoded) => decoded.text.into(),
        Err(e) => {
            eprintln!("error: {}: 无法解码：{e}", display(file));
            return exit::TROUBLE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: cannot create {}: {e}", display(out));
        return exit::TROUBLE;
    }
    let parts = split::reports(&text);
    let mut written = 0;
    for (i, range) in parts.into_iter().enumerate() {
        let doc = Document::part(
            display(file),
            text.clone(),
            range.clone(),
            i + 1,
            &MetadataOverrides::default(),
        );
        let target = out.join(file_name(i + 1, &doc));
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut f| f.write_all(text[range].as_bytes()));
        match result {
            Ok(()) => {
                println!("{}", display(&target));
                written += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!(
                    "error: {} already exists; not overwritten",
                    display(&target)
                );
                return exit::TROUBLE;
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", display(&target));
                return exit::TROUBLE;
            }
        }
    }
    eprintln!(
        "写出 {written} 份报告 (wrote {written} report(s)) to {}",
        display(out)
    );
    exit::CLEAN
}
