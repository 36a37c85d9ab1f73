//! Rust types, structured: what the resolver decides and the templates print.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A generated model: its name and the module path of the models it lives among (empty: the
/// model is named bare, as the API manifest names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    pub module: Arc<str>,
    pub name: String,
}

/// The types that name no other type, each printed as one fixed text.
const LEAVES: [Ty; 10] =
    [Ty::String, Ty::Bool, Ty::I32, Ty::I64, Ty::F32, Ty::F64, Ty::Uuid, Ty::DateTime, Ty::Bytes, Ty::Json];

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

    /// The model this type holds inline, so that the model's size counts in the holder's: named
    /// directly or through `Option`, not through a `Box` or a collection.
    pub fn inline_model(&self) -> Option<&str> {
        match self {
            Ty::Named(m) => Some(&m.name),
            Ty::Option(t) => t.inline_model(),
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

    /// The same type with every model named bare, without its module path.
    pub fn unqualified(&self) -> Ty {
        let inner = |t: &Ty| Box::new(t.unqualified());
        match self {
            Ty::Named(m) => Ty::Named(ModelRef { module: "".into(), name: m.name.clone() }),
            Ty::Vec(t) => Ty::Vec(inner(t)),
            Ty::Map(t) => Ty::Map(inner(t)),
            Ty::Option(t) => Ty::Option(inner(t)),
            Ty::Box(t) => Ty::Box(inner(t)),
            leaf => leaf.clone(),
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
            Ty::Named(m) if m.module.is_empty() => f.write_str(&m.name),
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

/// Reads back the Rust text a type prints as: `parse(ty.to_string()) == ty` for every type.
impl FromStr for Ty {
    type Err = String;

    fn from_str(text: &str) -> Result<Ty, String> {
        let wrapped = |outer: &str| text.strip_prefix(outer).and_then(|t| t.strip_suffix('>'));
        let inner = |t: &str| t.parse().map(Box::new);
        if let Some(leaf) = LEAVES.iter().find(|leaf| leaf.to_string() == text) {
            return Ok(leaf.clone());
        }
        if let Some(t) = wrapped("Vec<") {
            return Ok(Ty::Vec(inner(t)?));
        }
        if let Some(t) = wrapped("std::collections::BTreeMap<String, ") {
            return Ok(Ty::Map(inner(t)?));
        }
        if let Some(t) = wrapped("Option<") {
            return Ok(Ty::Option(inner(t)?));
        }
        if let Some(t) = wrapped("Box<") {
            return Ok(Ty::Box(inner(t)?));
        }
        let (module, name) = text.rsplit_once("::").unwrap_or(("", text));
        let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ident(name) && (module.is_empty() || module.split("::").all(ident)) {
            return Ok(Ty::Named(ModelRef { module: module.into(), name: name.to_string() }));
        }
        Err(format!("`{text}` is not a type the generator writes"))
    }
}

/// Templates (and the API manifest) see a type as the Rust text that names it.
impl Serialize for Ty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A type from the Rust text that names it (as the API manifest keeps types).
impl<'de> Deserialize<'de> for Ty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ty, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
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
        assert_eq!(model.unqualified().to_string(), "Foo");
    }

    #[test]
    fn types_read_back_from_their_text() {
        let model = |module: &str| Ty::Named(ModelRef { module: module.into(), name: "Foo_2".into() });
        let wrap = |t: Ty| {
            [
                Ty::Vec(Box::new(t.clone())),
                Ty::Map(Box::new(t.clone())),
                Ty::Option(Box::new(t.clone())),
                Ty::Box(Box::new(t.clone())),
                t,
            ]
        };
        let simple = LEAVES.into_iter().chain([model(""), model("crate::datadogV2::model")]);
        let all: Vec<Ty> = simple.flat_map(wrap).flat_map(wrap).collect();
        for ty in all {
            assert_eq!(ty.to_string().parse::<Ty>(), Ok(ty.clone()), "{ty}");
            assert_eq!(serde_json::from_str::<Ty>(&serde_json::to_string(&ty).unwrap()).unwrap(), ty);
        }
        for bad in ["", "Vec<", "Option<>", "Foo<Bar>", "a::::B", "Foo Bar", "std::collections::BTreeMap<i64, Foo>"] {
            assert!(bad.parse::<Ty>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_models_named_directly_or_through_option_are_inline() {
        let model = Ty::Named(ModelRef { module: "m".into(), name: "Foo".into() });
        assert_eq!(Ty::Option(Box::new(model.clone())).inline_model(), Some("Foo"));
        assert_eq!(model.clone().boxed().inline_model(), None);
        assert_eq!(Ty::Vec(Box::new(model)).inline_model(), None);
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
