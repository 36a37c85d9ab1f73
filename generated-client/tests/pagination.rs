//! `list_org_connections_with_pagination`: offset paging across pages, where it stops (with and
//! without a limit), and errors mid-way.

mod common;

use common::{api_for, connection_json, connection_model, error_body, nth_id, received};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{
    ListOrgConnectionsError, ListOrgConnectionsOptionalParams,
};
use datadog_org_connections::datadogV2::model::{APIErrorResponse, OrgConnection};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COLLECTION: &str = "/api/v2/org_connections";

/// A page of the given connections, with `page` as its `meta.page`.
fn page_with(ids: std::ops::Range<usize>, page: serde_json::Value) -> ResponseTemplate {
    let data: Vec<_> = ids.map(|n| connection_json(&nth_id(n))).collect();
    ResponseTemplate::new(200).set_body_json(json!({ "data": data, "meta": { "page": page } }))
}

/// A page of the given connections, its meta giving no total.
fn page(ids: std::ops::Range<usize>) -> ResponseTemplate {
    page_with(ids, json!({}))
}

/// A page of the given connections, its meta giving the total as the API does.
fn page_of_total(ids: std::ops::Range<usize>, total: usize) -> ResponseTemplate {
    page_with(ids, json!({ "total_count": total }))
}

/// Below the mocks a test mounts with priority 1: any other request gets a 400 saying `why`.
async fn mount_fallback(server: &MockServer, why: &str) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "errors": [why] })))
        .with_priority(2)
        .mount(server)
        .await;
}

/// The query strings of the requests `server` received, in order.
async fn queries(server: &MockServer) -> Vec<Option<String>> {
    received(server).await.iter().map(|r| r.url.query().map(str::to_string)).collect()
}

/// A request for the page starting at `offset` of a listing by `limit` (`None`: without that
/// parameter).
fn page_request(limit: Option<&str>, offset: Option<&str>) -> wiremock::MockBuilder {
    let mock = Mock::given(method("GET")).and(path(COLLECTION));
    let mock = match limit {
        Some(limit) => mock.and(query_param("limit", limit)),
        None => mock.and(query_param_is_missing("limit")),
    };
    match offset {
        Some(offset) => mock.and(query_param("offset", offset)),
        None => mock.and(query_param_is_missing("offset")),
    }
}

/// Mounts the answer for the page starting at `offset` (`None`: no offset parameter) of pages of 2.
async fn mount_page(server: &MockServer, offset: Option<&str>, answer: ResponseTemplate) {
    page_request(Some("2"), offset).respond_with(answer).mount(server).await;
}

fn expected_items(ids: std::ops::Range<usize>) -> Vec<OrgConnection> {
    ids.map(|n| connection_model(&nth_id(n))).collect()
}

#[tokio::test]
async fn pages_are_followed_by_offset_until_a_short_page() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(0..2)).await;
    mount_page(&server, Some("2"), page(2..4)).await;
    mount_page(&server, Some("4"), page(4..5)).await;

    let api = api_for(&server);
    let items: Vec<OrgConnection> = api
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(2))
        .try_collect()
        .await
        .expect("every page succeeds");

    assert_eq!(items, expected_items(0..5));
    let requests = received(&server).await;
    let queries: Vec<_> = requests.iter().map(|r| r.url.query().map(str::to_string)).collect();
    assert_eq!(
        queries,
        vec![Some("limit=2".to_string()), Some("limit=2&offset=2".to_string()), Some("limit=2&offset=4".to_string())]
    );
    for request in &requests {
        assert_eq!(request.url.path(), COLLECTION);
        common::assert_standard_headers(request, false);
    }
}

#[tokio::test]
async fn filters_and_a_starting_offset_are_kept_on_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(query_param("offset", "10")).respond_with(page(10..12)).mount(&server).await;
    Mock::given(method("GET")).and(query_param("offset", "12")).respond_with(page(12..12)).mount(&server).await;

    let params =
        ListOrgConnectionsOptionalParams::default().sink_org_id(common::SINK_ORG_ID.to_string()).limit(2).offset(10);
    let items: Vec<OrgConnection> =
        api_for(&server).list_org_connections_with_pagination(params).try_collect().await.expect("pages");

    assert_eq!(items, expected_items(10..12));
    let queries = queries(&server).await;
    let sink = common::SINK_ORG_ID;
    assert_eq!(
        queries,
        vec![
            Some(format!("sink_org_id={sink}&limit=2&offset=10")),
            Some(format!("sink_org_id={sink}&limit=2&offset=12"))
        ]
    );
}

#[tokio::test]
async fn an_error_on_page_two_surfaces_as_an_err_item() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(0..2)).await;
    mount_page(&server, Some("2"), ResponseTemplate::new(403).set_body_json(error_body())).await;
    mount_page(&server, Some("4"), page(4..5)).await;

    let api = api_for(&server);
    let results: Vec<Result<OrgConnection, datadog::Error<ListOrgConnectionsError>>> =
        api.list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(2)).collect().await;

    assert_eq!(results.len(), 3, "two items, then the error, then the end: {results:#?}");
    assert_eq!(results[0].as_ref().expect("first item"), &connection_model(&nth_id(0)));
    assert_eq!(results[1].as_ref().expect("second item"), &connection_model(&nth_id(1)));
    match &results[2] {
        Err(datadog::Error::ResponseError(content)) => {
            assert_eq!(content.status.as_u16(), 403);
            assert_eq!(
                content.entity,
                Some(ListOrgConnectionsError::APIErrorResponse(APIErrorResponse::new(vec!["Bad Request".into()])))
            );
        }
        other => panic!("expected the 403 as the third item, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 2, "no page is fetched after the error");

    // try_collect stops at the same error.
    server.reset().await;
    mount_page(&server, None, page(0..2)).await;
    mount_page(&server, Some("2"), ResponseTemplate::new(403).set_body_json(error_body())).await;
    let collected: Result<Vec<OrgConnection>, _> = api
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(2))
        .try_collect()
        .await;
    assert!(matches!(&collected, Err(datadog::Error::ResponseError(c)) if c.status.as_u16() == 403), "{collected:?}");
}

#[tokio::test]
async fn items_are_streamed_lazily() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(0..2)).await;
    mount_page(&server, Some("2"), page(2..4)).await;

    let api = api_for(&server);
    let first: Vec<_> = api
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(2))
        .take(2)
        .try_collect()
        .await
        .expect("first page");
    assert_eq!(first, expected_items(0..2));
    assert_eq!(received(&server).await.len(), 1, "taking the first page's items fetches only that page");
}

/// A limit of zero or below must not make the stream ask for the same empty page forever.
/// The fallback mock turns a second request into a 400, so the bug shows as an error item
/// instead of a hang.
#[tokio::test]
async fn a_non_positive_limit_stops_at_the_first_empty_page() {
    let server = MockServer::start().await;
    let api = api_for(&server);
    for limit in [0, -1] {
        server.reset().await;
        Mock::given(method("GET"))
            .and(path(COLLECTION))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        mount_fallback(&server, "requested the page again").await;

        let collected: Result<Vec<OrgConnection>, _> = api
            .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(limit))
            .try_collect()
            .await;
        assert_eq!(
            collected.map_err(|e| e.to_string()).expect("an empty page ends the stream"),
            vec![],
            "limit {limit}"
        );
        let queries = queries(&server).await;
        assert_eq!(queries, vec![Some(format!("limit={limit}"))], "limit {limit}: one request only");
    }
}

/// Without a limit (and no default in the spec) the page size is the server's: the first page's
/// length stands for it, so a shorter page ends the stream without asking for one more. The
/// fallback mock turns an extra request into a 400.
#[tokio::test]
async fn without_a_limit_a_page_shorter_than_the_first_is_the_last() {
    let server = MockServer::start().await;
    for (offset, ids) in [(None, 0..3), (Some("3"), 3..6), (Some("6"), 6..7)] {
        page_request(None, offset).respond_with(page(ids)).with_priority(1).mount(&server).await;
    }
    mount_fallback(&server, "one page too many").await;

    let items: Vec<OrgConnection> = api_for(&server)
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default())
        .try_collect()
        .await
        .expect("the short page ends the stream");

    assert_eq!(items, expected_items(0..7));
    let queries = queries(&server).await;
    assert_eq!(queries, vec![None, Some("offset=3".to_string()), Some("offset=6".to_string())]);
}

/// Without a limit, pages as long as the first are followed until an empty one.
#[tokio::test]
async fn without_a_limit_full_pages_are_followed_until_an_empty_one() {
    let server = MockServer::start().await;
    for (offset, ids) in [(None, 0..2), (Some("2"), 2..4), (Some("4"), 4..4)] {
        page_request(None, offset).respond_with(page(ids)).mount(&server).await;
    }

    let items: Vec<OrgConnection> = api_for(&server)
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(items, expected_items(0..4));
    assert_eq!(received(&server).await.len(), 3);
}

/// The API reports the total (`meta.page.total_count`): a stream without a limit stops once it
/// has it all, without the empty page it would otherwise ask for; a fallback mock turns an extra
/// request into a 400.
#[tokio::test]
async fn the_total_the_api_reports_is_never_passed() {
    let server = MockServer::start().await;
    for (offset, ids) in [(None, 0..2), (Some("2"), 2..4)] {
        page_request(None, offset).respond_with(page_of_total(ids, 4)).with_priority(1).mount(&server).await;
    }
    mount_fallback(&server, "past the total").await;

    let items: Vec<OrgConnection> = api_for(&server)
        .list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default())
        .try_collect()
        .await
        .expect("the stream stops at the total");
    assert_eq!(items, expected_items(0..4));
    let queries = queries(&server).await;
    assert_eq!(queries, vec![None, Some("offset=2".to_string())]);
}
