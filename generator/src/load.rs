//! Load: YAML (or JSON) text -> `openapiv3::OpenAPI`.

use std::path::Path;

use crate::error::{Error, Result};

pub fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })
}

/// Parses a spec; a document that does not fit OpenAPI 3.0 is reported with the path of the
/// offending node (`paths./api/v2/x.get.responses`) and the line where the parser stopped.
pub fn parse(path: &Path, text: &str) -> Result<openapiv3::OpenAPI> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| Error::Parse { path: path.to_path_buf(), message: format!("at `{}`: {}", e.path(), e.inner()) })
}
