//! The views of the generated modules: the spec, member crates, version, model and API modules.

use serde::Serialize;

use crate::ir::{ApiGroup, AuthScheme, Model, Operation, Param, Server};
use crate::layout::Glob;
use crate::render::calls::{RequestSetter, ResponseDecoder};

/// `spec.rs.j2`: what the runtime knows of the specs.
#[derive(Serialize)]
pub struct SpecView<'a> {
    pub crate_name: &'a str,
    pub crate_version: &'a str,
    pub servers: &'a [Server],
    pub operation_servers: Vec<OperationServers<'a>>,
    pub auth: Vec<&'a AuthScheme>,
    pub unstable: Vec<&'a str>,
    pub site_env: Option<&'a str>,
    /// Datadog's rules for server variables (see `GenerationSettings::site_rules`).
    pub site_rules: bool,
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
