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
use std::sync::{Arc, Mutex, MutexGuard};

use super::spec::AUTH_SCHEMES;
use super::{APIKey, AuthKind, Configuration};

mod expectation;
mod incoming;
mod mounted;

pub use expectation::{Answer, Criteria, Expectation, Operation, ReadAs, Segment};
pub use incoming::{Incoming, given, required, shown, shown_body};
use mounted::{Mounted, NearMiss};

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
        for (scheme, kind, _) in AUTH_SCHEMES {
            if *kind == AuthKind::Basic {
                config.set_basic_auth(scheme, test_key(scheme), test_key(scheme));
            } else {
                config.set_auth_key(scheme, APIKey { key: test_key(scheme), prefix: String::new() });
            }
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

#[cfg(test)]
mod tests;
