//! The generator's modules depend on one another without a cycle: data flows one way
//! (ARCHITECTURE.md), and a stage that reached back into an earlier one, or into the crate root
//! that runs the stages, would let it. An edge is every `crate::` path in a module's code
//! (outside its `#[cfg(test)] mod tests`), to the top-level module it names; a name the root
//! re-exports (`pub use front::load_and_resolve`) counts as its module's, and the root depends
//! on every module its own code names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ROOT: &str = "(crate root)";

#[test]
fn no_module_depends_on_itself_through_others() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.contains_key("resolve") && graph.contains_key(ROOT), "{graph:?}");
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, start, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}\nedges: {graph:#?}", cycle.join(" -> "));
        }
    }
}

#[test]
fn paths_are_read_as_edges() {
    let code = "use crate::{a, b::{C, D}};\nfn f() { crate::c::g(); crate::h(); }\n// crate::x\n";
    let names: BTreeSet<String> = crate_paths(&code_of(code)).into_iter().collect();
    assert_eq!(names, ["a", "b", "c", "h"].map(String::from).into());
}

/// Module -> the modules it names (`(crate root)` for a root item that is not a re-export).
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules = BTreeSet::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "lib" {
            modules.insert(name.clone());
        }
        if path.is_dir() {
            collect_rs(&path, &name, &mut files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push((if name == "lib" { ROOT.to_string() } else { name }, path));
        }
    }
    let lib = code_of(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let reexports = reexports(&lib);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in files {
        let code = code_of(&std::fs::read_to_string(&path).unwrap());
        let mut targets: BTreeSet<String> = if module == ROOT {
            // The root's code names modules without `crate::` (`load::read`).
            let body: String = code.lines().filter(|l| !l.trim_start().starts_with("pub use ")).collect();
            modules.iter().filter(|m| names_module(&body, m)).cloned().collect::<BTreeSet<_>>()
        } else {
            crate_paths(&code)
                .into_iter()
                .map(|name| match reexports.get(&name) {
                    _ if modules.contains(&name) => name,
                    Some(module) => module.clone(),
                    None => ROOT.to_string(),
                })
                .collect()
        };
        if module == ROOT {
            targets.extend(reexports.values().cloned());
        }
        targets.remove(&module);
        graph.entry(module).or_default().extend(targets);
    }
    graph
}

fn collect_rs(dir: &Path, module: &str, files: &mut Vec<(String, std::path::PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, module, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push((module.to_string(), path));
        }
    }
}

/// The code of a file: without line comments, and without its unit tests (which may reach
/// anywhere in the crate).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    text.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n")
}

/// Whether `code` names `module` as a path's first segment (`module::`).
fn names_module(code: &str, module: &str) -> bool {
    code.match_indices(&format!("{module}::"))
        .any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'))
}

/// The names the root re-exports, with their modules (`pub use front::{Timings, load_and_resolve}`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
        let (module, rest) = line.split_once("::").unwrap();
        for name in rest.trim_end_matches(';').trim_matches(|c| c == '{' || c == '}').split(',') {
            out.insert(name.trim().to_string(), module.to_string());
        }
    }
    out
}

/// The first segment of every `crate::` path in `code`, braces included (`crate::{a, b::C}`).
fn crate_paths(code: &str) -> Vec<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        names.push(ident(group[start..i].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(ident(group[start..i].trim()));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            names.push(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// A cycle through `at`, by depth-first search (`path` is the way there).
fn cycle_from<'g>(
    graph: &'g BTreeMap<String, BTreeSet<String>>,
    at: &'g str,
    path: &mut Vec<&'g str>,
    done: &mut BTreeSet<&'g str>,
) -> Option<Vec<&'g str>> {
    if let Some(i) = path.iter().position(|m| *m == at) {
        let mut cycle = path[i..].to_vec();
        cycle.push(at);
        return Some(cycle);
    }
    if done.contains(at) {
        return None;
    }
    path.push(at);
    for next in graph.get(at).into_iter().flatten() {
        if let Some(cycle) = cycle_from(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(at);
    None
}
