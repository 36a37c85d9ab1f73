//! `cargo xtask spec update --target`: updates a target's specs (the vendor's whole files, kept in
//! the repository) from the `--from`s or from the `upstream` addresses the target file records,
//! applies each spec's overlay, reports what each changes for the crate's users, and regenerates
//! the target's crate. The specs are written only once the crate has generated (and, with
//! `--out`, been written).

use std::path::Path;
use std::process::ExitCode;

use generator::diff::report::{self, Format};
use generator::target::{Target, TargetSpec};
use generator::{GenerationSettings, SpecSource};

use super::codegen::{self, Generation, Options};
use super::spec::{apply_overlay, parse_yaml};
use crate::cli::{UpdateArgs, target_path};
use crate::fetch;

/// Reads each spec's new text, reports, generates, then lands the crate and the specs.
pub fn update(args: UpdateArgs) -> generator::Result<ExitCode> {
    let UpdateArgs { from, target, out, deny_breaking, quiet, .. } = args;
    let name = target.unwrap_or_default();
    let mut target = Target::read(&target_path(&name))?;
    let sources = sources(&target, &name, &from)?;
    let mut texts = Vec::with_capacity(sources.len());
    for (spec, source) in target.specs.iter().zip(&sources) {
        if !quiet {
            eprintln!("reading {} from {source}", spec.path.display());
        }
        let text = fetch::read_source(source).map_err(generator::Error::Other)?;
        texts.push(match &spec.overlay {
            Some(overlay) => with_overlay(&text, source, overlay, &target.name)?,
            None => text,
        });
    }
    let mut breaking = false;
    for (spec, text) in target.specs.iter().zip(&texts) {
        breaking |= report(spec, text)?;
    }
    if deny_breaking && breaking {
        eprintln!("error: the spec change breaks code that uses the crate (--deny-breaking); nothing written");
        return Ok(ExitCode::FAILURE);
    }
    if let Some(out) = &out {
        target.keep_parts(&generator::layout::read_record(out)?);
    }
    let sources: Vec<SpecSource> = target
        .specs
        .iter()
        .zip(&texts)
        .map(|(spec, text)| SpecSource { path: spec.path.clone(), text: text.clone(), settings: spec.settings.clone() })
        .collect();
    let generation = Generation::of_sources(&sources, out.as_deref(), quiet)?;
    let specs = target.specs.iter().zip(&texts);
    if let Some(out) = &out {
        let release = specs.fold(generation.release(out), |r, (spec, text)| r.with_spec(&spec.path, text));
        let options = Options { check: false, force: false, quiet, deny_breaking };
        return codegen::land(&generation, release, options);
    }
    // No crate folder: the crate was generated in memory only, which proves the specs generate.
    for (spec, text) in specs {
        std::fs::write(&spec.path, text)
            .map_err(|source| generator::Error::Write { path: spec.path.clone(), source })?;
        println!("wrote {}", spec.path.display());
    }
    if !quiet {
        let generated = generation.generated();
        println!(
            "generated the crate in memory: {} files, {} operations, {} types (--out DIR writes it)",
            generated.files.len(),
            generated.operations,
            generated.types
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Where each spec's new text comes from: the `--from`s, one per spec in the target's order, or
/// else each spec's `upstream`.
fn sources(target: &Target, name: &str, from: &[String]) -> generator::Result<Vec<String>> {
    let count = target.specs.len();
    if !from.is_empty() {
        if from.len() != count {
            return Err(generator::Error::Other(format!(
                "the target {name} has {count} spec(s), so --from is given {count} time(s) (one per spec, in the target's order: {}), or not at all to read each from its `upstream`; got {}",
                names(target),
                from.len()
            )));
        }
        return Ok(from.to_vec());
    }
    target
        .specs
        .iter()
        .map(|spec| {
            spec.upstream.clone().ok_or_else(|| {
                generator::Error::Other(format!(
                    "{} has no `upstream` address in the target {name}: give the specs with --from, one per spec ({})",
                    spec.path.display(),
                    names(target)
                ))
            })
        })
        .collect()
}

fn names(target: &Target) -> String {
    let name = |s: &TargetSpec| s.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.specs.iter().map(name).collect::<Vec<_>>().join(", ")
}

/// The vendor's spec `text` (from `source`) with the overlay applied, as YAML under a header.
fn with_overlay(text: &str, source: &str, overlay: &Path, target: &str) -> generator::Result<String> {
    let mut doc = parse_yaml(text, Path::new(source))?;
    let note = apply_overlay(&mut doc, overlay)?;
    let header = [
        format!("The vendor's spec, as `cargo xtask spec update --target {target}` read it, {note}."),
        "Do not edit: put local corrections in the overlay and update again.".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    generator::extract::render_yaml(&doc, &header)
}

/// Prints what going from the committed spec to `text` changes for the crate's users, under the
/// spec's version module; returns whether that breaks them. A spec not yet in the repository has
/// nothing to compare with.
fn report(spec: &TargetSpec, text: &str) -> generator::Result<bool> {
    let module = &spec.settings.version_module;
    if !spec.path.exists() {
        println!("{module}: a new spec, {}", spec.path.display());
        return Ok(false);
    }
    let old = manifest(&spec.path, &generator::load::read(&spec.path)?, &spec.settings)?;
    let report = generator::diff::diff(&old, &manifest(&spec.path, text, &spec.settings)?, &spec.settings);
    if report.changes.is_empty() {
        println!("{module}: no API changes");
    } else {
        println!("API changes in {module}:");
        print!("{}", report::render(&report, Format::Text));
    }
    Ok(report.is_breaking())
}

/// The API manifest of the spec `text` (read from `path`), for a change report.
fn manifest(path: &Path, text: &str, settings: &GenerationSettings) -> generator::Result<generator::diff::Manifest> {
    let (api, _) = generator::load_and_resolve(path, text, settings)?;
    Ok(generator::diff::Manifest::from_api(&api, settings, ""))
}
