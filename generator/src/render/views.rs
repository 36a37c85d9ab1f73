//! One view per template: the named, typed data each template reads, built from the IR and the
//! settings. A misspelled field is a compile error here; minijinja's strict undefined behaviour
//! catches the rest at render time, in the generator's tests.

use serde::Serialize;

use std::collections::HashMap;

use super::calls::{ParamReader, ReadAs, RequestSetter, ResponseDecoder};
use crate::ir::{
    Api, ApiGroup, ApiKeyAuth, EnumRepr, Model, ModelKind, Operation, Param, PathTemplate, Server, Ty, WireForm,
};
use crate::layout::Glob;
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
    /// The environment variables that hold the keys, in scheme order.
    pub key_envs: Vec<&'a str>,
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

/// `spec.rs.j2`: what the runtime knows of the specs.
#[derive(Serialize)]
pub struct SpecView<'a> {
    pub crate_name: &'a str,
    pub crate_version: &'a str,
    pub servers: &'a [Server],
    pub operation_servers: Vec<OperationServers<'a>>,
    pub auth: Vec<&'a ApiKeyAuth>,
    pub unstable: Vec<&'a str>,
    pub site_env: Option<&'a str>,
}

/// An operation with servers of its own.
#[derive(Serialize)]
pub struct OperationServers<'a> {
    pub key: &'a str,
    pub servers: &'a [Server],
}

/// `member_lib.rs.j2`: the root module of a member crate.
#[derive(Serialize)]
pub struct MemberLibView<'a> {
    pub crate_name: &'a str,
    /// What the member holds, as its docs say.
    pub what: &'a str,
    /// The member is the runtime crate, which holds the runtime module itself.
    pub holds_runtime: bool,
    pub runtime_crate: Option<&'a str>,
    pub versions: Vec<&'a str>,
}

/// `version_mod.rs.j2`: a version module (`datadogV2`) of one crate.
#[derive(Serialize)]
pub struct VersionModView<'a> {
    pub features: bool,
    pub version: &'a str,
    pub groups: Vec<VersionGroup<'a>>,
}

/// An API module of a version module: its own, or another member crate's, re-exported.
#[derive(Serialize)]
pub struct VersionGroup<'a> {
    pub module: &'a str,
    pub feature: Option<&'a str>,
    /// The member crate that holds the module, when this crate re-exports it.
    pub reexport_from: Option<&'a str>,
}

/// `model_mod.rs.j2`: the model module of a version module of one crate.
#[derive(Serialize)]
pub struct ModelModView<'a> {
    pub features: bool,
    pub version: &'a str,
    pub models: Vec<ModelEntry<'a>>,
    /// Other member crates whose models this module re-exports.
    pub globs: Vec<Glob>,
}

/// A model as its module declares it.
#[derive(Serialize)]
pub struct ModelEntry<'a> {
    pub name: &'a str,
    pub module: &'a str,
    pub features: &'a [String],
}

impl<'a> ModelEntry<'a> {
    pub fn of(model: &'a Model) -> ModelEntry<'a> {
        ModelEntry { name: &model.name, module: &model.module, features: &model.features }
    }
}

/// `model_{struct,enum,one_of,alias}.rs.j2`: one model.
#[derive(Serialize)]
pub struct ModelView<'a> {
    pub model: &'a Model,
}

/// `api.rs.j2`: one API module.
#[derive(Serialize)]
pub struct ApiView<'a> {
    pub docs: &'a [String],
    pub struct_name: &'a str,
    pub operations: Vec<OperationView<'a>>,
}

impl<'a> ApiView<'a> {
    pub fn of(group: &'a ApiGroup) -> ApiView<'a> {
        ApiView {
            docs: &group.docs,
            struct_name: &group.struct_name,
            operations: group.operations.iter().map(OperationView::of).collect(),
        }
    }
}

/// An operation, with the runtime methods that send its parameters and read its answer.
#[derive(Serialize)]
pub struct OperationView<'a> {
    #[serde(flatten)]
    pub op: &'a Operation,
    /// The parameters set on the request (the path's are in the path), positional ones first.
    pub sent: Vec<SentParam<'a>>,
    pub decoder: ResponseDecoder,
}

impl<'a> OperationView<'a> {
    pub fn of(op: &'a Operation) -> OperationView<'a> {
        let sent = op
            .args
            .iter()
            .chain(&op.optional)
            .filter_map(|param| {
                let setter = RequestSetter::of(param.location)?;
                Some(SentParam { param, setter, list_setter: setter.list_method() })
            })
            .collect();
        OperationView { op, sent, decoder: ResponseDecoder::of(op.success.as_ref()) }
    }
}

/// A parameter and the `Request` method that sets it.
#[derive(Serialize)]
pub struct SentParam<'a> {
    #[serde(flatten)]
    pub param: &'a Param,
    pub setter: RequestSetter,
    /// The method that sets it when it is a list sent as one value, if its location has one.
    pub list_setter: Option<&'static str>,
}

/// `mock.rs.j2`: the typed mocks of one API module (its `mock` submodule).
#[derive(Serialize)]
pub struct MockView<'a> {
    pub struct_name: &'a str,
    pub operations: Vec<MockOperation<'a>>,
}

/// An operation's mock: its expectation type, its call type, and how each parameter is matched
/// and read back.
#[derive(Serialize)]
pub struct MockOperation<'a> {
    pub op: &'a Operation,
    /// The expectation type (`ListOrgConnections`).
    pub expect: String,
    /// The call as received (`ListOrgConnectionsCall`).
    pub call: String,
    pub args: Vec<MockParam<'a>>,
    pub optional: Vec<MockParam<'a>>,
    /// The body, when it is an argument of its own.
    pub body: Option<&'a crate::ir::Body>,
    /// The body, when it is optional: the field of the optional parameters that holds it.
    pub optional_body: Option<OptionalBody<'a>>,
    /// The paths of other operations with the same method that this one's path would also
    /// match (`/incidents/search` for `/incidents/{id}`): requests to them are theirs.
    pub except: Vec<&'a PathTemplate>,
}

/// An optional body as a mock matches it and reads it back: `field` of the optional parameters.
#[derive(Serialize)]
pub struct OptionalBody<'a> {
    pub field: &'a str,
    pub body: &'a crate::ir::Body,
}

/// A parameter as a mock matches it and reads it back.
#[derive(Serialize)]
pub struct MockParam<'a> {
    #[serde(flatten)]
    pub param: &'a Param,
    /// The expectation's method that matches it.
    pub matcher: String,
    /// The runtime method that reads it from a request.
    pub reader: ParamReader,
    pub read_as: ReadAs,
}

impl<'a> MockView<'a> {
    /// The mocks of `group`, whose models are among `models` (by name), with each operation's
    /// shadowed paths (by key, from [`shadowed_paths`]).
    pub fn of(
        group: &'a ApiGroup,
        models: &HashMap<&str, &Model>,
        shadowed: &HashMap<&str, Vec<&'a PathTemplate>>,
    ) -> MockView<'a> {
        let types = crate::naming::mock_types(group.operations.iter().map(|op| op.name.as_str()));
        let operations = group
            .operations
            .iter()
            .zip(types)
            .map(|(op, (expect, call))| {
                // An optional body is read back as the body, not as a parameter of its own;
                // multipart parts are read back each by its name.
                let read = |p: &&Param| p.location != crate::ir::ParamLocation::Body;
                let args: Vec<&Param> = op.args.iter().filter(read).collect();
                let opts: Vec<&Param> = op.optional.iter().filter(read).collect();
                let optional_body = op.body.as_ref().and_then(|body| match &body.place {
                    crate::ir::BodyPlace::Params { field } => Some(OptionalBody { field, body }),
                    _ => None,
                });
                let matchers = crate::naming::mock_matchers(args.iter().chain(&opts).map(|p| p.name.as_str()));
                let arg_count = args.len();
                let mut params: Vec<MockParam<'a>> = args
                    .into_iter()
                    .chain(opts)
                    .zip(matchers)
                    .map(|(param, matcher)| MockParam {
                        param,
                        matcher,
                        reader: ParamReader::of(param),
                        read_as: read_as(param, models),
                    })
                    .collect();
                let optional = params.split_off(arg_count);
                let except = shadowed.get(op.key.as_str()).cloned().unwrap_or_default();
                let body = op.body.as_ref().filter(|b| matches!(b.place, crate::ir::BodyPlace::Argument));
                MockOperation { op, expect, call, args: params, optional, body, optional_body, except }
            })
            .collect();
        MockView { struct_name: &group.struct_name, operations }
    }
}

/// For each operation of `api` (by key), the paths of its other operations with the same method
/// that the operation's path would also match ([`PathTemplate::shadows`]): `/incidents/search`
/// for `/incidents/{id}`. Computed once per API: every pair is compared.
pub fn shadowed_paths(api: &Api) -> HashMap<&str, Vec<&PathTemplate>> {
    let ops: Vec<(&Operation, String)> = api.operations().map(|op| (op, op.path.sample())).collect();
    let mut shadowed = HashMap::new();
    // A path without parameters matches only itself.
    for (op, sample) in ops.iter().filter(|(op, _)| op.path.params().next().is_some()) {
        let paths: Vec<&PathTemplate> = ops
            .iter()
            .filter(|(other, other_sample)| {
                other.method == op.method && op.path.matches(other_sample) && !other.path.matches(sample)
            })
            .map(|(other, _)| &other.path)
            .collect();
        if !paths.is_empty() {
            shadowed.insert(op.key.as_str(), paths);
        }
    }
    shadowed
}

/// How a parameter reads back (a list: each item): a file part as bytes; otherwise as JSON
/// first when its JSON is not a string.
fn read_as(param: &Param, models: &HashMap<&str, &Model>) -> ReadAs {
    fn json(ty: &Ty, models: &HashMap<&str, &Model>, depth: usize) -> bool {
        match ty {
            Ty::String | Ty::Uuid | Ty::DateTime | Ty::Bytes => false,
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Json | Ty::Map(_) => true,
            Ty::Vec(t) | Ty::Option(t) | Ty::Box(t) => json(t, models, depth),
            Ty::Named(m) => match models.get(m.name.as_str()).map(|m| &m.kind) {
                Some(ModelKind::Enum { repr, .. }) => *repr == EnumRepr::I64,
                // An alias reads as what it stands for (a cycle of aliases: as JSON).
                Some(ModelKind::Alias { ty, .. }) => depth > 16 || json(ty, models, depth + 1),
                _ => true,
            },
        }
    }
    fn bytes(ty: &Ty) -> bool {
        match ty {
            Ty::Bytes => true,
            Ty::Vec(t) | Ty::Option(t) | Ty::Box(t) => bytes(t),
            _ => false,
        }
    }
    if param.location == crate::ir::ParamLocation::Form && bytes(&param.ty) {
        ReadAs::Bytes
    } else if param.wire == WireForm::Json || json(&param.ty, models, 0) {
        ReadAs::Json
    } else {
        ReadAs::String
    }
}

/// `Cargo.toml.j2`: the manifest of the crate users depend on, or of a member crate.
#[derive(Serialize)]
pub struct ManifestView<'a> {
    /// The package: the crate's name, or a member's.
    pub name: &'a str,
    /// The crate users depend on (a member's description names it).
    pub crate_name: &'a str,
    pub crate_version: &'a str,
    pub repository: Option<&'a str>,
    /// The crate users depend on, rather than a member.
    pub root: bool,
    /// What a member holds, as its description says.
    pub what: String,
    /// A crate with a feature per API, described as the whole API.
    pub features_per_api: bool,
    /// For a crate of one spec, its description names the spec's title and tags.
    pub title: &'a str,
    pub tags: Vec<&'a str>,
    /// This crate holds the runtime: its TLS features turn on reqwest's.
    pub owns_runtime: bool,
    /// The runtime crate whose TLS features this crate's turn on, when another crate holds it.
    pub tls_forwarded_to: Option<&'a str>,
    /// The cargo features of the APIs (and `all`), with what each turns on.
    pub features: Vec<Feature>,
    /// The member crates it depends on.
    pub members: Vec<MemberDependency>,
    /// What the `mock` feature (typed mocks) turns on: wiremock in the crate that holds the
    /// runtime, the runtime's and the parts' `mock` elsewhere; `None` for a crate without it
    /// (the shared models).
    pub mock: Option<Vec<String>>,
}

/// A cargo feature and what it turns on.
#[derive(Serialize)]
pub struct Feature {
    pub name: String,
    pub enables: Vec<String>,
}

/// A dependency on a member crate.
#[derive(Serialize)]
pub struct MemberDependency {
    pub name: String,
    pub path: String,
    pub optional: bool,
}

/// `smoke/{Cargo.toml,main.rs}.j2`: the program that calls every operation once.
#[derive(Serialize)]
pub struct SmokeView<'a> {
    pub crate_name: &'a str,
    pub crate_ident: String,
    pub crate_path: &'a str,
    pub features: bool,
    pub versions: Vec<&'a str>,
    pub calls: Vec<SmokeCall<'a>>,
    pub auth: Vec<&'a ApiKeyAuth>,
    pub unstable: Vec<&'a str>,
}

/// One operation's call in the smoke program.
#[derive(Serialize)]
pub struct SmokeCall<'a> {
    pub version: &'a str,
    /// The operation's key (`v2.list_org_connections`).
    pub key: &'a str,
    /// The function that makes the call (named like the operation's key).
    pub function: String,
    /// The path of the API module (`crate::datadogV2::api_foo`).
    pub api: String,
    pub struct_name: &'a str,
    pub op: &'a Operation,
}

impl<'a> SmokeView<'a> {
    pub fn new(
        versions: &'a [(Api, GenerationSettings)],
        settings: &'a GenerationSettings,
        crate_path: &'a str,
    ) -> Self {
        let crate_ident = settings.crate_ident();
        let mut calls = Vec::new();
        for (api, s) in versions {
            for group in &api.groups {
                for op in &group.operations {
                    calls.push(SmokeCall {
                        version: &s.version_module,
                        key: &op.key,
                        function: crate::naming::fn_name(&op.key),
                        api: format!("{crate_ident}::{}::{}", s.version_module, group.module),
                        struct_name: &group.struct_name,
                        op,
                    });
                }
            }
        }
        SmokeView {
            crate_name: &settings.crate_name,
            crate_ident,
            crate_path,
            features: settings.features,
            versions: versions.iter().map(|(_, s)| s.version_module.as_str()).collect(),
            calls,
            auth: auth_schemes(versions),
            unstable: unstable_keys(versions),
        }
    }
}

/// The API-key schemes of every spec, each once (by name), in spec order.
pub fn auth_schemes(versions: &[(Api, GenerationSettings)]) -> Vec<&ApiKeyAuth> {
    let mut auth: Vec<&ApiKeyAuth> = Vec::new();
    for scheme in versions.iter().flat_map(|(api, _)| &api.auth) {
        if !auth.iter().any(|a| a.scheme == scheme.scheme) {
            auth.push(scheme);
        }
    }
    auth
}

/// The keys of the operations marked unstable, in every spec.
pub fn unstable_keys(versions: &[(Api, GenerationSettings)]) -> Vec<&str> {
    versions.iter().flat_map(|(api, _)| api.operations()).filter(|o| o.unstable).map(|o| o.key.as_str()).collect()
}
