//! What several test files build.

use std::path::Path;

use generator::{GenerationSettings, SpecSource};

/// One crate from two specs (the feature fixture as v1, the types corpus spec as v2), with a
/// cargo feature per API.
#[allow(dead_code)] // each test file uses part of this module
pub fn multi_crate() -> generator::Generated {
    multi_crate_in("corpus-multi", 0)
}

/// The same crate named `name`, its APIs spread over `parts` member crates (0: one crate).
#[allow(dead_code)]
pub fn multi_crate_in(name: &str, parts: usize) -> generator::Generated {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let source = |file: &str, module: &str, prefix: &str| {
        let path = dir.join(file);
        SpecSource {
            text: std::fs::read_to_string(&path).unwrap(),
            path,
            settings: GenerationSettings {
                runtime_module: "datadog".into(),
                version_module: module.into(),
                operation_prefix: prefix.into(),
                site_env: Some("DD_SITE".into()),
                features: true,
                parts,
                ..GenerationSettings::generic(name)
            },
        }
    };
    let sources = [source("fixtures/features.yaml", "datadogV1", "v1"), source("corpus/types.yaml", "datadogV2", "v2")];
    generator::generate_crate(&sources, None).unwrap()
}
