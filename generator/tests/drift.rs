//! The committed `generated-client/` must be exactly what the generator makes of the committed
//! spec: this is `cargo xtask codegen --check`, inside `cargo test`.

use std::path::{Path, PathBuf};

fn settings() -> generator::GenerationSettings {
    let spec = root().join("spec/org_connections.yaml");
    generator::GenerationSettings::for_spec(&spec, None, None).unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn committed_client_matches_the_spec() {
    // As `cargo xtask codegen --check` does: the version comes from the crate's API manifest, and
    // the release is checked against the folder.
    let spec = root().join("spec/org_connections.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let out = root().join("generated-client");
    let (generated, plan) = generator::generate_into(&spec, &text, &out, &settings(), None).unwrap();
    assert!(plan.report.changes.is_empty(), "{:?}", plan.report);
    let stale = generator::Release::new(&out, &generated.files).with_plan(&plan).check().unwrap();
    if !stale.is_empty() {
        let diffs: String = stale.iter().map(|c| c.diff.as_str()).collect();
        let names: Vec<_> = stale.iter().map(|c| format!("{:?} {}", c.kind, c.path)).collect();
        panic!("{diffs}\nstale generated files (run `cargo xtask codegen`):\n  {}", names.join("\n  "));
    }
}

/// The files that differ from the committed client once `old` is replaced by `new` in the spec.
fn changed_by_edit(old: &str, new: &str) -> Vec<generator::FileChange> {
    let spec = root().join("spec/org_connections.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(old, new, 1);
    assert_ne!(text, edited, "`{old}` is no longer in the spec");
    let out = root().join("generated-client");
    let (generated, _) = generator::generate_into(&spec, &edited, &out, &settings(), None).unwrap();
    let changes = generator::output::changes(&out, &generated.files).unwrap();
    // A docs change is a release too: the version in Cargo.toml and the manifest move with it,
    // and in the User-Agent (`CLIENT` in the runtime's spec.rs).
    let bookkeeping = ["Cargo.toml", "api-manifest.json"];
    let version_only = |c: &generator::FileChange| {
        c.path == "src/datadog/spec.rs"
            && c.diff
                .lines()
                .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
                .all(|l| l.contains("CLIENT"))
    };
    changes.into_iter().filter(|c| !bookkeeping.contains(&c.path.as_str()) && !version_only(c)).collect()
}

#[test]
fn a_property_description_changes_its_model_only() {
    let changes = changed_by_edit("Timestamp when the connection was created.", "When the connection was made.");
    let paths: Vec<_> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["src/datadogV2/model/model_org_connection_attributes.rs"]);
    assert!(changes[0].diff.contains("+    /// When the connection was made."), "{}", changes[0].diff);
}

#[test]
fn a_schema_description_changes_the_schema_and_the_fields_documented_by_it() {
    // A field that refers to a schema is documented with that schema's description.
    let changes = changed_by_edit("description: Org connection type.", "description: The type of an org connection.");
    let paths: Vec<_> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "src/datadogV2/model/model_org_connection.rs",
            "src/datadogV2/model/model_org_connection_create.rs",
            "src/datadogV2/model/model_org_connection_type.rs",
            "src/datadogV2/model/model_org_connection_update.rs",
        ]
    );
}

#[test]
fn the_format_cache_formats_only_what_changed_and_never_changes_the_output() {
    let cache = tempfile::tempdir().unwrap();
    let spec = root().join("spec/org_connections.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let generate =
        |text: &str, cache: Option<&Path>| generator::generate_from_str(&spec, text, &settings(), cache).unwrap();
    let paths =
        |g: &generator::Generated| g.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect::<Vec<_>>();

    let cold = generate(&text, Some(cache.path()));
    // Every file goes through the formatter but the API manifest, which is JSON, and the
    // runtime's files, formatted once per process as their tests are stripped.
    let formatted_files = |g: &generator::Generated| {
        let runtime = |path: &str| path.starts_with("src/datadog/") && path != "src/datadog/spec.rs";
        g.files.iter().filter(|f| f.path != "api-manifest.json" && !runtime(&f.path)).count()
    };
    assert_eq!(cold.formatted, formatted_files(&cold));
    let warm = generate(&text, Some(cache.path()));
    assert_eq!(warm.formatted, 0);
    assert_eq!(paths(&warm), paths(&generate(&text, None)));

    let edited = text.replacen("Timestamp when the connection was created.", "When the connection was made.", 1);
    let after_edit = generate(&edited, Some(cache.path()));
    assert_eq!(after_edit.formatted, 1, "only the edited model is formatted again");
    assert_eq!(paths(&after_edit), paths(&generate(&edited, None)));
    // Entries no longer used are dropped: the cache holds one generation's files.
    assert_eq!(generator::cache::Cache::open(cache.path()).unwrap().len(), formatted_files(&after_edit));
}
