//! Bad input gets an error that names the culprit and where it is, and a failed generation
//! leaves the previous output as it was.

use std::path::Path;

fn generate(text: &str) -> Result<generator::Generated, generator::Error> {
    generator::generate_from_str(Path::new("bad.yaml"), text, &generator::GenerationSettings::datadog_v2("bad"), None)
}

/// With `--strict`: what would degrade (a schema or operation left out) is an error.
fn generate_strict(text: &str) -> Result<generator::Generated, generator::Error> {
    let mut settings = generator::GenerationSettings::datadog_v2("bad");
    settings.strict = true;
    generator::generate_from_str(Path::new("bad.yaml"), text, &settings, None)
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
    let err = generate_strict(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/A/properties/b: unresolved reference `#/components/schemas/Missing`");
}

/// A field merged from an `allOf` member is reported where the member has it, not under the
/// parent, which has no `properties` of its own.
#[test]
fn unresolved_ref_in_an_all_of_member_names_the_member() {
    let member = "properties:\n            b: {$ref: '#/components/schemas/Missing'}";
    let inline = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    O: {{type: object, properties: {{o: {{type: string}}}}}}\n    A:\n      allOf:\n        - $ref: '#/components/schemas/O'\n        - type: object\n          {member}\n"
    );
    let err = generate_strict(&inline).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/A/allOf/1/properties/b: unresolved reference `#/components/schemas/Missing`");
    // By reference: `A` comes first, so the member's fields are first met merged into `A`.
    let by_ref = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/O'\n        - $ref: '#/components/schemas/M'\n    O: {{type: object, properties: {{o: {{type: string}}}}}}\n    M:\n          type: object\n          {member}\n"
    );
    let err = generate_strict(&by_ref).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/M/properties/b: unresolved reference `#/components/schemas/Missing`");
}

#[test]
fn operation_without_id_is_named_from_method_and_path() {
    let spec = format!(
        "{HEAD}paths:\n  /x/{{id}}/y:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok}}\n"
    );
    let generated = generate(&spec).unwrap();
    let api = generated.files.iter().find(|f| f.path == "src/datadogV2/api_default.rs").unwrap();
    assert!(api.contents.contains("pub async fn get_x_id_y("), "{}", api.contents);
}

#[test]
fn a_duplicate_operation_id_names_both_operations() {
    let op = |path: &str| {
        format!("  {path}:\n    get:\n      operationId: Same\n      responses:\n        '200': {{description: ok}}\n")
    };
    let spec = format!("{HEAD}paths:\n{}{}", op("/a"), op("/b"));
    let err = generate_strict(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/paths/~1b/get: operationId `Same` is also used by #/paths/~1a/get");
    // Without --strict (ShipEngine's spec has one): the second is numbered, and says so.
    let generated = generate(&spec).unwrap();
    assert_eq!(generated.operations, 2);
    assert_eq!(
        generated.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["#/paths/~1b/get: operationId `Same` is also used by #/paths/~1a/get; this one is generated as `Same2`"]
    );
    let api = generated.files.iter().find(|f| f.path == "src/datadogV2/api_default.rs").unwrap();
    assert!(api.contents.contains("pub async fn same(") && api.contents.contains("pub async fn same2("));
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
    generator::output::write(&out, &good.files, false).unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/mine.rs"), "// hand-written").unwrap();
    let before = snapshot(&out);

    assert!(generate("not: [valid").is_err());
    assert_eq!(snapshot(&out), before);

    // A write that fails half-way (here: a file under a path that is a file in staging) must
    // leave the folder as it was, not half replaced.
    let mut broken = good.files.clone();
    broken.push(generator::File { path: "src/lib.rs/inner.rs".into(), contents: "// x".into(), formatted: false });
    assert!(generator::output::write(&out, &broken, false).is_err());
    assert_eq!(snapshot(&out), before);

    // A successful run replaces generated files, deletes stale ones, and keeps the user's.
    std::fs::write(out.join("src/stale.rs"), "// @generated by `cargo xtask codegen` from old.yaml.\n// left over")
        .unwrap();
    let changes = generator::output::write(&out, &good.files, false).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].kind, generator::FileChangeKind::Removed);
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
        "{HEAD}paths:\n  /x:\n    parameters:\n      - {{$ref: '#/components/parameters/Missing'}}\n    get:\n      operationId: GetX\n      responses:\n        '200': {{description: ok}}\n"
    );
    let err = generate(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/paths/~1x/parameters/0: unresolved reference `#/components/parameters/Missing`");
}

#[test]
fn an_any_of_member_is_named_as_any_of() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      anyOf:\n        - {{type: string}}\n        - {{$ref: '#/components/schemas/Missing'}}\n"
    );
    let err = generate_strict(&spec).unwrap_err().to_string();
    assert_eq!(err, "#/components/schemas/A/anyOf/1: unresolved reference `#/components/schemas/Missing`");
}

#[test]
fn a_spec_without_operations_is_refused_cleanly() {
    let err = generate(&format!("{HEAD}paths: {{}}\n")).unwrap_err().to_string();
    assert_eq!(err, "#/paths: the spec has no operations: there is no client to generate");
}

#[test]
fn a_form_encoded_body_and_cookies_are_sent_as_such_not_as_json() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/bodies.yaml");
    let generated = generator::generate(&path, &generator::GenerationSettings::generic("bodies"), None).unwrap();
    let api = &generated.files.iter().find(|f| f.path == "src/api/api_default.rs").unwrap().contents;
    assert!(api.contains("request.form(&body);") && !api.contains("request.json(&body)"), "{api}");
    assert!(api.contains("request.cookie(\"session\", value.to_string());"), "{api}");
}

#[test]
fn a_cycle_of_references_is_an_error_not_a_hang() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let err = generate_strict(&spec).unwrap_err().to_string();
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

#[test]
fn a_duplicate_key_is_named_with_its_place_not_a_panic() {
    let spec =
        format!("{HEAD}paths:\n  /x:\n    get:\n      operationId: A\n      operationId: B\n      responses: {{}}\n");
    let err = generate(&spec).unwrap_err().to_string();
    assert!(err.contains("duplicate key `operationId` in the mapping at `paths./x.get`"), "{err}");
    assert!(err.contains("line 6"), "{err}");
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let start = std::time::Instant::now();
    let err = generate(&format!("{HEAD}x: {}\n", "[".repeat(100_000))).unwrap_err().to_string();
    assert!(err.contains("nested more than"), "{err}");
    let mut schema = "{type: string, enum: 3}".to_string();
    for _ in 0..24 {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    let err =
        generate(&format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n")).unwrap_err().to_string();
    assert!(err.contains("schemas nested more than 16 deep"), "{err}");
    // Both used to take from seconds to minutes; a generous bound that still catches a regression.
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
}

#[test]
fn unsupported_openapi_versions_are_named() {
    let err = generate("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err().to_string();
    assert!(err.contains("`openapi: 3.1.0` is not supported: this generator reads OpenAPI 3.0.x"), "{err}");
    let err = generate("openapi: 2.9.9\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err().to_string();
    assert!(err.contains("`openapi: 2.9.9` is not supported"), "{err}");
    let err = generate("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err().to_string();
    assert!(err.contains("OpenAPI 2"), "{err}");
}

#[test]
fn json_specs_with_surrogate_pairs_are_read() {
    let spec = r#"{"openapi": "3.0.0", "info": {"title": "t \ud83d\ude00", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "GetX", "responses": {"204": {"description": "ok"}}}}}}"#;
    let generated = generate(spec).unwrap();
    let lib = generated.files.iter().find(|f| f.path == "src/lib.rs").unwrap();
    assert!(lib.contents.contains("t \u{1f600}"), "{}", lib.contents);
}

#[test]
fn a_reference_cycle_through_an_object_is_resolved_not_a_stack_overflow() {
    // A holds B, B is A: a struct that holds itself through an alias, boxed, not recursed into.
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: GetX\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let generated = generate(&spec).unwrap();
    assert!(generated.files.iter().any(|f| f.path.ends_with("model_a.rs")));
}

/// One operation the generator cannot use (an unresolved reference, an impossible path, a body
/// without content) is left out with a warning naming it and why; the rest of the spec
/// generates. `strict` refuses the spec instead.
#[test]
fn an_unusable_operation_is_left_out_with_a_warning_unless_strict() {
    let spec = format!(
        "{HEAD}paths:
  /good:
    get:
      operationId: Good
      responses: {{'204': {{description: ok}}}}
  /missing:
    get:
      operationId: Missing
      parameters: [{{$ref: '#/components/parameters/Nowhere'}}]
      responses: {{'204': {{description: ok}}}}
  /uploads?convert={{convert}}:
    get:
      operationId: QueryInPath
      responses: {{'204': {{description: ok}}}}
  /empty:
    post:
      operationId: EmptyBody
      requestBody: {{content: {{}}}}
      responses: {{'204': {{description: ok}}}}
"
    );
    let generated = generate(&spec).unwrap();
    assert_eq!(generated.operations, 1);
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("#/paths/~1missing/get: operation `Missing` is left out: "), "{warnings:#?}");
    assert!(warnings[0].contains("unresolved reference `#/components/parameters/Nowhere`"), "{warnings:#?}");
    assert!(warnings[1].contains("operation `QueryInPath` is left out"), "{warnings:#?}");
    assert!(warnings[2].contains("operation `EmptyBody` is left out"), "{warnings:#?}");

    let mut strict = generator::GenerationSettings::generic("strict");
    strict.strict = true;
    let err = generator::generate_from_str(Path::new("spec.yaml"), &spec, &strict, None).unwrap_err().to_string();
    assert!(err.contains("unresolved reference `#/components/parameters/Nowhere`"), "{err}");
}

/// Without `--strict`, a schema that refers to one the spec does not define is left out with a
/// warning, so is each schema and operation that needs it, and the rest of the spec generates;
/// a schema that cannot be modelled otherwise (a cycle of references) is any JSON value.
#[test]
fn an_unusable_schema_is_left_out_with_what_needs_it() {
    let spec = format!(
        "{HEAD}paths:
  /good:
    get:
      operationId: Good
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Good'}}}}}}}}}}
  /bad:
    get:
      operationId: Bad
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/UsesBroken'}}}}}}}}}}
components:
  schemas:
    Good: {{type: object, properties: {{a: {{type: string}}}}}}
    UsesBroken: {{type: object, properties: {{b: {{$ref: '#/components/schemas/Broken'}}}}}}
    Broken: {{type: object, properties: {{c: {{$ref: '#/components/schemas/Missing'}}}}}}
    Loop: {{$ref: '#/components/schemas/Loop2'}}
    Loop2: {{$ref: '#/components/schemas/Loop'}}
"
    );
    let generated = generate(&spec).unwrap();
    assert_eq!(generated.operations, 1);
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings[..2],
        [
            "#/components/schemas/Broken/properties/c: schema `Broken` is left out: `#/components/schemas/Missing` names no schema of the spec",
            "#/components/schemas/UsesBroken/properties/b: schema `UsesBroken` is left out: it refers to `Broken`, which is left out",
        ],
        "{warnings:#?}"
    );
    assert!(
        warnings[2].starts_with("#/components/schemas/Loop: schema `Loop` is kept as any JSON value: "),
        "{warnings:#?}"
    );
    assert!(warnings.iter().any(|w| w.contains("operation `Bad` is left out")), "{warnings:#?}");
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/datadogV2/model/model_good.rs"), "{paths:#?}");
    assert!(!paths.iter().any(|p| p.contains("broken")), "{paths:#?}");
    assert!(
        generate_strict(&spec).unwrap_err().to_string().contains("unresolved reference `#/components/schemas/Missing`")
    );
}

/// Without `--strict`, a node that does not fit OpenAPI 3.0 (as real specs are published: a
/// tag's description written as a map, a schema written as a list, a response with a number
/// for its description, `responses` that is not a map) is left out with a warning that names
/// it, and so is what needs it; a `content` given as a `$ref` to 3.2's `components/mediaTypes`
/// is read as what it names. Strict, the first such node refuses the spec, with its line.
#[test]
fn a_node_that_does_not_fit_openapi_3_0_is_left_out_unless_strict() {
    let spec = format!(
        "{HEAD}tags:
  - name: Things
    description: {{en: A map where a string goes}}
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        '200':
          description: ok
          content: {{$ref: '#/components/mediaTypes/things'}}
  /broken:
    get:
      operationId: Broken
      responses: 12
  /listed:
    get:
      operationId: Listed
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Listed'}}}}}}}}
        '404': {{description: 12}}
components:
  mediaTypes:
    things: {{application/json: {{schema: {{type: array, items: {{type: string}}}}}}}}
  schemas:
    Listed: [a, b]
"
    );
    let generated = generator::generate_from_str(
        Path::new("spec.yaml"),
        &spec,
        &generator::GenerationSettings::generic("flawed"),
        None,
    )
    .unwrap();
    assert_eq!(generated.operations, 1);
    let api = generated.files.iter().find(|f| f.path.ends_with("api_default.rs")).unwrap();
    assert!(api.contents.contains("Result<Vec<String>, "), "the media types of `things` are read");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/paths/~1things/get/responses/200/content: `content` given as `$ref: #/components/mediaTypes/things`",
        "#/components/schemas/Listed: left out: it does not fit OpenAPI 3.0 (invalid type: sequence, expected struct Schema)",
        "#/paths/~1broken/get/responses: left out: it does not fit OpenAPI 3.0 (invalid type: integer `12`, expected struct Responses)",
        "#/paths/~1broken/get: left out: it does not fit OpenAPI 3.0 (missing field `responses`)",
        "#/paths/~1listed/get/responses/404/description: left out: it does not fit OpenAPI 3.0 (invalid type: integer `12`",
        "#/paths/~1listed/get/responses/404: left out: it does not fit OpenAPI 3.0 (missing field `description`)",
        "#/tags/0/description: left out: it does not fit OpenAPI 3.0 (invalid type: map, expected a string)",
        "#/paths/~1listed/get: operation `Listed` is left out: #/paths/~1listed/get/responses/200/content/application~1json/schema: unresolved reference `#/components/schemas/Listed`",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(expected) {
        assert!(warning.starts_with(expected), "{warning}\nshould start with\n{expected}");
    }

    let mut strict = generator::GenerationSettings::generic("flawed");
    strict.strict = true;
    let err = generator::generate_from_str(Path::new("spec.yaml"), &spec, &strict, None).unwrap_err().to_string();
    assert!(
        err.contains("not a valid OpenAPI 3.0 document")
            && err.contains("tags[0].description")
            && err.contains("at line 5"),
        "{err}"
    );
}
