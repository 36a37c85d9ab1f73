//! Helpers the generated models call. Public so that models in any module can use them, and
//! hidden from the docs: they are not part of the client's API.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::UnparsedObject;
/// Decodes an enum in one pass: known values through `known`, anything else (a new value, or a
/// value of another JSON type) kept as an [`UnparsedObject`].
#[doc(hidden)]
pub fn deserialize_enum<'de, D, T>(
    deserializer: D,
    known: fn(&KnownValue<'_>) -> Option<T>,
    unknown: fn(UnparsedObject) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct EnumVisitor<T> {
        known: fn(&KnownValue<'_>) -> Option<T>,
        unknown: fn(UnparsedObject) -> T,
    }

    impl<T> EnumVisitor<T> {
        fn finish(&self, value: KnownValue<'_>, json: impl FnOnce() -> serde_json::Value) -> T {
            (self.known)(&value).unwrap_or_else(|| (self.unknown)(UnparsedObject { value: json() }))
        }

        /// Something else than a string (which the memory budget reads first): not counted as
        /// text.
        fn other(&self) -> &Self {
            super::budget::enum_value_read();
            self
        }
    }

    impl<'de, T> Visitor<'de> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an enum value")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            // The budget has read the mark, unless this string comes from elsewhere (a buffer).
            super::budget::enum_value_read();
            match (self.known)(&KnownValue::Str(v)) {
                Some(known) => Ok(known),
                None => {
                    super::budget::charge_unknown_enum_value(v.len())?;
                    Ok((self.unknown)(UnparsedObject { value: v.into() }))
                }
            }
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(self.other().finish(KnownValue::Int(v), || v.into()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            match i64::try_from(v) {
                Ok(i) => self.visit_i64(i),
                Err(_) => Ok((self.other().unknown)(UnparsedObject { value: v.into() })),
            }
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok((self.other().unknown)(UnparsedObject { value: v.into() }))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok((self.other().unknown)(UnparsedObject { value: v.into() }))
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok((self.other().unknown)(UnparsedObject { value: serde_json::Value::Null }))
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            self.other();
            let value = serde::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Ok((self.unknown)(UnparsedObject { value }))
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            self.other();
            let value = serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
            Ok((self.unknown)(UnparsedObject { value }))
        }
    }

    // Known values are not counted as text by the memory budget; unknown ones are, above.
    super::budget::enum_value_next();
    let value = deserializer.deserialize_any(EnumVisitor { known, unknown });
    super::budget::enum_value_read();
    value
}

/// A scalar read from JSON, matched against an enum's known values.
#[doc(hidden)]
pub enum KnownValue<'a> {
    /// A JSON string.
    Str(&'a str),
    /// A JSON integer that fits an `i64`.
    Int(i64),
}

impl KnownValue<'_> {
    /// The value if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            KnownValue::Str(s) => Some(s),
            KnownValue::Int(_) => None,
        }
    }

    /// The value if it is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            KnownValue::Int(i) => Some(*i),
            KnownValue::Str(_) => None,
        }
    }
}

/// A model decoded from a JSON object field by field, by [`deserialize_object`].
#[doc(hidden)]
pub trait FromObject<'de>: Sized {
    /// The model's name, for "expected struct X" errors.
    const NAME: &'static str;

    /// Decodes the model from the entries of a JSON object.
    fn from_object<M: serde::de::MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

/// Decodes a JSON object as `T`: the part of every model's `Deserialize` that is the same.
#[doc(hidden)]
pub fn deserialize_object<'de, D: serde::Deserializer<'de>, T: FromObject<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: FromObject<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        #[inline]
        fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
            super::budget::model_read();
            T::from_object(map)
        }
    }

    // Its fields live in the model, where the memory budget has counted them already.
    super::budget::model_next();
    let value = deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData));
    super::budget::model_read();
    value
}

/// A required field's value, or the "missing field" error.
#[doc(hidden)]
pub fn required<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// An object key, borrowed from the input when it has no escapes: the generated models match on
/// it without allocating.
#[doc(hidden)]
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string, for a field the model does not describe: counted against the
    /// memory budget of the answer being decoded, with its entry in `additional_properties`.
    pub fn into_string(self) -> String {
        super::budget::charge_unknown_field(self.0.len());
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Percent-encodes a path parameter as one path segment, so that `/` or `?` in a value cannot
/// change the path.
#[doc(hidden)]
pub fn encode_path(value: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// A parameter or multipart part with no text form of its own (a `oneOf`, a list, a free-form
/// value): a string as the text itself, as a string parameter is sent (an `anyOf` of a string
/// and something else holding the string), anything else as its JSON.
#[doc(hidden)]
pub fn to_wire_json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_without_a_text_form_are_sent_as_text_when_they_hold_a_string() {
        #[derive(serde::Serialize)]
        #[serde(untagged)]
        enum StringOrList {
            String(String),
            List(Vec<i64>),
        }
        assert_eq!(to_wire_json(&StringOrList::String("a \"b\"".into())), "a \"b\"");
        assert_eq!(to_wire_json(&StringOrList::List(vec![1, 2])), "[1,2]");
        assert_eq!(to_wire_json(&serde_json::json!({"k": "v"})), r#"{"k":"v"}"#);
        assert_eq!(to_wire_json(&1.5), "1.5");
    }

    #[test]
    fn path_parameters_are_one_segment() {
        assert_eq!(encode_path("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path("ok-1.2_~"), "ok-1.2_~");
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let decode = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            deserialize_enum(
                &mut de,
                |v| v.as_str().filter(|s| *s == "known").map(|_| 1),
                |u| u.value.as_i64().unwrap_or(-1),
            )
        };
        assert_eq!(decode("\"known\"").unwrap(), 1);
        assert_eq!(decode("7").unwrap(), 7);
        assert_eq!(decode("\"new\"").unwrap(), -1);
    }
}
