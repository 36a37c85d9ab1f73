//! A release lands in order: the crate's files, then the spec, then the changelog entry; a step
//! that fails stops the ones after it. A check writes nothing.

use std::path::{Path, PathBuf};

use generator::{FileChangeKind, Release};

fn fixture() -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn settings() -> generator::GenerationSettings {
    generator::GenerationSettings::datadog_v2("fixture-client")
}

#[test]
fn a_release_writes_the_crate_then_the_spec_then_the_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let (out, spec) = (dir.path().join("client"), dir.path().join("spec.yaml"));
    let (_, text) = fixture();
    let (generated, plan) = generator::generate_into(&spec, &text, &out, &settings(), None).unwrap();
    let release = Release::new(&out, &generated.files).with_plan(&plan).with_spec(&spec, &text);

    let stale = release.check().unwrap();
    assert_eq!(stale.len(), generated.files.len());
    assert!(!out.exists() && !spec.exists(), "a check writes nothing");

    let written = release.write(false).unwrap();
    assert!(written.files.iter().all(|c| c.kind == FileChangeKind::Added), "{:?}", written.files);
    assert_eq!(written.files.len(), generated.files.len());
    assert_eq!(written.specs, std::slice::from_ref(&spec));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), text);
    assert_eq!(written.logged.as_deref(), Some(plan.version()));
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains(&format!("## [{}] - ", plan.version())) && changelog.contains("First release."));
    assert!(release.check().unwrap().is_empty());

    // The same spec again: nothing changes, and the changelog gains nothing.
    let (generated, plan) = generator::generate_into(&spec, &text, &out, &settings(), None).unwrap();
    let written = Release::new(&out, &generated.files).with_plan(&plan).write(false).unwrap();
    assert!(written.files.is_empty() && written.specs.is_empty() && written.logged.is_none(), "{written:?}");
    assert_eq!(std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap(), changelog);
}

#[test]
fn a_crate_that_cannot_be_written_leaves_the_spec_and_the_changelog_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (out, spec) = (dir.path().join("client"), dir.path().join("spec.yaml"));
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/mine.rs"), "// hand-written").unwrap();
    std::fs::write(&spec, "the old spec").unwrap();
    let (_, text) = fixture();
    let (generated, plan) = generator::generate_into(&spec, &text, &out, &settings(), None).unwrap();
    let release = Release::new(&out, &generated.files).with_plan(&plan).with_spec(&spec, &text);

    assert!(matches!(release.refusal(), Some(generator::Error::WouldOverwrite { .. })));
    assert!(matches!(release.write(false), Err(generator::Error::WouldOverwrite { .. })));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), "the old spec");
    assert!(!out.join("CHANGELOG.md").exists());
    assert!(!out.join("Cargo.toml").exists());
}

#[test]
fn a_crate_without_a_plan_has_no_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let (path, text) = fixture();
    let source = generator::SpecSource { path, text, settings: settings() };
    let generated = generator::generate_crate(&[source], None).unwrap();
    let written = Release::new(&out, &generated.files).write(false).unwrap();
    assert_eq!(written.files.len(), generated.files.len());
    assert!(written.specs.is_empty() && written.logged.is_none());
    assert!(!out.join("CHANGELOG.md").exists());
    assert!(Release::new(&out, &generated.files).check().unwrap().is_empty());
}

/// A crate where another crate is (its `Cargo.toml` names another package) is refused, writing
/// nothing, unless the release says it replaces it; then its version starts over.
#[test]
fn a_folder_that_holds_another_crate_is_replaced_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let (path, text) = fixture();
    let (generated, plan) = generator::generate_into(&path, &text, &out, &settings(), None).unwrap();
    Release::new(&out, &generated.files).with_plan(&plan).write(false).unwrap();
    let before = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();

    let other = generator::GenerationSettings::datadog_v2("petstore");
    let (generated, plan) = generator::generate_into(&path, &text, &out, &other, None).unwrap();
    assert_eq!(plan.previous.as_ref().map(|m| m.crate_name.as_str()), None, "another crate's manifest is no history");
    let release = Release::new(&out, &generated.files).with_plan(&plan);
    let err = release.write(false).unwrap_err().to_string();
    assert!(err.contains("holds the crate `fixture-client`") && err.contains("--replace-crate"), "{err}");
    assert!(release.refusal().is_some());
    assert_eq!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap(), before, "nothing written");

    release.replacing(true).write(false).unwrap();
    assert!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap().contains("name = \"petstore\""));
}
