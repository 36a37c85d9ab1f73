//! `cargo xtask api-diff`: the change report between two specs, without generating either.

use std::path::Path;
use std::process::ExitCode;

use generator::GenerationSettings;
use generator::diff::report;
use generator::target::Target;

use crate::cli::{ApiDiffArgs, root};

/// The crate name the settings carry when nothing names one: a report never shows it, so none
/// is asked for, and none is taken from a file name (which may not make a valid one).
const UNNAMED: &str = "api-diff";

/// Prints the report from `--old` to `--new`; fails with `--deny-breaking` if it breaks users.
pub fn run(args: ApiDiffArgs) -> generator::Result<ExitCode> {
    let ApiDiffArgs { old, new, format, settings, deny_breaking } = args;
    let settings = settings_for(&old, &new, settings.as_deref())?;
    let report = generator::diff::diff(
        &generator::diff::manifest_of(&old, &settings)?,
        &generator::diff::manifest_of(&new, &settings)?,
        &settings,
    );
    print!("{}", report::render(&report, format));
    Ok(if deny_breaking && report.is_breaking() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The settings both specs are read with, which name the report's items: `file`, else the
/// settings file beside NEW or OLD, else those of a target spec at OLD's or NEW's path (so the
/// vendor's specs in spec/datadog/ report `datadogV2::model::...`), else the generic layout.
fn settings_for(old: &Path, new: &Path, file: Option<&Path>) -> generator::Result<GenerationSettings> {
    if let Some(file) = file {
        return GenerationSettings::for_spec(new, Some(file), Some(UNNAMED));
    }
    if let Some(spec) = [new, old].into_iter().find(|s| GenerationSettings::file_beside(s).exists()) {
        return GenerationSettings::for_spec(spec, None, Some(UNNAMED));
    }
    for spec in [old, new] {
        if let Some(mut settings) = target_settings(spec)? {
            settings.crate_name = UNNAMED.to_string();
            return Ok(settings);
        }
    }
    Ok(GenerationSettings::generic(UNNAMED))
}

/// The settings of the spec at `spec` in a target of spec/targets/, if it is one of theirs.
fn target_settings(spec: &Path) -> generator::Result<Option<GenerationSettings>> {
    let Ok(spec) = spec.canonicalize() else { return Ok(None) };
    let Ok(entries) = std::fs::read_dir(root().join("spec/targets")) else { return Ok(None) };
    let mut files: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    for file in files {
        let target = Target::read(&file)?;
        if let Some(found) = target.specs.into_iter().find(|s| s.path.canonicalize().is_ok_and(|p| p == spec)) {
            return Ok(Some(found.settings));
        }
    }
    Ok(None)
}
