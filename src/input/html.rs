//! Web pages (`.html`/`.htm`): the visible text of a report as published on
//! a government site.
//!
//! The page is tokenized by `html5gum`, a tokenizer that follows the WHATWG
//! HTML specification (character references, raw text in `script`/`style`,
//! broken markup of every kind), and its structure is followed here with an
//! explicit stack of open elements rather than a tree: the tag-omission rules
//! that matter for text (`<p>` closing an open `<p>`, `<td>` a `<td>`, `<tr>`
//! a `<tr>`, `<li>` an `<li>` …) and end tags closing only elements in scope.
//! Nothing recurses on the document's nesting, so deeply nested input cannot
//! overflow the stack; past [`Limits::max_html_depth`] elements are no longer
//! tracked and their text joins the block at that depth.
//!
//! Tables: a data table (the annual report's statistics) becomes one line
//! per row, cells joined by `" | "`. A table used for page layout, which old
//! government sites still wrap their articles in, is read as the paragraphs
//! of its cells instead: a table is taken for layout when it contains another
//! table, has a single column, or has a cell with more than
//! [`LAYOUT_CELL_PARAGRAPHS`] paragraphs or [`LAYOUT_CELL_CHARS`] characters.

use std::collections::HashMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{check_size, BlockLocation, Builder, Collapsing, Extracted, InputError, Limits};

/// A cell with more paragraphs than this makes its table a layout table.
const LAYOUT_CELL_PARAGRAPHS: usize = 3;
/// A cell with more characters than this makes its table a layout table.
const LAYOUT_CELL_CHARS: usize = 200;

/// Extracts the visible text of an HTML page, one block per line, with the
/// path of each block. The bytes must already be decoded (see
/// [`decode_html`]).
pub fn extract_html(text: &str, limits: &Limits) -> Result<Extracted, InputError> {
    check_size(text.len(), limits)?;
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut page = Page::new(limits.max_html_depth.max(1));
    for token in Tokenizer::new_with_emitter(text, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attribute = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                };
                let attributes = Attributes {
                    id: attribute("id"),
                    class: attribute("class"),
                    role: attribute("role"),
                    style: attribute("style"),
                    hidden: tag.attributes.contains_key(b"hidden".as_slice()),
                };
                page.start(&name, &attributes);
            }
            Token::EndTag(tag) => page.end(&String::from_utf8_lossy(&tag.name)),
            Token::String(s) => page.text(&String::from_utf8_lossy(&s.value)),
            _ => {}
        }
    }
    Ok(page.finish())
}

struct Attributes {
    id: Option<String>,
    class: Option<String>,
    role: Option<String>,
    style: Option<String>,
    hidden: bool,
}

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "xmp",
];

/// Elements whose content is never shown as text of the page.
const INVISIBLE: &[&str] = &[
    "audio", "button", "canvas", "datalist", "embed", "head", "iframe", "map", "math", "nav",
    "noembed", "noframes", "noscript", "object", "script", "select", "style", "svg", "template",
    "textarea", "title", "video",
];

/// Start tags that close an open `<p>` (WHATWG “in body” insertion mode).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
];

/// What may stay in `<head>`; anything else starts the body.
const HEAD_CONTENT: &[&str] = &[
    "base", "basefont", "bgsound", "link", "meta", "noscript", "script", "style", "template",
    "title",
];

const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];
const TABLE_SCOPE: &[&str] = &["html", "table", "template"];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

fn is(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

struct Frame {
    name: String,
    /// `div#main`, `div.content` or `div`.
    label: String,
    nth: usize,
    has_id: bool,
    children: Vec<(String, usize)>,
    /// This element or an ancestor is not shown.
    invisible: bool,
    /// Inside `article`, `main`, `section` or `aside` (where `header` and
    /// `footer` belong to the content, not to the page).
    sectioning: bool,
    pre: bool,
}

/// A paragraph being collected, and the path of the block it is in.
#[derive(Default)]
struct Para {
    text: Collapsing,
    path: Option<String>,
}

enum Item {
    Para(String, String),
    Table(TableBuf),
}

struct CellBuf {
    path: String,
    items: Vec<Item>,
    para: Para,
}

struct TableBuf {
    /// Stack depth of the `<table>` frame.
    frame: usize,
    /// Captions and text outside any cell.
    stray: Vec<Item>,
    stray_para: Para,
    rows: Vec<Vec<CellBuf>>,
    row_open: bool,
    cell: Option<CellBuf>,
}

struct Page {
    builder: Builder,
    stack: Vec<Frame>,
    root_children: Vec<(String, usize)>,
    open: HashMap<String, usize>,
    max_depth: usize,
    /// Start tags past the depth limit not yet closed.
    overflow: usize,
    /// `overflow` level at which an invisible element started past the limit.
    overflow_invisible: Option<usize>,
    line: Para,
    tables: Vec<TableBuf>,
}

impl Page {
    fn new(max_depth: usize) -> Self {
        Self {
            builder: Builder::default(),
            stack: Vec::new(),
            root_children: Vec::new(),
            open: HashMap::new(),
            max_depth,
            overflow: 0,
            overflow_invisible: None,
            line: Para::default(),
            tables: Vec::new(),
        }
    }

    fn invisible(&self) -> bool {
        self.overflow_invisible.is_some() || self.stack.last().is_some_and(|f| f.invisible)
    }

    fn is_open(&self, name: &str) -> bool {
        self.open.get(name).is_some_and(|&n| n > 0)
    }

    // ---- start tags ----

    fn start(&mut self, name: &str, attributes: &Attributes) {
        let invisible = is(name, INVISIBLE)
            || attributes.hidden
            || attributes
                .role
                .as_deref()
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("navigation"))
            || attributes.style.as_deref().is_some_and(hides)
            || (matches!(name, "header" | "footer")
                && !self.stack.last().is_some_and(|f| f.sectioning));
        if name == "br" {
            return self.block_break();
        }
        if self.overflow > 0 || self.stack.len() >= self.max_depth {
            if is(name, BLOCK) {
                self.block_break();
            }
            if !is(name, VOID) {
                self.overflow += 1;
                if invisible && self.overflow_invisible.is_none() {
                    self.overflow_invisible = Some(self.overflow);
                }
            }
            return;
        }
        if matches!(name, "html" | "body") && self.is_open(name) {
            return;
        }
        if name == "head" && self.is_open("body") {
            return;
        }
        if self.is_open("head") && !is(name, HEAD_CONTENT) {
            if let Some(head) = self.stack.iter().rposition(|f| f.name == "head") {
                self.pop_to(head);
            }
        }
        self.close_implied(name);
        if is(name, BLOCK) {
            self.block_break();
        }
        if is(name, VOID) {
            return;
        }
        self.push(name, attributes, invisible);
        match name {
            "table" => self.tables.push(TableBuf {
                frame: self.stack.len(),
                stray: Vec::new(),
                stray_para: Para::default(),
                rows: Vec::new(),
                row_open: false,
                cell: None,
            }),
            "tr" => {
                if let Some(table) = self.innermost_table() {
                    table.rows.push(Vec::new());
                    table.row_open = true;
                }
            }
            "td" | "th" => {
                let path = self.path(self.stack.len() - 1);
                if let Some(table) = self.innermost_table() {
                    if !table.row_open {
                        table.rows.push(Vec::new());
                        table.row_open = true;
                    }
                    table.cell = Some(CellBuf {
                        path,
                        items: Vec::new(),
                        para: Para::default(),
                    });
                }
            }
            _ => {}
        }
    }

    /// The table whose `<table>` frame is the nearest open table, if the
    /// frames above it belong to it.
    fn innermost_table(&mut self) -> Option<&mut TableBuf> {
        self.tables.last_mut()
    }

    fn push(&mut self, name: &str, attributes: &Attributes, invisible: bool) {
        let siblings = match self.stack.last_mut() {
            Some(parent) => &mut parent.children,
            None => &mut self.root_children,
        };
        let nth = match siblings.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                siblings.push((name.to_string(), 1));
                1
            }
        };
        let id = attributes
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace));
        let class = attributes
            .class
            .as_deref()
            .and_then(|c| c.split_ascii_whitespace().next());
        let label = match (id, class) {
            (Some(id), _) => format!("{name}#{id}"),
            (None, Some(class)) => format!("{name}.{class}"),
            (None, None) => name.to_string(),
        };
        let parent = self.stack.last();
        let frame = Frame {
            name: name.to_string(),
            label,
            nth,
            has_id: id.is_some(),
            children: Vec::new(),
            invisible: invisible || parent.is_some_and(|p| p.invisible),
            sectioning: matches!(name, "article" | "main" | "section" | "aside")
                || parent.is_some_and(|p| p.sectioning),
            pre: matches!(name, "pre" | "listing" | "plaintext" | "textarea")
                || parent.is_some_and(|p| p.pre),
        };
        *self.open.entry(frame.name.clone()).or_default() += 1;
        self.stack.push(frame);
    }

    /// Closes the elements a start tag implicitly ends.
    fn close_implied(&mut self, name: &str) {
        if is(name, CLOSES_P) && self.is_open("p") {
            let mut boundary = SCOPE.to_vec();
            boundary.push("button");
            if let Some(i) = self.find(&["p"], &boundary) {
                self.pop_to(i);
            }
        }
        let top = self.stack.last().map(|f| f.name.as_str());
        match name {
            _ if is(name, HEADINGS) && top.is_some_and(|t| is(t, HEADINGS)) => {
                self.pop_to(self.stack.len() - 1);
            }
            "li" => {
                self.close_in_scope(&["li"], &[SCOPE, &["ol", "ul"]].concat());
            }
            "dd" | "dt" => {
                self.close_in_scope(&["dd", "dt"], &[SCOPE, &["dl"]].concat());
            }
            "option" | "optgroup" if top == Some("option") => {
                self.pop_to(self.stack.len() - 1);
            }
            "td" | "th" => {
                self.close_in_scope(&["td", "th"], TABLE_SCOPE);
            }
            "tr" => {
                let _ = self.close_in_scope(&["tr"], TABLE_SCOPE)
                    || self.close_in_scope(&["td", "th"], TABLE_SCOPE);
            }
            "tbody" | "thead" | "tfoot" => {
                let _ = self.close_in_scope(&["tbody", "thead", "tfoot"], TABLE_SCOPE)
                    || self.close_in_scope(&["tr"], TABLE_SCOPE)
                    || self.close_in_scope(&["td", "th"], TABLE_SCOPE);
            }
            _ => {}
        }
    }

    /// The index of the nearest open element named in `targets`, searching
    /// down the stack and stopping at a `boundary` element.
    fn find(&self, targets: &[&str], boundary: &[&str]) -> Option<usize> {
        if !targets.iter().any(|t| self.is_open(t)) {
            return None;
        }
        for (i, frame) in self.stack.iter().enumerate().rev() {
            if is(&frame.name, targets) {
                return Some(i);
            }
            if is(&frame.name, boundary) {
                return None;
            }
        }
        None
    }

    fn close_in_scope(&mut self, targets: &[&str], boundary: &[&str]) -> bool {
        match self.find(targets, boundary) {
            Some(i) => {
                self.pop_to(i);
                true
            }
            None => false,
        }
    }

    // ---- end tags ----

    fn end(&mut self, name: &str) {
        if name == "br" {
            return self.block_break();
        }
        if self.overflow > 0 {
            if self.overflow_invisible == Some(self.overflow) {
                self.overflow_invisible = None;
            }
            self.overflow -= 1;
            if is(name, BLOCK) {
                self.block_break();
            }
            return;
        }
        let closed = match name {
            "html" | "body" => false,
            "p" => {
                let mut boundary = SCOPE.to_vec();
                boundary.push("button");
                self.close_in_scope(&["p"], &boundary)
            }
            "li" => self.close_in_scope(&["li"], &[SCOPE, &["ol", "ul"]].concat()),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
                self.close_in_scope(&[name], TABLE_SCOPE)
            }
            _ if is(name, HEADINGS) => self.close_in_scope(HEADINGS, SCOPE),
            _ => self.close_in_scope(&[name], SCOPE),
        };
        if !closed && matches!(name, "p" | "body" | "html") {
            // `</p>` without `<p>` is an empty paragraph; other stray end
            // tags are ignored, as browsers do.
            self.block_break();
        }
    }

    /// Pops the element at `index` and everything above it.
    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let Some(frame) = self.stack.pop() else {
                break;
            };
            if let Some(n) = self.open.get_mut(&frame.name) {
                *n = n.saturating_sub(1);
            }
            self.closed(&frame);
        }
    }

    fn closed(&mut self, frame: &Frame) {
        if is(&frame.name, BLOCK) {
            self.block_break();
        }
        let depth = self.stack.len();
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        match frame.name.as_str() {
            "table" if table.frame == depth + 1 => {
                let Some(mut table) = self.tables.pop() else {
                    return;
                };
                finish_para(&mut table.stray_para, &mut table.stray);
                if let Some(mut cell) = table.cell.take() {
                    finish_para(&mut cell.para, &mut cell.items);
                    push_cell(&mut table, cell);
                }
                match self.tables.last_mut() {
                    Some(outer) => match &mut outer.cell {
                        Some(cell) => {
                            finish_para(&mut cell.para, &mut cell.items);
                            cell.items.push(Item::Table(table));
                        }
                        None => {
                            finish_para(&mut outer.stray_para, &mut outer.stray);
                            outer.stray.push(Item::Table(table));
                        }
                    },
                    None => {
                        self.end_line();
                        render(&mut self.builder, table);
                    }
                }
            }
            "td" | "th" => {
                if let Some(mut cell) = table.cell.take() {
                    finish_para(&mut cell.para, &mut cell.items);
                    push_cell(table, cell);
                }
            }
            "tr" => table.row_open = false,
            _ => {}
        }
    }

    // ---- text ----

    fn text(&mut self, text: &str) {
        if self.invisible() {
            return;
        }
        let pre = self.stack.last().is_some_and(|f| f.pre);
        if pre && text.contains('\n') {
            for (i, piece) in text.split('\n').enumerate() {
                if i > 0 {
                    self.block_break();
                }
                self.push_text(piece);
            }
        } else {
            self.push_text(text);
        }
    }

    fn push_text(&mut self, text: &str) {
        let needs_path = self.target().path.is_none();
        let path = if needs_path && text.chars().any(|c| !c.is_whitespace()) {
            Some(self.block_path())
        } else {
            None
        };
        let para = self.target();
        para.text.push_str(text);
        if para.path.is_none() && !para.text.is_empty() {
            para.path = path;
        }
    }

    /// The paragraph text currently goes to.
    fn target(&mut self) -> &mut Para {
        match self.tables.last_mut() {
            Some(table) => match &mut table.cell {
                Some(cell) => &mut cell.para,
                None => &mut table.stray_para,
            },
            None => &mut self.line,
        }
    }

    fn block_break(&mut self) {
        match self.tables.last_mut() {
            Some(table) => match &mut table.cell {
                Some(cell) => finish_para(&mut cell.para, &mut cell.items),
                None => finish_para(&mut table.stray_para, &mut table.stray),
            },
            None => self.end_line(),
        }
    }

    fn end_line(&mut self) {
        let para = std::mem::take(&mut self.line);
        if !para.text.is_empty() {
            let path = para.path.unwrap_or_else(|| "body".to_string());
            self.builder
                .line(&para.text.text, BlockLocation::Html { path });
        }
    }

    /// The path of the innermost open block element.
    fn block_path(&self) -> String {
        match self.stack.iter().rposition(|f| is(&f.name, BLOCK)) {
            Some(i) => self.path(i),
            None => self
                .stack
                .len()
                .checked_sub(1)
                .map_or_else(|| "body".to_string(), |i| self.path(i)),
        }
    }

    /// `body > div.content > p[3]`, from `body` or the nearest ancestor with
    /// an id.
    fn path(&self, index: usize) -> String {
        let frames = &self.stack[..=index.min(self.stack.len().saturating_sub(1))];
        let anchor = frames
            .iter()
            .rposition(|f| f.has_id)
            .or_else(|| frames.iter().position(|f| f.name == "body"))
            .unwrap_or(0);
        let mut path = String::new();
        for frame in &frames[anchor..] {
            if frame.name == "html" {
                continue;
            }
            if !path.is_empty() {
                path.push_str(" > ");
            }
            path.push_str(&frame.label);
            if frame.nth > 1 {
                path.push_str(&format!("[{}]", frame.nth));
            }
        }
        if path.is_empty() {
            path.push_str("body");
        }
        path
    }

    fn finish(mut self) -> Extracted {
        self.overflow = 0;
        self.overflow_invisible = None;
        // Closing every frame closes the tables too.
        self.pop_to(0);
        self.end_line();
        for table in std::mem::take(&mut self.tables) {
            render(&mut self.builder, table);
        }
        self.builder.finish()
    }
}

fn hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

fn finish_para(para: &mut Para, items: &mut Vec<Item>) {
    let para = std::mem::take(para);
    if !para.text.is_empty() {
        let path = para.path.unwrap_or_default();
        items.push(Item::Para(para.text.text, path));
    }
}

fn push_cell(table: &mut TableBuf, cell: CellBuf) {
    if table.rows.is_empty() {
        table.rows.push(Vec::new());
    }
    if let Some(row) = table.rows.last_mut() {
        row.push(cell);
    }
}

fn is_layout(table: &TableBuf) -> bool {
    let single_column = table.rows.iter().all(|row| row.len() <= 1);
    single_column
        || table.rows.iter().flatten().any(|cell| {
            let paragraphs = cell.items.len();
            let chars: usize = cell
                .items
                .iter()
                .map(|item| match item {
                    Item::Para(text, _) => text.chars().count(),
                    Item::Table(_) => 0,
                })
                .sum();
            cell.items.iter().any(|i| matches!(i, Item::Table(_)))
                || paragraphs > LAYOUT_CELL_PARAGRAPHS
                || chars > LAYOUT_CELL_CHARS
        })
}

/// Writes a finished top-level table: a data table as rows, a layout table
/// as the paragraphs (and tables) of its cells.
fn render(builder: &mut Builder, table: TableBuf) {
    let layout = is_layout(&table);
    let TableBuf { stray, rows, .. } = table;
    render_items(builder, stray);
    for row in rows {
        if layout {
            for cell in row {
                render_items(builder, cell.items);
            }
        } else {
            let cells = row
                .into_iter()
                .map(|cell| {
                    let mut text = String::new();
                    flatten(&cell.items, &mut text);
                    (text, BlockLocation::Html { path: cell.path })
                })
                .collect();
            builder.row(cells);
        }
    }
}

fn render_items(builder: &mut Builder, items: Vec<Item>) {
    for item in items {
        match item {
            Item::Para(text, path) => {
                builder.line(&text, BlockLocation::Html { path });
            }
            Item::Table(table) => render(builder, table),
        }
    }
}

/// A cell's text on one line: paragraphs and nested cells joined by spaces.
fn flatten(items: &[Item], out: &mut String) {
    for item in items {
        match item {
            Item::Para(text, _) => {
                let text = text.replace('|', "｜");
                if !out.is_empty() && !text.is_empty() {
                    out.push(' ');
                }
                out.push_str(text.trim());
            }
            Item::Table(table) => {
                for cell in table.rows.iter().flatten() {
                    flatten(&cell.items, out);
                }
            }
        }
    }
}

// ---- encodings ----

/// The encoding a page declares: a byte-order mark, or a `<meta charset>` /
/// `<meta http-equiv="Content-Type" content="…; charset=…">` in its first
/// 4 KB (labels as browsers read them: `gb2312` and `gbk` are GBK). `None`
/// when the page declares nothing.
pub fn html_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Some(encoding);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let mut i = 0;
    while i < head.len() {
        if head[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += match find(&rest[4..], b"-->") {
                Some(end) => 4 + end + 3,
                None => return None,
            };
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && matches!(rest[5], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/');
        if is_meta {
            let (attributes, consumed) = tag_attributes(&rest[5..]);
            if let Some(encoding) = meta_encoding(&attributes) {
                return Some(match encoding.name() {
                    // A page that says UTF-16 in ASCII is not UTF-16.
                    "UTF-16LE" | "UTF-16BE" => encoding_rs::UTF_8,
                    "x-user-defined" => encoding_rs::WINDOWS_1252,
                    _ => encoding,
                });
            }
            i += 5 + consumed;
            continue;
        }
        // Any other tag: skip to its end, respecting quoted values.
        let (_, consumed) = tag_attributes(&rest[1..]);
        i += 1 + consumed.max(1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn meta_encoding(attributes: &[(String, String)]) -> Option<&'static encoding_rs::Encoding> {
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(charset) = get("charset") {
        return encoding_rs::Encoding::for_label(charset.trim().as_bytes());
    }
    let content_type = get("http-equiv")?
        .trim()
        .eq_ignore_ascii_case("content-type");
    if !content_type {
        return None;
    }
    let content = get("content")?.to_ascii_lowercase();
    let at = content.find("charset")?;
    let value = content[at + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(value.len());
    encoding_rs::Encoding::for_label(&value.as_bytes()[..end])
}

/// The attributes of a tag starting at `bytes` (just after its name), and
/// how many bytes up to and including its `>`.
fn tag_attributes(bytes: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut attributes = Vec::new();
    let mut i = 0;
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/');
    // Skip the rest of the tag name.
    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
        i += 1;
    }
    loop {
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return (attributes, i);
        }
        if bytes[i] == b'>' {
            return (attributes, i + 1);
        }
        let start = i;
        while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'=' | b'>') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |p| start + p);
                value = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                i = (end + 1).min(bytes.len());
            } else {
                let start = i;
                while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                value = String::from_utf8_lossy(&bytes[start..i]).into_owned();
            }
        }
        if !name.is_empty() && !attributes.iter().any(|(n, _)| *n == name) {
            attributes.push((name, value));
        }
    }
}

/// Decodes a page. A byte-order mark decides; otherwise bytes that are valid
/// UTF-8 are UTF-8 whatever the page declares (Chinese text in GBK is
/// practically never valid UTF-8, while pages saved as UTF-8 under an old
/// `charset=gb2312` template are common); otherwise the declared charset if
/// the bytes are valid in it; otherwise as zwgk decodes text (strict
/// GB18030). Returns the text and the encoding used.
pub fn decode_html(bytes: &[u8]) -> Result<(String, &'static encoding_rs::Encoding), InputError> {
    if let Some((encoding, length)) = encoding_rs::Encoding::for_bom(bytes) {
        if let Some(text) =
            encoding.decode_without_bom_handling_and_without_replacement(&bytes[length..])
        {
            return Ok((text.into_owned(), encoding));
        }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), encoding_rs::UTF_8));
    } else if let Some(encoding) = html_charset(bytes) {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((text.into_owned(), encoding));
        }
    }
    let decoded = crate::document::decode(bytes).map_err(|e| InputError {
        message: format!("无法解码网页：{e}"),
    })?;
    let encoding = match decoded.encoding {
        crate::document::Encoding::Gb18030 => encoding_rs::GB18030,
        crate::document::Encoding::Utf16Le => encoding_rs::UTF_16LE,
        crate::document::Encoding::Utf16Be => encoding_rs::UTF_16BE,
        _ => encoding_rs::UTF_8,
    };
    Ok((decoded.text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        extract_html(html, &Limits::default())
            .unwrap()
            .text
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn implied_ends() {
        assert_eq!(lines("<p>一<p>二<div>三</div>四"), ["一", "二", "三", "四"]);
        assert_eq!(
            lines("<table><tr><td>a<td>b<tr><td>c<td>d</table>"),
            ["a | b", "c | d"]
        );
        assert_eq!(lines("<ul><li>一<li>二</ul>"), ["一", "二"]);
    }

    #[test]
    fn end_tags_close_only_in_scope() {
        // The stray </div> inside the cell must not close the table.
        assert_eq!(
            lines("<div><table><tr><td>a</div>b<td>c</table></div>"),
            ["ab | c"]
        );
    }

    #[test]
    fn charset_labels() {
        assert_eq!(
            html_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            ),
            Some(encoding_rs::GBK)
        );
        assert_eq!(
            html_charset(b"<!-- <meta charset=big5> --><META CHARSET='utf-8'>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(html_charset(b"<html><body>no charset"), None);
    }
}
