//! The one `$ref` lookup every component kind goes through.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Unsupported;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

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
    resolve_ref_located(spec, reference, at).map(|(item, _)| item)
}

/// Like [`resolve_ref`], with where the item is: the component the last reference of the chain
/// names (`#/components/schemas/Foo`).
pub fn resolve_ref_located<'s, T: Component>(
    spec: &'s OpenAPI,
    reference: &str,
    at: &Pointer,
) -> Result<(&'s T, Pointer)> {
    let mut next = reference;
    // A chain longer than the component map must revisit a name: a cycle.
    for _ in 0..=T::map(spec).map_or(0, IndexMap::len) {
        let (name, item) = lookup::<T>(spec, next, at)?;
        match item {
            ReferenceOr::Item(item) => return Ok((item, Pointer::root().join_all(["components", T::SECTION, name]))),
            ReferenceOr::Reference { reference } => next = reference,
        }
    }
    Err(at.unsupported(format!(
        "`$ref: {reference}` leads into a cycle of references that never reaches an item of `components/{}`",
        T::SECTION
    )))
}

/// The component a reference names (its name, and itself, possibly another reference).
fn lookup<'s, 'r, T: Component>(
    spec: &'s OpenAPI,
    reference: &'r str,
    at: &Pointer,
) -> Result<(&'r str, &'s ReferenceOr<T>)> {
    let unresolved = || Error::UnresolvedRef { location: at.to_string(), reference: reference.to_string() };
    let name = ref_name::<T>(reference).ok_or_else(unresolved)?;
    Ok((name, T::map(spec).and_then(|m| m.get(name)).ok_or_else(unresolved)?))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (_, d) = resolve_ref_located::<Schema>(&spec, "#/components/schemas/C", &Pointer::root()).unwrap();
        assert_eq!(d.as_str(), "#/components/schemas/D");
        let missing = ReferenceOr::<Schema>::ref_("#/components/schemas/Nope");
        assert!(resolve(&spec, &missing, &Pointer::root()).is_err());
    }
}
