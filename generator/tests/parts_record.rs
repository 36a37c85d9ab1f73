//! A crate spread over member crates keeps each API in its part across regenerations: the parts
//! are recorded in `parts.yaml` beside the crate, and the next generation into the folder reads
//! them back. A change to one API moves no other (a fresh greedy partition would); a new API
//! goes to the part that is smallest so far; an empty record spreads them anew.

use std::collections::BTreeMap;
use std::path::Path;

use generator::layout::{RECORD, read_record};
use generator::{GenerationSettings, Release, SpecSource};

/// A spec whose tags are `apis` (name, operation count): each operation a GET with a query
/// parameter, answering an object of its API's own.
fn spec(apis: &[(&str, usize)]) -> String {
    let mut paths = String::new();
    let mut schemas = String::new();
    for (tag, ops) in apis {
        for n in 0..*ops {
            paths.push_str(&format!(
                "  /{tag}/{n}:\n    get:\n      operationId: Get{tag}{n}\n      tags: [{tag}]\n      parameters:\n        - {{ name: q, in: query, schema: {{ type: string }} }}\n      responses:\n        \"200\":\n          description: OK\n          content: {{ application/json: {{ schema: {{ $ref: \"#/components/schemas/{tag}Thing\" }} }} }}\n"
            ));
        }
        schemas.push_str(&format!(
            "    {tag}Thing:\n      type: object\n      properties:\n        id: {{ type: string }}\n"
        ));
    }
    format!(
        "openapi: 3.0.0\ninfo: {{ title: Parts, version: \"1.0\" }}\nservers: [{{ url: \"https://api.example.com\" }}]\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

/// Generates the crate of `apis` into `out`, keeping the parts recorded there unless `rebalance`;
/// returns the record it wrote and the files that changed.
fn generate(out: &Path, apis: &[(&str, usize)], rebalance: bool) -> (BTreeMap<String, usize>, Vec<String>) {
    let settings = GenerationSettings {
        runtime_module: "datadog".into(),
        version_module: "datadogV1".into(),
        operation_prefix: "v1".into(),
        features: true,
        parts: 3,
        generated_from: Some("the test target".into()),
        part_record: if rebalance { BTreeMap::new() } else { read_record(out).unwrap() },
        ..GenerationSettings::generic("parts-client")
    };
    let source = SpecSource { path: out.with_file_name("spec.yaml"), text: spec(apis), settings };
    let generated = generator::generate_crate(&[source], None).unwrap();
    let written = Release::new(out, &generated.files).write(false).unwrap();
    (read_record(out).unwrap(), written.files.into_iter().map(|c| c.path).collect())
}

const APIS: &[(&str, usize)] = &[("Alpha", 9), ("Beta", 7), ("Gamma", 6), ("Delta", 5), ("Epsilon", 3), ("Zeta", 1)];

#[test]
fn a_change_to_one_api_moves_no_other_between_members() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let (first, _) = generate(&out, APIS, false);
    assert_eq!(first.len(), APIS.len(), "{first:?}");
    assert!(std::fs::read_to_string(out.join(RECORD)).unwrap().contains("@generated"));

    // Zeta grows past every other API: spread anew, the others would move.
    let grown: Vec<(&str, usize)> = APIS.iter().map(|&(t, n)| (t, if t == "Zeta" { 20 } else { n })).collect();
    let fresh = tempfile::tempdir().unwrap();
    let (greedy, _) = generate(&fresh.path().join("client"), &grown, false);
    let moved = |record: &BTreeMap<String, usize>| -> Vec<String> {
        first
            .iter()
            .filter(|(f, p)| f.as_str() != "v1-zeta" && record.get(*f) != Some(p))
            .map(|(f, _)| f.clone())
            .collect()
    };
    assert!(!moved(&greedy).is_empty(), "the test needs a change that a fresh partition answers by moving others");

    let (kept, changed) = generate(&out, &grown, false);
    assert_eq!(kept, first, "every API stays in its part");
    assert!(moved(&kept).is_empty());
    // Only Zeta's part changes, and the API manifest (a crate of one spec has one) that lists it.
    let zeta = format!("crates/part-{}/", first["v1-zeta"]);
    assert!(changed.iter().all(|p| p.starts_with(&zeta) || p == "api-manifest.json"), "{changed:?}");
    assert!(changed.iter().any(|p| p.ends_with("api_zeta.rs")), "{changed:?}");

    // The same spec again changes nothing.
    let (_, changed) = generate(&out, &grown, false);
    assert!(changed.is_empty(), "{changed:?}");

    // Rebalancing, asked for, is the fresh partition.
    let (rebalanced, _) = generate(&out, &grown, true);
    assert_eq!(rebalanced, greedy);
}

#[test]
fn a_new_api_goes_to_the_smallest_part_and_a_removed_one_leaves_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let (first, _) = generate(&out, APIS, false);
    let mut apis: Vec<(&str, usize)> = APIS.iter().copied().filter(|(t, _)| *t != "Beta").collect();
    apis.push(("Eta", 2));
    let (next, _) = generate(&out, &apis, false);
    assert!(!next.contains_key("v1-beta"), "{next:?}");
    for (feature, part) in &first {
        if feature != "v1-beta" {
            assert_eq!(next.get(feature), Some(part), "{feature} moved");
        }
    }
    // Beta's part lost its largest API, so it is the smallest: Eta goes there.
    assert_eq!(next["v1-eta"], first["v1-beta"], "{first:?} -> {next:?}");
}
