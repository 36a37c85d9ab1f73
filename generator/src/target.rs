//! Targets (`spec/targets/*.yaml`): crates made of several specs, each under its own version
//! module and sharing one runtime (the whole Datadog API: v1 and v2). A target file holds the
//! crate's settings and, for each spec, its file (relative to the target file), where the
//! vendor publishes it (`upstream`, which `spec update --target` downloads) and an optional
//! overlay of local corrections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::settings::GenerationSettings;

/// A target, read from its file.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its name: the target file's stem (`datadog-api`). The generated files' header names it.
    pub name: String,
    /// Its specs, in order; the first one's settings name the crate.
    pub specs: Vec<TargetSpec>,
}

/// One spec of a target.
#[derive(Debug, Clone)]
pub struct TargetSpec {
    /// The spec's file, resolved against the target file's folder.
    pub path: PathBuf,
    /// How its API is generated.
    pub settings: GenerationSettings,
    /// Where the vendor publishes it (an https URL; plain http only on loopback, for tests):
    /// `spec update --target` without `--from` reads it from there.
    pub upstream: Option<String>,
    /// Local corrections applied as a JSON merge patch when the spec is updated. Without one,
    /// `spec update` writes the vendor's file byte for byte.
    pub overlay: Option<PathBuf>,
}

/// The target file's keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    crate_name: String,
    #[serde(default = "default_runtime_module")]
    runtime_module: String,
    site_env: Option<String>,
    #[serde(default)]
    site_rules: bool,
    #[serde(default)]
    features: bool,
    #[serde(default)]
    parts: usize,
    /// Written into the crates' `Cargo.toml` only when given.
    repository: Option<String>,
    specs: Vec<SpecEntry>,
}

fn default_runtime_module() -> String {
    "datadog".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecEntry {
    spec: PathBuf,
    version_module: String,
    operation_prefix: String,
    upstream: Option<String>,
    overlay: Option<PathBuf>,
}

impl Target {
    /// The target in the file at `path`.
    pub fn read(path: &Path) -> Result<Target> {
        let text = crate::load::read(path)?;
        let file: TargetFile = serde_yaml::from_str(&text)
            .map_err(|e| Error::Parse { path: path.to_path_buf(), message: e.to_string() })?;
        let invalid = |message: String| Error::Other(format!("{}: {message}", path.display()));
        if file.specs.is_empty() {
            return Err(invalid("a target needs at least one spec".into()));
        }
        if file.parts > 0 && !file.features {
            return Err(invalid(
                "`parts` spreads the APIs' features over member crates, so it needs `features: true`".into(),
            ));
        }
        // The members are named `<crate>-runtime`, `<crate>-part-<n>`: crates.io takes 64 characters.
        let name = &file.crate_name;
        let longest = name.len() + "-runtime".len().max("-part-".len() + file.parts.to_string().len());
        if file.parts > 0 && longest > 64 {
            return Err(invalid(format!(
                "the crate name `{name}` is too long for member crates (`{name}-runtime`, `{name}-part-{}`): crates.io takes at most 64 characters",
                file.parts
            )));
        }
        // Plain http only on loopback, where tests serve a spec.
        let fetchable = |url: &str| {
            url.starts_with("https://")
                || ["127.0.0.1", "localhost", "[::1]"].iter().any(|h| url.starts_with(&format!("http://{h}")))
        };
        if let Some(url) = file.specs.iter().filter_map(|s| s.upstream.as_deref()).find(|u| !fetchable(u)) {
            return Err(invalid(format!("`upstream: {url}` is not an https URL")));
        }
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let base = path.parent().unwrap_or(Path::new("."));
        let mut modules = std::collections::BTreeSet::new();
        let mut specs = Vec::new();
        for entry in file.specs {
            let settings = GenerationSettings {
                runtime_module: file.runtime_module.clone(),
                version_module: entry.version_module,
                operation_prefix: entry.operation_prefix,
                site_env: file.site_env.clone(),
                site_rules: file.site_rules,
                features: file.features,
                parts: file.parts,
                repository: file.repository.clone(),
                generated_from: Some(format!("the {stem} target")),
                ..GenerationSettings::generic(&file.crate_name)
            };
            settings.validate()?;
            if !modules.insert(settings.version_module.clone()) {
                return Err(invalid(format!("two specs share the module `{}`", settings.version_module)));
            }
            specs.push(TargetSpec {
                path: tidy(&base.join(entry.spec)),
                settings,
                upstream: entry.upstream,
                overlay: entry.overlay.map(|o| tidy(&base.join(o))),
            });
        }
        Ok(Target { name: stem, specs })
    }

    /// The crate's package name.
    pub fn crate_name(&self) -> &str {
        &self.specs[0].settings.crate_name
    }

    /// Names the crate `name` instead of the target file's name (`--crate-name`).
    pub fn rename(&mut self, name: &str) {
        self.specs.iter_mut().for_each(|s| s.settings.crate_name = name.to_string());
    }

    /// Keeps each API in the part `record` says held it (see [`crate::layout::read_record`]).
    pub fn keep_parts(&mut self, record: &BTreeMap<String, usize>) {
        self.specs.iter_mut().for_each(|s| s.settings.part_record = record.clone());
    }
}

/// `path` without the `dir/..` pairs a relative spec path makes (`spec/targets/../datadog/x`
/// is `spec/datadog/x`), for messages; a `..` with nothing before it to undo is kept.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for part in path.components() {
        match (part, parts.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target_with(dir: &Path, name: &str, extra: &str, spec: &str) -> Result<Target> {
        let file = dir.join("t.yaml");
        std::fs::write(&file, format!("crate_name: {name}\n{extra}specs:\n  - {{ spec: a.yaml, version_module: v1, operation_prefix: v1{spec} }}\n"))
            .unwrap();
        Target::read(&file)
    }

    #[test]
    fn parts_need_features_and_room_in_the_name_for_the_members() {
        let dir = tempfile::tempdir().unwrap();
        let target = |name: &str, extra: &str| target_with(dir.path(), name, extra, "");
        assert_eq!(target("client", "features: true\nparts: 8\n").unwrap().specs[0].settings.parts, 8);
        let err = target("client", "parts: 8\n").unwrap_err().to_string();
        assert!(err.contains("needs `features: true`"), "{err}");
        let long = "c".repeat(57);
        let err = target(&long, "features: true\nparts: 8\n").unwrap_err().to_string();
        assert!(err.contains("too long for member crates"), "{err}");
        assert!(target(&"c".repeat(56), "features: true\nparts: 8\n").is_ok());
    }

    #[test]
    fn specs_overlays_and_the_header_come_from_the_target_file() {
        let dir = tempfile::tempdir().unwrap();
        let spec = ", upstream: \"https://example.com/a.yaml\", overlay: fix.yaml";
        let target = target_with(dir.path(), "client", "", spec).unwrap();
        assert_eq!(target.name, "t");
        let first = &target.specs[0];
        assert_eq!(
            (first.path.clone(), first.overlay.clone()),
            (dir.path().join("a.yaml"), Some(dir.path().join("fix.yaml")))
        );
        assert_eq!(first.upstream.as_deref(), Some("https://example.com/a.yaml"));
        assert_eq!(first.settings.generated_from.as_deref(), Some("the t target"));
        assert_eq!(first.settings.repository, None, "no repository unless the target gives one");
        assert_eq!(tidy(Path::new("spec/targets/../datadog/./a.yaml")), Path::new("spec/datadog/a.yaml"));
        assert_eq!(tidy(Path::new("../../a.yaml")), Path::new("../../a.yaml"));
        let err = target_with(dir.path(), "client", "", ", upstream: \"http://example.com/a.yaml\"").unwrap_err();
        assert!(err.to_string().contains("not an https URL"), "{err}");
    }
}
