//! The client an API struct sends through: sending, and the retry loop around it.

use super::hosts::redact_in;
use super::retry::Retry;
use super::{Configuration, Error, Request, Response};

/// The HTTP client an API struct sends through: reqwest behind `reqwest-middleware`, so that
/// users can plug in their own middleware.
///
/// A client built by [`Client::from_config`] never follows redirects. One given to
/// [`Client::from_middleware`] follows the policy it was built with (build it from
/// [`Configuration::http_client_builder`], whose policy is to follow none); if it follows a
/// redirect anyway, the call fails with [`Error::ReqwestMiddleware`] before the other URL's answer
/// is read, but the request, keys included, has reached that URL.
#[derive(Clone)]
pub struct Client {
    inner: reqwest_middleware::ClientWithMiddleware,
    /// Why the configured client could not be built (a bad proxy URL, say): returned by every
    /// call instead of panicking at construction.
    setup_error: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the inner client: its proxies would show their credentials.
        f.debug_struct("Client").field("setup_error", &self.setup_error).finish_non_exhaustive()
    }
}

impl Client {
    /// Builds the client a configuration asks for: gzip, timeouts, proxy, and no redirects (a
    /// 3xx is returned as it is, so the keys never reach another host).
    pub fn from_config(config: &Configuration) -> Self {
        let (client, setup_error) = match config.http_client_builder().map(reqwest::ClientBuilder::build) {
            Ok(Ok(client)) => (client, None),
            Ok(Err(e)) => {
                let message = format!("cannot build the HTTP client: {e}");
                let message =
                    config.proxy_url.as_deref().map_or_else(|| message.clone(), |url| redact_in(&message, url));
                (reqwest::Client::new(), Some(message))
            }
            Err(Error::Config(message)) => (reqwest::Client::new(), Some(message)),
            Err(other) => (reqwest::Client::new(), Some(other.to_string())),
        };
        Client { inner: reqwest_middleware::ClientBuilder::new(client).build(), setup_error }
    }

    /// Wraps a client the user built, with their middleware.
    pub fn from_middleware(inner: reqwest_middleware::ClientWithMiddleware) -> Self {
        Client { inner, setup_error: None }
    }

    /// Sends a request, retrying as the configuration allows, and returns the raw response.
    pub async fn execute<E>(&self, config: &Configuration, request: Request) -> Result<Response, Error<E>> {
        // Generic only in the error type: the send loop below is compiled once, not once per
        // operation.
        self.send(config, request).await.map_err(Error::widen)
    }

    async fn send(
        &self,
        config: &Configuration,
        request: Request,
    ) -> Result<Response, Error<std::convert::Infallible>> {
        if let Some(message) = &self.setup_error {
            return Err(Error::Config(message.clone()));
        }
        let operation = request.operation();
        let request = request.prepare(config)?;
        let retry = Retry::new(config, &request.method);
        let mut attempt = 0;
        loop {
            let mut builder = self
                .inner
                .request(request.method.clone(), request.url.clone())
                .headers(request.headers.clone())
                .timeout(config.timeout);
            if let Some(body) = &request.body {
                // `Bytes`: each attempt shares the one buffer.
                builder = builder.body(body.clone());
            }
            let outcome = builder.send().await;
            if let Ok(response) = &outcome {
                if let Some(error) = Redirected::check(&request.url, response.url()) {
                    // Not retried, and the answer not read: it comes from a URL the
                    // configuration does not name.
                    log::debug!("{} {} -> refused: {}", request.method, request.url.path(), error);
                    return Err(reqwest_middleware::Error::middleware(error).into());
                }
            }
            match retry.wait(&outcome, attempt) {
                Some(wait) => {
                    log::debug!(
                        "{} {} failed, retry {} in {:?}",
                        request.method,
                        request.url.path(),
                        attempt + 1,
                        wait
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => {
                    let response = outcome?;
                    let status = response.status();
                    log::debug!("{} {} -> {}", request.method, request.url.path(), status);
                    let headers = response.headers().clone();
                    let body = read_body(response, config.max_response_bytes).await?;
                    return Ok(Response::new(operation, status, headers, body));
                }
            }
        }
    }
}

impl Configuration {
    /// A `reqwest::ClientBuilder` set up as the client's own: redirects never followed, gzip,
    /// the connect timeout and proxy of this configuration, and the crate's TLS (rustls with ring
    /// by default). Start from it to build the client given to an API's
    /// `with_client_and_config`, adding what you need (`reqwest_middleware::ClientBuilder::new(
    /// config.http_client_builder()?.build()?).with(...)`); leave its redirect policy as it is,
    /// so that the keys never go to a host this configuration does not name. The per-request
    /// timeout is set on each request from [`Configuration::timeout`].
    ///
    /// Fails with [`Error::Config`] when the proxy URL is not valid (its credentials never
    /// shown).
    // The crate's one error type, so that `?` works where calls' errors do; made once per client.
    #[allow(clippy::result_large_err)]
    pub fn http_client_builder(&self) -> Result<reqwest::ClientBuilder, Error<std::convert::Infallible>> {
        // With `rustls-no-provider`, reqwest uses the process-wide provider, so ring becomes the
        // program's default unless it installed one before (installing again is an error, and
        // harmless here).
        #[cfg(feature = "rustls-ring")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let builder = reqwest::Client::builder()
            .gzip(true)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        match &self.proxy_url {
            Some(url) => match reqwest::Proxy::all(url) {
                Ok(proxy) => Ok(builder.proxy(proxy)),
                Err(e) => Err(Error::Config(redact_in(&format!("invalid proxy URL `{url}`: {e}"), url))),
            },
            None => Ok(builder),
        }
    }
}

/// A client given to `with_client_and_config` followed a redirect: its answer comes from a URL
/// other than the one requested.
#[derive(Debug)]
struct Redirected {
    path: String,
    /// Where the answer came from: scheme, host and port only (the rest may carry anything).
    origin: String,
}

impl Redirected {
    /// The error when `answered` is not `requested`: another scheme, host, port, path or query.
    fn check(requested: &reqwest::Url, answered: &reqwest::Url) -> Option<Redirected> {
        fn parts(url: &reqwest::Url) -> (&str, Option<&str>, Option<u16>, &str, Option<&str>) {
            (url.scheme(), url.host_str(), url.port_or_known_default(), url.path(), url.query())
        }
        if parts(requested) == parts(answered) {
            return None;
        }
        Some(Redirected { path: requested.path().to_string(), origin: answered.origin().ascii_serialization() })
    }
}

impl std::fmt::Display for Redirected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the HTTP client followed a redirect from {} to {}, and its answer was refused unread; the request, \
             keys included, was sent there: build the client from `Configuration::http_client_builder()`, which \
             follows no redirects",
            self.path, self.origin
        )
    }
}

impl std::error::Error for Redirected {}

/// The body, read chunk by chunk (decompressed, as reqwest streams it) and refused as soon as it
/// grows past `limit` bytes, so that a huge or inflating answer cannot exhaust memory.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<bytes::Bytes, Error<std::convert::Infallible>> {
    let too_large = |len: usize| len as u64 > limit;
    if response.content_length().is_some_and(|len| len > limit) && !response.headers().contains_key("content-encoding")
    {
        return Err(Error::ResponseTooLarge { limit });
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if too_large(body.len().saturating_add(chunk.len())) {
            return Err(Error::ResponseTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_credentials_are_redacted_from_messages_and_debug() {
        let url = "http://alice:s3cret@[bad";
        let mut config = Configuration::new();
        config.set_proxy_url(Some(url.into()));
        let client = Client::from_config(&config);
        for shown in [format!("{client:?}"), client.setup_error.clone().expect("a bad proxy URL")] {
            assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
        }
        config.set_proxy_url(Some("http://alice:s3cret@proxy.internal:3128".into()));
        let client = Client::from_config(&config);
        assert!(client.setup_error.is_none());
        for shown in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
        }
        assert_eq!(
            redact_in("see alice:s3cret and http://alice:s3cret@h", "http://alice:s3cret@h"),
            "see <redacted> and http://<redacted>@h"
        );
    }

    #[test]
    fn an_answer_from_another_url_is_a_redirect_named_by_origin_only() {
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        let requested = url("https://api.datadoghq.com/api/v2/org_connections?page%5Blimit%5D=10");
        assert!(Redirected::check(&requested, &requested.clone()).is_none());
        assert!(
            Redirected::check(
                &requested,
                &url("https://api.datadoghq.com:443/api/v2/org_connections?page%5Blimit%5D=10")
            )
            .is_none()
        );
        for elsewhere in [
            "http://api.datadoghq.com/api/v2/org_connections?page%5Blimit%5D=10",
            "https://evil.example/api/v2/org_connections?page%5Blimit%5D=10",
            "https://api.datadoghq.com:8443/api/v2/org_connections?page%5Blimit%5D=10",
            "https://api.datadoghq.com/elsewhere?page%5Blimit%5D=10",
            "https://api.datadoghq.com/api/v2/org_connections",
        ] {
            let error = Redirected::check(&requested, &url(elsewhere)).expect(elsewhere).to_string();
            assert!(error.contains("/api/v2/org_connections to http") && !error.contains("elsewhere"), "{error}");
        }
        let error = Redirected::check(&requested, &url("https://u:p@evil.example/x?token=t")).unwrap().to_string();
        assert!(
            error.contains("to https://evil.example,") && !error.contains("token") && !error.contains("u:p"),
            "{error}"
        );
    }
}
