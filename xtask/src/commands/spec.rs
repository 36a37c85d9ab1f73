//! `cargo xtask spec`: cuts a fragment out of the vendor's full spec (`extract`), or updates the
//! committed fragment from it and regenerates the crate (`update`); `spec update --target` is in
//! `spec_target.rs`.

use std::path::Path;
use std::process::ExitCode;

use generator::GenerationSettings;
use generator::extract::OverlayNote;

use super::codegen::{self, Generation, Options};
use super::spec_target;
use crate::cli::{ExtractArgs, SpecCommand, UpdateArgs, root};
use crate::fetch;

pub fn run(command: SpecCommand) -> generator::Result<ExitCode> {
    match command {
        SpecCommand::Extract(args) => extract(args),
        SpecCommand::Update(args) if args.target.is_some() => spec_target::update(args),
        SpecCommand::Update(args) => update(args),
    }
}

/// `spec extract`: one tag's fragment, with the overlay applied, written to `--out`.
fn extract(args: ExtractArgs) -> generator::Result<ExitCode> {
    let ExtractArgs { from, tag, out, overlay } = args;
    // An overlay named on the command line must exist; the default one is optional.
    if let Some(path) = overlay.as_ref().filter(|p| !p.exists()) {
        return Err(generator::Error::Other(format!("the overlay {} does not exist", path.display())));
    }
    let overlay = overlay.unwrap_or_else(|| out.with_file_name("overlay.yaml"));
    let read = |path: &Path| parse_yaml(&generator::load::read(path)?, path);
    let full = read(&from)?;
    let mut fragment = generator::extract::extract_tag(&full, &tag)?;
    let overlay_note = if overlay.exists() {
        generator::extract::apply_overlay(&mut fragment, &read(&overlay)?)?;
        overlay_note(&overlay)
    } else {
        "no overlay".to_string()
    };
    let header = [
        format!("The \"{tag}\" fragment of the vendor's v2 spec: cut out by"),
        format!("  cargo xtask spec extract --from <datadog-v2-openapi.yaml> --tag \"{tag}\" --out {}", out.display()),
        format!("which keeps the tag's paths and every component they reference, {overlay_note}."),
        "Do not edit: put local corrections in the overlay and extract again.".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let text = generator::extract::render_yaml(&fragment, &header)?;
    std::fs::write(&out, text).map_err(|source| generator::Error::Write { path: out.clone(), source })?;
    println!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `spec update`: the new fragment is made in memory, and the crate generated from it is
/// released with it: the fragment is written only after the crate.
fn update(args: UpdateArgs) -> generator::Result<ExitCode> {
    let UpdateArgs { from, target: _, spec, overlay, settings, out, deny_breaking, quiet } = args;
    let [from] = from.as_slice() else {
        return Err(generator::Error::Other(format!(
            "spec update takes the vendor's full spec with one --from (a file or an https URL), got {}",
            from.len()
        )));
    };
    let out = out.unwrap_or_else(|| root().join("generated-client"));
    let settings = GenerationSettings::for_spec(&spec, settings.as_deref(), None)?;
    let overlay = overlay.unwrap_or_else(|| spec.with_file_name("overlay.yaml"));
    let text = fragment(from, &overlay, &settings)?;
    let generation = Generation::of_spec(&spec, &text, &out, &settings, quiet)?;
    let options = Options { check: false, force: false, quiet, deny_breaking };
    codegen::land(&generation, generation.release(&out).with_spec(&spec, &text), options)
}

/// The text of the fragment for the tags `settings` list, cut out of the full spec at `from` (a
/// file or a URL), with `overlay` applied if it exists. Overlay corrections that upstream made
/// redundant are noted; any that no longer apply are an error.
fn fragment(from: &str, overlay: &Path, settings: &GenerationSettings) -> generator::Result<String> {
    let full_text = fetch::read_source(from).map_err(generator::Error::Other)?;
    let full = parse_yaml(&full_text, Path::new(from))?;
    let mut fragment = generator::extract::extract_tags(&full, &settings.tags)?;
    let overlay_note = if overlay.exists() { apply_overlay(&mut fragment, overlay)? } else { "no overlay".to_string() };
    let tags = settings.tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
    let header = [
        format!("The {tags} fragment of the vendor's spec: cut out by `cargo xtask spec update`"),
        "(the tags are listed in the settings file beside this one), which keeps the tags' paths and".to_string(),
        format!("every component they reference, {overlay_note}."),
        "Do not edit: put local corrections in the overlay and update again.".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    generator::extract::render_yaml(&fragment, &header)
}

/// Applies the overlay at `overlay` to `doc`, the vendor's spec (or a fragment of it), and returns
/// the note a header gives about it. Corrections that upstream made redundant are printed;
/// any that no longer apply are printed and make it an error.
pub fn apply_overlay(doc: &mut serde_yaml::Value, overlay: &Path) -> generator::Result<String> {
    let patch = parse_yaml(&generator::load::read(overlay)?, overlay)?;
    let notes = generator::extract::overlay_notes(doc, &patch);
    let mut gone = 0;
    for note in &notes {
        match note {
            OverlayNote::Redundant(at) => {
                println!("overlay: {at}: upstream now has the same value; the correction can go")
            }
            OverlayNote::Gone(at) => {
                gone += 1;
                eprintln!("overlay: {at}: upstream no longer has what this corrects; the correction no longer applies")
            }
        }
    }
    if gone > 0 {
        return Err(generator::Error::Other(format!(
            "{gone} correction(s) in {} no longer apply: remove or rewrite them, then update again; nothing written",
            overlay.display()
        )));
    }
    generator::extract::apply_overlay(doc, &patch)?;
    Ok(overlay_note(overlay))
}

/// A YAML document as a tree; `path` names it in errors.
pub fn parse_yaml(text: &str, path: &Path) -> generator::Result<serde_yaml::Value> {
    serde_yaml::from_str(text).map_err(|e| generator::Error::Parse { path: path.to_path_buf(), message: e.to_string() })
}

/// The note a fragment's header gives about its overlay.
fn overlay_note(overlay: &Path) -> String {
    format!("then applies {}", overlay.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
}
