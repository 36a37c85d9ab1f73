//! How bodies are encoded and decoded: unknown enum values and fields survive a round trip,
//! unset optional fields are not sent, and bad or unusual bodies give precise errors.

mod common;

use std::io::Write;

use common::{
    CONNECTION_ID, SINK_ORG_ID, api_for, assert_standard_headers, body_json, connection_json, connection_model, header,
    received, uuid,
};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{
    ListOrgConnectionsError, ListOrgConnectionsOptionalParams, UpdateOrgConnectionsError,
};
use datadog_org_connections::datadogV2::model::{
    OrgConnectionCreate, OrgConnectionCreateAttributes, OrgConnectionCreateRelationships, OrgConnectionCreateRequest,
    OrgConnectionListResponse, OrgConnectionOrgRelationship, OrgConnectionResponse, OrgConnectionType,
    OrgConnectionTypeEnum, OrgConnectionUpdate, OrgConnectionUpdateAttributes, OrgConnectionUpdateRequest,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COLLECTION: &str = "/api/v2/org_connections";

async fn serve_list(body: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(COLLECTION)).respond_with(body).mount(&server).await;
    server
}

#[tokio::test]
async fn unknown_enum_value_is_kept_as_unparsed_object_and_reencodes_identically() {
    let mut item = connection_json(CONNECTION_ID);
    item["attributes"]["connection_types"] = json!(["logs", "brand_new"]);
    let body = json!({ "data": [item] });
    let server = serve_list(ResponseTemplate::new(200).set_body_json(body.clone())).await;

    let result = api_for(&server)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect("an unknown enum value must not fail decoding");

    let types = &result.data[0].attributes.connection_types;
    assert_eq!(
        types,
        &vec![
            OrgConnectionTypeEnum::LOGS,
            OrgConnectionTypeEnum::UnparsedObject(datadog::UnparsedObject { value: json!("brand_new") }),
        ]
    );
    assert_eq!(types[1].to_string(), "brand_new");
    assert_eq!(serde_json::to_value(types).unwrap(), json!(["logs", "brand_new"]));
    assert_eq!(serde_json::to_value(&result).unwrap(), body);
}

#[tokio::test]
async fn unknown_enum_value_of_another_json_type_is_kept_too() {
    let mut item = connection_json(CONNECTION_ID);
    item["type"] = json!({ "kind": "org_connection", "version": 2 });
    item["attributes"]["connection_types"] = json!(["metrics", 7, null]);
    let body = json!({ "data": [item] });
    let server = serve_list(ResponseTemplate::new(200).set_body_json(body.clone())).await;

    let result =
        api_for(&server).list_org_connections(ListOrgConnectionsOptionalParams::default()).await.expect("decodes");

    let connection = &result.data[0];
    assert_eq!(
        connection.type_,
        OrgConnectionType::UnparsedObject(datadog::UnparsedObject {
            value: json!({ "kind": "org_connection", "version": 2 })
        })
    );
    assert_eq!(
        connection.attributes.connection_types,
        vec![
            OrgConnectionTypeEnum::METRICS,
            OrgConnectionTypeEnum::UnparsedObject(datadog::UnparsedObject { value: json!(7) }),
            OrgConnectionTypeEnum::UnparsedObject(datadog::UnparsedObject { value: json!(null) }),
        ]
    );
    assert_eq!(serde_json::to_value(&result).unwrap(), body);
}

#[tokio::test]
async fn unknown_fields_land_in_additional_properties_and_survive_a_round_trip() {
    let mut item = connection_json(CONNECTION_ID);
    item["future_field"] = json!({ "nested": [1, 2, 3] });
    item["attributes"]["updated_at"] = json!("2024-02-03T04:05:06Z");
    item["relationships"]["sink_org"]["data"]["region"] = json!("eu1");
    let body = json!({
        "data": [item],
        "meta": { "page": { "total_count": 1, "cursor": "abc" }, "elapsed": 0.5 },
        "links": { "next": null },
    });
    let server = serve_list(ResponseTemplate::new(200).set_body_json(body.clone())).await;

    let result =
        api_for(&server).list_org_connections(ListOrgConnectionsOptionalParams::default()).await.expect("decodes");

    assert_eq!(result.additional_properties.get("links"), Some(&json!({ "next": null })));
    assert_eq!(result.additional_properties.len(), 1);
    let meta = result.meta.as_ref().expect("meta decoded");
    assert_eq!(meta.additional_properties.get("elapsed"), Some(&json!(0.5)));
    let page = meta.page.as_ref().expect("page decoded");
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.total_filtered_count, None);
    assert_eq!(page.additional_properties.get("cursor"), Some(&json!("abc")));

    let connection = &result.data[0];
    assert_eq!(connection.additional_properties.get("future_field"), Some(&json!({ "nested": [1, 2, 3] })));
    assert_eq!(connection.attributes.additional_properties.get("updated_at"), Some(&json!("2024-02-03T04:05:06Z")));
    let sink = connection.relationships.sink_org.as_ref().and_then(|o| o.data.as_ref()).expect("sink org data");
    assert_eq!(sink.additional_properties.get("region"), Some(&json!("eu1")));
    // Known fields are not duplicated into additional_properties.
    assert!(!connection.additional_properties.contains_key("id"));
    assert!(!connection.attributes.additional_properties.contains_key("created_at"));

    assert_eq!(serde_json::to_value(&result).unwrap(), body);
}

#[tokio::test]
async fn additional_properties_set_by_the_caller_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })))
        .mount(&server)
        .await;

    let extra = [("note".to_string(), json!("hand-set"))].into_iter().collect();
    let body = OrgConnectionUpdateRequest::new(
        OrgConnectionUpdate::new(
            OrgConnectionUpdateAttributes::new(vec![OrgConnectionTypeEnum::AUDIT]),
            uuid(CONNECTION_ID),
            OrgConnectionType::ORG_CONNECTION,
        )
        .additional_properties(extra),
    );
    let result = api_for(&server).update_org_connections(uuid(CONNECTION_ID), body).await.expect("update");
    assert_eq!(result, OrgConnectionResponse::new(connection_model(CONNECTION_ID)));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        body_json(&requests[0]),
        json!({
            "data": {
                "id": CONNECTION_ID,
                "type": "org_connection",
                "attributes": { "connection_types": ["audit"] },
                "note": "hand-set",
            }
        })
    );
}

#[tokio::test]
async fn unset_optional_fields_are_absent_from_the_body_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COLLECTION))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": connection_json(CONNECTION_ID) })))
        .mount(&server)
        .await;

    let body = OrgConnectionCreateRequest::new(OrgConnectionCreate::new(
        OrgConnectionCreateAttributes::new(vec![OrgConnectionTypeEnum::LOGS]),
        OrgConnectionCreateRelationships::new(OrgConnectionOrgRelationship::new()),
        OrgConnectionType::ORG_CONNECTION,
    ));
    api_for(&server).create_org_connections(body).await.expect("create");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_standard_headers(&requests[0], true);
    assert_eq!(
        body_json(&requests[0]),
        json!({
            "data": {
                "type": "org_connection",
                "attributes": { "connection_types": ["logs"] },
                "relationships": { "sink_org": {} },
            }
        })
    );
    // And no `null` anywhere in the raw bytes either.
    let raw = String::from_utf8(requests[0].body.clone()).unwrap();
    assert!(!raw.contains("null"), "{raw}");
    assert!(!raw.contains(SINK_ORG_ID), "{raw}");
}

#[tokio::test]
async fn malformed_json_on_200_is_a_serde_error_naming_the_path() {
    let mut item = connection_json(CONNECTION_ID);
    item["id"] = json!("not-a-uuid");
    let server = serve_list(ResponseTemplate::new(200).set_body_json(json!({ "data": [item] }))).await;

    let error = api_for(&server)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect_err("a bad uuid must fail decoding");
    let display = error.to_string();
    match error {
        datadog::Error::Serde(e) => assert_eq!(e.path().to_string(), "data[0].id"),
        other => panic!("expected a Serde error, got {other:?}"),
    }
    assert!(display.contains("data[0].id"), "{display}");
}

#[tokio::test]
async fn malformed_json_paths_for_other_shapes() {
    let mut bad_date = connection_json(CONNECTION_ID);
    bad_date["attributes"]["created_at"] = json!("yesterday");
    let mut missing_required = connection_json(CONNECTION_ID);
    missing_required["attributes"].as_object_mut().unwrap().remove("created_at");
    let mut wrong_type = connection_json(CONNECTION_ID);
    wrong_type["relationships"]["source_org"]["data"]["name"] = json!(12);
    let cases = [
        (json!({ "data": [connection_json(CONNECTION_ID), bad_date] }).to_string(), "data[1].attributes.created_at"),
        (json!({ "data": [missing_required] }).to_string(), "data[0].attributes"),
        (json!({ "data": [wrong_type] }).to_string(), "data[0].relationships.source_org.data.name"),
        (json!({ "data": {} }).to_string(), "data"),
    ];
    for (body, expected_path) in cases {
        let server = serve_list(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
        let error = api_for(&server)
            .list_org_connections(ListOrgConnectionsOptionalParams::default())
            .await
            .expect_err("must fail decoding");
        match &error {
            datadog::Error::Serde(e) => assert_eq!(e.path().to_string(), expected_path, "{body}"),
            other => panic!("{body}: expected a Serde error, got {other:?}"),
        }
        assert!(error.to_string().contains(expected_path), "{error}");
    }
}

#[tokio::test]
async fn truncated_json_on_200_is_a_serde_error() {
    let server =
        serve_list(ResponseTemplate::new(200).set_body_raw(r#"{"data": [{"id": "f9ec"#, "application/json")).await;
    let result = api_for(&server).list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    assert!(matches!(result, Err(datadog::Error::Serde(_))), "{result:?}");
}

#[tokio::test]
async fn html_502_is_a_response_error_without_a_typed_entity() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = serve_list(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;

    let error = api_for(&server)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect_err("502 must fail");
    assert!(error.to_string().contains("502"), "{error}");
    match error {
        datadog::Error::ResponseError(content) => {
            assert_eq!(content.status.as_u16(), 502);
            assert!(
                matches!(content.entity, None | Some(ListOrgConnectionsError::UnknownValue(_))),
                "{:?}",
                content.entity
            );
            assert_eq!(content.content, html);
            assert_eq!(content.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/html"));
        }
        other => panic!("expected ResponseError, got {other:?}"),
    }
}

#[tokio::test]
async fn error_body_of_another_shape_is_kept_as_unknown_value() {
    let server = MockServer::start().await;
    let body = json!({ "errors": [{ "title": "Conflict", "detail": "already connected" }] });
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400).set_body_json(body.clone()))
        .mount(&server)
        .await;
    let update = OrgConnectionUpdateRequest::new(OrgConnectionUpdate::new(
        OrgConnectionUpdateAttributes::new(vec![OrgConnectionTypeEnum::LOGS]),
        uuid(CONNECTION_ID),
        OrgConnectionType::ORG_CONNECTION,
    ));

    let error = api_for(&server).update_org_connections(uuid(CONNECTION_ID), update).await.expect_err("400");
    assert!(error.to_string().contains("already connected"), "{error}");
    match error {
        datadog::Error::ResponseError(content) => {
            assert_eq!(content.status.as_u16(), 400);
            assert_eq!(content.entity, Some(UpdateOrgConnectionsError::UnknownValue(body)));
        }
        other => panic!("expected ResponseError, got {other:?}"),
    }
}

#[tokio::test]
async fn gzip_encoded_response_is_decoded() {
    let body = json!({ "data": [connection_json(CONNECTION_ID)] });
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body.to_string().as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    assert_ne!(compressed, body.to_string().into_bytes());
    let server = serve_list(
        ResponseTemplate::new(200)
            .insert_header("Content-Type", "application/json")
            .insert_header("Content-Encoding", "gzip")
            .set_body_bytes(compressed),
    )
    .await;

    let result = api_for(&server)
        .list_org_connections(ListOrgConnectionsOptionalParams::default())
        .await
        .expect("a gzip body decodes");
    assert_eq!(result, OrgConnectionListResponse::new(vec![connection_model(CONNECTION_ID)]));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let accept_encoding = header(&requests[0], "Accept-Encoding").expect("Accept-Encoding is sent");
    assert!(accept_encoding.contains("gzip"), "{accept_encoding}");
}
