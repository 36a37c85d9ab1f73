//! Helpers shared by the integration tests: a client pointed at a wiremock server, sample
//! payloads with their typed equivalents, and assertions on what the server received.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};

use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{
    ListOrgConnectionsError, ListOrgConnectionsOptionalParams, OrgConnectionsAPI,
};
use datadog_org_connections::datadogV2::model::{
    OrgConnection, OrgConnectionAttributes, OrgConnectionCreate, OrgConnectionCreateAttributes,
    OrgConnectionCreateRelationships, OrgConnectionCreateRequest, OrgConnectionListResponse,
    OrgConnectionOrgRelationship, OrgConnectionOrgRelationshipData, OrgConnectionOrgRelationshipDataType,
    OrgConnectionRelationships, OrgConnectionType, OrgConnectionTypeEnum, OrgConnectionUserRelationship,
    OrgConnectionUserRelationshipData, OrgConnectionUserRelationshipDataType,
};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const API_KEY: &str = "test-api-key-0123456789";
pub const APP_KEY: &str = "test-app-key-9876543210";

pub const CONNECTION_ID: &str = "f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a";
pub const SINK_ORG_ID: &str = "0879ce27-29a1-481f-a12e-bc2a48ec9ae1";
pub const SOURCE_ORG_ID: &str = "1e4d5f2a-3b6c-4d7e-8f90-a1b2c3d4e5f6";
pub const USER_ID: &str = "usr123abc456";
pub const CREATED_AT: &str = "2023-01-01T12:00:00Z";

pub const ERROR_MESSAGE: &str = "Bad Request";

/// Serializes every use of the environment in one test binary: `Configuration::new()` reads
/// it, and some tests change it. Never held across an `.await`.
static ENV_LOCK: Mutex<()> = Mutex::new(());

pub fn env_lock() -> MutexGuard<'static, ()> {
    ENV_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `Configuration::new()`, which reads the environment, under the lock.
pub fn new_config() -> datadog::Configuration {
    let _env = env_lock();
    datadog::Configuration::new()
}

/// A configuration that sends to `server` over plain HTTP with the test keys.
pub fn config_for(server: &MockServer) -> datadog::Configuration {
    let mut config = new_config();
    point_at(&mut config, server);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "".into() });
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: APP_KEY.into(), prefix: "".into() });
    config
}

/// Points a configuration at `server`, as users point it at a mock server or proxy.
pub fn point_at(config: &mut datadog::Configuration, server: &MockServer) {
    config.set_base_url(&server.uri());
}

/// One list call through a client built from `config`.
pub async fn list_with(
    config: datadog::Configuration,
) -> Result<OrgConnectionListResponse, datadog::Error<ListOrgConnectionsError>> {
    OrgConnectionsAPI::with_config(config).list_org_connections(ListOrgConnectionsOptionalParams::default()).await
}

/// A client for `server` with the test keys.
pub fn api_for(server: &MockServer) -> OrgConnectionsAPI {
    OrgConnectionsAPI::with_config(config_for(server))
}

/// Every request the server received (recording is on by default).
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// A header of a received request as text, if present exactly once.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let value = values.next()?;
    assert!(values.next().is_none(), "header {name} was sent more than once");
    Some(value.to_str().expect("header value is ASCII"))
}

/// The received body parsed as JSON.
pub fn body_json(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&request.body)))
}

/// The headers every request must carry: both keys, Accept, the client's User-Agent, and a JSON
/// Content-Type exactly when there is a body. The one operation that documents no response
/// body (DELETE) accepts any, as the vendor's client does; the others accept JSON.
pub fn assert_standard_headers(request: &wiremock::Request, has_body: bool) {
    assert_eq!(header(request, "DD-API-KEY"), Some(API_KEY), "DD-API-KEY");
    assert_eq!(header(request, "DD-APPLICATION-KEY"), Some(APP_KEY), "DD-APPLICATION-KEY");
    let accept = if request.method == wiremock::http::Method::DELETE { "*/*" } else { "application/json" };
    assert_eq!(header(request, "Accept"), Some(accept), "Accept");
    let agent = header(request, "User-Agent").expect("User-Agent is sent");
    assert!(agent.starts_with("datadog-org-connections/"), "User-Agent {agent:?}");
    if has_body {
        assert_eq!(header(request, "Content-Type"), Some("application/json"), "Content-Type");
    } else {
        assert_eq!(header(request, "Content-Type"), None, "no Content-Type without a body");
        assert!(request.body.is_empty(), "no body expected, got {:?}", String::from_utf8_lossy(&request.body));
    }
}

/// The error body the API documents for every error status.
pub fn error_body() -> Value {
    json!({ "errors": [ERROR_MESSAGE] })
}

/// The JSON of a complete org connection, as the API sends it.
pub fn connection_json(id: &str) -> Value {
    json!({
        "id": id,
        "type": "org_connection",
        "attributes": {
            "connection_types": ["logs", "metrics"],
            "created_at": CREATED_AT,
        },
        "relationships": {
            "created_by": { "data": { "id": USER_ID, "name": "John Doe", "type": "users" } },
            "sink_org": { "data": { "id": SINK_ORG_ID, "name": "Sink Org", "type": "orgs" } },
            "source_org": { "data": { "id": SOURCE_ORG_ID, "name": "Source Org", "type": "orgs" } },
        },
    })
}

/// The typed equivalent of [`connection_json`].
pub fn connection_model(id: &str) -> OrgConnection {
    let org = |id: &str, name: &str| {
        OrgConnectionOrgRelationship::new().data(
            OrgConnectionOrgRelationshipData::new()
                .id(id.to_string())
                .name(name.to_string())
                .type_(OrgConnectionOrgRelationshipDataType::ORGS),
        )
    };
    OrgConnection::new(
        OrgConnectionAttributes::new(vec![OrgConnectionTypeEnum::LOGS, OrgConnectionTypeEnum::METRICS], created_at()),
        uuid(id),
        OrgConnectionRelationships::new()
            .created_by(
                OrgConnectionUserRelationship::new().data(
                    OrgConnectionUserRelationshipData::new()
                        .id(USER_ID.to_string())
                        .name("John Doe".to_string())
                        .type_(OrgConnectionUserRelationshipDataType::USERS),
                ),
            )
            .sink_org(org(SINK_ORG_ID, "Sink Org"))
            .source_org(org(SOURCE_ORG_ID, "Source Org")),
        OrgConnectionType::ORG_CONNECTION,
    )
}

/// [`CREATED_AT`] as a timestamp.
pub fn created_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(CREATED_AT).expect("valid timestamp").with_timezone(&chrono::Utc)
}

pub fn uuid(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).expect("valid uuid")
}

/// A distinct connection id for item `n` of a listing.
pub fn nth_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// A configuration for `server` that retries (at most 3 times per call).
pub fn retrying(server: &MockServer) -> datadog::Configuration {
    let mut config = config_for(server);
    config.set_retry(true, 3);
    config
}

/// A 429 that asks for a wait of `reset_seconds` in `X-RateLimit-Reset`.
pub fn rate_limited(reset_seconds: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(error_body()).insert_header("X-RateLimit-Reset", reset_seconds)
}

/// A list answer with one connection.
pub fn list_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "data": [connection_json(CONNECTION_ID)] }))
}

/// A server that answers every request with [`list_ok`].
pub async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(list_ok()).mount(&server).await;
    server
}

/// Answers `first` once, then `then` for every later request.
pub async fn mount_sequence(server: &MockServer, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(any()).respond_with(first).up_to_n_times(1).with_priority(1).mount(server).await;
    Mock::given(any()).respond_with(then).with_priority(2).mount(server).await;
}

/// The smallest create request the spec allows.
pub fn create_request() -> OrgConnectionCreateRequest {
    OrgConnectionCreateRequest::new(OrgConnectionCreate::new(
        OrgConnectionCreateAttributes::new(vec![OrgConnectionTypeEnum::LOGS]),
        OrgConnectionCreateRelationships::new(OrgConnectionOrgRelationship::new()),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

/// The message of the `Error::Config` a call must have failed with.
pub fn expect_config_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: &Result<T, datadog::Error<E>>) -> String {
    match result {
        Err(datadog::Error::Config(message)) => message.clone(),
        other => panic!("expected a Config error, got {other:?}"),
    }
}

/// A server on a loopback port that answers every request with `response`, byte for byte (status
/// line, headers and body as given): for answers a mock server will not send. Returns its base
/// URL; the server lives as long as the test process.
pub fn raw_server(response: Vec<u8>) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let response = response.clone();
            std::thread::spawn(move || {
                // Reads the request head, and the body its Content-Length announces, before answering.
                let mut reader = BufReader::new(&stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let _ = (&stream).write_all(&response);
            });
        }
    });
    format!("http://{address}")
}

/// An HTTP/1.1 answer with `status`, extra `headers` (raw lines without CRLF) and `body`, closing
/// the connection after it.
pub fn raw_response(status: &str, headers: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut response =
        format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len()).into_bytes();
    for header in headers {
        response.extend_from_slice(header);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"\r\n");
    response.extend_from_slice(body);
    response
}

/// A configuration that sends to `base_url` with the test keys.
pub fn config_for_url(base_url: &str) -> datadog::Configuration {
    let mut config = new_config();
    config.set_base_url(base_url);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: API_KEY.into(), prefix: "".into() });
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: APP_KEY.into(), prefix: "".into() });
    config
}

/// Panics when `shown` holds a character a terminal or log reader acts on (a control character,
/// CR, LF, ESC and BEL among them, or a bidirectional override) rather than showing it.
pub fn assert_inert(what: &str, shown: &str) {
    let active = shown.chars().find(|&c| {
        c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert!(active.is_none(), "{what} shows {active:?} as it is: {shown:?}");
}
