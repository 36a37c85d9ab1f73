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
    /// one of reqwest's, which are [`Error::Reqwest`]).
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
}

/// A response as received: status, raw body, the decoded body when it could be decoded, and
/// the headers (rate-limit headers among them).
#[derive(Clone, Debug)]
pub struct ResponseContent<T> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The body as text.
    pub content: String,
    /// The body decoded as the type the spec documents for this status.
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

impl<T> fmt::Display for Error<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Reqwest(e) => write!(f, "HTTP request failed: {e}"),
            Error::ReqwestMiddleware(e) => write!(f, "HTTP middleware failed: {e}"),
            Error::Serde(e) => write!(f, "cannot decode JSON at `{}`: {}", e.path(), e.inner()),
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::ResponseError(r) => {
                write!(f, "the API answered {}", r.status)?;
                let messages = api_messages(&r.content);
                if !messages.is_empty() {
                    write!(f, ": {}", messages.join("; "))?;
                }
                Ok(())
            }
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
            Error::ResponseTooLarge { limit } => write!(
                f,
                "the response body is larger than the limit of {limit} bytes; raise it with `Configuration::set_max_response_bytes`"
            ),
            Error::UnstableOperationDisabled(op) => {
                write!(
                    f,
                    "operation `{op}` is unstable and not enabled; enable it with `Configuration::set_unstable_operation_enabled`"
                )
            }
            Error::InvalidPathParameter { operation, parameter, value } => write!(
                f,
                "`{operation}`: path parameter `{parameter}` is {value:?}, which would send the request to another endpoint; nothing was sent"
            ),
            Error::Pagination(message) => write!(f, "pagination stopped: {message}"),
        }
    }
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
/// read from the raw text so that they show whatever the error body's type.
fn api_messages(content: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Body {
        errors: Vec<serde_json::Value>,
    }
    let Ok(body) = serde_json::from_str::<Body>(content) else { return Vec::new() };
    body.errors
        .into_iter()
        .filter_map(|e| match e {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Object(o) => ["detail", "title", "message"]
                .iter()
                .find_map(|k| o.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
            _ => None,
        })
        .collect()
}

/// A value the client does not know (an enum value or a one-of shape added after this client
/// was generated), kept as received so that it survives a decode and encode round trip.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnparsedObject {
    /// The value as received.
    pub value: serde_json::Value,
}

impl fmt::Display for UnparsedObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            serde_json::Value::String(s) => f.write_str(s),
            other => write!(f, "{other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};
    use std::time::Duration;

    fn content(headers: &[(&'static str, &str)]) -> ResponseContent<()> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        ResponseContent {
            status: reqwest::StatusCode::TOO_MANY_REQUESTS,
            content: String::new(),
            entity: None,
            headers: map,
        }
    }

    #[test]
    fn retry_after_is_the_wait_the_headers_ask_for() {
        // The parsing itself is tested beside it, in `retry.rs`.
        assert_eq!(content(&[]).retry_after(), None);
        assert_eq!(content(&[("x-ratelimit-reset", "7")]).retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(content(&[("retry-after", "120")]).retry_after(), Some(Duration::from_secs(120)));
    }

    #[test]
    fn too_large_names_the_limit_and_the_setter() {
        let shown = Error::<()>::ResponseTooLarge { limit: 1024 }.to_string();
        assert!(shown.contains("1024") && shown.contains("set_max_response_bytes"), "{shown}");
    }
}
