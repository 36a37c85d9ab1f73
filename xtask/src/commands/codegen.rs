//! `cargo xtask codegen`: generates a crate, from one spec or from a target's several, then checks
//! it against its folder or writes it there as a [`Release`]. `spec update` lands its crate here
//! too, with the new spec in the release.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use generator::diff::release::{CHANGELOG, Plan};
use generator::diff::report::{self, Format};
use generator::settings::CrateNameFrom;
use generator::target::Target;
use generator::{FileChangeKind, Generated, GenerationSettings, Release, SpecSource};

use crate::cli::{CodegenArgs, committed_spec, root, target_path};
use crate::progress::Progress;

/// Generates the crate of `--spec` (into `--out`, default generated-client/ for the committed
/// spec only) or of `--target` (into `--out`), then checks or writes it.
pub fn run(args: CodegenArgs) -> generator::Result<ExitCode> {
    let CodegenArgs {
        spec,
        out,
        target,
        crate_name,
        settings,
        quiet,
        check,
        force,
        deny_breaking,
        replace_crate,
        rebalance,
        strict,
    } = args;
    let options = Options { check, force, quiet, deny_breaking };
    if let Some(target) = target {
        let Some(out) = out else {
            return Err(generator::Error::Other("--target writes a crate of its own: say where with --out".into()));
        };
        let mut target = Target::read(&target_path(&target))?;
        if let Some(name) = &crate_name {
            target.rename(name);
        }
        if !rebalance {
            target.keep_parts(&generator::layout::read_record(&out)?);
        }
        for spec in &mut target.specs {
            spec.settings.strict = strict;
        }
        let generation = Generation::of_target(&target, &out, quiet)?;
        return land(&generation, generation.release(&out).replacing(replace_crate), options);
    }
    let out = match out {
        Some(out) => out,
        None if same_file(&spec, &committed_spec()) => root().join("generated-client"),
        None => {
            return Err(generator::Error::Other(format!(
                "--spec {} without --out: generated-client/ is the crate of spec/org_connections.yaml only; \
                 say where this spec's crate goes with --out DIR. Nothing was written",
                spec.display()
            )));
        }
    };
    let (mut settings, name_from) =
        GenerationSettings::for_spec_named(&spec, settings.as_deref(), crate_name.as_deref())?;
    settings.strict = strict;
    if !quiet && matches!(name_from, CrateNameFrom::SpecFileName(_)) {
        eprintln!(
            "note: the crate is named `{}`, {name_from}; --crate-name NAME names it otherwise",
            settings.crate_name
        );
    }
    let text = generator::load::read(&spec)?;
    let generation = Generation::of_spec(&spec, &text, &out, &settings, quiet)?;
    land(&generation, generation.release(&out).replacing(replace_crate), options)
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// How a generation lands: the flags `codegen` and `spec update` share.
#[derive(Clone, Copy)]
pub struct Options {
    /// Write nothing; fail if a file would change.
    pub check: bool,
    /// Overwrite files without the `@generated` header.
    pub force: bool,
    /// Print only warnings, errors and the change report.
    pub quiet: bool,
    /// Fail, writing nothing, when the change report has a breaking change.
    pub deny_breaking: bool,
}

/// A crate generated in memory, not yet checked or written.
pub struct Generation {
    generated: Generated,
    /// The crate's version and change report, from the API manifest in its folder; none for a
    /// crate generated in memory only.
    plan: Option<Plan>,
    /// A target's crate (thousands of files) reports tersely: its diffs when checked, one line
    /// when written.
    terse: bool,
    start: Instant,
}

impl Generation {
    /// The crate of the spec `text` (read from, or to be written to, `path`) for the folder `out`:
    /// its version is the one in `out`'s API manifest, bumped by the change report.
    pub fn of_spec(
        path: &Path,
        text: &str,
        out: &Path,
        settings: &GenerationSettings,
        quiet: bool,
    ) -> generator::Result<Generation> {
        let start = Instant::now();
        let cache = format_cache(&settings.crate_name);
        let shown = Progress::new(quiet);
        let (generated, plan) =
            generator::generate_into_with(path, text, out, settings, Some(&cache), &|stage| shown.stage(stage))?;
        Ok(Generation { generated, plan: Some(plan), terse: false, start })
    }

    /// The crate of a target's specs, read from their files, for the folder `out`.
    pub fn of_target(target: &Target, out: &Path, quiet: bool) -> generator::Result<Generation> {
        let sources: Vec<SpecSource> = target
            .specs
            .iter()
            .map(|s| SpecSource::read(s.path.clone(), s.settings.clone()))
            .collect::<Result<_, _>>()?;
        Self::of_sources(&sources, Some(out), quiet)
    }

    /// The crate of several specs (the first one's settings name it), for the folder `out`: its
    /// version is the one in `out`'s API manifest, bumped by the change report of every spec.
    /// Without a folder, in memory only: no version or report.
    pub fn of_sources(sources: &[SpecSource], out: Option<&Path>, quiet: bool) -> generator::Result<Generation> {
        let start = Instant::now();
        let Some(first) = sources.first() else {
            return Err(generator::Error::Other("no spec to generate a crate from".into()));
        };
        let cache = format_cache(&first.settings.crate_name);
        let shown = Progress::new(quiet);
        let progress = |stage| shown.stage(stage);
        let (generated, plan) = match out {
            Some(out) => {
                let (generated, plan) = generator::generate_crate_into_with(sources, out, Some(&cache), &progress)?;
                (generated, Some(plan))
            }
            None => (generator::generate_crate_with(sources, Some(&cache), &progress)?, None),
        };
        Ok(Generation { generated, plan, terse: true, start })
    }

    /// What it made.
    pub fn generated(&self) -> &Generated {
        &self.generated
    }

    /// Its release into `out`: the crate's files, then the changelog entry its version calls for.
    pub fn release<'a>(&'a self, out: &'a Path) -> Release<'a> {
        let release = Release::new(out, &self.generated.files);
        match &self.plan {
            Some(plan) => release.with_plan(plan),
            None => release,
        }
    }

    /// The last line of a run: files, counts and times.
    fn summary(&self, verb: &str, changed: usize) -> String {
        let generated = &self.generated;
        let head = format!(
            "{verb} {} files ({changed} changed): {} operations, {} types, in {:.1?}",
            generated.files.len(),
            generated.operations,
            generated.types,
            self.start.elapsed(),
        );
        let t = generated.timings;
        format!(
            "{head} (load {:.1?}, resolve {:.1?}, render {:.1?}, format {:.1?}; {} of them formatted, the rest unchanged and cached)",
            t.load, t.resolve, t.render, t.format, generated.formatted,
        )
    }
}

/// Prints the generation's warnings and change report, then checks `release` (a release of
/// `generation`) against its folder or writes it there.
pub fn land(generation: &Generation, release: Release, options: Options) -> generator::Result<ExitCode> {
    if !options.check {
        // Before the report: a report against another crate's manifest means nothing.
        release.ensure_same_crate()?;
    }
    for warning in &generation.generated.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(plan) = &generation.plan {
        if let Some(previous) = &plan.previous
            && !plan.report.changes.is_empty()
        {
            println!("API changes from {} {} to {}:", previous.crate_name, previous.version, plan.version());
            print!("{}", report::render(&plan.report, Format::Text));
        }
        if options.deny_breaking && plan.report.is_breaking() {
            eprintln!("error: the spec change breaks code that uses the crate (--deny-breaking); nothing written");
            return Ok(ExitCode::FAILURE);
        }
    }
    if options.check { check(generation, &release, options.quiet) } else { write(generation, &release, options) }
}

fn check(generation: &Generation, release: &Release, quiet: bool) -> generator::Result<ExitCode> {
    let stale = release.check()?;
    for change in &stale {
        print!("{}", change.diff);
    }
    if generation.terse {
        return Ok(if stale.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    if stale.is_empty() {
        if !quiet {
            println!("{}", generation.summary("checked", 0));
        }
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("\n{} generated file(s) are stale; run `cargo xtask codegen`:", stale.len());
    for change in &stale {
        eprintln!("  {:?} {}", change.kind, change.path);
    }
    // Which would refuse to write here, unless forced: say so now.
    if let Some(refusal) = release.refusal() {
        eprintln!("note: `cargo xtask codegen` would fail: {refusal}");
    }
    Ok(ExitCode::FAILURE)
}

fn write(generation: &Generation, release: &Release, options: Options) -> generator::Result<ExitCode> {
    let written = release.write(options.force)?;
    if options.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    for spec in &written.specs {
        println!("wrote {}", spec.display());
    }
    if !generation.terse {
        for change in &written.files {
            let mark = match change.kind {
                FileChangeKind::Added => "added",
                FileChangeKind::Modified => "changed",
                FileChangeKind::Removed => "removed",
            };
            println!("  {mark:>7} {}", change.path);
        }
    }
    if let Some(version) = &written.logged {
        println!("  {:>7} {CHANGELOG} (version {version})", "logged");
    }
    println!("{}", generation.summary("generated", written.files.len()));
    Ok(ExitCode::SUCCESS)
}

/// The format cache of a crate. Kept under the target folder: `cargo clean` drops it, and it
/// never reaches the repo.
fn format_cache(crate_name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    target.join("codegen-cache").join(crate_name)
}
