//! Request paths, parsed into literal text and placeholders.

use std::fmt;

use serde::Serialize;

use super::WireForm;

/// A request path, parsed: literal text and parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathSegment {
    Literal {
        text: String,
    },
    /// A `{name}` placeholder, filled from the argument `arg` written as `wire` (a list: its
    /// items so written, joined with commas, as the `simple` style says).
    Param {
        name: String,
        arg: String,
        wire: WireForm,
        array: bool,
    },
}

impl PathTemplate {
    /// Parses `/a/{b}/c` into its literal parts and the names of its placeholders.
    pub fn parse(path: &str) -> Result<PathTemplate, String> {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("path `{path}` has a `}}` without a `{{`"));
            }
            let close =
                rest[open..].find('}').map(|c| open + c).ok_or(format!("path `{path}` has an unclosed `{{`"))?;
            let name = &rest[open + 1..close];
            if name.is_empty() || name.contains('{') {
                return Err(format!("path `{path}` has an empty or nested `{{…}}`"));
            }
            if open > 0 {
                segments.push(PathSegment::Literal { text: rest[..open].to_string() });
            }
            segments.push(PathSegment::Param {
                name: name.to_string(),
                arg: String::new(),
                wire: WireForm::Display,
                array: false,
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal { text: rest.to_string() });
        }
        Ok(PathTemplate { segments })
    }

    /// The names of the placeholders, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param { name, .. } => Some(name.as_str()),
            PathSegment::Literal { .. } => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                PathSegment::Literal { text } => f.write_str(text)?,
                PathSegment::Param { name, .. } => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_parse_into_literals_and_params() {
        let t = PathTemplate::parse("/api/v2/things/{thing_id}/parts/{part}").unwrap();
        assert_eq!(t.params().collect::<Vec<_>>(), ["thing_id", "part"]);
        assert_eq!(t.to_string(), "/api/v2/things/{thing_id}/parts/{part}");
        assert_eq!(t.segments.len(), 4);
        assert_eq!(PathTemplate::parse("/plain").unwrap().segments, [PathSegment::Literal { text: "/plain".into() }]);
        let only = PathTemplate::parse("{a}{b}").unwrap();
        assert_eq!(only.params().collect::<Vec<_>>(), ["a", "b"]);
        for bad in ["/a/{b", "/a/}b", "/a/{}", "/a/{{b}}"] {
            assert!(PathTemplate::parse(bad).is_err(), "{bad}");
        }
    }
}
