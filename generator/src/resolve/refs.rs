//! JSON pointers into the spec, and the one `$ref` lookup every component kind goes through.

use std::fmt;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::error::{Error, Result};

/// A JSON pointer (RFC 6901) to a node of the spec, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Pointer {
        Pointer("#".to_string())
    }

    /// The pointer one level down, at `segment` (escaped as RFC 6901 requires).
    pub fn join(&self, segment: impl fmt::Display) -> Pointer {
        Pointer(format!("{}/{}", self.0, escape_segment(&segment.to_string())))
    }

    /// A pointer several levels down, one per segment.
    pub fn join_all<const N: usize>(&self, segments: [&str; N]) -> Pointer {
        segments.iter().fold(self.clone(), |p, s| p.join(s))
    }

    pub fn unsupported(&self, message: impl Into<String>) -> Error {
        Error::Unsupported { location: self.0.clone(), message: message.into() }
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One segment of a JSON pointer, escaped as RFC 6901 requires (`~` and `/`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A component kind that `$ref`s can name: where its map lives in `components`.
pub trait Component: Sized + 'static {
    const SECTION: &'static str;
    fn map(spec: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            fn map(spec: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
                spec.components.as_ref().map(|c| &c.$field)
            }
        }
    };
}

component!(Schema, "schemas", schemas);
component!(Parameter, "parameters", parameters);
component!(RequestBody, "requestBodies", request_bodies);
component!(Response, "responses", responses);

/// The component name a local reference names (`#/components/schemas/Foo` -> `Foo`).
pub fn ref_name<T: Component>(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/")?.strip_prefix(T::SECTION)?.strip_prefix('/')
}

/// The item a reference or inline value stands for. `at` is where it sits, for errors.
pub fn resolve<'s, T: Component>(spec: &'s OpenAPI, item: &'s ReferenceOr<T>, at: &Pointer) -> Result<&'s T> {
    match item {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => resolve_ref(spec, reference, at),
    }
}

/// The item a reference names, following chains of references; a chain that leads nowhere or
/// in a circle is an error naming `at`, where the reference sits.
pub fn resolve_ref<'s, T: Component>(spec: &'s OpenAPI, reference: &str, at: &Pointer) -> Result<&'s T> {
    let mut next = reference;
    // A chain longer than the component map must revisit a name: a cycle.
    for _ in 0..=T::map(spec).map_or(0, IndexMap::len) {
        match lookup::<T>(spec, next, at)? {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => next = reference,
        }
    }
    Err(at.unsupported(format!(
        "`$ref: {reference}` leads into a cycle of references that never reaches a {}",
        T::SECTION
    )))
}

/// The component a reference names, itself possibly another reference.
fn lookup<'s, T: Component>(spec: &'s OpenAPI, reference: &str, at: &Pointer) -> Result<&'s ReferenceOr<T>> {
    let unresolved = || Error::UnresolvedRef { location: at.to_string(), reference: reference.to_string() };
    let name = ref_name::<T>(reference).ok_or_else(unresolved)?;
    T::map(spec).and_then(|m| m.get(name)).ok_or_else(unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_their_segments() {
        let p = Pointer::root().join("paths").join("/api/{id}").join("get");
        assert_eq!(p.to_string(), "#/paths/~1api~1{id}/get");
        assert_eq!(Pointer::root().join("a~b").to_string(), "#/a~0b");
    }

    #[test]
    fn reference_cycles_are_an_error_not_a_hang() {
        let spec: OpenAPI = serde_json::from_str(
            r##"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},
            "components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"},
            "C":{"$ref":"#/components/schemas/D"},"D":{"type":"string"}}}}"##,
        )
        .unwrap();
        let a = ReferenceOr::<Schema>::ref_("#/components/schemas/A");
        let err = resolve(&spec, &a, &Pointer::root()).unwrap_err().to_string();
        assert!(err.contains("cycle"), "{err}");
        let c = ReferenceOr::<Schema>::ref_("#/components/schemas/C");
        assert!(resolve(&spec, &c, &Pointer::root()).is_ok());
        let missing = ReferenceOr::<Schema>::ref_("#/components/schemas/Nope");
        assert!(resolve(&spec, &missing, &Pointer::root()).is_err());
    }
}
