//! The one error type of the generator: every failure names its culprit and where it is.

use std::path::PathBuf;

/// Everything that can stop a generation. Each variant says what failed and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },

    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },

    #[error("{path}: not a valid OpenAPI 3.0 document: {message}")]
    Parse { path: PathBuf, message: String },

    /// A construct of the spec the generator does not support, with its JSON-pointer-like location.
    #[error("{location}: {message}")]
    Unsupported { location: String, message: String },

    /// A `$ref` that points nowhere.
    #[error("{location}: unresolved reference `{reference}`")]
    UnresolvedRef { location: String, reference: String },

    #[error("template `{template}` failed: {message}")]
    Render { template: String, message: String },

    /// Rendered Rust that does not parse: a generator or template bug, reported with the file and line.
    #[error("generated file {file} is not valid Rust at line {line}, column {column}: {message}")]
    Format { file: String, line: usize, column: usize, message: String },

    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
