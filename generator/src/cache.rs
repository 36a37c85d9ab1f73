//! The format cache: formatted files kept by a hash of their unformatted text, so that a
//! regeneration formats only the files whose text changed. Formatting is most of the generator's
//! time; a cache miss only costs that time, never a different output.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::render::File;

/// Everything besides a file's own text that decides how it formats: the formatting code and
/// the locked versions of syn and prettyplease.
const FORMATTER: &[&[u8]] = &[
    env!("CARGO_PKG_VERSION").as_bytes(),
    include_bytes!("format.rs"),
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock")),
];

/// A folder of formatted files named by key; pruned after each run to that run's files.
pub struct Cache {
    dir: PathBuf,
    /// The hasher after `FORMATTER`: hashed once per run, not once per file.
    formatter: Xxh3,
}

impl Cache {
    /// The cache in `dir`, a folder it owns (pruning removes anything else in it); `None` when
    /// the folder cannot be made, as a generation without a cache is only slower.
    pub fn open(dir: &Path) -> Option<Cache> {
        fs::create_dir_all(dir).ok()?;
        let mut formatter = Xxh3::new();
        for part in FORMATTER {
            formatter.update(part);
        }
        Some(Cache { dir: dir.to_path_buf(), formatter })
    }

    /// The key of a rendered file under `header`.
    pub fn key(&self, file: &File, header: &str) -> String {
        let mut hasher = self.formatter.clone();
        for part in [header, &file.path, &file.contents] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        format!("{:032x}", hasher.digest128())
    }

    /// The formatted text stored under `key`, if any; a missing or unreadable entry is a miss.
    pub fn get(&self, key: &str) -> Option<String> {
        fs::read_to_string(self.dir.join(key)).ok()
    }

    /// Stores a formatted file. A failure to store only loses the speed-up, so it is ignored.
    pub fn put(&self, key: &str, contents: &str) {
        // Written aside and renamed into place, so that a run killed mid-write, a full disk or
        // a concurrent run never leaves a partial entry that a later run would take as formatted.
        let partial = self.dir.join(format!("{key}.{}.partial", std::process::id()));
        if fs::write(&partial, contents).and_then(|()| fs::rename(&partial, self.dir.join(key))).is_err() {
            let _ = fs::remove_file(&partial);
        }
    }

    /// Removes every entry but those in `used`.
    pub fn prune(&self, used: &HashSet<String>) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            if !entry.file_name().to_str().is_some_and(|name| used.contains(name)) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}
