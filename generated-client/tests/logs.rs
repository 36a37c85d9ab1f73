//! What the client logs, at every level down to `trace`, through calls that succeed, are retried,
//! fail, go through a proxy with a password, or are refused: never a key, the proxy password, or
//! either in base64. A binary of its own, since a logger is set once per process.

mod common;

use std::sync::Mutex;

use common::{API_KEY, APP_KEY, config_for, list_ok, list_with, rate_limited, received};
use datadog_org_connections::datadog;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every record logged, as its target and text.
static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Recorder;

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        LINES.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }
    fn flush(&self) {}
}

const PROXY_PASSWORD: &str = "proxy-pass-5150";

fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn no_secret_reaches_a_log_line_at_any_level() {
    log::set_logger(&Recorder).expect("the only logger of this binary");
    log::set_max_level(log::LevelFilter::Trace);

    // A call retried after a 429, then answered.
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(rate_limited("0")).up_to_n_times(1).mount(&server).await;
    Mock::given(any()).respond_with(list_ok()).mount(&server).await;
    let mut config = config_for(&server);
    config.set_retry(true, 2);
    list_with(config).await.unwrap();
    assert_eq!(received(&server).await.len(), 2);

    // A call through a proxy with a password, which answers 500.
    let proxy = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).mount(&proxy).await;
    let mut config = config_for(&server);
    config.set_base_url("http://api.example.test");
    config.set_allow_insecure_http(true);
    let address = proxy.address();
    config.set_proxy_url(Some(format!("http://user:{PROXY_PASSWORD}@{address}")));
    assert!(list_with(config).await.is_err());
    assert_eq!(received(&proxy).await.len(), 1, "the proxy was used");

    // A call refused before sending: plain http to a host that is not loopback.
    let mut config = config_for(&server);
    config.set_base_url("http://api.example.test");
    let _ = list_with(config).await;

    // A key that is not a valid header value.
    let mut config = config_for(&server);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: format!("{API_KEY}\n"), prefix: String::new() });
    let _ = list_with(config).await;

    let lines = LINES.lock().unwrap().clone();
    assert!(!lines.is_empty(), "the client logs its calls");
    for secret in [API_KEY, APP_KEY, PROXY_PASSWORD] {
        for shown in [secret.to_string(), base64(secret), base64(&format!("user:{secret}"))] {
            let leaked: Vec<&String> = lines.iter().filter(|line| line.contains(&shown)).collect();
            assert!(leaked.is_empty(), "`{shown}` is in the logs: {leaked:#?}");
        }
    }
}
