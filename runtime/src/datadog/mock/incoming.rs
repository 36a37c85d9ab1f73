//! A request read back into an operation's parameters.

use std::fmt::Debug;

use super::super::{QueryObject, query::read_object};
use super::{Operation, ReadAs, Segment};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A parameter read back: its value, `None` when it was not sent, or why it does not read.
type Read<T> = Result<Option<T>, String>;

/// A request to an operation's method and path, split into what the operation's parameters
/// read: path parameters, query pairs, headers, cookies and body.
#[derive(Debug)]
pub struct Incoming<'a> {
    request: &'a wiremock::Request,
    /// Each path parameter's name and text as sent (percent-encoded).
    path: Vec<(&'static str, &'a str)>,
    /// Each query pair's name (decoded) and value as sent.
    query: Vec<(String, &'a str)>,
    /// The parts of a multipart body, split once however many parts are read.
    parts: std::cell::OnceCell<Result<Vec<NamedPart>, String>>,
}

/// A multipart part as received: its name and bytes.
pub(super) type NamedPart = (String, Vec<u8>);

impl<'a> Incoming<'a> {
    /// The request, when it is a call to `Op`: its method, and a path of its own (not one of
    /// [`Operation::EXCEPT`]).
    pub fn of<Op: Operation>(request: &'a wiremock::Request) -> Option<Self> {
        if request.method.as_str() != Op::METHOD {
            return None;
        }
        let path = request.url.path();
        if Op::EXCEPT.iter().any(|other| match_path(other, path).is_some()) {
            return None;
        }
        let path = match_path(Op::PATH, path)?;
        let query = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), value)
            })
            .collect();
        Some(Incoming { request, path, query, parts: std::cell::OnceCell::new() })
    }

    /// The path parameter `name`.
    pub fn path<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.path_text(name).map(|text| read_text(name, &percent_decode(text), read)).transpose()
    }

    /// The path parameter `name`, a list: items separated by commas.
    pub fn path_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        self.path_text(name).map(|text| read_items(name, text.split(',').map(percent_decode), read)).transpose()
    }

    fn path_text(&self, name: &str) -> Option<&'a str> {
        self.path.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
    }

    fn query_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.query.iter().filter(move |(n, _)| n == name).map(|(_, value)| *value)
    }

    /// The query parameter `name` (its last value, when sent more than once).
    pub fn query<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.query_values(name).last().map(|text| read_text(name, &form_decode(text), read)).transpose()
    }

    /// The query parameter `name`, a list sent as one value: items separated by commas.
    pub fn query_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.query_values(name).last();
        value.map(|text| read_items(name, text.split(',').map(form_decode), read)).transpose()
    }

    /// The query parameter `name`, an object spread over pairs as `style` says (`keys`: the
    /// properties its schema names). A value that is no object was sent as one pair.
    pub fn query_object<T: DeserializeOwned>(&self, name: &str, how: QueryObject, keys: &[&str]) -> Read<T> {
        let read = read_object(&self.query, name, how, keys, form_decode);
        read.map_or_else(|| self.query(name, ReadAs::Json), |read| read.map(Some))
    }

    /// The query parameter `name`, a list sent as one pair per item.
    pub fn query_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values: Vec<String> = self.query_values(name).map(form_decode).collect();
        if values.is_empty() { Ok(None) } else { read_items(name, values.into_iter(), read).map(Some) }
    }

    fn header_values(&self, name: &str) -> Result<Vec<&'a str>, String> {
        self.request
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().map_err(|_| format!("header `{name}` is not text")))
            .collect()
    }

    /// The header parameter `name`.
    pub fn header<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.header_values(name)?.last().map(|text| read_text(name, text, read)).transpose()
    }

    /// The header parameter `name`, a list: items separated by commas.
    pub fn header_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.header_values(name)?.last().copied();
        value.map(|text| read_items(name, text.split(',').map(str::to_string), read)).transpose()
    }

    /// The header parameter `name`, a list sent as one header per item.
    pub fn header_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values = self.header_values(name)?;
        if values.is_empty() {
            return Ok(None);
        }
        read_items(name, values.into_iter().map(str::to_string), read).map(Some)
    }

    fn cookie_values(&self, name: &str) -> Result<Vec<String>, String> {
        let mut values = Vec::new();
        for header in self.header_values("cookie")? {
            for pair in header.split(';') {
                if let Some((n, value)) = pair.trim().split_once('=')
                    && n == name
                {
                    values.push(percent_decode(value));
                }
            }
        }
        Ok(values)
    }

    /// The cookie parameter `name`.
    pub fn cookie<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.cookie_values(name)?.last().map(|text| read_text(name, text, read)).transpose()
    }

    /// The cookie parameter `name`, a list: items separated by commas.
    pub fn cookie_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.cookie_values(name)?.pop();
        value.map(|text| read_items(name, text.split(',').map(str::to_string), read)).transpose()
    }

    /// The cookie parameter `name`, a list sent as one cookie per item.
    pub fn cookie_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values = self.cookie_values(name)?;
        if values.is_empty() { Ok(None) } else { read_items(name, values.into_iter(), read).map(Some) }
    }

    /// The body as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.request.body).map_err(|e| {
            let shown = String::from_utf8_lossy(&self.request.body);
            format!("the body does not read as {}: {e}: {shown}", type_name::<T>())
        })
    }

    /// The body as `read` reads it, when one was sent (an optional body); `None` for none.
    pub fn if_sent<T>(&self, read: impl FnOnce(&Self) -> Result<T, String>) -> Result<Option<T>, String> {
        if self.request.body.is_empty() { Ok(None) } else { read(self).map(Some) }
    }

    /// The body as text.
    pub fn text(&self) -> Result<String, String> {
        String::from_utf8(self.request.body.clone()).map_err(|_| "the body is not UTF-8 text".to_string())
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        Ok(self.request.body.clone())
    }

    /// An `application/x-www-form-urlencoded` body, its pairs as the model's fields.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, String> {
        let text = std::str::from_utf8(&self.request.body).map_err(|_| "the form body is not UTF-8".to_string())?;
        let fields = text
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), Part::Text(form_decode(value)))
            })
            .collect();
        fields_into(fields)
    }

    /// A `multipart/form-data` body, its parts as the model's fields; the parts named in `files`
    /// are bytes.
    pub fn multipart<T: DeserializeOwned>(&self, files: &[&str]) -> Result<T, String> {
        let fields = self
            .parts()?
            .iter()
            .map(|(name, value)| {
                let part = if files.contains(&name.as_str()) {
                    Part::File(value.clone())
                } else {
                    Part::Text(String::from_utf8_lossy(value).into_owned())
                };
                (name.clone(), part)
            })
            .collect();
        fields_into(fields)
    }

    /// The `multipart/form-data` part `name`, a parameter of its own (its first part, when sent
    /// more than once); a file part with [`ReadAs::Bytes`].
    pub fn part<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        let mut parts = self.parts()?.iter().filter(|(n, _)| n == name);
        parts.next().map(|(_, bytes)| read_part(name, bytes, read)).transpose()
    }

    /// The `multipart/form-data` parts `name`, a list: one part per item.
    pub fn part_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let items: Vec<&[u8]> = self.parts()?.iter().filter(|(n, _)| n == name).map(|(_, b)| b.as_slice()).collect();
        if items.is_empty() {
            Ok(None)
        } else {
            items.iter().map(|b| read_part(name, b, read)).collect::<Result<_, _>>().map(Some)
        }
    }

    /// The parts of a `multipart/form-data` body, by the boundary its media type names.
    fn parts(&self) -> Result<&[NamedPart], String> {
        let parts = self.parts.get_or_init(|| {
            let content_type = self.header_values("content-type")?.last().copied().unwrap_or_default();
            let boundary = content_type
                .split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
                .map(|b| b.trim_matches('"'))
                .ok_or_else(|| format!("the body's media type `{content_type}` has no multipart boundary"))?;
            multipart_parts(&self.request.body, boundary)
        });
        parts.as_deref().map_err(Clone::clone)
    }
}

/// A part as `read` says: bytes as they are, text as any other parameter's.
pub(super) fn read_part<T: DeserializeOwned>(name: &str, bytes: &[u8], read: ReadAs) -> Result<T, String> {
    match read {
        ReadAs::Bytes => serde_json::from_value(Value::from(bytes))
            .map_err(|e| format!("part `{name}` does not read as {}: {e}", type_name::<T>())),
        ReadAs::String | ReadAs::Json => read_text(name, &String::from_utf8_lossy(bytes), read),
    }
}

/// A parameter that must be there, as the operation's positional arguments are.
pub fn required<T>(name: &str, value: Result<Option<T>, String>) -> Result<T, String> {
    value?.ok_or_else(|| format!("the required parameter `{name}` was not sent"))
}

/// The arguments a call was given, for [`Operation::describe`]: those present, in order.
pub fn given<const N: usize>(args: [(&'static str, Option<String>); N]) -> Vec<(&'static str, String)> {
    args.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

/// A value as messages show it: its `Debug` text.
pub fn shown<T: Debug>(value: &T) -> String {
    format!("{value:?}")
}

/// A body as messages show it: its JSON, or its `Debug` text when it has none.
pub fn shown_body<T: Debug + Serialize>(body: &T) -> String {
    serde_json::to_string(body).unwrap_or_else(|_| format!("{body:?}"))
}

/// The path parameters of `path` when `segments` describe it: each parameter is the text up to
/// the literal after it, at least one character and never a `/` (a parameter stays in its
/// segment). Shortest first: `{a}.{b}` reads `x.y.z` as `x` and `y.z`.
pub(super) fn match_path<'a>(segments: &'static [Segment], path: &'a str) -> Option<Vec<(&'static str, &'a str)>> {
    /// Matches `segments[i..]` against `path[at..]`, remembering the places that failed, so
    /// that adjacent parameters never try every way to split the text twice.
    fn rest<'a>(
        segments: &'static [Segment],
        path: &'a str,
        i: usize,
        at: usize,
        failed: &mut std::collections::HashSet<(usize, usize)>,
    ) -> Option<Vec<(&'static str, &'a str)>> {
        if failed.contains(&(i, at)) {
            return None;
        }
        let found = match segments.get(i) {
            None => (at == path.len()).then(Vec::new),
            Some(Segment::Literal(text)) => {
                if path[at..].starts_with(text) {
                    rest(segments, path, i + 1, at + text.len(), failed)
                } else {
                    None
                }
            }
            Some(Segment::Param(name)) => {
                let end = path[at..].find('/').map_or(path.len(), |j| at + j);
                (at + 1..=end).filter(|&j| path.is_char_boundary(j)).find_map(|j| {
                    let mut params = rest(segments, path, i + 1, j, failed)?;
                    params.insert(0, (*name, &path[at..j]));
                    Some(params)
                })
            }
        };
        if found.is_none() {
            failed.insert((i, at));
        }
        found
    }
    rest(segments, path, 0, 0, &mut std::collections::HashSet::new())
}

pub(super) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// `application/x-www-form-urlencoded` text decoded: `+` is a space.
pub(super) fn form_decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

pub(super) fn type_name<T>() -> &'static str {
    std::any::type_name::<T>()
}

/// A parameter's text read as `T`, the way `read` says first.
pub(super) fn read_text<T: DeserializeOwned>(name: &str, text: &str, read: ReadAs) -> Result<T, String> {
    let as_string = || serde_json::from_value::<T>(Value::String(text.to_string())).ok();
    let as_json = || serde_json::from_str::<T>(text).ok();
    let value = match read {
        ReadAs::String => as_string().or_else(as_json),
        ReadAs::Json => as_json().or_else(as_string),
        ReadAs::Bytes => serde_json::from_value::<T>(Value::from(text.as_bytes())).ok(),
    };
    value.ok_or_else(|| format!("parameter `{name}` is `{text}`, which does not read as {}", type_name::<T>()))
}

pub(super) fn read_items<T: DeserializeOwned>(
    name: &str,
    items: impl Iterator<Item = String>,
    read: ReadAs,
) -> Result<Vec<T>, String> {
    items.map(|item| read_text(name, &item, read)).collect()
}

/// A form field or multipart part.
pub(super) enum Part {
    Text(String),
    File(Vec<u8>),
}

/// Fields read as a model: text as JSON strings, or where that does not fit the model, as the
/// JSON it spells (numbers, booleans).
pub(super) fn fields_into<T: DeserializeOwned>(fields: Vec<(String, Part)>) -> Result<T, String> {
    let object = |json: bool| {
        let map = fields.iter().map(|(name, part)| {
            let value = match part {
                Part::Text(text) if json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())),
                Part::Text(text) => Value::String(text.clone()),
                Part::File(bytes) => Value::Array(bytes.iter().map(|b| Value::from(*b)).collect()),
            };
            (name.clone(), value)
        });
        Value::Object(map.collect())
    };
    serde_json::from_value(object(false))
        .or_else(|_| serde_json::from_value(object(true)))
        .map_err(|e| format!("the body's fields do not read as {}: {e}", type_name::<T>()))
}

/// The parts of a `multipart/form-data` body: each one's name and bytes.
pub(super) fn multipart_parts(body: &[u8], boundary: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let find = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|w| w == needle);
    let malformed = || format!("the multipart body is malformed (boundary `{boundary}`)");
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = [b"\r\n".as_slice(), &delimiter].concat();
    let start = find(body, &delimiter).ok_or_else(malformed)?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    while !rest.starts_with(b"--") {
        rest = rest.strip_prefix(b"\r\n").ok_or_else(malformed)?;
        let end = find(rest, &next_delimiter).ok_or_else(malformed)?;
        let part = &rest[..end];
        rest = &rest[end + next_delimiter.len()..];
        let head_end = find(part, b"\r\n\r\n").ok_or_else(malformed)?;
        let head = String::from_utf8_lossy(&part[..head_end]);
        let name = head
            .split("\r\n")
            .filter(|line| line.to_ascii_lowercase().starts_with("content-disposition:"))
            .flat_map(|line| line.split(';'))
            .find_map(|p| p.trim().strip_prefix("name="))
            .map(|n| n.trim_matches('"').replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n"))
            .ok_or_else(malformed)?;
        parts.push((name, part[head_end + 4..].to_vec()));
    }
    Ok(parts)
}
