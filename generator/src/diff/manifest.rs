//! The API manifest: the public surface of a generated crate as compact, deterministic JSON,
//! written beside the crate (`api-manifest.json`), with the crate's version. It is what the next
//! generation diffs against, so the report needs neither the old spec nor the old IR.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ir::{Api, ModelKind, Ty};
use crate::settings::GenerationSettings;

/// The manifest's file name, in the crate folder.
pub const FILE: &str = "api-manifest.json";

/// A generated crate's public surface. Types are the Rust text naming them, models by their bare
/// name; docs are a hash, so that a change is seen without keeping the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The generated-file header, as a JSON key: the generator owns this file (see `output`).
    #[serde(rename = "@generated")]
    pub generated: String,
    pub crate_name: String,
    /// The crate's version: the one place it is kept; `Cargo.toml` is rendered from it.
    pub version: String,
    /// The module of the APIs and models (`datadogV2`).
    pub module: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    pub servers: Vec<ServerEntry>,
    /// By `api_module::ApiStruct::operation`.
    pub operations: BTreeMap<String, OperationEntry>,
    /// By model name.
    pub models: BTreeMap<String, ModelEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerEntry {
    pub url: String,
    /// Each variable's allowed values (empty: any).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationEntry {
    pub source: String,
    /// Positional arguments, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<ParamEntry>,
    pub optional_struct: String,
    /// Fields of the optional-parameters struct (none: the method takes no such struct).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional: Vec<ParamEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<String>,
    pub error_enum: String,
    /// The error enum's variants, `Name(Type)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pagination: bool,
    /// Marked `x-unstable`: calls fail until enabled in the configuration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unstable: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamEntry {
    pub name: String,
    pub wire: String,
    pub ty: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelEntry {
    pub source: String,
    /// `struct`, `enum`, `one_of` or `alias`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldEntry>,
    /// Enum values (`value`), one-of variants (`Name(Type)`), or an alias's type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub name: String,
    pub json: String,
    /// The struct field's type.
    pub ty: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// A short, stable hash of doc lines (empty for none).
fn docs_hash(lines: &[String]) -> String {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return String::new();
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(lines.join("\n").as_bytes()))
}

impl Manifest {
    /// The manifest of the crate `api` renders to, under `header` (the generated-file header).
    pub fn from_api(api: &Api, settings: &GenerationSettings, header: &str) -> Manifest {
        let models_prefix = format!("{}::", settings.model_module());
        let ty = |t: &Ty| t.to_string().replace(&models_prefix, "");
        let servers = api
            .servers
            .iter()
            .map(|s| ServerEntry {
                url: s.url.clone(),
                variables: s.variables.iter().map(|v| (v.name.clone(), v.values.clone())).collect(),
            })
            .collect();
        let mut operations = BTreeMap::new();
        for group in &api.groups {
            for op in &group.operations {
                let param = |p: &crate::ir::Param| ParamEntry {
                    name: p.name.clone(),
                    wire: p.wire_name.clone(),
                    ty: ty(&p.ty),
                    docs: docs_hash(&p.docs),
                };
                let entry = OperationEntry {
                    source: op.source.clone(),
                    args: op.args.iter().map(param).collect(),
                    optional_struct: op.optional_struct.clone(),
                    optional: op.optional.iter().map(param).collect(),
                    // The positional body; an optional one is a field of the optional struct,
                    // and a multipart one is its parts, among the arguments and fields.
                    body: op.body.as_ref().filter(|b| b.place == crate::ir::BodyPlace::Argument).map(|b| ty(&b.ty)),
                    success: op.success.as_ref().map(|s| ty(&s.ty)),
                    error_enum: op.error_enum.clone(),
                    errors: op.error_variants.iter().map(|v| format!("{}({})", v.name, ty(&v.ty))).collect(),
                    pagination: op.pagination.is_some(),
                    unstable: op.unstable,
                    docs: docs_hash(&op.docs),
                };
                operations.insert(format!("{}::{}::{}", group.module, group.struct_name, op.name), entry);
            }
        }
        let models = api
            .models
            .iter()
            .map(|m| {
                let (kind, fields, values) = match &m.kind {
                    ModelKind::Struct { fields, .. } => {
                        let fields = fields
                            .iter()
                            .map(|f| FieldEntry {
                                name: f.name.clone(),
                                json: f.json_name.clone(),
                                ty: ty(&f.ty),
                                required: f.required,
                                docs: docs_hash(&f.docs),
                            })
                            .collect();
                        ("struct", fields, Vec::new())
                    }
                    ModelKind::Enum { variants, .. } => {
                        ("enum", Vec::new(), variants.iter().map(|v| v.value.clone()).collect())
                    }
                    ModelKind::OneOf { variants } => {
                        ("one_of", Vec::new(), variants.iter().map(|v| format!("{}({})", v.name, ty(&v.ty))).collect())
                    }
                    ModelKind::Alias { ty: t, .. } => ("alias", Vec::new(), vec![ty(t)]),
                };
                let entry = ModelEntry {
                    source: m.source.clone(),
                    kind: kind.to_string(),
                    docs: docs_hash(&m.docs),
                    fields,
                    values,
                };
                (m.name.clone(), entry)
            })
            .collect();
        Manifest {
            generated: header.to_string(),
            crate_name: settings.crate_name.clone(),
            version: settings.crate_version.clone(),
            module: settings.version_module.clone(),
            docs: docs_hash(&api.docs),
            servers,
            operations,
            models,
        }
    }

    /// The manifest as written: pretty JSON, one line per short entry, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The manifest of the crate in `out`, if it has one.
    pub fn read(out: &Path) -> Result<Option<Manifest>> {
        let path = out.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
        };
        serde_json::from_str(&text).map(Some).map_err(|e| Error::Parse { path, message: e.to_string() })
    }
}
