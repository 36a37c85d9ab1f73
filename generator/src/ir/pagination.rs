//! How an operation pages: where the page size and the cursor live, in the request and the answer.

use serde::Serialize;

use super::Ty;

/// The vendor's `x-pagination` extension, resolved to the names the generated stream needs.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Where the optional params hold the page size: a query parameter's field, or a path
    /// through the optional body (`body`, `page`, `limit`).
    pub limit: Vec<ParamStep>,
    /// What the pager moves from page to page: the optional params, or (an operation whose only
    /// input besides its positional arguments is a required body) the body.
    pub input: PageInput,
    /// Page size when the user sets none, if the spec gives one.
    pub default_limit: Option<i64>,
    /// How the next page is asked for.
    pub mode: PageMode,
    /// Rust field accesses from the response to the list of items (`data`).
    pub results_path: Vec<PathStep>,
    /// Type of one item.
    pub item_ty: Ty,
    /// Where the response says how many items there are in all (`totalPath`), if it does.
    pub total_path: Option<Vec<PathStep>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageMode {
    /// `pageOffsetParam`: the offset field grows by the number of items received.
    Offset { param: Vec<ParamStep> },
    /// `pageParam`: the page number grows by one.
    Page { param: Vec<ParamStep> },
    /// `cursorParam` + `cursorPath`: the next cursor is read from the response.
    Cursor { param: Vec<ParamStep>, path: Vec<PathStep> },
}

/// What a `…_with_pagination` helper takes and the pager moves from page to page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageInput {
    /// The `…OptionalParams`: query parameters, or an optional body in them.
    Params,
    /// The required body, the positional argument `body`.
    Body,
}

/// One step of a path into the optional params, to a field the pager sets: the Rust field
/// name, and for an optional model on the way, the constructor that fills it when it is unset
/// (`crate::datadogV2::model::LogsListRequest::new`, a model without required fields). The last
/// step, and a required model on the way, have none.
#[derive(Debug, Clone, Serialize)]
pub struct ParamStep {
    pub field: String,
    pub create: Option<String>,
}

/// One step of a path into a response model: the Rust field name, and whether it is optional.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    pub field: String,
    pub optional: bool,
    /// Optional and nullable: `Option<Option<_>>`.
    pub double: bool,
}
