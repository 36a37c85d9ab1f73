//! Shared inputs of the client benchmarks: a realistic list body, and a plain-serde model of
//! the same shape to compare the generated models against.

use serde::Deserialize;
use serde_json::json;

/// An `OrgConnectionListResponse` body with `n` realistic items: ids, timestamps, and three
/// relationships with names.
pub fn list_body(n: usize) -> Vec<u8> {
    let items: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "id": uuid::Uuid::from_u128(0xf9ec96b0_8c8a_4b0a_9b0a_000000000000 + i as u128),
                "type": "org_connection",
                "attributes": {
                    "connection_types": ["logs", "metrics"],
                    "created_at": format!("2023-01-{:02}T12:{:02}:00Z", 1 + i % 28, i % 60)
                },
                "relationships": {
                    "created_by": { "data": { "id": format!("usr{i:06}"), "name": format!("User {i}"), "type": "users" } },
                    "sink_org": { "data": { "id": uuid::Uuid::from_u128(i as u128 * 7).to_string(), "name": format!("Sink org {i}"), "type": "orgs" } },
                    "source_org": { "data": { "id": uuid::Uuid::from_u128(i as u128 * 13).to_string(), "name": format!("Source org {i}"), "type": "orgs" } }
                }
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "data": items, "meta": { "page": { "total_count": n, "total_filtered_count": n } } }))
        .unwrap_or_default()
}

/// The same shape as the generated models, with nothing but `#[derive(Deserialize)]`: no
/// unknown-field map, closed enums.
pub mod plain {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct ListResponse {
        pub data: Vec<Connection>,
        pub meta: Option<Meta>,
    }
    #[derive(Deserialize)]
    pub struct Meta {
        pub page: Option<Page>,
    }
    #[derive(Deserialize)]
    pub struct Page {
        pub total_count: Option<i64>,
        pub total_filtered_count: Option<i64>,
    }
    #[derive(Deserialize)]
    pub struct Connection {
        pub id: uuid::Uuid,
        #[serde(rename = "type")]
        pub type_: ConnectionType,
        pub attributes: Attributes,
        pub relationships: Relationships,
    }
    #[derive(Deserialize)]
    pub enum ConnectionType {
        #[serde(rename = "org_connection")]
        OrgConnection,
    }
    #[derive(Deserialize)]
    pub struct Attributes {
        pub connection_types: Vec<Kind>,
        pub created_at: chrono::DateTime<chrono::Utc>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Kind {
        Logs,
        Metrics,
        Audit,
    }
    #[derive(Deserialize)]
    pub struct Relationships {
        pub created_by: Option<Relationship>,
        pub sink_org: Option<Relationship>,
        pub source_org: Option<Relationship>,
    }
    #[derive(Deserialize)]
    pub struct Relationship {
        pub data: Option<RelationshipData>,
    }
    #[derive(Deserialize)]
    pub struct RelationshipData {
        pub id: Option<String>,
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
    }
}
