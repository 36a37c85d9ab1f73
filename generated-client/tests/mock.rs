//! The typed mocks (cargo feature `mock`), used as a user's test would use them: only the public
//! mock API and the client's own types, no raw HTTP. Every operation, pagination over several
//! pages, a rate-limited call retried, error answers, and a call no expectation matches.

use std::time::Duration;

use datadog_org_connections::datadog;
use datadog_org_connections::datadog::mock::{Answer, MockServer};
use datadog_org_connections::datadogV2::api_org_connections::{
    ListOrgConnectionsError, ListOrgConnectionsOptionalParams, OrgConnectionsAPI, UpdateOrgConnectionsError, mock,
};
use datadog_org_connections::datadogV2::model::{
    APIErrorResponse, OrgConnection, OrgConnectionAttributes, OrgConnectionCreate, OrgConnectionCreateAttributes,
    OrgConnectionCreateRelationships, OrgConnectionCreateRequest, OrgConnectionListResponse,
    OrgConnectionListResponseMeta, OrgConnectionListResponseMetaPage, OrgConnectionOrgRelationship,
    OrgConnectionOrgRelationshipData, OrgConnectionOrgRelationshipDataType, OrgConnectionRelationships,
    OrgConnectionResponse, OrgConnectionType, OrgConnectionTypeEnum, OrgConnectionUpdate,
    OrgConnectionUpdateAttributes, OrgConnectionUpdateRequest,
};
use futures_util::TryStreamExt;
use uuid::Uuid;

const SINK_ORG: &str = "0879ce27-29a1-481f-a12e-bc2a48ec9ae1";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn connection(n: u128) -> OrgConnection {
    let created_at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let sink = OrgConnectionOrgRelationship::new().data(
        OrgConnectionOrgRelationshipData::new()
            .id(SINK_ORG.to_string())
            .type_(OrgConnectionOrgRelationshipDataType::ORGS),
    );
    OrgConnection::new(
        OrgConnectionAttributes::new(vec![OrgConnectionTypeEnum::LOGS], created_at),
        id(n),
        OrgConnectionRelationships::new().sink_org(sink),
        OrgConnectionType::ORG_CONNECTION,
    )
}

fn page(ids: std::ops::Range<u128>, total: i64) -> OrgConnectionListResponse {
    OrgConnectionListResponse::new(ids.map(connection).collect())
        .meta(OrgConnectionListResponseMeta::new().page(OrgConnectionListResponseMetaPage::new().total_count(total)))
}

fn create_request(types: Vec<OrgConnectionTypeEnum>) -> OrgConnectionCreateRequest {
    let sink = OrgConnectionOrgRelationship::new().data(
        OrgConnectionOrgRelationshipData::new()
            .id(SINK_ORG.to_string())
            .type_(OrgConnectionOrgRelationshipDataType::ORGS),
    );
    OrgConnectionCreateRequest::new(OrgConnectionCreate::new(
        OrgConnectionCreateAttributes::new(types),
        OrgConnectionCreateRelationships::new(sink),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

fn update_request(n: u128) -> OrgConnectionUpdateRequest {
    OrgConnectionUpdateRequest::new(OrgConnectionUpdate::new(
        OrgConnectionUpdateAttributes::new(vec![OrgConnectionTypeEnum::METRICS]),
        id(n),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

#[tokio::test]
async fn every_operation_is_matched_answered_and_read_back_in_its_own_types() {
    let server = MockServer::start().await;
    mock::ListOrgConnections::new()
        .sink_org_id(SINK_ORG.to_string())
        .limit(10)
        .respond_ok(page(1..3, 2))
        .header("x-ratelimit-remaining", "99")
        .times(1)
        .mount(&server)
        .await;
    mock::CreateOrgConnections::new()
        .body(create_request(vec![OrgConnectionTypeEnum::LOGS]))
        .respond_ok(OrgConnectionResponse::new(connection(7)))
        .status(201)
        .times(1)
        .mount(&server)
        .await;
    mock::UpdateOrgConnections::new()
        .connection_id(id(7))
        .body_matching(|body| body.data.attributes.connection_types == [OrgConnectionTypeEnum::METRICS])
        .respond_ok(OrgConnectionResponse::new(connection(7)))
        .times(1)
        .mount(&server)
        .await;
    mock::DeleteOrgConnections::new().connection_id(id(7)).respond_ok().times(1).mount(&server).await;

    let api = OrgConnectionsAPI::with_config(server.config());
    let params = ListOrgConnectionsOptionalParams::default().sink_org_id(SINK_ORG.to_string()).limit(10);
    let listed = api.list_org_connections_with_http_info(params).await.unwrap();
    assert_eq!(listed.entity, Some(page(1..3, 2)));
    assert_eq!(listed.headers.get("x-ratelimit-remaining").unwrap(), "99");
    let created = api.create_org_connections_with_http_info(create_request(vec![OrgConnectionTypeEnum::LOGS])).await;
    assert_eq!(created.unwrap().status.as_u16(), 201);
    let updated = api.update_org_connections(id(7), update_request(7)).await.unwrap();
    assert_eq!(updated.data.id, id(7));
    api.delete_org_connections(id(7)).await.unwrap();

    // What the server received, read back as each operation's parameters and body.
    let lists = server.received::<mock::ListOrgConnections>().await;
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].params.sink_org_id.as_deref(), Some(SINK_ORG));
    assert_eq!((lists[0].params.limit, lists[0].params.offset), (Some(10), None));
    let creates = server.received::<mock::CreateOrgConnections>().await;
    assert_eq!(creates[0].body, create_request(vec![OrgConnectionTypeEnum::LOGS]));
    let updates = server.received::<mock::UpdateOrgConnections>().await;
    assert_eq!((updates[0].connection_id, &updates[0].body), (id(7), &update_request(7)));
    let deletes = server.received::<mock::DeleteOrgConnections>().await;
    assert_eq!(deletes.iter().map(|call| call.connection_id).collect::<Vec<_>>(), [id(7)]);
    // Each answered exactly the calls it expects, and nothing went unmatched.
    server.verify().await;
}

#[tokio::test]
async fn pagination_walks_every_page() {
    let server = MockServer::start().await;
    // The first page is asked for without an offset; the next ones with the offset they start at.
    mock::ListOrgConnections::new()
        .limit(2)
        .matching(|call| call.params.offset.is_none())
        .respond_ok(page(0..2, 5))
        .times(1)
        .mount(&server)
        .await;
    for (offset, ids) in [(2, 2..4), (4, 4..5)] {
        mock::ListOrgConnections::new().limit(2).offset(offset).respond_ok(page(ids, 5)).times(1).mount(&server).await;
    }

    let api = OrgConnectionsAPI::with_config(server.config());
    let stream = api.list_org_connections_with_pagination(ListOrgConnectionsOptionalParams::default().limit(2));
    let items: Vec<OrgConnection> = stream.try_collect().await.unwrap();
    assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), (0..5).map(id).collect::<Vec<_>>());

    let offsets: Vec<Option<i64>> =
        server.received::<mock::ListOrgConnections>().await.iter().map(|call| call.params.offset).collect();
    assert_eq!(offsets, [None, Some(2), Some(4)]);
    server.verify().await;
}

#[tokio::test]
async fn a_rate_limited_call_is_retried_after_the_wait_it_asks_for() {
    let server = MockServer::start().await;
    // First a 429 with the API's rate-limit headers, once; then the answer.
    mock::ListOrgConnections::new()
        .respond(Answer::rate_limited(Duration::from_millis(50)))
        .up_to_n_times(1)
        .times(1)
        .mount(&server)
        .await;
    mock::ListOrgConnections::new().respond_ok(page(0..1, 1)).times(1).mount(&server).await;

    let mut config = server.config();
    config.set_retry(true, 3);
    let api = OrgConnectionsAPI::with_config(config);
    let started = std::time::Instant::now();
    let listed = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await.unwrap();
    assert_eq!(listed, page(0..1, 1));
    assert!(started.elapsed() >= Duration::from_millis(50), "waited {:?}", started.elapsed());
    assert_eq!(server.received::<mock::ListOrgConnections>().await.len(), 2);
    server.verify().await;

    // Without retries, the 429 is the caller's, with the wait it asks for.
    let server = MockServer::start().await;
    mock::ListOrgConnections::new().respond(Answer::rate_limited(Duration::from_secs(3))).mount(&server).await;
    let api = OrgConnectionsAPI::with_config(server.config());
    let Err(datadog::Error::ResponseError(answer)) =
        api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await
    else {
        panic!("a 429 is an error");
    };
    assert_eq!((answer.status.as_u16(), answer.retry_after()), (429, Some(Duration::from_secs(3))));
}

#[tokio::test]
async fn error_answers_come_back_as_the_operations_typed_errors() {
    let server = MockServer::start().await;
    let not_found = APIErrorResponse::new(vec!["Org connection not found".to_string()]);
    mock::UpdateOrgConnections::new()
        .connection_id(id(404))
        .respond_error(404, UpdateOrgConnectionsError::APIErrorResponse(not_found.clone()))
        .mount(&server)
        .await;
    // A hostile answer: a 200 whose body is cut short.
    mock::ListOrgConnections::new()
        .respond(Answer::raw(200, "application/json", r#"{"data": [{"id""#))
        .mount(&server)
        .await;

    let api = OrgConnectionsAPI::with_config(server.config());
    let error = api.update_org_connections(id(404), update_request(404)).await.unwrap_err();
    let shown = error.to_string();
    let datadog::Error::ResponseError(answer) = error else { panic!("an error answer: {shown}") };
    assert_eq!(answer.status.as_u16(), 404);
    assert_eq!(answer.entity, Some(UpdateOrgConnectionsError::APIErrorResponse(not_found)));
    assert_eq!(shown, "the API answered 404 Not Found: Org connection not found");

    let cut = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await.unwrap_err();
    assert!(matches!(cut, datadog::Error::<ListOrgConnectionsError>::Serde(_)), "{cut}");
    server.verify().await;
}

#[tokio::test]
async fn a_call_with_a_wrong_parameter_fails_naming_the_closest_expectation() {
    let server = MockServer::start().await;
    let line = line!() + 1;
    mock::ListOrgConnections::new().limit(2).offset(0).respond_ok(page(0..2, 2)).mount(&server).await;
    mock::CreateOrgConnections::new().respond_ok(OrgConnectionResponse::new(connection(1))).mount(&server).await;

    // The code under test asks for a page of 3 where the test expects 2.
    let api = OrgConnectionsAPI::with_config(server.config());
    let params = ListOrgConnectionsOptionalParams::default().limit(3).offset(0);
    let error = api.list_org_connections(params).await.unwrap_err();

    let created_at = format!("{}:{line}:", file!());
    let expected_start = "`v2.list_org_connections` was called with limit = 3, offset = 0, and no expectation \
                          matches; closest expectation: ListOrgConnections (created at ";
    let expected_end = ") (differs in `limit`: expected 2, got 3)";
    // The client's error shows it (the mock answered 418 with it as the error body)...
    let shown = error.to_string();
    assert!(shown.starts_with("the API answered 418 I'm a teapot: `v2.list_org_connections`"), "{shown}");
    assert!(shown.contains(&created_at) && shown.ends_with(expected_end), "{shown}");
    // ...and so does the server, which would panic with it in `verify` or when dropped.
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation, Some("v2.list_org_connections"));
    let message = &unmatched[0].message;
    assert!(message.starts_with(expected_start), "{message}");
    assert!(message.contains(&created_at), "names where the expectation was written: {message}");
    assert!(message.ends_with(expected_end), "{message}");

    // A body that differs is named by its first differing JSON path.
    let server = MockServer::start().await;
    mock::CreateOrgConnections::new()
        .body(create_request(vec![OrgConnectionTypeEnum::LOGS]))
        .respond_ok(OrgConnectionResponse::new(connection(1)))
        .mount(&server)
        .await;
    let metrics = create_request(vec![OrgConnectionTypeEnum::METRICS]);
    let api = OrgConnectionsAPI::with_config(server.config());
    api.create_org_connections(metrics).await.unwrap_err();
    let message = server.take_unmatched().remove(0).message;
    assert!(
        message.ends_with(
            "(differs in `body`: expected \"logs\" at `data.attributes.connection_types[0]`, got \"metrics\")"
        ),
        "{message}"
    );

    // The verification a test ends with fails on a call nothing matched.
    let server = MockServer::start().await;
    let api = OrgConnectionsAPI::with_config(server.config());
    api.delete_org_connections(id(1)).await.unwrap_err();
    let verified = tokio::spawn(async move { server.verify().await }).await;
    let panic = verified.unwrap_err().into_panic();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message
            .contains("DELETE /api/v2/org_connections/00000000-0000-0000-0000-000000000001 is a call to no operation"),
        "{message}"
    );
}

/// The READMEs' "Testing your code" (the crate's and the repository's) show
/// `tests/readme_mock.rs`, which runs: the example cannot drift from what compiles.
#[test]
fn the_readme_example_is_a_test_that_runs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join("tests/readme_mock.rs")).unwrap();
    let shown = &example[example.find("use datadog_org_connections").unwrap()..];
    for readme in ["README.md", "../README.md"] {
        let text = std::fs::read_to_string(root.join(readme)).unwrap();
        assert!(
            text.contains(&format!("```rust\n{shown}```")),
            "{readme} must show tests/readme_mock.rs from its first `use`"
        );
    }
}
