//! Retries: 429 honours X-RateLimit-Reset, 5xx is retried only for idempotent methods,
//! retries are off by default and bounded by max_retries.

mod common;

use std::time::{Duration, Instant};

use common::{
    CONNECTION_ID, api_for, config_for, connection_json, connection_model, create_request, error_body, list_ok,
    mount_sequence, rate_limited, received, uuid,
};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{
    CreateOrgConnectionsError, ListOrgConnectionsOptionalParams, OrgConnectionsAPI,
};
use datadog_org_connections::datadogV2::model::{
    APIErrorResponse, OrgConnectionListResponse, OrgConnectionType, OrgConnectionTypeEnum, OrgConnectionUpdate,
    OrgConnectionUpdateAttributes, OrgConnectionUpdateRequest,
};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn retrying_api(server: &MockServer, max_retries: u32) -> OrgConnectionsAPI {
    let mut config = config_for(server);
    config.set_retry(true, max_retries);
    OrgConnectionsAPI::with_config(config)
}

fn update_request() -> OrgConnectionUpdateRequest {
    OrgConnectionUpdateRequest::new(OrgConnectionUpdate::new(
        OrgConnectionUpdateAttributes::new(vec![OrgConnectionTypeEnum::LOGS]),
        uuid(CONNECTION_ID),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

fn service_unavailable() -> ResponseTemplate {
    // Retry-After: 0 keeps the test fast when the answer is retried.
    ResponseTemplate::new(503)
        .set_body_json(json!({ "errors": ["Service Unavailable"] }))
        .insert_header("Retry-After", "0")
}

#[tokio::test]
async fn a_429_is_retried_after_x_ratelimit_reset() {
    let server = MockServer::start().await;
    mount_sequence(&server, rate_limited("1"), list_ok()).await;

    let started = Instant::now();
    let result = retrying_api(&server, 2)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect("succeeds after one retry");
    let elapsed = started.elapsed();

    assert_eq!(result, OrgConnectionListResponse::new(vec![connection_model(CONNECTION_ID)]));
    assert!(elapsed >= Duration::from_millis(900), "waited only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "waited {elapsed:?}");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        common::assert_standard_headers(request, false);
    }
}

#[tokio::test]
async fn a_429_on_post_is_retried_with_the_same_body() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        rate_limited("0"),
        ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })),
    )
    .await;

    let result = retrying_api(&server, 2).create_org_connections(create_request()).await.expect("create");
    assert_eq!(result.data, connection_model(CONNECTION_ID));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(common::body_json(&requests[0]), common::body_json(&requests[1]));
    common::assert_standard_headers(&requests[1], true);
}

#[tokio::test]
async fn retries_are_off_by_default() {
    let server = MockServer::start().await;
    mount_sequence(&server, rate_limited("0"), list_ok()).await;

    let error = api_for(&server)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect_err("the 429 is returned");
    match error {
        datadog::Error::ResponseError(content) => {
            assert_eq!(content.status.as_u16(), 429);
            assert_eq!(content.headers.get("x-ratelimit-reset").and_then(|v| v.to_str().ok()), Some("0"));
        }
        other => panic!("expected ResponseError, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_503_is_not_retried_for_post_or_patch() {
    let server = MockServer::start().await;
    let api = retrying_api(&server, 2);

    mount_sequence(
        &server,
        service_unavailable(),
        ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })),
    )
    .await;
    match api.create_org_connections(create_request()).await {
        Err(datadog::Error::ResponseError(content)) => {
            assert_eq!(content.status.as_u16(), 503);
            assert_eq!(
                content.entity,
                Some(CreateOrgConnectionsError::APIErrorResponse(APIErrorResponse::new(vec![
                    "Service Unavailable".into()
                ])))
            );
        }
        other => panic!("expected the 503, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1, "POST must not be retried on 503");

    server.reset().await;
    mount_sequence(
        &server,
        service_unavailable(),
        ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })),
    )
    .await;
    match api.update_org_connections(uuid(CONNECTION_ID), update_request()).await {
        Err(datadog::Error::ResponseError(content)) => assert_eq!(content.status.as_u16(), 503),
        other => panic!("expected the 503, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1, "PATCH must not be retried on 503");
}

#[tokio::test]
async fn a_503_is_retried_for_get_and_delete() {
    let server = MockServer::start().await;
    let api = retrying_api(&server, 2);

    mount_sequence(&server, service_unavailable(), list_ok()).await;
    let result =
        api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await.expect("GET succeeds on retry");
    assert_eq!(result, OrgConnectionListResponse::new(vec![connection_model(CONNECTION_ID)]));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method.as_str() == "GET"));

    server.reset().await;
    mount_sequence(&server, service_unavailable(), ResponseTemplate::new(200)).await;
    api.delete_org_connections(uuid(CONNECTION_ID)).await.expect("DELETE succeeds on retry");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method.as_str() == "DELETE"));
}

#[tokio::test]
async fn max_retries_bounds_the_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_limited("0")).mount(&server).await;

    let result = retrying_api(&server, 2).list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    match result {
        Err(datadog::Error::ResponseError(content)) => assert_eq!(content.status.as_u16(), 429),
        other => panic!("expected the last 429, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 3, "one attempt and two retries");

    server.reset().await;
    Mock::given(method("GET")).respond_with(rate_limited("0")).mount(&server).await;
    let result = retrying_api(&server, 0).list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    assert!(matches!(result, Err(datadog::Error::ResponseError(_))), "{result:?}");
    assert_eq!(received(&server).await.len(), 1, "max_retries 0 means a single attempt");
}

#[tokio::test]
async fn a_400_is_never_retried() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(400).set_body_json(error_body()), list_ok()).await;

    let result = retrying_api(&server, 3).list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    assert!(matches!(&result, Err(datadog::Error::ResponseError(c)) if c.status.as_u16() == 400), "{result:?}");
    assert_eq!(received(&server).await.len(), 1);
}
