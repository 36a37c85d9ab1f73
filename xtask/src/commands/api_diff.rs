//! `cargo xtask api-diff`: the change report between two specs, without generating either.

use std::process::ExitCode;

use generator::diff::report;

use crate::cli::ApiDiffArgs;

/// Prints the report from `--old` to `--new`; fails with `--deny-breaking` if it breaks users.
pub fn run(args: ApiDiffArgs) -> generator::Result<ExitCode> {
    let ApiDiffArgs { old, new, format, settings, deny_breaking } = args;
    let settings = generator::GenerationSettings::for_spec(&new, settings.as_deref(), None)?;
    let report = generator::diff::diff(
        &generator::diff::manifest_of(&old, &settings)?,
        &generator::diff::manifest_of(&new, &settings)?,
        &settings,
    );
    print!("{}", report::render(&report, format));
    Ok(if deny_breaking && report.is_breaking() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
