//! A test of the crate generated from `nullable.yaml`, which the corpus test copies into it and
//! runs: `null` decodes where the spec allows it, in a field merged from an `allOf` member as
//! in any other, and is kept (encoded again as `null`, not dropped). Written against the JSON,
//! not the fields' types, so that it builds whatever types the generator gives the fields, and
//! fails where a decode does. (That `strict` is not nullable is checked on the IR, in
//! `corpus.rs`: an optional field reads `null` as absent either way.)

use corpus_nullable::datadogV2::model::{Merged, Plain};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `json` as `T` and encodes it again: the same JSON, `null`s included.
fn round_trip<T: DeserializeOwned + serde::Serialize>(json: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<T>(json).map(|model| serde_json::to_value(model).unwrap())
}

#[test]
fn null_decodes_beside_a_ref_in_and_out_of_all_of_members() {
    let json = r#"{"plain": null}"#;
    assert_eq!(round_trip::<Plain>(json).unwrap(), serde_json::from_str::<Value>(json).unwrap());

    for json in [
        r#"{"inline": null}"#,
        r#"{"by_ref": null, "inline": {"a": "x"}}"#,
        r#"{"inline": {}, "list": [null, {"a": "x"}]}"#,
        r#"{"by_ref": null, "inline": null, "list": [null]}"#,
    ] {
        let decoded = round_trip::<Merged>(json)
            .unwrap_or_else(|e| panic!("{json}: null in a field merged from an allOf member: {e}"));
        assert_eq!(decoded, serde_json::from_str::<Value>(json).unwrap(), "{json}");
    }
}
