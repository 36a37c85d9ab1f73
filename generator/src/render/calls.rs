//! The runtime methods that generated code calls where the IR chooses which: how a parameter is
//! set on a `Request` (`runtime/src/datadog/request.rs`), how an answer is decoded
//! (`runtime/src/datadog/response.rs`), and how a mock reads a parameter back from a request
//! (`runtime/src/datadog/mock.rs`). Templates print the names these give; a test below
//! reads the runtime's source and proves that every one exists.

use serde::ser::{Serialize, Serializer};

use crate::ir::{Decode, Param, ParamLocation, ResponseBody};

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

impl RequestSetter {
    /// The `Request` method that adds a list sent as one value (its items joined by commas,
    /// a comma inside an item encoded), where the location has one; elsewhere the items are
    /// joined and set with [`RequestSetter::method`].
    pub fn list_method(self) -> Option<&'static str> {
        match self {
            RequestSetter::Query => Some("query_list"),
            RequestSetter::Header | RequestSetter::Cookie => None,
        }
    }
}

impl Serialize for RequestSetter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.method())
    }
}

/// How an operation reads a successful answer: the decoding type of the runtime's `response.rs`
/// that `Response::entity` (the value alone) and `Response::decode` (with the status, headers and
/// raw body) take as a type argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseDecoder {
    Json,
    /// JSON that may be `null`: `entity` refuses it, `decode` gives an `entity` of `None`.
    Nullable,
    Text,
    Bytes,
    /// The operation documents no body: the answer's is discarded.
    Empty,
}

impl ResponseDecoder {
    /// Every decoder, for the test that proves each names a runtime type.
    pub const ALL: [ResponseDecoder; 5] = [
        ResponseDecoder::Json,
        ResponseDecoder::Nullable,
        ResponseDecoder::Text,
        ResponseDecoder::Bytes,
        ResponseDecoder::Empty,
    ];

    /// The `Response` methods that take a decoding type.
    pub const METHODS: [&'static str; 2] = ["entity", "decode"];

    /// The decoder of an answer decoded as `decode`, or of an operation with no answer body.
    pub fn of(answer: Option<&ResponseBody>) -> ResponseDecoder {
        match answer {
            Some(ResponseBody { decode: Decode::Json, nullable: true, .. }) => ResponseDecoder::Nullable,
            Some(ResponseBody { decode: Decode::Json, .. }) => ResponseDecoder::Json,
            Some(ResponseBody { decode: Decode::Text, .. }) => ResponseDecoder::Text,
            Some(ResponseBody { decode: Decode::Bytes, .. }) => ResponseDecoder::Bytes,
            None => ResponseDecoder::Empty,
        }
    }

    /// The runtime's decoding type.
    pub fn type_name(self) -> &'static str {
        match self {
            ResponseDecoder::Json => "Json",
            ResponseDecoder::Nullable => "Nullable",
            ResponseDecoder::Text => "Text",
            ResponseDecoder::Bytes => "Bytes",
            ResponseDecoder::Empty => "Empty",
        }
    }
}

/// As templates print it: the decoding type, with its parameter inferred (`Json<_>`).
impl Serialize for ResponseDecoder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResponseDecoder::Json => serializer.serialize_str("Json<_>"),
            ResponseDecoder::Nullable => serializer.serialize_str("Nullable<_>"),
            _ => serializer.serialize_str(self.type_name()),
        }
    }
}

/// The `Incoming` method (runtime `mock.rs`) that reads a parameter back from a request, by its
/// location and, for a list, how the list was sent: as one value, items joined by commas
/// (`query_list`), or one value per item (`query_each`). A path's list is always joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamReader {
    location: ParamLocation,
    shape: ListShape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListShape {
    One,
    Joined,
    Each,
}

impl ParamReader {
    /// Every reader, for the test that proves each names a runtime method.
    pub fn all() -> Vec<ParamReader> {
        use ParamLocation::*;
        let mut all = Vec::new();
        for location in [Path, Query, Header, Cookie, Form] {
            for shape in [ListShape::One, ListShape::Joined, ListShape::Each] {
                let one_value = location == Path && shape == ListShape::Each;
                let one_per_item = location == Form && shape == ListShape::Joined;
                if !one_value && !one_per_item {
                    all.push(ParamReader { location, shape });
                }
            }
        }
        all
    }

    /// The reader of `param`, as the operation sends it.
    pub fn of(param: &Param) -> ParamReader {
        let shape = match (param.is_array, param.explode) {
            (false, _) => ListShape::One,
            // A multipart list is one part per item, whatever `explode` says.
            (true, _) if param.location == ParamLocation::Form => ListShape::Each,
            (true, true) if param.location != ParamLocation::Path => ListShape::Each,
            (true, _) => ListShape::Joined,
        };
        ParamReader { location: param.location, shape }
    }

    /// The name of the `Incoming` method.
    pub fn method(self) -> String {
        let location = match self.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Form => "part",
            // An optional body is read as the body (`MockView` leaves it out of the parameters).
            ParamLocation::Body => "body",
        };
        let suffix = match self.shape {
            ListShape::One => "",
            ListShape::Joined => "_list",
            ListShape::Each => "_each",
        };
        format!("{location}{suffix}")
    }
}

impl Serialize for ParamReader {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.method())
    }
}

/// How a mock reads a parameter's text back as its type: the variant of the runtime's `ReadAs`
/// (`mock.rs`) that is tried first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ReadAs {
    /// The text is the value's JSON string: strings, UUIDs, dates, enums of strings.
    String,
    /// The text is the value's JSON: numbers, booleans, enums of numbers, values sent as JSON.
    Json,
    /// The value is bytes as they are: a file part of a multipart body.
    Bytes,
}

impl ReadAs {
    /// Every variant, for the test that proves each names a runtime variant.
    pub const ALL: [ReadAs; 3] = [ReadAs::String, ReadAs::Json, ReadAs::Bytes];
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The runtime's source files as the generator embeds them, parsed.
    fn runtime() -> Vec<syn::File> {
        let parse = |(name, source): &(&str, &str)| syn::parse_file(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        super::super::runtime::RUNTIME.iter().map(parse).collect()
    }

    fn type_ident(ty: &syn::Type) -> Option<String> {
        match ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        }
    }

    /// The methods of the inherent `impl` blocks of `type_name`.
    fn runtime_methods(type_name: &str) -> BTreeSet<String> {
        let mut methods = BTreeSet::new();
        for item in runtime().into_iter().flat_map(|f| f.items) {
            if let syn::Item::Impl(imp) = item
                && imp.trait_.is_none()
                && type_ident(&imp.self_ty).as_deref() == Some(type_name)
            {
                for item in imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.insert(f.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    /// The types that implement the trait `trait_name`.
    fn implementors(trait_name: &str) -> BTreeSet<String> {
        let mut types = BTreeSet::new();
        for item in runtime().into_iter().flat_map(|f| f.items) {
            if let syn::Item::Impl(imp) = item
                && let Some((_, path, _)) = &imp.trait_
                && path.segments.last().is_some_and(|s| s.ident == trait_name)
            {
                types.extend(type_ident(&imp.self_ty));
            }
        }
        types
    }

    #[test]
    fn every_request_setter_is_a_runtime_method() {
        let methods = runtime_methods("Request");
        for setter in RequestSetter::ALL {
            for method in [Some(setter.method()), setter.list_method()].into_iter().flatten() {
                assert!(methods.contains(method), "Request has no method `{method}`: {methods:?}");
            }
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
    fn every_param_reader_is_a_runtime_method() {
        let methods = runtime_methods("Incoming");
        let readers = ParamReader::all();
        assert_eq!(readers.len(), 13);
        for reader in readers {
            assert!(methods.contains(&reader.method()), "Incoming has no method `{}`: {methods:?}", reader.method());
        }
    }

    #[test]
    fn every_read_as_is_a_runtime_variant() {
        let mut variants = BTreeSet::new();
        for item in runtime().into_iter().flat_map(|f| f.items) {
            if let syn::Item::Enum(e) = item
                && e.ident == "ReadAs"
            {
                variants.extend(e.variants.iter().map(|v| v.ident.to_string()));
            }
        }
        for read in ReadAs::ALL {
            let name = serde_json::to_value(read).unwrap();
            assert!(variants.contains(name.as_str().unwrap()), "the runtime's ReadAs has no `{name}`: {variants:?}");
        }
    }

    #[test]
    fn every_response_decoder_is_a_runtime_decoding() {
        let decodings = implementors("Decoding");
        for decoder in ResponseDecoder::ALL {
            assert!(
                decodings.contains(decoder.type_name()),
                "no runtime Decoding `{}`: {decodings:?}",
                decoder.type_name()
            );
        }
        let methods = runtime_methods("Response");
        for method in ResponseDecoder::METHODS {
            assert!(methods.contains(method), "Response has no method `{method}`: {methods:?}");
        }
    }
}
