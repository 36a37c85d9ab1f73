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

    /// Generating would overwrite or delete a file the generator did not write: one in the part of
    /// the folder it owns (`Cargo.toml`, `src/`) without the `@generated` header. Nothing was changed.
    #[error(
        "{}: not a generated file (it has no `@generated` header), and {}{}. Nothing was written: \
         choose an empty or missing folder, or pass --force to overwrite the files without the header \
         that the generator writes (it deletes none of the others)",
        .path.display(),
        if *.overwritten {
            "generating would overwrite it"
        } else {
            "it is in the part of the folder the generator replaces (`Cargo.toml` and `src/`)"
        },
        match .others {
            0 => String::new(),
            1 => "; 1 more file is in the same case".to_string(),
            n => format!("; {n} more files are in the same case"),
        }
    )]
    WouldOverwrite {
        /// The first such file, in path order.
        path: PathBuf,
        /// Whether the generator writes this very file (rather than leaving it stale in `src/`).
        overwritten: bool,
        /// How many more such files there are.
        others: usize,
    },

    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
