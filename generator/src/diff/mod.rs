//! Change reports: what a new spec changes for code that uses the generated crate.
//!
//! Two API manifests ([`manifest`], built from the IR) are compared item by item ([`rules`]); each
//! change names the Rust item, the spec location, what happened and its class (breaking,
//! additive, docs). [`report`] prints a report as text, JSON or Markdown; [`release`] turns it
//! into the crate's next version and a changelog entry.

pub mod manifest;
pub mod release;
pub mod report;
mod rules;

use serde::{Deserialize, Serialize};

pub use manifest::{Manifest, TargetManifest};

/// What a change does to code that uses the crate. Ordered from the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Code that compiled against the old crate may no longer compile, or may behave wrongly.
    Breaking,
    /// New items only: code that compiled still compiles and means the same.
    Additive,
    /// Only documentation changed.
    Docs,
}

/// What happened to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Added,
    Removed,
    TypeChanged,
    BecameRequired,
    BecameOptional,
    EnumValueAdded,
    EnumValueRemoved,
    OperationAdded,
    OperationRemoved,
    /// The operation's HTTP method or path changed; its Rust method did not.
    EndpointChanged,
    BecameUnstable,
    BecameStable,
    ServerAdded,
    ServerRemoved,
    SiteAdded,
    SiteRemoved,
    DocsChanged,
}

/// Which way a model's values travel: decided by reachability from operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reachable from a request body only.
    Request,
    /// Reachable from a success or error type only.
    Response,
    /// Both.
    Both,
    /// Neither (a model no operation uses), or not a model.
    None,
}

/// One change, as the JSON report writes it (these keys are stable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub class: Class,
    pub kind: Kind,
    /// The Rust item, from the crate root (`datadogV2::model::OrgConnectionAttributes::updated_at`).
    pub item: String,
    /// Where it is in the spec: a JSON pointer, `#/...`.
    pub location: String,
    /// For a model or a field of one: which way its values travel.
    pub role: Role,
    /// One sentence on what it means for code that uses the crate.
    pub detail: String,
    /// In a crate with a feature per API: the features of the APIs whose item changed (an
    /// operation's API; the APIs that use a model). Empty for what is the whole crate's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// The semver bump a report asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

/// Every change between two manifests, sorted by class, then item, then kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The report of `changes`, sorted by class, then item, then kind, without repeats.
    fn of(mut changes: Vec<Change>) -> Report {
        changes.sort_by(|a, b| (a.class, &a.item, a.kind, &a.location).cmp(&(b.class, &b.item, b.kind, &b.location)));
        changes.dedup();
        Report { changes }
    }

    /// How many changes of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// The bump of a crate at 1.0 or later: breaking -> major, additive -> minor, docs -> patch.
    /// Before 1.0, [`release::next_version`] shifts it down by one place.
    pub fn bump(&self) -> Bump {
        match self.changes.iter().map(|c| c.class).min() {
            None => Bump::None,
            Some(Class::Breaking) => Bump::Major,
            Some(Class::Additive) => Bump::Minor,
            Some(Class::Docs) => Bump::Patch,
        }
    }
}

/// The report of what going from `old` to `new` changes for the users of the crate `settings`
/// describe (whose runtime module holds the `Configuration` that servers are chosen in).
pub fn diff(old: &Manifest, new: &Manifest, settings: &crate::GenerationSettings) -> Report {
    Report::of(rules::changes(old, new, &settings.runtime_module))
}

/// The report of a crate of several specs (a target's), each spec's manifest matched with the
/// one of the same version module: a spec on one side only is all added, or all removed.
pub fn diff_specs(old: &[Manifest], new: &[Manifest], settings: &crate::GenerationSettings) -> Report {
    let empty = |module: &str| Manifest { module: module.to_string(), ..Manifest::default() };
    // A spec's description documents its version module here, not the crate.
    let in_module = |mut changes: Vec<Change>, module: &str| {
        changes.iter_mut().filter(|c| c.item == "crate").for_each(|c| c.item = module.to_string());
        changes
    };
    let mut changes = Vec::new();
    for n in new {
        let added;
        let o = match spec_of(old, &n.module) {
            Some(o) => o,
            None => {
                added = empty(&n.module);
                &added
            }
        };
        changes.extend(in_module(rules::changes(o, n, &settings.runtime_module), &n.module));
    }
    for o in old.iter().filter(|o| spec_of(new, &o.module).is_none()) {
        changes.extend(in_module(rules::changes(o, &empty(&o.module), &settings.runtime_module), &o.module));
    }
    Report::of(changes)
}

/// The manifest of `module` among a target's `specs`.
fn spec_of<'m>(specs: &'m [Manifest], module: &str) -> Option<&'m Manifest> {
    specs.iter().find(|m| m.module == module)
}

/// The manifest of the crate a spec file generates, with `settings`.
pub fn manifest_of(
    spec: &std::path::Path,
    settings: &crate::settings::GenerationSettings,
) -> crate::error::Result<Manifest> {
    let text = crate::load::read(spec)?;
    let (api, _) = crate::front::load_and_resolve(spec, &text, settings)?;
    Ok(Manifest::from_api(&api, settings, &crate::header::header(&crate::header::spec_name(spec))))
}
