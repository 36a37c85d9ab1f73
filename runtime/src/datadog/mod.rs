//! The runtime shared by every API: configuration, requests, HTTP execution with retries,
//! responses and their decoding, pagination, and errors.

mod auth;
mod budget;
mod client;
mod configuration;
mod error;
mod hosts;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod pagination;
mod query;
mod request;
mod response;
mod retry;
mod serde_helpers;
mod spec;

pub use auth::AuthKind;
pub use client::Client;
pub use configuration::{APIKey, Configuration};
pub use error::{Error, ResponseContent, UnparsedObject};
#[doc(hidden)]
pub use hosts::refused_spec_servers;
pub use hosts::{ServerConfiguration, ServerVariable};
pub use multipart::Multipart;
#[doc(hidden)]
pub use pagination::{Number, Pager, Position, Step, WithTotal};
pub use query::QueryObject;
pub use request::{Request, RequestPath};
pub use response::{Bytes, Decoding, Empty, Json, Nullable, Response, Text};
#[doc(hidden)]
pub use serde_helpers::{
    FieldName, FromObject, KnownValue, deserialize_enum, deserialize_object, encode_path, required, to_wire_json,
};
pub use spec::SERVERS;
