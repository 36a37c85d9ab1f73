//! Where the keys may go and what the client accepts back: no redirects, checked sites and base
//! URLs, redacted proxy credentials, visible-ASCII keys, a cap on the body size, no sleeping
//! through long rate-limit waits, and reqwest's own errors for connect failures and timeouts;
//! and that nothing a server writes (messages, values, keys, headers) reaches a log line or a
//! terminal as control characters.

mod common;

use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use common::{
    API_KEY, APP_KEY, CONNECTION_ID, assert_inert, config_for, config_for_url, connection_json, create_request,
    env_lock, error_body, expect_config_error, list_ok, list_with, mount_sequence, new_config, ok_server, rate_limited,
    raw_response, raw_server, received, retrying,
};
use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{ListOrgConnectionsOptionalParams, OrgConnectionsAPI};
use datadog_org_connections::datadogV2::model::OrgConnectionListResponse;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let elsewhere = ok_server().await;
    let server = MockServer::start().await;
    for status in [301, 302, 303, 307, 308] {
        server.reset().await;
        let location = format!("{}/api/v2/org_connections", elsewhere.uri());
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("Location", location.as_str()))
            .mount(&server)
            .await;
        let api = OrgConnectionsAPI::with_config(config_for(&server));

        let list = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
        match &list {
            Err(datadog::Error::ResponseError(content)) => assert_eq!(content.status.as_u16(), status),
            other => panic!("{status}: expected the redirect as a ResponseError, got {other:?}"),
        }
        let create = api.create_org_connections(create_request()).await;
        assert!(
            matches!(&create, Err(datadog::Error::ResponseError(c)) if c.status.as_u16() == status),
            "{status}: {create:?}"
        );
        assert_eq!(received(&server).await.len(), 2, "{status}");
    }
    assert!(received(&elsewhere).await.is_empty(), "the keys must never reach the redirect's target");
}

#[tokio::test]
async fn a_site_outside_the_spec_s_domains_is_refused_before_sending() {
    // Every request would go through this proxy, so that it would see one that was sent.
    let proxy = ok_server().await;
    for site in [
        "evil.com",
        "datadoghq.com.evil.com",
        "datadoghq.com@evil.com",
        "evil.com/",
        "evil.com#",
        "evil.com?",
        "evil.com:443",
        "api..datadoghq.com",
    ] {
        let mut config = new_config();
        config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "".into() });
        config.set_proxy_url(Some(proxy.uri()));
        config.server_variables.insert("site".into(), site.into());
        let message = expect_config_error(&list_with(config).await);
        assert!(message.contains(&format!("`{site}`")), "the message names the site: {message}");
        assert!(!message.contains(API_KEY), "{message}");
    }
    for subdomain in ["evil.com#", "a/b", "x@y", ""] {
        let mut config = new_config();
        config.set_proxy_url(Some(proxy.uri()));
        config.server_variables.insert("subdomain".into(), subdomain.into());
        expect_config_error(&list_with(config).await);
    }
    for (protocol, name) in [("ftp", "h"), ("http", "user:pw@h"), ("http", "h/path"), ("http", "h?q"), ("http", "h#f")]
    {
        let mut config = new_config();
        config.set_proxy_url(Some(proxy.uri()));
        config.server_index = 1;
        config.server_variables.insert("protocol".into(), protocol.into());
        config.server_variables.insert("name".into(), name.into());
        let message = expect_config_error(&list_with(config).await);
        assert!(!message.contains("pw"), "{message}");
    }
    assert!(received(&proxy).await.is_empty(), "nothing may be sent to a refused host");
}

#[tokio::test]
async fn dd_site_is_checked_like_any_site() {
    let saved = std::env::var_os("DD_SITE");
    let set = |value: Option<&std::ffi::OsStr>| {
        // SAFETY: every use of the environment in this test binary holds ENV_LOCK.
        unsafe {
            match value {
                Some(value) => std::env::set_var("DD_SITE", value),
                None => std::env::remove_var("DD_SITE"),
            }
        }
    };
    let (bad, good) = {
        let _env = env_lock();
        set(Some("datadoghq.com.evil.com".as_ref()));
        let bad = datadog::Configuration::new();
        set(Some("uk1.datadoghq.com".as_ref()));
        let good = datadog::Configuration::new();
        set(saved.as_deref());
        (bad, good)
    };
    assert_eq!(good.get_operation_host("v2.list_org_connections"), "https://api.uk1.datadoghq.com");
    assert_eq!(bad.get_operation_host("v2.list_org_connections"), "");
    let message = expect_config_error(&list_with(bad).await);
    assert!(message.contains("datadoghq.com.evil.com"), "{message}");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefixes_every_operation_s_path() {
    let server = ok_server().await;
    let mut config = new_config();
    config.set_base_url(&format!("{}/proxy/datadog/", server.uri()));
    list_with(config).await.expect("list through the prefixed base URL");
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.path(), "/proxy/datadog/api/v2/org_connections");
}

#[tokio::test]
async fn set_base_url_points_calls_at_a_server_and_refuses_anything_but_scheme_host_port() {
    let server = ok_server().await;
    let mut config = new_config();
    config.set_base_url(&format!("{}/", server.uri()));
    assert_eq!(config.get_operation_host("v2.list_org_connections"), server.uri());
    list_with(config).await.expect("list through the base URL");
    assert_eq!(received(&server).await.len(), 1);

    let address = server.address().to_string();
    for url in [
        format!("http://user:pw@{address}"),
        format!("http://{address}/api/../x"),
        format!("http://{address}?x=1"),
        format!("http://{address}#x"),
        format!("ftp://{address}"),
        address.clone(),
    ] {
        let mut config = new_config();
        config.set_base_url(&url);
        let api = OrgConnectionsAPI::with_config(config);
        let message = expect_config_error(&api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await);
        assert!(!message.contains("pw@"), "{message}");
        let create = api.create_org_connections(create_request()).await;
        expect_config_error(&create);
    }
    assert_eq!(received(&server).await.len(), 1, "nothing is sent to a refused base URL");
}

#[tokio::test]
async fn proxy_credentials_never_show_in_errors_or_debug() {
    let mut config = new_config();
    config.set_proxy_url(Some("http://alice:s3cret@[not-a-host".into()));
    let api = OrgConnectionsAPI::with_config(config);
    for shown in [format!("{api:?}"), format!("{api:#?}")] {
        assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
    }
    let result = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    let message = expect_config_error(&result);
    assert!(message.contains("proxy"), "{message}");
    let shown = format!("{} {:?}", result.as_ref().unwrap_err(), result);
    assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");

    let mut config = new_config();
    config.set_proxy_url(Some("http://alice:s3cret@proxy.internal:3128".into()));
    let api = OrgConnectionsAPI::with_config(config);
    for shown in [format!("{api:?}"), format!("{api:#?}")] {
        assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
    }
}

#[tokio::test]
async fn a_key_with_anything_but_visible_ascii_is_refused_before_sending() {
    let server = ok_server().await;
    for key in ["secret key", "secret\tkey", "secrét-key", "secret-key\u{7f}", "secret\u{a0}key"] {
        for scheme in ["apiKeyAuth", "appKeyAuth"] {
            let mut config = config_for(&server);
            config.set_auth_key(scheme, datadog::APIKey { key: key.into(), prefix: "".into() });
            let result = list_with(config).await;
            let message = expect_config_error(&result);
            assert!(!message.contains(key) && !message.contains("secret"), "{message}");
            let shown = format!("{:?}", result);
            assert!(!shown.contains(key), "{shown}");
        }
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent with a bad key");
}

fn listing_of(bytes: usize) -> Vec<u8> {
    // `{"data":[]}` padded with spaces, which JSON ignores, to exactly `bytes` bytes.
    let mut body = b"{\"data\":[]".to_vec();
    body.resize(bytes - 1, b' ');
    body.push(b'}');
    body
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(listing_of(4096), "application/json"))
        .mount(&server)
        .await;

    let mut config = config_for(&server);
    config.set_max_response_bytes(4095);
    let result = list_with(config.clone()).await;
    assert!(matches!(result, Err(datadog::Error::ResponseTooLarge { limit: 4095 })), "{result:?}");
    let message = result.unwrap_err().to_string();
    assert!(message.contains("4095") && message.contains("set_max_response_bytes"), "{message}");

    config.set_max_response_bytes(4096);
    assert_eq!(list_with(config).await.expect("a body at the limit"), OrgConnectionListResponse::new(vec![]));
    assert_eq!(new_config().max_response_bytes, 128 * 1024 * 1024, "the default limit");
}

#[tokio::test]
async fn a_gzip_body_is_limited_by_its_inflated_size() {
    let inflated = listing_of(1024 * 1024);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&inflated).unwrap();
    let compressed = encoder.finish().unwrap();
    assert!(compressed.len() < 16 * 1024, "{}", compressed.len());

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(compressed, "application/json")
                .insert_header("Content-Encoding", "gzip"),
        )
        .mount(&server)
        .await;

    let mut config = config_for(&server);
    config.set_max_response_bytes(64 * 1024);
    let result = list_with(config.clone()).await;
    assert!(matches!(result, Err(datadog::Error::ResponseTooLarge { limit: 65536 })), "{result:?}");

    config.set_max_response_bytes(1024 * 1024);
    assert_eq!(list_with(config).await.expect("inflates to the limit"), OrgConnectionListResponse::new(vec![]));
}

#[tokio::test]
async fn a_rate_limit_wait_past_the_maximum_returns_the_429_at_once() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(rate_limited("999999")).mount(&server).await;

    let started = Instant::now();
    let result = list_with(retrying(&server)).await;
    assert!(started.elapsed() < Duration::from_secs(5), "slept {:?}", started.elapsed());
    match &result {
        Err(datadog::Error::ResponseError(content)) => {
            assert_eq!(content.status.as_u16(), 429);
            assert_eq!(content.retry_after(), Some(Duration::from_secs(999999)));
        }
        other => panic!("expected the 429, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1, "not retried");
    assert_eq!(new_config().max_retry_wait, Duration::from_secs(60), "the default maximum");

    // A lower maximum applies to shorter waits, and to Retry-After too.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).set_body_json(error_body()).insert_header("Retry-After", "3"))
        .mount(&server)
        .await;
    let mut config = retrying(&server);
    config.set_max_retry_wait(Duration::from_secs(2));
    let started = Instant::now();
    let result = list_with(config).await;
    assert!(started.elapsed() < Duration::from_secs(2), "slept {:?}", started.elapsed());
    assert!(matches!(&result, Err(datadog::Error::ResponseError(c)) if c.status.as_u16() == 429), "{result:?}");
    assert_eq!(received(&server).await.len(), 1, "not retried");
}

#[tokio::test]
async fn a_retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let wait_until_date =
        ResponseTemplate::new(429).set_body_json(error_body()).insert_header("Retry-After", date.as_str());
    mount_sequence(&server, wait_until_date, list_ok()).await;

    let started = Instant::now();
    list_with(retrying(&server)).await.expect("succeeds after waiting until the date");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "waited only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_reqwest_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut config = new_config();
    config.set_base_url(&format!("http://127.0.0.1:{port}"));
    let result = list_with(config.clone()).await;
    assert!(matches!(&result, Err(datadog::Error::Reqwest(e)) if e.is_connect()), "{result:?}");

    // The same through a user's middleware stack.
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).build();
    let api = OrgConnectionsAPI::with_client_and_config(config, client);
    let result = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    assert!(matches!(&result, Err(datadog::Error::Reqwest(e)) if e.is_connect()), "{result:?}");
}

#[tokio::test]
async fn a_timeout_is_a_reqwest_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(list_ok().set_delay(Duration::from_secs(3))).mount(&server).await;
    let mut config = config_for(&server);
    config.set_timeout(Duration::from_millis(200));
    let result = list_with(config).await;
    assert!(matches!(&result, Err(datadog::Error::Reqwest(e)) if e.is_timeout()), "{result:?}");
}

#[tokio::test]
async fn a_user_client_that_follows_redirects_never_hands_back_the_other_host_s_answer() {
    // reqwest's default policy follows up to 10 redirects and, across hosts, strips only
    // Authorization, cookies and Proxy-Authorization: both key headers reach the target. The
    // client cannot stop that, but it refuses the answer, whatever its status.
    let elsewhere = ok_server().await;
    let server = MockServer::start().await;
    for status in [301, 302, 303, 307, 308] {
        server.reset().await;
        elsewhere.reset().await;
        Mock::given(any()).respond_with(list_ok()).mount(&elsewhere).await;
        let location = format!("{}/api/v2/org_connections", elsewhere.uri());
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("Location", location.as_str()))
            .mount(&server)
            .await;
        let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).build();
        let api = OrgConnectionsAPI::with_client_and_config(config_for(&server), client);

        let list = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
        let message = match &list {
            Err(datadog::Error::ReqwestMiddleware(e)) => e.to_string(),
            other => panic!("{status}: expected the redirect refused, got {other:?}"),
        };
        assert!(message.contains("redirect") && message.contains("http_client_builder"), "{message}");
        assert!(!message.contains(API_KEY) && !message.contains(APP_KEY), "{message}");
        let create = api.create_org_connections(create_request()).await;
        assert!(matches!(&create, Err(datadog::Error::ReqwestMiddleware(_))), "{status}: {create:?}");
        // What the guarantee does not cover, and the docs say: the request went there.
        assert!(!received(&elsewhere).await.is_empty(), "{status}: reqwest followed the redirect");
    }
}

#[tokio::test]
async fn http_client_builder_starts_from_a_client_that_never_follows_redirects() {
    let elsewhere = ok_server().await;
    let server = MockServer::start().await;
    let location = format!("{}/api/v2/org_connections", elsewhere.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location.as_str()))
        .mount(&server)
        .await;
    let config = config_for(&server);
    let client = config.http_client_builder().expect("no proxy to refuse").build().expect("a client");
    let client = reqwest_middleware::ClientBuilder::new(client).build();
    let api = OrgConnectionsAPI::with_client_and_config(config, client);
    let list = api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await;
    assert!(matches!(&list, Err(datadog::Error::ResponseError(c)) if c.status.as_u16() == 302), "{list:?}");
    assert!(received(&elsewhere).await.is_empty(), "the keys must never reach the redirect's target");

    // The proxy comes along, and a bad one is refused without showing its credentials.
    let mut config = new_config();
    config.set_proxy_url(Some("http://alice:s3cret@[bad".into()));
    let error = config.http_client_builder().expect_err("a bad proxy URL");
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, datadog::Error::Config(_)), "{shown}");
    assert!(!shown.contains("s3cret") && !shown.contains("alice"), "{shown}");
}

/// Server text that would print a fake log line (CR LF), clear the screen (ESC), ring the bell
/// and reverse the rest of the line.
const FORGED: &str = "denied\r\n2024-05-01T00:00:00Z INFO datadog: all good\u{1b}[2J\u{7}\u{202e}";

#[tokio::test]
async fn server_messages_are_escaped_in_display_and_debug() {
    let body = serde_json::to_vec(&json!({ "errors": [FORGED, { "detail": FORGED }] })).unwrap();
    // A tab and a C1 control (U+009B, a terminal's CSI) in a header: what HTTP lets through.
    let base = raw_server(raw_response(
        "400 Bad Request",
        &[b"Content-Type: application/json", b"X-Forged: a\tb\xc2\x9b[2J"],
        &body,
    ));
    let result = list_with(config_for_url(&base)).await;
    let error = result.expect_err("a 400");
    let datadog::Error::ResponseError(content) = &error else { panic!("{error:?}") };
    assert_eq!(content.content.as_bytes(), body, "the body is kept as received");
    let shown = error.to_string();
    assert_inert("Display", &shown);
    assert!(shown.contains("denied") && shown.contains("all good"), "the messages are shown: {shown}");
    assert_inert("Debug", &format!("{error:?}"));
    assert_inert("Debug of the content", &format!("{content:?}"));
}

#[tokio::test]
async fn decode_errors_and_unknown_values_are_escaped_in_display_and_debug() {
    // A value that fails to decode, in a field the server chose the name of.
    let mut item = connection_json(CONNECTION_ID);
    item["id"] = json!(FORGED);
    let body = serde_json::to_vec(&json!({ "data": [item] })).unwrap();
    let base = raw_server(raw_response("200 OK", &[b"Content-Type: application/json"], &body));
    let error = list_with(config_for_url(&base)).await.expect_err("not a UUID");
    assert!(matches!(error, datadog::Error::Serde(_)), "{error:?}");
    assert_inert("Display", &error.to_string());
    assert_inert("Debug", &format!("{error:?}"));

    // A decode refused under a key the server chose: the path names it.
    let body = format!(r#"{{"data":[],{}:[{}[0]]}}"#, serde_json::to_string(FORGED).unwrap(), "[0],".repeat(100_000));
    let base = raw_server(raw_response("200 OK", &[b"Content-Type: application/json"], body.as_bytes()));
    let error = list_with(config_for_url(&base)).await.expect_err("over the memory budget");
    let shown = error.to_string();
    assert!(shown.contains("denied\\r\\n2024") && shown.contains("bytes of memory"), "{shown}");
    assert_inert("Display", &shown);
    assert_inert("Debug", &format!("{error:?}"));

    // An enum value this client does not know, shown as text.
    let mut item = connection_json(CONNECTION_ID);
    item["attributes"]["connection_types"] = json!([FORGED]);
    let body = serde_json::to_vec(&json!({ "data": [item] })).unwrap();
    let base = raw_server(raw_response("200 OK", &[b"Content-Type: application/json"], &body));
    let list = list_with(config_for_url(&base)).await.expect("an unknown value is kept");
    let value = &list.data[0].attributes.connection_types[0];
    assert_inert("Display of an unknown enum value", &value.to_string());
    assert_inert("Debug of an unknown enum value", &format!("{value:?}"));
}
