//! A test of the crate generated from `vendor_surface.yaml`, which the corpus test copies into
//! it and runs: the calls are written as the vendor's own examples write them, so a name or a
//! shape that differs from the vendor's client fails to build here.

use corpus_vendor_surface::datadog;
use corpus_vendor_surface::datadogV2::api_authn_mappings::AuthNMappingsAPI;
use corpus_vendor_surface::datadogV2::api_aws_integration::{AWSIntegrationAPI, UploadIdPMetadataOptionalParams};
use corpus_vendor_surface::datadogV2::api_llm_observability::{LLMObservabilityAPI, ListLogsOptionalParams};
use corpus_vendor_surface::datadogV2::api_rum::{
    AddRumReplaySessionToPlaylistOptionalParams, CreateRUMThingOptionalParams, RUMAPI,
};
use corpus_vendor_surface::datadogV2::model::{Kind, PointItem, Settings};

/// The calls build; they are not sent (nothing listens on the configured site).
#[allow(dead_code, clippy::let_underscore_future)]
fn calls_build() {
    let configuration = datadog::Configuration::new();
    let _ = AuthNMappingsAPI::with_config(configuration.clone()).list_slos();
    let aws = AWSIntegrationAPI::with_config(configuration.clone());
    let _ = aws.upload_idp_for_org("abc123".to_string(), b"<xml/>".to_vec(), Default::default());
    let _ = aws.upload_idp_metadata(UploadIdPMetadataOptionalParams::default().idp_file(b"<xml/>".to_vec()));
    let settings = Settings::new().default("x".to_string());
    let llm = LLMObservabilityAPI::with_config(configuration.clone());
    let _ = llm.list_logs(ListLogsOptionalParams::default().body(settings.clone()).body_("q".to_string()));
    let rum = RUMAPI::with_config(configuration);
    let _ = rum.create_rum_thing(CreateRUMThingOptionalParams::default());
    let _ = rum.add_rum_replay_session_to_playlist(
        1704067200000,
        1234567,
        "00000000-0000-0000-0000-000000000001".to_string(),
        AddRumReplaySessionToPlaylistOptionalParams::default(),
    );
}

#[test]
fn one_of_members_that_are_values_are_held_as_they_are() {
    let items = [
        PointItem::PointTimestamp(1.5),
        PointItem::PointValues(vec![1.0, 2.0]),
        PointItem::String("x".to_string()),
        PointItem::I64Map([("a".to_string(), 1)].into()),
        PointItem::Settings(Box::new(Settings::new())),
    ];
    let json: Vec<serde_json::Value> = items.iter().map(|i| serde_json::to_value(i).unwrap()).collect();
    assert_eq!(json, serde_json::json!([1.5, [1.0, 2.0], "x", {"a": 1}, {}]).as_array().unwrap().clone());
}

#[test]
fn a_nullable_beside_a_ref_takes_the_referenced_type_and_keeps_null() {
    let settings = Settings::new().timeframe(Kind::A);
    assert_eq!(serde_json::to_value(&settings).unwrap(), serde_json::json!({"timeframe": "a"}));
    let cleared: Settings = serde_json::from_str(r#"{"timeframe": null}"#).unwrap();
    assert_eq!(serde_json::to_value(&cleared).unwrap(), serde_json::json!({"timeframe": null}));
}

#[test]
fn a_field_named_default_has_a_setter_named_default() {
    let settings = <Settings as Default>::default().default("x".to_string()).clone_("y".to_string());
    assert_eq!(serde_json::to_value(&settings).unwrap(), serde_json::json!({"default": "x", "clone": "y"}));
}

/// An optional body, which the vendor's client takes in `…OptionalParams`, is matched and read
/// back by the typed mocks like any other body; a call without one reads as `None`.
#[tokio::test]
async fn the_mocks_match_and_read_back_an_optional_body() {
    use corpus_vendor_surface::datadog::mock::MockServer;
    use corpus_vendor_surface::datadogV2::api_llm_observability::mock;
    let server = MockServer::start().await;
    let settings = Settings::new().default("x".to_string());
    let other = Settings::new().default("y".to_string());
    mock::ListLogs::new().body(settings.clone()).respond_ok(settings.clone()).times(1).mount(&server).await;
    mock::ListLogs::new()
        .body_matching(|body| body.default.as_deref() == Some("y"))
        .respond_ok(other.clone())
        .times(1)
        .mount(&server)
        .await;
    let api = LLMObservabilityAPI::with_config(server.config());
    let params = |body: &Settings| ListLogsOptionalParams::default().body(body.clone()).body_("q".to_string());
    assert_eq!(api.list_logs(params(&settings)).await.unwrap(), settings);
    assert_eq!(api.list_logs(params(&other)).await.unwrap(), other);
    // No body: neither expectation matches, and the near miss names the body.
    let error = api.list_logs(ListLogsOptionalParams::default()).await.unwrap_err().to_string();
    assert!(error.contains("`v2.list_logs` was called with no parameters, and no expectation matches"), "{error}");
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    let shown = unmatched[0].to_string();
    assert!(shown.contains(r#"(differs in `body`: expected {"default":"x"}, got null)"#), "{shown}");
    let calls = server.received::<mock::ListLogs>().await;
    let bodies: Vec<_> = calls.iter().map(|call| call.params.body.clone()).collect();
    assert_eq!(bodies, [Some(settings), Some(other), None]);
    assert_eq!(calls[0].params.body_.as_deref(), Some("q"));
    server.verify().await;
}

/// Multipart parts, which the vendor's client takes as arguments and optional fields of their
/// own, are matched and read back each by its name: a file part as its bytes, a text part as
/// its type.
#[tokio::test]
async fn the_mocks_match_and_read_back_multipart_parts() {
    use corpus_vendor_surface::datadog::mock::MockServer;
    use corpus_vendor_surface::datadogV2::api_aws_integration::{UploadIdPForOrgOptionalParams, mock};
    let server = MockServer::start().await;
    let file = b"\x00\xff<xml/>\r\n--".to_vec();
    mock::UploadIdpForOrg::new()
        .public_id("abc123".into())
        .idp_file(file.clone())
        .note(Some("first".into()))
        .respond_ok()
        .times(1)
        .mount(&server)
        .await;
    mock::UploadIdpMetadata::new().idp_file(b"<md/>".to_vec()).respond_ok().times(1).mount(&server).await;
    let aws = AWSIntegrationAPI::with_config(server.config());
    let note = UploadIdPForOrgOptionalParams::default().note(Some("first".into()));
    aws.upload_idp_for_org("abc123".into(), file.clone(), note).await.unwrap();
    aws.upload_idp_metadata(UploadIdPMetadataOptionalParams::default().idp_file(b"<md/>".to_vec())).await.unwrap();
    // Another file: no expectation matches, and the near miss names the part.
    let error = aws.upload_idp_for_org("abc123".into(), b"other".to_vec(), Default::default()).await.unwrap_err();
    assert!(error.to_string().contains("no expectation matches"), "{error}");
    let shown = server.take_unmatched()[0].to_string();
    assert!(shown.contains("(differs in `idp_file`: expected [0, 255, 60"), "{shown}");

    let calls = server.received::<mock::UploadIdpForOrg>().await;
    assert_eq!((calls[0].public_id.as_str(), &calls[0].idp_file), ("abc123", &file));
    assert_eq!(calls[0].params.note, Some(Some("first".to_string())));
    assert_eq!((calls[1].idp_file.as_slice(), &calls[1].params.note), (&b"other"[..], &None));
    let metadata = server.received::<mock::UploadIdpMetadata>().await;
    assert_eq!(metadata[0].params.idp_file.as_deref(), Some(&b"<md/>"[..]));
    server.verify().await;
}
