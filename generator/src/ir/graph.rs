//! The model graph: each model and the models it names, with whether it holds them inline. One
//! construction, from the types each model holds, for every reader: finishing models (which
//! references to box, which aliases become newtypes), features (which models each API reaches)
//! and change reports (which way a model's values travel, from an API manifest's types).

use std::collections::{BTreeMap, BTreeSet};

use super::{Model, Ty};

/// Each model and the references it makes.
#[derive(Debug, Clone, Default)]
pub struct ModelGraph<'a> {
    refs: BTreeMap<&'a str, Vec<Ref<'a>>>,
}

/// One model naming another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref<'a> {
    pub to: &'a str,
    /// Held inline (`Foo`, `Option<Foo>`), so its size counts in the holder's; not through a
    /// `Box`, a `Vec` or a map.
    pub inline: bool,
}

impl<'a> ModelGraph<'a> {
    /// The graph of `models`, each given with the types it holds.
    pub fn new(models: impl IntoIterator<Item = (&'a str, Vec<&'a Ty>)>) -> ModelGraph<'a> {
        let refs = models
            .into_iter()
            .map(|(name, types)| {
                let refs = types.into_iter().flat_map(|ty| {
                    let inline = ty.inline_model();
                    ty.models().into_iter().map(move |to| Ref { to, inline: inline == Some(to) })
                });
                (name, refs.collect())
            })
            .collect();
        ModelGraph { refs }
    }

    /// The graph of the IR's models.
    pub fn of(models: &'a [Model]) -> ModelGraph<'a> {
        ModelGraph::new(models.iter().map(|m| (m.name.as_str(), m.kind.types())))
    }

    /// Every model reachable from `starts`, the starts included.
    pub fn reachable(&self, starts: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
        self.walk(starts, |_| true, |_| false).0
    }

    /// The inline references that close a cycle of inline references: a model that holds
    /// itself this way would be infinitely sized, unless one reference on the cycle is boxed.
    pub fn inline_cycles(&self) -> BTreeSet<(&'a str, &'a str)> {
        let inline = |r: &Ref<'_>| r.inline;
        self.refs
            .iter()
            .flat_map(|(&from, refs)| refs.iter().filter(|r| r.inline).map(move |r| (from, r.to)))
            .filter(|&(from, to)| self.reaches(to, from, inline))
            .collect()
    }

    /// The models that `within` accepts and that lie on a cycle of such models, through
    /// references of any kind.
    pub fn cyclic_among(&self, within: impl Fn(&str) -> bool) -> BTreeSet<&'a str> {
        let follow = |r: &Ref<'_>| within(r.to);
        self.refs
            .iter()
            .filter(|(from, refs)| within(from) && refs.iter().any(|r| follow(r) && self.reaches(r.to, from, follow)))
            .map(|(&from, _)| from)
            .collect()
    }

    /// Whether `to` is reachable from `from` through the references `follow` accepts; the walk
    /// stops as soon as it is found.
    fn reaches(&self, from: &'a str, to: &str, follow: impl Fn(&Ref<'_>) -> bool) -> bool {
        self.walk([from], follow, |node| node == to).1
    }

    /// Depth-first from `starts` through the references `follow` accepts, until `stop` accepts
    /// a model: the models seen, and whether it stopped.
    fn walk(
        &self,
        starts: impl IntoIterator<Item = &'a str>,
        follow: impl Fn(&Ref<'_>) -> bool,
        mut stop: impl FnMut(&str) -> bool,
    ) -> (BTreeSet<&'a str>, bool) {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = starts.into_iter().collect();
        while let Some(node) = stack.pop() {
            if stop(node) {
                return (seen, true);
            }
            if seen.insert(node) {
                stack.extend(self.refs.get(node).into_iter().flatten().filter(|r| follow(r)).map(|r| r.to));
            }
        }
        (seen, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ModelRef;

    fn named(name: &str) -> Ty {
        Ty::Named(ModelRef { module: "m".into(), name: name.into() })
    }

    #[test]
    fn references_are_inline_unless_boxed_or_in_a_collection() {
        let types = [named("B"), Ty::Option(Box::new(named("C"))), named("D").boxed(), Ty::Vec(Box::new(named("E")))];
        let graph = ModelGraph::new([("A", types.iter().collect())]);
        let inline = |to| Ref { to, inline: true };
        let held = |to| Ref { to, inline: false };
        assert_eq!(graph.refs["A"], [inline("B"), inline("C"), held("D"), held("E")]);
    }

    #[test]
    fn reachability_follows_references_through_cycles() {
        let (a, b, c) = (named("A"), named("B"), named("C"));
        let graph = ModelGraph::new([("A", vec![&b]), ("B", vec![&c, &a]), ("D", vec![&a])]);
        assert_eq!(graph.reachable(["A"]), BTreeSet::from(["A", "B", "C"]));
        assert_eq!(graph.reachable(["D"]), BTreeSet::from(["A", "B", "C", "D"]));
        assert_eq!(graph.reachable(["C"]), BTreeSet::from(["C"]));
    }

    #[test]
    fn only_cycles_of_inline_references_need_a_box() {
        // A holds B inline and B holds A inline: both references close the cycle. C holds itself
        // through a Vec (sized); D holds itself inline through an Option (not sized).
        let (a, b, c, d) = (named("A"), named("B"), named("C"), named("D"));
        let (list_of_c, maybe_d) = (Ty::Vec(Box::new(c)), Ty::Option(Box::new(d)));
        let graph = ModelGraph::new([("A", vec![&b]), ("B", vec![&a]), ("C", vec![&list_of_c]), ("D", vec![&maybe_d])]);
        assert_eq!(graph.inline_cycles(), BTreeSet::from([("A", "B"), ("B", "A"), ("D", "D")]));
    }

    #[test]
    fn cycles_among_some_models_ignore_the_others() {
        let (a, b, s) = (named("A"), named("B"), named("S"));
        let list_of_l = Ty::Vec(Box::new(named("L")));
        // A -> B -> A among aliases; S -> A -> S goes through a struct; the alias L names itself.
        let graph = ModelGraph::new([("A", vec![&b, &s]), ("B", vec![&a]), ("S", vec![&a]), ("L", vec![&list_of_l])]);
        assert_eq!(graph.cyclic_among(|m| m != "S"), BTreeSet::from(["A", "B", "L"]));
        assert_eq!(graph.cyclic_among(|m| m == "S"), BTreeSet::new());
    }
}
