//! Configuration: key redaction, bad keys, servers and sites, the environment, proxy and
//! user agent.

mod common;

use common::{API_KEY, APP_KEY, config_for, create_request, env_lock, list_with, new_config, ok_server, received};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{ListOrgConnectionsOptionalParams, OrgConnectionsAPI};

const OPERATIONS: [&str; 4] =
    ["v2.list_org_connections", "v2.create_org_connections", "v2.update_org_connections", "v2.delete_org_connections"];

const SITES: [&str; 8] = [
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "datadoghq.eu",
    "ddog-gov.com",
    "us2.ddog-gov.com",
];

const ENV_VARS: [&str; 3] = ["DD_API_KEY", "DD_APP_KEY", "DD_SITE"];

#[tokio::test]
async fn debug_output_never_contains_the_keys() {
    let server = ok_server().await;
    let mut config = config_for(&server);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "Token".into() });

    let api_key = datadog::APIKey { key: API_KEY.into(), prefix: "Token".into() };
    for shown in [format!("{api_key:?}"), format!("{api_key:#?}")] {
        assert!(!shown.contains(API_KEY), "{shown}");
        assert!(shown.contains("Token"), "the prefix is not secret: {shown}");
    }

    let api = OrgConnectionsAPI::with_config(config.clone());
    for shown in [format!("{config:?}"), format!("{config:#?}"), format!("{api:?}"), format!("{api:#?}")] {
        assert!(!shown.contains(API_KEY), "{shown}");
        assert!(!shown.contains(APP_KEY), "{shown}");
        assert!(shown.contains("apiKeyAuth") && shown.contains("appKeyAuth"), "{shown}");
    }
}

#[tokio::test]
async fn a_key_with_a_control_character_is_a_config_error_and_nothing_is_sent() {
    let server = ok_server().await;
    for (scheme, key) in [("apiKeyAuth", "abc\ndef"), ("appKeyAuth", "abc\r\nX-Injected: 1"), ("apiKeyAuth", "a\0b")] {
        let mut config = config_for(&server);
        config.set_auth_key(scheme, datadog::APIKey { key: key.into(), prefix: "".into() });
        let api = OrgConnectionsAPI::with_config(config);

        let list = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
        match &list {
            Err(datadog::Error::Config(message)) => {
                assert!(!message.contains(key), "the message must not echo the key: {message}")
            }
            other => panic!("{scheme} {key:?}: expected a Config error, got {other:?}"),
        }
        let create = api.create_org_connections(create_request()).await;
        assert!(matches!(create, Err(datadog::Error::Config(_))), "{create:?}");
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent with a bad key");
}

#[test]
fn every_documented_site_of_server_0_gives_its_api_host() {
    for site in SITES {
        let mut config = new_config();
        config.server_index = 0;
        config.server_variables.insert("site".into(), site.into());
        for operation in OPERATIONS {
            assert_eq!(config.get_operation_host(operation), format!("https://api.{site}"), "{operation}");
        }
    }
}

#[test]
fn a_new_region_of_a_known_domain_and_a_custom_subdomain_are_used_as_given() {
    let mut config = new_config();
    config.server_index = 0;
    config.server_variables.insert("site".into(), "us9.datadoghq.com".into());
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "https://api.us9.datadoghq.com");

    config.server_variables.insert("subdomain".into(), "intake".into());
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "https://intake.us9.datadoghq.com");

    config.server_index = 2;
    config.server_variables.clear();
    config.server_variables.insert("site".into(), "uk1.datadoghq.com".into());
    assert_eq!(config.get_operation_host("v2.delete_org_connections"), "https://api.uk1.datadoghq.com");
}

#[test]
fn a_site_outside_the_known_domains_gives_no_host() {
    let mut config = new_config();
    for index in [0, 2] {
        config.server_index = index;
        for site in ["us9.datadoghq.example", "dd.internal"] {
            config.server_variables.insert("site".into(), site.into());
            assert_eq!(config.get_operation_host("v2.list_org_connections"), "", "server {index}, site {site}");
        }
    }
}

#[test]
fn server_1_builds_the_url_from_protocol_and_name() {
    let mut config = new_config();
    config.server_index = 1;
    config.server_variables.clear();
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "https://api.datadoghq.com");
    config.server_variables.insert("protocol".into(), "http".into());
    config.server_variables.insert("name".into(), "127.0.0.1:8126".into());
    assert_eq!(config.get_operation_host("v2.update_org_connections"), "http://127.0.0.1:8126");
}

#[tokio::test]
async fn server_index_out_of_range_is_an_error_at_call_time() {
    let server = ok_server().await;
    // The spec's server 1 pointed at the mock server, to see that nothing reaches it.
    let mut config = new_config();
    config.server_variables.insert("protocol".into(), "http".into());
    config.server_variables.insert("name".into(), server.address().to_string());
    config.server_index = 3;
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "");
    let result = list_with(config).await;
    match result {
        Err(datadog::Error::Config(message)) => assert!(message.contains('3'), "{message}"),
        other => panic!("expected a Config error, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn invalid_proxy_url_is_an_error_from_the_call_not_a_panic() {
    let server = ok_server().await;
    let mut config = config_for(&server);
    config.set_proxy_url(Some("::not a url::".into()));
    let api = OrgConnectionsAPI::with_config(config);

    let result = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    match result {
        Err(datadog::Error::Config(message)) => assert!(message.contains("proxy"), "{message}"),
        other => panic!("expected a Config error, got {other:?}"),
    }
    let result = api.delete_org_connections(common::uuid(common::CONNECTION_ID)).await;
    assert!(matches!(result, Err(datadog::Error::Config(_))), "{result:?}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn set_user_agent_overrides_the_user_agent_header() {
    let server = ok_server().await;
    let default_agent = {
        let api = OrgConnectionsAPI::with_config(config_for(&server));
        api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await.expect("list");
        let requests = received(&server).await;
        common::header(&requests[0], "User-Agent").expect("User-Agent").to_string()
    };
    assert!(default_agent.starts_with("datadog-org-connections/0.1.0"), "{default_agent}");

    let mut config = config_for(&server);
    config.set_user_agent("my-tool/2.3 (custom)".into());
    list_with(config).await.expect("list");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(common::header(&requests[1], "User-Agent"), Some("my-tool/2.3 (custom)"));
}

#[tokio::test]
async fn a_user_agent_with_a_newline_is_a_config_error() {
    let server = ok_server().await;
    let mut config = config_for(&server);
    config.set_user_agent("bad\nagent".into());
    let result = list_with(config).await;
    assert!(matches!(result, Err(datadog::Error::Config(_))), "{result:?}");
    assert!(received(&server).await.is_empty());
}

/// Sets (`Some`) or removes (`None`) the Datadog variables, then builds a configuration.
fn config_from_env(values: [Option<&str>; 3]) -> datadog::Configuration {
    let _env = env_lock();
    let saved: Vec<_> = ENV_VARS.iter().map(std::env::var_os).collect();
    for (name, value) in ENV_VARS.iter().zip(values) {
        // SAFETY: every read and write of the environment in this test binary holds ENV_LOCK,
        // and no other code in it touches these variables.
        unsafe {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
    let config = datadog::Configuration::new();
    for (name, value) in ENV_VARS.iter().zip(saved) {
        // SAFETY: as above.
        unsafe {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
    config
}

/// All environment cases in one test, in sequence.
#[tokio::test]
async fn configuration_new_reads_dd_api_key_dd_app_key_and_dd_site() {
    let server = ok_server().await;

    // Keys from the environment are sent.
    let mut config = config_from_env([Some("env-api-key"), Some("env-app-key"), Some("datadoghq.eu")]);
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "https://api.datadoghq.eu");
    for site in SITES {
        let config = config_from_env([None, None, Some(site)]);
        assert_eq!(config.get_operation_host("v2.list_org_connections"), format!("https://api.{site}"));
    }
    common::point_at(&mut config, &server);
    list_with(config).await.expect("list");

    // Unset (and empty) variables send no key and use the default site.
    let mut config = config_from_env([None, Some(""), None]);
    assert_eq!(config.get_operation_host("v2.list_org_connections"), "https://api.datadoghq.com");
    common::point_at(&mut config, &server);
    list_with(config).await.expect("list");

    // A key set in code wins over the environment.
    let mut config = config_from_env([Some("env-api-key"), Some("env-app-key"), None]);
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: "code-app-key".into(), prefix: "".into() });
    common::point_at(&mut config, &server);
    list_with(config).await.expect("list");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(common::header(&requests[0], "DD-API-KEY"), Some("env-api-key"));
    assert_eq!(common::header(&requests[0], "DD-APPLICATION-KEY"), Some("env-app-key"));
    assert_eq!(common::header(&requests[1], "DD-API-KEY"), None);
    assert_eq!(common::header(&requests[1], "DD-APPLICATION-KEY"), None);
    assert_eq!(common::header(&requests[2], "DD-API-KEY"), Some("env-api-key"));
    assert_eq!(common::header(&requests[2], "DD-APPLICATION-KEY"), Some("code-app-key"));
}

#[tokio::test]
async fn a_key_prefix_is_sent_before_the_key() {
    let server = ok_server().await;
    let mut config = config_for(&server);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "Token".into() });
    list_with(config).await.unwrap();
    let requests = common::received(&server).await;
    assert_eq!(common::header(&requests[0], "DD-API-KEY"), Some(format!("Token {API_KEY}").as_str()));
}

#[test]
fn debug_output_hides_proxy_credentials() {
    let mut config = new_config();
    config.set_proxy_url(Some("http://alice:s3cret@proxy.internal:3128".into()));
    let shown = format!("{config:?}");
    assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
    assert!(shown.contains("proxy.internal:3128"), "{shown}");
}
