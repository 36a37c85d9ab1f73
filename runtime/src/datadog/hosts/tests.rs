//! Where calls may go: sites, server variables, base URLs, cleartext.

use super::*;

fn host_with(variables: &[(&str, &str)]) -> Result<String, String> {
    let mut config = Configuration::new();
    config.server_variables = variables.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    config.operation_host("v2.op").map(|base| base.to_string())
}

#[test]
fn every_value_the_spec_lists_passes_the_client_s_own_checks() {
    assert_eq!(refused_spec_servers(), Vec::<String>::new());
    // The v2 logs intake's own server: a `subdomain` of two labels, which only the spec may give.
    const INTAKE: ServerConfiguration = ServerConfiguration {
        url: "https://{subdomain}.{site}",
        description: "",
        variables: &[
            ServerVariable { name: "site", description: "", default_value: "datadoghq.com", enum_values: &[] },
            ServerVariable {
                name: "subdomain",
                description: "",
                default_value: "http-intake.logs",
                enum_values: &["http-intake.logs"],
            },
        ],
    };
    assert_eq!(
        check_server(&INTAKE, &HashMap::new()).map(|base| base.to_string()),
        Ok("https://http-intake.logs.datadoghq.com".into())
    );
    let user = HashMap::from([("subdomain".to_string(), "evil.example.com/x".to_string())]);
    assert!(check_server(&INTAKE, &user).is_err(), "a value the user gives is still checked");
}

#[test]
fn plain_http_goes_to_loopback_only_unless_allowed() {
    let mut config = Configuration::new();
    let check = |url: &str, config: &Configuration| check_cleartext(&reqwest::Url::parse(url).unwrap(), config);
    for url in
        ["http://localhost:8080", "http://127.0.0.1", "http://127.9.8.7:1", "http://[::1]:80", "https://example.com"]
    {
        assert_eq!(check(url, &config), Ok(()), "{url}");
    }
    for url in ["http://api.example.test", "http://10.20.30.40:8080", "http://localhost.example.com", "http://[::2]"] {
        let error = check(url, &config).unwrap_err();
        assert!(error.contains("plain http to a host that is not loopback"), "{url}: {error}");
    }
    config.set_allow_insecure_http(true);
    assert_eq!(check("http://api.example.test", &config), Ok(()));
}

#[test]
fn listed_sites_and_their_subdomains_are_accepted() {
    for site in ["datadoghq.com", "us3.datadoghq.com", "datadoghq.eu", "uk1.datadoghq.com", "US3.DatadogHQ.com"] {
        // The host as URLs compare it: in lower case.
        assert_eq!(host_with(&[("site", site)]), Ok(format!("https://api.{}", site.to_ascii_lowercase())));
    }
    assert_eq!(host_with(&[("subdomain", "intake")]), Ok("https://intake.datadoghq.com".into()));
}

#[test]
fn other_sites_are_refused_naming_the_value() {
    for site in [
        "datadoghq.com.evil.com",
        "evil.com",
        "datadoghq.com@evil.com",
        "evil.com/",
        "evil.com#",
        "evil.com?",
        "evil.com:443",
        "us3..datadoghq.com",
        ".datadoghq.com",
        "xdatadoghq.com",
        "",
        "evil.com/x.datadoghq.com",
        "evil.com#.datadoghq.com",
        "evil.com?.datadoghq.com",
    ] {
        let error = host_with(&[("site", site)]).expect_err(site);
        assert!(error.contains(&format!("`{site}`")), "{error}");
    }
}

#[test]
fn subdomain_protocol_and_name_are_checked() {
    for subdomain in ["evil.com#", "a.b", "", "x@y", "a/b"] {
        assert!(host_with(&[("subdomain", subdomain)]).is_err(), "{subdomain}");
    }
    let custom = |protocol: &str, name: &str| {
        let mut config = Configuration::new();
        config.server_index = 1;
        config.server_variables.insert("protocol".into(), protocol.into());
        config.server_variables.insert("name".into(), name.into());
        config.operation_host("v2.op").map(|base| base.to_string())
    };
    assert_eq!(custom("http", "127.0.0.1:8126"), Ok("http://127.0.0.1:8126".into()));
    assert_eq!(custom("https", "[::1]:8443"), Ok("https://[::1]:8443".into()));
    assert_eq!(custom("https", "proxy.internal"), Ok("https://proxy.internal".into()));
    for (protocol, name) in [
        ("ftp", "host"),
        ("javascript", "host"),
        ("http", "user:pw@host"),
        ("http", "host/path"),
        ("http", "host?q"),
        ("http", "host#f"),
        ("http", "host:port"),
        ("http", ""),
    ] {
        let error = custom(protocol, name).expect_err(name);
        assert!(!error.contains("pw"), "{error}");
    }
}

#[test]
fn the_site_from_the_environment_is_checked_too() {
    // Only SITE_ENV's value reaches `server_variables`; checking there covers both sources.
    let mut config = Configuration::new();
    config.server_variables.insert("site".into(), "evil.com".into());
    assert!(config.operation_host("v2.op").is_err());
    assert_eq!(config.get_operation_host("v2.op"), "");
}

#[test]
fn a_server_variable_may_hold_a_token_and_is_never_shown() {
    let token = "123456:ABC-def_ghi";
    assert_eq!(check_server_variable("token", token), Ok(()));
    let error = check_server_variable("token", "123456:ABC/../x").unwrap_err();
    assert!(!error.contains("123456"), "{error}");
    assert!(error.contains("a value of 15 characters (not shown)"), "{error}");
}

#[test]
fn a_relative_server_asks_for_a_base_url() {
    let error = check_base_url("/v1.33").unwrap_err();
    assert!(error.contains("relative") && error.contains("set_base_url"), "{error}");
}

#[test]
fn set_base_url_points_every_call_at_one_server() {
    let mut config = Configuration::new();
    config.set_base_url("http://127.0.0.1:8126");
    assert_eq!(config.operation_host("v2.op").map(|base| base.to_string()), Ok("http://127.0.0.1:8126".into()));
    config.set_base_url("https://replay.example/");
    assert_eq!(config.operation_host("v2.op").map(|base| base.to_string()), Ok("https://replay.example".into()));
    // A path prefix, which every operation's path follows.
    config.set_base_url("https://proxy.example:8443/datadog/v2/");
    assert_eq!(
        config.operation_host("v2.op").map(|base| base.to_string()),
        Ok("https://proxy.example:8443/datadog/v2".into())
    );
    for url in [
        "ftp://host",
        "http://user:pw@host",
        "http://host/api?x",
        "http://host?x=1",
        "http://host#x",
        "host:8080",
        "http://",
        "http://host/.",
        "http://host/a/../b",
        "http://host//a",
        "http://host/a\\b",
    ] {
        config.set_base_url(url);
        let error = config.operation_host("v2.op").expect_err(url);
        assert!(!error.contains("pw@"), "{error}");
    }
    config.set_base_url("http://localhost:1");
    assert_eq!(config.operation_host("v2.op").map(|base| base.to_string()), Ok("http://localhost:1".into()));
}

#[test]
fn registrable_domains_are_the_last_two_labels() {
    assert_eq!(registrable_domain("us3.datadoghq.com"), "datadoghq.com");
    assert_eq!(registrable_domain("datadoghq.eu"), "datadoghq.eu");
    assert_eq!(registrable_domain("localhost"), "localhost");
}
