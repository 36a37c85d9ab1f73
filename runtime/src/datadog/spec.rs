//! A stand-in for the one runtime file the generator renders from the spec
//! (`templates/spec.rs.j2`): it lets this crate compile and test the runtime on its own. The
//! generator never copies this file; the values mirror the Datadog v2 spec, with three more
//! security schemes (query, cookie, basic) for the runtime's own tests.

use super::{AuthKind, ServerConfiguration, ServerVariable};

/// The servers of the spec, by `server_index`.
pub const SERVERS: &[ServerConfiguration] = &[
    ServerConfiguration {
        url: "https://{subdomain}.{site}",
        description: "No description provided",
        variables: &[
            ServerVariable {
                name: "site",
                description: "The regional site for customers.",
                default_value: "datadoghq.com",
                enum_values: &["datadoghq.com", "us3.datadoghq.com", "datadoghq.eu"],
            },
            ServerVariable {
                name: "subdomain",
                description: "The subdomain where the API is deployed.",
                default_value: "api",
                enum_values: &[],
            },
        ],
    },
    ServerConfiguration {
        url: "{protocol}://{name}",
        description: "No description provided",
        variables: &[
            ServerVariable {
                name: "name",
                description: "Full site DNS name.",
                default_value: "api.datadoghq.com",
                enum_values: &[],
            },
            ServerVariable {
                name: "protocol",
                description: "The protocol for accessing the API.",
                default_value: "https",
                enum_values: &[],
            },
        ],
    },
];

/// Operations that have servers of their own, which replace [`SERVERS`] for them.
pub(super) const OPERATION_SERVERS: &[(&str, &[ServerConfiguration])] = &[];

/// The security schemes: (scheme, how its credential travels, environment variable).
pub(super) const AUTH_SCHEMES: &[(&str, AuthKind, &str)] = &[
    ("apiKeyAuth", AuthKind::Header("DD-API-KEY"), "DD_API_KEY"),
    ("appKeyAuth", AuthKind::Header("DD-APPLICATION-KEY"), "DD_APP_KEY"),
    ("AuthZ", AuthKind::Bearer, ""),
    ("queryKey", AuthKind::Query("api_key"), "QUERY_KEY"),
    ("cookieKey", AuthKind::Cookie("session"), "COOKIE_KEY"),
    ("basicAuth", AuthKind::Basic, "BASIC_AUTH"),
];

/// Operations the spec marks unstable (`x-unstable`): each must be enabled before use.
pub(super) const UNSTABLE_OPERATIONS: &[&str] = &["v2.unstable_operation"];

/// The environment variable that sets the `site` server variable.
pub(super) const SITE_ENV: Option<&str> = Some("DD_SITE");

/// Whether Datadog's rules for server variables apply (`site`, `subdomain`, `protocol`, `name`);
/// otherwise every variable is only kept inside its place in the URL.
pub(super) const SITE_RULES: bool = true;

/// The crate users depend on and its version, as the `User-Agent` header names them: not the
/// crate this runtime is compiled in, which may be a member of it.
pub(super) const CLIENT: (&str, &str) = (env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
