//! One crate from several specs, each under its own version module, with a cargo feature per
//! API that gates the API and exactly the models it reaches.

mod common;

use common::{multi_crate, multi_crate_in};

fn file<'a>(generated: &'a generator::Generated, path: &str) -> &'a str {
    &generated.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn two_specs_share_one_runtime_under_their_own_modules() {
    let generated = multi_crate();
    let lib = file(&generated, "src/lib.rs");
    assert!(lib.contains("pub mod datadogV1;") && lib.contains("pub mod datadogV2;"), "{lib}");
    assert_eq!(generated.files.iter().filter(|f| f.path.ends_with("/client.rs")).count(), 1);
    let spec = file(&generated, "src/datadog/spec.rs");
    assert!(spec.contains("\"v1.put_widget_part\""), "{spec}");
}

#[test]
fn each_api_has_a_feature_gating_its_module_and_the_models_it_reaches() {
    let generated = multi_crate();
    let cargo = file(&generated, "Cargo.toml");
    assert!(cargo.contains("all = [\"v1-widget-files\", \"v1-widgets\", \"v2-default\", ]"), "{cargo}");
    assert!(cargo.contains("\nv1-widgets = []\n"), "{cargo}");
    let apis = file(&generated, "src/datadogV1/mod.rs");
    assert!(apis.contains("#[cfg(feature = \"v1-widgets\")]\npub mod api_widgets;"), "{apis}");
    let models = file(&generated, "src/datadogV1/model/mod.rs");
    // Priority is a path parameter of PutWidgetPart (Widgets) only; the upload form only of
    // Widget Files; Tree is reached by Widgets through WidgetList -> Widget -> Tree.
    assert!(models.contains("#[cfg(feature = \"v1-widgets\")]\nmod model_priority;"), "{models}");
    assert!(
        models.contains("#[cfg(feature = \"v1-widget-files\")]\nmod model_upload_widget_file_request;"),
        "{models}"
    );
    assert!(models.contains("#[cfg(feature = \"v1-widgets\")]\nmod model_tree;"), "{models}");
    // A schema no API uses is built only with `all`.
    assert!(models.contains("#[cfg(feature = \"all\")]\nmod model_shape_or_list;"), "{models}");
}

/// Spread over member crates (`parts`), the crate keeps every path users name: the runtime, the
/// models several APIs share, and each API with the models only it uses move into members,
/// which the crate re-exports, each behind the features that need it.
#[test]
fn apis_spread_over_member_crates_keep_their_paths() {
    let generated = multi_crate_in("corpus-split", 2);
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"crates/runtime/src/datadog/client.rs"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("src/datadog/")), "{paths:?}");
    let lib = file(&generated, "src/lib.rs");
    assert!(lib.contains("pub use corpus_split_runtime::datadog;"), "{lib}");

    // Which part holds Widgets follows from the sizes; everything below must agree with it.
    let part = ["part-1", "part-2"]
        .into_iter()
        .find(|p| paths.contains(&format!("crates/{p}/src/datadogV1/api_widgets.rs").as_str()))
        .expect("api_widgets in a part");
    let ident = format!("corpus_split_{}", part.replace('-', "_"));
    let cargo = file(&generated, "Cargo.toml");
    let feature = format!("\nv1-widgets = [\"dep:corpus-split-{part}\", \"corpus-split-{part}/v1-widgets\", ]\n");
    assert!(cargo.contains(&feature), "{cargo}");
    let part_cargo = file(&generated, &format!("crates/{part}/Cargo.toml"));
    assert!(part_cargo.contains("\nv1-widgets = [\"corpus-split-shared/v1-widgets\", ]\n"), "{part_cargo}");
    // Typed mocks: the runtime's and each part's, turning on no API (`?/`).
    assert!(part_cargo.contains("\nmock = [\"corpus-split-runtime/mock\"]\n"), "{part_cargo}");
    let runtime_cargo = file(&generated, "crates/runtime/Cargo.toml");
    assert!(runtime_cargo.contains("\nmock = [\"dep:wiremock\"]\n"), "{runtime_cargo}");
    assert!(cargo.contains(&format!("\"corpus-split-{part}?/mock\"")), "{cargo}");
    assert!(paths.contains(&format!("crates/{part}/src/datadogV1/api_widgets/mock.rs").as_str()), "{paths:?}");
    let apis = file(&generated, "src/datadogV1/mod.rs");
    let reexport = format!("#[cfg(feature = \"v1-widgets\")]\npub use {ident}::datadogV1::api_widgets;");
    assert!(apis.contains(&reexport), "{apis}");

    // Priority: Widgets only, so in its part. APIErrorResponse: both v1 APIs, so shared.
    // ShapeOrList: no API, so in the crate itself, with `all`.
    assert!(paths.contains(&format!("crates/{part}/src/datadogV1/model/model_priority.rs").as_str()));
    assert!(paths.contains(&"crates/shared/src/datadogV1/model/model_api_error_response.rs"), "{paths:?}");
    assert!(paths.contains(&"src/datadogV1/model/model_shape_or_list.rs"), "{paths:?}");
    let shared = file(&generated, "crates/shared/src/datadogV1/model/mod.rs");
    assert!(
        shared.contains(
            "#[cfg(any(feature = \"v1-widget-files\", feature = \"v1-widgets\"))]\nmod model_api_error_response;"
        ),
        "{shared}"
    );
    let models = file(&generated, "src/datadogV1/model/mod.rs");
    assert!(models.contains("#[cfg(feature = \"all\")]\nmod model_shape_or_list;"), "{models}");
    // Each re-export of a member's models is on exactly when that module has a model to give.
    let shared_glob = "#[cfg(any(feature = \"v1-widget-files\", feature = \"v1-widgets\"))]\npub use corpus_split_shared::datadogV1::model::*;";
    assert!(models.contains(shared_glob), "{models}");
    let part_glob = format!("#[cfg(feature = \"v1-widgets\")]\npub use {ident}::datadogV1::model::*;");
    assert!(models.contains(&part_glob), "{models}");
    let part_models = file(&generated, &format!("crates/{part}/src/datadogV1/model/mod.rs"));
    assert!(
        part_models.contains("#[cfg(feature = \"v1-widgets\")]\npub use corpus_split_shared::datadogV1::model::*;"),
        "{part_models}"
    );
    // No v2 model is shared, so nothing re-exports the shared crate's empty v2 module.
    let v2_models = file(&generated, "src/datadogV2/model/mod.rs");
    assert!(!v2_models.contains("corpus_split_shared"), "{v2_models}");

    // More parts than APIs: one part per API, none empty.
    let many = multi_crate_in("corpus-split", 10);
    let apis: Vec<(&str, &str)> = many
        .files
        .iter()
        .filter_map(|f| f.path.strip_prefix("crates/part-")?.split_once('/'))
        .filter(|(_, rest)| rest.contains("/api_") && !rest.ends_with("/mock.rs"))
        .collect();
    let mut parts: Vec<&str> = apis.iter().map(|(n, _)| *n).collect();
    parts.sort();
    assert_eq!(parts, ["1", "2", "3"], "{apis:?}");
    assert!(!many.files.iter().any(|f| f.path.starts_with("crates/part-4/")));

    // The runtime is a member, but the User-Agent still names the crate users depend on.
    let spec = file(&generated, "crates/runtime/src/datadog/spec.rs");
    assert!(spec.contains("CLIENT: (&str, &str) = (\"corpus-split\", \"0.1.0\");"), "{spec}");
}

#[test]
fn progress_is_told_each_stage_with_its_counts() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.yaml");
    let source = generator::SpecSource {
        text: std::fs::read_to_string(&path).unwrap(),
        path,
        settings: generator::GenerationSettings::generic("progress-client"),
    };
    let stages = std::cell::RefCell::new(Vec::new());
    let generated = generator::generate_crate_with(&[source], None, &|stage| stages.borrow_mut().push(stage)).unwrap();
    let files = generated.files.len() - 1; // the API manifest is added after formatting
    // The runtime's files come formatted already (all of src/runtime/ but the rendered spec.rs).
    let runtime = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/") && f.path != "src/runtime/spec.rs")
        .count();
    assert!(runtime > 5, "{runtime}");
    assert_eq!(
        stages.into_inner(),
        [
            generator::Stage::Resolved { spec: "features.yaml".into(), operations: 5, types: generated.types },
            generator::Stage::Rendered { files },
            generator::Stage::Formatted { files, formatted: files - runtime },
        ]
    );
}
