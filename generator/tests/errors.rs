//! Bad input gets an error that names the culprit and where it is, and a failed generation
//! leaves the previous output as it was.

use std::path::Path;

fn generate(text: &str) -> Result<generator::Generated, generator::Error> {
    generator::generate_from_str(Path::new("bad.yaml"), text, &generator::GenerationSettings::datadog_v2("bad"), None)
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
        &generator::GenerationSettings::datadog_v2("fixture-client"),
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

#[test]
fn a_path_level_parameter_error_points_at_the_path_item() {
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    parameters:\n      - {{name: c, in: cookie, schema: {{type: string}}}}\n    get:\n      operationId: GetX\n      responses:\n        '200': {{description: ok}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/paths/~1x/parameters/0: cookie parameters are not supported");
}

#[test]
fn an_any_of_member_is_named_as_any_of() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      anyOf:\n        - {{type: string}}\n        - {{$ref: '#/components/schemas/Missing'}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/A/anyOf/1: unresolved reference `#/components/schemas/Missing`");
}

#[test]
fn a_spec_without_operations_is_refused_cleanly() {
    let err = generate(&format!("{HEAD}paths: {{}}\n")).unwrap_err().to_string();
    assert_eq!(err, "#/paths: the spec has no operations: there is no client to generate");
}

#[test]
fn a_form_encoded_body_is_refused_naming_the_operation_not_sent_as_json() {
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    post:\n      operationId: PostX\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {{type: object, properties: {{a: {{type: string}}}}}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(
        err,
        "#/paths/~1x/post/requestBody/content/application~1x-www-form-urlencoded: operation `PostX`: request bodies in `application/x-www-form-urlencoded` are not supported"
    );
}

#[test]
fn a_cycle_of_references_is_an_error_not_a_hang() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert!(err.starts_with("#/components/schemas/A: `$ref: #/components/schemas/B` leads into a cycle"), "{err}");
}

#[test]
fn an_unclosed_path_template_is_reported_at_the_path() {
    let spec = format!(
        "{HEAD}paths:\n  /x/{{id:\n    get:\n      operationId: GetX\n      responses:\n        '200': {{description: ok}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/paths/~1x~1{id: path `/x/{id` has an unclosed `{`");
}
