//! The packs shipped inside the binary, so `zwgk check FILE` needs no setup.

use super::PackSource;

const PACKS: &[(&str, &str)] = &[
    (
        "rules/regulation.toml",
        include_str!("../../rules/regulation.toml"),
    ),
    (
        "rules/summary.toml",
        include_str!("../../rules/summary.toml"),
    ),
    ("rules/style.toml", include_str!("../../rules/style.toml")),
    (
        "rules/annual-report-2021.toml",
        include_str!("../../rules/annual-report-2021.toml"),
    ),
    (
        "rules/wording.toml",
        include_str!("../../rules/wording.toml"),
    ),
    (
        "rules/figures.toml",
        include_str!("../../rules/figures.toml"),
    ),
    ("rules/meta.toml", include_str!("../../rules/meta.toml")),
];

pub fn sources() -> Vec<PackSource> {
    PACKS
        .iter()
        .map(|(name, text)| PackSource {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Packs shipped but not enabled by default: a county's work points bind
/// only that county's bodies (`--workpoints ID`).
const OPTIONAL: &[(&str, &str, &str)] = &[(
    "wencheng-2021",
    "rules/workpoints/wencheng-2021.toml",
    include_str!("../../rules/workpoints/wencheng-2021.toml"),
)];

/// The shipped optional pack with this id.
pub fn optional(id: &str) -> Option<PackSource> {
    OPTIONAL
        .iter()
        .find(|(name, _, _)| *name == id)
        .map(|(_, path, text)| PackSource {
            name: (*path).to_string(),
            text: (*text).to_string(),
        })
}

/// Ids of the shipped optional packs.
pub fn optional_ids() -> Vec<&'static str> {
    OPTIONAL.iter().map(|(id, _, _)| *id).collect()
}

/// All shipped packs, optional ones included (for `rules check` and docs).
pub fn all_sources() -> Vec<PackSource> {
    let mut all = sources();
    all.extend(OPTIONAL.iter().filter_map(|(id, _, _)| optional(id)));
    all
}
