//! The command line: every command, flag, default and help text. These names are a contract with
//! the people and scripts that call `cargo xtask`; what each command does is in `commands/`.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use generator::diff::report::Format;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generates typed async Rust client crates from OpenAPI 3.0 specs, and checks them"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Regenerates the client crate from the spec.
    Codegen(CodegenArgs),
    /// Prints the change report between two specs: what going from OLD to NEW changes for code
    /// that uses the generated crate.
    ApiDiff(ApiDiffArgs),
    /// Writes a program that calls every operation of a generated crate once, with values from
    /// the spec's examples (or the smallest its schemas allow), against a mock server such as
    /// Stoplight Prism: `SMOKE_URL=http://127.0.0.1:4010 cargo run --manifest-path OUT/Cargo.toml`.
    Smoke(SmokeArgs),
    /// Works on spec files.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
}

// The argument structs carry no doc comment of their own: the command's, above, is its help.

#[derive(Args)]
pub struct CodegenArgs {
    /// The OpenAPI 3.0 spec to read.
    #[arg(long, default_value_os_t = committed_spec())]
    pub spec: PathBuf,
    /// The crate folder to write. Required with --target, and with any --spec but the committed
    /// spec/org_connections.yaml, whose crate is generated-client/ (the default).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A crate of several specs, named in spec/targets/ (`datadog-api`: v1 and v2, one
    /// cargo feature per API), or a target file's path.
    #[arg(long, conflicts_with_all = ["spec", "settings"])]
    pub target: Option<String>,
    /// The package name of the written crate (default: the settings', else the spec's file name).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// The generation settings (default: `<spec stem>.codegen.yaml` beside the spec, if any;
    /// without one, a layout with nothing vendor-specific).
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Print only warnings and errors.
    #[arg(long)]
    pub quiet: bool,
    /// Write nothing; fail with a diff of every stale file.
    #[arg(long)]
    pub check: bool,
    /// Overwrite files without the `@generated` header. Without it, `--out` must be empty,
    /// missing, or a generated crate: a `Cargo.toml` or a file under `src/` that lacks the
    /// header is refused. Even with it, files without the header that the generator does not
    /// write are kept, never deleted.
    #[arg(long, conflicts_with = "check")]
    pub force: bool,
    /// Fail (exit 1, writing nothing) when the change report has a breaking change.
    #[arg(long)]
    pub deny_breaking: bool,
    /// Refuse the spec on an operation the generator cannot use (an unresolved reference, an
    /// impossible path, a body without content), rather than leave it out with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Write the crate even where `--out` holds another crate (its `Cargo.toml` names another
    /// package), replacing it. Refused otherwise.
    #[arg(long)]
    pub replace_crate: bool,
    /// With --target: spread the APIs over the member crates anew, by size. Without it, each API
    /// stays in the part `parts.yaml` in `--out` records, and only new APIs are placed.
    #[arg(long, requires = "target")]
    pub rebalance: bool,
}

#[derive(Args)]
pub struct ApiDiffArgs {
    /// The spec the crate was generated from.
    #[arg(long)]
    pub old: PathBuf,
    /// The spec it would be generated from.
    #[arg(long)]
    pub new: PathBuf,
    /// `text`, `json` (one object per change, keys documented in docs/change-reports.md)
    /// or `markdown`.
    #[arg(long, default_value = "text")]
    pub format: Format,
    /// The generation settings for both, which name the modules in the report (default:
    /// `<stem>.codegen.yaml` beside NEW or OLD, else the settings of a target whose spec is OLD
    /// or NEW, such as spec/datadog/*.yaml; else a layout with nothing vendor-specific).
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Fail (exit 1) when the report has a breaking change.
    #[arg(long)]
    pub deny_breaking: bool,
}

#[derive(Args)]
pub struct SmokeArgs {
    /// The spec the crate was generated from.
    #[arg(long, default_value_os_t = committed_spec())]
    pub spec: PathBuf,
    /// A crate of several specs, named in spec/targets/, or a target file's path.
    #[arg(long, conflicts_with_all = ["spec", "settings"])]
    pub target: Option<String>,
    /// The generation settings (default: `<spec stem>.codegen.yaml` beside the spec, if any).
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// The generated crate's folder, which the program depends on.
    #[arg(long = "crate", default_value_os_t = root().join("generated-client"))]
    pub crate_dir: PathBuf,
    /// Where to write the program: an empty or missing folder, or one written by this command.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Subcommand)]
pub enum SpecCommand {
    /// Cuts one tag's fragment out of a full spec and applies the local overlay.
    Extract(ExtractArgs),
    /// Updates the spec from the vendor's full spec (a file or an https URL): extracts the tags
    /// listed in the settings file again, applies the overlay, reports overlay corrections that
    /// are redundant or no longer apply, and regenerates the crate as `codegen` does. With
    /// --target, updates each of the target's specs (from the `--from`s, one per spec in the
    /// target's order, or else from the `upstream` address the target file records), applies
    /// their overlays, reports the API changes of each, and regenerates the target's crate (into
    /// --out; without it, in memory only, to prove it generates). Nothing is written unless
    /// every step succeeds.
    Update(UpdateArgs),
}

#[derive(Args)]
pub struct ExtractArgs {
    /// The full spec.
    #[arg(long)]
    pub from: PathBuf,
    /// The tag whose operations to keep.
    #[arg(long)]
    pub tag: String,
    /// Where to write the fragment.
    #[arg(long)]
    pub out: PathBuf,
    /// Local corrections, applied as a JSON merge patch (default: `overlay.yaml` beside `--out`).
    #[arg(long)]
    pub overlay: Option<PathBuf>,
}

#[derive(Args)]
pub struct UpdateArgs {
    /// The vendor's full spec: a file, or an https URL to download. With --target, one per spec
    /// of the target, in its order; none to read each from its `upstream`.
    #[arg(long)]
    pub from: Vec<String>,
    /// Update the specs of a target (spec/targets/NAME.yaml, or a target file's path) rather
    /// than the fragment.
    #[arg(long, conflicts_with_all = ["spec", "overlay", "settings"])]
    pub target: Option<String>,
    /// The spec fragment to rewrite.
    #[arg(long, default_value_os_t = committed_spec())]
    pub spec: PathBuf,
    /// Local corrections (default: `overlay.yaml` beside `--spec`, if any).
    #[arg(long)]
    pub overlay: Option<PathBuf>,
    /// The generation settings, which list the tags (default: `<stem>.codegen.yaml` beside the spec).
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// The crate folder to regenerate (default: generated-client/; with --target, none: the
    /// crate is generated in memory only).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, writing nothing) when the change report has a breaking change.
    #[arg(long)]
    pub deny_breaking: bool,
    /// Print only warnings, errors and the change report.
    #[arg(long)]
    pub quiet: bool,
}

/// The committed spec fragment, whose crate is generated-client/.
pub fn committed_spec() -> PathBuf {
    root().join("spec/org_connections.yaml")
}

/// The workspace root, so that defaults work from any directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The file of `--target`: a name in spec/targets/, or a path.
pub fn target_path(target: &str) -> PathBuf {
    if target.ends_with(".yaml") {
        PathBuf::from(target)
    } else {
        root().join("spec/targets").join(format!("{target}.yaml"))
    }
}
