//! What a document is: its kind, reporting year, issuing unit and the
//! unit's role, inferred from the title and date line and overridable.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::structure::Structure;
use super::view::View;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// 政府信息公开工作年度报告
    AnnualReport,
    /// 政务公开工作总结
    WorkSummary,
    /// 政务公开工作要点
    WorkPoints,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitRole {
    /// XX市人民政府, XX县人民政府 (or a place name alone, as in 安庆市2022年…总结)
    PeopleGovernment,
    /// XX人民政府办公室 / 办公厅
    GovernmentOffice,
    /// 局, 委, 办, 中心 … of a government
    Department,
    /// 乡、镇人民政府, 街道办事处
    Township,
    Unknown,
}

macro_rules! kebab_names {
    ($ty:ty { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];
            pub fn name(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.name() == s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.name()).collect();
                    format!("unknown value `{s}`; expected one of: {}", names.join(", "))
                })
            }
        }
    };
}

kebab_names!(DocKind {
    AnnualReport = "annual-report",
    WorkSummary = "work-summary",
    WorkPoints = "work-points",
    Other = "other",
});

kebab_names!(UnitRole {
    PeopleGovernment = "people-government",
    GovernmentOffice = "government-office",
    Department = "department",
    Township = "township",
    Unknown = "unknown",
});

/// Metadata given by the user; each set field wins over inference.
#[derive(Debug, Clone, Default)]
pub struct MetadataOverrides {
    pub year: Option<i32>,
    pub kind: Option<DocKind>,
    pub unit: Option<String>,
    pub role: Option<UnitRole>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub kind: DocKind,
    pub year: Option<i32>,
    pub unit: Option<String>,
    pub role: UnitRole,
}

pub fn infer(view: &View, structure: &Structure, overrides: &MetadataOverrides) -> Metadata {
    let title: String = structure
        .title
        .clone()
        .map(|r| view.text[r].replace('\n', ""))
        .unwrap_or_default();
    let kind = overrides.kind.unwrap_or_else(|| kind_from_title(&title));
    let title_year = year_in(&title);
    let year = overrides.year.or(title_year.map(|(y, _)| y)).or_else(|| {
        let (_, date) = structure.date_line.as_ref()?;
        // A report is written after its year ends; a summary may be written
        // in December of its own year.
        Some(if date.month <= 6 {
            date.year - 1
        } else {
            date.year
        })
    });
    let unit = overrides
        .unit
        .clone()
        .or_else(|| unit_from_title(&title, title_year.map(|(_, at)| at)));
    let role = overrides
        .role
        .unwrap_or_else(|| unit.as_deref().map_or(UnitRole::Unknown, role_of_unit));
    Metadata {
        kind,
        year,
        unit,
        role,
    }
}

pub fn kind_from_title(title: &str) -> DocKind {
    if title.contains("汇编") {
        // A compilation's own title: the reports are in its parts (`--split`).
        DocKind::Other
    } else if title.contains("年度报告") && title.contains("信息公开") {
        DocKind::AnnualReport
    } else if title.contains("工作要点") {
        DocKind::WorkPoints
    } else if title.contains("总结") || (title.contains("公开") && title.contains("报告")) {
        DocKind::WorkSummary
    } else {
        DocKind::Other
    }
}

/// The first `YYYY年` in the text, with the byte offset where it starts.
fn year_in(text: &str) -> Option<(i32, usize)> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = bytes.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = text.get(i + 4..)?.trim_start();
        if before_ok && digits.iter().all(u8::is_ascii_digit) && after.starts_with('年') {
            let year: i32 = text[i..i + 4].parse().ok()?;
            (1990..=2100).contains(&year).then_some((year, i))
        } else {
            None
        }
    })
}

fn unit_from_title(title: &str, year_at: Option<usize>) -> Option<String> {
    let end = year_at
        .or_else(|| title.find("政务公开"))
        .or_else(|| title.find("政府信息公开"))?;
    let unit = title[..end].trim().trim_start_matches("关于").trim();
    (unit.chars().count() >= 2).then(|| unit.to_string())
}

pub fn role_of_unit(unit: &str) -> UnitRole {
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| unit.ends_with(s));
    if ends(&[
        "人民政府办公室",
        "人民政府办公厅",
        "政府办公室",
        "政府办公厅",
        "政府办",
    ]) {
        UnitRole::GovernmentOffice
    } else if ends(&["镇人民政府", "乡人民政府", "街道办事处", "镇", "乡", "街道"])
    {
        UnitRole::Township
    } else if ends(&["人民政府"]) {
        UnitRole::PeopleGovernment
    } else if ends(&[
        "局",
        "委",
        "委员会",
        "办",
        "办公室",
        "中心",
        "厅",
        "署",
        "院",
        "所",
        "站",
        "队",
        "会",
        "处",
        "馆",
    ]) {
        UnitRole::Department
    } else if ends(&["省", "市", "县", "区", "旗", "州", "自治区", "盟"]) {
        UnitRole::PeopleGovernment
    } else {
        UnitRole::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{structure, view};

    fn meta(text: &str) -> Metadata {
        let view = view::build(text);
        let s = structure::analyse(&view);
        infer(&view, &s, &MetadataOverrides::default())
    }

    #[test]
    fn from_the_title() {
        let m = meta("桐城市商务局2022年政务公开工作总结和2023年工作计划\n一、工作情况\n");
        assert_eq!(m.kind, DocKind::WorkSummary);
        assert_eq!(m.year, Some(2022));
        assert_eq!(m.unit.as_deref(), Some("桐城市商务局"));
        assert_eq!(m.role, UnitRole::Department);

        let m = meta("某某县人民政府2021 年度政府信息公开工作年度报告\n");
        assert_eq!(
            (m.kind, m.year, m.role),
            (
                DocKind::AnnualReport,
                Some(2021),
                UnitRole::PeopleGovernment
            )
        );

        let m = meta("2021 年文成县政务公开工作要点\n");
        assert_eq!((m.kind, m.year), (DocKind::WorkPoints, Some(2021)));
    }

    #[test]
    fn year_from_the_date_line_when_the_title_has_none() {
        let m = meta("某镇政务公开工作总结\n\n正文。\n\n某镇人民政府\n2023年1月10日\n");
        assert_eq!(m.year, Some(2022));
        assert_eq!(m.unit.as_deref(), Some("某镇"));
        assert_eq!(m.role, UnitRole::Township);
    }

    #[test]
    fn roles() {
        assert_eq!(role_of_unit("某某镇人民政府"), UnitRole::Township);
        assert_eq!(role_of_unit("某某街道"), UnitRole::Township);
        assert_eq!(
            role_of_unit("某县人民政府办公室"),
            UnitRole::GovernmentOffice
        );
        assert_eq!(role_of_unit("安庆市"), UnitRole::PeopleGovernment);
        assert_eq!(
            role_of_unit("蚌埠市住房公积金管理中心"),
            UnitRole::Department
        );
    }

    #[test]
    fn overrides_win() {
        let view = view::build("某局2022年工作总结\n");
        let s = structure::analyse(&view);
        let overrides = MetadataOverrides {
            year: Some(2023),
            kind: Some(DocKind::AnnualReport),
            ..Default::default()
        };
        let m = infer(&view, &s, &overrides);
        assert_eq!((m.year, m.kind), (Some(2023), DocKind::AnnualReport));
    }
}
