//! The example of README.md's "Testing your code", verbatim from the line below (tests/mock.rs
//! checks that the README shows it): a user's tests of their own code, written with the mocks.

use datadog_org_connections::datadog::mock::MockServer;
use datadog_org_connections::datadogV2::api_org_connections::{
    ListOrgConnectionsError, ListOrgConnectionsOptionalParams, OrgConnectionsAPI, mock,
};
use datadog_org_connections::datadogV2::model::{
    APIErrorResponse, OrgConnection, OrgConnectionAttributes, OrgConnectionListResponse, OrgConnectionRelationships,
    OrgConnectionType, OrgConnectionTypeEnum,
};
use uuid::Uuid;

/// The code under test: the ids of the connections whose sink is the org `org`.
async fn connections_to(api: &OrgConnectionsAPI, org: &str) -> Result<Vec<Uuid>, String> {
    let params = ListOrgConnectionsOptionalParams::default().sink_org_id(org.to_string()).limit(100);
    let page = api.list_org_connections(params).await.map_err(|error| error.to_string())?;
    Ok(page.data.into_iter().map(|connection| connection.id).collect())
}

#[tokio::test]
async fn lists_the_connections_to_an_org() {
    let server = MockServer::start().await;
    let connection = OrgConnection::new(
        OrgConnectionAttributes::new(vec![OrgConnectionTypeEnum::LOGS], chrono::DateTime::UNIX_EPOCH),
        Uuid::from_u128(1),
        OrgConnectionRelationships::new(),
        OrgConnectionType::ORG_CONNECTION,
    );
    // Matched on the operation's own parameters, answered with its own model.
    mock::ListOrgConnections::new()
        .sink_org_id("org-1".to_string())
        .limit(100)
        .respond_ok(OrgConnectionListResponse::new(vec![connection]))
        .times(1)
        .mount(&server)
        .await;

    // The client under test, pointed at the server, with test keys.
    let api = OrgConnectionsAPI::with_config(server.config());
    assert_eq!(connections_to(&api, "org-1").await, Ok(vec![Uuid::from_u128(1)]));

    // What was sent, read back in the operation's own types.
    let calls = server.received::<mock::ListOrgConnections>().await;
    assert_eq!(calls[0].params.sink_org_id.as_deref(), Some("org-1"));
    // Every expectation got its calls, and no call went unmatched.
    server.verify().await;
}

#[tokio::test]
async fn reports_the_apis_errors() {
    let server = MockServer::start().await;
    let forbidden = APIErrorResponse::new(vec!["Forbidden".to_string()]);
    mock::ListOrgConnections::new()
        .respond_error(403, ListOrgConnectionsError::APIErrorResponse(forbidden))
        .mount(&server)
        .await;

    let api = OrgConnectionsAPI::with_config(server.config());
    let error = connections_to(&api, "org-1").await.unwrap_err();
    assert_eq!(error, "the API answered 403 Forbidden: Forbidden");
}
