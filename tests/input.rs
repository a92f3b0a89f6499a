//! Input formats: Word (.docx) and web pages (.html) extract to the text zwgk
//! lints, with locations; hostile or broken files fail cleanly.

mod common;

use common::docx::{document_xml, zip_of, CONTENT_TYPES, DOCUMENT_RELS, NAMESPACES, ROOT_RELS};

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;
use zwgk::input::{
    decode_html, extract, extract_docx, extract_html, html_charset, kind_of, BlockLocation,
    Extracted, Limits, SourceKind,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/input");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

// ---- building .docx files (tests/common/docx.rs) ----

/// A Word package with this body, and numbering and styles parts if given.
fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = document_xml(body);
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
    ];
    let numbering = numbering.map(|n| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NAMESPACES}>{n}</w:numbering>"#
        )
    });
    let styles = styles.map(|s| {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NAMESPACES}>{s}</w:styles>"#)
    });
    if let Some(n) = &numbering {
        entries.push(("word/numbering.xml", n.as_bytes()));
    }
    if let Some(s) = &styles {
        entries.push(("word/styles.xml", s.as_bytes()));
    }
    zip_of(&entries)
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn numbered(num_id: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn cell(text: &str, properties: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>{properties}</w:tcPr>{}</w:tc>"#,
        p(text)
    )
}

fn row(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| cell(c, "")).collect();
    format!("<w:tr>{cells}</w:tr>")
}

fn table(rows: &str) -> String {
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>"#
    )
}

/// `一、` `（一）` `1.` in three levels (list 1); a bullet list (list 2).
const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;

/// WPS names styles by number: style "2" is the level-1 heading, numbered by list 1.
const STYLES: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 2"/><w:basedOn w:val="2"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#;

/// The fixture report (tests/fixtures/input/report.txt) as a Word document:
/// headings numbered by Word (directly and through styles), a title broken
/// over two lines, spacing paragraphs, and the statistics table with a
/// merged first row.
fn report_docx() -> Vec<u8> {
    let body = [
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>某县人民政府办公室</w:t></w:r><w:r><w:br/><w:t>2022年政府信息公开工作年度报告</w:t></w:r></w:p>"#.to_string(),
        "<w:p/>".to_string(),
        r#"<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t>本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>政府信息公开工作年度报告格式》要求编制。</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#.to_string(),
        styled("2", "总体情况"),
        p("2022年，本机关主动公开政府信息156条，其中政策文件8件。"),
        numbered(1, 1, "主动公开"),
        p("全年发布政策解读5篇，回应社会关切12次。"),
        styled("3", "依申请公开"),
        p("全年收到政府信息公开申请3件，均按时答复。"),
        numbered(1, 0, "主动公开政府信息情况"),
        table(&format!(
            "<w:tr>{}</w:tr>{}{}{}",
            cell("第二十条第（一）项", r#"<w:gridSpan w:val="4"/>"#),
            row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
            row(&["规章", "0", "0", "0"]),
            row(&["行政规范性文件", "2", "1", "9"]),
        )),
        "<w:p/>".to_string(),
        styled("2", "存在的主要问题及改进情况"),
        p("部分栏目更新不够及时 &amp; 内容不够完整，下一步将建立栏目巡查机制。"),
    ]
    .concat();
    docx(&body, Some(NUMBERING), Some(STYLES))
}

fn lines(extracted: &Extracted) -> Vec<&str> {
    extracted.text.lines().collect()
}

fn location_of<'a>(extracted: &'a Extracted, needle: &str) -> &'a BlockLocation {
    let at = extracted.text.find(needle).expect("text present");
    let block = extracted
        .locations
        .iter()
        .find(|b| b.range.start <= at && at < b.range.end)
        .expect("a block covers the text");
    assert_eq!(extracted.location_at(at), Some(&block.location));
    &block.location
}

fn assert_well_formed(extracted: &Extracted) {
    let mut previous_end = 0;
    for block in &extracted.locations {
        assert!(block.range.start >= previous_end, "sorted, not overlapping");
        assert!(extracted.text.is_char_boundary(block.range.start));
        assert!(extracted.text.is_char_boundary(block.range.end));
        assert!(!extracted.text[block.range.clone()].contains('\n'));
        previous_end = block.range.end;
    }
    assert!(!extracted.text.contains("\n\n"), "no blank lines");
}

// ---- .docx ----

#[test]
fn docx_paragraphs_tables_and_locations() {
    let extracted = extract_docx(&report_docx(), &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "某县人民政府办公室2022年政府信息公开工作年度报告",
            "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。",
            "一、总体情况",
            "2022年，本机关主动公开政府信息156条，其中政策文件8件。",
            "（一）主动公开",
            "全年发布政策解读5篇，回应社会关切12次。",
            "（二）依申请公开",
            "全年收到政府信息公开申请3件，均按时答复。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
            "规章 | 0 | 0 | 0",
            "行政规范性文件 | 2 | 1 | 9",
            "三、存在的主要问题及改进情况",
            "部分栏目更新不够及时 & 内容不够完整，下一步将建立栏目巡查机制。",
        ]
    );
    // Paragraphs count as in Word's statistics: empty ones are not counted.
    assert_eq!(
        location_of(&extracted, "一、总体情况"),
        &BlockLocation::Paragraph { index: 3 }
    );
    assert_eq!(
        location_of(&extracted, "三、存在"),
        &BlockLocation::Paragraph { index: 10 }
    );
    let nine = extracted.text.rfind("| 9").unwrap() + 2;
    assert_eq!(
        extracted.location_at(nine),
        Some(&BlockLocation::Cell {
            table: 1,
            row: 4,
            column: 4
        })
    );
    assert_eq!(
        location_of(&extracted, "行政规范性文件"),
        &BlockLocation::Cell {
            table: 1,
            row: 4,
            column: 1
        }
    );
    // A cell's range is exactly its text.
    let block = extracted
        .locations
        .iter()
        .find(|b| {
            b.location
                == BlockLocation::Cell {
                    table: 1,
                    row: 2,
                    column: 2,
                }
        })
        .unwrap();
    assert_eq!(&extracted.text[block.range.clone()], "本年制发件数");
    assert_eq!(
        BlockLocation::Cell {
            table: 1,
            row: 2,
            column: 2
        }
        .to_string(),
        "表 1 第 2 行第 2 列"
    );
}

#[test]
fn docx_revisions_fields_hidden_text_and_text_boxes() {
    let body = [
        // Deleted text is gone, inserted text stays, hidden text and field
        // codes are not shown; the field's result is.
        r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1" w:author="审核人"><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins w:id="2" w:author="审核人"><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        // Tabs stay; a line break joins (with a space only between Latin words).
        r#"<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Open</w:t><w:br/><w:t>Data</w:t><w:br w:type="page"/><w:t>平台</w:t></w:r></w:p>"#,
        // A text box (in both its modern and VML form) is not read.
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#,
        // A deleted paragraph mark joins the paragraph to the next one.
        r#"<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="审核人"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p><w:p><w:r><w:t>后半</w:t></w:r></w:p>"#,
        // Character references, content controls, hyperlinks, equations.
        r#"<w:p><w:sdt><w:sdtPr><w:alias w:val="标题"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent><w:r><w:t>&#x4E00;&lt;二&gt;</w:t></w:r></w:sdtContent></w:sdt><w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>"#,
        // A deleted table row.
        &table(&format!(
            r#"{}<w:tr><w:trPr><w:del w:id="4" w:author="审核人"/></w:trPr>{}</w:tr>"#,
            row(&["留下", "的行"]),
            cell("删掉的行", "")
        )),
    ]
    .concat();
    let extracted = extract_docx(&docx(&body, None, None), &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "保留插入显示7",
            "甲\t乙",
            "Open Data平台",
            "正文",
            "前半后半",
            "一<二>链接",
            "留下 | 的行"
        ]
    );
}

#[test]
fn docx_merged_and_nested_cells() {
    let body = table(&format!(
        "<w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr>",
        cell("类别", r#"<w:vMerge w:val="restart"/>"#),
        cell("数量", r#"<w:gridSpan w:val="2"/>"#),
        cell("", "<w:vMerge/>"),
        cell("甲", ""),
        format_args!(
            "<w:tc>{}{}</w:tc>",
            table(&row(&["内", "表"])),
            p("乙")
        ),
        cell("丙", ""),
        cell("丁|戊", ""),
    ));
    let extracted = extract_docx(&docx(&body, None, None), &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    // A continuation of a vertically merged cell is left out, as a cell
    // under an HTML rowspan is; a nested table joins its cell.
    assert_eq!(
        lines(&extracted),
        ["类别 | 数量", "甲 | 内 表 乙", "丙 | 丁｜戊"]
    );
    let column = |needle| match location_of(&extracted, needle) {
        BlockLocation::Cell { column, .. } => *column,
        other => panic!("{other:?}"),
    };
    assert_eq!(column("数量"), 2);
    assert_eq!(column("甲"), 2);
    assert_eq!(column("内 表"), 3);
    assert_eq!(column("丙"), 2);
}

#[test]
fn docx_numbering_levels_restarts_and_overrides() {
    let numbering = format!(
        r#"{NUMBERING}
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="hebrew2"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>"#
    );
    let body = [
        numbered(1, 0, "总体情况"),
        numbered(1, 1, "主动公开"),
        numbered(1, 2, "政策文件"),
        numbered(1, 2, "政策解读"),
        numbered(1, 1, "依申请公开"),
        numbered(1, 2, "申请情况"),
        numbered(1, 0, "存在问题"),
        numbered(1, 1, "问题"),
        numbered(2, 0, "要点"),
        numbered(3, 0, "第一"),
        numbered(3, 1, "第一之一"),
        numbered(3, 2, "圈一"),
        numbered(4, 0, "另起"),
        numbered(5, 0, "未知格式"),
        // numId 0 switches numbering off, even against the style.
        r#"<w:p><w:pPr><w:pStyle w:val="2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>"#.to_string(),
        styled("2", "接续"),
    ]
    .concat();
    let extracted = extract_docx(
        &docx(&body, Some(&numbering), Some(STYLES)),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        lines(&extracted),
        [
            "一、总体情况",
            "（一）主动公开",
            "1.政策文件",
            "2.政策解读",
            "（二）依申请公开",
            "1.申请情况",
            "二、存在问题",
            "（一）问题",
            "要点",
            "1. 第一",
            "1.1第一之一",
            "①圈一",
            "5. 另起",
            "未知格式",
            "不编号",
            "三、接续",
        ]
    );
}

#[test]
fn docx_without_numbering_part_keeps_the_text() {
    // Numbering points at a list that is not defined: the text stays, without a number.
    let extracted = extract_docx(
        &docx(&numbered(7, 0, "总体情况"), None, None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(lines(&extracted), ["总体情况"]);
}

#[test]
fn truncated_docx_is_a_clear_error() {
    let bytes = report_docx();
    for length in (0..bytes.len()).step_by(37) {
        let error = extract_docx(&bytes[..length], &Limits::default())
            .expect_err("a truncated archive is an error");
        assert!(
            error.message.contains("Word") && error.message.contains("(not a"),
            "{}",
            error.message
        );
    }
    let error = extract_docx(&bytes[..bytes.len() - 10], &Limits::default()).unwrap_err();
    assert!(
        error.message.contains("已损坏或不完整"),
        "{}",
        error.message
    );
}

#[test]
fn damaged_docx_never_panics() {
    let bytes = report_docx();
    for at in (0..bytes.len()).step_by(11) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5A;
        // Either still readable (the byte was in an unread part) or an error.
        if let Err(error) = extract_docx(&damaged, &Limits::default()) {
            assert!(!error.message.is_empty());
        }
    }
}

#[test]
fn other_files_named_docx_are_named() {
    let error = extract_docx("某县政务公开工作总结".as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(
        error.message,
        "不是有效的 Word 文档：不是 zip 压缩格式 (not a valid .docx: not a zip archive)"
    );
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let error = extract_docx(&ole, &Limits::default()).unwrap_err();
    assert!(
        error.message.contains("旧版 Word 文档（.doc）或加密"),
        "{}",
        error.message
    );
    let error = extract(
        kind_of(Path::new("报告.DOCX")),
        b"%PDF-1.7\n",
        &Limits::default(),
    )
    .unwrap_err();
    assert!(
        error.message.starts_with("这是 PDF 文件"),
        "{}",
        error.message
    );
    // A zip that is not a Word document.
    let xlsx = zip_of(&[("xl/workbook.xml", b"<workbook/>".as_slice())]);
    let error = extract_docx(&xlsx, &Limits::default()).unwrap_err();
    assert!(error.message.contains("Excel"), "{}", error.message);
    // Malformed XML in the body.
    let broken = zip_of(&[(
        "word/document.xml",
        format!("<w:document {NAMESPACES}><w:body><w:p></w:body>").as_bytes(),
    )]);
    let error = extract_docx(&broken, &Limits::default()).unwrap_err();
    assert!(error.message.contains("XML"), "{}", error.message);
}

fn small_limits() -> Limits {
    Limits {
        max_decompressed_bytes: 1024 * 1024,
        ..Limits::default()
    }
}

/// A document part of `size` bytes that compresses to almost nothing.
fn bomb_document(size: usize) -> Vec<u8> {
    let mut xml = document_xml(&p("开头")).into_bytes();
    let tail = xml.split_off(xml.len() - "</w:body></w:document>".len());
    xml.resize(size, b' ');
    xml.extend(tail);
    xml
}

#[test]
fn zip_bomb_by_declared_size_is_refused() {
    let document = bomb_document(4 * 1024 * 1024);
    let bytes = zip_of(&[("word/document.xml", &document)]);
    assert!(
        bytes.len() < 100 * 1024,
        "highly compressible: {}",
        bytes.len()
    );
    let error = extract_docx(&bytes, &small_limits()).unwrap_err();
    assert!(
        error.message.starts_with("Word 文档解压后过大") && error.message.contains("limit"),
        "{}",
        error.message
    );
    // The same document is fine under the default limits.
    let extracted = extract_docx(&bytes, &Limits::default()).unwrap();
    assert_eq!(lines(&extracted), ["开头"]);
}

/// Rewrites the uncompressed size an archive declares for its entries.
fn lie_about_sizes(bytes: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 30 <= bytes.len() {
        match &bytes[i..i + 4] {
            [0x50, 0x4B, 0x03, 0x04] => bytes[i + 22..i + 26].copy_from_slice(&size.to_le_bytes()),
            [0x50, 0x4B, 0x01, 0x02] => bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
}

#[test]
fn zip_bomb_by_actual_size_is_refused() {
    let document = bomb_document(4 * 1024 * 1024);
    let mut bytes = zip_of(&[("word/document.xml", &document)]);
    lie_about_sizes(&mut bytes, 1000);
    let error = extract_docx(&bytes, &small_limits()).unwrap_err();
    assert!(
        error.message.starts_with("Word 文档解压后过大")
            || error.message.starts_with("不是有效的 Word 文档"),
        "{}",
        error.message
    );
    // Under the default limit the size mismatch itself is the error.
    let error = extract_docx(&bytes, &Limits::default()).unwrap_err();
    assert!(error.message.contains("文件已损坏"), "{}", error.message);
}

#[test]
fn encrypted_entries_are_refused() {
    let mut bytes = report_docx();
    // Set the "encrypted" flag of every entry, as a password-protected zip has it.
    let mut i = 0;
    while i + 30 <= bytes.len() {
        match &bytes[i..i + 4] {
            [0x50, 0x4B, 0x03, 0x04] => bytes[i + 6] |= 1,
            [0x50, 0x4B, 0x01, 0x02] => bytes[i + 8] |= 1,
            _ => {}
        }
        i += 1;
    }
    let error = extract_docx(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(
        error.message,
        "Word 文档已加密，请取消密码后再检查 (the .docx is encrypted; remove the password first)"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..20_000).map(|i| format!("word/media/{i}.txt")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![(
        "word/document.xml",
        b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>",
    )];
    entries.extend(names.iter().map(|n| (n.as_str(), b"x".as_slice())));
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, data) in &entries {
        writer.start_file(*name, stored).unwrap();
        writer.write_all(data).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    let limits = Limits {
        max_entries: 100,
        ..Limits::default()
    };
    let error = extract_docx(&bytes, &limits).unwrap_err();
    assert!(
        error.message.contains("条目过多") && error.message.contains("20001 entries"),
        "{}",
        error.message
    );
    // The default limit (10,000) refuses it too.
    assert!(extract_docx(&bytes, &Limits::default()).is_err());
}

#[test]
fn oversized_input_is_refused() {
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert!(extract_docx(&report_docx(), &limits)
        .unwrap_err()
        .message
        .starts_with("文件过大"));
    assert!(extract_html(&"<p>字</p>".repeat(100), &limits).is_err());
}

// ---- .html ----

#[test]
fn html_report_page_is_its_visible_text() {
    let html = String::from_utf8(fixture("report.html")).unwrap();
    let extracted = extract_html(&html, &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "某县人民政府办公室2022年政府信息公开工作年度报告",
            "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。",
            "一、总体情况",
            "2022年，本机关主动公开政府信息156条，其中政策文件8件。",
            "（一）主动公开",
            "全年发布政策解读5篇，回应社会关切12次。",
            "（二）依申请公开",
            "全年收到政府信息公开申请3件，均按时答复。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
            "规章 | 0 | 0 | 0",
            "行政规范性文件 | 2 | 1 | 9",
            "三、存在的主要问题及改进情况",
            "部分栏目更新不够及时 & 内容不够完整，下一步将建立栏目巡查机制。",
        ]
    );
    let path = |needle| match location_of(&extracted, needle) {
        BlockLocation::Html { path } => path.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(path("某县人民政府办公室2022年"), "div#zoom > h1");
    assert_eq!(path("一、总体情况"), "div#zoom > p[2]");
    assert_eq!(
        path("现行有效件数"),
        "div#zoom > table.report > tbody > tr[2] > th[4]"
    );
    let nine = extracted.text.rfind("| 9").unwrap() + 2;
    assert_eq!(
        extracted.location_at(nine),
        Some(&BlockLocation::Html {
            path: "div#zoom > table.report > tbody > tr[4] > td[4]".into()
        })
    );
}

#[test]
fn html_without_ids_is_located_from_body() {
    let extracted = extract_html(
        "<body><div class=\"a b\"><p>一</p><p>二</p></div><div><p>三</p></div></body>",
        &Limits::default(),
    )
    .unwrap();
    let paths: Vec<String> = extracted
        .locations
        .iter()
        .map(|b| b.location.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "body > div.a > p",
            "body > div.a > p[2]",
            "body > div[2] > p"
        ]
    );
}

#[test]
fn broken_html_still_reads() {
    let html = "<html><head><title>标题不算正文</title><meta charset=utf-8><body><div class=c><p>第一段<p>第二段<br>第三行\
                <table><tr><td>甲<td>乙<tr><td>丙<td>丁</table><p>末段<b>加粗</i>&nbsp;&copy; 2022\
                <ul><li>一项<li>二项</ul><p>未闭合的 <span>行内";
    let extracted = extract_html(html, &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "第一段",
            "第二段",
            "第三行",
            "甲 | 乙",
            "丙 | 丁",
            "末段加粗 © 2022",
            "一项",
            "二项",
            "未闭合的 行内"
        ]
    );
}

#[test]
fn html_whitespace_and_entities() {
    let html = "<p>  政府信息\n    公开&nbsp;&nbsp;工作\t 年度   报告 </p><p>Open\n  Data&#x3000;平台 &amp; &lt;网站&gt;</p><pre>第一行\n第二行</pre>";
    let extracted = extract_html(html, &Limits::default()).unwrap();
    assert_eq!(
        lines(&extracted),
        [
            // A source line break between two CJK characters disappears (CSS).
            "政府信息公开 工作 年度 报告",
            "Open Data\u{3000}平台 & <网站>",
            "第一行",
            "第二行"
        ]
    );
}

#[test]
fn html_header_and_footer_inside_an_article_are_content() {
    let html = "<header>站点头部</header><article><header><h1>报告标题</h1></header><p>正文</p><footer>发布日期：2023年1月15日</footer></article><footer>版权所有</footer>";
    let extracted = extract_html(html, &Limits::default()).unwrap();
    assert_eq!(
        lines(&extracted),
        ["报告标题", "正文", "发布日期：2023年1月15日"]
    );
}

#[test]
fn html_layout_tables_read_as_paragraphs() {
    let html = "<table width=\"100%\"><tr><td class=\"left\">栏目导航</td><td class=\"body\">\
                <p>一、总体情况</p><p>本机关主动公开信息。</p><p>二、存在问题</p><p>部分栏目更新不及时。</p>\
                <table border=1><tr><td>项目</td><td>数量</td></tr><tr><td>规章</td><td>0</td></tr></table>\
                </td></tr></table>";
    let extracted = extract_html(html, &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "栏目导航",
            "一、总体情况",
            "本机关主动公开信息。",
            "二、存在问题",
            "部分栏目更新不及时。",
            "项目 | 数量",
            "规章 | 0"
        ]
    );
}

#[test]
fn deeply_nested_html_does_not_crash() {
    let depth = 100_000;
    let html = format!(
        "{}深层文本{}<p>之后</p>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let extracted = extract_html(&html, &Limits::default()).unwrap();
    assert_eq!(lines(&extracted), ["深层文本", "之后"]);
    match location_of(&extracted, "深层文本") {
        BlockLocation::Html { path } => assert!(path.starts_with("div > div"), "{path}"),
        other => panic!("{other:?}"),
    }

    // Unclosed, mixed, with a script past the limit: nothing leaks, nothing crashes.
    let html = format!(
        "{}<script>隐藏脚本</script>可见<table><tr><td>格",
        "<span><div><table><tr><td>".repeat(depth / 5)
    );
    let extracted = extract_html(&html, &Limits::default()).unwrap();
    assert!(!extracted.text.contains("隐藏脚本"));
    assert!(extracted.text.contains("可见"), "{}", extracted.text);

    let shallow = Limits {
        max_html_depth: 4,
        ..Limits::default()
    };
    let extracted = extract_html(
        "<div><div><div><div><p>甲</p><p>乙</p><style>x{}</style></div></div></div></div><p>丙</p>",
        &shallow,
    )
    .unwrap();
    assert_eq!(lines(&extracted), ["甲", "乙", "丙"]);
}

#[test]
fn gbk_page_declares_its_charset() {
    let bytes = fixture("gbk-page.html");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    assert_eq!(html_charset(&bytes), Some(encoding_rs::GBK));
    let (text, encoding) = decode_html(&bytes).unwrap();
    assert_eq!(encoding, encoding_rs::GBK);
    let extracted = extract_html(&text, &Limits::default()).unwrap();
    assert_eq!(
        lines(&extracted),
        [
            "某县2022年政务公开工作总结",
            "一、工作开展情况",
            "全县各级行政机关认真贯彻落实条例要求。"
        ]
    );
    // A page whose declaration is wrong is decoded as zwgk decodes text.
    let lying = [b"<meta charset=\"utf-8\">".as_slice(), &bytes].concat();
    let (text, encoding) = decode_html(&lying).unwrap();
    assert_eq!(encoding, encoding_rs::GB18030);
    assert!(text.contains("工作开展情况"));
    // A UTF-8 page under an old `charset=gb2312` template is read as UTF-8.
    let utf8 = "<meta charset=\"gb2312\"><p>政务公开</p>".as_bytes();
    assert_eq!(html_charset(utf8), Some(encoding_rs::GBK));
    assert_eq!(
        decode_html(utf8).unwrap(),
        (
            "<meta charset=\"gb2312\"><p>政务公开</p>".to_string(),
            encoding_rs::UTF_8
        )
    );
    assert_eq!(
        html_charset(b"<meta http-equiv=Content-Type content=\"text/html;charset=GB2312\">"),
        Some(encoding_rs::GBK)
    );
    assert_eq!(
        html_charset("<meta charset=\"utf-16\">".as_bytes()),
        Some(encoding_rs::UTF_8)
    );
}

// ---- all formats ----

#[test]
fn kinds_by_extension() {
    assert_eq!(kind_of(Path::new("a/报告.txt")), SourceKind::Text);
    assert_eq!(kind_of(Path::new("报告.md")), SourceKind::Text);
    assert_eq!(kind_of(Path::new("报告.docx")), SourceKind::Docx);
    assert_eq!(kind_of(Path::new("报告.Docx")), SourceKind::Docx);
    assert_eq!(kind_of(Path::new("报告.html")), SourceKind::Html);
    assert_eq!(kind_of(Path::new("报告.HTM")), SourceKind::Html);
    assert_eq!(kind_of(Path::new("报告")), SourceKind::Text);
}

#[test]
fn the_same_report_reads_the_same_in_every_format() {
    let limits = Limits::default();
    let txt = extract(SourceKind::Text, &fixture("report.txt"), &limits).unwrap();
    let docx = extract(SourceKind::Docx, &report_docx(), &limits).unwrap();
    let html = extract(SourceKind::Html, &fixture("report.html"), &limits).unwrap();
    let paragraphs = |e: &Extracted| -> Vec<String> {
        e.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let prose = |e: &Extracted| -> Vec<String> {
        paragraphs(e)
            .into_iter()
            .filter(|l| !l.contains(" | "))
            .collect()
    };
    assert_eq!(prose(&docx), prose(&txt));
    assert_eq!(prose(&html), prose(&txt));
    // The tables agree too.
    assert_eq!(paragraphs(&docx), paragraphs(&txt));
    assert_eq!(paragraphs(&html), paragraphs(&txt));
}

#[test]
fn libreoffice_docx_with_chinese_list_numbering() {
    // Made by LibreOffice from libreoffice-numbered.fodt
    // (`soffice --headless --convert-to docx libreoffice-numbered.fodt`):
    // another generator's numbering.xml, styles and merged cells.
    let extracted =
        extract_docx(&fixture("libreoffice-numbered.docx"), &Limits::default()).unwrap();
    assert_well_formed(&extracted);
    assert_eq!(
        lines(&extracted),
        [
            "某县2022年政务公开工作总结",
            "一、工作开展情况",
            "（一）主动公开",
            "（二）依申请公开",
            "全年发布信息120条。",
            "第二十条第（一）项",
            "规章 | 0 | 1",
            "二、存在的问题",
        ]
    );
    assert_eq!(
        location_of(&extracted, "二、存在的问题"),
        &BlockLocation::Paragraph { index: 6 }
    );
    assert_eq!(
        location_of(&extracted, "规章"),
        &BlockLocation::Cell {
            table: 1,
            row: 2,
            column: 1
        }
    );
}
