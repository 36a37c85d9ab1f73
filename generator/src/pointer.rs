//! JSON pointers (RFC 6901) into a spec: where `load` found something, where `resolve` is, and
//! what errors and change reports name. A leaf: it uses nothing else of the generator, so every
//! stage can name a node without depending on another stage.

use std::fmt;

/// A JSON pointer to a node of the spec, written as a URI fragment (`#/paths/~1api~1x/get`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Pointer {
        Pointer("#".to_string())
    }

    /// The pointer one level down, at `segment` (escaped as RFC 6901 requires).
    pub fn join(&self, segment: impl fmt::Display) -> Pointer {
        Pointer(format!("{}/{}", self.0, escape_segment(&segment.to_string())))
    }

    /// A pointer several levels down, one per segment (each a key or an index, unescaped).
    pub fn join_all<S: AsRef<str>>(&self, segments: impl IntoIterator<Item = S>) -> Pointer {
        segments.into_iter().fold(self.clone(), |p, s| p.join(s.as_ref()))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One segment of a JSON pointer, escaped as RFC 6901 requires (`~` and `/`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_their_segments() {
        let p = Pointer::root().join("paths").join("/api/{id}").join("get");
        assert_eq!(p.to_string(), "#/paths/~1api~1{id}/get");
        assert_eq!(Pointer::root().join("a~b").to_string(), "#/a~0b");
        assert_eq!(
            Pointer::root().join_all(["paths", "/x", "get"]),
            Pointer::root().join("paths").join("/x").join("get")
        );
        assert_eq!(Pointer::root().join("allOf").join(1).as_str(), "#/allOf/1");
    }
}
