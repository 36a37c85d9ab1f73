//! The client against a hostile or careless network, second round: keys never go over plain
//! `http` to a host that is not loopback, and paging ends when the server makes no progress or
//! an offset would overflow. Each test runs a real server on loopback. (Path parameters that
//! would leave their segment, and commas inside list items, are proven on a spec that has
//! string path parameters and list queries: `generator/tests/corpus/hostile_paths.rs`.)

mod common;

use common::{API_KEY, APP_KEY, connection_json, header, list_with, new_config, nth_id, received};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{ListOrgConnectionsOptionalParams, OrgConnectionsAPI};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A configuration with the test keys whose every request goes through the proxy `proxy`.
fn through_proxy(proxy: &MockServer) -> datadog::Configuration {
    let mut config = new_config();
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "".into() });
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: APP_KEY.into(), prefix: "".into() });
    config.set_proxy_url(Some(proxy.uri()));
    config
}

/// A plain-http proxy on loopback that answers every request with an empty listing: it sees
/// whatever the client would send in clear text.
async fn proxy() -> MockServer {
    let proxy = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []}))).mount(&proxy).await;
    proxy
}

#[tokio::test]
async fn keys_never_go_over_plain_http_to_a_host_that_is_not_loopback() {
    let proxy = proxy().await;
    // A base URL, and the spec's `{protocol}://{name}` server set by hand.
    let mut by_base_url = through_proxy(&proxy);
    by_base_url.set_base_url("http://api.example.test");
    let mut by_variables = through_proxy(&proxy);
    by_variables.server_index = 1;
    by_variables.server_variables.insert("protocol".into(), "http".into());
    by_variables.server_variables.insert("name".into(), "10.20.30.40:8080".into());
    for config in [by_base_url, by_variables] {
        let error = common::expect_config_error(&list_with(config).await);
        assert!(error.contains("plain http to a host that is not loopback"), "{error}");
    }
    assert!(received(&proxy).await.is_empty(), "nothing left the client");

    // Opting in, by a setting that says what it is, sends as asked.
    let mut allowed = through_proxy(&proxy);
    allowed.set_base_url("http://api.example.test");
    allowed.set_allow_insecure_http(true);
    list_with(allowed).await.unwrap();
    let sent = received(&proxy).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.host_str(), Some("api.example.test"), "the proxy saw the cleartext request");
    assert_eq!(header(&sent[0], "dd-api-key"), Some(API_KEY));
}

#[tokio::test]
async fn plain_http_to_loopback_needs_no_opt_in() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []}))).mount(&server).await;
    for host in ["127.0.0.1", "localhost"] {
        let mut config = common::config_for(&server);
        config.set_base_url(&server.uri().replace("127.0.0.1", host));
        list_with(config).await.unwrap_or_else(|e| panic!("{host}: {e}"));
    }
    assert_eq!(received(&server).await.len(), 2);
}

/// A page of `ids`' connections.
fn page(ids: std::ops::Range<usize>) -> ResponseTemplate {
    let data: Vec<_> = ids.map(|n| connection_json(&nth_id(n))).collect();
    ResponseTemplate::new(200).set_body_json(json!({ "data": data, "meta": { "page": {} } }))
}

/// The stream's items, as ids or error messages.
async fn all(api: &OrgConnectionsAPI, params: ListOrgConnectionsOptionalParams) -> Vec<Result<String, String>> {
    let stream = api.list_org_connections_with_pagination(params);
    stream.map(|item| item.map(|c| c.id.to_string()).map_err(|e| e.to_string())).collect().await
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    // The same full page, whatever the offset: before, the stream asked for it forever.
    Mock::given(any()).respond_with(page(0..2)).mount(&server).await;
    let api = common::api_for(&server);
    let items = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        all(&api, ListOrgConnectionsOptionalParams::default().limit(2)),
    )
    .await
    .expect("the stream ends");
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0], Ok(nth_id(0)));
    assert_eq!(items[1], Ok(nth_id(1)));
    let error = items[2].as_ref().unwrap_err();
    assert!(error.contains("pagination stopped: page 2 has the same items as page 1"), "{error}");
    let offsets: Vec<_> =
        received(&server).await.iter().map(|r| r.url.query().unwrap_or_default().to_string()).collect();
    assert_eq!(offsets, ["limit=2", "limit=2&offset=2"]);
}

#[tokio::test]
async fn an_offset_at_the_end_of_its_type_ends_the_stream_with_an_error_not_a_wrap() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(page(0..1)).mount(&server).await;
    let api = common::api_for(&server);
    let params = ListOrgConnectionsOptionalParams::default().limit(1).offset(i64::MAX);
    let items = all(&api, params).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0], Ok(nth_id(0)));
    assert!(items[1].as_ref().unwrap_err().contains("the next offset overflows"), "{items:?}");
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1, "no request with a wrapped, negative offset");
    assert_eq!(sent[0].url.query(), Some(format!("limit=1&offset={}", i64::MAX).as_str()));
}
