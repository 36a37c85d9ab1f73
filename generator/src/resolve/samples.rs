//! Sample values for smoke calls (see `render::render_smoke`): the spec's own `example` where it gives
//! one, else the smallest value its schema allows: required properties only, the first of a
//! `oneOf`, one item per array, the lower bound of a number.

use openapiv3::{
    IntegerType, MediaType, NumberType, ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Value as Json, json};

use super::types::SchemaRef;
use super::{Pointer, Resolver};

/// How deep a built sample follows references; past it a value is `null`, which keeps a
/// recursive schema's sample finite.
const MAX_DEPTH: usize = 12;

impl Resolver<'_> {
    /// A parameter's example, from the parameter, its `examples` or its schema; for a
    /// required parameter without one, a value built from its schema.
    pub(super) fn param_sample(&self, data: &ParameterData, required: bool) -> Option<Json> {
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(SchemaRef::from(s)),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let given = data
            .example
            .clone()
            .or_else(|| first_example(&data.examples))
            .or_else(|| schema.and_then(|s| self.schema(s)?.schema_data.example.clone()));
        match (given, schema) {
            (Some(example), _) => Some(example),
            (None, Some(schema)) if required => Some(self.sample(schema, 0)),
            (None, None) if required => Some(json!("string")),
            (None, _) => None,
        }
    }

    /// A request body's example, or one built from its schema.
    pub(super) fn body_sample(&self, media_type: &MediaType) -> Json {
        media_type.example.clone().or_else(|| first_example(&media_type.examples)).unwrap_or_else(|| match &media_type
            .schema
        {
            Some(s) => self.sample(s.into(), 0),
            None => json!({}),
        })
    }

    fn schema<'s>(&self, schema: SchemaRef<'s>) -> Option<&'s Schema>
    where
        Self: 's,
    {
        self.deref_schema(schema, &Pointer::root()).ok()
    }

    fn sample(&self, schema: SchemaRef<'_>, depth: usize) -> Json {
        let Some(schema) = self.schema(schema) else { return Json::Null };
        if let Some(example) = &schema.schema_data.example {
            return example.clone();
        }
        if depth > MAX_DEPTH {
            return Json::Null;
        }
        if let Some(default) = &schema.schema_data.default {
            return default.clone();
        }
        let depth = depth + 1;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => string_sample(s),
            SchemaKind::Type(Type::Integer(i)) => integer_sample(i),
            SchemaKind::Type(Type::Number(n)) => number_sample(n),
            SchemaKind::Type(Type::Boolean(_)) => json!(false),
            SchemaKind::Type(Type::Object(o)) => self.object_sample(&o.properties, &o.required, depth),
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = &a.items else { return json!([]) };
                let item = self.sample(items.into(), depth);
                // Copies of one item would break `uniqueItems`; one item is all it can have.
                let count = if a.unique_items { 1 } else { a.min_items.unwrap_or(1).max(1) };
                Json::Array(vec![item; count.min(a.max_items.unwrap_or(usize::MAX))])
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.first().map_or(Json::Null, |m| self.sample(m.into(), depth))
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = Map::new();
                for member in all_of {
                    match self.sample(member.into(), depth) {
                        Json::Object(fields) => merged.extend(fields),
                        other if all_of.len() == 1 => return other,
                        _ => {}
                    }
                }
                Json::Object(merged)
            }
            SchemaKind::Not { .. } => Json::Null,
            SchemaKind::Any(any) => {
                let members = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
                // With a `type` beside the members (`type: object` and `oneOf` string, object, ...),
                // only a member of that type can satisfy both.
                let fits = |m: &&ReferenceOr<Schema>| match (any.typ.as_deref(), self.schema((*m).into())) {
                    (Some(typ), Some(member)) => json_type(member) == Some(typ),
                    _ => true,
                };
                match members.iter().find(fits).or(members.first()) {
                    Some(member) => self.sample(member.into(), depth),
                    // A `type` with keywords of another type beside it (Ory's string properties
                    // with a `required` list): a value of that type.
                    None => match any.typ.as_deref() {
                        Some("string") => json!("string"),
                        Some("integer") => json!(0),
                        Some("number") => json!(0.0),
                        Some("boolean") => json!(false),
                        Some("array") => json!([]),
                        _ => self.object_sample(&any.properties, &any.required, depth),
                    },
                }
            }
        }
    }

    fn object_sample(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        depth: usize,
    ) -> Json {
        Json::Object(
            properties
                .iter()
                .filter(|(name, _)| required.contains(name))
                .map(|(name, schema)| (name.clone(), self.sample(schema.into(), depth)))
                .collect(),
        )
    }
}

/// The JSON type a schema declares (`object`, `string`, ...), if it declares one.
fn json_type(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Any(any) => any.typ.as_deref(),
        _ => None,
    }
}

fn first_example(examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>) -> Option<Json> {
    examples.values().find_map(|e| match e {
        ReferenceOr::Item(e) => e.value.clone(),
        ReferenceOr::Reference { .. } => None,
    })
}

fn string_sample(s: &StringType) -> Json {
    if let Some(value) = s.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let text = match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "2024-01-01T00:00:00Z",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-01-01",
        // The Rust type of a binary string is `Vec<u8>`, which JSON writes as an array.
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => return json!([]),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "c3RyaW5n",
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "email" => "user@example.com",
            "uri" | "url" => "https://example.com",
            "hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            _ => "string",
        },
        _ => "string",
    };
    let mut text = text.to_string();
    if let Some(min) = s.min_length.filter(|min| *min > text.len()) {
        text.extend(std::iter::repeat_n('x', min - text.len()));
    }
    if let Some(max) = s.max_length {
        text.truncate(max);
    }
    json!(text)
}

fn integer_sample(i: &IntegerType) -> Json {
    if let Some(value) = i.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let value = match (i.minimum, i.maximum) {
        (Some(min), _) => min + i64::from(i.exclusive_minimum),
        (None, Some(max)) if max < 1 => max - i64::from(i.exclusive_maximum),
        _ => 1,
    };
    json!(value)
}

fn number_sample(n: &NumberType) -> Json {
    if let Some(value) = n.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let value = match (n.minimum, n.maximum) {
        (Some(min), _) => min + f64::from(u8::from(n.exclusive_minimum)),
        (None, Some(max)) if max < 1.0 => max - f64::from(u8::from(n.exclusive_maximum)),
        _ => 1.0,
    };
    // A whole number is written without a fraction, so that it also reads as an integer.
    if value.fract() == 0.0 && value.abs() < 1e15 { json!(value as i64) } else { json!(value) }
}
