//! Rust types, structured: what the resolver decides and the templates print.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A Rust type, structured; it prints itself as Rust where a template needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A generated model.
    Named(ModelRef),
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

/// A generated model: its name and the module path of the models it lives among.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    pub module: Arc<str>,
    pub name: String,
}

impl Ty {
    /// Whether the Rust type is `Copy` (generated models never are).
    pub fn is_copy(&self) -> bool {
        match self {
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid | Ty::DateTime => true,
            Ty::Option(inner) => inner.is_copy(),
            _ => false,
        }
    }

    /// The model this type names directly, not through a collection: what makes a struct
    /// recursive when it names itself this way.
    pub fn direct_model(&self) -> Option<&str> {
        match self {
            Ty::Named(m) => Some(&m.name),
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

    /// Every model this type names, however deep (`Vec<Option<A>>` names `A`).
    pub fn models(&self) -> Vec<&str> {
        match self {
            Ty::Named(m) => vec![&m.name],
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Box(t) => t.models(),
            _ => Vec::new(),
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Ty::Vec(_))
    }

    /// The type of one item of a list, or the type itself.
    pub fn item(&self) -> &Ty {
        match self {
            Ty::Vec(item) => item,
            other => other,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Named(m) => write!(f, "{}::{}", m.module, m.name),
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

/// Templates see a type as the Rust text that names it.
impl Serialize for Ty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether a field must be present and whether it may be `null`: the one rule from these two
/// to the `Option`s around its type, which struct fields, form parts and pagination paths share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    pub required: bool,
    pub nullable: bool,
}

impl Presence {
    /// The type `new()` and the setter take for a value of `ty`: `Option<ty>` when it may be null.
    pub fn arg_ty(self, ty: Ty) -> Ty {
        if self.nullable { Ty::Option(Box::new(ty)) } else { ty }
    }

    /// The struct field's type for a value of `ty`: the argument's, in an `Option` when the
    /// field may be absent.
    pub fn field_ty(self, ty: Ty) -> Ty {
        let arg = self.arg_ty(ty);
        if self.required { arg } else { Ty::Option(Box::new(arg)) }
    }

    /// Whether the field is an `Option` at all.
    pub fn optional(self) -> bool {
        !self.required || self.nullable
    }

    /// Optional and nullable: `Option<Option<_>>`.
    pub fn double(self) -> bool {
        !self.required && self.nullable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_as_rust() {
        let model = Ty::Named(ModelRef { module: "crate::m".into(), name: "Foo".into() });
        assert_eq!(Ty::Option(Box::new(model.clone().boxed())).to_string(), "Option<Box<crate::m::Foo>>");
        assert_eq!(
            Ty::Map(Box::new(Ty::Vec(Box::new(Ty::I64)))).to_string(),
            "std::collections::BTreeMap<String, Vec<i64>>"
        );
        assert_eq!(serde_json::to_string(&model).unwrap(), "\"crate::m::Foo\"");
    }

    #[test]
    fn presence_decides_the_options() {
        let cases = [(true, false, "i64", "i64", false), (true, true, "Option<i64>", "Option<i64>", false)];
        let more =
            [(false, false, "i64", "Option<i64>", false), (false, true, "Option<i64>", "Option<Option<i64>>", true)];
        for (required, nullable, arg, field, double) in cases.into_iter().chain(more) {
            let p = Presence { required, nullable };
            assert_eq!((p.arg_ty(Ty::I64).to_string(), p.field_ty(Ty::I64).to_string()), (arg.into(), field.into()));
            assert_eq!((p.optional(), p.double()), (field.starts_with("Option"), double));
        }
    }
}
