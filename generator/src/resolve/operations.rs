//! Operations: grouped by tag, with their parameters, request bodies, responses and auth.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response, SchemaKind,
    StatusCode, Type,
};

use super::bodies::{Media, media, preferred};
use super::models::MAX_ARGS;
use super::{Pointer, Resolver, Unsupported, server};
use crate::error::Result;
use crate::ir::{self, ApiGroup, BodyPlace, Decode, HttpMethod, ParamLocation, PathSegment, PathTemplate, Ty};
use crate::naming;

/// Header parameters OpenAPI 3.0 says to ignore: what they would set comes from elsewhere.
const IGNORED_HEADERS: &[&str] = &["Accept", "Content-Type", "Authorization"];

impl<'a> Resolver<'a> {
    pub(super) fn groups(&mut self) -> Result<Vec<ApiGroup>> {
        let mut groups: BTreeMap<String, ApiGroup> = BTreeMap::new();
        let mut ids: BTreeMap<String, Pointer> = BTreeMap::new();
        // Why the first operation left out was: the error, should none be usable.
        let mut left_out = None;
        for (path, item) in &self.spec.paths.paths {
            let at = Pointer::root().join_all(["paths", path]);
            let ReferenceOr::Item(item) = item else {
                return Err(at.unsupported("path item references are not supported"));
            };
            for (method, op) in item.iter() {
                let mut id = op.operation_id.clone().unwrap_or_else(|| naming::operation_id(method, path));
                if let Some(first) = ids.get(&id) {
                    let clash = format!("operationId `{id}` is also used by {first}");
                    if self.strict {
                        return Err(at.join(method).unsupported(clash));
                    }
                    // Numbered, as other generators do, so that both operations stay callable.
                    let numbered = naming::numbered(id.clone(), |candidate| !ids.contains_key(candidate));
                    self.warn(&at.join(method), format!("{clash}; this one is generated as `{numbered}`"));
                    id = numbered;
                }
                ids.insert(id.clone(), at.join(method));
                let tag = op.tags.first().cloned().unwrap_or_else(|| "Default".to_string());
                // One operation the generator cannot use leaves the rest of the spec usable.
                let operation = match self.operation(&id, path, method, item, op, &at) {
                    Ok(operation) => operation,
                    Err(error) if !self.strict => {
                        self.warn(&at.join(method), format!("operation `{id}` is left out: {error}"));
                        left_out.get_or_insert(error);
                        continue;
                    }
                    Err(error) => return Err(error),
                };
                groups
                    .entry(tag.clone())
                    .or_insert_with(|| ApiGroup {
                        struct_name: naming::api_struct_name(&tag),
                        module: naming::api_module_name(&tag),
                        docs: self.tag_docs(&tag),
                        tag: tag.clone(),
                        operations: Vec::new(),
                        feature: None,
                    })
                    .operations
                    .push(operation);
            }
        }
        if groups.is_empty() {
            if let Some(error) = left_out {
                return Err(error);
            }
            return Err(Pointer::root()
                .join("paths")
                .unsupported("the spec has no operations: there is no client to generate"));
        }
        let mut groups: Vec<ApiGroup> = groups.into_values().collect();
        self.distinct_names(&mut groups);
        Ok(groups)
    }

    /// Names that normalise to one identifier (tags `Foo Bar` and `foo-bar`, operation ids
    /// `listFoo` and `ListFoo`, or `ListFoo` and `ListFooWithHttpInfo`) made distinct, in spec order.
    fn distinct_names(&self, groups: &mut [ApiGroup]) {
        let mut modules = BTreeSet::new();
        let mut structs = BTreeSet::new();
        let mut methods: BTreeSet<String> = crate::reserved::API_METHODS.iter().map(|m| m.to_string()).collect();
        for group in groups {
            group.module = naming::numbered(std::mem::take(&mut group.module), |m| modules.insert(m.to_string()));
            group.struct_name =
                naming::numbered(std::mem::take(&mut group.struct_name), |s| structs.insert(s.to_string()));
            let mut types = BTreeSet::from([group.struct_name.clone()]);
            for op in &mut group.operations {
                let name = naming::dedup(std::mem::take(&mut op.name), |n| {
                    naming::operation_methods(n).any(|m| methods.contains(&m))
                });
                methods.extend(naming::operation_methods(&name));
                op.key = naming::operation_key(&self.operation_prefix, &name);
                op.name = name;
                for ty in [&mut op.optional_struct, &mut op.error_enum] {
                    *ty = naming::numbered(std::mem::take(ty), |t| types.insert(t.to_string()));
                }
            }
        }
    }

    fn tag_docs(&self, tag: &str) -> Vec<String> {
        let description = self.spec.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.as_deref());
        crate::docs::docs(description, tag)
    }

    /// One operation; `path_at` points at its path item.
    fn operation(
        &mut self,
        id: &str,
        path: &str,
        method: &str,
        item: &'a PathItem,
        op: &'a SpecOperation,
        path_at: &Pointer,
    ) -> Result<ir::Operation> {
        let at = path_at.join(method);
        let http_method =
            HttpMethod::from_spec(method).ok_or_else(|| at.unsupported(format!("unknown HTTP method `{method}`")))?;
        let name = naming::fn_name(id);

        // Operation-level parameters override path-level ones with the same name and location.
        let mut params: Vec<(&Parameter, Pointer)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let p_at = path_at.join("parameters").join(i);
            params.push((self.deref(p, &p_at)?, p_at));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let p_at = at.join("parameters").join(i);
            let p = self.deref(p, &p_at)?;
            let key = p.parameter_data_ref();
            params.retain(|(q, _)| {
                !(q.parameter_data_ref().name == key.name && std::mem::discriminant(*q) == std::mem::discriminant(p))
            });
            params.push((p, p_at));
        }
        let mut args: Vec<ir::Param> = Vec::new();
        let mut optional: Vec<ir::Param> = Vec::new();
        for (p, p_at) in params {
            if let Parameter::Header { parameter_data, .. } = p
                && IGNORED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(&parameter_data.name))
            {
                let name = &parameter_data.name;
                let why = "OpenAPI 3.0 says to ignore it: the client sets it from the body, the answer and the \
                           security schemes";
                self.warn(&p_at, format!("header parameter `{name}` is left out: {why}"));
                continue;
            }
            let mut param = self.param(id, p, &p_at)?;
            // `pageSize` and `page_size`, or one name in query and header, are one Rust name.
            param.name = naming::dedup(param.name, |n| args.iter().chain(&optional).any(|q| q.name == n));
            if param.required { args.push(param) } else { optional.push(param) }
        }
        // The arguments stay in the spec's order (path-level parameters, then the operation's), as
        // the vendor's client orders them: `ts, playlist_id, session_id` where the spec lists `ts` first.
        let mut template = PathTemplate::parse(path).map_err(|message| path_at.unsupported(message))?;
        for segment in &mut template.segments {
            let PathSegment::Param { name, arg, wire, array } = segment else { continue };
            let param =
                args.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == *name).ok_or_else(|| {
                    at.unsupported(format!("path `{path}` names `{{{name}}}`, which no path parameter defines"))
                })?;
            *arg = param.name.clone();
            *wire = param.wire;
            *array = param.is_array;
        }

        let body = match &op.request_body {
            Some(b) => {
                let mut body = self.body(id, b, &at.join("requestBody"))?;
                self.place_body(&mut body, &mut args, &mut optional);
                Some(body)
            }
            None => None,
        };

        let mut success = None;
        let mut accept = None;
        let mut errors: Vec<ir::OneOfVariant> = Vec::new();
        let mut responses: Vec<(String, &ReferenceOr<Response>)> =
            op.responses.responses.iter().map(|(code, r)| (status_text(code), r)).collect();
        if let Some(default) = &op.responses.default {
            responses.push(("default".into(), default));
        }
        for (status, response) in responses {
            let r_at = at.join("responses").join(&status);
            let response = self.deref(response, &r_at)?;
            let Some((content_type, media_type)) = preferred(&response.content) else { continue };
            let r_at = r_at.join("content").join(content_type);
            let kind = media(content_type);
            if status.starts_with('2') {
                if success.is_none() {
                    let (ty, decode) = match kind {
                        Media::Json => {
                            (self.json_type(&naming::response_type(id, &status), media_type, &r_at)?, Decode::Json)
                        }
                        Media::Text => (Ty::String, Decode::Text),
                        _ => (Ty::Bytes, Decode::Bytes),
                    };
                    let nullable = kind == Media::Json && self.nullable_answer(media_type, &r_at)?;
                    success = Some(ir::ResponseBody { ty, decode, nullable });
                    accept = Some(content_type.clone());
                }
            } else if kind == Media::Json {
                let ty = self.json_type(&naming::response_type(id, &status), media_type, &r_at)?;
                if !errors.iter().any(|e| e.ty == ty) {
                    let name = match &ty {
                        Ty::Named(m) => naming::one_of_variant_name(&m.name),
                        _ => naming::status_variant(&status),
                    };
                    errors.push(ir::OneOfVariant { name, ty });
                }
            }
        }

        let auth = super::security::requirements(op.security.as_ref().or(self.spec.security.as_ref()), &self.auth);

        let pagination = match op.extensions.get("x-pagination") {
            Some(p) => {
                self.pagination(p, &optional, body.as_ref(), success.as_ref().map(|s| &s.ty), &at.join("x-pagination"))
            }
            None => None,
        };

        let body_arg = body.as_ref().is_some_and(|b| b.place == BodyPlace::Argument);
        let arg_count = args.len() + usize::from(body_arg) + usize::from(!optional.is_empty());
        Ok(ir::Operation {
            optional_struct: naming::optional_params_struct(id),
            error_enum: naming::error_enum(id),
            // Set with the final method name, once every operation's name is known.
            key: String::new(),
            name,
            method: http_method,
            path: template,
            docs: crate::docs::docs(
                op.description.as_deref().filter(|d| !d.trim().is_empty()).or(op.summary.as_deref()),
                id,
            ),
            // `&self` counts as an argument too.
            too_many_args: arg_count + 1 > MAX_ARGS,
            args,
            optional,
            body,
            success,
            accept: accept.unwrap_or_else(|| "*/*".to_string()),
            error_variants: errors,
            auth,
            unstable: op.extensions.contains_key("x-unstable"),
            pagination,
            // An operation's servers replace its path's, which replace the spec's.
            servers: if op.servers.is_empty() { &item.servers } else { &op.servers }.iter().map(server).collect(),
            source: at.to_string(),
        })
    }

    fn param(&mut self, op_id: &str, p: &Parameter, at: &Pointer) -> Result<ir::Param> {
        let mut deep = false;
        let (data, location, explode) = match p {
            Parameter::Query { parameter_data, style, .. } => {
                let explode = parameter_data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                deep = matches!(style, openapiv3::QueryStyle::DeepObject);
                (parameter_data, ParamLocation::Query, explode)
            }
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, false),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, false),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, false),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                self.ty(&naming::parameter_type(op_id, &data.name), s, &at.join("schema"))?
            }
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        let required = data.required || location == ParamLocation::Path;
        Ok(ir::Param {
            // A required parameter is a positional argument, a local of the generated methods.
            name: if required { naming::arg_name(&data.name) } else { naming::field_name(&data.name) },
            wire_name: data.name.clone(),
            required,
            location,
            wire: self.wire_form(&ty),
            explode: explode && ty.is_array(),
            object: match (&data.format, location) {
                (ParameterSchemaOrContent::Schema(s), ParamLocation::Query) => {
                    self.object_keys(s, &at.join("schema"))?.map(|keys| match (deep, explode) {
                        (true, _) => ir::QueryObject::Deep,
                        (false, true) => ir::QueryObject::Exploded { keys },
                        (false, false) => ir::QueryObject::Joined,
                    })
                }
                _ => None,
            },
            is_array: ty.is_array(),
            copy: ty.is_copy(),
            default: match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.deref_schema(s, at)?.schema_data.default.clone(),
                ParameterSchemaOrContent::Content(_) => None,
            },
            sample: self.param_sample(data, required),
            ty,
            docs: crate::docs::docs(data.description.as_deref(), &data.name),
        })
    }
}

impl Resolver<'_> {
    /// The properties a parameter's schema names when its value is an object (an object
    /// schema, or a `oneOf`/`anyOf` of them: the properties of every member); `None` for any
    /// other value.
    fn object_keys(&self, schema: &ReferenceOr<openapiv3::Schema>, at: &Pointer) -> Result<Option<Vec<String>>> {
        let schema = self.deref_schema(schema, at)?;
        let (own, members): (Option<Vec<String>>, &[ReferenceOr<openapiv3::Schema>]) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => (Some(Vec::new()), m),
            SchemaKind::Any(a) if !a.one_of.is_empty() => (object_properties(schema), &a.one_of),
            SchemaKind::Any(a) if !a.any_of.is_empty() => (object_properties(schema), &a.any_of),
            _ => return Ok(object_properties(schema)),
        };
        let mut keys = own.unwrap_or_default();
        for (i, member) in members.iter().enumerate() {
            // Only a member's own properties: a member that is itself a `oneOf` is no object here.
            let Some(more) = object_properties(self.deref_schema(member, &at.join(i))?) else { return Ok(None) };
            keys.extend(more.into_iter().filter(|key| !keys.contains(key)).collect::<Vec<_>>());
        }
        Ok(Some(keys))
    }
}

/// The properties of an object schema, which may name none (a map); `None` for any other.
fn object_properties(schema: &openapiv3::Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(o.properties.keys().cloned().collect()),
        SchemaKind::Any(a) if a.typ.as_deref() == Some("object") || !a.properties.is_empty() => {
            Some(a.properties.keys().cloned().collect())
        }
        _ => None,
    }
}

fn status_text(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}
