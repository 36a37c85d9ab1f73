//! The deserializer that wraps serde's and counts what each value it decodes allocates.

use std::fmt;
use std::mem::size_of;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::{METER, NODE_ENTRIES, ROOT, charge, heap, max, spent};

/// A deserializer that counts what the values it decodes allocate. `slot` is the room the value's
/// parent already counted for it (a model's field lives inside the model); `keep_strings` is false
/// where strings are read and dropped (a model's field names).
pub(crate) struct Metered<D> {
    de: D,
    slot: usize,
    keep_strings: bool,
}

impl<D> Metered<D> {
    /// A deserializer of the whole answer, which sits on the caller's stack.
    pub(super) fn root(de: D) -> Self {
        Metered { de, slot: ROOT, keep_strings: true }
    }

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
