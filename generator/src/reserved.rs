//! The names generated code binds or calls for itself, declared once: `naming.rs` keeps names
//! from the spec clear of them, and the tests below check them against the templates, so a
//! template that binds a new local or calls a new method on a generated type fails a test rather
//! than a user's build.

/// Locals the operation methods bind (`let`, `for`, `if let`, closure and function parameters)
/// in `templates/api.rs.j2` and the macros it calls: a positional argument named like one would be
/// shadowed by it, or shadow it.
pub const LOCALS: &[&str] =
    &["body", "params", "path", "request", "page", "items", "item", "value", "form", "client", "config", "v"];

/// Members of a model or `…OptionalParams` struct that generated code uses beside the fields and
/// setters named from the spec: the field of unknown properties, the constructor, and the trait
/// method generated code calls as a method (`params.clone()`), which a setter of the same name
/// would shadow.
pub const FIELDS: &[&str] = &["additional_properties", "new", "clone"];

/// Trait methods of models and `…OptionalParams` whose names setters may take, as in the vendor's
/// client (a field `default` has a setter `default`): generated code calls them through the
/// trait (`<X as Default>::default()`), never as `X::default()`, which would name the setter.
pub const SHADOWABLE: &[&str] = &["default"];

/// The methods of the binary operator traits (`std::ops::Sub::sub`): a setter of that name has
/// their shape (`self`, one value, `Self`), which clippy's `should_implement_trait` flags. Such a
/// setter (OpenID Connect's `sub` claim) keeps the spec's name, with that one lint allowed.
pub const OPERATOR_METHODS: &[&str] = &["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// Methods every API struct has, which no operation may take.
pub const API_METHODS: &[&str] = &["new", "with_config", "with_client_and_config"];

/// What an operation's method name is followed by in the names of its other methods.
pub const OPERATION_METHOD_SUFFIXES: &[&str] = &["", "_with_http_info", "_request", "_with_pagination"];

/// Methods of an operation's mock expectation (`templates/mock.rs.j2`) beside the matchers named
/// after its parameters, which `naming::mock_matchers` keeps clear of them.
pub const MOCK_METHODS: &[&str] =
    &["new", "default", "body", "body_matching", "matching", "respond_ok", "respond_error", "respond"];

/// What an operation's mock expectation type is followed by in the name of the type of its call
/// as received (`ListOrgConnectionsCall`).
pub const MOCK_CALL_SUFFIX: &str = "Call";

/// The variant of a generated enum or `oneOf` that keeps an unknown value.
pub const UNPARSED_VARIANT: &str = "UnparsedObject";

/// The variant of an operation's error enum that keeps a body of another shape.
pub const UNKNOWN_ERROR_VARIANT: &str = "UnknownValue";

/// Names a model may not take: the prelude's types and variants that generated code names
/// unqualified, and the variants above, which a model's variant would clash with.
pub const TYPES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    UNPARSED_VARIANT,
    UNKNOWN_ERROR_VARIANT,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A template as the generator embeds it.
    fn template(name: &str) -> String {
        let found = crate::render::templates::TEMPLATES.iter().find(|(n, _)| *n == name);
        found.unwrap_or_else(|| panic!("no template `{name}`")).1.to_string()
    }

    /// Rust text without the template's own tags (`{% … %}`, `{{ … }}`, `{# … #}`).
    fn emitted(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(['{']) {
            let close = match rest[start..].chars().nth(1) {
                Some('%') => "%}",
                Some('{') => "}}",
                Some('#') => "#}",
                _ => {
                    out.push_str(&rest[..start + 1]);
                    rest = &rest[start + 1..];
                    continue;
                }
            };
            out.push_str(&rest[..start]);
            // A tag stands for an expression: keep a placeholder so patterns do not join.
            out.push_str(" __tag ");
            rest = rest[start..].find(close).map_or("", |end| &rest[start + end + 2..]);
        }
        out.push_str(rest);
        out
    }

    fn idents(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
    }

    /// The locals a piece of emitted Rust binds: `let` (and `let mut`, and tuple patterns),
    /// `for … in`, `Some(…)` patterns of `if let`/`while let`, and closure parameters. Comments
    /// and string literals are left out first.
    fn bindings(rust: &str) -> BTreeSet<String> {
        let comments = regex::Regex::new(r#"//[^\n]*|"(?:[^"\\]|\\.)*""#).unwrap();
        let rust = comments.replace_all(rust, " ");
        let pattern = r"[A-Za-z0-9_(), ]+?";
        let binders = [
            format!(r"\blet\s+({pattern})\s*[=:]"),
            format!(r"\bfor\s+({pattern})\s+in\b"),
            format!(r"(?:^|[(,=]|\bmove)\s*\|({pattern})?(?::[^|]*)?\|"),
            // Function parameters (`body: T`, `mut params: T`), in signatures and `{% set %}` blocks.
            r"(?:[(,]|__tag)\s*(?:mut\s+)?([a-z_][a-z0-9_]*)\s*:\s*(?:__tag|[A-Za-z&])".to_string(),
        ];
        let mut names = BTreeSet::new();
        for binder in binders {
            for found in regex::Regex::new(&binder).unwrap().captures_iter(&rust) {
                for w in found.get(1).map(|m| idents(m.as_str())).into_iter().flatten() {
                    let local = w.starts_with(|c: char| c.is_ascii_lowercase());
                    if local && !matches!(w, "mut" | "ref") && !w.starts_with("__") {
                        names.insert(w.to_string());
                    }
                }
            }
        }
        names
    }

    /// Every Rust local that the operation template binds is declared in [`LOCALS`], so no
    /// argument can shadow it.
    #[test]
    fn operation_locals_are_declared() {
        // The operation template, and the macros it calls in its methods.
        let bound = bindings(&emitted(&(template("api.rs.j2") + &template("macros.j2"))));
        let missing: Vec<&String> = bound.iter().filter(|b| !LOCALS.contains(&b.as_str())).collect();
        assert!(missing.is_empty(), "the templates bind locals missing from reserved::LOCALS: {missing:?}");
        let stale: Vec<&&str> = LOCALS.iter().filter(|l| !bound.contains(**l)).collect();
        assert!(stale.is_empty(), "reserved::LOCALS lists names no template binds: {stale:?}");
    }

    /// The locals found in a sample, to prove the scanner sees each kind of binding.
    #[test]
    fn bindings_finds_each_kind() {
        let found = bindings(
            "fn f(k: T, mut l: U) {} let a = 1; let mut b = 2; for c in x {} if let Some(d) = y {} if let Some(Some(e)) = z {} let (f, g) = w; m.map(|h| h); m.fold(|(i, j): (T, U)| 0);",
        );
        let want: BTreeSet<String> = "a b c d e f g h i j k l".split(' ').map(String::from).collect();
        assert_eq!(found, want);
        assert_eq!(bindings(&emitted("let {{ p.name }} = {{ p.name }}.clone();")), BTreeSet::new());
    }

    /// No template calls a trait method that a setter may shadow as `X::method()` on a generated
    /// type: each line that calls one writes the trait's form (`<X as Default>::default()`, or
    /// chooses it where the type has such a setter), or calls it on the runtime's own types,
    /// whose members the spec does not name.
    #[test]
    fn shadowable_methods_are_called_through_their_trait() {
        let runtime_types = ["Configuration"];
        let comments = regex::Regex::new(r"(?s)\{#.*?#\}").unwrap();
        for name in ["api.rs.j2", "macros.j2", "model_struct.rs.j2", "lib.rs.j2", "smoke/main.rs.j2"] {
            for line in comments.replace_all(&template(name), "").lines() {
                for method in SHADOWABLE {
                    let Some(at) = line.find(&format!("::{method}()")) else { continue };
                    let trait_form = line.contains(" as Default>") || line[..at].ends_with("Default");
                    let runtime = runtime_types.iter().any(|t| line[..at].ends_with(&format!("::{t}")));
                    assert!(trait_form || runtime, "{name} calls `{method}()` on a type a setter may shadow: {line}");
                }
            }
        }
    }

    /// The names the templates write for their own variants and methods are the ones declared.
    #[test]
    fn declared_names_are_the_templates() {
        for name in ["model_enum.rs.j2", "model_one_of.rs.j2"] {
            assert!(template(name).contains(&format!("{UNPARSED_VARIANT}(")), "{name} lacks {UNPARSED_VARIANT}");
        }
        assert!(template("api.rs.j2").contains(&format!("{UNKNOWN_ERROR_VARIANT}(")));
        let api = emitted(&template("api.rs.j2"));
        for method in API_METHODS {
            assert!(api.contains(&format!("pub fn {method}(")), "api.rs.j2 has no method `{method}`");
        }
        for suffix in OPERATION_METHOD_SUFFIXES {
            assert!(template("api.rs.j2").contains(&format!("{{{{ op.name }}}}{suffix}(")), "no `…{suffix}` method");
        }
        let model = template("model_struct.rs.j2");
        for field in ["additional_properties", "new"] {
            assert!(model.contains(&format!("pub fn {field}(")), "model_struct.rs.j2 has no `{field}`");
        }
        let mock = emitted(&template("mock.rs.j2"));
        for method in MOCK_METHODS {
            // `default` is derived.
            let written = if *method == "default" { "Default)]".to_string() } else { format!("fn {method}(") };
            assert!(mock.contains(&written), "mock.rs.j2 has no method `{method}`");
        }
    }

    /// Every method the mock template gives an expectation type is declared in [`MOCK_METHODS`],
    /// so that no parameter's matcher takes its name.
    #[test]
    fn mock_methods_are_declared() {
        let mock = emitted(&template("mock.rs.j2"));
        let defined = regex::Regex::new(r"pub fn ([a-z_][a-z0-9_]*)\(").unwrap();
        let methods: BTreeSet<&str> = defined.captures_iter(&mock).map(|c| c.get(1).unwrap().as_str()).collect();
        let missing: Vec<&&str> = methods.iter().filter(|m| !MOCK_METHODS.contains(m)).collect();
        assert!(missing.is_empty(), "mock.rs.j2 defines methods missing from reserved::MOCK_METHODS: {missing:?}");
    }
}
