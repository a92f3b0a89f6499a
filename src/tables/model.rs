//! The typed model of the three tables of the 2021 annual-report format
//! (国办公开办函〔2021〕30号). Every cell keeps its byte range in the
//! matching view (`doc.view.text`).

use std::ops::Range;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A non-negative integer.
    Integer(u64),
    /// A non-negative number written with decimals (`23.75`).
    Decimal(f64),
    /// A number written with a minus sign.
    Negative(f64),
    /// No number: see [`Blank`].
    Blank(Blank),
    /// Digits that cannot be read as a number (too long).
    Unreadable,
}

/// How a cell is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// Nothing (or only spaces) between two separators: `| |`.
    Empty,
    /// A dash, slash or `无` standing for nothing.
    Marker,
    /// The cell is not in the text at all: the row has fewer cells than the
    /// table has columns (one-cell-per-line text drops empty cells). Its span
    /// is the row's label (or the run of cells) since it has no text.
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// View range of the cell's text: the number (sign and decimals
    /// included, unit excluded), the blank marker, the spaces between two
    /// separators (possibly empty); for a [`Blank::Missing`] cell, the row label.
    pub span: Range<usize>,
    /// The cell as written (for a missing cell, empty).
    pub text: String,
    pub value: Value,
    /// View range of a unit written after the number (`5件`, `251000元`).
    pub unit: Option<Range<usize>>,
    /// The unit's text.
    pub unit_text: Option<String>,
}

impl Cell {
    /// The value when it is a non-negative integer.
    pub fn integer(&self) -> Option<u64> {
        match self.value {
            Value::Integer(n) => Some(n),
            _ => None,
        }
    }

    /// The value when it is a non-negative number (integer or decimal).
    pub fn number(&self) -> Option<f64> {
        match self.value {
            Value::Integer(n) => Some(n as f64),
            Value::Decimal(x) => Some(x),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self.value, Value::Blank(_))
    }

    pub fn is_missing(&self) -> bool {
        self.value == Value::Blank(Blank::Missing)
    }

    /// View range of the cell with its unit, if any.
    pub fn full_span(&self) -> Range<usize> {
        match &self.unit {
            Some(unit) => self.span.start..unit.end.max(self.span.end),
            None => self.span.clone(),
        }
    }
}

/// How a row's cells were lined up with the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// As many cells as columns.
    Complete,
    /// Fewer cells than columns; the missing ones were placed where the
    /// table's identities say they belong.
    Inferred,
    /// Fewer cells than columns and nothing to decide where the missing ones
    /// belong: they are assumed to be the last ones.
    Assumed,
}

// ---------------------------------------------------------------- table 二

/// The rows of table 二 (主动公开).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// 第二十条第（一）项: 规章
    Rules,
    /// 第二十条第（一）项: 行政规范性文件
    NormativeDocuments,
    /// 第二十条第（五）项: 行政许可
    Licensing,
    /// 第二十条第（六）项: 行政处罚
    Penalties,
    /// 第二十条第（六）项: 行政强制
    Enforcement,
    /// 第二十条第（八）项: 行政事业性收费
    Fees,
}

impl Item {
    pub const ALL: [Item; 6] = [
        Item::Rules,
        Item::NormativeDocuments,
        Item::Licensing,
        Item::Penalties,
        Item::Enforcement,
        Item::Fees,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Item::Rules => "规章",
            Item::NormativeDocuments => "行政规范性文件",
            Item::Licensing => "行政许可",
            Item::Penalties => "行政处罚",
            Item::Enforcement => "行政强制",
            Item::Fees => "行政事业性收费",
        }
    }

    /// The columns of the item's block, left to right.
    pub fn measures(self) -> &'static [Measure] {
        match self {
            Item::Rules | Item::NormativeDocuments => {
                &[Measure::Issued, Measure::Repealed, Measure::InForce]
            }
            Item::Licensing | Item::Penalties | Item::Enforcement => &[Measure::Decisions],
            Item::Fees => &[Measure::Amount],
        }
    }
}

/// The columns of table 二's blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// 本年制发件数
    Issued,
    /// 本年废止件数
    Repealed,
    /// 现行有效件数
    InForce,
    /// 本年处理决定数量
    Decisions,
    /// 本年收费金额（单位：万元）: the one cell that may be decimal.
    Amount,
}

impl Measure {
    pub fn label(self) -> &'static str {
        match self {
            Measure::Issued => "本年制发件数",
            Measure::Repealed => "本年废止件数",
            Measure::InForce => "现行有效件数",
            Measure::Decisions => "本年处理决定数量",
            Measure::Amount => "本年收费金额",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table2Row {
    pub item: Item,
    /// View range of the row label.
    pub label: Range<usize>,
    /// One cell per measure of the item, in order.
    pub cells: Vec<Cell>,
    /// Cells beyond the item's measures (a 2019 layout has three in （五）).
    pub surplus: Vec<Cell>,
    pub alignment: Alignment,
}

/// Table 二: 主动公开政府信息情况.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table2 {
    /// The rows found, in the order of the layout.
    pub rows: Vec<Table2Row>,
}

impl Table2 {
    pub fn row(&self, item: Item) -> Option<&Table2Row> {
        self.rows.iter().find(|r| r.item == item)
    }

    pub fn cell(&self, item: Item, measure: Measure) -> Option<&Cell> {
        let index = item.measures().iter().position(|m| *m == measure)?;
        self.row(item)?.cells.get(index)
    }

    /// The value of an integer cell.
    pub fn value(&self, item: Item, measure: Measure) -> Option<u64> {
        self.cell(item, measure)?.integer()
    }

    /// 本年收费金额 in 万元.
    pub fn fee_amount(&self) -> Option<f64> {
        self.cell(Item::Fees, Measure::Amount)?.number()
    }
}

// ---------------------------------------------------------------- table 三

/// The groups of outcomes under 三、本年度办理结果 that have sub-rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// （三）不予公开: 8 sub-rows
    Withheld,
    /// （四）无法提供: 3 sub-rows
    Unavailable,
    /// （五）不予处理: 5 sub-rows
    NotProcessed,
    /// （六）其他处理: 3 sub-rows
    OtherHandling,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Withheld,
        Group::Unavailable,
        Group::NotProcessed,
        Group::OtherHandling,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Withheld => "（三）不予公开",
            Group::Unavailable => "（四）无法提供",
            Group::NotProcessed => "（五）不予处理",
            Group::OtherHandling => "（六）其他处理",
        }
    }

    /// Number of sub-rows in the 2021 layout.
    pub fn sub_rows(self) -> u8 {
        match self {
            Group::Withheld => 8,
            Group::Unavailable => 3,
            Group::NotProcessed => 5,
            Group::OtherHandling => 3,
        }
    }

    /// The sub-rows, in order.
    pub fn rows(self) -> impl Iterator<Item = Row> {
        (1..=self.sub_rows()).map(move |n| match self {
            Group::Withheld => Row::Withheld(n),
            Group::Unavailable => Row::Unavailable(n),
            Group::NotProcessed => Row::NotProcessed(n),
            Group::OtherHandling => Row::OtherHandling(n),
        })
    }
}

/// The rows of table 三 (依申请), in the national order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Row {
    /// 一、本年新收政府信息公开申请数量
    NewApplications,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// 三（一）予以公开
    Disclosed,
    /// 三（二）部分公开
    PartiallyDisclosed,
    /// 三（三）不予公开 1–8
    Withheld(u8),
    /// 三（四）无法提供 1–3
    Unavailable(u8),
    /// 三（五）不予处理 1–5
    NotProcessed(u8),
    /// 三（六）其他处理 1–3
    OtherHandling(u8),
    /// A subtotal row that a local template adds for a group, or the single
    /// （六）其他处理 row of the 2019 trial layout.
    Subtotal(Group),
    /// 三（七）总计
    OutcomeTotal,
    /// 四、结转下年度继续办理
    CarriedForward,
}

impl Row {
    /// The rows of the 2021 layout in order (without subtotal rows).
    pub fn all() -> Vec<Row> {
        let mut rows = vec![
            Row::NewApplications,
            Row::CarriedOver,
            Row::Disclosed,
            Row::PartiallyDisclosed,
        ];
        for group in Group::ALL {
            rows.extend(group.rows());
        }
        rows.extend([Row::OutcomeTotal, Row::CarriedForward]);
        rows
    }

    /// The outcome rows that （七）总计 adds up (leaf rows of 三).
    pub fn outcomes() -> Vec<Row> {
        let mut rows = vec![Row::Disclosed, Row::PartiallyDisclosed];
        for group in Group::ALL {
            rows.extend(group.rows());
        }
        rows
    }

    /// The canonical label, for messages.
    pub fn label(self) -> String {
        let sub = |group: Group, n: u8, names: &[&str]| {
            format!(
                "{}—{}.{}",
                group.label(),
                n,
                names.get(usize::from(n).wrapping_sub(1)).unwrap_or(&"")
            )
        };
        match self {
            Row::NewApplications => "一、本年新收政府信息公开申请数量".into(),
            Row::CarriedOver => "二、上年结转政府信息公开申请数量".into(),
            Row::Disclosed => "（一）予以公开".into(),
            Row::PartiallyDisclosed => "（二）部分公开".into(),
            Row::Withheld(n) => sub(
                Group::Withheld,
                n,
                &[
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ],
            ),
            Row::Unavailable(n) => sub(
                Group::Unavailable,
                n,
                &[
                    "本机关不掌握相关政府信息",
                    "没有现成信息需要另行制作",
                    "补正后申请内容仍不明确",
                ],
            ),
            Row::NotProcessed(n) => sub(
                Group::NotProcessed,
                n,
                &[
                    "信访举报投诉类申请",
                    "重复申请",
                    "要求提供公开出版物",
                    "无正当理由大量反复申请",
                    "要求行政机关确认或重新出具已获取信息",
                ],
            ),
            Row::OtherHandling(n) => sub(
                Group::OtherHandling,
                n,
                &[
                    "申请人无正当理由逾期不补正",
                    "申请人逾期未按收费通知要求缴纳费用",
                    "其他",
                ],
            ),
            Row::Subtotal(group) => format!("{}（小计）", group.label()),
            Row::OutcomeTotal => "（七）总计".into(),
            Row::CarriedForward => "四、结转下年度继续办理".into(),
        }
    }
}

/// The applicant columns of table 三.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// 自然人
    NaturalPerson,
    /// 法人或其他组织: 商业企业
    Business,
    /// 法人或其他组织: 科研机构
    Research,
    /// 法人或其他组织: 社会公益组织
    PublicInterest,
    /// 法人或其他组织: 法律服务机构
    LegalService,
    /// 法人或其他组织: 其他
    OtherOrganisation,
    /// 法人或其他组织小计: a column some local templates add.
    OrganisationSubtotal,
    /// 总计
    Total,
}

impl Column {
    /// The six applicant columns that 总计 adds up.
    pub const APPLICANTS: [Column; 6] = [
        Column::NaturalPerson,
        Column::Business,
        Column::Research,
        Column::PublicInterest,
        Column::LegalService,
        Column::OtherOrganisation,
    ];

    /// The national layout's seven columns.
    pub const NATIONAL: [Column; 7] = [
        Column::NaturalPerson,
        Column::Business,
        Column::Research,
        Column::PublicInterest,
        Column::LegalService,
        Column::OtherOrganisation,
        Column::Total,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Column::NaturalPerson => "自然人",
            Column::Business => "商业企业",
            Column::Research => "科研机构",
            Column::PublicInterest => "社会公益组织",
            Column::LegalService => "法律服务机构",
            Column::OtherOrganisation => "其他",
            Column::OrganisationSubtotal => "法人或其他组织小计",
            Column::Total => "总计",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table3Row {
    pub row: Row,
    /// View range of the row label; `None` when the label was not recognised
    /// and the row was placed by the seven-column rhythm.
    pub label: Option<Range<usize>>,
    /// One cell per column of the table.
    pub cells: Vec<Cell>,
    pub surplus: Vec<Cell>,
    pub alignment: Alignment,
}

/// Table 三: 收到和处理政府信息公开申请情况.
#[derive(Debug, Clone, PartialEq)]
pub struct Table3 {
    /// The columns, left to right: the national seven, or eight with
    /// 法人或其他组织小计.
    pub columns: Vec<Column>,
    /// The rows found, in the order of the layout.
    pub rows: Vec<Table3Row>,
}

impl Table3 {
    pub fn row(&self, row: Row) -> Option<&Table3Row> {
        self.rows.iter().find(|r| r.row == row)
    }

    pub fn column_index(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }

    pub fn cell(&self, row: Row, column: Column) -> Option<&Cell> {
        let index = self.column_index(column)?;
        self.row(row)?.cells.get(index)
    }

    /// The value of a cell when it is a non-negative integer.
    pub fn value(&self, row: Row, column: Column) -> Option<u64> {
        self.cell(row, column)?.integer()
    }

    /// The 总计 column of a row (what prose quotes: 收到申请N件, 上年结转N件…).
    pub fn total(&self, row: Row) -> Option<u64> {
        self.value(row, Column::Total)
    }

    /// Whether the table has any row of a group's sub-rows.
    pub fn has_sub_rows(&self, group: Group) -> bool {
        group.rows().any(|r| self.row(r).is_some())
    }
}

// ---------------------------------------------------------------- table 四

/// The three groups of table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proceeding {
    /// 行政复议
    Review,
    /// 行政诉讼: 未经复议直接起诉
    DirectLitigation,
    /// 行政诉讼: 复议后起诉
    LitigationAfterReview,
}

impl Proceeding {
    pub const ALL: [Proceeding; 3] = [
        Proceeding::Review,
        Proceeding::DirectLitigation,
        Proceeding::LitigationAfterReview,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Proceeding::Review => "行政复议",
            Proceeding::DirectLitigation => "行政诉讼（未经复议直接起诉）",
            Proceeding::LitigationAfterReview => "行政诉讼（复议后起诉）",
        }
    }
}

/// The five columns of each group of table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
    /// 总计
    Total,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Upheld,
        Outcome::Corrected,
        Outcome::Other,
        Outcome::Pending,
        Outcome::Total,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Upheld => "结果维持",
            Outcome::Corrected => "结果纠正",
            Outcome::Other => "其他结果",
            Outcome::Pending => "尚未审结",
            Outcome::Total => "总计",
        }
    }
}

/// Table 四: 政府信息公开行政复议、行政诉讼情况.
#[derive(Debug, Clone, PartialEq)]
pub struct Table4 {
    /// The 15 cells, 行政复议 then 未经复议直接起诉 then 复议后起诉, each
    /// 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    pub cells: Vec<Cell>,
    pub surplus: Vec<Cell>,
    pub alignment: Alignment,
    /// View range from the first to the last cell read.
    pub span: Range<usize>,
}

impl Table4 {
    pub fn index(proceeding: Proceeding, outcome: Outcome) -> usize {
        let p = Proceeding::ALL
            .iter()
            .position(|p| *p == proceeding)
            .unwrap_or(0);
        let o = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0);
        p * 5 + o
    }

    pub fn cell(&self, proceeding: Proceeding, outcome: Outcome) -> Option<&Cell> {
        self.cells.get(Self::index(proceeding, outcome))
    }

    pub fn value(&self, proceeding: Proceeding, outcome: Outcome) -> Option<u64> {
        self.cell(proceeding, outcome)?.integer()
    }

    /// 行政复议 总计 (what prose quotes as 行政复议N件).
    pub fn review_total(&self) -> Option<u64> {
        self.value(Proceeding::Review, Outcome::Total)
    }

    /// 行政诉讼 in all: 未经复议直接起诉 总计 + 复议后起诉 总计.
    pub fn litigation_total(&self) -> Option<u64> {
        self.value(Proceeding::DirectLitigation, Outcome::Total)?
            .checked_add(self.value(Proceeding::LitigationAfterReview, Outcome::Total)?)
    }
}

// ---------------------------------------------------------------- all

/// A label of the 2019 trial layout (国办公开办函〔2019〕60号) found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutdatedLabel {
    /// The label as the 2019 layout writes it.
    pub label: &'static str,
    /// View ranges of its occurrences (at least one).
    pub spans: Vec<Range<usize>>,
}

/// The tables of one annual report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnnualTables {
    pub table2: Option<Table2>,
    pub table3: Option<Table3>,
    pub table4: Option<Table4>,
    /// Labels of the 2019 trial layout, in order of first occurrence.
    pub outdated: Vec<OutdatedLabel>,
}
