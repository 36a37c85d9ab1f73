//! Cargo features for a crate of many APIs: one per tag and version (`v2-org-connections`),
//! gating its API module and exactly the models that module reaches in the IR's model graph.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Ty};
use crate::naming;

/// Gives each group its feature and each model the features that reach it. A model no group
/// reaches gets none; the templates build it only with `all`.
pub fn assign(api: &mut Api, prefix: &str) {
    let mut taken = BTreeSet::new();
    for group in &mut api.groups {
        let feature = naming::numbered(naming::feature_name(prefix, &group.tag), |f| taken.insert(f.to_string()));
        group.feature = Some(feature);
    }
    let graph = api.model_graph();
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for group in &api.groups {
        let feature = group.feature.clone().unwrap_or_default();
        let starts: Vec<&str> = group
            .operations
            .iter()
            .flat_map(|op| {
                let params = op.args.iter().chain(&op.optional).map(|p| &p.ty);
                let body = op.body.iter().map(|b| &b.ty);
                let success = op.success.iter().map(|s| &s.ty);
                let errors = op.error_variants.iter().map(|v| &v.ty);
                params.chain(body).chain(success).chain(errors).flat_map(Ty::models).collect::<Vec<_>>()
            })
            .collect();
        for model in graph.reachable(starts) {
            reached.entry(model.to_string()).or_default().insert(feature.clone());
        }
    }
    for model in &mut api.models {
        model.features = reached.remove(&model.name).map(|f| f.into_iter().collect()).unwrap_or_default();
    }
}
