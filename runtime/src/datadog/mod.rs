//! The runtime shared by every API: configuration, HTTP execution with retries, and errors.

mod client;
mod configuration;
mod error;
mod hosts;
mod multipart;
mod pagination;
mod serde_helpers;
mod spec;

pub use client::{Client, Request, Response};
pub use configuration::{APIKey, Configuration, ServerConfiguration, ServerVariable};
pub use error::{Error, ResponseContent, UnparsedObject};
pub use multipart::Multipart;
#[doc(hidden)]
pub use pagination::paginate;
#[doc(hidden)]
pub use serde_helpers::{
    FieldName, FromObject, KnownValue, deserialize_enum, deserialize_object, encode_path, required, to_wire_json,
};
pub use spec::SERVERS;
