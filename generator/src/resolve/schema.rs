//! Schemas -> model drafts: structs from properties (and merged `allOf`s), enums, one-ofs and
//! aliases. Drafts become models in `models`, once every model is known.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value as Json;

use super::{Pointer, Resolver, Unsupported};
use crate::error::Result;
use crate::ir::{self, EnumRepr, Ty};
use crate::naming;

/// A model before boxing decisions, which need every model to be known.
pub(super) struct Draft {
    pub docs: Vec<String>,
    pub kind: DraftKind,
    pub source: String,
}

pub(super) enum DraftKind {
    Struct(Vec<DraftField>),
    Enum {
        repr: EnumRepr,
        variants: Vec<ir::EnumVariant>,
    },
    /// Variants and their types, boxed where they hold a model.
    OneOf(Vec<(String, Ty)>),
    Alias(Ty),
}

pub(super) struct DraftField {
    pub name: String,
    pub json_name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// Whether `new` and the setter take an `Option`: the schema's own `nullable`, as the vendor's
    /// client reads it. A `nullable` beside a `$ref` makes the field hold `null`, but the
    /// argument is the referenced type, as there.
    pub nullable_arg: bool,
    pub docs: Vec<String>,
}

impl<'a> Resolver<'a> {
    /// The model for a named schema (a component, or an inline schema that needs a name).
    pub(super) fn draft(&mut self, name: &str, schema: &Schema, at: &Pointer) -> Result<Draft> {
        let docs = crate::docs::docs(schema.schema_data.description.as_deref(), name);
        let varnames = schema.schema_data.extensions.get("x-enum-varnames").and_then(Json::as_array);
        let varname = |i: usize| varnames.and_then(|v| v.get(i)).and_then(Json::as_str);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().cloned();
                DraftKind::Enum { repr: EnumRepr::Str, variants: enum_variants(values, varname) }
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i.enumeration.iter().flatten().map(i64::to_string);
                DraftKind::Enum { repr: EnumRepr::I64, variants: enum_variants(values, varname) }
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                DraftKind::Struct(self.fields(name, properties(&o.properties, at), &o.required)?)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() && is_object_part(any) => {
                let own = (properties(&any.properties, at).collect(), &any.required);
                self.all_of(name, Some(own), &any.all_of, at)?
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                DraftKind::Struct(self.fields(name, properties(&any.properties, at), &any.required)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of(name, None, all_of, at)?,
            SchemaKind::OneOf { one_of } => self.one_of(name, one_of, &at.join("oneOf"))?,
            SchemaKind::AnyOf { any_of } => self.one_of(name, any_of, &at.join("anyOf"))?,
            SchemaKind::Any(any) if !any.one_of.is_empty() => self.one_of(name, &any.one_of, &at.join("oneOf"))?,
            SchemaKind::Any(any) if !any.any_of.is_empty() => self.one_of(name, &any.any_of, &at.join("anyOf"))?,
            _ => DraftKind::Alias(self.unnamed(name, schema, at)?),
        };
        Ok(Draft { docs, kind, source: at.to_string() })
    }

    /// A struct's fields, from its properties, each with where it is written.
    fn fields<'s>(
        &mut self,
        parent: &str,
        properties: impl IntoIterator<Item = Property<'s>>,
        required: &[String],
    ) -> Result<Vec<DraftField>> {
        let mut fields: Vec<DraftField> = Vec::new();
        for (json_name, prop, at) in properties {
            let schema = self.deref_schema(prop, &at)?;
            let ty = self.ty(&naming::nested_type_name(parent, json_name), prop, &at)?;
            let name = naming::dedup(naming::field_name(json_name), |n| fields.iter().any(|f| f.name == n));
            fields.push(DraftField {
                name,
                json_name: json_name.clone(),
                ty,
                required: required.contains(json_name),
                nullable: self.nullable(schema, &at),
                nullable_arg: schema.schema_data.nullable,
                docs: crate::docs::docs(schema.schema_data.description.as_deref(), json_name),
            });
        }
        Ok(fields)
    }

    /// `allOf`, beside the schema's own object part (`own`: its `properties` and `required`, when
    /// it has an `allOf` next to them). Members are flattened first: a member that is itself an
    /// `allOf` (an inheritance chain) gives its members, an object its properties. Object parts
    /// merge into one struct; a property keeps where its member writes it
    /// (`#/components/schemas/A/allOf/1/properties/x`, or in the component a member's `$ref`
    /// names), for `nullable` beside a `$ref` and for errors, and a later part's property of the
    /// same name replaces an earlier one's, in its place. A member that is no object (a
    /// `oneOf`, a string) is an alias when it is the only part that says anything (a `$ref`
    /// beside a description); beside objects it is left out of the struct with a warning, and
    /// what it holds is kept among a value's unknown fields.
    fn all_of<'s>(
        &mut self,
        name: &str,
        own: Option<ObjectPart<'s>>,
        members: &'s [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Result<DraftKind>
    where
        'a: 's,
    {
        if let (None, [only]) = (&own, members) {
            return Ok(DraftKind::Alias(self.ty(name, only, &at.join_all(["allOf", "0"]))?));
        }
        let mut parts = Parts::default();
        parts.objects.extend(own);
        for (i, member) in members.iter().enumerate() {
            self.flatten(member, at.join("allOf").join(i), &mut parts, 0)?;
        }
        let says_nothing = parts.objects.iter().all(|(props, _)| props.is_empty());
        match parts.others.as_slice() {
            [(only, only_at)] if says_nothing => return Ok(DraftKind::Alias(self.ty(name, *only, only_at)?)),
            others if says_nothing && others.len() > 1 => {
                // `allOf: [$ref: an id (a string), {type: string, description}]`: one type, said twice.
                if let Some(ty) = self.one_primitive(name, others)? {
                    return Ok(DraftKind::Alias(ty));
                }
                self.warn(at, "allOf of several members that are not objects: kept as any JSON value".into());
                return Ok(DraftKind::Alias(Ty::Json));
            }
            others => {
                for (_, other_at) in others {
                    self.warn(
                        other_at,
                        "allOf member is not an object schema: its fields are not merged into the struct; \
                         a value keeps them among its unknown fields"
                            .into(),
                    );
                }
            }
        }
        let mut merged: IndexMap<&String, (&ReferenceOr<Box<Schema>>, Pointer)> = IndexMap::new();
        let mut required = Vec::new();
        for (props, req) in parts.objects {
            merged.extend(props.into_iter().map(|(k, v, at)| (k, (v, at))));
            required.extend(req.iter().cloned());
        }
        Ok(DraftKind::Struct(self.fields(name, merged.into_iter().map(|(k, (v, at))| (k, v, at)), &required)?))
    }

    /// The type of `members` when each is the same primitive type (a string, a number, an
    /// integer or a boolean, which may differ only in what they say of it: a pattern, a
    /// description), none of them an enum or nullable.
    fn one_primitive(&mut self, name: &str, members: &[(&ReferenceOr<Schema>, Pointer)]) -> Result<Option<Ty>> {
        let mut found: Option<Ty> = None;
        for (member, at) in members {
            let (schema, schema_at) = self.deref_schema_located(*member, at)?;
            let primitive = match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => s.enumeration.is_empty(),
                SchemaKind::Type(Type::Number(n)) => n.enumeration.is_empty(),
                SchemaKind::Type(Type::Integer(i)) => i.enumeration.is_empty(),
                SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
                _ => false,
            };
            if !primitive || self.nullable(schema, &schema_at) {
                return Ok(None);
            }
            let ty = self.unnamed(name, schema, &schema_at)?;
            if found.as_ref().is_some_and(|first| *first != ty) {
                return Ok(None);
            }
            found = Some(ty);
        }
        Ok(found)
    }

    /// Adds what the `allOf` member at `at` contributes to `parts`, its own `allOf`s flattened.
    fn flatten<'s>(
        &self,
        member: &'s ReferenceOr<Schema>,
        at: Pointer,
        parts: &mut Parts<'s>,
        depth: usize,
    ) -> Result<()>
    where
        'a: 's,
    {
        // A chain this deep is a cycle (`A: allOf [B]`, `B: allOf [A]`), which no value satisfies.
        if depth > 32 {
            return Err(at.unsupported("allOf members that include themselves (a cycle of allOf references)"));
        }
        let (schema, member_at) = self.deref_schema_located(member, &at)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                parts.objects.push((properties(&o.properties, &member_at).collect(), &o.required))
            }
            SchemaKind::AllOf { all_of } => {
                for (i, m) in all_of.iter().enumerate() {
                    self.flatten(m, member_at.join("allOf").join(i), parts, depth + 1)?;
                }
            }
            SchemaKind::Any(a) if is_object_part(a) => {
                parts.objects.push((properties(&a.properties, &member_at).collect(), &a.required));
                for (i, m) in a.all_of.iter().enumerate() {
                    self.flatten(m, member_at.join("allOf").join(i), parts, depth + 1)?;
                }
            }
            _ => parts.others.push((member, at)),
        }
        Ok(())
    }

    /// `oneOf` or `anyOf`: an untagged enum with a variant per member, which holds a model boxed
    /// and any other value as it is. `at` points at the list.
    fn one_of(&mut self, name: &str, members: &[ReferenceOr<Schema>], at: &Pointer) -> Result<DraftKind> {
        let mut variants: Vec<(String, Ty)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ty = self.ty(&naming::member_type(name, i + 1), member, &at.join(i))?;
            let ty = if self.held_unboxed(member.into(), &at.join(i))? { ty } else { ty.boxed() };
            let variant = naming::dedup(naming::shape_variant_name(&ty), |v| variants.iter().any(|(n, _)| n == v));
            variants.push((variant, ty));
        }
        Ok(DraftKind::OneOf(variants))
    }

    pub(super) fn is_enum(&self, model: &str) -> bool {
        matches!(self.drafts.get(model).map(|d| &d.kind), Some(DraftKind::Enum { .. }))
    }

    /// The type an alias model stands for (`EntityResponseData` -> `Vec<EntityData>`).
    pub(super) fn unalias(&self, ty: Ty) -> Ty {
        let mut ty = ty;
        // Bounded: an alias cycle must not loop forever.
        for _ in 0..=self.drafts.len() {
            match ty.direct_model().and_then(|m| self.drafts.get(m)).map(|d| &d.kind) {
                Some(DraftKind::Alias(target)) => ty = target.clone(),
                _ => break,
            }
        }
        ty
    }
}

/// A property: its name, its schema, and where it is written.
type Property<'s> = (&'s String, &'s ReferenceOr<Box<Schema>>, Pointer);

/// The object part of an `allOf`: its properties and its `required`.
type ObjectPart<'s> = (Vec<Property<'s>>, &'s Vec<String>);

/// An `allOf` flattened: its object parts, and its other members with where each is.
#[derive(Default)]
struct Parts<'s> {
    objects: Vec<ObjectPart<'s>>,
    others: Vec<(&'s ReferenceOr<Schema>, Pointer)>,
}

/// Whether a schema without a single kind (properties, `allOf` and the like side by side) is an
/// object part of an `allOf`: no `oneOf` or `anyOf` but lists of required properties, and no
/// type other than `object`.
fn is_object_part(any: &openapiv3::AnySchema) -> bool {
    any.one_of.iter().chain(&any.any_of).all(only_requires) && any.typ.as_deref().is_none_or(|t| t == "object")
}

/// A `oneOf`/`anyOf` member that only says which properties must be there (`anyOf: [{required:
/// [name]}, {required: [company]}]`): it adds no field, and a client need not enforce it.
fn only_requires(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && [&any.one_of, &any.any_of, &any.all_of].iter().all(|members| members.is_empty())
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
        }
        _ => false,
    }
}

/// An object schema's properties, with where each is written (`at` is the schema's place).
fn properties<'s>(
    properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    at: &Pointer,
) -> impl Iterator<Item = Property<'s>> {
    properties.iter().map(move |(name, prop)| (name, prop, at.join_all(["properties", name])))
}

fn enum_variants<'v>(
    values: impl Iterator<Item = String>,
    varname: impl Fn(usize) -> Option<&'v str>,
) -> Vec<ir::EnumVariant> {
    let mut variants: Vec<ir::EnumVariant> = Vec::new();
    for (i, value) in values.enumerate() {
        // A value listed twice (ShipEngine's `no_rates_returned`) is one value: a second
        // variant would be a match arm no value reaches.
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let name = naming::dedup(naming::variant_name(&value, varname(i)), |n| variants.iter().any(|v| v.name == n));
        variants.push(ir::EnumVariant { camel: naming::is_camel_case(&name), name, value });
    }
    variants
}
