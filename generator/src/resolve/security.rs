//! Security: the spec's schemes as the credentials a client sends, and each operation's
//! requirements among them.

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};
use serde_json::Value as Json;

use crate::ir::{AuthKind, AuthScheme, Warning};
use crate::pointer::Pointer;

/// The spec's security schemes that a client can send a credential for, in the spec's order,
/// and a warning for each it cannot (a `$ref`, an HTTP scheme other than basic and bearer).
/// A scheme's environment variable is its `x-env-name`, else named from `crate_name` and the
/// scheme (`petstore-client`, `api_key` -> `PETSTORE_CLIENT_API_KEY`).
pub(super) fn schemes(spec: &OpenAPI, crate_name: &str) -> (Vec<AuthScheme>, Vec<Warning>) {
    let Some(components) = &spec.components else { return (Vec::new(), Vec::new()) };
    let mut schemes = Vec::new();
    let mut warnings = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = Pointer::root().join_all(["components", "securitySchemes", name]);
        let warn = |message: String| Warning { location: at.to_string(), message };
        let (kind, extensions) = match scheme {
            ReferenceOr::Reference { reference } => {
                warnings.push(warn(format!("a security scheme given as a reference ({reference}) is not supported; operations that need it are generated without it")));
                continue;
            }
            ReferenceOr::Item(SecurityScheme::APIKey { location, name, extensions, .. }) => {
                let kind = match location {
                    APIKeyLocation::Header => AuthKind::Header(name.clone()),
                    APIKeyLocation::Query => AuthKind::Query(name.clone()),
                    APIKeyLocation::Cookie => AuthKind::Cookie(name.clone()),
                };
                (kind, extensions)
            }
            ReferenceOr::Item(SecurityScheme::HTTP { scheme, extensions, .. }) => {
                match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (AuthKind::Basic, extensions),
                    "bearer" => (AuthKind::Bearer, extensions),
                    other => {
                        warnings.push(warn(format!("the HTTP authentication scheme `{other}` is not supported (basic and bearer are); operations that need it are generated without it")));
                        continue;
                    }
                }
            }
            ReferenceOr::Item(SecurityScheme::OAuth2 { extensions, .. })
            | ReferenceOr::Item(SecurityScheme::OpenIDConnect { extensions, .. }) => (AuthKind::Bearer, extensions),
        };
        let env = match extensions.get("x-env-name").and_then(Json::as_str) {
            Some(env) => env.to_string(),
            None => format!("{crate_name}_{name}").to_shouty_snake_case(),
        };
        schemes.push(AuthScheme { scheme: name.clone(), kind, env: Some(env) });
    }
    (schemes, warnings)
}

/// An operation's requirements (`security`, else the spec's), each reduced to the schemes the
/// client knows; a requirement naming one it does not know cannot be met, and is left out.
/// No `security` anywhere: no requirement, and no credential is sent.
pub(super) fn requirements(security: Option<&Vec<SecurityRequirement>>, schemes: &[AuthScheme]) -> Vec<Vec<String>> {
    let known = |name: &String| schemes.iter().any(|s| &s.scheme == name);
    let mut out: Vec<Vec<String>> = Vec::new();
    for requirement in security.into_iter().flatten() {
        if requirement.keys().all(known) {
            let set: Vec<String> = requirement.keys().cloned().collect();
            if !out.contains(&set) {
                out.push(set);
            }
        }
    }
    out
}
