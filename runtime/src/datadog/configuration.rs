//! [`Configuration`]: where and how to call the API.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use super::spec::{AUTH_SCHEMES, OPERATION_SERVERS, SERVERS, SITE_ENV, UNSTABLE_OPERATIONS};

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

/// A server URL template of the spec, with its variables.
#[derive(Debug, Clone, Copy)]
pub struct ServerConfiguration {
    /// The URL, with `{variable}` placeholders.
    pub url: &'static str,
    /// What the server is for.
    pub description: &'static str,
    /// The placeholders and their defaults.
    pub variables: &'static [ServerVariable],
}

/// One placeholder of a [`ServerConfiguration`].
#[derive(Debug, Clone, Copy)]
pub struct ServerVariable {
    /// The placeholder's name.
    pub name: &'static str,
    /// What the value means.
    pub description: &'static str,
    /// The value used when none is set.
    pub default_value: &'static str,
    /// The values the spec lists. Others are used as given: a new region must not need a new client.
    pub enum_values: &'static [&'static str],
}

impl ServerConfiguration {
    /// The URL with each placeholder replaced by its value in `variables`, or its default.
    pub fn get_url(&self, variables: &HashMap<String, String>) -> String {
        let mut url = self.url.to_string();
        for variable in self.variables {
            let value = variables.get(variable.name).map_or(variable.default_value, String::as_str);
            url = url.replace(&["{", variable.name, "}"].concat(), value);
        }
        url
    }
}

/// Where and how to call the API: server, keys, retries, timeouts.
///
/// [`Configuration::new`] reads the keys from `DD_API_KEY` and `DD_APP_KEY` and the site from
/// `DD_SITE`. `Debug` never shows a key.
#[derive(Clone)]
pub struct Configuration {
    pub(crate) user_agent: String,
    pub(crate) unstable_operations: HashMap<String, bool>,
    pub(crate) auth_keys: HashMap<String, APIKey>,
    /// Which of [`SERVERS`] to use.
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
}

impl Configuration {
    /// A configuration from the environment: `DD_API_KEY`, `DD_APP_KEY` and `DD_SITE`.
    pub fn new() -> Self {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let auth_keys = AUTH_SCHEMES
            .iter()
            .filter_map(|(scheme, _, var)| {
                env(var).map(|key| (scheme.to_string(), APIKey { key, prefix: String::new() }))
            })
            .collect();
        let mut server_variables = HashMap::new();
        if let Some(site) = SITE_ENV.and_then(env) {
            server_variables.insert("site".to_string(), site);
        }
        Configuration {
            user_agent: format!(
                "{}/{} (rust {}; os {}; arch {})",
                env!("CARGO_PKG_NAME"),
                env!("CARGO_PKG_VERSION"),
                option_env!("CARGO_PKG_RUST_VERSION").unwrap_or("unknown"),
                std::env::consts::OS,
                std::env::consts::ARCH,
            ),
            unstable_operations: UNSTABLE_OPERATIONS.iter().map(|op| (op.to_string(), false)).collect(),
            auth_keys,
            server_index: 0,
            server_variables,
            server_operation_index: HashMap::new(),
            server_operation_variables: HashMap::new(),
            proxy_url: None,
            enable_retry: false,
            max_retries: 3,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
        }
    }

    /// The base URL for an operation (`https://api.datadoghq.com`), or an empty string when the
    /// configured server index does not exist; calls report that as an error.
    pub fn get_operation_host(&self, operation_str: &str) -> String {
        self.operation_host(operation_str).unwrap_or_default()
    }

    pub(crate) fn operation_host(&self, operation: &str) -> Result<String, String> {
        let own = OPERATION_SERVERS.iter().find(|(key, _)| *key == operation);
        let (servers, index, variables) = match own {
            Some((_, servers)) => (
                *servers,
                self.server_operation_index.get(operation).copied().unwrap_or(0),
                self.server_operation_variables.get(operation).unwrap_or(&self.server_variables),
            ),
            None => (SERVERS, self.server_index, &self.server_variables),
        };
        let server = servers
            .get(index)
            .ok_or_else(|| format!("server index {index} is out of range: there are {} servers", servers.len()))?;
        Ok(server.get_url(variables))
    }

    /// Sets the key of an auth scheme (`apiKeyAuth`, `appKeyAuth`).
    pub fn set_auth_key(&mut self, operation_str: &str, api_key: APIKey) {
        self.auth_keys.insert(operation_str.to_string(), api_key);
    }

    /// The header and value to send for a scheme, when a key is set.
    pub(crate) fn auth_header(&self, scheme: &str) -> Option<(&'static str, String)> {
        let header = AUTH_SCHEMES.iter().find(|(s, _, _)| *s == scheme)?.1;
        let key = self.auth_keys.get(scheme)?;
        let value = if key.prefix.is_empty() { key.key.clone() } else { format!("{} {}", key.prefix, key.key) };
        Some((header, value))
    }

    /// Sends every request through a proxy. A URL that is not valid is reported by each call.
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

/// A URL with any `user:password@` replaced, so that `Debug` never shows proxy credentials.
fn redact_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://<redacted>@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_string(),
    }
}

impl fmt::Debug for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<_> = self.auth_keys.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        f.debug_struct("Configuration")
            .field("user_agent", &self.user_agent)
            .field("auth_keys", &keys)
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
            .finish()
    }
}
