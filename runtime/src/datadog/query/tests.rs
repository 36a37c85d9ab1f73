use super::*;
use serde_json::json;

fn sent(style: QueryObject, value: Value) -> String {
    query_string(&object_pairs("filter", style, value))
}

#[test]
fn an_object_is_spread_over_pairs_as_its_style_says() {
    let value = json!({"a_id": "a b", "b_limit": 2, "c_tags": ["x", "y"], "d_gone": null});
    assert_eq!(sent(QueryObject::Exploded, value.clone()), "a_id=a+b&b_limit=2&c_tags=x%2Cy");
    assert_eq!(sent(QueryObject::Deep, value), "filter%5Ba_id%5D=a+b&filter%5Bb_limit%5D=2&filter%5Bc_tags%5D=x%2Cy");
    assert_eq!(sent(QueryObject::Joined, json!({"a_id": "a,b", "b_limit": 2})), "filter=a_id,a%2Cb,b_limit,2");
    // A value that is no object (a `oneOf` variant) is one pair.
    assert_eq!(sent(QueryObject::Exploded, json!("plain")), "filter=plain");
}

#[cfg(feature = "mock")]
#[test]
fn a_mock_reads_back_what_was_sent() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Filter {
        user_id: i64,
    }
    let pairs = |list: &[(&str, &'static str)]| list.iter().map(|(k, v)| (k.to_string(), *v)).collect::<Vec<_>>();
    let decode: fn(&str) -> String = |raw| percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned();
    let exploded = pairs(&[("user_id", "7"), ("other", "x")]);
    let read = read_object::<Filter>(&exploded, "filter", QueryObject::Exploded, &["user_id"], decode);
    assert_eq!(read, Some(Ok(Filter { user_id: 7 })));
    let deep = pairs(&[("filter[email]", "a%40b")]);
    let read = read_object::<Value>(&deep, "filter", QueryObject::Deep, &[], decode);
    assert_eq!(read, Some(Ok(json!({"email": "a@b"}))));
    let joined = pairs(&[("filter", "email,a%2Cb,n,1")]);
    let read = read_object::<Value>(&joined, "filter", QueryObject::Joined, &[], decode);
    assert_eq!(read, Some(Ok(json!({"email": "a,b", "n": "1"}))));
    assert!(
        read_object::<Value>(&pairs(&[("other", "x")]), "filter", QueryObject::Exploded, &["user_id"], decode)
            .is_none()
    );
}
