//! What an expectation matches and answers, in the operation's own types.

use std::fmt::{self, Debug};
use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use super::mounted::{Answers, Matches, MountedExpectation};
use super::{Incoming, MockServer, Times};
use serde::Serialize;
use serde_json::Value;

/// An operation as its mock sees it: implemented by each operation's expectation type (in the
/// API module's `mock` module), which also names it in [`MockServer::received`].
pub trait Operation: Sized + Send + Sync + 'static {
    /// The call as received, in the operation's types.
    type Call: Debug + Send + Sync + 'static;
    /// The operation's key (`v2.list_org_connections`).
    const KEY: &'static str;
    /// The expectation type's name, as messages show it.
    const NAME: &'static str;
    /// The HTTP method (`GET`).
    const METHOD: &'static str;
    /// The request path: literal text and the parameters between.
    const PATH: &'static [Segment];
    /// The paths of other operations with the same method that [`Operation::PATH`] would also
    /// match (`/incidents/search` for `/incidents/{id}`): requests to them are theirs.
    const EXCEPT: &'static [&'static [Segment]] = &[];
    /// Reads a request to the operation's method and path back as the call; an error says what
    /// could not be read.
    fn read(incoming: &Incoming<'_>) -> Result<Self::Call, String>;
    /// The call's arguments that were given, each with its Rust name, for messages.
    fn describe(call: &Self::Call) -> Vec<(&'static str, String)>;
}

/// A piece of an operation's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text as written in the spec.
    Literal(&'static str),
    /// A parameter, by its name in the spec.
    Param(&'static str),
}

/// How a parameter's text reads back as its type: as a JSON string first (strings, UUIDs,
/// dates, enums of strings), or as JSON first (numbers, booleans, enums of numbers, values sent
/// as JSON). The other way is tried when the first does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// The text is the value's string.
    String,
    /// The text is the value's JSON.
    Json,
    /// The value is bytes, taken as they are: a file part.
    Bytes,
}

/// One difference between a call and an expectation.
#[derive(Clone, Debug)]
pub(super) enum Difference {
    /// A parameter or the body has another value.
    Value { field: &'static str, expected: String, got: String },
    /// A predicate (`matching`, `body_matching`) returned false.
    Predicate { what: &'static str, at: &'static Location<'static> },
    /// The call could not be read as the operation's parameters.
    Unreadable(String),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Value { field, expected, got } => write!(f, "in `{field}`: expected {expected}, got {got}"),
            Difference::Predicate { what, at } => write!(f, "in `{what}` (given at {at}), which returned false"),
            Difference::Unreadable(why) => write!(f, "the call cannot be read: {why}"),
        }
    }
}

pub(super) type Check<Op> = Box<dyn Fn(&<Op as Operation>::Call) -> Option<Difference> + Send + Sync>;

/// What an operation's expectation matches so far: every matcher must hold. Built through the
/// operation's own expectation type, which turns it into an [`Expectation`] with an answer.
pub struct Criteria<Op: Operation> {
    checks: Vec<Check<Op>>,
    created: &'static Location<'static>,
}

impl<Op: Operation> Debug for Criteria<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Criteria")
            .field("operation", &Op::KEY)
            .field("matchers", &self.checks.len())
            .field("created", &self.created)
            .finish()
    }
}

impl<Op: Operation> Default for Criteria<Op> {
    #[track_caller]
    fn default() -> Self {
        Self::new()
    }
}

impl<Op: Operation> Criteria<Op> {
    /// No matcher yet: any call to the operation. Remembers where it was written, for messages.
    #[track_caller]
    pub fn new() -> Self {
        Criteria { checks: Vec::new(), created: Location::caller() }
    }

    /// Adds: the parameter `name` (its Rust name), read by `get`, equals `expected`.
    pub fn param<T>(mut self, name: &'static str, expected: T, get: fn(&Op::Call) -> Option<&T>) -> Self
    where
        T: PartialEq + Debug + Send + Sync + 'static,
    {
        self.checks.push(Box::new(move |call| {
            let got = get(call);
            (got != Some(&expected)).then(|| Difference::Value {
                field: name,
                expected: format!("{expected:?}"),
                got: got.map_or_else(|| "nothing (not sent)".to_string(), |got| format!("{got:?}")),
            })
        }));
        self
    }

    /// Adds: the body, read by `get`, equals `expected` (a difference names the first JSON path
    /// that differs).
    pub fn body<T>(mut self, expected: T, get: fn(&Op::Call) -> &T) -> Self
    where
        T: PartialEq + Debug + Serialize + Send + Sync + 'static,
    {
        self.checks.push(Box::new(move |call| {
            let got = get(call);
            (*got != expected).then(|| body_difference(&expected, got))
        }));
        self
    }

    /// Adds: `predicate` holds for the call; `what` names the matcher in messages.
    #[track_caller]
    pub fn predicate(
        mut self,
        what: &'static str,
        predicate: impl Fn(&Op::Call) -> bool + Send + Sync + 'static,
    ) -> Self {
        let at = Location::caller();
        self.checks.push(Box::new(move |call| (!predicate(call)).then_some(Difference::Predicate { what, at })));
        self
    }

    /// The expectation that answers matching calls with `answer`.
    #[track_caller]
    pub fn respond(self, answer: Answer) -> Expectation<Op> {
        Expectation { criteria: self, answer, times: None, up_to: None }
    }

    /// Answers with `body` as JSON, of media type `content_type`.
    #[track_caller]
    pub fn respond_json<T: Serialize>(self, status: u16, content_type: &str, body: &T) -> Expectation<Op> {
        self.respond(Answer::json(status, content_type, body))
    }

    /// How `call` differs from what these criteria match, one entry per failing matcher.
    pub(super) fn differences(&self, call: &Op::Call) -> Vec<Difference> {
        self.checks.iter().filter_map(|check| check(call)).collect()
    }

    /// Whether every matcher accepts `call`.
    pub(super) fn accept(&self, call: &Op::Call) -> bool {
        self.checks.iter().all(|check| check(call).is_none())
    }
}

/// The first difference between two bodies: the JSON path and the two values there, or the
/// whole values when either is not JSON.
pub(super) fn body_difference<T: Debug + Serialize>(expected: &T, got: &T) -> Difference {
    let (Ok(want), Ok(have)) = (serde_json::to_value(expected), serde_json::to_value(got)) else {
        return Difference::Value { field: "body", expected: format!("{expected:?}"), got: format!("{got:?}") };
    };
    let (path, want, have) = first_difference(&want, &have, String::new()).unwrap_or((String::new(), want, have));
    let field = "body";
    let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
    Difference::Value { field, expected: format!("{want}{at}"), got: have.to_string() }
}

/// Where two JSON values first differ (a dotted path, `[i]` for items), with the values there.
pub(super) fn first_difference(want: &Value, have: &Value, path: String) -> Option<(String, Value, Value)> {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (want, have) {
        (Value::Object(w), Value::Object(h)) => {
            let keys: std::collections::BTreeSet<&String> = w.keys().chain(h.keys()).collect();
            keys.into_iter().find_map(|key| {
                let (w, h) = (w.get(key).unwrap_or(&Value::Null), h.get(key).unwrap_or(&Value::Null));
                first_difference(w, h, join(key))
            })
        }
        (Value::Array(w), Value::Array(h)) if w.len() == h.len() => {
            w.iter().zip(h).enumerate().find_map(|(i, (w, h))| first_difference(w, h, format!("{path}[{i}]")))
        }
        _ => (want != have).then(|| (path, want.clone(), have.clone())),
    }
}

/// An answer: status, headers, body, and how long to wait before sending it.
#[derive(Clone, Debug)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<(Vec<u8>, String)>,
    delay: Option<Duration>,
}

impl Answer {
    /// `status` with no body.
    #[track_caller]
    pub fn empty(status: u16) -> Answer {
        check_status(status);
        Answer { status, headers: Vec::new(), body: None, delay: None }
    }

    /// `status` with `body` as JSON, of media type `content_type`.
    #[track_caller]
    pub fn json<T: Serialize>(status: u16, content_type: &str, body: &T) -> Answer {
        let json = serde_json::to_vec(body).unwrap_or_else(|e| panic!("the answer's body has no JSON form: {e}"));
        Answer::raw(status, content_type, json)
    }

    /// `status` with `body` as it is, of media type `content_type`: for answers the API would
    /// never give (a truncated body, a wrong media type).
    #[track_caller]
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        let mut answer = Answer::empty(status);
        answer.body = Some((body.into(), content_type.to_string()));
        answer
    }

    /// `429 Too Many Requests` with the rate-limit headers the API sends, asking to wait `wait`
    /// (`x-ratelimit-reset`, in seconds, fractions allowed) and a JSON error body.
    pub fn rate_limited(wait: Duration) -> Answer {
        let mut answer = Answer::json(429, "application/json", &serde_json::json!({"errors": ["Rate limit exceeded"]}));
        answer.headers = vec![
            ("x-ratelimit-limit".into(), "1".into()),
            ("x-ratelimit-period".into(), wait.as_secs().max(1).to_string()),
            ("x-ratelimit-remaining".into(), "0".into()),
            ("x-ratelimit-reset".into(), wait.as_secs_f64().to_string()),
        ];
        answer
    }

    fn template(&self) -> wiremock::ResponseTemplate {
        let mut template = wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.headers {
            template = template.append_header(name.as_str(), value.as_str());
        }
        if let Some((body, content_type)) = &self.body {
            template = template.set_body_raw(body.clone(), content_type);
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        template
    }
}

#[track_caller]
pub(super) fn check_status(status: u16) {
    assert!((100..=999).contains(&status), "{status} is not an HTTP status");
}

/// An expectation with its answer, ready to [mount](Expectation::mount): the answer's headers,
/// status and delay, and call counts, can still be set.
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Expectation<Op: Operation> {
    criteria: Criteria<Op>,
    answer: Answer,
    times: Option<Times>,
    up_to: Option<u64>,
}

impl<Op: Operation> Debug for Expectation<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("criteria", &self.criteria)
            .field("answer", &self.answer)
            .field("times", &self.times)
            .field("up_to", &self.up_to)
            .finish()
    }
}

impl<Op: Operation> Expectation<Op> {
    /// Adds a header to the answer (several of one name are all sent).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.answer.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Answers with another status (`201` rather than `200`, say).
    #[track_caller]
    pub fn status(mut self, status: u16) -> Self {
        check_status(status);
        self.answer.status = status;
        self
    }

    /// Waits `delay` before answering (for timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.answer.delay = Some(delay);
        self
    }

    /// The number of calls this expectation must answer (`1`, `2..`, `..=3`), checked by
    /// [`MockServer::verify`] and when the server is dropped.
    pub fn times(mut self, times: impl Into<Times>) -> Self {
        self.times = Some(times.into());
        self
    }

    /// Answers at most `n` calls, then lets later ones through to the next expectation that
    /// matches (mounted later, or the near-miss answer): a 429 once, then a 200.
    pub fn up_to_n_times(mut self, n: u64) -> Self {
        self.up_to = Some(n);
        self
    }

    /// Mounts the expectation on `server`. Expectations mounted earlier answer first.
    pub async fn mount(self, server: &MockServer) {
        let label = format!("{} (created at {})", Op::NAME, self.criteria.created);
        let mounted = Arc::new(MountedExpectation::<Op> {
            criteria: self.criteria,
            label: label.clone(),
            answered: AtomicU64::new(0),
            up_to: self.up_to,
        });
        server.mount_expectation(mounted.clone());
        let mut mock = wiremock::Mock::given(Matches(mounted.clone()))
            .respond_with(Answers { mounted, template: self.answer.template() })
            .named(label);
        if let Some(times) = self.times {
            mock = mock.expect(times);
        }
        if let Some(n) = self.up_to {
            mock = mock.up_to_n_times(n);
        }
        server.inner.register(mock).await;
    }
}
