//! Decodes the 1,000-item list body 20 times with one decoder, for instruction counts that the
//! machine's noise cannot move (wall-clock benches on shared cores can drift 20 %):
//!
//! ```sh
//! cargo build --release -p client-benches --example decode_loop
//! for d in none plain generated client; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/decode_loop $d
//! done
//! ```
//!
//! `none` only builds the body; subtract it from the others and divide by 20. `client` decodes as
//! a call does (`datadog::Json`), within the answer's memory budget.

use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::model::OrgConnectionListResponse;

fn main() {
    let body = client_benches::list_body(1000);
    let decoder = std::env::args().nth(1).unwrap_or_default();
    for _ in 0..20 {
        match decoder.as_str() {
            "none" => {}
            "plain" => drop(std::hint::black_box(serde_json::from_slice::<client_benches::plain::ListResponse>(&body))),
            "generated" => drop(std::hint::black_box(serde_json::from_slice::<OrgConnectionListResponse>(&body))),
            "client" => drop(std::hint::black_box(
                <datadog::Json<OrgConnectionListResponse> as datadog::Decoding>::decode(&body),
            )),
            other => {
                eprintln!("unknown decoder `{other}`: none, plain, generated or client");
                std::process::exit(2);
            }
        }
    }
}
