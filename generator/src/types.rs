//! Type mapping: the one place that decides which Rust type stands for a schema.

use std::fmt;

/// A Rust type as the resolver sees it, before it is written out as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A generated model, by its Rust name.
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Uuid,
    DateTime,
    Bytes,
    Json,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
    Box(Box<Ty>),
}

pub const MODEL_PATH: &str = "crate::datadogV2::model";

impl Ty {
    /// Whether the Rust type is `Copy` (generated models never are).
    pub fn is_copy(&self) -> bool {
        match self {
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid | Ty::DateTime => true,
            Ty::Option(inner) => inner.is_copy(),
            _ => false,
        }
    }

    pub fn from_string_format(format: &str) -> Ty {
        match format {
            "date-time" => Ty::DateTime,
            "uuid" => Ty::Uuid,
            "binary" => Ty::Bytes,
            _ => Ty::String,
        }
    }

    pub fn from_integer_format(format: &str) -> Ty {
        match format {
            "int32" => Ty::I32,
            _ => Ty::I64,
        }
    }

    pub fn from_number_format(format: &str) -> Ty {
        match format {
            "float" => Ty::F32,
            _ => Ty::F64,
        }
    }

    /// The model this type names directly, not through a collection: what makes a struct
    /// recursive when it names itself this way.
    pub fn direct_model(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::Option(t) | Ty::Box(t) => t.direct_model(),
            _ => None,
        }
    }

    /// Wraps the direct model reference in a `Box`.
    pub fn boxed(self) -> Ty {
        match self {
            Ty::Named(_) => Ty::Box(Box::new(self)),
            Ty::Option(t) => Ty::Option(Box::new(t.boxed())),
            other => other,
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Ty::Vec(_))
    }

    /// A Rust expression turning `var` (this type, or a reference to it) into the text sent in
    /// a path, query or header parameter; for an array, the expression for one item.
    /// `is_enum` tells which models are enums, which have a text form (`Display`).
    pub fn to_wire(&self, var: &str, is_enum: &dyn Fn(&str) -> bool) -> String {
        match self {
            Ty::DateTime => format!("{var}.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)"),
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid => format!("{var}.to_string()"),
            Ty::Named(name) if is_enum(name) => format!("{var}.to_string()"),
            Ty::Vec(item) => item.to_wire(var, is_enum),
            Ty::Named(_) | Ty::Json | Ty::Map(_) | Ty::Bytes | Ty::Option(_) | Ty::Box(_) => {
                format!("crate::datadog::to_wire_json(&{var})")
            }
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Named(n) => write!(f, "{MODEL_PATH}::{n}"),
            Ty::String => f.write_str("String"),
            Ty::Bool => f.write_str("bool"),
            Ty::I32 => f.write_str("i32"),
            Ty::I64 => f.write_str("i64"),
            Ty::F32 => f.write_str("f32"),
            Ty::F64 => f.write_str("f64"),
            Ty::Uuid => f.write_str("uuid::Uuid"),
            Ty::DateTime => f.write_str("chrono::DateTime<chrono::Utc>"),
            Ty::Bytes => f.write_str("Vec<u8>"),
            Ty::Json => f.write_str("serde_json::Value"),
            Ty::Vec(t) => write!(f, "Vec<{t}>"),
            Ty::Map(t) => write!(f, "std::collections::BTreeMap<String, {t}>"),
            Ty::Option(t) => write!(f, "Option<{t}>"),
            Ty::Box(t) => write!(f, "Box<{t}>"),
        }
    }
}
