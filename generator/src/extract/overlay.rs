//! Overlays: local corrections to a fragment, applied as a JSON merge patch, and what they are
//! worth after an upstream update.

use serde_yaml::{Mapping, Value};

use super::{escape, key_text, kind};
use crate::error::{Error, Result};

/// Applies a local overlay (RFC 7386 JSON Merge Patch semantics on YAML values: mappings merge
/// recursively, `null` deletes a key, anything else replaces) to a document.
pub fn apply_overlay(doc: &mut Value, overlay: &Value) -> Result<()> {
    // A non-mapping overlay would replace the whole spec: never what a correction means.
    if !overlay.is_mapping() {
        return Err(Error::Other(format!("an overlay must be a mapping at its top level, found {}", kind(overlay))));
    }
    // An overlay belongs to the fragment it corrects: a patch to a path the fragment lacks
    // would add a path with no operations (an overlay of another tag, most likely).
    if let Some(paths) = overlay.get("paths").and_then(Value::as_mapping) {
        for (path, patch) in paths {
            let exists = doc.get("paths").and_then(|p| p.get(path)).is_some();
            if !exists && !patch.is_null() {
                return Err(Error::Unsupported {
                    location: format!("#/paths/{}", escape(&key_text(path))),
                    message: "the overlay patches a path the fragment does not have: is it the overlay of another tag?"
                        .into(),
                });
            }
        }
    }
    merge_patch(doc, overlay);
    Ok(())
}

pub(super) fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Mapping(target), Value::Mapping(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    // `shift_remove` rather than `remove`, which would reorder the remaining keys.
                    target.shift_remove(key);
                } else {
                    merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        (target, patch @ Value::Mapping(_)) => {
            *target = Value::Mapping(Mapping::new());
            merge_patch(target, patch);
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// An overlay correction that needs a look after an upstream update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlayNote {
    /// Upstream now has the same value: the correction can go.
    Redundant(String),
    /// The node it patches is gone upstream: the correction no longer applies.
    Gone(String),
}

/// What an overlay's corrections are worth against `doc`, the fragment before the overlay:
/// each leaf of the overlay (a scalar, a list, a `null`) whose value upstream already has is
/// redundant; a correction that reaches into a node upstream lacks (a mapping holding mappings
/// under a missing key, or a `null` deleting a missing key) no longer applies. A missing key
/// whose value is a flat mapping or a leaf is an addition, not reported.
pub fn overlay_notes(doc: &Value, overlay: &Value) -> Vec<OverlayNote> {
    let mut notes = Vec::new();
    notes_at(Some(doc), overlay, "#", &mut notes);
    notes
}

fn notes_at(doc: Option<&Value>, patch: &Value, at: &str, notes: &mut Vec<OverlayNote>) {
    let Some(patch_map) = patch.as_mapping() else { return };
    for (key, value) in patch_map {
        let here = format!("{at}/{}", escape(&key_text(key)));
        let upstream = doc.and_then(|d| d.get(key));
        match (upstream, value) {
            (None, Value::Null) => notes.push(OverlayNote::Gone(here)),
            (None, Value::Mapping(m)) if m.values().any(Value::is_mapping) => notes.push(OverlayNote::Gone(here)),
            (None, _) => {}
            (Some(_), Value::Null) => {}
            (Some(u), Value::Mapping(_)) if u.is_mapping() => notes_at(Some(u), value, &here, notes),
            (Some(u), v) if u == v => notes.push(OverlayNote::Redundant(here)),
            (Some(_), _) => {}
        }
    }
}
