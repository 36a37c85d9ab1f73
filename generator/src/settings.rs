//! Generation settings: everything about the output that is a choice rather than a fact of the
//! spec, in one place.

/// How a spec becomes a crate: its name and the layout of its modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerationSettings {
    /// The package name of the generated crate (`datadog-org-connections`).
    pub crate_name: String,
    /// The module that holds the APIs and models (`datadogV2`).
    pub version_module: String,
    /// What each operation's key in `Configuration` starts with (`v2`, for `v2.list_org_connections`).
    pub operation_prefix: String,
    /// The environment variable that sets the `site` server variable, if any (`DD_SITE`).
    pub site_env: Option<String>,
}

impl GenerationSettings {
    /// The layout of Datadog's own v2 client, which the generated crate is a drop-in for.
    pub fn datadog_v2(crate_name: &str) -> GenerationSettings {
        GenerationSettings {
            crate_name: crate_name.to_string(),
            version_module: "datadogV2".to_string(),
            operation_prefix: "v2".to_string(),
            site_env: Some("DD_SITE".to_string()),
        }
    }

    /// The crate name as a Rust identifier (`datadog_org_connections`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// The Rust path of the models module (`crate::datadogV2::model`).
    pub fn model_module(&self) -> String {
        format!("crate::{}::model", self.version_module)
    }
}
