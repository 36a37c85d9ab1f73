//! Finishing models: every draft becomes a model once every model is known; then, from the model
//! graph, a `Box` goes on each reference that closes a cycle of inline references (a struct
//! that holds itself, directly or through others), and an alias on a cycle of aliases becomes a
//! newtype.

use std::collections::BTreeSet;

use super::Resolver;
use super::schema::{DraftField, DraftKind};
use crate::ir::graph::ModelGraph;
use crate::ir::{self, Model, ModelKind, Presence};
use crate::naming;

/// clippy's `too_many_arguments` threshold: more than this many arguments warns.
pub(super) const MAX_ARGS: usize = 7;

impl DraftField {
    /// Whether the field must be present and may be null, which decides its `Option`s.
    pub(super) fn presence(&self) -> Presence {
        Presence { required: self.required, nullable: self.nullable }
    }
}

impl Resolver<'_> {
    pub(super) fn finish_models(&mut self) -> Vec<Model> {
        let mut modules = BTreeSet::new();
        let drafts = std::mem::take(&mut self.drafts);
        let mut models: Vec<Model> = drafts
            .into_iter()
            .map(|(name, draft)| {
                let module = naming::dedup(naming::module_name(&name), |m| modules.contains(m));
                modules.insert(module.clone());
                let kind = match draft.kind {
                    DraftKind::Struct(fields) => {
                        let all_optional = fields.iter().all(|f| !f.required);
                        let too_many_args = fields.iter().filter(|f| f.required).count() > MAX_ARGS;
                        let fields = fields.into_iter().map(field).collect();
                        ModelKind::Struct { fields, all_optional, too_many_args }
                    }
                    DraftKind::Enum { repr, variants } => ModelKind::Enum { repr, variants },
                    // One-of variants that hold a model come boxed (`schema.rs`), so they never
                    // make a type infinitely sized.
                    DraftKind::OneOf(variants) => ModelKind::OneOf {
                        variants: variants.into_iter().map(|(name, ty)| ir::OneOfVariant { name, ty }).collect(),
                    },
                    DraftKind::Alias(ty) => ModelKind::Alias { ty, newtype: false },
                };
                Model { name, module, docs: draft.docs, kind, features: Vec::new(), source: draft.source }
            })
            .collect();
        break_cycles(&mut models);
        models
    }
}

fn field(f: DraftField) -> ir::Field {
    let presence = f.presence();
    // Nullable only by a `nullable` beside its `$ref`: `new` and the setter take the referenced
    // type, as the vendor's client does, and wrap it in `Some`.
    let arg_wrapped = f.nullable && !f.nullable_arg;
    ir::Field {
        ty: presence.field_ty(f.ty.clone()),
        arg_ty: if arg_wrapped { f.ty } else { presence.arg_ty(f.ty) },
        arg_wrapped,
        name: f.name,
        json_name: f.json_name,
        required: f.required,
        nullable: f.nullable,
        docs: f.docs,
    }
}

/// Makes every model finitely sized and nameable: boxes each struct field whose reference closes
/// a cycle of inline references, and makes each alias on a cycle of aliases only (`A = Vec<A>`,
/// `A = Map<B>`, `B = A`) a newtype, since a type alias cannot name itself (E0391). A cycle
/// through a struct is fine for an alias.
fn break_cycles(models: &mut [Model]) {
    let (boxed, newtypes) = {
        let graph = ModelGraph::of(models);
        let aliases: BTreeSet<&str> =
            models.iter().filter(|m| matches!(m.kind, ModelKind::Alias { .. })).map(|m| m.name.as_str()).collect();
        let owned = |(from, to): (&str, &str)| (from.to_string(), to.to_string());
        let boxed: BTreeSet<(String, String)> = graph.inline_cycles().into_iter().map(owned).collect();
        let newtypes: BTreeSet<String> =
            graph.cyclic_among(|m| aliases.contains(m)).into_iter().map(str::to_string).collect();
        (boxed, newtypes)
    };
    for model in models {
        match &mut model.kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields {
                    let on_cycle = |to: &str| boxed.contains(&(model.name.clone(), to.to_string()));
                    if f.ty.inline_model().is_some_and(on_cycle) {
                        f.ty = f.ty.clone().boxed();
                        f.arg_ty = f.arg_ty.clone().boxed();
                    }
                }
            }
            ModelKind::Alias { ty, newtype } if newtypes.contains(&model.name) => {
                *ty = ty.clone().boxed();
                *newtype = true;
            }
            _ => {}
        }
    }
}
