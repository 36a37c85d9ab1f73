//! Render: IR -> text. Which file of a crate comes from which template, and nothing else: each
//! template reads one typed view (`views.rs`); the runtime is copied as it is (`runtime.rs`).

pub mod calls;
mod manifest;
pub(crate) mod runtime;
pub(crate) mod templates;
pub mod views;

use self::templates::Templates;
use self::views::{
    ApiView, CrateView, ExampleCall, GroupSummary, MemberLibView, MockExample, MockView, ModelEntry, ModelModView,
    ModelView, OperationServers, SmokeView, SpecView, VersionGroup, VersionModView, VersionSummary,
};
use crate::error::{Error, Result};
use crate::ir::{Api, ApiGroup, Model, ModelKind};
use crate::layout::{Home, Layout, Member};
use crate::settings::GenerationSettings;

/// One output file, path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
    /// Already formatted (the runtime's files, formatted once per process when their tests are
    /// stripped): `format` only puts the header on.
    pub formatted: bool,
}

/// Renders every file of the crate: one API per spec, each in its own version module
/// (`datadogV1`, `datadogV2`), sharing one runtime. The first spec's settings name the crate;
/// when they ask for `parts`, the APIs are spread over member crates under `crates/` (see
/// [`Layout`]). Rust files come out unformatted; see `format`.
pub fn render_crate(versions: &[(Api, GenerationSettings)]) -> Result<Vec<File>> {
    let (templates, first, settings) = crate_templates(versions, "a crate")?;
    let layout = (settings.features && settings.parts > 0)
        .then(|| Layout::new(versions, &settings.crate_name, settings.parts, &settings.part_record));
    let layout = layout.as_ref();
    let runtime_crate = layout.map(|l| l.runtime.ident.as_str());
    // Where each crate's files go: the crate users depend on, or a member's folder.
    let prefix = |home: Home| layout.and_then(|l| l.member(home)).map(Member::prefix).unwrap_or_default();
    let group_home = |g: &ApiGroup| layout.map_or(Home::Root, |l| l.group_home(g));
    let model_home = |m: &Model| layout.map_or(Home::Root, |l| l.home(m));
    let version_modules: Vec<&str> = versions.iter().map(|(_, s)| s.version_module.as_str()).collect();

    let (root_manifest, members) = manifest::manifests(versions, layout);
    let auth = views::auth_schemes(versions);
    let usual_requirement: Vec<String> = versions
        .iter()
        .flat_map(|(api, _)| api.operations())
        .find_map(|op| op.auth.first().filter(|set| !set.is_empty()).cloned())
        .unwrap_or_default();
    let crate_view = CrateView {
        crate_name: &settings.crate_name,
        crate_ident: settings.crate_ident(),
        features: settings.features,
        versions: versions
            .iter()
            .map(|(api, s)| VersionSummary {
                module: &s.version_module,
                groups: api.groups.iter().map(GroupSummary::of).collect(),
            })
            .collect(),
        title: &first.title,
        version: &first.version,
        version_module: &settings.version_module,
        groups: first.groups.iter().map(GroupSummary::of).collect(),
        example: first.groups.first().and_then(ExampleCall::of),
        mock_example: first
            .groups
            .first()
            .and_then(ExampleCall::of)
            .filter(|_| !settings.features)
            .and_then(|call| MockExample::of(&call, first, &settings.crate_ident())),
        feature_example: if settings.features { views::FeatureExample::of(versions) } else { None },
        key_envs: auth
            .iter()
            .filter(|a| usual_requirement.contains(&a.scheme))
            .filter_map(|a| a.env.as_deref())
            .collect(),
        auth: auth.iter().map(|a| views::AuthDoc::of(a)).collect(),
        site_env: settings.site_env.as_deref(),
        runtime_crate,
    };
    let spec_view = SpecView {
        crate_name: &settings.crate_name,
        crate_version: &settings.crate_version,
        servers: &first.servers,
        operation_servers: versions
            .iter()
            .flat_map(|(api, _)| api.operations())
            .filter(|o| !o.servers.is_empty())
            .map(|o| OperationServers { key: &o.key, servers: &o.servers })
            .collect(),
        auth,
        unstable: views::unstable_keys(versions),
        site_env: settings.site_env.as_deref(),
        site_rules: settings.site_rules,
    };
    let runtime_dir = layout.map(|l| l.runtime.prefix()).unwrap_or_default();
    let runtime_module = &settings.runtime_module;
    let mut files = vec![
        templates.file("Cargo.toml".into(), "Cargo.toml.j2", &root_manifest)?,
        templates.file("src/lib.rs".into(), "lib.rs.j2", &crate_view)?,
    ];
    for (name, contents) in runtime::files()? {
        files.push(File {
            path: format!("{runtime_dir}src/{runtime_module}/{name}"),
            contents: contents.clone(),
            formatted: true,
        });
    }
    files.push(templates.file(
        format!("{runtime_dir}src/{runtime_module}/{}", runtime::SPEC_FILE),
        "spec.rs.j2",
        &spec_view,
    )?);
    if settings.features {
        files.push(templates.file("README.md".into(), "README.md.j2", &crate_view)?);
    }
    if let Some(layout) = layout {
        files.push(File { path: crate::layout::RECORD.into(), contents: layout.record(), formatted: false });
    }
    for (member, manifest) in &members {
        files.push(templates.file(format!("{}Cargo.toml", member.prefix()), "Cargo.toml.j2", manifest)?);
        let holds_runtime = layout.is_some_and(|l| l.runtime.name == member.name);
        let lib = MemberLibView {
            crate_name: &settings.crate_name,
            what: &manifest.what,
            holds_runtime,
            runtime_crate,
            versions: version_modules.clone(),
        };
        files.push(templates.file(format!("{}src/lib.rs", member.prefix()), "member_lib.rs.j2", &lib)?);
    }
    let homes: Vec<Home> = layout.map_or(vec![Home::Root], |l| l.homes().collect());
    for (api, settings) in versions {
        let version = settings.version_module.as_str();
        // The version and model modules of each crate: the crate users depend on has every API
        // (a member's re-exported) and re-exports the members' models (`globs`); a part re-exports
        // the shared models.
        for &home in &homes {
            let groups = match home {
                Home::Shared => Vec::new(),
                _ => api
                    .groups
                    .iter()
                    .filter(|g| home == Home::Root || group_home(g) == home)
                    .map(|g| VersionGroup {
                        module: &g.module,
                        feature: g.feature.as_deref(),
                        reexport_from: match (layout, home) {
                            (Some(l), Home::Root) => l.member(l.group_home(g)).map(|m| m.ident.as_str()),
                            _ => None,
                        },
                    })
                    .collect(),
            };
            let prefix = prefix(home);
            let version_mod = VersionModView { features: settings.features, version, groups };
            files.push(templates.file(format!("{prefix}src/{version}/mod.rs"), "version_mod.rs.j2", &version_mod)?);
            let model_mod = ModelModView {
                features: settings.features,
                version,
                models: api.models.iter().filter(|m| model_home(m) == home).map(ModelEntry::of).collect(),
                globs: layout.map(|l| l.globs(&api.models, home)).unwrap_or_default(),
            };
            files.push(templates.file(format!("{prefix}src/{version}/model/mod.rs"), "model_mod.rs.j2", &model_mod)?);
        }
        // Models are most of a large spec's files: rendered on every core.
        let models = crate::parallel::map(&api.models, |model| {
            let template = match &model.kind {
                ModelKind::Struct { .. } => "model_struct.rs.j2",
                ModelKind::Enum { .. } => "model_enum.rs.j2",
                ModelKind::OneOf { .. } => "model_one_of.rs.j2",
                ModelKind::Alias { .. } => "model_alias.rs.j2",
            };
            let path = format!("{}src/{version}/model/{}.rs", prefix(model_home(model)), model.module);
            templates.file(path, template, &ModelView { model })
        })?;
        for model in models {
            files.push(model?);
        }
        let models_by_name = api.models.iter().map(|m| (m.name.as_str(), m)).collect();
        let shadowed = views::shadowed_paths(api);
        for group in &api.groups {
            let path = format!("{}src/{version}/{}.rs", prefix(group_home(group)), group.module);
            files.push(templates.file(path, "api.rs.j2", &ApiView::of(group))?);
            // The API module's `mock` submodule (feature `mock`), beside it.
            let path = format!("{}src/{version}/{}/mock.rs", prefix(group_home(group)), group.module);
            files.push(templates.file(path, "mock.rs.j2", &MockView::of(group, &models_by_name, &shadowed))?);
        }
    }
    Ok(files)
}

/// The smoke program of a crate (see `templates/smoke/`): a binary crate that depends on the
/// generated crate at `crate_path` (as its `Cargo.toml` writes it) and calls each of its
/// operations once with the IR's sample values. Rust files come out unformatted.
pub fn render_smoke(versions: &[(Api, GenerationSettings)], crate_path: &str) -> Result<Vec<File>> {
    let (templates, _, settings) = crate_templates(versions, "a smoke program")?;
    let view = SmokeView::new(versions, settings, crate_path);
    Ok(vec![
        File { path: "Cargo.toml".into(), contents: templates.render("smoke/Cargo.toml.j2", &view)?, formatted: false },
        File { path: "src/main.rs".into(), contents: templates.render("smoke/main.rs.j2", &view)?, formatted: false },
    ])
}

/// The templates for a crate of `versions` (what the first spec's settings name), with the
/// runtime module every template names; `what` says what was to be rendered when there is no
/// spec.
fn crate_templates<'v>(
    versions: &'v [(Api, GenerationSettings)],
    what: &str,
) -> Result<(Templates, &'v Api, &'v GenerationSettings)> {
    let Some((first, settings)) = versions.first() else {
        return Err(Error::Other(format!("no spec to generate {what} from")));
    };
    Ok((Templates::new(&settings.runtime_module)?, first, settings))
}

/// Puts a blank line between consecutive items, as a person would (prettyplease prints none).
pub fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let indent = |l: &str| l.len() - l.trim_start().len();
        let ends_item = matches!(previous.trim(), "}" | "};")
            || (previous.trim_start().starts_with("use ") && !line.trim_start().starts_with("use "));
        let starts_item = !line.trim().is_empty()
            && !line.trim_start().starts_with(['}', ')', ']', '.'])
            && !line.trim_start().starts_with("else");
        let after_inner_docs = previous.starts_with("//!") && !line.starts_with("//!");
        if (ends_item && starts_item && indent(line) == indent(previous)) || after_inner_docs {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
