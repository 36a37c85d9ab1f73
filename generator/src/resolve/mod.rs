//! Resolve: walks the parsed spec once and produces the IR. Each submodule owns one job; this
//! one holds the state they share and runs them in order. Nothing after this stage reads the
//! spec.

mod bodies;
mod models;
mod operations;
mod pagination;
mod refs;
mod samples;
mod schema;
mod security;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Result};
use crate::ir::{self, Api, Ty};
use crate::load::Loaded;
use crate::naming;
use crate::pointer::Pointer;
use crate::settings::GenerationSettings;

use schema::Draft;

/// Resolves a whole spec, as the loader read it, into the IR.
pub fn resolve(loaded: &Loaded, settings: &GenerationSettings) -> Result<Api> {
    let spec = &loaded.spec;
    let mut r = Resolver::new(loaded, settings);
    r.component_models()?;
    let groups = r.groups()?;
    let models = r.finish_models();
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        docs: crate::docs::doc_lines(spec.info.description.as_deref().unwrap_or_default()),
        servers: spec.servers.iter().map(server).collect(),
        auth: r.auth,
        models,
        groups,
        warnings: r.warnings,
    })
}

struct Resolver<'a> {
    spec: &'a OpenAPI,
    /// The Rust path of the models module (`crate::datadogV2::model`).
    model_module: Arc<str>,
    /// What operation keys start with (`v2`).
    operation_prefix: String,
    /// The spec's security schemes, which operations name in their `security`.
    auth: Vec<ir::AuthScheme>,
    /// Spec schema name -> Rust type name.
    names: HashMap<String, String>,
    /// Rust names already taken, by models or reserved for component schemas.
    taken: BTreeSet<String>,
    drafts: BTreeMap<String, Draft>,
    warnings: Vec<ir::Warning>,
    /// An operation that cannot be used fails the spec, rather than being left out.
    strict: bool,
    /// The `$ref`s with `nullable: true` beside them, as the loader found them.
    nullable_refs: &'a BTreeSet<Pointer>,
    /// Every `$ref` inside a component schema, as the loader found them.
    schema_refs: &'a [(String, String, Pointer)],
}

impl<'a> Resolver<'a> {
    fn new(loaded: &'a Loaded, settings: &GenerationSettings) -> Self {
        let spec = &loaded.spec;
        let (auth, mut warnings) = security::schemes(spec, &settings.crate_name);
        let left_out =
            loaded.left_out.iter().map(|(at, why)| ir::Warning { location: at.to_string(), message: why.clone() });
        warnings.splice(0..0, left_out);
        Resolver {
            spec,
            model_module: settings.model_module().into(),
            operation_prefix: settings.operation_prefix.clone(),
            auth,
            names: HashMap::new(),
            taken: BTreeSet::new(),
            drafts: BTreeMap::new(),
            warnings,
            strict: settings.strict,
            nullable_refs: &loaded.nullable_refs,
            schema_refs: &loaded.schema_refs,
        }
    }

    /// Whether the schema at `at` allows `null`: its own `nullable`, or one beside its `$ref`.
    /// `at` must be where the schema is written (for a field merged from an `allOf` member,
    /// in the member), since that is where the loader saw it.
    fn nullable(&self, schema: &openapiv3::Schema, at: &Pointer) -> bool {
        schema.schema_data.nullable || self.nullable_refs.contains(at)
    }

    /// Claims a Rust type name, numbering it when two spec names would collide.
    fn claim(&mut self, wanted: String) -> String {
        naming::numbered(wanted, |name| self.taken.insert(name.to_string()))
    }

    fn model(&self, name: String) -> Ty {
        Ty::Named(ir::ModelRef { module: self.model_module.clone(), name })
    }

    /// Notes what the generator leaves out, and where.
    fn warn(&mut self, at: &Pointer, message: String) {
        self.warnings.push(ir::Warning { location: at.to_string(), message });
    }

    /// The item a `$ref` (or inline value) stands for.
    fn deref<T: refs::Component>(&self, item: &'a ReferenceOr<T>, at: &Pointer) -> Result<&'a T> {
        refs::resolve(self.spec, item, at)
    }

    /// The schema a `$ref` (or inline schema, which may live outside the spec) stands for.
    fn deref_schema<'s>(&self, schema: impl Into<types::SchemaRef<'s>>, at: &Pointer) -> Result<&'s openapiv3::Schema>
    where
        'a: 's,
    {
        self.deref_schema_located(schema, at).map(|(schema, _)| schema)
    }

    /// Like [`Self::deref_schema`], with where the schema is written: `at` for an inline one,
    /// the component a `$ref` leads to for the others.
    fn deref_schema_located<'s>(
        &self,
        schema: impl Into<types::SchemaRef<'s>>,
        at: &Pointer,
    ) -> Result<(&'s openapiv3::Schema, Pointer)>
    where
        'a: 's,
    {
        match schema.into() {
            types::SchemaRef::Ref(reference) => refs::resolve_ref_located(self.spec, reference, at),
            types::SchemaRef::Inline(schema) => Ok((schema, at.clone())),
        }
    }

    /// A model per component schema. One the generator cannot use degrades rather than refuse
    /// the spec (unless `strict`): a schema that refers to one the spec does not define is left
    /// out, with every schema that refers to it (and an operation that needs one is left out
    /// when its turn comes); a schema it cannot model otherwise is kept as any JSON value.
    fn component_models(&mut self) -> Result<()> {
        let Some(schemas) = self.spec.components.as_ref().map(|c| &c.schemas) else { return Ok(()) };
        let left_out = self.left_out_schemas(schemas)?;
        // Names first, so that references between schemas resolve in any order; a schema whose
        // name is kept as written claims it before one that only converts to it.
        let (kept, converted): (Vec<&String>, Vec<&String>) =
            schemas.keys().filter(|name| !left_out.contains(*name)).partition(|name| naming::type_name(name) == **name);
        for name in kept.into_iter().chain(converted) {
            let rust = self.claim(naming::type_name(name));
            self.names.insert(name.clone(), rust);
        }
        for (name, schema) in schemas.iter().filter(|(name, _)| !left_out.contains(*name)) {
            let at = Pointer::root().join_all(["components", "schemas", name]);
            let rust = self.names[name].clone();
            let draft = self.deref(schema, &at).and_then(|schema| self.draft(&rust, schema, &at));
            let draft = match draft {
                Ok(draft) => draft,
                Err(error) if !self.strict => {
                    self.warn(&at, format!("schema `{name}` is kept as any JSON value: {error}"));
                    Draft { docs: Vec::new(), kind: schema::DraftKind::Alias(Ty::Json), source: at.to_string() }
                }
                Err(error) => return Err(error),
            };
            self.drafts.insert(rust, draft);
        }
        Ok(())
    }

    /// The component schemas that refer, directly or through others, to a schema the spec does
    /// not define, each with a warning that says which; with `strict`, the first such reference
    /// is an error.
    fn left_out_schemas(
        &mut self,
        schemas: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Schema>>,
    ) -> Result<BTreeSet<String>> {
        fn target<'r>(
            schemas: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Schema>>,
            reference: &'r str,
        ) -> Option<&'r str> {
            refs::ref_name::<openapiv3::Schema>(reference).filter(|n| schemas.contains_key(*n))
        }
        let mut left_out: BTreeMap<String, (Pointer, String)> = BTreeMap::new();
        for (component, reference, at) in self.schema_refs {
            if target(schemas, reference).is_none() && !left_out.contains_key(component) {
                if self.strict {
                    return Err(Error::UnresolvedRef { location: at.to_string(), reference: reference.clone() });
                }
                left_out.insert(component.clone(), (at.clone(), format!("`{reference}` names no schema of the spec")));
            }
        }
        // Then whatever refers to a schema left out, until nothing more is.
        loop {
            let more: Vec<(String, Pointer, String)> = self
                .schema_refs
                .iter()
                .filter(|(component, _, _)| !left_out.contains_key(component))
                .filter_map(|(component, reference, at)| {
                    let name = target(schemas, reference)?;
                    left_out
                        .contains_key(name)
                        .then(|| (component.clone(), at.clone(), format!("it refers to `{name}`, which is left out")))
                })
                .collect();
            if more.is_empty() {
                break;
            }
            for (component, at, why) in more {
                left_out.entry(component).or_insert((at, why));
            }
        }
        for (component, (at, why)) in &left_out {
            self.warn(at, format!("schema `{component}` is left out: {why}"));
        }
        Ok(left_out.into_keys().collect())
    }
}

/// `at.unsupported(message)`: the error for a construct the generator does not support, there.
trait Unsupported {
    fn unsupported(&self, message: impl Into<String>) -> Error;
}

impl Unsupported for Pointer {
    fn unsupported(&self, message: impl Into<String>) -> Error {
        Error::Unsupported { location: self.to_string(), message: message.into() }
    }
}

fn server(s: &openapiv3::Server) -> ir::Server {
    ir::Server {
        url: s.url.clone(),
        description: s.description.clone().unwrap_or_default(),
        variables: s
            .variables
            .iter()
            .flatten()
            .map(|(name, v)| ir::ServerVariable {
                name: name.clone(),
                description: v.description.clone().unwrap_or_default(),
                default: v.default.clone(),
                values: v.enumeration.clone(),
            })
            .collect(),
    }
}
