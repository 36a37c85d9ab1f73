//! Contract test against Stoplight Prism, an independent mock server built from the same spec.
//!
//! The wiremock tests check the client against expectations written here; this one checks it
//! against Prism's own reading of `spec/org_connections.yaml`. Prism validates every request
//! (with `--errors` an invalid one is answered 422 or a documented 4xx, and it names the
//! violation in an `sl-violations` header), and answers with the spec's examples (static mode)
//! or random schema-valid bodies (dynamic mode, `-d`), which the client must decode.
//!
//! Ignored by default: it needs a running Prism. `scripts/prism-contract.sh` installs the
//! pinned Prism, starts it in both modes and runs this test with:
//! - `PRISM_URL`: Prism's base URL, `http://127.0.0.1:PORT` (required);
//! - `PRISM_CALLS`: how many times each operation is called (default 200; the pagination
//!   stream, one call in ten);
//! - `PRISM_MODE`: a label for the summary line (`static` or `dynamic`).

mod common;

use std::fmt::Debug;

use datadog_org_connections::datadog;
use datadog_org_connections::datadogV2::api_org_connections::{ListOrgConnectionsOptionalParams, OrgConnectionsAPI};
use datadog_org_connections::datadogV2::model::{
    OrgConnectionCreate, OrgConnectionCreateAttributes, OrgConnectionCreateRelationships, OrgConnectionCreateRequest,
    OrgConnectionOrgRelationship, OrgConnectionOrgRelationshipData, OrgConnectionOrgRelationshipDataType,
    OrgConnectionType, OrgConnectionTypeEnum, OrgConnectionUpdate, OrgConnectionUpdateAttributes,
    OrgConnectionUpdateRequest,
};
use futures_util::StreamExt;

/// The spec's examples: the connection id and the sink org id (the shared test values).
use common::{CONNECTION_ID as EXAMPLE_CONNECTION_ID, SINK_ORG_ID as EXAMPLE_ORG_ID};

/// Prism's base URL from `PRISM_URL`, without its trailing slash.
fn prism_url() -> String {
    let url = std::env::var("PRISM_URL").unwrap_or_default();
    assert!(
        !url.is_empty(),
        "PRISM_URL is not set: this test needs a running Prism mock server; run scripts/prism-contract.sh \
         (or start `prism mock --errors spec/org_connections.yaml` and set PRISM_URL=http://127.0.0.1:4010)"
    );
    url.trim_end_matches('/').to_string()
}

fn calls_per_operation() -> usize {
    match std::env::var("PRISM_CALLS") {
        Ok(value) => value.parse().unwrap_or_else(|_| panic!("PRISM_CALLS must be a number, got {value:?}")),
        Err(_) => 200,
    }
}

/// A client for Prism, pointed at it as users point the client at a mock server, with
/// placeholder keys, which Prism requires to be present but does not check.
fn api_for(url: &str) -> OrgConnectionsAPI {
    let mut config = common::new_config();
    config.set_base_url(url);
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: "prism-api-key".into(), prefix: "".into() });
    config.set_auth_key("appKeyAuth", datadog::APIKey { key: "prism-app-key".into(), prefix: "".into() });
    OrgConnectionsAPI::with_config(config)
}

/// Calls made and what went wrong, per operation.
#[derive(Default)]
struct Tally {
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Records one call: any error fails it, and a decode error is named as one.
    fn check<T, E: Debug>(&mut self, operation: &str, result: Result<T, datadog::Error<E>>) -> Option<T> {
        match result {
            Ok(value) => {
                self.passed += 1;
                Some(value)
            }
            Err(error) => {
                let what = match &error {
                    datadog::Error::Serde(e) => format!("DECODE ERROR at `{}`: {}", e.path(), e.inner()),
                    datadog::Error::ResponseError(r) => {
                        let violations = r.headers.get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or("");
                        format!("status {} (violations: {violations}) body: {}", r.status, r.content)
                    }
                    other => format!("unexpected error: {other} ({other:?})"),
                };
                self.failures.push(format!("{operation}: {what}"));
                None
            }
        }
    }

    /// Records a call made through `*_with_http_info`: besides succeeding, it must be 2xx and
    /// Prism must have attached no violation to it.
    fn check_info<T, E: Debug>(
        &mut self,
        operation: &str,
        result: Result<datadog::ResponseContent<T>, datadog::Error<E>>,
    ) {
        if let Some(response) = self.check(operation, result) {
            let violations = response.headers.get("sl-violations");
            if !response.status.is_success() || violations.is_some() {
                self.passed -= 1;
                self.failures.push(format!(
                    "{operation}: status {} with violations {violations:?} body: {}",
                    response.status, response.content
                ));
            }
        }
    }
}

/// A non-empty subset of the connection types, different from call to call.
fn connection_types(i: usize) -> Vec<OrgConnectionTypeEnum> {
    let all = [OrgConnectionTypeEnum::LOGS, OrgConnectionTypeEnum::METRICS, OrgConnectionTypeEnum::AUDIT];
    let mask = i % 7 + 1; // 1..=7: every non-empty subset
    all.into_iter().enumerate().filter(|(bit, _)| mask & (1 << bit) != 0).map(|(_, t)| t).collect()
}

/// The spec's example connection id first, then distinct ids.
fn connection_id(i: usize) -> uuid::Uuid {
    if i == 0 {
        uuid::Uuid::parse_str(EXAMPLE_CONNECTION_ID).expect("valid uuid")
    } else {
        uuid::Uuid::from_u128(0x0879ce27_29a1_481f_a12e_000000000000 + i as u128)
    }
}

fn create_body(i: usize) -> OrgConnectionCreateRequest {
    let mut data = OrgConnectionOrgRelationshipData::new().id(EXAMPLE_ORG_ID.to_string());
    if i % 2 == 0 {
        data = data.name("Example Org".to_string()).type_(OrgConnectionOrgRelationshipDataType::ORGS);
    }
    OrgConnectionCreateRequest::new(OrgConnectionCreate::new(
        OrgConnectionCreateAttributes::new(connection_types(i)),
        OrgConnectionCreateRelationships::new(OrgConnectionOrgRelationship::new().data(data)),
        OrgConnectionType::ORG_CONNECTION,
    ))
}

fn update_body(id: uuid::Uuid, i: usize) -> OrgConnectionUpdateRequest {
    OrgConnectionUpdateRequest::new(OrgConnectionUpdate::new(
        OrgConnectionUpdateAttributes::new(connection_types(i + 3)),
        id,
        OrgConnectionType::ORG_CONNECTION,
    ))
}

/// Every optional parameter of the listing, with values that vary from call to call.
fn list_params(i: usize) -> ListOrgConnectionsOptionalParams {
    let params = ListOrgConnectionsOptionalParams::default();
    if i == 0 {
        // The spec's examples.
        return params
            .sink_org_id(EXAMPLE_ORG_ID.to_string())
            .source_org_id(EXAMPLE_ORG_ID.to_string())
            .limit(1000)
            .offset(0);
    }
    params
        .sink_org_id(connection_id(i).to_string())
        .source_org_id(EXAMPLE_ORG_ID.to_string())
        .limit((i % 100 + 1) as i64)
        .offset((i * 7) as i64)
}

#[tokio::test]
#[ignore = "needs a Prism mock server: run scripts/prism-contract.sh"]
async fn every_operation_against_prism() {
    let url = prism_url();
    let calls = calls_per_operation();
    let mode = std::env::var("PRISM_MODE").unwrap_or_else(|_| "run".to_string());
    let api = api_for(&url);
    let mut tally = Tally::default();

    for i in 0..calls {
        tally.check(
            "list_org_connections()",
            api.list_org_connections(ListOrgConnectionsOptionalParams::default()).await,
        );
        tally.check("list_org_connections(all params)", api.list_org_connections(list_params(i)).await);
        tally.check_info(
            "list_org_connections_with_http_info",
            api.list_org_connections_with_http_info(list_params(i)).await,
        );

        let id = connection_id(i);
        tally.check("create_org_connections", api.create_org_connections(create_body(i)).await);
        tally.check_info(
            "create_org_connections_with_http_info",
            api.create_org_connections_with_http_info(create_body(i + 1)).await,
        );
        tally.check("update_org_connections", api.update_org_connections(id, update_body(id, i)).await);
        tally.check_info(
            "update_org_connections_with_http_info",
            api.update_org_connections_with_http_info(id, update_body(id, i + 1)).await,
        );
        tally.check("delete_org_connections", api.delete_org_connections(id).await);
        tally.check_info("delete_org_connections_with_http_info", api.delete_org_connections_with_http_info(id).await);

        // The stream, for a page or two: two items a page, at most four items. Prism answers
        // every page, so without the cap a full page would always ask for another.
        // Counted as one call, whatever the number of pages.
        if i % 10 == 0 {
            let params = ListOrgConnectionsOptionalParams::default().limit(2);
            let items: Vec<_> = api.list_org_connections_with_pagination(params).take(4).collect().await;
            let result: Result<Vec<_>, _> = items.into_iter().collect();
            tally.check("list_org_connections_with_pagination", result);
        }
    }

    let failed = tally.failures.len();
    println!("prism {mode}: {} passed, {failed} failed", tally.passed);
    if failed > 0 {
        let shown: Vec<&str> = tally.failures.iter().take(20).map(String::as_str).collect();
        panic!("{failed} calls to Prism failed (first {}):\n{}", shown.len(), shown.join("\n"));
    }
}
