//! The rules: how each difference between two manifests is named and classed. The table in
//! docs/change-reports.md says the same in prose; keep them in step.

use std::collections::BTreeMap;

use super::manifest::{FieldEntry, Manifest, ModelEntry, OperationEntry, ParamEntry, Shape};
use super::{Change, Class, Kind, Role};
use crate::ir::Ty;
use crate::pointer::escape_segment;

/// Collects changes; `module` is the version module both manifests share, `runtime` the
/// crate's runtime module, `features` those of the item being compared.
struct Changes<'a> {
    module: &'a str,
    runtime: &'a str,
    roles: BTreeMap<String, Role>,
    features: Vec<String>,
    out: Vec<Change>,
}

impl Changes<'_> {
    fn push(&mut self, class: Class, kind: Kind, item: String, location: String, role: Role, detail: &str) {
        let item = format!("{}::{item}", self.module);
        let features = self.features.clone();
        self.out.push(Change { class, kind, item, location, role, detail: detail.to_string(), features });
    }

    fn role(&self, model: &str) -> Role {
        self.roles.get(model).copied().unwrap_or(Role::None)
    }
}

pub(super) fn changes(old: &Manifest, new: &Manifest, runtime: &str) -> Vec<Change> {
    let mut roles = roles_of(old);
    for (model, role) in roles_of(new) {
        let merged = match (roles.get(&model).copied().unwrap_or(Role::None), role) {
            (Role::None, r) | (r, Role::None) => r,
            (a, b) if a == b => a,
            _ => Role::Both,
        };
        roles.insert(model, merged);
    }
    let mut c = Changes { module: &new.module, runtime, roles, features: Vec::new(), out: Vec::new() };
    if old.docs != new.docs {
        c.out.push(Change {
            class: Class::Docs,
            kind: Kind::DocsChanged,
            item: "crate".into(),
            location: "#/info/description".into(),
            role: Role::None,
            detail: "the crate's documentation changed".into(),
            features: Vec::new(),
        });
    }
    servers(&mut c, old, new);
    for (name, o) in &old.models {
        let n = new.models.get(name);
        c.features = n.unwrap_or(o).features.clone();
        match n {
            None => {
                let role = c.role(name);
                c.push(Class::Breaking, Kind::Removed, model_item(name), o.source.clone(), role, "model removed");
            }
            Some(n) => model(&mut c, name, o, n),
        }
    }
    for (name, n) in new.models.iter().filter(|(name, _)| !old.models.contains_key(*name)) {
        c.features = n.features.clone();
        let role = c.role(name);
        c.push(Class::Additive, Kind::Added, model_item(name), n.source.clone(), role, "new model");
    }
    for (key, o) in &old.operations {
        let n = new.operations.get(key);
        c.features = n.unwrap_or(o).feature.iter().cloned().collect();
        match n {
            None => c.push(
                Class::Breaking,
                Kind::OperationRemoved,
                key.clone(),
                o.source.clone(),
                Role::None,
                "operation removed",
            ),
            Some(n) => operation(&mut c, key, o, n),
        }
    }
    for (key, n) in new.operations.iter().filter(|(key, _)| !old.operations.contains_key(*key)) {
        c.features = n.feature.iter().cloned().collect();
        c.push(Class::Additive, Kind::OperationAdded, key.clone(), n.source.clone(), Role::None, "new operation");
    }
    c.out
}

fn model_item(name: &str) -> String {
    format!("model::{name}")
}

fn servers(c: &mut Changes<'_>, old: &Manifest, new: &Manifest) {
    let item = |i: usize| format!("{}::Configuration (server_index {i})", c.runtime);
    for i in 0..old.servers.len().max(new.servers.len()) {
        let at = format!("#/servers/{i}");
        match (old.servers.get(i), new.servers.get(i)) {
            (Some(o), Some(n)) if o.url == n.url => {
                for (var, old_values) in &o.variables {
                    let new_values = n.variables.get(var).cloned().unwrap_or_default();
                    let vat = format!("{at}/variables/{}/enum", escape_segment(var));
                    // An empty list allows any value.
                    for v in old_values.iter().filter(|v| !new_values.is_empty() && !new_values.contains(v)) {
                        let detail = format!("`{var}` no longer accepts `{v}`: a configuration naming it fails");
                        c.out.push(server_change(Class::Breaking, Kind::SiteRemoved, item(i), vat.clone(), detail));
                    }
                    for v in new_values.iter().filter(|v| !old_values.is_empty() && !old_values.contains(v)) {
                        let detail = format!("`{var}` accepts `{v}`");
                        c.out.push(server_change(Class::Additive, Kind::SiteAdded, item(i), vat.clone(), detail));
                    }
                }
            }
            (Some(o), n) => {
                let detail = format!("server `{}` removed: its `server_index` now names another or none", o.url);
                c.out.push(server_change(Class::Breaking, Kind::ServerRemoved, item(i), at.clone(), detail));
                if let Some(n) = n {
                    let detail = format!("server `{}` added", n.url);
                    c.out.push(server_change(Class::Additive, Kind::ServerAdded, item(i), at, detail));
                }
            }
            (None, Some(n)) => {
                let detail = format!("server `{}` added", n.url);
                c.out.push(server_change(Class::Additive, Kind::ServerAdded, item(i), at, detail));
            }
            (None, None) => {}
        }
    }
}

fn server_change(class: Class, kind: Kind, item: String, location: String, detail: String) -> Change {
    Change { class, kind, item, location, role: Role::None, detail, features: Vec::new() }
}

fn model(c: &mut Changes<'_>, name: &str, o: &ModelEntry, n: &ModelEntry) {
    let role = c.role(name);
    let item = model_item(name);
    let at = n.source.clone();
    if o.docs != n.docs {
        c.push(Class::Docs, Kind::DocsChanged, item.clone(), at.clone(), role, "documentation changed");
    }
    if o.shape.kind() != n.shape.kind() {
        let detail = format!("was a {}, now a {}", o.shape.kind(), n.shape.kind());
        c.push(Class::Breaking, Kind::TypeChanged, item, at, role, &detail);
        return;
    }
    match (&o.shape, &n.shape) {
        (Shape::Struct(o), Shape::Struct(n)) => fields(c, &item, &at, role, o, n),
        (Shape::Enum(o), Shape::Enum(n)) => {
            let vat = format!("{at}/enum");
            for v in o.iter().filter(|v| !n.contains(v)) {
                let detail = format!("value `{v}` removed: its variant is gone");
                c.push(Class::Breaking, Kind::EnumValueRemoved, item.clone(), vat.clone(), role, &detail);
            }
            for v in n.iter().filter(|v| !o.contains(v)) {
                let detail = format!("value `{v}` added (the enum is non-exhaustive; old clients keep it as unparsed)");
                c.push(Class::Additive, Kind::EnumValueAdded, item.clone(), vat.clone(), role, &detail);
            }
        }
        (Shape::OneOf(o), Shape::OneOf(n)) => {
            let vat = format!("{at}/oneOf");
            for old in o {
                let vitem = format!("{item}::{}", old.name);
                match n.iter().find(|v| v.name == old.name) {
                    None => c.push(Class::Breaking, Kind::Removed, vitem, vat.clone(), role, "variant removed"),
                    Some(new) if new != old => {
                        let detail = format!("was `{old}`, now `{new}`");
                        c.push(Class::Breaking, Kind::TypeChanged, vitem, vat.clone(), role, &detail);
                    }
                    Some(_) => {}
                }
            }
            for new in n.iter().filter(|v| !o.iter().any(|old| old.name == v.name)) {
                let detail = "new variant (the enum is non-exhaustive; old clients keep it as unparsed)";
                c.push(Class::Additive, Kind::Added, format!("{item}::{}", new.name), vat.clone(), role, detail);
            }
        }
        (Shape::Alias(o), Shape::Alias(n)) if o != n => {
            let detail = format!("was `{o}`, now `{n}`");
            c.push(Class::Breaking, Kind::TypeChanged, item, at, role, &detail);
        }
        _ => {}
    }
}

fn fields(c: &mut Changes<'_>, item: &str, at: &str, role: Role, old: &[FieldEntry], new: &[FieldEntry]) {
    let by_name = |fs: &[FieldEntry]| fs.iter().map(|f| (f.name.clone(), f.clone())).collect::<BTreeMap<_, _>>();
    let (o, n) = (by_name(old), by_name(new));
    let fat = |f: &FieldEntry| format!("{at}/properties/{}", escape_segment(&f.json));
    for (name, of) in &o {
        let fitem = format!("{item}::{name}");
        let Some(nf) = n.get(name) else {
            c.push(Class::Breaking, Kind::Removed, fitem, fat(of), role, "field removed");
            continue;
        };
        match (of.required, nf.required) {
            (false, true) => {
                let detail = format!("was `{}`, now `{}`; `new()` takes it", of.ty, nf.ty);
                c.push(Class::Breaking, Kind::BecameRequired, fitem.clone(), fat(nf), role, &detail);
            }
            (true, false) => {
                let detail = format!("was `{}`, now `{}`; `new()` no longer takes it", of.ty, nf.ty);
                c.push(Class::Breaking, Kind::BecameOptional, fitem.clone(), fat(nf), role, &detail);
            }
            _ if of.ty != nf.ty => {
                let mut detail = format!("was `{}`, now `{}`", of.ty, nf.ty);
                if may_refuse_old_data(role, &nf.ty) {
                    detail.push_str("; an answer that decoded as the old type may fail to decode as the new one");
                }
                c.push(Class::Breaking, Kind::TypeChanged, fitem.clone(), fat(nf), role, &detail);
            }
            _ => {}
        }
        if of.docs != nf.docs {
            c.push(Class::Docs, Kind::DocsChanged, fitem, fat(nf), role, "documentation changed");
        }
    }
    for (name, nf) in n.iter().filter(|(name, _)| !o.contains_key(*name)) {
        let fitem = format!("{item}::{name}");
        if nf.required {
            let detail = format!("new required field `{}`: `new()` takes one more argument", nf.ty);
            c.push(Class::Breaking, Kind::Added, fitem, fat(nf), role, &detail);
        } else {
            let detail = format!("new optional field `{}` with its setter (the struct is non-exhaustive)", nf.ty);
            c.push(Class::Additive, Kind::Added, fitem, fat(nf), role, &detail);
        }
    }
}

fn operation(c: &mut Changes<'_>, key: &str, o: &OperationEntry, n: &OperationEntry) {
    let at = n.source.clone();
    if o.docs != n.docs {
        c.push(Class::Docs, Kind::DocsChanged, key.to_string(), at.clone(), Role::None, "documentation changed");
    }
    if o.source != n.source {
        // The Rust method is the same; the calls go where the new spec says.
        let detail = format!("now calls `{}` (was `{}`)", endpoint(&n.source), endpoint(&o.source));
        c.push(Class::Additive, Kind::EndpointChanged, key.to_string(), at.clone(), Role::None, &detail);
    }
    match (o.unstable, n.unstable) {
        (false, true) => {
            let detail = "became unstable: calls fail with `UnstableOperationDisabled` until enabled with `Configuration::set_unstable_operation_enabled`";
            c.push(Class::Breaking, Kind::BecameUnstable, key.to_string(), at.clone(), Role::None, detail);
        }
        (true, false) => {
            let detail = "became stable: calls no longer need `set_unstable_operation_enabled`";
            c.push(Class::Additive, Kind::BecameStable, key.to_string(), at.clone(), Role::None, detail);
        }
        _ => {}
    }
    let pat = |p: &ParamEntry| format!("{at}/parameters/{}", escape_segment(&p.wire));
    let module = key.rsplitn(3, "::").last().unwrap_or(key).to_string();
    let opt_item = |p: &ParamEntry| format!("{module}::{}::{}", n.optional_struct, p.name);
    let arg_item = |p: &ParamEntry| format!("{key}::{}", p.name);
    let find = |ps: &[ParamEntry], name: &str| ps.iter().find(|p| p.name == name).cloned();
    for p in &o.args {
        if let Some(q) = find(&n.args, &p.name) {
            if q.ty != p.ty {
                let detail = format!("argument was `{}`, now `{}`", p.ty, q.ty);
                c.push(Class::Breaking, Kind::TypeChanged, arg_item(p), pat(p), Role::None, &detail);
            }
        } else if let Some(q) = find(&n.optional, &p.name) {
            let detail = format!("required argument became optional: it moved to `{}`", n.optional_struct);
            c.push(Class::Breaking, Kind::BecameOptional, opt_item(&q), pat(p), Role::None, &detail);
        } else {
            c.push(Class::Breaking, Kind::Removed, arg_item(p), pat(p), Role::None, "argument removed");
        }
    }
    for p in n.args.iter().filter(|p| find(&o.args, &p.name).is_none()) {
        if find(&o.optional, &p.name).is_some() {
            let detail = "optional parameter became a required argument of the method";
            c.push(Class::Breaking, Kind::BecameRequired, arg_item(p), pat(p), Role::None, detail);
        } else {
            let detail = format!("new required argument `{}`", p.ty);
            c.push(Class::Breaking, Kind::Added, arg_item(p), pat(p), Role::None, &detail);
        }
    }
    for p in &o.optional {
        if let Some(q) = find(&n.optional, &p.name) {
            if q.ty != p.ty {
                let detail = format!("was `{}`, now `{}`", p.ty, q.ty);
                c.push(Class::Breaking, Kind::TypeChanged, opt_item(p), pat(p), Role::None, &detail);
            }
        } else if find(&n.args, &p.name).is_none() {
            c.push(Class::Breaking, Kind::Removed, opt_item(p), pat(p), Role::None, "optional parameter removed");
        }
    }
    for p in n.optional.iter().filter(|p| find(&o.optional, &p.name).is_none() && find(&o.args, &p.name).is_none()) {
        if o.optional.is_empty() {
            let detail = format!("new optional parameter: the method now takes `{}`", n.optional_struct);
            c.push(Class::Breaking, Kind::Added, opt_item(p), pat(p), Role::None, &detail);
        } else {
            let detail = format!("new optional parameter `{}` (the struct is non-exhaustive)", p.ty);
            c.push(Class::Additive, Kind::Added, opt_item(p), pat(p), Role::None, &detail);
        }
    }
    let bat = format!("{at}/requestBody");
    match (&o.body, &n.body) {
        (None, Some(b)) => c.push(
            Class::Breaking,
            Kind::Added,
            format!("{key}::body"),
            bat,
            Role::None,
            &format!("new body argument `{b}`"),
        ),
        (Some(_), None) => {
            c.push(Class::Breaking, Kind::Removed, format!("{key}::body"), bat, Role::None, "body argument removed")
        }
        (Some(a), Some(b)) if a != b => c.push(
            Class::Breaking,
            Kind::TypeChanged,
            format!("{key}::body"),
            bat,
            Role::None,
            &format!("was `{a}`, now `{b}`"),
        ),
        _ => {}
    }
    if o.success != n.success {
        let show = |t: &Option<Ty>| t.as_ref().map_or_else(|| "()".to_string(), Ty::to_string);
        let detail = format!("returns `{}`, was `{}`", show(&n.success), show(&o.success));
        c.push(Class::Breaking, Kind::TypeChanged, key.to_string(), format!("{at}/responses"), Role::None, &detail);
    }
    let eitem = format!("{module}::{}", n.error_enum);
    let eat = format!("{at}/responses");
    for v in o.errors.iter().filter(|v| !n.errors.contains(v)) {
        c.push(
            Class::Breaking,
            Kind::Removed,
            format!("{eitem}::{v}"),
            eat.clone(),
            Role::None,
            "error variant removed",
        );
    }
    for v in n.errors.iter().filter(|v| !o.errors.contains(v)) {
        let detail = "new error variant (the enum is non-exhaustive)";
        c.push(Class::Additive, Kind::Added, format!("{eitem}::{v}"), eat.clone(), Role::None, detail);
    }
    match (o.pagination, n.pagination) {
        (false, true) => c.push(
            Class::Additive,
            Kind::Added,
            format!("{key}_with_pagination"),
            format!("{at}/x-pagination"),
            Role::None,
            "new paginated stream",
        ),
        (true, false) => c.push(
            Class::Breaking,
            Kind::Removed,
            format!("{key}_with_pagination"),
            format!("{at}/x-pagination"),
            Role::None,
            "paginated stream removed",
        ),
        _ => {}
    }
}

/// The models each operation reaches: from bodies and the parameters that hold one (an optional
/// body, a multipart body's parts) (request), and from success and error types (response),
/// through fields, variants and aliases.
fn roles_of(m: &Manifest) -> BTreeMap<String, Role> {
    let graph = m.model_graph();
    let ops = m.operations.values();
    fn sent(o: &OperationEntry) -> impl Iterator<Item = &Ty> {
        o.body.iter().chain(o.args.iter().chain(&o.optional).map(|p| &p.ty))
    }
    let request = graph.reachable(ops.clone().flat_map(sent).flat_map(Ty::models));
    let response_types = ops.flat_map(|o| o.success.iter().chain(o.errors.iter().map(|v| &v.ty)));
    let response = graph.reachable(response_types.flat_map(Ty::models));
    m.models
        .keys()
        .map(|name| {
            let role = match (request.contains(name.as_str()), response.contains(name.as_str())) {
                (true, true) => Role::Both,
                (true, false) => Role::Request,
                (false, true) => Role::Response,
                (false, false) => Role::None,
            };
            (name.clone(), role)
        })
        .collect()
}

/// `GET /api/v2/widgets` from an operation's pointer (`#/paths/~1api~1v2~1widgets/get`).
fn endpoint(source: &str) -> String {
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    match source.strip_prefix("#/paths/").and_then(|rest| rest.rsplit_once('/')) {
        Some((path, method)) => format!("{} {}", method.to_uppercase(), unescape(path)),
        None => source.to_string(),
    }
}

/// Whether a field of a model in the `role` changing to `new` can make data that decoded before
/// fail to decode (a `String` that now must be a `Uuid`): the field comes back in answers, and
/// its new type does not take any string or any JSON value.
fn may_refuse_old_data(role: Role, new: &Ty) -> bool {
    let text = new.to_string();
    let inner = text.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(&text);
    role != Role::Request && !matches!(inner, "String" | "serde_json::Value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrower_type_in_answers_says_old_data_may_not_decode() {
        let ty = |text: &str| text.parse::<Ty>().unwrap();
        assert!(may_refuse_old_data(Role::Response, &ty("uuid::Uuid")));
        assert!(may_refuse_old_data(Role::Both, &ty("Option<i64>")));
        assert!(!may_refuse_old_data(Role::Response, &ty("Option<String>")));
        assert!(!may_refuse_old_data(Role::Response, &ty("serde_json::Value")));
        assert!(!may_refuse_old_data(Role::Request, &ty("uuid::Uuid")));
    }
}
