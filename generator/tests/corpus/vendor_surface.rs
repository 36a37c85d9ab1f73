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
