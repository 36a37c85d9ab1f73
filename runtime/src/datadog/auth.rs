//! Credentials: how each of the spec's security schemes carries one, what the configuration holds
//! for each, and which of an operation's alternatives a request sends.

use std::fmt;
use std::sync::Arc;

use super::Configuration;
use super::hosts::is_visible_ascii;
use super::spec::AUTH_SCHEMES;

/// How a security scheme's credential travels, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// An API key in this header (after its prefix, if the key has one).
    Header(&'static str),
    /// An API key in this query parameter.
    Query(&'static str),
    /// An API key in this cookie.
    Cookie(&'static str),
    /// HTTP basic: a user name and password ([`Configuration::set_basic_auth`]).
    Basic,
    /// A bearer token in `Authorization`: HTTP bearer, OAuth2 and OpenID Connect, with a token
    /// you obtain ([`Configuration::set_bearer_token`], [`Configuration::set_token_provider`]).
    Bearer,
}

/// Gives a fresh bearer token for each request, or why there is none (see
/// [`Configuration::set_token_provider`]).
#[derive(Clone)]
pub(crate) struct TokenProvider(pub(crate) Arc<dyn Fn() -> Result<String, String> + Send + Sync>);

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenProvider")
    }
}

/// A user name and password for HTTP basic.
#[derive(Clone)]
pub(crate) struct BasicAuth {
    pub(crate) username: String,
    pub(crate) password: String,
}

/// Where a request carries a credential.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    Header(&'static str, String),
    Query(&'static str, String),
    Cookie(&'static str, String),
}

/// The credentials a request sends for an operation whose security is `requirements` (each a set
/// of schemes that go together; any one set will do): the first set whose every scheme has a
/// credential; else none, if a set is empty (security is optional); else those that have one in
/// the first set that has any (the server says what is missing). No requirement, nothing.
pub(crate) fn credentials(config: &Configuration, requirements: &[&[&str]]) -> Result<Vec<Sent>, String> {
    let has = |scheme: &&str| config.has_credential(scheme);
    let complete = requirements.iter().find(|set| !set.is_empty() && set.iter().all(has));
    let optional = requirements.iter().find(|set| set.is_empty());
    let chosen = complete.or(optional).or_else(|| requirements.iter().find(|set| set.iter().any(has)));
    let Some(set) = chosen else { return Ok(Vec::new()) };
    set.iter().filter_map(|scheme| credential(config, scheme)).collect()
}

/// The credential `config` holds for `scheme`, as it travels; an error, which never shows the
/// secret, when it holds anything but visible ASCII or the token provider fails.
fn credential(config: &Configuration, scheme: &str) -> Option<Result<Sent, String>> {
    let (_, kind, _) = AUTH_SCHEMES.iter().find(|(s, _, _)| *s == scheme)?;
    let not_ascii = |what: &str| {
        format!(
            "the {what} for `{scheme}` holds a character that is not visible ASCII (a space, tab, \
             newline, control or non-ASCII character)"
        )
    };
    let key = || {
        let key = config.auth_keys.get(scheme)?;
        if !is_visible_ascii(&key.key) || !is_visible_ascii(&key.prefix) {
            return Some(Err(not_ascii("key or its prefix")));
        }
        Some(Ok(key))
    };
    Some(Ok(match *kind {
        AuthKind::Header(name) => match key()? {
            Ok(k) if k.prefix.is_empty() => Sent::Header(name, k.key.clone()),
            Ok(k) => Sent::Header(name, format!("{} {}", k.prefix, k.key)),
            Err(e) => return Some(Err(e)),
        },
        AuthKind::Query(name) => match key()? {
            Ok(k) => Sent::Query(name, k.key.clone()),
            Err(e) => return Some(Err(e)),
        },
        AuthKind::Cookie(name) => match key()? {
            Ok(k) => Sent::Cookie(name, k.key.clone()),
            Err(e) => return Some(Err(e)),
        },
        AuthKind::Bearer => {
            let token = match config.token_providers.get(scheme) {
                Some(provider) => match (provider.0)() {
                    Ok(token) if is_visible_ascii(&token) => token,
                    Ok(_) => return Some(Err(not_ascii("token from the token provider"))),
                    Err(why) => return Some(Err(format!("the token provider for `{scheme}` gave no token: {why}"))),
                },
                None => match key()? {
                    Ok(k) => k.key.clone(),
                    Err(e) => return Some(Err(e)),
                },
            };
            Sent::Header("Authorization", format!("Bearer {token}"))
        }
        AuthKind::Basic => {
            let basic = config.basic_auth.get(scheme)?;
            if !is_visible_ascii(&basic.username) || basic.username.contains(':') {
                return Some(Err(format!("the user name for `{scheme}` is not visible ASCII without `:`")));
            }
            if !basic.password.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
                return Some(Err(not_ascii("password")));
            }
            let pair = base64(format!("{}:{}", basic.username, basic.password).as_bytes());
            Sent::Header("Authorization", format!("Basic {pair}"))
        }
    }))
}

/// Standard base64 with padding (RFC 4648), for HTTP basic.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
