//! Expectations as mounted on the server, and the near-miss answer to a call none matches.

use super::expectation::Difference;
use super::{Criteria, Incoming, Operation, State, UNMATCHED_STATUS, Unmatched, lock};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// An expectation on a server, as the near-miss answer compares calls with it.
pub(super) trait Mounted: Send + Sync {
    /// The call as this expectation's operation reads it and how it differs, or `None` when the
    /// call is to another method or path.
    fn explain(&self, request: &wiremock::Request) -> Option<Explained>;
    fn label(&self) -> &str;
    /// The calls it may still answer, when `up_to_n_times` limits them.
    fn answered(&self) -> (u64, Option<u64>);
}

pub(super) struct Explained {
    operation: &'static str,
    /// The arguments given, or why the call cannot be read.
    call: Result<Vec<(&'static str, String)>, String>,
    differences: Vec<Difference>,
}

pub(super) struct MountedExpectation<Op: Operation> {
    pub(super) criteria: Criteria<Op>,
    pub(super) label: String,
    pub(super) answered: AtomicU64,
    pub(super) up_to: Option<u64>,
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
pub(super) struct Matches<Op: Operation>(pub(super) Arc<MountedExpectation<Op>>);

impl<Op: Operation> wiremock::Match for Matches<Op> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let Some(incoming) = Incoming::of::<Op>(request) else { return false };
        Op::read(&incoming).is_ok_and(|call| self.0.criteria.accept(&call))
    }
}

/// wiremock's responder for an expectation: its answer, counted.
pub(super) struct Answers<Op: Operation> {
    pub(super) mounted: Arc<MountedExpectation<Op>>,
    pub(super) template: wiremock::ResponseTemplate,
}

impl<Op: Operation> wiremock::Respond for Answers<Op> {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.mounted.answered.fetch_add(1, Ordering::SeqCst);
        self.template.clone()
    }
}

/// The answer to a call no expectation matches: recorded, and sent back as a 418 whose JSON
/// error body the client's error shows.
pub(super) struct NearMiss(pub(super) Arc<State>);

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
pub(super) fn near_miss(request: &wiremock::Request, mounted: &[Arc<dyn Mounted>]) -> Unmatched {
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
