//! What each stage of the generator costs, on the Org Connections fragment and on the vendor's
//! whole v2 spec (`spec/datadog/datadog-v2-openapi.yaml`).
//!
//! Run: `cargo bench -p generator --bench codegen`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const SPECS: &[&str] = &["fragment", "full-v2"];

struct Input {
    path: PathBuf,
    text: String,
}

fn input(name: &str) -> Option<&'static Input> {
    static FRAGMENT: LazyLock<Option<Input>> = LazyLock::new(|| read(root().join("spec/org_connections.yaml")));
    static FULL: LazyLock<Option<Input>> = LazyLock::new(|| read(root().join("spec/datadog/datadog-v2-openapi.yaml")));
    match name {
        "fragment" => FRAGMENT.as_ref(),
        _ => FULL.as_ref(),
    }
}

fn read(path: PathBuf) -> Option<Input> {
    let text = std::fs::read_to_string(&path).ok()?;
    Some(Input { path, text })
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn load(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    bencher.bench(|| generator::load::parse(&input.path, &input.text, true).unwrap());
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn resolve(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    let parsed = generator::load::parse(&input.path, &input.text, true).unwrap();
    bencher.bench(|| generator::resolve::resolve(&parsed, &settings()).unwrap());
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn render(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    let parsed = generator::load::parse(&input.path, &input.text, true).unwrap();
    let versions = [(generator::resolve::resolve(&parsed, &settings()).unwrap(), settings())];
    bencher.bench(|| generator::render::render_crate(&versions).unwrap());
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn format(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    let parsed = generator::load::parse(&input.path, &input.text, true).unwrap();
    let versions = [(generator::resolve::resolve(&parsed, &settings()).unwrap(), settings())];
    let rendered = generator::render::render_crate(&versions).unwrap();
    bencher
        .with_inputs(|| rendered.clone())
        .bench_values(|files| generator::format::format_all(files, "h", None).unwrap());
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn write(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    let generated = generator::generate_from_str(&input.path, &input.text, &settings(), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    bencher.bench_local(|| {
        // A new folder each time, so every file is written rather than found unchanged.
        n += 1;
        generator::output::write(&dir.path().join(n.to_string()), &generated.files, false).unwrap()
    });
}

#[divan::bench(args = SPECS, sample_count = 10)]
fn end_to_end(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    bencher.bench(|| generator::generate_from_str(&input.path, &input.text, &settings(), None).unwrap());
}

/// A regeneration where nothing changed: every file comes from the format cache.
#[divan::bench(args = SPECS, sample_count = 10)]
fn end_to_end_cached(bencher: Bencher, spec: &str) {
    let Some(input) = input(spec) else { return };
    let cache = tempfile::tempdir().unwrap();
    let run = || generator::generate_from_str(&input.path, &input.text, &settings(), Some(cache.path())).unwrap();
    run();
    bencher.bench(run);
}

fn settings() -> generator::GenerationSettings {
    generator::GenerationSettings::datadog_v2("bench")
}
