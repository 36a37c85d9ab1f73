//! A test of the crate generated from `hostile_paths.yaml`, which the corpus test copies into it
//! and runs against a server on loopback: a path parameter of `..`, `.` or nothing is refused
//! before anything is sent, naming the operation and the parameter; other characters stay in
//! their segment; a comma inside a list item is encoded, so it never passes for the separator.

use corpus_hostile_paths::datadog;
use corpus_hostile_paths::datadogV2::api_default::DefaultAPI;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, DefaultAPI) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut config = datadog::Configuration::new();
    config.set_base_url(&server.uri());
    config.set_auth_key("apiKeyAuth", datadog::APIKey { key: "secret".into(), prefix: String::new() });
    (server, DefaultAPI::with_config(config))
}

/// The raw path and query of every request the server received.
async fn sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().map(|r| format!("{}{}", r.url.path(), r.url.query().map(|q| format!("?{q}")).unwrap_or_default())).collect()
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_before_sending() {
    let (server, api) = server().await;
    for value in ["..", ".", ""] {
        let error = api.list_role_users(value.into()).await.unwrap_err();
        assert!(
            matches!(&error, datadog::Error::InvalidPathParameter { operation: "v2.list_role_users", parameter: "role_id", value: v } if v == value),
            "{value:?}: {error:?}"
        );
        let shown = error.to_string();
        assert!(shown.contains("path parameter `role_id`") && shown.contains("nothing was sent"), "{shown}");
        let error = api.delete_role(value.into()).await.unwrap_err();
        assert!(matches!(error, datadog::Error::InvalidPathParameter { parameter: "role_id", .. }), "{error:?}");
    }
    let error = api.get_tags(Vec::new()).await.unwrap_err();
    assert!(matches!(error, datadog::Error::InvalidPathParameter { parameter: "names", .. }), "{error:?}");
    assert_eq!(sent(&server).await, Vec::<String>::new(), "nothing reached the server");
}

#[tokio::test]
async fn other_characters_stay_in_their_segment() {
    let (server, api) = server().await;
    for value in ["a/b", "?x", "#y", "%2F", "a b", "...", "%2e%2e"] {
        api.list_role_users(value.into()).await.unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    assert_eq!(
        sent(&server).await,
        [
            "/api/v2/roles/a%2Fb/users",
            "/api/v2/roles/%3Fx/users",
            "/api/v2/roles/%23y/users",
            "/api/v2/roles/%252F/users",
            "/api/v2/roles/a%20b/users",
            "/api/v2/roles/.../users",
            "/api/v2/roles/%252e%252e/users",
        ]
    );
}

#[tokio::test]
async fn a_comma_inside_a_list_item_is_not_the_separator() {
    let (server, api) = server().await;
    api.search(vec!["main,audit".into()]).await.unwrap();
    api.search(vec!["main".into(), "audit".into()]).await.unwrap();
    api.get_tags(vec!["a,b".into()]).await.unwrap();
    api.get_tags(vec!["a".into(), "b".into()]).await.unwrap();
    assert_eq!(
        sent(&server).await,
        [
            "/api/v2/search?filter%5Bindexes%5D=main%2Caudit",
            "/api/v2/search?filter%5Bindexes%5D=main,audit",
            "/api/v2/tags/a%2Cb",
            "/api/v2/tags/a,b",
        ]
    );
}

/// The typed mocks read each value back as the caller gave it: characters encoded to stay in
/// their segment decoded again, list items with commas inside kept whole.
#[tokio::test]
async fn the_mocks_read_back_what_was_given() {
    use corpus_hostile_paths::datadog::mock::MockServer;
    use corpus_hostile_paths::datadogV2::api_default::mock;
    let server = MockServer::start().await;
    mock::ListRoleUsers::new().respond_ok().mount(&server).await;
    mock::Search::new().respond_ok().times(1).mount(&server).await;
    mock::GetTags::new().names(vec!["a,b".into(), "c".into()]).respond_ok().times(1).mount(&server).await;
    let api = DefaultAPI::with_config(server.config());
    let values = ["a/b", "?x", "#y", "%2F", "a b", "...", "%2e%2e", "é"];
    for value in values {
        api.list_role_users(value.into()).await.unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    api.search(vec!["main,audit".into(), "x y&z".into()]).await.unwrap();
    api.get_tags(vec!["a,b".into(), "c".into()]).await.unwrap();
    let roles: Vec<String> = server.received::<mock::ListRoleUsers>().await.into_iter().map(|c| c.role_id).collect();
    assert_eq!(roles, values);
    let searches = server.received::<mock::Search>().await;
    assert_eq!(searches[0].filter_indexes, ["main,audit", "x y&z"]);
    assert_eq!(server.received::<mock::GetTags>().await[0].names, ["a,b", "c"]);
    server.verify().await;
}
