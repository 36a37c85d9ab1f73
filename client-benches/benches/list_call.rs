//! A list call end to end on loopback: the generated client against raw reqwest issuing the
//! same request and decoding the same type. The server answers a fixed 100-item body.
//!
//! Run: `cargo bench -p client-benches --bench list_call`.

use std::sync::LazyLock;

use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{ListOrgConnectionsOptionalParams, OrgConnectionsAPI};
use datadog_org_connections::datadogV2::model::OrgConnectionListResponse;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn main() {
    divan::main();
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap());

static SERVER: LazyLock<MockServer> = LazyLock::new(|| {
    RUNTIME.block_on(async {
        let server = MockServer::builder().disable_request_recording().start().await;
        Mock::given(method("GET"))
            .and(path("/api/v2/org_connections"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(client_benches::list_body(100), "application/json"))
            .mount(&server)
            .await;
        server
    })
});

// Loopback timings on 2 shared cores are noisy: many samples of 10 calls each steady the median.
#[divan::bench(sample_count = 300, sample_size = 10)]
fn generated_client(bencher: divan::Bencher) {
    let mut config = datadog::Configuration::new();
    config.set_base_url(&format!("http://{}", SERVER.address()));
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: "k".into(), prefix: String::new() });
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: "a".into(), prefix: String::new() });
    let api = OrgConnectionsAPI::with_config(config);
    bencher.bench(|| {
        RUNTIME.block_on(api.list_org_connections(ListOrgConnectionsOptionalParams::default().limit(100))).unwrap()
    });
}

#[divan::bench(sample_count = 300, sample_size = 10)]
fn raw_reqwest(bencher: divan::Bencher) {
    let client = reqwest::Client::builder().gzip(true).build().unwrap();
    let url = format!("http://{}/api/v2/org_connections", SERVER.address());
    bencher.bench(|| {
        RUNTIME.block_on(async {
            client
                .get(&url)
                .query(&[("limit", "100")])
                .header("Accept", "application/json")
                .header("DD-API-KEY", "k")
                .header("DD-APPLICATION-KEY", "a")
                .send()
                .await
                .unwrap()
                .json::<OrgConnectionListResponse>()
                .await
                .unwrap()
        })
    });
}
