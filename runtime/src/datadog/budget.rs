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
use std::mem::size_of;

use serde::de::{self, Deserializer};

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
    decode(Metered::root(deserializer))
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

mod metered;

pub(crate) use metered::Metered;

#[cfg(test)]
mod tests;
