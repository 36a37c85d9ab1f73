//! Resolve: walks the parsed spec once, follows `$ref`s, names every type and maps every schema
//! to a Rust type, producing the IR. Nothing after this stage looks at the spec.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Response, Schema, SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::ir::{self, Api, ApiGroup, Model, ModelKind};
use crate::naming;
use crate::types::Ty;

/// Resolves a whole spec into the IR.
pub fn resolve(spec: &OpenAPI) -> Result<Api> {
    let mut r = Resolver::new(spec);
    r.component_models()?;
    let groups = r.groups()?;
    let models = r.finish_models();
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        docs: naming::doc_lines(spec.info.description.as_deref().unwrap_or_default()),
        servers: spec.servers.iter().map(server).collect(),
        auth: r.api_keys,
        models,
        groups,
    })
}

/// A struct field before boxing decisions, which need every model to be known.
struct DraftField {
    name: String,
    json_name: String,
    ty: Ty,
    required: bool,
    nullable: bool,
    docs: Vec<String>,
}

enum DraftKind {
    Struct(Vec<DraftField>),
    Enum { repr: &'static str, variants: Vec<ir::EnumVariant> },
    OneOf(Vec<(String, Ty)>),
    Alias(Ty),
}

struct Draft {
    docs: Vec<String>,
    kind: DraftKind,
}

struct Resolver<'a> {
    spec: &'a OpenAPI,
    /// The spec's API-key schemes, which operations name in their `security`.
    api_keys: Vec<ir::ApiKeyAuth>,
    /// Spec schema name -> Rust type name.
    names: HashMap<String, String>,
    /// Rust names already taken, by models or reserved for component schemas.
    taken: BTreeSet<String>,
    drafts: BTreeMap<String, Draft>,
}

fn server(s: &openapiv3::Server) -> ir::Server {
    ir::Server {
        url: s.url.clone(),
        description: s.description.clone().unwrap_or_default(),
        variables: s
            .variables
            .iter()
            .flatten()
            .map(|(name, v)| ir::ServerVariable {
                name: name.clone(),
                description: v.description.clone().unwrap_or_default(),
                default: v.default.clone(),
                values: v.enumeration.clone(),
            })
            .collect(),
    }
}

fn api_key_schemes(spec: &OpenAPI) -> Vec<ir::ApiKeyAuth> {
    let Some(components) = &spec.components else { return Vec::new() };
    components
        .security_schemes
        .iter()
        .filter_map(|(scheme, s)| match s {
            ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                extensions,
                ..
            }) => Some(ir::ApiKeyAuth {
                scheme: scheme.clone(),
                header: name.clone(),
                env: extensions.get("x-env-name").and_then(Json::as_str).map(str::to_string),
            }),
            _ => None,
        })
        .collect()
}

fn ref_name<'r>(reference: &'r str, section: &str) -> Option<&'r str> {
    reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')
}

/// Escapes a name for use in a JSON pointer (RFC 6901).
fn pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn string_format(f: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> String {
    match f {
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => "date-time".into(),
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => "binary".into(),
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => "date".into(),
        VariantOrUnknownOrEmpty::Unknown(s) => s.clone(),
        _ => String::new(),
    }
}

impl<'a> Resolver<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        Resolver {
            spec,
            api_keys: api_key_schemes(spec),
            names: HashMap::new(),
            taken: BTreeSet::new(),
            drafts: BTreeMap::new(),
        }
    }

    fn schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.spec.components.as_ref().map(|c| &c.schemas)
    }

    /// Claims a Rust type name, adding a numeric suffix when two spec names would collide.
    fn claim(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        name
    }

    fn component_models(&mut self) -> Result<()> {
        let Some(schemas) = self.schemas() else { return Ok(()) };
        // Names first, so that references between schemas resolve in any order.
        for name in schemas.keys() {
            let rust = self.claim(naming::type_name(name));
            self.names.insert(name.clone(), rust);
        }
        for (name, schema) in schemas {
            let location = format!("#/components/schemas/{}", pointer(name));
            let rust = self.names[name].clone();
            let schema = self.resolve_schema(schema, &location)?;
            let draft = self.draft(&rust, schema, &location)?;
            self.drafts.insert(rust, draft);
        }
        Ok(())
    }

    fn resolve_schema<'s>(&self, schema: &'s ReferenceOr<Schema>, location: &str) -> Result<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, location),
        }
    }

    fn schema_by_ref(&self, reference: &str, location: &str) -> Result<&'a Schema> {
        let unresolved = || Error::UnresolvedRef { location: location.to_string(), reference: reference.to_string() };
        let name = ref_name(reference, "schemas").ok_or_else(unresolved)?;
        match self.schemas().and_then(|s| s.get(name)).ok_or_else(unresolved)? {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, location),
        }
    }

    /// The model for a named schema (a component, or an inline schema that needs a name).
    fn draft(&mut self, name: &str, schema: &Schema, location: &str) -> Result<Draft> {
        let docs = naming::doc_lines(schema.schema_data.description.as_deref().unwrap_or(name));
        let varnames = schema.schema_data.extensions.get("x-enum-varnames").and_then(Json::as_array);
        let varname = |i: usize| varnames.and_then(|v| v.get(i)).and_then(Json::as_str);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().map(|v| (v.clone(), format!("{v:?}")));
                DraftKind::Enum { repr: "str", variants: enum_variants(values, varname) }
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i.enumeration.iter().flatten().map(|v| (v.to_string(), v.to_string()));
                DraftKind::Enum { repr: "i64", variants: enum_variants(values, varname) }
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                DraftKind::Struct(self.fields(name, &o.properties, &o.required, location)?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                DraftKind::Struct(self.fields(name, &any.properties, &any.required, location)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of(name, all_of, location)?,
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.one_of(name, members, location)?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let members = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
                self.one_of(name, members, location)?
            }
            _ => DraftKind::Alias(self.type_of_schema(name, schema, location)?),
        };
        Ok(Draft { docs, kind })
    }

    fn fields(
        &mut self,
        parent: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        location: &str,
    ) -> Result<Vec<DraftField>> {
        let mut fields: Vec<DraftField> = Vec::new();
        for (json_name, prop) in properties {
            let loc = format!("{location}/properties/{}", pointer(json_name));
            let (ty, nullable, description) = match prop {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_by_ref(reference, &loc)?;
                    let ty = self.type_of_ref(reference, &loc)?;
                    (ty, target.schema_data.nullable, target.schema_data.description.clone())
                }
                ReferenceOr::Item(s) => {
                    let ty = self.type_of_inline(&naming::nested_type_name(parent, json_name), s, &loc)?;
                    (ty, s.schema_data.nullable, s.schema_data.description.clone())
                }
            };
            let mut name = naming::field_name(json_name);
            while fields.iter().any(|f| f.name == name) {
                name.push('_');
            }
            fields.push(DraftField {
                name,
                json_name: json_name.clone(),
                ty,
                required: required.contains(json_name),
                nullable,
                docs: naming::doc_lines(description.as_deref().unwrap_or(json_name)),
            });
        }
        Ok(fields)
    }

    /// `allOf` of object schemas merges their properties; a single member stands for itself.
    fn all_of(&mut self, name: &str, members: &[ReferenceOr<Schema>], location: &str) -> Result<DraftKind> {
        if let [only] = members {
            return Ok(DraftKind::Alias(self.type_of(name, only, &format!("{location}/allOf/0"))?));
        }
        let mut properties = IndexMap::new();
        let mut required = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let loc = format!("{location}/allOf/{i}");
            match &self.resolve_schema(member, &loc)?.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    properties.extend(o.properties.clone());
                    required.extend(o.required.iter().cloned());
                }
                SchemaKind::Any(a) if !a.properties.is_empty() => {
                    properties.extend(a.properties.clone());
                    required.extend(a.required.iter().cloned());
                }
                _ => {
                    return Err(Error::Unsupported {
                        location: loc,
                        message: "allOf member is not an object schema; only objects can be merged".into(),
                    });
                }
            }
        }
        Ok(DraftKind::Struct(self.fields(name, &properties, &required, location)?))
    }

    fn one_of(&mut self, name: &str, members: &[ReferenceOr<Schema>], location: &str) -> Result<DraftKind> {
        let mut variants: Vec<(String, Ty)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let loc = format!("{location}/oneOf/{i}");
            let ty = self.type_of(&format!("{name}{}", i + 1), member, &loc)?;
            let mut variant = match &ty {
                Ty::Named(n) => naming::one_of_variant_name(n),
                other => naming::one_of_variant_name(&format!("{}", other).replace(['<', '>', ':', ' ', ','], "")),
            };
            while variants.iter().any(|(v, _)| *v == variant) {
                variant.push('_');
            }
            variants.push((variant, ty));
        }
        Ok(DraftKind::OneOf(variants))
    }

    /// The Rust type of a schema used somewhere; inline schemas that need a name get `name`.
    fn type_of(&mut self, name: &str, schema: &ReferenceOr<Schema>, location: &str) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, location),
            ReferenceOr::Item(s) => self.type_of_inline(name, s, location),
        }
    }

    fn type_of_boxed(&mut self, name: &str, schema: &ReferenceOr<Box<Schema>>, location: &str) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, location),
            ReferenceOr::Item(s) => self.type_of_inline(name, s, location),
        }
    }

    fn type_of_ref(&mut self, reference: &str, location: &str) -> Result<Ty> {
        let unresolved = || Error::UnresolvedRef { location: location.to_string(), reference: reference.to_string() };
        let name = ref_name(reference, "schemas").ok_or_else(unresolved)?;
        self.names.get(name).map(|n| Ty::Named(n.clone())).ok_or_else(unresolved)
    }

    /// An inline schema: primitives map directly; anything that needs its own type becomes a
    /// model named after where it sits.
    fn type_of_inline(&mut self, name: &str, schema: &Schema, location: &str) -> Result<Ty> {
        let needs_model = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
            SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::AllOf { all_of } => all_of.len() > 1,
            SchemaKind::Any(a) => !a.properties.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty(),
            _ => false,
        };
        if needs_model {
            let rust = self.claim(naming::type_name(name));
            let draft = self.draft(&rust, schema, location)?;
            self.drafts.insert(rust.clone(), draft);
            return Ok(Ty::Named(rust));
        }
        self.type_of_schema(name, schema, location)
    }

    /// The Rust type of a schema that needs no model of its own.
    fn type_of_schema(&mut self, name: &str, schema: &Schema, location: &str) -> Result<Ty> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Ty::from_string_format(&string_format(&s.format)),
            SchemaKind::Type(Type::Integer(i)) => Ty::from_integer_format(&variant_text(&i.format)),
            SchemaKind::Type(Type::Number(n)) => Ty::from_number_format(&variant_text(&n.format)),
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.type_of_boxed(&format!("{name}Item"), items, &format!("{location}/items"))?,
                    None => Ty::Json,
                };
                Ty::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(o)) => self.map_of(name, o.additional_properties.as_ref(), location)?,
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(name, &all_of[0], &format!("{location}/allOf/0"))?
            }
            SchemaKind::Any(a) => match a.typ.as_deref() {
                Some("array") => match &a.items {
                    Some(items) => Ty::Vec(Box::new(self.type_of_boxed(
                        &format!("{name}Item"),
                        items,
                        &format!("{location}/items"),
                    )?)),
                    None => Ty::Vec(Box::new(Ty::Json)),
                },
                Some("string") => Ty::from_string_format(a.format.as_deref().unwrap_or_default()),
                Some("integer") => Ty::from_integer_format(a.format.as_deref().unwrap_or_default()),
                Some("number") => Ty::from_number_format(a.format.as_deref().unwrap_or_default()),
                Some("boolean") => Ty::Bool,
                Some("object") => self.map_of(name, a.additional_properties.as_ref(), location)?,
                _ => Ty::Json,
            },
            SchemaKind::Not { .. } => Ty::Json,
            _ => {
                return Err(Error::Unsupported {
                    location: location.to_string(),
                    message: "schema kind has no Rust type mapping".into(),
                });
            }
        })
    }

    /// An object without properties: a map of its `additionalProperties`, or of any JSON value.
    fn map_of(&mut self, name: &str, additional: Option<&AdditionalProperties>, location: &str) -> Result<Ty> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                self.type_of(&format!("{name}Value"), s, &format!("{location}/additionalProperties"))?
            }
            _ => Ty::Json,
        };
        Ok(Ty::Map(Box::new(value)))
    }

    /// Turns the drafts into models, boxing each reference that closes a cycle of direct
    /// containment (a struct that holds itself, directly or through other structs).
    fn finish_models(&mut self) -> Vec<Model> {
        let cyclic = self.cyclic_edges();
        let mut modules = BTreeSet::new();
        let drafts = std::mem::take(&mut self.drafts);
        drafts
            .into_iter()
            .map(|(name, draft)| {
                let mut module = naming::module_name(&name);
                while !modules.insert(module.clone()) {
                    module.push('_');
                }
                let kind = match draft.kind {
                    DraftKind::Struct(fields) => {
                        let all_optional = fields.iter().all(|f| !f.required);
                        let fields = fields
                            .into_iter()
                            .map(|f| {
                                let boxed =
                                    f.ty.direct_model()
                                        .is_some_and(|m| cyclic.contains(&(name.clone(), m.to_string())));
                                let base = if boxed { f.ty.boxed() } else { f.ty };
                                let arg = if f.nullable { Ty::Option(Box::new(base.clone())) } else { base.clone() };
                                let ty = if f.required { arg.clone() } else { Ty::Option(Box::new(arg.clone())) };
                                ir::Field {
                                    name: f.name,
                                    json_name: f.json_name,
                                    ty: ty.to_string(),
                                    arg_ty: arg.to_string(),
                                    required: f.required,
                                    nullable: f.nullable,
                                    docs: f.docs,
                                }
                            })
                            .collect();
                        ModelKind::Struct { fields, all_optional }
                    }
                    DraftKind::Enum { repr, variants } => ModelKind::Enum { repr: repr.to_string(), variants },
                    DraftKind::OneOf(variants) => ModelKind::OneOf {
                        variants: variants
                            .into_iter()
                            .map(|(name, ty)| ir::OneOfVariant { name, ty: ty.boxed().to_string() })
                            .collect(),
                    },
                    DraftKind::Alias(ty) => ModelKind::Alias { ty: ty.to_string() },
                };
                Model { name, module, docs: draft.docs, kind }
            })
            .collect()
    }

    /// Pairs (model, referenced model) where the reference is direct and both sit on one cycle.
    fn cyclic_edges(&self) -> BTreeSet<(String, String)> {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .drafts
            .iter()
            .map(|(name, d)| {
                let targets = match &d.kind {
                    DraftKind::Struct(fields) => fields.iter().filter_map(|f| f.ty.direct_model()).collect(),
                    DraftKind::Alias(ty) => ty.direct_model().into_iter().collect(),
                    // One-of variants are always boxed, so they never make a type infinitely sized.
                    DraftKind::OneOf(_) | DraftKind::Enum { .. } => Vec::new(),
                };
                (name.as_str(), targets)
            })
            .collect();
        let mut cyclic = BTreeSet::new();
        for (&from, targets) in &edges {
            for &to in targets {
                if reaches(&edges, to, from) {
                    cyclic.insert((from.to_string(), to.to_string()));
                }
            }
        }
        cyclic
    }

    fn groups(&mut self) -> Result<Vec<ApiGroup>> {
        let mut groups: BTreeMap<String, ApiGroup> = BTreeMap::new();
        for (path, item) in &self.spec.paths.paths {
            let path_loc = format!("#/paths/{}", pointer(path));
            let ReferenceOr::Item(item) = item else {
                return Err(Error::Unsupported {
                    location: path_loc,
                    message: "path item references are not supported".into(),
                });
            };
            for (method, op) in item.iter() {
                let location = format!("{path_loc}/{method}");
                let tag = op.tags.first().cloned().unwrap_or_else(|| "Default".to_string());
                let operation = self.operation(path, method, &item.parameters, op, &location)?;
                groups
                    .entry(tag.clone())
                    .or_insert_with(|| ApiGroup {
                        struct_name: naming::api_struct_name(&tag),
                        module: naming::api_module_name(&tag),
                        docs: self.tag_docs(&tag),
                        tag: tag.clone(),
                        operations: Vec::new(),
                    })
                    .operations
                    .push(operation);
            }
        }
        Ok(groups.into_values().collect())
    }

    fn tag_docs(&self, tag: &str) -> Vec<String> {
        let description = self.spec.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.as_deref());
        naming::doc_lines(description.unwrap_or(tag))
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        path_params: &[ReferenceOr<Parameter>],
        op: &SpecOperation,
        location: &str,
    ) -> Result<ir::Operation> {
        let id = op.operation_id.clone().ok_or_else(|| Error::Unsupported {
            location: location.to_string(),
            message: "operation has no operationId, which names its method".into(),
        })?;
        let name = naming::fn_name(&id);

        // Operation-level parameters override path-level ones with the same name and location.
        let mut params: Vec<(&Parameter, String)> = Vec::new();
        for (i, p) in path_params.iter().enumerate() {
            params.push((self.parameter(p, &format!("{location}/../parameters/{i}"))?, String::new()));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let p = self.parameter(p, &format!("{location}/parameters/{i}"))?;
            let key = p.parameter_data_ref();
            params.retain(|(q, _)| {
                let qd = q.parameter_data_ref();
                !(qd.name == key.name && std::mem::discriminant(*q) == std::mem::discriminant(p))
            });
            params.push((p, format!("{location}/parameters/{i}")));
        }
        let mut args = Vec::new();
        let mut optional = Vec::new();
        for (p, loc) in params {
            let (param, required) = self.param(&id, p, &loc)?;
            if required { args.push(param) } else { optional.push(param) }
        }
        // Path parameters first, in the order they appear in the path, as the vendor's client orders them.
        args.sort_by_key(|p| {
            if p.location == "path" { path.find(&format!("{{{}}}", p.wire_name)).unwrap_or(0) } else { usize::MAX }
        });

        let body = match &op.request_body {
            Some(b) => Some(self.body(&id, b, &format!("{location}/requestBody"))?),
            None => None,
        };

        let mut success = None;
        let mut errors: Vec<ir::OneOfVariant> = Vec::new();
        let mut statuses = Vec::new();
        let mut responses: Vec<(String, &ReferenceOr<Response>)> =
            op.responses.responses.iter().map(|(code, r)| (status_text(code), r)).collect();
        if let Some(default) = &op.responses.default {
            responses.push(("default".into(), default));
        }
        for (status, response) in responses {
            let loc = format!("{location}/responses/{status}");
            let ty = self.response_type(&format!("{id}Response{status}"), response, &loc)?;
            statuses.push(status.clone());
            if status.starts_with('2') {
                if success.is_none() {
                    success = ty;
                }
            } else if let Some(ty) = ty {
                let ty_text = ty.to_string();
                if !errors.iter().any(|e| e.ty == ty_text) {
                    let variant = match &ty {
                        Ty::Named(n) => naming::one_of_variant_name(n),
                        _ => format!("Status{}", status.to_uppercase()),
                    };
                    errors.push(ir::OneOfVariant { name: variant, ty: ty_text });
                }
            }
        }

        let security = op.security.as_ref().or(self.spec.security.as_ref());
        let mut auth = Vec::new();
        for requirement in security.into_iter().flatten() {
            for scheme in requirement.keys() {
                if self.api_keys.iter().any(|k| &k.scheme == scheme) && !auth.contains(scheme) {
                    auth.push(scheme.clone());
                }
            }
        }

        let pagination = match op.extensions.get("x-pagination") {
            Some(p) => self.pagination(p, &optional, success.as_ref(), &format!("{location}/x-pagination"))?,
            None => None,
        };

        let key = format!("v2.{name}");
        let path_expr = path_expr(path, &args, location)?;
        Ok(ir::Operation {
            optional_struct: format!("{id}OptionalParams"),
            error_enum: format!("{id}Error"),
            key,
            name,
            method: method.to_uppercase(),
            path: path.to_string(),
            path_expr,
            summary: op.summary.clone().unwrap_or_default(),
            docs: naming::doc_lines(op.description.as_deref().or(op.summary.as_deref()).unwrap_or(&id)),
            id,
            args,
            optional,
            body,
            success: success.map(|t| t.to_string()),
            error_variants: errors,
            statuses,
            auth,
            unstable: op.extensions.contains_key("x-unstable"),
            pagination,
            servers: op.servers.iter().map(server).collect(),
        })
    }

    fn parameter<'p>(&self, p: &'p ReferenceOr<Parameter>, location: &str) -> Result<&'p Parameter>
    where
        'a: 'p,
    {
        match p {
            ReferenceOr::Item(p) => Ok(p),
            ReferenceOr::Reference { reference } => {
                let unresolved =
                    || Error::UnresolvedRef { location: location.to_string(), reference: reference.clone() };
                let name = ref_name(reference, "parameters").ok_or_else(unresolved)?;
                match self.spec.components.as_ref().and_then(|c| c.parameters.get(name)).ok_or_else(unresolved)? {
                    ReferenceOr::Item(p) => Ok(p),
                    ReferenceOr::Reference { reference } => Err(Error::Unsupported {
                        location: location.to_string(),
                        message: format!("parameter reference to another reference `{reference}`"),
                    }),
                }
            }
        }
    }

    fn param(&mut self, op_id: &str, p: &Parameter, location: &str) -> Result<(ir::Param, bool)> {
        let (data, place, explode) = match p {
            Parameter::Query { parameter_data, style, .. } => {
                let explode = parameter_data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                (parameter_data, "query", explode)
            }
            Parameter::Path { parameter_data, .. } => (parameter_data, "path", false),
            Parameter::Header { parameter_data, .. } => (parameter_data, "header", false),
            Parameter::Cookie { .. } => {
                return Err(Error::Unsupported {
                    location: location.to_string(),
                    message: "cookie parameters are not supported".into(),
                });
            }
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let type_name = format!("{op_id}{}Parameter", heck::ToPascalCase::to_pascal_case(data.name.as_str()));
                self.type_of(&type_name, s, &format!("{location}/schema"))?
            }
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        let required = data.required || place == "path";
        let name = naming::field_name(&data.name);
        // Path parameters are written straight into the path expression; the others are bound
        // to `value` (or `item`, per array element) by the template.
        let var = match place {
            "path" => name.as_str(),
            _ if ty.is_array() => "item",
            _ => "value",
        };
        Ok((
            ir::Param {
                to_wire: ty.to_wire(var, &|model| self.is_enum(model)),
                name,
                wire_name: data.name.clone(),
                location: place.to_string(),
                required,
                explode: explode && ty.is_array(),
                is_array: ty.is_array(),
                copy: ty.is_copy(),
                ty: ty.to_string(),
                docs: naming::doc_lines(data.description.as_deref().unwrap_or(&data.name)),
                default: schema_default(self, &data.format),
            },
            required,
        ))
    }

    /// The type an alias model stands for (`EntityResponseData` -> `Vec<EntityData>`).
    fn unalias(&self, ty: Ty) -> Ty {
        match ty.direct_model().and_then(|m| self.drafts.get(m)).map(|d| &d.kind) {
            Some(DraftKind::Alias(target)) => self.unalias(target.clone()),
            _ => ty,
        }
    }

    fn is_enum(&self, model: &str) -> bool {
        matches!(self.drafts.get(model).map(|d| &d.kind), Some(DraftKind::Enum { .. }))
    }

    fn body(&mut self, op_id: &str, body: &ReferenceOr<RequestBody>, location: &str) -> Result<ir::Body> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let unresolved =
                    || Error::UnresolvedRef { location: location.to_string(), reference: reference.clone() };
                let name = ref_name(reference, "requestBodies").ok_or_else(unresolved)?;
                match self.spec.components.as_ref().and_then(|c| c.request_bodies.get(name)).ok_or_else(unresolved)? {
                    ReferenceOr::Item(b) => b,
                    ReferenceOr::Reference { .. } => return Err(unresolved()),
                }
            }
        };
        let (content_type, media) =
            body.content.iter().find(|(ct, _)| ct.contains("json")).or_else(|| body.content.first()).ok_or_else(
                || Error::Unsupported { location: location.to_string(), message: "request body has no content".into() },
            )?;
        let ty = match &media.schema {
            Some(s) => self.type_of(
                &format!("{op_id}Request"),
                s,
                &format!("{location}/content/{}/schema", pointer(content_type)),
            )?,
            None => Ty::Json,
        };
        Ok(ir::Body { ty: ty.to_string(), required: body.required, content_type: content_type.clone() })
    }

    fn response_type(&mut self, name: &str, response: &ReferenceOr<Response>, location: &str) -> Result<Option<Ty>> {
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let unresolved =
                    || Error::UnresolvedRef { location: location.to_string(), reference: reference.clone() };
                let rname = ref_name(reference, "responses").ok_or_else(unresolved)?;
                match self.spec.components.as_ref().and_then(|c| c.responses.get(rname)).ok_or_else(unresolved)? {
                    ReferenceOr::Item(r) => r,
                    ReferenceOr::Reference { .. } => return Err(unresolved()),
                }
            }
        };
        let Some((content_type, media)) =
            response.content.iter().find(|(ct, _)| ct.contains("json")).or_else(|| response.content.first())
        else {
            return Ok(None);
        };
        Ok(Some(match &media.schema {
            Some(s) if content_type.contains("json") => {
                self.type_of(name, s, &format!("{location}/content/{}/schema", pointer(content_type)))?
            }
            Some(_) => Ty::String,
            None => Ty::Json,
        }))
    }

    fn pagination(
        &self,
        ext: &Json,
        optional: &[ir::Param],
        success: Option<&Ty>,
        location: &str,
    ) -> Result<Option<ir::Pagination>> {
        let text = |key: &str| ext.get(key).and_then(Json::as_str);
        let unsupported = |message: String| Error::Unsupported { location: location.to_string(), message };
        let param = |wire: &str| {
            optional.iter().find(|p| p.wire_name == wire).ok_or_else(|| {
                unsupported(format!("x-pagination names `{wire}`, which is not an optional query parameter"))
            })
        };
        // Pagination through request bodies (`body.page.cursor`) has no stream yet.
        let Some(limit_wire) = text("limitParam").filter(|w| !w.starts_with("body.")) else { return Ok(None) };
        let limit = param(limit_wire)?;
        let mode = if let Some(offset) = text("pageOffsetParam") {
            let p = param(offset)?;
            ir::PageMode::Offset { param: p.name.clone(), ty: p.ty.clone() }
        } else if let Some(page) = text("pageParam") {
            let p = param(page)?;
            ir::PageMode::Page { param: p.name.clone(), ty: p.ty.clone() }
        } else if let (Some(cursor), Some(path)) = (text("cursorParam"), text("cursorPath")) {
            let p = param(cursor)?;
            ir::PageMode::Cursor { param: p.name.clone(), path: self.field_path(success, path, location)?.0 }
        } else {
            return Err(unsupported(
                "x-pagination has neither pageOffsetParam, pageParam nor cursorParam with cursorPath".into(),
            ));
        };
        let (results_path, item) = self.field_path(success, text("resultsPath").unwrap_or("data"), location)?;
        let mut extract = String::new();
        if let ir::PageMode::Cursor { path, .. } = &mode {
            extract.push_str(&format!("let next_cursor: Option<String> = {};\n", borrowed_path(path)));
        }
        extract.push_str(&format!("let items = {};", owned_path(&results_path)));
        let item_ty = match self.unalias(item) {
            Ty::Vec(item) => item.to_string(),
            other => return Err(unsupported(format!("resultsPath leads to `{other}`, not a list"))),
        };
        Ok(Some(ir::Pagination {
            limit_param: limit.name.clone(),
            limit_ty: limit.ty.clone(),
            default_limit: limit.default.clone(),
            mode,
            results_path,
            item_ty,
            extract,
        }))
    }

    /// Follows a dotted JSON path (`meta.page.after`) through the fields of response models.
    fn field_path(&self, root: Option<&Ty>, path: &str, location: &str) -> Result<(Vec<ir::PathStep>, Ty)> {
        let unsupported = |message: String| Error::Unsupported { location: location.to_string(), message };
        let mut ty = root.cloned().ok_or_else(|| unsupported("paginated operation has no response body".into()))?;
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let model = ty
                .direct_model()
                .map(str::to_string)
                .ok_or_else(|| unsupported(format!("`{path}`: `{segment}` is not inside an object")))?;
            let field = match self.drafts.get(&model).map(|d| &d.kind) {
                Some(DraftKind::Struct(fields)) => fields.iter().find(|f| f.json_name == segment),
                _ => None,
            }
            .ok_or_else(|| unsupported(format!("`{path}`: `{model}` has no field `{segment}`")))?;
            steps.push(ir::PathStep {
                field: field.name.clone(),
                optional: !field.required || field.nullable,
                double: !field.required && field.nullable,
            });
            ty = field.ty.clone();
        }
        Ok((steps, ty))
    }
}

/// The expression building a request path: its literal parts and percent-encoded parameters,
/// concatenated.
fn path_expr(path: &str, args: &[ir::Param], location: &str) -> Result<String> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| Error::Unsupported {
            location: location.to_string(),
            message: format!("path `{path}` has an unclosed `{{`"),
        })?;
        if open > 0 {
            parts.push(format!("{:?}", &rest[..open]));
        }
        let wire = &rest[open + 1..close];
        let param =
            args.iter().find(|p| p.location == "path" && p.wire_name == wire).ok_or_else(|| Error::Unsupported {
                location: location.to_string(),
                message: format!("path `{path}` names `{{{wire}}}`, which no path parameter defines"),
            })?;
        parts.push(format!("&crate::datadog::encode_path(&{})", param.to_wire));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(format!("{rest:?}"));
    }
    Ok(match parts.as_slice() {
        [only] if !only.starts_with('&') => format!("{only}.to_string()"),
        _ => format!("[{}].concat()", parts.join(", ")),
    })
}

fn schema_default(r: &Resolver<'_>, format: &ParameterSchemaOrContent) -> Option<String> {
    let ParameterSchemaOrContent::Schema(s) = format else { return None };
    let schema = r.resolve_schema(s, "").ok()?;
    schema.schema_data.default.as_ref().map(|d| d.to_string())
}

/// An expression moving the value at `steps` out of `page`; a missing value is an empty list.
fn owned_path(steps: &[ir::PathStep]) -> String {
    let mut expr = "page".to_string();
    let mut optional = false;
    for step in steps {
        let flatten = if step.double { ".flatten()" } else { "" };
        expr = match (optional, step.optional) {
            (false, _) => format!("{expr}.{}{}", step.field, if step.double { ".flatten()" } else { "" }),
            (true, true) => format!("{expr}.and_then(|v| v.{}){flatten}", step.field),
            (true, false) => format!("{expr}.map(|v| v.{})", step.field),
        };
        optional |= step.optional;
    }
    if optional { format!("{expr}.unwrap_or_default()") } else { expr }
}

/// An expression cloning the optional value at `steps` out of a borrowed `page`.
fn borrowed_path(steps: &[ir::PathStep]) -> String {
    let mut expr = "Some(&page)".to_string();
    for step in steps {
        expr = if step.double {
            format!("{expr}.and_then(|v| v.{}.as_ref()).and_then(|v| v.as_ref())", step.field)
        } else if step.optional {
            format!("{expr}.and_then(|v| v.{}.as_ref())", step.field)
        } else {
            format!("{expr}.map(|v| &v.{})", step.field)
        };
    }
    format!("{expr}.map(|v| v.to_string())")
}

fn variant_text<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> String {
    match f {
        VariantOrUnknownOrEmpty::Item(v) => format!("{v:?}").to_lowercase(),
        VariantOrUnknownOrEmpty::Unknown(s) => s.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

fn status_text(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}

fn enum_variants<'v>(
    values: impl Iterator<Item = (String, String)>,
    varname: impl Fn(usize) -> Option<&'v str>,
) -> Vec<ir::EnumVariant> {
    let mut variants: Vec<ir::EnumVariant> = Vec::new();
    for (i, (display, value)) in values.enumerate() {
        let mut name = naming::variant_name(&display, varname(i));
        while variants.iter().any(|v| v.name == name) {
            name.push('_');
        }
        variants.push(ir::EnumVariant { camel: naming::is_camel_case(&name), name, value, display });
    }
    variants
}

fn reaches(edges: &BTreeMap<&str, Vec<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(edges.get(node).into_iter().flatten().copied());
        }
    }
    false
}
