//! Render: IR -> text, through the minijinja templates in `templates/`.
//!
//! Templates hold the shape of each output file; every name and type they print was decided
//! before rendering, in `resolve`.

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ir::{Api, ModelKind};

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
    "datadog/mod.rs.j2",
    "datadog/client.rs.j2",
    "datadog/configuration.rs.j2",
    "datadog/error.rs.j2",
    "datadog/serde_helpers.rs.j2",
    "datadogV2_mod.rs.j2",
    "model_mod.rs.j2",
    "model.rs.j2",
    "api.rs.j2",
];

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

/// Which optional pieces of the runtime the generated code uses, so that nothing unused is
/// emitted (unused items would be warnings in the generated crate).
#[derive(Debug, Default, Serialize)]
struct Uses {
    enums: bool,
    str_enums: bool,
    int_enums: bool,
    structs: bool,
    path_params: bool,
    wire_json: bool,
    helpers: Vec<&'static str>,
}

fn uses(api: &Api) -> Uses {
    let mut u = Uses::default();
    for model in &api.models {
        match &model.kind {
            ModelKind::Enum { repr, .. } => {
                u.enums = true;
                u.str_enums |= repr == "str";
                u.int_enums |= repr != "str";
            }
            ModelKind::Struct { .. } => u.structs = true,
            _ => {}
        }
    }
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        u.path_params |= op.args.iter().any(|p| p.location == "path");
        u.wire_json |= op.args.iter().chain(&op.optional).any(|p| p.to_wire.contains("to_wire_json"));
    }
    for (used, name) in [
        (u.enums, "deserialize_enum"),
        (u.structs, "FieldName"),
        (u.structs, "FromObject"),
        (u.structs, "deserialize_object"),
        (u.structs, "required"),
        (u.path_params, "encode_path"),
        (u.wire_json, "to_wire_json"),
    ] {
        if used {
            u.helpers.push(name);
        }
    }
    u
}

/// Renders every file of the crate. Rust files come out unformatted; see `format`.
pub fn render_crate(api: &Api, crate_name: &str) -> Result<Vec<File>> {
    let env = environment()?;
    let paginated = api.groups.iter().flat_map(|g| &g.operations).any(|o| o.pagination.is_some());
    let operation_servers: Vec<_> = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter(|o| !o.servers.is_empty())
        .map(|o| context! { key => &o.key, servers => Serde(&o.servers) })
        .collect();
    let unstable: Vec<_> =
        api.groups.iter().flat_map(|g| &g.operations).filter(|o| o.unstable).map(|o| &o.key).collect();
    let base = context! {
        crate_name,
        crate_ident => crate_name.replace('-', "_"),
        title => &api.title,
        docs => Serde(&api.docs),
        groups => Serde(&api.groups),
        models => Serde(&api.models),
        servers => Serde(&api.servers),
        auth => Serde(&api.auth),
        operation_servers,
        unstable => Serde(unstable),
        paginated,
        uses => Serde(uses(api)),
    };

    let one = |path: String, template: &str, ctx: Value| -> Result<File> {
        Ok(File { path, contents: render(&env, template, ctx)? })
    };
    let mut files = vec![
        one("Cargo.toml".into(), "Cargo.toml.j2", base.clone())?,
        one("src/lib.rs".into(), "lib.rs.j2", base.clone())?,
    ];
    for part in ["mod", "client", "configuration", "error", "serde_helpers"] {
        files.push(one(format!("src/datadog/{part}.rs"), &format!("datadog/{part}.rs.j2"), base.clone())?);
    }
    files.push(one("src/datadogV2/mod.rs".into(), "datadogV2_mod.rs.j2", base.clone())?);
    files.push(one("src/datadogV2/model/mod.rs".into(), "model_mod.rs.j2", base.clone())?);
    // Models are most of a large spec's files: rendered on every core.
    let models = crate::parallel::map(&api.models, |model| {
        one(format!("src/datadogV2/model/{}.rs", model.module), "model.rs.j2", context! { model => Serde(model) })
    })?;
    for model in models {
        files.push(model?);
    }
    for group in &api.groups {
        files.push(one(format!("src/datadogV2/{}.rs", group.module), "api.rs.j2", context! { group => Serde(group) })?);
    }
    Ok(files)
}
