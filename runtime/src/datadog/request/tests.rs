//! What a request sends: paths, queries, bodies, headers.

use super::*;

/// The body a request would send, and its media type.
fn sent(request: &Request) -> Option<(&[u8], &str)> {
    match &request.body {
        Body::Encoded { bytes, content_type } => Some((bytes, content_type)),
        _ => None,
    }
}

#[test]
fn a_parameter_that_would_leave_its_segment_is_named() {
    let path = |value: &str| RequestPath::new("/api/v2/roles/").param("role_id", value).literal("/users");
    for value in ["", ".", ".."] {
        assert_eq!(path(value).escaping_param(), Some(("role_id", value)), "{value:?}");
    }
    for value in ["...", "a", "%2e%2e", "../x", "a/..", "?", "#", " "] {
        assert_eq!(path(value).escaping_param(), None, "{value:?} stays in one segment");
    }
    // Two parameters that together make `..` in one segment.
    let joined = RequestPath::new("/x/").param("a", ".").param("b", ".");
    assert_eq!(joined.escaping_param(), Some(("a", ".")));
    assert_eq!(RequestPath::new("/x/").param_list("ids", &[]).escaping_param(), Some(("ids", "")));
    assert_eq!(RequestPath::new("/").escaping_param(), None, "literal segments are the spec's");
    assert_eq!(path("a/b").as_str(), "/api/v2/roles/a%2Fb/users");
    let list = RequestPath::new("/x/").param_list("ids", &["main,audit".into(), "b".into()]);
    assert_eq!(list.as_str(), "/x/main%2Caudit,b");
}

#[test]
fn a_comma_inside_a_list_item_is_not_the_separator() {
    let one = [("filter", QueryValue::List(vec!["main,audit".into()]))];
    let two = [("filter", QueryValue::List(vec!["main".into(), "audit".into()]))];
    assert_eq!(query_string(&one), "filter=main%2Caudit");
    assert_eq!(query_string(&two), "filter=main,audit");
    let text = [("q", QueryValue::One("a b&c=d,e*~".into())), ("n", QueryValue::One("1".into()))];
    assert_eq!(query_string(&text), "q=a+b%26c%3Dd%2Ce*%7E&n=1", "as form_urlencoded writes it");
}

#[test]
fn form_bodies_and_cookies_are_encoded() {
    let mut request = Request::new(Method::POST, "v2.op", RequestPath::new("/x"), "*/*", &[]);
    request.form(&serde_json::json!({"name": "a b&c", "n": 2}));
    assert_eq!(sent(&request), Some((&b"n=2&name=a+b%26c"[..], "application/x-www-form-urlencoded")));
    request.form(&serde_json::json!({"nested": {"a": 1}}));
    assert!(matches!(request.body, Body::Unencodable(_)), "{:?}", request.body);
    // Lists are one pair per item (Twilio's `StatusCallbackEvent`, Mercure's `topic`), in
    // the model's field order; unset fields are left out.
    #[derive(serde::Serialize)]
    struct Publish {
        topic: Vec<String>,
        data: Option<String>,
        private: Option<bool>,
    }
    let publish = Publish { topic: vec!["a/1".into(), "b 2".into()], data: Some("x".into()), private: None };
    request.form(&publish);
    assert_eq!(sent(&request), Some((&b"topic=a%2F1&topic=b+2&data=x"[..], "application/x-www-form-urlencoded")));
    request.form(&serde_json::json!({"list": [[1]]}));
    assert!(matches!(request.body, Body::Unencodable(_)), "{:?}", request.body);
    request.cookie("session", "a;b c".into());
    request.cookie("theme", "dark".into());
    let headers = request.headers(&Configuration::new(), None, &[]).unwrap();
    assert_eq!(headers.get("cookie").unwrap(), "session=a%3Bb%20c; theme=dark");
}

#[test]
fn requests_carry_their_media_types() {
    let mut request = Request::new(Method::POST, "v2.op", RequestPath::new("/x"), "text/csv", &[]);
    request.json(&serde_json::json!({"a": 1}));
    assert_eq!(sent(&request), Some((&b"{\"a\":1}"[..], "application/json")));
    // Datadog's v1 `SubmitMetrics` documents only `text/json` (found by the Prism smoke run).
    request.json_as(&serde_json::json!({"a": 1}), "text/json");
    assert_eq!(sent(&request).map(|(_, media)| media), Some("text/json"));
    request.raw(b"line".to_vec(), "text/plain");
    assert_eq!(sent(&request), Some((&b"line"[..], "text/plain")));
    let headers = request.headers(&Configuration::new(), Some("text/plain"), &[]).unwrap();
    assert_eq!(headers.get("accept").unwrap(), "text/csv");
    assert_eq!(headers.get("content-type").unwrap(), "text/plain");
}

#[test]
fn an_unencodable_body_fails_before_anything_is_sent() {
    let mut request = Request::new(Method::POST, "v2.op", RequestPath::new("/x"), "*/*", &[]);
    // A map with non-string keys has no JSON form.
    let body: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    request.json(&body);
    assert!(matches!(request.prepare(&Configuration::new()), Err(Error::Serde(_))));
    let mut request = Request::new(Method::POST, "v2.op", RequestPath::new("/x"), "*/*", &[]);
    request.json(&body);
    request.json(&serde_json::json!({"a": 1}));
    let prepared = request.prepare(&Configuration::new()).map_err(|e| e.to_string()).unwrap();
    assert_eq!(prepared.body.as_deref(), Some(&b"{\"a\":1}"[..]));
    assert_eq!(prepared.headers.get("content-type").unwrap(), "application/json");
}
