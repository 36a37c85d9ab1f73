//! A test of the crate generated from `nullable.yaml`, which the corpus test copies into it and
//! runs: `null` decodes where the spec allows it, in a field merged from an `allOf` member as
//! in any other, and is kept (encoded again as `null`, not dropped). Written against the JSON,
//! not the fields' types, so that it builds whatever types the generator gives the fields, and
//! fails where a decode does. (That `strict` is not nullable is checked on the IR, in
//! `corpus.rs`: an optional field reads `null` as absent either way.) And an answer the spec
//! allows to be `null`, from a server on loopback: the plain method fails with an error that
//! says so and names the `_with_http_info` twin, whose `entity` is then `None`.

use corpus_nullable::datadog;
use corpus_nullable::datadogV2::api_default::DefaultAPI;
use corpus_nullable::datadogV2::model::{Merged, Plain};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `json` as `T` and encodes it again: the same JSON, `null`s included.
fn round_trip<T: DeserializeOwned + serde::Serialize>(json: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<T>(json).map(|model| serde_json::to_value(model).unwrap())
}

#[test]
fn null_decodes_beside_a_ref_in_and_out_of_all_of_members() {
    let json = r#"{"plain": null}"#;
    assert_eq!(round_trip::<Plain>(json).unwrap(), serde_json::from_str::<Value>(json).unwrap());

    for json in [
        r#"{"inline": null}"#,
        r#"{"by_ref": null, "inline": {"a": "x"}}"#,
        r#"{"inline": {}, "list": [null, {"a": "x"}]}"#,
        r#"{"by_ref": null, "inline": null, "list": [null]}"#,
    ] {
        let decoded = round_trip::<Merged>(json)
            .unwrap_or_else(|e| panic!("{json}: null in a field merged from an allOf member: {e}"));
        assert_eq!(decoded, serde_json::from_str::<Value>(json).unwrap(), "{json}");
    }
}

#[tokio::test]
async fn a_null_answer_the_spec_allows_is_a_clear_error_or_an_entity_of_none() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let mut config = datadog::Configuration::new();
    config.set_base_url(&server.uri());
    let api = DefaultAPI::with_config(config);
    let answer = |body: &str| ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json");

    Mock::given(any()).respond_with(answer("null")).mount(&server).await;
    let error = api.get_result("r1".into()).await.unwrap_err();
    assert!(matches!(error, datadog::Error::NullAnswer { operation: "v2.get_result" }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the API answered `null` to `v2.get_result`, as its spec allows; `get_result_with_http_info` returns such an answer, with an `entity` of `None`"
    );
    let content = api.get_result_with_http_info("r1".into()).await.unwrap();
    assert_eq!((content.status.as_u16(), content.entity, content.content.as_str()), (200, None, "null"));
    // Nullable inline and beside the `$ref` alike.
    assert!(matches!(api.get_inline_result().await, Err(datadog::Error::NullAnswer { .. })));
    assert_eq!(api.get_inline_result_with_http_info().await.unwrap().entity, None);
    assert!(matches!(api.get_result_beside().await, Err(datadog::Error::NullAnswer { .. })));
    assert_eq!(api.get_result_beside_with_http_info().await.unwrap().entity, None);

    server.reset().await;
    Mock::given(any()).respond_with(answer(r#"{"a": "done"}"#)).mount(&server).await;
    let result = api.get_result("r1".into()).await.unwrap();
    assert_eq!(serde_json::to_value(result).unwrap(), serde_json::json!({"a": "done"}));
    let content = api.get_result_with_http_info("r1".into()).await.unwrap();
    assert_eq!(serde_json::to_value(content.entity).unwrap(), serde_json::json!({"a": "done"}));
    // A model the spec does not allow to be `null` still refuses it as a decode error.
    server.reset().await;
    Mock::given(any()).respond_with(answer("null")).mount(&server).await;
    assert!(matches!(api.get_p().await, Err(datadog::Error::Serde(_))));
}
