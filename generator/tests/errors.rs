//! Bad input gets an error that names the culprit and where it is, and a failed generation
//! leaves the previous output as it was.

use std::path::Path;

fn generate(text: &str) -> Result<generator::Generated, generator::Error> {
    generator::generate_from_str(Path::new("bad.yaml"), text, "bad.yaml", "bad", None)
}

const HEAD: &str = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let err = generate("openapi: 3.0.0\ninfo: [unclosed\n").unwrap_err().to_string();
    assert!(err.starts_with("bad.yaml: "), "{err}");
    assert!(err.contains("line"), "{err}");
}

#[test]
fn wrong_shape_names_the_node() {
    let err = generate(&format!("{HEAD}paths:\n  /x:\n    get:\n      responses: 12\n")).unwrap_err().to_string();
    assert!(err.contains("at `paths`"), "{err}");
    assert!(err.contains("expected struct Responses at line 4"), "{err}");
}

#[test]
fn unresolved_ref_names_where_it_was_found() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/A/properties/b: unresolved reference `#/components/schemas/Missing`");
}

#[test]
fn operation_without_id_is_reported() {
    let spec = format!("{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200': {{description: ok}}\n");
    let err = generate(&spec).unwrap_err().to_string();
    assert!(err.starts_with("#/paths/~1x/get: operation has no operationId"), "{err}");
}

#[test]
fn failed_generation_leaves_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let good = generator::generate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.yaml"),
        "fixture-client",
        None,
    )
    .unwrap();
    generator::output::write(&out, &good.files).unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/mine.rs"), "// hand-written").unwrap();
    let before = snapshot(&out);

    assert!(generate("not: [valid").is_err());
    assert_eq!(snapshot(&out), before);

    // A successful run replaces generated files, deletes stale ones, and keeps the user's.
    std::fs::write(out.join("src/stale.rs"), "// left over").unwrap();
    let changes = generator::output::write(&out, &good.files).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].kind, generator::ChangeKind::Removed);
    assert!(!out.join("src/stale.rs").exists());
    assert_eq!(std::fs::read_to_string(out.join("tests/mine.rs")).unwrap(), "// hand-written");
    assert_eq!(snapshot(&out), before);
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}
