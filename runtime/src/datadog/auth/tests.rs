//! Each kind of scheme, as a prepared request carries it, and which alternative is sent.

use super::*;
use crate::datadog::{APIKey, Request, RequestPath};

/// The URL and the headers (name, value, sensitive) a request of `auth` is prepared with.
fn prepared(config: &Configuration, auth: &'static [&'static [&'static str]]) -> (String, Vec<(String, String, bool)>) {
    let request = Request::new(reqwest::Method::GET, "v2.op", RequestPath::new("/x"), "application/json", auth);
    let prepared = request.prepare(config).unwrap_or_else(|e| panic!("{e}"));
    let mut headers: Vec<_> = prepared
        .headers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "accept" | "user-agent"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string(), value.is_sensitive()))
        .collect();
    headers.sort();
    (prepared.url.to_string(), headers)
}

fn config() -> Configuration {
    let mut config = Configuration::new();
    config.auth_keys.clear();
    config.basic_auth.clear();
    config.set_base_url("http://127.0.0.1:1/base");
    config
}

fn header(name: &str, value: &str) -> (String, String, bool) {
    (name.to_string(), value.to_string(), true)
}

#[test]
fn each_kind_travels_where_its_scheme_says() {
    let mut config = config();
    config.set_auth_key("apiKeyAuth", APIKey { key: "k1".into(), prefix: "Token".into() });
    config.set_auth_key("queryKey", APIKey { key: "q1&/".into(), prefix: String::new() });
    config.set_auth_key("cookieKey", APIKey { key: "c;1".into(), prefix: String::new() });
    config.set_basic_auth("basicAuth", "Aladdin", "open sesame");
    config.set_bearer_token("AuthZ", "t0k3n");

    assert_eq!(prepared(&config, &[&["apiKeyAuth"]]).1, [header("dd-api-key", "Token k1")]);
    let (url, headers) = prepared(&config, &[&["queryKey"]]);
    assert_eq!((url.as_str(), headers.len()), ("http://127.0.0.1:1/base/x?api_key=q1%26%2F", 0));
    assert_eq!(prepared(&config, &[&["cookieKey"]]).1, [header("cookie", "session=c%3B1")]);
    assert_eq!(prepared(&config, &[&["basicAuth"]]).1, [header("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]);
    assert_eq!(prepared(&config, &[&["AuthZ"]]).1, [header("authorization", "Bearer t0k3n")]);
    // No requirement: nothing sent, whatever is set.
    assert_eq!(prepared(&config, &[]), ("http://127.0.0.1:1/base/x".into(), vec![]));
}

#[test]
fn the_first_alternative_with_every_credential_is_sent() {
    let mut config = config();
    const DATADOG: &[&[&str]] = &[&["apiKeyAuth", "appKeyAuth"], &["AuthZ"]];
    config.set_bearer_token("AuthZ", "t");
    assert_eq!(prepared(&config, DATADOG).1, [header("authorization", "Bearer t")]);
    config.set_auth_key("apiKeyAuth", APIKey { key: "a".into(), prefix: String::new() });
    assert_eq!(prepared(&config, DATADOG).1, [header("authorization", "Bearer t")], "the keys are not both set");
    config.set_auth_key("appKeyAuth", APIKey { key: "b".into(), prefix: String::new() });
    assert_eq!(prepared(&config, DATADOG).1, [header("dd-api-key", "a"), header("dd-application-key", "b")]);
    // None complete: what the first alternative with any credential has.
    let mut config = super::super::Configuration::new();
    config.auth_keys.clear();
    config.set_base_url("http://127.0.0.1:1");
    config.set_auth_key("apiKeyAuth", APIKey { key: "a".into(), prefix: String::new() });
    assert_eq!(prepared(&config, DATADOG).1, [header("dd-api-key", "a")]);
    // An optional requirement (`{}`): a complete alternative is still sent, else nothing.
    assert_eq!(prepared(&config, &[&[], &["apiKeyAuth"]]).1, [header("dd-api-key", "a")]);
    assert_eq!(prepared(&config, &[&[], &["AuthZ"]]).1, []);
}

#[test]
fn a_token_provider_is_asked_for_every_request_and_its_errors_fail_the_call() {
    let mut config = config();
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = calls.clone();
    config.set_bearer_token("AuthZ", "stale");
    config.set_token_provider("AuthZ", move || {
        let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if n < 2 { Ok(format!("fresh-{n}")) } else { Err("the refresh failed".into()) }
    });
    assert_eq!(prepared(&config, &[&["AuthZ"]]).1, [header("authorization", "Bearer fresh-0")]);
    assert_eq!(prepared(&config, &[&["AuthZ"]]).1, [header("authorization", "Bearer fresh-1")]);
    let error = credentials(&config, &[&["AuthZ"]]).unwrap_err();
    assert_eq!(error, "the token provider for `AuthZ` gave no token: the refresh failed");
    assert!(!format!("{config:?}").contains("fresh"), "{config:?}");
}

#[test]
fn credentials_that_a_request_cannot_carry_are_refused_unshown() {
    let mut config = config();
    config.set_basic_auth("basicAuth", "a:b", "secret");
    assert!(credentials(&config, &[&["basicAuth"]]).unwrap_err().contains("user name"));
    config.set_basic_auth("basicAuth", "user", "sec\nret");
    let error = credentials(&config, &[&["basicAuth"]]).unwrap_err();
    assert!(error.contains("password") && !error.contains("sec"), "{error}");
    config.set_auth_key("cookieKey", APIKey { key: "sécret".into(), prefix: String::new() });
    let error = credentials(&config, &[&["cookieKey"]]).unwrap_err();
    assert!(!error.contains("sécret"), "{error}");
}

#[test]
fn base64_is_rfc_4648() {
    for (text, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(text.as_bytes()), encoded);
    }
}
