//! Compilations (汇编): files holding several reports. A report starts at a
//! title line — a unit, a year and a document-kind word (工作总结, 年度报告,
//! 工作要点 …), possibly wrapped over two lines — followed by its body. Text
//! before the first title (a web page's header, a compilation's own title) is
//! a part of its own.

use std::ops::Range;

use crate::document::structure::{looks_like_title, starts_with_ordinal, KIND_WORDS};
use crate::document::view;

/// Whether a paragraph reads as a report's title.
fn is_report_title(text: &str) -> bool {
    let bytes = text.as_bytes();
    let has_year = (0..bytes.len()).any(|i| {
        bytes
            .get(i..i + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && text
                .get(i + 4..)
                .is_some_and(|rest| rest.trim_start().starts_with('年'))
    });
    looks_like_title(text)
        && !starts_with_ordinal(text)
        && text.chars().count() <= 48
        && has_year
        && KIND_WORDS.iter().any(|w| text.contains(w))
}

/// Byte ranges of the reports in `text`, covering it without gaps; one range
/// for the whole text when it holds at most one report.
pub fn reports(text: &str) -> Vec<Range<usize>> {
    let view = view::build(text);
    let paragraphs = &view.paragraphs;
    let mut starts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        let paragraph = &view.text[paragraphs[i].clone()];
        // The title's next paragraph is its body (or the second title line),
        // not another title.
        let followed_by_body = paragraphs.get(i + 1).is_some_and(|next| {
            let next = &view.text[next.clone()];
            !is_report_title(next) || next.starts_with(['和', '及', '与', '暨'])
        });
        if is_report_title(paragraph) && followed_by_body {
            let at = view.map.map_start(paragraphs[i].start);
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            starts.push(line_start);
            i += 2;
        } else {
            i += 1;
        }
    }
    if starts.len() < 2 {
        let whole = 0..text.len();
        return vec![whole];
    }
    let mut ranges = Vec::new();
    if text[..starts[0]].trim().chars().count() > 0 {
        ranges.push(0..starts[0]);
    } else {
        starts[0] = 0;
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        ranges.push(start..end);
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compilation_splits_at_its_titles() {
        let text = "网站标题\n发布时间：2023-05-07\n\n甲县民政局2022年政务公开工作总结\n一、工作情况\n全年发布信息12条。\n\n乙县财政局2022年度政务公开工作总结\n和2023年工作计划\n一、工作情况\n全年发布信息8条。\n";
        let parts = reports(text);
        let texts: Vec<&str> = parts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("网站标题"));
        assert!(texts[1].starts_with("甲县民政局2022年政务公开工作总结\n"));
        assert!(texts[2].starts_with("乙县财政局2022年度政务公开工作总结\n和2023年工作计划"));
        assert_eq!(parts.iter().map(|r| r.len()).sum::<usize>(), text.len());
    }

    #[test]
    fn a_single_report_is_one_part() {
        let text = "甲县民政局2022年政务公开工作总结\n一、2022年工作总结\n全年发布信息12条。\n";
        let whole = 0..text.len();
        assert_eq!(reports(text), [whole]);
    }
}
