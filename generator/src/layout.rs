//! How a crate of many APIs is spread over member crates (`parts` in a target's settings).
//!
//! rustc compiles one crate on one thread for most of its work, and holds all of it in memory.
//! The whole Datadog API as one crate is 650,000 lines: one compiler for minutes, with gigabytes
//! resident. Spread over member crates, cargo compiles them side by side and each compiler holds
//! only its share. Users still depend on one crate, which re-exports the members under the same
//! paths (`datadogV2::model::Foo`, `datadogV2::api_foo`), so the layout is invisible to them.
//!
//! The members, in build order:
//! - the runtime (`<crate>-runtime`): the `datadog` module, with the TLS features;
//! - the shared models (`<crate>-shared`): the models two or more APIs reach, each gated by the
//!   features that reach it. What a shared model names, every API that reaches it reaches too,
//!   so it is shared as well: this crate needs no part.
//! - the parts (`<crate>-part-1` ...): each holds some APIs and the models only one API reaches,
//!   balanced by size. A part's model module re-exports the shared models, so the generated
//!   code names every model as `crate::<version>::model::Foo`, as in a single crate.
//!
//! Models no API reaches stay in the crate users depend on, built only with `all`: they may name
//! models of any part.
//!
//! Which part holds each API is recorded beside the crate ([`RECORD`]) and kept across
//! regenerations, so that a change to one API moves no other between parts: only new APIs are
//! placed, each in the part that is smallest so far. Spreading them all anew is asked for
//! (`cargo xtask codegen --rebalance`), never done on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ir::{Api, ApiGroup, Model, ModelKind};
use crate::settings::GenerationSettings;

/// The folder of the member crates, in the crate users depend on.
pub const MEMBERS_DIR: &str = "crates";

/// The file, in the crate users depend on, that records which part holds each API: generated,
/// read back by the next generation into the same folder.
pub const RECORD: &str = "parts.yaml";

/// The member crates, and where each API and model lives.
#[derive(Debug, Clone)]
pub struct Layout {
    pub runtime: Member,
    pub shared: Member,
    pub parts: Vec<Part>,
    /// Each API's feature and the part that holds it.
    part_of: BTreeMap<String, usize>,
}

/// One member crate: its package name, its name in Rust paths, and its folder in
/// [`MEMBERS_DIR`].
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub name: String,
    pub ident: String,
    pub folder: String,
}

impl Member {
    /// Its folder, from the crate users depend on (`crates/part-1`).
    pub fn dir(&self) -> String {
        format!("{MEMBERS_DIR}/{}", self.folder)
    }

    /// What the paths of its files start with: its folder and a `/`.
    pub fn prefix(&self) -> String {
        format!("{}/", self.dir())
    }
}

/// A member that holds APIs.
#[derive(Debug, Clone)]
pub struct Part {
    pub member: Member,
    /// The features of its APIs, in spec order.
    pub features: Vec<String>,
}

/// Where a model lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The crate users depend on (a model no API reaches).
    Root,
    Shared,
    Part(usize),
}

impl Layout {
    /// Spreads the APIs of `versions` over `parts` parts (fewer when there are fewer APIs). An
    /// API that `record` places (by feature, parts numbered from 1) stays in that part, if there
    /// still is one; the others go, the largest first, each into the part that is smallest so
    /// far. Without a record that is a plain greedy partition by size. Deterministic: ties go by
    /// feature name, then to the first part.
    pub fn new(
        versions: &[(Api, GenerationSettings)],
        crate_name: &str,
        parts: usize,
        record: &BTreeMap<String, usize>,
    ) -> Layout {
        let member = |suffix: &str| Member {
            name: format!("{crate_name}-{suffix}"),
            ident: format!("{crate_name}-{suffix}").replace('-', "_"),
            folder: suffix.to_string(),
        };
        let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
        for (api, _) in versions {
            for group in &api.groups {
                let ops: usize = group.operations.iter().map(|o| 8 + o.args.len() + o.optional.len()).sum();
                *sizes.entry(feature(group)).or_default() += ops;
            }
            for model in &api.models {
                if let [only] = model.features.as_slice() {
                    *sizes.entry(only.as_str()).or_default() += model_size(model);
                }
            }
        }
        let mut by_size: Vec<(&str, usize)> = sizes.into_iter().collect();
        by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let count = parts.clamp(1, by_size.len().max(1));
        let mut load = vec![0usize; count];
        let mut part_of = BTreeMap::new();
        let recorded = |feature: &str| record.get(feature).and_then(|n| n.checked_sub(1)).filter(|&i| i < count);
        for &(feature, size) in &by_size {
            if let Some(i) = recorded(feature) {
                load[i] += size;
                part_of.insert(feature.to_string(), i);
            }
        }
        for (feature, size) in by_size.into_iter().filter(|(f, _)| recorded(f).is_none()) {
            let smallest = (0..count).min_by_key(|&i| (load[i], i)).unwrap_or(0);
            load[smallest] += size;
            part_of.insert(feature.to_string(), smallest);
        }
        let parts = (0..count)
            .map(|i| Part {
                member: member(&format!("part-{}", i + 1)),
                features: versions
                    .iter()
                    .flat_map(|(api, _)| &api.groups)
                    .map(|g| feature(g).to_string())
                    .filter(|f| part_of.get(f) == Some(&i))
                    .collect(),
            })
            .collect();
        Layout { runtime: member("runtime"), shared: member("shared"), parts, part_of }
    }

    /// The text of [`RECORD`] for this layout (the header is added when it is formatted): each
    /// API's feature and the number of its part, one a line, so a moved API is one changed line.
    pub fn record(&self) -> String {
        let mut text = String::from(
            "# Which member crate holds each API (3: crates/part-3), by feature. The next generation into\n\
             # this folder keeps each API where this says, so that a change to one API moves no other;\n\
             # a new API goes to the part that is smallest so far, and `cargo xtask codegen --rebalance`\n\
             # spreads them all anew.\nparts:\n",
        );
        for (feature, part) in &self.part_of {
            text.push_str(&format!("  {feature}: {}\n", part + 1));
        }
        text
    }

    /// The member crate at `home`; none for the crate users depend on.
    pub fn member(&self, home: Home) -> Option<&Member> {
        match home {
            Home::Root => None,
            Home::Shared => Some(&self.shared),
            Home::Part(i) => Some(&self.parts[i].member),
        }
    }

    /// Every crate that holds version modules: the crate users depend on, the shared models,
    /// each part.
    pub fn homes(&self) -> impl Iterator<Item = Home> {
        [Home::Root, Home::Shared].into_iter().chain((0..self.parts.len()).map(Home::Part))
    }

    /// Where `group` lives: in the part that holds its feature.
    pub fn group_home(&self, group: &ApiGroup) -> Home {
        Home::Part(self.part(feature(group)))
    }

    /// The part that holds the API with `feature`.
    pub fn part(&self, feature: &str) -> usize {
        let part = self.part_of.get(feature).copied();
        debug_assert!(part.is_some(), "no part holds the API of `{feature}`");
        part.unwrap_or(0)
    }

    /// Where `model` lives: with its only API, with the shared models, or (reached by none) in
    /// the crate users depend on.
    pub fn home(&self, model: &Model) -> Home {
        match model.features.as_slice() {
            [] => Home::Root,
            [only] => Home::Part(self.part(only)),
            _ => Home::Shared,
        }
    }
}

/// A glob re-export of another member's models (`pub use <ident>::<version>::model::*;`), on
/// when any of `features` is: exactly when that module has a model to give, since rustc warns
/// of a glob that brings nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Glob {
    pub ident: String,
    pub features: Vec<String>,
}

impl Layout {
    /// The globs of the model module of one version (whose models are `models`) in `home`: the
    /// crate users depend on takes the shared models and each part's own; a part takes the
    /// shared models its APIs use. A glob that could never bring a model is left out.
    pub fn globs(&self, models: &[Model], home: Home) -> Vec<Glob> {
        let features_of = |home: Home| -> BTreeSet<String> {
            let own = models.iter().filter(|m| self.home(m) == home);
            own.flat_map(|m| m.features.iter().cloned()).collect()
        };
        let glob = |member: &Member, features: BTreeSet<String>| {
            (!features.is_empty())
                .then(|| Glob { ident: member.ident.clone(), features: features.into_iter().collect() })
        };
        let shared = features_of(Home::Shared);
        match home {
            Home::Root => std::iter::once(glob(&self.shared, shared))
                .chain(self.parts.iter().enumerate().map(|(i, part)| glob(&part.member, features_of(Home::Part(i)))))
                .flatten()
                .collect(),
            Home::Part(i) => {
                let used = self.parts[i].features.iter().filter(|f| shared.contains(*f)).cloned().collect();
                glob(&self.shared, used).into_iter().collect()
            }
            Home::Shared => Vec::new(),
        }
    }
}

/// The record of the crate folder `out` (see [`RECORD`]): the part, numbered from 1, that holds
/// each API, by feature; empty when there is none.
pub fn read_record(out: &Path) -> Result<BTreeMap<String, usize>> {
    #[derive(serde::Deserialize)]
    struct Record {
        parts: BTreeMap<String, usize>,
    }
    let path = out.join(RECORD);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_yaml::from_str::<Record>(&text)
            .map(|r| r.parts)
            .map_err(|e| Error::Parse { path, message: e.to_string() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// An API's feature; every API has one in a crate with a feature per API, which a layout needs.
fn feature(group: &ApiGroup) -> &str {
    group.feature.as_deref().unwrap_or_default()
}

/// Roughly how much code a model becomes: each field or variant is a few items of its own.
fn model_size(model: &Model) -> usize {
    match &model.kind {
        ModelKind::Struct { fields, .. } => 4 + 3 * fields.len(),
        ModelKind::Enum { variants, .. } => 3 + variants.len(),
        ModelKind::OneOf { variants } => 4 + 2 * variants.len(),
        ModelKind::Alias { .. } => 1,
    }
}
