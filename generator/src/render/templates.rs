//! The minijinja templates (`templates/`), compiled into the generator so that it runs from any
//! directory, and how a view is rendered with them.

use minijinja::{Environment, Value};
use serde::Serialize;

use super::File;
use crate::error::{Error, Result};

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = templates![
    "macros.j2",
    "Cargo.toml.j2",
    "lib.rs.j2",
    "README.md.j2",
    "member_lib.rs.j2",
    "spec.rs.j2",
    "version_mod.rs.j2",
    "model_mod.rs.j2",
    "model_struct.rs.j2",
    "model_enum.rs.j2",
    "model_one_of.rs.j2",
    "model_alias.rs.j2",
    "api.rs.j2",
    "mock.rs.j2",
    "smoke/Cargo.toml.j2",
    "smoke/main.rs.j2",
];

/// The templates of one crate, which name its runtime module (`rt`).
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The templates for a crate whose runtime module is `runtime_module` (`datadog`).
    pub fn new(runtime_module: &str) -> Result<Templates> {
        let mut env = environment()?;
        env.add_global("rt", Value::from(runtime_module));
        Ok(Templates { env })
    }

    /// `view` rendered with `template`.
    pub fn render(&self, template: &str, view: &impl Serialize) -> Result<String> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(minijinja::value::Serde(view)))
            .map_err(|e| render_error(template, e))
    }

    /// The file at `path`, rendered from `view` with `template`.
    pub fn file(&self, path: String, template: &str, view: &impl Serialize) -> Result<File> {
        Ok(File { path, contents: self.render(template, view)?, formatted: false })
    }
}

/// The environment every crate's templates share: the templates, their filters, and the
/// function that fails a render on a variant no branch handles.
pub fn environment() -> Result<Environment<'static>> {
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
    // `{% if name is operator %}`: a method named like a binary operator trait's.
    env.add_test("operator", |name: String| crate::reserved::OPERATOR_METHODS.contains(&name.as_str()));
    // A doc line as a string literal: no control characters (a bare CR fails rustc).
    env.add_filter("doc", |s: String| format!("{:?}", crate::docs::doc_text(&s)));
    // Doc lines up to the first blank one or code fence: a description's first paragraph, never
    // a fence cut open.
    env.add_filter("summary", |lines: Vec<String>| -> Vec<String> {
        lines.into_iter().take_while(|line| !line.trim().is_empty() && !line.trim_start().starts_with("```")).collect()
    });
    // A value as compact JSON text.
    env.add_filter("json", |v: Value| {
        serde_json::to_string(&v)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
    });
    // The last branch of a dispatch on an IR enum: a variant no branch names is an error, never
    // another variant's code.
    env.add_function("unhandled", |what: String, value: Value| -> std::result::Result<Value, minijinja::Error> {
        Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("no template branch for {what} {value}"),
        ))
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

/// Every variant of the IR enums that templates dispatch on is handled by a branch of its own:
/// each renders without error and differently from the others, so a renamed or new variant
/// fails here rather than falling into another variant's code in a user's build.
#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde::Serialize;

    use super::*;
    use crate::ir::{Body, BodyEncoding, BodyPlace, EnumRepr, FormPart, PathSegment, PathTemplate, WireForm};

    /// `call` (an expression over `macros.j2` as `m` and the value `x`) rendered for each value.
    fn outputs<T: Serialize>(call: &str, values: &[T]) -> Vec<String> {
        let mut env = environment().unwrap();
        env.add_global("rt", "runtime");
        let source = format!("{{% import \"macros.j2\" as m %}}{{{{ {call} }}}}");
        env.add_template_owned("probe", source).unwrap();
        let probe = env.get_template("probe").unwrap();
        #[derive(Serialize)]
        struct Probe<'v, T> {
            x: &'v T,
        }
        values.iter().map(|x| probe.render(minijinja::value::Serde(&Probe { x })).unwrap()).collect()
    }

    fn assert_distinct(what: &str, outputs: &[String]) {
        let distinct: BTreeSet<&String> = outputs.iter().collect();
        assert_eq!(distinct.len(), outputs.len(), "two variants of {what} render alike: {outputs:#?}");
    }

    /// Lists every variant, and stops compiling when one is added without being listed.
    fn every<T>(values: Vec<T>, exhaustive: impl Fn(&T)) -> Vec<T> {
        values.iter().for_each(exhaustive);
        values
    }

    #[test]
    fn every_wire_form() {
        use WireForm::*;
        let all = every(vec![Display, DateTime, Json], |w| match w {
            Display | DateTime | Json => {}
        });
        assert_distinct("WireForm", &outputs("m.to_wire(x, \"v\")", &all));
    }

    #[test]
    fn every_auth_kind() {
        use crate::ir::AuthKind::*;
        let all = every(vec![Header("h".into()), Query("q".into()), Cookie("c".into()), Basic, Bearer], |k| match k {
            Header(_) | Query(_) | Cookie(_) | Basic | Bearer => {}
        });
        assert_distinct("AuthKind", &outputs("m.auth_kind(x)", &all));
    }

    #[test]
    fn every_enum_repr() {
        use EnumRepr::*;
        let all = every(vec![Str, I64], |r| match r {
            Str | I64 => {}
        });
        assert_distinct("EnumRepr", &outputs("m.by_repr(x, \"s\", \"i\")", &all));
    }

    #[test]
    fn every_body_encoding() {
        let part = FormPart {
            field: "f".into(),
            positional: false,
            name: "f".into(),
            optional: false,
            double: false,
            file: false,
            array: false,
            wire: WireForm::Display,
        };
        let all = every(
            vec![
                BodyEncoding::Json { content_type: "application/json".into() },
                BodyEncoding::Json { content_type: "text/json".into() },
                BodyEncoding::Binary { content_type: "application/zip".into() },
                BodyEncoding::Text { content_type: "text/plain".into() },
                BodyEncoding::Form,
                BodyEncoding::Multipart { parts: vec![part] },
            ],
            |e| match e {
                BodyEncoding::Json { .. }
                | BodyEncoding::Binary { .. }
                | BodyEncoding::Text { .. }
                | BodyEncoding::Form
                | BodyEncoding::Multipart { .. } => {}
            },
        );
        assert_distinct("BodyEncoding", &outputs("m.send_body(x)", &all));
        assert_distinct("BodyEncoding", &outputs("m.read_body(x)", &all[1..]));
    }

    #[test]
    fn every_body_place() {
        let part = |positional| FormPart {
            field: "f".into(),
            positional,
            name: "f".into(),
            optional: false,
            double: false,
            file: false,
            array: false,
            wire: WireForm::Display,
        };
        let body = |place, parts| Body {
            ty: crate::ir::Ty::Json,
            required: true,
            place,
            encoding: BodyEncoding::Multipart { parts },
            sample: serde_json::Value::Null,
            docs: Vec::new(),
        };
        let all = every(
            vec![
                body(BodyPlace::Argument, vec![]),
                body(BodyPlace::Params { field: "body".into() }, vec![]),
                body(BodyPlace::Parts, vec![part(true)]),
                body(BodyPlace::Parts, vec![part(false)]),
            ],
            |b| match b.place {
                BodyPlace::Argument | BodyPlace::Params { .. } | BodyPlace::Parts => {}
            },
        );
        assert_distinct("BodyPlace", &outputs("m.put_body(x)", &all));
    }

    #[test]
    fn every_path_segment() {
        let param = |array| PathSegment::Param { name: "id".into(), arg: "id".into(), wire: WireForm::Display, array };
        let all = every(vec![PathSegment::Literal { text: "/a/".into() }, param(false), param(true)], |s| match s {
            PathSegment::Literal { .. } | PathSegment::Param { .. } => {}
        });
        let paths: Vec<PathTemplate> = all
            .into_iter()
            .map(|s| PathTemplate { segments: vec![PathSegment::Literal { text: "/x/".into() }, s] })
            .collect();
        assert_distinct("PathSegment", &outputs("m.path_expr(x)", &paths));
        assert_distinct("PathSegment", &outputs("m.mock_path(x)", &paths[..2]));
    }

    #[test]
    fn every_page_mode() {
        use crate::ir::{PageMode, ParamStep, PathStep};
        let step = PathStep { field: "next".into(), optional: true, double: false };
        let param = |field: &str| vec![ParamStep { field: field.into(), create: None }];
        let all = every(
            vec![
                PageMode::Offset { param: param("offset") },
                PageMode::Page { param: param("page") },
                PageMode::Cursor { param: param("cursor"), path: vec![step] },
            ],
            |m| match m {
                PageMode::Offset { .. } | PageMode::Page { .. } | PageMode::Cursor { .. } => {}
            },
        );
        assert_distinct("PageMode", &outputs("m.page_step(x, \"Page\")", &all));
    }

    /// What a branch-less variant meets: an error naming the enum and the value.
    #[test]
    fn an_unknown_variant_is_an_error() {
        let mut env = environment().unwrap();
        env.add_global("rt", "runtime");
        env.add_template("probe", "{% import \"macros.j2\" as m %}{{ m.to_wire(\"rfc2822\", \"v\") }}").unwrap();
        let error = env.get_template("probe").unwrap().render(()).unwrap_err();
        assert!(format!("{error:#}").contains("no template branch for WireForm rfc2822"), "{error:#}");
    }
}
