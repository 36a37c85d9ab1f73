//! `multipart/form-data` bodies, encoded as RFC 7578 says.

/// A `multipart/form-data` body, built part by part. Encoded here rather than by reqwest's
/// `multipart` form, whose streaming body cannot be sent again when a call is retried.
#[derive(Debug)]
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        use std::hash::{BuildHasher, RandomState};
        let random = RandomState::new().hash_one(0u8);
        Multipart { boundary: format!("------------------------{random:016x}"), body: Vec::new() }
    }

    /// Adds a text part.
    pub fn text(&mut self, name: &str, value: String) {
        self.part(name, None, value.as_bytes());
    }

    /// Adds a file part, its bytes sent as `application/octet-stream`.
    pub fn file(&mut self, name: &str, bytes: Vec<u8>) {
        self.part(name, Some(name), &bytes);
    }

    fn part(&mut self, name: &str, filename: Option<&str>, value: &[u8]) {
        // Quotes and line breaks would end the header early (RFC 7578 section 4.2).
        let quoted = |s: &str| s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, quoted(name));
        if let Some(filename) = filename {
            head.push_str(&format!("; filename=\"{}\"\r\nContent-Type: application/octet-stream", quoted(filename)));
        }
        head.push_str("\r\n\r\n");
        self.body.extend_from_slice(head.as_bytes());
        self.body.extend_from_slice(value);
        self.body.extend_from_slice(b"\r\n");
    }

    /// The encoded body and its `Content-Type`.
    pub(super) fn finish(mut self) -> (Vec<u8>, String) {
        self.body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (self.body, format!("multipart/form-data; boundary={}", self.boundary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_are_encoded_as_rfc_7578_says() {
        let mut form = Multipart::new();
        form.text("kind", "yaml".into());
        form.file("spec\"file", b"a: 1\n".to_vec());
        let boundary = form.boundary.clone();
        let (body, content_type) = form.finish();
        assert_eq!(content_type, format!("multipart/form-data; boundary={boundary}"));
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nyaml\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"spec%22file\"; filename=\"spec%22file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\na: 1\n\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }
}
