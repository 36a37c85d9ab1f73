//! The stream behind every `…_with_pagination` method. The paging rules live here, tested
//! without HTTP; a generated method says only how to call its operation and where its
//! parameters and pages keep what paging reads and moves (closures that capture nothing).

use super::Error;

/// Which parameter asks for the next page, and how it moves. `P` is the operation's optional
/// parameters, `R` the page it answers.
#[doc(hidden)]
pub enum Step<P, R> {
    /// An offset, which grows by the number of items received.
    Offset(fn(&mut P) -> &mut dyn Position),
    /// A page number, which grows by one.
    Page(fn(&mut P) -> &mut dyn Position),
    /// A cursor, which the page gives (the second function reads it); a page without one, or
    /// with an empty one, is the last.
    Cursor(fn(&mut P) -> &mut Option<String>, fn(&R) -> Option<&String>),
}

/// An integer parameter or page field paging reads: the limit, offset, page number or total.
#[doc(hidden)]
pub trait Number: Copy {
    /// Where an offset or a page number starts when the parameter is unset.
    const ZERO: Self;
    /// The value as a count of items, if it is one (not negative).
    fn count(self) -> Option<usize>;
    /// The value `by` further on (`by` cast to the type, with no overflow check yet).
    fn plus(self, by: usize) -> Self;
}

impl Number for i32 {
    const ZERO: Self = 0;
    fn count(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
    fn plus(self, by: usize) -> Self {
        self + by as i32
    }
}

impl Number for i64 {
    const ZERO: Self = 0;
    fn count(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
    fn plus(self, by: usize) -> Self {
        self + by as i64
    }
}

/// An offset or page-number parameter (an `Option` of a [`Number`]), whatever its integer type.
#[doc(hidden)]
pub trait Position {
    /// Moves the parameter `by` further on (from zero when unset), and says where it now stands
    /// as a count of items, if it is one.
    fn advance(&mut self, by: usize) -> Option<usize>;
}

impl<N: Number> Position for Option<N> {
    fn advance(&mut self, by: usize) -> Option<usize> {
        let next = self.unwrap_or(N::ZERO).plus(by);
        *self = Some(next);
        next.count()
    }
}

/// Where a paginated stream stands: the parameters of the next page, and what the pages so far
/// say about its size.
#[doc(hidden)]
pub struct Pager<P, R> {
    params: P,
    step: Step<P, R>,
    /// The page size the parameters ask for, when it is a count.
    page_size: Option<usize>,
    /// The first page's length, which stands for the page size when the parameters set none.
    first: Option<usize>,
    /// How many items came so far.
    fetched: usize,
}

/// A [`Pager`] that also stops once it has every item the total a page reports counts.
#[doc(hidden)]
pub struct WithTotal<P, R, N> {
    pager: Pager<P, R>,
    total: fn(&R) -> Option<&N>,
}

impl<P: Clone, R> Pager<P, R> {
    /// Pages from `params` on; `limit` is the page-size parameter, set to `default` when unset.
    pub fn new<L: Number>(
        mut params: P,
        limit: fn(&mut P) -> &mut Option<L>,
        default: Option<L>,
        step: Step<P, R>,
    ) -> Self {
        let limit = limit(&mut params);
        if limit.is_none() {
            *limit = default;
        }
        let page_size = limit.and_then(Number::count);
        Pager { params, step, page_size, first: None, fetched: 0 }
    }

    /// Also stops once the items so far reach the total that `total` reads from a page.
    pub fn total<N: Number>(self, total: fn(&R) -> Option<&N>) -> WithTotal<P, R, N> {
        WithTotal { pager: self, total }
    }

    /// Every item, page after page: `fetch` calls the operation with a page's parameters, and
    /// `items` takes the items out of its answer. An error ends the stream after it.
    pub fn stream<'a, T, E, F, Fut>(
        self,
        fetch: F,
        items: fn(R) -> Vec<T>,
    ) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
    where
        P: 'a,
        R: 'a,
        T: 'a,
        E: 'a,
        F: Fn(P) -> Fut + 'a,
        Fut: std::future::Future<Output = Result<R, Error<E>>> + 'a,
    {
        // A total no page reports (`i64` only names a type for it).
        self.total(|_| None::<&i64>).stream(fetch, items)
    }

    /// Moves to the page after one of `count` items, which reported `total` items in all and
    /// the next `cursor`; says whether there is a next page to ask for.
    fn turn(&mut self, count: usize, total: Option<usize>, cursor: Option<String>) -> bool {
        self.fetched += count;
        // An empty page always ends the stream, so a limit of 0 cannot request one page forever.
        let mut last = count == 0 || self.page_size.or(self.first).is_some_and(|size| count < size);
        self.first = self.first.or(Some(count));
        // How far the total is reached: where the next page starts, for offsets; otherwise, how
        // many items came.
        let reached = match &self.step {
            Step::Offset(offset) => offset(&mut self.params).advance(count).unwrap_or(self.fetched),
            Step::Page(page) => {
                page(&mut self.params).advance(1);
                self.fetched
            }
            Step::Cursor(field, _) => {
                last |= cursor.as_ref().is_none_or(|c| c.is_empty());
                *field(&mut self.params) = cursor;
                self.fetched
            }
        };
        // Never ask past the total the API reports.
        last |= total.is_some_and(|total| reached >= total);
        !last
    }
}

impl<P: Clone, R, N: Number> WithTotal<P, R, N> {
    /// As [`Pager::stream`], stopping at the total too.
    pub fn stream<'a, T, E, F, Fut>(
        self,
        fetch: F,
        items: fn(R) -> Vec<T>,
    ) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
    where
        P: 'a,
        R: 'a,
        N: 'a,
        T: 'a,
        E: 'a,
        F: Fn(P) -> Fut + 'a,
        Fut: std::future::Future<Output = Result<R, Error<E>>> + 'a,
    {
        use futures_util::stream::{self, TryStreamExt};
        let total = self.total;
        stream::try_unfold(Some(self.pager), move |pager| {
            let page = pager.map(|pager| (fetch(pager.params.clone()), pager));
            async move {
                let Some((page, mut pager)) = page else { return Ok(None) };
                let page = page.await?;
                let total = total(&page).and_then(|n| n.count());
                let cursor = match &pager.step {
                    Step::Cursor(_, next) => next(&page).cloned(),
                    _ => None,
                };
                let items = items(page);
                let more = pager.turn(items.len(), total, cursor);
                Ok::<_, Error<E>>(Some((stream::iter(items.into_iter().map(Ok)), more.then_some(pager))))
            }
        })
        .try_flatten()
    }
}

#[cfg(test)]
mod tests {
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
        let pager =
            Pager::new(Params { page: Some(5), ..limit(2) }, |p| &mut p.limit, None, Step::Page(|p| &mut p.page));
        assert_eq!(api.all(pager, false).await, ok(0..2));
        assert_eq!(api.sent(|p| p.page), [Some(5), Some(6)]);
    }

    #[tokio::test]
    async fn cursors_are_followed_until_a_page_gives_none() {
        let cursor = |params: Params| {
            Pager::new(
                params,
                |p| &mut p.limit,
                None,
                Step::Cursor(|p| &mut p.cursor, |page: &Answer| page.next.as_ref()),
            )
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
        assert_eq!(offset.advance(3), Some(3));
        assert_eq!(offset.advance(2), Some(5));
        let mut below: Option<i64> = Some(-4);
        assert_eq!(below.advance(1), None);
        assert_eq!(below, Some(-3));
    }
}
