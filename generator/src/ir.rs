//! The intermediate representation: plain data that templates render.
//!
//! Every name here is already a valid Rust identifier and every type is already a Rust type
//! (written as text). Templates read only this, never the raw spec.

use serde::Serialize;

/// One API description, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub docs: Vec<String>,
    pub servers: Vec<Server>,
    /// The API-key schemes, sent as headers.
    pub auth: Vec<ApiKeyAuth>,
    pub models: Vec<Model>,
    pub groups: Vec<ApiGroup>,
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

#[derive(Debug, Clone, Serialize)]
pub struct ApiKeyAuth {
    /// The scheme's name in the spec (`apiKeyAuth`), the key users pass to `set_auth_key`.
    pub scheme: String,
    /// The HTTP header that carries the key.
    pub header: String,
    /// The environment variable that provides the key by default (`x-env-name`).
    pub env: Option<String>,
}

/// A named type: one file in `model/`.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    /// The module (file stem) holding the model, unique even when names differ only in case.
    pub module: String,
    pub docs: Vec<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    Struct {
        fields: Vec<Field>,
        /// True when `new()` takes no argument, so the model also gets `Default`.
        all_optional: bool,
    },
    Enum {
        /// `str` or `i64`: the JSON type of the values.
        repr: String,
        variants: Vec<EnumVariant>,
    },
    OneOf {
        variants: Vec<OneOfVariant>,
    },
    Alias {
        ty: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Rust field and setter name (`type_`).
    pub name: String,
    /// Name in JSON (`type`).
    pub json_name: String,
    /// Type of the struct field (`Option<Box<Foo>>`).
    pub ty: String,
    /// Type that `new` and the setter take (`Foo`, or `Option<Foo>` for a nullable field).
    pub arg_ty: String,
    pub required: bool,
    pub nullable: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub name: String,
    /// The value as a Rust literal (`"logs"` or `3`).
    pub value: String,
    /// The value as shown to users by `Display`.
    pub display: String,
    /// Whether the name passes the `non_camel_case_types` lint (`ORG_CONNECTION` does not).
    pub camel: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: String,
}

/// One tag of the spec: one API struct and its module.
#[derive(Debug, Clone, Serialize)]
pub struct ApiGroup {
    pub tag: String,
    pub struct_name: String,
    pub module: String,
    pub docs: Vec<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `ListOrgConnections`
    pub id: String,
    /// `list_org_connections`
    pub name: String,
    /// `v2.list_org_connections`: the key of per-operation settings in `Configuration`.
    pub key: String,
    pub method: String,
    pub path: String,
    /// Rust expression building the request path, path parameters percent-encoded.
    pub path_expr: String,
    pub summary: String,
    pub docs: Vec<String>,
    /// Positional arguments: path parameters, then required query and header parameters.
    pub args: Vec<Param>,
    /// Fields of the `…OptionalParams` struct; empty when the operation has none.
    pub optional: Vec<Param>,
    pub optional_struct: String,
    pub body: Option<Body>,
    /// Type of a 2xx response body; `None` when the operation answers without one.
    pub success: Option<String>,
    pub error_enum: String,
    pub error_variants: Vec<OneOfVariant>,
    /// Every status code the spec documents, in order.
    pub statuses: Vec<String>,
    /// Names of the API-key schemes the operation sends.
    pub auth: Vec<String>,
    pub unstable: bool,
    pub pagination: Option<Pagination>,
    /// Operation-level servers, which replace the global ones for this operation.
    pub servers: Vec<Server>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Rust name of the argument or field.
    pub name: String,
    /// Name on the wire (`page[cursor]`).
    pub wire_name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    pub ty: String,
    /// Rust expression turning the parameter into the `String` sent on the wire: for a path
    /// parameter its own name, otherwise `value` (a `&ty`), or `item` for an array's items.
    pub to_wire: String,
    /// For arrays: how items join (`explode` sends one pair per item).
    pub explode: bool,
    pub is_array: bool,
    /// Whether the type is `Copy`, so a closure can use it without cloning.
    pub copy: bool,
    /// The schema's default, as JSON text.
    pub default: Option<String>,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub ty: String,
    pub required: bool,
    pub content_type: String,
}

/// The vendor's `x-pagination` extension, resolved to the names the generated stream needs.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Rust field of the optional params that holds the page size.
    pub limit_param: String,
    /// Rust type of the limit field (`i64`, `i32`).
    pub limit_ty: String,
    /// Page size when the user sets none, if the spec gives one; without it the stream stops at
    /// the first empty page.
    pub default_limit: Option<String>,
    /// How the next page is asked for.
    pub mode: PageMode,
    /// Rust field accesses from the response to the list of items (`data`).
    pub results_path: Vec<PathStep>,
    /// Type of one item.
    pub item_ty: String,
    /// Rust statements that take `items` (and, for cursors, `next_cursor`) out of `page`.
    pub extract: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageMode {
    /// `pageOffsetParam`: the offset field grows by the number of items received.
    Offset { param: String, ty: String },
    /// `pageParam`: the page number grows by one.
    Page { param: String, ty: String },
    /// `cursorParam` + `cursorPath`: the next cursor is read from the response.
    Cursor { param: String, path: Vec<PathStep> },
}

/// One step of a path into a response model: the Rust field name, and whether it is optional.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    pub field: String,
    pub optional: bool,
    /// Optional and nullable: `Option<Option<_>>`.
    pub double: bool,
}
