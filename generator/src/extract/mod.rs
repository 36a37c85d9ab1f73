//! Extract: the vendor's full spec -> the self-contained fragment of one tag, then a local overlay.
//!
//! The full Datadog v2 spec is 4 MB; the generator only ever needs one tag of it. The fragment keeps
//! that tag's operations and exactly the components they reach, so it can be committed and reviewed.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use crate::error::{Error, Result};
use crate::ir::HttpMethod;
use crate::pointer::escape_segment as escape;

mod overlay;

use overlay::merge_patch;
pub use overlay::{OverlayNote, apply_overlay, overlay_notes};

/// Path-item fields shared by all its operations, so they go wherever any operation goes.
const PATH_ITEM_FIELDS: [&str; 4] = ["summary", "description", "servers", "parameters"];

/// The order of the OpenAPI 3.0 Components Object; any other section follows, alphabetically.
const SECTIONS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Components kept so far: section -> name -> definition. `BTreeMap` sorts names for determinism.
type Components = BTreeMap<String, BTreeMap<String, Value>>;

/// Cuts the fragment of one tag out of a full OpenAPI 3.0 document.
pub fn extract_tag(full: &Value, tag: &str) -> Result<Value> {
    let paths = tagged_paths(full, tag)?;
    if paths.is_empty() {
        return Err(unknown_tag(full, tag));
    }
    let mut components = referenced_components(full, &paths)?;
    let schemes = security_schemes(full, &paths)?;
    if !schemes.is_empty() {
        components.insert("securitySchemes".to_string(), schemes);
    }

    let mut doc = Mapping::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = full.get(key) {
            doc.insert(key.into(), value.clone());
        }
    }
    let tags: Vec<Value> = full
        .get("tags")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("name").and_then(Value::as_str) == Some(tag))
        .cloned()
        .collect();
    if !tags.is_empty() {
        doc.insert("tags".into(), Value::Sequence(tags));
    }
    doc.insert("paths".into(), Value::Mapping(paths));
    if !components.is_empty() {
        doc.insert("components".into(), Value::Mapping(order_sections(components)));
    }
    Ok(Value::Mapping(doc))
}

/// Serializes `doc` as YAML after a comment header, each line prefixed with `# `.
pub fn render_yaml(doc: &Value, header_lines: &[&str]) -> Result<String> {
    let body = serde_yaml::to_string(doc)
        .map_err(|e| Error::Other(format!("cannot serialize the spec fragment as YAML: {e}")))?;
    let mut out = String::new();
    // Splitting keeps a multi-line header entry inside the comment.
    for line in header_lines.iter().flat_map(|line| line.split('\n')) {
        let line = line.trim_end();
        out.push('#');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// The path items with an operation tagged `tag`, each cut down to those operations.
fn tagged_paths(full: &Value, tag: &str) -> Result<Mapping> {
    let mut kept = Mapping::new();
    let Some(paths) = full.get("paths").and_then(Value::as_mapping) else {
        return Ok(kept);
    };
    for (path, item) in paths {
        let location = format!("#/paths/{}", escape(&key_text(path)));
        let item = item.as_mapping().ok_or_else(|| Error::Unsupported {
            location: location.clone(),
            message: format!("a path item must be a mapping, found {}", kind(item)),
        })?;
        if item.contains_key("$ref") {
            return Err(Error::Unsupported { location, message: "path item `$ref`".to_string() });
        }
        let mut kept_item = Mapping::new();
        let mut has_operation = false;
        for (key, value) in item {
            let Some(key) = key.as_str() else { continue };
            if HttpMethod::from_spec(key).is_some() && has_tag(value, tag) {
                has_operation = true;
                kept_item.insert(key.into(), value.clone());
            } else if PATH_ITEM_FIELDS.contains(&key) {
                kept_item.insert(key.into(), value.clone());
            }
        }
        if has_operation {
            kept.insert(path.clone(), Value::Mapping(kept_item));
        }
    }
    Ok(kept)
}

fn has_tag(operation: &Value, tag: &str) -> bool {
    operation.get("tags").and_then(Value::as_sequence).is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(tag)))
}

fn operations(paths: &Mapping) -> impl Iterator<Item = (String, &Value)> {
    paths.iter().flat_map(|(path, item)| {
        let path = escape(&key_text(path));
        HttpMethod::ALL
            .into_iter()
            .map(HttpMethod::spec_key)
            .filter_map(move |method| item.get(method).map(|operation| (format!("#/paths/{path}/{method}"), operation)))
    })
}

/// The transitive closure of the `$ref`s reachable from `paths`.
fn referenced_components(full: &Value, paths: &Mapping) -> Result<Components> {
    let mut pending = Vec::new();
    for (path, item) in paths {
        collect_refs(item, &mut format!("#/paths/{}", escape(&key_text(path))), &mut pending);
    }
    let mut kept = Components::new();
    // Checking `kept` before following a ref is what makes cycles terminate.
    while let Some((reference, location)) = pending.pop() {
        let (section, name) = component_of(&reference, &location)?;
        if kept.get(&section).is_some_and(|names| names.contains_key(&name)) {
            continue;
        }
        let unresolved = || Error::UnresolvedRef { location: location.clone(), reference: reference.clone() };
        let component = full
            .get("components")
            .and_then(|c| c.get(section.as_str()))
            .and_then(|s| s.get(name.as_str()))
            .ok_or_else(unresolved)?;
        // A ref into a component (`.../Foo/properties/bar`) keeps all of `Foo`, but must still land.
        resolve(full, &reference).ok_or_else(unresolved)?;
        let mut pointer = format!("#/components/{}/{}", escape(&section), escape(&name));
        collect_refs(component, &mut pointer, &mut pending);
        kept.entry(section).or_default().insert(name, component.clone());
    }
    Ok(kept)
}

/// Pushes every `$ref` under `value` with the JSON pointer of the mapping that holds it.
fn collect_refs(value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(mapping) => {
            if let Some(reference) = mapping.get("$ref").and_then(Value::as_str) {
                out.push((reference.to_string(), pointer.clone()));
            }
            for (key, child) in mapping {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(&key_text(key)));
                collect_refs(child, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                collect_refs(child, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => collect_refs(&tagged.value, pointer, out),
        _ => {}
    }
}

/// `#/components/<section>/<name>[/...]` -> (section, name).
fn component_of(reference: &str, location: &str) -> Result<(String, String)> {
    let segments = pointer_segments(reference);
    match segments.as_deref() {
        Some([components, section, name, ..]) if components == "components" => Ok((section.clone(), name.clone())),
        _ => Err(Error::Unsupported {
            location: location.to_string(),
            message: format!("`$ref: {reference}`: only local refs to `#/components/<section>/<name>` are supported"),
        }),
    }
}

fn pointer_segments(reference: &str) -> Option<Vec<String>> {
    let pointer = reference.strip_prefix("#/")?;
    Some(pointer.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    pointer_segments(reference)?.iter().try_fold(doc, |node, segment| match node {
        Value::Mapping(mapping) => mapping
            .get(segment.as_str())
            .or_else(|| mapping.iter().find(|(k, _)| key_text(k) == *segment).map(|(_, v)| v)),
        Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The security schemes the kept operations use; OAuth2 flows keep only the scopes requested.
fn security_schemes(full: &Value, paths: &Mapping) -> Result<BTreeMap<String, Value>> {
    let mut requests: Vec<(String, &Value)> = Vec::new();
    // The fragment keeps the top-level `security`, so the schemes it names must stay defined.
    if let Some(security) = full.get("security") {
        requests.push(("#/security".to_string(), security));
    }
    for (location, operation) in operations(paths) {
        if let Some(security) = operation.get("security") {
            requests.push((format!("{location}/security"), security));
        }
    }

    let mut scopes: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for (location, security) in requests {
        let requirements = security.as_sequence().ok_or_else(|| Error::Unsupported {
            location: location.clone(),
            message: format!("`security` must be a list, found {}", kind(security)),
        })?;
        for requirement in requirements.iter().filter_map(Value::as_mapping) {
            for (name, requested) in requirement {
                let entry = scopes.entry(key_text(name)).or_insert_with(|| (location.clone(), BTreeSet::new()));
                let requested = requested.as_sequence().into_iter().flatten().filter_map(Value::as_str);
                entry.1.extend(requested.map(str::to_string));
            }
        }
    }

    let defined = full.get("components").and_then(|c| c.get("securitySchemes"));
    let mut kept = BTreeMap::new();
    for (name, (location, requested)) in scopes {
        let mut scheme = defined.and_then(|d| d.get(name.as_str())).cloned().ok_or_else(|| Error::UnresolvedRef {
            location,
            reference: format!("#/components/securitySchemes/{}", escape(&name)),
        })?;
        if scheme.get("type").and_then(Value::as_str) == Some("oauth2") {
            prune_scopes(&mut scheme, &requested);
        }
        kept.insert(name, scheme);
    }
    Ok(kept)
}

fn prune_scopes(scheme: &mut Value, requested: &BTreeSet<String>) {
    let Some(flows) = scheme.get_mut("flows").and_then(Value::as_mapping_mut) else { return };
    for flow in flows.values_mut() {
        if let Some(scopes) = flow.get_mut("scopes").and_then(Value::as_mapping_mut) {
            scopes.retain(|scope, _| scope.as_str().is_some_and(|s| requested.contains(s)));
        }
    }
}

fn order_sections(mut components: Components) -> Mapping {
    let mut out = Mapping::new();
    let known = SECTIONS.iter().filter_map(|s| components.remove_entry(*s));
    for (section, names) in known.collect::<Vec<_>>().into_iter().chain(components) {
        let names = names.into_iter().map(|(name, value)| (Value::String(name), value)).collect();
        out.insert(Value::String(section), Value::Mapping(names));
    }
    out
}

fn unknown_tag(full: &Value, tag: &str) -> Error {
    let declared = full.get("tags").and_then(Value::as_sequence).into_iter().flatten();
    let declared = declared.filter_map(|t| t.get("name").and_then(Value::as_str));
    let paths = full.get("paths").and_then(Value::as_mapping);
    let used = paths.into_iter().flat_map(operations).flat_map(|(_, operation)| {
        operation.get("tags").and_then(Value::as_sequence).into_iter().flatten().filter_map(Value::as_str)
    });
    let known: BTreeSet<&str> = declared.chain(used).collect();
    if known.is_empty() {
        return Error::Other(format!("tag `{tag}` matches no operation: the spec has no tags"));
    }
    let mut closest: Vec<&str> = known.iter().copied().collect();
    let wanted = tag.to_lowercase();
    closest.sort_by_key(|name| (edit_distance(&wanted, &name.to_lowercase()), *name));
    closest.truncate(3);
    Error::Other(format!(
        "tag `{tag}` matches no operation; the spec has {} tags, the closest are: {}",
        known.len(),
        closest.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
    ))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// Response codes like `200` parse as YAML integers, so keys are not always strings.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => kind(other).to_string(),
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Cuts the fragment of several tags: each tag's fragment, merged (paths, components, tags).
pub fn extract_tags(full: &Value, tags: &[String]) -> Result<Value> {
    let Some((first, rest)) = tags.split_first() else {
        return Err(Error::Other("no tag to extract: list them under `tags:` in the settings file".into()));
    };
    let mut doc = extract_tag(full, first)?;
    for tag in rest {
        let more = extract_tag(full, tag)?;
        let doc_map = doc.as_mapping_mut().expect("a fragment is a mapping");
        for key in ["paths", "components"] {
            if let Some(patch) = more.get(key) {
                let entry = doc_map.entry(key.into()).or_insert_with(|| Value::Mapping(Mapping::new()));
                merge_patch(entry, patch);
            }
        }
        if let Some(Value::Sequence(new_tags)) = more.get("tags") {
            let entry = doc_map.entry("tags".into()).or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(tags) = entry {
                tags.extend(new_tags.iter().cloned());
            }
        }
    }
    Ok(doc)
}
