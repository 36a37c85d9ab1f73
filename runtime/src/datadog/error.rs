use std::fmt;

/// What a call returns when it fails. `T` is the operation's typed error body.
///
/// A few answers are refused rather than followed: a redirect (3xx) is never followed and comes
/// back as [`Error::ResponseError`] with its status, so the keys are only ever sent to the
/// configured host; a body larger than [`Configuration::max_response_bytes`] is
/// [`Error::ResponseTooLarge`]; a 429 whose wait exceeds [`Configuration::max_retry_wait`] is
/// returned at once as [`Error::ResponseError`] (see [`ResponseContent::retry_after`]).
///
/// [`Configuration::max_response_bytes`]: super::Configuration::max_response_bytes
/// [`Configuration::max_retry_wait`]: super::Configuration::max_retry_wait
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<T> {
    /// The HTTP client failed: connection refused, TLS, timeout, or reading the body. Check
    /// `is_connect()` and `is_timeout()`; this is also what the client's own middleware stack
    /// reports for them.
    Reqwest(reqwest::Error),
    /// A middleware of a client given to `with_client_and_config` failed (its own error, not
    /// one of reqwest's, which are [`Error::Reqwest`]), or that client followed a redirect (see
    /// [`Configuration::http_client_builder`](super::Configuration::http_client_builder)).
    ReqwestMiddleware(reqwest_middleware::Error),
    /// A body could not be encoded or decoded; the error names the JSON path that failed.
    Serde(serde_path_to_error::Error<serde_json::Error>),
    /// An I/O error.
    Io(std::io::Error),
    /// The API answered with a status other than 2xx, a redirect (3xx, never followed) among them.
    ResponseError(ResponseContent<T>),
    /// The configuration cannot form a request: a bad server index, site, server variable,
    /// base URL, proxy URL or key. Nothing was sent. The message never shows a key or proxy
    /// credentials.
    Config(String),
    /// The response body grew past the configured limit (counted after decompression) and was
    /// not read further; raise it with `Configuration::set_max_response_bytes`.
    ResponseTooLarge {
        /// The limit in bytes that was passed.
        limit: u64,
    },
    /// The operation is marked unstable and has not been enabled in the configuration.
    UnstableOperationDisabled(String),
    /// A path parameter's value would send the request to another endpoint (the empty string,
    /// `.` or `..`, which URL parsing resolves against the path before it). Nothing was sent.
    InvalidPathParameter {
        /// The operation's key (`v2.delete_role`).
        operation: &'static str,
        /// The parameter as the spec names it.
        parameter: &'static str,
        /// The value given.
        value: String,
    },
    /// A `…_with_pagination` stream stopped: a page made no progress (the same page again, or a
    /// cursor seen before), or the next offset or page number would overflow its type. The
    /// items of the pages before it came through the stream first.
    Pagination(String),
    /// The API answered `null`, which the spec allows for this answer (a result not ready yet,
    /// say) but the plain method cannot return: its `…_with_http_info` twin gives it as an
    /// `entity` of `None`.
    NullAnswer {
        /// The operation's key (`v2.get_synthetics_fast_test_result`).
        operation: &'static str,
    },
}

/// A response as received: status, raw body, the decoded body when it could be decoded, and
/// the headers (rate-limit headers among them).
///
/// `Debug` escapes control characters in everything the server sent, headers included.
#[derive(Clone)]
pub struct ResponseContent<T> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The body as text.
    pub content: String,
    /// The body decoded as the type the spec documents for this status; `None` when it is not of
    /// that type, or, for an error, when it is longer than 64 KiB (decoded only up to that size:
    /// its text is still in `content`).
    pub entity: Option<T>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
}

impl<T> ResponseContent<T> {
    /// How long the server asked to wait before trying again: `X-RateLimit-Reset` (seconds),
    /// else `Retry-After` (seconds or an HTTP date; a date in the past is zero). `None` when the
    /// response asks for no wait or the value cannot be read.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        super::retry::server_wait(&self.headers)
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseContent<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// The headers, each value shown as `Debug` shows a string (`HeaderValue`'s own shows
        /// tabs as they are).
        struct Headers<'a>(&'a reqwest::header::HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fn shown(v: &reqwest::header::HeaderValue) -> std::borrow::Cow<'_, str> {
                    if v.is_sensitive() { "Sensitive".into() } else { String::from_utf8_lossy(v.as_bytes()) }
                }
                f.debug_map().entries(self.0.iter().map(|(name, v)| (name, shown(v)))).finish()
            }
        }
        f.debug_struct("ResponseContent")
            .field("status", &self.status)
            .field("content", &self.content)
            .field("entity", &self.entity)
            .field("headers", &Headers(&self.headers))
            .finish()
    }
}

/// `Display` escapes control characters (CR, LF, ESC, BEL, tab, C1) as `\r`, `\n`, `\u{1b}`...,
/// and line separators and bidirectional controls too, wherever they come from, so that a
/// server's messages cannot forge a log line or act on a terminal.
impl<T> fmt::Display for Error<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        let mut out = Inert(f);
        match self {
            Error::Reqwest(e) => write!(out, "HTTP request failed: {e}"),
            Error::ReqwestMiddleware(e) => write!(out, "HTTP middleware failed: {e}"),
            Error::Serde(e) => write!(out, "cannot decode JSON at `{}`: {}", e.path(), e.inner()),
            Error::Io(e) => write!(out, "I/O error: {e}"),
            Error::ResponseError(r) => {
                write!(out, "the API answered {}", r.status)?;
                let mut separator = ": ";
                for message in api_messages(&r.content) {
                    out.write_str(separator)?;
                    out.write_str(&message)?;
                    separator = "; ";
                }
                Ok(())
            }
            Error::Config(message) => write!(out, "invalid configuration: {message}"),
            Error::ResponseTooLarge { limit } => write!(
                out,
                "the response body is larger than the limit of {limit} bytes; raise it with `Configuration::set_max_response_bytes`"
            ),
            Error::UnstableOperationDisabled(op) => {
                write!(
                    out,
                    "operation `{op}` is unstable and not enabled; enable it with `Configuration::set_unstable_operation_enabled`"
                )
            }
            Error::NullAnswer { operation } => {
                let method = operation.rsplit('.').next().unwrap_or(operation);
                write!(
                    out,
                    "the API answered `null` to `{operation}`, as its spec allows; `{method}_with_http_info` returns such an answer, with an `entity` of `None`"
                )
            }
            Error::InvalidPathParameter { operation, parameter, value } => write!(
                out,
                "`{operation}`: path parameter `{parameter}` is {value:?}, which would send the request to another endpoint; nothing was sent"
            ),
            Error::Pagination(message) => write!(out, "pagination stopped: {message}"),
        }
    }
}

/// Writes text so that it can only be read, never acted on: control characters (C0, DEL, C1),
/// the line and paragraph separators and the bidirectional controls become escapes (`\r`,
/// `\n`, `\t`, `\u{1b}`), so that server text in an error cannot start a fake log line, clear
/// a terminal or reverse what follows it.
pub(crate) struct Inert<W>(pub(crate) W);

impl<W: fmt::Write> fmt::Write for Inert<W> {
    fn write_str(&mut self, mut text: &str) -> fmt::Result {
        while let Some(at) = text.find(is_active) {
            self.0.write_str(&text[..at])?;
            let c = text[at..].chars().next().unwrap_or_default();
            match c {
                '\n' => self.0.write_str("\\n")?,
                '\r' => self.0.write_str("\\r")?,
                '\t' => self.0.write_str("\\t")?,
                other => write!(self.0, "\\u{{{:x}}}", other as u32)?,
            }
            text = &text[at + c.len_utf8()..];
        }
        self.0.write_str(text)
    }
}

/// Whether a terminal or log reader acts on `c` rather than showing it.
fn is_active(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl<T: fmt::Debug> std::error::Error for Error<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Reqwest(e) => Some(e),
            Error::ReqwestMiddleware(e) => Some(e),
            Error::Serde(e) => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl<T> From<reqwest::Error> for Error<T> {
    fn from(e: reqwest::Error) -> Self {
        Error::Reqwest(e)
    }
}

impl<T> From<reqwest_middleware::Error> for Error<T> {
    fn from(e: reqwest_middleware::Error) -> Self {
        // A refused connection or a timeout is reqwest's error whatever the middleware stack:
        // callers check `Error::Reqwest(e) if e.is_connect()` once, not twice.
        match e {
            reqwest_middleware::Error::Reqwest(e) => Error::Reqwest(e),
            other => Error::ReqwestMiddleware(other),
        }
    }
}

impl Error<std::convert::Infallible> {
    /// The same error for an operation with error body `T`: sending a request never decodes a
    /// body, so one untyped copy of the send path serves every operation.
    pub(crate) fn widen<T>(self) -> Error<T> {
        match self {
            Error::Reqwest(e) => Error::Reqwest(e),
            Error::ReqwestMiddleware(e) => Error::ReqwestMiddleware(e),
            Error::Serde(e) => Error::Serde(e),
            Error::Io(e) => Error::Io(e),
            Error::ResponseError(r) => Error::ResponseError(ResponseContent {
                status: r.status,
                content: r.content,
                entity: r.entity.map(|never| match never {}),
                headers: r.headers,
            }),
            Error::Config(message) => Error::Config(message),
            Error::InvalidPathParameter { operation, parameter, value } => {
                Error::InvalidPathParameter { operation, parameter, value }
            }
            Error::Pagination(message) => Error::Pagination(message),
            Error::NullAnswer { operation } => Error::NullAnswer { operation },
            Error::ResponseTooLarge { limit } => Error::ResponseTooLarge { limit },
            Error::UnstableOperationDisabled(operation) => Error::UnstableOperationDisabled(operation),
        }
    }
}

impl<T> From<serde_path_to_error::Error<serde_json::Error>> for Error<T> {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        Error::Serde(e)
    }
}

impl<T> From<std::io::Error> for Error<T> {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// The messages of a Datadog error body (`{"errors": ["..."]}` or `{"errors": [{"detail": "..."}]}`),
/// read from the raw text so that they show whatever the error body's type; only from a body of
/// at most 64 KiB, the size up to which error bodies are decoded, and without building a
/// `serde_json::Value`: each `Display` reads them again, borrowing the text.
fn api_messages(content: &str) -> Vec<std::borrow::Cow<'_, str>> {
    use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::borrow::Cow;

    /// A string, borrowed when it has no escapes; `None` for any other JSON value.
    struct Text<'a>(Option<Cow<'a, str>>);
    impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(TextVisitor(std::marker::PhantomData))
        }
    }
    struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);
    impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
        type Value = Text<'a>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Text(Some(Cow::Borrowed(v))))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Text(Some(Cow::Owned(v.to_owned()))))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Text(None))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Text(None))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Text(None))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Text(None))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Text(None))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Text(None))
        }
        /// An object: its `detail`, else its `title`, else its `message`, when a string.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            const KEYS: [&str; 3] = ["detail", "title", "message"];
            let mut found: [Option<Cow<'a, str>>; 3] = [None, None, None];
            while let Some(key) = map.next_key::<Text<'a>>()? {
                match KEYS.iter().position(|k| key.0.as_deref() == Some(*k)) {
                    Some(i) => found[i] = map.next_value::<Text<'a>>()?.0,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Text(found.into_iter().flatten().next()))
        }
    }
    #[derive(serde::Deserialize)]
    struct Body<'a> {
        #[serde(borrow)]
        errors: Vec<Text<'a>>,
    }

    if content.len() > super::response::ERROR_BODY_DECODED_MAX {
        return Vec::new();
    }
    let Ok(body) = serde_json::from_str::<Body<'_>>(content) else { return Vec::new() };
    body.errors.into_iter().filter_map(|text| text.0).collect()
}

/// A value the client does not know (an enum value or a one-of shape added after this client
/// was generated), kept as received so that it survives a decode and encode round trip.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnparsedObject {
    /// The value as received.
    pub value: serde_json::Value,
}

/// A string as it is, anything else as JSON; control characters escaped as in
/// [`Error`]'s `Display`: the value came from the server. `value` keeps it exactly.
impl fmt::Display for UnparsedObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        match &self.value {
            serde_json::Value::String(s) => Inert(f).write_str(s),
            other => write!(Inert(f), "{other}"),
        }
    }
}

#[cfg(test)]
mod tests;
