//! The view of an API module's typed mocks (`mock.rs.j2`).

use serde::Serialize;

use std::collections::HashMap;

use crate::ir::{Api, ApiGroup, EnumRepr, Model, ModelKind, Operation, Param, PathTemplate, Ty, WireForm};
use crate::render::calls::{ParamReader, ReadAs};

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
