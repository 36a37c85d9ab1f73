//! A request as an operation builds it, and as it goes out once the configuration has given
//! it a host and keys.

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use std::borrow::Cow;

use super::auth::Sent;
use super::query::{QueryObject, QueryValue, object_pairs, query_string};
use super::{Configuration, Error, Multipart};

/// A request an operation wants sent: everything but the host and the keys.
#[derive(Debug)]
pub struct Request {
    method: Method,
    operation: &'static str,
    path: RequestPath,
    query: Vec<(Cow<'static, str>, QueryValue)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Body,
    accept: &'static str,
    auth: &'static [&'static [&'static str]],
}

/// A request path as an operation builds it: literal text, and parameters percent-encoded so
/// that each stays inside its segment. A parameter that would make a segment empty, `.` or
/// `..` (which URL parsing resolves into another endpoint) is remembered, and
/// `Request::prepare` refuses to send the request.
#[derive(Debug, Clone, Default)]
pub struct RequestPath {
    text: String,
    /// Each parameter's place in `text`, name and value.
    params: Vec<(std::ops::Range<usize>, &'static str, String)>,
}

impl RequestPath {
    /// A path that starts with the literal `text`.
    pub fn new(text: &str) -> Self {
        RequestPath { text: text.to_string(), params: Vec::new() }
    }

    /// Appends literal text.
    pub fn literal(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self
    }

    /// Appends the parameter `name`'s value, percent-encoded.
    pub fn param(self, name: &'static str, value: &str) -> Self {
        let encoded = super::encode_path(value);
        self.push(name, value.to_string(), &encoded)
    }

    /// Appends a list parameter: its items percent-encoded (a comma in an item too), joined by
    /// commas.
    pub fn param_list(self, name: &'static str, items: &[String]) -> Self {
        let encoded: Vec<String> = items.iter().map(|item| super::encode_path(item)).collect();
        self.push(name, items.join(","), &encoded.join(","))
    }

    fn push(mut self, name: &'static str, value: String, encoded: &str) -> Self {
        let start = self.text.len();
        self.text.push_str(encoded);
        self.params.push((start..self.text.len(), name, value));
        self
    }

    /// The path as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The first parameter, with its value, that leaves a segment of the path empty, `.` or
    /// `..`: a segment URL parsing would drop or resolve against the one before it.
    fn escaping_param(&self) -> Option<(&'static str, &str)> {
        let mut start = 0;
        for segment in self.text.split('/') {
            let end = start + segment.len();
            if matches!(segment, "" | "." | "..") {
                let inside = self.params.iter().find(|(at, _, _)| at.start >= start && at.end <= end);
                if let Some((_, name, value)) = inside {
                    return Some((name, value));
                }
            }
            start = end + 1;
        }
        None
    }
}

/// What a request sends after its headers: the last setter called decides.
#[derive(Debug, Default)]
enum Body {
    /// No body.
    #[default]
    None,
    /// Encoded bytes and their media type (`Bytes`: each attempt shares the one buffer).
    Encoded { bytes: bytes::Bytes, content_type: String },
    /// Why the body could not be encoded: [`Request::prepare`] reports it before anything is sent.
    Unencodable(serde_path_to_error::Error<serde_json::Error>),
}

/// A request ready to send, as many times as retries need.
pub(super) struct Prepared {
    pub(super) method: Method,
    pub(super) url: reqwest::Url,
    pub(super) headers: HeaderMap,
    pub(super) body: Option<bytes::Bytes>,
}

impl Request {
    /// A request for `operation` (its key in the configuration, `v2.list_org_connections`),
    /// accepting the media type `accept`, sending the credentials of one of the `auth`
    /// requirements (each a set of schemes that go together; see the module `auth`).
    pub fn new(
        method: Method,
        operation: &'static str,
        path: RequestPath,
        accept: &'static str,
        auth: &'static [&'static [&'static str]],
    ) -> Self {
        Request {
            method,
            operation,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::None,
            accept,
            auth,
        }
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((Cow::Borrowed(name), QueryValue::One(value)));
    }

    /// Adds a query parameter whose value is a list, sent as one pair: its items joined by
    /// commas, a comma inside an item percent-encoded so that the two stay apart.
    pub fn query_list(&mut self, name: &'static str, items: Vec<String>) {
        self.query.push((Cow::Borrowed(name), QueryValue::List(items)));
    }

    /// Adds a query parameter whose value is an object, spread over pairs as `style` says.
    pub fn query_object<T: serde::Serialize>(&mut self, name: &'static str, style: QueryObject, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.query.extend(object_pairs(name, style, value));
    }

    /// Adds a header parameter.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Adds a cookie parameter. A request's cookies go in one `Cookie` header, each value
    /// percent-encoded so that a `;` or `,` in it cannot start another cookie.
    pub fn cookie(&mut self, name: &'static str, value: String) {
        self.cookies.push((name, value));
    }

    /// Sets a body of bytes or text, sent as it is with the given media type.
    pub fn raw(&mut self, body: Vec<u8>, content_type: &str) {
        self.body = Body::Encoded { bytes: body.into(), content_type: content_type.to_string() };
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) {
        let (body, content_type) = form.finish();
        self.body = Body::Encoded { bytes: body.into(), content_type };
    }

    /// Sets an `application/x-www-form-urlencoded` body; a value with no form encoding (a nested
    /// object, say) fails the call in [`Client::execute`](super::Client::execute), before
    /// anything is sent.
    ///
    /// Each field is a pair, in the model's order; a list is one pair per item, as OpenAPI's
    /// default for forms (`style: form`, `explode: true`) says; an unset or `null` field is left
    /// out.
    pub fn form<T: serde::Serialize>(&mut self, body: &T) {
        self.body = match form_body(body) {
            Ok(text) => Body::Encoded {
                bytes: text.into_bytes().into(),
                content_type: "application/x-www-form-urlencoded".to_string(),
            },
            Err(error) => {
                let error = <serde_json::Error as serde::ser::Error>::custom(format!("not a form body: {error}"));
                Body::Unencodable(serde_path_to_error::Error::new(serde_path_to_error::Track::new().path(), error))
            }
        };
    }

    /// Sets a JSON body; a value that cannot be encoded fails the call in
    /// [`Client::execute`](super::Client::execute).
    pub fn json<T: serde::Serialize>(&mut self, body: &T) {
        self.json_as(body, "application/json");
    }

    /// Sets a JSON body sent as another JSON media type (`text/json`), as the spec documents.
    pub fn json_as<T: serde::Serialize>(&mut self, body: &T, content_type: &'static str) {
        // As in decoding (`response.rs`): the path-tracking encoder runs only to explain a failure.
        self.body = match serde_json::to_vec(body) {
            Ok(bytes) => Body::Encoded { bytes: bytes.into(), content_type: content_type.to_string() },
            Err(error) => {
                let mut track = serde_path_to_error::Track::new();
                let sink = &mut serde_json::Serializer::new(std::io::sink());
                let _ = body.serialize(serde_path_to_error::Serializer::new(sink, &mut track));
                Body::Unencodable(serde_path_to_error::Error::new(track.path(), error))
            }
        };
    }

    /// The operation's key (`v2.list_org_connections`).
    pub(super) fn operation(&self) -> &'static str {
        self.operation
    }

    /// The request as it goes to the host `config` gives its operation, or why it cannot go: a
    /// disabled unstable operation, a body that could not be encoded, a bad URL, header or key.
    // The error is no larger than `Prepared` itself: boxing it would only add an allocation.
    #[allow(clippy::result_large_err)]
    pub(super) fn prepare(mut self, config: &Configuration) -> Result<Prepared, Error<std::convert::Infallible>> {
        if config.unstable_operations.get(self.operation) == Some(&false) {
            return Err(Error::UnstableOperationDisabled(self.operation.to_string()));
        }
        let (body, content_type) = match std::mem::take(&mut self.body) {
            Body::None => (None, None),
            Body::Encoded { bytes, content_type } => (Some(bytes), Some(content_type)),
            Body::Unencodable(error) => return Err(Error::Serde(error)),
        };
        if let Some((parameter, value)) = self.path.escaping_param() {
            let (operation, value) = (self.operation, value.to_string());
            return Err(Error::InvalidPathParameter { operation, parameter, value });
        }
        let base = config.operation_host(self.operation).map_err(Error::Config)?;
        let path = self.path.as_str();
        let mut url = reqwest::Url::parse(&format!("{base}{path}"))
            .map_err(|e| Error::Config(format!("`{base}{path}` is not a valid URL: {e}")))?;
        // The second line of defence: whatever a parameter held, the request goes to the path
        // the operation built (after the base URL's path prefix), or nowhere.
        if url.path().strip_prefix(base.path()) != Some(path) {
            return Err(Error::Config(format!(
                "`{}`: the path `{path}` would be sent as `{}`, another endpoint; nothing was sent",
                self.operation,
                url.path()
            )));
        }
        super::hosts::check_cleartext(&url, config).map_err(Error::Config)?;
        let mut secrets = Vec::new();
        for credential in super::auth::credentials(config, self.auth).map_err(Error::Config)? {
            match credential {
                Sent::Query(name, key) => self.query.push((Cow::Borrowed(name), QueryValue::One(key))),
                Sent::Header(..) | Sent::Cookie(..) => secrets.push(credential),
            }
        }
        if !self.query.is_empty() {
            url.set_query(Some(&query_string(&self.query)));
        }
        let headers = self.headers(config, content_type.as_deref(), &secrets).map_err(Error::Config)?;
        Ok(Prepared { method: self.method, url, headers, body })
    }

    /// The headers to send: media types, user agent, the credentials in `secrets` (marked
    /// sensitive), header and cookie parameters.
    fn headers(
        &self,
        config: &Configuration,
        content_type: Option<&str>,
        secrets: &[Sent],
    ) -> Result<HeaderMap, String> {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT, header_value(self.accept)?);
        if let Some(content_type) = content_type {
            headers.insert(reqwest::header::CONTENT_TYPE, header_value(content_type)?);
        }
        let agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| "the user agent is not a valid header value".to_string())?;
        headers.insert(reqwest::header::USER_AGENT, agent);
        let mut secret_cookies = Vec::new();
        for secret in secrets {
            match secret {
                Sent::Header(header, key) => {
                    let name = HeaderName::from_bytes(header.as_bytes())
                        .map_err(|_| format!("`{header}` is not a valid header name"))?;
                    let mut value = HeaderValue::from_str(key)
                        .map_err(|_| format!("the credential in `{header}` is not a valid header value"))?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                Sent::Cookie(name, key) => secret_cookies.push(format!("{name}={}", super::encode_path(key))),
                Sent::Query(..) => {}
            }
        }
        for (name, value) in &self.headers {
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| format!("the value of header `{name}` is not a valid header value"))?;
            headers.insert(name, value);
        }
        if !self.cookies.is_empty() || !secret_cookies.is_empty() {
            let mut pairs: Vec<String> =
                self.cookies.iter().map(|(name, value)| format!("{name}={}", super::encode_path(value))).collect();
            pairs.extend(secret_cookies.iter().cloned());
            let mut value = header_value(&pairs.join("; "))?;
            value.set_sensitive(!secret_cookies.is_empty());
            headers.insert(reqwest::header::COOKIE, value);
        }
        Ok(headers)
    }
}

/// A body model as `application/x-www-form-urlencoded` text: its fields in order, a list as one
/// pair per item.
fn form_body<T: serde::Serialize>(body: &T) -> Result<String, String> {
    use serde_json::Value;
    /// An object's fields in the order they were written (a `Map` would sort them).
    struct Fields(Vec<(String, Value)>);
    impl<'de> serde::Deserialize<'de> for Fields {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Fields;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                    let mut fields = Vec::new();
                    while let Some(field) = map.next_entry()? {
                        fields.push(field);
                    }
                    Ok(Fields(fields))
                }
            }
            deserializer.deserialize_map(Visitor)
        }
    }
    let text = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    let Fields(fields) = serde_json::from_slice(&text).map_err(|_| "the body is not an object".to_string())?;
    let scalar = |name: &str, value: &Value| match value {
        Value::String(text) => Ok(Some(text.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Null => Ok(None),
        _ => Err(format!("field `{name}` is a nested object or list, which a form cannot hold")),
    };
    let mut pairs = Vec::new();
    for (name, value) in &fields {
        let values = match value {
            Value::Array(items) => items.iter().map(|item| scalar(name, item)).collect::<Result<Vec<_>, _>>()?,
            value => vec![scalar(name, value)?],
        };
        pairs.extend(values.into_iter().flatten().map(|value| (name.as_str(), QueryValue::One(value))));
    }
    Ok(query_string(&pairs))
}

fn header_value(value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| format!("`{value}` is not a valid header value"))
}

#[cfg(test)]
mod tests;
