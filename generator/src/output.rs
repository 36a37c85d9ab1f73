//! Write and check: the generated files against the crate folder on disk.
//!
//! The generator owns `Cargo.toml` and everything under `src/`; anything else in the folder
//! (tests, examples, benches) is the user's and is never touched.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::File;

/// A file whose contents on disk differ from the generated ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    /// A unified diff, from the file on disk to the generated one.
    pub diff: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Removed,
}

/// Generated files on disk now: `Cargo.toml` and all of `src/`.
fn owned_on_disk(out: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    let cargo = out.join("Cargo.toml");
    if cargo.exists() {
        files.insert("Cargo.toml".to_string(), read(&cargo)?);
    }
    let mut stack = vec![out.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.map_err(|source| Error::Read { path: dir.clone(), source })?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(out) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, read(&path)?);
            }
        }
    }
    Ok(files)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })
}

/// What differs between the generated files and the folder, in path order.
pub fn changes(out: &Path, files: &[File]) -> Result<Vec<Change>> {
    let mut on_disk = owned_on_disk(out)?;
    let mut changes = Vec::new();
    for file in files {
        match on_disk.remove(&file.path) {
            Some(old) if old == file.contents => {}
            Some(old) => changes.push(change(&file.path, ChangeKind::Modified, &old, &file.contents)),
            None => changes.push(change(&file.path, ChangeKind::Added, "", &file.contents)),
        }
    }
    for (path, old) in on_disk {
        changes.push(change(&path, ChangeKind::Removed, &old, ""));
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

fn change(path: &str, kind: ChangeKind, old: &str, new: &str) -> Change {
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    Change { path: path.to_string(), kind, diff }
}

/// Writes the generated crate into `out`. Everything is first written to a staging folder
/// beside it, then swapped in; if any step fails, `out` is left as it was.
pub fn write(out: &Path, files: &[File]) -> Result<Vec<Change>> {
    let changes = changes(out, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "crate".into());
    let staging = parent.join(format!(".{name}.codegen-{}", std::process::id()));
    let result = stage(&staging, files).and_then(|()| swap(out, &staging));
    let _ = fs::remove_dir_all(&staging);
    result.map(|()| changes)
}

fn stage(staging: &Path, files: &[File]) -> Result<()> {
    let _ = fs::remove_dir_all(staging);
    for file in files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
        }
        fs::write(&path, &file.contents).map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    Ok(())
}

/// Replaces `out/src` and `out/Cargo.toml` with the staged ones by renames, restoring the old
/// `src` if the second step fails.
fn swap(out: &Path, staging: &Path) -> Result<()> {
    let io = |path: PathBuf| move |source| Error::Write { path, source };
    fs::create_dir_all(out).map_err(io(out.to_path_buf()))?;
    let src = out.join("src");
    let backup = staging.join("src.old");
    let had_src = src.exists();
    if had_src {
        fs::rename(&src, &backup).map_err(io(src.clone()))?;
    }
    if let Err(source) = fs::rename(staging.join("src"), &src) {
        if had_src {
            let _ = fs::rename(&backup, &src);
        }
        return Err(Error::Write { path: src, source });
    }
    if let Err(source) = fs::rename(staging.join("Cargo.toml"), out.join("Cargo.toml")) {
        let _ = fs::remove_dir_all(&src);
        if had_src {
            let _ = fs::rename(&backup, &src);
        }
        return Err(Error::Write { path: out.join("Cargo.toml"), source });
    }
    Ok(())
}
