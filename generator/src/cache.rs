//! The format cache: formatted files kept by a hash of their unformatted text, so that a
//! regeneration formats only the files whose text changed. Formatting is most of the generator's
//! time; a cache miss only costs that time, never a different output.
//!
//! The entries live in one file, read once and written once per run: a file per entry cost the
//! whole API's cold generation some 13,000 file creations and renames, as much time as formatting.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::render::File;

/// Everything besides a file's own text that decides how it formats: the formatting code and
/// the locked versions of syn and prettyplease.
const FORMATTER: &[&[u8]] = &[
    env!("CARGO_PKG_VERSION").as_bytes(),
    include_bytes!("format.rs"),
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock")),
];

/// The file in the cache's folder that holds every entry.
const PACK: &str = "formatted.pack";

/// The pack's first bytes; a pack that does not start with them is not read.
const MAGIC: &[u8] = b"codegen format cache 1\n";

/// The length of a key: 128 bits in hex.
const KEY_LEN: usize = 32;

/// The formatted files of the last run, by key.
pub struct Cache {
    dir: PathBuf,
    /// The hasher after `FORMATTER`: hashed once per run, not once per file.
    formatter: Xxh3,
    /// The entries not yet taken by [`Cache::take`].
    stored: Mutex<HashMap<String, String>>,
}

impl Cache {
    /// The cache in `dir`, a folder it owns (saving removes anything else in it); `None` when the
    /// folder cannot be made, as a generation without a cache is only slower. A pack that cannot
    /// be read, or is damaged, is an empty cache.
    pub fn open(dir: &Path) -> Option<Cache> {
        fs::create_dir_all(dir).ok()?;
        let mut formatter = Xxh3::new();
        for part in FORMATTER {
            formatter.update(part);
        }
        let stored = fs::read(dir.join(PACK)).ok().and_then(|bytes| unpack(&bytes)).unwrap_or_default();
        Some(Cache { dir: dir.to_path_buf(), formatter, stored: Mutex::new(stored) })
    }

    /// The key of a rendered file under `header`.
    pub fn key(&self, file: &File, header: &str) -> String {
        let mut hasher = self.formatter.clone();
        for part in [header, &file.path, &file.contents] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        format!("{:0width$x}", hasher.digest128(), width = KEY_LEN)
    }

    /// The formatted text stored under `key`, if any, taken out of the cache: each file is
    /// looked up once, and the text is not held twice.
    pub fn take(&self, key: &str) -> Option<String> {
        self.entries().remove(key)
    }

    /// How many entries the cache holds (once opened: how many the last run saved).
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Saves `used`, the keys and formatted texts of this run, as the cache for the next one,
    /// unless they are what it held already (every one taken, none formatted anew: `fresh` is
    /// false); removes anything else in the folder (entries of an older cache layout). A failure
    /// to save only loses the speed-up, so it is ignored.
    pub fn save<'a>(&self, used: impl Iterator<Item = (&'a str, &'a str)>, fresh: bool) {
        if !fresh && self.is_empty() {
            return;
        }
        let mut used: Vec<_> = used.collect();
        used.sort_unstable();
        // Written aside and renamed into place, so that a run killed mid-write, a full disk or
        // a concurrent run never leaves a partial pack (and the trailing hash catches the rest).
        let partial = self.dir.join(format!("{PACK}.{}.partial", std::process::id()));
        let written = fs::write(&partial, pack(used.into_iter()));
        if written.and_then(|()| fs::rename(&partial, self.dir.join(PACK))).is_err() {
            let _ = fs::remove_file(&partial);
            return;
        }
        let Ok(others) = fs::read_dir(&self.dir) else { return };
        for entry in others.flatten().filter(|entry| entry.file_name() != PACK) {
            let _ = fs::remove_file(entry.path());
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.stored.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The pack's bytes: the magic line; per entry its key, its length (u64, little-endian) and its
/// text; then the 128-bit hash of all that.
fn pack<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    for (key, contents) in entries {
        bytes.extend_from_slice(key.as_bytes());
        bytes.extend_from_slice(&(contents.len() as u64).to_le_bytes());
        bytes.extend_from_slice(contents.as_bytes());
    }
    let hash = xxh3_128(&bytes);
    bytes.extend_from_slice(&hash.to_le_bytes());
    bytes
}

/// The entries of a pack; `None` if it is not one, or not whole.
fn unpack(bytes: &[u8]) -> Option<HashMap<String, String>> {
    let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    if xxh3_128(body).to_le_bytes() != hash {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut entries = HashMap::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_at_checked(KEY_LEN)?;
        let (len, after) = after.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (contents, after) = after.split_at_checked(len)?;
        entries.insert(String::from_utf8(key.to_vec()).ok()?, String::from_utf8(contents.to_vec()).ok()?);
        rest = after;
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> HashMap<String, String> {
        let key = |n: u8| format!("{n:032x}");
        HashMap::from([(key(1), "fn a() {}\n".to_string()), (key(2), String::new()), (key(3), "é\n".into())])
    }

    #[test]
    fn a_pack_reads_back_what_was_written() {
        let entries = entries();
        assert_eq!(unpack(&pack(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())))), Some(entries));
        assert_eq!(unpack(&pack(std::iter::empty())), Some(HashMap::new()));
    }

    #[test]
    fn a_damaged_or_cut_pack_is_no_cache_and_no_panic() {
        let entries = entries();
        let bytes = pack(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        for cut in 0..bytes.len() {
            assert_eq!(unpack(&bytes[..cut]), None, "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert_eq!(unpack(&damaged), None, "byte {at} changed");
        }
    }

    #[test]
    fn saving_keeps_only_this_run_s_entries_and_removes_older_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("0123456789abcdef0123456789abcdef"), "an entry of the old layout").unwrap();
        let (kept, dropped) = ("a".repeat(KEY_LEN), "b".repeat(KEY_LEN));
        let cache = Cache::open(dir.path()).unwrap();
        assert!(cache.is_empty());
        cache.save([(kept.as_str(), "kept"), (dropped.as_str(), "dropped")].into_iter(), true);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [PACK]);

        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.take(&kept).as_deref(), Some("kept"));
        cache.save([(kept.as_str(), "kept")].into_iter(), false);
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!((cache.len(), cache.take(&kept).as_deref(), cache.take(&dropped)), (1, Some("kept"), None));
    }
}
