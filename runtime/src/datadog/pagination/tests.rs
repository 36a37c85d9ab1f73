//! The paging rules, over a fake operation: no HTTP.

use super::*;
use futures_util::StreamExt;
use std::cell::RefCell;

/// An operation's optional parameters, with each kind of paging parameter.
#[derive(Clone, Debug, Default, PartialEq)]
struct Params {
    limit: Option<i32>,
    offset: Option<i64>,
    page: Option<i32>,
    cursor: Option<String>,
}

/// A page as an operation answers it.
#[derive(Clone, Debug, Default)]
struct Answer {
    data: Vec<u32>,
    total: Option<i64>,
    next: Option<String>,
}

fn items(ids: std::ops::Range<u32>) -> Answer {
    Answer { data: ids.collect(), ..Answer::default() }
}

fn items_of(ids: std::ops::Range<u32>, total: i64) -> Answer {
    Answer { total: Some(total), ..items(ids) }
}

fn items_then(ids: std::ops::Range<u32>, next: &str) -> Answer {
    Answer { next: Some(next.to_string()), ..items(ids) }
}

/// An operation that answers `answers` in order (past the end, an error), and keeps the
/// parameters of each call.
struct Api {
    answers: Vec<Answer>,
    calls: RefCell<Vec<Params>>,
}

impl Api {
    fn new(answers: Vec<Answer>) -> Self {
        Api { answers, calls: RefCell::new(Vec::new()) }
    }

    fn call(&self, params: Params) -> impl std::future::Future<Output = Result<Answer, Error<()>>> {
        let mut calls = self.calls.borrow_mut();
        calls.push(params);
        let answer = self.answers.get(calls.len() - 1).cloned();
        std::future::ready(answer.ok_or_else(|| Error::Config("one page too many".into())))
    }

    /// What a stream built as generated code builds it yields: items, and errors as text.
    async fn all(&self, pager: Pager<Params, Answer>, total: bool) -> Vec<Result<u32, String>> {
        let fetch = |params| self.call(params);
        let data = |page: Answer| page.data;
        let stream = if total {
            pager.total(|page: &Answer| page.total.as_ref()).stream(fetch, data).left_stream()
        } else {
            pager.stream(fetch, data).right_stream()
        };
        stream.map(|item| item.map_err(|e| e.to_string())).collect().await
    }

    /// One paging parameter of each call.
    fn sent<T>(&self, field: impl Fn(&Params) -> Option<T>) -> Vec<Option<T>> {
        self.calls.borrow().iter().map(field).collect()
    }
}

fn offset(params: Params) -> Pager<Params, Answer> {
    Pager::new(params, |p| &mut p.limit, None, Step::Offset(|p| &mut p.offset))
}

fn limit(limit: i32) -> Params {
    Params { limit: Some(limit), ..Params::default() }
}

fn ok(ids: std::ops::Range<u32>) -> Vec<Result<u32, String>> {
    ids.map(Ok).collect()
}

#[tokio::test]
async fn offsets_grow_by_the_items_received_until_a_short_page() {
    let api = Api::new(vec![items(0..2), items(2..4), items(4..5)]);
    assert_eq!(api.all(offset(limit(2)), false).await, ok(0..5));
    assert_eq!(api.sent(|p| p.offset), [None, Some(2), Some(4)]);
    assert_eq!(api.sent(|p| p.limit), [Some(2); 3]);
}

#[tokio::test]
async fn a_starting_offset_is_kept_and_an_empty_page_ends() {
    let api = Api::new(vec![items(10..12), items(12..12)]);
    let params = Params { offset: Some(10), ..limit(2) };
    assert_eq!(api.all(offset(params), false).await, ok(10..12));
    assert_eq!(api.sent(|p| p.offset), [Some(10), Some(12)]);
}

#[tokio::test]
async fn a_default_limit_applies_only_when_none_is_set() {
    let api = Api::new(vec![items(0..3), items(3..4)]);
    let pager = Pager::new(Params::default(), |p| &mut p.limit, Some(3), Step::Offset(|p| &mut p.offset));
    assert_eq!(api.all(pager, false).await, ok(0..4));
    assert_eq!(api.sent(|p| p.limit), [Some(3), Some(3)]);
    // Set, the limit wins: a page of 3 is short of 5.
    let api = Api::new(vec![items(0..3)]);
    let pager = Pager::new(limit(5), |p| &mut p.limit, Some(3), Step::Offset(|p| &mut p.offset));
    assert_eq!(api.all(pager, false).await, ok(0..3));
    assert_eq!(api.sent(|p| p.limit), [Some(5)]);
}

#[tokio::test]
async fn without_a_limit_the_first_page_length_stands_for_it() {
    let api = Api::new(vec![items(0..3), items(3..6), items(6..7)]);
    assert_eq!(api.all(offset(Params::default()), false).await, ok(0..7));
    assert_eq!(api.sent(|p| p.offset), [None, Some(3), Some(6)]);
    let api = Api::new(vec![items(0..2), items(2..4), items(4..4)]);
    assert_eq!(api.all(offset(Params::default()), false).await, ok(0..4));
    assert_eq!(api.calls.borrow().len(), 3);
}

/// A limit of zero or below must not ask for the same empty page forever.
#[tokio::test]
async fn a_non_positive_limit_stops_at_the_first_empty_page() {
    for size in [0, -1] {
        let api = Api::new(vec![items(0..0)]);
        assert_eq!(api.all(offset(limit(size)), false).await, ok(0..0), "limit {size}");
        assert_eq!(api.calls.borrow().len(), 1, "limit {size}");
    }
    // Below zero, the limit is no page size: the first page's length stands for it.
    let api = Api::new(vec![items(0..2), items(2..3)]);
    assert_eq!(api.all(offset(limit(-1)), false).await, ok(0..3));
}

#[tokio::test]
async fn the_total_is_never_passed() {
    // Offsets: where the next page would start reaches the total.
    let api = Api::new(vec![items_of(0..2, 4), items_of(2..4, 4)]);
    assert_eq!(api.all(offset(Params::default()), true).await, ok(0..4));
    assert_eq!(api.sent(|p| p.offset), [None, Some(2)]);
    // From a starting offset too, which counts the items before it.
    let api = Api::new(vec![items_of(2..4, 4)]);
    assert_eq!(api.all(offset(Params { offset: Some(2), ..limit(2) }), true).await, ok(2..4));
    // Page numbers: the items received reach it.
    let api = Api::new(vec![items_of(0..2, 3), items_of(2..3, 3)]);
    let pager = Pager::new(limit(2), |p| &mut p.limit, None, Step::Page(|p| &mut p.page));
    assert_eq!(api.all(pager, true).await, ok(0..3));
    // No total reported: paging goes on.
    let api = Api::new(vec![items(0..2), items(2..4), items(4..4)]);
    assert_eq!(api.all(offset(Params::default()), true).await, ok(0..4));
}

#[tokio::test]
async fn page_numbers_grow_by_one_from_the_first_asked_for() {
    let api = Api::new(vec![items(0..2), items(2..4), items(4..5)]);
    let pager = Pager::new(limit(2), |p| &mut p.limit, None, Step::Page(|p| &mut p.page));
    assert_eq!(api.all(pager, false).await, ok(0..5));
    assert_eq!(api.sent(|p| p.page), [None, Some(1), Some(2)]);
    let api = Api::new(vec![items(0..2), items(2..2)]);
    let pager = Pager::new(Params { page: Some(5), ..limit(2) }, |p| &mut p.limit, None, Step::Page(|p| &mut p.page));
    assert_eq!(api.all(pager, false).await, ok(0..2));
    assert_eq!(api.sent(|p| p.page), [Some(5), Some(6)]);
}

#[tokio::test]
async fn cursors_are_followed_until_a_page_gives_none() {
    let cursor = |params: Params| {
        Pager::new(params, |p| &mut p.limit, None, Step::Cursor(|p| &mut p.cursor, |page: &Answer| page.next.as_ref()))
    };
    let api = Api::new(vec![items_then(0..2, "b"), items_then(2..4, "c"), items(4..6)]);
    assert_eq!(api.all(cursor(limit(2)), false).await, ok(0..6));
    assert_eq!(api.sent(|p| p.cursor.clone()), [None, Some("b".into()), Some("c".into())]);
    // An empty cursor is none; so is a short page, whatever cursor it gives.
    let api = Api::new(vec![items_then(0..2, "")]);
    assert_eq!(api.all(cursor(limit(2)), false).await, ok(0..2));
    let api = Api::new(vec![items_then(0..1, "b")]);
    assert_eq!(api.all(cursor(limit(2)), false).await, ok(0..1));
}

#[tokio::test]
async fn an_error_is_the_last_item() {
    let api = Api::new(vec![items(0..2)]);
    let all = api.all(offset(limit(2)), false).await;
    assert_eq!(all, [Ok(0), Ok(1), Err("invalid configuration: one page too many".to_string())]);
    assert_eq!(api.calls.borrow().len(), 2);
}

#[tokio::test]
async fn pages_are_fetched_only_as_items_are_taken() {
    let api = Api::new(vec![items(0..2), items(2..4)]);
    let stream = offset(limit(2)).stream(|params| api.call(params), |page: Answer| page.data);
    let first: Vec<_> = stream.take(2).collect().await;
    assert_eq!(first.len(), 2);
    assert_eq!(api.calls.borrow().len(), 1);
}

#[test]
fn numbers_count_and_move_as_their_own_type() {
    assert_eq!((-1i64).count(), None);
    assert_eq!(7i32.count(), Some(7));
    let mut offset: Option<i32> = None;
    assert_eq!(offset.advance(3), Ok(Some(3)));
    assert_eq!(offset.advance(2), Ok(Some(5)));
    let mut below: Option<i64> = Some(-4);
    assert_eq!(below.advance(1), Ok(None));
    assert_eq!(below, Some(-3));
    let mut end: Option<i64> = Some(i64::MAX);
    assert_eq!(end.advance(1), Err(Overflow), "checked, never wrapped");
    assert_eq!(end, Some(i64::MAX), "left as it was");
    let mut small: Option<i32> = Some(0);
    assert_eq!(small.advance(usize::MAX), Err(Overflow), "a count past the type");
}

#[tokio::test]
async fn a_page_that_repeats_the_one_before_ends_with_an_error() {
    // A server that ignores the offset: the same full page, forever.
    let api = Api::new(vec![items(0..2); 50]);
    let got = api.all(offset(limit(2)), false).await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[..2], ok(0..2)[..]);
    let error = got[2].as_ref().unwrap_err();
    assert!(error.contains("page 2 has the same items as page 1"), "{error}");
    assert_eq!(api.calls.borrow().len(), 2, "no third page is asked for");
}

#[tokio::test]
async fn a_cursor_given_again_ends_with_an_error() {
    let cursor = |params: Params| {
        Pager::new(params, |p| &mut p.limit, None, Step::Cursor(|p| &mut p.cursor, |a: &Answer| a.next.as_ref()))
    };
    let api =
        Api::new(vec![items_then(0..2, "a"), items_then(2..4, "b"), items_then(4..6, "a"), items_then(6..8, "b")]);
    let got = api.all(cursor(limit(2)), false).await;
    assert_eq!(got.len(), 7, "{got:?}");
    assert!(got[6].as_ref().unwrap_err().contains("the cursor \"a\" was given before"), "{got:?}");
    assert_eq!(api.calls.borrow().len(), 3);
}

#[tokio::test]
async fn an_offset_that_would_overflow_ends_with_an_error_not_a_wrap() {
    let api = Api::new(vec![items(0..1); 3]);
    let params = Params { offset: Some(i64::MAX), ..limit(1) };
    let got = api.all(offset(params), false).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[1].as_ref().unwrap_err().contains("the next offset overflows"), "{got:?}");
    assert_eq!(api.sent(|p| p.offset), [Some(i64::MAX)], "never a negative offset");
}
