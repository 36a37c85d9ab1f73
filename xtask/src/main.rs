//! `cargo xtask`: the command line over the generator library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use generator::ChangeKind;

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
        #[arg(long, conflicts_with_all = ["spec", "settings"])]
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
        Command::Codegen { spec, out, target, crate_name, settings, check, force, quiet } => {
            let sources = match &target {
                Some(name) => {
                    let path = if name.ends_with(".yaml") {
                        PathBuf::from(name)
                    } else {
                        root().join("spec/targets").join(format!("{name}.yaml"))
                    };
                    let mut specs = generator::settings::target(&path)?;
                    if let Some(name) = &crate_name {
                        specs.iter_mut().for_each(|(_, s)| s.crate_name = name.clone());
                    }
                    specs
                }
                None => {
                    let settings =
                        generator::GenerationSettings::for_spec(&spec, settings.as_deref(), crate_name.as_deref())?;
                    vec![(spec, settings)]
                }
            };
            let out = match (out, &target) {
                (Some(out), _) => out,
                (None, None) => root().join("generated-client"),
                (None, Some(_)) => {
                    return Err(generator::Error::Other(
                        "--target writes a crate of its own: say where with --out".into(),
                    ));
                }
            };
            codegen(&sources, &out, check, force, quiet)
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

fn codegen(
    specs: &[(PathBuf, generator::GenerationSettings)],
    out: &Path,
    check: bool,
    force: bool,
    quiet: bool,
) -> generator::Result<ExitCode> {
    let mut sources = Vec::new();
    for (path, settings) in specs {
        let text = generator::load::read(path)?;
        sources.push(generator::SpecSource { path: path.clone(), text, settings: settings.clone() });
    }
    let crate_name = &specs[0].1.crate_name;
    let start = Instant::now();
    // Kept under the target folder: `cargo clean` drops it, and it never reaches the repo.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let cache = target.join("codegen-cache").join(crate_name);
    let generated = generator::generate_crate(&sources, Some(&cache))?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
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
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    for change in &changes {
        let mark = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Modified => "changed",
            ChangeKind::Removed => "removed",
        };
        println!("  {mark:>7} {}", change.path);
    }
    println!("{}", summary("generated", changes.len()));
    Ok(ExitCode::SUCCESS)
}

fn extract(from: &Path, tag: &str, out: &Path, overlay: &Path) -> generator::Result<()> {
    let read = |path: &Path| -> generator::Result<serde_yaml::Value> {
        let text = generator::load::read(path)?;
        serde_yaml::from_str(&text)
            .map_err(|e| generator::Error::Parse { path: path.to_path_buf(), message: e.to_string() })
    };
    let full = read(from)?;
    let mut fragment = generator::extract::extract_tag(&full, tag)?;
    let overlay_note = if overlay.exists() {
        generator::extract::apply_overlay(&mut fragment, &read(overlay)?)?;
        format!("then applies {}", overlay.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
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
