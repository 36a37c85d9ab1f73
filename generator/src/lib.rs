//! The generator: OpenAPI 3.0 spec -> IR -> rendered files -> formatted Rust -> crate on disk.
//!
//! Data flows one way through these stages; see ARCHITECTURE.md at the repo root.

pub mod cache;
pub mod diff;
pub mod docs;
pub mod error;
pub mod extract;
pub mod features;
pub mod format;
pub mod front;
pub mod header;
pub mod ir;
pub mod layout;
pub mod load;
pub mod naming;
pub mod output;
mod parallel;
pub mod pointer;
pub mod release;
pub mod render;
pub mod reserved;
pub mod resolve;
pub mod settings;
pub mod target;

use std::path::Path;
use std::time::Instant;

pub use error::{Error, Result};
pub use front::{Timings, load_and_resolve};
pub use header::{GENERATED_MARKER, header, spec_name};
pub use output::{FileChange, FileChangeKind};
pub use release::Release;
pub use render::File;
pub use settings::GenerationSettings;

/// The result of a generation, in memory: nothing has been written yet.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<File>,
    pub operations: usize,
    pub types: usize,
    /// How many files were formatted; the others came from the format cache.
    pub formatted: usize,
    pub timings: Timings,
    /// What the spec asks for that the generator left out, with where.
    pub warnings: Vec<ir::Warning>,
}

/// Runs every stage but the write, for the spec at `spec`. With `format_cache` (a folder the
/// generator owns), files whose text did not change since the last run are not formatted again.
pub fn generate(spec: &Path, settings: &GenerationSettings, format_cache: Option<&Path>) -> Result<Generated> {
    let text = load::read(spec)?;
    generate_from_str(spec, &text, settings, format_cache)
}

/// Like [`generate`], for spec text already in memory; `path` names it in errors and in the
/// header of every generated file.
pub fn generate_from_str(
    path: &Path,
    text: &str,
    settings: &GenerationSettings,
    format_cache: Option<&Path>,
) -> Result<Generated> {
    let (api, timings) = load_and_resolve(path, text, settings)?;
    generate_versions(vec![(path.to_path_buf(), api, settings.clone())], None, format_cache, timings, &|_| {})
}

/// What generating the spec at `spec` into the crate folder `out` would write, and what it
/// changes for the crate's users: the version is the one in `out`'s API manifest, bumped by the
/// change report (see [`diff::release`]). Nothing is written.
pub fn generate_into(
    spec: &Path,
    text: &str,
    out: &Path,
    settings: &GenerationSettings,
    format_cache: Option<&Path>,
) -> Result<(Generated, diff::release::Plan)> {
    generate_into_with(spec, text, out, settings, format_cache, &|_| {})
}

/// Like [`generate_into`], telling `progress` each stage as it ends.
pub fn generate_into_with(
    spec: &Path,
    text: &str,
    out: &Path,
    settings: &GenerationSettings,
    format_cache: Option<&Path>,
    progress: &dyn Fn(Stage),
) -> Result<(Generated, diff::release::Plan)> {
    let (api, timings) = load_and_resolve(spec, text, settings)?;
    progress(Stage::Resolved { spec: spec_name(spec), operations: api.operations().count(), types: api.models.len() });
    let plan = diff::release::Plan::new(out, &api, settings, &crate_header(settings, std::iter::once(spec)))?;
    let mut settings = settings.clone();
    settings.crate_version = plan.version().to_string();
    let versions = vec![(spec.to_path_buf(), api, settings)];
    Ok((generate_versions(versions, Some(&plan.manifest), format_cache, timings, progress)?, plan))
}

/// Where a generation is, for a progress display: each stage as it ends, with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// A spec was read and resolved into the IR.
    Resolved { spec: String, operations: usize, types: usize },
    /// Every file was rendered from the templates.
    Rendered { files: usize },
    /// Every file was formatted (`formatted` of them; the rest came from the cache).
    Formatted { files: usize, formatted: usize },
}

/// One spec of a crate: its text, and where and how its API goes (the first one's settings also
/// name the crate).
#[derive(Debug, Clone)]
pub struct SpecSource {
    pub path: std::path::PathBuf,
    pub text: String,
    pub settings: GenerationSettings,
}

impl SpecSource {
    /// The spec at `path`, read from disk, to be generated with `settings`.
    pub fn read(path: std::path::PathBuf, settings: GenerationSettings) -> Result<SpecSource> {
        Ok(SpecSource { text: load::read(&path)?, path, settings })
    }
}

/// One crate from several specs, each under its own version module, sharing one runtime.
pub fn generate_crate(sources: &[SpecSource], format_cache: Option<&Path>) -> Result<Generated> {
    generate_crate_with(sources, format_cache, &|_| {})
}

/// Like [`generate_crate`], telling `progress` each stage as it ends.
pub fn generate_crate_with(
    sources: &[SpecSource],
    format_cache: Option<&Path>,
    progress: &dyn Fn(Stage),
) -> Result<Generated> {
    let (versions, timings) = resolve_sources(sources, progress)?;
    generate_versions(versions, None, format_cache, timings, progress)
}

/// What generating the crate of `sources` (a target's specs) into the folder `out` would write,
/// and what it changes for the crate's users: as [`generate_into`], for every spec at once, the
/// version in `out`'s API manifest bumped by the report of all of them. Nothing is written.
pub fn generate_crate_into_with(
    sources: &[SpecSource],
    out: &Path,
    format_cache: Option<&Path>,
    progress: &dyn Fn(Stage),
) -> Result<(Generated, diff::release::Plan)> {
    let (mut versions, timings) = resolve_sources(sources, progress)?;
    let apis: Vec<(&ir::Api, &GenerationSettings)> = versions.iter().map(|(_, api, s)| (api, s)).collect();
    let Some((_, first)) = apis.first() else {
        return Err(Error::Other("no spec to generate a crate from".into()));
    };
    let header = crate_header(first, sources.iter().map(|s| s.path.as_path()));
    let plan = diff::release::Plan::for_target(out, &apis, &header)?;
    for (_, _, settings) in &mut versions {
        settings.crate_version = plan.version().to_string();
    }
    Ok((generate_versions(versions, Some(&plan.manifest), format_cache, timings, progress)?, plan))
}

/// Each spec of `sources` read and resolved (each on a thread of its own: reading a large spec
/// is most of what is not per file), in order.
fn resolve_sources(sources: &[SpecSource], progress: &dyn Fn(Stage)) -> Result<(Versions, Timings)> {
    let mut timings = Timings::default();
    let mut versions = Vec::with_capacity(sources.len());
    let resolved = parallel::map(sources, |s| load_and_resolve(&s.path, &s.text, &s.settings))?;
    for (source, result) in sources.iter().zip(resolved) {
        let (api, t) = result?;
        progress(Stage::Resolved {
            spec: spec_name(&source.path),
            operations: api.operations().count(),
            types: api.models.len(),
        });
        timings.load += t.load;
        timings.resolve += t.resolve;
        versions.push((source.path.clone(), api, source.settings.clone()));
    }
    Ok((versions, timings))
}

/// Each spec's file, API and settings, in the crate's order.
type Versions = Vec<(std::path::PathBuf, ir::Api, GenerationSettings)>;

/// The smoke program for the crate of `sources` (see [`render::render_smoke`]): a binary crate
/// that calls every operation once with values from the spec's examples. `crate_path` is the
/// generated crate's folder as the program's `Cargo.toml` names it (relative to the program).
/// Returns the files and how many operations the program calls.
pub fn smoke_program(sources: &[SpecSource], crate_path: &str) -> Result<(Vec<File>, usize)> {
    let mut versions = Vec::with_capacity(sources.len());
    for source in sources {
        let (api, _) = load_and_resolve(&source.path, &source.text, &source.settings)?;
        versions.push((api, source.settings.clone()));
    }
    let rendered = render::render_smoke(&versions, crate_path)?;
    let operations = versions.iter().map(|(api, _)| api.operations().count()).sum();
    let Some(first) = sources.first() else {
        return Err(Error::Other("no spec to generate a smoke program from".into()));
    };
    let header = crate_header(&first.settings, sources.iter().map(|s| s.path.as_path()));
    Ok((format::format_all(rendered, &header, None)?.0, operations))
}

/// The header of a crate generated from the specs at `paths` with `settings` (the first spec's):
/// it names the target, or else the specs' files.
fn crate_header<'p>(settings: &GenerationSettings, paths: impl Iterator<Item = &'p Path>) -> String {
    header(&header::crate_source(settings.generated_from.as_deref(), paths))
}

/// Render and format: IR -> the crate's files, with the API manifest that change reports
/// compare against: `manifest`'s text when the caller has made it (a [`diff::release::Plan`]'s),
/// else a one-spec crate's own.
fn generate_versions(
    versions: Versions,
    manifest: Option<&str>,
    format_cache: Option<&Path>,
    mut timings: Timings,
    progress: &dyn Fn(Stage),
) -> Result<Generated> {
    let Some((_, _, first)) = versions.first() else {
        return Err(Error::Other("no spec to generate a crate from".into()));
    };
    let header = crate_header(first, versions.iter().map(|(path, _, _)| path.as_path()));
    let versions: Vec<(ir::Api, GenerationSettings)> = versions.into_iter().map(|(_, api, s)| (api, s)).collect();
    let start = Instant::now();
    let rendered = render::render_crate(&versions)?;
    timings.render = start.elapsed();
    progress(Stage::Rendered { files: rendered.len() });

    let start = Instant::now();
    let cache = format_cache.and_then(cache::Cache::open);
    let (mut files, formatted) = format::format_all(rendered, &header, cache.as_ref())?;
    timings.format = start.elapsed();
    progress(Stage::Formatted { files: files.len(), formatted });
    let contents = match (manifest, versions.as_slice()) {
        (Some(manifest), _) => Some(manifest.to_string()),
        (None, [(api, settings)]) => Some(diff::Manifest::from_api(api, settings, &header).to_json()),
        (None, _) => None,
    };
    if let Some(contents) = contents {
        files.insert(0, File { path: diff::manifest::FILE.to_string(), contents, formatted: false });
    }

    Ok(Generated {
        files,
        operations: versions.iter().map(|(api, _)| api.operations().count()).sum(),
        types: versions.iter().map(|(api, _)| api.models.len()).sum(),
        formatted,
        timings,
        warnings: versions.into_iter().flat_map(|(api, _)| api.warnings).collect(),
    })
}
