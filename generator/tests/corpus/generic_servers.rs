//! A test of the crate generated from `generic_servers.yaml` with the generic layout, which the
//! corpus test copies into it and runs: server variables have no Datadog roles, so `site` may be
//! a loopback address with a port, and the call arrives under the server's path; a path's and an
//! operation's own servers replace the spec's.

use corpus_generic_servers::api::api_default::DefaultAPI;
use std::collections::HashMap;

use corpus_generic_servers::runtime::Configuration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_variable_named_site_is_any_host_without_the_datadog_layout() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/base/v2/ping")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let mut config = Configuration::new();
    config.server_variables.insert("site".into(), server.address().to_string());
    config.server_variables.insert("version".into(), "v2".into());
    DefaultAPI::with_config(config.clone()).ping().await.unwrap();

    // A value that would leave its place in the URL is still refused, and not shown.
    config.server_variables.insert("version".into(), "v2/../admin".into());
    let error = DefaultAPI::with_config(config).ping().await.unwrap_err().to_string();
    assert!(error.contains("server variable `version`") && !error.contains("admin"), "{error}");
}

#[tokio::test]
async fn a_path_and_an_operation_have_servers_of_their_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/upload-api/uploads")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    Mock::given(method("POST")).and(path("/v3/direct/uploads")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let mut config = Configuration::new();
    // The spec's own variable does not reach them: each operation's are its own.
    config.server_variables.insert("site".into(), "unused.example".into());
    for operation in ["api.list_uploads", "api.create_upload"] {
        let variables = HashMap::from([("host".to_string(), server.address().to_string())]);
        config.server_operation_variables.insert(operation.into(), variables);
    }
    let api = DefaultAPI::with_config(config.clone());
    api.list_uploads().await.unwrap();
    api.create_upload().await.unwrap();

    // Their defaults are the spec's: the path's server for `ListUploads`, the operation's for
    // `CreateUpload`, not the spec's `api.example.com`.
    assert_eq!(Configuration::new().get_operation_host("api.list_uploads"), "http://uploads.example.com/upload-api");
    assert_eq!(Configuration::new().get_operation_host("api.create_upload"), "http://direct.example.com/v3/direct");
    assert_eq!(Configuration::new().get_operation_host("api.ping"), "http://api.example.com/base/v1");
}
