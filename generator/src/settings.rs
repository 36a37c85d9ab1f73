//! Generation settings: everything about the output that is a choice rather than a fact of the
//! spec, in one place. A spec's settings live beside it in `<spec stem>.codegen.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// How a spec becomes a crate: its name and the layout of its modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerationSettings {
    /// The package name of the generated crate (`datadog-org-connections`).
    pub crate_name: String,
    /// The module that holds the runtime: configuration, client, errors (`datadog`).
    pub runtime_module: String,
    /// The module that holds the APIs and models (`datadogV2`).
    pub version_module: String,
    /// What each operation's key in `Configuration` starts with (`v2`, for `v2.list_org_connections`).
    pub operation_prefix: String,
    /// The environment variable that sets the `site` server variable, if any (`DD_SITE`).
    pub site_env: Option<String>,
    /// A cargo feature per tag (`v2-org-connections`), gating its API and the models it
    /// reaches, plus `all`: for crates of many APIs, so users compile only what they call.
    pub features: bool,
    /// With features: how many member crates ("parts") the APIs are spread over, beside a
    /// runtime crate and a crate of the models several APIs share; 0 keeps one crate. Cargo
    /// builds the parts in parallel, and no one compiler holds the whole API (see
    /// [`crate::layout`]).
    pub parts: usize,
    /// The version written into the crate's `Cargo.toml`. Not read from the settings file: the
    /// generator keeps it in the crate's API manifest and bumps it by the change report
    /// (see [`crate::diff`]).
    pub crate_version: String,
    /// The repository the generated crate is published from, for its `Cargo.toml`.
    pub repository: Option<String>,
    /// The tags of the vendor's full spec whose operations the spec holds (`spec update`
    /// extracts them again).
    pub tags: Vec<String>,
    /// With `parts`: the part (numbered from 1, as in `crates/part-1`) that held each API,
    /// by feature, when the crate was last generated (read from [`crate::layout::RECORD`] in
    /// its folder). Each API stays there; empty to spread them all anew.
    pub part_record: BTreeMap<String, usize>,
}

/// The version of a crate generated for the first time.
pub const FIRST_VERSION: &str = "0.1.0";

/// The settings file's keys; any may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    crate_name: Option<String>,
    runtime_module: Option<String>,
    version_module: Option<String>,
    operation_prefix: Option<String>,
    site_env: Option<String>,
    #[serde(default)]
    features: bool,
    repository: Option<String>,
    tags: Option<Vec<String>>,
}

impl GenerationSettings {
    /// The layout of Datadog's own v2 client, which the generated crate is a drop-in for.
    pub fn datadog_v2(crate_name: &str) -> GenerationSettings {
        GenerationSettings {
            runtime_module: "datadog".to_string(),
            version_module: "datadogV2".to_string(),
            operation_prefix: "v2".to_string(),
            site_env: Some("DD_SITE".to_string()),
            ..Self::generic(crate_name)
        }
    }

    /// The layout for a spec without settings: nothing vendor-specific.
    pub fn generic(crate_name: &str) -> GenerationSettings {
        GenerationSettings {
            crate_name: crate_name.to_string(),
            runtime_module: "runtime".to_string(),
            version_module: "api".to_string(),
            operation_prefix: "api".to_string(),
            site_env: None,
            features: false,
            parts: 0,
            crate_version: FIRST_VERSION.to_string(),
            repository: None,
            tags: Vec::new(),
            part_record: BTreeMap::new(),
        }
    }

    /// The file that holds a spec's settings: `<spec stem>.codegen.yaml` beside it.
    pub fn file_beside(spec: &Path) -> PathBuf {
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        spec.with_file_name(format!("{stem}.codegen.yaml"))
    }

    /// The settings for `spec`: from `file` when given, else from the file beside the spec if
    /// there is one, else [`GenerationSettings::generic`]; `crate_name` overrides the file's.
    pub fn for_spec(spec: &Path, file: Option<&Path>, crate_name: Option<&str>) -> Result<GenerationSettings> {
        let beside = Self::file_beside(spec);
        let file = match file {
            Some(f) => Some(f.to_path_buf()),
            None => beside.exists().then_some(beside),
        };
        let read = match &file {
            Some(path) => {
                let text = crate::load::read(path)?;
                serde_yaml::from_str::<SettingsFile>(&text)
                    .map_err(|e| Error::Parse { path: path.clone(), message: e.to_string() })?
            }
            None => SettingsFile::default(),
        };
        let stem = spec.file_stem().map(|s| s.to_string_lossy().replace('_', "-")).unwrap_or_default();
        let name = crate_name.map(str::to_string).or(read.crate_name).unwrap_or(stem);
        let mut settings = Self::generic(&name);
        if let Some(v) = read.runtime_module {
            settings.runtime_module = v;
        }
        if let Some(v) = read.version_module {
            settings.version_module = v;
        }
        if let Some(v) = read.operation_prefix {
            settings.operation_prefix = v;
        }
        settings.site_env = read.site_env;
        settings.features = read.features;
        settings.repository = read.repository;
        settings.tags = read.tags.unwrap_or_default();
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses settings that would write a crate cargo or rustc reject.
    pub fn validate(&self) -> Result<()> {
        let bad =
            |what: &str, value: &str, rule: &str| Err(Error::Other(format!("{what} `{value}` is not valid: {rule}")));
        let name = &self.crate_name;
        // An identifier that starts with a letter; `-` in a crate name reads as `_` in Rust.
        let ident = |s: &str| crate::naming::is_ident(s) && s.starts_with(|c: char| c.is_ascii_alphabetic());
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ident(&self.crate_ident()) || name.len() > 64 {
            return bad(
                "the crate name",
                name,
                "it must start with an ASCII letter and hold only letters, digits, `-` and `_` (at most 64)",
            );
        }
        if crate::naming::is_keyword(&self.crate_ident())
            || ["std", "core", "alloc", "test", "proc_macro"].contains(&self.crate_ident().as_str())
        {
            return bad("the crate name", name, "it is a Rust keyword or the name of a built-in crate");
        }
        let module = &self.version_module;
        let runtime = &self.runtime_module;
        // The runtime's own modules: one of them as its name would be `client::client`.
        const INNER: &[&str] =
            &["client", "configuration", "error", "hosts", "multipart", "pagination", "serde_helpers", "spec"];
        if !ident(runtime) || crate::naming::is_keyword(runtime) || INNER.contains(&runtime.as_str()) {
            return bad(
                "the runtime module",
                runtime,
                "it must be a Rust identifier other than a keyword or one of the runtime's own modules",
            );
        }
        if !ident(module) || crate::naming::is_keyword(module) || module == runtime {
            return bad(
                "the version module",
                module,
                "it must be a Rust identifier other than a keyword or the runtime module",
            );
        }
        if !word(&self.operation_prefix) {
            return bad("the operation prefix", &self.operation_prefix, "it must be ASCII letters, digits or `_`");
        }
        if let Some(env) = self.site_env.as_deref().filter(|env| !word(env)) {
            return bad("the site variable", env, "it must be ASCII letters, digits or `_`");
        }
        Ok(())
    }

    /// The crate name as a Rust identifier (`datadog_org_connections`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// The Rust path of the models module (`crate::datadogV2::model`).
    pub fn model_module(&self) -> String {
        format!("crate::{}::model", self.version_module)
    }
}

/// A crate made of several specs (`spec/targets/*.yaml`): the crate's settings, and per spec
/// its file (relative to the target file) and version module.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    crate_name: String,
    #[serde(default = "default_runtime_module")]
    runtime_module: String,
    site_env: Option<String>,
    #[serde(default)]
    features: bool,
    #[serde(default)]
    parts: usize,
    specs: Vec<TargetSpec>,
}

fn default_runtime_module() -> String {
    "datadog".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetSpec {
    spec: PathBuf,
    version_module: String,
    operation_prefix: String,
}

/// The specs of a named target and the settings each is generated with, in order.
pub fn target(path: &Path) -> Result<Vec<(PathBuf, GenerationSettings)>> {
    let text = crate::load::read(path)?;
    let file: TargetFile =
        serde_yaml::from_str(&text).map_err(|e| Error::Parse { path: path.to_path_buf(), message: e.to_string() })?;
    if file.specs.is_empty() {
        return Err(Error::Other(format!("{}: a target needs at least one spec", path.display())));
    }
    if file.parts > 0 && !file.features {
        return Err(Error::Other(format!(
            "{}: `parts` spreads the APIs' features over member crates, so it needs `features: true`",
            path.display()
        )));
    }
    // The members are named `<crate>-runtime`, `<crate>-part-<n>`: crates.io takes 64 characters.
    let longest = file.crate_name.len() + "-runtime".len().max("-part-".len() + file.parts.to_string().len());
    if file.parts > 0 && longest > 64 {
        return Err(Error::Other(format!(
            "{}: the crate name `{}` is too long for member crates (`{}-runtime`, `{}-part-{}`): crates.io takes at most 64 characters",
            path.display(),
            file.crate_name,
            file.crate_name,
            file.crate_name,
            file.parts
        )));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let mut modules = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for spec in file.specs {
        let settings = GenerationSettings {
            runtime_module: file.runtime_module.clone(),
            version_module: spec.version_module,
            operation_prefix: spec.operation_prefix,
            site_env: file.site_env.clone(),
            features: file.features,
            parts: file.parts,
            ..GenerationSettings::generic(&file.crate_name)
        };
        settings.validate()?;
        if !modules.insert(settings.version_module.clone()) {
            return Err(Error::Other(format!(
                "{}: two specs share the module `{}`",
                path.display(),
                settings.version_module
            )));
        }
        out.push((base.join(spec.spec), settings));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_cargo_would_refuse_are_refused() {
        for bad in ["My Crate!", "", "1abc", "foo/bar", "fn", "std", "é"] {
            let err = GenerationSettings::generic(bad).validate().unwrap_err().to_string();
            assert!(err.starts_with("the crate name"), "{bad}: {err}");
        }
        for good in ["a", "datadog-org-connections", "my_crate2"] {
            GenerationSettings::generic(good).validate().unwrap();
        }
    }

    #[test]
    fn settings_come_from_the_file_beside_the_spec() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("github_api.yaml");
        let generic = GenerationSettings::for_spec(&spec, None, None).unwrap();
        assert_eq!(generic, GenerationSettings::generic("github-api"));
        std::fs::write(dir.path().join("github_api.codegen.yaml"), "version_module: github\noperation_prefix: gh\n")
            .unwrap();
        let read = GenerationSettings::for_spec(&spec, None, Some("octo")).unwrap();
        assert_eq!(
            (read.crate_name.as_str(), read.version_module.as_str(), read.operation_prefix.as_str()),
            ("octo", "github", "gh")
        );
        std::fs::write(dir.path().join("github_api.codegen.yaml"), "version_modul: x\n").unwrap();
        assert!(GenerationSettings::for_spec(&spec, None, None).unwrap_err().to_string().contains("unknown field"));
    }

    #[test]
    fn parts_need_features_and_room_in_the_name_for_the_members() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.yaml");
        let target_with = |name: &str, extra: &str| {
            std::fs::write(&file, format!("crate_name: {name}\n{extra}specs:\n  - {{ spec: a.yaml, version_module: v1, operation_prefix: v1 }}\n"))
                .unwrap();
            target(&file)
        };
        assert_eq!(target_with("client", "features: true\nparts: 8\n").unwrap()[0].1.parts, 8);
        let err = target_with("client", "parts: 8\n").unwrap_err().to_string();
        assert!(err.contains("needs `features: true`"), "{err}");
        let long = "c".repeat(57);
        let err = target_with(&long, "features: true\nparts: 8\n").unwrap_err().to_string();
        assert!(err.contains("too long for member crates"), "{err}");
        assert!(target_with(&"c".repeat(56), "features: true\nparts: 8\n").is_ok());
    }
}
