//! Sample values for the smoke program (`cargo xtask smoke`): the spec's example wins, else the
//! smallest value the schema allows, which must also satisfy it.

use std::path::Path;

use serde_json::{Value, json};

const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Samples, version: "1" }
paths:
  /things/{thing_id}:
    post:
      operationId: MakeThing
      tags: [Things]
      parameters:
        - { name: thing_id, in: path, required: true, schema: { type: string, format: uuid } }
        - { name: count, in: query, required: true, schema: { type: integer, minimum: 5, maximum: 9 } }
        - { name: below, in: query, required: true, schema: { type: number, maximum: -2, exclusiveMaximum: true } }
        - { name: kind, in: query, required: true, example: blue, schema: { type: string, enum: [red, blue] } }
        - { name: first_kind, in: query, required: true, schema: { type: string, enum: [red, blue] } }
        - { name: when, in: header, required: true, schema: { type: string, format: date-time } }
        - { name: with_example, in: query, schema: { type: string, example: given } }
        - { name: without_example, in: query, schema: { type: string } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Thing" }
      responses:
        "204": { description: done }
  /notes:
    post:
      operationId: PostNote
      tags: [Things]
      requestBody:
        content:
          text/plain:
            schema: { type: string }
            example: a note
      responses:
        "204": { description: done }
  /blobs:
    post:
      operationId: PostBlob
      tags: [Things]
      requestBody:
        content:
          application/octet-stream:
            schema: { type: string, format: binary }
      responses:
        "204": { description: done }
  /upload:
    post:
      operationId: Upload
      tags: [Things]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: { type: string, format: binary }
                note: { type: string }
            example: { file: "@/path/to/file.xml", note: hi }
      responses:
        "204": { description: done }
  /given:
    post:
      operationId: PostGiven
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Thing" }
            example: { name: from the media type }
      responses:
        "204": { description: done }
components:
  schemas:
    Thing:
      type: object
      required: [name, tags, code, shape, node, both, any]
      properties:
        name: { type: string, minLength: 8, example: widget }
        code: { type: string, minLength: 8, maxLength: 9 }
        tags: { type: array, minItems: 2, items: { type: string, enum: [a, b] } }
        unique: { type: array, uniqueItems: true, minItems: 3, items: { type: integer } }
        optional_field: { type: string }
        shape: { oneOf: [{ $ref: "#/components/schemas/Square" }, { $ref: "#/components/schemas/Circle" }] }
        node: { $ref: "#/components/schemas/Node" }
        any: { $ref: "#/components/schemas/AnyValue" }
        both: { allOf: [{ $ref: "#/components/schemas/Square" }, { type: object, required: [label], properties: { label: { type: string, default: lbl } } }] }
    Square:
      type: object
      required: [side]
      properties: { side: { type: integer } }
    Circle:
      type: object
      required: [radius]
      properties: { radius: { type: integer } }
    AnyValue:
      description: as Datadog's v2 spec has it, a type and members of other types
      type: object
      nullable: true
      oneOf: [{ type: string }, { type: number }, { type: object, required: [k], properties: { k: { type: boolean } } }]
    Node:
      description: required all the way down, so only the depth limit ends it
      type: object
      required: [next]
      properties: { next: { $ref: "#/components/schemas/Node" } }
"##;

fn api() -> generator::ir::Api {
    let settings = generator::GenerationSettings::generic("samples");
    generator::load_and_resolve(Path::new("samples.yaml"), SPEC, &settings).unwrap().0
}

fn operation<'a>(api: &'a generator::ir::Api, name: &str) -> &'a generator::ir::Operation {
    api.operations().find(|o| o.name == name).unwrap_or_else(|| panic!("no operation {name}"))
}

#[test]
fn parameters_take_their_example_or_the_least_their_schema_allows() {
    let api = api();
    let op = operation(&api, "make_thing");
    let sample = |name: &str| op.args.iter().chain(&op.optional).find(|p| p.wire_name == name).unwrap().sample.clone();
    assert_eq!(sample("thing_id"), Some(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")));
    assert_eq!(sample("count"), Some(json!(5)), "the minimum");
    assert_eq!(sample("below"), Some(json!(-3)), "under an exclusive maximum");
    assert_eq!(sample("kind"), Some(json!("blue")), "the parameter's example");
    assert_eq!(sample("first_kind"), Some(json!("red")), "the first enum value");
    assert_eq!(sample("when"), Some(json!("2024-01-01T00:00:00Z")));
    assert_eq!(sample("with_example"), Some(json!("given")), "an optional parameter with an example is set");
    assert_eq!(sample("without_example"), None, "an optional parameter without one is left out");
}

#[test]
fn bodies_are_built_from_required_properties_and_their_examples() {
    let api = api();
    let body = operation(&api, "make_thing").body.as_ref().unwrap().sample.clone();
    let Value::Object(fields) = &body else { panic!("not an object: {body}") };
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        ["any", "both", "code", "name", "node", "shape", "tags"],
        "required only"
    );
    assert_eq!(body["name"], json!("widget"), "the property's example wins over its minLength");
    assert_eq!(body["code"], json!("stringxx"), "padded to minLength, within maxLength");
    assert_eq!(body["tags"], json!(["a", "a"]), "minItems copies of the first enum value");
    assert_eq!(body["shape"], json!({ "side": 1 }), "the first oneOf member");
    assert_eq!(body["both"], json!({ "side": 1, "label": "lbl" }), "allOf members merged, defaults used");
    assert_eq!(body["any"], json!({ "k": false }), "the member whose type the schema declares");
    // A schema required all the way down ends at the depth limit rather than recursing forever.
    let mut depth = 0;
    let mut node = &body["node"];
    while let Some(next) = node.get("next") {
        node = next;
        depth += 1;
    }
    assert!((5..=20).contains(&depth), "depth {depth}");
    assert_eq!(*node, Value::Null);
}

#[test]
fn text_and_binary_bodies_and_media_type_examples() {
    let api = api();
    let body = |name: &str| operation(&api, name).body.as_ref().unwrap().sample.clone();
    assert_eq!(body("post_note"), json!("a note"));
    assert_eq!(body("post_blob"), json!([]), "bytes, as JSON writes a Vec<u8>");
    assert_eq!(body("post_given"), json!({ "name": "from the media type" }));
    // Found by the Prism smoke run (v1 UploadIdPForOrg): a file part's example is the file's
    // name as text; the field is `Vec<u8>`, which JSON writes as an array of bytes.
    let upload = body("upload");
    assert_eq!(upload["file"], json!(b"@/path/to/file.xml".to_vec()));
    assert_eq!(upload["note"], json!("hi"), "text parts stay text");
}

#[test]
fn the_smoke_program_calls_every_operation_with_its_samples() {
    let settings = generator::GenerationSettings::generic("samples");
    let source =
        generator::SpecSource { path: "samples.yaml".into(), text: SPEC.to_string(), settings: settings.clone() };
    let (files, operations) = generator::smoke_program(&[source], "../samples").unwrap();
    assert_eq!(operations, 5);
    let manifest = &files.iter().find(|f| f.path == "Cargo.toml").unwrap().contents;
    assert!(manifest.contains(r#"samples = { path = "../samples" }"#), "{manifest}");
    let main = &files.iter().find(|f| f.path == "src/main.rs").unwrap().contents;
    for call in ["make_thing_with_http_info(", "post_note_with_http_info(", "post_blob_with_http_info("] {
        assert!(main.contains(call), "{call} missing from:\n{main}");
    }
    assert!(main.contains(r#".with_example(sample!("with_example", "\"given\""))"#), "{main}");
    assert!(!main.contains("without_example("), "an optional parameter without a sample is not set");
    syn::parse_file(main).expect("the program parses as Rust");
}
