//! Matching a document's issuing unit against the responsible units named in
//! work points (`县财政局`, `各乡镇`, `各级行政机关`, `县政府办公室`).

use crate::document::{Metadata, UnitRole};

/// Full names and the abbreviations work points use for them.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("发展和改革局", "发改局"),
    ("发展改革局", "发改局"),
    ("经济和信息化局", "经信局"),
    ("市场监督管理局", "市场监管局"),
    ("卫生健康局", "卫健局"),
    ("卫生和健康局", "卫健局"),
    ("住房和城乡建设局", "住建局"),
    ("住房城乡建设局", "住建局"),
    ("全面深化改革委员会办公室", "改革办"),
    ("网络安全和信息化委员会办公室", "网信办"),
    ("政府办公室", "府办"),
    ("政府办", "府办"),
    ("委宣传部", "宣传部"),
    ("委组织部", "组织部"),
];

/// A name with its level prefix kept and its body in the short form work
/// points use: `文成县人民政府办公室` → `文成县府办`, `县发改局` → `县发改局`.
fn normalise(name: &str) -> String {
    let mut name = name
        .replace("人民政府", "政府")
        .replace(['*', '＊', ' ', '\u{3000}'], "");
    for (full, short) in ABBREVIATIONS {
        name = name.replace(full, short);
    }
    name
}

/// Whether the document's unit is one of those `responsible` names.
pub fn is_responsible(meta: &Metadata, responsible: &[String]) -> bool {
    responsible.iter().any(|name| matches(meta, name))
}

fn matches(meta: &Metadata, name: &str) -> bool {
    let name = normalise(name);
    match name.as_str() {
        "各级行政机关" | "各单位" | "各有关单位" | "各部门" => return true,
        _ => {}
    }
    if name.starts_with("各乡镇") || name.starts_with("各镇") || name.starts_with("各街道")
    {
        return meta.role == UnitRole::Township;
    }
    if name.starts_with("县直") || name.starts_with("市直") || name.starts_with("区直") {
        return matches!(meta.role, UnitRole::Department | UnitRole::GovernmentOffice);
    }
    let Some(unit) = meta.unit.as_deref().map(normalise) else {
        return false;
    };
    // `县财政局` binds `某某县财政局`: the level word (县/市/区) must appear in
    // the unit's name before the body's own name.
    let level = name
        .chars()
        .next()
        .filter(|c| matches!(c, '县' | '市' | '区' | '省' | '镇' | '乡'));
    let own = match level {
        Some(c) => &name[c.len_utf8()..],
        None => name.as_str(),
    };
    !own.is_empty()
        && unit.ends_with(own)
        && level.is_none_or(|c| unit[..unit.len() - own.len()].ends_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;

    fn meta(unit: &str, role: UnitRole) -> Metadata {
        Metadata {
            kind: DocKind::WorkSummary,
            year: Some(2021),
            unit: Some(unit.to_string()),
            role,
        }
    }

    #[test]
    fn units_by_name_level_and_role() {
        let finance = meta("文成县财政局", UnitRole::Department);
        assert!(is_responsible(&finance, &["县财政局".into()]));
        assert!(is_responsible(
            &finance,
            &["县发改局*".into(), "县财政局".into()]
        ));
        assert!(!is_responsible(&finance, &["县发改局".into()]));
        assert!(!is_responsible(&finance, &["市财政局".into()]));
        assert!(is_responsible(&finance, &["各级行政机关".into()]));
        assert!(is_responsible(&finance, &["县直属各单位".into()]));
        assert!(!is_responsible(&finance, &["各乡镇人民政府".into()]));
        let town = meta("玉壶镇人民政府", UnitRole::Township);
        assert!(is_responsible(&town, &["各乡镇人民政府".into()]));
        let office = meta("文成县人民政府办公室", UnitRole::GovernmentOffice);
        assert!(is_responsible(&office, &["县政府办公室".into()]));
        assert!(is_responsible(&office, &["县府办".into()]));
        let development = meta("文成县发展和改革局", UnitRole::Department);
        assert!(is_responsible(&development, &["县发改局*".into()]));
        let publicity = meta("中共文成县委宣传部", UnitRole::Department);
        assert!(is_responsible(&publicity, &["县宣传部".into()]));
        assert!(is_responsible(&publicity, &["县委宣传部".into()]));
        let market = meta("文成县市场监督管理局", UnitRole::Department);
        assert!(is_responsible(&market, &["县市场监管局".into()]));
        assert!(!is_responsible(&market, &["县发改局".into()]));
    }
}
