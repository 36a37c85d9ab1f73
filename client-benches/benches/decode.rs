//! Decoding a 1,000-item `OrgConnectionListResponse`: the generated models against plain
//! `#[derive(Deserialize)]` structs of the same shape and against `serde_json::Value`.
//!
//! Run: `cargo bench -p client-benches --bench decode`.

use datadog_org_connections::datadogV2::model::OrgConnectionListResponse;

fn main() {
    divan::main();
}

fn body() -> Vec<u8> {
    client_benches::list_body(1000)
}

#[divan::bench(sample_count = 300)]
fn generated_models(bencher: divan::Bencher) {
    let body = body();
    bencher.bench(|| serde_json::from_slice::<OrgConnectionListResponse>(&body).unwrap());
}

#[divan::bench(sample_count = 300)]
fn plain_derive(bencher: divan::Bencher) {
    let body = body();
    bencher.bench(|| serde_json::from_slice::<client_benches::plain::ListResponse>(&body).unwrap());
}

#[divan::bench(sample_count = 300)]
fn json_value(bencher: divan::Bencher) {
    let body = body();
    bencher.bench(|| serde_json::from_slice::<serde_json::Value>(&body).unwrap());
}
