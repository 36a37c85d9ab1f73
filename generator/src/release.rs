//! A release: the order in which a generation lands in its crate folder, or is checked against it.
//!
//! [`Release::write`] writes the crate's files first (all swapped in or none, see
//! [`output::write`]; refused when the folder holds another crate, unless the release says it
//! replaces it), then the specs they were made from, when those are new (`spec update`), then
//! the changelog entry the crate's new version calls for (see [`diff::release`]). Each step runs
//! only once the one before it has succeeded: a crate that cannot be written leaves the spec as
//! it was, and the changelog only names versions whose crate is on disk.
//! [`Release::check`] writes nothing: it compares the crate's files with the folder.
//!
//! `cargo xtask codegen` (one spec or a target) and `cargo xtask spec update` go through here,
//! and so does the drift test (`generator/tests/drift.rs`).

use std::path::{Path, PathBuf};

use crate::diff;
use crate::diff::release::Plan;
use crate::error::{Error, Result};
use crate::output::{self, FileChange};
use crate::render::File;

/// A generation on its way into the crate folder `out`.
#[derive(Debug, Clone)]
pub struct Release<'a> {
    out: &'a Path,
    files: &'a [File],
    /// The crate's version and change report: writing adds the changelog entry they call for.
    plan: Option<&'a Plan>,
    /// The specs the files were generated from, to write once the crate is written.
    specs: Vec<(&'a Path, &'a str)>,
    /// Whether the crate may replace another crate (another package name) in the folder.
    replaces: bool,
}

/// What [`Release::write`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The crate's files that changed, in path order.
    pub files: Vec<FileChange>,
    /// Where the specs were written, if the release has any.
    pub specs: Vec<PathBuf>,
    /// The version whose entry was added to the changelog, if one was.
    pub logged: Option<String>,
}

impl<'a> Release<'a> {
    /// The generated `files` of a crate, for the folder `out`. Alone, this is a crate without an
    /// API manifest of its own, so without a version bump or changelog: a target's (several
    /// specs); those follow the one-spec crate this repository publishes ([`Release::with_plan`]).
    pub fn new(out: &'a Path, files: &'a [File]) -> Release<'a> {
        Release { out, files, plan: None, specs: Vec::new(), replaces: false }
    }

    /// With the crate's version and change report (see [`crate::generate_into`]): after the crate
    /// (and the spec), [`write`](Self::write) adds the changelog entry the new version calls for.
    pub fn with_plan(self, plan: &'a Plan) -> Release<'a> {
        Release { plan: Some(plan), ..self }
    }

    /// With the spec `text` the files were generated from, which [`write`](Self::write) writes at
    /// `path` once the crate is written, and before the changelog. A crate of several specs
    /// takes each this way, in order.
    pub fn with_spec(mut self, path: &'a Path, text: &'a str) -> Release<'a> {
        self.specs.push((path, text));
        self
    }

    /// Lets the crate replace another one in the folder (a `Cargo.toml` naming another package),
    /// which [`write`](Self::write) otherwise refuses (see [`ensure_same_crate`](Self::ensure_same_crate)).
    pub fn replacing(self, replaces: bool) -> Release<'a> {
        Release { replaces, ..self }
    }

    /// Writes nothing: the crate's files that differ from the folder, in path order, which is what
    /// [`write`](Self::write) would change. The spec and the changelog are not compared.
    pub fn check(&self) -> Result<Vec<FileChange>> {
        output::changes(self.out, self.files)
    }

    /// Why [`write`](Self::write) without `force` would refuse the folder, if it would (see
    /// [`output::ensure_generated`] and [`ensure_same_crate`](Self::ensure_same_crate)).
    pub fn refusal(&self) -> Option<Error> {
        self.ensure_same_crate().and_then(|()| output::ensure_generated(self.out, self.files)).err()
    }

    /// Fails if the folder holds another crate (a `Cargo.toml` naming another package), unless
    /// the release [replaces](Self::replacing) it: [`write`](Self::write) checks this first.
    pub fn ensure_same_crate(&self) -> Result<()> {
        if self.replaces { Ok(()) } else { refuse_other_crate(self.out, self.files) }
    }

    /// Writes the crate's files (`force`: see [`output::write`]), then the specs, then the
    /// changelog entry; stops at the first step that fails. A folder that holds another crate is
    /// refused first, unless the release [replaces](Self::replacing) it.
    pub fn write(&self, force: bool) -> Result<Written> {
        self.ensure_same_crate()?;
        let files = output::write(self.out, self.files, force)?;
        let mut specs = Vec::new();
        for &(path, text) in &self.specs {
            std::fs::write(path, text).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
            specs.push(path.to_path_buf());
        }
        let mut logged = None;
        if let Some(plan) = self.plan
            && let Some(entry) = plan.changelog_entry(&diff::release::today())
            && diff::release::add_to_changelog(self.out, plan.version(), &entry)?
        {
            logged = Some(plan.version().to_string());
        }
        Ok(Written { files, specs, logged })
    }
}

/// Fails if `out` holds a crate (its `Cargo.toml` names a package) other than the one `files`
/// make: writing them there would replace that crate whole, deleting its generated files and
/// starting its version over. Passes for an empty or missing folder, and for the same package.
fn refuse_other_crate(out: &Path, files: &[File]) -> Result<()> {
    let new = files.iter().find(|f| f.path == "Cargo.toml").and_then(|f| package_name(&f.contents));
    let old = match std::fs::read_to_string(out.join("Cargo.toml")) {
        Ok(text) => package_name(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(Error::Read { path: out.join("Cargo.toml"), source }),
    };
    match (old, new) {
        (Some(old), Some(new)) if old != new => Err(Error::Other(format!(
            "{} holds the crate `{old}`; writing `{new}` there would replace it (its generated files \
             deleted, its version started over). Nothing was written: choose another folder with --out, \
             or pass --replace-crate if you mean to replace it",
            out.display()
        ))),
        _ => Ok(()),
    }
}

/// The package name of the crate in `dir`, from its `Cargo.toml`, if it has one.
pub fn crate_name_in(dir: &Path) -> Option<String> {
    package_name(&std::fs::read_to_string(dir.join("Cargo.toml")).ok()?)
}

/// The package name a `Cargo.toml` gives in its `[package]` table.
fn package_name(toml: &str) -> Option<String> {
    let mut in_package = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("name").map(str::trim_start) {
            if let Some(value) = value.strip_prefix('=') {
                return Some(value.trim().trim_matches(['"', '\'']).to_string());
            }
        }
    }
    None
}
