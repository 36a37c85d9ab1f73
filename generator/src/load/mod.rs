//! Load: YAML (or JSON) text -> `openapiv3::OpenAPI`, with what the loader noticed that
//! openapiv3 drops ([`Loaded`]).

mod check;
mod repair;

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeSeed;

use crate::error::{Error, Result};
use crate::pointer::Pointer;

pub fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })
}

/// A parsed spec, and what the loader saw in its text that openapiv3 drops, for the resolver.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub spec: openapiv3::OpenAPI,
    /// The `$ref`s that have `nullable: true` beside them, where each is written. OpenAPI 3.0
    /// says to ignore a `$ref`'s siblings, and openapiv3 drops them, but Datadog's specs mean
    /// this one (`last_revision` is `null` until a rule has a revision), as their own clients
    /// read it.
    pub nullable_refs: BTreeSet<Pointer>,
    /// Every `$ref` inside a component schema: (component, reference, where it is written).
    pub schema_refs: Vec<(String, String, Pointer)>,
    /// The nodes left out because they do not fit OpenAPI 3.0, with why (not when strict).
    pub left_out: Vec<(Pointer, String)>,
}

/// Parses a spec; a document that does not fit OpenAPI 3.0 is reported with the path of the
/// offending node (`paths./api/v2/x.get.responses`) and the line where the parser stopped.
/// JSON is read as JSON (YAML parsers refuse its `\ud83d\ude00` escapes), anything else as
/// YAML. Before openapiv3 sees the document, it is checked for what makes parsers panic or
/// take exponential time, and for its OpenAPI version. Unless `strict`, a node that does not
/// fit is left out (see [`Loaded::left_out`]) rather than refusing the rest.
pub fn parse(path: &Path, text: &str, strict: bool) -> Result<Loaded> {
    let error = |message: String| Error::Parse { path: path.to_path_buf(), message };
    flow_nesting(text).map_err(error)?;
    let json = text.trim_start().starts_with('{');
    let mut at = Vec::new();
    let mut head = check::Head::default();
    let walk = check::Check { path: &mut at, schema_nesting: 0, head: &mut head };
    let checked = if json {
        walk.deserialize(&mut serde_json::Deserializer::from_str(text)).map_err(|e| e.to_string())
    } else {
        walk.deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|e| e.to_string())
    };
    checked.map_err(error)?;
    version(&head).map_err(error)?;
    let parsed = if json {
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
            .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
    } else {
        serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text))
            .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
    };
    let (spec, left_out) = match parsed {
        Ok(spec) => (spec, Vec::new()),
        Err(message) if !strict => lenient(text, json).ok_or_else(|| error(message))?,
        Err(message) => match without_callbacks(text, json) {
            Some(spec) => (spec, Vec::new()),
            None => return Err(error(message)),
        },
    };
    Ok(Loaded { spec, nullable_refs: head.nullable_refs, schema_refs: head.schema_refs, left_out })
}

/// The spec `text` read through a `Value`, without callbacks, and (see [`repair`]) without the
/// nodes that do not fit. Only for a document openapiv3 refused: the detour costs time.
fn lenient(text: &str, json: bool) -> Option<(openapiv3::OpenAPI, Vec<(Pointer, String)>)> {
    let (spec, left_out) = repair::without_flaws(value_without_callbacks(text, json)?)?;
    // Nothing left to call: the flaw is the news, not the emptiness.
    let any_operation =
        spec.paths.paths.values().any(|item| item.as_item().is_some_and(|item| item.iter().next().is_some()));
    any_operation.then_some((spec, left_out))
}

/// The spec `text` read without its operations' and components' callbacks, if it then reads.
/// Callbacks are the server's calls to the client, which a client never makes; openapiv3
/// cannot read one given as a `$ref` (valid 3.0), so even a strict read goes on without them.
fn without_callbacks(text: &str, json: bool) -> Option<openapiv3::OpenAPI> {
    if !text.contains("callbacks") {
        return None;
    }
    serde_json::from_value(value_without_callbacks(text, json)?).ok()
}

/// `text` as a `Value`, without its operations' and components' callbacks.
fn value_without_callbacks(text: &str, json: bool) -> Option<serde_json::Value> {
    let mut value: serde_json::Value =
        if json { serde_json::from_str(text).ok()? } else { serde_yaml::from_str(text).ok()? };
    if let Some(paths) = value.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|item| item.as_object_mut()) {
            for operation in item.values_mut().filter_map(|op| op.as_object_mut()) {
                operation.remove("callbacks");
            }
        }
    }
    if let Some(components) = value.get_mut("components").and_then(|c| c.as_object_mut()) {
        components.remove("callbacks");
    }
    Some(value)
}

/// Refuses flow collections (`[[[[…`) nested deeper than any real document, before a parser
/// spends quadratic time on them.
fn flow_nesting(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (line, content) in text.lines().enumerate() {
        for c in content.chars() {
            match (quote, c) {
                (Some('"'), '\\') if !escaped => {
                    escaped = true;
                    continue;
                }
                (Some(q), c) if c == q && !escaped => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, '#') => break,
                _ => {}
            }
            escaped = false;
            if depth > check::MAX_DEPTH {
                return Err(format!(
                    "line {}: brackets nested more than {} levels deep, deeper than any real spec",
                    line + 1,
                    check::MAX_DEPTH
                ));
            }
        }
    }
    Ok(())
}

/// The `openapi` version must be 3.0.x: openapiv3 reads 3.0, and a 3.1 or 2.0 document would
/// fail later with messages about something else.
fn version(head: &check::Head) -> Result<(), String> {
    match (&head.openapi, &head.swagger) {
        (Some(v), _) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        (Some(v), _) => Err(format!("`openapi: {v}` is not supported: this generator reads OpenAPI 3.0.x documents")),
        (None, Some(v)) => Err(format!("`swagger: {v}` (OpenAPI 2) is not supported: convert it to OpenAPI 3.0 first")),
        (None, None) => Err("no `openapi` version field: not an OpenAPI 3.0 document".to_string()),
    }
}
