//! Names for every spec: valid Rust, distinct, and the vendor's where it has a rule.

use super::*;

#[test]
fn names() {
    assert_eq!(type_name("APIErrorResponse"), "APIErrorResponse");
    assert_eq!(type_name("foo-bar"), "FooBar");
    assert_eq!(type_name("Account_ListNodeAgentSkus"), "AccountListNodeAgentSkus");
    assert_eq!(type_name("Pet__Status"), "PetStatus");
    assert_eq!(api_struct_name("16 day / daily Forecast"), "Tag16DayDailyForecastAPI");
    assert_eq!(field_name("type"), "type_");
    assert_eq!(field_name("page[cursor]"), "page_cursor");
    assert_eq!(field_name("1h"), "field_1h");
    assert_eq!(fn_name("ListOrgConnections"), "list_org_connections");
    assert_eq!(module_name("APIErrorResponse"), "model_api_error_response");
    assert_eq!(variant_name("org_connection", Some("ORG_CONNECTION")), "ORG_CONNECTION");
    assert_eq!(variant_name("us3.datadoghq.com", None), "US3_DATADOGHQ_COM");
    assert_eq!(variant_name("3", None), "N3");
    assert_eq!(api_struct_name("Org Connections"), "OrgConnectionsAPI");
    assert_eq!(api_module_name("Org Connections"), "api_org_connections");
}

/// The vendor's client's names for the tags and operation ids with acronyms.
#[test]
fn acronyms_are_named_as_the_vendor_names_them() {
    for (tag, api, module) in [
        ("AWS Integration", "AWSIntegrationAPI", "api_aws_integration"),
        ("LLM Observability", "LLMObservabilityAPI", "api_llm_observability"),
        ("CSM Threats", "CSMThreatsAPI", "api_csm_threats"),
        ("RUM", "RUMAPI", "api_rum"),
        ("DORA Metrics", "DORAMetricsAPI", "api_dora_metrics"),
        ("IP Allowlist", "IPAllowlistAPI", "api_ip_allowlist"),
        ("Bits AI", "BitsAIAPI", "api_bits_ai"),
        ("API Management", "APIManagementAPI", "api_api_management"),
        ("AuthN Mappings", "AuthNMappingsAPI", "api_authn_mappings"),
        ("On-Call Paging", "OnCallPagingAPI", "api_on_call_paging"),
        ("ServiceNow Integration", "ServiceNowIntegrationAPI", "api_service_now_integration"),
        ("High Availability MultiRegion", "HighAvailabilityMultiRegionAPI", "api_high_availability_multi_region"),
    ] {
        assert_eq!((api_struct_name(tag).as_str(), api_module_name(tag).as_str()), (api, module), "{tag}");
    }
    for (id, method) in [
        ("ListSLOs", "list_slos"),
        ("UploadIdPForOrg", "upload_idp_for_org"),
        ("UploadIdPMetadata", "upload_idp_metadata"),
        ("ListAPIs", "list_apis"),
        ("GetAuthNMapping", "get_authn_mapping"),
        ("CreateOpenAPI", "create_open_api"),
        ("GetIoTUsage", "get_iot_usage"),
        ("ListAWSAccounts", "list_aws_accounts"),
        ("GetUsageCIApp", "get_usage_ci_app"),
    ] {
        assert_eq!(fn_name(id), method, "{id}");
    }
    assert_eq!(feature_name("v2", "AuthN Mappings"), "v2-authn-mappings");
    assert_eq!(feature_name("v2", "On-Call"), "v2-on-call");
}

/// Tags that are not the vendor's kind still make camel-case identifiers.
#[test]
fn any_tag_makes_an_api_struct() {
    for (tag, api) in
        [("foo bar", "FooBarAPI"), ("foo_bar", "FooBarAPI"), ("Foo/Bar", "FooBarAPI"), ("3D Models", "Tag3dModelsAPI")]
    {
        assert_eq!(api_struct_name(tag), api, "{tag}");
    }
    for tag in ["Überblick", "a.b c", "x-", "", "_"] {
        let name = api_struct_name(tag);
        assert!(is_ident(&name) && is_camel_case(&name), "{tag:?} -> {name}");
    }
}

/// The vendor's snake_case, boundary by boundary.
#[test]
fn snake_case_splits_as_the_vendor_does() {
    for (from, to) in [
        ("HTTPRequest", "http_request"),
        ("ipv4Address", "ipv4_address"),
        ("a1B", "a1_b"),
        ("page[cursor]", "page_cursor"),
        ("filter[tags]", "filter_tags"),
        ("_links", "_links"),
        ("foo__bar", "foo_bar"),
        ("Foo Bar-baz", "foo_bar_baz"),
        ("_", ""),
        ("", ""),
    ] {
        assert_eq!(snake_case(from), to, "{from}");
    }
}

#[test]
fn mock_names_are_distinct() {
    let types = mock_types(["list_foo", "list_foo_", "list_foo_call", "option"]);
    let names: Vec<(&str, &str)> = types.iter().map(|(e, c)| (e.as_str(), c.as_str())).collect();
    assert_eq!(
        names,
        [
            ("ListFoo", "ListFooCall"),
            ("ListFoo2", "ListFoo2Call"),
            ("ListFooCall2", "ListFooCall2Call"),
            ("OptionModel", "OptionModelCall"),
        ]
    );
    assert_eq!(mock_matchers(["limit", "matching", "matching_"]), ["limit", "matching__", "matching_"]);
}
