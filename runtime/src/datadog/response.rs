//! A response as received, and the one table of how a 2xx body becomes an operation's result.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::{Error, ResponseContent, budget};

/// Error bodies up to this size are decoded as the operation's error type; a longer one is kept
/// as text only (`ResponseContent::content`), and `Display` shows no message from it.
pub(crate) const ERROR_BODY_DECODED_MAX: usize = 64 * 1024;

/// A response as received, before decoding.
#[derive(Debug)]
pub struct Response {
    /// The operation's key (`v2.list_org_connections`), for errors that name it.
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl Response {
    pub(super) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: bytes::Bytes) -> Self {
        Response { operation, status, headers, body }
    }

    /// The 2xx body read as `D` says ([`Json`], [`Nullable`], [`Text`], [`Bytes`], [`Empty`]);
    /// anything else is the operation's error, its body decoded as `E`. A `null` that
    /// [`Nullable`] allows is [`Error::NullAnswer`]. Unlike [`Response::decode`], the raw body
    /// is not kept.
    pub fn entity<D: Decoding, E: DeserializeOwned>(self) -> Result<D::Output, Error<E>> {
        let operation = self.operation;
        D::decode(&self.success()?.body)?.ok_or(Error::NullAnswer { operation })
    }

    /// Like [`Response::entity`], keeping status, headers and raw body; a `null` that
    /// [`Nullable`] allows is an `entity` of `None`.
    pub fn decode<D: Decoding, E: DeserializeOwned>(self) -> Result<ResponseContent<D::Output>, Error<E>> {
        let response = self.success()?;
        let entity = D::decode(&response.body)?;
        Ok(response.into_content(entity))
    }

    /// The response itself if it is a 2xx; otherwise the operation's error, its body decoded as `E`.
    fn success<E: DeserializeOwned>(self) -> Result<Response, Error<E>> {
        if self.status.is_success() { Ok(self) } else { Err(self.into_error()) }
    }

    /// The error, its body decoded once, and only when it is at most [`ERROR_BODY_DECODED_MAX`]
    /// bytes long.
    fn into_error<E: DeserializeOwned>(self) -> Error<E> {
        let entity = if self.body.len() <= ERROR_BODY_DECODED_MAX { metered(&self.body).ok() } else { None };
        Error::ResponseError(self.into_content(entity))
    }

    fn into_content<T>(self, entity: Option<T>) -> ResponseContent<T> {
        // The body's own buffer becomes the text when it is UTF-8 (a copy only otherwise), so that
        // a large answer is not held twice.
        let content = match String::from_utf8(Vec::from(self.body)) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        ResponseContent { status: self.status, content, entity, headers: self.headers }
    }
}

/// How a 2xx body becomes an operation's result: one type per way, so that generated code calls
/// one method ([`Response::entity`] or [`Response::decode`]) and names the way as its type
/// argument.
pub trait Decoding {
    /// The result.
    type Output;
    /// Reads `body`: `None` for a `null` the spec allows. Only JSON can fail.
    fn decode(body: &[u8]) -> Result<Option<Self::Output>, serde_path_to_error::Error<serde_json::Error>>;
}

/// A JSON body decoded as `T`.
#[derive(Debug)]
pub struct Json<T>(std::marker::PhantomData<fn() -> T>);

/// A JSON body decoded as `T`, or `null`, which the spec allows for this answer (a result not
/// ready yet, say).
#[derive(Debug)]
pub struct Nullable<T>(std::marker::PhantomData<fn() -> T>);

/// A body as text, invalid UTF-8 replaced.
#[derive(Debug)]
pub enum Text {}

/// A body as bytes.
#[derive(Debug)]
pub enum Bytes {}

/// No body the spec documents: whatever comes (`{}`, nothing) is fine.
#[derive(Debug)]
pub enum Empty {}

impl<T: DeserializeOwned> Decoding for Json<T> {
    type Output = T;
    fn decode(body: &[u8]) -> Result<Option<T>, serde_path_to_error::Error<serde_json::Error>> {
        parse(body).map(Some)
    }
}

impl<T: DeserializeOwned> Decoding for Nullable<T> {
    type Output = T;
    fn decode(body: &[u8]) -> Result<Option<T>, serde_path_to_error::Error<serde_json::Error>> {
        parse(body)
    }
}

impl Decoding for Text {
    type Output = String;
    fn decode(body: &[u8]) -> Result<Option<String>, serde_path_to_error::Error<serde_json::Error>> {
        Ok(Some(String::from_utf8_lossy(body).into_owned()))
    }
}

impl Decoding for Bytes {
    type Output = Vec<u8>;
    fn decode(body: &[u8]) -> Result<Option<Vec<u8>>, serde_path_to_error::Error<serde_json::Error>> {
        Ok(Some(body.to_vec()))
    }
}

impl Decoding for Empty {
    type Output = ();
    fn decode(_: &[u8]) -> Result<Option<()>, serde_path_to_error::Error<serde_json::Error>> {
        Ok(Some(()))
    }
}

/// Decodes JSON at full speed; only when that fails, decodes again tracking the path, so that
/// the error can name the field at fault without slowing every successful call. Both count the
/// memory they take against the body's budget (`budget.rs`).
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    metered(body).map_err(|error| {
        let mut track = serde_path_to_error::Track::new();
        let mut de = serde_json::Deserializer::from_slice(body);
        let _ = budget::decode(body.len(), &mut de, |de| {
            T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track))
        });
        serde_path_to_error::Error::new(track.path(), error)
    })
}

/// `serde_json::from_slice`, within the memory budget of `body`.
fn metered<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = budget::decode(body.len(), &mut de, T::deserialize)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Thing {
        id: u32,
    }

    fn answer(status: u16, body: &str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "7".parse().unwrap());
        Response::new(
            "v2.get_thing",
            StatusCode::from_u16(status).unwrap(),
            headers,
            bytes::Bytes::from(body.to_string()),
        )
    }

    #[test]
    fn each_way_reads_a_2xx_body() {
        let thing: Thing = answer(200, r#"{"id": 3}"#).entity::<Json<_>, ()>().unwrap();
        assert_eq!(thing, Thing { id: 3 });
        assert_eq!(answer(200, "h\u{e9}").entity::<Text, ()>().unwrap(), "h\u{e9}");
        assert_eq!(answer(200, "ab").entity::<Bytes, ()>().unwrap(), b"ab");
        answer(204, "").entity::<Empty, ()>().unwrap();
        answer(200, "{}").entity::<Empty, ()>().unwrap();
    }

    #[test]
    fn decode_keeps_status_headers_and_raw_body() {
        let content = answer(201, r#"{"id": 3}"#).decode::<Json<Thing>, ()>().unwrap();
        assert_eq!(content.status, StatusCode::CREATED);
        assert_eq!(content.entity, Some(Thing { id: 3 }));
        assert_eq!(content.content, r#"{"id": 3}"#);
        assert_eq!(content.headers.get("x-request-id").unwrap(), "7");
        let content = answer(200, "csv").decode::<Text, ()>().unwrap();
        assert_eq!((content.entity.as_deref(), content.content.as_str()), (Some("csv"), "csv"));
        assert_eq!(answer(204, "").decode::<Empty, ()>().unwrap().entity, Some(()));
    }

    #[test]
    fn a_null_the_spec_allows_is_an_error_naming_the_twin_or_an_entity_of_none() {
        let error = answer(200, " null ").entity::<Nullable<Thing>, ()>().unwrap_err();
        assert!(matches!(error, Error::NullAnswer { operation: "v2.get_thing" }), "{error:?}");
        let shown = error.to_string();
        assert!(shown.contains("answered `null`") && shown.contains("`get_thing_with_http_info`"), "{shown}");
        let content = answer(200, "null").decode::<Nullable<Thing>, ()>().unwrap();
        assert_eq!((content.entity, content.content.as_str()), (None, "null"));
        let thing = answer(200, r#"{"id": 3}"#).entity::<Nullable<Thing>, ()>().unwrap();
        assert_eq!(thing, Thing { id: 3 });
        // Where the spec does not allow it, `null` is a decode error, as before.
        assert!(matches!(answer(200, "null").entity::<Json<Thing>, ()>(), Err(Error::Serde(_))));
    }

    #[test]
    fn a_bad_body_names_the_field_at_fault() {
        let error = answer(200, r#"{"id": "three"}"#).entity::<Json<Thing>, ()>().unwrap_err();
        match error {
            Error::Serde(e) => assert_eq!(e.path().to_string(), "id"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn any_other_status_is_the_operation_error() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Problem {
            errors: Vec<String>,
        }
        let error = answer(404, r#"{"errors": ["gone"]}"#).entity::<Text, Problem>().unwrap_err();
        match error {
            Error::ResponseError(content) => {
                assert_eq!(content.status, StatusCode::NOT_FOUND);
                assert_eq!(content.entity, Some(Problem { errors: vec!["gone".into()] }));
            }
            other => panic!("{other:?}"),
        }
        // A body of another shape is kept as text, undecoded.
        let error = answer(500, "oops").decode::<Json<Thing>, Problem>().unwrap_err();
        assert!(matches!(&error, Error::ResponseError(c) if c.entity.is_none() && c.content == "oops"), "{error:?}");
    }

    #[test]
    fn an_error_body_is_decoded_only_up_to_64_kib_and_kept_whole() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Problem {
            errors: Vec<String>,
        }
        let small = format!(r#"{{"errors": ["gone"], "pad": "{}"}}"#, " ".repeat(ERROR_BODY_DECODED_MAX - 40));
        assert!(small.len() <= ERROR_BODY_DECODED_MAX);
        let large = format!(r#"{{"errors": ["gone"], "pad": "{}"}}"#, " ".repeat(ERROR_BODY_DECODED_MAX));
        for (body, decoded) in [(small, true), (large, false)] {
            match answer(400, &body).entity::<Text, Problem>().unwrap_err() {
                Error::ResponseError(content) => {
                    assert_eq!(content.entity.is_some(), decoded, "{} bytes", body.len());
                    assert_eq!(content.content, body);
                }
                other => panic!("{other:?}"),
            }
        }
        // Invalid UTF-8 is kept as text with replacement characters.
        let mut headers = HeaderMap::new();
        headers.insert("x", "y".parse().unwrap());
        let raw =
            Response::new("v2.get_thing", StatusCode::BAD_GATEWAY, headers, bytes::Bytes::from_static(b"bad \xff"));
        let error = raw.entity::<Text, Problem>().unwrap_err();
        assert!(matches!(&error, Error::ResponseError(c) if c.content == "bad \u{fffd}"), "{error:?}");
    }
}
