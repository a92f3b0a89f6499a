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
