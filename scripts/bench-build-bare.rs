// The build-cost baseline: List Org Connections by hand on reqwest, with the same dependencies as
// the generated crate's core but no generated code. Built by scripts/bench-build.sh (`bare`).
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Connection {
    id: uuid::Uuid,
    #[serde(rename = "type")]
    kind: String,
    attributes: Attributes,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Attributes {
    created_at: chrono::DateTime<chrono::Utc>,
    connection_types: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct ListResponse {
    data: Vec<Connection>,
}

#[tokio::main]
async fn main() {
    // ring: let _ = rustls::crypto::ring::default_provider().install_default();
    let key = |name: &str| std::env::var(name).unwrap_or_default();
    let resp = async {
        reqwest::Client::new()
            .get("https://api.datadoghq.com/api/v2/org_connections")
            .query(&[("limit", "100")])
            .header("DD-API-KEY", key("DD_API_KEY"))
            .header("DD-APPLICATION-KEY", key("DD_APP_KEY"))
            .send()
            .await?
            .error_for_status()?
            .json::<ListResponse>()
            .await
    }
    .await;
    println!("{resp:#?}");
}
