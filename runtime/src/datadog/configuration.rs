//! [`Configuration`]: where and how to call the API.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use super::auth::{AuthKind, BasicAuth, TokenProvider};
use super::hosts::redact_userinfo;
use super::spec::{AUTH_SCHEMES, CLIENT, SITE_ENV, UNSTABLE_OPERATIONS};

/// An API key, and the prefix some schemes put before it.
#[derive(Clone, Default)]
pub struct APIKey {
    /// The secret. Never printed: `Debug` shows it redacted.
    pub key: String,
    /// Put before the key with a space, when not empty.
    pub prefix: String,
}

impl fmt::Debug for APIKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("APIKey").field("key", &"<redacted>").field("prefix", &self.prefix).finish()
    }
}

/// Where and how to call the API: server, keys, retries, timeouts.
///
/// [`Configuration::new`] reads each security scheme's credential from its environment
/// variable (the crate's front page lists them) and, in Datadog's crates, the site from
/// `DD_SITE`. `Debug` never shows a credential.
///
/// The credentials go only where this configuration says, so each call checks it before sending
/// anything and fails with [`Error::Config`](super::Error::Config) otherwise:
///
/// - a server variable stays inside its place in the URL (no `/`, `?`, `#` or `@`), and its
///   value is never shown in an error (it may be a token). In Datadog's crates (the
///   `site_rules` setting) the variables have roles: the `site` (from `DD_SITE` or
///   `server_variables["site"]`) must be a bare DNS name that is one of the sites the spec
///   lists or a subdomain of a domain they use (`uk1.datadoghq.com`); `subdomain` must be a DNS
///   label; `protocol` is `http` or `https`; `name` is a host with an optional port. A server
///   elsewhere (a mock server, proxy or replay) is set with [`Configuration::set_base_url`].
/// - plain `http` goes only to loopback (`localhost`, `127.0.0.0/8`, `[::1]`), unless
///   [`Configuration::set_allow_insecure_http`] says otherwise.
/// - keys may hold only visible ASCII characters.
/// - redirects are never followed: a 3xx answer is returned as
///   [`Error::ResponseError`](super::Error::ResponseError). A client of your own (an API's
///   `with_client_and_config`) must be built from [`Configuration::http_client_builder`] for
///   this to hold; if it follows a redirect, the other URL's answer is refused unread, but the
///   request has reached it.
/// - an answer decodes within three times its size plus 8 MiB of memory, or fails with
///   [`Error::Serde`](super::Error::Serde); an error answer is decoded only up to 64 KiB.
/// - errors escape control characters in whatever the server sent (`Display` and `Debug`).
/// - a response body larger than [`Configuration::max_response_bytes`] (128 MiB by default,
///   counted after decompression) fails with
///   [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge).
/// - with retries on, a 429 whose wait exceeds [`Configuration::max_retry_wait`] (60 s by
///   default) is returned at once rather than slept on.
#[derive(Clone)]
pub struct Configuration {
    pub(crate) user_agent: String,
    pub(crate) unstable_operations: HashMap<String, bool>,
    /// API keys and bearer tokens, by scheme.
    pub(crate) auth_keys: HashMap<String, APIKey>,
    /// HTTP basic credentials, by scheme.
    pub(crate) basic_auth: HashMap<String, BasicAuth>,
    /// Bearer token providers, by scheme: asked before every request.
    pub(crate) token_providers: HashMap<String, TokenProvider>,
    /// Which of [`SERVERS`](super::SERVERS) to use.
    pub server_index: usize,
    /// Values of the server's placeholders (`site`, `subdomain`, `protocol`, `name`).
    pub server_variables: HashMap<String, String>,
    /// Per operation key (`v2.list_org_connections`), which of its own servers to use.
    pub server_operation_index: HashMap<String, usize>,
    /// Per operation key, the values of its server's placeholders.
    pub server_operation_variables: HashMap<String, HashMap<String, String>>,
    /// A proxy for every request (`http://proxy:3128`).
    pub proxy_url: Option<String>,
    /// Retry 429 answers, and 5xx answers and connection failures of idempotent requests.
    pub enable_retry: bool,
    /// How many times to retry one call.
    pub max_retries: u32,
    /// The longest a whole request may take. Default: 60 s.
    pub timeout: Duration,
    /// The longest connecting may take. Default: 10 s.
    pub connect_timeout: Duration,
    /// The largest response body read, in bytes after decompression; a larger one fails with
    /// [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge). Default: 128 MiB.
    pub max_response_bytes: u64,
    /// The longest wait a server may ask for (`X-RateLimit-Reset`, `Retry-After`) that a retry
    /// sleeps through; a longer one returns the answer at once. Default: 60 s.
    pub max_retry_wait: Duration,
    /// Send over plain `http` to hosts other than loopback, keys and all. Off by default: plain
    /// `http` goes only to `localhost`, `127.0.0.0/8` and `[::1]`, and any other `http` URL fails
    /// each call with [`Error::Config`](super::Error::Config) before anything is sent.
    pub allow_insecure_http: bool,
    /// The base URL of every call, from [`Configuration::set_base_url`], or why it was refused:
    /// reported by every call.
    pub(crate) base_url: Option<Result<super::hosts::BaseUrl, String>>,
    /// The mock server every call goes to, whatever the servers say (`mock::MockServer::config`).
    #[cfg(feature = "mock")]
    pub(crate) mock_base_url: Option<String>,
}

impl Configuration {
    /// A configuration from the environment: `DD_API_KEY`, `DD_APP_KEY` and `DD_SITE`.
    pub fn new() -> Self {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let mut auth_keys = HashMap::new();
        let mut basic_auth = HashMap::new();
        for (scheme, kind, var) in AUTH_SCHEMES {
            let Some(value) = env(var) else { continue };
            if *kind == AuthKind::Basic {
                // `user:password`, as in a URL's user info.
                let (username, password) = value.split_once(':').unwrap_or((&value, ""));
                let basic = BasicAuth { username: username.to_string(), password: password.to_string() };
                basic_auth.insert(scheme.to_string(), basic);
            } else {
                auth_keys.insert(scheme.to_string(), APIKey { key: value, prefix: String::new() });
            }
        }
        let mut server_variables = HashMap::new();
        if let Some(site) = SITE_ENV.and_then(env) {
            server_variables.insert("site".to_string(), site);
        }
        Configuration {
            user_agent: format!(
                "{}/{} (rust {}; os {}; arch {})",
                CLIENT.0,
                CLIENT.1,
                option_env!("CARGO_PKG_RUST_VERSION").unwrap_or("unknown"),
                std::env::consts::OS,
                std::env::consts::ARCH,
            ),
            unstable_operations: UNSTABLE_OPERATIONS.iter().map(|op| (op.to_string(), false)).collect(),
            auth_keys,
            basic_auth,
            token_providers: HashMap::new(),
            server_index: 0,
            server_variables,
            server_operation_index: HashMap::new(),
            server_operation_variables: HashMap::new(),
            proxy_url: None,
            enable_retry: false,
            max_retries: 3,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 128 * 1024 * 1024,
            max_retry_wait: Duration::from_secs(60),
            allow_insecure_http: false,
            base_url: None,
            #[cfg(feature = "mock")]
            mock_base_url: None,
        }
    }

    /// Sets the key of an API-key scheme (`apiKeyAuth`, `appKeyAuth`), or the token of a bearer,
    /// OAuth2 or OpenID Connect scheme.
    pub fn set_auth_key(&mut self, operation_str: &str, api_key: APIKey) {
        self.auth_keys.insert(operation_str.to_string(), api_key);
    }

    /// Sets the token of a bearer, OAuth2 or OpenID Connect scheme, sent as
    /// `Authorization: Bearer <token>`. A token that expires is better given by
    /// [`Configuration::set_token_provider`].
    pub fn set_bearer_token(&mut self, scheme: &str, token: impl Into<String>) {
        self.auth_keys.insert(scheme.to_string(), APIKey { key: token.into(), prefix: String::new() });
    }

    /// Sets a bearer, OAuth2 or OpenID Connect scheme's token provider: asked for a token before
    /// every request (and every retry), so that a token can be refreshed without rebuilding the
    /// client; it replaces a token set with [`Configuration::set_bearer_token`]. Its error fails
    /// the call with [`Error::Config`](super::Error::Config) before anything is sent. It runs on
    /// the calling task: return a cached token, refreshed elsewhere, rather than block.
    pub fn set_token_provider(
        &mut self,
        scheme: &str,
        provider: impl Fn() -> Result<String, String> + Send + Sync + 'static,
    ) {
        self.token_providers.insert(scheme.to_string(), TokenProvider(std::sync::Arc::new(provider)));
    }

    /// Sets the user name and password of an HTTP basic scheme.
    pub fn set_basic_auth(&mut self, scheme: &str, username: impl Into<String>, password: impl Into<String>) {
        let basic = BasicAuth { username: username.into(), password: password.into() };
        self.basic_auth.insert(scheme.to_string(), basic);
    }

    /// Whether a credential is set for `scheme`.
    pub(crate) fn has_credential(&self, scheme: &str) -> bool {
        self.auth_keys.contains_key(scheme)
            || self.basic_auth.contains_key(scheme)
            || self.token_providers.contains_key(scheme)
    }

    /// Allows plain `http` to hosts other than loopback, where anyone on the network path reads
    /// the keys and every answer. Only for a network you trust end to end; see
    /// [`Configuration::allow_insecure_http`].
    pub fn set_allow_insecure_http(&mut self, allow: bool) {
        self.allow_insecure_http = allow;
    }

    /// Sends every request through a proxy. A URL that is not valid is reported by each call
    /// (its credentials redacted).
    pub fn set_proxy_url(&mut self, proxy_url: Option<String>) {
        self.proxy_url = proxy_url;
    }

    /// Turns retries on or off, with at most `max_retries` retries per call.
    pub fn set_retry(&mut self, enable_retry: bool, max_retries: u32) {
        self.enable_retry = enable_retry;
        self.max_retries = max_retries;
    }

    /// The longest a whole request may take.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The longest connecting may take.
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = timeout;
    }

    /// The largest response body read, in bytes after decompression (default 128 MiB); a larger
    /// one fails with [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge).
    pub fn set_max_response_bytes(&mut self, max_response_bytes: u64) {
        self.max_response_bytes = max_response_bytes;
    }

    /// The longest wait a server may ask for that a retry sleeps through (default 60 s); a
    /// longer one returns the answer at once.
    pub fn set_max_retry_wait(&mut self, max_retry_wait: Duration) {
        self.max_retry_wait = max_retry_wait;
    }

    /// Replaces the `User-Agent` header sent with every request.
    pub fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    /// Whether an unstable operation is enabled; `None` for an operation that is not unstable.
    pub fn get_unstable_operation(&self, operation: String) -> Option<bool> {
        self.unstable_operations.get(&operation).copied()
    }

    /// Enables or disables an unstable operation; returns false for one that is not unstable.
    pub fn set_unstable_operation_enabled(&mut self, operation: &str, enabled: bool) -> bool {
        match self.unstable_operations.get_mut(operation) {
            Some(flag) => {
                *flag = enabled;
                true
            }
            None => false,
        }
    }

    /// Whether an unstable operation is enabled.
    pub fn is_unstable_operation_enabled(&self, operation: &str) -> bool {
        self.unstable_operations.get(operation).copied().unwrap_or(false)
    }

    /// Whether the spec marks the operation unstable.
    pub fn is_unstable_operation(&self, operation: &str) -> bool {
        self.unstable_operations.contains_key(operation)
    }
}

impl Default for Configuration {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<_> = self.auth_keys.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        let mut others: Vec<&String> = self.basic_auth.keys().chain(self.token_providers.keys()).collect();
        others.sort();
        f.debug_struct("Configuration")
            .field("user_agent", &self.user_agent)
            .field("auth_keys", &keys)
            .field("other_credentials", &others)
            .field("unstable_operations", &self.unstable_operations)
            .field("server_index", &self.server_index)
            .field("server_variables", &self.server_variables)
            .field("server_operation_index", &self.server_operation_index)
            .field("server_operation_variables", &self.server_operation_variables)
            .field("proxy_url", &self.proxy_url.as_deref().map(redact_userinfo))
            .field("enable_retry", &self.enable_retry)
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_must_be_visible_ascii() {
        let mut config = Configuration::new();
        for key in ["sec ret", "sec\tret", "sec\nret", "secrét", "secret\u{7f}", " secret"] {
            config.set_auth_key("apiKeyAuth", APIKey { key: key.into(), prefix: String::new() });
            let error = super::super::auth::credentials(&config, &[&["apiKeyAuth"]]).expect_err(key);
            assert!(!error.contains(key), "{error}");
        }
    }
}
