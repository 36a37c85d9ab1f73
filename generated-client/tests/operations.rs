//! Every operation against a mock server: what is sent, the typed result on 200, and each
//! documented error status.

mod common;

use std::fmt::Debug;

use common::{
    API_KEY, CONNECTION_ID, ERROR_MESSAGE, SINK_ORG_ID, SOURCE_ORG_ID, api_for, assert_standard_headers, body_json,
    connection_json, connection_model, error_body, header, nth_id, received, uuid,
};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{
    CreateOrgConnectionsError, DeleteOrgConnectionsError, ListOrgConnectionsError, ListOrgConnectionsOptionalParams,
    OrgConnectionsAPI, UpdateOrgConnectionsError,
};
use datadog_org_connections::datadogV2::model::{
    APIErrorResponse, OrgConnectionCreate, OrgConnectionCreateAttributes, OrgConnectionCreateRelationships,
    OrgConnectionCreateRequest, OrgConnectionListResponse, OrgConnectionListResponseMeta,
    OrgConnectionListResponseMetaPage, OrgConnectionOrgRelationship, OrgConnectionOrgRelationshipData,
    OrgConnectionOrgRelationshipDataType, OrgConnectionResponse, OrgConnectionType, OrgConnectionTypeEnum,
    OrgConnectionUpdate, OrgConnectionUpdateAttributes, OrgConnectionUpdateRequest,
};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COLLECTION: &str = "/api/v2/org_connections";

fn item_path() -> String {
    format!("{COLLECTION}/{CONNECTION_ID}")
}

fn create_request() -> OrgConnectionCreateRequest {
    OrgConnectionCreateRequest::new(OrgConnectionCreate::new(
        OrgConnectionCreateAttributes::new(vec![OrgConnectionTypeEnum::LOGS, OrgConnectionTypeEnum::AUDIT]),
        OrgConnectionCreateRelationships::new(
            OrgConnectionOrgRelationship::new().data(
                OrgConnectionOrgRelationshipData::new()
                    .id(SINK_ORG_ID.to_string())
                    .type_(OrgConnectionOrgRelationshipDataType::ORGS),
            ),
        ),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

fn create_request_json() -> serde_json::Value {
    json!({
        "data": {
            "type": "org_connection",
            "attributes": { "connection_types": ["logs", "audit"] },
            "relationships": { "sink_org": { "data": { "id": SINK_ORG_ID, "type": "orgs" } } },
        }
    })
}

fn update_request() -> OrgConnectionUpdateRequest {
    OrgConnectionUpdateRequest::new(OrgConnectionUpdate::new(
        OrgConnectionUpdateAttributes::new(vec![OrgConnectionTypeEnum::METRICS]),
        uuid(CONNECTION_ID),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

fn update_request_json() -> serde_json::Value {
    json!({
        "data": {
            "id": CONNECTION_ID,
            "type": "org_connection",
            "attributes": { "connection_types": ["metrics"] },
        }
    })
}

/// Asserts the server saw exactly one request, with this method and path, and returns it.
async fn single_request(server: &MockServer, verb: &str, expected_path: &str) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    let request = requests.remove(0);
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(request.url.path(), expected_path);
    request
}

#[tokio::test]
async fn list_org_connections_sends_all_four_params_and_decodes_the_list() {
    let server = MockServer::start().await;
    let body = json!({
        "data": [connection_json(&nth_id(1)), connection_json(&nth_id(2))],
        "meta": { "page": { "total_count": 7, "total_filtered_count": 2 } },
    });
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let params = ListOrgConnectionsOptionalParams::default()
        .sink_org_id(SINK_ORG_ID.to_string())
        .source_org_id(SOURCE_ORG_ID.to_string())
        .limit(10)
        .offset(20);
    let result = api_for(&server).list_org_connections(params).await.expect("list succeeds");

    let expected = OrgConnectionListResponse::new(vec![connection_model(&nth_id(1)), connection_model(&nth_id(2))])
        .meta(
            OrgConnectionListResponseMeta::new()
                .page(OrgConnectionListResponseMetaPage::new().total_count(7).total_filtered_count(2)),
        );
    assert_eq!(result, expected);

    let request = single_request(&server, "GET", COLLECTION).await;
    assert_eq!(
        request.url.query(),
        Some(format!("sink_org_id={SINK_ORG_ID}&source_org_id={SOURCE_ORG_ID}&limit=10&offset=20").as_str())
    );
    assert_standard_headers(&request, false);
}

#[tokio::test]
async fn list_org_connections_without_params_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .mount(&server)
        .await;

    let result =
        api_for(&server).list_org_connections(ListOrgConnectionsOptionalParams::default()).await.expect("list");
    assert_eq!(result, OrgConnectionListResponse::new(vec![]));

    let request = single_request(&server, "GET", COLLECTION).await;
    assert_eq!(request.url.query(), None);
    assert_standard_headers(&request, false);
}

#[tokio::test]
async fn list_org_connections_encodes_query_values() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .mount(&server)
        .await;

    let awkward = "a b&c=d/é?#";
    let params = ListOrgConnectionsOptionalParams::default().sink_org_id(awkward.to_string());
    api_for(&server).list_org_connections(params).await.expect("list");

    let request = single_request(&server, "GET", COLLECTION).await;
    let pairs: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs, vec![("sink_org_id".to_string(), awkward.to_string())]);
}

#[tokio::test]
async fn create_org_connections_posts_the_exact_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COLLECTION))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })))
        .mount(&server)
        .await;

    let result = api_for(&server).create_org_connections(create_request()).await.expect("create succeeds");
    assert_eq!(result, OrgConnectionResponse::new(connection_model(CONNECTION_ID)));

    let request = single_request(&server, "POST", COLLECTION).await;
    assert_eq!(request.url.query(), None);
    assert_standard_headers(&request, true);
    assert_eq!(body_json(&request), create_request_json());
}

#[tokio::test]
async fn update_org_connections_patches_the_connection_path() {
    let server = MockServer::start().await;
    let mut answer = connection_json(CONNECTION_ID);
    answer["attributes"]["connection_types"] = json!(["metrics"]);
    Mock::given(method("PATCH"))
        .and(path(item_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": answer })))
        .mount(&server)
        .await;

    let result =
        api_for(&server).update_org_connections(uuid(CONNECTION_ID), update_request()).await.expect("update succeeds");
    let mut expected = connection_model(CONNECTION_ID);
    expected.attributes.connection_types = vec![OrgConnectionTypeEnum::METRICS];
    assert_eq!(result, OrgConnectionResponse::new(expected));
    assert_eq!(result.data.id, uuid(CONNECTION_ID));

    let request = single_request(&server, "PATCH", &item_path()).await;
    assert_eq!(request.url.query(), None);
    assert_standard_headers(&request, true);
    assert_eq!(body_json(&request), update_request_json());
}

#[tokio::test]
async fn delete_org_connections_accepts_an_empty_object_and_an_empty_body() {
    let answers = [
        ("{}", ResponseTemplate::new(200).set_body_raw("{}", "application/json")),
        ("empty body", ResponseTemplate::new(200)),
    ];
    for (label, answer) in answers {
        let server = MockServer::start().await;
        Mock::given(method("DELETE")).and(path(item_path())).respond_with(answer).mount(&server).await;

        let result = api_for(&server).delete_org_connections(uuid(CONNECTION_ID)).await;
        assert!(matches!(result, Ok(())), "{label}: {result:?}");

        let request = single_request(&server, "DELETE", &item_path()).await;
        assert_eq!(request.url.query(), None, "{label}");
        assert_standard_headers(&request, false);
    }
}

#[tokio::test]
async fn with_http_info_returns_status_headers_and_raw_body() {
    let server = MockServer::start().await;
    let body = json!({ "data": [connection_json(CONNECTION_ID)] });
    Mock::given(method("GET"))
        .and(path(COLLECTION))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(body.clone()).insert_header("x-ratelimit-remaining", "42"),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(item_path()))
        .respond_with(ResponseTemplate::new(200).insert_header("x-ratelimit-remaining", "41"))
        .mount(&server)
        .await;
    let api = api_for(&server);

    let list = api
        .list_org_connections_with_http_info(ListOrgConnectionsOptionalParams::default())
        .await
        .expect("list succeeds");
    assert_eq!(list.status.as_u16(), 200);
    assert_eq!(list.headers.get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("42"));
    assert_eq!(list.entity, Some(OrgConnectionListResponse::new(vec![connection_model(CONNECTION_ID)])));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&list.content).expect("raw body is JSON"), body);

    let delete = api.delete_org_connections_with_http_info(uuid(CONNECTION_ID)).await.expect("delete succeeds");
    assert_eq!(delete.status.as_u16(), 200);
    assert_eq!(delete.headers.get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("41"));
    assert_eq!(delete.entity, Some(()));
    assert_eq!(received(&server).await.len(), 2);
}

#[derive(Clone, Copy, Debug)]
enum Op {
    List,
    Create,
    Update,
    Delete,
}

impl Op {
    fn verb(self) -> &'static str {
        match self {
            Op::List => "GET",
            Op::Create => "POST",
            Op::Update => "PATCH",
            Op::Delete => "DELETE",
        }
    }

    fn path(self) -> String {
        match self {
            Op::List | Op::Create => COLLECTION.to_string(),
            Op::Update | Op::Delete => item_path(),
        }
    }

    fn documented_errors(self) -> &'static [u16] {
        match self {
            Op::List => &[401, 403, 429],
            Op::Create => &[400, 401, 403, 404, 409, 429],
            Op::Update => &[400, 401, 403, 404, 429],
            Op::Delete => &[400, 401, 403, 404, 429],
        }
    }

    /// Calls the operation and checks the error it returns against the documented error body.
    async fn call_and_check_error(self, api: &OrgConnectionsAPI, status: u16) {
        let api_error = || APIErrorResponse::new(vec![ERROR_MESSAGE.into()]);
        match self {
            Op::List => check_error(
                self,
                status,
                api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await,
                ListOrgConnectionsError::APIErrorResponse(api_error()),
            ),
            Op::Create => check_error(
                self,
                status,
                api.create_org_connections(create_request()).await,
                CreateOrgConnectionsError::APIErrorResponse(api_error()),
            ),
            Op::Update => check_error(
                self,
                status,
                api.update_org_connections(uuid(CONNECTION_ID), update_request()).await,
                UpdateOrgConnectionsError::APIErrorResponse(api_error()),
            ),
            Op::Delete => check_error(
                self,
                status,
                api.delete_org_connections(uuid(CONNECTION_ID)).await,
                DeleteOrgConnectionsError::APIErrorResponse(api_error()),
            ),
        }
    }
}

fn check_error<T: Debug, E: Debug + PartialEq>(op: Op, status: u16, result: Result<T, datadog::Error<E>>, expected: E) {
    let error = match result {
        Ok(value) => panic!("{op:?} answered {status} must fail, got {value:?}"),
        Err(error) => error,
    };
    let display = error.to_string();
    assert!(display.contains(&status.to_string()), "{op:?} {status}: Display {display:?} lacks the status");
    assert!(display.contains(ERROR_MESSAGE), "{op:?} {status}: Display {display:?} lacks the message");
    match error {
        datadog::Error::ResponseError(content) => {
            assert_eq!(content.status.as_u16(), status, "{op:?}");
            assert_eq!(content.entity, Some(expected), "{op:?} {status}");
            let raw: serde_json::Value = serde_json::from_str(&content.content).expect("raw error body is JSON");
            assert_eq!(raw, error_body(), "{op:?} {status}");
        }
        other => panic!("{op:?} {status}: expected ResponseError, got {other:?}"),
    }
}

#[tokio::test]
async fn every_documented_error_status_is_a_typed_response_error() {
    let server = MockServer::start().await;
    let api = api_for(&server);
    for op in [Op::List, Op::Create, Op::Update, Op::Delete] {
        for &status in op.documented_errors() {
            server.reset().await;
            Mock::given(method(op.verb()))
                .and(path(op.path()))
                .respond_with(ResponseTemplate::new(status).set_body_json(error_body()))
                .mount(&server)
                .await;

            op.call_and_check_error(&api, status).await;

            // Exactly one attempt: retries are off by default, even for 429.
            let requests = received(&server).await;
            assert_eq!(requests.len(), 1, "{op:?} {status}: {requests:#?}");
            assert_eq!(header(&requests[0], "DD-API-KEY"), Some(API_KEY));
        }
    }
}
