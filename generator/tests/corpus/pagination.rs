//! A test of the crate generated from `pagination.yaml`, which the corpus test copies into it and
//! runs against a server on loopback: an operation that pages through its optional request body
//! (the vendor's `body.page.cursor`) streams every page's items, sending the page size and each
//! next cursor inside the body, and keeping the rest of the body as the caller gave it; one whose
//! only input is a required body pages through that body.

use corpus_pagination::datadog;
use corpus_pagination::datadogV2::api_default::{DefaultAPI, SearchLogsOptionalParams};
use corpus_pagination::datadogV2::model::{LogsQuery, LogsQueryFilter, LogsQueryPage};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn api_for(server: &MockServer) -> DefaultAPI {
    let mut config = datadog::Configuration::new();
    config.set_base_url(&server.uri());
    DefaultAPI::with_config(config)
}

fn page(ids: &[&str], after: Option<&str>) -> ResponseTemplate {
    let data: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    ResponseTemplate::new(200).set_body_json(json!({ "data": data, "meta": { "page": { "after": after } } }))
}

#[tokio::test]
async fn paging_through_the_request_body_sends_the_size_and_each_cursor_in_it() {
    let server = MockServer::start().await;
    let cursor = |c: &str| body_partial_json(json!({ "page": { "cursor": c } }));
    Mock::given(method("POST")).and(path("/logs/search")).respond_with(page(&["a", "b"], Some("c1"))).mount(&server).await;
    Mock::given(cursor("c1")).respond_with(page(&["c", "d"], Some("c2"))).with_priority(1).mount(&server).await;
    Mock::given(cursor("c2")).respond_with(page(&["e"], Some("c3"))).with_priority(1).mount(&server).await;
    let api = api_for(&server);

    let query = LogsQuery::new()
        .filter(LogsQueryFilter::new().query("service:web".into()))
        .page(LogsQueryPage::new().limit(2));
    let items: Vec<String> = api
        .search_logs_with_pagination(SearchLogsOptionalParams::default().body(query))
        .map(|item| item.unwrap().id.unwrap())
        .collect()
        .await;
    // The third page is shorter than the page size: the last one.
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            json!({"filter": {"query": "service:web"}, "page": {"limit": 2}}),
            json!({"filter": {"query": "service:web"}, "page": {"limit": 2, "cursor": "c1"}}),
            json!({"filter": {"query": "service:web"}, "page": {"limit": 2, "cursor": "c2"}}),
        ]
    );
}

#[tokio::test]
async fn without_a_body_the_pager_makes_one_to_carry_the_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(page(&["a"], Some("c1"))).mount(&server).await;
    Mock::given(body_partial_json(json!({ "page": { "cursor": "c1" } })))
        .respond_with(page(&[], None))
        .with_priority(1)
        .mount(&server)
        .await;
    let api = api_for(&server);
    let items: Vec<_> = api.search_logs_with_pagination(SearchLogsOptionalParams::default()).collect().await;
    assert_eq!(items.len(), 1, "{items:?}");
    let bodies: Vec<Vec<u8>> = server.received_requests().await.unwrap().into_iter().map(|r| r.body).collect();
    // No body given: the pager made the body and its page (empty, as the pager looks for a page
    // size there), and the next request asks for the cursor in it. No page size given: the first
    // page's length stands for it, and is not sent.
    assert_eq!(bodies, [br#"{"page":{}}"#.to_vec(), br#"{"page":{"cursor":"c1"}}"#.to_vec()]);
}

#[tokio::test]
async fn a_required_body_is_what_the_pager_moves() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/spans/search")).respond_with(page(&["a", "b"], Some("c1"))).mount(&server).await;
    Mock::given(body_partial_json(json!({ "page": { "cursor": "c1" } })))
        .respond_with(page(&["c"], None))
        .with_priority(1)
        .mount(&server)
        .await;
    let api = api_for(&server);
    let body = LogsQuery::new().page(LogsQueryPage::new().limit(2));
    let items: Vec<String> =
        api.search_spans_with_pagination(body).map(|item| item.unwrap().id.unwrap()).collect().await;
    assert_eq!(items, ["a", "b", "c"]);
    let bodies: Vec<Value> =
        server.received_requests().await.unwrap().iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
    assert_eq!(bodies, [json!({"page": {"limit": 2}}), json!({"page": {"limit": 2, "cursor": "c1"}})]);
}
