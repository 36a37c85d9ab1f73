//! Finishing models: every draft becomes a model, with a `Box` on each reference that closes a
//! cycle of direct containment (a struct that holds itself, directly or through others).

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use super::schema::DraftKind;
use crate::graph;
use crate::ir::{self, Model, ModelKind, Ty};
use crate::naming;

/// clippy's `too_many_arguments` threshold: more than this many arguments warns.
pub(super) const MAX_ARGS: usize = 7;

impl Resolver<'_> {
    pub(super) fn finish_models(&mut self) -> Vec<Model> {
        let cyclic = self.cyclic_edges();
        let alias_cycles = self.alias_cycles();
        let mut modules = BTreeSet::new();
        let drafts = std::mem::take(&mut self.drafts);
        drafts
            .into_iter()
            .map(|(name, draft)| {
                let module = naming::dedup(naming::module_name(&name), |m| modules.contains(m));
                modules.insert(module.clone());
                let kind = match draft.kind {
                    DraftKind::Struct(fields) => {
                        let all_optional = fields.iter().all(|f| !f.required);
                        let too_many_args = fields.iter().filter(|f| f.required).count() > MAX_ARGS;
                        let fields = fields
                            .into_iter()
                            .map(|f| {
                                let boxed =
                                    f.ty.direct_model()
                                        .is_some_and(|m| cyclic.contains(&(name.clone(), m.to_string())));
                                let base = if boxed { f.ty.boxed() } else { f.ty };
                                let held = if f.nullable { Ty::Option(Box::new(base.clone())) } else { base.clone() };
                                let arg_ty = if f.nullable_arg { held.clone() } else { base };
                                let ty = if f.required { held } else { Ty::Option(Box::new(held)) };
                                ir::Field {
                                    name: f.name,
                                    json_name: f.json_name,
                                    ty,
                                    arg_ty,
                                    required: f.required,
                                    nullable: f.nullable,
                                    arg_wrapped: f.nullable && !f.nullable_arg,
                                    docs: f.docs,
                                }
                            })
                            .collect();
                        ModelKind::Struct { fields, all_optional, too_many_args }
                    }
                    DraftKind::Enum { repr, variants } => ModelKind::Enum { repr, variants },
                    // One-of variants that hold a model come boxed (`schema.rs`), so they never
                    // make a type infinitely sized.
                    DraftKind::OneOf(variants) => ModelKind::OneOf {
                        variants: variants.into_iter().map(|(name, ty)| ir::OneOfVariant { name, ty }).collect(),
                    },
                    DraftKind::Alias(ty) if alias_cycles.contains(&name) => {
                        ModelKind::Alias { ty: ty.boxed(), newtype: true }
                    }
                    DraftKind::Alias(ty) => ModelKind::Alias { ty, newtype: false },
                };
                Model { name, module, docs: draft.docs, kind, features: Vec::new(), source: draft.source }
            })
            .collect()
    }

    /// Aliases on a cycle of aliases only (`A = Vec<A>`, `A = Map<B>`, `B = A`): a type alias
    /// cannot name itself (E0391), so these become newtypes. A cycle through a struct is fine.
    fn alias_cycles(&self) -> BTreeSet<String> {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .drafts
            .iter()
            .filter_map(|(name, d)| match &d.kind {
                DraftKind::Alias(ty) => Some((name.as_str(), ty.models())),
                _ => None,
            })
            .collect();
        edges
            .keys()
            .filter(|&&a| edges[a].iter().any(|&to| graph::reaches(&edges, to, a)))
            .map(|a| a.to_string())
            .collect()
    }

    /// Pairs (model, referenced model) where the reference is direct and both sit on one cycle.
    fn cyclic_edges(&self) -> BTreeSet<(String, String)> {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .drafts
            .iter()
            .map(|(name, d)| {
                let targets = match &d.kind {
                    DraftKind::Struct(fields) => fields.iter().filter_map(|f| f.ty.direct_model()).collect(),
                    DraftKind::Alias(ty) => ty.direct_model().into_iter().collect(),
                    DraftKind::OneOf(_) | DraftKind::Enum { .. } => Vec::new(),
                };
                (name.as_str(), targets)
            })
            .collect();
        let mut cyclic = BTreeSet::new();
        for (&from, targets) in &edges {
            for &to in targets {
                if graph::reaches(&edges, to, from) {
                    cyclic.insert((from.to_string(), to.to_string()));
                }
            }
        }
        cyclic
    }
}
