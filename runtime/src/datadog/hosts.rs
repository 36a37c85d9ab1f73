//! Where calls, and so keys, may go: the spec's servers, the host each operation's calls go
//! to, and the sites, server variables and base URLs the client accepts, checked before
//! anything is sent; and URLs with their credentials hidden for messages.

use std::collections::HashMap;

use super::Configuration;
use super::spec::{OPERATION_SERVERS, SERVERS, SITE_RULES};

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
    /// The values the spec lists. For `site`, a value not listed is accepted when it is a
    /// subdomain of a domain the listed values use (`uk1.datadoghq.com`), so that a new region
    /// needs no new client; any other site is refused (see [`Configuration`]).
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

impl Configuration {
    /// The base URL for an operation (`https://api.datadoghq.com`), or an empty string when the
    /// configured server index does not exist; calls report that as an error.
    pub fn get_operation_host(&self, operation_str: &str) -> String {
        self.operation_host(operation_str).map(|base| base.to_string()).unwrap_or_default()
    }

    /// The checked base URL for an operation: see the rules on [`Configuration`].
    pub(crate) fn operation_host(&self, operation: &str) -> Result<BaseUrl, String> {
        #[cfg(feature = "mock")]
        if let Some(url) = &self.mock_base_url {
            return parse_base_url(url);
        }
        match &self.base_url {
            Some(Ok(url)) => return Ok(url.clone()),
            Some(Err(error)) => return Err(error.clone()),
            None => {}
        }
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
        check_server(server, variables)
    }

    /// Sends every call, of every operation, to `url` (`http://127.0.0.1:8126`,
    /// `https://proxy.example:8443/datadog`): the one way to point the client at a mock server,
    /// proxy or replay, whatever servers the spec lists. `url` is `http` or `https`, a host, an
    /// optional port and an optional path prefix that each operation's path follows, with no
    /// user, query, fragment or `.` / `..` segment. A URL that is not valid is reported by each
    /// call as [`Error::Config`](super::Error::Config).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = Some(parse_base_url(url));
    }
}

/// The URL of `server` with `variables`, checked. A value the spec itself gives a variable (its
/// default, or one its enum lists) is the spec's own server and needs no check of its role:
/// `http-intake.logs` is a `subdomain` of two labels.
fn check_server(server: &ServerConfiguration, variables: &HashMap<String, String>) -> Result<BaseUrl, String> {
    for variable in server.variables {
        let value = variables.get(variable.name).map_or(variable.default_value, String::as_str);
        let listed = value == variable.default_value || variable.enum_values.contains(&value);
        if !listed {
            check_server_variable(variable.name, value)?;
        }
    }
    check_base_url(&server.get_url(variables))
}

/// Every server of the spec (and of each operation that has its own) with every value the spec
/// lists for each of its variables, as the client checks them: the ones it would refuse, with
/// why. Empty for a spec whose servers the client can call as written; the whole Datadog API's
/// check (`scripts/check-datadog-api.sh`) asserts it.
#[doc(hidden)]
pub fn refused_spec_servers() -> Vec<String> {
    let all = std::iter::once(("every operation", SERVERS))
        .chain(OPERATION_SERVERS.iter().map(|(operation, servers)| (*operation, *servers)));
    let mut refused = Vec::new();
    for (operation, servers) in all {
        for server in servers {
            for variable in server.variables {
                for value in std::iter::once(&variable.default_value).chain(variable.enum_values) {
                    let variables = HashMap::from([(variable.name.to_string(), value.to_string())]);
                    if let Err(error) = check_server(server, &variables) {
                        refused.push(format!("{operation}: {}: {error}", server.url));
                    }
                }
            }
            if let Err(error) = check_server(server, &HashMap::new()) {
                refused.push(format!("{operation}: {}: {error}", server.url));
            }
        }
    }
    refused
}

/// Refuses plain `http` to a host other than loopback (`localhost`, `127.0.0.0/8`, `[::1]`),
/// where anyone on the way reads the keys and the answers, unless the configuration allows it
/// ([`Configuration::allow_insecure_http`]).
pub(super) fn check_cleartext(url: &reqwest::Url, config: &Configuration) -> Result<(), String> {
    if url.scheme() != "http" || config.allow_insecure_http {
        return Ok(());
    }
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .and_then(|h| h.parse::<std::net::Ipv6Addr>().ok())
            .is_some_and(|ip| ip.is_loopback());
    if loopback {
        return Ok(());
    }
    Err(format!(
        "`{}` is plain http to a host that is not loopback: the keys and answers would cross the network \
         in clear text; use https, or `Configuration::set_allow_insecure_http(true)` if you must",
        redact_userinfo(url.as_str()).trim_end_matches('/')
    ))
}

/// Whether `text` is a DNS label: letters, digits and inner `-`, 1 to 63 characters.
pub(super) fn is_dns_label(text: &str) -> bool {
    (1..=63).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// Whether `text` is a bare DNS name: labels joined by dots, nothing else.
pub(super) fn is_dns_name(text: &str) -> bool {
    text.len() <= 253 && text.split('.').all(is_dns_label)
}

/// The last two labels of a DNS name (`datadoghq.com` for `us3.datadoghq.com`).
pub(super) fn registrable_domain(name: &str) -> &str {
    match name.rmatch_indices('.').nth(1) {
        Some((dot, _)) => &name[dot + 1..],
        None => name,
    }
}

/// The sites the spec lists for every `site` server variable.
pub(super) fn known_sites() -> impl Iterator<Item = &'static str> {
    let operation_servers = OPERATION_SERVERS.iter().flat_map(|(_, servers)| servers.iter());
    SERVERS
        .iter()
        .chain(operation_servers)
        .flat_map(|server| server.variables.iter())
        .filter(|variable| variable.name == "site")
        .flat_map(|variable| variable.enum_values.iter().copied())
}

/// Checks a server variable by its role: see the rules on [`Configuration`]. Without the
/// Datadog layout's site rules (`SITE_RULES`), no name has a role of its own.
pub(super) fn check_server_variable(name: &str, value: &str) -> Result<(), String> {
    let role = if SITE_RULES { name } else { "" };
    let ok = match role {
        "site" => {
            let site = value.to_ascii_lowercase();
            is_dns_name(&site)
                && (known_sites().next().is_none()
                    || known_sites().any(|known| {
                        let domain = registrable_domain(known);
                        site == known || site == domain || site.ends_with(&[".", domain].concat())
                    }))
        }
        "subdomain" => is_dns_label(value),
        "protocol" => value == "http" || value == "https",
        "name" => !value.contains(['/', '\\']) && parse_base_url(&["http://", value].concat()).is_ok(),
        // Anything that stays inside the URL's place for it: a token in a path (`bot{token}`) too.
        _ => !value.is_empty() && is_visible_ascii(value) && !value.contains(['/', '\\', '?', '#', '@']),
    };
    if ok {
        return Ok(());
    }
    let rule = match role {
        "site" => {
            let sites: Vec<_> = known_sites().collect();
            format!("a Datadog site ({}) or a subdomain of their domains", sites.join(", "))
        }
        "subdomain" => "a DNS label".into(),
        "protocol" => "`http` or `https`".into(),
        "name" => "a host with an optional port".into(),
        _ => "visible ASCII without `/`, `\\`, `?`, `#` or `@`".into(),
    };
    // A `name` may hold a `user:password@`, and any other variable a secret (a token in the
    // path): never show them.
    let shown = match (role, value.rsplit_once('@')) {
        ("site" | "subdomain" | "protocol", _) => format!("`{value}`"),
        ("name", Some((_, host))) => format!("`<redacted>@{host}`"),
        ("name", None) => format!("`{value}`"),
        _ => format!("a value of {} characters (not shown)", value.chars().count()),
    };
    Err(format!(
        "server variable `{name}` is {shown}, which is not {rule}; use `Configuration::set_base_url` for any other server"
    ))
}

/// Checks a whole server URL once its variables are in: `http(s)://host[:port][/path]`.
pub(super) fn check_base_url(url: &str) -> Result<BaseUrl, String> {
    if url.starts_with('/') {
        return Err(format!(
            "the spec's server `{url}` is relative to wherever the spec is served; give the full base URL with \
             `Configuration::set_base_url`"
        ));
    }
    parse_base_url(url)
}

/// A base URL, checked: the scheme, `host[:port]`, and a path prefix (empty, or `/` and
/// segments, without a trailing `/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    scheme: String,
    authority: String,
    path: String,
}

impl BaseUrl {
    /// The path prefix that every operation's path follows (`/datadog`), or nothing.
    pub(super) fn path(&self) -> &str {
        &self.path
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.path)
    }
}

/// A base URL, or why it is not one. Read from the text itself rather than from a parsed URL,
/// which would quietly drop tabs or resolve `/.` segments.
pub(super) fn parse_base_url(url: &str) -> Result<BaseUrl, String> {
    let shown = redact_userinfo(url);
    let refuse = |why: &str| Err(format!("`{shown}` is not a valid base URL (`http(s)://host[:port][/path]`): {why}"));
    let Some((scheme, rest)) = url.split_once("://") else { return refuse("it has no `http://` or `https://`") };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return refuse("the scheme must be http or https");
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
    let path = path.trim_end_matches('/');
    if authority.contains('@') {
        return refuse("it must not hold a user or password");
    }
    if rest.contains('\\') {
        return refuse("it must not hold a `\\`");
    }
    if rest.contains(['?', '#']) {
        return refuse("it must not have a query or fragment");
    }
    if authority.is_empty() || !is_visible_ascii(authority) || !is_visible_ascii(path) && !path.is_empty() {
        return refuse("the host and path must be visible ASCII, and the host not empty");
    }
    if path.split('/').skip(1).any(|segment| matches!(segment, "" | "." | "..")) {
        return refuse("its path must not hold an empty, `.` or `..` segment");
    }
    let parsed = reqwest::Url::parse(&format!("{scheme}://{authority}"))
        .map_err(|e| format!("`{shown}` is not a valid base URL: {e}"))?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else { return refuse("it has no host") };
    let authority = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    Ok(BaseUrl { scheme, authority, path: path.to_string() })
}

/// A URL's scheme, `user:password` and what follows the `@`, when it has credentials.
fn split_userinfo(url: &str) -> Option<(&str, &str, &str)> {
    let scheme = url.find("://")?;
    let at = url.rfind('@').filter(|&at| at > scheme)?;
    Some((&url[..scheme], &url[scheme + 3..at], &url[at + 1..]))
}

/// A URL with any `user:password@` replaced, so that `Debug` never shows proxy credentials.
pub(crate) fn redact_userinfo(url: &str) -> String {
    match split_userinfo(url) {
        Some((scheme, _, rest)) => format!("{scheme}://<redacted>@{rest}"),
        None => url.to_string(),
    }
}

/// `message` with the `user:password` of `url`, if any, replaced wherever it appears (an error
/// from reqwest may quote either the URL or the credentials alone).
pub(crate) fn redact_in(message: &str, url: &str) -> String {
    match split_userinfo(url) {
        Some((_, userinfo, _)) if !userinfo.is_empty() => {
            message.replace(url, &redact_userinfo(url)).replace(userinfo, "<redacted>")
        }
        _ => message.to_string(),
    }
}

/// Whether every byte is visible ASCII (`!` to `~`): no space, tab, control or non-ASCII
/// character, which a header value or a host must not hold.
pub(super) fn is_visible_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests;
