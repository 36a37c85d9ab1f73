//! The views of the crate's root: `lib.rs.j2` and the README, with their examples.

use serde::Serialize;

use std::collections::HashMap;

use crate::ir::{Api, ApiGroup, AuthKind, AuthScheme, Model, ModelKind, Ty};
use crate::settings::GenerationSettings;

/// `lib.rs.j2`: the root module of the crate users depend on.
#[derive(Serialize)]
pub struct CrateView<'a> {
    pub crate_name: &'a str,
    pub crate_ident: String,
    /// A feature per API: the docs list them rather than show an example.
    pub features: bool,
    pub versions: Vec<VersionSummary<'a>>,
    /// The first spec's title, version and version module, for a crate of one spec.
    pub title: &'a str,
    pub version: &'a str,
    pub version_module: &'a str,
    /// The first spec's APIs.
    pub groups: Vec<GroupSummary<'a>>,
    /// The call the quick start shows: the first operation of the first API.
    pub example: Option<ExampleCall<'a>>,
    /// The environment variables that hold the credentials of the most common requirement (the
    /// first operation's first), in scheme order.
    pub key_envs: Vec<&'a str>,
    /// Every security scheme, as the docs' "Authentication" section lists it.
    pub auth: Vec<AuthDoc<'a>>,
    pub site_env: Option<&'a str>,
    /// The runtime's member crate, which the crate re-exports instead of holding the runtime.
    pub runtime_crate: Option<&'a str>,
    /// The quick start's call as a test with typed mocks (`Testing your code`), when the docs
    /// can show it.
    pub mock_example: Option<MockExample>,
    /// A crate of a feature per API: the quick start's call, the first API (in spec order)
    /// whose first operation takes only optional parameters, with its version module.
    pub feature_example: Option<FeatureExample<'a>>,
}

/// The quick start's call of a crate with a feature per API: compiled when its feature is on.
#[derive(Serialize)]
pub struct FeatureExample<'a> {
    pub call: ExampleCall<'a>,
    pub version_module: &'a str,
    pub feature: &'a str,
}

impl<'a> FeatureExample<'a> {
    pub fn of(versions: &'a [(Api, GenerationSettings)]) -> Option<FeatureExample<'a>> {
        versions.iter().find_map(|(api, settings)| {
            api.groups.iter().find_map(|group| {
                let call = ExampleCall::of(group).filter(|call| call.params.is_some())?;
                let feature = group.feature.as_deref()?;
                Some(FeatureExample { call, version_module: &settings.version_module, feature })
            })
        })
    }
}

/// A version module (`datadogV2`) and its APIs.
#[derive(Serialize)]
pub struct VersionSummary<'a> {
    pub module: &'a str,
    pub groups: Vec<GroupSummary<'a>>,
}

/// An API as the crate's docs list it.
#[derive(Serialize)]
pub struct GroupSummary<'a> {
    pub tag: &'a str,
    pub module: &'a str,
    pub struct_name: &'a str,
    pub feature: Option<&'a str>,
    /// The first line of its description.
    pub summary: &'a str,
}

impl<'a> GroupSummary<'a> {
    pub fn of(group: &'a ApiGroup) -> GroupSummary<'a> {
        GroupSummary {
            tag: &group.tag,
            module: &group.module,
            struct_name: &group.struct_name,
            feature: group.feature.as_deref(),
            summary: group.docs.first().map_or("", String::as_str),
        }
    }
}

/// The call of the crate docs' quick start.
#[derive(Serialize)]
pub struct ExampleCall<'a> {
    pub group: GroupSummary<'a>,
    pub method: &'a str,
    /// The operation's `…OptionalParams`, when that is all it takes (so the example can call it).
    pub params: Option<&'a str>,
    /// The `…OptionalParams` have a setter named like `Default::default`, which `X::default()`
    /// would name.
    pub default_shadowed: bool,
}

impl<'a> ExampleCall<'a> {
    pub fn of(group: &'a ApiGroup) -> Option<ExampleCall<'a>> {
        let op = group.operations.first()?;
        let body_arg = op.body.as_ref().is_some_and(|b| b.place == crate::ir::BodyPlace::Argument);
        let only_optional = !op.optional.is_empty() && op.args.is_empty() && !body_arg;
        Some(ExampleCall {
            group: GroupSummary::of(group),
            method: &op.name,
            params: only_optional.then_some(op.optional_struct.as_str()),
            default_shadowed: op.optional.iter().any(|p| crate::reserved::SHADOWABLE.contains(&p.name.as_str())),
        })
    }
}

/// The quick start's call in the crate docs' "Testing your code": mocked, called, read back.
#[derive(Serialize)]
pub struct MockExample {
    /// The operation's expectation type (`ListOrgConnections`).
    pub expect: String,
    /// The model the answer is, imported by name, when it is one.
    pub model: Option<String>,
    /// The answer's expression (`OrgConnectionListResponse::new(Vec::new())`); `None` when the
    /// operation answers without a body.
    pub answer: Option<String>,
    /// An integer parameter the example sets and matches on (its field and matcher), when the
    /// operation has one.
    pub param: Option<(String, String)>,
}

impl MockExample {
    /// The example for `call` of `api`, in the crate `krate` (its name in Rust); `None` when
    /// its answer has no value short enough to write.
    pub fn of(call: &ExampleCall<'_>, api: &Api, krate: &str) -> Option<MockExample> {
        call.params?;
        let group = api.groups.iter().find(|g| g.module == call.group.module)?;
        let (index, op) = group.operations.iter().enumerate().find(|(_, op)| op.name == call.method)?;
        let types = crate::naming::mock_types(group.operations.iter().map(|op| op.name.as_str()));
        let models: HashMap<&str, &Model> = api.models.iter().map(|m| (m.name.as_str(), m)).collect();
        let (model, answer) = match &op.success {
            None => (None, None),
            Some(success) => {
                let answer = smallest_value(&success.ty, &models, krate, 0, &mut 64)?;
                match &success.ty {
                    Ty::Named(m) => {
                        let path = format!("{}::{}", m.module, m.name);
                        (Some(path.replacen("crate::", &format!("{krate}::"), 1)), Some(answer))
                    }
                    _ => (None, Some(answer)),
                }
            }
        };
        let names: Vec<&str> = op.optional.iter().map(|p| p.name.as_str()).collect();
        let matchers = crate::naming::mock_matchers(names.iter().copied());
        // The page size, when a query parameter holds it.
        let limit = op.pagination.as_ref().and_then(|p| match p.limit.as_slice() {
            [step] => Some(step.field.as_str()),
            _ => None,
        });
        let integers = op.optional.iter().zip(&matchers).filter(|(p, _)| matches!(p.ty, Ty::I32 | Ty::I64));
        let param = integers
            .clone()
            .find(|(p, _)| Some(p.name.as_str()) == limit)
            .or_else(|| integers.clone().next())
            .map(|(p, matcher)| (p.name.clone(), matcher.clone()));
        Some(MockExample { expect: types[index].0.clone(), model, answer, param })
    }
}

/// A Rust expression of the smallest value of `ty` (empty lists and strings, zeros, the first
/// variant), models named from the crate `krate` (the top one bare, as the example imports it);
/// `None` when there is none short enough to write: more than 8 levels deep (a model that needs
/// itself) or more than `budget` values in all.
fn smallest_value(
    ty: &Ty,
    models: &HashMap<&str, &Model>,
    krate: &str,
    depth: usize,
    budget: &mut usize,
) -> Option<String> {
    if depth > 8 || *budget == 0 {
        return None;
    }
    *budget -= 1;
    let mut inner = |t: &Ty| smallest_value(t, models, krate, depth + 1, budget);
    Some(match ty {
        Ty::String => "String::new()".into(),
        Ty::Bool => "false".into(),
        Ty::I32 | Ty::I64 => "0".into(),
        Ty::F32 | Ty::F64 => "0.0".into(),
        Ty::Uuid => "uuid::Uuid::nil()".into(),
        Ty::DateTime => "chrono::DateTime::UNIX_EPOCH".into(),
        Ty::Bytes | Ty::Vec(_) => "Vec::new()".into(),
        Ty::Json => "serde_json::Value::Null".into(),
        Ty::Map(_) => "std::collections::BTreeMap::new()".into(),
        Ty::Option(_) => "None".into(),
        Ty::Box(t) => format!("Box::new({})", inner(t)?),
        Ty::Named(m) => {
            let path = if depth == 0 {
                m.name.clone()
            } else {
                format!("{}::{}", m.module, m.name).replacen("crate::", &format!("{krate}::"), 1)
            };
            match &models.get(m.name.as_str())?.kind {
                ModelKind::Struct { fields, .. } => {
                    let args: Option<Vec<String>> =
                        fields.iter().filter(|f| f.required).map(|f| inner(&f.arg_ty)).collect();
                    format!("{path}::new({})", args?.join(", "))
                }
                ModelKind::Enum { variants, .. } => format!("{path}::{}", variants.first()?.name),
                ModelKind::OneOf { variants } => {
                    let variant = variants.first()?;
                    format!("{path}::{}({})", variant.name, inner(&variant.ty)?)
                }
                ModelKind::Alias { ty, newtype: true } => format!("{path}({})", inner(ty)?),
                ModelKind::Alias { ty, newtype: false } => inner(ty)?,
            }
        }
    })
}

/// A security scheme as the crate's docs explain it.
#[derive(Serialize)]
pub struct AuthDoc<'a> {
    pub scheme: &'a str,
    /// What the credential is and where it travels.
    pub how: String,
    pub env: Option<&'a str>,
    /// The `Configuration` methods that set it.
    pub setters: &'static str,
}

impl<'a> AuthDoc<'a> {
    pub fn of(scheme: &'a AuthScheme) -> AuthDoc<'a> {
        let key = "`set_auth_key`";
        let (how, setters) = match &scheme.kind {
            AuthKind::Header(name) => (format!("an API key in the `{name}` header"), key),
            AuthKind::Query(name) => (format!("an API key in the `{name}` query parameter"), key),
            AuthKind::Cookie(name) => (format!("an API key in the `{name}` cookie"), key),
            AuthKind::Basic => {
                ("HTTP basic, a user name and password (`user:password` in the variable)".into(), "`set_basic_auth`")
            }
            AuthKind::Bearer => (
                "a bearer token (HTTP bearer, OAuth2 or OpenID Connect) that you obtain".into(),
                "`set_bearer_token`, or `set_token_provider` for a token that is refreshed",
            ),
        };
        AuthDoc { scheme: &scheme.scheme, how, env: scheme.env.as_deref(), setters }
    }
}
