//! A test of the crate generated from `generic_servers.yaml` with the generic layout, which the
//! corpus test copies into it and runs: server variables have no Datadog roles, so `site` may be
//! a loopback address with a port, and the call arrives under the server's path.

use corpus_generic_servers::api::api_default::DefaultAPI;
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
