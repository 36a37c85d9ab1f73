//! Every operation of the vendor's two specs whose answer the spec allows to be `null` reads it
//! through the `Nullable` decoder: its plain method fails with `Error::NullAnswer`, naming its
//! `_with_http_info` twin, whose `entity` is `None`. That behaviour is proven against a server
//! on loopback by the corpus case `nullable.yaml` / `nullable.rs`; this test pins which
//! operations of the whole API get it, so that a spec update adding one shows in the diff.

use std::path::Path;

#[test]
fn the_whole_api_s_nullable_answers_are_read_as_such() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/datadog");
    let mut nullable = Vec::new();
    for (file, version, prefix) in
        [("datadog-v1-openapi.yaml", "datadogV1", "v1"), ("datadog-v2-openapi.yaml", "datadogV2", "v2")]
    {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut settings = generator::GenerationSettings::datadog_v2("datadog-api-client");
        settings.version_module = version.into();
        settings.operation_prefix = prefix.into();
        let (api, _) = generator::load_and_resolve(&path, &text, &settings).unwrap();
        let files = generator::render::render_crate(&[(api.clone(), settings)]).unwrap();
        for op in api.operations().filter(|op| op.success.as_ref().is_some_and(|s| s.nullable)) {
            let key = op.key.clone();
            let calls = files.iter().filter(|f| f.contents.contains(&format!("fn {}(", op.name))).count();
            let reads = files
                .iter()
                .filter(|f| f.contents.contains(&format!("fn {}_with_http_info(", op.name)))
                .map(|f| f.contents.matches("::Nullable<_>, _>()").count())
                .sum::<usize>();
            assert!(calls == 1 && reads >= 2, "{key}: the plain method and its twin read `Nullable`");
            nullable.push(key);
        }
    }
    assert_eq!(nullable, ["v2.get_synthetics_fast_test_result"]);
}
