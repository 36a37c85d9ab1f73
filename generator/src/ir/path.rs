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

    /// Whether a request to `other` could also be one to this path, as a mock matches paths
    /// (each parameter is text of at least one character, never a `/`), while the reverse does
    /// not hold: `other` is a more specific path this one would take requests from
    /// (`/incidents/search` of `/incidents/{id}`).
    pub fn shadows(&self, other: &PathTemplate) -> bool {
        self.matches(&other.sample()) && !other.matches(&self.sample())
    }

    /// The path with each parameter filled with a character no literal holds: what
    /// [`PathTemplate::shadows`] matches, for callers that compare many paths.
    pub fn sample(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                PathSegment::Literal { text } => text.as_str(),
                PathSegment::Param { .. } => "\u{0}",
            })
            .collect()
    }

    /// Whether `path` is this path with text (at least a character, no `/`) in place of each
    /// parameter.
    pub fn matches(&self, path: &str) -> bool {
        // The offsets where what is matched so far can end: each literal moves them, each
        // parameter spreads them up to the next `/` (so adjacent parameters cost no more than
        // the path is long, whatever their number).
        let mut ends = std::collections::BTreeSet::from([0]);
        for segment in &self.segments {
            ends = match segment {
                PathSegment::Literal { text } => ends
                    .into_iter()
                    .filter(|&at| path[at..].starts_with(text.as_str()))
                    .map(|at| at + text.len())
                    .collect(),
                PathSegment::Param { .. } => ends
                    .into_iter()
                    .flat_map(|at| {
                        let end = path[at..].find('/').map_or(path.len(), |i| at + i);
                        (at + 1..=end).filter(|&i| path.is_char_boundary(i))
                    })
                    .collect(),
            };
        }
        ends.contains(&path.len())
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

    #[test]
    fn a_path_shadows_the_more_specific_ones_it_would_match() {
        let path = |p: &str| PathTemplate::parse(p).unwrap();
        assert!(path("/incidents/{id}").shadows(&path("/incidents/search")));
        assert!(!path("/incidents/search").shadows(&path("/incidents/{id}")));
        assert!(!path("/incidents/{id}").shadows(&path("/incidents/{id}/todos")), "a parameter holds no `/`");
        assert!(!path("/incidents/{id}").shadows(&path("/incidents/{other}")), "the same shape");
        assert!(path("/files/{name}").shadows(&path("/files/{name}.json")));
        assert!(!path("/incidents/{id}").shadows(&path("/incidents")));
        // Many adjacent parameters: no backtracking through every way to split the text.
        let many = format!("/x/{}", (0..40).map(|i| format!("{{p{i}}}")).collect::<String>());
        assert!(!path(&many).matches(&format!("/x/{}", "a".repeat(39))));
        assert!(path(&many).matches(&format!("/x/{}", "a".repeat(40))));
    }
}
