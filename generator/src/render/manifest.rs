//! The views of the crate's `Cargo.toml` files: the crate users depend on, and with a
//! [`Layout`] each member crate.

use super::views::{Feature, ManifestView, MemberDependency};
use crate::ir::Api;
use crate::layout::{Layout, Member};
use crate::settings::GenerationSettings;

/// What the manifests of a crate share: the settings and the first spec.
struct Common<'a> {
    settings: &'a GenerationSettings,
    first: &'a Api,
}

impl<'a> Common<'a> {
    fn view(&self, name: &'a str, root: bool, what: String) -> ManifestView<'a> {
        ManifestView {
            name,
            crate_name: &self.settings.crate_name,
            crate_version: &self.settings.crate_version,
            repository: self.settings.repository.as_deref(),
            root,
            what,
            features_per_api: self.settings.features,
            title: &self.first.title,
            tags: self.first.groups.iter().map(|g| g.tag.as_str()).collect(),
            owns_runtime: false,
            tls_forwarded_to: None,
            features: Vec::new(),
            members: Vec::new(),
            mock: None,
        }
    }
}

/// What `mock` turns on in the crate that holds the runtime: the mock server's crate.
const WIREMOCK: &str = "dep:wiremock";

fn feature(name: &str, enables: Vec<String>) -> Feature {
    Feature { name: name.to_string(), enables }
}

/// The manifest of the crate users depend on, then (with a layout) each member's with the member.
pub fn manifests<'a>(
    versions: &'a [(Api, GenerationSettings)],
    layout: Option<&'a Layout>,
) -> (ManifestView<'a>, Vec<(&'a Member, ManifestView<'a>)>) {
    let (first, settings) = &versions[0];
    let common = Common { settings, first };
    let all: Vec<&str> =
        versions.iter().flat_map(|(api, _)| &api.groups).filter_map(|g| g.feature.as_deref()).collect();
    let with_all = |mut list: Vec<Feature>| {
        if !all.is_empty() {
            list.insert(0, feature("all", all.iter().map(|f| f.to_string()).collect()));
        }
        list
    };
    let mut root = common.view(&settings.crate_name, true, String::new());
    let Some(layout) = layout else {
        root.owns_runtime = true;
        root.features = with_all(all.iter().map(|f| feature(f, Vec::new())).collect());
        root.mock = Some(vec![WIREMOCK.to_string()]);
        return (root, Vec::new());
    };
    // A member as the crate users depend on names it (from its folder), and as another member does.
    let from_root = |m: &Member, optional: bool| MemberDependency { name: m.name.clone(), path: m.dir(), optional };
    let sibling =
        |m: &Member| MemberDependency { name: m.name.clone(), path: format!("../{}", m.folder), optional: false };

    root.tls_forwarded_to = Some(&layout.runtime.name);
    root.features = with_all(
        all.iter()
            .map(|f| {
                let part = &layout.parts[layout.part(f)].member.name;
                feature(f, vec![format!("dep:{part}"), format!("{part}/{f}")])
            })
            .collect(),
    );
    // Typed mocks: the runtime's, and each part's that is on (`?/`: `mock` turns on no API).
    let runtime_mock = format!("{}/mock", layout.runtime.name);
    let mut root_mock = vec![runtime_mock.clone()];
    root_mock.extend(layout.parts.iter().map(|p| format!("{}?/mock", p.member.name)));
    root.mock = Some(root_mock);
    root.members = vec![from_root(&layout.runtime, false), from_root(&layout.shared, false)];
    root.members.extend(layout.parts.iter().map(|p| from_root(&p.member, true)));

    let mut runtime =
        common.view(&layout.runtime.name, false, "its runtime: configuration, HTTP client, errors".into());
    runtime.owns_runtime = true;
    runtime.mock = Some(vec![WIREMOCK.to_string()]);
    let mut shared = common.view(&layout.shared.name, false, "the models that several of its APIs use".into());
    shared.features = all.iter().map(|f| feature(f, Vec::new())).collect();
    shared.members = vec![sibling(&layout.runtime)];
    let mut members = vec![(&layout.runtime, runtime), (&layout.shared, shared)];
    for part in &layout.parts {
        let mut view = common.view(&part.member.name, false, format!("the APIs {}", part.features.join(", ")));
        view.features = part.features.iter().map(|f| feature(f, vec![format!("{}/{f}", layout.shared.name)])).collect();
        view.members = vec![sibling(&layout.runtime), sibling(&layout.shared)];
        view.mock = Some(vec![runtime_mock.clone()]);
        members.push((&part.member, view));
    }
    (root, members)
}
