//! Where calls, and so keys, may go: the spec's servers, the host each operation's calls go
//! to, and the sites, server variables and base URLs the client accepts, checked before
//! anything is sent; and URLs with their credentials hidden for messages.

use std::collections::HashMap;

use super::Configuration;
use super::spec::{OPERATION_SERVERS, SERVERS};

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
        self.operation_host(operation_str).unwrap_or_default()
    }

    /// The checked base URL for an operation: see the rules on [`Configuration`].
    pub(crate) fn operation_host(&self, operation: &str) -> Result<String, String> {
        #[cfg(feature = "mock")]
        if let Some(url) = &self.mock_base_url {
            return Ok(url.clone());
        }
        if let Some(error) = &self.base_url_error {
            return Err(error.clone());
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

    /// Sends every call to `url` (`http://127.0.0.1:8126`, `https://proxy.example:8443`): the one
    /// way to point the client at a mock server, proxy or replay. `url` is `http` or `https`, a
    /// host and an optional port, with no user, path (other than `/`), query or fragment.
    ///
    /// Sets `server_index` to the spec's `{protocol}://{name}` server with its `protocol` and
    /// `name`, and does the same for operations that have servers of their own. A URL that is
    /// not valid is reported by each call as [`Error::Config`](super::Error::Config).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url_error = None;
        let (protocol, name) = match parse_base_url(url) {
            Ok(parts) => parts,
            Err(error) => {
                self.base_url_error = Some(error);
                return;
            }
        };
        let custom = |servers: &[ServerConfiguration]| servers.iter().position(|s| s.url == "{protocol}://{name}");
        let Some(index) = custom(SERVERS) else {
            self.base_url_error = Some("the spec has no `{protocol}://{name}` server to send to a base URL".into());
            return;
        };
        self.server_index = index;
        self.server_variables.insert("protocol".into(), protocol.clone());
        self.server_variables.insert("name".into(), name.clone());
        for (operation, servers) in OPERATION_SERVERS {
            if let Some(index) = custom(servers) {
                self.server_operation_index.insert(operation.to_string(), index);
                let variables = self.server_operation_variables.entry(operation.to_string()).or_default();
                variables.insert("protocol".into(), protocol.clone());
                variables.insert("name".into(), name.clone());
            }
        }
    }
}

/// The URL of `server` with `variables`, checked. A value the spec itself gives a variable (its
/// default, or one its enum lists) is the spec's own server and needs no check of its role:
/// `http-intake.logs` is a `subdomain` of two labels.
fn check_server(server: &ServerConfiguration, variables: &HashMap<String, String>) -> Result<String, String> {
    for variable in server.variables {
        let value = variables.get(variable.name).map_or(variable.default_value, String::as_str);
        let listed = value == variable.default_value || variable.enum_values.contains(&value);
        if !listed {
            check_server_variable(variable.name, value)?;
        }
    }
    let url = server.get_url(variables);
    check_base_url(&url)?;
    Ok(url)
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

/// Checks a server variable by its role: see the rules on [`Configuration`].
pub(super) fn check_server_variable(name: &str, value: &str) -> Result<(), String> {
    let ok = match name {
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
        "name" => !value.ends_with('/') && parse_base_url(&["http://", value].concat()).is_ok(),
        _ => !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
    };
    if ok {
        return Ok(());
    }
    let rule = match name {
        "site" => {
            let sites: Vec<_> = known_sites().collect();
            format!("a Datadog site ({}) or a subdomain of their domains", sites.join(", "))
        }
        "subdomain" => "a DNS label".into(),
        "protocol" => "`http` or `https`".into(),
        "name" => "a host with an optional port".into(),
        _ => "letters, digits, `-`, `.`, `_` or `~`".into(),
    };
    // A `name` may hold a `user:password@`: never show it.
    let shown = match value.rsplit_once('@') {
        Some((_, host)) if name == "name" => format!("<redacted>@{host}"),
        _ => value.to_string(),
    };
    Err(format!(
        "server variable `{name}` is `{shown}`, which is not {rule}; use `Configuration::set_base_url` for any other server"
    ))
}

/// Checks a whole server URL once its variables are in: `http(s)://host[:port]`, nothing more.
pub(super) fn check_base_url(url: &str) -> Result<(), String> {
    parse_base_url(url).map(drop)
}

/// The protocol and `host[:port]` of a base URL, or why it is not one. Read from the text
/// itself rather than from a parsed URL, which would quietly drop tabs or `/.` segments.
pub(super) fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let shown = redact_userinfo(url);
    let refuse = |why: &str| Err(format!("`{shown}` is not a valid base URL (`http(s)://host[:port]`): {why}"));
    let Some((scheme, rest)) = url.split_once("://") else { return refuse("it has no `http://` or `https://`") };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return refuse("the scheme must be http or https");
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains('@') {
        return refuse("it must not hold a user or password");
    }
    if authority.contains(['/', '\\']) {
        return refuse("it must not have a path");
    }
    if authority.contains(['?', '#']) {
        return refuse("it must not have a query or fragment");
    }
    if authority.is_empty() || !is_visible_ascii(authority) {
        return refuse("the host must be visible ASCII and not empty");
    }
    let parsed = reqwest::Url::parse(&format!("{scheme}://{authority}"))
        .map_err(|e| format!("`{shown}` is not a valid base URL: {e}"))?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else { return refuse("it has no host") };
    let name = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    Ok((scheme, name))
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
mod tests {
    use super::*;

    fn host_with(variables: &[(&str, &str)]) -> Result<String, String> {
        let mut config = Configuration::new();
        config.server_variables = variables.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        config.operation_host("v2.op")
    }

    #[test]
    fn every_value_the_spec_lists_passes_the_client_s_own_checks() {
        assert_eq!(refused_spec_servers(), Vec::<String>::new());
        // The v2 logs intake's own server: a `subdomain` of two labels, which only the spec may give.
        const INTAKE: ServerConfiguration = ServerConfiguration {
            url: "https://{subdomain}.{site}",
            description: "",
            variables: &[
                ServerVariable { name: "site", description: "", default_value: "datadoghq.com", enum_values: &[] },
                ServerVariable {
                    name: "subdomain",
                    description: "",
                    default_value: "http-intake.logs",
                    enum_values: &["http-intake.logs"],
                },
            ],
        };
        assert_eq!(check_server(&INTAKE, &HashMap::new()), Ok("https://http-intake.logs.datadoghq.com".into()));
        let user = HashMap::from([("subdomain".to_string(), "evil.example.com/x".to_string())]);
        assert!(check_server(&INTAKE, &user).is_err(), "a value the user gives is still checked");
    }

    #[test]
    fn plain_http_goes_to_loopback_only_unless_allowed() {
        let mut config = Configuration::new();
        let check = |url: &str, config: &Configuration| check_cleartext(&reqwest::Url::parse(url).unwrap(), config);
        for url in [
            "http://localhost:8080",
            "http://127.0.0.1",
            "http://127.9.8.7:1",
            "http://[::1]:80",
            "https://example.com",
        ] {
            assert_eq!(check(url, &config), Ok(()), "{url}");
        }
        for url in
            ["http://api.example.test", "http://10.20.30.40:8080", "http://localhost.example.com", "http://[::2]"]
        {
            let error = check(url, &config).unwrap_err();
            assert!(error.contains("plain http to a host that is not loopback"), "{url}: {error}");
        }
        config.set_allow_insecure_http(true);
        assert_eq!(check("http://api.example.test", &config), Ok(()));
    }

    #[test]
    fn listed_sites_and_their_subdomains_are_accepted() {
        for site in ["datadoghq.com", "us3.datadoghq.com", "datadoghq.eu", "uk1.datadoghq.com", "US3.DatadogHQ.com"] {
            assert_eq!(host_with(&[("site", site)]), Ok(format!("https://api.{site}")));
        }
        assert_eq!(host_with(&[("subdomain", "intake")]), Ok("https://intake.datadoghq.com".into()));
    }

    #[test]
    fn other_sites_are_refused_naming_the_value() {
        for site in [
            "datadoghq.com.evil.com",
            "evil.com",
            "datadoghq.com@evil.com",
            "evil.com/",
            "evil.com#",
            "evil.com?",
            "evil.com:443",
            "us3..datadoghq.com",
            ".datadoghq.com",
            "xdatadoghq.com",
            "",
            "evil.com/x.datadoghq.com",
            "evil.com#.datadoghq.com",
            "evil.com?.datadoghq.com",
        ] {
            let error = host_with(&[("site", site)]).expect_err(site);
            assert!(error.contains(&format!("`{site}`")), "{error}");
        }
    }

    #[test]
    fn subdomain_protocol_and_name_are_checked() {
        for subdomain in ["evil.com#", "a.b", "", "x@y", "a/b"] {
            assert!(host_with(&[("subdomain", subdomain)]).is_err(), "{subdomain}");
        }
        let custom = |protocol: &str, name: &str| {
            let mut config = Configuration::new();
            config.server_index = 1;
            config.server_variables.insert("protocol".into(), protocol.into());
            config.server_variables.insert("name".into(), name.into());
            config.operation_host("v2.op")
        };
        assert_eq!(custom("http", "127.0.0.1:8126"), Ok("http://127.0.0.1:8126".into()));
        assert_eq!(custom("https", "[::1]:8443"), Ok("https://[::1]:8443".into()));
        assert_eq!(custom("https", "proxy.internal"), Ok("https://proxy.internal".into()));
        for (protocol, name) in [
            ("ftp", "host"),
            ("javascript", "host"),
            ("http", "user:pw@host"),
            ("http", "host/path"),
            ("http", "host?q"),
            ("http", "host#f"),
            ("http", "host:port"),
            ("http", ""),
        ] {
            let error = custom(protocol, name).expect_err(name);
            assert!(!error.contains("pw"), "{error}");
        }
    }

    #[test]
    fn the_site_from_the_environment_is_checked_too() {
        // Only SITE_ENV's value reaches `server_variables`; checking there covers both sources.
        let mut config = Configuration::new();
        config.server_variables.insert("site".into(), "evil.com".into());
        assert!(config.operation_host("v2.op").is_err());
        assert_eq!(config.get_operation_host("v2.op"), "");
    }

    #[test]
    fn set_base_url_points_every_call_at_one_server() {
        let mut config = Configuration::new();
        config.set_base_url("http://127.0.0.1:8126");
        assert_eq!(config.server_index, 1);
        assert_eq!(config.operation_host("v2.op"), Ok("http://127.0.0.1:8126".into()));
        config.set_base_url("https://replay.example/");
        assert_eq!(config.operation_host("v2.op"), Ok("https://replay.example".into()));
        for url in [
            "ftp://host",
            "http://user:pw@host",
            "http://host/api",
            "http://host?x=1",
            "http://host#x",
            "host:8080",
            "http://",
            "http://host/.",
        ] {
            config.set_base_url(url);
            let error = config.operation_host("v2.op").expect_err(url);
            assert!(!error.contains("pw@"), "{error}");
        }
        config.set_base_url("http://localhost:1");
        assert_eq!(config.operation_host("v2.op"), Ok("http://localhost:1".into()));
    }

    #[test]
    fn registrable_domains_are_the_last_two_labels() {
        assert_eq!(registrable_domain("us3.datadoghq.com"), "datadoghq.com");
        assert_eq!(registrable_domain("datadoghq.eu"), "datadoghq.eu");
        assert_eq!(registrable_domain("localhost"), "localhost");
    }
}
