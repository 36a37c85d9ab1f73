//! Where keys may go: which sites, server variables and base URLs the client accepts, checked
//! before anything is sent; and URLs with their credentials hidden for messages.

use super::spec::{OPERATION_SERVERS, SERVERS};

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
