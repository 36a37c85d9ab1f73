//! Render: IR -> text. The runtime (`runtime/src/datadog/`) is copied as it is, less its
//! tests; everything that depends on the spec goes through the minijinja templates in
//! `templates/`.

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::error::{Error, Result};
use crate::ir::{Api, ApiGroup, ApiKeyAuth, Model, ModelKind};
use crate::layout::{Home, Layout, Member};
use crate::settings::GenerationSettings;

/// One output file, path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// The templates are compiled into the generator, so that it runs from any directory.
const TEMPLATES: &[(&str, &str)] = templates![
    "macros.j2",
    "Cargo.toml.j2",
    "lib.rs.j2",
    "member_lib.rs.j2",
    "spec.rs.j2",
    "version_mod.rs.j2",
    "model_mod.rs.j2",
    "model_struct.rs.j2",
    "model_enum.rs.j2",
    "model_one_of.rs.j2",
    "model_alias.rs.j2",
    "api.rs.j2",
    "smoke/Cargo.toml.j2",
    "smoke/main.rs.j2",
];

macro_rules! runtime {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../runtime/src/datadog/", $name)))),*]
    };
}

/// The runtime, as compiled and tested in the `runtime` crate. Its `spec.rs` is a stand-in
/// there; here it is rendered from `spec.rs.j2`.
const RUNTIME: &[(&str, &str)] = runtime![
    "mod.rs",
    "client.rs",
    "configuration.rs",
    "error.rs",
    "hosts.rs",
    "multipart.rs",
    "pagination.rs",
    "request.rs",
    "response.rs",
    "retry.rs",
    "serde_helpers.rs"
];

/// The runtime files as they go into a generated crate, stripped once per process: the same for
/// every crate, and parsing them is not free.
fn runtime_files() -> Result<&'static [(&'static str, String)]> {
    /// Each runtime file's name and text, or the file that would not parse and why.
    type Stripped = std::result::Result<Vec<(&'static str, String)>, (String, String)>;
    static FILES: std::sync::LazyLock<Stripped> = std::sync::LazyLock::new(|| {
        RUNTIME.iter().map(|(name, source)| Ok((*name, runtime_file(name, source)?))).collect()
    });
    FILES.as_deref().map_err(|(name, message)| Error::Render {
        template: format!("runtime/src/datadog/{name}"),
        message: message.clone(),
    })
}

/// A runtime file as it goes into a generated crate: without its `#[cfg(test)]` items.
fn runtime_file(name: &str, source: &str) -> std::result::Result<String, (String, String)> {
    let mut file = syn::parse_file(source).map_err(|e| (name.to_string(), e.to_string()))?;
    let is_test = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    };
    file.items.retain(|item| match item {
        syn::Item::Mod(m) => !is_test(&m.attrs),
        syn::Item::Fn(f) => !is_test(&f.attrs),
        syn::Item::Use(u) => !is_test(&u.attrs),
        _ => true,
    });
    Ok(prettyplease::unparse(&file))
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(|e| render_error("syntax", e))?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // A Rust string literal: `Debug` of a `str` escapes exactly as Rust source needs.
    env.add_filter("lit", |s: String| format!("{s:?}"));
    // A doc line as a string literal: no control characters (a bare CR fails rustc).
    env.add_filter("doc", |s: String| format!("{:?}", crate::docs::doc_text(&s)));
    // A value as compact JSON text.
    env.add_filter("json", |v: Value| {
        serde_json::to_string(&v)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(|e| render_error(name, e))?;
    }
    Ok(env)
}

fn render_error(template: &str, e: minijinja::Error) -> Error {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    Error::Render { template: template.to_string(), message }
}

fn render(env: &Environment<'_>, template: &str, ctx: Value) -> Result<String> {
    env.get_template(template).and_then(|t| t.render(ctx)).map_err(|e| render_error(template, e))
}

/// Renders every file of the crate: one API per spec, each in its own version module
/// (`datadogV1`, `datadogV2`), sharing one runtime. The first spec's settings name the crate;
/// when they ask for `parts`, the APIs are spread over member crates under `crates/` (see
/// [`Layout`]). Rust files come out unformatted; see `format`.
pub fn render_crate(versions: &[(Api, GenerationSettings)]) -> Result<Vec<File>> {
    let (env, first, settings) = crate_environment(versions, "a crate")?;
    let layout =
        (settings.features && settings.parts > 0).then(|| Layout::new(versions, &settings.crate_name, settings.parts));
    let runtime = settings.runtime_module.clone();
    let operation_servers: Vec<_> = versions
        .iter()
        .flat_map(|(api, _)| api.operations())
        .filter(|o| !o.servers.is_empty())
        .map(|o| context! { key => &o.key, servers => Serde(&o.servers) })
        .collect();
    let (auth, unstable) = (auth_schemes(versions), unstable_keys(versions));
    let version_list: Vec<_> = versions
        .iter()
        .map(|(api, s)| context! { module => &s.version_module, groups => Serde(&api.groups) })
        .collect();
    let base = context! {
        crate_name => &settings.crate_name,
        crate_ident => settings.crate_ident(),
        crate_version => &settings.crate_version,
        repository => &settings.repository,
        version_module => &settings.version_module,
        site_env => &settings.site_env,
        features => settings.features,
        versions => version_list,
        title => &first.title,
        version => &first.version,
        groups => Serde(&first.groups),
        servers => Serde(&first.servers),
        auth => Serde(auth),
        operation_servers,
        unstable => Serde(unstable),
        runtime_crate => layout.as_ref().map(|l| &l.runtime.ident),
    };

    let one = |path: String, template: &str, ctx: Value| -> Result<File> {
        Ok(File { path, contents: render(&env, template, ctx)? })
    };
    let (manifest, members) = cargo_manifests(versions, layout.as_ref());
    let mut files = vec![
        one("Cargo.toml".into(), "Cargo.toml.j2", context! { cargo => manifest, ..base.clone() })?,
        one("src/lib.rs".into(), "lib.rs.j2", base.clone())?,
    ];
    // Where each crate's files go: the crate users depend on, or a member's folder.
    let prefix = |home: Home| layout.as_ref().and_then(|l| l.member(home)).map(Member::prefix).unwrap_or_default();
    let group_home = |g: &ApiGroup| layout.as_ref().map_or(Home::Root, |l| l.group_home(g));
    let model_home = |m: &Model| layout.as_ref().map_or(Home::Root, |l| l.home(m));
    let runtime_dir = layout.as_ref().map(|l| l.runtime.prefix()).unwrap_or_default();
    for (name, contents) in runtime_files()? {
        files.push(File { path: format!("{runtime_dir}src/{runtime}/{name}"), contents: contents.clone() });
    }
    files.push(one(format!("{runtime_dir}src/{runtime}/spec.rs"), "spec.rs.j2", base.clone())?);
    for (member, manifest) in members {
        let ctx = context! { cargo => manifest, member => Serde(member), ..base.clone() };
        files.push(one(format!("{}Cargo.toml", member.prefix()), "Cargo.toml.j2", ctx.clone())?);
        files.push(one(format!("{}src/lib.rs", member.prefix()), "member_lib.rs.j2", ctx)?);
    }
    let homes: Vec<Home> = layout.as_ref().map_or(vec![Home::Root], |l| l.homes().collect());
    for (api, settings) in versions {
        let version = &settings.version_module;
        // The version and model modules of each crate: the crate users depend on has every API
        // (a member's re-exported) and re-exports the members' models (`globs`); a part re-exports
        // the shared models.
        for &home in &homes {
            let groups: Vec<&ApiGroup> = match home {
                Home::Shared => Vec::new(),
                _ => api.groups.iter().filter(|g| home == Home::Root || group_home(g) == home).collect(),
            };
            let models: Vec<&Model> = api.models.iter().filter(|m| model_home(m) == home).collect();
            let globs = layout.as_ref().map(|l| l.globs(&api.models, home)).unwrap_or_default();
            let reexport: Option<Vec<String>> = match (&layout, home) {
                (Some(l), Home::Root) => {
                    Some(groups.iter().filter_map(|g| l.member(l.group_home(g))).map(|m| m.ident.clone()).collect())
                }
                _ => None,
            };
            let ctx = context! {
                version,
                groups => Serde(&groups),
                models => Serde(&models),
                features => settings.features,
                globs => Serde(&globs),
                reexport,
            };
            let prefix = prefix(home);
            files.push(one(format!("{prefix}src/{version}/mod.rs"), "version_mod.rs.j2", ctx.clone())?);
            files.push(one(format!("{prefix}src/{version}/model/mod.rs"), "model_mod.rs.j2", ctx)?);
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
            one(path, template, context! { model => Serde(model) })
        })?;
        for model in models {
            files.push(model?);
        }
        for group in &api.groups {
            files.push(one(
                format!("{}src/{version}/{}.rs", prefix(group_home(group)), group.module),
                "api.rs.j2",
                context! { group => Serde(group) },
            )?);
        }
    }
    Ok(files)
}

/// What each `Cargo.toml` of the crate says beyond what all share: the crate's own, then (with a
/// layout) each member's, with the member. `tls` is where the TLS features are: here (`own`) or
/// forwarded to the runtime crate (its name); `features` are the API features and what each
/// turns on; `members` are the member crates it depends on.
fn cargo_manifests<'l>(
    versions: &[(Api, GenerationSettings)],
    layout: Option<&'l Layout>,
) -> (Value, Vec<(&'l Member, Value)>) {
    let all: Vec<&str> =
        versions.iter().flat_map(|(api, _)| &api.groups).filter_map(|g| g.feature.as_deref()).collect();
    let feature = |name: &str, enables: Vec<String>| context! { name, enables };
    let with_all = |mut list: Vec<Value>| {
        let everything = all.iter().map(|f| f.to_string()).collect();
        list.insert(0, feature("all", everything));
        list
    };
    let Some(layout) = layout else {
        let features =
            if all.is_empty() { Vec::new() } else { with_all(all.iter().map(|f| feature(f, Vec::new())).collect()) };
        return (context! { tls => "own", features, members => Vec::<Value>::new(), root => true }, Vec::new());
    };
    // A member as the crate users depend on names it (from its folder), and as another member does.
    let from_root = |m: &Member, optional: bool| context! { name => &m.name, path => m.dir(), optional };
    let sibling = |m: &Member| context! { name => &m.name, path => format!("../{}", m.folder), optional => false };

    let root_features = all
        .iter()
        .map(|f| {
            let part = &layout.parts[layout.part(f)].member.name;
            feature(f, vec![format!("dep:{part}"), format!("{part}/{f}")])
        })
        .collect();
    let mut root_members = vec![from_root(&layout.runtime, false), from_root(&layout.shared, false)];
    root_members.extend(layout.parts.iter().map(|p| from_root(&p.member, true)));
    let root = context! {
        tls => &layout.runtime.name,
        features => with_all(root_features),
        members => root_members,
        root => true,
    };
    let member = |what: String, tls: &str, features: Vec<Value>, members: Vec<Value>| {
        context! { what, tls, features, members, root => false }
    };
    let mut members = vec![
        (
            &layout.runtime,
            member("its runtime: configuration, HTTP client, errors".into(), "own", Vec::new(), Vec::new()),
        ),
        (
            &layout.shared,
            member(
                "the models that several of its APIs use".into(),
                "",
                all.iter().map(|f| feature(f, Vec::new())).collect(),
                vec![sibling(&layout.runtime)],
            ),
        ),
    ];
    for part in &layout.parts {
        let features = part.features.iter().map(|f| feature(f, vec![format!("{}/{f}", layout.shared.name)])).collect();
        let what = format!("the APIs {}", part.features.join(", "));
        members
            .push((&part.member, member(what, "", features, vec![sibling(&layout.runtime), sibling(&layout.shared)])));
    }
    (root, members)
}

/// The smoke program of a crate (see `templates/smoke/`): a binary crate that depends on the
/// generated crate at `crate_path` (as its `Cargo.toml` writes it) and calls each of its
/// operations once with the IR's sample values. Rust files come out unformatted.
pub fn render_smoke(versions: &[(Api, GenerationSettings)], crate_path: &str) -> Result<Vec<File>> {
    let (env, _, settings) = crate_environment(versions, "a smoke program")?;
    let crate_ident = settings.crate_ident();
    let mut calls = Vec::new();
    for (api, s) in versions {
        for group in &api.groups {
            for op in &group.operations {
                calls.push(context! {
                    version => &s.version_module,
                    key => &op.key,
                    fn => crate::naming::fn_name(&op.key),
                    api => format!("{crate_ident}::{}::{}", s.version_module, group.module),
                    struct => &group.struct_name,
                    op => Serde(op),
                });
            }
        }
    }
    let ctx = context! {
        crate_name => &settings.crate_name,
        crate_ident,
        crate_path,
        features => settings.features,
        versions => versions.iter().map(|(_, s)| context! { module => &s.version_module }).collect::<Vec<_>>(),
        calls,
        auth => Serde(auth_schemes(versions)),
        unstable => Serde(unstable_keys(versions)),
    };
    Ok(vec![
        File { path: "Cargo.toml".into(), contents: render(&env, "smoke/Cargo.toml.j2", ctx.clone())? },
        File { path: "src/main.rs".into(), contents: render(&env, "smoke/main.rs.j2", ctx)? },
    ])
}

/// The template environment for a crate of `versions` (what the first spec's settings name),
/// with the runtime module every template names; `what` says what was to be rendered when
/// there is no spec.
fn crate_environment<'v>(
    versions: &'v [(Api, GenerationSettings)],
    what: &str,
) -> Result<(Environment<'static>, &'v Api, &'v GenerationSettings)> {
    let Some((first, settings)) = versions.first() else {
        return Err(Error::Other(format!("no spec to generate {what} from")));
    };
    let mut env = environment()?;
    env.add_global("rt", Value::from(settings.runtime_module.clone()));
    Ok((env, first, settings))
}

/// The API-key schemes of every spec, each once (by name), in spec order.
fn auth_schemes(versions: &[(Api, GenerationSettings)]) -> Vec<&ApiKeyAuth> {
    let mut auth: Vec<&ApiKeyAuth> = Vec::new();
    for scheme in versions.iter().flat_map(|(api, _)| &api.auth) {
        if !auth.iter().any(|a| a.scheme == scheme.scheme) {
            auth.push(scheme);
        }
    }
    auth
}

/// The keys of the operations marked unstable, in every spec.
fn unstable_keys(versions: &[(Api, GenerationSettings)]) -> Vec<&str> {
    versions.iter().flat_map(|(api, _)| api.operations()).filter(|o| o.unstable).map(|o| o.key.as_str()).collect()
}
