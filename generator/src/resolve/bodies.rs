//! Request bodies: which media type an operation sends, the body's Rust type and encoding, and
//! where the body goes among the operation's arguments (the vendor's places).

use openapiv3::{MediaType, ReferenceOr, RequestBody};

use super::schema::DraftKind;
use super::{Pointer, Resolver, Unsupported};
use crate::error::Result;
use crate::ir::{self, BodyEncoding, BodyPlace, ParamLocation, Ty};
use crate::naming;
use serde_json::Value as Json;

/// What a media type is to the client.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    Json,
    Text,
    Multipart,
    Form,
    Binary,
}

pub(super) fn media(content_type: &str) -> Media {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "text/json" => Media::Json,
        e if e.ends_with("+json") => Media::Json,
        "multipart/form-data" => Media::Multipart,
        "application/x-www-form-urlencoded" => Media::Form,
        "application/yaml" | "application/x-yaml" | "application/xml" => Media::Text,
        e if e.starts_with("text/") => Media::Text,
        _ => Media::Binary,
    }
}

/// The media type an operation uses when the spec offers several: JSON when there is one.
pub(super) fn preferred(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(ct, _)| media(ct) == Media::Json).or_else(|| content.first())
}

impl<'a> Resolver<'a> {
    pub(super) fn body(&mut self, op_id: &str, body: &'a ReferenceOr<RequestBody>, at: &Pointer) -> Result<ir::Body> {
        let body = self.deref(body, at)?;
        let (content_type, media_type) =
            preferred(&body.content).ok_or_else(|| at.unsupported("request body has no content"))?;
        let at = at.join("content").join(content_type);
        let refuse =
            |what: &str| at.unsupported(format!("operation `{op_id}`: request bodies in {what} are not supported"));
        let (ty, encoding) = match media(content_type) {
            Media::Json => (
                self.json_type(&naming::request_body_type(op_id), media_type, &at)?,
                BodyEncoding::Json { content_type: content_type.clone() },
            ),
            Media::Text => (Ty::String, BodyEncoding::Text { content_type: content_type.clone() }),
            Media::Binary => (Ty::Bytes, BodyEncoding::Binary { content_type: content_type.clone() }),
            Media::Form => (self.json_type(&naming::request_body_type(op_id), media_type, &at)?, BodyEncoding::Form),
            Media::Multipart => {
                let ty = self.json_type(&naming::request_body_type(op_id), media_type, &at)?;
                let parts = self
                    .form_parts(&ty)
                    .ok_or_else(|| refuse("`multipart/form-data` whose schema is not an object"))?;
                (ty, BodyEncoding::Multipart { parts })
            }
        };
        let sample = self.body_sample(media_type);
        let sample = match &encoding {
            BodyEncoding::Text { .. } => Json::String(text_of(sample)),
            BodyEncoding::Binary { .. } if sample.is_array() => sample,
            BodyEncoding::Binary { .. } => text_of(sample).into_bytes().into(),
            // A file part's example is text (`@/path/to/file.xml`); the field is bytes.
            BodyEncoding::Multipart { parts } => {
                let mut sample = sample;
                for part in parts.iter().filter(|p| p.file) {
                    if let Some(text) = sample.get_mut(&part.name).filter(|v| v.is_string()) {
                        *text = text_of(text.take()).into_bytes().into();
                    }
                }
                sample
            }
            _ => sample,
        };
        let docs = crate::docs::docs(body.description.as_deref(), "The request body.");
        Ok(ir::Body { ty, required: body.required, place: BodyPlace::Argument, encoding, sample, docs })
    }

    /// Puts a request body where the vendor's client takes it ([`BodyPlace`]): a required one is
    /// the `body` argument; an optional one, the first field of the `…OptionalParams`; a
    /// `multipart/form-data` one, part by part, its required parts arguments after the others
    /// and its optional ones the first fields.
    pub(super) fn place_body(&self, body: &mut ir::Body, args: &mut Vec<ir::Param>, optional: &mut Vec<ir::Param>) {
        let mut placed: Vec<ir::Param> = Vec::new();
        if let BodyEncoding::Multipart { parts } = &mut body.encoding {
            let fields = match self.drafts.get(body.ty.direct_model().unwrap_or_default()).map(|d| &d.kind) {
                Some(DraftKind::Struct(fields)) => &fields[..],
                _ => &[],
            };
            for part in parts.iter_mut() {
                let Some(field) = fields.iter().find(|f| f.json_name == part.name) else { continue };
                let required = field.required && body.required;
                let name =
                    if required { naming::arg_name(&field.json_name) } else { naming::field_name(&field.json_name) };
                let name =
                    naming::dedup(name, |n| args.iter().chain(optional.iter()).chain(&placed).any(|p| p.name == n));
                let ty = if field.nullable { Ty::Option(Box::new(field.ty.clone())) } else { field.ty.clone() };
                part.field = name.clone();
                part.positional = required;
                part.optional = !required || field.nullable;
                part.double = !required && field.nullable;
                let sample = body.sample.get(&field.json_name).cloned();
                placed.push(ir::Param {
                    name,
                    wire_name: field.json_name.clone(),
                    location: ParamLocation::Form,
                    required,
                    wire: part.wire,
                    explode: false,
                    object: None,
                    is_array: ty.is_array(),
                    copy: ty.is_copy(),
                    default: None,
                    sample: if required { Some(sample.unwrap_or(Json::Null)) } else { sample },
                    ty,
                    docs: field.docs.clone(),
                });
            }
            body.place = BodyPlace::Parts;
        } else if !body.required {
            // The body takes `body`, as in the vendor's client; a parameter of that name moves aside.
            let name = naming::field_name("body");
            if let Some(i) = optional.iter().position(|p| p.name == name) {
                let moved = naming::dedup(name.clone(), |n| args.iter().chain(optional.iter()).any(|p| p.name == n));
                optional[i].name = moved;
            }
            body.place = BodyPlace::Params { field: name.clone() };
            placed.push(ir::Param {
                name,
                wire_name: "body".to_string(),
                location: ParamLocation::Body,
                required: false,
                wire: ir::WireForm::Json,
                explode: false,
                object: None,
                is_array: false,
                copy: false,
                default: None,
                sample: Some(body.sample.clone()),
                ty: body.ty.clone(),
                docs: body.docs.clone(),
            });
        }
        let (positional, fields): (Vec<ir::Param>, Vec<ir::Param>) = placed.into_iter().partition(|p| p.required);
        args.extend(positional);
        optional.splice(0..0, fields);
    }

    /// The parts of a `multipart/form-data` body: one per field of its model.
    fn form_parts(&self, ty: &Ty) -> Option<Vec<ir::FormPart>> {
        let Some(DraftKind::Struct(fields)) = ty.direct_model().and_then(|m| self.drafts.get(m)).map(|d| &d.kind)
        else {
            return None;
        };
        Some(
            fields
                .iter()
                .map(|f| {
                    // The value as sent, whatever `Option`s hold it.
                    let mut ty = &f.ty;
                    while let Ty::Option(inner) = ty {
                        ty = inner;
                    }
                    ir::FormPart {
                        // The argument or field that holds the part, once placed (`place_body`).
                        field: f.name.clone(),
                        positional: false,
                        name: f.json_name.clone(),
                        optional: f.presence().optional(),
                        double: f.presence().double(),
                        file: *ty.item() == Ty::Bytes,
                        array: ty.is_array(),
                        wire: self.wire_form(ty),
                    }
                })
                .collect(),
        )
    }

    /// The type of a JSON body; one without a schema is any JSON value.
    pub(super) fn json_type(&mut self, name: &str, media_type: &MediaType, at: &Pointer) -> Result<Ty> {
        match &media_type.schema {
            Some(s) => self.ty(name, s, &at.join("schema")),
            None => Ok(Ty::Json),
        }
    }

    /// Whether a JSON answer may be `null` by its schema (`nullable` on it, on the component
    /// its `$ref` names, or beside that `$ref`), while its type stays the model's.
    pub(super) fn nullable_answer(&self, media_type: &MediaType, at: &Pointer) -> Result<bool> {
        let Some(schema) = &media_type.schema else { return Ok(false) };
        let at = at.join("schema");
        Ok(self.nullable(self.deref_schema(schema, &at)?, &at))
    }
}

/// A sample as the text of a text or binary body: a string as it is, anything else as JSON.
fn text_of(sample: Json) -> String {
    match sample {
        Json::String(text) => text,
        other => other.to_string(),
    }
}
