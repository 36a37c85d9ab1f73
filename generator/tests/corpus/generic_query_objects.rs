//! A test of the crate generated from `generic_query_objects.yaml`: an object in the query is
//! spread over pairs as its `style` and `explode` say (Intercom's `filter` was sent as
//! `filter={"user_id":"…"}`, which its server, and Prism, read as no filter at all), and the
//! typed mocks read each back into the object it was.

use corpus_generic_query_objects::api::api_default::{DefaultAPI, ListEventsOptionalParams};
use corpus_generic_query_objects::api::model::{
    ListEventsFilterParameter, ListEventsFilterParameter1, ListEventsFilterParameter2, ListEventsPageParameter,
    ListEventsRangeParameter,
};
use corpus_generic_query_objects::runtime::Configuration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn by_email(email: &str) -> ListEventsFilterParameter {
    ListEventsFilterParameter::ListEventsFilterParameter2(Box::new(ListEventsFilterParameter2::new(email.into())))
}

fn all_params() -> ListEventsOptionalParams {
    let mut range = ListEventsRangeParameter::new();
    range.from = Some(1);
    range.to = Some(5);
    ListEventsOptionalParams::default().page(ListEventsPageParameter::new().size(2).cursor("a b".into())).range(range)
}

#[tokio::test]
async fn an_object_in_the_query_is_sent_as_its_style_says() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut config = Configuration::new();
    config.set_base_url(&server.uri());
    let api = DefaultAPI::with_config(config);
    let user = ListEventsFilterParameter::ListEventsFilterParameter1(Box::new(ListEventsFilterParameter1::new(
        "u 1".into(),
    )));
    api.list_events(user, ListEventsOptionalParams::default()).await.unwrap();
    api.list_events(by_email("a@b.c"), all_params()).await.unwrap();
    let queries: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(queries, ["user_id=u+1", "email=a%40b.c&page%5Bcursor%5D=a+b&page%5Bsize%5D=2&range=from,1,to,5"]);
}

#[tokio::test]
async fn the_mocks_read_each_object_back() {
    use corpus_generic_query_objects::api::api_default::mock;
    use corpus_generic_query_objects::runtime::mock::MockServer;
    let server = MockServer::start().await;
    mock::ListEvents::new().filter(by_email("a@b.c")).respond_ok().times(1).mount(&server).await;
    let api = DefaultAPI::with_config(server.config());
    api.list_events(by_email("a@b.c"), all_params()).await.unwrap();
    let call = server.received::<mock::ListEvents>().await.remove(0);
    assert_eq!(call.filter, by_email("a@b.c"));
    assert_eq!(call.params.page, all_params().page);
    assert_eq!(call.params.range, all_params().range);
    server.verify().await;
}
