//! The views of the Cargo manifests and of the smoke program.

use serde::Serialize;

use crate::ir::{Api, AuthScheme, Operation};
use crate::settings::GenerationSettings;

/// `Cargo.toml.j2`: the manifest of the crate users depend on, or of a member crate.
#[derive(Serialize)]
pub struct ManifestView<'a> {
    /// The package: the crate's name, or a member's.
    pub name: &'a str,
    /// The crate users depend on (a member's description names it).
    pub crate_name: &'a str,
    pub crate_version: &'a str,
    pub repository: Option<&'a str>,
    /// The crate users depend on, rather than a member.
    pub root: bool,
    /// What a member holds, as its description says.
    pub what: String,
    /// A crate with a feature per API, described as the whole API.
    pub features_per_api: bool,
    /// For a crate of one spec, its description names the spec's title and tags.
    pub title: &'a str,
    pub tags: Vec<&'a str>,
    /// This crate holds the runtime: its TLS features turn on reqwest's.
    pub owns_runtime: bool,
    /// The runtime crate whose TLS features this crate's turn on, when another crate holds it.
    pub tls_forwarded_to: Option<&'a str>,
    /// The cargo features of the APIs (and `all`), with what each turns on.
    pub features: Vec<Feature>,
    /// The member crates it depends on.
    pub members: Vec<MemberDependency>,
    /// What the `mock` feature (typed mocks) turns on: wiremock in the crate that holds the
    /// runtime, the runtime's and the parts' `mock` elsewhere; `None` for a crate without it
    /// (the shared models).
    pub mock: Option<Vec<String>>,
}

/// A cargo feature and what it turns on.
#[derive(Serialize)]
pub struct Feature {
    pub name: String,
    pub enables: Vec<String>,
}

/// A dependency on a member crate.
#[derive(Serialize)]
pub struct MemberDependency {
    pub name: String,
    pub path: String,
    pub optional: bool,
}

/// `smoke/{Cargo.toml,main.rs}.j2`: the program that calls every operation once.
#[derive(Serialize)]
pub struct SmokeView<'a> {
    pub crate_name: &'a str,
    pub crate_ident: String,
    pub crate_path: &'a str,
    pub features: bool,
    pub versions: Vec<&'a str>,
    pub calls: Vec<SmokeCall<'a>>,
    pub auth: Vec<&'a AuthScheme>,
    pub unstable: Vec<&'a str>,
    /// Whether any call takes a sample value (an argument, a body, an optional parameter).
    pub samples: bool,
}

/// One operation's call in the smoke program.
#[derive(Serialize)]
pub struct SmokeCall<'a> {
    pub version: &'a str,
    /// The operation's key (`v2.list_org_connections`).
    pub key: &'a str,
    /// The function that makes the call (named like the operation's key).
    pub function: String,
    /// The path of the API module (`crate::datadogV2::api_foo`).
    pub api: String,
    pub struct_name: &'a str,
    pub op: &'a Operation,
}

impl<'a> SmokeView<'a> {
    pub fn new(
        versions: &'a [(Api, GenerationSettings)],
        settings: &'a GenerationSettings,
        crate_path: &'a str,
    ) -> Self {
        let crate_ident = settings.crate_ident();
        let mut calls = Vec::new();
        for (api, s) in versions {
            for group in &api.groups {
                for op in &group.operations {
                    calls.push(SmokeCall {
                        version: &s.version_module,
                        key: &op.key,
                        function: crate::naming::fn_name(&op.key),
                        api: format!("{crate_ident}::{}::{}", s.version_module, group.module),
                        struct_name: &group.struct_name,
                        op,
                    });
                }
            }
        }
        SmokeView {
            crate_name: &settings.crate_name,
            crate_ident,
            crate_path,
            features: settings.features,
            versions: versions.iter().map(|(_, s)| s.version_module.as_str()).collect(),
            samples: calls.iter().any(|c| {
                let body = c.op.body.as_ref().is_some_and(|b| b.place == crate::ir::BodyPlace::Argument);
                !c.op.args.is_empty() || body || c.op.optional.iter().any(|p| p.sample.is_some())
            }),
            calls,
            auth: auth_schemes(versions),
            unstable: unstable_keys(versions),
        }
    }
}

/// The API-key schemes of every spec, each once (by name), in spec order.
pub fn auth_schemes(versions: &[(Api, GenerationSettings)]) -> Vec<&AuthScheme> {
    let mut auth: Vec<&AuthScheme> = Vec::new();
    for scheme in versions.iter().flat_map(|(api, _)| &api.auth) {
        if !auth.iter().any(|a| a.scheme == scheme.scheme) {
            auth.push(scheme);
        }
    }
    auth
}

/// The keys of the operations marked unstable, in every spec.
pub fn unstable_keys(versions: &[(Api, GenerationSettings)]) -> Vec<&str> {
    versions.iter().flat_map(|(api, _)| api.operations()).filter(|o| o.unstable).map(|o| o.key.as_str()).collect()
}
