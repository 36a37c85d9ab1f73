//! Matching, reading back and near misses, over a hand-written operation on a real mock server.

use super::expectation::first_difference;
use super::incoming::{form_decode, match_path, multipart_parts, read_text};
use super::*;
use serde_json::Value;
use std::time::Duration;

/// A hand-written operation, as the template writes them: `GET /api/v2/things/{thing_id}`
/// with an optional `limit` and a list `tags`.
struct GetThing(Criteria<GetThing>);

#[derive(Debug)]
struct GetThingCall {
    thing_id: String,
    limit: Option<i64>,
    tags: Option<Vec<String>>,
}

impl Operation for GetThing {
    type Call = GetThingCall;
    const KEY: &'static str = "v2.get_thing";
    const NAME: &'static str = "GetThing";
    const METHOD: &'static str = "GET";
    const PATH: &'static [Segment] = &[Segment::Literal("/api/v2/things/"), Segment::Param("thing_id")];
    const EXCEPT: &'static [&'static [Segment]] = &[&[Segment::Literal("/api/v2/things/search")]];

    fn read(incoming: &Incoming<'_>) -> Result<GetThingCall, String> {
        Ok(GetThingCall {
            thing_id: required("thing_id", incoming.path("thing_id", ReadAs::String))?,
            limit: incoming.query("limit", ReadAs::Json)?,
            tags: incoming.query_list("tags", ReadAs::String)?,
        })
    }

    fn describe(call: &GetThingCall) -> Vec<(&'static str, String)> {
        given([("thing_id", Some(shown(&call.thing_id))), ("limit", call.limit.as_ref().map(shown))])
    }
}

impl GetThing {
    #[track_caller]
    fn new() -> Self {
        GetThing(Criteria::new())
    }

    fn limit(self, value: i64) -> Self {
        GetThing(self.0.param("limit", value, |call| call.limit.as_ref()))
    }
}

async fn get(server: &MockServer, path_and_query: &str) -> (u16, String) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::get(format!("{}{path_and_query}", server.uri())).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[test]
fn paths_are_matched_segment_by_segment() {
    const PATH: &[Segment] = &[Segment::Literal("/x/"), Segment::Param("a"), Segment::Literal("/y")];
    assert_eq!(match_path(PATH, "/x/abc/y"), Some(vec![("a", "abc")]));
    assert_eq!(match_path(PATH, "/x//y"), None, "a parameter is never empty");
    assert_eq!(match_path(PATH, "/x/a/b/y"), None, "a parameter stays in its segment");
    assert_eq!(match_path(PATH, "/x/abc/y/z"), None);
    const DOTTED: &[Segment] =
        &[Segment::Literal("/f/"), Segment::Param("a"), Segment::Literal("."), Segment::Param("b")];
    assert_eq!(match_path(DOTTED, "/f/x.y.z"), Some(vec![("a", "x"), ("b", "y.z")]));
    // Many adjacent parameters and a path one character short: no exponential search.
    let many: &'static [Segment] = Vec::leak((0..40).map(|_| Segment::Param("p")).collect());
    assert_eq!(match_path(many, &"a".repeat(39)), None);
    assert_eq!(match_path(many, &"a".repeat(40)).map(|p| p.len()), Some(40));
}

#[test]
fn parameters_read_back_as_their_types() {
    assert_eq!(read_text::<i64>("n", "3", ReadAs::Json), Ok(3));
    assert_eq!(read_text::<String>("s", "3", ReadAs::String), Ok("3".into()));
    assert_eq!(read_text::<String>("s", "\"q\"", ReadAs::String), Ok("\"q\"".into()), "quotes are text");
    assert_eq!(read_text::<bool>("b", "true", ReadAs::String), Ok(true), "the other way is tried");
    assert!(read_text::<i64>("n", "x", ReadAs::Json).unwrap_err().contains("`n` is `x`"));
    assert_eq!(form_decode("a+b%2Cc"), "a b,c");
}

#[test]
fn bodies_differ_at_a_json_path() {
    let want = serde_json::json!({"data": {"items": [1, 2], "name": "a"}});
    let have = serde_json::json!({"data": {"items": [1, 3], "name": "a"}});
    let (path, w, h) = first_difference(&want, &have, String::new()).unwrap();
    assert_eq!((path.as_str(), w, h), ("data.items[1]", Value::from(2), Value::from(3)));
}

#[test]
fn multipart_bodies_read_back_as_their_parts() {
    let mut form = super::super::Multipart::new();
    form.text("name", "a \"b\"".into());
    form.file("file", vec![0, 1, 2]);
    let (body, content_type) = form.finish();
    let boundary = content_type.split_once("boundary=").unwrap().1;
    let parts = multipart_parts(&body, boundary).unwrap();
    assert_eq!(parts, vec![("name".to_string(), b"a \"b\"".to_vec()), ("file".to_string(), vec![0, 1, 2])]);
}

#[tokio::test]
async fn calls_are_matched_read_back_and_near_misses_explained() {
    let server = MockServer::start().await;
    GetThing::new().limit(2).0.respond(Answer::json(200, "application/json", &"two")).times(1).mount(&server).await;
    assert_eq!(get(&server, "/api/v2/things/t%2F1?limit=2&tags=a,b%2Cc").await, (200, "\"two\"".into()));

    let (status, body) = get(&server, "/api/v2/things/t1?limit=3").await;
    assert_eq!(status, UNMATCHED_STATUS);
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation, Some("v2.get_thing"));
    let message = &unmatched[0].message;
    assert!(message.starts_with("`v2.get_thing` was called with thing_id = \"t1\", limit = 3"), "{message}");
    assert!(
        message.contains("closest expectation: GetThing (created at runtime/src/datadog/mock/tests.rs:"),
        "{message}"
    );
    assert!(message.ends_with("(differs in `limit`: expected 2, got 3)"), "{message}");
    assert!(body.contains("differs in `limit`"), "the client's error shows it: {body}");

    get(&server, "/api/v2/other").await;
    let other = server.take_unmatched();
    assert_eq!(other[0].operation, None);
    assert!(other[0].message.starts_with("GET /api/v2/other is a call to no operation"), "{}", other[0]);

    // Another operation's more specific path is not this one's `{thing_id}`.
    get(&server, "/api/v2/things/search").await;
    assert_eq!(server.take_unmatched()[0].operation, None);

    let calls = server.received::<GetThing>().await;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].thing_id, "t/1");
    assert_eq!(calls[0].tags, Some(vec!["a".to_string(), "b,c".to_string()]));
    assert_eq!(calls[1].limit, Some(3));
    server.verify().await;
}

#[tokio::test]
async fn an_exhausted_expectation_lets_calls_through_and_says_so() {
    let server = MockServer::start().await;
    GetThing::new().0.respond(Answer::rate_limited(Duration::from_millis(10))).up_to_n_times(1).mount(&server).await;
    let (status, _) = get(&server, "/api/v2/things/a").await;
    assert_eq!(status, 429);
    let (status, _) = get(&server, "/api/v2/things/a").await;
    assert_eq!(status, UNMATCHED_STATUS);
    let unmatched = server.take_unmatched();
    assert!(unmatched[0].message.contains("has answered the 1 call(s) it allows"), "{}", unmatched[0]);
}

#[tokio::test]
async fn verify_fails_on_a_call_nothing_matched() {
    let server = MockServer::start().await;
    get(&server, "/nowhere").await;
    let verified = tokio::spawn(async move { server.verify().await }).await;
    let panic = verified.unwrap_err().into_panic();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("1 call(s) matched no expectation"), "{message}");
}

#[test]
fn the_config_sends_to_the_server_with_test_keys() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    let config = server.config();
    assert_eq!(config.operation_host("v2.anything").map(|base| base.to_string()), Ok(server.uri()));
    let sent = crate::datadog::auth::credentials(&config, &[&["apiKeyAuth"]]).unwrap();
    assert_eq!(sent, [crate::datadog::auth::Sent::Header("DD-API-KEY", "mock-apiKeyAuth".into())]);
}
