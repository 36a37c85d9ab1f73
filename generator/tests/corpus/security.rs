//! A test of the crate generated from `security.yaml`, which the corpus test copies into it and
//! runs: each credential arrives at a server on loopback where its scheme says (header, query,
//! cookie, basic, bearer for HTTP bearer, OAuth2 and OpenID Connect), under the base URL's path
//! prefix, and only the credentials of the requirement the call chose.

use corpus_security::datadog::{APIKey, Configuration};
use corpus_security::datadogV2::api_default::DefaultAPI;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a request carried: its path and query, and the credential headers.
#[derive(Debug, PartialEq)]
struct Seen {
    target: String,
    key: Option<String>,
    authorization: Option<String>,
    cookie: Option<String>,
}

async fn last(server: &MockServer) -> Seen {
    let requests = server.received_requests().await.unwrap();
    let request = requests.last().unwrap();
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
    Seen {
        target: format!("{}{query}", request.url.path()),
        key: header("x-key"),
        authorization: header("authorization"),
        cookie: header("cookie"),
    }
}

fn seen(target: &str, key: Option<&str>, authorization: Option<&str>, cookie: Option<&str>) -> Seen {
    let owned = |v: Option<&str>| v.map(str::to_string);
    Seen { target: target.into(), key: owned(key), authorization: owned(authorization), cookie: owned(cookie) }
}

#[tokio::test]
async fn each_credential_arrives_where_its_scheme_says() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut config = Configuration::new();
    config.set_base_url(&format!("{}/prefix", server.uri()));
    let key = |key: &str| APIKey { key: key.into(), prefix: String::new() };
    config.set_auth_key("headerKey", key("h-1"));
    config.set_auth_key("queryKey", key("q/1"));
    config.set_auth_key("cookieKey", key("c;1"));
    config.set_basic_auth("basic", "Aladdin", "open sesame");
    config.set_bearer_token("oauth", "oauth-token");
    config.set_token_provider("oidc", || Ok("fresh-oidc".to_string()));
    let api = DefaultAPI::with_config(config.clone());

    api.get_default().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/default", Some("h-1"), None, None));
    api.get_open().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/open", None, None, None));
    api.get_query().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/query?api_key=q%2F1", None, None, None));
    api.get_cookie(Default::default()).await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/cookie", None, None, Some("sid=c%3B1")));
    api.get_basic().await.unwrap();
    let basic = "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==";
    assert_eq!(last(&server).await, seen("/prefix/basic", None, Some(basic), None));
    api.get_oauth().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/oauth", None, Some("Bearer oauth-token"), None));
    api.get_oidc().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/oidc", None, Some("Bearer fresh-oidc"), None));
    // The combination (both keys) comes first; both are set.
    api.get_both_or_bearer().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/both-or-bearer?api_key=q%2F1", Some("h-1"), None, None));
    // Optional security and no bearer token: nothing is sent.
    api.get_optional().await.unwrap();
    assert_eq!(last(&server).await, seen("/prefix/optional", None, None, None));

    // Only a bearer token: the alternative.
    let mut config = Configuration::new();
    config.set_base_url(&server.uri());
    config.set_bearer_token("bearer", "b-1");
    let api = DefaultAPI::with_config(config);
    api.get_both_or_bearer().await.unwrap();
    assert_eq!(last(&server).await, seen("/both-or-bearer", None, Some("Bearer b-1"), None));
    api.get_optional().await.unwrap();
    assert_eq!(last(&server).await, seen("/optional", None, Some("Bearer b-1"), None));
}

#[tokio::test]
async fn a_token_provider_that_fails_stops_the_call_before_it_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut config = Configuration::new();
    config.set_base_url(&server.uri());
    config.set_token_provider("oidc", || Err("the identity provider is down".to_string()));
    let error = DefaultAPI::with_config(config).get_oidc().await.unwrap_err();
    assert!(error.to_string().contains("the identity provider is down"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
