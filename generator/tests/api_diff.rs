//! The change-report corpus: one before/after spec pair per kind of change under
//! `tests/api_diff/<case>/{old,new}.yaml`, each with its expected report snapshotted
//! (`snapshots/api_diff__<case>.snap`). `scripts/semver-check-corpus.sh` cross-checks the same
//! pairs with cargo-semver-checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::diff::report::{self, Format};
use generator::diff::{Class, Kind, Report};

fn cases() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api_diff");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

/// The report as `cargo xtask api-diff` makes it: the settings beside the new spec (none here).
fn report_of(case: &Path) -> Report {
    let new = case.join("new.yaml");
    let settings = generator::GenerationSettings::for_spec(&new, None, None).unwrap();
    let old = generator::diff::manifest_of(&case.join("old.yaml"), &settings).unwrap();
    generator::diff::diff(&old, &generator::diff::manifest_of(&new, &settings).unwrap(), &settings)
}

#[test]
fn every_pair_reports_what_its_snapshot_says() {
    let cases = cases();
    assert!(cases.len() >= 15, "the corpus is missing pairs: {}", cases.len());
    for (name, path) in cases {
        let report = report_of(&path);
        insta::assert_snapshot!(name.clone(), report::render(&report, Format::Text));
        // The JSON report reads back as the same changes: its keys are a contract.
        let json: serde_json::Value = serde_json::from_str(&report::render(&report, Format::Json)).unwrap();
        let changes: Vec<generator::diff::Change> = serde_json::from_value(json["changes"].clone()).unwrap();
        assert_eq!(changes, report.changes, "{name}");
        for key in ["breaking", "additive", "docs", "bump", "bump_before_1_0"] {
            assert!(json["summary"].get(key).is_some(), "{name}: summary lacks {key}");
        }
    }
}

#[test]
fn each_case_is_judged_as_its_name_says() {
    for (name, path) in cases() {
        let report = report_of(&path);
        let worst = report.changes.iter().map(|c| c.class).min();
        let expected = match name.as_str() {
            "no_change" => None,
            "docs_changed" => Some(Class::Docs),
            n if n.ends_with("_added") || n == "field_added_optional" || n == "param_added_optional" => {
                Some(Class::Additive)
            }
            // The Rust method is unchanged: its calls go where the spec now says.
            "operation_endpoint_changed" | "operation_became_stable" => Some(Class::Additive),
            _ => Some(Class::Breaking),
        };
        let expected = match name.as_str() {
            // Required things added, and the first optional parameter (a new `params` argument).
            "field_added_required_request" | "param_added_required" | "param_added_first_optional" => {
                Some(Class::Breaking)
            }
            _ => expected,
        };
        assert_eq!(worst, expected, "{name}: {report:#?}");
    }
}

#[test]
fn the_corpus_covers_every_kind_of_change() {
    let seen: BTreeSet<Kind> = cases().iter().flat_map(|(_, p)| report_of(p).changes).map(|c| c.kind).collect();
    let all = [
        Kind::Added,
        Kind::Removed,
        Kind::TypeChanged,
        Kind::BecameRequired,
        Kind::BecameOptional,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::EndpointChanged,
        Kind::BecameUnstable,
        Kind::BecameStable,
        Kind::ServerAdded,
        Kind::ServerRemoved,
        Kind::SiteAdded,
        Kind::SiteRemoved,
        Kind::DocsChanged,
    ];
    let missing: Vec<_> = all.iter().filter(|k| !seen.contains(k)).collect();
    assert!(missing.is_empty(), "no pair shows {missing:?}");
}

#[test]
fn going_back_undoes_the_judgment_of_an_addition() {
    // The reverse of an additive pair is breaking: removing what was added.
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api_diff/enum_value_added");
    let settings = generator::GenerationSettings::for_spec(&case.join("new.yaml"), None, None).unwrap();
    let old = generator::diff::manifest_of(&case.join("old.yaml"), &settings).unwrap();
    let new = generator::diff::manifest_of(&case.join("new.yaml"), &settings).unwrap();
    assert!(!generator::diff::diff(&old, &new, &settings).is_breaking());
    assert!(generator::diff::diff(&new, &old, &settings).is_breaking());
}

#[test]
fn the_committed_manifest_reads_back_as_its_spec_makes_it() {
    // Written by an earlier generation: read back, it writes the same text, and its structured
    // types are those the committed spec resolves to.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let committed = generator::diff::Manifest::read(&root.join("generated-client")).unwrap().unwrap();
    let text = std::fs::read_to_string(root.join("generated-client").join(generator::diff::manifest::FILE)).unwrap();
    assert_eq!(committed.to_json(), text);
    let spec = root.join("spec/org_connections.yaml");
    let settings = generator::GenerationSettings::for_spec(&spec, None, None).unwrap();
    let made = generator::diff::manifest_of(&spec, &settings).unwrap();
    assert_eq!((&committed.operations, &committed.models), (&made.operations, &made.models));
    assert!(generator::diff::diff(&committed, &made, &settings).changes.is_empty());
}

#[test]
fn roles_follow_model_references_not_words_in_values() {
    // `Library`, a request model, is an enum with a value that spells `Log`: no reference to the
    // model `Log`, which only responses reach.
    let manifest = |log_fields: &str| -> generator::diff::Manifest {
        serde_json::from_str(&format!(
            r##"{{
              "@generated": "", "crate_name": "c", "version": "0.1.0", "module": "v2", "servers": [],
              "operations": {{
                "api_logs::LogsApi::send": {{ "source": "#/paths/~1logs/post", "optional_struct": "SendOptionalParams",
                  "body": "Library", "error_enum": "SendError" }},
                "api_logs::LogsApi::get": {{ "source": "#/paths/~1logs/get", "optional_struct": "GetOptionalParams",
                  "success": "Vec<Log>", "error_enum": "GetError" }}
              }},
              "models": {{
                "Library": {{ "source": "#/components/schemas/Library", "kind": "enum", "values": ["Audit Log"] }},
                "Log": {{ "source": "#/components/schemas/Log", "kind": "struct", "fields": [{log_fields}] }}
              }}
            }}"##
        ))
        .unwrap()
    };
    let old = manifest("");
    let new = manifest(r#"{ "name": "message", "json": "message", "ty": "Option<String>" }"#);
    let report = generator::diff::diff(&old, &new, &generator::GenerationSettings::datadog_v2("c"));
    let roles: Vec<_> = report.changes.iter().map(|c| (c.item.as_str(), c.role)).collect();
    assert_eq!(roles, [("v2::model::Log::message", generator::diff::Role::Response)]);
}
