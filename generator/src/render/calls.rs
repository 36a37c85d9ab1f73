//! The runtime methods that generated code calls where the IR chooses which: how a parameter is
//! set on a `Request` (`runtime/src/datadog/request.rs`), and how an answer is decoded
//! (`runtime/src/datadog/response.rs`). Templates print the method names these give; a test
//! below reads the runtime's source and proves that every one exists.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::ir::{Decode, ParamLocation};

/// The `Request` method that adds a parameter, by where the parameter goes. Path parameters are
/// part of the path the request is built with, and a body or its parts go with the body
/// (`send_body` in `templates/macros.j2`), so they have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestSetter {
    Query,
    Header,
    Cookie,
}

impl RequestSetter {
    /// Every setter, for the test that proves each names a runtime method.
    pub const ALL: [RequestSetter; 3] = [RequestSetter::Query, RequestSetter::Header, RequestSetter::Cookie];

    /// The setter for a parameter in `location`; none for the path and the body.
    pub fn of(location: ParamLocation) -> Option<RequestSetter> {
        match location {
            ParamLocation::Path | ParamLocation::Body | ParamLocation::Form => None,
            ParamLocation::Query => Some(RequestSetter::Query),
            ParamLocation::Header => Some(RequestSetter::Header),
            ParamLocation::Cookie => Some(RequestSetter::Cookie),
        }
    }

    /// The name of the `Request` method.
    pub fn method(self) -> &'static str {
        match self {
            RequestSetter::Query => "query",
            RequestSetter::Header => "header",
            RequestSetter::Cookie => "cookie",
        }
    }
}

impl Serialize for RequestSetter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.method())
    }
}

/// How an operation reads a successful answer: the `Response` method of the plain call, and the
/// one of its `_with_http_info` twin, which also keeps the status, headers and raw body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseDecoder {
    Json,
    Text,
    Bytes,
    /// The operation documents no body: the answer's is discarded.
    Empty,
}

impl ResponseDecoder {
    /// Every decoder, for the test that proves each names runtime methods.
    pub const ALL: [ResponseDecoder; 4] =
        [ResponseDecoder::Json, ResponseDecoder::Text, ResponseDecoder::Bytes, ResponseDecoder::Empty];

    /// The decoder of an answer decoded as `decode`, or of an operation with no answer body.
    pub fn of(decode: Option<Decode>) -> ResponseDecoder {
        match decode {
            Some(Decode::Json) => ResponseDecoder::Json,
            Some(Decode::Text) => ResponseDecoder::Text,
            Some(Decode::Bytes) => ResponseDecoder::Bytes,
            None => ResponseDecoder::Empty,
        }
    }

    /// The `Response` method that returns the value alone.
    pub fn plain(self) -> &'static str {
        match self {
            ResponseDecoder::Json => "entity",
            ResponseDecoder::Text => "text",
            ResponseDecoder::Bytes => "bytes",
            ResponseDecoder::Empty => "empty",
        }
    }

    /// The `Response` method that returns a `ResponseContent`.
    pub fn with_http_info(self) -> &'static str {
        match self {
            ResponseDecoder::Json => "decode",
            ResponseDecoder::Text => "decode_text",
            ResponseDecoder::Bytes => "decode_bytes",
            ResponseDecoder::Empty => "decode_empty",
        }
    }
}

/// As templates read it: `decoder.plain` and `decoder.with_http_info`, the two method names.
impl Serialize for ResponseDecoder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ResponseDecoder", 2)?;
        s.serialize_field("plain", self.plain())?;
        s.serialize_field("with_http_info", self.with_http_info())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The names of the methods of `impl <type_name>` blocks in the runtime's sources.
    fn runtime_methods(type_name: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/datadog");
        let mut methods = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
                for item in file.items {
                    let syn::Item::Impl(imp) = item else { continue };
                    let syn::Type::Path(ty) = &*imp.self_ty else { continue };
                    if imp.trait_.is_none() && ty.path.segments.last().is_some_and(|s| s.ident == type_name) {
                        for item in imp.items {
                            if let syn::ImplItem::Fn(f) = item {
                                methods.insert(f.sig.ident.to_string());
                            }
                        }
                    }
                }
            }
        }
        methods
    }

    #[test]
    fn every_request_setter_is_a_runtime_method() {
        let methods = runtime_methods("Request");
        for setter in RequestSetter::ALL {
            assert!(methods.contains(setter.method()), "Request has no method `{}`: {methods:?}", setter.method());
        }
        for location in [
            ParamLocation::Path,
            ParamLocation::Query,
            ParamLocation::Header,
            ParamLocation::Cookie,
            ParamLocation::Body,
            ParamLocation::Form,
        ] {
            // A new location must choose a setter here, or be sent another way.
            let _ = RequestSetter::of(location);
        }
    }

    #[test]
    fn every_response_decoder_is_a_runtime_method() {
        let methods = runtime_methods("Response");
        for decoder in ResponseDecoder::ALL {
            for method in [decoder.plain(), decoder.with_http_info()] {
                assert!(methods.contains(method), "Response has no method `{method}`: {methods:?}");
            }
        }
    }
}
