//! How much memory decoding an answer may take: a budget proportional to the body, and the
//! deserializer that counts what a decode allocates against it, so that a small body cannot
//! decode to gigabytes (64 MiB of `[0,0,...]` kept as `serde_json::Value` would take 1 GiB).
//!
//! The count is a model of the heap, not a measure of it; it counts, for every value decoded:
//!
//! - an element of a sequence (a `Vec`): its size, and the vector's first allocation (four
//!   elements, as `Vec` allocates);
//! - an entry of a map (a `BTreeMap`, a JSON object kept as a `Value`): twice the size of its key
//!   and value, and a whole node for the first entry;
//! - a field of a model the spec does not describe (kept in `additional_properties`): its key
//!   and an entry of that map, the same way;
//! - a string kept as a `String` or `Value`: its bytes (known enum values, UUIDs and dates are
//!   not kept as text, and not counted);
//! - a value larger than the place its parent made for it (a `Box`): the difference;
//!
//! each allocation as the allocator rounds it (at least 32 bytes). A field of a model is not
//! counted again: it lives inside its parent. Past the budget the decode stops with an error that
//! says so, naming the JSON path where it stopped.

use std::cell::Cell;
use std::fmt;
use std::mem::size_of;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// The budget of an answer of `body` bytes: three times its size, plus this.
const FIXED: usize = 8 * 1024 * 1024;
/// The budget per byte of the body.
const PER_BODY_BYTE: usize = 3;

/// The memory a decode may still take, on this thread: set by [`decode`] for its duration, so
/// that the models' unknown fields (see [`charge_unknown_field`]) are counted with the rest.
struct Meter {
    /// Whether a decode is counting; decoding a model by other means (`serde_json::from_str`)
    /// counts nothing.
    on: Cell<bool>,
    left: Cell<usize>,
    limit: Cell<usize>,
    body: Cell<usize>,
    /// Whether the object being decoded has kept an unknown field yet: its map's first node is
    /// charged then.
    object_has_unknown: Cell<bool>,
    /// Whether the value about to be read is an enum's (see [`enum_value_next`]).
    enum_value: Cell<bool>,
    /// Whether the map about to be read is a model's (see [`model_next`]).
    model: Cell<bool>,
}

thread_local! {
    static METER: Meter = const {
        Meter {
            on: Cell::new(false),
            left: Cell::new(0),
            limit: Cell::new(0),
            body: Cell::new(0),
            object_has_unknown: Cell::new(false),
            enum_value: Cell::new(false),
            model: Cell::new(false),
        }
    };
}

/// The memory decoding `body` may take, in bytes.
pub(crate) fn limit_for(body: usize) -> usize {
    body.saturating_mul(PER_BODY_BYTE).saturating_add(FIXED)
}

/// Runs `decode` on a deserializer of `body` that counts against the budget of `body`; any
/// decode already counting on this thread is suspended meanwhile.
pub(crate) fn decode<'de, D: Deserializer<'de>, R>(
    body: usize,
    deserializer: D,
    decode: impl FnOnce(Metered<D>) -> Result<R, D::Error>,
) -> Result<R, D::Error> {
    /// The meter as it was before, put back however the decode ends (a panic included).
    struct Restore {
        on: bool,
        left: usize,
        limit: usize,
        body: usize,
        object_has_unknown: bool,
        enum_value: bool,
        model: bool,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            METER.with(|m| {
                m.on.set(self.on);
                m.left.set(self.left);
                m.limit.set(self.limit);
                m.body.set(self.body);
                m.object_has_unknown.set(self.object_has_unknown);
                m.enum_value.set(self.enum_value);
                m.model.set(self.model);
            });
        }
    }
    let limit = limit_for(body);
    let _restore = METER.with(|m| Restore {
        on: m.on.replace(true),
        left: m.left.replace(limit),
        limit: m.limit.replace(limit),
        body: m.body.replace(body),
        object_has_unknown: m.object_has_unknown.replace(false),
        enum_value: m.enum_value.replace(false),
        model: m.model.replace(false),
    });
    decode(Metered { de: deserializer, slot: ROOT, keep_strings: true })
}

/// Takes `bytes` from the budget, or fails once it is spent.
#[inline]
fn charge<E: de::Error>(bytes: usize) -> Result<(), E> {
    // Outside a decode, `left` is 0 (as `decode` leaves it): only then is `on` read.
    let taken = METER.with(|m| {
        let left = m.left.get();
        match left.checked_sub(bytes) {
            // Once spent (by an unknown field, which cannot fail), every charge fails, even of
            // nothing.
            Some(rest) if left > 0 => {
                m.left.set(rest);
                true
            }
            _ => !m.on.get(),
        }
    });
    if taken { Ok(()) } else { Err(refused()) }
}

/// The error of a decode past its budget.
#[cold]
#[inline(never)]
fn refused<E: de::Error>() -> E {
    METER.with(|m| {
        m.left.set(0);
        E::custom(format_args!(
            "decoding this answer of {} bytes would take more than {} bytes of memory \
             (three times its size plus 8 MiB), so it was not decoded",
            m.body.get(),
            m.limit.get()
        ))
    })
}

/// Whether the budget is spent (by unknown fields, which cannot fail).
#[inline]
fn spent() -> bool {
    METER.with(|m| m.on.get() && m.left.get() == 0)
}

/// What an allocation of `bytes` takes from the allocator: a header, rounded to 16 bytes, at
/// least 32.
#[inline]
const fn heap(bytes: usize) -> usize {
    if bytes == 0 { 0 } else { max(32, (bytes.saturating_add(8 + 15)) & !15) }
}

#[inline]
const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// Counts a model's field the spec does not describe, whose key `len` bytes long becomes a
/// `String` in `additional_properties` (`BTreeMap<String, serde_json::Value>`). Cannot fail: the
/// next key of the object checks the budget (see [`Entries`]).
#[inline]
pub(crate) fn charge_unknown_field(len: usize) {
    METER.with(|m| {
        if !m.on.get() {
            return;
        }
        let entry = size_of::<String>() + size_of::<serde_json::Value>();
        let map = if m.object_has_unknown.replace(true) { 2 * entry } else { heap(NODE_ENTRIES * entry + 16) };
        m.left.set(m.left.get().saturating_sub(map + heap(len)));
    });
}

/// Says that the next value is read by an enum's `Deserialize` (`deserialize_enum`), which keeps
/// a string only when it is none of the enum's values, and then counts it itself with
/// [`charge_unknown_enum_value`]: a known value is not counted as text. The enum reads the
/// value at once, so that the next string the meter sees, if any, is the enum's; a value of
/// another type clears the mark with [`enum_value_read`].
#[inline]
pub(crate) fn enum_value_next() {
    METER.with(|m| m.enum_value.set(m.on.get()));
}

/// Clears the mark of [`enum_value_next`].
#[inline]
pub(crate) fn enum_value_read() {
    METER.with(|m| m.enum_value.set(false));
}

/// Says that the next map is read by a model's `Deserialize` (`deserialize_object`): its fields
/// live in the model, already counted, rather than in a map. (The model asks for a map rather
/// than a struct, so that formats that are not self-describing still see the map its
/// `Serialize` writes.) Cleared by the meter when it reads the map, else by [`model_read`].
#[inline]
pub(crate) fn model_next() {
    METER.with(|m| m.model.set(m.on.get()));
}

/// Clears the mark of [`model_next`].
#[inline]
pub(crate) fn model_read() {
    METER.with(|m| m.model.set(false));
}

/// Counts an enum's unknown string value, `len` bytes, kept as a `serde_json::Value`.
#[inline]
pub(crate) fn charge_unknown_enum_value<E: de::Error>(len: usize) -> Result<(), E> {
    charge(heap(len))
}

/// Entries in a node of a `BTreeMap`.
const NODE_ENTRIES: usize = 11;

/// The slot of the value decoded: on the caller's stack, whatever its size.
const ROOT: usize = usize::MAX;

/// A deserializer that counts what the values it decodes allocate. `slot` is the room the value's
/// parent already counted for it (a model's field lives inside the model); `keep_strings` is false
/// where strings are read and dropped (a model's field names).
pub(crate) struct Metered<D> {
    de: D,
    slot: usize,
    keep_strings: bool,
}

impl<D> Metered<D> {
    /// The slot of a value of type `T`, charging what does not fit it (a `Box`).
    #[inline]
    fn excess<T, E: de::Error>(&self) -> Result<usize, E> {
        let size = size_of::<T>();
        let slot = if self.slot == ROOT { size } else { self.slot };
        if size > slot {
            charge(heap(size - slot))?;
        }
        Ok(max(size, slot))
    }

    /// The visitor of a value, in its place.
    #[inline]
    fn enter<'de, V: Visitor<'de>, E: de::Error>(&self, visitor: V, heap_collections: bool) -> Result<Visit<V>, E> {
        let size = size_of::<V::Value>();
        Ok(Visit {
            place: self.excess::<V::Value, E>()?,
            visitor,
            heap: heap_collections,
            keep_strings: self.keep_strings && size >= size_of::<String>(),
        })
    }
}

/// Forwards `deserialize_*` methods, wrapping the visitor; `heap` says whether a sequence or map
/// the visitor is handed goes to the heap (a `Vec`, a map) or stays in place (a struct, a tuple).
/// `scalar` methods, which serde_json answers with a scalar or an error and never with a
/// sequence, a map or a string to keep, do not wrap the visitor.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*) $heap:expr;)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let visit = self.enter(visitor, $heap)?;
            self.de.$method($($arg,)* visit)
        }
    )*};
    ($(scalar $method:ident;)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.excess::<V::Value, D::Error>()?;
            self.de.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Metered<D> {
    type Error = D::Error;

    forward! {
        deserialize_any() true;
        deserialize_str() false;
        deserialize_string() false;
        deserialize_bytes() false;
        deserialize_byte_buf() false;
        deserialize_option() true;
        deserialize_unit_struct(name: &'static str) false;
        deserialize_newtype_struct(name: &'static str) true;
        deserialize_seq() true;
        deserialize_tuple(len: usize) false;
        deserialize_tuple_struct(name: &'static str, len: usize) false;
        deserialize_map() !METER.with(|m| m.model.replace(false));
        deserialize_struct(name: &'static str, fields: &'static [&'static str]) false;
        deserialize_enum(name: &'static str, variants: &'static [&'static str]) false;
        deserialize_identifier() false;
    }

    forward! {
        scalar deserialize_bool;
        scalar deserialize_i8;
        scalar deserialize_i16;
        scalar deserialize_i32;
        scalar deserialize_i64;
        scalar deserialize_i128;
        scalar deserialize_u8;
        scalar deserialize_u16;
        scalar deserialize_u32;
        scalar deserialize_u64;
        scalar deserialize_u128;
        scalar deserialize_f32;
        scalar deserialize_f64;
        scalar deserialize_char;
        scalar deserialize_unit;
    }

    #[inline]
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        // Skipped: allocates nothing.
        self.de.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor whose value takes `place` bytes where its parent put it.
struct Visit<V> {
    visitor: V,
    place: usize,
    heap: bool,
    keep_strings: bool,
}

impl<V> Visit<V> {
    #[inline]
    fn strings<E: de::Error>(&self, len: usize) -> Result<(), E> {
        // An enum's value is kept (never a key): the mark is read only here.
        if self.keep_strings && !METER.with(|m| m.enum_value.replace(false)) { charge(heap(len)) } else { Ok(()) }
    }

    #[inline]
    fn inner<D>(&self, de: D) -> Metered<D> {
        Metered { de, slot: self.place, keep_strings: true }
    }
}

macro_rules! scalars {
    ($($method:ident($ty:ty);)*) => {$(
        #[inline]
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    scalars! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_str(v)
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_borrowed_str(v)
    }

    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_string(v)
    }

    #[inline]
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_bytes(v)
    }

    #[inline]
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_borrowed_bytes(v)
    }

    #[inline]
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        self.strings(v.len())?;
        self.visitor.visit_byte_buf(v)
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let inner = self.inner(deserializer);
        self.visitor.visit_some(inner)
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let inner = self.inner(deserializer);
        self.visitor.visit_newtype_struct(inner)
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Elements { seq, heap: self.heap, count: 0 })
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let entries = Entries { map, heap: self.heap, count: 0, key_size: 0 };
        if self.heap {
            self.visitor.visit_map(entries)
        } else {
            // A model: its unknown fields go to a map of its own.
            let outer = METER.with(|m| m.object_has_unknown.replace(false));
            let value = self.visitor.visit_map(entries);
            METER.with(|m| m.object_has_unknown.set(outer));
            value
        }
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Variants { data, place: self.place })
    }
}

/// A seed whose value is decoded through [`Metered`].
struct Seed<S> {
    seed: S,
    slot: usize,
    keep_strings: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Metered { de: deserializer, slot: self.slot, keep_strings: self.keep_strings })
    }
}

/// The elements of a sequence: counted when they go to a `Vec`.
struct Elements<A> {
    seq: A,
    heap: bool,
    count: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let size = size_of::<T::Value>();
        let element = self.seq.next_element_seed(Seed { seed, slot: size, keep_strings: true })?;
        if self.heap && element.is_some() {
            // The first element allocates room for four (`Vec`'s smallest capacity), the fifth
            // and later ones their own size. Counted once decoded (what it holds was counted
            // meanwhile), so that the end of the sequence is not.
            let bytes = match self.count {
                0 => heap(4 * size),
                1..4 => 0,
                _ => size,
            };
            charge(bytes)?;
            self.count += 1;
        }
        Ok(element)
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// The entries of an object: counted when they go to a map; the keys of a model's fields are read
/// and dropped.
struct Entries<A> {
    map: A,
    heap: bool,
    count: usize,
    key_size: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        // Also where a model's unknown fields, counted without failing, are refused.
        if spent() {
            charge(1)?;
        }
        if !self.heap {
            // A field's name, read and dropped (or counted by `charge_unknown_field`).
            return self.map.next_key_seed(seed);
        }
        self.key_size = size_of::<K::Value>();
        self.map.next_key_seed(Seed { seed, slot: self.key_size, keep_strings: true })
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let size = size_of::<V::Value>();
        if self.heap {
            let entry = self.key_size + size;
            charge(if self.count == 0 { heap(NODE_ENTRIES * entry + 16) } else { 2 * entry })?;
            self.count += 1;
        }
        self.map.next_value_seed(Seed { seed, slot: size, keep_strings: true })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An enum's variant, whose content lives in the enum's place.
struct Variants<A> {
    data: A,
    place: usize,
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Variants<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    #[inline]
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        // The variant's name, read and dropped.
        let (value, variant) = self.data.variant_seed(seed)?;
        Ok((value, Variant { variant, place: self.place }))
    }
}

struct Variant<A> {
    variant: A,
    place: usize,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.variant.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.variant.newtype_variant_seed(Seed { seed, slot: self.place, keep_strings: true })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let visit = Visit { visitor, place: self.place, heap: false, keep_strings: true };
        self.variant.tuple_variant(len, visit)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visit = Visit { visitor, place: self.place, heap: false, keep_strings: true };
        self.variant.struct_variant(fields, visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

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
}
