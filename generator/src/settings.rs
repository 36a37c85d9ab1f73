//! Generation settings: everything about the output that is a choice rather than a fact of the
//! spec, in one place. A spec's settings live beside it in `<spec stem>.codegen.yaml`; a
//! target's (a crate of several specs) are in its file (see [`crate::target`]).

use std::collections::BTreeMap;
use std::fmt;
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
    /// Datadog's rules for its server variables (`site` one of the spec's sites or a subdomain
    /// of their domains, `subdomain` a DNS label, `protocol` http or https, `name` a host):
    /// without them, every variable is only kept inside its place in the URL.
    pub site_rules: bool,
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
    /// The repository the generated crate is published from, for its `Cargo.toml`; written only
    /// when the settings give one.
    pub repository: Option<String>,
    /// The tags of the vendor's full spec whose operations the spec holds (`spec update`
    /// extracts them again).
    pub tags: Vec<String>,
    /// What the `@generated` header names as the crate's source when it is not the spec's file
    /// name: a target's name (`the datadog-api target`), so that renaming a spec file changes no
    /// generated file.
    pub generated_from: Option<String>,
    /// With `parts`: the part (numbered from 1, as in `crates/part-1`) that held each API,
    /// by feature, when the crate was last generated (read from [`crate::layout::RECORD`] in
    /// its folder). Each API stays there; empty to spread them all anew.
    pub part_record: BTreeMap<String, usize>,
    /// Refuse the spec on an operation the generator cannot use, rather than leave it out with
    /// a warning (`cargo xtask codegen --strict`).
    pub strict: bool,
}

/// Where a crate's name came from, for messages that must say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrateNameFrom {
    /// `--crate-name`.
    Flag,
    /// `crate_name` in this settings file.
    SettingsFile(PathBuf),
    /// The spec's file name, for want of anything else.
    SpecFileName(PathBuf),
}

impl fmt::Display for CrateNameFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrateNameFrom::Flag => write!(f, "given with --crate-name"),
            CrateNameFrom::SettingsFile(path) => write!(f, "from `crate_name` in {}", path.display()),
            CrateNameFrom::SpecFileName(path) => write!(
                f,
                "taken from the spec's file name, {}, for want of `crate_name` in settings",
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            ),
        }
    }
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
    site_rules: bool,
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
            site_rules: true,
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
            site_rules: false,
            features: false,
            parts: 0,
            crate_version: FIRST_VERSION.to_string(),
            repository: None,
            tags: Vec::new(),
            strict: false,
            generated_from: None,
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
        Self::for_spec_named(spec, file, crate_name).map(|(settings, _)| settings)
    }

    /// Like [`for_spec`](Self::for_spec), and where the crate's name came from. An invalid
    /// name is an error that says where it came from, and how to give another.
    pub fn for_spec_named(
        spec: &Path,
        file: Option<&Path>,
        crate_name: Option<&str>,
    ) -> Result<(GenerationSettings, CrateNameFrom)> {
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
        let (name, from) = match (crate_name, read.crate_name, &file) {
            (Some(name), _, _) => (name.to_string(), CrateNameFrom::Flag),
            (None, Some(name), Some(file)) => (name, CrateNameFrom::SettingsFile(file.clone())),
            _ => (stem, CrateNameFrom::SpecFileName(spec.to_path_buf())),
        };
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
        settings.site_rules = read.site_rules;
        settings.features = read.features;
        settings.repository = read.repository;
        settings.tags = read.tags.unwrap_or_default();
        settings.validate().map_err(|e| match (&e, &from) {
            (Error::Other(message), _) if message.starts_with("the crate name") => Error::Other(format!(
                "{message}; the name was {from}: give a valid one with --crate-name NAME{}",
                if matches!(from, CrateNameFrom::SpecFileName(_)) {
                    " (or `crate_name` in a settings file)"
                } else {
                    ""
                }
            )),
            _ => e,
        })?;
        Ok((settings, from))
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
        let (_, from) = GenerationSettings::for_spec_named(&spec, None, None).unwrap();
        assert_eq!(from, CrateNameFrom::SpecFileName(spec.clone()), "the settings file names no crate");
        std::fs::write(dir.path().join("github_api.codegen.yaml"), "version_modul: x\n").unwrap();
        assert!(GenerationSettings::for_spec(&spec, None, None).unwrap_err().to_string().contains("unknown field"));
    }

    #[test]
    fn an_invalid_crate_name_says_where_it_came_from_and_how_to_give_another() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("datadog-v2-openapi.updated.yaml");
        let err = GenerationSettings::for_spec(&spec, None, None).unwrap_err().to_string();
        assert!(err.contains("the crate name `datadog-v2-openapi.updated` is not valid"), "{err}");
        assert!(err.contains("from the spec's file name, datadog-v2-openapi.updated.yaml"), "{err}");
        assert!(err.contains("--crate-name"), "{err}");
        let err = GenerationSettings::for_spec(&spec, None, Some("1x")).unwrap_err().to_string();
        assert!(err.contains("given with --crate-name"), "{err}");
        let (settings, from) = GenerationSettings::for_spec_named(&spec, None, Some("ok")).unwrap();
        assert_eq!((settings.crate_name.as_str(), from), ("ok", CrateNameFrom::Flag));
    }
}
