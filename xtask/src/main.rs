//! `cargo xtask`: the command line over the generator library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use generator::FileChangeKind;
use generator::diff::report::{self, Format};

mod fetch;
mod progress;
mod smoke;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generates typed async Rust client crates from OpenAPI 3.0 specs, and checks them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates the client crate from the spec.
    Codegen {
        /// The OpenAPI 3.0 spec to read.
        #[arg(long, default_value_os_t = root().join("spec/org_connections.yaml"))]
        spec: PathBuf,
        /// The crate folder to write (default: generated-client/; required with --target).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A crate of several specs, named in spec/targets/ (`datadog-api`: v1 and v2, one
        /// cargo feature per API), or a target file's path.
        #[arg(long, conflicts_with_all = ["spec", "settings", "deny_breaking"])]
        target: Option<String>,
        /// The package name of the written crate (default: the settings', else the spec's file name).
        #[arg(long)]
        crate_name: Option<String>,
        /// The generation settings (default: `<spec stem>.codegen.yaml` beside the spec, if any;
        /// without one, a layout with nothing vendor-specific).
        #[arg(long)]
        settings: Option<PathBuf>,
        /// Print only warnings and errors.
        #[arg(long)]
        quiet: bool,
        /// Write nothing; fail with a diff of every stale file.
        #[arg(long)]
        check: bool,
        /// Overwrite files without the `@generated` header. Without it, `--out` must be empty,
        /// missing, or a generated crate: a `Cargo.toml` or a file under `src/` that lacks the
        /// header is refused. Even with it, files without the header that the generator does not
        /// write are kept, never deleted.
        #[arg(long, conflicts_with = "check")]
        force: bool,
        /// Fail (exit 1, writing nothing) when the change report has a breaking change.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Prints the change report between two specs: what going from OLD to NEW changes for code
    /// that uses the generated crate.
    ApiDiff {
        /// The spec the crate was generated from.
        #[arg(long)]
        old: PathBuf,
        /// The spec it would be generated from.
        #[arg(long)]
        new: PathBuf,
        /// `text`, `json` (one object per change, keys documented in docs/change-reports.md)
        /// or `markdown`.
        #[arg(long, default_value = "text")]
        format: Format,
        /// The generation settings for both (default: `<stem>.codegen.yaml` beside NEW, if any).
        #[arg(long)]
        settings: Option<PathBuf>,
        /// Fail (exit 1) when the report has a breaking change.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Writes a program that calls every operation of a generated crate once, with values from
    /// the spec's examples (or the smallest its schemas allow), against a mock server such as
    /// Stoplight Prism: `SMOKE_URL=http://127.0.0.1:4010 cargo run --manifest-path OUT/Cargo.toml`.
    Smoke {
        /// The spec the crate was generated from.
        #[arg(long, default_value_os_t = root().join("spec/org_connections.yaml"))]
        spec: PathBuf,
        /// A crate of several specs, named in spec/targets/, or a target file's path.
        #[arg(long, conflicts_with_all = ["spec", "settings"])]
        target: Option<String>,
        /// The generation settings (default: `<spec stem>.codegen.yaml` beside the spec, if any).
        #[arg(long)]
        settings: Option<PathBuf>,
        /// The generated crate's folder, which the program depends on.
        #[arg(long = "crate", default_value_os_t = root().join("generated-client"))]
        crate_dir: PathBuf,
        /// Where to write the program: an empty or missing folder, or one written by this command.
        #[arg(long)]
        out: PathBuf,
    },
    /// Works on spec files.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Cuts one tag's fragment out of a full spec and applies the local overlay.
    Extract {
        /// The full spec.
        #[arg(long)]
        from: PathBuf,
        /// The tag whose operations to keep.
        #[arg(long)]
        tag: String,
        /// Where to write the fragment.
        #[arg(long)]
        out: PathBuf,
        /// Local corrections, applied as a JSON merge patch (default: `overlay.yaml` beside `--out`).
        #[arg(long)]
        overlay: Option<PathBuf>,
    },
    /// Updates the spec from the vendor's full spec (a file or an https URL): extracts the tags
    /// listed in the settings file again, applies the overlay, reports overlay corrections that
    /// are redundant or no longer apply, and regenerates the crate as `codegen` does. Nothing is
    /// written unless every step succeeds.
    Update {
        /// The vendor's full spec: a file, or an https URL to download.
        #[arg(long)]
        from: String,
        /// The spec fragment to rewrite.
        #[arg(long, default_value_os_t = root().join("spec/org_connections.yaml"))]
        spec: PathBuf,
        /// Local corrections (default: `overlay.yaml` beside `--spec`, if any).
        #[arg(long)]
        overlay: Option<PathBuf>,
        /// The generation settings, which list the tags (default: `<stem>.codegen.yaml` beside the spec).
        #[arg(long)]
        settings: Option<PathBuf>,
        /// The crate folder to regenerate.
        #[arg(long, default_value_os_t = root().join("generated-client"))]
        out: PathBuf,
        /// Fail (exit 1, writing nothing) when the change report has a breaking change.
        #[arg(long)]
        deny_breaking: bool,
        /// Print only warnings, errors and the change report.
        #[arg(long)]
        quiet: bool,
    },
}

/// The workspace root, so that defaults work from any directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> generator::Result<ExitCode> {
    match cli.command {
        Command::Codegen { out, target: Some(target), crate_name, check, force, quiet, .. } => {
            let Some(out) = out else {
                return Err(generator::Error::Other("--target writes a crate of its own: say where with --out".into()));
            };
            let mut specs = generator::settings::target(&target_path(&target))?;
            if let Some(name) = &crate_name {
                specs.iter_mut().for_each(|(_, s)| s.crate_name = name.clone());
            }
            codegen_target(&specs, &out, Options { check, force, quiet, deny_breaking: false })
        }
        Command::Codegen { spec, out, target: None, crate_name, settings, check, force, quiet, deny_breaking } => {
            let settings = generator::GenerationSettings::for_spec(&spec, settings.as_deref(), crate_name.as_deref())?;
            let text = generator::load::read(&spec)?;
            let options = Options { check, force, quiet, deny_breaking };
            let out = out.unwrap_or_else(|| root().join("generated-client"));
            codegen(&spec, &text, &out, &settings, options, || Ok(()))
        }
        Command::Smoke { spec, target, settings, crate_dir, out } => {
            let specs = match target {
                Some(target) => generator::settings::target(&target_path(&target))?,
                None => {
                    vec![(spec.clone(), generator::GenerationSettings::for_spec(&spec, settings.as_deref(), None)?)]
                }
            };
            let sources = specs.into_iter().map(|(path, s)| generator::SpecSource::read(path, s));
            smoke::write(&sources.collect::<generator::Result<Vec<_>>>()?, &crate_dir, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ApiDiff { old, new, format, settings, deny_breaking } => {
            let settings = generator::GenerationSettings::for_spec(&new, settings.as_deref(), None)?;
            let report = generator::diff::diff(
                &generator::diff::manifest_of(&old, &settings)?,
                &generator::diff::manifest_of(&new, &settings)?,
            );
            print!("{}", report::render(&report, format));
            Ok(if deny_breaking && report.is_breaking() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Command::Spec { command: SpecCommand::Update { from, spec, overlay, settings, out, deny_breaking, quiet } } => {
            let settings = generator::GenerationSettings::for_spec(&spec, settings.as_deref(), None)?;
            let overlay = overlay.unwrap_or_else(|| spec.with_file_name("overlay.yaml"));
            update(
                &from,
                &spec,
                &overlay,
                &out,
                &settings,
                Options { check: false, force: false, quiet, deny_breaking },
            )
        }
        Command::Spec { command: SpecCommand::Extract { from, tag, out, overlay } } => {
            // An overlay named on the command line must exist; the default one is optional.
            if let Some(path) = overlay.as_ref().filter(|p| !p.exists()) {
                return Err(generator::Error::Other(format!("the overlay {} does not exist", path.display())));
            }
            let overlay = overlay.unwrap_or_else(|| out.with_file_name("overlay.yaml"));
            extract(&from, &tag, &out, &overlay)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A target's file: a name in spec/targets/, or a path.
fn target_path(target: &str) -> PathBuf {
    if target.ends_with(".yaml") {
        PathBuf::from(target)
    } else {
        root().join("spec/targets").join(format!("{target}.yaml"))
    }
}

/// How `codegen` runs.
#[derive(Clone, Copy)]
struct Options {
    check: bool,
    force: bool,
    quiet: bool,
    deny_breaking: bool,
}

/// Generates the crate for the spec `text` (read from, or to be written to, `spec`) into `out`:
/// prints the change report against the crate's API manifest, bumps the version, writes the
/// crate, then runs `before_changelog` (the spec update writes its fragment there), then adds the
/// changelog entry.
fn codegen(
    spec: &Path,
    text: &str,
    out: &Path,
    settings: &generator::GenerationSettings,
    options: Options,
    before_changelog: impl FnOnce() -> generator::Result<()>,
) -> generator::Result<ExitCode> {
    let Options { check, force, quiet, deny_breaking } = options;
    let start = Instant::now();
    let cache = format_cache(&settings.crate_name);
    let shown = progress::Progress::new(quiet);
    let (generated, plan) =
        generator::generate_into_with(spec, text, out, settings, Some(&cache), &|stage| shown.stage(stage))?;
    drop(shown);
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(previous) = &plan.previous
        && !plan.report.changes.is_empty()
    {
        println!("API changes from {} {} to {}:", previous.crate_name, previous.version, plan.version());
        print!("{}", report::render(&plan.report, Format::Text));
    }
    if deny_breaking && plan.report.is_breaking() {
        eprintln!("error: the spec change breaks code that uses the crate (--deny-breaking); nothing written");
        return Ok(ExitCode::FAILURE);
    }
    let t = generated.timings;
    let summary = |verb: &str, changed: usize| {
        format!(
            "{verb} {} files ({changed} changed): {} operations, {} types, in {:.0?} \
             (load {:.0?}, resolve {:.0?}, render {:.0?}, format {:.0?}; {} of them formatted, the rest unchanged and cached)",
            generated.files.len(),
            generated.operations,
            generated.types,
            start.elapsed(),
            t.load,
            t.resolve,
            t.render,
            t.format,
            generated.formatted,
        )
    };
    if check {
        let stale = generator::output::changes(out, &generated.files)?;
        for change in &stale {
            print!("{}", change.diff);
        }
        if stale.is_empty() {
            if !quiet {
                println!("{}", summary("checked", 0));
            }
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("\n{} generated file(s) are stale; run `cargo xtask codegen`:", stale.len());
        for change in &stale {
            eprintln!("  {:?} {}", change.kind, change.path);
        }
        // Which would refuse to write here, unless forced: say so now.
        if let Err(refusal) = generator::output::ensure_generated(out, &generated.files) {
            eprintln!("note: `cargo xtask codegen` would fail: {refusal}");
        }
        return Ok(ExitCode::FAILURE);
    }
    let changes = generator::output::write(out, &generated.files, force)?;
    before_changelog()?;
    let release = generator::diff::release::today();
    let entry = if plan.previous.is_none() {
        Some(format!("## [{}] - {release}\n\nFirst release.\n", plan.version()))
    } else if plan.bumps() {
        Some(generator::diff::release::changelog_entry(plan.version(), &release, &plan.report))
    } else {
        None
    };
    let logged = match entry {
        Some(entry) => generator::diff::release::add_to_changelog(out, plan.version(), &entry)?,
        None => false,
    };
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    for change in &changes {
        let mark = match change.kind {
            FileChangeKind::Added => "added",
            FileChangeKind::Modified => "changed",
            FileChangeKind::Removed => "removed",
        };
        println!("  {mark:>7} {}", change.path);
    }
    if logged {
        println!("  {:>7} {} (version {})", "logged", generator::diff::release::CHANGELOG, plan.version());
    }
    println!("{}", summary("generated", changes.len()));
    Ok(ExitCode::SUCCESS)
}

/// A crate of several specs (a target): generated and written whole. It has no API manifest,
/// version bump or changelog: those follow the one-spec crate this repository publishes.
fn codegen_target(
    specs: &[(PathBuf, generator::GenerationSettings)],
    out: &Path,
    options: Options,
) -> generator::Result<ExitCode> {
    let start = Instant::now();
    let sources: Vec<generator::SpecSource> =
        specs.iter().map(|(path, s)| generator::SpecSource::read(path.clone(), s.clone())).collect::<Result<_, _>>()?;
    let cache = format_cache(&specs[0].1.crate_name);
    let shown = progress::Progress::new(options.quiet);
    let generated = generator::generate_crate_with(&sources, Some(&cache), &|stage| shown.stage(stage))?;
    drop(shown);
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if options.check {
        let stale = generator::output::changes(out, &generated.files)?;
        for change in &stale {
            print!("{}", change.diff);
        }
        return Ok(if stale.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let changes = generator::output::write(out, &generated.files, options.force)?;
    if !options.quiet {
        println!(
            "generated {} files ({} changed): {} operations, {} types, in {:.0?} ({} formatted, the rest cached)",
            generated.files.len(),
            changes.len(),
            generated.operations,
            generated.types,
            start.elapsed(),
            generated.formatted,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The format cache of a crate. Kept under the target folder: `cargo clean` drops it, and it
/// never reaches the repo.
fn format_cache(crate_name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    target.join("codegen-cache").join(crate_name)
}

/// A YAML document as a tree; `path` names it in errors.
fn parse_yaml(text: &str, path: &Path) -> generator::Result<serde_yaml::Value> {
    serde_yaml::from_str(text).map_err(|e| generator::Error::Parse { path: path.to_path_buf(), message: e.to_string() })
}

/// The note a fragment's header gives about its overlay.
fn overlay_note(overlay: &Path) -> String {
    format!("then applies {}", overlay.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
}

/// `spec update`: the new fragment is made in memory and written only after the crate.
fn update(
    from: &str,
    spec: &Path,
    overlay: &Path,
    out: &Path,
    settings: &generator::GenerationSettings,
    options: Options,
) -> generator::Result<ExitCode> {
    let full_text = fetch::read_source(from).map_err(generator::Error::Other)?;
    let full = parse_yaml(&full_text, Path::new(from))?;
    let mut fragment = generator::extract::extract_tags(&full, &settings.tags)?;
    let overlay_note = if overlay.exists() {
        let patch = parse_yaml(&generator::load::read(overlay)?, overlay)?;
        let notes = generator::extract::overlay_notes(&fragment, &patch);
        let mut gone = 0;
        for note in &notes {
            match note {
                generator::extract::OverlayNote::Redundant(at) => {
                    println!("overlay: {at}: upstream now has the same value; the correction can go")
                }
                generator::extract::OverlayNote::Gone(at) => {
                    gone += 1;
                    eprintln!(
                        "overlay: {at}: upstream no longer has what this corrects; the correction no longer applies"
                    )
                }
            }
        }
        if gone > 0 {
            return Err(generator::Error::Other(format!(
                "{gone} correction(s) in {} no longer apply: remove or rewrite them, then update again; nothing written",
                overlay.display()
            )));
        }
        generator::extract::apply_overlay(&mut fragment, &patch)?;
        overlay_note(overlay)
    } else {
        "no overlay".to_string()
    };
    let tags = settings.tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
    let header = [
        format!("The {tags} fragment of the vendor's spec: cut out by `cargo xtask spec update`"),
        "(the tags are listed in the settings file beside this one), which keeps the tags' paths and".to_string(),
        format!("every component they reference, {overlay_note}."),
        "Do not edit: put local corrections in the overlay and update again.".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let text = generator::extract::render_yaml(&fragment, &header)?;
    let write_spec = || {
        std::fs::write(spec, &text).map_err(|source| generator::Error::Write { path: spec.to_path_buf(), source })?;
        if !options.quiet {
            println!("wrote {}", spec.display());
        }
        Ok(())
    };
    codegen(spec, &text, out, settings, options, write_spec)
}

fn extract(from: &Path, tag: &str, out: &Path, overlay: &Path) -> generator::Result<()> {
    let read = |path: &Path| parse_yaml(&generator::load::read(path)?, path);
    let full = read(from)?;
    let mut fragment = generator::extract::extract_tag(&full, tag)?;
    let overlay_note = if overlay.exists() {
        generator::extract::apply_overlay(&mut fragment, &read(overlay)?)?;
        overlay_note(overlay)
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
    std::fs::write(out, text).map_err(|source| generator::Error::Write { path: out.to_path_buf(), source })?;
    println!("wrote {}", out.display());
    Ok(())
}
