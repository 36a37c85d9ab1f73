//! Type mapping: the one place that decides which Rust type stands for a schema, and which
//! inline schemas need a model of their own.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::{Pointer, Resolver, Unsupported};
use crate::error::{Error, Result};
use crate::ir::{Ty, WireForm};
use crate::naming;

/// A schema where it is used: a `$ref`, or written inline.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(s: &'s ReferenceOr<Schema>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(s: &'s ReferenceOr<Box<Schema>>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// Whether an inline schema needs a model of its own (a struct, an enum, a one-of).
pub(super) fn needs_model(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(a) => {
            !a.properties.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty() || !a.all_of.is_empty()
        }
        _ => false,
    }
}

impl Resolver<'_> {
    /// The Rust type of a schema used somewhere. An inline schema that needs a model gets one,
    /// named `name`.
    pub(super) fn ty<'s>(&mut self, name: &str, schema: impl Into<SchemaRef<'s>>, at: &Pointer) -> Result<Ty> {
        match schema.into() {
            SchemaRef::Ref(reference) => self.named(reference, at),
            SchemaRef::Inline(schema) if needs_model(schema) => {
                let rust = self.claim(naming::type_name(name));
                let draft = self.draft(&rust, schema, at)?;
                self.drafts.insert(rust.clone(), draft);
                Ok(self.model(rust))
            }
            SchemaRef::Inline(schema) => self.unnamed(name, schema, at),
        }
    }

    /// The model a `$ref` to a component schema names.
    fn named(&self, reference: &str, at: &Pointer) -> Result<Ty> {
        let unresolved = || Error::UnresolvedRef { location: at.to_string(), reference: reference.to_string() };
        let name = super::refs::ref_name::<Schema>(reference).ok_or_else(unresolved)?;
        self.names.get(name).map(|n| self.model(n.clone())).ok_or_else(unresolved)
    }

    /// The Rust type of a schema that needs no model of its own.
    pub(super) fn unnamed(&mut self, name: &str, schema: &Schema, at: &Pointer) -> Result<Ty> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => string_type(&format_text(&s.format)),
            SchemaKind::Type(Type::Integer(i)) => integer_type(&format_text(&i.format)),
            SchemaKind::Type(Type::Number(n)) => number_type(&format_text(&n.format)),
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => self.list_of(name, a.items.as_ref(), at)?,
            SchemaKind::Type(Type::Object(o)) => self.map_of(name, o.additional_properties.as_ref(), at)?,
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.ty(name, &all_of[0], &at.join_all(["allOf", "0"]))?
            }
            SchemaKind::Any(a) => match a.typ.as_deref() {
                Some("array") => self.list_of(name, a.items.as_ref(), at)?,
                Some("string") => string_type(a.format.as_deref().unwrap_or_default()),
                Some("integer") => integer_type(a.format.as_deref().unwrap_or_default()),
                Some("number") => number_type(a.format.as_deref().unwrap_or_default()),
                Some("boolean") => Ty::Bool,
                Some("object") => self.map_of(name, a.additional_properties.as_ref(), at)?,
                _ => Ty::Json,
            },
            SchemaKind::Not { .. } => Ty::Json,
            _ => return Err(at.unsupported("schema kind has no Rust type mapping")),
        })
    }

    fn list_of(&mut self, name: &str, items: Option<&ReferenceOr<Box<Schema>>>, at: &Pointer) -> Result<Ty> {
        let item = match items {
            Some(items) => self.nullable_ty(&naming::item_type(name), items.into(), &at.join("items"))?,
            None => Ty::Json,
        };
        Ok(Ty::Vec(Box::new(item)))
    }

    /// An object without properties: a map of its `additionalProperties`, or of any JSON value.
    fn map_of(&mut self, name: &str, additional: Option<&AdditionalProperties>, at: &Pointer) -> Result<Ty> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                self.nullable_ty(&naming::map_value_type(name), s.as_ref().into(), &at.join("additionalProperties"))?
            }
            _ => Ty::Json,
        };
        Ok(Ty::Map(Box::new(value)))
    }

    /// Whether a `oneOf` member's value is held as it is (`Number(f64)`, `List(Vec<String>)`), as the
    /// vendor's client holds it, rather than boxed: a primitive, a list, or a map of
    /// `additionalProperties`, through `$ref`s and single-member `allOf`s. Models (structs, enums,
    /// one-ofs) stay boxed, so a one-of never makes a type infinitely sized.
    pub(super) fn held_unboxed(&self, member: SchemaRef<'_>, at: &Pointer) -> Result<bool> {
        let mut member = member;
        let mut at = at.clone();
        // Bounded: `A: {allOf: [$ref: A]}` must not loop forever.
        for _ in 0..8 {
            let (schema, located) = self.deref_schema_located(member, &at)?;
            if needs_model(schema) {
                return Ok(false);
            }
            let map = |additional: Option<&AdditionalProperties>| {
                matches!(additional, Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_)))
            };
            return Ok(match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => map(o.additional_properties.as_ref()),
                SchemaKind::Type(_) => true,
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                    member = (&all_of[0]).into();
                    at = located.join_all(["allOf", "0"]);
                    continue;
                }
                SchemaKind::Any(a) => match a.typ.as_deref() {
                    Some("array" | "string" | "integer" | "number" | "boolean") => true,
                    Some("object") => map(a.additional_properties.as_ref()),
                    _ => false,
                },
                _ => false,
            });
        }
        Ok(false)
    }

    /// How a value of `ty` (or, for a list, each item) is written as a parameter's text.
    pub(super) fn wire_form(&self, ty: &Ty) -> WireForm {
        match ty.item() {
            Ty::DateTime => WireForm::DateTime,
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid => WireForm::Display,
            // A type alias (`type ApiId = uuid::Uuid`) is written as what it names. A chain of
            // aliases is followed a few steps: a longer one is a cycle, a newtype with no text form.
            Ty::Named(m) => {
                let mut name = &m.name;
                for _ in 0..8 {
                    if self.is_enum(name) {
                        return WireForm::Display;
                    }
                    match self.drafts.get(name).map(|d| &d.kind) {
                        Some(super::schema::DraftKind::Alias(Ty::Named(next))) => name = &next.name,
                        Some(super::schema::DraftKind::Alias(target)) if !target.is_array() => {
                            return self.wire_form(target);
                        }
                        _ => break,
                    }
                }
                WireForm::Json
            }
            _ => WireForm::Json,
        }
    }

    /// The type of an array's items or a map's values: `Option<T>` when the schema allows null,
    /// since the API then sends `null` there.
    fn nullable_ty(&mut self, name: &str, schema: SchemaRef<'_>, at: &Pointer) -> Result<Ty> {
        let nullable = self.nullable(self.deref_schema(schema, at)?, at);
        let ty = self.ty(name, schema, at)?;
        Ok(if nullable && !matches!(ty, Ty::Option(_) | Ty::Json) { Ty::Option(Box::new(ty)) } else { ty })
    }
}

fn string_type(format: &str) -> Ty {
    match format {
        "date-time" => Ty::DateTime,
        "uuid" => Ty::Uuid,
        "binary" => Ty::Bytes,
        _ => Ty::String,
    }
}

fn integer_type(format: &str) -> Ty {
    match format {
        "int32" => Ty::I32,
        _ => Ty::I64,
    }
}

fn number_type(format: &str) -> Ty {
    match format {
        "float" => Ty::F32,
        _ => Ty::F64,
    }
}

/// A `format` as the spec spells it (`date-time`, `int32`, `uuid`).
fn format_text<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> String {
    match f {
        VariantOrUnknownOrEmpty::Item(v) => {
            // openapiv3's variant names (`DateTime`, `Int32`) in the spec's kebab-case.
            heck::ToKebabCase::to_kebab_case(format!("{v:?}").as_str())
        }
        VariantOrUnknownOrEmpty::Unknown(s) => s.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_map_to_types() {
        assert_eq!(format_text(&VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime)), "date-time");
        assert_eq!(format_text(&VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32)), "int32");
        assert_eq!(format_text(&VariantOrUnknownOrEmpty::<openapiv3::StringFormat>::Unknown("uuid".into())), "uuid");
        assert_eq!(string_type("date-time"), Ty::DateTime);
        assert_eq!(string_type("binary"), Ty::Bytes);
        assert_eq!(integer_type("int32"), Ty::I32);
        assert_eq!(number_type("double"), Ty::F64);
    }
}
