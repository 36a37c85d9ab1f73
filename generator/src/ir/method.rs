//! HTTP methods: the one list of them, and their keys in an OpenAPI path item.

use serde::Serialize;

/// An operation's HTTP method; templates see it as `GET`, `POST`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of the OpenAPI path item's fields.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method's key in an OpenAPI path item (`get`, `post`, ...).
    pub fn spec_key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method of an OpenAPI path item key; `None` for a key that names no operation.
    pub fn from_spec(key: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|m| m.spec_key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_methods_are_the_path_item_operations_in_its_order() {
        let op = || Some(openapiv3::Operation::default());
        let item = openapiv3::PathItem {
            get: op(),
            put: op(),
            post: op(),
            delete: op(),
            options: op(),
            head: op(),
            patch: op(),
            trace: op(),
            ..Default::default()
        };
        let keys: Vec<&str> = item.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, HttpMethod::ALL.map(HttpMethod::spec_key));
        assert!(HttpMethod::ALL.into_iter().all(|m| HttpMethod::from_spec(m.spec_key()) == Some(m)));
        assert_eq!(HttpMethod::from_spec("parameters"), None);
    }
}
