//! One crate from several specs, each under its own version module, with a cargo feature per
//! API that gates the API and exactly the models it reaches.

mod common;

use common::multi_crate;

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
    assert_eq!(
        stages.into_inner(),
        [
            generator::Stage::Resolved { spec: "features.yaml".into(), operations: 5, types: generated.types },
            generator::Stage::Rendered { files },
            generator::Stage::Formatted { files, formatted: files },
        ]
    );
}
