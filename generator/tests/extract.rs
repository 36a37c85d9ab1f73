//! Cutting one tag's fragment out of a spec, and applying an overlay to it.

use generator::Error;
use generator::extract::{apply_overlay, extract_tag, render_yaml};
use serde_yaml::Value;

/// Two tags sharing a path and a schema; `Widget` refers to itself and, through `Owner`, back to itself.
const SPEC: &str = r##"
openapi: 3.0.0
info:
  title: Test API
  version: "1.0"
servers:
  - url: https://api.example.com
security:
  - apiKeyAuth: []
tags:
  - name: Widgets
    description: Widget things.
  - name: Gadgets
    description: Gadget things.
paths:
  /api/v2/widgets:
    summary: The widget collection.
    parameters:
      - $ref: "#/components/parameters/PageSize"
    get:
      operationId: ListWidgets
      tags: [Widgets]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/WidgetList"
        "403":
          $ref: "#/components/responses/Forbidden"
      security:
        - apiKeyAuth: []
        - oauth: [widgets_read]
    post:
      operationId: CreateGadgetFromWidgets
      tags: [Gadgets]
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Gadget"
      responses:
        "201":
          description: Created
  /api/v2/widgets/{id}:
    delete:
      operationId: DeleteWidget
      tags: [Widgets]
      parameters:
        - $ref: "#/components/parameters/WidgetId"
      responses:
        "204":
          description: Deleted
        "404":
          $ref: "#/components/responses/NotFound"
  /api/v2/gadgets:
    get:
      operationId: ListGadgets
      tags: [Gadgets]
      parameters:
        - $ref: "#/components/parameters/GadgetFilter"
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Gadget"
      security:
        - basicAuth: []
        - oauth: [gadgets_read]
components:
  schemas:
    WidgetList:
      type: object
      properties:
        data:
          type: array
          items:
            $ref: "#/components/schemas/Widget"
    Widget:
      type: object
      properties:
        id:
          type: string
        parent:
          $ref: "#/components/schemas/Widget"
        owner:
          $ref: "#/components/schemas/Owner"
        kind:
          $ref: "#/components/schemas/WidgetKind"
    WidgetKind:
      type: string
      enum: [round, square]
    Owner:
      type: object
      properties:
        name:
          type: string
        widgets:
          type: array
          items:
            $ref: "#/components/schemas/Widget"
    Gadget:
      type: object
      properties:
        owner:
          $ref: "#/components/schemas/Owner"
    WidgetId:
      type: string
      format: uuid
    APIError:
      type: object
      properties:
        errors:
          type: array
          items:
            type: string
    Unused:
      type: string
  parameters:
    PageSize:
      name: page_size
      in: query
      schema:
        type: integer
    WidgetId:
      name: id
      in: path
      required: true
      schema:
        $ref: "#/components/schemas/WidgetId"
    GadgetFilter:
      name: filter
      in: query
      schema:
        type: string
  responses:
    Forbidden:
      description: Forbidden
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/APIError"
    NotFound:
      description: Not found
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/APIError"
    Conflict:
      description: Conflict
  securitySchemes:
    apiKeyAuth:
      type: apiKey
      in: header
      name: DD-API-KEY
    basicAuth:
      type: http
      scheme: basic
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: /oauth2/authorize
          tokenUrl: /oauth2/token
          scopes:
            widgets_read: Read widgets.
            widgets_write: Write widgets.
            gadgets_read: Read gadgets.
"##;

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test YAML parses")
}

fn widgets() -> Value {
    extract_tag(&yaml(SPEC), "Widgets").expect("Widgets extracts")
}

fn keys(value: &Value) -> Vec<String> {
    value.as_mapping().map(|m| m.keys().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

fn get<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(value, |node, key| &node[*key])
}

#[test]
fn keeps_only_the_tags_paths_and_operations() {
    let doc = widgets();
    assert_eq!(keys(&doc), ["openapi", "info", "servers", "security", "tags", "paths", "components"]);
    assert_eq!(keys(&doc["paths"]), ["/api/v2/widgets", "/api/v2/widgets/{id}"]);
    assert_eq!(keys(&doc["paths"]["/api/v2/widgets"]), ["summary", "parameters", "get"]);
    assert_eq!(keys(&doc["paths"]["/api/v2/widgets/{id}"]), ["delete"]);
    let tags = doc["tags"].as_sequence().expect("tags is a list");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0]["name"], "Widgets");
}

#[test]
fn closure_follows_refs_across_sections_through_cycles() {
    let doc = widgets();
    let components = &doc["components"];
    assert_eq!(keys(components), ["schemas", "responses", "parameters", "securitySchemes"]);
    // `WidgetId` only through a parameter, `APIError` only through responses, `Owner` only
    // through the `Widget` <-> `Owner` cycle; names come out sorted.
    assert_eq!(keys(&components["schemas"]), ["APIError", "Owner", "Widget", "WidgetId", "WidgetKind", "WidgetList"]);
    assert_eq!(keys(&components["parameters"]), ["PageSize", "WidgetId"]);
    assert_eq!(keys(&components["responses"]), ["Forbidden", "NotFound"]);
}

#[test]
fn unused_components_are_dropped() {
    let doc = widgets();
    let components = &doc["components"];
    for (section, name) in
        [("schemas", "Unused"), ("schemas", "Gadget"), ("parameters", "GadgetFilter"), ("responses", "Conflict")]
    {
        assert!(components[section].get(name).is_none(), "{section}/{name} should be dropped");
    }
}

#[test]
fn security_schemes_and_oauth_scopes_are_pruned() {
    let doc = widgets();
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(keys(schemes), ["apiKeyAuth", "oauth"]);
    let scopes = get(schemes, &["oauth", "flows", "authorizationCode", "scopes"]);
    assert_eq!(keys(scopes), ["widgets_read"]);
    assert_eq!(get(schemes, &["oauth", "flows", "authorizationCode", "tokenUrl"]), "/oauth2/token");
}

#[test]
fn output_is_deterministic() {
    let render = || render_yaml(&widgets(), &["Header one.", "", "Header three."]).expect("renders");
    let text = render();
    assert_eq!(text, render());
    assert!(text.starts_with("# Header one.\n#\n# Header three.\nopenapi: 3.0.0\n"), "{text}");
    assert_eq!(yaml(&text), widgets(), "the rendered YAML reads back to the same document");
}

#[test]
fn overlay_replaces_lists_deletes_with_null_and_adds_deep_keys() {
    let mut doc = widgets();
    let overlay = yaml(
        r#"
components:
  schemas:
    WidgetKind:
      enum: [round, square, hexagonal]
    Widget:
      properties:
        parent: null
paths:
  /api/v2/widgets:
    get:
      x-pagination:
        limitParam: page_size
        unused: null
"#,
    );
    apply_overlay(&mut doc, &overlay).expect("overlay applies");

    let kind = &doc["components"]["schemas"]["WidgetKind"];
    assert_eq!(kind["enum"], yaml("[round, square, hexagonal]"));
    assert_eq!(kind["type"], "string", "untouched keys stay");
    // Deleting keeps the order of the other keys.
    assert_eq!(keys(&doc["components"]["schemas"]["Widget"]["properties"]), ["id", "owner", "kind"]);
    let get_operation = &doc["paths"]["/api/v2/widgets"]["get"];
    assert_eq!(get_operation["x-pagination"], yaml("limitParam: page_size"), "nulls in new keys vanish");
    assert_eq!(get_operation["operationId"], "ListWidgets");
}

#[test]
fn overlay_must_be_a_mapping() {
    let mut doc = widgets();
    assert!(apply_overlay(&mut doc, &yaml("[1, 2]")).is_err());
    assert_eq!(doc, widgets());
}

#[test]
fn unknown_tag_is_an_error_naming_it() {
    let message = extract_tag(&yaml(SPEC), "Widgetz").expect_err("no such tag").to_string();
    assert!(message.contains("`Widgetz`"), "{message}");
    assert!(message.contains("2 tags"), "{message}");
    assert!(message.contains("`Widgets`"), "closest name suggested: {message}");
}

#[test]
fn missing_ref_is_an_error_with_its_pointer() {
    let spec = SPEC.replace("#/components/responses/Forbidden", "#/components/responses/Missing");
    match extract_tag(&yaml(&spec), "Widgets") {
        Err(Error::UnresolvedRef { location, reference }) => {
            assert_eq!(location, "#/paths/~1api~1v2~1widgets/get/responses/403");
            assert_eq!(reference, "#/components/responses/Missing");
        }
        other => panic!("expected an unresolved ref, got {other:?}"),
    }
}

#[test]
fn missing_ref_inside_a_component_names_the_component() {
    let spec = SPEC.replace("#/components/schemas/WidgetKind", "#/components/schemas/Kind");
    let error = extract_tag(&yaml(&spec), "Widgets").expect_err("dangling ref");
    assert_eq!(
        error.to_string(),
        "#/components/schemas/Widget/properties/kind: unresolved reference `#/components/schemas/Kind`"
    );
}

#[test]
fn org_connections_from_the_vendor_spec() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/datadog/datadog-v2-openapi.yaml");
    let text = std::fs::read_to_string(path).expect("the vendor's v2 spec is committed");
    let doc = extract_tag(&yaml(&text), "Org Connections").expect("Org Connections extracts");
    assert_eq!(keys(&doc["paths"]), ["/api/v2/org_connections", "/api/v2/org_connections/{connection_id}"]);
    let components = &doc["components"];
    let count = |section: &str| components[section].as_mapping().map_or(0, |m| m.len());
    assert_eq!(count("schemas"), 23);
    assert_eq!(count("responses"), 6);
    assert_eq!(count("parameters"), 1);
    let schemes = &components["securitySchemes"];
    assert_eq!(keys(schemes), ["AuthZ", "apiKeyAuth", "appKeyAuth"]);
    let flows = schemes["AuthZ"]["flows"].as_mapping().expect("AuthZ has flows");
    for flow in flows.values() {
        assert_eq!(keys(&flow["scopes"]), ["org_connections_read", "org_connections_write"]);
    }
}

#[test]
fn an_overlay_patching_a_path_the_fragment_lacks_is_refused() {
    let mut fragment = generator::extract::extract_tag(&widgets(), "Widgets").unwrap();
    let overlay = yaml("paths:\n  /api/v2/org_connections:\n    get:\n      x-pagination: {limitParam: limit}\n");
    let err = generator::extract::apply_overlay(&mut fragment, &overlay).unwrap_err().to_string();
    assert!(
        err.starts_with("#/paths/~1api~1v2~1org_connections: the overlay patches a path the fragment does not have"),
        "{err}"
    );
    assert!(fragment.get("paths").unwrap().get("/api/v2/org_connections").is_none());
}

#[test]
fn several_tags_are_merged_into_one_fragment() {
    let full: Value = serde_yaml::from_str(SPEC).unwrap();
    let both = generator::extract::extract_tags(&full, &["Widgets".into(), "Gadgets".into()]).unwrap();
    let one = extract_tag(&full, "Widgets").unwrap();
    let count = |doc: &Value| doc["paths"].as_mapping().unwrap().len();
    assert!(count(&both) >= count(&one));
    assert_eq!(both["tags"].as_sequence().unwrap().len(), 2);
    assert!(generator::extract::extract_tags(&full, &[]).is_err());
}

#[test]
fn overlay_corrections_upstream_made_redundant_or_pointless_are_reported() {
    use generator::extract::{OverlayNote, overlay_notes};
    let doc: Value = serde_yaml::from_str(
        "info:\n  title: T\n  version: '1'\ncomponents:\n  schemas:\n    A:\n      type: object\n",
    )
    .unwrap();
    let overlay: Value = serde_yaml::from_str(
        "info:\n  title: T\n  description: new\ncomponents:\n  schemas:\n    A:\n      x-extra: {a: 1}\n    Gone:\n      properties:\n        p: {type: string}\n    AlsoGone: null\n",
    )
    .unwrap();
    assert_eq!(
        overlay_notes(&doc, &overlay),
        [
            OverlayNote::Redundant("#/info/title".into()),
            OverlayNote::Gone("#/components/schemas/Gone".into()),
            OverlayNote::Gone("#/components/schemas/AlsoGone".into()),
        ]
    );
}
