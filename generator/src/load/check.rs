//! A pass over the document before openapiv3 reads it: duplicate keys (on which openapiv3
//! panics), nesting deeper than any real spec (on which parsers take exponential or quadratic
//! time) are refused here, with the path of the node. It also notes what openapiv3 drops: a
//! `nullable: true` beside a `$ref`.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::pointer::Pointer;

/// Deeper than any real spec (Datadog's are 17 and 19 levels deep).
pub const MAX_DEPTH: usize = 100;
/// Schemas inside schemas (`properties`, `items`, `allOf`, ...) along one path. openapiv3 tries
/// each way a schema can parse, so an invalid value this deep costs 2^depth attempts.
pub const MAX_SCHEMA_NESTING: usize = 16;

const SCHEMA_KEYWORDS: &[&str] = &["properties", "items", "additionalProperties", "allOf", "oneOf", "anyOf", "not"];

/// Walks a document, checking every mapping and the depth. `path` is where it is; `head`
/// collects the root's version fields on the way, so the document is walked once.
pub struct Check<'p> {
    pub path: &'p mut Vec<String>,
    pub schema_nesting: usize,
    pub head: &'p mut Head,
}

/// The root's `openapi` and `swagger` fields, as text, and where the `$ref`s that have
/// `nullable: true` beside them are.
#[derive(Debug, Default)]
pub struct Head {
    pub openapi: Option<String>,
    pub swagger: Option<String>,
    pub nullable_refs: BTreeSet<Pointer>,
    /// Every `$ref` inside a component schema: the component's name, the reference, and where
    /// it is written; what the resolver needs to leave out a schema that refers to nothing.
    pub schema_refs: Vec<(String, String, Pointer)>,
}

impl Check<'_> {
    fn at(&self) -> String {
        if self.path.is_empty() { "the document root".to_string() } else { format!("`{}`", self.path.join(".")) }
    }
}

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.path.len() > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "{} is nested more than {MAX_DEPTH} levels deep, deeper than any real spec",
                self.at()
            )));
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.path.push(i.to_string());
            let next = seq.next_element_seed(Check {
                path: &mut *self.path,
                schema_nesting: self.schema_nesting,
                head: &mut *self.head,
            });
            self.path.pop();
            if next?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        let mut nullable = false;
        while let Some(key) = map.next_key::<Key>()? {
            if !seen.insert(key.0.clone()) {
                return Err(de::Error::custom(format!("duplicate key `{}` in the mapping at {}", key.0, self.at())));
            }
            let nesting = self.schema_nesting + usize::from(SCHEMA_KEYWORDS.contains(&key.0.as_str()));
            if nesting > MAX_SCHEMA_NESTING {
                return Err(de::Error::custom(format!(
                    "schemas nested more than {MAX_SCHEMA_NESTING} deep at {}.{}: move inner schemas to `components/schemas`",
                    self.at().trim_matches('`'),
                    key.0
                )));
            }
            if self.path.is_empty() && (key.0 == "openapi" || key.0 == "swagger") {
                let value: serde_json::Value = map.next_value()?;
                let text = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                if key.0 == "openapi" {
                    self.head.openapi = Some(text)
                } else {
                    self.head.swagger = Some(text)
                }
                continue;
            }
            if key.0 == "nullable" {
                nullable = map.next_value::<serde_json::Value>()? == serde_json::Value::Bool(true);
                continue;
            }
            if key.0 == "$ref"
                && let [components, schemas, name, ..] = self.path.as_slice()
                && components == "components"
                && schemas == "schemas"
            {
                let value: serde_json::Value = map.next_value()?;
                if let Some(reference) = value.as_str() {
                    let at = Pointer::root().join_all(&*self.path);
                    self.head.schema_refs.push((name.clone(), reference.to_string(), at));
                }
                continue;
            }
            self.path.push(key.0);
            let value =
                map.next_value_seed(Check { path: &mut *self.path, schema_nesting: nesting, head: &mut *self.head });
            self.path.pop();
            value?;
        }
        if nullable && seen.contains("$ref") {
            self.head.nullable_refs.insert(Pointer::root().join_all(&*self.path));
        }
        Ok(())
    }
}

/// A mapping key as text, whatever its YAML type (`200:` is an integer key).
struct Key(String);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key("null".to_string()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}
