//! Typed mocks, with the cargo feature `mock`: a mock server on loopback, and for every operation
//! an expectation written in the operation's own types (in each API module's `mock` module).
//!
//! ```ignore
//! let server = MockServer::start().await;
//! // In the API module's `mock` module: one type per operation.
//! mock::ListThings::new()              // an expectation of `list_things`
//!     .limit(2)                        // matchers: the operation's own parameters, typed
//!     .respond_ok(page)                // answers: its documented model, its errors, any `Answer`
//!     .times(1)                        // call counts, checked by `verify` (or on drop)
//!     .mount(&server)
//!     .await;
//! let api = ThingsAPI::with_config(server.config()); // pointed at the server, with test keys
//! // ... run the code under test ...
//! let calls = server.received::<mock::ListThings>().await; // what came, in the operation's types
//! assert_eq!(calls[0].params.limit, Some(2));
//! server.verify().await;
//! ```
//!
//! Mocks run a real HTTP server (wiremock) on loopback, so the client's whole path is exercised:
//! paths, query and headers as encoded, bodies, retries, pagination, errors. A matcher or answer
//! that no longer fits the API (a renamed parameter, a changed model) fails to compile.
//!
//! A call that no expectation matches is answered `418 I'm a teapot` (a status no API answers,
//! so that the code under test cannot take it for one it handles), with a message that names the
//! operation, what it was called with, and the closest expectation and how it differs; the
//! client's error shows it, [`MockServer::take_unmatched`] returns it, and [`MockServer::verify`]
//! (or dropping the server) panics with it.
//!
//! Why not a trait per API that `mockall` could implement: a fake client skips everything
//! between the call and the wire (encoding, paths, retries, pagination, error bodies), which is
//! where a client's bugs and its users' misunderstandings are; typed HTTP mocks keep all of it
//! and stay as typed. To swap the client out entirely, put the few calls your code makes behind
//! a trait of your own.

use std::fmt::{self, Debug, Write as _};
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::spec::AUTH_SCHEMES;
use super::{APIKey, Configuration};

/// How many calls an expectation must see (`2`, `1..`, `..=3`): checked by
/// [`MockServer::verify`] and when the server is dropped.
pub use wiremock::Times;

/// The status of an answer to a call that no expectation matches.
pub const UNMATCHED_STATUS: u16 = 418;

/// A mock server on loopback (wiremock underneath) that answers as the expectations mounted on
/// it say; see the [module docs](self).
///
/// Dropping it panics when a call matched no expectation or an expectation's call count is not
/// met (unless the thread is already panicking); [`MockServer::verify`] does the same at a
/// point of your choosing.
pub struct MockServer {
    inner: wiremock::MockServer,
    state: Arc<State>,
}

/// What the server knows beside wiremock: the expectations mounted, and the calls none matched.
#[derive(Default)]
struct State {
    mounted: Mutex<Vec<Arc<dyn Mounted>>>,
    unmatched: Mutex<Vec<Unmatched>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding it left nothing half-written: keep going.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.inner.uri()).finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free loopback port. Each server is isolated: start one per test.
    pub async fn start() -> MockServer {
        let inner = wiremock::MockServer::start().await;
        let state = Arc::new(State::default());
        // Below every expectation (wiremock's lowest priority): calls nothing else answers.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(NearMiss(state.clone()))
            .with_priority(u8::MAX)
            .named("calls no expectation matches")
            .mount(&inner)
            .await;
        MockServer { inner, state }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// A configuration that sends every call to this server (whatever the servers, sites or base
    /// URL it is given later), with a test key for every API-key scheme (`mock-<scheme>`, so
    /// never a key from the environment). Everything else is [`Configuration::new`]'s: retries
    /// off, unstable operations disabled.
    pub fn config(&self) -> Configuration {
        let mut config = Configuration::new();
        for (scheme, _, _) in AUTH_SCHEMES {
            config.set_auth_key(scheme, APIKey { key: test_key(scheme), prefix: String::new() });
        }
        config.mock_base_url = Some(self.inner.uri());
        config
    }

    /// Every call to `Op` the server received, matched or not, in order, read back in the
    /// operation's types (its positional arguments, `body` and `params`).
    ///
    /// # Panics
    ///
    /// When a call to `Op`'s method and path cannot be read as its parameters (which the client
    /// never sends; a request made by hand might).
    pub async fn received<Op: Operation>(&self) -> Vec<Op::Call> {
        let requests = self.inner.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter_map(Incoming::of::<Op>)
            .map(|incoming| {
                Op::read(&incoming)
                    .unwrap_or_else(|error| panic!("a call to `{}` cannot be read as its parameters: {error}", Op::KEY))
            })
            .collect()
    }

    /// The calls that no expectation matched since the last call of this method, each with what
    /// it was and the closest expectation; taking them means neither [`MockServer::verify`] nor
    /// dropping the server fails on them.
    pub fn take_unmatched(&self) -> Vec<Unmatched> {
        std::mem::take(&mut *lock(&self.state.unmatched))
    }

    /// Panics when a call matched no expectation (each one's message says why), or when an
    /// expectation's [`Expectation::times`] is not met.
    pub async fn verify(&self) {
        let unmatched = self.take_unmatched();
        if !unmatched.is_empty() {
            panic!("{}", unmatched_report(&unmatched));
        }
        self.inner.verify().await;
    }

    /// The wiremock server underneath, for anything the typed expectations do not say (a mock
    /// of your own, the raw requests).
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.inner
    }

    fn mount_expectation(&self, expectation: Arc<dyn Mounted>) {
        lock(&self.state.mounted).push(expectation);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let unmatched = self.take_unmatched();
        if !unmatched.is_empty() && !std::thread::panicking() {
            panic!("{}", unmatched_report(&unmatched));
        }
    }
}

fn unmatched_report(unmatched: &[Unmatched]) -> String {
    let mut report = format!("{} call(s) matched no expectation:", unmatched.len());
    for call in unmatched {
        let _ = write!(report, "\n- {call}");
    }
    report
}

/// The key [`MockServer::config`] sets for an API-key scheme: `mock-<scheme>`.
pub fn test_key(scheme: &str) -> String {
    format!("mock-{scheme}")
}

/// A call no expectation matched.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unmatched {
    /// The operation's key (`v2.list_org_connections`), when a mounted expectation's operation
    /// has the call's method and path.
    pub operation: Option<&'static str>,
    /// What was called, with what, and the closest expectation and how it differs.
    pub message: String,
}

impl fmt::Display for Unmatched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

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
enum Difference {
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

type Check<Op> = Box<dyn Fn(&<Op as Operation>::Call) -> Option<Difference> + Send + Sync>;

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

    fn differences(&self, call: &Op::Call) -> Vec<Difference> {
        self.checks.iter().filter_map(|check| check(call)).collect()
    }
}

/// The first difference between two bodies: the JSON path and the two values there, or the
/// whole values when either is not JSON.
fn body_difference<T: Debug + Serialize>(expected: &T, got: &T) -> Difference {
    let (Ok(want), Ok(have)) = (serde_json::to_value(expected), serde_json::to_value(got)) else {
        return Difference::Value { field: "body", expected: format!("{expected:?}"), got: format!("{got:?}") };
    };
    let (path, want, have) = first_difference(&want, &have, String::new()).unwrap_or((String::new(), want, have));
    let field = "body";
    let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
    Difference::Value { field, expected: format!("{want}{at}"), got: have.to_string() }
}

/// Where two JSON values first differ (a dotted path, `[i]` for items), with the values there.
fn first_difference(want: &Value, have: &Value, path: String) -> Option<(String, Value, Value)> {
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
fn check_status(status: u16) {
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

/// An expectation on a server, as the near-miss answer compares calls with it.
trait Mounted: Send + Sync {
    /// The call as this expectation's operation reads it and how it differs, or `None` when the
    /// call is to another method or path.
    fn explain(&self, request: &wiremock::Request) -> Option<Explained>;
    fn label(&self) -> &str;
    /// The calls it may still answer, when `up_to_n_times` limits them.
    fn answered(&self) -> (u64, Option<u64>);
}

struct Explained {
    operation: &'static str,
    /// The arguments given, or why the call cannot be read.
    call: Result<Vec<(&'static str, String)>, String>,
    differences: Vec<Difference>,
}

struct MountedExpectation<Op: Operation> {
    criteria: Criteria<Op>,
    label: String,
    answered: AtomicU64,
    up_to: Option<u64>,
}

impl<Op: Operation> Mounted for MountedExpectation<Op> {
    fn explain(&self, request: &wiremock::Request) -> Option<Explained> {
        let incoming = Incoming::of::<Op>(request)?;
        let (call, differences) = match Op::read(&incoming) {
            Ok(call) => (Ok(Op::describe(&call)), self.criteria.differences(&call)),
            Err(why) => (Err(why.clone()), vec![Difference::Unreadable(why)]),
        };
        Some(Explained { operation: Op::KEY, call, differences })
    }

    fn label(&self) -> &str {
        &self.label
    }

    fn answered(&self) -> (u64, Option<u64>) {
        (self.answered.load(Ordering::SeqCst), self.up_to)
    }
}

/// wiremock's matcher for an expectation: the operation's method and path, a call that reads as
/// its parameters, and every matcher.
struct Matches<Op: Operation>(Arc<MountedExpectation<Op>>);

impl<Op: Operation> wiremock::Match for Matches<Op> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let Some(incoming) = Incoming::of::<Op>(request) else { return false };
        Op::read(&incoming).is_ok_and(|call| self.0.criteria.checks.iter().all(|check| check(&call).is_none()))
    }
}

/// wiremock's responder for an expectation: its answer, counted.
struct Answers<Op: Operation> {
    mounted: Arc<MountedExpectation<Op>>,
    template: wiremock::ResponseTemplate,
}

impl<Op: Operation> wiremock::Respond for Answers<Op> {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.mounted.answered.fetch_add(1, Ordering::SeqCst);
        self.template.clone()
    }
}

/// The answer to a call no expectation matches: recorded, and sent back as a 418 whose JSON
/// error body the client's error shows.
struct NearMiss(Arc<State>);

impl wiremock::Respond for NearMiss {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let mounted = lock(&self.0.mounted).clone();
        let unmatched = near_miss(request, &mounted);
        let body = serde_json::json!({ "errors": [unmatched.message] });
        lock(&self.0.unmatched).push(unmatched);
        wiremock::ResponseTemplate::new(UNMATCHED_STATUS).set_body_json(body)
    }
}

/// Why no expectation matched `request`: the operation and its arguments, and the closest
/// expectation (of that operation, fewest differences, first mounted) and how it differs.
fn near_miss(request: &wiremock::Request, mounted: &[Arc<dyn Mounted>]) -> Unmatched {
    let mut closest: Option<(&dyn Mounted, Explained)> = None;
    for expectation in mounted {
        let Some(explained) = expectation.explain(request) else { continue };
        if closest.as_ref().is_none_or(|(_, best)| explained.differences.len() < best.differences.len()) {
            closest = Some((expectation.as_ref(), explained));
        }
    }
    let Some((expectation, explained)) = closest else {
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_string(),
        };
        let labels: Vec<&str> = mounted.iter().map(|m| m.label()).collect();
        let mounted = if labels.is_empty() { "none is mounted".to_string() } else { labels.join(", ") };
        let message = format!(
            "{} {target} is a call to no operation that has an expectation mounted (mounted: {mounted})",
            request.method
        );
        return Unmatched { operation: None, message };
    };
    let called = match &explained.call {
        Ok(args) if args.is_empty() => "no parameters".to_string(),
        Ok(args) => args.iter().map(|(name, value)| format!("{name} = {value}")).collect::<Vec<_>>().join(", "),
        Err(why) => format!("arguments that cannot be read ({why})"),
    };
    let why = if explained.differences.is_empty() {
        let (answered, up_to) = expectation.answered();
        match up_to {
            Some(n) => format!("it matches, but has answered the {n} call(s) it allows (`up_to_n_times`)"),
            None => format!("it matches, yet did not answer; it has answered {answered} call(s)"),
        }
    } else {
        let differences: Vec<String> = explained.differences.iter().map(ToString::to_string).collect();
        format!("differs {}", differences.join("; "))
    };
    let message = format!(
        "`{}` was called with {called}, and no expectation matches; closest expectation: {} ({why})",
        explained.operation,
        expectation.label()
    );
    Unmatched { operation: Some(explained.operation), message }
}

/// A request to an operation's method and path, split into what the operation's parameters
/// read: path parameters, query pairs, headers, cookies and body.
#[derive(Debug)]
pub struct Incoming<'a> {
    request: &'a wiremock::Request,
    /// Each path parameter's name and text as sent (percent-encoded).
    path: Vec<(&'static str, &'a str)>,
    /// Each query pair's name (decoded) and value as sent.
    query: Vec<(String, &'a str)>,
    /// The parts of a multipart body, split once however many parts are read.
    parts: std::cell::OnceCell<Result<Vec<NamedPart>, String>>,
}

/// A multipart part as received: its name and bytes.
type NamedPart = (String, Vec<u8>);

impl<'a> Incoming<'a> {
    /// The request, when it is a call to `Op`: its method, and a path of its own (not one of
    /// [`Operation::EXCEPT`]).
    pub fn of<Op: Operation>(request: &'a wiremock::Request) -> Option<Self> {
        if request.method.as_str() != Op::METHOD {
            return None;
        }
        let path = request.url.path();
        if Op::EXCEPT.iter().any(|other| match_path(other, path).is_some()) {
            return None;
        }
        let path = match_path(Op::PATH, path)?;
        let query = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), value)
            })
            .collect();
        Some(Incoming { request, path, query, parts: std::cell::OnceCell::new() })
    }

    /// The path parameter `name`.
    pub fn path<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.path_text(name).map(|text| read_text(name, &percent_decode(text), read)).transpose()
    }

    /// The path parameter `name`, a list: items separated by commas.
    pub fn path_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        self.path_text(name).map(|text| read_items(name, text.split(',').map(percent_decode), read)).transpose()
    }

    fn path_text(&self, name: &str) -> Option<&'a str> {
        self.path.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
    }

    fn query_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.query.iter().filter(move |(n, _)| n == name).map(|(_, value)| *value)
    }

    /// The query parameter `name` (its last value, when sent more than once).
    pub fn query<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.query_values(name).last().map(|text| read_text(name, &form_decode(text), read)).transpose()
    }

    /// The query parameter `name`, a list sent as one value: items separated by commas.
    pub fn query_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.query_values(name).last();
        value.map(|text| read_items(name, text.split(',').map(form_decode), read)).transpose()
    }

    /// The query parameter `name`, a list sent as one pair per item.
    pub fn query_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values: Vec<String> = self.query_values(name).map(form_decode).collect();
        if values.is_empty() { Ok(None) } else { read_items(name, values.into_iter(), read).map(Some) }
    }

    fn header_values(&self, name: &str) -> Result<Vec<&'a str>, String> {
        self.request
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().map_err(|_| format!("header `{name}` is not text")))
            .collect()
    }

    /// The header parameter `name`.
    pub fn header<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.header_values(name)?.last().map(|text| read_text(name, text, read)).transpose()
    }

    /// The header parameter `name`, a list: items separated by commas.
    pub fn header_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.header_values(name)?.last().copied();
        value.map(|text| read_items(name, text.split(',').map(str::to_string), read)).transpose()
    }

    /// The header parameter `name`, a list sent as one header per item.
    pub fn header_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values = self.header_values(name)?;
        if values.is_empty() {
            return Ok(None);
        }
        read_items(name, values.into_iter().map(str::to_string), read).map(Some)
    }

    fn cookie_values(&self, name: &str) -> Result<Vec<String>, String> {
        let mut values = Vec::new();
        for header in self.header_values("cookie")? {
            for pair in header.split(';') {
                if let Some((n, value)) = pair.trim().split_once('=')
                    && n == name
                {
                    values.push(percent_decode(value));
                }
            }
        }
        Ok(values)
    }

    /// The cookie parameter `name`.
    pub fn cookie<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        self.cookie_values(name)?.last().map(|text| read_text(name, text, read)).transpose()
    }

    /// The cookie parameter `name`, a list: items separated by commas.
    pub fn cookie_list<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let value = self.cookie_values(name)?.pop();
        value.map(|text| read_items(name, text.split(',').map(str::to_string), read)).transpose()
    }

    /// The cookie parameter `name`, a list sent as one cookie per item.
    pub fn cookie_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let values = self.cookie_values(name)?;
        if values.is_empty() { Ok(None) } else { read_items(name, values.into_iter(), read).map(Some) }
    }

    /// The body as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.request.body).map_err(|e| {
            let shown = String::from_utf8_lossy(&self.request.body);
            format!("the body does not read as {}: {e}: {shown}", type_name::<T>())
        })
    }

    /// The body as `read` reads it, when one was sent (an optional body); `None` for none.
    pub fn if_sent<T>(&self, read: impl FnOnce(&Self) -> Result<T, String>) -> Result<Option<T>, String> {
        if self.request.body.is_empty() { Ok(None) } else { read(self).map(Some) }
    }

    /// The body as text.
    pub fn text(&self) -> Result<String, String> {
        String::from_utf8(self.request.body.clone()).map_err(|_| "the body is not UTF-8 text".to_string())
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        Ok(self.request.body.clone())
    }

    /// An `application/x-www-form-urlencoded` body, its pairs as the model's fields.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, String> {
        let text = std::str::from_utf8(&self.request.body).map_err(|_| "the form body is not UTF-8".to_string())?;
        let fields = text
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), Part::Text(form_decode(value)))
            })
            .collect();
        fields_into(fields)
    }

    /// A `multipart/form-data` body, its parts as the model's fields; the parts named in `files`
    /// are bytes.
    pub fn multipart<T: DeserializeOwned>(&self, files: &[&str]) -> Result<T, String> {
        let fields = self
            .parts()?
            .iter()
            .map(|(name, value)| {
                let part = if files.contains(&name.as_str()) {
                    Part::File(value.clone())
                } else {
                    Part::Text(String::from_utf8_lossy(value).into_owned())
                };
                (name.clone(), part)
            })
            .collect();
        fields_into(fields)
    }

    /// The `multipart/form-data` part `name`, a parameter of its own (its first part, when sent
    /// more than once); a file part with [`ReadAs::Bytes`].
    pub fn part<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<T>, String> {
        let mut parts = self.parts()?.iter().filter(|(n, _)| n == name);
        parts.next().map(|(_, bytes)| read_part(name, bytes, read)).transpose()
    }

    /// The `multipart/form-data` parts `name`, a list: one part per item.
    pub fn part_each<T: DeserializeOwned>(&self, name: &str, read: ReadAs) -> Result<Option<Vec<T>>, String> {
        let items: Vec<&[u8]> = self.parts()?.iter().filter(|(n, _)| n == name).map(|(_, b)| b.as_slice()).collect();
        if items.is_empty() {
            Ok(None)
        } else {
            items.iter().map(|b| read_part(name, b, read)).collect::<Result<_, _>>().map(Some)
        }
    }

    /// The parts of a `multipart/form-data` body, by the boundary its media type names.
    fn parts(&self) -> Result<&[NamedPart], String> {
        let parts = self.parts.get_or_init(|| {
            let content_type = self.header_values("content-type")?.last().copied().unwrap_or_default();
            let boundary = content_type
                .split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
                .map(|b| b.trim_matches('"'))
                .ok_or_else(|| format!("the body's media type `{content_type}` has no multipart boundary"))?;
            multipart_parts(&self.request.body, boundary)
        });
        parts.as_deref().map_err(Clone::clone)
    }
}

/// A part as `read` says: bytes as they are, text as any other parameter's.
fn read_part<T: DeserializeOwned>(name: &str, bytes: &[u8], read: ReadAs) -> Result<T, String> {
    match read {
        ReadAs::Bytes => serde_json::from_value(Value::from(bytes))
            .map_err(|e| format!("part `{name}` does not read as {}: {e}", type_name::<T>())),
        ReadAs::String | ReadAs::Json => read_text(name, &String::from_utf8_lossy(bytes), read),
    }
}

/// A parameter that must be there, as the operation's positional arguments are.
pub fn required<T>(name: &str, value: Result<Option<T>, String>) -> Result<T, String> {
    value?.ok_or_else(|| format!("the required parameter `{name}` was not sent"))
}

/// The arguments a call was given, for [`Operation::describe`]: those present, in order.
pub fn given<const N: usize>(args: [(&'static str, Option<String>); N]) -> Vec<(&'static str, String)> {
    args.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

/// A value as messages show it: its `Debug` text.
pub fn shown<T: Debug>(value: &T) -> String {
    format!("{value:?}")
}

/// A body as messages show it: its JSON, or its `Debug` text when it has none.
pub fn shown_body<T: Debug + Serialize>(body: &T) -> String {
    serde_json::to_string(body).unwrap_or_else(|_| format!("{body:?}"))
}

/// The path parameters of `path` when `segments` describe it: each parameter is the text up to
/// the literal after it, at least one character and never a `/` (a parameter stays in its
/// segment). Shortest first: `{a}.{b}` reads `x.y.z` as `x` and `y.z`.
fn match_path<'a>(segments: &'static [Segment], path: &'a str) -> Option<Vec<(&'static str, &'a str)>> {
    /// Matches `segments[i..]` against `path[at..]`, remembering the places that failed, so
    /// that adjacent parameters never try every way to split the text twice.
    fn rest<'a>(
        segments: &'static [Segment],
        path: &'a str,
        i: usize,
        at: usize,
        failed: &mut std::collections::HashSet<(usize, usize)>,
    ) -> Option<Vec<(&'static str, &'a str)>> {
        if failed.contains(&(i, at)) {
            return None;
        }
        let found = match segments.get(i) {
            None => (at == path.len()).then(Vec::new),
            Some(Segment::Literal(text)) => {
                if path[at..].starts_with(text) {
                    rest(segments, path, i + 1, at + text.len(), failed)
                } else {
                    None
                }
            }
            Some(Segment::Param(name)) => {
                let end = path[at..].find('/').map_or(path.len(), |j| at + j);
                (at + 1..=end).filter(|&j| path.is_char_boundary(j)).find_map(|j| {
                    let mut params = rest(segments, path, i + 1, j, failed)?;
                    params.insert(0, (*name, &path[at..j]));
                    Some(params)
                })
            }
        };
        if found.is_none() {
            failed.insert((i, at));
        }
        found
    }
    rest(segments, path, 0, 0, &mut std::collections::HashSet::new())
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// `application/x-www-form-urlencoded` text decoded: `+` is a space.
fn form_decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

fn type_name<T>() -> &'static str {
    std::any::type_name::<T>()
}

/// A parameter's text read as `T`, the way `read` says first.
fn read_text<T: DeserializeOwned>(name: &str, text: &str, read: ReadAs) -> Result<T, String> {
    let as_string = || serde_json::from_value::<T>(Value::String(text.to_string())).ok();
    let as_json = || serde_json::from_str::<T>(text).ok();
    let value = match read {
        ReadAs::String => as_string().or_else(as_json),
        ReadAs::Json => as_json().or_else(as_string),
        ReadAs::Bytes => serde_json::from_value::<T>(Value::from(text.as_bytes())).ok(),
    };
    value.ok_or_else(|| format!("parameter `{name}` is `{text}`, which does not read as {}", type_name::<T>()))
}

fn read_items<T: DeserializeOwned>(
    name: &str,
    items: impl Iterator<Item = String>,
    read: ReadAs,
) -> Result<Vec<T>, String> {
    items.map(|item| read_text(name, &item, read)).collect()
}

/// A form field or multipart part.
enum Part {
    Text(String),
    File(Vec<u8>),
}

/// Fields read as a model: text as JSON strings, or where that does not fit the model, as the
/// JSON it spells (numbers, booleans).
fn fields_into<T: DeserializeOwned>(fields: Vec<(String, Part)>) -> Result<T, String> {
    let object = |json: bool| {
        let map = fields.iter().map(|(name, part)| {
            let value = match part {
                Part::Text(text) if json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())),
                Part::Text(text) => Value::String(text.clone()),
                Part::File(bytes) => Value::Array(bytes.iter().map(|b| Value::from(*b)).collect()),
            };
            (name.clone(), value)
        });
        Value::Object(map.collect())
    };
    serde_json::from_value(object(false))
        .or_else(|_| serde_json::from_value(object(true)))
        .map_err(|e| format!("the body's fields do not read as {}: {e}", type_name::<T>()))
}

/// The parts of a `multipart/form-data` body: each one's name and bytes.
fn multipart_parts(body: &[u8], boundary: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let find = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|w| w == needle);
    let malformed = || format!("the multipart body is malformed (boundary `{boundary}`)");
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = [b"\r\n".as_slice(), &delimiter].concat();
    let start = find(body, &delimiter).ok_or_else(malformed)?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    while !rest.starts_with(b"--") {
        rest = rest.strip_prefix(b"\r\n").ok_or_else(malformed)?;
        let end = find(rest, &next_delimiter).ok_or_else(malformed)?;
        let part = &rest[..end];
        rest = &rest[end + next_delimiter.len()..];
        let head_end = find(part, b"\r\n\r\n").ok_or_else(malformed)?;
        let head = String::from_utf8_lossy(&part[..head_end]);
        let name = head
            .split("\r\n")
            .filter(|line| line.to_ascii_lowercase().starts_with("content-disposition:"))
            .flat_map(|line| line.split(';'))
            .find_map(|p| p.trim().strip_prefix("name="))
            .map(|n| n.trim_matches('"').replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n"))
            .ok_or_else(malformed)?;
        parts.push((name, part[head_end + 4..].to_vec()));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written operation, as the template writes them: `GET /api/v2/things/{thing_id}`
    /// with an optional `limit` and a list `tags`.
    struct GetThing(Criteria<GetThing>);

    #[derive(Debug)]
    struct GetThingCall {
        thing_id: String,
        limit: Option<i64>,
        tags: Option<Vec<String>>,
    }

    impl Operation for GetThing {
        type Call = GetThingCall;
        const KEY: &'static str = "v2.get_thing";
        const NAME: &'static str = "GetThing";
        const METHOD: &'static str = "GET";
        const PATH: &'static [Segment] = &[Segment::Literal("/api/v2/things/"), Segment::Param("thing_id")];
        const EXCEPT: &'static [&'static [Segment]] = &[&[Segment::Literal("/api/v2/things/search")]];

        fn read(incoming: &Incoming<'_>) -> Result<GetThingCall, String> {
            Ok(GetThingCall {
                thing_id: required("thing_id", incoming.path("thing_id", ReadAs::String))?,
                limit: incoming.query("limit", ReadAs::Json)?,
                tags: incoming.query_list("tags", ReadAs::String)?,
            })
        }

        fn describe(call: &GetThingCall) -> Vec<(&'static str, String)> {
            given([("thing_id", Some(shown(&call.thing_id))), ("limit", call.limit.as_ref().map(shown))])
        }
    }

    impl GetThing {
        #[track_caller]
        fn new() -> Self {
            GetThing(Criteria::new())
        }

        fn limit(self, value: i64) -> Self {
            GetThing(self.0.param("limit", value, |call| call.limit.as_ref()))
        }
    }

    async fn get(server: &MockServer, path_and_query: &str) -> (u16, String) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let response = reqwest::get(format!("{}{path_and_query}", server.uri())).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    #[test]
    fn paths_are_matched_segment_by_segment() {
        const PATH: &[Segment] = &[Segment::Literal("/x/"), Segment::Param("a"), Segment::Literal("/y")];
        assert_eq!(match_path(PATH, "/x/abc/y"), Some(vec![("a", "abc")]));
        assert_eq!(match_path(PATH, "/x//y"), None, "a parameter is never empty");
        assert_eq!(match_path(PATH, "/x/a/b/y"), None, "a parameter stays in its segment");
        assert_eq!(match_path(PATH, "/x/abc/y/z"), None);
        const DOTTED: &[Segment] =
            &[Segment::Literal("/f/"), Segment::Param("a"), Segment::Literal("."), Segment::Param("b")];
        assert_eq!(match_path(DOTTED, "/f/x.y.z"), Some(vec![("a", "x"), ("b", "y.z")]));
        // Many adjacent parameters and a path one character short: no exponential search.
        let many: &'static [Segment] = Vec::leak((0..40).map(|_| Segment::Param("p")).collect());
        assert_eq!(match_path(many, &"a".repeat(39)), None);
        assert_eq!(match_path(many, &"a".repeat(40)).map(|p| p.len()), Some(40));
    }

    #[test]
    fn parameters_read_back_as_their_types() {
        assert_eq!(read_text::<i64>("n", "3", ReadAs::Json), Ok(3));
        assert_eq!(read_text::<String>("s", "3", ReadAs::String), Ok("3".into()));
        assert_eq!(read_text::<String>("s", "\"q\"", ReadAs::String), Ok("\"q\"".into()), "quotes are text");
        assert_eq!(read_text::<bool>("b", "true", ReadAs::String), Ok(true), "the other way is tried");
        assert!(read_text::<i64>("n", "x", ReadAs::Json).unwrap_err().contains("`n` is `x`"));
        assert_eq!(form_decode("a+b%2Cc"), "a b,c");
    }

    #[test]
    fn bodies_differ_at_a_json_path() {
        let want = serde_json::json!({"data": {"items": [1, 2], "name": "a"}});
        let have = serde_json::json!({"data": {"items": [1, 3], "name": "a"}});
        let (path, w, h) = first_difference(&want, &have, String::new()).unwrap();
        assert_eq!((path.as_str(), w, h), ("data.items[1]", Value::from(2), Value::from(3)));
    }

    #[test]
    fn multipart_bodies_read_back_as_their_parts() {
        let mut form = super::super::Multipart::new();
        form.text("name", "a \"b\"".into());
        form.file("file", vec![0, 1, 2]);
        let (body, content_type) = form.finish();
        let boundary = content_type.split_once("boundary=").unwrap().1;
        let parts = multipart_parts(&body, boundary).unwrap();
        assert_eq!(parts, vec![("name".to_string(), b"a \"b\"".to_vec()), ("file".to_string(), vec![0, 1, 2])]);
    }

    #[tokio::test]
    async fn calls_are_matched_read_back_and_near_misses_explained() {
        let server = MockServer::start().await;
        GetThing::new().limit(2).0.respond(Answer::json(200, "application/json", &"two")).times(1).mount(&server).await;
        assert_eq!(get(&server, "/api/v2/things/t%2F1?limit=2&tags=a,b%2Cc").await, (200, "\"two\"".into()));

        let (status, body) = get(&server, "/api/v2/things/t1?limit=3").await;
        assert_eq!(status, UNMATCHED_STATUS);
        let unmatched = server.take_unmatched();
        assert_eq!(unmatched.len(), 1);
        assert_eq!(unmatched[0].operation, Some("v2.get_thing"));
        let message = &unmatched[0].message;
        assert!(message.starts_with("`v2.get_thing` was called with thing_id = \"t1\", limit = 3"), "{message}");
        assert!(
            message.contains("closest expectation: GetThing (created at runtime/src/datadog/mock.rs:"),
            "{message}"
        );
        assert!(message.ends_with("(differs in `limit`: expected 2, got 3)"), "{message}");
        assert!(body.contains("differs in `limit`"), "the client's error shows it: {body}");

        get(&server, "/api/v2/other").await;
        let other = server.take_unmatched();
        assert_eq!(other[0].operation, None);
        assert!(other[0].message.starts_with("GET /api/v2/other is a call to no operation"), "{}", other[0]);

        // Another operation's more specific path is not this one's `{thing_id}`.
        get(&server, "/api/v2/things/search").await;
        assert_eq!(server.take_unmatched()[0].operation, None);

        let calls = server.received::<GetThing>().await;
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].thing_id, "t/1");
        assert_eq!(calls[0].tags, Some(vec!["a".to_string(), "b,c".to_string()]));
        assert_eq!(calls[1].limit, Some(3));
        server.verify().await;
    }

    #[tokio::test]
    async fn an_exhausted_expectation_lets_calls_through_and_says_so() {
        let server = MockServer::start().await;
        GetThing::new()
            .0
            .respond(Answer::rate_limited(Duration::from_millis(10)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let (status, _) = get(&server, "/api/v2/things/a").await;
        assert_eq!(status, 429);
        let (status, _) = get(&server, "/api/v2/things/a").await;
        assert_eq!(status, UNMATCHED_STATUS);
        let unmatched = server.take_unmatched();
        assert!(unmatched[0].message.contains("has answered the 1 call(s) it allows"), "{}", unmatched[0]);
    }

    #[tokio::test]
    async fn verify_fails_on_a_call_nothing_matched() {
        let server = MockServer::start().await;
        get(&server, "/nowhere").await;
        let verified = tokio::spawn(async move { server.verify().await }).await;
        let panic = verified.unwrap_err().into_panic();
        let message = panic.downcast_ref::<String>().unwrap();
        assert!(message.contains("1 call(s) matched no expectation"), "{message}");
    }

    #[test]
    fn the_config_sends_to_the_server_with_test_keys() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(MockServer::start());
        let config = server.config();
        assert_eq!(config.operation_host("v2.anything").map(|base| base.to_string()), Ok(server.uri()));
        let (header, key) = config.auth_header("apiKeyAuth").unwrap().unwrap();
        assert_eq!((header, key.as_str()), ("DD-API-KEY", "mock-apiKeyAuth"));
    }
}
