//! A corpus of small specs, one per construct and per bug found in specs nobody here wrote
//! (`tests/corpus/*.yaml`). Each is resolved (IR and warnings snapshotted) and generated; the
//! ignored test compiles them all, since an accepted spec must give a crate that builds
//! without warnings, and runs a spec's `<name>.rs` beside it, if any, as a test of its crate
//! (decoding with the generated models). `.ci/run` runs it:
//!
//!     cargo test -p generator --test corpus -- --ignored

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    specs.sort();
    assert!(specs.len() >= 4, "the corpus is missing: {specs:?}");
    specs
}

/// The Datadog layout, but for `generic_*` specs, which have the layout of any spec.
fn settings(name: &str) -> generator::GenerationSettings {
    let crate_name = format!("corpus-{name}");
    if name.starts_with("generic_") {
        generator::GenerationSettings::generic(&crate_name)
    } else {
        generator::GenerationSettings::datadog_v2(&crate_name)
    }
}

#[test]
fn every_corpus_spec_resolves_to_its_snapshot() {
    for (name, path) in corpus() {
        let text = generator::load::read(&path).unwrap();
        let spec = generator::load::parse(&path, &text, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let api = generator::resolve::resolve(&spec, &settings(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        insta::assert_yaml_snapshot!(format!("corpus_{name}"), (&warnings, &api));
        generator::generate(&path, &settings(&name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn unusable_pagination_is_a_warning_and_no_helper() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/pagination.yaml");
    let generated = generator::generate(&path, &settings("pagination"), None).unwrap();
    let warned: Vec<&str> = generated.warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(
        warned,
        [
            "#/paths/~1string-default/get/x-pagination",
            "#/paths/~1float-default/get/x-pagination",
            "#/paths/~1string-limit/get/x-pagination",
            "#/paths/~1int-cursor/get/x-pagination",
            "#/paths/~1object-cursor/get/x-pagination",
            "#/paths/~1string-page/get/x-pagination",
            "#/paths/~1with-body/post/x-pagination",
            "#/paths/~1search/post/x-pagination",
            "#/paths/~1findings~1search/post/x-pagination",
        ]
    );
    let messages: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        messages[8].contains("`FindingsQueryData` has required fields, so the pager cannot fill it"),
        "{messages:?}"
    );
    let api = generated.files.iter().find(|f| f.path == "src/datadogV2/api_default.rs").unwrap();
    let helpers: Vec<&str> = api.contents.lines().filter(|l| l.contains("_with_pagination(")).collect();
    assert_eq!(
        helpers,
        [
            "    pub fn search_logs_with_pagination(",
            "    pub fn search_spans_with_pagination(",
            "    pub fn list_monitors_with_pagination("
        ],
        "{helpers:?}"
    );
}

/// Generates every corpus spec into one cargo workspace and checks it compiles, warning-free.
#[test]
#[ignore = "builds a crate per corpus spec (a minute or two); run by .ci/run"]
fn every_accepted_corpus_spec_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let work = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut crates = vec!["corpus-multi".to_string(), "corpus-split".to_string()];
    let mut tested = Vec::new();
    for (name, path) in corpus() {
        let generated = generator::generate(&path, &settings(&name), None).unwrap();
        let out = work.path().join(&name);
        generator::output::write(&out, &generated.files, false).unwrap();
        members.push(format!("{name:?}"));
        crates.push(settings(&name).crate_name);
        let test = path.with_extension("rs");
        if test.exists() {
            std::fs::create_dir_all(out.join("tests")).unwrap();
            std::fs::copy(&test, out.join("tests/corpus.rs")).unwrap();
            tested.push(settings(&name).crate_name);
        }
    }
    // And a crate of two specs with a feature per API (tests/features.rs), built with `all`.
    generator::output::write(&work.path().join("multi"), &common::multi_crate().files, false).unwrap();
    members.push("\"multi\"".into());
    // And the same spread over member crates, which the workspace takes in as path dependencies.
    let split = common::multi_crate_in("corpus-split", 2);
    generator::output::write(&work.path().join("split"), &split.files, false).unwrap();
    members.push("\"split\"".into());
    std::fs::write(
        work.path().join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    // The repo's lock file, so that the corpus builds with the dependencies CI already has.
    std::fs::copy(root.join("Cargo.lock"), work.path().join("Cargo.lock")).unwrap();
    // One shared target folder; distinct package names keep cargo from reusing fingerprints.
    let target = root.join("target/corpus");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let all = "corpus-multi/all,corpus-split/all";
    // Clippy with the typed mocks of every crate on too (`check` has them off).
    let with_mocks = crates.iter().map(|c| format!("{c}/mock")).chain([all.to_string()]).collect::<Vec<_>>().join(",");
    // Each feature alone too: what one feature leaves out must not leave warnings behind (a
    // re-export of a member's models that brings none is one); and with the mocks.
    let one = ["v1-widgets", "v1-widget-files", "v2-default", "v1-widgets,mock", "v2-default,mock"]
        .map(|f| ["check", "--quiet", "-p", "corpus-split", "--features", f]);
    let tests: Vec<[&str; 6]> = tested.iter().map(|c| ["test", "--quiet", "-p", c, "--test", "corpus"]).collect();
    for args in [
        &["check", "--workspace", "--quiet", "--features", all][..],
        &["clippy", "--workspace", "--quiet", "--features", &with_mocks, "--", "-D", "warnings"],
    ]
    .into_iter()
    .chain(one.iter().map(|a| &a[..]))
    .chain(tests.iter().map(|a| &a[..]))
    {
        let status = Command::new(&cargo)
            .args(args)
            .current_dir(work.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .unwrap();
        assert!(status.success(), "cargo {args:?} failed on the corpus (see above)");
    }
}

/// Found by the smoke calls against Prism (`scripts/prism-smoke.sh`): a path parameter whose
/// type is an alias of `uuid` was sent as JSON (`"…"`, quotes and all), and `null` failed to
/// decode in an array or map whose items the spec makes nullable, and in a property whose
/// `$ref` has `nullable: true` beside it.
#[test]
fn aliases_are_sent_as_what_they_name_and_nullable_items_are_options() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/types.yaml");
    let text = generator::load::read(&path).unwrap();
    let spec = generator::load::parse(&path, &text, true).unwrap();
    let api = generator::resolve::resolve(&spec, &settings("types")).unwrap();
    let op = api.operations().find(|o| o.name == "get_u").unwrap();
    for arg in &op.args {
        assert_eq!(arg.wire, generator::ir::WireForm::Display, "{} is sent as JSON", arg.name);
    }
    let nulls = api.models.iter().find(|m| m.name == "Nulls").unwrap();
    let generator::ir::ModelKind::Struct { fields, .. } = &nulls.kind else { panic!("{nulls:?}") };
    let types: Vec<String> = fields.iter().map(|f| f.ty.to_string()).collect();
    assert_eq!(
        types[..2],
        ["Option<Vec<Vec<Option<f64>>>>", "Option<std::collections::BTreeMap<String, Option<i64>>>"]
    );
    // openapiv3 drops a `$ref`'s siblings; the loader keeps this one.
    let revision = fields.iter().find(|f| f.name == "revision").unwrap();
    assert!(revision.nullable, "{revision:?}");
    assert!(revision.ty.to_string().starts_with("Option<Option<"), "{}", revision.ty);
}

/// `nullable: true` beside a `$ref` in a property of an `allOf` member (`nullable.yaml`): the
/// merged field is nullable, as the same property outside an `allOf` is, whether the member is
/// written inline or is a `$ref`; so are array items beside a `$ref` in a member.
#[test]
fn a_nullable_ref_merged_from_an_all_of_member_is_nullable() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/nullable.yaml");
    let text = generator::load::read(&path).unwrap();
    let spec = generator::load::parse(&path, &text, true).unwrap();
    let api = generator::resolve::resolve(&spec, &settings("nullable")).unwrap();
    let fields = |model: &str| {
        let m = api.models.iter().find(|m| m.name == model).unwrap();
        let generator::ir::ModelKind::Struct { fields, .. } = &m.kind else { panic!("{m:?}") };
        fields.iter().map(|f| (f.name.clone(), f.nullable, f.ty.to_string())).collect::<Vec<_>>()
    };
    let target = "crate::datadogV2::model::Target";
    assert_eq!(fields("Plain"), [("plain".into(), true, format!("Option<Option<{target}>>"))]);
    assert_eq!(
        fields("Merged"),
        [
            ("by_ref".into(), true, format!("Option<Option<{target}>>")),
            ("inline".into(), true, format!("Option<{target}>")),
            ("list".into(), false, format!("Option<Vec<Option<{target}>>>")),
            ("strict".into(), false, format!("Option<{target}>")),
        ]
    );
}

/// The loader's notes reach the resolver as a value, not through the spec: a spec that carries
/// the extension key the loader once used for them is not believed.
#[test]
fn a_spec_cannot_declare_its_own_nullable_refs() {
    let text = r##"
openapi: 3.0.0
info: {title: t, version: "1"}
x-codegen-nullable-refs: ['#/components/schemas/A/properties/b']
paths:
  /a:
    get:
      operationId: GetA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
components:
  schemas:
    B: {type: object, properties: {c: {type: string}}}
    A:
      type: object
      required: [b]
      properties:
        b: {$ref: '#/components/schemas/B'}
"##;
    let (api, _) = generator::load_and_resolve(Path::new("own.yaml"), text, &settings("own")).unwrap();
    let a = api.models.iter().find(|m| m.name == "A").unwrap();
    let generator::ir::ModelKind::Struct { fields, .. } = &a.kind else { panic!("{a:?}") };
    assert!(!fields[0].nullable, "{:?}", fields[0]);
    assert_eq!(fields[0].ty.to_string(), "crate::datadogV2::model::B");
}

/// Finished models hold no cycle of inline references (a model on one would be infinitely
/// sized), and their API manifest reads back from its JSON as the same structured types, so an
/// old manifest's model graph is the one its IR had.
#[test]
fn models_are_finitely_sized_and_their_manifest_reads_back() {
    for (name, path) in corpus() {
        let text = generator::load::read(&path).unwrap();
        let spec = generator::load::parse(&path, &text, true).unwrap();
        let api = generator::resolve::resolve(&spec, &settings(&name)).unwrap();
        let graph = api.model_graph();
        assert!(graph.inline_cycles().is_empty(), "{name}: {:?}", graph.inline_cycles());
        let manifest = generator::diff::Manifest::from_api(&api, &settings(&name), "header");
        let read: generator::diff::Manifest = serde_json::from_str(&manifest.to_json()).unwrap();
        assert_eq!(read, manifest, "{name}");
        let all = || api.models.iter().map(|m| m.name.as_str());
        for model in all() {
            assert_eq!(read.model_graph().reachable([model]), graph.reachable([model]), "{name}: {model}");
        }
    }
}
