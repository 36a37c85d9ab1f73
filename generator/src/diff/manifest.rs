//! The API manifest: the public surface of a generated crate as compact, deterministic JSON,
//! written beside the crate (`api-manifest.json`), with the crate's version. It is what the next
//! generation diffs against, so the report needs neither the old spec nor the old IR.
//!
//! Types are structured ([`Ty`], models named bare), written as the Rust text naming them and
//! read back from it, so the model graph of an old manifest is the same as the IR's was.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ir::graph::ModelGraph;
use crate::ir::{Api, ModelKind, Ty};
use crate::settings::GenerationSettings;

/// The manifest's file name, in the crate folder.
pub const FILE: &str = "api-manifest.json";

/// A generated crate's public surface. Types are structured, with models by their bare name;
/// docs are a hash, so that a change is seen without keeping the text.
///
/// In a [`TargetManifest`] each spec's manifest leaves the header, crate name and version empty
/// (not written): they are the crate's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The generated-file header, as a JSON key: the generator owns this file (see `output`).
    #[serde(rename = "@generated", default, skip_serializing_if = "String::is_empty")]
    pub generated: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub crate_name: String,
    /// The crate's version: the one place it is kept; `Cargo.toml` is rendered from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
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
    pub body: Option<Ty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<Ty>,
    pub error_enum: String,
    /// The error enum's variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<VariantEntry>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pagination: bool,
    /// Marked `x-unstable`: calls fail until enabled in the configuration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unstable: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// In a crate with a feature per API: the feature of the operation's API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamEntry {
    pub name: String,
    pub wire: String,
    pub ty: Ty,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// A model: written as its `kind`, and its `fields` or its `values` (enum values, one-of
/// variants, or the one type an alias stands for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ModelText", into = "ModelText")]
pub struct ModelEntry {
    pub source: String,
    pub docs: String,
    pub shape: Shape,
    /// In a crate with a feature per API: the features of the APIs that use the model.
    pub features: Vec<String>,
}

/// What kind of model, with what it holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Struct(Vec<FieldEntry>),
    /// The values, as in the spec.
    Enum(Vec<String>),
    OneOf(Vec<VariantEntry>),
    Alias(Ty),
}

impl Shape {
    /// `struct`, `enum`, `one_of` or `alias`, as the manifest writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Struct(_) => "struct",
            Shape::Enum(_) => "enum",
            Shape::OneOf(_) => "one_of",
            Shape::Alias(_) => "alias",
        }
    }

    /// The types the model holds.
    pub fn types(&self) -> Vec<&Ty> {
        match self {
            Shape::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            Shape::OneOf(variants) => variants.iter().map(|v| &v.ty).collect(),
            Shape::Alias(ty) => vec![ty],
            Shape::Enum(_) => Vec::new(),
        }
    }
}

/// A model as written.
#[derive(Serialize, Deserialize)]
struct ModelText {
    source: String,
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    docs: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    features: Vec<String>,
}

impl From<ModelEntry> for ModelText {
    fn from(m: ModelEntry) -> ModelText {
        let kind = m.shape.kind().to_string();
        let (fields, values) = match m.shape {
            Shape::Struct(fields) => (fields, Vec::new()),
            Shape::Enum(values) => (Vec::new(), values),
            Shape::OneOf(variants) => (Vec::new(), variants.iter().map(VariantEntry::to_string).collect()),
            Shape::Alias(ty) => (Vec::new(), vec![ty.to_string()]),
        };
        ModelText { source: m.source, kind, docs: m.docs, fields, values, features: m.features }
    }
}

impl TryFrom<ModelText> for ModelEntry {
    type Error = String;

    fn try_from(m: ModelText) -> std::result::Result<ModelEntry, String> {
        let shape = match (m.kind.as_str(), m.values.as_slice()) {
            ("struct", _) => Shape::Struct(m.fields),
            ("enum", _) => Shape::Enum(m.values),
            ("one_of", values) => {
                Shape::OneOf(values.iter().map(|v| v.parse()).collect::<std::result::Result<_, _>>()?)
            }
            ("alias", [ty]) => Shape::Alias(ty.parse()?),
            (kind, _) => return Err(format!("`{}`: no model of kind `{kind}` has these values", m.source)),
        };
        Ok(ModelEntry { source: m.source, docs: m.docs, shape, features: m.features })
    }
}

/// A one-of or error variant, written `Name(Type)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct VariantEntry {
    pub name: String,
    pub ty: Ty,
}

impl std::fmt::Display for VariantEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({})", self.name, self.ty)
    }
}

impl std::str::FromStr for VariantEntry {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<VariantEntry, String> {
        let (name, ty) = text
            .strip_suffix(')')
            .and_then(|t| t.split_once('('))
            .ok_or_else(|| format!("`{text}` is not a variant `Name(Type)`"))?;
        Ok(VariantEntry { name: name.to_string(), ty: ty.parse()? })
    }
}

impl From<VariantEntry> for String {
    fn from(v: VariantEntry) -> String {
        v.to_string()
    }
}

impl TryFrom<String> for VariantEntry {
    type Error = String;

    fn try_from(text: String) -> std::result::Result<VariantEntry, String> {
        text.parse()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub name: String,
    pub json: String,
    /// The struct field's type.
    pub ty: Ty,
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
        let ty = Ty::unqualified;
        let variant = |v: &crate::ir::OneOfVariant| VariantEntry { name: v.name.clone(), ty: ty(&v.ty) };
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
                    errors: op.error_variants.iter().map(variant).collect(),
                    pagination: op.pagination.is_some(),
                    unstable: op.unstable,
                    docs: docs_hash(&op.docs),
                    feature: group.feature.clone(),
                };
                operations.insert(format!("{}::{}::{}", group.module, group.struct_name, op.name), entry);
            }
        }
        let models = api
            .models
            .iter()
            .map(|m| {
                let shape = match &m.kind {
                    ModelKind::Struct { fields, .. } => Shape::Struct(
                        fields
                            .iter()
                            .map(|f| FieldEntry {
                                name: f.name.clone(),
                                json: f.json_name.clone(),
                                ty: ty(&f.ty),
                                required: f.required,
                                docs: docs_hash(&f.docs),
                            })
                            .collect(),
                    ),
                    ModelKind::Enum { variants, .. } => Shape::Enum(variants.iter().map(|v| v.value.clone()).collect()),
                    ModelKind::OneOf { variants } => Shape::OneOf(variants.iter().map(variant).collect()),
                    ModelKind::Alias { ty: t, .. } => Shape::Alias(ty(t)),
                };
                let entry = ModelEntry {
                    source: m.source.clone(),
                    docs: docs_hash(&m.docs),
                    shape,
                    features: m.features.clone(),
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

    /// The model graph: each model and the models it names, as in the IR's.
    pub fn model_graph(&self) -> ModelGraph<'_> {
        ModelGraph::new(self.models.iter().map(|(name, m)| (name.as_str(), m.shape.types())))
    }

    /// The manifest as written: pretty JSON, one line per short entry, ending in a newline.
    pub fn to_json(&self) -> String {
        pretty_json(self)
    }

    /// The manifest of the crate in `out`, if it has one.
    pub fn read(out: &Path) -> Result<Option<Manifest>> {
        read_json(out, None, |m: &Manifest| &m.crate_name)
    }

    /// The manifest of the crate `crate_name` in `out`, if `out` holds that crate's manifest:
    /// another crate's (which only an explicit replacement writes over) is no history of it.
    pub fn read_of(out: &Path, crate_name: &str) -> Result<Option<Manifest>> {
        read_json(out, Some(crate_name), |m: &Manifest| &m.crate_name)
    }
}

/// The API manifest of a crate of several specs (a target): the crate's version, and each
/// spec's manifest in the target's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetManifest {
    /// The generated-file header, as a JSON key: the generator owns this file (see `output`).
    #[serde(rename = "@generated")]
    pub generated: String,
    pub crate_name: String,
    /// The crate's version: the one place it is kept; the crates' `Cargo.toml`s are rendered from it.
    pub version: String,
    /// Each spec's surface, without the crate's header, name and version.
    pub specs: Vec<Manifest>,
}

impl TargetManifest {
    /// The manifest of a target's crate, from each spec's manifest.
    pub fn new(header: &str, crate_name: &str, version: &str, specs: Vec<Manifest>) -> TargetManifest {
        let specs = specs
            .into_iter()
            .map(|m| Manifest { generated: String::new(), crate_name: String::new(), version: String::new(), ..m })
            .collect();
        TargetManifest {
            generated: header.to_string(),
            crate_name: crate_name.to_string(),
            version: version.to_string(),
            specs,
        }
    }

    /// The manifest as written: pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        pretty_json(self)
    }

    /// The manifest of the target's crate `crate_name` in `out`, if `out` holds that crate's.
    pub fn read_of(out: &Path, crate_name: &str) -> Result<Option<TargetManifest>> {
        read_json(out, Some(crate_name), |m: &TargetManifest| &m.crate_name)
    }
}

/// The API manifest in `out`, if there is one (and, given `crate_name`, it is that crate's, as
/// `name_of` reads it). Parsed once; only a manifest that does not parse is read again for its
/// name, since another crate's may have another shape (a target's, a one-spec crate's).
fn read_json<T: serde::de::DeserializeOwned>(
    out: &Path,
    crate_name: Option<&str>,
    name_of: impl Fn(&T) -> &str,
) -> Result<Option<T>> {
    #[derive(Deserialize)]
    struct Named {
        #[serde(default)]
        crate_name: String,
    }
    let path = out.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Read { path, source }),
    };
    let parse = |e: serde_json::Error| Error::Parse { path: path.clone(), message: e.to_string() };
    let ours = |name: &str| crate_name.is_none_or(|wanted| wanted == name);
    match serde_json::from_str::<T>(&text) {
        Ok(manifest) => Ok(ours(name_of(&manifest)).then_some(manifest)),
        Err(e) => match serde_json::from_str::<Named>(&text) {
            Ok(named) if !ours(&named.crate_name) => Ok(None),
            _ => Err(parse(e)),
        },
    }
}

/// A manifest as written: pretty JSON, one line per short entry, ending in a newline.
fn pretty_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
