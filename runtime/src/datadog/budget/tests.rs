//! What decoding counts, value by value, and where a decode past its budget stops.

use super::*;
use serde::de::DeserializeOwned;
use serde::de::{MapAccess, Visitor};
use std::fmt;

/// Decodes `json` as `T` within its budget; returns the result and the bytes counted.
fn counted<T: DeserializeOwned>(json: &str) -> (Result<T, serde_json::Error>, usize) {
    let mut de = serde_json::Deserializer::from_str(json);
    let (value, used) = decode(json.len(), &mut de, |de| {
        let value = T::deserialize(de);
        Ok((value, METER.with(|m| m.limit.get() - m.left.get())))
    })
    .unwrap();
    (value, used)
}

#[derive(Debug, serde::Deserialize)]
struct Pair {
    #[allow(dead_code)]
    a: Option<String>,
    #[allow(dead_code)]
    b: u64,
}

#[test]
fn a_sequence_counts_its_elements_and_a_struct_its_place_once() {
    let value = size_of::<serde_json::Value>();
    let (zeros, used) = counted::<Vec<serde_json::Value>>("[0,0,0,0,0,0]");
    assert_eq!(zeros.unwrap().len(), 6);
    assert_eq!(used, heap(4 * value) + 2 * value);
    // The fields of a struct live in it: only its place in the vector counts, and a string kept.
    let (pairs, used) = counted::<Vec<Pair>>(r#"[{"a":"abc","b":1},{"a":null,"b":2}]"#);
    assert_eq!(pairs.unwrap().len(), 2);
    assert_eq!(used, heap(4 * size_of::<Pair>()) + heap(3));
}

#[test]
fn a_map_counts_a_node_then_its_entries_and_a_box_its_contents() {
    let (map, used) = counted::<std::collections::BTreeMap<String, u64>>(r#"{"k":1,"l":2}"#);
    assert_eq!(map.unwrap().len(), 2);
    let entry = size_of::<String>() + size_of::<u64>();
    assert_eq!(used, heap(NODE_ENTRIES * entry + 16) + 2 * entry + 2 * heap(1));
    let (boxed, used) = counted::<Vec<Box<Pair>>>(r#"[{"b":1}]"#);
    assert_eq!(boxed.unwrap()[0].b, 1);
    assert_eq!(used, heap(4 * size_of::<Box<Pair>>()) + heap(size_of::<Pair>() - size_of::<Box<Pair>>()));
}

#[test]
fn past_the_budget_the_decode_fails_saying_why() {
    // `[0],` is 4 bytes of JSON and a vector of four `Value`s: 44 times as much memory.
    let n = limit_for(0) / 100;
    let json = format!("[{}[0]]", "[0],".repeat(n));
    let (result, _) = counted::<serde_json::Value>(&json);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("bytes of memory") && message.contains(&json.len().to_string()), "{message}");
    // Without the meter (a model decoded by other means), nothing is counted.
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}

#[test]
fn unknown_fields_are_counted_once_the_budget_is_spent_the_next_key_fails() {
    charge_unknown_field(1 << 40); // Outside a decode: counts nothing.
    let counts = |json: &str| {
        let mut de = serde_json::Deserializer::from_str(json);
        decode(json.len(), &mut de, |de| {
            let outcome = serde::Deserializer::deserialize_struct(de, "X", &[], Unknowns);
            Ok((outcome, METER.with(|m| m.limit.get() - m.left.get())))
        })
        .unwrap()
    };
    let entry = size_of::<String>() + size_of::<serde_json::Value>();
    let (kept, used) = counts(r#"{"a":0,"b":0}"#);
    assert_eq!(kept.unwrap(), 2);
    assert_eq!(used, heap(NODE_ENTRIES * entry + 16) + 2 * entry + 2 * heap(1));
    // Enough of them to spend the budget (each counts 24 times its 6 bytes): the next key
    // is refused.
    let (refused, _) = counts(&format!(r#"{{{}"b":0}}"#, r#""a":0,"#.repeat(limit_for(0) / 100)));
    assert!(refused.unwrap_err().to_string().contains("bytes of memory"));
    assert!(!METER.with(|m| m.on.get()), "the meter is off after a decode");
}

/// A model of unknown fields only, as the generated models keep them.
struct Unknowns;
impl<'de> Visitor<'de> for Unknowns {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let mut kept = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<super::super::FieldName<'de>>()? {
            kept.insert(key.into_string(), map.next_value::<serde_json::Value>()?);
        }
        Ok(kept.len())
    }
}

#[test]
fn known_enum_values_are_not_counted_as_text_unknown_ones_are() {
    let read = |v: &super::super::KnownValue<'_>| v.as_str().filter(|s| *s == "logs").map(|_| 0);
    let enumerated = |json: &str| {
        let mut de = serde_json::Deserializer::from_str(json);
        decode(json.len(), &mut de, |de| {
            let value = super::super::deserialize_enum(de, read, |_| 1)?;
            Ok((value, METER.with(|m| m.limit.get() - m.left.get())))
        })
        .unwrap()
    };
    assert_eq!(enumerated(r#""logs""#), (0, 0));
    assert_eq!(enumerated(r#""traces""#), (1, heap(6)));
    assert_eq!(enumerated("7"), (1, 0));
    assert!(!METER.with(|m| m.enum_value.get()), "a value of another type clears the mark");
}

/// A model as the generated ones decode: through `deserialize_object`.
#[derive(Debug)]
struct Model {
    a: u64,
    unknown: std::collections::BTreeMap<String, serde_json::Value>,
}
impl<'de> serde::Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::super::deserialize_object(deserializer)
    }
}
impl<'de> super::super::FromObject<'de> for Model {
    const NAME: &'static str = "Model";
    fn from_object<M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
        let mut model = Model { a: 0, unknown: Default::default() };
        while let Some(key) = map.next_key::<super::super::FieldName<'de>>()? {
            match key.as_str() {
                "a" => model.a = map.next_value()?,
                _ => {
                    model.unknown.insert(key.into_string(), map.next_value()?);
                }
            }
        }
        Ok(model)
    }
}

#[test]
fn a_model_s_fields_are_not_map_entries_its_unknown_fields_are() {
    let (models, used) = counted::<Vec<Model>>(r#"[{"a":1},{"a":2}]"#);
    assert_eq!(models.unwrap()[1].a, 2);
    assert_eq!(used, heap(4 * size_of::<Model>()));
    let (models, used) = counted::<Vec<Model>>(r#"[{"a":1,"x":[0]}]"#);
    assert_eq!(models.unwrap()[0].unknown.len(), 1);
    let entry = size_of::<String>() + size_of::<serde_json::Value>();
    let unknown = heap(NODE_ENTRIES * entry + 16) + heap(1) + heap(4 * size_of::<serde_json::Value>());
    assert_eq!(used, heap(4 * size_of::<Model>()) + unknown);
    assert!(!METER.with(|m| m.model.get() || m.enum_value.get()));
    // Decoded by other means, a model reads the same.
    let model: Model = serde_json::from_value(serde_json::json!({"a": 3, "y": "z"})).unwrap();
    assert_eq!((model.a, model.unknown.len()), (3, 1));
}
