//! `zwgk init workpoints`: drafts a work-points rule pack from the text of a
//! 政务公开工作要点, for a person to review.
//!
//! The tasks come from the annex table when there is one (tab- or
//! `|`-separated rows: 一级指标 / 任务内容 / 责任（牵头）单位, with repeated
//! header rows, rows broken across lines and empty unit cells that continue
//! the previous row's), otherwise from the numbered prose (`一、` / `（一）` /
//! `1.` / `（1）`) with per-task `（责任单位：…）` notes. Each task becomes one
//! `require` rule whose evidence phrases are candidates picked from the task
//! text (quoted phrases, 《…》 titles, noun phrases left after stripping the
//! verbs), marked `# TODO 审核：` for review, with one firing and one
//! non-firing example generated from a responsible unit's title. The draft is
//! loaded and its examples run before it is returned, so what a person starts
//! from passes `zwgk rules check`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::document::{Document, Metadata, MetadataOverrides};
use crate::rules::{examples, load_rule_set, units, PackSource};

/// What the drafter read from the 要点 text.
#[derive(Debug, Clone, Default)]
struct Points {
    /// The document title, spaces removed (`2021年文成县政务公开工作要点`).
    title: String,
    year: Option<i32>,
    /// The issuing place (`文成县`); `某县` when the title names none.
    place: String,
    /// The annex title when the tasks come from an annex table.
    annex: Option<String>,
    /// Issuing office and date line at the end, when found.
    issuer: Option<String>,
    tasks: Vec<Task>,
}

#[derive(Debug, Clone, Default)]
struct Task {
    /// Indicator and row (annex) or heading numbers (prose), for the rule id.
    path: Vec<usize>,
    /// `指标3` (annex) or `一（二）1.` (prose).
    label: String,
    /// The indicator's name (annex) or the enclosing heading (prose).
    heading: String,
    text: String,
    units: Vec<String>,
    leads: Vec<String>,
    /// The responsible units as the text writes them.
    units_source: String,
    /// A remark on where the units came from, for the reviewer.
    unit_note: Option<String>,
}

/// Drafts a rule pack (TOML text) from the text of a 工作要点 file.
pub fn draft_pack(text: &str, id: &str) -> Result<String, String> {
    validate_id(id)?;
    let points = parse(text);
    if points.tasks.is_empty() {
        return Err("没有找到任务：既没有“一级指标/任务内容/责任单位”附件表，也没有“（一）”“1.”等编号的任务".into());
    }
    let draft = render(&points, id);
    let (rules, errors) = load_rule_set(&[PackSource {
        name: format!("{id}.toml"),
        text: draft.clone(),
    }]);
    if let Some(error) = errors.first() {
        return Err(format!("internal error: the draft does not load: {error}"));
    }
    if let Some(failure) = examples::verify(&rules).first() {
        return Err(format!(
            "internal error: an example of {} fails: {}",
            rules.rules[failure.rule].id, failure.message
        ));
    }
    Ok(draft)
}

/// `zwgk init workpoints FILE --id ID [-o OUT]`: prints the draft, or writes
/// it to OUT (never over an existing file). Returns the exit code.
pub fn init(file: &Path, id: &str, output: Option<&Path>) -> u8 {
    use crate::cli::exit;
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return exit::TROUBLE;
        }
    };
    let text = match crate::document::decode(&bytes) {
        Ok(decoded) => decoded.text,
        Err(e) => {
            eprintln!("error: cannot decode {}: {e}", file.display());
            return exit::TROUBLE;
        }
    };
    let draft = match draft_pack(&text, id) {
        Ok(draft) => draft,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return exit::TROUBLE;
        }
    };
    let rules = draft.matches("\n[[rule]]\n").count();
    let todos = draft.matches("# TODO 审核").count();
    match output {
        None => print!("{draft}"),
        Some(path) => {
            let written = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, draft.as_bytes()));
            match written {
                Ok(()) => println!("wrote {}", path.display()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    eprintln!("error: {} already exists; not overwritten", path.display());
                    return exit::TROUBLE;
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return exit::TROUBLE;
                }
            }
        }
    }
    eprintln!(
        "草稿：{rules} 条规则，{todos} 处“TODO 审核”待人工确认 (draft: {rules} rules, {todos} items to review)."
    );
    exit::CLEAN
}

fn validate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid pack id `{id}`: use lowercase letters, digits and `-`, e.g. `wencheng-2021`"
        ))
    }
}

// ───────────────────────────── reading the text ─────────────────────────────

/// Removes spaces next to Chinese characters (`2021 年` → `2021年`) and trims.
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    let is_space = |c: char| c == ' ' || c == '\u{3000}' || c == '\u{a0}';
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_space(c) {
            let prev = chars[..i].iter().rev().find(|c| !is_space(**c));
            let next = chars[i + 1..].iter().find(|c| !is_space(**c));
            let ascii = |c: Option<&char>| c.is_some_and(|c| c.is_ascii());
            if ascii(prev) && ascii(next) && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

fn year_of(title: &str) -> Option<(i32, usize, usize)> {
    let bytes = title.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = bytes.get(i..i + 4)?;
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        if before && digits.iter().all(u8::is_ascii_digit) && title[i + 4..].starts_with('年') {
            let year: i32 = title[i..i + 4].parse().ok()?;
            (1990..=2100)
                .contains(&year)
                .then_some((year, i, i + 4 + '年'.len_utf8()))
        } else {
            None
        }
    })
}

fn parse(text: &str) -> Points {
    let lines: Vec<&str> = text.lines().collect();
    let title_at = lines
        .iter()
        .position(|l| {
            let t = tidy(l);
            t.contains("要点") && !t.starts_with("附件")
        })
        .or_else(|| lines.iter().position(|l| !l.trim().is_empty()));
    let title = title_at.map(|i| tidy(lines[i])).unwrap_or_default();
    let year = year_of(&title).map(|(y, _, _)| y);
    let place = {
        let mut rest = title.clone();
        if let Some((_, start, end)) = year_of(&title) {
            rest.replace_range(start..end, "");
        }
        let end = ["政务公开", "政府信息公开", "工作要点", "要点"]
            .iter()
            .find_map(|w| rest.find(w))
            .unwrap_or(rest.len());
        let place = rest[..end].trim_start_matches("关于").to_string();
        let levels = ['县', '市', '区', '旗', '州', '省', '镇', '乡'];
        if char_count(&place) >= 2 && place.ends_with(levels) {
            place
        } else {
            "某县".to_string()
        }
    };
    let (issuer, body_end) = signature(&lines);
    let lines = &lines[..body_end];
    let mut points = Points {
        title,
        year,
        place,
        issuer,
        ..Points::default()
    };
    let body_start = title_at.map_or(0, |i| i + 1);
    match find_header(lines) {
        Some((at, header)) => {
            points.annex = lines[..at]
                .iter()
                .rev()
                .map(|l| tidy(l))
                .find(|l| !l.is_empty() && l != "附件" && !l.starts_with("附件："))
                .filter(|l| l.contains("要点") || l.contains("分解") || l.contains("任务"));
            points.tasks = annex_tasks(&lines[at + 1..], &header);
            if points.tasks.is_empty() {
                points.tasks = prose_tasks(&lines[body_start.min(at)..at]);
            }
        }
        None => points.tasks = prose_tasks(&lines[body_start..]),
    }
    points
}

/// The issuing office and the date line at the end (`文成县人民政府办公室`,
/// `2021年10月18日印发`), and the index of the first line of that signature.
fn signature(lines: &[&str]) -> (Option<String>, usize) {
    let filled: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .rev()
        .map(|(i, l)| (i, tidy(l)))
        .filter(|(_, l)| !l.is_empty())
        .take(2)
        .collect();
    let is_date = |l: &str| {
        year_of(l).is_some() && l.contains('月') && l.contains('日') && char_count(l) <= 20
    };
    let Some((date_at, date)) = filled.first().filter(|(_, l)| is_date(l)) else {
        return (None, lines.len());
    };
    match filled
        .get(1)
        .filter(|(_, l)| char_count(l) <= 30 && !l.contains(['。', '：', '，', '\t', '|']))
    {
        Some((office_at, office)) => (Some(format!("{office}，{date}")), *office_at),
        None => (Some(date.clone()), *date_at),
    }
}

// ───────────────────────────── the annex table ──────────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delimiter {
    Tab,
    Pipe,
}

#[derive(Debug, Clone)]
struct Header {
    delimiter: Delimiter,
    /// How a row's number is named: `指标` (指标3) or `第`…`项`.
    indicator_word: &'static str,
    indicator: Option<usize>,
    task: usize,
    unit: Option<usize>,
    columns: usize,
}

/// The cells of a table line, trimmed but otherwise as written (a unit cell
/// separates names by spaces).
fn split_cells(line: &str, delimiter: Delimiter) -> Option<Vec<String>> {
    let trim = |s: &str| s.trim_matches(|c: char| c.is_whitespace()).to_string();
    match delimiter {
        Delimiter::Tab => line
            .contains('\t')
            .then(|| line.split('\t').map(trim).collect()),
        Delimiter::Pipe => line.contains('|').then(|| {
            let t = line.trim();
            let t = t.strip_prefix('|').unwrap_or(t);
            let t = t.strip_suffix('|').unwrap_or(t);
            t.split('|').map(trim).collect()
        }),
    }
}

fn header_of(cells: &[String], delimiter: Delimiter) -> Option<Header> {
    let cells: Vec<String> = cells.iter().map(|c| tidy(c)).collect();
    let find = |words: &[&str], not: &[Option<usize>]| {
        cells
            .iter()
            .enumerate()
            .position(|(i, c)| !not.contains(&Some(i)) && words.iter().any(|w| c.contains(w)))
    };
    let task = find(&["任务", "工作内容", "内容", "工作措施"], &[])?;
    let unit = find(&["责任", "牵头", "单位", "部门"], &[Some(task)])?;
    let indicator = find(
        &["指标", "序号", "类别", "项目", "事项", "领域"],
        &[Some(task), Some(unit)],
    );
    Some(Header {
        delimiter,
        indicator_word: match indicator {
            Some(i) if cells[i].contains("指标") => "指标",
            _ => "第",
        },
        indicator,
        task,
        unit: Some(unit),
        columns: cells.len().max(2),
    })
}

fn find_header(lines: &[&str]) -> Option<(usize, Header)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        [Delimiter::Tab, Delimiter::Pipe].iter().find_map(|&d| {
            let cells = split_cells(line, d)?;
            (cells.iter().filter(|c| !c.is_empty()).count() >= 2)
                .then(|| header_of(&cells, d))
                .flatten()
                .map(|h| (i, h))
        })
    })
}

fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        && cells.iter().any(|c| c.contains('-'))
}

fn ends_table(line: &str) -> bool {
    ["备注", "注：", "注:", "说明：", "抄送", "抄报"]
        .iter()
        .any(|w| line.starts_with(w))
}

/// Logical rows of the annex: header repeats and separators skipped, broken
/// rows joined.
fn annex_rows(lines: &[&str], header: &Header) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut pending: Option<Vec<String>> = None;
    let mut after_row = false;
    for line in lines {
        let t = tidy(line);
        if t.is_empty() {
            after_row = false;
            continue;
        }
        match split_cells(line, header.delimiter) {
            Some(cells) => {
                if header_of(&cells, header.delimiter).is_some_and(|_| {
                    cells.iter().any(|c| tidy(c).contains("任务"))
                        && char_count(&cells.concat()) < 40
                }) || is_separator(&cells)
                {
                    after_row = false;
                    continue;
                }
                let row = match pending.take() {
                    Some(mut row) => {
                        let mut cells = cells.into_iter();
                        if let (Some(last), Some(first)) = (row.last_mut(), cells.next()) {
                            last.push_str(&first);
                        }
                        row.extend(cells);
                        row
                    }
                    None => cells,
                };
                if row.len() >= header.columns {
                    rows.push(row);
                } else {
                    pending = Some(row);
                }
                after_row = true;
            }
            None => {
                if ends_table(&t) {
                    break;
                }
                if let Some(row) = pending.as_mut() {
                    if let Some(last) = row.last_mut() {
                        last.push_str(&t);
                    }
                } else if after_row {
                    // The last cell of the previous row, broken onto this line.
                    if let Some(last) = rows.last_mut().and_then(|r| r.last_mut()) {
                        last.push(' ');
                        last.push_str(&t);
                    }
                } else {
                    break;
                }
            }
        }
    }
    rows.extend(pending);
    rows
}

fn annex_tasks(lines: &[&str], header: &Header) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut indicator = (0usize, String::new());
    let mut row_in_indicator = 0;
    let mut previous: Option<(Vec<String>, Vec<String>)> = None;
    for row in annex_rows(lines, header) {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).cloned().unwrap_or_default();
        let name = tidy(&cell(header.indicator));
        let mut task = tidy(&cell(Some(header.task)));
        let mut unit_cell = cell(header.unit);
        for extra in row.iter().skip(header.columns) {
            unit_cell.push(' ');
            unit_cell.push_str(extra);
        }
        if header.indicator.is_none() {
            indicator = (indicator.0 + 1, short_of(&task));
            row_in_indicator = 0;
        } else if !name.is_empty() {
            let (number, name) = numbered(&name);
            indicator = (number.unwrap_or(indicator.0 + 1), name);
            row_in_indicator = 0;
        }
        if task.is_empty() {
            if name.is_empty() {
                continue;
            }
            task = indicator.1.clone();
        }
        if indicator.0 == 0 {
            indicator.0 = 1;
        }
        row_in_indicator += 1;
        let units_source = unit_cell.split_whitespace().collect::<Vec<_>>().join(" ");
        let (units, leads, unit_note) = if unit_cell.trim().is_empty() {
            match &previous {
                Some((units, leads)) => (
                    units.clone(),
                    leads.clone(),
                    Some(format!(
                        "附件本行“责任单位”一栏为空（多为与上一行合并的单元格），沿用上一行：{}",
                        units.join("、")
                    )),
                ),
                None => (Vec::new(), Vec::new(), None),
            }
        } else {
            let (units, leads) = split_units(&unit_cell);
            (units, leads, None)
        };
        previous = Some((units.clone(), leads.clone()));
        tasks.push(Task {
            path: vec![indicator.0, row_in_indicator],
            label: if header.indicator_word == "指标" {
                format!("指标{}", indicator.0)
            } else {
                format!("第{}项", indicator.0)
            },
            heading: indicator.1.clone(),
            text: task,
            units_source: if units_source.is_empty() {
                units.join("、")
            } else {
                units_source
            },
            units,
            leads,
            unit_note,
        });
    }
    tasks
}

/// `1. 深化重要政府信息公开。` → (1, `深化重要政府信息公开`).
fn numbered(cell: &str) -> (Option<usize>, String) {
    let digits: String = cell.chars().take_while(char::is_ascii_digit).collect();
    let (number, rest) = if digits.is_empty() {
        match marker(cell) {
            Some((_, n, len)) => (Some(n), &cell[len..]),
            None => (None, cell),
        }
    } else {
        let rest = &cell[digits.len()..];
        let rest = rest.trim_start_matches(['.', '．', '、', ' ']);
        (digits.parse().ok(), rest)
    };
    (
        number,
        rest.trim().trim_end_matches(['。', '；', '.']).to_string(),
    )
}

/// Unit names of a cell or note: separators, `*` lead marks, `会同`,
/// `按职责分工负责`. Returns the names and the lead units.
fn split_units(cell: &str) -> (Vec<String>, Vec<String>) {
    let cell = cell
        .replace("（牵头）", "*")
        .replace("(牵头)", "*")
        .replace("会同", " ")
        .replace("配合", " ");
    let mut names: Vec<String> = Vec::new();
    let mut leads = Vec::new();
    for piece in cell.split(|c: char| {
        c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '。' | '\u{3000}')
    }) {
        let mut name = piece.trim().to_string();
        for suffix in ["按职责分工负责", "按职责负责", "分别负责", "负责"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                name = stripped.to_string();
            }
        }
        let mut lead = false;
        if let Some(stripped) = name.strip_suffix("牵头") {
            name = stripped.to_string();
            lead = true;
        }
        if name.ends_with(['*', '＊']) {
            name = name.trim_end_matches(['*', '＊']).to_string();
            lead = true;
        }
        if name.is_empty() || names.contains(&name) {
            continue;
        }
        if lead {
            leads.push(name.clone());
        }
        names.push(name);
    }
    (names, leads)
}

// ───────────────────────────── numbered prose ───────────────────────────────

const CHINESE_DIGITS: &str = "〇零一二三四五六七八九十百";

fn chinese_number(s: &str) -> Option<usize> {
    let value = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => value(*c),
        ['十', d] => Some(10 + value(*d)?),
        [t, '十'] => Some(value(*t)? * 10),
        [t, '十', d] => Some(value(*t)? * 10 + value(*d)?),
        _ => None,
    }
}

/// A heading marker at the start of `s`: (level, number, byte length).
/// Levels: `一、` 1, `（一）` 2, `1.` 3, `（1）` 4.
fn marker(s: &str) -> Option<(usize, usize, usize)> {
    let chinese: String = s
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c))
        .collect();
    if !chinese.is_empty() {
        let rest = &s[chinese.len()..];
        if rest.starts_with('、') {
            return Some((
                1,
                chinese_number(&chinese)?,
                chinese.len() + '、'.len_utf8(),
            ));
        }
        return None;
    }
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &s[digits.len()..];
        let sep = rest.chars().next()?;
        let after = rest[sep.len_utf8()..].chars().next();
        if matches!(sep, '.' | '．' | '、') && !after.is_some_and(|c| c.is_ascii_digit()) {
            return Some((3, digits.parse().ok()?, digits.len() + sep.len_utf8()));
        }
        return None;
    }
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner_start = open.len_utf8();
    let close = s[inner_start..].find(['）', ')'])?;
    let inner = &s[inner_start..inner_start + close];
    let close_len = s[inner_start + close..].chars().next()?.len_utf8();
    let len = inner_start + close + close_len;
    if let Some(n) = chinese_number(inner) {
        return Some((2, n, len));
    }
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 2 {
        return Some((4, inner.parse().ok()?, len));
    }
    None
}

fn label_part(level: usize, number: usize) -> String {
    let chinese = |n: usize| -> String {
        const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match n {
            0..=9 => D[n].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", D[n - 10]),
            _ if n % 10 == 0 && n < 100 => format!("{}十", D[n / 10]),
            _ if n < 100 => format!("{}十{}", D[n / 10], D[n % 10]),
            _ => n.to_string(),
        }
    };
    match level {
        1 => chinese(number),
        2 => format!("（{}）", chinese(number)),
        3 => format!("{number}."),
        _ => format!("（{number}）"),
    }
}

#[derive(Debug, Clone)]
struct Item {
    level: usize,
    number: usize,
    text: String,
    units: Vec<String>,
    leads: Vec<String>,
}

fn is_terminal(paragraph: &str) -> bool {
    paragraph.ends_with(['。', '！', '？', '；', '：', '）', ')', '”'])
}

/// `（责任单位：…）` notes in `text`: the text without them, the units and leads.
fn take_notes(text: &str) -> (String, Vec<String>, Vec<String>) {
    const KEYS: [&str; 8] = [
        "责任单位",
        "牵头单位",
        "责任部门",
        "牵头部门",
        "配合单位",
        "协办单位",
        "主办单位",
        "责任主体",
    ];
    let mut rest = String::new();
    let mut units = Vec::new();
    let mut leads = Vec::new();
    let add = |note: &str, units: &mut Vec<String>, leads: &mut Vec<String>| {
        for part in note.split(['；', ';']) {
            let Some((key, value)) = part.split_once(['：', ':']) else {
                continue;
            };
            let (names, marked) = split_units(value);
            let lead_key = key.contains("牵头") || key.contains("主办");
            for name in names {
                if (lead_key || marked.contains(&name)) && !leads.contains(&name) {
                    leads.push(name.clone());
                }
                if !units.contains(&name) {
                    units.push(name);
                }
            }
        }
    };
    let mut s = text;
    while let Some(open) = s.find(['（', '(']) {
        let open_len = s[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = s[open + open_len..].find(['）', ')']) else {
            break;
        };
        let inner = &s[open + open_len..open + open_len + close];
        let close_len = s[open + open_len + close..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        let end = open + open_len + close + close_len;
        if KEYS.iter().any(|k| inner.contains(k)) && (inner.contains('：') || inner.contains(':'))
        {
            rest.push_str(&s[..open]);
            add(inner, &mut units, &mut leads);
        } else {
            rest.push_str(&s[..end]);
        }
        s = &s[end..];
    }
    rest.push_str(s);
    let trimmed = rest.trim();
    if KEYS.iter().any(|k| trimmed.starts_with(k)) {
        add(trimmed, &mut units, &mut leads);
        return (String::new(), units, leads);
    }
    (trimmed.to_string(), units, leads)
}

fn prose_tasks(lines: &[&str]) -> Vec<Task> {
    // Paragraphs: lines joined while a sentence runs on (page breaks, hard wrap).
    let mut paragraphs: Vec<String> = Vec::new();
    for line in lines {
        let t = tidy(line);
        if t.is_empty() {
            continue;
        }
        if t == "附件"
            || ["附件：", "附件:", "抄送", "抄报"]
                .iter()
                .any(|w| t.starts_with(w))
        {
            break;
        }
        // A closing remark about the document as a whole is no task's text.
        if marker(&t).is_none() && (t.contains("本要点") || t.contains("本通知")) {
            continue;
        }
        let starts_new = marker(&t).is_some()
            || paragraphs.last().is_none_or(|p| {
                is_terminal(p) || (marker(p).is_some() && char_count(p) <= 40 && !p.contains('。'))
            });
        match paragraphs.last_mut() {
            Some(last) if !starts_new => last.push_str(&t),
            _ => paragraphs.push(t),
        }
    }
    let mut items: Vec<Item> = Vec::new();
    for paragraph in paragraphs {
        match marker(&paragraph) {
            Some((level, number, len)) => {
                let (text, units, leads) = take_notes(paragraph[len..].trim());
                items.push(Item {
                    level,
                    number,
                    text,
                    units,
                    leads,
                });
            }
            None => {
                if let Some(item) = items.last_mut() {
                    let (text, units, leads) = take_notes(&paragraph);
                    item.text.push_str(&text);
                    for unit in units {
                        if !item.units.contains(&unit) {
                            item.units.push(unit);
                        }
                    }
                    item.leads.extend(leads);
                }
            }
        }
    }
    let has_sub_items = items.iter().any(|i| i.level >= 2);
    let mut tasks = Vec::new();
    let mut stack: Vec<&Item> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        while stack.last().is_some_and(|s| s.level >= item.level) {
            stack.pop();
        }
        let leaf = items.get(i + 1).is_none_or(|next| next.level <= item.level);
        let is_task = leaf
            && !item.text.is_empty()
            && (item.level >= 2 || !has_sub_items || !item.units.is_empty());
        if is_task {
            let mut path: Vec<(usize, usize)> = stack.iter().map(|s| (s.level, s.number)).collect();
            path.push((item.level, item.number));
            let label: String = path.iter().map(|&(l, n)| label_part(l, n)).collect();
            let (mut units, mut leads, mut unit_note) =
                (item.units.clone(), item.leads.clone(), None);
            if units.is_empty() {
                if let Some(parent) = stack.iter().rev().find(|s| !s.units.is_empty()) {
                    units = parent.units.clone();
                    leads = parent.leads.clone();
                    unit_note = Some(format!(
                        "本任务没有自己的责任单位注明，沿用上级条目：{}",
                        units.join("、")
                    ));
                }
            }
            let heading = stack
                .iter()
                .rev()
                .map(|s| short_of(&s.text))
                .next()
                .unwrap_or_default();
            tasks.push(Task {
                path: path.iter().map(|&(_, n)| n).collect(),
                label,
                heading,
                text: item.text.clone(),
                units_source: units.join("、"),
                units,
                leads,
                unit_note,
            });
        }
        stack.push(item);
    }
    tasks
}

// ───────────────────────────── evidence phrases ─────────────────────────────

/// Words too common in reports to show that one task was done.
const STOP: &[&str] = &[
    "政务公开",
    "政府信息公开",
    "信息公开",
    "政府信息",
    "主动公开",
    "公开",
    "工作",
    "信息",
    "政策",
    "政府网站",
    "网站",
    "县政府",
    "政府",
    "行政机关",
    "各级",
    "社会",
    "群众",
    "服务",
    "机制",
    "制度",
    "水平",
    "规范化",
    "标准化",
    "标准化规范化",
    "年度报告",
    "工作要点",
    "工作人员",
    "重点工作",
    "有关部门",
    "本机关",
    "本行政机关",
    "相关信息",
    "重要信息",
    "权威信息",
    "人民群众",
    "社会公众",
    "政府工作",
    "各项举措",
    "重点难点问题",
    "实际需求",
    "重要政策",
    "重大政策",
    "政务服务",
    "门户网站",
    "政府门户网站",
    "办事服务",
    "公共服务",
    "中华人民共和国政府信息公开条例",
    "政府信息公开条例",
    "依申请公开",
    "政府信息公开申请",
];

/// Verbs, adverbs and particles stripped from the start of a phrase.
const PREFIXES: &[&str] = &[
    "进一步",
    "积极",
    "全面",
    "及时",
    "准确",
    "持续",
    "不断",
    "大力",
    "严格按照",
    "严格",
    "认真",
    "依法",
    "切实",
    "深入",
    "重点",
    "着力",
    "加快",
    "探索",
    "推进",
    "推动",
    "加强",
    "做好",
    "做实",
    "抓好",
    "深化",
    "完善",
    "建立健全",
    "建立完善",
    "建立",
    "健全",
    "强化",
    "提高",
    "提升",
    "贯彻落实",
    "贯彻",
    "落实",
    "发布",
    "公开",
    "开展",
    "打造",
    "实现",
    "编制",
    "引入",
    "统筹",
    "确保",
    "围绕",
    "聚焦",
    "依托",
    "通过",
    "扩大",
    "定期",
    "主动",
    "集中",
    "实时",
    "系统",
    "清理",
    "更新",
    "畅通",
    "加大",
    "发挥",
    "充分",
    "促进",
    "维护",
    "助力",
    "引导",
    "树立",
    "保持",
    "设立",
    "归集整理",
    "归集",
    "整理",
    "按照",
    "根据",
    "对照",
    "坚持",
    "注重",
    "夯实",
    "优化",
    "扎实",
    "创新",
    "采用",
    "更多",
    "突出",
    "规范",
    "组织",
    "指导",
    "监督",
    "督促",
    "密切关注",
    "关注",
    "作出",
    "做到",
    "明确",
    "提出",
    "形成",
    "跟踪",
    "评价",
    "有效",
    "动态",
    "逐步",
    "努力",
    "全力",
    "建设",
    "涉及",
    "特别",
    "及",
    "把",
    "将",
    "以",
    "对",
    "在",
    "为",
    "向",
    "与",
    "并",
    "和",
    "要",
    "的",
    "等",
    "同步",
    "同时",
    "严格执行",
    "执行",
    "应对",
    "解决",
    "满足",
    "更好",
    "加紧",
    "用好",
    "使",
    "让",
    "由",
    "从",
    "已经",
    "改进",
    "公布",
    "开设",
    "举办",
    "设置",
];

/// Words that start with a one-character prefix but are not prefixed (`在线`).
const NOT_PREFIXED: &[&str] = &[
    "在线", "对外", "向下", "以上", "和谐", "要素", "等级", "对应", "由此", "为民", "从业",
];

const SUFFIXES: &[&str] = &[
    "等相关信息",
    "等相关工作",
    "等信息",
    "等工作",
    "等内容",
    "等形式",
    "等方面",
    "等领域",
    "等功能",
    "等",
    "工作",
    "情况",
    "水平",
    "力度",
    "作用",
    "建设",
    "统一公开",
    "集中公开",
    "公开",
    "有效衔接",
    "衔接",
    "的前提下",
    "前提下",
    "前",
    "全面",
    "及时",
    "准确",
];

/// Modifiers dropped from the start of a long noun phrase.
const MODIFIERS: &[&str] = &[
    "政府网站",
    "政府门户网站",
    "县政府",
    "地方政府",
    "政府",
    "部门",
    "各类",
    "各级",
    "重要",
    "重点",
    "相关",
    "有关",
    "全县",
    "全市",
    "本地区",
    "本部门",
    "本机关",
    "本行政机关",
    "基层",
    "行政机关",
    "社会",
    "群众",
];

/// Verbs at which a long phrase is cut into shorter ones.
const INNER_VERBS: &[&str] = &[
    "定期公开",
    "统一公开",
    "集中公开",
    "主动公开",
    "公开",
    "推进",
    "推动",
    "加强",
    "开展",
    "实现",
    "提升",
    "提高",
    "建立",
    "完善",
    "发布",
    "设立",
    "通过",
    "做好",
    "落实",
    "深化",
    "强化",
    "打造",
    "编制",
    "引入",
    "归集",
    "整理",
    "推送",
    "纳入",
    "提供",
    "确保",
    "对照",
    "依托",
    "参与",
    "公布",
    "开设",
    "举办",
    "设置",
];

/// Compounds never cut, though they contain a verb or conjunction.
const COMPOUNDS: &[&str] = &[
    "政务公开",
    "信息公开",
    "依申请公开",
    "公开专区",
    "公开专栏",
    "公开目录",
    "村务公开",
    "务公开",
    "共和国",
    "和改革",
    "公开征求",
];

/// Endings of the nouns that name what a report would show.
const NOUN_HEADS: &[&str] = &[
    "清单",
    "规划",
    "纲要",
    "目录",
    "专区",
    "专栏",
    "专题",
    "平台",
    "数据库",
    "库",
    "指南",
    "问答",
    "视频",
    "图解",
    "热线",
    "大厅",
    "窗口",
    "文件",
    "条例",
    "资金",
    "预算",
    "决算",
    "债务",
    "疫苗",
    "舆情",
    "媒体",
    "检索",
    "评议",
    "追究",
    "考核",
    "规则",
    "指引",
    "费",
    "草案",
    "说明",
    "体系",
    "举措",
    "事项",
    "惩戒",
    "激励",
    "科普",
    "运动",
    "行动",
    "经费",
    "培训",
    "用法",
    "会商",
    "复议",
    "审理",
    "化解",
    "治理",
    "好差评",
    "信用",
    "限额",
    "余额",
    "指导",
];

/// Endings of verb phrases and qualities, weak as evidence.
const WEAK_ENDINGS: &[&str] = &[
    "执行", "提高", "认识", "发声", "解决", "发展", "丰富", "统一", "维护", "落地", "效率", "理念",
    "意识", "能力", "需求", "导向", "秩序", "环境", "风险", "问题", "作用", "力量",
];

fn sorted_by_length(words: &[&'static str]) -> Vec<&'static str> {
    let mut words = words.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
}

fn strip_affixes(phrase: &str, prefixes: &[&str]) -> String {
    let mut s = phrase.trim().to_string();
    loop {
        let before = s.clone();
        if let Some(p) = prefixes.iter().find(|p| {
            s.starts_with(**p)
                && s.len() > p.len()
                && !(char_count(p) == 1 && NOT_PREFIXED.iter().any(|w| s.starts_with(w)))
        }) {
            s = s[p.len()..].to_string();
        }
        if let Some(x) = SUFFIXES
            .iter()
            .find(|x| s.ends_with(**x) && s.len() > x.len())
        {
            s.truncate(s.len() - x.len());
        }
        if s == before {
            return s;
        }
    }
}

/// Splits `text` at each `word`, except where the word is part of one of the
/// [`COMPOUNDS`].
fn split_at_word(text: &str, word: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let protected = COMPOUNDS.iter().any(|c| {
            c.find(word).is_some_and(|offset| {
                at >= offset
                    && text.is_char_boundary(at - offset)
                    && text[at - offset..].starts_with(c)
            })
        });
        if !protected {
            pieces.push(text[start..at].to_string());
            start = at + word.len();
        }
        from = at + word.len();
    }
    pieces.push(text[start..].to_string());
    pieces
}

fn plausible(phrase: &str, min: usize, max: usize) -> bool {
    let n = char_count(phrase);
    (min..=max).contains(&n)
        && phrase.chars().all(char::is_alphanumeric)
        && !phrase.chars().all(|c| c.is_ascii_digit())
        && !STOP.contains(&phrase)
        && ![
            "部门",
            "机关",
            "政府",
            "局",
            "人员",
            "负责",
            "各单位",
            "有关单位",
            "责任单位",
            "单位",
        ]
        .iter()
        .any(|s| phrase.ends_with(s) && !phrase.ends_with("企事业单位"))
        && !phrase.starts_with([
            '的', '了', '和', '与', '及', '并', '或', '等', '对', '在', '为', '将', '把', '以',
            '是', '中', '上', '下', '级', '务', '得',
        ])
        && !phrase.contains('得')
}

/// Noun phrases of one clause: verbs stripped, long phrases cut at `的`, at
/// the body named before them and at verbs.
fn clause_phrases(clause: &str, prefixes: &[&str], out: &mut Vec<String>) {
    let mut core = strip_affixes(clause, prefixes);
    for cut in ["的", "部门", "机关"] {
        if char_count(&core) > 8 {
            if let Some(at) = core.rfind(cut) {
                let tail = strip_affixes(&core[at + cut.len()..], prefixes);
                if char_count(&tail) >= 3 {
                    core = tail;
                }
            }
        }
    }
    // A long noun phrase loses its modifiers first: its head is at the end.
    while char_count(&core) > 8 {
        match MODIFIERS
            .iter()
            .find(|m| core.starts_with(**m) && core.len() > m.len())
        {
            Some(m) => core = strip_affixes(&core[m.len()..], prefixes),
            None => break,
        }
    }
    let mut pieces = vec![core];
    for verb in sorted_by_length(INNER_VERBS) {
        pieces = pieces.iter().flat_map(|p| split_at_word(p, verb)).collect();
    }
    for piece in pieces {
        let piece = strip_affixes(&piece, prefixes);
        // `依申请公开联合会商机制`: a long phrase is cut after a compound it starts with.
        let compound = ["依申请公开", "政务公开", "信息公开", "村务公开"]
            .iter()
            .find(|c| char_count(&piece) > 8 && piece.contains(**c));
        match compound {
            Some(c) => {
                let at = piece.find(c).unwrap_or(0) + c.len();
                out.push(piece[..at].to_string());
                out.push(strip_affixes(&piece[at..], prefixes));
            }
            None => out.push(piece),
        }
    }
}

/// `text` with each span from `open` to `close` replaced by a comma, and the spans' contents.
fn cut_spans(text: &str, open: char, close: char) -> (String, Vec<String>) {
    let mut rest = String::new();
    let mut spans = Vec::new();
    let mut s = text;
    while let Some(a) = s.find(open) {
        let after = &s[a + open.len_utf8()..];
        let Some(b) = after.find(close) else { break };
        rest.push_str(&s[..a]);
        rest.push('，');
        spans.push(after[..b].to_string());
        s = &after[b + close.len_utf8()..];
    }
    rest.push_str(s);
    (rest, spans)
}

#[derive(Debug, Clone)]
struct Candidate {
    phrase: String,
    score: i32,
    order: usize,
}

/// Candidate evidence phrases of one sentence, best first.
fn sentence_candidates(
    sentence: &str,
    df: &dyn Fn(&str) -> usize,
    common: usize,
) -> Vec<Candidate> {
    let prefixes = sorted_by_length(PREFIXES);
    // Short insertions in parentheses (`村（社区）`) are dropped; longer ones are clauses.
    let mut text = String::new();
    let mut s = sentence;
    while let Some(a) = s.find('（') {
        let after = &s[a + '（'.len_utf8()..];
        match after.find('）') {
            Some(b) if char_count(&after[..b]) <= 4 => {
                text.push_str(&s[..a]);
                s = &after[b + '）'.len_utf8()..];
            }
            _ => {
                text.push_str(&s[..a + '（'.len_utf8()]);
                s = after;
            }
        }
    }
    text.push_str(s);
    // Quoted phrases and titles are candidates as they stand.
    let mut found: Vec<(String, bool)> = Vec::new();
    for (open, close, max) in [('“', '”', 10), ('《', '》', 20), ('"', '"', 10)] {
        let (rest, spans) = cut_spans(&text, open, close);
        text = rest;
        for span in spans {
            let inner = tidy(&span);
            if plausible(&inner, 2, max) {
                found.push((inner, true));
            }
        }
    }
    // Clauses, list items and coordinated phrases.
    let mut phrases = Vec::new();
    let separators = |c: char| {
        matches!(
            c,
            '，' | ','
                | '；'
                | ';'
                | '：'
                | ':'
                | '、'
                | '（'
                | '）'
                | '('
                | ')'
                | '〔'
                | '〕'
                | '【'
                | '】'
        )
    };
    for clause in text.split(separators) {
        let mut parts = vec![clause.to_string()];
        for conj in [
            "以及",
            "及其",
            "及相关",
            "和",
            "并",
            "等领域",
            "等方面",
            "等渠道",
            "等平台",
            "等形式",
        ] {
            parts = parts.iter().flat_map(|p| split_at_word(p, conj)).collect();
        }
        for part in parts {
            clause_phrases(&part, &prefixes, &mut phrases);
        }
    }
    found.extend(phrases.into_iter().map(|p| (p, false)));
    let mut out: Vec<Candidate> = Vec::new();
    for (order, (phrase, quoted)) in found.into_iter().enumerate() {
        let min = if quoted { 2 } else { 3 };
        if !plausible(&phrase, min, if quoted { 20 } else { 8 })
            || out.iter().any(|c| c.phrase == phrase)
        {
            continue;
        }
        let n = df(&phrase);
        if n > common {
            continue;
        }
        let len = char_count(&phrase);
        let score = if quoted { 3 } else { 0 }
            + match len {
                4..=6 => 2,
                3 | 7 => 1,
                _ => 0,
            }
            + match n {
                0 | 1 => 2,
                2 => 1,
                _ => 0,
            }
            + if NOUN_HEADS.iter().any(|h| phrase.ends_with(h)) {
                2
            } else {
                0
            }
            - if WEAK_ENDINGS.iter().any(|h| phrase.ends_with(h)) {
                3
            } else {
                0
            };
        out.push(Candidate {
            phrase,
            score,
            order,
        });
    }
    // A phrase containing another adds nothing: the shorter one matches wherever it does.
    let all: Vec<String> = out.iter().map(|c| c.phrase.clone()).collect();
    out.retain(|c| {
        !all.iter()
            .any(|o| o != &c.phrase && c.phrase.contains(o.as_str()))
    });
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.order.cmp(&b.order)));
    out
}

/// Evidence groups (from the one or two sentences with the best candidates,
/// in text order, four phrases each) and the other candidates; no phrase
/// occurs in `avoid`.
fn evidence(task: &Task, all: &[Task], avoid: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let df = |phrase: &str| all.iter().filter(|t| t.text.contains(phrase)).count();
    let common = (all.len() / 6).max(2);
    let sentences: Vec<Vec<Candidate>> = task
        .text
        .split(['。', '！', '？', '；'])
        .map(|sentence| {
            sentence_candidates(sentence, &df, common)
                .into_iter()
                .filter(|c| !avoid.contains(c.phrase.as_str()))
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    // The best sentences: highest best score, then earlier.
    let mut ranked: Vec<usize> = (0..sentences.len()).collect();
    ranked.sort_by_key(|&i| (std::cmp::Reverse(sentences[i][0].score), i));
    let mut chosen: Vec<usize> = ranked
        .iter()
        .copied()
        .filter(|&i| sentences[i][0].score >= 4)
        .take(2)
        .collect();
    if chosen.is_empty() {
        chosen.extend(ranked.first());
    }
    chosen.sort_unstable();
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for &i in &chosen {
        let group: Vec<String> = sentences[i]
            .iter()
            .map(|c| c.phrase.clone())
            .filter(|p| !used.contains(p))
            .take(4)
            .collect();
        if !group.is_empty() {
            used.extend(group.iter().cloned());
            groups.push(group);
        }
    }
    let mut others: Vec<String> = Vec::new();
    for candidates in &sentences {
        for c in candidates {
            if !used.contains(&c.phrase) && !others.contains(&c.phrase) {
                others.push(c.phrase.clone());
            }
        }
    }
    if groups.is_empty() {
        let prefixes = sorted_by_length(PREFIXES);
        let short = strip_affixes(&short_of(&task.text), &prefixes);
        let fallback: String = if char_count(&short) >= 2 && !avoid.contains(short.as_str()) {
            short
        } else {
            task.text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .take(6)
                .collect()
        };
        groups.push(vec![fallback]);
    }
    (groups, others)
}

// ───────────────────────────── writing the pack ─────────────────────────────

/// The first clause of a task, at most 24 characters.
fn short_of(text: &str) -> String {
    let first = text
        .split(['，', '。', '；', '：', ',', ';'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(text);
    if char_count(first) > 24 {
        let mut s: String = first.chars().take(23).collect();
        s.push('…');
        s
    } else {
        first.to_string()
    }
}

/// A basic TOML string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line basic TOML string (its content ends with a newline).
fn multiline(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    if !s.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| quoted(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn meta_of(unit: &str) -> Metadata {
    Document::new(
        "draft",
        format!("{unit}政务公开工作总结\n"),
        &MetadataOverrides::default(),
    )
    .meta
}

fn responsible(unit: &str, names: &[String]) -> bool {
    units::is_responsible(&meta_of(unit), names)
}

/// A unit name that a report title can carry and that `name` binds.
fn sample_unit(name: &str, place: &str) -> Option<String> {
    let level_of = |c: char| matches!(c, '县' | '市' | '区' | '省' | '镇' | '乡');
    let mut candidates = Vec::new();
    let level = name.chars().next().filter(|&c| level_of(c));
    if let Some(c) = level {
        let rest = &name[c.len_utf8()..];
        if place.ends_with(c) {
            candidates.push(format!("{place}{rest}"));
        } else {
            candidates.push(format!("某{c}{rest}"));
        }
    }
    // Categories (各级行政机关, 县直属各单位, 各乡镇) bind ordinary units.
    candidates.push(format!("{place}统计局"));
    candidates.push("某镇人民政府".to_string());
    candidates.push(format!("{place}人民政府办公室"));
    if level.is_none() {
        candidates.push(format!("{place}{name}"));
    }
    candidates.push(name.to_string());
    let names = [name.to_string()];
    candidates.into_iter().find(|c| responsible(c, &names))
}

fn is_vague(name: &str) -> bool {
    ["有关", "相关", "等", "其他"]
        .iter()
        .any(|w| name.contains(w))
}

fn render(points: &Points, id: &str) -> String {
    let mut out = String::new();
    let source = format!("《{}》", points.title);
    out.push_str(&format!(
        "# 工作要点规则包草稿：由 `zwgk init workpoints` 从{source}生成，须人工审核后使用。\n\
         # 逐条处理 `# TODO 审核：` 标出的地方：\n\
         #  - all_of：证据词是从任务原文自动挑选的候选词。每组中任一词出现即算该组已写到，所有组都写到才算\n\
         #    落实。请删去过宽（每份报告都会有）或过窄（报告不会这样写）的词，补充报告中的常用说法。\n\
         #  - units：责任单位按原文写法。报告标题中的单位名称要能与之对应：“县财政局”对应“某某县财政局”，\n\
         #    “各乡镇人民政府”对应乡镇，“县直属各单位”对应县直部门，“各级行政机关”对应所有单位；\n\
         #    简称与全称（“县发改局”与“县发展和改革局”）不能互相对应。\n\
         #  - 示例由程序生成：改动证据词或单位后，请一并修改示例，改写成本地报告中的真实说法。\n\
         # 检查：zwgk rules check 本文件所在目录；使用：zwgk check --workpoints 本文件 报告.txt\n\
         # 任务来源：{}，共 {} 项任务。\n\n",
        if points.annex.is_some() {
            "附件分解表"
        } else {
            "正文编号条目及“责任单位”注明"
        },
        points.tasks.len()
    ));
    let mut sources = source.clone();
    if let Some(annex) = &points.annex {
        sources.push_str(&format!("及附件《{annex}》"));
    }
    if let Some(issuer) = &points.issuer {
        sources.push_str(&format!("（{issuer}）"));
    }
    out.push_str("[pack]\n");
    out.push_str(&format!("id = {}\n", quoted(id)));
    out.push_str(&format!("title = {}\n", quoted(&points.title)));
    out.push_str(&format!(
        "description = {}\n",
        quoted(&format!(
            "{}中的{}项任务（草稿，由 zwgk init workpoints 生成），用于核对各责任单位的工作总结和年度报告是否逐项落实。",
            points.title,
            points.tasks.len()
        ))
    ));
    out.push_str(&format!("sources = {}\n", list(&[sources])));

    let year = points.year.map(|y| format!("{y}年")).unwrap_or_default();
    let title_of = |unit: &str| format!("{unit}{year}政务公开工作总结");
    let filler = "一、工作开展情况\n本年度按计划完成各项日常工作。";
    let mut last_heading = String::new();
    let mut slugs: BTreeSet<String> = BTreeSet::new();
    for task in &points.tasks {
        // Numbers repeat when a text numbers two items alike: `-b`, `-c`… keep ids unique.
        let base = task
            .path
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join("-");
        let slug = std::iter::once(base.clone())
            .chain(('b'..='z').map(|c| format!("{base}-{c}")))
            .chain((2..).map(|n| format!("{base}-x{n}")))
            .find(|s| !slugs.contains(s))
            .unwrap_or(base);
        slugs.insert(slug.clone());
        let heading_line = format!("{} {}", task.label, task.heading);
        if points.annex.is_some() && heading_line != last_heading {
            out.push_str(&format!("\n# ── {heading_line} ──\n"));
            last_heading = heading_line;
        }
        render_task(&mut out, points, task, id, &slug, &title_of, filler);
    }
    out
}

fn render_task(
    out: &mut String,
    points: &Points,
    task: &Task,
    id: &str,
    slug: &str,
    title_of: &dyn Fn(&str) -> String,
    filler: &str,
) {
    let short = short_of(&task.text);
    let everyone = !task.units.is_empty()
        && responsible(&format!("{}统计局", points.place), &task.units)
        && responsible("某镇人民政府", &task.units)
        && responsible(&format!("{}人民政府", points.place), &task.units);
    // The unit of the firing example: a lead, else a named unit, else any.
    let mut order: Vec<&String> = task.leads.iter().collect();
    order.extend(task.units.iter().filter(|u| !task.leads.contains(u)));
    let samples: Vec<(&String, Option<String>)> = order
        .iter()
        .map(|u| (*u, sample_unit(u, &points.place)))
        .collect();
    let chosen = samples
        .iter()
        .find(|(u, s)| s.is_some() && !is_vague(u))
        .or_else(|| samples.iter().find(|(_, s)| s.is_some()))
        .and_then(|(_, s)| s.clone());
    let units_usable = chosen.is_some();
    let unit = chosen.unwrap_or_else(|| format!("{}财政局", points.place));
    let firing_title = title_of(&unit);
    let (groups, others) = evidence(task, &points.tasks, &format!("{firing_title}\n{filler}"));

    out.push_str("\n[[rule]]\n");
    out.push_str(&format!("id = {}\n", quoted(&format!("{id}/task-{slug}"))));
    out.push_str(&format!(
        "title = {}\n",
        quoted(&format!("未报告“{short}”落实情况"))
    ));
    let topic = if task.heading.is_empty() || task.heading == short {
        format!("{} {short}", task.label)
    } else {
        format!("{} {}：{short}", task.label, task.heading)
    };
    out.push_str(&format!("topic = {}\n", quoted(&topic)));
    out.push_str("kind = \"require\"\nseverity = \"warning\"\n");
    out.push_str("applies_to = [\"work-summary\", \"annual-report\"]\n");

    let units_text = if task.units.is_empty() {
        "（原文未写明）".to_string()
    } else {
        task.units_source.clone()
    };
    out.push_str(&format!("# 责任单位（原文）：{units_text}\n"));
    if !task.leads.is_empty() {
        out.push_str(&format!("# 牵头单位：{}\n", task.leads.join("、")));
    }
    if let Some(note) = &task.unit_note {
        out.push_str(&format!("# TODO 审核：{note}\n"));
    }
    for (name, sample) in &samples {
        if is_vague(name) {
            out.push_str(&format!(
                "# TODO 审核：“{name}”不是具体单位名称，报告标题中的单位无法与之对应；请改为具体单位。\n"
            ));
        } else if sample.is_none() {
            out.push_str(&format!(
                "# TODO 审核：“{name}”无法与报告标题中的单位名称对应；请改写。\n"
            ));
        }
    }
    if task.units.is_empty() {
        out.push_str("# TODO 审核：原文没有写明责任单位，本规则暂对所有单位适用；请补上 units。\n");
    } else if units_usable {
        out.push_str(&format!("units = {}\n", list(&task.units)));
    } else {
        out.push_str("# TODO 审核：没有一个责任单位能与报告单位对应，本规则暂对所有单位适用；改好单位名称后恢复下一行。\n");
        out.push_str(&format!("# units = {}\n", list(&task.units)));
    }
    out.push_str("# TODO 审核：以下证据词为自动挑选的候选词，请按本地报告的常用说法增删、分组。\n");
    if !others.is_empty() {
        out.push_str(&format!(
            "# 其他候选词：{}\n",
            others
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    out.push_str(&format!(
        "all_of = [{}]\n",
        groups
            .iter()
            .map(|g| list(g))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&format!(
        "message = {}\n",
        quoted(&format!(
            "本单位负责的工作要点任务没有在报告中体现：缺少{{missing}}等内容（{} {}）。",
            points.title, task.label
        ))
    ));
    out.push_str(&format!(
        "help = {}\n",
        quoted(&format!(
            "写明本年度“{short}”这项任务的落实情况（做法、数量、成效）；确未开展的，说明原因。"
        ))
    ));
    let mut text = task.text.trim_end_matches(['。', '；']).to_string();
    text.push('。');
    let heading = if points.annex.is_some() && !task.heading.is_empty() {
        format!("“{}”", task.heading)
    } else {
        String::new()
    };
    let scope = if task.units.is_empty() || !units_usable || everyone {
        "各单位的工作总结和年度报告都应说明这项任务的落实情况。".to_string()
    } else {
        "责任单位的工作总结或年度报告应说明这项任务的落实情况；其他单位的报告只在检查清单中列出本任务，不作提示。"
            .to_string()
    };
    let lead_text = if task.leads.is_empty() {
        String::new()
    } else {
        format!("（牵头单位：{}）", task.leads.join("、"))
    };
    out.push_str(&format!(
        "description = {}\n",
        multiline(&format!(
            "{}{}{heading}：{text}责任单位：{units_text}{lead_text}。\n\n{scope}",
            points.title, task.label
        ))
    ));
    let reference = match &points.annex {
        Some(annex) => format!("《{}》附件“{annex}”{}", points.title, task.label),
        None => format!("《{}》{}", points.title, task.label),
    };
    out.push_str(&format!(
        "reference = {{ title = {}, status = \"confirmed\" }}\n",
        quoted(&reference)
    ));

    let firsts: Vec<&str> = groups.iter().map(|g| g[0].as_str()).collect();
    out.push_str("\n[[rule.examples]]\n");
    out.push_str(&format!(
        "text = {}\n",
        multiline(&format!("⟦{firing_title}⟧\n{filler}\n"))
    ));
    out.push_str("[[rule.examples]]\n");
    out.push_str(&format!(
        "text = {}\n",
        multiline(&format!(
            "{firing_title}\n一、工作开展情况\n本年度{}等方面的工作均已按要求落实。\n",
            firsts.join("、")
        ))
    ));
    if units_usable && !everyone {
        let other = [
            format!("{}统计局", points.place),
            format!("{}档案局", points.place),
            "某镇人民政府".to_string(),
            format!("{}人民政府", points.place),
            format!("{}教育局", points.place),
        ]
        .into_iter()
        .find(|u| !responsible(u, &task.units));
        if let Some(other) = other {
            out.push_str("[[rule.examples]]\n");
            out.push_str(&format!(
                "text = {}\n",
                multiline(&format!("{}\n{filler}\n", title_of(&other)))
            ));
            out.push_str(&format!(
                "note = {}\n",
                quoted(&format!(
                    "{other}不是本任务的责任单位：只在检查清单中列出，不作提示。"
                ))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_numbers() {
        assert_eq!(marker("一、聚焦"), Some((1, 1, "一、".len())));
        assert_eq!(marker("（十二）加强").map(|m| (m.0, m.1)), Some((2, 12)));
        assert_eq!(marker("3.推进").map(|m| (m.0, m.1)), Some((3, 3)));
        assert_eq!(marker("（2）推进").map(|m| (m.0, m.1)), Some((4, 2)));
        assert_eq!(marker("2021年"), None);
        assert_eq!(marker("1.5倍"), None);
        assert_eq!(marker("（责任单位：县财政局）"), None);
        assert_eq!(label_part(2, 14), "（十四）");
        assert_eq!(
            numbered("10. 推动依申请公开。"),
            (Some(10), "推动依申请公开".into())
        );
    }

    #[test]
    fn unit_cells() {
        let (units, leads) = split_units("县发改局* 县直属各单位 各乡镇人民政府");
        assert_eq!(units, ["县发改局", "县直属各单位", "各乡镇人民政府"]);
        assert_eq!(leads, ["县发改局"]);
        let (units, _) = split_units("县政府办公室会同财政等有关部门");
        assert_eq!(units, ["县政府办公室", "财政等有关部门"]);
        let (units, _) = split_units("县有关主管部门按职责分工负责");
        assert_eq!(units, ["县有关主管部门"]);
        let (text, units, leads) =
            take_notes("做好预算公开。（牵头单位：县财政局；责任单位：县直各单位）");
        assert_eq!(text, "做好预算公开。");
        assert_eq!(units, ["县财政局", "县直各单位"]);
        assert_eq!(leads, ["县财政局"]);
    }

    #[test]
    fn tidy_removes_spaces_next_to_chinese() {
        assert_eq!(tidy(" 2021 年 文成县 "), "2021年文成县");
        assert_eq!(tidy("12345 政务服务"), "12345政务服务");
        assert_eq!(tidy("a b"), "a b");
    }

    #[test]
    fn pack_ids_are_checked() {
        assert!(validate_id("wencheng-2021").is_ok());
        for bad in ["", "Wencheng", "wen_cheng", "-x", "x/y", "文成"] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn candidates_come_from_the_task() {
        let task = Task {
            text: "全面公开、动态更新市场准入负面清单，及时公开建设高标准市场体系政策举措。".into(),
            ..Task::default()
        };
        let (groups, _) = evidence(&task, std::slice::from_ref(&task), "");
        assert!(
            groups[0].contains(&"市场准入负面清单".to_string()),
            "{groups:?}"
        );
    }
}
