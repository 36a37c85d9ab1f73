//! The query string: its pairs as a request holds them, and an object parameter spread over
//! pairs the way OpenAPI's `style` and `explode` say (`user_id=1`, `filter=user_id,1`,
//! `filter[user_id]=1`), rather than sent as JSON, which no server reads.

use std::borrow::Cow;

use serde_json::Value;

/// A query parameter's value: one text, or a list sent as its items joined by commas, each item
/// encoded so that a comma inside it cannot pass for the separator.
#[derive(Debug)]
pub(super) enum QueryValue {
    One(String),
    List(Vec<String>),
}

/// How a query parameter whose value is an object is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryObject {
    /// `style: form`, exploded (OpenAPI's default): each property a pair of its own (`user_id=1`).
    Exploded,
    /// `style: form`, `explode: false`: one pair, names and values joined by commas
    /// (`filter=user_id,1`).
    Joined,
    /// `style: deepObject`: each property a pair named after the parameter (`filter[user_id]=1`).
    Deep,
}

/// The pairs that send `value` as the object parameter `name`; a value that is no object (one
/// variant of a `oneOf` may be a string) is one pair, as any other value.
pub(super) fn object_pairs(
    name: &'static str,
    style: QueryObject,
    value: Value,
) -> Vec<(Cow<'static, str>, QueryValue)> {
    let Value::Object(fields) = value else {
        return scalar(&value).map(|text| (Cow::Borrowed(name), QueryValue::One(text))).into_iter().collect();
    };
    let fields = fields.into_iter().filter_map(|(key, value)| Some((key, scalar(&value)?)));
    match style {
        QueryObject::Exploded => fields.map(|(key, text)| (Cow::Owned(key), QueryValue::One(text))).collect(),
        QueryObject::Deep => {
            fields.map(|(key, text)| (Cow::Owned(format!("{name}[{key}]")), QueryValue::One(text))).collect()
        }
        QueryObject::Joined => {
            let items: Vec<String> = fields.flat_map(|(key, text)| [key, text]).collect();
            vec![(Cow::Borrowed(name), QueryValue::List(items))]
        }
    }
}

/// A value's text in a query: a string as it is, a list's items joined by commas, a nested
/// object as JSON; `null` sends nothing.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Array(items) => Some(items.iter().filter_map(scalar).collect::<Vec<_>>().join(",")),
        other => Some(other.to_string()),
    }
}

/// The object parameter `name` read back as `T` from query pairs (each name decoded, each
/// value as sent, which `decode` decodes), as `style` sent it, with `keys` the properties its
/// schema names (which, exploded, are the pairs that belong to it); `None` when none of its
/// pairs was sent. Each value is read as a string, and failing that as JSON (numbers, booleans).
#[cfg(feature = "mock")]
pub(super) fn read_object<T: serde::de::DeserializeOwned>(
    pairs: &[(String, &str)],
    name: &str,
    style: QueryObject,
    keys: &[&str],
    decode: fn(&str) -> String,
) -> Option<Result<T, String>> {
    let found: Vec<(String, String)> = match style {
        QueryObject::Exploded => pairs
            .iter()
            .filter(|(key, _)| keys.contains(&key.as_str()))
            .map(|(key, raw)| (key.clone(), decode(raw)))
            .collect(),
        QueryObject::Deep => pairs
            .iter()
            .filter_map(|(key, raw)| {
                let key = key.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?;
                Some((key.to_string(), decode(raw)))
            })
            .collect(),
        QueryObject::Joined => {
            let raw = pairs.iter().rev().find(|(key, _)| key == name)?.1;
            let items: Vec<String> = raw.split(',').map(decode).collect();
            items.chunks(2).map(|pair| (pair[0].clone(), pair.get(1).cloned().unwrap_or_default())).collect()
        }
    };
    if found.is_empty() {
        return None;
    }
    let as_text = found.iter().map(|(key, text)| (key.clone(), Value::String(text.clone()))).collect();
    let parsed = found
        .into_iter()
        .map(|(key, text)| (key, serde_json::from_str(&text).unwrap_or(Value::String(text))))
        .collect();
    let read =
        serde_json::from_value(Value::Object(as_text)).or_else(|_| serde_json::from_value(Value::Object(parsed)));
    Some(read.map_err(|e| format!("parameter `{name}` does not read as {}: {e}", std::any::type_name::<T>())))
}

/// The query as `application/x-www-form-urlencoded` pairs, a list's items joined by a literal
/// comma (each item encoded, its own commas with it).
pub(super) fn query_string<N: AsRef<str>>(query: &[(N, QueryValue)]) -> String {
    const FORM: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_').remove(b' ');
    let form = |text: &str| percent_encoding::utf8_percent_encode(text, FORM).to_string().replace(' ', "+");
    let pairs: Vec<String> = query
        .iter()
        .map(|(name, value)| {
            let value = match value {
                QueryValue::One(text) => form(text),
                QueryValue::List(items) => items.iter().map(|item| form(item)).collect::<Vec<_>>().join(","),
            };
            format!("{}={value}", form(name.as_ref()))
        })
        .collect();
    pairs.join("&")
}

#[cfg(test)]
mod tests;
