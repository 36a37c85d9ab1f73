//! A test of the crate generated from `all_of.yaml`, which the corpus test copies into it and
//! runs: models merged from `allOf` chains and from `allOf` beside a schema's own properties
//! decode every field (required ones included) and encode them again; a `oneOf` member's fields
//! are kept as unknown fields; a string `$ref` beside a description is the string itself.

use corpus_all_of::datadogV2::model::{Address, BankId, Check, PagedLabels, Swarm, Task, TaskId};
use serde_json::{Value, json};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Value {
    let model: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    serde_json::to_value(model).unwrap()
}

#[test]
fn an_inheritance_chain_merges_every_level() {
    let task = json!({"gid": "1", "name": "write", "done": true, "notes": "n"});
    assert_eq!(round_trip::<Task>(&task), task);
    let decoded: Task = serde_json::from_value(task).unwrap();
    assert_eq!((decoded.gid.as_str(), decoded.done), ("1", true));
    // `gid` (two levels up) and `done` are required.
    assert!(serde_json::from_value::<Task>(json!({"done": true})).is_err());
    assert!(serde_json::from_value::<Task>(json!({"gid": "1"})).is_err());
}

#[test]
fn all_of_beside_properties_is_merged_not_dropped() {
    let swarm = json!({"JoinTokens": "t", "ID": "abc", "Version": 3});
    assert_eq!(round_trip::<Swarm>(&swarm), swarm);
    let labels = json!({"labels": ["a"], "total": 1, "page": 1, "pages": 1, "links": {"next": "n"}});
    assert_eq!(round_trip::<PagedLabels>(&labels), labels);
    let decoded: PagedLabels = serde_json::from_value(labels).unwrap();
    assert_eq!((decoded.total, decoded.pages), (1, 1));
    // Required by the schema beside the `allOf`, though the member declares them.
    assert!(serde_json::from_value::<PagedLabels>(json!({"labels": []})).is_err());
}

#[test]
fn a_one_of_member_is_kept_and_a_string_reference_is_a_string() {
    let check = json!({"name": "cpu", "threshold": 0.9});
    assert_eq!(round_trip::<Check>(&check), check);
    let id: TaskId = "t-1".to_string();
    assert_eq!(serde_json::to_value(&id).unwrap(), json!("t-1"));
}

#[test]
fn one_string_said_twice_is_a_string_and_required_alternatives_keep_the_fields() {
    let id: BankId = "bank_1".to_string();
    assert_eq!(serde_json::to_value(&id).unwrap(), json!("bank_1"));
    let address: Address = serde_json::from_value(json!({"gid": "a1", "company": "Lob"})).unwrap();
    assert_eq!(address.company.as_deref(), Some("Lob"));
    assert_eq!(address.name, None);
    assert_eq!(round_trip::<Address>(&json!({"gid": "a1", "name": "Ann"})), json!({"gid": "a1", "name": "Ann"}));
}
