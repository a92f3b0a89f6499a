//! Word documents (`.docx`, also as saved by WPS): the archive is read with
//! bounded sizes, the main document part is streamed with `quick-xml`.

use std::io::{Cursor, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use zip::result::ZipError;
use zip::ZipArchive;

use super::numbering::{
    attr, int_val, namespace, on, too_deep, val, xml_error, Ns, Numbering, ParagraphNumbering,
};
use super::{check_size, BlockLocation, Builder, Extracted, InputError, Limits};

const MATH_NAMESPACE: &[u8] = b"http://schemas.openxmlformats.org/officeDocument/2006/math";
const DEFAULT_DOCUMENT: &str = "word/document.xml";

/// Extracts the text of a Word document: body paragraphs one per line, table
/// rows one per line with cells joined by `" | "`, with their locations.
///
/// Fails with an [`InputError`] (never a panic) for what is not a readable
/// `.docx`: another format under a `.docx` name (an old `.doc`, an encrypted
/// document, RTF, PDF), a corrupt or truncated archive, an archive over the
/// [`Limits`] (too many entries, or more decompressed data than allowed,
/// whether declared or actual), encrypted entries, malformed XML.
pub fn extract_docx(bytes: &[u8], limits: &Limits) -> Result<Extracted, InputError> {
    check_size(bytes.len(), limits)?;
    recognise(bytes)?;
    if let Some(count) = declared_entry_count(bytes) {
        if count > limits.max_entries as u64 {
            return Err(too_many_entries(count, limits));
        }
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if archive.len() > limits.max_entries {
        return Err(too_many_entries(archive.len() as u64, limits));
    }
    if let Some(total) = archive.decompressed_size() {
        if total > u128::from(limits.max_decompressed_bytes) {
            return Err(InputError::new(
                "Word 文档解压后过大，可能是恶意构造的压缩包",
                format_args!(
                    "the .docx declares {total} bytes uncompressed, the limit is {}",
                    limits.max_decompressed_bytes
                ),
            ));
        }
    }
    let mut budget = limits.max_decompressed_bytes;
    let document_name = match read_part(&mut archive, "_rels/.rels", &mut budget)? {
        Some(rels) => relationship_target(&rels, "/officeDocument", "")?,
        None => None,
    }
    .unwrap_or_else(|| DEFAULT_DOCUMENT.to_string());
    let Some(document) = read_part(&mut archive, &document_name, &mut budget)? else {
        return Err(no_document(&archive, &document_name));
    };
    let (directory, file) = match document_name.rsplit_once('/') {
        Some((directory, file)) => (directory.to_string(), file),
        None => (String::new(), document_name.as_str()),
    };
    let rels_name = if directory.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{directory}/_rels/{file}.rels")
    };
    let (numbering_name, styles_name) = match read_part(&mut archive, &rels_name, &mut budget)? {
        Some(rels) => (
            relationship_target(&rels, "/numbering", &directory)?,
            relationship_target(&rels, "/styles", &directory)?,
        ),
        None => (None, None),
    };
    let in_directory = |file: &str| {
        if directory.is_empty() {
            file.to_string()
        } else {
            format!("{directory}/{file}")
        }
    };
    let numbering_name = numbering_name.unwrap_or_else(|| in_directory("numbering.xml"));
    let styles_name = styles_name.unwrap_or_else(|| in_directory("styles.xml"));
    let numbering_xml = read_part(&mut archive, &numbering_name, &mut budget)?;
    let styles_xml = match numbering_xml {
        Some(_) => read_part(&mut archive, &styles_name, &mut budget)?,
        None => None,
    };
    let numbering = Numbering::parse(
        numbering_xml.map(utf8_xml).as_deref(),
        styles_xml.map(utf8_xml).as_deref(),
        limits.max_html_depth,
    )?;
    read_document(&utf8_xml(document), &document_name, numbering, limits)
}

/// Names what a file that is not a zip archive is instead.
fn recognise(bytes: &[u8]) -> Result<(), InputError> {
    if bytes.starts_with(b"PK") {
        return Ok(());
    }
    let trimmed = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    let (chinese, english) = if bytes.is_empty() {
        (
            "不是有效的 Word 文档：文件为空",
            "not a valid .docx: the file is empty",
        )
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        (
            "这是旧版 Word 文档（.doc）或加密的文档，请在 Word 或 WPS 中取消密码并另存为 .docx 后再检查",
            "not a .docx: a legacy .doc or a password-protected document; remove the password and save it as .docx",
        )
    } else if trimmed.starts_with(b"{\\rtf") {
        (
            "这是 RTF 文件，请另存为 .docx 后再检查",
            "not a .docx: an RTF file; save it as .docx",
        )
    } else if bytes.starts_with(b"%PDF") {
        ("这是 PDF 文件，不是 Word 文档", "not a .docx: a PDF file")
    } else if trimmed.starts_with(b"<") {
        (
            "这是网页或 XML 文件，不是 Word 文档（.docx）",
            "not a .docx: an HTML or XML file",
        )
    } else {
        (
            "不是有效的 Word 文档：不是 zip 压缩格式",
            "not a valid .docx: not a zip archive",
        )
    };
    Err(InputError {
        message: format!("{chinese} ({english})"),
    })
}

/// The entry count the end-of-central-directory record declares, read before
/// the archive is opened so that a huge directory is refused cheaply.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
    const LOCATOR: [u8; 4] = [0x50, 0x4B, 0x06, 0x07];
    const EOCD64: [u8; 4] = [0x50, 0x4B, 0x06, 0x06];
    let window = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes[window..]
        .windows(4)
        .rposition(|w| w == EOCD)
        .map(|i| window + i)?;
    let le16 = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let le64 = |i: usize| Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?));
    let count = le16(at + 10)?;
    if count != u16::MAX {
        return Some(u64::from(count));
    }
    let locator = at.checked_sub(20)?;
    if bytes.get(locator..locator + 4)? != LOCATOR {
        return None;
    }
    let record = usize::try_from(le64(locator + 8)?).ok()?;
    if bytes.get(record..record.checked_add(4)?)? != EOCD64 {
        return None;
    }
    le64(record + 32)
}

fn too_many_entries(count: u64, limits: &Limits) -> InputError {
    InputError::new(
        "Word 文档包含的条目过多，可能是恶意构造的压缩包",
        format_args!(
            "the .docx archive has {count} entries, the limit is {}",
            limits.max_entries
        ),
    )
}

fn corrupt(error: &ZipError) -> InputError {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            encrypted()
        }
        ZipError::UnsupportedArchive(what) => InputError::new(
            "不是有效的 Word 文档：不支持的压缩格式",
            format_args!("not a valid .docx: unsupported archive: {what}"),
        ),
        _ => InputError::new(
            "不是有效的 Word 文档：文件已损坏或不完整",
            format_args!("not a valid .docx: corrupt or truncated archive: {error}"),
        ),
    }
}

fn encrypted() -> InputError {
    InputError::new(
        "Word 文档已加密，请取消密码后再检查",
        "the .docx is encrypted; remove the password first",
    )
}

fn no_document<R: Read + Seek>(archive: &ZipArchive<R>, name: &str) -> InputError {
    let has = |prefix: &str| archive.file_names().any(|n| n.starts_with(prefix));
    let (chinese, what) = if has("xl/") {
        ("这是 Excel 表格，不是 Word 文档", "an Excel workbook")
    } else if has("ppt/") {
        (
            "这是 PowerPoint 演示文稿，不是 Word 文档",
            "a PowerPoint presentation",
        )
    } else {
        (
            "压缩包中没有 Word 正文，不是 Word 文档",
            "a zip archive without a Word body",
        )
    };
    InputError::new(
        chinese,
        format_args!("not a .docx: {what}; {name} is missing"),
    )
}

/// Reads one part, charging its size to `budget`: the declared size first,
/// then the bytes actually decompressed, read through a `take` bound so a
/// lying header cannot make it decompress more.
fn read_part<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, InputError> {
    let index = archive.index_for_name(name).or_else(|| {
        archive
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(str::to_string)
            .and_then(|n| archive.index_for_name(&n))
    });
    let Some(index) = index else {
        return Ok(None);
    };
    let bomb = |size: u64| {
        InputError::new(
            "Word 文档解压后过大，可能是恶意构造的压缩包",
            format_args!(
                "{name} decompresses to more than the {} bytes left of the limit (at least {size} bytes)",
                *budget
            ),
        )
    };
    let mut file = archive.by_index(index).map_err(|e| corrupt(&e))?;
    if file.encrypted() {
        return Err(encrypted());
    }
    let declared = file.size();
    if declared > *budget {
        return Err(bomb(declared));
    }
    let mut data = Vec::with_capacity(usize::try_from(declared.min(16 << 20)).unwrap_or(0));
    (&mut file)
        .take(*budget + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            InputError::new(
                "不是有效的 Word 文档：文件已损坏或不完整",
                format_args!("not a valid .docx: cannot decompress {name}: {e}"),
            )
        })?;
    let actual = data.len() as u64;
    if actual > *budget {
        return Err(bomb(actual));
    }
    if actual != declared {
        return Err(InputError::new(
            "不是有效的 Word 文档：文件已损坏",
            format_args!(
                "not a valid .docx: {name} declares {declared} bytes but decompresses to {actual}"
            ),
        ));
    }
    *budget -= actual;
    Ok(Some(data))
}

/// The target of the first internal relationship whose type ends in
/// `type_suffix`, as a part name relative to the archive root.
fn relationship_target(
    rels: &[u8],
    type_suffix: &str,
    base: &str,
) -> Result<Option<String>, InputError> {
    let rels = utf8_xml(rels.to_vec());
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let external =
                    attr(&e, b"TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
                let matches = attr(&e, b"Type").is_some_and(|t| t.ends_with(type_suffix));
                if matches && !external {
                    if let Some(target) = attr(&e, b"Target") {
                        return Ok(Some(resolve_target(base, &target)));
                    }
                }
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(xml_error("relationships", &e, reader.buffer_position())),
        }
    }
}

fn resolve_target(base: &str, target: &str) -> String {
    let (mut parts, target) = match target.strip_prefix('/') {
        Some(absolute) => (Vec::new(), absolute),
        None => (
            base.split('/')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>(),
            target,
        ),
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// XML parts may be UTF-16; the parser reads UTF-8.
fn utf8_xml(bytes: Vec<u8>) -> Vec<u8> {
    match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned()
            .into_bytes(),
        Some((_, bom)) => bytes[bom..].to_vec(),
        None => bytes,
    }
}

// ---- the document part ----

/// The elements whose role depends on where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    PPrRPr,
    NumPr,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Other,
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    numbering: ParagraphNumbering,
    after_break: bool,
    mark_deleted: bool,
}

impl Paragraph {
    fn push_text(&mut self, text: &str) {
        if self.after_break {
            self.after_break = false;
            let joins_words = self
                .text
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if joins_words {
                self.text.push(' ');
            }
        }
        for c in text.chars() {
            match c {
                '\n' | '\r' => self.text.push(' '),
                '\t' => self.text.push('\t'),
                c if c.is_control() => {}
                c => self.text.push(c),
            }
        }
    }
}

#[derive(Debug)]
struct Cell {
    paragraphs: Vec<String>,
    column: usize,
    span: usize,
    covered: bool,
}

impl Cell {
    fn text(&self) -> String {
        self.paragraphs
            .iter()
            // A tab or a `|` inside a cell would read as a cell boundary.
            .map(|p| p.replace('\t', " ").replace('|', "｜"))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Cell>,
    cell: Option<Cell>,
    grid: usize,
    deleted: bool,
}

#[derive(Debug)]
struct Table {
    /// 1-based among the body's top-level tables; 0 for a nested table.
    index: usize,
    rows: usize,
    row: Option<Row>,
}

struct DocumentReader {
    builder: Builder,
    numbering: Numbering,
    stack: Vec<Tag>,
    /// Open elements of a subtree being skipped (deleted text, field codes,
    /// text boxes …), counting its root; 0 when not skipping.
    skipping: usize,
    paragraphs: Vec<Paragraph>,
    /// The text of a paragraph whose mark was deleted: it joins the next one.
    carry: String,
    tables: Vec<Table>,
    top_tables: usize,
    body_paragraphs: usize,
    run_hidden: bool,
}

fn read_document(
    xml: &[u8],
    part: &str,
    numbering: Numbering,
    limits: &Limits,
) -> Result<Extracted, InputError> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut state = DocumentReader {
        builder: Builder::default(),
        numbering,
        stack: Vec::new(),
        skipping: 0,
        paragraphs: Vec::new(),
        carry: String::new(),
        tables: Vec::new(),
        top_tables: 0,
        body_paragraphs: 0,
        run_hidden: false,
    };
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| xml_error(part, &e, position))?;
        match event {
            Event::Start(e) => {
                if state.stack.len() + state.skipping >= limits.max_html_depth {
                    return Err(too_deep(part, limits.max_html_depth));
                }
                if state.skipping > 0 {
                    state.skipping += 1;
                } else {
                    state.start(&resolved, &e);
                }
            }
            Event::End(_) => {
                if state.skipping > 0 {
                    state.skipping -= 1;
                } else if let Some(tag) = state.stack.pop() {
                    state.end(tag);
                }
            }
            Event::Text(t) if state.in_text() => {
                let text = t
                    .xml10_content()
                    .map_err(|e| xml_error(part, &e, position))?;
                state.push_text(&text);
            }
            Event::CData(t) if state.in_text() => {
                let text = t.decode().map_err(|e| xml_error(part, &e, position))?;
                state.push_text(&text);
            }
            Event::GeneralRef(r) if state.in_text() => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => r.decode().ok().and_then(|name| {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }),
                    Err(_) => None,
                };
                if let Some(text) = resolved {
                    state.push_text(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An unterminated document is reported by the parser; what remains open
    // here (a truncated but well-formed prefix cannot happen) is flushed.
    while let Some(tag) = state.stack.pop() {
        state.end(tag);
    }
    Ok(state.builder.finish())
}

impl DocumentReader {
    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn in_text(&self) -> bool {
        self.skipping == 0 && self.parent() == Some(Tag::T) && !self.run_hidden
    }

    fn paragraph(&mut self) -> Option<&mut Paragraph> {
        self.paragraphs.last_mut()
    }

    fn row(&mut self) -> Option<&mut Row> {
        self.tables.last_mut().and_then(|t| t.row.as_mut())
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        self.row().and_then(|r| r.cell.as_mut())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraph() {
            p.push_text(text);
        }
    }

    fn skip(&mut self) {
        self.skipping = 1;
    }

    fn start(&mut self, resolved: &ResolveResult, e: &BytesStart) {
        let ns = namespace(resolved);
        if ns == Ns::Mc && e.local_name().as_ref() == b"Fallback" {
            // mc:Choice holds the same content; read it once.
            return self.skip();
        }
        if matches!(resolved, ResolveResult::Bound(n) if n.as_ref() == MATH_NAMESPACE) {
            return self.skip();
        }
        if ns != Ns::W {
            self.stack.push(Tag::Other);
            return;
        }
        let parent = self.parent();
        let tag = match (e.local_name().as_ref(), parent) {
            (b"p", _) => {
                let text = std::mem::take(&mut self.carry);
                self.paragraphs.push(Paragraph {
                    text,
                    ..Paragraph::default()
                });
                Tag::P
            }
            (b"pPr", Some(Tag::P)) => Tag::PPr,
            (b"pStyle", Some(Tag::PPr)) => {
                let style = val(e);
                if let Some(p) = self.paragraph() {
                    p.numbering.style = style;
                }
                Tag::Other
            }
            (b"numPr", Some(Tag::PPr)) => Tag::NumPr,
            (b"numId", Some(Tag::NumPr)) => {
                let id = int_val(e);
                if let Some(p) = self.paragraph() {
                    p.numbering.num_id = id;
                }
                Tag::Other
            }
            (b"ilvl", Some(Tag::NumPr)) => {
                let level = int_val(e).and_then(|l| usize::try_from(l).ok());
                if let Some(p) = self.paragraph() {
                    p.numbering.level = level;
                }
                Tag::Other
            }
            (b"rPr", Some(Tag::PPr)) => Tag::PPrRPr,
            (b"rPr", Some(Tag::R)) => Tag::RPr,
            (b"del" | b"moveFrom", Some(Tag::PPrRPr)) => {
                // The paragraph mark is deleted: the text joins the next paragraph.
                if let Some(p) = self.paragraph() {
                    p.mark_deleted = true;
                }
                Tag::Other
            }
            (b"del", Some(Tag::TrPr)) => {
                if let Some(row) = self.row() {
                    row.deleted = true;
                }
                Tag::Other
            }
            (b"vanish", Some(Tag::RPr)) => {
                self.run_hidden = on(e);
                Tag::Other
            }
            (b"r", _) => {
                self.run_hidden = false;
                Tag::R
            }
            (b"t", Some(Tag::R)) => Tag::T,
            (b"tab" | b"ptab", Some(Tag::R)) => {
                if !self.run_hidden {
                    self.push_text("\t");
                }
                Tag::Other
            }
            (b"br" | b"cr", Some(Tag::R)) => {
                if !self.run_hidden {
                    if let Some(p) = self.paragraph() {
                        p.after_break = true;
                    }
                }
                Tag::Other
            }
            (b"noBreakHyphen", Some(Tag::R)) => {
                if !self.run_hidden {
                    self.push_text("-");
                }
                Tag::Other
            }
            (b"sym", Some(Tag::R)) => {
                // Symbol-font characters (U+F000…) have no meaning as text.
                let c = attr(e, b"char")
                    .and_then(|hex| u32::from_str_radix(hex.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                if let (Some(c), false) = (c, self.run_hidden) {
                    self.push_text(&c.to_string());
                }
                Tag::Other
            }
            (b"tbl", _) => {
                let index = if self.tables.is_empty() {
                    self.top_tables += 1;
                    self.top_tables
                } else {
                    0
                };
                self.tables.push(Table {
                    index,
                    rows: 0,
                    row: None,
                });
                Tag::Tbl
            }
            (b"tr", _) => {
                if let Some(table) = self.tables.last_mut() {
                    table.rows += 1;
                    table.row = Some(Row::default());
                }
                Tag::Tr
            }
            (b"trPr", Some(Tag::Tr)) => Tag::TrPr,
            (b"gridBefore", Some(Tag::TrPr)) => {
                let before = int_val(e)
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(0);
                if let Some(row) = self.row() {
                    row.grid = row.grid.saturating_add(before.min(1000));
                }
                Tag::Other
            }
            (b"tc", _) => {
                if let Some(row) = self.row() {
                    row.cell = Some(Cell {
                        paragraphs: Vec::new(),
                        column: row.grid + 1,
                        span: 1,
                        covered: false,
                    });
                }
                Tag::Tc
            }
            (b"tcPr", Some(Tag::Tc)) => Tag::TcPr,
            (b"gridSpan", Some(Tag::TcPr)) => {
                let span = int_val(e)
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                if let Some(cell) = self.cell() {
                    cell.span = span;
                }
                Tag::Other
            }
            (b"vMerge" | b"hMerge", Some(Tag::TcPr)) => {
                // A continuation of a merged cell: covered by the cell above
                // (or before), like an HTML cell under a rowspan.
                let covered = val(e).is_none_or(|v| v != "restart");
                if let Some(cell) = self.cell() {
                    cell.covered = covered;
                }
                Tag::Other
            }
            (
                b"del" | b"moveFrom" | b"delText" | b"instrText" | b"delInstrText" | b"txbxContent"
                | b"pPrChange" | b"rPrChange" | b"tblPrChange" | b"trPrChange" | b"tcPrChange"
                | b"sectPrChange" | b"tblGridChange" | b"tblPrExChange" | b"numberingChange"
                | b"drawing" | b"pict" | b"object" | b"sdtPr" | b"sdtEndPr" | b"fldData",
                _,
            ) => return self.skip(),
            _ => Tag::Other,
        };
        self.stack.push(tag);
    }

    fn end(&mut self, tag: Tag) {
        match tag {
            Tag::P => self.end_paragraph(),
            Tag::Tc => {
                if let Some(row) = self.row() {
                    if let Some(cell) = row.cell.take() {
                        row.grid = row.grid.saturating_add(cell.span);
                        row.cells.push(cell);
                    }
                }
            }
            Tag::Tr => self.end_row(),
            Tag::Tbl => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraphs.pop() else {
            return;
        };
        if paragraph.mark_deleted {
            self.carry = paragraph.text;
            return;
        }
        let label = if self.numbering.is_empty() {
            None
        } else {
            self.numbering.label(&paragraph.numbering)
        };
        let text = match label {
            Some(label) => label + &paragraph.text,
            None => paragraph.text,
        };
        self.add_paragraph(text);
    }

    /// A finished paragraph goes to the open cell, or to the body.
    fn add_paragraph(&mut self, text: String) {
        if let Some(cell) = self.cell() {
            cell.paragraphs.push(text);
            return;
        }
        let index = self.body_paragraphs + 1;
        if self.builder.line(&text, BlockLocation::Paragraph { index }) {
            self.body_paragraphs = index;
        }
    }

    fn end_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(mut row) = table.row.take() else {
            return;
        };
        if let Some(cell) = row.cell.take() {
            row.cells.push(cell);
        }
        if row.deleted {
            return;
        }
        let (index, number) = (table.index, table.rows);
        let cells = row.cells.into_iter().filter(|c| !c.covered);
        if self.tables.len() == 1 {
            let cells = cells
                .map(|cell| {
                    let location = BlockLocation::Cell {
                        table: index,
                        row: number,
                        column: cell.column,
                    };
                    (cell.text(), location)
                })
                .collect();
            self.builder.row(cells);
        } else {
            // A nested table: its row becomes one paragraph of the outer cell.
            let text = cells
                .map(|c| c.text())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let outer = self.tables.len() - 2;
            if let Some(cell) = self.tables[outer]
                .row
                .as_mut()
                .and_then(|r| r.cell.as_mut())
            {
                cell.paragraphs.push(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_directory() {
        assert_eq!(
            resolve_target("word", "numbering.xml"),
            "word/numbering.xml"
        );
        assert_eq!(
            resolve_target("word", "/word/styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(resolve_target("word", "../custom/n.xml"), "custom/n.xml");
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn other_formats_are_named() {
        let message = |bytes: &[u8]| recognise(bytes).unwrap_err().message;
        assert!(message(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).contains(".doc"));
        assert!(message(b"{\\rtf1 hello}").contains("RTF"));
        assert!(message(b"%PDF-1.7").contains("PDF"));
        assert!(message(b"").contains("empty"));
        assert!(message(b"hello").contains("not a zip"));
    }
}
