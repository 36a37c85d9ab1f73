//! Every rule that turns a name from the spec into a Rust name, and descriptions into rustdoc.

use heck::{ToPascalCase, ToShoutySnakeCase};

use crate::reserved;

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Non-ASCII characters spelled out (`é` -> `_ue9_`): Rust accepts non-ASCII identifiers only in
/// some places (not module names, E0754), and spelling them keeps distinct names distinct.
fn ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("_u{:x}_", u32::from(c)));
        }
    }
    out
}

/// Acronyms the vendor's client spells as one word before snake-casing (`ListSLOs` ->
/// `list_slos`, not `list_sl_os`; `AuthN Mappings` -> `api_authn_mappings`).
const ACRONYMS: &[(&str, &str)] = &[
    ("IdP", "Idp"),
    ("AuthNMapping", "AuthnMapping"),
    ("AuthN ", "Authn "),
    ("IoT", "Iot"),
    ("SLOs", "Slos"),
    ("APIs", "Apis"),
];

/// snake_case as the vendor's client spells it, so that methods, modules and fields have the
/// vendor's names: the acronyms above as words, then `_` before a capital that starts a
/// lowercase run (`HTTPRequest` -> `http_request`) and between a lowercase letter or digit and a
/// capital (`ipv4Address` -> `ipv4_address`, `a1B` -> `a1_b`), everything else that is not a
/// letter or digit as `_`, runs of `_` as one, none at the end. Non-ASCII is spelled out first.
/// The result is `[a-z0-9_]*` and never holds `__`; [`escape`] makes it an identifier.
pub fn snake_case(s: &str) -> String {
    let mut s = ascii(s);
    for (acronym, word) in ACRONYMS {
        s = s.replace(acronym, word);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let starts_word = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let after_lower = chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit();
            if (starts_word || after_lower) && !out.ends_with('_') {
                out.push('_');
            }
        }
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out.truncate(out.trim_end_matches('_').len());
    out
}

/// Whether `s` is a Rust keyword (strict, reserved or weak).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is an ASCII Rust identifier (keywords included).
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Makes `s` a usable identifier: keywords get a trailing `_` (`type_`, as the vendor's client
/// spells it), a leading digit gets a prefix.
fn escape(s: String, digit_prefix: &str) -> String {
    let s = if s.is_empty() { "value".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) { format!("{digit_prefix}{s}") } else { s };
    if KEYWORDS.contains(&s.as_str()) { format!("{s}_") } else { s }
}

/// Type names keep the spec's spelling when it is already a camel-case Rust identifier
/// (`APIErrorResponse`), so names match the vendor's client; anything else is PascalCased
/// (`Account_ListNodeAgentSkus` -> `AccountListNodeAgentSkus`), so that no name trips rustc's
/// `non_camel_case_types`.
pub fn type_name(spec_name: &str) -> String {
    let name =
        if is_ident(spec_name) && spec_name.starts_with(|c: char| c.is_ascii_uppercase()) && is_camel_case(spec_name) {
            spec_name.to_string()
        } else {
            ascii(spec_name).to_pascal_case()
        };
    let name = escape(name, "Type");
    if reserved::TYPES.contains(&name.as_str()) { format!("{name}Model") } else { name }
}

/// PascalCase name for a type nested in another (`Parent` + `field`).
pub fn nested_type_name(parent: &str, field: &str) -> String {
    type_name(&format!("{parent}{}", ascii(field).to_pascal_case()))
}

pub fn field_name(json_name: &str) -> String {
    let name = escape(snake_case(json_name), "field_");
    if reserved::FIELDS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A positional argument of an operation's methods: a field name that is also not one of the
/// locals the generated methods bind.
pub fn arg_name(spec_name: &str) -> String {
    let name = field_name(spec_name);
    if reserved::LOCALS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

pub fn fn_name(operation_id: &str) -> String {
    escape(snake_case(operation_id), "op_")
}

/// An operation id for an operation without one, from its method and path
/// (`get /users/{id}/repos` -> `GetUsersIdRepos`).
pub fn operation_id(method: &str, path: &str) -> String {
    type_name(&format!("{method} {}", path.replace(['{', '}', '/'], " ")))
}

/// The methods an operation adds to its API struct.
pub fn operation_methods(name: &str) -> impl Iterator<Item = String> + '_ {
    reserved::OPERATION_METHOD_SUFFIXES.iter().map(move |suffix| format!("{name}{suffix}"))
}

pub fn module_name(type_name: &str) -> String {
    snake_case(&format!("model_{type_name}"))
}

/// Enum variants follow `x-enum-varnames` when given (`ORG_CONNECTION`), else the value in
/// SHOUTY_SNAKE_CASE, as the vendor's client names them.
pub fn variant_name(value: &str, given: Option<&str>) -> String {
    let name = match given {
        Some(g) if is_ident(g) => g.to_string(),
        Some(g) => ascii(g).to_shouty_snake_case(),
        None => ascii(value).to_shouty_snake_case(),
    };
    let name = match name.as_str() {
        "" => "EMPTY".to_string(),
        "UNPARSED_OBJECT" => format!("{name}_VALUE"),
        _ if name == reserved::UNPARSED_VARIANT => format!("{name}_VALUE"),
        _ => name,
    };
    escape(name, "N")
}

/// Whether rustc's `non_camel_case_types` lint accepts a type or variant name.
pub fn is_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = name.chars().collect();
    !name.starts_with(|c: char| c.is_lowercase())
        && !name.contains("__")
        && !chars.windows(2).any(|w| (cased(w[0]) && w[1] == '_') || (w[0] == '_' && cased(w[1])))
}

/// A variant holding a model is named after it (`APIErrorResponse`), as in the vendor's client.
pub fn one_of_variant_name(type_name: &str) -> String {
    if is_ident(type_name) && is_camel_case(type_name) {
        return escape(type_name.to_string(), "Type");
    }
    escape(ascii(type_name).to_pascal_case(), "Type")
}

/// The API struct of a tag, as the vendor's client names it: the tag's words joined as written,
/// each from a capital (`AWS Integration` -> `AWSIntegrationAPI`, `On-Call` -> `OnCallAPI`); a
/// tag whose words do not make a camel-case identifier that way is PascalCased (`foo_bar` ->
/// `FooBarAPI`).
pub fn api_struct_name(tag: &str) -> String {
    let tag = ascii(tag);
    let joined: String = tag.split([' ', '-']).map(upper_first).collect();
    let name = if is_ident(&joined) && is_camel_case(&joined) { joined } else { tag.to_pascal_case() };
    // A leading digit would make no identifier (`3D` -> `Tag3dAPI`).
    let prefix = if name.starts_with(|c: char| c.is_ascii_digit()) { "Tag" } else { "" };
    format!("{prefix}{name}API")
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The module of a tag's API (`AuthN Mappings` -> `api_authn_mappings`).
pub fn api_module_name(tag: &str) -> String {
    // Snake-cased whole, as the vendor's client does, so that no `__` follows the prefix.
    snake_case(&format!("api_{tag}"))
}

/// Appends `_` until `name` is not in `taken`: how fields, variants and modules that spell the
/// same in Rust stay distinct.
pub fn dedup(mut name: String, taken: impl Fn(&str) -> bool) -> String {
    while taken(&name) {
        name.push('_');
    }
    name
}

/// Appends 2, 3, ... until `taken` accepts the name: how two spec names that map to one Rust
/// type name stay distinct.
pub fn numbered(wanted: String, mut claim: impl FnMut(&str) -> bool) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while !claim(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    name
}

/// The struct of an operation's optional parameters (`ListOrgConnectionsOptionalParams`).
pub fn optional_params_struct(operation_id: &str) -> String {
    format!("{}OptionalParams", type_name(operation_id))
}

/// The enum of an operation's documented error bodies (`ListOrgConnectionsError`).
pub fn error_enum(operation_id: &str) -> String {
    format!("{}Error", type_name(operation_id))
}

/// The key of an operation in `Configuration` (`v2.list_org_connections`).
pub fn operation_key(prefix: &str, method: &str) -> String {
    format!("{prefix}.{method}")
}

/// An inline request body schema that needs a model (`CreateThingRequest`).
pub fn request_body_type(operation_id: &str) -> String {
    format!("{operation_id}Request")
}

/// An inline response schema that needs a model (`GetThingResponse200`).
pub fn response_type(operation_id: &str, status: &str) -> String {
    format!("{operation_id}Response{status}")
}

/// An inline parameter schema that needs a model (`ListThingsFilterParameter`).
pub fn parameter_type(operation_id: &str, param: &str) -> String {
    format!("{operation_id}{}Parameter", param.to_pascal_case())
}

/// The items of an inline array schema that need a model.
pub fn item_type(parent: &str) -> String {
    format!("{parent}Item")
}

/// The values of an inline map schema that need a model.
pub fn map_value_type(parent: &str) -> String {
    format!("{parent}Value")
}

/// The `n`th (from 1) inline member of a `oneOf` or `anyOf` that needs a model.
pub fn member_type(parent: &str, n: usize) -> String {
    format!("{parent}{n}")
}

/// The error variant for a status whose body is not a model (`Status4XX`).
pub fn status_variant(status: &str) -> String {
    format!("Status{}", status.to_uppercase())
}

/// A `oneOf` variant for a type that is not a model, named by its shape (`StringList`).
pub fn shape_variant_name(shape: &crate::ir::Ty) -> String {
    use crate::ir::Ty;
    match shape {
        Ty::Named(m) => one_of_variant_name(&m.name),
        Ty::String => "String".into(),
        Ty::Bool => "Bool".into(),
        Ty::I32 => "I32".into(),
        Ty::I64 => "I64".into(),
        Ty::F32 => "F32".into(),
        Ty::F64 => "F64".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Json => "Value".into(),
        Ty::Vec(t) => format!("{}List", shape_variant_name(t)),
        Ty::Map(t) => format!("{}Map", shape_variant_name(t)),
        Ty::Option(t) | Ty::Box(t) => shape_variant_name(t),
    }
}

/// The types of an API's `mock` module, for its operations (by method name) in order: each
/// one's expectation (`ListOrgConnections`) and its call as received (`ListOrgConnectionsCall`),
/// distinct in the module even where two method names PascalCase alike (`foo`, `foo_`).
pub fn mock_types<'a>(operations: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut taken = std::collections::BTreeSet::new();
    let call = |name: &str| format!("{name}{}", reserved::MOCK_CALL_SUFFIX);
    operations
        .into_iter()
        .map(|operation| {
            let expect = numbered(type_name(operation), |name| {
                let free = !taken.contains(name) && !taken.contains(&call(name));
                if free {
                    taken.insert(name.to_string());
                    taken.insert(call(name));
                }
                free
            });
            let call = call(&expect);
            (expect, call)
        })
        .collect()
}

/// The matchers of an operation's mock expectation, for its parameters (by Rust name) in
/// order: each parameter's name, unless the expectation has a method so named.
pub fn mock_matchers<'a>(params: impl IntoIterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut taken: Vec<String> = reserved::MOCK_METHODS.iter().map(|m| m.to_string()).collect();
    taken.extend(params.clone().into_iter().map(str::to_string));
    params
        .into_iter()
        .map(|param| {
            if !reserved::MOCK_METHODS.contains(&param) {
                return param.to_string();
            }
            let name = dedup(format!("{param}_"), |n| taken.iter().any(|t| t == n));
            taken.push(name.clone());
            name
        })
        .collect()
}

/// The cargo feature of a tag in a crate of many APIs (`v2-org-connections`).
pub fn feature_name(prefix: &str, tag: &str) -> String {
    format!("{prefix}-{}", snake_case(tag).trim_start_matches('_').replace('_', "-"))
}

#[cfg(test)]
mod tests;
