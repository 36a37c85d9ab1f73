//! Releases: the crate's next version from a report, and its changelog entry. The version lives
//! in the API manifest beside the crate; `CHANGELOG.md` only ever gains entries.

use std::path::Path;

use super::report::{markdown_sections, pre_1_0, summary};
use super::{Bump, Manifest, Report, TargetManifest};
use crate::error::{Error, Result};
use crate::settings::GenerationSettings;

/// The changelog's file name, in the crate folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The version after `current` for `report`: before 1.0, breaking -> minor and anything else ->
/// patch; from 1.0, breaking -> major, additive -> minor, docs -> patch. No change, no bump.
pub fn next_version(current: &str, report: &Report) -> Result<String> {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let parts: Vec<u64> = core.split('.').map(str::parse).collect::<std::result::Result<_, _>>().map_err(|_| {
        Error::Other(format!("the crate version `{current}` in the API manifest is not MAJOR.MINOR.PATCH"))
    })?;
    let [major, minor, patch] = parts[..] else {
        return Err(Error::Other(format!(
            "the crate version `{current}` in the API manifest is not MAJOR.MINOR.PATCH"
        )));
    };
    let bump = if major == 0 { pre_1_0(report.bump()) } else { report.bump() };
    Ok(match bump {
        Bump::None => current.to_string(),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    })
}

/// What a generation into a crate folder changes for its users.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The crate's name and version in the folder's API manifest, if it has this crate's.
    pub previous: Option<Previous>,
    /// From the previous manifest to the new one; empty without a previous one.
    pub report: Report,
    /// The version to write: the previous one, bumped by the report.
    version: String,
    /// The API manifest to write (`api-manifest.json`), at that version.
    pub manifest: String,
}

/// The crate a folder's API manifest describes.
#[derive(Debug, Clone)]
pub struct Previous {
    pub crate_name: String,
    pub version: String,
}

impl Plan {
    /// Compares the crate in `out` with what `api` renders to, under `settings`. The manifest
    /// of another crate (another package name, which only an explicit replacement writes over)
    /// is no history of this one: its version starts over.
    pub fn new(out: &Path, api: &crate::ir::Api, settings: &GenerationSettings, header: &str) -> Result<Plan> {
        let mut manifest = Manifest::from_api(api, settings, header);
        let Some(old) = Manifest::read_of(out, &settings.crate_name)? else {
            return Ok(Plan::first(manifest.version.clone(), manifest.to_json()));
        };
        let report = super::diff(&old, &manifest, settings);
        manifest.version = next_version(&old.version, &report)?;
        Ok(Plan::after(&old.crate_name, &old.version, report, manifest.version.clone(), manifest.to_json()))
    }

    /// The same for a crate of several specs (a target's): `apis` in the target's order, the
    /// first one's settings naming the crate. Its report covers every spec, each change with
    /// the features of the APIs it touches.
    pub fn for_target(out: &Path, apis: &[(&crate::ir::Api, &GenerationSettings)], header: &str) -> Result<Plan> {
        let Some((_, first)) = apis.first() else {
            return Err(Error::Other("no spec to generate a crate from".into()));
        };
        let specs: Vec<Manifest> = apis.iter().map(|(api, settings)| Manifest::from_api(api, settings, "")).collect();
        let mut manifest = TargetManifest::new(header, &first.crate_name, &first.crate_version, specs);
        let Some(old) = TargetManifest::read_of(out, &first.crate_name)? else {
            return Ok(Plan::first(manifest.version.clone(), manifest.to_json()));
        };
        let report = super::diff_specs(&old.specs, &manifest.specs, first);
        manifest.version = next_version(&old.version, &report)?;
        Ok(Plan::after(&old.crate_name, &old.version, report, manifest.version.clone(), manifest.to_json()))
    }

    /// The first generation into a folder: no history, nothing to report.
    fn first(version: String, manifest: String) -> Plan {
        Plan { previous: None, report: Report::default(), version, manifest }
    }

    /// A generation after the crate `crate_name` at `old_version`.
    fn after(crate_name: &str, old_version: &str, report: Report, version: String, manifest: String) -> Plan {
        let previous = Previous { crate_name: crate_name.to_string(), version: old_version.to_string() };
        Plan { previous: Some(previous), report, version, manifest }
    }

    /// The version to write.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether the version moves, so that the changelog gains an entry.
    pub fn bumps(&self) -> bool {
        self.previous.as_ref().is_some_and(|p| p.version != self.version())
    }

    /// The changelog entry for this generation, released on `date` (`YYYY-MM-DD`): the first
    /// release of a crate without a manifest yet, or the report of a version bump; none otherwise.
    pub fn changelog_entry(&self, date: &str) -> Option<String> {
        if self.previous.is_none() {
            Some(format!("## [{}] - {date}\n\nFirst release.\n", self.version()))
        } else if self.bumps() {
            Some(changelog_entry(self.version(), date, &self.report))
        } else {
            None
        }
    }
}

/// The changelog entry for `version`, released on `date` (`YYYY-MM-DD`).
pub fn changelog_entry(version: &str, date: &str, report: &Report) -> String {
    format!("## [{version}] - {date}\n\n{}\n{}", summary(report), markdown_sections(report))
}

const CHANGELOG_HEAD: &str = "# Changelog\n\nAll notable changes to this crate are listed here, newest first. The format is based on\n[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and the crate follows\n[Semantic Versioning](https://semver.org/spec/v2.0.0.html). Entries are written by\n`cargo xtask codegen` from the change report of each spec update; earlier entries are kept.\n";

/// Adds `entry` (for `version`) to `out/CHANGELOG.md` above the newest entry, creating the file
/// if needed. An entry for that version already there is left alone; nothing is ever removed.
/// Returns whether the file changed.
pub fn add_to_changelog(out: &Path, version: &str, entry: &str) -> Result<bool> {
    let path = out.join(CHANGELOG);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CHANGELOG_HEAD.to_string(),
        Err(source) => return Err(Error::Read { path, source }),
    };
    if text.lines().any(|l| l.starts_with(&format!("## [{version}]"))) {
        return Ok(false);
    }
    let at = text.find("\n## [").map_or(text.len(), |i| i + 1);
    let (head, rest) = text.split_at(at);
    let mut head = head.trim_end().to_string();
    head.push_str("\n\n");
    let updated = format!("{head}{}\n{rest}", entry.trim_end());
    let updated = format!("{}\n", updated.trim_end());
    std::fs::write(&path, updated).map_err(|source| Error::Write { path, source })?;
    Ok(true)
}

/// Today's date in UTC, `YYYY-MM-DD` (the changelog's release dates).
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 -> `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Class, Kind, Role};

    fn report(classes: &[Class]) -> Report {
        let changes = classes
            .iter()
            .map(|&class| Change {
                class,
                kind: Kind::Added,
                item: "x".into(),
                location: "#/x".into(),
                role: Role::None,
                detail: String::new(),
                features: Vec::new(),
            })
            .collect();
        Report { changes }
    }

    #[test]
    fn versions_bump_by_the_most_severe_change() {
        let next = |v: &str, c: &[Class]| next_version(v, &report(c)).unwrap();
        assert_eq!(next("0.1.0", &[]), "0.1.0");
        assert_eq!(next("0.1.0", &[Class::Docs]), "0.1.1");
        assert_eq!(next("0.1.3", &[Class::Additive, Class::Docs]), "0.1.4");
        assert_eq!(next("0.1.3", &[Class::Breaking, Class::Additive]), "0.2.0");
        assert_eq!(next("1.2.3", &[Class::Breaking]), "2.0.0");
        assert_eq!(next("1.2.3", &[Class::Additive]), "1.3.0");
        assert_eq!(next("1.2.3", &[Class::Docs]), "1.2.4");
        assert!(next_version("1.2", &report(&[])).is_err());
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn the_changelog_gains_entries_and_keeps_the_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        assert!(add_to_changelog(dir.path(), "0.1.0", "## [0.1.0] - 2026-01-01\n\nFirst.\n").unwrap());
        assert!(add_to_changelog(dir.path(), "0.2.0", "## [0.2.0] - 2026-02-01\n\nSecond.\n").unwrap());
        assert!(!add_to_changelog(dir.path(), "0.2.0", "## [0.2.0] - 2026-02-02\n\nAgain.\n").unwrap());
        let text = std::fs::read_to_string(dir.path().join(CHANGELOG)).unwrap();
        let second = text.find("## [0.2.0]").unwrap();
        assert!(text.starts_with("# Changelog"));
        assert!(second < text.find("## [0.1.0]").unwrap(), "{text}");
        assert!(!text.contains("Again"));
    }
}
