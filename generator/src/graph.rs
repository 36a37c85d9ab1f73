//! Reachability over graphs of names (a model -> the models it names), shared by cycle
//! detection, per-API features and change reports.

use std::collections::{BTreeMap, BTreeSet};

/// Each node and the nodes it points to.
pub type Edges<'a> = BTreeMap<&'a str, Vec<&'a str>>;

/// Every node reachable from `starts`, the starts included.
pub fn reachable<'a>(edges: &Edges<'a>, starts: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    walk(edges, starts, |_| false).0
}

/// Whether `to` is reachable from `from`; the walk stops as soon as it is found.
pub fn reaches(edges: &Edges<'_>, from: &str, to: &str) -> bool {
    walk(edges, [from], |node| node == to).1
}

/// Depth-first from `starts` until `stop` accepts a node: the nodes seen, and whether it stopped.
fn walk<'a>(
    edges: &Edges<'a>,
    starts: impl IntoIterator<Item = &'a str>,
    mut stop: impl FnMut(&str) -> bool,
) -> (BTreeSet<&'a str>, bool) {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = starts.into_iter().collect();
    while let Some(node) = stack.pop() {
        if stop(node) {
            return (seen, true);
        }
        if seen.insert(node) {
            stack.extend(edges.get(node).into_iter().flatten().copied());
        }
    }
    (seen, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachability_follows_edges_through_cycles() {
        let edges: Edges = [("a", vec!["b"]), ("b", vec!["c", "a"]), ("d", vec!["a"])].into_iter().collect();
        assert_eq!(reachable(&edges, ["a"]), BTreeSet::from(["a", "b", "c"]));
        assert!(reaches(&edges, "b", "a") && reaches(&edges, "d", "c"));
        assert!(!reaches(&edges, "a", "d"));
    }
}
