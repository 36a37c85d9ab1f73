//! Write and check: the generated files against the crate folder on disk.
//!
//! The generator owns `Cargo.toml`, `api-manifest.json`, `parts.yaml` (a crate spread over
//! member crates), everything under `src/`, and each member crate under `crates/` that it writes
//! or wrote (see [`owned`]); anything else in the folder (tests, examples, benches) is the
//! user's and is never touched. Within what it owns, it
//! replaces or removes only files that carry the `@generated` header: a folder with any other
//! file there is refused (see [`write`]), and no file without the header is ever deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::layout::MEMBERS_DIR;
use crate::render::File;

/// A file whose contents on disk differ from the generated ones: a change to the crate folder,
/// not to the crate's API (that is [`crate::diff::Change`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub kind: FileChangeKind,
    /// A unified diff, from the file on disk to the generated one.
    pub diff: String,
}

/// What writing the generated files does to one file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChangeKind {
    Added,
    Modified,
    Removed,
}

/// How many lines from the top of a file the `@generated` header may be found in.
const HEADER_LINES: usize = 5;

/// Whether a file's text carries the generated-file header: a `//`, `#` or `<!--` comment
/// containing [`crate::header::GENERATED_MARKER`] in its first lines.
pub fn has_header(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').take(HEADER_LINES).any(|line| {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_start();
        // A JSON file (the API manifest) carries it as the value of an `"@generated"` key.
        (line.starts_with("//")
            || line.starts_with('#')
            || line.starts_with("<!--")
            || line.starts_with("\"@generated\""))
            && line.contains(crate::header::GENERATED_MARKER)
    })
}

/// One entry (anything but a folder) in the part of the folder the generator owns, as found.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    /// Its bytes; a symlink's target; nothing for anything else that is not a plain file.
    bytes: Vec<u8>,
    /// Whether it is a plain file, not a symlink, a pipe or the like.
    plain: bool,
    /// Whether it carries the header: only such files are the generator's to replace or remove.
    generated: bool,
}

impl Found {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

/// Everything on disk now in the entries of `out` the generator owns (`owned`, see [`owned`]),
/// by relative path. A folder is walked, without following symlinks; anything else is an entry.
fn owned_on_disk(out: &Path, owned: &BTreeSet<String>) -> Result<BTreeMap<String, Found>> {
    let mut found = BTreeMap::new();
    for entry in owned {
        collect(out, &out.join(entry), &mut found)?;
    }
    Ok(found)
}

fn collect(root: &Path, path: &Path, found: &mut BTreeMap<String, Found>) -> Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(Error::Read { path: path.to_path_buf(), source }),
    };
    if meta.is_dir() {
        for entry in fs::read_dir(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })? {
            let entry = entry.map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
            collect(root, &entry.path(), found)?;
        }
    } else {
        found.insert(relative(root, path), inspect(path, &meta)?);
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn inspect(path: &Path, meta: &fs::Metadata) -> Result<Found> {
    let read_error = |source| Error::Read { path: path.to_path_buf(), source };
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path).map_err(read_error)?;
        return Ok(Found { bytes: target.as_os_str().as_encoded_bytes().to_vec(), plain: false, generated: false });
    }
    if !meta.is_file() {
        return Ok(Found { bytes: Vec::new(), plain: false, generated: false });
    }
    let bytes = fs::read(path).map_err(read_error)?;
    let generated = has_header(&bytes);
    Ok(Found { bytes, plain: true, generated })
}

/// What differs between the generated files and the folder, in path order: what [`write`]
/// changes. A file without the `@generated` header that the generator does not write is not a
/// generated one, so it is not reported as removed: `write` keeps it (or refuses to run).
pub fn changes(out: &Path, files: &[File]) -> Result<Vec<FileChange>> {
    Ok(diff(&owned_on_disk(out, &owned(out, files))?, files))
}

fn diff(on_disk: &BTreeMap<String, Found>, files: &[File]) -> Vec<FileChange> {
    let mut changes = Vec::new();
    for file in files {
        match on_disk.get(&file.path) {
            Some(old) if old.plain && old.bytes == file.contents.as_bytes() => {}
            Some(old) => changes.push(change(&file.path, FileChangeKind::Modified, &old.text(), &file.contents)),
            None => changes.push(change(&file.path, FileChangeKind::Added, "", &file.contents)),
        }
    }
    let writes: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for (path, old) in on_disk {
        if old.generated && !writes.contains(path.as_str()) {
            changes.push(change(path, FileChangeKind::Removed, &old.text(), ""));
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

fn change(path: &str, kind: FileChangeKind, old: &str, new: &str) -> FileChange {
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    FileChange { path: path.to_string(), kind, diff }
}

/// Fails with [`Error::WouldOverwrite`] if writing `files` into `out` would overwrite or delete
/// a file without the `@generated` header: in the part of the folder the generator owns
/// (`Cargo.toml`, `src/`, see [`owned`]), every file must carry it. An empty or missing folder passes.
pub fn ensure_generated(out: &Path, files: &[File]) -> Result<()> {
    refuse_foreign(out, files, &owned_on_disk(out, &owned(out, files))?)
}

fn refuse_foreign(out: &Path, files: &[File], on_disk: &BTreeMap<String, Found>) -> Result<()> {
    let mut foreign = on_disk.iter().filter(|(_, found)| !found.generated).map(|(path, _)| path);
    match foreign.next() {
        None => Ok(()),
        Some(first) => Err(Error::WouldOverwrite {
            path: std::path::absolute(out.join(first)).unwrap_or_else(|_| out.join(first)),
            overwritten: files.iter().any(|f| &f.path == first),
            others: foreign.count(),
        }),
    }
}

/// Writes the generated crate into `out`. Everything is first written to a staging folder
/// beside it, then swapped in; if any step fails, `out` is left as it was.
///
/// `out` must be empty, missing, or hold a generated crate: a file without the `@generated`
/// header in what the generator owns (`Cargo.toml`, `src/`, see [`owned`]) is refused with
/// [`Error::WouldOverwrite`] before anything is touched. With `force`, such files are
/// overwritten when the generator writes the same path, and kept otherwise: whatever the flag,
/// no file without the header is ever deleted.
pub fn write(out: &Path, files: &[File], force: bool) -> Result<Vec<FileChange>> {
    let owned = owned(out, files);
    let on_disk = owned_on_disk(out, &owned)?;
    if !force {
        refuse_foreign(out, files, &on_disk)?;
    }
    let writes: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // A kept file where a generated folder goes, or inside a path generated as a file, cannot
    // be put back after the swap: refuse before anything is touched.
    for path in
        on_disk.iter().filter(|(path, found)| !found.generated && !writes.contains(path.as_str())).map(|(p, _)| p)
    {
        let blocked = writes.iter().find(|w| {
            w.strip_prefix(path.as_str()).is_some_and(|rest| rest.starts_with('/'))
                || path.strip_prefix(*w).is_some_and(|rest| rest.starts_with('/'))
        });
        if let Some(generated) = blocked {
            return Err(Error::Other(format!(
                "{}: not a generated file, and in the way of the generated `{generated}`; move it away",
                out.join(path).display()
            )));
        }
    }
    let changes = diff(&on_disk, files);
    if changes.is_empty() {
        return Ok(changes);
    }
    // What the swap may discard, as inspected now: generated files, and (forced) files that the
    // generator overwrites. Anything else that comes out of what it owns is put back.
    let discard: BTreeMap<String, Found> =
        on_disk.into_iter().filter(|(path, found)| found.generated || writes.contains(path.as_str())).collect();

    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "crate".into());
    let staging = new_staging(parent, &name)?;
    let (new, old) = (staging.join("new"), staging.join("old"));
    // `new` only ever holds what `stage` wrote; what came from `out` is only ever in `old`, and
    // leaves it file by file in `settle`. Folders are removed only when empty.
    let swapped = stage(&new, files).and_then(|()| swap(out, &new, &old, &owned));
    let result = swapped.and_then(|()| settle(out, &old, &discard));
    // A member folder it no longer writes is gone: so is `crates/` if nothing else is in it.
    if owned.iter().any(|o| Path::new(o).starts_with(MEMBERS_DIR)) {
        let _ = fs::remove_dir(out.join(MEMBERS_DIR));
    }
    let _ = fs::remove_dir_all(&new);
    let _ = fs::remove_dir(&old);
    let _ = fs::remove_dir(&staging);
    result.map(|()| changes)
}

/// A new, empty staging folder beside `out`: never one that already exists.
fn new_staging(parent: &Path, name: &str) -> Result<PathBuf> {
    let mut n = 0;
    loop {
        let path = parent.join(format!(".{name}.codegen-{}-{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(source) => return Err(Error::Write { path, source }),
        }
    }
}

fn stage(new: &Path, files: &[File]) -> Result<()> {
    for file in files {
        let path = new.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
        }
        fs::write(&path, &file.contents).map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    Ok(())
}

/// The top-level entries the generator always owns.
const OWNED: [&str; 4] = ["src", "Cargo.toml", crate::diff::manifest::FILE, crate::layout::RECORD];

/// The entries of `out` the generator owns when it writes `files`, each swapped as a whole:
/// those above, and each member crate under `crates/` that it writes now or wrote before (its
/// `Cargo.toml` carries the header), so that a member it no longer writes is removed. A crate of
/// the user's own under `crates/` is not among them, and is never looked at.
fn owned(out: &Path, files: &[File]) -> BTreeSet<String> {
    let mut owned: BTreeSet<String> = OWNED.iter().map(|s| s.to_string()).collect();
    for path in files.iter().map(|f| f.path.as_str()) {
        let entry = match path.strip_prefix(MEMBERS_DIR).and_then(|rest| rest.strip_prefix('/')) {
            Some(rest) => rest.split_once('/').map(|(member, _)| format!("{MEMBERS_DIR}/{member}")),
            // A file at the top (`README.md` of a crate of many APIs) is owned when written.
            None => Some(path.split_once('/').map_or(path, |(top, _)| top).to_string()),
        };
        owned.extend(entry);
    }
    if let Ok(entries) = fs::read_dir(out.join(MEMBERS_DIR)) {
        for entry in entries.flatten() {
            if fs::read(entry.path().join("Cargo.toml")).is_ok_and(|bytes| has_header(&bytes)) {
                owned.insert(format!("{MEMBERS_DIR}/{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    owned
}

/// Moves what the generator owns in `out` (`owned`) into `old`, then the staged entries from
/// `new` into `out`, by renames. If a step fails, every rename done is undone.
fn swap(out: &Path, new: &Path, old: &Path, owned: &BTreeSet<String>) -> Result<()> {
    fs::create_dir_all(out).map_err(|source| Error::Write { path: out.to_path_buf(), source })?;
    fs::create_dir(old).map_err(|source| Error::Write { path: old.to_path_buf(), source })?;
    // A member folder moves into `crates/`, which may not be there yet.
    let rename =
        |from: &Path, to: &Path| to.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::rename(from, to));
    let mut moved_out = Vec::new();
    for name in owned.iter().map(String::as_str) {
        let path = out.join(name);
        if fs::symlink_metadata(&path).is_err() {
            continue;
        }
        if let Err(source) = rename(&path, &old.join(name)) {
            return Err(undo(out, new, old, &[], &moved_out, Error::Write { path, source }));
        }
        moved_out.push(name);
    }
    let mut moved_in = Vec::new();
    for name in owned.iter().map(String::as_str) {
        let staged = new.join(name);
        if fs::symlink_metadata(&staged).is_err() {
            continue;
        }
        if let Err(source) = rename(&staged, &out.join(name)) {
            let error = Error::Write { path: out.join(name), source };
            return Err(undo(out, new, old, &moved_in, &moved_out, error));
        }
        moved_in.push(name);
    }
    Ok(())
}

/// Takes the staged entries back out of `out` and puts the old ones back; returns `error`, or,
/// if the old ones cannot be put back, an error that says where they are.
fn undo(out: &Path, new: &Path, old: &Path, moved_in: &[&str], moved_out: &[&str], error: Error) -> Error {
    for name in moved_in {
        let _ = fs::rename(out.join(name), new.join(name));
    }
    let stuck: Vec<String> = moved_out
        .iter()
        .filter(|name| fs::rename(old.join(name), out.join(name)).is_err())
        .map(|name| old.join(name).display().to_string())
        .collect();
    if stuck.is_empty() {
        return error;
    }
    Error::Other(format!("{error}; the previous files could not be put back and are in: {}", stuck.join(", ")))
}

/// After the swap: deletes from `old` what may be discarded, if it is still what was inspected;
/// moves everything else back to its place in `out`. Fails, naming them, if some could not be
/// put back; they are then left in `old`.
fn settle(out: &Path, old: &Path, discard: &BTreeMap<String, Found>) -> Result<()> {
    let mut stuck = Vec::new();
    settle_dir(out, old, old, discard, &mut stuck);
    if stuck.is_empty() {
        return Ok(());
    }
    Err(Error::Other(format!(
        "generated {}, but these files, which it may not delete, could not be put back and are in {}: {}",
        out.display(),
        old.display(),
        stuck.join(", ")
    )))
}

fn settle_dir(out: &Path, old: &Path, dir: &Path, discard: &BTreeMap<String, Found>, stuck: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        stuck.push(dir.display().to_string());
        return;
    };
    for entry in entries {
        let Ok(entry) = entry else {
            stuck.push(dir.display().to_string());
            continue;
        };
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            stuck.push(path.display().to_string());
            continue;
        };
        if meta.is_dir() {
            settle_dir(out, old, &path, discard, stuck);
            let _ = fs::remove_dir(&path);
            continue;
        }
        let rel = relative(old, &path);
        let unchanged = inspect(&path, &meta).ok().is_some_and(|now| discard.get(&rel) == Some(&now));
        if unchanged {
            // If it cannot be deleted, it stays in `old`: a generated file, nothing is lost.
            let _ = fs::remove_file(&path);
            continue;
        }
        let back = out.join(path.strip_prefix(old).unwrap_or(&path));
        let put_back = fs::symlink_metadata(&back).is_err()
            && back.parent().is_none_or(|dir| fs::create_dir_all(dir).is_ok())
            && fs::rename(&path, &back).is_ok();
        if !put_back {
            stuck.push(rel);
        }
    }
}
