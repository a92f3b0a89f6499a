//! The arithmetic identities (勾稽关系) of tables 三 and 四 and the
//! decision of which cell is wrong when one fails.
//!
//! An identity says Σ `plus` = Σ `minus` over cells addressed by (row index,
//! column index) in their table. It is evaluable only when every cell holds
//! a non-negative integer: blanks and unreadable cells make it unknown, never
//! false.

use super::model::{Cell, Column, Group, Proceeding, Row, Table3};

pub(crate) type CellId = (usize, usize);

/// What an identity states, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum What {
    /// T3-3: a row's 总计 is the sum of the six applicant columns.
    RowTotal(Row),
    /// A row's 法人或其他组织小计 is the sum of the five organisation columns.
    OrganisationSubtotal(Row),
    /// T3-2: a column's （七）总计 is the sum of the outcome rows.
    ColumnTotal(Column),
    /// A group's subtotal row is the sum of its sub-rows.
    GroupSubtotal(Group, Column),
    /// T3-1: 一 + 二 = （七）总计 + 四, per column.
    CarryOver(Column),
    /// T4-1: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.
    Review(Proceeding),
}

impl What {
    /// The check id a finding about this identity carries.
    pub fn check(self) -> &'static str {
        match self {
            What::RowTotal(_) | What::OrganisationSubtotal(_) => "identity-row-total",
            What::ColumnTotal(_) | What::GroupSubtotal(..) => "identity-column-total",
            What::CarryOver(_) => "identity-carry-over",
            What::Review(_) => "identity-review-litigation",
        }
    }

    /// Order of preference of check ids for a cell that breaks several identities.
    pub fn rank(self) -> u8 {
        match self {
            What::RowTotal(_) | What::OrganisationSubtotal(_) => 0,
            What::ColumnTotal(_) | What::GroupSubtotal(..) => 1,
            What::CarryOver(_) => 2,
            What::Review(_) => 3,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub what: What,
    pub plus: Vec<CellId>,
    pub minus: Vec<CellId>,
    /// The cell a failure is reported on when no single cell can be blamed
    /// (the total, or 四 for the carry-over identity).
    pub primary: CellId,
}

impl Identity {
    pub fn cells(&self) -> impl Iterator<Item = CellId> + '_ {
        self.plus.iter().chain(&self.minus).copied()
    }

    fn contains(&self, id: CellId) -> bool {
        self.cells().any(|c| c == id)
    }

    /// Σ plus − Σ minus, when every cell is a non-negative integer.
    pub fn residual<'a>(&self, get: &impl Fn(CellId) -> Option<&'a Cell>) -> Option<i128> {
        let sum = |ids: &[CellId]| -> Option<i128> {
            ids.iter()
                .map(|&id| get(id)?.integer().map(i128::from))
                .sum()
        };
        Some(sum(&self.plus)? - sum(&self.minus)?)
    }

    /// The change to cell `id` that would make the identity hold.
    fn correction(&self, id: CellId, residual: i128) -> i128 {
        if self.plus.contains(&id) {
            -residual
        } else {
            residual
        }
    }
}

/// The identities of table 三 as it was read.
pub(crate) fn table3(table: &Table3) -> Vec<Identity> {
    let mut out = Vec::new();
    let width = table.columns.len();
    let col = |c: Column| table.column_index(c);
    let row = |r: Row| {
        table
            .rows
            .iter()
            .position(|x| x.row == r && x.cells.len() == width)
    };
    // T3-3 and the organisation subtotal, per row.
    for (ri, r) in table.rows.iter().enumerate() {
        if r.cells.len() != width {
            continue;
        }
        if let Some(total) = col(Column::Total) {
            let parts: Vec<CellId> = Column::APPLICANTS
                .iter()
                .filter_map(|&c| col(c))
                .map(|ci| (ri, ci))
                .collect();
            if parts.len() == 6 {
                out.push(Identity {
                    what: What::RowTotal(r.row),
                    plus: parts,
                    minus: vec![(ri, total)],
                    primary: (ri, total),
                });
            }
        }
        if let Some(sub) = col(Column::OrganisationSubtotal) {
            let parts: Vec<CellId> = Column::APPLICANTS[1..]
                .iter()
                .filter_map(|&c| col(c))
                .map(|ci| (ri, ci))
                .collect();
            out.push(Identity {
                what: What::OrganisationSubtotal(r.row),
                plus: parts,
                minus: vec![(ri, sub)],
                primary: (ri, sub),
            });
        }
    }
    // T3-2 and group subtotals, per column. A group counts by its sub-rows
    // when all are there, else by its subtotal row; otherwise the column
    // total cannot be checked.
    let total_row = row(Row::OutcomeTotal);
    let mut outcome_rows: Option<Vec<usize>> =
        match (row(Row::Disclosed), row(Row::PartiallyDisclosed)) {
            (Some(a), Some(b)) => Some(vec![a, b]),
            _ => None,
        };
    let mut subtotals: Vec<(Group, usize, Vec<usize>)> = Vec::new();
    for group in Group::ALL {
        let children: Vec<Option<usize>> = group.rows().map(row).collect();
        let subtotal = row(Row::Subtotal(group));
        let all_children: Option<Vec<usize>> = children.iter().copied().collect();
        match (all_children, subtotal) {
            (Some(children), Some(sub)) => {
                subtotals.push((group, sub, children.clone()));
                if let Some(rows) = outcome_rows.as_mut() {
                    rows.extend(children);
                }
            }
            (Some(children), None) => {
                if let Some(rows) = outcome_rows.as_mut() {
                    rows.extend(children);
                }
            }
            (None, Some(sub)) => {
                if let Some(rows) = outcome_rows.as_mut() {
                    rows.push(sub);
                }
            }
            (None, None) => outcome_rows = None,
        }
    }
    for ci in 0..width {
        let column = table.columns[ci];
        if let (Some(t), Some(rows)) = (total_row, outcome_rows.as_ref()) {
            out.push(Identity {
                what: What::ColumnTotal(column),
                plus: rows.iter().map(|&r| (r, ci)).collect(),
                minus: vec![(t, ci)],
                primary: (t, ci),
            });
        }
        for (group, sub, children) in &subtotals {
            out.push(Identity {
                what: What::GroupSubtotal(*group, column),
                plus: children.iter().map(|&r| (r, ci)).collect(),
                minus: vec![(*sub, ci)],
                primary: (*sub, ci),
            });
        }
    }
    // T3-1, per column.
    if let (Some(n), Some(c), Some(t), Some(f)) = (
        row(Row::NewApplications),
        row(Row::CarriedOver),
        total_row,
        row(Row::CarriedForward),
    ) {
        for ci in 0..width {
            out.push(Identity {
                what: What::CarryOver(table.columns[ci]),
                plus: vec![(n, ci), (c, ci)],
                minus: vec![(t, ci), (f, ci)],
                primary: (f, ci),
            });
        }
    }
    out
}

/// The three identities of table 四 (cells addressed as (0, index)).
pub(crate) fn table4() -> Vec<Identity> {
    Proceeding::ALL
        .iter()
        .enumerate()
        .map(|(p, &proceeding)| Identity {
            what: What::Review(proceeding),
            plus: (0..4).map(|o| (0, p * 5 + o)).collect(),
            minus: vec![(0, p * 5 + 4)],
            primary: (0, p * 5 + 4),
        })
        .collect()
}

/// Identities that hold minus identities that fail among those touching `cells`.
fn score<'a>(
    identities: &[Identity],
    touches: impl Fn(&Identity) -> bool,
    get: impl Fn(CellId) -> Option<&'a Cell>,
) -> i64 {
    identities
        .iter()
        .filter(|i| touches(i))
        .map(|i| match i.residual(&get) {
            Some(0) => 1,
            Some(_) => -1,
            None => 0,
        })
        .sum()
}

/// Scores table 三 with the cells of row `index` replaced by `cells`.
pub(crate) fn score3(identities: &[Identity], table: &Table3, index: usize, cells: &[Cell]) -> i64 {
    score(
        identities,
        |i| i.cells().any(|(r, _)| r == index),
        |(r, c)| {
            if r == index {
                cells.get(c)
            } else {
                table.rows.get(r)?.cells.get(c)
            }
        },
    )
}

/// Scores a row of table 四's cells.
pub(crate) fn score4(cells: &[Cell]) -> i64 {
    score(&table4(), |_| true, |(_, c)| cells.get(c))
}

/// What is reported about failed identities.
#[derive(Debug, Clone)]
pub(crate) enum Verdict {
    /// One cell explains every listed identity: changing it by `delta`
    /// makes them all hold, and no identity it takes part in holds.
    Blamed {
        cell: CellId,
        delta: i128,
        identities: Vec<usize>,
    },
    /// No single cell can be blamed: reported on the identity's primary cell.
    Undecided { identity: usize },
}

/// Decides, for every failed identity, which cell is most likely wrong.
///
/// A cell is a candidate for a failed identity when every other evaluable
/// identity it takes part in fails too and asks for the same correction,
/// and the corrected value is not negative. The candidate that explains
/// the most failed identities is blamed when it is the only one to do so;
/// otherwise the identity is reported on its primary cell. Each failed
/// identity ends up in exactly one verdict.
pub(crate) fn blame<'a>(
    identities: &[Identity],
    get: impl Fn(CellId) -> Option<&'a Cell>,
) -> Vec<Verdict> {
    let residuals: Vec<Option<i128>> = identities.iter().map(|i| i.residual(&get)).collect();
    let mut verdicts: Vec<Verdict> = Vec::new();
    for (index, identity) in identities.iter().enumerate() {
        let Some(residual) = residuals[index].filter(|r| *r != 0) else {
            continue;
        };
        let mut candidates: Vec<(CellId, i128, Vec<usize>)> = Vec::new();
        for id in identity.cells() {
            let delta = identity.correction(id, residual);
            let value = get(id).and_then(Cell::integer).map_or(0, i128::from);
            if value + delta < 0 {
                continue;
            }
            let mut explained = vec![index];
            let mut consistent = true;
            for (j, other) in identities.iter().enumerate() {
                if j == index || !other.contains(id) {
                    continue;
                }
                match residuals[j] {
                    None => {}
                    Some(r) if r != 0 && other.correction(id, r) == delta => explained.push(j),
                    Some(_) => {
                        consistent = false;
                        break;
                    }
                }
            }
            if consistent {
                candidates.push((id, delta, explained));
            }
        }
        let best = candidates.iter().map(|c| c.2.len()).max().unwrap_or(0);
        let mut top = candidates.into_iter().filter(|c| c.2.len() == best);
        match (top.next(), top.next()) {
            (Some((cell, delta, _)), None) => {
                match verdicts.iter_mut().find(|v| matches!(v, Verdict::Blamed { cell: c, delta: d, .. } if *c == cell && *d == delta)) {
                    Some(Verdict::Blamed { identities, .. }) => identities.push(index),
                    _ => {
                        verdicts.push(Verdict::Blamed {
                            cell,
                            delta,
                            identities: vec![index],
                        });
                    }
                }
            }
            _ => verdicts.push(Verdict::Undecided { identity: index }),
        }
    }
    verdicts
}
