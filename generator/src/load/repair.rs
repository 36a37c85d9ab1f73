//! A spec openapiv3 refuses, read again without the nodes that do not fit OpenAPI 3.0: real
//! specs are published with a few (a tag's description written as a map, a `$ref` to
//! `components/mediaTypes`, a schema written as a list), and one of them should not cost the
//! hundreds of operations around it. Each node left out is named, with why, for a warning;
//! `--strict` never comes here.

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::pointer::Pointer;

/// At most this many nodes are left out: past that, the document is not a spec with a few
/// flaws but something else, and each retry reads the whole of it again.
const MAX_LEFT_OUT: usize = 100;

/// The top-level nodes without which there is no spec to speak of: a flaw that reaches one of
/// them refuses the document.
const ESSENTIAL: [&str; 3] = ["openapi", "info", "paths"];

/// One step down a document: a key or an index.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// `value` as a spec, less the nodes openapiv3 cannot read, each with where it was and why it
/// was left out; `None` when a flaw reaches an essential node or there are too many.
pub(super) fn without_flaws(mut value: Value) -> Option<(openapiv3::OpenAPI, Vec<(Pointer, String)>)> {
    let mut left_out = inline_media_type_refs(&mut value);
    loop {
        let (mut path, mut error) = match flaw::<openapiv3::OpenAPI>(&value, &[]) {
            Ok(spec) => return Some((spec, left_out)),
            Err(flaw) => flaw,
        };
        while let Some((deeper, why)) = closer(&value, &path) {
            (path, error) = (deeper, why);
        }
        if left_out.len() == MAX_LEFT_OUT {
            return None;
        }
        let (at, removed) = remove_deepest(&mut value, &path)?;
        left_out.push((at, removed_because(&error, removed)));
    }
}

/// `node` (at `at`) read as a `T`, or where in it reading failed, and why.
fn flaw<T: DeserializeOwned>(node: &Value, at: &[Step]) -> Result<T, (Vec<Step>, String)> {
    serde_path_to_error::deserialize::<_, T>(node).map_err(|error| {
        let mut path = at.to_vec();
        path.extend(error.path().iter().filter_map(|segment| match segment {
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        }));
        (path, error.inner().to_string())
    })
}

/// A flaw deeper than `path`, where openapiv3 reads a node whole (a flattened map: the path
/// items of `paths` and an operation's `responses`; an untagged `$ref`-or-value: a path item, a
/// response) and so names the node rather than what in it does not fit.
fn closer(value: &Value, path: &[Step]) -> Option<(Vec<Step>, String)> {
    let node = path.iter().try_fold(value, |node, step| child(node, step))?;
    let keys: Vec<&str> = path.iter().map(|step| if let Step::Key(key) = step { key.as_str() } else { "" }).collect();
    let inline = |node: &Value| node.as_object().is_some_and(|map| !map.contains_key("$ref"));
    let found = match keys.as_slice() {
        ["paths"] => node
            .as_object()?
            .iter()
            .filter(|(k, v)| !k.starts_with("x-") && inline(v))
            .find_map(|(k, v)| flaw::<openapiv3::PathItem>(v, &[path, &[Step::Key(k.clone())]].concat()).err()),
        ["paths", _] if inline(node) => flaw::<openapiv3::PathItem>(node, path).err(),
        ["paths", _, _, "responses"] => node
            .as_object()?
            .iter()
            .filter(|(k, v)| !k.starts_with("x-") && inline(v))
            .find_map(|(k, v)| flaw::<openapiv3::Response>(v, &[path, &[Step::Key(k.clone())]].concat()).err()),
        ["paths", _, _, "responses", _] | ["components", "responses", _] if inline(node) => {
            flaw::<openapiv3::Response>(node, path).err()
        }
        _ => None,
    };
    found.filter(|(deeper, _)| deeper.len() > path.len())
}

/// `content` maps given as a `$ref` into the document (to `#/components/mediaTypes/x`, which
/// OpenAPI 3.2 added and 3.0 does not have) replaced by what they name, each with a note: the
/// meaning is plain, and otherwise every response written so would be lost.
fn inline_media_type_refs(value: &mut Value) -> Vec<(Pointer, String)> {
    let mut found = Vec::new();
    content_refs(value, &mut String::new(), &mut found);
    let mut notes = Vec::new();
    for (at, reference) in found {
        // What it names must be a content map (keyed by media types), not a schema: a property
        // may be called `content` too.
        let target = reference.strip_prefix('#').and_then(|p| value.pointer(p));
        let Some(target) = target.filter(|t| t.as_object().is_some_and(|m| m.keys().all(|k| k.contains('/')))) else {
            continue;
        };
        let target = target.clone();
        if let Some(node) = value.pointer_mut(&at) {
            *node = target;
            let at = Pointer::root().join_all(at.split('/').skip(1).map(unescape));
            let note = format!(
                "`content` given as `$ref: {reference}`, which OpenAPI 3.0 does not allow, is read as the media types it names"
            );
            notes.push((at, note));
        }
    }
    notes
}

/// Where `node` (at the JSON pointer `at`) and its children hold a `content` that is a `$ref`
/// into the document, and to what.
fn content_refs(node: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
    let children: Box<dyn Iterator<Item = (String, &Value)>> = match node {
        Value::Object(map) => Box::new(map.iter().map(|(k, v)| (crate::pointer::escape_segment(k), v))),
        Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
        _ => return,
    };
    for (segment, child) in children {
        let len = at.len();
        at.push('/');
        at.push_str(&segment);
        let lone_ref = child.as_object().filter(|m| m.len() == 1).and_then(|m| m.get("$ref"));
        match (segment.as_str(), lone_ref) {
            ("content", Some(Value::String(reference))) if reference.starts_with("#/") => {
                found.push((at.clone(), reference.clone()))
            }
            _ => content_refs(child, at, found),
        }
        at.truncate(len);
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Removes the deepest node of `path` that exists (for a missing field, the node that lacks
/// it), and says where it was and whether it was the node the error names or its holder.
fn remove_deepest(value: &mut Value, path: &[Step]) -> Option<(Pointer, bool)> {
    let mut depth = 0;
    let mut node = &*value;
    while let Some(next) = path.get(depth).and_then(|step| child(node, step)) {
        node = next;
        depth += 1;
    }
    let essential = matches!(path.first(), Some(Step::Key(key)) if ESSENTIAL.contains(&key.as_str()));
    if depth == 0 || (depth == 1 && essential) {
        return None;
    }
    let (holder_path, last) = path[..depth].split_at(depth - 1);
    let holder = holder_path.iter().try_fold(value, |node, step| child_mut(node, step))?;
    match (holder, &last[0]) {
        (Value::Object(map), Step::Key(key)) => map.remove(key)?,
        (Value::Array(items), Step::Index(index)) => items.remove(*index),
        _ => return None,
    };
    let at = path[..depth].iter().fold(Pointer::root(), |at, step| match step {
        Step::Key(key) => at.join(key),
        Step::Index(index) => at.join(index),
    });
    Some((at, depth == path.len()))
}

fn child<'v>(node: &'v Value, step: &Step) -> Option<&'v Value> {
    match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get(key),
        (Value::Array(items), Step::Index(index)) => items.get(*index),
        _ => None,
    }
}

fn child_mut<'v>(node: &'v mut Value, step: &Step) -> Option<&'v mut Value> {
    match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    }
}

fn removed_because(error: &str, named: bool) -> String {
    // serde_json adds a position, which in a `Value` is always line 0.
    let error = error.split(" at line ").next().unwrap_or(error);
    if named {
        format!("left out: it does not fit OpenAPI 3.0 ({error})")
    } else {
        format!("left out: something in it does not fit OpenAPI 3.0 ({error})")
    }
}
