//! A release: the order in which a generation lands in its crate folder, or is checked against it.
//!
//! [`Release::write`] writes the crate's files first (all swapped in or none, see
//! [`output::write`]), then the spec they were made from, when that is new (`spec update`), then
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
#[derive(Debug, Clone, Copy)]
pub struct Release<'a> {
    out: &'a Path,
    files: &'a [File],
    /// The crate's version and change report: writing adds the changelog entry they call for.
    plan: Option<&'a Plan>,
    /// The spec the files were generated from, to write once the crate is written.
    spec: Option<(&'a Path, &'a str)>,
}

/// What [`Release::write`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The crate's files that changed, in path order.
    pub files: Vec<FileChange>,
    /// Where the spec was written, if the release has one.
    pub spec: Option<PathBuf>,
    /// The version whose entry was added to the changelog, if one was.
    pub logged: Option<String>,
}

impl<'a> Release<'a> {
    /// The generated `files` of a crate, for the folder `out`. Alone, this is a crate without an
    /// API manifest of its own, so without a version bump or changelog: a target's (several
    /// specs); those follow the one-spec crate this repository publishes ([`Release::with_plan`]).
    pub fn new(out: &'a Path, files: &'a [File]) -> Release<'a> {
        Release { out, files, plan: None, spec: None }
    }

    /// With the crate's version and change report (see [`crate::generate_into`]): after the crate
    /// (and the spec), [`write`](Self::write) adds the changelog entry the new version calls for.
    pub fn with_plan(self, plan: &'a Plan) -> Release<'a> {
        Release { plan: Some(plan), ..self }
    }

    /// With the spec `text` the files were generated from, which [`write`](Self::write) writes at
    /// `path` once the crate is written, and before the changelog.
    pub fn with_spec(self, path: &'a Path, text: &'a str) -> Release<'a> {
        Release { spec: Some((path, text)), ..self }
    }

    /// Writes nothing: the crate's files that differ from the folder, in path order, which is what
    /// [`write`](Self::write) would change. The spec and the changelog are not compared.
    pub fn check(&self) -> Result<Vec<FileChange>> {
        output::changes(self.out, self.files)
    }

    /// Why [`write`](Self::write) without `force` would refuse the folder, if it would (see
    /// [`output::ensure_generated`]).
    pub fn refusal(&self) -> Option<Error> {
        output::ensure_generated(self.out, self.files).err()
    }

    /// Writes the crate's files (`force`: see [`output::write`]), then the spec, then the
    /// changelog entry; stops at the first step that fails.
    pub fn write(&self, force: bool) -> Result<Written> {
        let files = output::write(self.out, self.files, force)?;
        let spec = match self.spec {
            Some((path, text)) => {
                std::fs::write(path, text).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
                Some(path.to_path_buf())
            }
            None => None,
        };
        let mut logged = None;
        if let Some(plan) = self.plan
            && let Some(entry) = plan.changelog_entry(&diff::release::today())
            && diff::release::add_to_changelog(self.out, plan.version(), &entry)?
        {
            logged = Some(plan.version().to_string());
        }
        Ok(Written { files, spec, logged })
    }
}
