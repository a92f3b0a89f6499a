//! docs/rules/ is generated from the rule files (`zwgk rules docs`); this test
//! fails when a page is missing, stale or left over, as ruff does for its docs.

use std::collections::BTreeMap;
use std::path::Path;

use zwgk::rules::docs::pages;

fn committed(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            committed(&path, base, out);
        } else {
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(relative, std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn rule_docs_are_complete_and_up_to_date() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let mut on_disk = BTreeMap::new();
    committed(&base, &base, &mut on_disk);
    let (rules, errors) = zwgk::rules::load_rule_set(&zwgk::rules::embedded::all_sources());
    assert!(errors.is_empty(), "{errors:?}");
    let generated: BTreeMap<String, String> = pages(&rules).into_iter().collect();
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(path, content)| on_disk.get(*path) != Some(content))
        .map(|(path, _)| path)
        .collect();
    let extra: Vec<&String> = on_disk
        .keys()
        .filter(|path| !generated.contains_key(*path))
        .collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is out of date; run `cargo run -- rules docs`.\nmissing or stale: {stale:?}\nnot generated: {extra:?}"
    );
}
