//! How errors read: what each says, and what it never shows.

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

#[test]
fn inert_escapes_what_a_terminal_or_log_reader_acts_on() {
    use fmt::Write as _;
    let mut shown = String::new();
    Inert(&mut shown).write_str("ok\r\nINFO forged\u{1b}[2J\u{7}\t\u{9b}\u{2028}\u{202e}é\\").unwrap();
    assert_eq!(shown, "ok\\r\\nINFO forged\\u{1b}[2J\\u{7}\\t\\u{9b}\\u{2028}\\u{202e}é\\");
}

#[test]
fn a_decode_error_shows_the_server_s_keys_and_values_escaped() {
    let json = r#"{"a\nINFO forged\u001b[2J": "not a number"}"#;
    let mut de = serde_json::Deserializer::from_str(json);
    let error = serde_path_to_error::deserialize::<_, std::collections::BTreeMap<String, u32>>(&mut de).unwrap_err();
    let shown = Error::<()>::Serde(error).to_string();
    assert!(shown.starts_with("cannot decode JSON at `a\\nINFO forged\\u{1b}[2J`"), "{shown}");
    assert!(!shown.chars().any(char::is_control), "{shown}");
}

#[test]
fn api_messages_are_read_from_small_bodies_only_and_shown_escaped() {
    let body =
        r#"{"errors": ["plain", {"title": "t", "detail": "d\u0007"}, {"message": "m"}, 7, {"detail": 1}, ["x"]]}"#;
    assert_eq!(api_messages(body), ["plain", "d\u{7}", "m"]);
    let mut shown = content(&[]);
    shown.content = body.into();
    let error = Error::ResponseError(shown);
    assert_eq!(error.to_string(), "the API answered 429 Too Many Requests: plain; d\\u{7}; m");
    // Past 64 KiB, the body is not read again on each `Display`.
    let padded = format!(r#"{{"errors": ["big"], "pad": "{}"}}"#, " ".repeat(64 * 1024));
    assert!(api_messages(&padded).is_empty());
    assert!(api_messages("not json").is_empty());
}

#[test]
fn debug_escapes_header_values_and_hides_sensitive_ones() {
    let mut shown = content(&[("x-forged", "a\tb")]);
    let mut secret = HeaderValue::from_static("s3cret");
    secret.set_sensitive(true);
    shown.headers.insert("x-secret", secret);
    let debug = format!("{shown:?}");
    assert!(debug.contains(r#""x-forged": "a\tb""#) && !debug.contains('\t'), "{debug}");
    assert!(debug.contains(r#""x-secret": "Sensitive""#) && !debug.contains("s3cret"), "{debug}");
}

#[test]
fn an_unknown_value_is_shown_escaped_and_kept_exactly() {
    let value = UnparsedObject { value: serde_json::json!("new\r\nvalue") };
    assert_eq!(value.to_string(), "new\\r\\nvalue");
    assert_eq!(value.value, "new\r\nvalue");
    let value = UnparsedObject { value: serde_json::json!({ "k": "\u{202e}" }) };
    assert_eq!(value.to_string(), r#"{"k":"\u{202e}"}"#);
}
