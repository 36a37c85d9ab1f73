//! The intermediate representation: plain data that templates render.
//!
//! Every name here is already a valid Rust identifier. What is an enum in the spec's world is an
//! enum here (locations, methods, encodings, model kinds); types are [`Ty`] values, which print
//! themselves as Rust only where they meet a template. Templates read only this, never the spec.

pub mod graph;
mod method;
mod pagination;
mod path;
mod ty;

use serde::Serialize;

use self::graph::ModelGraph;

pub use method::HttpMethod;
pub use pagination::{PageInput, PageMode, Pagination, ParamStep, PathStep};
pub use path::{PathSegment, PathTemplate};
pub use ty::{ModelRef, Presence, Ty};

/// One API description, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// The spec's description; change reports compare it.
    pub docs: Vec<String>,
    pub servers: Vec<Server>,
    /// The security schemes the client can send a credential for.
    pub auth: Vec<AuthScheme>,
    pub models: Vec<Model>,
    pub groups: Vec<ApiGroup>,
    /// What the generator left out, and where; shown to whoever runs it, never rendered.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// Something the spec asks for that the generator leaves out, with its place in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl Api {
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.groups.iter().flat_map(|g| &g.operations)
    }

    /// The model graph: each model and the models it names (see [`ModelGraph`]).
    pub fn model_graph(&self) -> ModelGraph<'_> {
        ModelGraph::of(&self.models)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Server {
    pub url: String,
    pub description: String,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    pub name: String,
    pub description: String,
    pub default: String,
    pub values: Vec<String>,
}

/// A security scheme the client sends a credential for.
#[derive(Debug, Clone, Serialize)]
pub struct AuthScheme {
    /// The scheme's name in the spec (`apiKeyAuth`), the key users pass to `set_auth_key`.
    pub scheme: String,
    /// How its credential travels.
    pub kind: AuthKind,
    /// The environment variable that provides the credential by default: `x-env-name`, else
    /// named from the crate and the scheme (`PETSTORE_CLIENT_API_KEY`).
    pub env: Option<String>,
}

/// How a scheme's credential travels: the runtime's `AuthKind`, which the template names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum AuthKind {
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
    /// HTTP basic.
    Basic,
    /// A bearer token: HTTP bearer, OAuth2, OpenID Connect.
    Bearer,
}

/// A named type: one file in `model/`.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    /// The module (file stem) holding the model, unique even when names differ only in case.
    pub module: String,
    pub docs: Vec<String>,
    pub kind: ModelKind,
    /// In a crate with a feature per API: the features of the APIs that reach the model.
    pub features: Vec<String>,
    /// Where the model comes from in the spec (a JSON pointer); for change reports, not rendered.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    Struct {
        fields: Vec<Field>,
        /// True when `new()` takes no argument, so the model also gets `Default`.
        all_optional: bool,
        /// `new()` takes more arguments than clippy's `too_many_arguments` allows.
        too_many_args: bool,
    },
    Enum {
        repr: EnumRepr,
        variants: Vec<EnumVariant>,
    },
    OneOf {
        variants: Vec<OneOfVariant>,
    },
    Alias {
        ty: Ty,
        /// On a cycle of aliases (`A = Vec<A>`), which a type alias cannot express: a newtype.
        newtype: bool,
    },
}

impl ModelKind {
    /// The types the model holds: its fields', its variants', or the one it stands for.
    pub fn types(&self) -> Vec<&Ty> {
        match self {
            ModelKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            ModelKind::OneOf { variants } => variants.iter().map(|v| &v.ty).collect(),
            ModelKind::Alias { ty, .. } => vec![ty],
            ModelKind::Enum { .. } => Vec::new(),
        }
    }
}

/// The JSON type of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    Str,
    I64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Rust field and setter name (`type_`).
    pub name: String,
    /// Name in JSON (`type`).
    pub json_name: String,
    /// Type of the struct field (`Option<Box<Foo>>`).
    pub ty: Ty,
    /// Type that `new` and the setter take (`Foo`, or `Option<Foo>` for a nullable field).
    pub arg_ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// Nullable only by a `nullable` beside its `$ref`: `new` and the setter take the referenced
    /// type, as the vendor's client does, and wrap it in `Some`.
    pub arg_wrapped: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub name: String,
    /// The value as in the spec (`logs`, `3`), which `Display` also shows.
    pub value: String,
    /// Whether the name passes the `non_camel_case_types` lint (`ORG_CONNECTION` does not).
    pub camel: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: Ty,
}

/// One tag of the spec: one API struct and its module.
#[derive(Debug, Clone, Serialize)]
pub struct ApiGroup {
    pub tag: String,
    pub struct_name: String,
    pub module: String,
    pub docs: Vec<String>,
    pub operations: Vec<Operation>,
    /// In a crate with a feature per API: this API's (`v2-org-connections`).
    pub feature: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `list_org_connections`
    pub name: String,
    /// `v2.list_org_connections`: the key of per-operation settings in `Configuration`.
    pub key: String,
    pub method: HttpMethod,
    pub path: PathTemplate,
    pub docs: Vec<String>,
    /// Positional arguments: path parameters, then required query and header parameters, then
    /// the required parts of a `multipart/form-data` body.
    pub args: Vec<Param>,
    /// Fields of the `…OptionalParams` struct, as the vendor's client orders them: an optional
    /// body, or the optional parts of a `multipart/form-data` one, then the optional query and
    /// header parameters; empty when the operation has none.
    pub optional: Vec<Param>,
    pub optional_struct: String,
    /// The request body; [`Body::place`] says which argument or field holds it.
    pub body: Option<Body>,
    /// The 2xx response body; `None` when the operation answers without one.
    pub success: Option<ResponseBody>,
    /// The `Accept` header the operation sends.
    pub accept: String,
    pub error_enum: String,
    pub error_variants: Vec<OneOfVariant>,
    /// The operation's security requirements, any one of which will do: each the names of the
    /// schemes that go together (empty: no credential needed). None: no security at all.
    pub auth: Vec<Vec<String>>,
    pub unstable: bool,
    pub pagination: Option<Pagination>,
    /// The operation's own servers, else its path's, which replace the global ones for it.
    pub servers: Vec<Server>,
    /// The method takes more arguments than clippy's `too_many_arguments` allows.
    pub too_many_args: bool,
    /// Where the operation is in the spec (a JSON pointer); for change reports, not rendered.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
    /// The whole request body, when it is optional: a field of the `…OptionalParams`.
    Body,
    /// One part of a `multipart/form-data` body.
    Form,
}

/// How a parameter's value becomes the text sent in a path, query or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WireForm {
    /// Its `Display` (`to_string()`): strings, numbers, booleans, UUIDs, enums.
    Display,
    /// RFC 3339 with milliseconds, as the API expects timestamps.
    DateTime,
    /// JSON text: values with no text form of their own.
    Json,
}

/// How a query parameter whose value is an object is sent (OpenAPI's `style` and `explode`),
/// as the runtime's `QueryObject` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "style")]
pub enum QueryObject {
    /// `form`, exploded: each property its own pair; `keys` are the properties the schema names
    /// (the pairs a mock reads back as the object).
    Exploded { keys: Vec<String> },
    /// `form`, not exploded: one pair, names and values joined by commas.
    Joined,
    /// `deepObject`: a pair per property, `name[property]`.
    Deep,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Rust name of the argument or field.
    pub name: String,
    /// Name on the wire (`page[cursor]`).
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    /// How the value (or, for an array, each item) is written on the wire.
    pub wire: WireForm,
    pub is_array: bool,
    /// For arrays: one pair per item rather than items joined with commas.
    pub explode: bool,
    /// For a query parameter whose value is an object: how it is spread over pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<QueryObject>,
    /// Whether the type is `Copy`, so a closure can use it without cloning.
    pub copy: bool,
    /// The schema's `default`; pagination reads it as the page size when none is set.
    pub default: Option<serde_json::Value>,
    /// A value for smoke calls: the spec's example, or for a required parameter one built from
    /// its schema; `None` for an optional parameter the spec gives no example for.
    pub sample: Option<serde_json::Value>,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub ty: Ty,
    pub required: bool,
    pub place: BodyPlace,
    pub encoding: BodyEncoding,
    /// A value for smoke calls, as JSON that deserializes into `ty`: the spec's example, or
    /// one built from the schema.
    pub sample: serde_json::Value,
    /// The spec's description of the body, for the field that holds an optional one.
    pub docs: Vec<String>,
}

/// Where an operation's methods take its request body, as the vendor's client takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyPlace {
    /// A required body: the positional argument `body`, after the others.
    Argument,
    /// An optional body: a field of the `…OptionalParams` (the `Param` of location `Body`).
    Params { field: String },
    /// A `multipart/form-data` body: each part is an argument or an optional field of its own
    /// (the `Param`s of location `Form`), which [`FormPart`]s name.
    Parts,
}

/// How a request body goes on the wire. Media types the client cannot send are refused by the
/// resolver rather than sent as JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON (`application/json`, `text/json`, `…+json`), sent with the media type the spec
    /// documents (Datadog's v1 `SubmitMetrics` takes only `text/json`).
    Json { content_type: String },
    /// The bytes as given (`application/octet-stream`, `application/zip`).
    Binary { content_type: String },
    /// The text as given (`text/plain`).
    Text { content_type: String },
    /// `application/x-www-form-urlencoded`: the body model's fields as form pairs.
    Form,
    /// `multipart/form-data`: one part per field of the body model.
    Multipart { parts: Vec<FormPart> },
}

/// One part of a `multipart/form-data` body: a field of the body model, which the operation's
/// methods take as an argument or an optional field of their own.
#[derive(Debug, Clone, Serialize)]
pub struct FormPart {
    /// The Rust argument, or field of the `…OptionalParams`, that holds the part.
    pub field: String,
    /// A positional argument, rather than a field of the `…OptionalParams`.
    pub positional: bool,
    /// The part's name.
    pub name: String,
    /// The field is an `Option`: the part is sent only when it is set.
    pub optional: bool,
    /// Optional and nullable: `Option<Option<_>>`.
    pub double: bool,
    /// A file (bytes) rather than text: the field, or each of its items.
    pub file: bool,
    /// A list: one part of the same name per item.
    pub array: bool,
    /// How a text part's value (or each item's) is written.
    pub wire: WireForm,
}

/// A 2xx response body and how it is decoded.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseBody {
    pub ty: Ty,
    pub decode: Decode,
    /// The answer may be `null` (JSON only): the plain method refuses it with a clear error,
    /// and the `_with_http_info` twin returns it as an `entity` of `None`.
    pub nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decode {
    Json,
    Text,
    Bytes,
}
