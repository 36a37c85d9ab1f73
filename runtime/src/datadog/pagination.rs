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
    /// The value `by` further on, unless that overflows the type.
    fn plus(self, by: usize) -> Option<Self>;
}

impl Number for i32 {
    const ZERO: Self = 0;
    fn count(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
    fn plus(self, by: usize) -> Option<Self> {
        self.checked_add(Self::try_from(by).ok()?)
    }
}

impl Number for i64 {
    const ZERO: Self = 0;
    fn count(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
    fn plus(self, by: usize) -> Option<Self> {
        self.checked_add(Self::try_from(by).ok()?)
    }
}

/// An offset or page-number parameter (an `Option` of a [`Number`]), whatever its integer type.
#[doc(hidden)]
pub trait Position {
    /// Moves the parameter `by` further on (from zero when unset), and says where it now stands
    /// as a count of items, if it is one; `Err` when that would overflow its type, which leaves
    /// it as it was.
    fn advance(&mut self, by: usize) -> Result<Option<usize>, Overflow>;
}

/// A paging parameter would move past the largest value of its type.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl<N: Number> Position for Option<N> {
    fn advance(&mut self, by: usize) -> Result<Option<usize>, Overflow> {
        let next = self.unwrap_or(N::ZERO).plus(by).ok_or(Overflow)?;
        *self = Some(next);
        Ok(next.count())
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
    /// A fingerprint of the last page's items: a page the same as the one before makes no
    /// progress (a server that ignores the offset or page number), and ends the stream.
    last_page: Option<u64>,
    /// The cursors asked with so far: one given again would loop.
    cursors: std::collections::HashSet<String>,
    /// How many pages came so far.
    pages: usize,
}

/// Why a stream cannot go on past a page.
struct Stop {
    message: String,
    /// The page repeats the one before: its items came already.
    repeated: bool,
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
        Pager {
            params,
            step,
            page_size,
            first: None,
            fetched: 0,
            last_page: None,
            cursors: Default::default(),
            pages: 0,
        }
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
        T: serde::Serialize + 'a,
        E: 'a,
        F: Fn(P) -> Fut + 'a,
        Fut: std::future::Future<Output = Result<R, Error<E>>> + 'a,
    {
        // A total no page reports (`i64` only names a type for it).
        self.total(|_| None::<&i64>).stream(fetch, items)
    }

    /// Moves to the page after one of `count` items, which reported `total` items in all and
    /// the next `cursor`; says whether there is a next page to ask for, or why paging cannot go
    /// on: the page was the same as the one before, the cursor was given before, or the next
    /// offset or page number overflows its type.
    fn turn(
        &mut self,
        count: usize,
        fingerprint: u64,
        total: Option<usize>,
        cursor: Option<String>,
    ) -> Result<bool, Stop> {
        self.pages += 1;
        if count > 0 && self.last_page.replace(fingerprint) == Some(fingerprint) {
            let message = format!(
                "page {} has the same items as page {}: the server ignores the page asked for",
                self.pages,
                self.pages - 1
            );
            return Err(Stop { message, repeated: true });
        }
        let stop = |message: String| Err(Stop { message, repeated: false });
        self.fetched = self.fetched.saturating_add(count);
        // An empty page always ends the stream, so a limit of 0 cannot request one page forever.
        let mut last = count == 0 || self.page_size.or(self.first).is_some_and(|size| count < size);
        self.first = self.first.or(Some(count));
        // How far the total is reached: where the next page starts, for offsets; otherwise, how
        // many items came.
        let reached = match &self.step {
            Step::Offset(offset) => match offset(&mut self.params).advance(count) {
                Ok(at) => at.unwrap_or(self.fetched),
                // Past the last offset there is nothing to ask for; unless this was the last
                // page anyway, that is an error rather than a quiet end.
                Err(Overflow) if last => self.fetched,
                Err(Overflow) => return stop("the next offset overflows its type".into()),
            },
            Step::Page(page) => match page(&mut self.params).advance(1) {
                Ok(_) => self.fetched,
                Err(Overflow) if last => self.fetched,
                Err(Overflow) => return stop("the next page number overflows its type".into()),
            },
            Step::Cursor(field, _) => {
                last |= cursor.as_ref().is_none_or(|c| c.is_empty());
                if let Some(next) = cursor.as_ref().filter(|_| !last)
                    && !self.cursors.insert(next.clone())
                {
                    return stop(format!("the cursor {next:?} was given before: paging would loop"));
                }
                *field(&mut self.params) = cursor;
                self.fetched
            }
        };
        // Never ask past the total the API reports.
        last |= total.is_some_and(|total| reached >= total);
        Ok(!last)
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
        T: serde::Serialize + 'a,
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
                let mut items = items(page);
                let (more, stop) = match pager.turn(items.len(), fingerprint(&items), total, cursor) {
                    Ok(more) => (more, None),
                    Err(stop) => {
                        if stop.repeated {
                            items.clear();
                        }
                        (false, Some(Error::Pagination(stop.message)))
                    }
                };
                let items = items.into_iter().map(Ok).chain(stop.map(Err));
                Ok::<_, Error<E>>(Some((stream::iter(items), more.then_some(pager))))
            }
        })
        .try_flatten()
    }
}

/// A fingerprint of a page's items, to tell a page that repeats the one before.
fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    use std::hash::Hasher;
    struct Sink(std::hash::DefaultHasher);
    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Sink(std::hash::DefaultHasher::new());
    // Items that cannot be written as JSON still hash what came before the failure.
    let _ = serde_json::to_writer(&mut sink, items);
    sink.0.finish()
}

#[cfg(test)]
mod tests;
