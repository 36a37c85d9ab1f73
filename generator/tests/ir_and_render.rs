//! Snapshot tests: the IR and the rendered output, for the fragment and for a fixture that uses
//! the constructs of the vendor's full spec. Refresh with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p generator`) after an intended change.

use std::path::Path;

fn spec_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn resolve(relative: &str) -> generator::ir::Api {
    let path = spec_path(relative);
    let text = generator::load::read(&path).unwrap();
    let spec = generator::load::parse(&path, &text, true).unwrap();
    generator::resolve::resolve(&spec, &generator::GenerationSettings::datadog_v2("fixture-client")).unwrap()
}

fn rendered(relative: &str) -> String {
    let generated =
        generator::generate(&spec_path(relative), &generator::GenerationSettings::datadog_v2("fixture-client"), None)
            .unwrap();
    generated.files.iter().map(|f| format!("=== {} ===\n{}\n", f.path, f.contents)).collect()
}

#[test]
fn fragment_ir() {
    insta::assert_yaml_snapshot!(resolve("../spec/org_connections.yaml"));
}

#[test]
fn fixture_ir() {
    insta::assert_yaml_snapshot!(resolve("tests/fixtures/features.yaml"));
}

#[test]
fn fixture_rendered() {
    insta::assert_snapshot!(rendered("tests/fixtures/features.yaml"));
}

#[test]
fn generation_is_deterministic() {
    let first = rendered("../spec/org_connections.yaml");
    let second = rendered("../spec/org_connections.yaml");
    assert_eq!(first, second);
}
